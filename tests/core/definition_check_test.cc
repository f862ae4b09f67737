#include "core/definition_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "core/ballot_order.h"
#include "core/definition_json.h"
#include "core/json.h"
#include "definition_fixture.h"

namespace ashyq {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace ashyq::testing;  // NOLINT: test fixture names

std::string Describe(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out += "  " + e.ToString() + "\n";
  return out;
}

// Asserts that `def` breaks `rule` at `where` (and returns the message for further checks).
std::string ExpectViolation(const ElectionDefinition& def, const std::string& rule,
                            const std::string& where) {
  DefinitionReport report = CheckDefinition(def);
  for (const Error& e : report.violations) {
    if (e.rule == rule && e.where == where) {
      EXPECT_EQ(e.code, ErrorCode::kCheckFailed);
      EXPECT_FALSE(e.message.empty());
      return e.message;
    }
  }
  ADD_FAILURE() << "expected [" << rule << "] at " << where << "; got:\n"
                << Describe(report.violations);
  return "";
}

// As ExpectViolation, and nothing else is reported: the break is diagnosed precisely.
std::string ExpectOnlyViolation(const ElectionDefinition& def, const std::string& rule,
                                const std::string& where) {
  DefinitionReport report = CheckDefinition(def);
  EXPECT_EQ(report.violations.size(), 1u) << Describe(report.violations);
  return ExpectViolation(def, rule, where);
}

Commission& Com(ElectionDefinition& d, size_t i) { return d.commissions[i]; }

TEST(DefinitionCheck, ValidFixturesReportNothing) {
  for (const ElectionDefinition& d : {SmallFourTierDefinition(), SmallThreeTierDefinition()}) {
    DefinitionReport report = CheckDefinition(d);
    EXPECT_TRUE(report.ok()) << Describe(report.violations);
    EXPECT_THAT(report.violations, IsEmpty());
    EXPECT_THAT(report.notices, IsEmpty());
  }
}

// --- unique-id ---

TEST(DefinitionCheck, DuplicateRegionIdNamesBothPlaces) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.regions.push_back({"north", {"", "", "North again"}});
  std::string msg = ExpectOnlyViolation(d, "unique-id", "/regions/2/id");
  EXPECT_THAT(msg, HasSubstr("/regions/0"));
}

TEST(DefinitionCheck, DuplicatePartyId) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.parties.push_back({"ansdp", {"", "", "Copy"}, "X", 4});
  EXPECT_THAT(ExpectOnlyViolation(d, "unique-id", "/parties/3/id"), HasSubstr("/parties/1"));
}

TEST(DefinitionCheck, MemberIdMayNotRepeatACommissionId) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kTecNorth).members[6].id = "pec-north-0002";  // signers share one namespace
  std::string msg = ExpectOnlyViolation(d, "unique-id", "/commissions/6/id");
  EXPECT_THAT(msg, HasSubstr("/commissions/3/members/6"));
}

TEST(DefinitionCheck, DuplicateMemberIdAcrossCommissions) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kPecSouth1).members[8].id = Com(d, kCec).members[0].id;
  std::string msg = ExpectOnlyViolation(d, "unique-id", "/commissions/7/members/8/id");
  EXPECT_THAT(msg, HasSubstr("/commissions/0/members/0"));
}

TEST(DefinitionCheck, DuplicateStationContestAndChoiceIds) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations[2].id = "ps-north-0001";
  ExpectViolation(d, "unique-id", "/polling_stations/2/id");

  d = SmallFourTierDefinition();
  d.contests[1].id = "majilis";
  ExpectOnlyViolation(d, "unique-id", "/contests/1/id");

  d = SmallFourTierDefinition();
  d.contests[0].choices[2].id = "list-nur-otan";
  ExpectViolation(d, "unique-id", "/contests/0/choices/2/id");
}

// --- R-A1.tree ---

TEST(DefinitionCheck, TiersMustBeThreeOrFour) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.tiers = 5;
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A1.tree", "/tiers"), HasSubstr("tiers is 5"));
}

