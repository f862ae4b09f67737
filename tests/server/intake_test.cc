// The commission server's door (server/intake.h): the bad-input table of issue 17, each case
// with its status and rule, and nothing stored.
#include "server/intake.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "core/utc_time.h"
#include "protocol/evidence.h"
#include "protocol/protocol_json.h"
#include "protocol/turnout_report.h"
#include "server_fixture.h"
#include "sim/count_signing.h"
#include "sim/recount.h"
#include "sim/tec_alteration.h"
#include "sim/turnout_simulator.h"
#include "store/sqlite_store.h"

namespace ashyq::server {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using Clock = std::chrono::system_clock;

class IntakeTest : public testing::CountedElectionTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    // A fresh store holding only the definition: everything else comes through the door.
    door_store_ = StoreWithDefinition("intake.db");
    ASSERT_NE(door_store_, nullptr);
    intake_ = std::make_unique<Intake>(*election_, *door_store_, testing::TestKey(42), started_);
  }


  // `object` submitted by `submitter`, signed with the simulated key of `signer` (default: the submitter).
  std::string Body(const crypto::SignedObject& object, const std::string& submitter, Clock::time_point at,
                   std::string signer = "", std::string nonce = protocol::FreshNonce()) {
    if (signer.empty()) signer = submitter;
    protocol::SubmissionRequest r;
    r.election_id = election_->definition().election_id;
    r.submitter = submitter;
    r.nonce = std::move(nonce);
    r.time = UtcTimestamp(at);
    Result<std::string> body = protocol::MakeSubmission(object, r, sim::SimulatedKeyFor(*keyring_, signer));
    EXPECT_TRUE(body.ok()) << body.error().ToString();
    return body.ok() ? *body : std::string();
  }

  uint64_t LogSize() { return *door_store_->LogSize(); }

  // The answer has `status` and `rule`, its receipt verifies with the server's key, and the log
  // did not grow.
  void ExpectRefused(const IntakeAnswer& a, int status, std::string_view rule) {
    EXPECT_EQ(a.status, status) << a.receipt.message;
    EXPECT_EQ(a.receipt.rule, rule) << a.receipt.message;
    EXPECT_EQ(a.receipt.outcome, protocol::ReceiptOutcome::kRefused);
    EXPECT_FALSE(a.receipt.log_index.has_value());
    EXPECT_FALSE(a.receipt.message.empty());
    EXPECT_TRUE(a.signed_receipt.VerifySignedBy("server", intake_->server_key()).ok());
    EXPECT_EQ(LogSize(), 1u) << "nothing but the definition may be stored";
  }

  // A copy of version 1 of `p` with one figure changed, signed again by the PEC's members: the
  // signatures hold, the arithmetic does not.
  crypto::SignedObject Inconsistent(const crypto::SignedObject& p) {
    std::vector<Error> problems;
    protocol::PrecinctProtocol read = protocol::ProtocolFromJson(p.payload(), &problems);
    read.contests.front().ballots_in_stationary_boxes += 7;
    crypto::SignedObject out = crypto::SignedObject::Create(protocol::ProtocolToJson(read)).value();
    for (const crypto::SignatureEntry& e : p.signatures()) {
      EXPECT_TRUE(out.AddSignature(e.signer, sim::SimulatedKeyFor(*keyring_, e.signer)).ok());
    }
    return out;
  }

  // 2007's fault: a TEC's own "correction" of one station (sim::AlterProtocolsAtTec), made after
  // that station's version 1 was logged through the door. nullopt (and a failure) if not made.
  struct TecAttempt {
    sim::TecAlteration altered;
    std::string station;
    const crypto::SignedObject* original = nullptr;  // the station's version 1, in protocols_
  };
  std::optional<TecAttempt> LoggedThenAlteredAtTec() {
    Result<sim::TecAlteration> altered = sim::AlterProtocolsAtTec(protocols_, election_->protocol_context(), *keyring_,
                                                                  1, sim::TecAlterationKind::kOwnCorrection);
    EXPECT_TRUE(altered.ok()) << altered.error().ToString();
    if (!altered.ok()) return std::nullopt;
    TecAttempt out{std::move(altered).value(), "", nullptr};
    out.station = out.altered.stations.front();
    for (const crypto::SignedObject& p : protocols_) {
      if (StationOf(p) == out.station) out.original = &p;
    }
    EXPECT_NE(out.original, nullptr);
    if (out.original == nullptr) return std::nullopt;
    const IntakeAnswer logged = intake_->Submit(Body(*out.original, PecOf(out.station), now_), now_);
    EXPECT_EQ(logged.status, 200) << logged.receipt.message;
    if (logged.status != 200) return std::nullopt;
    return out;
  }

  const Clock::time_point started_ = Clock::now() - minutes(1);
  const Clock::time_point now_ = Clock::now();
  std::unique_ptr<store::Store> door_store_;
  std::unique_ptr<Intake> intake_;
};

