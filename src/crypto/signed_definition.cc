#include "crypto/signed_definition.h"

#include "core/definition_json.h"
#include "core/file_io.h"

namespace ashyq::crypto {
namespace {

const Commission* FindCec(const ElectionDefinition& definition) {
  for (const Commission& c : definition.commissions) {
    if (c.tier == CommissionTier::kCentral) return &c;
  }
  return nullptr;
}

}  // namespace

Result<SignedObject> SignDefinition(const ElectionDefinition& definition, const SigningKey& cec_key) {
  const Commission* cec = FindCec(definition);
  if (cec == nullptr) {
    return CheckFailed("/commissions", "R-A1.tree", "the definition has no CEC to sign it");
  }
  if (cec->public_key != cec_key.public_key().Hex()) {
    return Error{ErrorCode::kBadSignature, "/commissions/" + cec->id, "",
                 "the signing key is not the CEC key listed in the definition"};
  }
  ASHYQ_ASSIGN_OR_RETURN(SignedObject signed_object, SignedObject::Create(DefinitionToJson(definition)));
  ASHYQ_RETURN_IF_ERROR(signed_object.AddSignature(cec->id, cec_key));
  return signed_object;
}

Result<DefinitionDocument> ReadDefinitionDocument(const json::Value& document) {
  DefinitionDocument out;
  const json::Value* payload = &document;
  const json::Value* format = document.is_object() ? document.Find("format") : nullptr;
  if (format != nullptr && format->is_string() && format->as_string() == kSignedFormat) {
    Result<SignedObject> envelope = SignedObject::FromJson(document);
    if (!envelope.ok()) return envelope.error();
    out.envelope = std::move(envelope).value();
    payload = &out.envelope->payload();
  }
  std::vector<Error> problems;
  out.definition = DefinitionFromJson(*payload, &problems);
  for (const Error& e : problems) {
    if (e.code == ErrorCode::kBadInput) return e;  // not a definition at all
  }
  const std::string prefix = out.envelope ? "/payload" : "";
  for (Error& e : problems) {
    e.where = prefix + e.where;
    out.problems.push_back(std::move(e));
  }
  if (out.envelope) {
    const Commission* cec = FindCec(out.definition);
    Result<PublicKey> cec_key =
        cec != nullptr ? PublicKey::FromHex(cec->public_key)
                       : Result<PublicKey>(CheckFailed("/payload/commissions", "R-A1.tree", "no CEC"));
    if (!cec_key.ok()) {
      out.problems.push_back(Error{ErrorCode::kBadSignature, "/signatures", "signature",
                                   "cannot verify: the definition lists no valid CEC key"});
    } else {
      Status verified = out.envelope->VerifySignedBy(cec->id, *cec_key);
      if (!verified.ok()) {
        Error e = verified.error();
        if (e.where.empty()) e.where = "/signatures";
        e.rule = "signature";
        out.problems.push_back(std::move(e));
      }
    }
  }
  return out;
}

Result<DefinitionDocument> LoadDefinitionFile(const std::string& path) {
  ASHYQ_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxDefinitionBytes));
  json::ParseOptions options;
  options.max_bytes = kMaxDefinitionBytes;
  Result<json::Value> document = json::Parse(text, options);
  if (!document.ok()) return document.error().In(path);
  Result<DefinitionDocument> read = ReadDefinitionDocument(*document);
  if (!read.ok()) return read.error().In(path);
  return read;
}

}  // namespace ashyq::crypto
