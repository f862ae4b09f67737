#include "server/intake.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/shortened.h"
#include "core/utc_time.h"
#include "protocol/evidence.h"
#include "protocol/precinct_protocol.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "protocol/turnout_report.h"

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
  const protocol::Submission& s = *read;
  if (Decision request = CheckRequest(s, now); request.status != 200) {
    out.decision = std::move(request);
  } else if (s.object.payload_format() == protocol::kPrecinctProtocolFormat) {
    out = CheckProtocol(s);
  } else if (s.object.payload_format() == protocol::kTurnoutReportFormat) {
    out = CheckTurnout(s);
  } else {
    out.decision = Refuse(422, "R-E2.kind",
                         "the server does not take objects of format \"" + Shortened(s.object.payload_format()) + "\"");
  }
  out.decision.object_digest = s.object.digest().Hex();
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
  if (s.request_envelope.signatures().size() != 1) {
    return Refuse(401, "R-E2.submitter", "a request carries exactly one signature, its submitter's");
  }
  if (Status signed_by = s.request_envelope.VerifySignedBy(r.submitter, *key); !signed_by.ok()) {
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

CheckedSubmission Ready(const crypto::SignedObject& object, std::string subject, int64_t version, bool versioned) {
  CheckedSubmission c;
  c.decision.status = 200;
  c.object = object;
  c.subject = std::move(subject);
  c.version = version;
  c.versioned = versioned;
  return c;
}

CheckedSubmission Refused(Decision d) {
  CheckedSubmission c;
  c.decision = std::move(d);
  return c;
}

}  // namespace