TEST_F(IntakeTest, APecsProtocolIsLoggedAndTheSameObjectGetsTheSameReceipt) {
  const crypto::SignedObject& p = protocols_.front();
  const std::string pec = PecOf(StationOf(p));
  const IntakeAnswer first = intake_->Submit(Body(p, pec, now_), now_);
  ASSERT_EQ(first.status, 200) << first.receipt.rule << ": " << first.receipt.message;
  EXPECT_EQ(first.receipt.outcome, protocol::ReceiptOutcome::kLogged);
  ASSERT_TRUE(first.receipt.log_index.has_value());
  EXPECT_EQ(*first.receipt.log_index, 1u);
  EXPECT_EQ(first.receipt.object_digest, p.digest().Hex());
  EXPECT_TRUE(first.signed_receipt.VerifySignedBy("server", intake_->server_key()).ok());
  Result<protocol::Receipt> reread = protocol::ReceiptFromJson(first.signed_receipt.payload());
  ASSERT_TRUE(reread.ok()) << reread.error().ToString();
  EXPECT_EQ(*reread, first.receipt);

  const IntakeAnswer again = intake_->Submit(Body(p, pec, now_ + seconds(5)), now_ + seconds(5));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.signed_receipt.ToCanonicalJson(), first.signed_receipt.ToCanonicalJson());
  EXPECT_EQ(LogSize(), 2u);
}

TEST_F(IntakeTest, MalformedAndOversizedBodiesAreRefused) {
  ExpectRefused(intake_->Submit("{\"object\": [", now_), 400, "R-E2.malformed");
  ExpectRefused(intake_->Submit("{\"object\": {}, \"request\": {}}", now_), 400, "R-E2.malformed");
  ExpectRefused(intake_->Submit(std::string(IntakeOptions{}.max_body_bytes + 1, ' '), now_), 413, "R-E2.malformed");
  // A request that names another object than the one it carries.
  std::string body = Body(protocols_[0], PecOf(StationOf(protocols_[0])), now_);
  Result<json::Value> doc = json::Parse(body);
  ASSERT_TRUE(doc.ok());
  doc->Set("object", protocols_[1].ToJson());
  ExpectRefused(intake_->Submit(json::Canonicalize(*doc), now_), 400, "R-E2.malformed");
}

