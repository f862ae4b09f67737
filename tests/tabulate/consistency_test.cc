#include "tabulate/consistency.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "tier_fixture.h"

namespace ashyq::tabulate {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::Rules;
using testing::TabulationElection;

// A published record: the fixture's precinct protocols and their tabulation.
class ConsistencyTest : public ::testing::Test {
 protected:
  explicit ConsistencyTest(bool four_tier = true) : e_(four_tier) {
    counted_ = e_.Counted();
    Result<NationalTabulation> t = Tabulate(*e_.tree, e_.digest, counted_);
    EXPECT_TRUE(t.ok()) << t.error().ToString();
    tab_ = std::move(t).value();
    for (const CountedPrecinct& c : counted_) published_.AddPrecinct(c.digest, c.protocol);
    for (const TabulatedTier& t2 : tab_.tiers) published_.AddTier(t2.digest.Hex(), &t2.protocol);
  }

  TierProtocol Of(const std::string& commission) const {
    return tab_.Find(e_.Commission(commission))->protocol;
  }
  std::vector<Error> Check(const TierProtocol& p, const PublishedProtocols* published) const {
    return CheckTierProtocol(p, *e_.tree, e_.digest, published);
  }
  std::vector<Error> Check(const TierProtocol& p) const { return Check(p, &published_); }
  // Publishes `p` (kept alive by the fixture) and returns its digest.
  std::string Publish(TierProtocol p) {
    extra_tiers_.push_back(std::move(p));
    std::string digest = TierProtocolDigest(extra_tiers_.back()).Hex();
    published_.AddTier(digest, &extra_tiers_.back());
    return digest;
  }
  const Error* Find(const std::vector<Error>& errors, const std::string& rule) const {
    for (const Error& e : errors) {
      if (e.rule == rule) return &e;
    }
    return nullptr;
  }

