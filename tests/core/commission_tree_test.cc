#include "core/commission_tree.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "definition_fixture.h"

namespace ashyq {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace ashyq::testing;  // NOLINT: test fixture names

std::vector<std::string> Ids(const CommissionTree& t, std::span<const uint32_t> commissions) {
  std::vector<std::string> out;
  for (uint32_t c : commissions) out.push_back(t.commission(c).id);
  return out;
}

std::vector<std::string> StationIds(const CommissionTree& t, std::span<const uint32_t> stations) {
  std::vector<std::string> out;
  for (uint32_t s : stations) out.push_back(t.station(s).id);
  return out;
}

TEST(CommissionTree, NavigatesTheFourTierFixture) {
  const ElectionDefinition d = SmallFourTierDefinition();
  Result<CommissionTree> built = CommissionTree::Build(d);
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  const CommissionTree& t = *built;

  EXPECT_EQ(t.root(), size_t{kCec});
  EXPECT_EQ(t.FindCommission("tec-south-01"), size_t{kTecSouth});
  EXPECT_EQ(t.FindCommission("nobody"), CommissionTree::kNone);
  EXPECT_EQ(t.FindStation("ps-north-0002"), 1u);
  EXPECT_EQ(t.FindStation("ps-nowhere"), CommissionTree::kNone);

  EXPECT_THAT(Ids(t, t.children(kCec)), ElementsAre("rec-north", "rec-south"));
  EXPECT_THAT(Ids(t, t.children(kTecNorth)), ElementsAre("pec-north-0001", "pec-north-0002"));
  EXPECT_THAT(t.children(kPecNorth1), IsEmpty());
  EXPECT_EQ(t.parent(kPecSouth1), size_t{kTecSouth});
  EXPECT_EQ(t.parent(kCec), CommissionTree::kNone);

  EXPECT_EQ(t.StationOf(kPecNorth2), 1u);
  EXPECT_EQ(t.StationOf(kTecNorth), CommissionTree::kNone);

  EXPECT_THAT(StationIds(t, t.StationsUnder(kCec)),
              ElementsAre("ps-north-0001", "ps-north-0002", "ps-south-0001"));
  EXPECT_THAT(StationIds(t, t.StationsUnder(kRecNorth)), ElementsAre("ps-north-0001", "ps-north-0002"));
  EXPECT_THAT(StationIds(t, t.StationsUnder(kTecSouth)), ElementsAre("ps-south-0001"));
  EXPECT_THAT(StationIds(t, t.StationsUnder(kPecNorth2)), ElementsAre("ps-north-0002"));

  std::vector<size_t> ancestors = t.Ancestors(kPecNorth1);
  EXPECT_THAT(ancestors, ElementsAre(size_t{kTecNorth}, size_t{kRecNorth}, size_t{kCec}));
  EXPECT_THAT(t.Ancestors(kCec), IsEmpty());
  EXPECT_TRUE(t.IsAncestor(kCec, kPecSouth1));
  EXPECT_TRUE(t.IsAncestor(kRecSouth, kPecSouth1));
  EXPECT_FALSE(t.IsAncestor(kRecNorth, kPecSouth1));
  EXPECT_FALSE(t.IsAncestor(kPecSouth1, kPecSouth1));
  EXPECT_FALSE(t.IsAncestor(kPecSouth1, kCec));

  EXPECT_EQ(t.Region(kTecNorth), "north");
  EXPECT_EQ(t.Region(kCec), "");
  EXPECT_EQ(&t.definition(), &d);
}

TEST(CommissionTree, ThreeTierTreeAndStationOrderFollowTheTree) {
  ElectionDefinition d = SmallThreeTierDefinition();
  // Stations listed out of tree order still come out grouped by subtree.
  std::swap(d.polling_stations[0], d.polling_stations[2]);
  Result<CommissionTree> built = CommissionTree::Build(d);
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  const CommissionTree& t = *built;
  EXPECT_THAT(Ids(t, t.children(t.root())), ElementsAre("tec-north-01", "tec-south-01"));
  const size_t tec_north = t.FindCommission("tec-north-01");
  EXPECT_THAT(StationIds(t, t.StationsUnder(tec_north)), ElementsAre("ps-north-0001", "ps-north-0002"));
  EXPECT_THAT(StationIds(t, t.StationsUnder(t.root())),
              ElementsAre("ps-north-0001", "ps-north-0002", "ps-south-0001"));
  EXPECT_EQ(t.Ancestors(t.FindCommission("pec-south-0001")).size(), 2u);
}

TEST(CommissionTree, CommissionWithoutStationsHasAnEmptyRun) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations.erase(d.polling_stations.begin());  // pec-north-0001 has none now
  Result<CommissionTree> built = CommissionTree::Build(d);
  ASSERT_TRUE(built.ok());
  EXPECT_THAT(built->StationsUnder(kPecNorth1), IsEmpty());
  EXPECT_EQ(built->StationOf(kPecNorth1), CommissionTree::kNone);
  EXPECT_THAT(StationIds(*built, built->StationsUnder(kTecNorth)), ElementsAre("ps-north-0002"));
}

