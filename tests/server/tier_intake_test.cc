// Tier protocols through the commission server's door (server/intake.h, decision 0014): only the
// commission a tier protocol names submits it, signed with its own key; it must add up, and what
// it references must be logged and the latest; each takes its commission's next version, and the
// same object again is the same answer.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/utc_time.h"
#include "server/intake.h"
#include "server/live_publication.h"
#include "server/tabulation_run.h"
#include "server_fixture.h"
#include "verifier_failures.h"
#include "sim/recount.h"
#include "tabulate/tier_protocol.h"
#include "verify/record_verifier.h"

namespace ashyq::server {
namespace {

using Clock = std::chrono::system_clock;

class TierIntakeTest : public testing::CountedElectionTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    door_store_ = StoreWithDefinition("intake.db");
    ASSERT_NE(door_store_, nullptr);
    intake_ = std::make_unique<Intake>(*election_, *door_store_, testing::TestKey(42), Clock::now() - std::chrono::minutes(1));
    // Every precinct protocol (version 1) is logged; the tier protocols are computed from them.
    for (const crypto::SignedObject& p : protocols_) rows_.push_back(store::ToStored(p, StationOf(p), 1));
    ASSERT_TRUE(door_store_->PutBatch(rows_).ok());
    tabulation_ = TabulationOf(*store_);
    for (const tabulate::TabulatedTier& t : tabulation_.tiers) {
      const Commission& c = election_->tree().commission(t.commission);
      if (c.tier == CommissionTier::kTerritorial) tecs_.push_back(c.id);
      if (c.tier == CommissionTier::kRegional) recs_.push_back(c.id);
    }
    ASSERT_GE(tecs_.size(), 2u);
    ASSERT_FALSE(recs_.empty());
    tec_ = Tier(tabulation_, tecs_.front());
    ASSERT_FALSE(tec_.precincts.empty());
  }

  tabulate::NationalTabulation TabulationOf(store::Store& s) {
    Result<TabulationRun> run = RunTabulation(*election_, s, nullptr);
    EXPECT_TRUE(run.ok()) << run.error().ToString();
    return run.ok() ? run->tabulation : tabulate::NationalTabulation();
  }
  tabulate::TierProtocol Tier(const tabulate::NationalTabulation& t, const std::string& commission) {
    const tabulate::TabulatedTier* tier = t.Find(election_->tree().FindCommission(commission));
    EXPECT_NE(tier, nullptr) << commission;
    return tier != nullptr ? tier->protocol : tabulate::TierProtocol();
  }

  // `p` signed as its commission, with the simulated key of `key_of` (default: that commission).
  crypto::SignedObject Signed(const tabulate::TierProtocol& p, std::string key_of = "") {
    if (key_of.empty()) key_of = p.commission;
    crypto::SignedObject object = crypto::SignedObject::Create(tabulate::TierProtocolToJson(p)).value();
    EXPECT_TRUE(object.AddSignature(p.commission, sim::SimulatedKeyFor(*keyring_, key_of)).ok());
    return object;
  }

  // `object` submitted by `submitter`, now, with a fresh nonce.
  std::string Body(const crypto::SignedObject& object, const std::string& submitter) {
    protocol::SubmissionRequest r;
    r.election_id = election_->definition().election_id;
    r.submitter = submitter;
    r.nonce = protocol::FreshNonce();
    r.time = UtcNow();
    Result<std::string> body = protocol::MakeSubmission(object, r, sim::SimulatedKeyFor(*keyring_, submitter));
    EXPECT_TRUE(body.ok()) << body.error().ToString();
    return body.ok() ? *body : std::string();
  }
  IntakeAnswer Submit(const crypto::SignedObject& object, const std::string& submitter) {
    return intake_->Submit(Body(object, submitter), Clock::now());
  }

  // Moves one vote from the choice with the most to another; returns (from, to).
  static std::pair<size_t, size_t> MoveAVote(protocol::ContestCount* count) {
    EXPECT_GE(count->votes.size(), 2u);
    size_t from = 0;
    for (size_t k = 1; k < count->votes.size(); ++k) {
      if (count->votes[k].second > count->votes[from].second) from = k;
    }
    const size_t to = from == 0 ? 1 : 0;
    count->votes[from].second -= 1;
    count->votes[to].second += 1;
    return {from, to};
  }