  TabulationElection e_;
  std::vector<CountedPrecinct> counted_;
  NationalTabulation tab_;
  PublishedProtocols published_;
  std::deque<TierProtocol> extra_tiers_;
  std::deque<protocol::PrecinctProtocol> extra_precincts_;
};

TEST_F(ConsistencyTest, EveryTabulatedProtocolPasses) {
  for (const TabulatedTier& t : tab_.tiers) {
    std::vector<Error> with = Check(t.protocol);
    EXPECT_TRUE(with.empty()) << t.protocol.commission << "\n" << testing::Describe(with);
    std::vector<Error> without = Check(t.protocol, nullptr);
    EXPECT_TRUE(without.empty()) << t.protocol.commission << "\n" << testing::Describe(without);
  }
}

TEST_F(ConsistencyTest, PreliminaryProtocolsPass) {
  std::vector<CountedPrecinct> some = e_.CountedOf({"ps-north-0002", "ps-south-0001"});
  Result<NationalTabulation> t = Tabulate(*e_.tree, e_.digest, some);
  ASSERT_TRUE(t.ok());
  PublishedProtocols published = published_;
  for (const TabulatedTier& tier : t->tiers) published.AddTier(tier.digest.Hex(), &tier.protocol);
  for (const TabulatedTier& tier : t->tiers) {
    std::vector<Error> errors = Check(tier.protocol, &published);
    EXPECT_TRUE(errors.empty()) << tier.protocol.commission << "\n" << testing::Describe(errors);
  }
}

TEST_F(ConsistencyTest, TecVoteTotalThatIsNotTheSumIsNamed) {
  TierProtocol tec = Of("tec-north-01");
  size_t nur_otan = 0;
  while (tec.contests[0].votes[nur_otan].first != "list-nur-otan") ++nur_otan;
  tec.contests[0].votes[nur_otan].second += 1;
  std::vector<Error> errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.sum");
  EXPECT_EQ(errors[0].code, ErrorCode::kCheckFailed);
  EXPECT_EQ(errors[0].where, "/contests/0/votes/" + std::to_string(nur_otan) + "/votes");
  EXPECT_EQ(errors[0].message,
            "TEC tec-north-01, majilis: Nur Otan (list-nur-otan) 1,381 \xE2\x89\xA0 1,380, the "
            "sum of its 2 precincts");
  // The arithmetic needs nothing published.
  EXPECT_THAT(Rules(Check(tec, nullptr)), Contains("R-E1.sum"));
}

TEST_F(ConsistencyTest, TecFigureThatIsNotTheSumIsNamed) {
  TierProtocol tec = Of("tec-north-02");
  tec.contests[2].ballots_issued = 1300;
  std::vector<Error> errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.sum");
  EXPECT_EQ(errors[0].where, "/contests/2/ballots_issued");
  EXPECT_THAT(errors[0].message, HasSubstr("maslikhat-north: ballots issued 1,300"));
  EXPECT_THAT(errors[0].message, HasSubstr("1,350, the sum of its 2 precincts"));
}

TEST_F(ConsistencyTest, RecTotalThatIsNotTheSumOfItsTecsIsNamed) {
  TierProtocol rec = Of("rec-north");
  rec.contests[0].invalid_ballots = 70;
  std::vector<Error> errors = Check(rec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.sum");
  EXPECT_EQ(errors[0].where, "/contests/0/invalid_ballots");
  EXPECT_THAT(errors[0].message,
              HasSubstr("REC rec-north, majilis: invalid ballots 70 \xE2\x89\xA0 68, the sum of "
                        "its 2 TEC protocols"));
  // Without the children, the sum cannot be checked.
  EXPECT_TRUE(Check(rec, nullptr).empty());
}

TEST_F(ConsistencyTest, CecTotalIsCheckedAgainstItsRecs) {
  TierProtocol cec = Of("cec");
  cec.contests[1].votes[0].second -= 100;
  std::vector<Error> errors = Check(cec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.sum");
  EXPECT_THAT(errors[0].message, HasSubstr("its 2 REC protocols"));
}

TEST_F(ConsistencyTest, MissingOrExtraPrecinctIsACoverageFault) {
  TierProtocol tec = Of("tec-north-01");
  tec.precincts.pop_back();  // totals still include it
  std::vector<Error> errors = Check(tec);
  EXPECT_THAT(Rules(errors), Contains("R-E1.coverage"));
  EXPECT_THAT(Rules(errors), Contains("R-E1.sum"));
  const Error* coverage = Find(errors, "R-E1.coverage");
  EXPECT_EQ(coverage->where, "/contests/0/precincts_counted");

  tec = Of("tec-north-01");
  tec.precincts.push_back(Of("tec-south-01").precincts[0]);
  errors = Check(tec);
  ASSERT_NE(Find(errors, "R-E1.coverage"), nullptr);
  EXPECT_THAT(testing::Describe(errors), HasSubstr("ps-south-0001 is not beneath tec-north-01"));
  EXPECT_THAT(testing::Describe(errors), HasSubstr("/precincts/2/station"));

  tec = Of("tec-north-01");
  tec.precincts.push_back(tec.precincts[0]);
  EXPECT_THAT(testing::Describe(Check(tec)), HasSubstr("ps-north-0001 is listed twice"));

  tec = Of("tec-north-01");
  std::swap(tec.precincts[0], tec.precincts[1]);
  errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.coverage");
  EXPECT_THAT(errors[0].message, HasSubstr("out of the definition's order"));

  tec = Of("tec-north-01");
  tec.precincts[0].station = "ps-ghost";
  EXPECT_THAT(testing::Describe(Check(tec)), HasSubstr("\"ps-ghost\" is not in the election"));

  tec = Of("tec-north-01");
  for (ContestTotals& c : tec.contests) c.precincts_expected = 1;
  errors = Check(tec);
  ASSERT_EQ(errors.size(), 3u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].where, "/contests/0/precincts_expected");
  EXPECT_THAT(errors[0].message, HasSubstr("precincts_expected is 1, but 2 polling stations"));
}

TEST_F(ConsistencyTest, UnpublishedReferenceIsNamed) {
  TierProtocol tec = Of("tec-north-01");
  tec.precincts[1].protocol_digest = std::string(64, 'e');
  std::vector<Error> errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.reference");
  EXPECT_EQ(errors[0].where, "/precincts/1/protocol_digest");
  EXPECT_THAT(errors[0].message, HasSubstr("of station ps-north-0002 is not in the published"));
  EXPECT_TRUE(Check(tec, nullptr).empty());

  TierProtocol rec = Of("rec-north");
  rec.children[0].protocol_digest = std::string(64, 'e');
  errors = Check(rec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.reference");
  EXPECT_EQ(errors[0].where, "/children/0/protocol_digest");

  // A digest of another station's protocol.
  tec = Of("tec-north-01");
  tec.precincts[0].protocol_digest = tec.precincts[1].protocol_digest;
  EXPECT_THAT(Rules(Check(tec)), Contains("R-E1.reference"));
  // A child digest of another commission's protocol.
  rec = Of("rec-north");
  rec.children[0].protocol_digest = rec.children[1].protocol_digest;
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("is that of tec-north-02"));
}

TEST_F(ConsistencyTest, EmbeddedFiguresMustBeThoseSigned) {
  // Figures and totals altered together: only the signed protocol shows the change.
  TierProtocol tec = Of("tec-north-01");
  tec.precincts[0].contests[1].votes[0].second += 10;
  tec.precincts[0].contests[1].invalid_ballots -= 10;
  tec.contests[1].votes[0].second += 10;
  tec.contests[1].invalid_ballots -= 10;
  EXPECT_TRUE(Check(tec, nullptr).empty());
  std::vector<Error> errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.figures");
  EXPECT_EQ(errors[0].where, "/precincts/0/contests");
  EXPECT_THAT(errors[0].message, HasSubstr("station ps-north-0001"));
  EXPECT_THAT(errors[0].message, HasSubstr("in contest president"));

  tec = Of("tec-north-01");
  tec.precincts[0].contests.clear();
  errors = Check(tec, nullptr);
  EXPECT_THAT(Rules(errors), Contains("R-E1.figures"));
}

TEST_F(ConsistencyTest, TotallingASupersededVersionIsNamed) {
  protocol::PrecinctProtocol v2 = e_.Of("ps-north-0002");
  v2.version = 2;
  v2.correction = {testing::ProtocolDigest(e_.Of("ps-north-0002")), "recount", ""};
  extra_precincts_.push_back(v2);
  published_.AddPrecinct(testing::ProtocolDigest(v2), &extra_precincts_.back());
  std::vector<Error> errors = Check(Of("tec-north-01"));
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.latest");
  EXPECT_EQ(errors[0].where, "/precincts/1/version");
  EXPECT_THAT(errors[0].message, HasSubstr("version 1 of station ps-north-0002, but version 2"));
  // The REC and CEC reference it too.
  EXPECT_THAT(Rules(Check(Of("cec"))), Contains("R-E1.latest"));
}

TEST_F(ConsistencyTest, RecPrecinctListMustBeItsChildrens) {
  TierProtocol rec = Of("rec-north");
  rec.precincts.erase(rec.precincts.begin() + 2);
  for (ContestTotals& c : rec.contests) c.precincts_counted = 3;
  std::vector<Error> errors = Check(rec);
  ASSERT_NE(Find(errors, "R-E1.coverage"), nullptr) << testing::Describe(errors);
  EXPECT_THAT(testing::Describe(errors), HasSubstr("/precincts/2"));
  EXPECT_THAT(testing::Describe(errors), HasSubstr("tec-north-02"));

  rec = Of("rec-north");
  rec.precincts[3].version = 3;
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("version 3"));

  // A child missing: its precincts must be missing too.
  rec = Of("rec-north");
  rec.children.pop_back();
  errors = Check(rec);
  EXPECT_THAT(Rules(errors), Contains("R-E1.coverage"));
  EXPECT_THAT(Rules(errors), Contains("R-E1.sum"));
  EXPECT_THAT(testing::Describe(errors), HasSubstr("not totalled by any child protocol"));
}

TEST_F(ConsistencyTest, ChildrenMustBeTheCommissionsOwn) {
  TierProtocol rec = Of("rec-north");
  rec.children.push_back({"tec-south-01", tab_.Find(e_.Commission("tec-south-01"))->digest.Hex()});
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("\"tec-south-01\" is not a child"));