// protocol::ReadSubmission reads a canonical body without a DOM; any other body strictly. The
// two readings agree: on the bodies stations send, the same bodies rewritten, and every byte of
// them changed (each case read both ways: a trailing space sends it down the strict path).
TEST_F(IntakeTest, ACanonicalBodyReadsAsTheSameBodyRewritten) {
  const std::vector<crypto::SignedObject> reports = SignedTurnout();
  const crypto::SignedObject& p = protocols_.front();
  const crypto::SignedObject& t = reports.front();
  for (const std::string& body : {Body(p, PecOf(StationOf(p)), now_), Body(t, PecOf(StationOf(t)), now_)}) {
    auto fast = protocol::ReadSubmission(body, size_t{1} << 20);
    auto strict = protocol::ReadSubmission(json::Pretty(*json::Parse(body)), size_t{1} << 20);
    ASSERT_TRUE(fast.ok() && strict.ok());
    EXPECT_TRUE(fast->leaf.has_value() && !fast->parsed.has_value());
    EXPECT_TRUE(strict->parsed.has_value() && !strict->leaf.has_value());
    EXPECT_EQ(fast->object_text, strict->object_text);
    EXPECT_EQ(fast->object_format, strict->object_format);
    EXPECT_EQ(fast->object_digest, strict->object_digest);
    EXPECT_EQ(fast->request_digest, strict->request_digest);
    ASSERT_EQ(fast->request_signatures.size(), strict->request_signatures.size());
    EXPECT_EQ(fast->request_signatures[0].signature, strict->request_signatures[0].signature);
    EXPECT_EQ(fast->request.nonce, strict->request.nonce);
    EXPECT_EQ(fast->request.envelope_digest, strict->request.envelope_digest);
    EXPECT_EQ(fast->Object()->ToCanonicalJson(), strict->parsed->ToCanonicalJson());

    size_t read_fast = 0;
    for (size_t at = 0; at < body.size(); at += 3) {
      for (char c : {'0', '"', 'x', ','}) {
        std::string changed = body;
        if (changed[at] == c) continue;
        changed[at] = c;
        auto a = protocol::ReadSubmission(changed, size_t{1} << 20);
        auto b = protocol::ReadSubmission(changed + " ", size_t{1} << 20);
        ASSERT_EQ(a.ok(), b.ok()) << "byte " << at << " -> " << c;
        if (!a.ok()) {
          // The same error (but where the text ends, one column later with the space).
          EXPECT_EQ(a.error().code, b.error().code) << "byte " << at << " -> " << c;
          EXPECT_EQ(a.error().rule, b.error().rule) << "byte " << at << " -> " << c;
          EXPECT_EQ(a.error().message, b.error().message) << "byte " << at << " -> " << c;
          continue;
        }
        read_fast += a->leaf.has_value();
        EXPECT_EQ(a->object_text, b->object_text);
        EXPECT_EQ(a->object_digest, b->object_digest);
        EXPECT_EQ(a->request.time, b->request.time);
        EXPECT_EQ(a->request.nonce, b->request.nonce);
        EXPECT_EQ(a->request.submitter, b->request.submitter);
        EXPECT_EQ(a->request_digest, b->request_digest);
        EXPECT_EQ(a->request_signatures.size(), b->request_signatures.size());
      }
    }
    EXPECT_GT(read_fast, 0u);  // changes to the request's signature bytes still read (they fail later)
  }
  // The door takes a rewritten body as it takes the canonical one.
  const IntakeAnswer pretty = intake_->Submit(json::Pretty(*json::Parse(Body(p, PecOf(StationOf(p)), now_))), now_);
  EXPECT_EQ(pretty.status, 200) << pretty.receipt.message;
  EXPECT_EQ(pretty.receipt.object_digest, p.digest().Hex());
}

TEST_F(IntakeTest, AWrongOrUnknownSubmitterKeyIsRefused) {
  const crypto::SignedObject& p = protocols_.front();
  const std::string pec = PecOf(StationOf(p));
  const std::string other = PecOf(StationOf(protocols_.back()));
  ASSERT_NE(pec, other);
  ExpectRefused(intake_->Submit(Body(p, pec, now_, /*signer=*/other), now_), 401, "R-E2.submitter");
  ExpectRefused(intake_->Submit(Body(p, "pec-nowhere-0001", now_, /*signer=*/pec), now_), 401, "R-E2.submitter");
}

