#include "tabulate/presidential.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ashyq::tabulate {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Kind = PresidentialOutcome::Kind;
using Votes = std::vector<std::pair<std::string, int64_t>>;

TEST(Presidential, Kazakhstan2019ElectedInTheFirstRound) {
  // Official 2019 shares (scenarios/kz2019-presidential.json, basis points of valid votes)
  // scaled to 10 million valid votes, plus 1 % invalid ballots.
  const Votes votes = {{"akhmetbekov", 182000}, {"yespayeva", 505000},  {"kosanov", 1623000}, {"rakhimbekov", 303000},
                       {"taspikhov", 200000},   {"tokayev", 7096000}, {"tugel", 91000}};
  Result<PresidentialOutcome> o = DecidePresidential(votes, 10100000, 5000);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(o->kind, Kind::kElected);
  EXPECT_EQ(o->elected, "tokayev");
  EXPECT_THAT(o->run_off, IsEmpty());
  EXPECT_EQ(o->valid_votes, 10000000);
  EXPECT_EQ(o->votes_needed, 5050001);  // more than half of 10,100,000 ballots cast
  ASSERT_EQ(o->candidates.size(), 7u);
  EXPECT_EQ(o->candidates[0].candidate, "tokayev");
  EXPECT_EQ(o->candidates[0].share_bp, 7026);  // 70.26 % of ballots cast (70.96 % of valid votes)
  EXPECT_EQ(o->candidates[1].candidate, "kosanov");
  EXPECT_EQ(o->candidates[6].candidate, "tugel");
  EXPECT_THAT(o->computation, Contains(AllOf(HasSubstr("tokayev"), HasSubstr("elected in the first round"))));
  EXPECT_EQ(PresidentialOutcomeKindName(o->kind), "elected");
}

TEST(Presidential, NoMajorityGoesToARunOffBetweenTheTwoLeaders) {
  Result<PresidentialOutcome> o = DecidePresidential({{"c", 15}, {"a", 45}, {"b", 40}}, 100, 5000);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(o->kind, Kind::kRunOff);
  EXPECT_TRUE(o->elected.empty());
  EXPECT_THAT(o->run_off, ElementsAre("a", "b"));
  EXPECT_THAT(o->tied_for_run_off, IsEmpty());
  EXPECT_EQ(o->open_places, 0);
  EXPECT_THAT(o->computation, Contains(HasSubstr("Run-off between the two leaders: a, b")));
}

TEST(Presidential, ExactlyFiftyPercentIsNotElected) {
  Result<PresidentialOutcome> o = DecidePresidential({{"a", 50}, {"b", 30}, {"c", 20}}, 100, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->votes_needed, 51);
  EXPECT_EQ(o->kind, Kind::kRunOff);
  EXPECT_THAT(o->run_off, ElementsAre("a", "b"));

  o = DecidePresidential({{"a", 51}, {"b", 29}, {"c", 20}}, 100, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kElected);
  EXPECT_EQ(o->elected, "a");
}

TEST(Presidential, InvalidBallotsCountAgainstAMajority) {
  // 50 of 99 valid votes is a majority of valid votes, but with 2 invalid ballots 50 of 101
  // ballots cast is not.
  Result<PresidentialOutcome> o = DecidePresidential({{"a", 50}, {"b", 49}}, 99, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kElected);
  o = DecidePresidential({{"a", 50}, {"b", 49}}, 101, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kRunOff);
  EXPECT_THAT(o->computation, Contains(HasSubstr("invalid: 2")));
}

TEST(Presidential, EqualLeadersBothGoToTheRunOff) {
  Result<PresidentialOutcome> o = DecidePresidential({{"a", 40}, {"b", 40}, {"c", 20}}, 100, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kRunOff);
  EXPECT_THAT(o->run_off, ElementsAre("a", "b"));
}

TEST(Presidential, TieForSecondPlaceIsReportedNotDecided) {
  Result<PresidentialOutcome> o = DecidePresidential({{"a", 45}, {"b", 30}, {"c", 30}}, 105, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kRunOffPlacesTied);
  EXPECT_THAT(o->run_off, ElementsAre("a"));
  EXPECT_THAT(o->tied_for_run_off, ElementsAre("b", "c"));
  EXPECT_EQ(o->open_places, 1);
  EXPECT_EQ(PresidentialOutcomeKindName(o->kind), "run_off_places_tied");
  EXPECT_THAT(o->computation, Contains(AllOf(HasSubstr("b, c"), HasSubstr("the remaining place"))));
}

