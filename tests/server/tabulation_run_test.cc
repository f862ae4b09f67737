#include "server/tabulation_run.h"

#include <gtest/gtest.h>

#include "server_fixture.h"
#include "sim/tec_alteration.h"
#include "tabulate/consistency.h"

namespace ashyq::server {
namespace {

using testing::CountedElectionTest;
using TabulationRunTest = CountedElectionTest;

TEST_F(TabulationRunTest, CountsEverySignedProtocolAndSignsEveryTier) {
  Result<TabulationRun> run = RunTabulation(*election_, *store_, Keys());
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  EXPECT_EQ(run->protocols_read, protocols_.size());
  EXPECT_EQ(run->protocols_verified, protocols_.size());
  EXPECT_TRUE(run->rejected.empty());
  EXPECT_EQ(run->tier_protocols_signed, run->tabulation.tiers.size());
  EXPECT_EQ(run->tier_protocols_stored, run->tabulation.tiers.size());
  // A second run over the same protocols stores nothing new: same tier protocols, same digests.
  Result<TabulationRun> again = RunTabulation(*election_, *store_, Keys());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->tier_protocols_stored, 0u);
  EXPECT_EQ(again->tabulation.cec().digest, run->tabulation.cec().digest);
}

TEST_F(TabulationRunTest, WithoutKeysNothingIsStored) {
  Result<int64_t> before = store_->Count(tabulate::kTierProtocolFormat);
  Result<TabulationRun> run = RunTabulation(*election_, *store_, CommissionKeys());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->tier_protocols_signed, 0u);
  EXPECT_EQ(*store_->Count(tabulate::kTierProtocolFormat), *before);
}

// The 2007 fault: a TEC files "corrections" signed by its own members. Each is rejected with
// R-E1.owning-commission and the PEC's own version stays counted.
TEST_F(TabulationRunTest, CorrectionsSignedByATecAreRejectedAndTheOriginalsCounted) {
  Result<TabulationRun> honest = RunTabulation(*election_, *store_, CommissionKeys());
  ASSERT_TRUE(honest.ok());
  Result<sim::TecAlteration> altered = sim::AlterProtocolsAtTec(
      protocols_, election_->protocol_context(), *keyring_, 2, sim::TecAlterationKind::kOwnCorrection);
  ASSERT_TRUE(altered.ok()) << altered.error().ToString();
  ASSERT_EQ(altered->altered.size(), 2u);
  std::vector<store::StoredObject> objects;
  for (size_t i = 0; i < altered->altered.size(); ++i) {
    EXPECT_GT(altered->votes_moved[i], 0);
    objects.push_back(store::ToStored(altered->altered[i], altered->stations[i], altered->versions[i]));
  }
  ASSERT_TRUE(store_->PutBatch(objects).ok());

  Result<TabulationRun> run = RunTabulation(*election_, *store_, CommissionKeys());
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  ASSERT_EQ(run->rejected.size(), 2u);
  for (const RejectedProtocol& r : run->rejected) {
    EXPECT_EQ(r.version, 2);
    EXPECT_EQ(r.error.rule, "R-E1.owning-commission") << r.error.ToString();
    EXPECT_NE(r.error.ToString().find(r.station), std::string::npos) << r.error.ToString();
  }
  EXPECT_EQ(run->protocols_verified, protocols_.size());
  EXPECT_EQ(run->tabulation.cec().digest, honest->tabulation.cec().digest);  // nothing moved
}

// Figures changed in place under the PEC's signatures: the signatures no longer verify and the
// station is not counted at all (its real protocol never reached the server).
TEST_F(TabulationRunTest, AProtocolAlteredAfterSigningIsRejected) {
  Result<sim::TecAlteration> altered = sim::AlterProtocolsAtTec(
      protocols_, election_->protocol_context(), *keyring_, 1, sim::TecAlterationKind::kEditInPlace);
  ASSERT_TRUE(altered.ok()) << altered.error().ToString();
  // A fresh store that received the altered protocol instead of the original.
  Result<std::unique_ptr<store::Store>> db = store::OpenSqliteStore(dir_ + "/altered.db");
  ASSERT_TRUE(db.ok());
  std::vector<store::StoredObject> objects;
  for (const crypto::SignedObject& p : protocols_) {
    const std::string station = p.payload().Find("station")->as_string();
    objects.push_back(station == altered->stations[0] ? store::ToStored(altered->altered[0], station, 1)
                                                      : store::ToStored(p, station, 1));
  }
  ASSERT_TRUE((*db)->PutBatch(objects).ok());
  Result<TabulationRun> run = RunTabulation(*election_, **db, CommissionKeys());
  ASSERT_TRUE(run.ok());
  ASSERT_EQ(run->rejected.size(), 1u);
  EXPECT_EQ(run->rejected[0].station, altered->stations[0]);
  EXPECT_EQ(run->rejected[0].error.code, ErrorCode::kBadSignature) << run->rejected[0].error.ToString();
  EXPECT_EQ(run->protocols_verified, protocols_.size() - 1);
}

// A TEC that publishes a total other than the sum of its precincts is caught by the
// consistency check every verifier runs.
TEST_F(TabulationRunTest, AnInflatedTecTotalIsCaught) {
  Result<TabulationRun> run = RunTabulation(*election_, *store_, CommissionKeys());
  ASSERT_TRUE(run.ok());
  const tabulate::TabulatedTier* tec = nullptr;
  for (const tabulate::TabulatedTier& t : run->tabulation.tiers) {
    if (t.protocol.tier == CommissionTier::kTerritorial) { tec = &t; break; }
  }
  ASSERT_NE(tec, nullptr);
  tabulate::TierProtocol inflated = tec->protocol;
  inflated.contests[0].votes[0].second += 500;
  tabulate::PublishedProtocols published;
  for (size_t i = 0; i < run->verified.size(); ++i) published.AddPrecinct(run->verified_digests[i], &run->verified[i]);
  std::vector<Error> problems =
      tabulate::CheckTierProtocol(inflated, election_->tree(), election_->definition_digest(), &published);
  ASSERT_FALSE(problems.empty());
  bool named = false;
  for (const Error& e : problems) named = named || e.rule == "R-E1.sum";
  EXPECT_TRUE(named) << problems[0].ToString();
}

}  // namespace
}  // namespace ashyq::server
