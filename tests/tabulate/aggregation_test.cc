#include "tabulate/aggregation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "protocol/reconciliation.h"
#include "tier_fixture.h"

namespace ashyq::tabulate {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ContestIds;
using testing::TabulationElection;
using testing::TotalsOf;
using testing::VotesFor;

const TierProtocol& ProtocolOf(const NationalTabulation& t, const TabulationElection& e,
                               const std::string& id) {
  const TabulatedTier* tier = t.Find(e.Commission(id));
  EXPECT_NE(tier, nullptr) << id;
  return tier->protocol;
}

NationalTabulation TabulateAll(const TabulationElection& e) {
  std::vector<CountedPrecinct> counted = e.Counted();
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, counted);
  EXPECT_TRUE(t.ok()) << t.error().ToString();
  return std::move(t).value();
}

TEST(FixtureTest, ProtocolsReconcile) {
  for (bool four_tier : {true, false}) {
    TabulationElection e(four_tier);
    ASSERT_EQ(e.protocols.size(), 5u);
    for (const protocol::PrecinctProtocol& p : e.protocols) {
      std::vector<Error> errors = protocol::Reconcile(p, e.def, *e.tree);
      EXPECT_TRUE(errors.empty()) << p.station << ": " << testing::Describe(errors);
    }
  }
}

TEST(TotalsContestTest, ScopeIsTheCommissionOrAbove) {
  TabulationElection e;
  const Contest* majilis = testing::FindContest(e.def, "majilis");
  const Contest* north = testing::FindContest(e.def, "maslikhat-north");
  const Contest* south = testing::FindContest(e.def, "maslikhat-south");
  EXPECT_TRUE(TotalsContest(*e.tree, e.Commission("cec"), *majilis));
  EXPECT_TRUE(TotalsContest(*e.tree, e.Commission("tec-south-01"), *majilis));
  EXPECT_TRUE(TotalsContest(*e.tree, e.Commission("rec-north"), *north));
  EXPECT_TRUE(TotalsContest(*e.tree, e.Commission("tec-north-02"), *north));
  EXPECT_FALSE(TotalsContest(*e.tree, e.Commission("cec"), *north));
  EXPECT_FALSE(TotalsContest(*e.tree, e.Commission("rec-south"), *north));
  EXPECT_TRUE(TotalsContest(*e.tree, e.Commission("tec-south-01"), *south));
  EXPECT_FALSE(TotalsContest(*e.tree, e.Commission("rec-south"), *south));
}

TEST(TabulateTest, FourTierOrderIsBottomUp) {
  TabulationElection e;
  NationalTabulation t = TabulateAll(e);
  std::vector<std::string> order;
  for (const TabulatedTier& tier : t.tiers) order.push_back(tier.protocol.commission);
  EXPECT_THAT(order, ElementsAre("tec-north-01", "tec-north-02", "tec-south-01", "rec-north",
                                 "rec-south", "cec"));
  EXPECT_EQ(t.cec().protocol.commission, "cec");
  EXPECT_EQ(t.cec().protocol.tier, CommissionTier::kCentral);
  EXPECT_EQ(t.Find(e.Commission("pec-north-0001")), nullptr);
  EXPECT_EQ(t.Find(9999), nullptr);
  for (const TabulatedTier& tier : t.tiers) {
    EXPECT_EQ(tier.digest, TierProtocolDigest(tier.protocol)) << tier.protocol.commission;
    EXPECT_EQ(tier.protocol.election_id, "test-2007");
    EXPECT_EQ(tier.protocol.definition_digest, e.digest);
  }
}

