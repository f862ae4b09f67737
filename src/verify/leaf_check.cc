#include "verify/leaf_check.h"

#include <atomic>
#include <cstring>
#include <utility>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/signed_object.h"
#include "ledger/merkle.h"
#include "protocol/leaf_reader.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "protocol/reconciliation.h"
#include "core/parallel.h"

namespace ashyq::verify {
namespace {

std::string LeafName(uint64_t i) { return "leaf " + std::to_string(i); }

// Reading the text, not a parsed value: a canonical leaf's digest is then the hash of its
// payload's bytes, and whether it is canonical is known without writing it again.
Result<crypto::SignedObject> ReadLeaf(std::string_view bytes, crypto::SignedObject::TextReading* reading) {
  json::ParseOptions options;
  options.max_bytes = bytes.size() + 1;
  return crypto::SignedObject::FromText(bytes, options, reading);
}

// A digest is uniformly distributed: its first bytes are a hash already.
struct DigestHash {
  size_t operator()(const Digest& d) const {
    size_t h;
    std::memcpy(&h, d.bytes.data(), sizeof h);
    return h;
  }
};

// The first problem of a reading, with the count of the others.
Error FirstProblem(std::vector<Error> problems, std::string_view what) {
  Error e = problems.front();
  e.message = std::string(what) + ": " + e.message;
  if (problems.size() > 1) e.message += " (" + std::to_string(problems.size()) + " problems in all)";
  return e;
}

class LeafVerifier {
 public:
  LeafVerifier(const PublishedLog& log, const protocol::ElectionContext& election)
      : log_(log), election_(election), context_(election.protocol_context()) {
    const ElectionDefinition& def = election.definition();
    for (const Commission& c : def.commissions) {
      Result<crypto::PublicKey> key = crypto::PublicKey::FromHex(c.public_key);
      if (key.ok()) commission_keys_.emplace(c.id, *key);
    }
  }

  // `early`, `early_fast`: the leaf as PrecheckLeaves read it, or empty.
  void Verify(uint64_t i, std::optional<crypto::SignedObject> early, std::optional<FastLeaf> early_fast,
              VerifiedLeaf* leaf, Findings* findings) const {
    const std::string_view bytes = log_.leaves[i];
    leaf->leaf_hash = ledger::LeafHash(bytes);
    if (!early && !early_fast) early_fast = ReadLeafFast(bytes);
    if (early_fast) {
      // Canonical, and read as the strict readers would read it (leaf_reader.h).
      leaf->digest = early_fast->digest;
      if (early_fast->is_protocol()) {
        leaf->format = std::string(protocol::kPrecinctProtocolFormat);
        VerifyFastPrecinct(i, *early_fast, leaf, findings);
      } else {
        leaf->format = std::string(protocol::kTurnoutReportFormat);
        VerifyFastTurnout(i, *early_fast, leaf, findings);
      }
      return;
    }
    const std::string where = log_.Where(i);
    crypto::SignedObject::TextReading reading{true, true};
    Result<crypto::SignedObject> parsed = early ? Result<crypto::SignedObject>(std::move(*early))
                                                : ReadLeaf(bytes, &reading);
    if (!reading.json) {
      findings->Fail(where, "R-E2.leaf", LeafName(i) + " is not JSON: " + parsed.error().message);
      return;
    }
    if (!parsed.ok()) {
      Error e = parsed.error().In(where);
      e.rule = "R-E2.leaf";
      e.message = LeafName(i) + " is not a signed object: " + e.message;
      findings->Fail(std::move(e));
      return;
    }
    const crypto::SignedObject& object = *parsed;
    leaf->digest = object.digest();
    leaf->format = object.payload_format();
    if (!reading.canonical) {
      findings->Fail(where, "R-E2.leaf",
                     LeafName(i) + " is not the canonical JSON (RFC 8785) of its signed object: the same "
                                   "object could be logged under two leaf hashes");
    }
    if (leaf->format == protocol::kPrecinctProtocolFormat) {
      VerifyPrecinct(i, object, where, leaf, findings);
    } else if (leaf->format == tabulate::kTierProtocolFormat) {
      VerifyTier(i, object, where, leaf, findings);
    } else if (leaf->format == protocol::kTurnoutReportFormat) {
      VerifyTurnout(i, object, where, leaf, findings);
    } else if (leaf->format == protocol::kEvidenceFormat) {
      VerifyEvidenceLeaf(i, object, where, leaf, findings);
    } else if (leaf->format == kDefinitionFormat) {
      leaf->kind = LeafKind::kDefinition;
      findings->Fail(where, "R-E2.definition",
                     LeafName(i) + " is a second election definition: the log holds one, at leaf 0");
    } else {
      VerifyOther(i, object, where, leaf, findings);
    }
  }