  rec = Of("rec-north");
  rec.children.push_back(rec.children[0]);
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("tec-north-01 is listed twice"));

  rec = Of("rec-north");
  std::swap(rec.children[0], rec.children[1]);
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("out of the definition's order"));
}

TEST_F(ConsistencyTest, ImpossibleTotalsBreakR_E4) {
  // Valid votes above the voters who took part (2007: published valid votes exceeded
  // election-night turnout by more than 200,000). Figures and totals agree, so only R-E4 fires.
  TierProtocol tec = Of("tec-south-01");
  tec.contests[0].ballots_issued = 1000;
  tec.precincts[0].contests[0].ballots_issued = 1000;
  std::vector<Error> errors = Check(tec, nullptr);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E4.valid-le-participants");
  EXPECT_EQ(errors[0].where, "/contests/0");
  EXPECT_EQ(errors[0].message,
            "TEC tec-south-01, majilis: valid votes 1,860 exceed the voters who took part, 1,000 "
            "(1,000 paper + 0 electronic ballots issued)");

  tec = Of("tec-south-01");
  tec.contests[1].registered_voters = 1800;
  tec.precincts[0].contests[1].registered_voters = 1800;
  errors = Check(tec, nullptr);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E4.participants-le-registered");
  EXPECT_EQ(errors[0].where, "/contests/1");
  EXPECT_THAT(errors[0].message, HasSubstr("1,900 exceed the registered voters 1,800"));
}