TEST(DefinitionCheck, ExactlyOneCec) {
  ElectionDefinition d = SmallFourTierDefinition();
  Commission second = Com(d, kCec);
  second.id = "cec-2";
  for (size_t i = 0; i < second.members.size(); ++i) {
    second.members[i].id = "cec-2.m" + std::to_string(i);
    second.members[i].public_key = TestKey(9000 + i);
  }
  second.public_key = TestKey(8999);
  d.commissions.push_back(second);
  ExpectOnlyViolation(d, "R-A1.tree", "/commissions/8/tier");

  d = SmallFourTierDefinition();
  Com(d, kCec).parent = "rec-north";
  ExpectViolation(d, "R-A1.tree", "/commissions/0/parent");
}

TEST(DefinitionCheck, NoCecAtAll) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kCec).tier = CommissionTier::kRegional;
  Com(d, kCec).region = "north";
  ExpectViolation(d, "R-A1.tree", "/commissions");
}

TEST(DefinitionCheck, UnknownParent) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kPecNorth2).parent = "tec-north-99";
  EXPECT_THAT(ExpectViolation(d, "R-A1.tree", "/commissions/6/parent"), HasSubstr("tec-north-99"));
}

TEST(DefinitionCheck, MissingParent) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kRecSouth).parent = "";
  ExpectViolation(d, "R-A1.tree", "/commissions/2/parent");
}

TEST(DefinitionCheck, ParentMustBeTheTierDirectlyAbove) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kPecNorth1).parent = "rec-north";  // skips the TEC
  std::string msg = ExpectViolation(d, "R-A1.tree", "/commissions/5/parent");
  EXPECT_THAT(msg, HasSubstr("must be a TEC"));

  d = SmallThreeTierDefinition();
  d.commissions[1].parent = "tec-south-01";  // a TEC under a TEC
  EXPECT_THAT(ExpectViolation(d, "R-A1.tree", "/commissions/1/parent"), HasSubstr("must be a CEC"));
}

TEST(DefinitionCheck, ThreeTierElectionHasNoRegionalCommissions) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.tiers = 3;
  ExpectViolation(d, "R-A1.tree", "/commissions/1/tier");
  ExpectViolation(d, "R-A1.tree", "/commissions/2/tier");
  ExpectViolation(d, "R-A1.tree", "/commissions/3/parent");  // a TEC's parent must be the CEC
}

TEST(DefinitionCheck, CommissionRegionMustExistAndMatchParent) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kRecNorth).region = "atlantis";
  ExpectViolation(d, "R-A1.tree", "/commissions/1/region");

  d = SmallFourTierDefinition();
  Com(d, kTecNorth).region = "";
  ExpectViolation(d, "R-A1.tree", "/commissions/3/region");

  d = SmallFourTierDefinition();
  Com(d, kPecSouth1).region = "north";  // parent tec-south-01 is in the south
  d.polling_stations[2].region = "north";
  d.polling_stations[2].number = 3;
  std::string msg = ExpectOnlyViolation(d, "R-A1.tree", "/commissions/7/region");
  EXPECT_THAT(msg, HasSubstr("tec-south-01 is in region south"));
}

TEST(DefinitionCheck, EveryTecAndRecHasAChild) {
  ElectionDefinition d = SmallFourTierDefinition();
  Commission tec = Com(d, kTecSouth);
  tec.id = "tec-south-02";
  for (size_t i = 0; i < tec.members.size(); ++i) {
    tec.members[i].id = "tec-south-02.m" + std::to_string(i);
    tec.members[i].public_key = TestKey(7000 + i);
  }
  tec.public_key = TestKey(6999);
  d.commissions.push_back(tec);
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A1.tree", "/commissions/8"), HasSubstr("tec-south-02"));
}

// --- R-A1.station ---

TEST(DefinitionCheck, StationMustBelongToAPec) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations[1].commission = "tec-north-01";
  ExpectViolation(d, "R-A1.station", "/polling_stations/1/commission");
  ExpectViolation(d, "R-A1.station", "/commissions/6");  // pec-north-0002 lost its station

  d = SmallFourTierDefinition();
  d.polling_stations[1].commission = "pec-nowhere";
  ExpectViolation(d, "R-A1.station", "/polling_stations/1/commission");
}