TEST_F(IntakeTest, ReplayedAndStaleRequestsAreRefused) {
  const crypto::SignedObject& p = protocols_.front();
  const std::string pec = PecOf(StationOf(p));
  ExpectRefused(intake_->Submit(Body(p, pec, now_ - minutes(6)), now_), 401, "R-E2.stale");
  ExpectRefused(intake_->Submit(Body(p, pec, now_ + minutes(2)), now_), 401, "R-E2.stale");
  ExpectRefused(intake_->Submit(Body(p, pec, started_ - minutes(2)), started_ + seconds(30)), 401, "R-E2.stale");
  const std::string body = Body(p, pec, now_);
  ASSERT_EQ(intake_->Submit(body, now_).status, 200);
  const IntakeAnswer replay = intake_->Submit(body, now_ + seconds(1));
  EXPECT_EQ(replay.status, 409);
  EXPECT_EQ(replay.receipt.rule, "R-E2.replay");
  EXPECT_EQ(LogSize(), 2u);
}

TEST_F(IntakeTest, APecSubmittingForAnotherStationIsRefused) {
  const crypto::SignedObject& p = protocols_.front();
  const std::string other = PecOf(StationOf(protocols_.back()));
  ExpectRefused(intake_->Submit(Body(p, other, now_), now_), 403, "R-E2.entitled");
}

TEST_F(IntakeTest, AProtocolWhoseSignaturesDoNotHoldIsRefused) {
  // The payload changed after the members signed: their signatures no longer verify.
  const crypto::SignedObject& p = protocols_.front();
  json::Value envelope = p.ToJson();
  envelope.Find("payload")->Set("signed_at", json::Value("2007-08-19T05:55"));
  Result<crypto::SignedObject> edited = crypto::SignedObject::FromJson(envelope);
  ASSERT_TRUE(edited.ok());
  ExpectRefused(intake_->Submit(Body(*edited, PecOf(StationOf(p)), now_), now_), 401, "R-D3.signature");
}

TEST_F(IntakeTest, AProtocolFailingReconciliationIsRefused) {
  const crypto::SignedObject& p = protocols_.front();
  const IntakeAnswer a = intake_->Submit(Body(Inconsistent(p), PecOf(StationOf(p)), now_), now_);
  ExpectRefused(a, 422, a.receipt.rule);
  EXPECT_EQ(a.receipt.rule.rfind("R-D2.", 0), 0u) << a.receipt.rule;
}

// `p` as version 2 with `decision` (a correction of its station's version 1), signed by every
// member of `commission`.
crypto::SignedObject SignedCorrection(const crypto::SignedObject& v1, const ElectionDefinition& def,
                                      const std::string& commission, const std::string& decision,
                                      const crypto::SimulatedKeyring& keyring, int64_t votes_moved) {
  std::vector<Error> problems;
  protocol::PrecinctProtocol p = protocol::ProtocolFromJson(v1.payload(), &problems);
  EXPECT_TRUE(problems.empty());
  p.version = 2;
  p.correction = protocol::Correction{v1.digest().Hex(), "recount", decision};
  auto& votes = p.contests.front().votes;
  if (votes_moved > 0 && votes.size() > 1 && votes[1].second >= votes_moved) {
    votes[0].second += votes_moved;
    votes[1].second -= votes_moved;
  }
  crypto::SignedObject out = crypto::SignedObject::Create(protocol::ProtocolToJson(p)).value();
  for (const Commission& c : def.commissions) {
    if (c.id != commission) continue;
    for (const CommissionMember& m : c.members) {
      EXPECT_TRUE(out.AddSignature(m.id, sim::SimulatedKeyFor(keyring, m.id)).ok());
    }
  }
  return out;
}