TEST(TabulateTest, TecSumsItsPrecinctsExactly) {
  TabulationElection e;
  NationalTabulation t = TabulateAll(e);
  const TierProtocol& tec = ProtocolOf(t, e, "tec-north-01");
  EXPECT_EQ(tec.tier, CommissionTier::kTerritorial);
  EXPECT_THAT(ContestIds(tec), ElementsAre("majilis", "president", "maslikhat-north"));
  const ContestTotals* m = TotalsOf(tec, "majilis");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->precincts_expected, 2);
  EXPECT_EQ(m->precincts_counted, 2);
  EXPECT_EQ(m->registered_voters, 2332);
  EXPECT_EQ(m->voters_added_on_day, 32);
  EXPECT_EQ(m->ballots_received, 2200);
  EXPECT_EQ(m->ballots_issued, 1800);
  EXPECT_EQ(m->ballots_cancelled, 400);
  EXPECT_EQ(m->electronic_ballots_issued, 50);
  EXPECT_EQ(m->electronic_votes, 50);
  EXPECT_EQ(m->voters_with_avc, 8);
  EXPECT_EQ(m->mobile_requests, 50);
  EXPECT_EQ(m->ballots_in_mobile_boxes, 43);
  EXPECT_EQ(m->ballots_in_stationary_boxes, 1750);
  EXPECT_EQ(m->invalid_ballots, 23);
  EXPECT_EQ(VotesFor(*m, "list-nur-otan"), 1380);
  EXPECT_EQ(VotesFor(*m, "list-ansdp"), 300);
  EXPECT_EQ(VotesFor(*m, "list-ak-zhol"), 140);
  EXPECT_EQ(m->valid_votes(), 1820);
  EXPECT_EQ(m->participants(), 1850);
  // Votes in ballot order, as in the precinct protocols.
  const Contest* majilis = testing::FindContest(e.def, "majilis");
  ASSERT_EQ(m->votes.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(m->votes[i].first, majilis->ballot_order.order[i]);

  const ContestTotals* north = TotalsOf(tec, "maslikhat-north");
  ASSERT_NE(north, nullptr);
  EXPECT_EQ(VotesFor(*north, "north-nur-otan"), 1500);
  EXPECT_EQ(VotesFor(*north, "north-ansdp"), 320);

  // Every figure of every precinct beneath, exactly as signed.
  ASSERT_EQ(tec.precincts.size(), 2u);
  EXPECT_EQ(tec.precincts[0].station, "ps-north-0001");
  EXPECT_EQ(tec.precincts[1].station, "ps-north-0002");
  EXPECT_EQ(tec.precincts[0].contests, e.Of("ps-north-0001").contests);
  EXPECT_EQ(tec.precincts[1].contests, e.Of("ps-north-0002").contests);
  EXPECT_EQ(tec.precincts[0].protocol_digest, testing::ProtocolDigest(e.Of("ps-north-0001")));
  EXPECT_EQ(tec.precincts[0].version, 1);
  EXPECT_TRUE(tec.children.empty());

  const TierProtocol& tec2 = ProtocolOf(t, e, "tec-north-02");
  const ContestTotals* m2 = TotalsOf(tec2, "majilis");
  ASSERT_NE(m2, nullptr);
  EXPECT_EQ(m2->registered_voters, 1605);
  EXPECT_EQ(m2->ballots_issued, 1350);
  EXPECT_EQ(m2->invalid_ballots, 45);
  EXPECT_EQ(VotesFor(*m2, "list-nur-otan"), 1100);
  EXPECT_EQ(VotesFor(*m2, "list-ansdp"), 120);
  EXPECT_EQ(VotesFor(*m2, "list-ak-zhol"), 70);

  // A district council is totalled by its TEC.
  const TierProtocol& south = ProtocolOf(t, e, "tec-south-01");
  EXPECT_THAT(ContestIds(south), ElementsAre("majilis", "president", "maslikhat-south"));
  EXPECT_EQ(VotesFor(*TotalsOf(south, "maslikhat-south"), "south-nur-otan"), 1400);
}