TEST(DefinitionCheck, OneStationPerPec) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations.push_back(
      TestStation("ps-north-0003", 3, "pec-north-0001", "north", Locality::kUrban, 100, false));
  std::string msg = ExpectOnlyViolation(d, "R-A1.station", "/polling_stations/3/commission");
  EXPECT_THAT(msg, HasSubstr("ps-north-0001"));
}

TEST(DefinitionCheck, StationRegionMatchesItsPec) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations[0].region = "south";
  d.polling_stations[0].number = 5;
  ExpectOnlyViolation(d, "R-A1.station", "/polling_stations/0/region");
}

TEST(DefinitionCheck, StationNumbersArePositiveAndUniqueInRegion) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations[1].number = 0;
  ExpectOnlyViolation(d, "R-A1.station", "/polling_stations/1/number");

  d = SmallFourTierDefinition();
  d.polling_stations[1].number = 1;  // ps-north-0001 is number 1 in the north
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A1.station", "/polling_stations/1/number"),
              HasSubstr("ps-north-0001"));

  d = SmallFourTierDefinition();  // number 1 in two regions is fine
  EXPECT_EQ(d.polling_stations[0].number, d.polling_stations[2].number);
  EXPECT_TRUE(CheckDefinition(d).ok());
}

TEST(DefinitionCheck, RegisteredVotersNotNegative) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations[0].registered_voters = -1;
  ExpectOnlyViolation(d, "R-A1.station", "/polling_stations/0/registered_voters");
}

TEST(DefinitionCheck, AddressInAllThreeLanguages) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations[1].address.kk.clear();
  std::string msg = ExpectOnlyViolation(d, "R-A1.station", "/polling_stations/1/address/kk");
  EXPECT_EQ(msg, "polling station ps-north-0002 has no address in Kazakh; voters read it in all three languages");

  d = SmallFourTierDefinition();
  d.polling_stations[2].address.ru.clear();
  d.polling_stations[2].address.en.clear();
  ExpectViolation(d, "R-A1.station", "/polling_stations/2/address/ru");
  ExpectViolation(d, "R-A1.station", "/polling_stations/2/address/en");
  EXPECT_EQ(CheckDefinition(d).violations.size(), 2u);
}

// --- R-A2 ---

TEST(DefinitionCheck, StationSizeLimit) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.polling_stations[2].registered_voters = 3200;
  std::string msg = ExpectViolation(d, "R-A2.station-size", "/polling_stations/2/registered_voters");
  EXPECT_EQ(msg, "polling station ps-south-0001 serves 3,200 voters; the limit is 3,000");

  d.polling_stations[2].registered_voters = 3000;  // at the limit: 11 members required
  ExpectOnlyViolation(d, "R-A2.pec-size", "/commissions/7/members");
}

TEST(DefinitionCheck, PecSizeFollowsRegisteredVoters) {
  ElectionDefinition d = SmallFourTierDefinition();
  DefinitionBuilder b;
  b.next_key_ = 5000;
  for (int i = 6; i <= 9; ++i) Com(d, kPecNorth1).members.push_back(b.MakeMember(Com(d, kPecNorth1), i));
  std::string msg = ExpectOnlyViolation(d, "R-A2.pec-size", "/commissions/5/members");
  EXPECT_EQ(msg, "9 members for 800 registered voters; R-A2 requires 5");

  // Bracket edges: 1,000 -> 5 and 1,001 -> 7.
  d = SmallFourTierDefinition();
  d.polling_stations[0].registered_voters = 1000;
  EXPECT_TRUE(CheckDefinition(d).ok());
  d.polling_stations[0].registered_voters = 1001;
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A2.pec-size", "/commissions/5/members"),
              HasSubstr("requires 7"));
}

TEST(DefinitionCheck, RequiredPecSizeBrackets) {
  ElectionRules rules;
  EXPECT_EQ(RequiredPecSize(rules, 0), 5);
  EXPECT_EQ(RequiredPecSize(rules, 1000), 5);
  EXPECT_EQ(RequiredPecSize(rules, 1001), 7);
  EXPECT_EQ(RequiredPecSize(rules, 2500), 9);
  EXPECT_EQ(RequiredPecSize(rules, 2501), 11);
  EXPECT_EQ(RequiredPecSize(rules, 3000), 11);
  EXPECT_EQ(RequiredPecSize(rules, 3001), 0);
}