TEST_F(IntakeTest, ATecCorrectingAStationIsRefusedWithoutADecisionAndKeptAsEvidenceWithOne) {
  std::optional<TecAttempt> attempted = LoggedThenAlteredAtTec();
  ASSERT_TRUE(attempted.has_value());
  const sim::TecAlteration* altered = &attempted->altered;
  const std::string& station = attempted->station;
  const crypto::SignedObject* original = attempted->original;
  const uint64_t before = LogSize();
  const ElectionDefinition& def = election_->definition();

  // Without a decision: refused at the door, nothing stored.
  const crypto::SignedObject no_decision = SignedCorrection(*original, def, altered->tec, "", *keyring_, 5);
  const IntakeAnswer undecided = intake_->Submit(Body(no_decision, altered->tec, now_), now_);
  EXPECT_EQ(undecided.status, 403);
  EXPECT_EQ(undecided.receipt.rule, "R-E1.decision");
  EXPECT_EQ(LogSize(), before);

  // With one, signed by the TEC's own members: refused, never a version of the station, but
  // kept in the log as evidence (decisions 0012, 0015), once however often it comes.
  const crypto::SignedObject& attempt = altered->altered.front();
  const IntakeAnswer kept = intake_->Submit(Body(attempt, altered->tec, now_), now_);
  EXPECT_EQ(kept.status, 422) << kept.receipt.message;
  EXPECT_EQ(kept.receipt.outcome, protocol::ReceiptOutcome::kLoggedRefused);
  EXPECT_EQ(kept.receipt.rule, "R-E1.owning-commission");
  EXPECT_EQ(kept.receipt.object_digest, attempt.digest().Hex());
  ASSERT_TRUE(kept.receipt.log_index.has_value());
  EXPECT_EQ(*kept.receipt.log_index, before);
  EXPECT_TRUE(kept.signed_receipt.VerifySignedBy("server", intake_->server_key()).ok());
  Result<protocol::Receipt> reread = protocol::ReceiptFromJson(kept.signed_receipt.payload());
  ASSERT_TRUE(reread.ok()) << reread.error().ToString();
  EXPECT_EQ(*reread, kept.receipt);
  EXPECT_EQ(LogSize(), before + 1);
  const IntakeAnswer again = intake_->Submit(Body(attempt, altered->tec, now_ + seconds(3)), now_ + seconds(3));
  EXPECT_EQ(again.signed_receipt.ToCanonicalJson(), kept.signed_receipt.ToCanonicalJson());
  EXPECT_EQ(LogSize(), before + 1) << "the same attempt is stored once";

  // Stored under its own kind and subject, as a leaf anyone can verify; not as a version.
  Result<std::vector<store::StoredObject>> versions = door_store_->Versions(protocol::kPrecinctProtocolFormat, station);
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);
  Result<std::vector<store::StoredObject>> leaves = door_store_->LogRange(before, 1);
  ASSERT_TRUE(leaves.ok() && leaves->size() == 1u);
  const store::StoredObject& leaf = leaves->front();
  EXPECT_EQ(leaf.kind, protocol::kEvidenceFormat);
  EXPECT_EQ(leaf.subject, station + "#" + attempt.digest().Hex());
  Result<json::Value> doc = json::Parse(leaf.envelope);
  ASSERT_TRUE(doc.ok());
  Result<crypto::SignedObject> wrapper = crypto::SignedObject::FromJson(*doc);
  ASSERT_TRUE(wrapper.ok());
  Result<protocol::Evidence> evidence = protocol::VerifyEvidence(*wrapper, election_->protocol_context());
  ASSERT_TRUE(evidence.ok()) << evidence.error().ToString();
  EXPECT_EQ(evidence->station, station);
  EXPECT_EQ(evidence->commission, altered->tec);
  EXPECT_EQ(evidence->object.digest(), attempt.digest());

  // The station's own correction still takes version 2.
  const crypto::SignedObject own = SignedCorrection(*original, def, PecOf(station), altered->tec + "/recount/1",
                                                    *keyring_, 0);
  const IntakeAnswer lawful = intake_->Submit(Body(own, PecOf(station), now_), now_);
  EXPECT_EQ(lawful.status, 200) << lawful.receipt.rule << ": " << lawful.receipt.message;
  EXPECT_EQ(lawful.receipt.outcome, protocol::ReceiptOutcome::kLogged);
  versions = door_store_->Versions(protocol::kPrecinctProtocolFormat, station);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(versions->back().digest, own.digest());
}

