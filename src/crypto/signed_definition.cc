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

namespace {

// The definition an envelope carries, its CEC's signature checked.
DefinitionDocument FromEnvelope(SignedObject envelope) {
  DefinitionDocument out;
  out.envelope = std::move(envelope);
  std::vector<Error> problems;
  out.definition = DefinitionFromJson(out.envelope->payload(), &problems);
  for (Error& e : problems) {
    e.where = "/payload" + e.where;
    out.problems.push_back(std::move(e));
  }
  const Commission* cec = FindCec(out.definition);
  Result<PublicKey> cec_key =
      cec != nullptr ? PublicKey::FromHex(cec->public_key)
                     : Result<PublicKey>(CheckFailed("/payload/commissions", "R-A1.tree", "no CEC"));
  if (!cec_key.ok()) {
    out.problems.push_back(Error{ErrorCode::kBadSignature, "/signatures", "signature",
                                 "cannot verify: the definition lists no valid CEC key"});
  } else if (Status verified = out.envelope->VerifySignedBy(cec->id, *cec_key); !verified.ok()) {
    Error e = verified.error();
    if (e.where.empty()) e.where = "/signatures";
    e.rule = "signature";
    out.problems.push_back(std::move(e));
  }
  return out;
}

// Whether a payload's problems say it is no definition at all.
bool NotADefinition(const DefinitionDocument& document, Error* why) {
  for (const Error& e : document.problems) {
    if (e.code == ErrorCode::kBadInput) {
      *why = e;
      if (document.envelope && why->where.rfind("/payload", 0) == 0) why->where.erase(0, 8);
      return true;
    }
  }
  return false;
}

}  // namespace

Result<DefinitionDocument> ReadDefinitionDocument(const json::Value& document) {
  const json::Value* format = document.is_object() ? document.Find("format") : nullptr;
  if (format != nullptr && format->is_string() && format->as_string() == kSignedFormat) {
    Result<SignedObject> envelope = SignedObject::FromJson(document);
    if (!envelope.ok()) return envelope.error();
    DefinitionDocument out = FromEnvelope(std::move(envelope).value());
    if (Error why; NotADefinition(out, &why)) return why;
    return out;
  }
  DefinitionDocument out;
  std::vector<Error> problems;
  out.definition = DefinitionFromJson(document, &problems);
  for (const Error& e : problems) {
    if (e.code == ErrorCode::kBadInput) return e;  // not a definition at all
  }
  out.problems = std::move(problems);
  return out;
}

Result<DefinitionDocument> ReadDefinitionText(std::string_view text) {
  json::ParseOptions options;
  options.max_bytes = kMaxDefinitionBytes;
  // A canonical envelope starts so ("format" < "payload" < "signatures").
  static constexpr std::string_view kCanonicalStart = R"({"format":"ashyq/signed/1",)";
  if (text.substr(0, kCanonicalStart.size()) == kCanonicalStart) {
    SignedObject::TextReading reading;
    Result<SignedObject> envelope = SignedObject::FromText(text, options, &reading);
    if (envelope.ok()) {
      DefinitionDocument out = FromEnvelope(std::move(envelope).value());
      if (Error why; NotADefinition(out, &why)) return why;
      return out;
    }
    // A damaged envelope: read again below, so its problems are named as for any document.
  }
  Result<json::Value> document = json::Parse(text, options);
  if (!document.ok()) {
    Error e = document.error();
    e.message = "not JSON: " + e.message;
    return e;
  }
  return ReadDefinitionDocument(*document);
}

Result<DefinitionDocument> LoadDefinitionFile(const std::string& path) {
  ASHYQ_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxDefinitionBytes));
  Result<DefinitionDocument> read = ReadDefinitionText(text);
  if (!read.ok()) return read.error().In(path);
  return read;
}

}  // namespace ashyq::crypto