TEST(DefinitionCheck, CommissionSize) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kTecSouth).members.pop_back();
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A2.commission-size", "/commissions/4/members"),
              HasSubstr("6 members; R-A2 requires 7"));
  d = SmallFourTierDefinition();
  Com(d, kCec).members.pop_back();
  ExpectOnlyViolation(d, "R-A2.commission-size", "/commissions/0/members");
}

TEST(DefinitionCheck, SharedEmployer) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kPecNorth1).members[2].employer = "School No. 1";  // 3 of 5 > half
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A2.shared-employer", "/commissions/5/members"),
              HasSubstr("3 of 5 members"));

  d = SmallFourTierDefinition();
  for (int i = 0; i < 4; ++i) Com(d, kTecNorth).members[static_cast<size_t>(i)].employer = "Akimat";
  ExpectOnlyViolation(d, "R-A2.shared-employer", "/commissions/3/members");

  // The rule applies to PECs and TECs only.
  d = SmallFourTierDefinition();
  for (auto& m : Com(d, kRecNorth).members) m.employer = "Akimat";
  EXPECT_TRUE(CheckDefinition(d).ok());

  // Exactly at the limit passes: 2 of 5 with a 40% limit.
  d = SmallFourTierDefinition();
  d.rules.max_shared_employer_bp = 4000;
  Com(d, kPecNorth2).members[2].employer = "School No. 1";  // 3 of 7 = 42.9% > 40%
  ExpectOnlyViolation(d, "R-A2.shared-employer", "/commissions/6/members");
}

TEST(DefinitionCheck, Roles) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kPecSouth1).members[4].role = MemberRole::kChair;
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A2.roles", "/commissions/7/members"), HasSubstr("2 chairs"));

  d = SmallFourTierDefinition();
  Com(d, kPecSouth1).members[0].role = MemberRole::kMember;
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A2.roles", "/commissions/7/members"), HasSubstr("0 chairs"));

  d = SmallFourTierDefinition();
  Com(d, kRecSouth).members[5].role = MemberRole::kDeputyChair;
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A2.roles", "/commissions/2/members"),
              HasSubstr("2 deputy chairs"));

  d = SmallFourTierDefinition();
  Com(d, kRecSouth).members[5].role = MemberRole::kSecretary;
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A2.roles", "/commissions/2/members"),
              HasSubstr("2 secretaries"));
}

TEST(DefinitionCheck, Nomination) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kPecNorth1).members[0].nominated_by.by = "green-party";
  ExpectOnlyViolation(d, "R-A2.nomination", "/commissions/5/members/0/nominated_by/by");

  // A PEC member nominated by the REC above its TEC: an ancestor, accepted.
  d = SmallFourTierDefinition();
  Com(d, kPecNorth1).members[3].nominated_by.by = "rec-north";
  EXPECT_TRUE(CheckDefinition(d).ok());
  Com(d, kPecNorth1).members[3].nominated_by.by = "cec";
  EXPECT_TRUE(CheckDefinition(d).ok());

  // Not an ancestor: the other region's TEC, the member's own commission, an unknown one.
  for (const char* by : {"tec-south-01", "pec-north-0001", "tec-nowhere"}) {
    d = SmallFourTierDefinition();
    Com(d, kPecNorth1).members[3].nominated_by.by = by;
    ExpectOnlyViolation(d, "R-A2.nomination", "/commissions/5/members/3/nominated_by/by");
  }

  d = SmallFourTierDefinition();
  Com(d, kTecSouth).members[2].affiliation = "green-party";
  ExpectOnlyViolation(d, "R-A2.nomination", "/commissions/4/members/2/affiliation");
}

// --- keys ---

TEST(DefinitionCheck, KeysAre64LowercaseHexAndUnique) {
  ElectionDefinition d = SmallFourTierDefinition();
  std::string& key = Com(d, kTecNorth).members[1].public_key;
  for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ExpectOnlyViolation(d, "keys", "/commissions/3/members/1/public_key");

  d = SmallFourTierDefinition();
  Com(d, kTecNorth).public_key.pop_back();
  ExpectOnlyViolation(d, "keys", "/commissions/3/public_key");

  d = SmallFourTierDefinition();
  Com(d, kPecSouth1).members[3].public_key = Com(d, kCec).public_key;
  EXPECT_THAT(ExpectOnlyViolation(d, "keys", "/commissions/7/members/3/public_key"),
              HasSubstr("/commissions/0"));
}