TEST_F(IntakeTest, OnlyTheSubmittingCommissionsOwnMembersLeaveEvidence) {
  std::optional<TecAttempt> attempted = LoggedThenAlteredAtTec();
  ASSERT_TRUE(attempted.has_value());
  const sim::TecAlteration* altered = &attempted->altered;
  const crypto::SignedObject* original = attempted->original;
  const uint64_t before = LogSize();
  const ElectionDefinition& def = election_->definition();

  // Validly signed by the members of another commission of the tree (another TEC), submitted by
  // this station's TEC: refused, not stored.
  std::string other_tec;
  for (const Commission& c : def.commissions) {
    if (c.tier == CommissionTier::kTerritorial && c.id != altered->tec) other_tec = c.id;
  }
  ASSERT_FALSE(other_tec.empty());
  const crypto::SignedObject foreign = SignedCorrection(*original, def, other_tec, altered->tec + "/decision/9",
                                                       *keyring_, 3);
  const IntakeAnswer a = intake_->Submit(Body(foreign, altered->tec, now_), now_);
  EXPECT_EQ(a.status, 422);
  EXPECT_EQ(a.receipt.outcome, protocol::ReceiptOutcome::kRefused);
  EXPECT_EQ(a.receipt.rule, "R-E1.owning-commission");
  EXPECT_FALSE(a.receipt.log_index.has_value());
  EXPECT_EQ(LogSize(), before);

  // Validly signed by a stranger (a key the definition does not list): refused, not stored.
  std::vector<Error> problems;
  protocol::PrecinctProtocol v2 = protocol::ProtocolFromJson(foreign.payload(), &problems);
  crypto::SignedObject stranger = crypto::SignedObject::Create(protocol::ProtocolToJson(v2)).value();
  ASSERT_TRUE(stranger.AddSignature("stranger", testing::TestKey(7)).ok());
  const IntakeAnswer b = intake_->Submit(Body(stranger, altered->tec, now_), now_);
  EXPECT_EQ(b.receipt.outcome, protocol::ReceiptOutcome::kRefused);
  EXPECT_EQ(b.receipt.rule, "R-D3.signer");
  EXPECT_EQ(LogSize(), before);

  // The same stranger submitting the TEC's own attempt under its own name: not a commission.
  const IntakeAnswer c = intake_->Submit(Body(altered->altered.front(), "stranger", now_, altered->tec), now_);
  EXPECT_EQ(c.status, 401);
  EXPECT_EQ(c.receipt.outcome, protocol::ReceiptOutcome::kRefused);
  EXPECT_EQ(LogSize(), before);

  // A PEC above no one cannot leave evidence about another station either (403 before anything).
  const IntakeAnswer d = intake_->Submit(Body(altered->altered.front(), PecOf(StationOf(protocols_.back())), now_), now_);
  EXPECT_EQ(d.status, 403);
  EXPECT_EQ(LogSize(), before);
}

TEST_F(IntakeTest, AProtocolWithoutAVersionIsRefusedNotIndexed) {
  // Signed by its own PEC's members, but version 0: it must be refused before anything indexes
  // the versions already logged by it.
  const crypto::SignedObject& p = protocols_.front();
  for (const char* version : {"0", "-3", "missing"}) {
    json::Value payload = p.payload();
    if (std::string(version) == "missing") {
      json::Value copy = json::Value::Object();
      for (const json::Member& m : payload.members()) {
        if (m.key != "version") copy.Set(m.key, m.value);
      }
      payload = std::move(copy);
    } else {
      payload.Set("version", json::Value(static_cast<int64_t>(std::stoll(version))));
    }
    crypto::SignedObject object = crypto::SignedObject::Create(payload).value();
    for (const crypto::SignatureEntry& e : p.signatures()) {
      ASSERT_TRUE(object.AddSignature(e.signer, sim::SimulatedKeyFor(*keyring_, e.signer)).ok());
    }
    const IntakeAnswer a = intake_->Submit(Body(object, PecOf(StationOf(p)), now_), now_);
    EXPECT_EQ(a.status, 422) << version << ": " << a.receipt.message;
    EXPECT_EQ(LogSize(), 1u) << version;
  }
}

