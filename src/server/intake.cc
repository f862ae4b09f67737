#include "server/intake.h"

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/shortened.h"
#include "core/utc_time.h"
#include "protocol/evidence.h"
#include "protocol/precinct_protocol.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "protocol/turnout_report.h"
#include "tabulate/consistency.h"

namespace ashyq::server {

using protocol::ReceiptOutcome;

using Decision = IntakeDecision;

namespace {

Decision Refuse(int status, std::string rule, std::string message) {
  Decision d;
  d.status = status;
  d.rule = std::move(rule);
  d.message = std::move(message);
  return d;
}

// A refusal carrying the object's own error: its rule, its message and where it was found.
Decision RefuseFor(int status, const Error& e, std::string_view fallback_rule) {
  std::string message = e.message;
  if (!e.where.empty()) message += " (at /object" + e.where + ")";
  return Refuse(status, e.rule.empty() ? std::string(fallback_rule) : e.rule, std::move(message));
}

}  // namespace

Intake::Intake(const protocol::ElectionContext& election, store::Store& store, crypto::SigningKey server_key,
               std::chrono::system_clock::time_point started, IntakeOptions options)
    : election_(election), store_(store), server_key_(std::move(server_key)), started_(started), options_(options) {}

IntakeAnswer Intake::Submit(std::string_view body, std::chrono::system_clock::time_point now) {
  const CheckedSubmission checked = Check(body, now);
  const CheckedSubmission* batch[] = {&checked};
  return Answer(std::move(Commit(batch).front()));
}

CheckedSubmission Intake::Check(std::string_view body, std::chrono::system_clock::time_point now) {
  CheckedSubmission out;
  if (body.size() > options_.max_body_bytes) {
    out.decision = Refuse(413, "R-E2.malformed",
                         "the submission is " + std::to_string(body.size()) + " bytes; the server takes at most " +
                             std::to_string(options_.max_body_bytes));
    return out;
  }
  Result<protocol::Submission> read = protocol::ReadSubmission(body, options_.max_body_bytes);
  if (!read.ok()) {
    out.decision = Refuse(400, "R-E2.malformed", "the submission does not read: " + read.error().ToString());
    return out;
  }
  protocol::Submission& s = *read;
  if (Decision request = CheckRequest(s, now); request.status != 200) {
    out.decision = std::move(request);
  } else if (s.object_format == protocol::kPrecinctProtocolFormat) {
    out = CheckProtocol(s);
  } else if (s.object_format == protocol::kTurnoutReportFormat) {
    out = CheckTurnout(s);
  } else if (s.object_format == tabulate::kTierProtocolFormat) {
    out = CheckTier(s);
  } else {
    out.decision = Refuse(422, "R-E2.kind",
                         "the server does not take objects of format \"" + Shortened(s.object_format) + "\"");
  }
  out.decision.object_digest = s.object_digest.Hex();
  return out;
}

// Steps 2-4: this election, signed by its submitter with the definition's key, fresh.
Decision Intake::CheckRequest(const protocol::Submission& s, std::chrono::system_clock::time_point now) {
  const protocol::SubmissionRequest& r = s.request;
  const ElectionDefinition& def = election_.definition();
  if (r.election_id != def.election_id) {
    return Refuse(400, "R-E2.malformed",
                  "the request is for election \"" + Shortened(r.election_id) + "\"; this server runs \"" + def.election_id + "\"");
  }
  const size_t c = election_.tree().FindCommission(r.submitter);
  if (c == CommissionTree::kNone) {
    return Refuse(401, "R-E2.submitter", "\"" + Shortened(r.submitter) + "\" is no commission of this election");
  }
  Result<crypto::PublicKey> key = crypto::PublicKey::FromHex(election_.tree().commission(c).public_key);
  if (!key.ok()) return Refuse(401, "R-E2.submitter", "the definition lists no valid key for " + r.submitter);
  if (s.request_signatures.size() != 1) {
    return Refuse(401, "R-E2.submitter", "a request carries exactly one signature, its submitter's");
  }
  if (Status signed_by = s.VerifyRequestSignedBy(r.submitter, *key); !signed_by.ok()) {
    return Refuse(401, "R-E2.submitter",
                  "the request is not signed with " + r.submitter + "'s key: " + signed_by.error().message);
  }
  const std::chrono::system_clock::time_point at = *ParseUtcTimestamp(r.time);  // ReadSubmission checked it
  if (at < now - options_.max_age || at < started_ - std::chrono::seconds(1) || at > now + options_.max_ahead) {
    return Refuse(401, "R-E2.stale",
                  "the request is timed " + r.time + "; the server's clock says " + UtcTimestamp(now) +
                      ": send it again with the current time and a new nonce");
  }
  if (!RememberNonce(r.submitter, r.nonce, at, now)) {
    return Refuse(409, "R-E2.replay", "this request (its nonce) was already received: a request is taken once");
  }
  Decision ok;
  ok.status = 200;
  return ok;
}

bool Intake::RememberNonce(const std::string& submitter, const std::string& nonce,
                           std::chrono::system_clock::time_point at, std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> hold(nonces_lock_);
  // A nonce older than max_age can never come back: its request would be stale.
  const auto horizon = now - options_.max_age - std::chrono::seconds(1);
  while (!nonces_by_time_.empty() && nonces_by_time_.begin()->first < horizon) {
    nonces_.erase(nonces_by_time_.begin()->second);
    nonces_by_time_.erase(nonces_by_time_.begin());
  }
  auto key = std::make_pair(submitter, nonce);
  if (!nonces_.insert(key).second) return false;
  nonces_by_time_.emplace(at, std::move(key));
  return true;
}

namespace {

// Ready to commit `row`.
CheckedSubmission Ready(store::StoredObject row, bool versioned) {
  CheckedSubmission c;
  c.decision.status = 200;
  c.row = std::move(row);
  c.versioned = versioned;
  return c;
}

// Ready to commit: `s`'s object, to be stored as (its format, subject, version).
CheckedSubmission Ready(protocol::Submission& s, std::string subject, int64_t version, bool versioned) {
  store::StoredObject row;
  row.digest = s.object_digest;
  row.kind = s.object_format;
  row.subject = std::move(subject);
  row.version = version;
  row.envelope = std::move(s.object_text);
  return Ready(std::move(row), versioned);
}

CheckedSubmission Refused(Decision d) {
  CheckedSubmission c;
  c.decision = std::move(d);
  return c;
}

}  // namespace

// Steps 5-6 for a precinct protocol version, but for the version chain (Commit has the log).
CheckedSubmission Intake::CheckProtocol(protocol::Submission& s) {
  const CommissionTree& tree = election_.tree();
  std::vector<Error> problems;
  const protocol::PrecinctProtocol claimed =
      s.leaf ? std::move(std::get<protocol::PrecinctProtocol>(s.leaf->payload))
             : protocol::ProtocolFromJson(s.parsed->payload(), &problems);
  if (!problems.empty() || claimed.version < 1) {
    // Nothing below may rest on a payload that does not read (a version 0 would index nothing).
    Error e = problems.empty() ? CheckFailed("/version", "R-E1.correction", "a version is 1 or more") : problems.front();
    e.where = "/payload" + e.where;
    return Refused(RefuseFor(422, e, "R-E2.malformed"));
  }
  const size_t station = tree.FindStation(claimed.station);
  if (station == CommissionTree::kNone) {
    return Refused(Refuse(422, "R-D2.station",
                          "the protocol names station \"" + Shortened(claimed.station) + "\", which the definition does not have"));
  }
  const size_t pec = tree.FindCommission(tree.station(station).commission);
  const size_t submitter = tree.FindCommission(s.request.submitter);
  if (claimed.version <= 1 && submitter != pec) {
    return Refused(Refuse(403, "R-E2.entitled",
                          s.request.submitter + " may not submit the protocol of station " + claimed.station +
                              ": only its own commission, " + tree.commission(pec).id + ", may"));
  }
  if (claimed.version > 1) {
    if (submitter != pec && !tree.IsAncestor(submitter, pec)) {
      return Refused(Refuse(403, "R-E2.entitled",
                            s.request.submitter + " may not submit a correction for station " + claimed.station +
                                ": only its commission or one above it may"));
    }
    if (claimed.correction.decision.empty()) {
      return Refused(Refuse(403, "R-E1.decision",
                            "a correction of station " + claimed.station + "'s protocol (version " +
                                std::to_string(claimed.version) + ") names no decision that ordered it"));
    }
  }
  Status verified = s.leaf ? protocol::VerifyReadProtocol(
                                  claimed, s.leaf->signatures,
                                  [&](size_t k) { return s.leaf->SignatureVerifies(k); }, election_.protocol_context())
                            : protocol::VerifyProtocol(*s.parsed, election_.protocol_context()).status();
  if (!verified.ok()) {
    const Error& e = verified.error();
    // A correction signed by members of a commission above the station's (what 2007's territorial
    // commissions did) never takes a version of the station: stored as one, it would take the
    // version number of the station's own next correction and block it (decision 0012). Signed by
    // the submitting commission's own members, it is kept as evidence under its own kind and
    // subject (decision 0015); anything else is refused and not stored.
    if (e.rule == protocol::kAlterationRule) {
      protocol::Evidence evidence;
      Result<crypto::SignedObject> object = s.Object();
      Result<crypto::SignedObject> leaf =
          object.ok() && protocol::CheckAttemptedAlteration(*object, e, s.request.submitter,
                                                            election_.protocol_context(), &evidence)
                             .ok()
              ? protocol::MakeEvidence(evidence)
              : Result<crypto::SignedObject>(e);
      if (leaf.ok()) {
        CheckedSubmission c = Ready(store::ToStored(*leaf, protocol::EvidenceSubject(evidence), 1), /*versioned=*/false);
        Decision kept = RefuseFor(422, e, "R-E1.owning-commission");
        kept.outcome = ReceiptOutcome::kLoggedRefused;
        kept.message += "; kept in the public log as evidence of an attempted alteration, never counted: station " +
                        claimed.station + "'s own versions are not affected";
        c.evidence = std::move(kept);
        return c;
      }
    }
    return Refused(RefuseFor(e.code == ErrorCode::kBadSignature ? 401 : 422, e, "R-D3.signature"));
  }
  return Ready(s, claimed.station, claimed.version, /*versioned=*/true);
}

// Steps 5-6 for a turnout report.
CheckedSubmission Intake::CheckTurnout(protocol::Submission& s) {
  const CommissionTree& tree = election_.tree();
  std::vector<Error> problems;
  const protocol::TurnoutReport claimed = s.leaf ? std::move(std::get<protocol::TurnoutReport>(s.leaf->payload))
                                                 : protocol::TurnoutReportFromJson(s.parsed->payload(), &problems);
  if (!problems.empty()) {
    Error e = problems.front();
    e.where = "/payload" + e.where;
    return Refused(RefuseFor(422, e, "R-E2.malformed"));
  }
  const size_t station = tree.FindStation(claimed.station);
  if (station == CommissionTree::kNone) {
    return Refused(Refuse(422, "R-C5.station",
                          "the report names station \"" + Shortened(claimed.station) + "\", which the definition does not have"));
  }
  if (tree.station(station).commission != s.request.submitter) {
    return Refused(Refuse(403, "R-E2.entitled",
                          s.request.submitter + " may not submit the turnout of station " + claimed.station +
                              ": only its own commission, " + tree.station(station).commission + ", may"));
  }
  Status verified = s.leaf ? protocol::VerifyReadTurnoutReport(
                                  claimed, s.leaf->signatures,
                                  [&](size_t k) { return s.leaf->SignatureVerifies(k); }, election_.protocol_context())
                            : protocol::VerifyTurnoutReport(*s.parsed, election_.protocol_context()).status();
  if (!verified.ok()) {
    const Error& e = verified.error();
    return Refused(RefuseFor(e.code == ErrorCode::kBadSignature ? 401 : 422, e, "R-C5.signer"));
  }
  return Ready(s, protocol::TurnoutReportSubject(claimed), claimed.revision, /*versioned=*/false);
}

namespace {

// The first of a tier protocol's problems, saying how many there are.
Decision RefuseTier(int status, std::vector<Error> problems, std::string_view fallback_rule) {
  Error e = FirstOfProblems(std::move(problems));
  e.where = "/payload" + e.where;
  return RefuseFor(status, e, fallback_rule);
}

}  // namespace

// Steps 5-6 for a tier protocol (decision 0014): only its own commission submits it, signed
// with its key, and what it holds adds up. What it references is checked at commit.
CheckedSubmission Intake::CheckTier(protocol::Submission& s) {
  const CommissionTree& tree = election_.tree();
  const crypto::SignedObject& object = *s.parsed;  // read strictly: leaf_reader.h reads no tier protocol
  std::vector<Error> problems;
  auto claimed = std::make_shared<tabulate::TierProtocol>(tabulate::TierProtocolFromJson(object.payload(), &problems));
  if (!problems.empty()) return Refused(RefuseTier(422, std::move(problems), "R-E2.malformed"));
  if (claimed->commission != s.request.submitter) {
    return Refused(Refuse(403, "R-E2.entitled",
                          s.request.submitter + " may not submit the tier protocol of \"" +
                              Shortened(claimed->commission) + "\": only that commission itself may"));
  }
  const Commission& commission = tree.commission(tree.FindCommission(s.request.submitter));  // CheckRequest found it
  if (commission.tier == CommissionTier::kPrecinct) {
    return Refused(Refuse(422, "R-E1.shape",
                          commission.id + " is a PEC: its result is a precinct protocol, not a tier protocol"));
  }
  // CheckRequest read this key, and the request verified with it.
  const crypto::PublicKey key = crypto::PublicKey::FromHex(commission.public_key).value();
  if (Status signer = tabulate::VerifyTierProtocolSigner(object, commission.id, key); !signer.ok()) {
    Error e = signer.error();
    e.message = "the tier protocol of " + commission.id + ": " + e.message;
    return Refused(RefuseFor(401, e, "R-E1.signer"));
  }
  // What needs no log: its totals against its own figures (a TEC's), coverage, contests, R-E4.
  std::vector<Error> errors = tabulate::CheckTierProtocol(*claimed, tree, election_.definition_digest(), nullptr);
  if (!errors.empty()) return Refused(RefuseTier(422, std::move(errors), "R-E1.sum"));
  CheckedSubmission c = Ready(s, commission.id, 0, /*versioned=*/false);
  c.tier = std::move(claimed);
  return c;
}

namespace {

Decision Taken() {
  Decision d;
  d.status = 200;
  d.outcome = ReceiptOutcome::kLogged;
  return d;
}

}  // namespace

// The versions of one station as the batch sees them: those logged, then those taken earlier in
// the batch. The store is read once per station and batch; envelopes are parsed only when a
// correction's chain is checked.
struct Intake::StationVersions {
  std::vector<store::StoredObject> logged;
  std::vector<const store::StoredObject*> in_batch;
  std::vector<crypto::SignedObject> parsed;  // the first parsed.size() of logged, then in_batch