TEST_F(ConsistencyTest, ContestsMustBeThoseTheCommissionTotals) {
  TierProtocol cec = Of("cec");
  ContestTotals council = *testing::TotalsOf(Of("tec-south-01"), "maslikhat-south");
  cec.contests.push_back(council);
  std::vector<Error> errors = Check(cec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.contests");
  EXPECT_EQ(errors[0].where, "/contests/2/contest");
  EXPECT_THAT(errors[0].message, HasSubstr("its scope is tec-south-01"));

  TierProtocol rec = Of("rec-north");
  rec.contests.pop_back();
  errors = Check(rec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.contests");
  EXPECT_THAT(errors[0].message, HasSubstr("no totals for maslikhat-north"));

  rec = Of("rec-north");
  std::swap(rec.contests[0], rec.contests[1]);
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("out of the definition's order of contests"));

  rec = Of("rec-north");
  rec.contests.push_back(rec.contests[0]);
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("majilis is totalled twice"));

  rec = Of("rec-north");
  std::swap(rec.contests[0].votes[0], rec.contests[0].votes[2]);
  errors = Check(rec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].where, "/contests/0/votes");

  rec = Of("rec-north");
  rec.contests[0].contest = "senate";
  EXPECT_THAT(testing::Describe(Check(rec)), HasSubstr("\"senate\" is not in the election"));
}

TEST_F(ConsistencyTest, HeaderAndShape) {
  TierProtocol tec = Of("tec-north-01");
  tec.definition_digest = std::string(64, '1');
  std::vector<Error> errors = Check(tec);
  EXPECT_THAT(Rules(errors), Contains("R-E1.definition"));
  EXPECT_EQ(errors[0].where, "/definition_digest");

  tec = Of("tec-north-01");
  tec.election_id = "other";
  EXPECT_EQ(Check(tec)[0].where, "/election_id");

  tec = Of("tec-north-01");
  tec.tier = CommissionTier::kRegional;
  errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.shape");
  EXPECT_EQ(errors[0].where, "/tier");

  tec = Of("tec-north-01");
  tec.children.push_back({"x", std::string(64, '2')});
  EXPECT_EQ(Check(tec)[0].where, "/children");

  TierProtocol rec = Of("rec-north");
  rec.precincts[0].contests = e_.Of(rec.precincts[0].station).contests;
  errors = Check(rec);
  ASSERT_NE(Find(errors, "R-E1.shape"), nullptr);
  EXPECT_EQ(Find(errors, "R-E1.shape")->where, "/precincts/0/contests");

  tec = Of("tec-north-01");
  tec.commission = "tec-atlantis";
  errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_EQ(errors[0].rule, "R-E1.shape");

  tec = Of("tec-north-01");
  tec.commission = "pec-north-0001";
  errors = Check(tec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_THAT(errors[0].message, HasSubstr("is a PEC"));
}

TEST_F(ConsistencyTest, ReferencedProtocolOfAnotherDefinitionIsNamed) {
  protocol::PrecinctProtocol other = e_.Of("ps-north-0001");
  other.definition_digest = std::string(64, '9');
  extra_precincts_.push_back(other);
  TierProtocol tec = Of("tec-north-01");
  tec.precincts[0].protocol_digest = testing::ProtocolDigest(other);
  published_.AddPrecinct(tec.precincts[0].protocol_digest, &extra_precincts_.back());
  EXPECT_THAT(Rules(Check(tec)), Contains("R-E1.definition"));
}

class ThreeTierConsistencyTest : public ConsistencyTest {
 protected:
  ThreeTierConsistencyTest() : ConsistencyTest(/*four_tier=*/false) {}
};

TEST_F(ThreeTierConsistencyTest, CecOfTecsPassesAndIsSummed) {
  for (const TabulatedTier& t : tab_.tiers) {
    std::vector<Error> errors = Check(t.protocol);
    EXPECT_TRUE(errors.empty()) << t.protocol.commission << "\n" << testing::Describe(errors);
  }
  TierProtocol cec = Of("cec");
  cec.contests[0].registered_voters += 1;
  std::vector<Error> errors = Check(cec);
  ASSERT_EQ(errors.size(), 1u) << testing::Describe(errors);
  EXPECT_THAT(errors[0].message, HasSubstr("6,138 \xE2\x89\xA0 6,137, the sum of its 3 TEC protocols"));
}

TEST(PublishedProtocolsTest, IndexesByDigestAndTracksLatestVersion) {
  PublishedProtocols index;
  protocol::PrecinctProtocol v1, v3;
  v1.station = v3.station = "ps-1";
  v3.version = 3;
  index.AddPrecinct("d3", &v3);
  index.AddPrecinct("d1", &v1);
  EXPECT_EQ(index.FindPrecinct("d1"), &v1);
  EXPECT_EQ(index.FindPrecinct("d3"), &v3);
  EXPECT_EQ(index.FindPrecinct("d2"), nullptr);
  EXPECT_EQ(index.LatestVersion("ps-1"), 3);
  EXPECT_EQ(index.LatestVersion("ps-2"), 0);
  TierProtocol t;
  index.AddTier("t", &t);
  EXPECT_EQ(index.FindTier("t"), &t);
  EXPECT_EQ(index.FindTier("d1"), nullptr);
}

}  // namespace
}  // namespace ashyq::tabulate