// --- R-A3.contest ---

TEST(DefinitionCheck, ContestScopeAndSeats) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[0].scope = "parliament";
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/scope");

  d = SmallFourTierDefinition();
  d.contests[0].seats = 0;
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/seats");

  d = SmallFourTierDefinition();
  d.contests[1].seats = 2;
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A3.contest", "/contests/1/seats"), HasSubstr("seats is 2"));
}

TEST(DefinitionCheck, PartyListThreshold) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[0].threshold_bp = 0;
  EXPECT_EQ(ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/threshold_bp"),
            "threshold 0 means every list passes; R-A3 requires a positive threshold");
  d.contests[0].threshold_bp = 10001;
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/threshold_bp");
  d.contests[0].threshold_bp = 10000;
  EXPECT_TRUE(CheckDefinition(d).ok());

  // A local council may have no threshold, but not a negative one.
  d.contests[0].kind = ContestKind::kLocalCouncil;
  d.contests[0].threshold_bp = 0;
  EXPECT_TRUE(CheckDefinition(d).ok());
  d.contests[0].threshold_bp = -1;
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/threshold_bp");
}

TEST(DefinitionCheck, RunnerUpMinimumBelowSeats) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[0].runner_up_min_seats = 2;  // the 2009 law
  EXPECT_TRUE(CheckDefinition(d).ok());
  d.contests[0].runner_up_min_seats = 98;
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/runner_up_min_seats");
  d.contests[0].runner_up_min_seats = -1;
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/runner_up_min_seats");
}

TEST(DefinitionCheck, PresidentialMajorityAndCandidates) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[1].majority_bp = 10000;
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/1/majority_bp");
  d.contests[1].majority_bp = 0;
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/1/majority_bp");

  d = SmallFourTierDefinition();
  d.contests[1].choices[1].candidates.push_back({"running-mate", "Someone", 0});
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/1/choices/1/candidates");
}

TEST(DefinitionCheck, ChoicesExistAndNameKnownParties) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[0].choices.clear();
  d.contests[0].ballot_order.order.clear();
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/0/choices");

  d = SmallFourTierDefinition();
  d.contests[1].choices[1].party = "green-party";
  ExpectOnlyViolation(d, "R-A3.contest", "/contests/1/choices/1/party");
}

TEST(DefinitionCheck, ListPositionsRunOneToNWithoutGaps) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[0].choices[0].candidates[2].list_position = 4;  // 1, 2, 4
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A3.contest",
                                  "/contests/0/choices/0/candidates/2/list_position"),
              HasSubstr("runs 1..3"));

  d = SmallFourTierDefinition();
  d.contests[0].choices[0].candidates[2].list_position = 2;  // 1, 2, 2
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A3.contest",
                                  "/contests/0/choices/0/candidates/2/list_position"),
              HasSubstr("already held by list-nur-otan.c2"));
}

// --- R-A4.ballot-order ---

TEST(DefinitionCheck, BallotOrderIsAPermutation) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[0].ballot_order.order.pop_back();
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/0/ballot_order/order"),
              HasSubstr("missing"));

  d = SmallFourTierDefinition();
  d.contests[0].ballot_order.order[0] = "list-communist";
  ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/0/ballot_order/order");

  d = SmallFourTierDefinition();
  d.contests[1].ballot_order.order.push_back("cand-aliev");
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/1/ballot_order/order"),
              HasSubstr("listed twice: cand-aliev"));
}

TEST(DefinitionCheck, LotteryMustRecompute) {
  ElectionDefinition d = SmallFourTierDefinition();
  std::swap(d.contests[0].ballot_order.order[0], d.contests[0].ballot_order.order[1]);
  EXPECT_THAT(ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/0/ballot_order/order"),
              HasSubstr("seed 5eed"));

  d = SmallFourTierDefinition();
  d.contests[0].ballot_order.seed = "";
  ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/0/ballot_order/seed");
  d.contests[0].ballot_order.seed = "5EED";
  ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/0/ballot_order/seed");
}

