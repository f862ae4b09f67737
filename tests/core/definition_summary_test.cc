#include "core/definition_summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "definition_fixture.h"

namespace ashyq {
namespace {

using ::testing::ElementsAre;
using namespace ashyq::testing;  // NOLINT: test fixture names

TEST(DefinitionSummary, CountsTheFourTierFixture) {
  DefinitionSummary s = Summarize(SmallFourTierDefinition());
  EXPECT_EQ(s.commissions(CommissionTier::kCentral), 1);
  EXPECT_EQ(s.commissions(CommissionTier::kRegional), 2);
  EXPECT_EQ(s.commissions(CommissionTier::kTerritorial), 2);
  EXPECT_EQ(s.commissions(CommissionTier::kPrecinct), 3);
  EXPECT_EQ(s.members, 7 * 5 + 5 + 7 + 9);
  EXPECT_EQ(s.polling_stations, 3);
  EXPECT_EQ(s.registered_voters, 800 + 1500 + 2200);
  EXPECT_EQ(s.evoting_stations, 1);
  EXPECT_EQ(s.evoting_voters, 800);
  EXPECT_EQ(s.urban_stations, 2);
  EXPECT_EQ(s.urban_voters, 800 + 2200);
  EXPECT_EQ(s.rural_stations, 1);
  EXPECT_EQ(s.rural_voters, 1500);
  EXPECT_THAT(s.regions, ElementsAre(RegionSummary{"north", 2, 2300, 1},
                                     RegionSummary{"south", 1, 2200, 1}));
}

TEST(DefinitionSummary, UnknownRegionGetsItsOwnRow) {
  ElectionDefinition d = SmallThreeTierDefinition();
  d.polling_stations[2].region = "east";
  DefinitionSummary s = Summarize(d);
  EXPECT_EQ(s.commissions(CommissionTier::kRegional), 0);
  EXPECT_THAT(s.regions, ElementsAre(RegionSummary{"north", 2, 2300, 1},
                                     RegionSummary{"south", 0, 0, 1},
                                     RegionSummary{"east", 1, 2200, 0}));
}

const TierComposition* FindTier(const CompositionReport& r, CommissionTier tier) {
  for (const TierComposition& t : r.tiers) {
    if (t.tier == tier) return &t;
  }
  return nullptr;
}

TEST(Composition, MembersAndChairsByNominatorAndAffiliation) {
  ElectionDefinition d = SmallFourTierDefinition();
  // Make the south PEC chaired by a public-association nominee without a party.
  d.commissions[kPecSouth1].members[0].role = MemberRole::kMember;
  d.commissions[kPecSouth1].members[2].role = MemberRole::kChair;
  CompositionReport r = ComposeReport(d);
  ASSERT_EQ(r.tiers.size(), 4u);
  EXPECT_EQ(r.tiers[0].tier, CommissionTier::kCentral);
  EXPECT_EQ(r.tiers[3].tier, CommissionTier::kPrecinct);

  // PEC members 1..5, 1..7, 1..9: nominated by i % 4 == 1 nur-otan, 2 ansdp, 3 association,
  // 0 the TEC above.
  const TierComposition* pec = FindTier(r, CommissionTier::kPrecinct);
  ASSERT_NE(pec, nullptr);
  EXPECT_EQ(pec->commissions, 3);
  EXPECT_EQ(pec->members, 21);
  EXPECT_EQ(pec->chairs, 3);
  EXPECT_THAT(pec->by_nominator,
              ElementsAre(CompositionRow{"nur-otan", 2 + 2 + 3, 2}, CompositionRow{"ansdp", 1 + 2 + 2, 0},
                          CompositionRow{"ak-zhol", 0, 0},
                          CompositionRow{"public_association", 1 + 2 + 2, 1},
                          CompositionRow{"higher_commission", 1 + 1 + 2, 0}));
  EXPECT_THAT(pec->by_affiliation,
              ElementsAre(CompositionRow{"nur-otan", 7, 2}, CompositionRow{"ansdp", 5, 0},
                          CompositionRow{"ak-zhol", 0, 0}, CompositionRow{"none", 9, 1}));

  // The CEC has no commission above: its 4th member is nominated by ak-zhol.
  const TierComposition* cec = FindTier(r, CommissionTier::kCentral);
  ASSERT_NE(cec, nullptr);
  EXPECT_EQ(cec->by_nominator[2], (CompositionRow{"ak-zhol", 1, 0}));
  EXPECT_EQ(cec->by_nominator[4], (CompositionRow{"higher_commission", 0, 0}));
}

TEST(Composition, TiersWithoutCommissionsAreLeftOutAndUnknownPartiesKept) {
  ElectionDefinition d = SmallThreeTierDefinition();
  d.commissions[1].members[0].nominated_by.by = "green-party";
  d.commissions[1].members[0].affiliation = "green-party";
  CompositionReport r = ComposeReport(d);
  ASSERT_EQ(r.tiers.size(), 3u);
  EXPECT_EQ(FindTier(r, CommissionTier::kRegional), nullptr);
  const TierComposition* tec = FindTier(r, CommissionTier::kTerritorial);
  ASSERT_NE(tec, nullptr);
  EXPECT_EQ(tec->by_nominator.back(), (CompositionRow{"green-party", 1, 1}));
  EXPECT_EQ(tec->by_affiliation.back(), (CompositionRow{"green-party", 1, 1}));
  int64_t total = 0;
  for (const CompositionRow& row : tec->by_nominator) total += row.members;
  EXPECT_EQ(total, tec->members);
}

}  // namespace
}  // namespace ashyq