  uint64_t LogSize() { return *door_store_->LogSize(); }
  std::vector<store::StoredObject> TierVersions(const std::string& commission) {
    Result<std::vector<store::StoredObject>> v = door_store_->Versions(tabulate::kTierProtocolFormat, commission);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : std::vector<store::StoredObject>();
  }

  void ExpectRefused(const IntakeAnswer& a, int status, std::string_view rule) {
    const uint64_t before = LogSize();
    EXPECT_EQ(a.status, status) << a.receipt.rule << ": " << a.receipt.message;
    EXPECT_EQ(a.receipt.rule, rule) << a.receipt.message;
    EXPECT_EQ(a.receipt.outcome, protocol::ReceiptOutcome::kRefused);
    EXPECT_FALSE(a.receipt.log_index.has_value());
    EXPECT_TRUE(a.signed_receipt.VerifySignedBy("server", intake_->server_key()).ok());
    EXPECT_EQ(LogSize(), before);
    EXPECT_TRUE(TierVersions(tecs_.front()).empty()) << "nothing stored";
  }

  std::unique_ptr<store::Store> door_store_;
  std::unique_ptr<Intake> intake_;
  std::vector<store::StoredObject> rows_;
  tabulate::NationalTabulation tabulation_;
  std::vector<std::string> tecs_, recs_;
  tabulate::TierProtocol tec_;  // the first TEC's, over every precinct beneath it
};

TEST_F(TierIntakeTest, ATecsOwnTierProtocolIsLoggedOnceAndTheSameObjectGetsTheSameReceipt) {
  const crypto::SignedObject object = Signed(tec_);
  const uint64_t before = LogSize();
  const IntakeAnswer first = Submit(object, tec_.commission);
  ASSERT_EQ(first.status, 200) << first.receipt.rule << ": " << first.receipt.message;
  EXPECT_EQ(first.receipt.outcome, protocol::ReceiptOutcome::kLogged);
  ASSERT_TRUE(first.receipt.log_index.has_value());
  EXPECT_EQ(*first.receipt.log_index, before);
  EXPECT_EQ(first.receipt.object_digest, object.digest().Hex());
  std::vector<store::StoredObject> versions = TierVersions(tec_.commission);
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_EQ(versions[0].digest, object.digest());

  const IntakeAnswer again = Submit(object, tec_.commission);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.signed_receipt.ToCanonicalJson(), first.signed_receipt.ToCanonicalJson());
  EXPECT_EQ(LogSize(), before + 1) << "one log entry";
  EXPECT_EQ(TierVersions(tec_.commission).size(), 1u);
}

TEST_F(TierIntakeTest, OnlyTheCommissionItselfMaySubmitIt) {
  const crypto::SignedObject object = Signed(tec_);
  const std::string station = tec_.precincts.front().station;
  ExpectRefused(Submit(object, PecOf(station)), 403, "R-E2.entitled");
  ExpectRefused(Submit(object, tecs_[1]), 403, "R-E2.entitled");
  ExpectRefused(Submit(object, election_->tree().commission(election_->tree().root()).id), 403, "R-E2.entitled");
}

TEST_F(TierIntakeTest, ASignatureWithAnotherKeyOrByAnotherSignerIsRefused) {
  // Signed as the TEC, but with another commission's key.
  ExpectRefused(Submit(Signed(tec_, tecs_[1]), tec_.commission), 401, "R-E1.signer");
  // A second signature besides the commission's.
  crypto::SignedObject twice = Signed(tec_);
  ASSERT_TRUE(twice.AddSignature(tecs_[1], sim::SimulatedKeyFor(*keyring_, tecs_[1])).ok());
  ExpectRefused(Submit(twice, tec_.commission), 401, "R-E1.signer");
}

TEST_F(TierIntakeTest, TotalsThatAreNotTheSumAreRefusedThoughSignedByTheRightKey) {
  // One vote moved between choices: valid votes unchanged (R-E4 holds), the sums do not.
  tabulate::TierProtocol altered = tec_;
  MoveAVote(&altered.contests.front());
  const IntakeAnswer a = Submit(Signed(altered), tec_.commission);
  ExpectRefused(a, 422, "R-E1.sum");
  EXPECT_NE(a.receipt.message.find("/object/payload/contests/0/votes/"), std::string::npos) << a.receipt.message;
}