TEST(DefinitionCheck, AlphabeticalMustRecompute) {
  ElectionDefinition d = SmallFourTierDefinition();
  auto& order = d.contests[1].ballot_order.order;
  ASSERT_EQ(order, (std::vector<std::string>{"cand-abaev", "cand-aliev", "cand-bekova"}));
  std::swap(order[0], order[2]);
  ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/1/ballot_order/order");

  d = SmallFourTierDefinition();
  d.contests[1].ballot_order.language = "de";
  ExpectOnlyViolation(d, "R-A4.ballot-order", "/contests/1/ballot_order/language");
}

// --- definition.fields ---

TEST(DefinitionCheck, ElectionIdCharacters) {
  for (const char* bad : {"", "Test-2007", "test 2007", "test_2007", "тест"}) {
    ElectionDefinition d = SmallFourTierDefinition();
    d.election_id = bad;
    ExpectOnlyViolation(d, "definition.fields", "/election_id");
  }
}

TEST(DefinitionCheck, ElectionDayIsARealDate) {
  for (const char* good : {"2007-08-18", "2008-02-29", "2000-02-29", "2019-12-31"}) {
    ElectionDefinition d = SmallFourTierDefinition();
    d.election_day = good;
    EXPECT_TRUE(CheckDefinition(d).ok()) << good;
  }
  for (const char* bad : {"2007-02-29", "1900-02-29", "2007-13-01", "2007-00-10", "2007-04-31",
                          "2007-8-18", "18.08.2007", "2007-08-18T00:00", "", "0000-01-01"}) {
    ElectionDefinition d = SmallFourTierDefinition();
    d.election_day = bad;
    ExpectOnlyViolation(d, "definition.fields", "/election_day");
  }
}

TEST(DefinitionCheck, PecSizeBracketsIncrease) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.rules.pec_size_by_voters[2].first = 2000;  // 1000, 2000, 2000, 3000
  ExpectViolation(d, "definition.fields", "/rules/pec_size_by_voters/2");
}

// --- notices, many faults at once ---

TEST(DefinitionCheck, PostElectionListChoiceIsANoticeNotAViolation) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.contests[0].list_order = ListOrder::kPostElectionChoice;
  DefinitionReport report = CheckDefinition(d);
  EXPECT_TRUE(report.ok()) << Describe(report.violations);
  ASSERT_EQ(report.notices.size(), 1u);
  EXPECT_EQ(report.notices[0].rule, "R-A5.list-order");
  EXPECT_EQ(report.notices[0].where, "/contests/0/list_order");
  EXPECT_THAT(report.notices[0].message, HasSubstr("ODIHR 2007 rec. 5"));
}

TEST(DefinitionCheck, ReportsEveryViolation) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.election_day = "2007-02-30";
  d.polling_stations[1].registered_voters = 3200;
  Com(d, kTecSouth).members.pop_back();
  Com(d, kPecSouth1).members[1].role = MemberRole::kChair;
  d.contests[0].threshold_bp = 0;
  d.parties.push_back(d.parties[0]);
  DefinitionReport report = CheckDefinition(d);
  auto has = [&](const char* rule, const char* where) {
    return Contains(AllOf(Field(&Error::rule, rule), Field(&Error::where, where)));
  };
  EXPECT_THAT(report.violations, has("definition.fields", "/election_day"));
  EXPECT_THAT(report.violations, has("R-A2.station-size", "/polling_stations/1/registered_voters"));
  EXPECT_THAT(report.violations, has("R-A2.commission-size", "/commissions/4/members"));
  EXPECT_THAT(report.violations, has("R-A2.roles", "/commissions/7/members"));
  EXPECT_THAT(report.violations, has("R-A3.contest", "/contests/0/threshold_bp"));
  EXPECT_THAT(report.violations, has("unique-id", "/parties/3/id"));
  EXPECT_EQ(report.violations.size(), 6u) << Describe(report.violations);
}

TEST(DefinitionCheck, EmptyDefinitionDoesNotCrash) {
  ElectionDefinition d;
  DefinitionReport report = CheckDefinition(d);
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(report.violations, Contains(Field(&Error::where, "/commissions")));
}