 private:
  // VerifyPrecinct for a leaf ReadLeafFast read: the same checks and findings.
  void VerifyFastPrecinct(uint64_t i, FastLeaf& read, VerifiedLeaf* leaf, Findings* findings) const {
    leaf->kind = LeafKind::kPrecinctProtocol;
    auto protocol = std::make_unique<protocol::PrecinctProtocol>(std::move(std::get<0>(read.payload)));
    leaf->subject = protocol->station;
    leaf->version = protocol->version;
    const Status verified = protocol::VerifyReadProtocol(
        *protocol, read.signatures, [&read](size_t k) { return read.SignatureVerifies(k); }, context_);
    if (verified.ok()) {
      leaf->signatures = read.signatures.size();
      const std::string where = log_.Where(i);
      for (Error& notice : protocol::CheckCountingProcedure(*protocol)) {
        notice.where = "/payload" + notice.where;
        notice.message = protocol->station + " version " + std::to_string(protocol->version) + ": " + notice.message;
        findings->Note(notice.In(where));
      }
    } else {
      leaf->error = verified.error().In(log_.Where(i));
    }
    leaf->precinct = std::move(protocol);
  }

  // VerifyTurnout for a leaf ReadLeafFast read.
  void VerifyFastTurnout(uint64_t i, FastLeaf& read, VerifiedLeaf* leaf, Findings* findings) const {
    leaf->kind = LeafKind::kTurnoutReport;
    auto report = std::make_unique<protocol::TurnoutReport>(std::move(std::get<1>(read.payload)));
    const Status verified = protocol::VerifyReadTurnoutReport(
        *report, read.signatures, [&read](size_t k) { return read.SignatureVerifies(k); }, context_);
    if (verified.ok()) {
      leaf->signatures = 1;
    } else {
      Error e = verified.error().In(log_.Where(i));
      e.message = LeafName(i) + " (turnout report): " + e.message;
      findings->Fail(e);
      leaf->error = std::move(e);
    }
    leaf->subject = report->station;
    leaf->version = report->revision;
    leaf->turnout = std::move(report);
  }

  void VerifyPrecinct(uint64_t /*leaf*/, const crypto::SignedObject& object, const std::string& where,
                      VerifiedLeaf* leaf, Findings* findings) const {
    leaf->kind = LeafKind::kPrecinctProtocol;
    Result<protocol::PrecinctProtocol> verified = protocol::VerifyProtocol(object, context_);
    if (verified.ok()) {
      leaf->signatures = object.signatures().size();
      leaf->precinct = std::make_unique<protocol::PrecinctProtocol>(std::move(verified).value());
      for (Error& notice : protocol::CheckCountingProcedure(*leaf->precinct)) {
        notice.where = "/payload" + notice.where;
        notice.message = leaf->precinct->station + " version " + std::to_string(leaf->precinct->version) +
                         ": " + notice.message;
        findings->Note(notice.In(where));
      }
    } else {
      leaf->error = verified.error().In(where);
      std::vector<Error> problems;
      protocol::PrecinctProtocol read = protocol::ProtocolFromJson(object.payload(), &problems);
      if (!read.station.empty()) leaf->precinct = std::make_unique<protocol::PrecinctProtocol>(std::move(read));
    }
    if (leaf->precinct) {
      leaf->subject = leaf->precinct->station;
      leaf->version = leaf->precinct->version;
    } else {
      // Unreadable: no station to file it under, so nobody can have counted it. A failure.
      findings->Fail(*leaf->error);
    }
  }

  void VerifyTier(uint64_t i, const crypto::SignedObject& object, const std::string& where,
                  VerifiedLeaf* leaf, Findings* findings) const {
    leaf->kind = LeafKind::kTierProtocol;
    leaf->tier_signatures = object.signatures();
    std::vector<Error> problems;
    tabulate::TierProtocol protocol = tabulate::TierProtocolFromJson(object.payload(), &problems);
    leaf->subject = protocol.commission;
    const std::string who =
        LeafName(i) + ", the tier protocol of " + (protocol.commission.empty() ? "?" : protocol.commission);
    auto key = commission_keys_.find(protocol.commission);
    const size_t c = election_.tree().FindCommission(protocol.commission);
    std::optional<Error> signature;
    if (key == commission_keys_.end() || c == CommissionTree::kNone ||
        election_.tree().commission(c).tier == CommissionTier::kPrecinct) {
      signature = CheckFailed(where + ":/payload/commission", "R-E1.shape",
                              who + ": not a TEC, REC or the CEC of the definition");
    } else if (Status s = tabulate::VerifyTierProtocolSigner(object, protocol.commission, key->second); !s.ok()) {
      Error e = s.error().In(where);
      e.message = who + ": " + e.message;
      signature = std::move(e);
    } else {
      leaf->signatures = 1;
    }
    if (signature) {
      findings->Fail(*signature);
      leaf->error = std::move(signature);
    }
    if (!problems.empty()) {
      for (Error& p : problems) p.where = "/payload" + p.where;
      Error e = FirstProblem(std::move(problems), who + " does not read").In(where);
      findings->Fail(e);
      if (!leaf->error) leaf->error = std::move(e);
      return;
    }
    leaf->tier = std::make_unique<tabulate::TierProtocol>(std::move(protocol));
  }