TEST(TabulateTest, RecAndCecSumTheirChildren) {
  TabulationElection e;
  NationalTabulation t = TabulateAll(e);

  const TierProtocol& rec = ProtocolOf(t, e, "rec-north");
  EXPECT_EQ(rec.tier, CommissionTier::kRegional);
  EXPECT_THAT(ContestIds(rec), ElementsAre("majilis", "president", "maslikhat-north"));
  const ContestTotals* m = TotalsOf(rec, "majilis");
  EXPECT_EQ(m->precincts_expected, 4);
  EXPECT_EQ(m->precincts_counted, 4);
  EXPECT_EQ(m->registered_voters, 3937);
  EXPECT_EQ(m->ballots_issued, 3150);
  EXPECT_EQ(m->invalid_ballots, 68);
  EXPECT_EQ(VotesFor(*m, "list-nur-otan"), 2480);
  EXPECT_EQ(VotesFor(*m, "list-ansdp"), 420);
  EXPECT_EQ(VotesFor(*m, "list-ak-zhol"), 210);
  const ContestTotals* north = TotalsOf(rec, "maslikhat-north");
  EXPECT_EQ(VotesFor(*north, "north-nur-otan"), 2540);
  EXPECT_EQ(VotesFor(*north, "north-ansdp"), 570);
  ASSERT_EQ(rec.children.size(), 2u);
  EXPECT_EQ(rec.children[0].commission, "tec-north-01");
  EXPECT_EQ(rec.children[0].protocol_digest, t.Find(e.Commission("tec-north-01"))->digest.Hex());
  EXPECT_EQ(rec.children[1].commission, "tec-north-02");
  EXPECT_EQ(rec.children[1].protocol_digest, t.Find(e.Commission("tec-north-02"))->digest.Hex());
  // Every precinct beneath, by reference only.
  ASSERT_EQ(rec.precincts.size(), 4u);
  for (const PrecinctEntry& p : rec.precincts) {
    EXPECT_TRUE(p.contests.empty());
    EXPECT_EQ(p.protocol_digest, testing::ProtocolDigest(e.Of(p.station)));
  }

  // A district council is not totalled above its scope.
  EXPECT_THAT(ContestIds(ProtocolOf(t, e, "rec-south")), ElementsAre("majilis", "president"));

  const TierProtocol& cec = t.cec().protocol;
  EXPECT_THAT(ContestIds(cec), ElementsAre("majilis", "president"));
  const ContestTotals* cm = TotalsOf(cec, "majilis");
  EXPECT_EQ(cm->precincts_expected, 5);
  EXPECT_EQ(cm->precincts_counted, 5);
  EXPECT_EQ(cm->registered_voters, 6137);
  EXPECT_EQ(cm->ballots_issued, 5050);
  EXPECT_EQ(cm->electronic_ballots_issued, 50);
  EXPECT_EQ(cm->ballots_in_mobile_boxes, 88);
  EXPECT_EQ(cm->invalid_ballots, 93);
  EXPECT_EQ(VotesFor(*cm, "list-nur-otan"), 3980);
  EXPECT_EQ(VotesFor(*cm, "list-ansdp"), 680);
  EXPECT_EQ(VotesFor(*cm, "list-ak-zhol"), 310);
  const ContestTotals* cp = TotalsOf(cec, "president");
  EXPECT_EQ(VotesFor(*cp, "cand-aliev"), 3300);
  EXPECT_EQ(VotesFor(*cp, "cand-abaev"), 1200);
  EXPECT_EQ(VotesFor(*cp, "cand-bekova"), 470);
  std::vector<std::string> stations;
  for (const PrecinctEntry& p : cec.precincts) stations.push_back(p.station);
  EXPECT_THAT(stations, ElementsAre("ps-north-0001", "ps-north-0002", "ps-north-0003",
                                    "ps-north-0004", "ps-south-0001"));
  ASSERT_EQ(cec.children.size(), 2u);
  EXPECT_EQ(cec.children[0].commission, "rec-north");
  EXPECT_EQ(cec.children[1].commission, "rec-south");
}

TEST(TabulateTest, ThreeTierCecSumsItsTecs) {
  TabulationElection e(/*four_tier=*/false);
  NationalTabulation t = TabulateAll(e);
  std::vector<std::string> order;
  for (const TabulatedTier& tier : t.tiers) order.push_back(tier.protocol.commission);
  EXPECT_THAT(order, ElementsAre("tec-north-01", "tec-south-01", "tec-north-02", "cec"));
  const TierProtocol& cec = t.cec().protocol;
  ASSERT_EQ(cec.children.size(), 3u);
  EXPECT_EQ(cec.children[0].commission, "tec-north-01");
  EXPECT_EQ(cec.children[2].commission, "tec-north-02");
  EXPECT_EQ(cec.children[2].protocol_digest, t.tiers[2].digest.Hex());
  const ContestTotals* cm = TotalsOf(cec, "majilis");
  EXPECT_EQ(cm->precincts_expected, 5);
  EXPECT_EQ(cm->precincts_counted, 5);
  EXPECT_EQ(cm->registered_voters, 6137);
  EXPECT_EQ(VotesFor(*cm, "list-nur-otan"), 3980);
  EXPECT_EQ(VotesFor(*TotalsOf(cec, "president"), "cand-aliev"), 3300);
  // Tree order: tec-north-01's stations, tec-south-01's, then tec-north-02's.
  std::vector<std::string> stations;
  for (const PrecinctEntry& p : cec.precincts) stations.push_back(p.station);
  EXPECT_THAT(stations, ElementsAre("ps-north-0001", "ps-north-0002", "ps-south-0001",
                                    "ps-north-0003", "ps-north-0004"));
}

