#include "protocol/protocol_signing.h"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "protocol/protocol_json.h"
#include "protocol/reconciliation.h"
#include "core/encoding.h"
#include "core/shortened.h"

namespace ashyq::protocol {
namespace {

using json::PointerAppend;


// An id from a document, shown in a message: cut short so a hostile document cannot make
// messages arbitrarily long.
std::string Id(std::string_view text) { return Shortened(text); }

std::string ShortHex(std::string_view hex) {
  return std::string(hex.substr(0, 16)) + std::string(kEllipsis);
}

// One error standing for many: the first one's code, place and rule, every one in the text.
Error Summarize(std::string headline, std::vector<Error> errors) {
  Error out = errors.front();
  out.message = std::move(headline) + ": " + errors.front().message;
  if (errors.size() > 1) {
    out.message += " (" + std::to_string(errors.size()) + " problems: ";
    for (size_t i = 0; i < errors.size(); ++i) {
      if (i > 0) out.message += "; ";
      out.message += errors[i].ToString();
    }
    out.message += ")";
  }
  return out;
}

Status CheckDefinitionDigest(const PrecinctProtocol& p, const ProtocolContext& context) {
  if (p.definition_digest != context.definition_digest) {
    return CheckFailed("/definition_digest", "R-D3.definition",
                       "the protocol counts under definition " + ShortHex(p.definition_digest) +
                           ", not the published definition " + ShortHex(context.definition_digest));
  }
  return Status();
}

// Version 1 is the original; every later version says what it replaces and why.
Status CheckVersionFields(const PrecinctProtocol& p) {
  if (p.version < 1) {
    return CheckFailed("/version", "R-E1.correction",
                       "version " + std::to_string(p.version) + " is not a version (they start at 1)");
  }
  if (p.version == 1) {
    if (!(p.correction == Correction{})) {
      return CheckFailed("/correction", "R-E1.correction",
                         "version 1 is the original protocol and carries no correction");
    }
    return Status();
  }
  if (!IsDigestHex(p.correction.previous)) {
    return CheckFailed("/correction/previous", "R-E1.correction",
                       "version " + std::to_string(p.version) +
                           " must name the digest (64 lowercase hex digits) of the version it replaces");
  }
  if (p.correction.reason.empty()) {
    return CheckFailed("/correction/reason", "R-E1.correction",
                       "version " + std::to_string(p.version) + " must say why it corrects version " +
                           std::to_string(p.version - 1));
  }
  return Status();
}

// The station's PEC per the definition (not per the protocol): whose members must sign.
size_t OwningCommission(const PrecinctProtocol& p, const ProtocolContext& context) {
  const size_t station = context.tree->FindStation(p.station);
  if (station == CommissionTree::kNone) return CommissionTree::kNone;
  return context.tree->FindCommission(context.tree->station(station).commission);
}

Status CheckQuorum(size_t signers, size_t pec, const ProtocolContext& context) {
  const Commission& commission = context.tree->commission(pec);
  const size_t size = commission.members.size();
  if (signers * 2 <= size) {
    return CheckFailed("/signatures", "R-D3.quorum",
                       std::to_string(signers) + " of the " + std::to_string(size) + " members of " +
                           commission.id + " signed; a quorum is more than half (" +
                           std::to_string(size / 2 + 1) + ")");
  }
  return Status();
}

// Why `member` may not sign for `pec`, or an empty string if they may.
std::string ForeignSigner(const PrecinctProtocol& p, std::string_view member_id,
                          const ProtocolContext::Member& member, size_t pec,
                          const ProtocolContext& context) {
  if (member.commission == pec) return std::string();
  return (p.version > 1 ? "a correction not signed by the owning commission: " : "") +
         Id(member_id) + " is a member of " + context.tree->commission(member.commission).id +
         ", not of " + context.tree->commission(pec).id + ", the commission of station " +
         Id(p.station);
}

Status CheckContext(const ProtocolContext& context) {
  if (context.definition == nullptr || context.tree == nullptr) {
    return Error{ErrorCode::kInternal, "", "",
                 "protocol context without a definition; build it with ProtocolContext::Build"};
  }
  return Status();
}

Error Prefixed(const Error& e, size_t index) {
  Error out = e;
  out.where = "/" + std::to_string(index) + e.where;
  out.message = "chain entry " + std::to_string(index) + ": " + e.message;
  return out;
}

}  // namespace

Result<ProtocolContext> ProtocolContext::Build(const ElectionDefinition& definition,
                                               const CommissionTree& tree,
                                               std::string definition_digest) {
  if (!IsDigestHex(definition_digest)) {
    return BadInput("", "definition digest must be 64 lowercase hex digits");
  }
  ProtocolContext context;
  context.definition = &definition;
  context.tree = &tree;
  context.definition_digest = std::move(definition_digest);
  size_t total = 0;
  for (const Commission& c : definition.commissions) total += c.members.size();
  context.members.reserve(total);
  for (size_t i = 0; i < definition.commissions.size(); ++i) {
    const Commission& c = definition.commissions[i];
    const std::string base = PointerAppend(PointerAppend("/commissions", i), "members");
    for (size_t j = 0; j < c.members.size(); ++j) {
      const CommissionMember& m = c.members[j];
      const std::string at = PointerAppend(base, j);
      Result<crypto::PublicKey> key = crypto::PublicKey::FromHex(m.public_key);
      if (!key.ok()) {
        return BadInput(PointerAppend(at, "public_key"),
                        "member " + Id(m.id) + ": " + key.error().message);
      }
      auto [it, inserted] = context.members.emplace(m.id, Member{*key, i});
      if (!inserted) {
        return CheckFailed(PointerAppend(at, "id"), "unique-id",
                           "member id " + Id(m.id) + " is used twice (also in " +
                               definition.commissions[it->second.commission].id + ")");
      }
    }
  }
  return context;
}

Result<crypto::SignedObject> SignProtocol(const PrecinctProtocol& protocol,
                                          const ProtocolContext& context,
                                          std::span<const MemberKey> present) {
  ASHYQ_RETURN_IF_ERROR(CheckContext(context));

  // What is signed must read back exactly: a verifier sees only the JSON.
  json::Value payload = ProtocolToJson(protocol);
  std::vector<Error> problems;
  if (!(ProtocolFromJson(payload, &problems) == protocol) && problems.empty()) {
    problems.push_back(BadInput("", "the protocol does not survive its JSON form unchanged"));
  }
  if (!problems.empty()) {
    return Summarize("refusing to sign a protocol that would not read back", std::move(problems));
  }
  ASHYQ_RETURN_IF_ERROR(CheckDefinitionDigest(protocol, context));
  ASHYQ_RETURN_IF_ERROR(CheckVersionFields(protocol));
  std::vector<Error> violations = Reconcile(protocol, *context.definition, *context.tree);
  if (!violations.empty()) {
    // (The headline first: arguments may be evaluated in any order.)
    std::string headline = "refusing to sign the protocol of station " + Id(protocol.station) +
                           ", which breaks " + violations.front().rule;
    return Summarize(std::move(headline), std::move(violations));
  }

  const size_t pec = OwningCommission(protocol, context);  // known: reconciliation passed
  std::vector<const ProtocolContext::Member*> signers;
  signers.reserve(present.size());
  for (size_t i = 0; i < present.size(); ++i) {
    const MemberKey& mk = present[i];
    const std::string at = PointerAppend("/signatures", i);
    if (mk.key == nullptr) return BadInput(at, "no signing key given for " + Id(mk.member_id));
    const ProtocolContext::Member* member = context.FindMember(mk.member_id);
    if (member == nullptr) {
      return CheckFailed(at, "R-D3.signer",
                         Id(mk.member_id) + " is not a member of any commission of the election");
    }
    if (std::string why = ForeignSigner(protocol, mk.member_id, *member, pec, context);
        !why.empty()) {
      return CheckFailed(at, protocol.version > 1 ? "R-E1.owning-commission" : "R-D3.signer",
                         "refusing to sign: " + why);
    }
    if (mk.key->public_key() != member->key) {
      return CheckFailed(at, "R-D3.signer",
                         "the key offered for " + Id(mk.member_id) + " (" +
                             ShortHex(mk.key->public_key().Hex()) +
                             ") is not the key the definition lists (" + ShortHex(member->key.Hex()) + ")");
    }
    for (const ProtocolContext::Member* other : signers) {
      if (other == member) {
        return CheckFailed(at, "R-D3.signer", Id(mk.member_id) + " is listed twice; a member signs once");
      }
    }
    signers.push_back(member);
  }
  ASHYQ_RETURN_IF_ERROR(CheckQuorum(signers.size(), pec, context));

  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, crypto::SignedObject::Create(std::move(payload)));
  for (const MemberKey& mk : present) {
    ASHYQ_RETURN_IF_ERROR(object.AddSignature(mk.member_id, *mk.key));
  }
  return object;
}