// Steps 5-6 for a precinct protocol version, but for the version chain (Commit has the log).
CheckedSubmission Intake::CheckProtocol(const protocol::Submission& s) {
  const CommissionTree& tree = election_.tree();
  std::vector<Error> problems;
  const protocol::PrecinctProtocol claimed = protocol::ProtocolFromJson(s.object.payload(), &problems);
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
  Result<protocol::PrecinctProtocol> verified = protocol::VerifyProtocol(s.object, election_.protocol_context());
  if (!verified.ok()) {
    const Error& e = verified.error();
    // A correction signed by members of a commission above the station's (what 2007's territorial
    // commissions did) never takes a version of the station: stored as one, it would take the
    // version number of the station's own next correction and block it (decision 0012). Signed by
    // the submitting commission's own members, it is kept as evidence under its own kind and
    // subject (decision 0015); anything else is refused and not stored.
    protocol::Evidence evidence;
    if (e.rule == protocol::kAlterationRule &&
        protocol::CheckAttemptedAlteration(s.object, e, s.request.submitter, election_.protocol_context(), &evidence)
            .ok()) {
      Result<crypto::SignedObject> leaf = protocol::MakeEvidence(evidence);
      if (leaf.ok()) {
        CheckedSubmission c = Ready(*leaf, protocol::EvidenceSubject(evidence), 1, /*versioned=*/false);
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
  return Ready(s.object, claimed.station, claimed.version, /*versioned=*/true);
}

// Steps 5-6 for a turnout report.
CheckedSubmission Intake::CheckTurnout(const protocol::Submission& s) {
  const CommissionTree& tree = election_.tree();
  std::vector<Error> problems;
  const protocol::TurnoutReport claimed = protocol::TurnoutReportFromJson(s.object.payload(), &problems);
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
  Result<protocol::TurnoutReport> verified = protocol::VerifyTurnoutReport(s.object, election_.protocol_context());
  if (!verified.ok()) {
    const Error& e = verified.error();
    return Refused(RefuseFor(e.code == ErrorCode::kBadSignature ? 401 : 422, e, "R-C5.signer"));
  }
  return Ready(s.object, protocol::TurnoutReportSubject(*verified), verified->revision, /*versioned=*/false);
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
// the batch. The store is read once per station and batch; logged envelopes are parsed only when
// a correction's chain is checked.
struct Intake::StationVersions {
  std::vector<store::StoredObject> logged;
  std::vector<const crypto::SignedObject*> in_batch;
  std::optional<std::vector<crypto::SignedObject>> logged_parsed;

  size_t size() const { return logged.size() + in_batch.size(); }
  Digest DigestOf(size_t k) const { return k < logged.size() ? logged[k].digest : in_batch[k - logged.size()]->digest(); }
};

// Does `c`, a correction in the next free slot, continue the chain of `v`? The versions logged
// are parsed once per batch.
Decision Intake::CheckChain(const CheckedSubmission& c, StationVersions& v) const {
  if (!v.logged_parsed) {
    std::vector<crypto::SignedObject> parsed;
    for (const store::StoredObject& o : v.logged) {
      Result<json::Value> doc = json::Parse(o.envelope);
      Result<crypto::SignedObject> earlier =
          doc.ok() ? crypto::SignedObject::FromJson(*doc) : Result<crypto::SignedObject>(doc.error());
      if (!earlier.ok()) return Refuse(500, "R-E2.store", "a logged version does not read: " + earlier.error().message);
      parsed.push_back(std::move(earlier).value());
    }
    v.logged_parsed = std::move(parsed);
  }
  std::vector<crypto::SignedObject> chain = *v.logged_parsed;
  for (const crypto::SignedObject* taken : v.in_batch) chain.push_back(*taken);
  chain.push_back(c.object);
  if (Status holds = protocol::VerifyVersionChain(chain, election_.protocol_context()); !holds.ok()) {
    return RefuseFor(422, holds.error(), "R-E1.version-chain");
  }
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
  std::map<std::string, StationVersions> stations;
  std::vector<size_t> to_store;  // indices into batch of objects taken (new or already logged)
  for (size_t i = 0; i < batch.size(); ++i) {
    const CheckedSubmission& c = *batch[i];
    if (!c.ready()) {
      out[i] = c.decision;
      continue;
    }
    if (!c.versioned) {
      answer(i, c.evidence ? *c.evidence : Taken());
      to_store.push_back(i);
      continue;
    }
    auto [it, fresh] = stations.try_emplace(c.subject);
    StationVersions& v = it->second;
    if (fresh) {
      Result<std::vector<store::StoredObject>> logged = store_.Versions(protocol::kPrecinctProtocolFormat, c.subject);
      if (!logged.ok()) {
        stations.erase(it);
        answer(i, Refuse(503, "R-E2.store", "the store cannot be read now; try again: " + logged.error().message));
        continue;
      }
      v.logged = std::move(logged).value();
    }
    const int64_t next = static_cast<int64_t>(v.size()) + 1;
    Decision d = Taken();
    if (c.version < next) {
      if (v.DigestOf(static_cast<size_t>(c.version - 1)) != c.object.digest()) {
        d = Refuse(409, "R-E1.fork",
                   "version " + std::to_string(c.version) + " of station " + c.subject +
                       " is already logged, and it is another protocol: a version is never replaced");
      }
    } else if (c.version > next) {
      d = Refuse(409, "R-E1.version-chain",
                 "version " + std::to_string(next) + " of station " + c.subject +
                     " has not been received yet; send the versions in order");
    } else if (c.version > 1) {
      d = CheckChain(c, v);
    }
    const bool taken = d.status == 200;
    answer(i, std::move(d));
    if (!taken) continue;
    if (c.version == next) v.in_batch.push_back(&c.object);
    to_store.push_back(i);
  }

  std::vector<store::StoredObject> rows;
  rows.reserve(to_store.size());
  for (size_t i : to_store) rows.push_back(store::ToStored(batch[i]->object, batch[i]->subject, batch[i]->version));
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
  for (size_t i : to_store) {
    const bool kept = out[i].status == 200 || (batch[i]->evidence && out[i].outcome == ReceiptOutcome::kLoggedRefused);
    if (!kept) continue;
    Result<std::optional<uint64_t>> index = store_.LogIndexOf(batch[i]->object.digest());
    if (!index.ok() || !index->has_value()) {
      // Durable, but the index cannot be read: the object's own retry will be answered with it.
      answer(i, Refuse(503, "R-E2.store", "stored, but its log index cannot be read now; send it again"));
      continue;
    }
    out[i].log_index = **index;
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