TEST(TabulateTest, MissingPrecinctIsPreliminaryNotAnError) {
  TabulationElection e;
  std::vector<CountedPrecinct> some =
      e.CountedOf({"ps-north-0001", "ps-north-0003", "ps-north-0004", "ps-south-0001"});
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, some);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  const ContestTotals* m = TotalsOf(ProtocolOf(*t, e, "tec-north-01"), "majilis");
  EXPECT_EQ(m->precincts_expected, 2);
  EXPECT_EQ(m->precincts_counted, 1);
  EXPECT_EQ(m->registered_voters, 812);
  EXPECT_EQ(VotesFor(*m, "list-nur-otan"), 480);
  const ContestTotals* cm = TotalsOf(t->cec().protocol, "majilis");
  EXPECT_EQ(cm->precincts_expected, 5);
  EXPECT_EQ(cm->precincts_counted, 4);
  EXPECT_EQ(VotesFor(*cm, "list-nur-otan"), 3980 - 900);
  EXPECT_EQ(t->cec().protocol.precincts.size(), 4u);
  // The preliminary result differs from the final one.
  EXPECT_NE(t->cec().digest, TabulateAll(e).cec().digest);
}

TEST(TabulateTest, NothingReportedYet) {
  TabulationElection e;
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, {});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  ASSERT_EQ(t->tiers.size(), 6u);
  for (const TabulatedTier& tier : t->tiers) {
    EXPECT_TRUE(tier.protocol.precincts.empty());
    for (const ContestTotals& c : tier.protocol.contests) {
      EXPECT_EQ(c.precincts_counted, 0);
      EXPECT_GT(c.precincts_expected, 0);
      EXPECT_EQ(c.registered_voters, 0);
      EXPECT_EQ(c.valid_votes(), 0);
    }
  }
  EXPECT_EQ(TotalsOf(t->cec().protocol, "majilis")->votes.size(), 3u);
}

TEST(TabulateTest, InputOrderDoesNotMatter) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  std::reverse(counted.begin(), counted.end());
  Result<NationalTabulation> reversed = Tabulate(*e.tree, e.digest, counted);
  ASSERT_TRUE(reversed.ok());
  NationalTabulation straight = TabulateAll(e);
  ASSERT_EQ(reversed->tiers.size(), straight.tiers.size());
  for (size_t i = 0; i < straight.tiers.size(); ++i) {
    EXPECT_EQ(reversed->tiers[i].digest, straight.tiers[i].digest);
  }
}

TEST(TabulateTest, AgreesWithTierByTierAggregation) {
  TabulationElection e;
  NationalTabulation t = TabulateAll(e);
  std::vector<CountedPrecinct> north1 = e.CountedOf({"ps-north-0002", "ps-north-0001"});
  std::vector<CountedPrecinct> north2 = e.CountedOf({"ps-north-0003", "ps-north-0004"});
  Result<TierProtocol> tec1 = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), north1);
  Result<TierProtocol> tec2 = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-02"), north2);
  ASSERT_TRUE(tec1.ok()) << tec1.error().ToString();
  ASSERT_TRUE(tec2.ok()) << tec2.error().ToString();
  EXPECT_EQ(*tec1, ProtocolOf(t, e, "tec-north-01"));
  EXPECT_EQ(*tec2, ProtocolOf(t, e, "tec-north-02"));
  // Children in any order.
  std::vector<TierProtocol> children = {*tec2, *tec1};
  Result<TierProtocol> rec = AggregateCommission(*e.tree, e.digest, e.Commission("rec-north"), children);
  ASSERT_TRUE(rec.ok()) << rec.error().ToString();
  EXPECT_EQ(*rec, ProtocolOf(t, e, "rec-north"));
}

TEST(TabulateTest, CorrectedVersionIsTotalled) {
  TabulationElection e;
  protocol::PrecinctProtocol v2 = e.Of("ps-north-0002");
  v2.version = 2;
  v2.correction = {testing::ProtocolDigest(e.Of("ps-north-0002")), "recount", "decision-17"};
  v2.contests[0].invalid_ballots -= 5;
  v2.contests[0].votes[0].second += 5;
  std::vector<CountedPrecinct> counted = e.CountedOf({"ps-north-0001"});
  counted.push_back({&v2, testing::ProtocolDigest(v2)});
  Result<TierProtocol> tec = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_TRUE(tec.ok()) << tec.error().ToString();
  EXPECT_EQ(tec->precincts[1].version, 2);
  EXPECT_EQ(tec->precincts[1].protocol_digest, testing::ProtocolDigest(v2));
  EXPECT_EQ(TotalsOf(*tec, "majilis")->invalid_ballots, 18);
}