namespace {

// VerifyProtocol's first step: every signature verifies against the definition's key for the
// member it names. `station` names the protocol in messages. Fills `signers` in entry order.
Status CheckProtocolSigners(std::string_view station, std::span<const crypto::SignatureEntry> entries,
                            const std::function<bool(size_t)>& verifies, const ProtocolContext& context,
                            std::vector<const ProtocolContext::Member*>* signers) {
  if (entries.empty()) {
    return Error{ErrorCode::kBadSignature, "/signatures", "",
                 "the protocol of station " + std::string(station) + " carries no signatures"};
  }
  signers->reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const crypto::SignatureEntry& entry = entries[i];
    const std::string at = PointerAppend("/signatures", i);
    const ProtocolContext::Member* member = context.FindMember(entry.signer);
    if (member == nullptr) {
      return CheckFailed(PointerAppend(at, "signer"), "R-D3.signer",
                         "signer " + Id(entry.signer) +
                             " is not a member of any commission of the election");
    }
    if (entry.public_key != member->key) {
      return Error{ErrorCode::kBadSignature, PointerAppend(at, "public_key"), "R-D3.signer",
                   Id(entry.signer) + " signed with key " + ShortHex(entry.public_key.Hex()) +
                       " but the definition lists " + ShortHex(member->key.Hex())};
    }
    if (!verifies(i)) {  // entry.public_key is member->key
      return Error{ErrorCode::kBadSignature, PointerAppend(at, "signature"), "R-D3.signature",
                   "signature of " + Id(entry.signer) + " on the protocol of station " + std::string(station) +
                       " does not verify: the payload is not what was signed"};
    }
    for (const ProtocolContext::Member* other : *signers) {
      if (other == member) {
        return CheckFailed(PointerAppend(at, "signer"), "R-D3.signer",
                           Id(entry.signer) + " signed twice");
      }
    }
    signers->push_back(member);
  }
  return Status();
}