TEST_F(TierIntakeTest, EmbeddedFiguresOtherThanTheLoggedProtocolsAreRefusedAtCommit) {
  // Totals and embedded figures altered alike: it adds up, but station 0's figures are not
  // what its PEC signed.
  tabulate::TierProtocol altered = tec_;
  for (protocol::ContestCount& c : altered.precincts.front().contests) {
    if (c.contest != altered.contests.front().contest) continue;
    const auto [from, to] = MoveAVote(&c);
    altered.contests.front().votes[from].second -= 1;
    altered.contests.front().votes[to].second += 1;
  }
  const CheckedSubmission checked = intake_->Check(Body(Signed(altered), tec_.commission), Clock::now());
  ASSERT_TRUE(checked.ready()) << checked.decision.rule << ": " << checked.decision.message;
  const CheckedSubmission* batch[] = {&checked};
  const IntakeDecision d = intake_->Commit(batch).front();
  EXPECT_EQ(d.status, 422) << d.message;
  EXPECT_EQ(d.rule, "R-E1.figures") << d.message;
  EXPECT_TRUE(TierVersions(tec_.commission).empty());
}

TEST_F(TierIntakeTest, AReferencedPrecinctVersionNotLoggedIsRefused) {
  // A door store without one of the TEC's precinct protocols.
  door_store_ = StoreWithDefinition("partial.db");
  ASSERT_NE(door_store_, nullptr);
  intake_ = std::make_unique<Intake>(*election_, *door_store_, testing::TestKey(42), Clock::now() - std::chrono::minutes(1));
  std::vector<store::StoredObject> some;
  for (const store::StoredObject& row : rows_) {
    if (row.subject != tec_.precincts.back().station) some.push_back(row);
  }
  ASSERT_EQ(some.size() + 1, rows_.size());
  ASSERT_TRUE(door_store_->PutBatch(some).ok());
  const IntakeAnswer a = Submit(Signed(tec_), tec_.commission);
  ExpectRefused(a, 422, "R-E1.reference");
  EXPECT_NE(a.receipt.message.find(tec_.precincts.back().station), std::string::npos) << a.receipt.message;
}

TEST_F(TierIntakeTest, AVersionNotTheLatestIsRefusedAndTheNextProtocolTakesVersionTwo) {
  // A recount at one of the TEC's stations.
  Result<std::vector<sim::Recount>> recounts =
      sim::SimulateRecounts(protocols_, election_->protocol_context(), *keyring_, static_cast<int64_t>(protocols_.size()), 5);
  ASSERT_TRUE(recounts.ok()) << recounts.error().ToString();
  const sim::Recount* recount = nullptr;
  for (const sim::Recount& r : *recounts) {
    if (r.station == tec_.precincts.front().station) recount = &r;
  }
  ASSERT_NE(recount, nullptr);
  // Version 1 of the TEC's protocol, over version 1 of every station: taken.
  const crypto::SignedObject before_recount = Signed(tec_);
  const IntakeAnswer v1 = Submit(before_recount, tec_.commission);
  ASSERT_EQ(v1.status, 200) << v1.receipt.message;
  // The recount is logged (through the door: the TEC ordered it).
  const IntakeAnswer corrected = Submit(recount->corrected, PecOf(recount->station));
  ASSERT_EQ(corrected.status, 200) << corrected.receipt.rule << ": " << corrected.receipt.message;

  // The same object again is the same answer, although it is out of date now: it is logged.
  const IntakeAnswer again = Submit(before_recount, tec_.commission);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.receipt.log_index, v1.receipt.log_index);
  // Another protocol still over version 1 of that station (the TEC's without its last station,
  // so a new object): refused.
  ASSERT_GE(tec_.precincts.size(), 2u);
  Result<std::unique_ptr<store::Store>> partial = store::OpenSqliteStore(dir_ + "/stale.db");
  ASSERT_TRUE(partial.ok());
  std::vector<store::StoredObject> without_last;
  for (const store::StoredObject& row : rows_) {
    if (row.subject != tec_.precincts.back().station) without_last.push_back(row);
  }
  ASSERT_TRUE((*partial)->PutBatch(without_last).ok());
  const tabulate::TierProtocol stale = Tier(TabulationOf(**partial), tec_.commission);
  ASSERT_EQ(stale.precincts.size() + 1, tec_.precincts.size());
  const IntakeAnswer refused = Submit(Signed(stale), tec_.commission);
  EXPECT_EQ(refused.status, 422) << refused.receipt.message;
  EXPECT_EQ(refused.receipt.rule, "R-E1.latest") << refused.receipt.message;
  EXPECT_EQ(TierVersions(tec_.commission).size(), 1u);

  // Over the recount: taken, as version 2.
  ASSERT_TRUE(store_->Put(store::ToStored(recount->corrected, recount->station, 2)).ok());
  const tabulate::TierProtocol current = Tier(TabulationOf(*store_), tec_.commission);
  ASSERT_NE(current, tec_);
  const IntakeAnswer v2 = Submit(Signed(current), tec_.commission);
  ASSERT_EQ(v2.status, 200) << v2.receipt.rule << ": " << v2.receipt.message;
  const std::vector<store::StoredObject> versions = TierVersions(tec_.commission);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1].version, 2);
  EXPECT_EQ(versions[1].digest, Signed(current).digest());
}

