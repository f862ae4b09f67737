// Signing and verifying precinct protocols (R-D3) and their corrections (R-E1).
//
// A protocol travels as a SignedObject (crypto/signed_object.h) whose payload is
// ProtocolToJson(protocol) and whose signatures are those of the PEC members present, each with
// the key the election definition lists for them. The commission signs only what adds up
// (reconciliation.h) and only with a quorum: more than half of its members. A verifier trusts
// nothing in the envelope but the signatures themselves: keys come from the definition.
//
// Corrections (a recount, an error found) are new versions signed by the same PEC, never an
// edit by a higher commission: version k+1 names the digest of version k and a reason.
//
//   Result<ProtocolContext> context = ProtocolContext::Build(def, tree, definition_digest);
//   MemberKey present[] = {{"pec-akmola-0175.m1", &key1}, ...};
//   Result<crypto::SignedObject> signed_protocol = SignProtocol(protocol, *context, present);
//   Result<PrecinctProtocol> verified = VerifyProtocol(*signed_protocol, *context);
//
// Rules named in errors, besides those of reconciliation.h:
//   R-D3.definition       the protocol counts under another definition (digest differs)
//   R-D3.signer           a signer is not a member of the station's PEC, is listed twice, or
//                         offers a key other than the definition's
//   R-D3.quorum           not more than half of the PEC's members signed
//   R-E1.correction       version 1 carries a correction, or a later version lacks a
//                         well-formed one (previous digest, non-empty reason)
//   R-E1.owning-commission  a correction signed by someone outside the owning PEC
//   R-E1.version-chain    versions out of sequence, a wrong previous digest, or a change of
//                         station or commission between versions
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::protocol {

// What signing and verification need to know about the election, built once and shared.
// Immutable after Build, so any number of threads may verify against one context.
struct ProtocolContext {
  const ElectionDefinition* definition = nullptr;
  const CommissionTree* tree = nullptr;
  std::string definition_digest;  // hex digest of the signed definition

  struct Member {
    crypto::PublicKey key;  // as the definition lists it
    size_t commission = 0;  // index in definition->commissions
  };
  // Every commission member by id; the views point into *definition.
  std::unordered_map<std::string_view, Member> members;

  // Indexes the members' keys. Fails (kBadInput, `where` the key's JSON Pointer in the
  // definition) on a malformed public key, (kCheckFailed, "unique-id") on a member id used
  // twice, and on a digest that is not 64 lowercase hex digits. `definition` and `tree` must
  // outlive the context unchanged.
  static Result<ProtocolContext> Build(const ElectionDefinition& definition,
                                       const CommissionTree& tree, std::string definition_digest);

  const Member* FindMember(std::string_view id) const {
    auto it = members.find(id);
    return it == members.end() ? nullptr : &it->second;
  }
};

// A member present at the count and the key they sign with. The key is not owned.
struct MemberKey {
  std::string member_id;
  const crypto::SigningKey* key = nullptr;
};

// Signs `protocol` with the key of every member present, in the order given. Refuses
// (kCheckFailed) a protocol that does not reconcile: the error names the first failing rule
// (`rule`, `where`) and lists every violation in its message. Refuses a definition digest other
// than the context's, malformed version fields, a signer who is not a member of the station's
// PEC or whose key is not the definition's, a signer listed twice, and fewer than a quorum.
// Refuses (kBadInput) a protocol whose JSON would not read back (e.g. a malformed time).
Result<crypto::SignedObject> SignProtocol(const PrecinctProtocol& protocol,
                                          const ProtocolContext& context,
                                          std::span<const MemberKey> present);

// Everything a verifier needs to accept a published protocol, in this order: every signature
// verifies against the definition's key for the member it names, not the key the envelope
// carries (kBadSignature naming the signer: whatever else is wrong, a payload that is not what
// was signed is reported as such); the payload reads as a protocol (kBadInput, `where` under
// "/payload"); every signer belongs to the station's PEC; quorum; definition digest; version
// fields; reconciliation. Verifies each signature exactly once and canonicalises nothing (the
// SignedObject already holds its digest). Thread-safe.
Result<PrecinctProtocol> VerifyProtocol(const crypto::SignedObject& object,
                                        const ProtocolContext& context);

// VerifyProtocol for a payload already read as `read` by a reader that accepts only payloads
// ProtocolFromJson reads without problems, and reads them to the same value (the verifier's
// DOM-free leaf reader); `entries` are the object's signatures and `verifies(i)` says whether
// entry i verifies against the key it names. Same checks, order and errors; OK when
// VerifyProtocol would return `read`.
Status VerifyReadProtocol(const PrecinctProtocol& read, std::span<const crypto::SignatureEntry> entries,
                          const std::function<bool(size_t)>& verifies, const ProtocolContext& context);

// The versions of one station's protocol, oldest first: versions[0] is version 1 without a
// correction; versions[k] is version k+1, its correction names the digest of versions[k-1] and
// a reason, and its station and commission are those of version 1; each verifies. The error's
// `where` starts with the index of the broken version ("/2/payload/correction/previous").
Status VerifyVersionChain(std::span<const crypto::SignedObject> versions,
                          const ProtocolContext& context);

}  // namespace ashyq::protocol