TEST_F(IntakeTest, SignaturesSwappedUnderARequestAreRefused) {
  // The PEC's request, with the object's signatures replaced on the way by others on the same
  // payload (here: the same signatures without the last one).
  const crypto::SignedObject& p = protocols_.front();
  ASSERT_GT(p.signatures().size(), 1u);
  Result<json::Value> body = json::Parse(Body(p, PecOf(StationOf(p)), now_));
  ASSERT_TRUE(body.ok());
  body->Find("object")->Find("signatures")->items().pop_back();
  ExpectRefused(intake_->Submit(json::Canonicalize(*body), now_), 400, "R-E2.malformed");
}

TEST_F(IntakeTest, TurnoutComesOnlyFromTheStationsOwnCommission) {
  const std::vector<crypto::SignedObject> reports = SignedTurnout();
  ASSERT_FALSE(reports.empty());
  const crypto::SignedObject& report = reports.front();
  const std::string station = report.payload().Find("station")->as_string();
  std::string other;
  for (const crypto::SignedObject& r : reports) {
    if (r.payload().Find("station")->as_string() != station) other = PecOf(r.payload().Find("station")->as_string());
  }
  ASSERT_FALSE(other.empty());
  ExpectRefused(intake_->Submit(Body(report, other, now_), now_), 403, "R-E2.entitled");
  const IntakeAnswer a = intake_->Submit(Body(report, PecOf(station), now_), now_);
  EXPECT_EQ(a.status, 200) << a.receipt.message;
  EXPECT_EQ(a.receipt.outcome, protocol::ReceiptOutcome::kLogged);
  EXPECT_EQ(LogSize(), 2u);
}

// Group commit: a batch is decided in order, against the log and against what is earlier in the
// batch, and stored in one transaction.
TEST_F(IntakeTest, ABatchTakesVersionsInOrderAndTheSameObjectOnce) {
  Result<std::vector<sim::Recount>> recounts =
      sim::SimulateRecounts(protocols_, election_->protocol_context(), *keyring_, 1, 5);
  ASSERT_TRUE(recounts.ok()) << recounts.error().ToString();
  const sim::Recount& recount = recounts->front();
  const crypto::SignedObject* v1 = nullptr;
  const crypto::SignedObject* other = nullptr;
  for (const crypto::SignedObject& p : protocols_) {
    (StationOf(p) == recount.station ? v1 : other) = &p;
  }
  ASSERT_NE(v1, nullptr);
  ASSERT_NE(other, nullptr);
  const std::string pec = PecOf(recount.station);
  std::vector<CheckedSubmission> checked;
  checked.push_back(intake_->Check(Body(recount.corrected, pec, now_), now_));  // before its version 1
  checked.push_back(intake_->Check(Body(*v1, pec, now_), now_));
  checked.push_back(intake_->Check(Body(recount.corrected, pec, now_), now_));  // now in order
  checked.push_back(intake_->Check(Body(*v1, pec, now_), now_));                // the same object again
  checked.push_back(intake_->Check(Body(*other, PecOf(StationOf(*other)), now_), now_));
  checked.push_back(intake_->Check(Body(*other, pec, now_), now_));  // not its PEC: refused at Check
  for (size_t i = 0; i + 1 < checked.size(); ++i) EXPECT_TRUE(checked[i].ready()) << i << checked[i].decision.message;
  EXPECT_FALSE(checked.back().ready());
  std::vector<const CheckedSubmission*> batch;
  for (const CheckedSubmission& c : checked) batch.push_back(&c);

  const std::vector<IntakeDecision> d = intake_->Commit(batch);
  ASSERT_EQ(d.size(), batch.size());
  EXPECT_EQ(d[0].status, 409);
  EXPECT_EQ(d[0].rule, "R-E1.version-chain");
  for (size_t i : {1, 2, 3, 4}) {
    EXPECT_EQ(d[i].status, 200) << i << ": " << d[i].message;
    ASSERT_TRUE(d[i].log_index.has_value()) << i;
  }
  EXPECT_EQ(d[5].status, 403);
  EXPECT_EQ(*d[1].log_index, *d[3].log_index) << "the same object is one log entry";
  EXPECT_LT(*d[1].log_index, *d[2].log_index) << "version 1 before version 2";
  EXPECT_EQ(LogSize(), 4u);  // the definition and three objects
  Result<std::vector<store::StoredObject>> versions =
      door_store_->Versions(protocol::kPrecinctProtocolFormat, recount.station);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[1].digest, recount.corrected.digest());
}