TEST(AggregateTecTest, RejectsStationOutsideTheTec) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.CountedOf({"ps-north-0001", "ps-south-0001"});
  Result<TierProtocol> tec = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_FALSE(tec.ok());
  EXPECT_EQ(tec.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(tec.error().rule, "R-E1.coverage");
  EXPECT_EQ(tec.error().where, "/precincts/1");
  EXPECT_THAT(tec.error().message, HasSubstr("ps-south-0001 is not beneath tec-north-01"));
}

TEST(AggregateTecTest, RejectsDuplicateAndUnknownStations) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.CountedOf({"ps-north-0001", "ps-north-0001"});
  Result<TierProtocol> dup = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().rule, "R-E1.coverage");
  EXPECT_THAT(dup.error().message, HasSubstr("given twice"));

  protocol::PrecinctProtocol ghost = e.Of("ps-north-0001");
  ghost.station = "ps-nowhere";
  std::vector<CountedPrecinct> unknown = {{&ghost, testing::ProtocolDigest(ghost)}};
  Result<TierProtocol> r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), unknown);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.coverage");
  EXPECT_THAT(r.error().message, HasSubstr("ps-nowhere"));

  std::vector<CountedPrecinct> null = {{nullptr, std::string(64, 'a')}};
  EXPECT_EQ(AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), null).error().code,
            ErrorCode::kBadInput);
}

TEST(AggregateTecTest, RejectsAnotherDefinitionOrCommission) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.CountedOf({"ps-north-0001"});
  Result<TierProtocol> r =
      AggregateTec(*e.tree, std::string(64, '0'), e.Commission("tec-north-01"), counted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.definition");
  EXPECT_EQ(r.error().where, "ps-north-0001:/definition_digest");

  protocol::PrecinctProtocol wrong = e.Of("ps-north-0001");
  wrong.commission = "pec-north-0002";
  std::vector<CountedPrecinct> w = {{&wrong, testing::ProtocolDigest(wrong)}};
  r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), w);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.coverage");
  EXPECT_THAT(r.error().message, HasSubstr("belongs to pec-north-0001"));

  std::vector<CountedPrecinct> bad_digest = {{&e.Of("ps-north-0001"), "ABC"}};
  r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), bad_digest);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

TEST(AggregateTecTest, RejectsMissingContestOrChoicesOutOfOrder) {
  TabulationElection e;
  protocol::PrecinctProtocol p = e.Of("ps-north-0001");
  p.contests.erase(p.contests.begin() + 2);  // maslikhat-north
  std::vector<CountedPrecinct> counted = {{&p, testing::ProtocolDigest(p)}};
  Result<TierProtocol> r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.contests");
  EXPECT_THAT(r.error().message, HasSubstr("maslikhat-north"));

  p = e.Of("ps-north-0001");
  std::swap(p.contests[0].votes[0], p.contests[0].votes[1]);
  counted = {{&p, testing::ProtocolDigest(p)}};
  r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.contests");
  EXPECT_THAT(r.error().message, HasSubstr("choice 1"));

  p = e.Of("ps-north-0001");
  p.contests[1].votes.pop_back();
  counted = {{&p, testing::ProtocolDigest(p)}};
  r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("lists 2 choices"));
}

TEST(AggregateTecTest, TotalsBeyondJsonIntegersAreRefused) {
  TabulationElection e;
  protocol::PrecinctProtocol a = e.Of("ps-north-0001");
  protocol::PrecinctProtocol b = e.Of("ps-north-0002");
  a.contests[0].ballots_received = json::kMaxSafeInteger;
  b.contests[0].ballots_received = json::kMaxSafeInteger;
  std::vector<CountedPrecinct> counted = {{&a, testing::ProtocolDigest(a)},
                                          {&b, testing::ProtocolDigest(b)}};
  Result<TierProtocol> r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().where, "/contests/0/ballots_received");
  // One at the limit is fine.
  counted.pop_back();
  r = AggregateTec(*e.tree, e.digest, e.Commission("tec-north-01"), counted);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->contests[0].ballots_received, json::kMaxSafeInteger);
}