TEST(Presidential, ThreeWayTieForFirstLeavesBothPlacesOpen) {
  Result<PresidentialOutcome> o = DecidePresidential({{"a", 30}, {"b", 30}, {"c", 30}, {"d", 10}}, 100, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kRunOffPlacesTied);
  EXPECT_THAT(o->run_off, IsEmpty());
  EXPECT_THAT(o->tied_for_run_off, ElementsAre("a", "b", "c"));
  EXPECT_EQ(o->open_places, 2);
}

TEST(Presidential, SingleCandidate) {
  Result<PresidentialOutcome> o = DecidePresidential({{"a", 60}}, 100, 5000);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kElected);
  EXPECT_EQ(o->elected, "a");

  o = DecidePresidential({{"a", 40}}, 100, 5000);  // 60 invalid ballots
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kNotElected);
  EXPECT_TRUE(o->elected.empty());
  EXPECT_THAT(o->run_off, IsEmpty());
  EXPECT_THAT(o->computation, Contains(HasSubstr("repeat election")));
}

TEST(Presidential, HigherMajorityRule) {
  // A law could require more than 66.67 % (6,667 bp): 66 of 99 ballots is 6,666.67 bp, not more.
  Result<PresidentialOutcome> o = DecidePresidential({{"a", 66}, {"b", 33}}, 99, 6667);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kRunOff);
  o = DecidePresidential({{"a", 67}, {"b", 32}}, 99, 6667);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kElected);
}

TEST(Presidential, RejectsBadInputAndImpossibleResults) {
  auto expect = [](const Result<PresidentialOutcome>& o, ErrorCode code, const std::string& rule,
                   const std::string& message_part) {
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.error().code, code) << o.error().ToString();
    EXPECT_EQ(o.error().rule, rule);
    EXPECT_THAT(o.error().message, HasSubstr(message_part));
  };
  expect(DecidePresidential({}, 10, 5000), ErrorCode::kBadInput, "R-A3.bad-input", "no candidates");
  expect(DecidePresidential({{"a", 0}, {"b", 0}}, 10, 5000), ErrorCode::kCheckFailed, "R-A3.no-votes", "no candidate");
  expect(DecidePresidential({{"a", 0}}, 0, 5000), ErrorCode::kCheckFailed, "R-A3.no-votes", "no candidate");
  expect(DecidePresidential({{"a", 5}, {"a", 3}}, 10, 5000), ErrorCode::kBadInput, "R-A3.bad-input", "candidate 1");
  expect(DecidePresidential({{"", 5}}, 10, 5000), ErrorCode::kBadInput, "R-A3.bad-input", "empty");
  expect(DecidePresidential({{"a", -5}}, 10, 5000), ErrorCode::kBadInput, "R-A3.bad-input", "-5");
  expect(DecidePresidential({{"a", 5}}, -1, 5000), ErrorCode::kBadInput, "R-A3.bad-input", "-1");
  expect(DecidePresidential({{"a", 5}}, 10, 4999), ErrorCode::kBadInput, "R-A3.bad-input", "4999");
  expect(DecidePresidential({{"a", 5}}, 10, 10000), ErrorCode::kBadInput, "R-A3.bad-input", "10000");
  expect(DecidePresidential({{"a", 6}, {"b", 5}}, 10, 5000), ErrorCode::kCheckFailed, "R-E4.valid-le-ballots-cast",
         "11 votes, more than the 10 ballots");
}

TEST(RunOff, PluralityWins) {
  Result<RunOffOutcome> r = DecideRunOff({{"b", 4000}, {"a", 6000}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->winner, "a");
  EXPECT_FALSE(r->tied);
  EXPECT_THAT(r->tied_candidates, IsEmpty());
  EXPECT_EQ(r->candidates[0].share_bp, 6000);
  EXPECT_THAT(r->computation, Contains(HasSubstr("a has the most votes")));

  r = DecideRunOff({{"a", 5001}, {"b", 4999}});  // one vote is enough: no majority threshold
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->winner, "a");
}

TEST(RunOff, TieIsFlaggedNotDecided) {
  Result<RunOffOutcome> r = DecideRunOff({{"a", 5000}, {"b", 5000}});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->tied);
  EXPECT_TRUE(r->winner.empty());
  EXPECT_THAT(r->tied_candidates, ElementsAre("a", "b"));
  EXPECT_THAT(r->computation, Contains(HasSubstr("Tie")));
}

TEST(RunOff, Errors) {
  Result<RunOffOutcome> r = DecideRunOff({{"a", 0}, {"b", 0}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-A3.no-votes");
  r = DecideRunOff({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  r = DecideRunOff({{"a", 1}, {"a", 2}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace ashyq::tabulate