  void VerifyTurnout(uint64_t i, const crypto::SignedObject& object, const std::string& where,
                     VerifiedLeaf* leaf, Findings* findings) const {
    leaf->kind = LeafKind::kTurnoutReport;
    Result<protocol::TurnoutReport> verified = protocol::VerifyTurnoutReport(object, context_);
    if (verified.ok()) {
      leaf->signatures = 1;
      leaf->turnout = std::make_unique<protocol::TurnoutReport>(std::move(verified).value());
    } else {
      Error e = verified.error().In(where);
      e.message = LeafName(i) + " (turnout report): " + e.message;
      findings->Fail(e);
      leaf->error = std::move(e);
      std::vector<Error> problems;
      protocol::TurnoutReport read = protocol::TurnoutReportFromJson(object.payload(), &problems);
      if (problems.empty()) leaf->turnout = std::make_unique<protocol::TurnoutReport>(std::move(read));
    }
    if (leaf->turnout) {
      leaf->subject = leaf->turnout->station;
      leaf->version = leaf->turnout->revision;
    }
  }

  // An attempted alteration kept as evidence: its object's signatures are checked like any
  // protocol's, and what it shows is a notice; evidence that does not hold is a failure (the
  // server kept something it must not have).
  void VerifyEvidenceLeaf(uint64_t i, const crypto::SignedObject& object, const std::string& where,
                          VerifiedLeaf* leaf, Findings* findings) const {
    leaf->kind = LeafKind::kEvidence;
    Result<protocol::Evidence> verified = protocol::VerifyEvidence(object, context_);
    if (!verified.ok()) {
      Error e = verified.error().In(where);
      e.message = LeafName(i) + " (evidence): " + e.message;
      findings->Fail(e);
      leaf->error = std::move(e);
      return;
    }
    leaf->signatures = verified->object.signatures().size();
    leaf->subject = verified->station;
    leaf->version = verified->version;
    findings->Note(CheckFailed(where, std::string(protocol::kAlterationRule),
                               LeafName(i) + ": an attempted alteration, kept as evidence and never counted: " +
                                   std::to_string(leaf->signatures) + " member(s) of " + verified->commission +
                                   " signed a \"version " + std::to_string(verified->version) + "\" of station " +
                                   verified->station + "'s protocol; only the station's own commission may"));
    leaf->evidence = std::make_unique<protocol::Evidence>(std::move(verified).value());
  }

  void VerifyOther(uint64_t i, const crypto::SignedObject& object, const std::string& where,
                   VerifiedLeaf* leaf, Findings* findings) const {
    leaf->kind = LeafKind::kOther;
    if (object.signatures().empty()) {
      findings->Fail(where + ":/signatures", "R-F1.signer", LeafName(i) + " (" + leaf->format + ") is not signed");
      return;
    }
    for (size_t k = 0; k < object.signatures().size(); ++k) {
      const crypto::SignatureEntry& s = object.signatures()[k];
      const std::string at = where + ":/signatures/" + std::to_string(k);
      const crypto::PublicKey* expected = nullptr;
      if (auto c = commission_keys_.find(s.signer); c != commission_keys_.end()) expected = &c->second;
      if (const protocol::ProtocolContext::Member* m = context_.FindMember(s.signer)) expected = &m->key;
      if (expected == nullptr) {
        findings->Fail(at, "R-F1.signer", LeafName(i) + " (" + leaf->format + ") is signed by \"" + s.signer +
                                              "\", who is no commission or member of the definition");
      } else if (Status v = object.VerifySignedBy(s.signer, *expected); !v.ok()) {
        findings->Fail(v.error().In(at));
      } else {
        ++leaf->signatures;
      }
    }
    findings->Note(CheckFailed(where, "R-F1.unchecked",
                               LeafName(i) + " is a " + leaf->format +
                                   ": its signatures verify; this verifier does not check its content"));
  }