TEST(DefinitionCheck, CyclicTreeTerminates) {
  ElectionDefinition d = SmallFourTierDefinition();
  Com(d, kRecNorth).parent = "tec-north-01";  // rec-north -> tec-north-01 -> rec-north
  Com(d, kPecNorth1).members[3].nominated_by.by = "cec";
  DefinitionReport report = CheckDefinition(d);
  EXPECT_THAT(report.violations, Contains(Field(&Error::where, "/commissions/1/parent")));
  EXPECT_THAT(report.violations,
              Contains(Field(&Error::where, "/commissions/5/members/3/nominated_by/by")));
}

// --- the command-line test data ---

std::string ReadTestData(const std::string& name) {
  std::ifstream in(std::string(ASHYQ_SOURCE_DIR) + "/tests/data/definitions/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << name;
  return ss.str();
}

ElectionDefinition LoadTestData(const std::string& name) {
  Result<json::Value> doc = json::Parse(ReadTestData(name));
  EXPECT_TRUE(doc.ok()) << (doc.ok() ? "" : doc.error().ToString());
  if (!doc.ok()) return {};
  std::vector<Error> problems;
  ElectionDefinition def = DefinitionFromJson(*doc, &problems);
  EXPECT_THAT(problems, IsEmpty()) << Describe(problems);
  return def;
}

TEST(DefinitionCheckData, ValidSmallPasses) {
  ElectionDefinition d = LoadTestData("valid-small.json");
  EXPECT_EQ(d.tiers, 4);
  EXPECT_GE(d.polling_stations.size(), 3u);
  DefinitionReport report = CheckDefinition(d);
  EXPECT_TRUE(report.ok()) << Describe(report.violations);
}

TEST(DefinitionCheckData, RuleViolationsAreAllReported) {
  DefinitionReport report = CheckDefinition(LoadTestData("rule-violations.json"));
  auto has_rule = [](const char* rule, const char* text) {
    return Contains(AllOf(Field(&Error::rule, rule), Field(&Error::message, HasSubstr(text))));
  };
  EXPECT_THAT(report.violations,
              has_rule("R-A2.pec-size", "9 members for 800 registered voters; R-A2 requires 5"));
  EXPECT_THAT(report.violations, has_rule("R-A2.station-size", "serves 3,200 voters"));
  EXPECT_THAT(report.violations, has_rule("unique-id", "is already used at"));
  EXPECT_THAT(report.violations, has_rule("R-A3.contest", "threshold 0 means every list passes"));
}

// --- scale: a national-size definition checks in well under a second ---

ElectionDefinition NationalSizeDefinition(int tecs, int pecs_per_tec) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.commissions.resize(kRecSouth + 1);
  d.polling_stations.clear();
  DefinitionBuilder b;
  b.next_key_ = 100000;
  for (int t = 0; t < tecs; ++t) {
    const bool north = t % 2 == 0;
    const std::string region = north ? "north" : "south";
    const std::string tec = "tec-" + region + "-" + std::to_string(t);
    d.commissions.push_back(
        b.MakeCommission(tec, CommissionTier::kTerritorial, "rec-" + region, region, 7));
    for (int p = 0; p < pecs_per_tec; ++p) {
      const std::string pec = "pec-" + std::to_string(t) + "-" + std::to_string(p);
      const int64_t voters = 200 + (t * 37 + p * 101) % 2800;
      d.commissions.push_back(b.MakeCommission(pec, CommissionTier::kPrecinct, tec, region,
                                               static_cast<int>(RequiredPecSize(d.rules, voters))));
      d.polling_stations.push_back(TestStation("ps-" + pec, t * 1000 + p + 1, pec, region,
                                               p % 3 == 0 ? Locality::kRural : Locality::kUrban,
                                               voters, p % 7 == 0));
    }
  }
  return d;
}

// Speed is measured in bench/, not here; this checks the rules hold at national size.
TEST(DefinitionCheckScale, NationalSizeIsClean) {
  ElectionDefinition d = NationalSizeDefinition(205, 48);  // 9,840 stations, ~80k members
  size_t members = 0;
  for (const Commission& c : d.commissions) members += c.members.size();
  EXPECT_GT(members, 70000u);
  DefinitionReport report = CheckDefinition(d);
  EXPECT_TRUE(report.ok()) << Describe(report.violations);
}

}  // namespace
}  // namespace ashyq
