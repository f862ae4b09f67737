// An election as every later stage needs it: the CEC-signed definition read from its file and
// verified, its commission tree, and the index of member keys protocols are verified against.
// Built once; immutable afterwards, so threads may share it.
#pragma once

#include <memory>
#include <string>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/result.h"
#include "crypto/signed_definition.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"

namespace ashyq::protocol {

class ElectionContext {
 public:
  // Reads `definition_path` (a signed definition), verifies the CEC signature and checks every
  // definition rule. Any problem is an error naming it: later stages never run on a definition
  // that is unsigned, tampered with or invalid.
  static Result<std::unique_ptr<ElectionContext>> Load(const std::string& definition_path);

  // As Load, from a document already read (crypto::ReadDefinitionText): it must be signed and
  // have no problems.
  static Result<std::unique_ptr<ElectionContext>> FromDocument(crypto::DefinitionDocument document);

  // From a definition already in memory and its signed envelope (e.g. just generated). Checks
  // that the envelope carries exactly this definition and that the CEC's signature verifies.
  static Result<std::unique_ptr<ElectionContext>> FromSigned(ElectionDefinition definition,
                                                            crypto::SignedObject signed_definition);

  const ElectionDefinition& definition() const { return definition_; }
  const crypto::SignedObject& signed_definition() const { return signed_definition_; }
  const std::string& definition_digest() const { return protocol_context_.definition_digest; }
  const CommissionTree& tree() const { return *tree_; }
  const ProtocolContext& protocol_context() const { return protocol_context_; }

  ElectionContext(const ElectionContext&) = delete;
  ElectionContext& operator=(const ElectionContext&) = delete;

 private:
  static Result<std::unique_ptr<ElectionContext>> Build(ElectionDefinition definition,
                                                       crypto::SignedObject signed_definition);
  ElectionContext(ElectionDefinition definition, crypto::SignedObject signed_definition)
      : definition_(std::move(definition)), signed_definition_(std::move(signed_definition)) {}

  ElectionDefinition definition_;  // tree_ and protocol_context_ point into it: never moved
  crypto::SignedObject signed_definition_;
  std::unique_ptr<CommissionTree> tree_;
  ProtocolContext protocol_context_;
};

}  // namespace ashyq::protocol