TEST_F(TierIntakeTest, AnRecProtocolNeedsItsChildrensProtocolsLogged) {
  const tabulate::TierProtocol rec = Tier(tabulation_, recs_.front());
  ASSERT_FALSE(rec.children.empty());
  const IntakeAnswer early = Submit(Signed(rec), rec.commission);
  EXPECT_EQ(early.status, 422) << early.receipt.message;
  EXPECT_EQ(early.receipt.rule, "R-E1.reference") << early.receipt.message;
  // Its TECs first, then the REC: in one batch, in that order.
  std::vector<CheckedSubmission> checked;
  for (const tabulate::ChildEntry& child : rec.children) {
    checked.push_back(intake_->Check(Body(Signed(Tier(tabulation_, child.commission)), child.commission), Clock::now()));
  }
  checked.push_back(intake_->Check(Body(Signed(rec), rec.commission), Clock::now()));
  std::vector<const CheckedSubmission*> batch;
  for (const CheckedSubmission& c : checked) {
    EXPECT_TRUE(c.ready()) << c.decision.message;
    batch.push_back(&c);
  }
  const std::vector<IntakeDecision> d = intake_->Commit(batch);
  for (size_t i = 0; i < d.size(); ++i) EXPECT_EQ(d[i].status, 200) << i << ": " << d[i].rule << " " << d[i].message;
  EXPECT_EQ(TierVersions(rec.commission).size(), 1u);
}

// Decision 0014: a commission's own tier protocol equal to the server's recomputation is the one
// published; the server (holding the keys, as in the demo) signs no second one, and the verifier
// accepts the publication.
TEST_F(TierIntakeTest, ASubmittedTierProtocolIsPublishedAndNotSignedAgain) {
  const crypto::SignedObject object = Signed(tec_);
  ASSERT_EQ(Submit(object, tec_.commission).status, 200);
  const std::string pub = dir_ + "/pub";
  Result<std::unique_ptr<LivePublication>> live = LivePublication::Open(*election_, *door_store_, Keys(), pub);
  ASSERT_TRUE(live.ok()) << live.error().ToString();
  Result<LiveUpdate> update = (*live)->Update(UtcNow());
  ASSERT_TRUE(update.ok()) << update.error().ToString();
  EXPECT_EQ(update->tier_protocols_signed, tabulation_.tiers.size() - 1) << "every tier but the TEC's";
  const std::vector<store::StoredObject> versions = TierVersions(tec_.commission);
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].envelope, object.ToCanonicalJson());
  Result<verify::VerificationReport> report = verify::VerifyPublication(pub, verify::VerifyOptions());
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(testing::FailuresButEvoteRecord(*report), "");
}

}  // namespace
}  // namespace ashyq::server