// VerifyProtocol's steps after the payload reads as `protocol`: owning commission, quorum,
// definition digest, version fields, reconciliation.
Status CheckReadProtocol(const PrecinctProtocol& protocol, std::span<const crypto::SignatureEntry> entries,
                                           const std::vector<const ProtocolContext::Member*>& signers,
                                           const ProtocolContext& context) {
  const size_t pec = OwningCommission(protocol, context);
  if (pec == CommissionTree::kNone) {
    return CheckFailed("/payload/station", "R-D2.station",
                       "station \"" + Id(protocol.station) + "\" is not in the election definition");
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    if (std::string why = ForeignSigner(protocol, entries[i].signer, *signers[i], pec, context);
        !why.empty()) {
      return CheckFailed(PointerAppend(PointerAppend("/signatures", i), "signer"),
                         protocol.version > 1 ? "R-E1.owning-commission" : "R-D3.signer", why);
    }
  }
  ASHYQ_RETURN_IF_ERROR(CheckQuorum(signers.size(), pec, context));

  auto in_payload = [](Error e) {
    e.where = "/payload" + e.where;
    return e;
  };
  if (Status s = CheckDefinitionDigest(protocol, context); !s.ok()) return in_payload(s.error());
  if (Status s = CheckVersionFields(protocol); !s.ok()) return in_payload(s.error());
  std::vector<Error> violations = Reconcile(protocol, *context.definition, *context.tree);
  if (!violations.empty()) {
    for (Error& e : violations) e = in_payload(std::move(e));
    std::string headline = "the signed protocol of station " + Id(protocol.station) +
                           " does not reconcile (" + violations.front().rule + ")";
    return Summarize(std::move(headline), std::move(violations));
  }
  return Status();
}

}  // namespace

