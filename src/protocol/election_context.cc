#include "protocol/election_context.h"

#include "core/definition_check.h"
#include "core/definition_json.h"
#include "core/hash.h"
#include "core/json.h"
#include "crypto/signed_definition.h"

namespace ashyq::protocol {

Result<std::unique_ptr<ElectionContext>> ElectionContext::Load(const std::string& definition_path) {
  ASHYQ_ASSIGN_OR_RETURN(crypto::DefinitionDocument document, crypto::LoadDefinitionFile(definition_path));
  Result<std::unique_ptr<ElectionContext>> context = FromDocument(std::move(document));
  if (!context.ok()) return context.error().In(definition_path);
  return context;
}

Result<std::unique_ptr<ElectionContext>> ElectionContext::FromDocument(crypto::DefinitionDocument document) {
  if (!document.problems.empty()) return document.problems.front();
  if (!document.envelope) {
    return Error{ErrorCode::kBadSignature, "", "signature",
                 "the definition is not signed; only a CEC-signed definition can run an election"};
  }
  return Build(std::move(document.definition), std::move(*document.envelope));
}

Result<std::unique_ptr<ElectionContext>> ElectionContext::FromSigned(ElectionDefinition definition,
                                                                     crypto::SignedObject signed_definition) {
  const Digest digest = TaggedHash(tag::kObject, json::Canonicalize(DefinitionToJson(definition)));
  if (digest != signed_definition.digest()) {
    return Error{ErrorCode::kBadSignature, "/payload", "signature",
                 "the signed definition does not carry this definition"};
  }
  for (const Commission& c : definition.commissions) {
    if (c.tier != CommissionTier::kCentral) continue;
    ASHYQ_ASSIGN_OR_RETURN(crypto::PublicKey cec_key, crypto::PublicKey::FromHex(c.public_key));
    ASHYQ_RETURN_IF_ERROR(signed_definition.VerifySignedBy(c.id, cec_key));
  }
  return Build(std::move(definition), std::move(signed_definition));
}

Result<std::unique_ptr<ElectionContext>> ElectionContext::Build(ElectionDefinition definition,
                                                                crypto::SignedObject signed_definition) {
  DefinitionReport report = CheckDefinition(definition);
  if (!report.ok()) {
    Error e = report.violations.front();
    e.message += " (" + std::to_string(report.violations.size()) +
                 " violations in all; run `ashyq definition check`)";
    return e;
  }
  std::unique_ptr<ElectionContext> context(
      new ElectionContext(std::move(definition), std::move(signed_definition)));
  ASHYQ_ASSIGN_OR_RETURN(CommissionTree tree, CommissionTree::Build(context->definition_));
  context->tree_ = std::make_unique<CommissionTree>(std::move(tree));
  ASHYQ_ASSIGN_OR_RETURN(context->protocol_context_,
                         ProtocolContext::Build(context->definition_, *context->tree_,
                                                context->signed_definition_.digest().Hex()));
  return context;
}

}  // namespace ashyq::protocol