  const PublishedLog& log_;
  const protocol::ElectionContext& election_;
  const protocol::ProtocolContext& context_;
  std::unordered_map<std::string, crypto::PublicKey> commission_keys_;
};

}  // namespace

PrecheckedLeaves PrecheckLeaves(const PublishedLog& log, unsigned threads, const std::atomic<bool>& stop) {
  PrecheckedLeaves out;
  out.objects.resize(log.leaves.size());
  if (log.leaves.size() < 2) return out;
  out.fast.resize(log.leaves.size());
  ParallelFor(log.leaves.size() - 1, threads, [&](size_t k) {
    if (stop.load(std::memory_order_relaxed)) return;
    if (std::optional<FastLeaf> fast = ReadLeafFast(log.leaves[k + 1])) {
      fast->CheckSignatures();
      out.fast[k + 1] = std::move(fast);
      return;
    }
    crypto::SignedObject::TextReading reading;
    Result<crypto::SignedObject> parsed = ReadLeaf(log.leaves[k + 1], &reading);
    if (!parsed.ok() || !reading.canonical) return;  // VerifyLeaves reads it again and says why
    parsed->CheckSignatures();
    out.objects[k + 1] = std::move(parsed).value();
  });
  return out;
}

VerifiedLog VerifyLeaves(const PublishedLog& log, const protocol::ElectionContext& election,
                         PrecheckedLeaves* early, unsigned threads, const LeafProgress& progress,
                         Findings* findings) {
  VerifiedLog out;
  const size_t n = log.leaves.size();
  out.leaves.resize(n);
  if (n == 0) return out;
  out.leaves[0].kind = LeafKind::kDefinition;
  out.leaves[0].format = std::string(kDefinitionFormat);
  out.leaves[0].subject = election.definition().election_id;
  out.leaves[0].digest = election.signed_definition().digest();
  out.leaves[0].leaf_hash = ledger::LeafHash(log.leaves[0]);
  out.leaves[0].signatures = election.signed_definition().signatures().size();

  const LeafVerifier verifier(log, election);
  std::vector<Findings> per_leaf(n);
  std::atomic<uint64_t> done{1};
  ParallelFor(n - 1, threads, [&](size_t k) {
    const size_t i = k + 1;
    std::optional<crypto::SignedObject> object;
    std::optional<FastLeaf> fast;
    if (early != nullptr && i < early->objects.size()) object = std::move(early->objects[i]);
    if (early != nullptr && i < early->fast.size()) fast = std::move(early->fast[i]);
    verifier.Verify(i, std::move(object), std::move(fast), &out.leaves[i], &per_leaf[i]);
    const uint64_t d = done.fetch_add(1) + 1;
    if (progress && (d % 512 == 0 || d == n)) progress(d, n);
  });
  // The store keeps each object once and one object per (kind, subject, version): a leaf
  // logged twice, or two different objects claiming one version, is a fork of the record.
  std::unordered_map<Digest, size_t, DigestHash> seen_digest;  // bytes, not hex: this loop runs on one core
  std::unordered_map<std::string, size_t> seen_version;
  for (size_t i = 0; i < n; ++i) {
    findings->Merge(std::move(per_leaf[i]));
    const VerifiedLeaf& leaf = out.leaves[i];
    out.signatures_verified += leaf.signatures;
    if (leaf.kind == LeafKind::kUnreadable) continue;
    auto [d, new_digest] = seen_digest.emplace(leaf.digest, i);
    if (!new_digest) {
      findings->Fail(log.Where(i), "R-E2.duplicate",
                     LeafName(i) + " is the same signed object as leaf " + std::to_string(d->second) +
                         ": an object is logged once");
    }
    std::string key;
    if (leaf.kind == LeafKind::kPrecinctProtocol && leaf.precinct) {
      key = "protocol " + leaf.subject + " version " + std::to_string(leaf.version);
    } else if (leaf.kind == LeafKind::kTurnoutReport && leaf.turnout) {
      key = "turnout report " + leaf.subject + " " + leaf.turnout->time + " revision " + std::to_string(leaf.version);
    }
    if (!key.empty() && new_digest) {
      auto [v, new_version] = seen_version.emplace(key, i);
      if (!new_version) {
        findings->Fail(log.Where(i), "R-E2.fork",
                       LeafName(i) + " and leaf " + std::to_string(v->second) + " are two different objects claiming to be " +
                           key + ": the record forks");
      }
    }
    if (leaf.subject.empty()) continue;
    switch (leaf.kind) {
      case LeafKind::kPrecinctProtocol: out.protocol_leaves[leaf.subject].push_back(i); break;
      case LeafKind::kTurnoutReport: out.turnout_leaves[leaf.subject].push_back(i); break;
      case LeafKind::kTierProtocol: out.tier_leaves[leaf.subject].push_back(i); break;
      case LeafKind::kEvidence: out.evidence_leaves[leaf.subject].push_back(i); break;
      default: break;
    }
  }
  return out;
}

}  // namespace ashyq::verify