TEST(AggregateTest, WrongTierIsRefused) {
  TabulationElection e;
  Result<TierProtocol> r = AggregateTec(*e.tree, e.digest, e.Commission("rec-north"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.shape");
  r = AggregateTec(*e.tree, e.digest, e.Commission("pec-north-0001"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.shape");
  r = AggregateCommission(*e.tree, e.digest, e.Commission("tec-north-01"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.shape");
  r = AggregateCommission(*e.tree, e.digest, 12345, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

TEST(AggregateCommissionTest, RejectsForeignOrDuplicateChildren) {
  TabulationElection e;
  NationalTabulation t = TabulateAll(e);
  std::vector<TierProtocol> foreign = {ProtocolOf(t, e, "tec-south-01")};
  Result<TierProtocol> r = AggregateCommission(*e.tree, e.digest, e.Commission("rec-north"), foreign);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.coverage");
  EXPECT_THAT(r.error().message, HasSubstr("tec-south-01\" is not a child of rec-north"));

  std::vector<TierProtocol> twice = {ProtocolOf(t, e, "tec-north-01"), ProtocolOf(t, e, "tec-north-01")};
  r = AggregateCommission(*e.tree, e.digest, e.Commission("rec-north"), twice);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.coverage");
  EXPECT_EQ(r.error().where, "/children/1");

  std::vector<TierProtocol> other_def = {ProtocolOf(t, e, "tec-north-01")};
  other_def[0].definition_digest = std::string(64, 'f');
  r = AggregateCommission(*e.tree, e.digest, e.Commission("rec-north"), other_def);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.definition");

  std::vector<TierProtocol> no_council = {ProtocolOf(t, e, "tec-north-01")};
  no_council[0].contests.pop_back();
  r = AggregateCommission(*e.tree, e.digest, e.Commission("rec-north"), no_council);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-E1.contests");
  EXPECT_THAT(r.error().message, HasSubstr("maslikhat-north"));
}

TEST(AggregateCommissionTest, MissingChildCountsAsNotCounted) {
  TabulationElection e;
  NationalTabulation t = TabulateAll(e);
  std::vector<TierProtocol> one = {ProtocolOf(t, e, "tec-north-02")};
  Result<TierProtocol> r = AggregateCommission(*e.tree, e.digest, e.Commission("rec-north"), one);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const ContestTotals* m = TotalsOf(*r, "majilis");
  EXPECT_EQ(m->precincts_expected, 4);
  EXPECT_EQ(m->precincts_counted, 2);
  EXPECT_EQ(VotesFor(*m, "list-nur-otan"), 1100);
  ASSERT_EQ(r->children.size(), 1u);
  EXPECT_EQ(r->children[0].commission, "tec-north-02");
  EXPECT_EQ(r->precincts.size(), 2u);
}

TEST(TabulateTest, RejectsTreesOfAnotherShape) {
  TabulationElection e;
  // A PEC directly under an REC.
  ElectionDefinition def = e.def;
  for (Commission& c : def.commissions) {
    if (c.id == "pec-north-0003") c.parent = "rec-north";
  }
  Result<CommissionTree> tree = CommissionTree::Build(def);
  ASSERT_TRUE(tree.ok());
  Result<NationalTabulation> t = Tabulate(*tree, e.digest, {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().rule, "R-E1.shape");
  EXPECT_THAT(t.error().message, HasSubstr("pec-north-0003"));

  // A station that belongs to a TEC rather than a PEC.
  def = e.def;
  def.polling_stations[0].commission = "tec-north-01";
  tree = CommissionTree::Build(def);
  ASSERT_TRUE(tree.ok());
  t = Tabulate(*tree, e.digest, {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().rule, "R-E1.shape");
  EXPECT_EQ(t.error().where, "/polling_stations/0/commission");
}

TEST(TabulateTest, RejectsDuplicateOrUnknownStation) {
  TabulationElection e;
  protocol::PrecinctProtocol v2 = e.Of("ps-south-0001");
  v2.version = 2;
  std::vector<CountedPrecinct> counted = e.Counted();
  counted.push_back({&v2, testing::ProtocolDigest(v2)});
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, counted);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().rule, "R-E1.coverage");
  EXPECT_EQ(t.error().where, "/precincts/5");
  EXPECT_THAT(t.error().message, HasSubstr("versions 1 and 2"));

  protocol::PrecinctProtocol ghost = e.Of("ps-south-0001");
  ghost.station = "ps-ghost";
  counted = {{&ghost, testing::ProtocolDigest(ghost)}};
  t = Tabulate(*e.tree, e.digest, counted);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().rule, "R-E1.coverage");
}

}  // namespace
}  // namespace ashyq::tabulate