void ExpectBuildFails(const ElectionDefinition& d, const std::string& where, const std::string& text) {
  Result<CommissionTree> built = CommissionTree::Build(d);
  ASSERT_FALSE(built.ok()) << "expected failure at " << where;
  EXPECT_EQ(built.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(built.error().rule, "R-A1.tree");
  EXPECT_EQ(built.error().where, where);
  EXPECT_THAT(built.error().message, HasSubstr(text));
}

TEST(CommissionTree, RejectsUnknownParent) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.commissions[kPecSouth1].parent = "tec-south-09";
  ExpectBuildFails(d, "/commissions/7/parent", "unknown parent \"tec-south-09\"");
}

TEST(CommissionTree, RejectsCycles) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.commissions[kRecSouth].parent = "tec-south-01";  // rec-south <-> tec-south-01
  ExpectBuildFails(d, "/commissions/2/parent", "cycle");

  d = SmallFourTierDefinition();
  d.commissions[kTecNorth].parent = "tec-north-01";  // its own parent
  ExpectBuildFails(d, "/commissions/3/parent", "cycle");
}

TEST(CommissionTree, RejectsMissingOrSecondRoot) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.commissions[kCec].parent = "rec-north";
  ExpectBuildFails(d, "/commissions", "no CEC");

  d = SmallFourTierDefinition();
  d.commissions[kRecSouth].parent = "";
  ExpectBuildFails(d, "/commissions/2/parent", "only the CEC may be the root");

  ExpectBuildFails(ElectionDefinition{}, "/commissions", "no commissions");
}

TEST(CommissionTree, RejectsDuplicateIdsAndUnknownStationCommission) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.commissions[kPecNorth2].id = "pec-north-0001";
  ExpectBuildFails(d, "/commissions/6/id", "/commissions/5");

  d = SmallFourTierDefinition();
  d.polling_stations[2].id = "ps-north-0001";
  ExpectBuildFails(d, "/polling_stations/2/id", "/polling_stations/0");

  d = SmallFourTierDefinition();
  d.polling_stations[1].commission = "pec-north-0099";
  ExpectBuildFails(d, "/polling_stations/1/commission", "pec-north-0099");
}

TEST(CommissionTree, LargeTreeBuildsWithContiguousRuns) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.commissions.resize(kRecSouth + 1);
  d.polling_stations.clear();
  for (int t = 0; t < 200; ++t) {
    Commission tec;
    tec.id = "tec-" + std::to_string(t);
    tec.tier = CommissionTier::kTerritorial;
    tec.parent = t % 2 ? "rec-south" : "rec-north";
    d.commissions.push_back(tec);
  }
  // PECs listed round-robin, so a TEC's stations are scattered through the definition.
  for (int p = 0; p < 10000; ++p) {
    Commission pec;
    pec.id = "pec-" + std::to_string(p);
    pec.tier = CommissionTier::kPrecinct;
    pec.parent = "tec-" + std::to_string(p % 200);
    d.commissions.push_back(pec);
    PollingStation s;
    s.id = "ps-" + std::to_string(p);
    s.commission = pec.id;
    s.registered_voters = p;
    d.polling_stations.push_back(s);
  }
  Result<CommissionTree> built = CommissionTree::Build(d);
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  const CommissionTree& t = *built;
  EXPECT_EQ(t.StationsUnder(t.root()).size(), 10000u);
  EXPECT_EQ(t.StationsUnder(kRecNorth).size() + t.StationsUnder(kRecSouth).size(), 10000u);
  const size_t tec7 = t.FindCommission("tec-7");
  std::span<const uint32_t> under = t.StationsUnder(tec7);
  ASSERT_EQ(under.size(), 50u);
  for (uint32_t s : under) EXPECT_EQ(std::stoi(t.station(s).id.substr(3)) % 200, 7);
  EXPECT_EQ(t.Ancestors(t.FindCommission("pec-9999")).size(), 3u);
}

}  // namespace
}  // namespace ashyq
