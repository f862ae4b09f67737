#include "server/intake.h"

#include <optional>
#include <utility>
#include <vector>

#include "core/utc_time.h"
#include "protocol/precinct_protocol.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "protocol/turnout_report.h"

namespace ashyq::server {

using protocol::ReceiptOutcome;

// What the door does with one submission, before it is signed as a receipt.
struct Intake::Decision {
  int status = 400;
  ReceiptOutcome outcome = ReceiptOutcome::kRefused;
  std::optional<uint64_t> log_index;
  std::string object_digest;
  std::string rule;
  std::string message;
};

namespace {

Intake::Decision Refuse(int status, std::string rule, std::string message) {
  Intake::Decision d;
  d.status = status;
  d.rule = std::move(rule);
  d.message = std::move(message);
  return d;
}

// A refusal carrying the object's own error: its rule, its message and where it was found.
Intake::Decision RefuseFor(int status, const Error& e, std::string_view fallback_rule) {
  std::string message = e.message;
  if (!e.where.empty()) message += " (at /object" + e.where + ")";
  return Refuse(status, e.rule.empty() ? std::string(fallback_rule) : e.rule, std::move(message));
}

}  // namespace

Intake::Intake(const protocol::ElectionContext& election, store::Store& store, crypto::SigningKey server_key,
               std::chrono::system_clock::time_point started, IntakeOptions options)
    : election_(election), store_(store), server_key_(std::move(server_key)), started_(started), options_(options) {}

IntakeAnswer Intake::Submit(std::string_view body, std::chrono::system_clock::time_point now) {
  return Answer(Decide(body, now));
}

Intake::Decision Intake::Decide(std::string_view body, std::chrono::system_clock::time_point now) {
  if (body.size() > options_.max_body_bytes) {
    return Refuse(413, "R-E2.malformed",
                  "the submission is " + std::to_string(body.size()) + " bytes; the server takes at most " +
                      std::to_string(options_.max_body_bytes));
  }
  Result<protocol::Submission> read = protocol::ReadSubmission(body, options_.max_body_bytes);
  if (!read.ok()) {
    return Refuse(400, "R-E2.malformed", "the submission does not read: " + read.error().ToString());
  }
  const protocol::Submission& s = *read;
  Decision request = CheckRequest(s, now);
  if (request.status != 200) {
    request.object_digest = s.object.digest().Hex();
    return request;
  }
  Decision taken;
  const std::string& format = s.object.payload_format();
  if (format == protocol::kPrecinctProtocolFormat) {
    taken = TakeProtocol(s);
  } else if (format == protocol::kTurnoutReportFormat) {
    taken = TakeTurnout(s);
  } else {
    taken = Refuse(422, "R-E2.kind", "the server does not take objects of format \"" + format + "\"");
  }
  taken.object_digest = s.object.digest().Hex();
  return taken;
}

// Steps 2-4: this election, signed by its submitter with the definition's key, fresh.
Intake::Decision Intake::CheckRequest(const protocol::Submission& s, std::chrono::system_clock::time_point now) {
  const protocol::SubmissionRequest& r = s.request;
  const ElectionDefinition& def = election_.definition();
  if (r.election_id != def.election_id) {
    return Refuse(400, "R-E2.malformed",
                  "the request is for election \"" + r.election_id + "\"; this server runs \"" + def.election_id + "\"");
  }
  const size_t c = election_.tree().FindCommission(r.submitter);
  if (c == CommissionTree::kNone) {
    return Refuse(401, "R-E2.submitter", "\"" + r.submitter + "\" is no commission of this election");
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
  ForgetOldNonces(now);
  if (!nonces_.emplace(std::make_pair(r.submitter, r.nonce), at).second) {
    return Refuse(409, "R-E2.replay", "this request (its nonce) was already received: a request is taken once");
  }
  Decision ok;
  ok.status = 200;
  return ok;
}

void Intake::ForgetOldNonces(std::chrono::system_clock::time_point now) {
  // A nonce older than max_age can never come back: its request would be stale.
  for (auto it = nonces_.begin(); it != nonces_.end();) {
    it = it->second < now - options_.max_age - std::chrono::seconds(1) ? nonces_.erase(it) : std::next(it);
  }
}

// Steps 5-7 for a precinct protocol version.
Intake::Decision Intake::TakeProtocol(const protocol::Submission& s) {
  const CommissionTree& tree = election_.tree();
  std::vector<Error> problems;
  const protocol::PrecinctProtocol claimed = protocol::ProtocolFromJson(s.object.payload(), &problems);
  if (!problems.empty() || claimed.version < 1) {
    // Nothing below may rest on a payload that does not read (a version 0 would index nothing).
    Error e = problems.empty() ? CheckFailed("/version", "R-E1.correction", "a version is 1 or more") : problems.front();
    e.where = "/payload" + e.where;
    return RefuseFor(422, e, "R-E2.malformed");
  }
  const size_t station = tree.FindStation(claimed.station);
  if (station == CommissionTree::kNone) {
    return Refuse(422, "R-D2.station", "the protocol names station \"" + claimed.station + "\", which the definition does not have");
  }
  const size_t pec = tree.FindCommission(tree.station(station).commission);
  const size_t submitter = tree.FindCommission(s.request.submitter);
  if (claimed.version <= 1 && submitter != pec) {
    return Refuse(403, "R-E2.entitled",
                  s.request.submitter + " may not submit the protocol of station " + claimed.station +
                      ": only its own commission, " + tree.commission(pec).id + ", may");
  }
  if (claimed.version > 1) {
    if (submitter != pec && !tree.IsAncestor(submitter, pec)) {
      return Refuse(403, "R-E2.entitled",
                    s.request.submitter + " may not submit a correction for station " + claimed.station +
                        ": only its commission or one above it may");
    }
    if (claimed.correction.decision.empty()) {
      return Refuse(403, "R-E1.decision",
                    "a correction of station " + claimed.station + "'s protocol (version " +
                        std::to_string(claimed.version) + ") names no decision that ordered it");
    }
  }

  // The versions already logged, and where this one falls among them.
  Result<std::vector<store::StoredObject>> logged = store_.Versions(protocol::kPrecinctProtocolFormat, claimed.station);
  if (!logged.ok()) return Refuse(503, "R-E2.store", "the store cannot be read now; try again: " + logged.error().message);
  const int64_t next = static_cast<int64_t>(logged->size()) + 1;
  if (claimed.version < next) {
    const store::StoredObject& same = (*logged)[static_cast<size_t>(claimed.version - 1)];
    if (same.digest != s.object.digest()) {
      return Refuse(409, "R-E1.fork",
                    "version " + std::to_string(claimed.version) + " of station " + claimed.station +
                        " is already logged, and it is another protocol: a version is never replaced");
    }
  } else if (claimed.version > next) {
    return Refuse(409, "R-E1.version-chain",
                  "version " + std::to_string(next) + " of station " + claimed.station +
                      " has not been received yet; send the versions in order");
  }

  Result<protocol::PrecinctProtocol> verified = protocol::VerifyProtocol(s.object, election_.protocol_context());
  if (!verified.ok()) {
    const Error& e = verified.error();
    // A correction signed by members of a commission above the station's (what 2007's territorial
    // commissions did) is refused and not stored: stored as a version, it would take the version
    // number of the station's own next correction and block it (decision 0012).
    return RefuseFor(e.code == ErrorCode::kBadSignature ? 401 : 422, e, "R-D3.signature");
  }
  if (claimed.version > 1) {
    std::vector<crypto::SignedObject> chain;
    for (size_t k = 0; k + 1 < static_cast<size_t>(claimed.version); ++k) {
      Result<json::Value> doc = json::Parse((*logged)[k].envelope);
      Result<crypto::SignedObject> earlier = doc.ok() ? crypto::SignedObject::FromJson(*doc)
                                                      : Result<crypto::SignedObject>(doc.error());
      if (!earlier.ok()) return Refuse(500, "R-E2.store", "a logged version does not read: " + earlier.error().message);
      chain.push_back(std::move(earlier).value());
    }
    chain.push_back(s.object);
    if (Status holds = protocol::VerifyVersionChain(chain, election_.protocol_context()); !holds.ok()) {
      return RefuseFor(422, holds.error(), "R-E1.version-chain");
    }
  }
  return Store(s.object, claimed.station, claimed.version);
}

// Steps 5-7 for a turnout report.
Intake::Decision Intake::TakeTurnout(const protocol::Submission& s) {
  const CommissionTree& tree = election_.tree();
  std::vector<Error> problems;
  const protocol::TurnoutReport claimed = protocol::TurnoutReportFromJson(s.object.payload(), &problems);
  if (!problems.empty()) {
    Error e = problems.front();
    e.where = "/payload" + e.where;
    return RefuseFor(422, e, "R-E2.malformed");
  }
  const size_t station = tree.FindStation(claimed.station);
  if (station == CommissionTree::kNone) {
    return Refuse(422, "R-C5.station", "the report names station \"" + claimed.station + "\", which the definition does not have");
  }
  if (tree.station(station).commission != s.request.submitter) {
    return Refuse(403, "R-E2.entitled",
                  s.request.submitter + " may not submit the turnout of station " + claimed.station +
                      ": only its own commission, " + tree.station(station).commission + ", may");
  }
  Result<protocol::TurnoutReport> verified = protocol::VerifyTurnoutReport(s.object, election_.protocol_context());
  if (!verified.ok()) {
    const Error& e = verified.error();
    return RefuseFor(e.code == ErrorCode::kBadSignature ? 401 : 422, e, "R-C5.signer");
  }
  return Store(s.object, protocol::TurnoutReportSubject(*verified), verified->revision);
}

Intake::Decision Intake::Store(const crypto::SignedObject& object, const std::string& subject, int64_t version) {
  Result<bool> put = store_.Put(store::ToStored(object, subject, version));
  if (!put.ok()) {
    if (put.error().code == ErrorCode::kAlreadyExists) {
      return Refuse(409, "R-E1.fork", "another object is already logged as version " + std::to_string(version) +
                                          " of " + subject + ": " + put.error().message);
    }
    return Refuse(503, "R-E2.store", "not stored; try again: " + put.error().message);
  }
  Result<std::optional<uint64_t>> index = store_.LogIndexOf(object.digest());
  if (!index.ok() || !index->has_value()) {
    return Refuse(503, "R-E2.store", "stored, but its log index cannot be read now; send it again");
  }
  Decision d;
  d.log_index = **index;
  d.status = 200;
  d.outcome = ReceiptOutcome::kLogged;
  return d;
}

IntakeAnswer Intake::Answer(Decision d) {
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