// A version 2 whose chain does not hold (it is not a correction of the logged version 1) is
// refused at commit and nothing of it is stored; the rest of its batch is.
TEST_F(IntakeTest, ABrokenChainInABatchIsRefusedAndTheRestIsStored) {
  Result<std::vector<sim::Recount>> recounts =
      sim::SimulateRecounts(protocols_, election_->protocol_context(), *keyring_, 2, 5);
  ASSERT_TRUE(recounts.ok()) << recounts.error().ToString();
  ASSERT_EQ(recounts->size(), 2u);
  const sim::Recount& a = (*recounts)[0];
  const sim::Recount& b = (*recounts)[1];
  for (const crypto::SignedObject& p : protocols_) {
    if (StationOf(p) == a.station || StationOf(p) == b.station) {
      ASSERT_EQ(intake_->Submit(Body(p, PecOf(StationOf(p)), now_), now_).status, 200);
    }
  }
  const uint64_t before = LogSize();
  // Station b's version 2 with a previous-version digest that is not b's version 1.
  std::vector<Error> problems;
  protocol::PrecinctProtocol forged = protocol::ProtocolFromJson(b.corrected.payload(), &problems);
  ASSERT_TRUE(problems.empty());
  forged.correction.previous = a.corrected.digest().Hex();
  crypto::SignedObject broken = crypto::SignedObject::Create(protocol::ProtocolToJson(forged)).value();
  for (const crypto::SignatureEntry& e : b.corrected.signatures()) {
    ASSERT_TRUE(broken.AddSignature(e.signer, sim::SimulatedKeyFor(*keyring_, e.signer)).ok());
  }
  const CheckedSubmission good = intake_->Check(Body(a.corrected, PecOf(a.station), now_), now_);
  const CheckedSubmission bad = intake_->Check(Body(broken, PecOf(b.station), now_), now_);
  ASSERT_TRUE(good.ready()) << good.decision.message;
  ASSERT_TRUE(bad.ready()) << bad.decision.message;
  const CheckedSubmission* batch[] = {&bad, &good};
  const std::vector<IntakeDecision> d = intake_->Commit(batch);
  EXPECT_EQ(d[0].status, 422) << d[0].message;
  EXPECT_FALSE(d[0].log_index.has_value());
  EXPECT_EQ(d[1].status, 200) << d[1].message;
  EXPECT_EQ(LogSize(), before + 1);
}

// A refusal names what was wrong without echoing it in full: a receipt stays small whatever a
// client sends.
TEST_F(IntakeTest, ARefusalDoesNotEchoALongSubmitter) {
  const crypto::SignedObject& p = protocols_.front();
  const std::string long_name(100'000, 'x');
  const IntakeAnswer a = intake_->Submit(Body(p, long_name, now_, /*signer=*/PecOf(StationOf(p))), now_);
  ExpectRefused(a, 401, "R-E2.submitter");
  EXPECT_LT(a.receipt.message.size(), 200u) << a.receipt.message.substr(0, 300);
  EXPECT_LT(a.signed_receipt.ToCanonicalJson().size(), 1'000u);
}

}  // namespace
}  // namespace ashyq::server