Result<PrecinctProtocol> VerifyProtocol(const crypto::SignedObject& object,
                                        const ProtocolContext& context) {
  ASHYQ_RETURN_IF_ERROR(CheckContext(context));
  if (object.payload_format() != kPrecinctProtocolFormat) {
    return BadInput("/payload/format", "not a precinct protocol: payload format \"" +
                                           Id(object.payload_format()) + "\", expected \"" +
                                           std::string(kPrecinctProtocolFormat) + "\"");
  }
  // The station as the payload names it, for messages before the payload is read.
  const json::Value* station_value = object.payload().Find("station");
  const std::string station =
      station_value != nullptr && station_value->is_string() ? Id(station_value->as_string()) : "?";

  // Signatures first, against the definition's keys: whatever else is wrong with a payload,
  // one that is not what the members signed must be reported as such.
  std::vector<const ProtocolContext::Member*> signers;
  ASHYQ_RETURN_IF_ERROR(CheckProtocolSigners(
      station, object.signatures(), [&object](size_t i) { return object.SignatureVerifies(i); }, context,
      &signers));

  // Signed as it stands: now it must also read as a protocol.
  std::vector<Error> problems;
  PrecinctProtocol protocol = ProtocolFromJson(object.payload(), &problems);
  if (!problems.empty()) {
    for (Error& e : problems) e.where = "/payload" + e.where;
    return Summarize("the signed payload is not a well-formed precinct protocol", std::move(problems));
  }
  ASHYQ_RETURN_IF_ERROR(CheckReadProtocol(protocol, object.signatures(), signers, context));
  return protocol;
}

Status VerifyReadProtocol(const PrecinctProtocol& read, std::span<const crypto::SignatureEntry> entries,
                          const std::function<bool(size_t)>& verifies, const ProtocolContext& context) {
  ASHYQ_RETURN_IF_ERROR(CheckContext(context));
  std::vector<const ProtocolContext::Member*> signers;
  ASHYQ_RETURN_IF_ERROR(CheckProtocolSigners(Id(read.station), entries, verifies, context, &signers));
  return CheckReadProtocol(read, entries, signers, context);
}

Status VerifyVersionChain(std::span<const crypto::SignedObject> versions,
                          const ProtocolContext& context) {
  if (versions.empty()) return BadInput("", "a version chain needs at least version 1");
  PrecinctProtocol first;
  for (size_t k = 0; k < versions.size(); ++k) {
    Result<PrecinctProtocol> verified = VerifyProtocol(versions[k], context);
    if (!verified.ok()) return Prefixed(verified.error(), k);
    const PrecinctProtocol& p = *verified;
    const auto expected = static_cast<int64_t>(k + 1);
    if (p.version != expected) {
      return Prefixed(
          CheckFailed("/payload/version", "R-E1.version-chain",
                      "version " + std::to_string(p.version) + " where version " +
                          std::to_string(expected) +
                          " belongs: versions run 1, 2, 3, ... without gaps"),
          k);
    }
    if (k == 0) {
      first = p;
      continue;
    }
    const std::string previous = versions[k - 1].digest().Hex();
    if (p.correction.previous != previous) {
      return Prefixed(CheckFailed("/payload/correction/previous", "R-E1.version-chain",
                                  "version " + std::to_string(p.version) + " says it replaces " +
                                      ShortHex(p.correction.previous) + ", but version " +
                                      std::to_string(k) + " has digest " + ShortHex(previous)),
                      k);
    }
    if (p.station != first.station) {
      return Prefixed(CheckFailed("/payload/station", "R-E1.version-chain",
                                  "version " + std::to_string(p.version) + " is for station " +
                                      Id(p.station) + ", version 1 for " + Id(first.station)),
                      k);
    }
    if (p.commission != first.commission) {
      return Prefixed(CheckFailed("/payload/commission", "R-E1.version-chain",
                                  "version " + std::to_string(p.version) + " is by " +
                                      Id(p.commission) + ", version 1 by " + Id(first.commission)),
                      k);
    }
  }
  return Status();
}

}  // namespace ashyq::protocol