  size_t size() const { return logged.size() + in_batch.size(); }
  const store::StoredObject& at(size_t k) const { return k < logged.size() ? logged[k] : *in_batch[k - logged.size()]; }
};

namespace {

Result<crypto::SignedObject> ParseEnvelope(const std::string& envelope) {
  json::ParseOptions options;
  options.max_bytes = envelope.size();
  crypto::SignedObject::TextReading reading;
  return crypto::SignedObject::FromText(envelope, options, &reading);
}

}  // namespace

// Does `c`, a correction in the next free slot, continue the chain of `v`? Each version is
// parsed once per batch.
Decision Intake::CheckChain(const CheckedSubmission& c, StationVersions& v) const {
  while (v.parsed.size() < v.size()) {
    Result<crypto::SignedObject> earlier = ParseEnvelope(v.at(v.parsed.size()).envelope);
    if (!earlier.ok()) return Refuse(500, "R-E2.store", "a logged version does not read: " + earlier.error().message);
    v.parsed.push_back(std::move(earlier).value());
  }
  Result<crypto::SignedObject> next = ParseEnvelope(c.row.envelope);
  if (!next.ok()) return Refuse(500, "R-E2.store", "the correction does not read again: " + next.error().message);
  std::vector<crypto::SignedObject> chain = v.parsed;
  chain.push_back(std::move(next).value());
  if (Status holds = protocol::VerifyVersionChain(chain, election_.protocol_context()); !holds.ok()) {
    return RefuseFor(422, holds.error(), "R-E1.version-chain");
  }
  return Taken();
}

// The tier protocols of a batch: each commission's next version, and those taken earlier in it.
struct Intake::TierBatch {
  std::map<std::string, int64_t> next_version;  // by commission, once read
  struct Entry {
    int64_t version = 0;
    const tabulate::TierProtocol* protocol = nullptr;
  };
  std::map<std::string, Entry, std::less<>> taken;  // by hex digest
};

// Step 7 for a tier protocol: the same object as one logged is the same answer, at its version;
// otherwise it must hold against the log (CheckTierReferences) and takes its commission's next
// version, `*version`.
Decision Intake::CommitTier(const CheckedSubmission& c, std::map<std::string, StationVersions>& stations,
                            TierBatch& tiers, int64_t* version) {
  const std::string digest = c.row.digest.Hex();
  if (auto earlier = tiers.taken.find(digest); earlier != tiers.taken.end()) {
    *version = earlier->second.version;
    return Taken();
  }
  // By digest: a commission's earlier versions are not read (the CEC's are megabytes each).
  Result<std::optional<store::StoredObject>> logged = store_.Get(c.row.digest);
  if (!logged.ok()) return Refuse(503, "R-E2.store", "the store cannot be read now; try again: " + logged.error().message);
  if (logged->has_value() && (*logged)->kind == tabulate::kTierProtocolFormat && (*logged)->subject == c.row.subject) {
    *version = (*logged)->version;
    return Taken();
  }
  auto next = tiers.next_version.find(c.row.subject);
  if (next == tiers.next_version.end()) {
    // The latest version of every commission whose id begins with this one's: a few rows.
    Result<std::vector<store::StoredObject>> latest = store_.LatestWithPrefix(tabulate::kTierProtocolFormat, c.row.subject);
    if (!latest.ok()) return Refuse(503, "R-E2.store", "the store cannot be read now; try again: " + latest.error().message);
    int64_t n = 1;
    for (const store::StoredObject& o : *latest) {
      if (o.subject == c.row.subject) n = o.version + 1;
    }
    next = tiers.next_version.emplace(c.row.subject, n).first;
  }
  if (Decision d = CheckTierReferences(*c.tier, stations, tiers); d.status != 200) return d;
  *version = next->second++;
  tiers.taken.emplace(digest, TierBatch::Entry{*version, c.tier.get()});
  return Taken();
}

// Does tier protocol `p` hold against what is logged and earlier in the batch
// (tabulate::CheckTierProtocol)? Every version of each station it lists is read (one read for
// the stations the batch has not read yet, kept for the rest of the batch); only a TEC's
// referenced versions are parsed, for their figures. Child tier protocols are read by digest.
Decision Intake::CheckTierReferences(const tabulate::TierProtocol& p, std::map<std::string, StationVersions>& stations,
                                     const TierBatch& tiers) {
  const bool tec = p.tier == CommissionTier::kTerritorial;  // CheckTierProtocol found it the definition's
  std::vector<std::string> unread;
  for (const tabulate::PrecinctEntry& e : p.precincts) {
    if (stations.count(e.station) == 0) unread.push_back(e.station);
  }
  if (!unread.empty()) {
    auto logged = store_.VersionsOf(protocol::kPrecinctProtocolFormat, unread);
    if (!logged.ok()) return Refuse(503, "R-E2.store", "the store cannot be read now; try again: " + logged.error().message);
    for (const std::string& station : unread) {
      auto [it, fresh] = stations.try_emplace(station);  // a station listed twice is read once
      if (auto found = logged->find(station); fresh && found != logged->end()) it->second.logged = std::move(found->second);
    }
  }
  std::deque<protocol::PrecinctProtocol> precincts;  // what `index` points to
  std::deque<tabulate::TierProtocol> children;
  tabulate::PublishedProtocols index;
  std::set<std::string_view> listed;
  for (const tabulate::PrecinctEntry& e : p.precincts) {
    if (!listed.insert(e.station).second) continue;
    StationVersions& v = stations[e.station];
    for (size_t k = 0; k < v.size(); ++k) {
      std::string digest = v.at(k).digest.Hex();
      protocol::PrecinctProtocol& version = precincts.emplace_back();
      if (tec && digest == e.protocol_digest) {
        // Its figures, as signed: the payload of the logged envelope, or of the object in the batch.
        std::vector<Error> problems;
        Result<json::Value> doc = json::Parse(v.at(k).envelope);
        const json::Value* payload = doc.ok() ? doc->Find("payload") : nullptr;
        if (payload != nullptr) version = protocol::ProtocolFromJson(*payload, &problems);
        if (payload == nullptr || !problems.empty()) {
          return Refuse(500, "R-E2.store", "a logged protocol of station " + e.station + " does not read");
        }
      } else {
        // Logged (or taken) only after VerifyProtocol for this election: its row says which
        // station and version it is, and the rest is not compared.
        version.election_id = election_.definition().election_id;
        version.definition_digest = election_.definition_digest();
        version.station = e.station;
        version.version = static_cast<int64_t>(k) + 1;
      }
      index.AddPrecinct(std::move(digest), &version);
    }
  }
  for (const tabulate::ChildEntry& child : p.children) {
    if (auto earlier = tiers.taken.find(child.protocol_digest); earlier != tiers.taken.end()) {
      index.AddTier(child.protocol_digest, earlier->second.protocol);
      continue;
    }
    Result<Digest> digest = Digest::FromHex(child.protocol_digest);  // TierProtocolFromJson checked it
    if (!digest.ok()) continue;
    Result<std::optional<store::StoredObject>> logged = store_.Get(*digest);
    if (!logged.ok()) return Refuse(503, "R-E2.store", "the store cannot be read now; try again: " + logged.error().message);
    if (!logged->has_value() || (*logged)->kind != tabulate::kTierProtocolFormat) continue;  // R-E1.reference
    Result<json::Value> doc = json::Parse((*logged)->envelope);
    const json::Value* payload = doc.ok() ? doc->Find("payload") : nullptr;
    std::vector<Error> problems;
    if (payload != nullptr) children.push_back(tabulate::TierProtocolFromJson(*payload, &problems));
    if (payload == nullptr || !problems.empty()) {
      return Refuse(500, "R-E2.store", "the logged tier protocol of " + child.commission + " does not read");
    }
    index.AddTier(child.protocol_digest, &children.back());
  }
  std::vector<Error> errors = tabulate::CheckTierProtocol(p, election_.tree(), election_.definition_digest(), &index);
  if (!errors.empty()) return RefuseTier(422, std::move(errors), "R-E1.reference");
  return Taken();
}

// Steps 7-8 for a batch: version slots, forks and chains in batch order, then one PutBatch (one
// transaction, one fsync), then every log index.
std::vector<Decision> Intake::Commit(std::span<const CheckedSubmission* const> batch) {
  std::vector<Decision> out(batch.size());
  // Item i's answer is `d`, for its object.
  auto answer = [&](size_t i, Decision d) {
    d.object_digest = batch[i]->decision.object_digest;
    out[i] = std::move(d);
  };
  // What is logged of every station in the batch, in one read.
  std::vector<std::string> subjects;
  for (const CheckedSubmission* c : batch) {
    if (c->ready() && c->versioned) subjects.push_back(c->row.subject);
  }
  std::map<std::string, StationVersions> stations;
  auto logged = store_.VersionsOf(protocol::kPrecinctProtocolFormat, subjects);
  if (logged.ok()) {
    for (const std::string& subject : subjects) {
      auto [it, fresh] = stations.try_emplace(subject);  // a station twice in the batch is read once
      if (auto found = logged->find(subject); fresh && found != logged->end()) it->second.logged = std::move(found->second);
    }
  }
  std::vector<size_t> to_store;  // indices into batch of objects taken (new or already logged)
  TierBatch tiers;
  std::map<size_t, int64_t> tier_versions;  // batch index -> the version a tier protocol takes
  for (size_t i = 0; i < batch.size(); ++i) {
    const CheckedSubmission& c = *batch[i];
    if (!c.ready()) {
      out[i] = c.decision;
      continue;
    }
    if (c.tier) {
      int64_t version = 0;
      Decision d = CommitTier(c, stations, tiers, &version);
      const bool taken = d.status == 200;
      answer(i, std::move(d));
      if (!taken) continue;
      tier_versions[i] = version;
      to_store.push_back(i);
      continue;
    }
    if (!c.versioned) {
      answer(i, c.evidence ? *c.evidence : Taken());
      to_store.push_back(i);
      continue;
    }
    const std::string& station = c.row.subject;
    if (!logged.ok()) {
      answer(i, Refuse(503, "R-E2.store", "the store cannot be read now; try again: " + logged.error().message));
      continue;
    }
    StationVersions& v = stations[station];
    const int64_t next = static_cast<int64_t>(v.size()) + 1;
    const int64_t version = c.row.version;
    Decision d = Taken();
    if (version < next) {
      if (v.at(static_cast<size_t>(version - 1)).digest != c.row.digest) {
        d = Refuse(409, "R-E1.fork",
                   "version " + std::to_string(version) + " of station " + station +
                       " is already logged, and it is another protocol: a version is never replaced");
      }
    } else if (version > next) {
      d = Refuse(409, "R-E1.version-chain",
                 "version " + std::to_string(next) + " of station " + station +
                     " has not been received yet; send the versions in order");
    } else if (version > 1) {
      d = CheckChain(c, v);
    }
    const bool taken = d.status == 200;
    answer(i, std::move(d));
    if (!taken) continue;
    if (version == next) v.in_batch.push_back(&c.row);
    to_store.push_back(i);
  }

  std::vector<store::StoredObject> rows;
  rows.reserve(to_store.size());
  for (size_t i : to_store) rows.push_back(batch[i]->row);
  for (size_t k = 0; k < to_store.size(); ++k) {
    if (auto v = tier_versions.find(to_store[k]); v != tier_versions.end()) rows[k].version = v->second;
  }
  Result<size_t> put = store_.PutBatch(rows);
  if (!put.ok() && put.error().code == ErrorCode::kAlreadyExists) {
    // Another server process took one of these slots first: find which, one at a time.
    for (size_t k = 0; k < to_store.size(); ++k) {
      Result<bool> one = store_.Put(rows[k]);
      if (one.ok()) continue;
      answer(to_store[k], one.error().code == ErrorCode::kAlreadyExists
                              ? Refuse(409, "R-E1.fork",
                                       "another object is already logged as version " +
                                           std::to_string(rows[k].version) + " of " + rows[k].subject + ": " +
                                           one.error().message)
                              : Refuse(503, "R-E2.store", "not stored; try again: " + one.error().message));
    }
  } else if (!put.ok()) {
    for (size_t i : to_store) answer(i, Refuse(503, "R-E2.store", "not stored; try again: " + put.error().message));
    return out;
  }
  std::vector<Digest> digests;
  for (size_t i : to_store) digests.push_back(batch[i]->row.digest);
  Result<std::vector<std::optional<uint64_t>>> indices = store_.LogIndicesOf(digests);
  for (size_t k = 0; k < to_store.size(); ++k) {
    const size_t i = to_store[k];
    const bool kept = out[i].status == 200 || (batch[i]->evidence && out[i].outcome == ReceiptOutcome::kLoggedRefused);
    if (!kept) continue;
    if (!indices.ok() || !(*indices)[k].has_value()) {
      // Durable, but the index cannot be read: the object's own retry will be answered with it.
      answer(i, Refuse(503, "R-E2.store", "stored, but its log index cannot be read now; send it again"));
      continue;
    }
    out[i].log_index = *(*indices)[k];
  }
  return out;
}

IntakeAnswer Intake::Answer(Decision d) const {
  IntakeAnswer answer;
  answer.status = d.status;
  answer.receipt.election_id = election_.definition().election_id;
  answer.receipt.object_digest = std::move(d.object_digest);
  answer.receipt.outcome = d.outcome;
  answer.receipt.log_index = d.log_index;
  answer.receipt.rule = std::move(d.rule);
  answer.receipt.message = std::move(d.message);
  // A receipt payload is always a valid object with a format: Create cannot fail here.
  answer.signed_receipt = crypto::SignedObject::Create(protocol::ReceiptToJson(answer.receipt)).value();
  (void)answer.signed_receipt.AddSignature("server", server_key_);
  return answer;
}

}  // namespace ashyq::server
