#include "protocol/reconciliation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "protocol/protocol_signing.h"
#include "protocol_fixture.h"

namespace ashyq::protocol {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Rules(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.rule);
  return out;
}

class ReconcileTest : public ::testing::Test {
 protected:
  ReconcileTest() : election_(testing::ProtocolTestDefinition()) {}

  PrecinctProtocol Paper() const { return testing::NorthPaperProtocol(election_.digest); }
  PrecinctProtocol Electronic() const { return testing::NorthElectronicProtocol(election_.digest); }

  // A consistent protocol for ps-south-0001: the national contests and the south council.
  PrecinctProtocol South() const {
    PrecinctProtocol p = Paper();
    p.station = "ps-south-0001";
    p.commission = "pec-south-0001";
    for (ContestCount& c : p.contests) c.registered_voters = 2220;
    ContestCount council = p.contests[0];
    council.contest = "maslikhat-south";
    const auto& order = election_.def.contests[2].ballot_order.order;
    council.votes = {{order[0], 700}, {order[1], 480}};
    p.contests.push_back(council);
    return p;
  }

  std::vector<Error> Check(const PrecinctProtocol& p) const {
    return Reconcile(p, election_.def, *election_.tree);
  }

  // `p` breaks exactly `rule`, at `where`, with `message` among its words; and the commission
  // cannot sign it: SignProtocol refuses, naming the rule.
  void ExpectOnly(const PrecinctProtocol& p, const std::string& rule, const std::string& where,
                  const std::string& message) {
    std::vector<Error> errors = Check(p);
    ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(Rules(errors));
    EXPECT_EQ(errors[0].code, ErrorCode::kCheckFailed);
    EXPECT_EQ(errors[0].rule, rule);
    EXPECT_EQ(errors[0].where, where);
    EXPECT_THAT(errors[0].message, HasSubstr(message));

    Result<crypto::SignedObject> signed_protocol =
        SignProtocol(p, *election_.context, election_.AllOf("pec-north-0002"));
    ASSERT_FALSE(signed_protocol.ok()) << "signed a protocol that breaks " << rule;
    EXPECT_EQ(signed_protocol.error().code, ErrorCode::kCheckFailed);
    EXPECT_EQ(signed_protocol.error().rule, rule);
    EXPECT_EQ(signed_protocol.error().where, where);
    EXPECT_THAT(signed_protocol.error().message, HasSubstr(rule));
    EXPECT_THAT(signed_protocol.error().message, HasSubstr(message));
  }

  testing::Election election_;
};

TEST_F(ReconcileTest, ConsistentProtocolsPass) {
  EXPECT_TRUE(Check(Paper()).empty()) << Check(Paper()).front().ToString();
  EXPECT_TRUE(Check(Electronic()).empty()) << Check(Electronic()).front().ToString();
  EXPECT_TRUE(Check(South()).empty()) << Check(South()).front().ToString();
}

TEST_F(ReconcileTest, ReceivedIssuedCancelled) {
  PrecinctProtocol p = Paper();
  p.contests[0].ballots_cancelled = 250;
  ExpectOnly(p, "R-D2.received-issued-cancelled", "/contests/0/ballots_received",
             "contest majilis: ballots received 1,500 \xE2\x89\xA0 issued 1,200 + cancelled 250");
}

TEST_F(ReconcileTest, FoundLeIssued) {
  // More ballots in the boxes than were handed out: stuffing (2007: Atyrau PS 160).
  PrecinctProtocol p = Paper();
  p.contests[0].ballots_in_stationary_boxes = 1180;
  p.contests[0].votes[2].second = 910;
  ExpectOnly(p, "R-D2.found-le-issued", "/contests/0/ballots_in_stationary_boxes",
             "ballots found 1,205 (mobile boxes 25 + stationary boxes 1,180) > ballots issued 1,200");
}

TEST_F(ReconcileTest, ValidInvalidFound) {
  PrecinctProtocol p = Paper();
  p.contests[1].votes[1].second = 801;
  ExpectOnly(p, "R-D2.valid-invalid-found", "/contests/1/votes",
             "contest president: valid votes 1,181 + invalid 15 \xE2\x89\xA0 ballots found 1,195 + "
             "electronic votes 0");
}

TEST_F(ReconcileTest, ValidInvalidFoundCountsElectronicVotes) {
  PrecinctProtocol p = Electronic();
  p.contests[0].votes[2].second = 430;  // 50 short: the electronic votes left out
  ExpectOnly(p, "R-D2.valid-invalid-found", "/contests/0/votes",
             "valid votes 590 + invalid 8 \xE2\x89\xA0 ballots found 598 + electronic votes 50");
}

TEST_F(ReconcileTest, MobileLeRequests) {
  PrecinctProtocol p = Paper();
  p.contests[0].mobile_requests = 20;
  ExpectOnly(p, "R-D2.mobile-le-requests", "/contests/0/ballots_in_mobile_boxes",
             "ballots in mobile boxes 25 > homebound requests 20");
}

TEST_F(ReconcileTest, ParticipantsLeRegistered) {
  PrecinctProtocol p = Paper();
  p.contests[0].ballots_issued = 1530;
  p.contests[0].ballots_received = 1830;
  ExpectOnly(p, "R-D2.participants-le-registered", "/contests/0/registered_voters",
             "voters who took part 1,530 (paper 1,530 + electronic 0) > registered voters 1,520");
}

TEST_F(ReconcileTest, ElectronicVotesEqualIssued) {
  PrecinctProtocol p = Electronic();
  p.contests[0].electronic_votes = 49;
  p.contests[0].votes[2].second = 479;
  ExpectOnly(p, "R-D2.evotes-eq-issued", "/contests/0/electronic_votes",
             "electronic votes 49 \xE2\x89\xA0 electronic ballots issued 50");
}

TEST_F(ReconcileTest, NoElectronicFiguresWithoutEvoting) {
  PrecinctProtocol p = Paper();
  p.contests[0].electronic_ballots_issued = 10;
  p.contests[0].electronic_votes = 10;
  p.contests[0].votes[2].second = 910;
  ExpectOnly(p, "R-D2.evoting-station", "/contests/0/electronic_ballots_issued",
             "station ps-north-0002 offers no electronic voting");
}

TEST_F(ReconcileTest, RegisterMatchesDefinitionPlusAdditions) {
  PrecinctProtocol p = Paper();
  p.contests[1].registered_voters = 1521;
  ExpectOnly(p, "R-D2.register", "/contests/1/registered_voters",
             "registered voters 1,521 \xE2\x89\xA0 1,500 on the list before election day + 20 added");
}

TEST_F(ReconcileTest, VotersAddedCannotBeNegative) {
  PrecinctProtocol p = Paper();
  p.contests[0].voters_added_on_day = -3;
  p.contests[0].registered_voters = 1497;  // the sum still holds
  ExpectOnly(p, "R-D2.register", "/contests/0/voters_added_on_day",
             "voters added on the day -3 is negative");
}

TEST_F(ReconcileTest, AvcLeParticipants) {
  PrecinctProtocol p = Paper();
  p.contests[0].voters_with_avc = 1300;
  ExpectOnly(p, "R-D2.avc-le-participants", "/contests/0/voters_with_avc",
             "voters with an absentee certificate 1,300 > voters who took part 1,200");
}

TEST_F(ReconcileTest, NegativeFigure) {
  PrecinctProtocol p = Paper();
  p.contests[0].invalid_ballots = -5;
  p.contests[0].votes[2].second = 920;
  ExpectOnly(p, "R-D2.non-negative", "/contests/0/invalid_ballots", "invalid ballots -5 is negative");
}

TEST_F(ReconcileTest, NegativeVotes) {
  PrecinctProtocol p = Paper();
  p.contests[0].votes[1].second = -10;
  p.contests[0].votes[2].second = 990;
  ExpectOnly(p, "R-D2.non-negative", "/contests/0/votes/1/votes",
             "votes for list-ak-zhol -10 is negative");
}

TEST_F(ReconcileTest, ChoicesInBallotOrder) {
  PrecinctProtocol p = Paper();
  std::swap(p.contests[0].votes[0], p.contests[0].votes[1]);
  ExpectOnly(p, "R-D2.choices", "/contests/0/votes/0/choice",
             "(list-ansdp, list-ak-zhol, list-nur-otan); entry 0 is \"list-ak-zhol\"");
}

TEST_F(ReconcileTest, ChoiceMissingOrUnknownOrExtra) {
  PrecinctProtocol missing = Paper();
  missing.contests[0].votes = {{"list-ansdp", 200}, {"list-nur-otan", 980}};
  ExpectOnly(missing, "R-D2.choices", "/contests/0/votes/1/choice",
             "entry 1 is \"list-nur-otan\" where list-ak-zhol belongs");

  PrecinctProtocol unknown = Paper();
  unknown.contests[1].votes[2].first = "cand-nazarbayev";
  ExpectOnly(unknown, "R-D2.choices", "/contests/1/votes/2/choice", "\"cand-nazarbayev\"");

  PrecinctProtocol extra = Paper();
  extra.contests[0].votes.push_back({"list-rukhaniyat", 0});
  ExpectOnly(extra, "R-D2.choices", "/contests/0/votes", "the protocol has 4 entries");
}

TEST_F(ReconcileTest, ContestMissing) {
  PrecinctProtocol p = Paper();
  p.contests.pop_back();
  ExpectOnly(p, "R-D2.contests", "/contests",
             "contest president is on the ballot at station ps-north-0002 but missing");

  PrecinctProtocol south = South();
  south.contests.pop_back();  // the south council: its scope is the south TEC
  std::vector<Error> errors = Check(south);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "R-D2.contests");
  EXPECT_THAT(errors[0].message, HasSubstr("maslikhat-south"));
}

TEST_F(ReconcileTest, ContestTwice) {
  PrecinctProtocol p = Paper();
  p.contests.push_back(p.contests[0]);
  ExpectOnly(p, "R-D2.contests", "/contests/2/contest", "appears twice (first at /contests/0)");
}

TEST_F(ReconcileTest, ContestUnknown) {
  PrecinctProtocol p = Paper();
  p.contests.push_back(p.contests[0]);
  p.contests[2].contest = "senate";
  ExpectOnly(p, "R-D2.contests", "/contests/2/contest", "\"senate\" is not in the election definition");
}

TEST_F(ReconcileTest, ContestOutsideItsScope) {
  // The south council is not on the ballot in the north.
  PrecinctProtocol p = Paper();
  PrecinctProtocol south = South();
  p.contests.push_back(south.contests[2]);
  p.contests[2].registered_voters = 1520;
  ExpectOnly(p, "R-D2.contests", "/contests/2/contest",
             "contest maslikhat-south (scope tec-south-01) is not on the ballot at station ps-north-0002");
}

TEST_F(ReconcileTest, ElectionIdMustMatch) {
  PrecinctProtocol p = Paper();
  p.election_id = "kz2007-majilis";
  ExpectOnly(p, "R-D2.station", "/election_id", "\"kz2007-majilis\" is not the definition's \"test-2007\"");
}

TEST_F(ReconcileTest, StationMustExist) {
  PrecinctProtocol p = Paper();
  p.station = "ps-north-9999";
  ExpectOnly(p, "R-D2.station", "/station", "\"ps-north-9999\" is not in the election definition");
}

TEST_F(ReconcileTest, CommissionMustBeTheStations) {
  PrecinctProtocol p = Paper();
  p.commission = "pec-north-0001";
  ExpectOnly(p, "R-D2.station", "/commission",
             "station ps-north-0002 belongs to pec-north-0002, not to pec-north-0001");

  p.commission = "tec-north-01";  // a higher commission writing the protocol
  ExpectOnly(p, "R-D2.station", "/commission", "not to tec-north-01");

  p.commission = "pec-nowhere";
  ExpectOnly(p, "R-D2.station", "/commission", "\"pec-nowhere\" is not in the election definition");
}

TEST_F(ReconcileTest, EveryViolationIsListedAndSigningNamesTheFirst) {
  // 2007, Zhambyl PS 140: more voters claimed than ballots in the box, "fixed" by adding votes.
  PrecinctProtocol p = Paper();
  p.contests[0].ballots_cancelled = 250;       // received-issued-cancelled
  p.contests[0].votes[2].second = 1269;        // valid-invalid-found (+369)
  p.contests[1].mobile_requests = 0;           // mobile-le-requests
  std::vector<Error> errors = Check(p);
  EXPECT_THAT(Rules(errors), ElementsAre("R-D2.received-issued-cancelled", "R-D2.valid-invalid-found",
                                         "R-D2.mobile-le-requests"));
  Result<crypto::SignedObject> refused =
      SignProtocol(p, *election_.context, election_.AllOf("pec-north-0002"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-D2.received-issued-cancelled");
  EXPECT_THAT(refused.error().message, HasSubstr("3 problems"));
  for (const Error& e : errors) {
    EXPECT_THAT(refused.error().message, HasSubstr("[" + e.rule + "]"));
    EXPECT_THAT(refused.error().message, HasSubstr(e.where));
  }
}

TEST_F(ReconcileTest, HugeFiguresDoNotOverflow) {
  // Figures built in code are not limited to 2^53: a wrapped sum must not make them balance.
  PrecinctProtocol p = Paper();
  ContestCount& c = p.contests[0];
  c.ballots_received = INT64_MAX;
  c.ballots_issued = INT64_MAX;
  c.ballots_cancelled = 1;
  c.ballots_in_mobile_boxes = INT64_MAX;
  c.ballots_in_stationary_boxes = INT64_MAX;
  c.votes = {{"list-ansdp", INT64_MAX}, {"list-ak-zhol", INT64_MAX}, {"list-nur-otan", 0}};
  c.invalid_ballots = 0;
  std::vector<Error> errors = Check(p);
  EXPECT_THAT(Rules(errors), ::testing::IsSupersetOf({"R-D2.received-issued-cancelled",
                                                      "R-D2.found-le-issued",
                                                      "R-D2.mobile-le-requests"}));
  bool shown = false;
  for (const Error& e : errors) {
    if (e.rule == "R-D2.found-le-issued") {
      EXPECT_THAT(e.message, HasSubstr("ballots found 18,446,744,073,709,551,614"));
      shown = true;
    }
  }
  EXPECT_TRUE(shown);
  // valid 2^64 - 2 + invalid 0 = found 2^64 - 2: balances only in wide arithmetic, and it does.
  for (const Error& e : errors) EXPECT_NE(e.rule, "R-D2.valid-invalid-found") << e.ToString();
}

TEST(FormatCountTest, GroupsThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(123932), "123,932");
  EXPECT_EQ(FormatCount(6082430), "6,082,430");
  EXPECT_EQ(FormatCount(-1500), "-1,500");
  EXPECT_EQ(FormatCount(INT64_MIN), "-9,223,372,036,854,775,808");
}

// --- R-D4 ---

class CountingProcedureTest : public ReconcileTest {};

TEST_F(CountingProcedureTest, FullCountInOrderHasNoNotices) {
  // The full count ends after midnight (post_copy at 00:10): not a time going backwards.
  EXPECT_TRUE(CheckCountingProcedure(Paper()).empty())
      << CheckCountingProcedure(Paper()).front().ToString();
}

TEST_F(CountingProcedureTest, BallotsNotAnnounced) {
  // 2007: in 76% of counts observed, marked ballots were not shown to observers.
  PrecinctProtocol p = Paper();
  p.counting_steps.erase(p.counting_steps.begin() + 5);
  std::vector<Error> notices = CheckCountingProcedure(p);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].rule, "R-D4.missing");
  EXPECT_EQ(notices[0].where, "/counting_steps");
  EXPECT_THAT(notices[0].message, HasSubstr("ballots were not announced one by one"));
  // A notice, not a violation: the figures still reconcile and the protocol can be signed.
  EXPECT_TRUE(Check(p).empty());
  EXPECT_TRUE(SignProtocol(p, *election_.context, election_.AllOf("pec-north-0002")).ok());
}

TEST_F(CountingProcedureTest, MobileBoxesAfterStationary) {
  PrecinctProtocol p = Paper();
  std::swap(p.counting_steps[2].step, p.counting_steps[3].step);
  std::vector<Error> notices = CheckCountingProcedure(p);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].rule, "R-D4.order");
  EXPECT_EQ(notices[0].where, "/counting_steps/3/step");
  EXPECT_THAT(notices[0].message, HasSubstr("mobile boxes opened after stationary boxes"));
}

TEST_F(CountingProcedureTest, TimeGoingBackwards) {
  PrecinctProtocol p = Paper();
  p.counting_steps[9].at = "23:00";  // posted before the results were announced at 23:55
  std::vector<Error> notices = CheckCountingProcedure(p);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].rule, "R-D4.time");
  EXPECT_EQ(notices[0].where, "/counting_steps/9/at");
  EXPECT_THAT(notices[0].message, HasSubstr("copy posted at 23:00, earlier than results announced at 23:55"));

  p = Paper();
  p.counting_steps[0].at = "08:00";  // the morning after, then back to 20:15
  notices = CheckCountingProcedure(p);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].where, "/counting_steps/1/at");
}

TEST_F(CountingProcedureTest, RepeatedAndMalformed) {
  PrecinctProtocol p = Paper();
  p.counting_steps.insert(p.counting_steps.begin() + 7, {CountingStep::kCountVotes, "22:50"});
  p.counting_steps[0].at = "8pm";
  std::vector<Error> notices = CheckCountingProcedure(p);
  EXPECT_THAT(Rules(notices), ElementsAre("R-D4.time", "R-D4.repeated"));
  EXPECT_EQ(notices[0].where, "/counting_steps/0/at");
  EXPECT_EQ(notices[1].where, "/counting_steps/7/step");
  EXPECT_THAT(notices[1].message, HasSubstr("first at /counting_steps/6"));
}

TEST_F(CountingProcedureTest, MobileBoxesOnlyExpectedWithMobileVoting) {
  PrecinctProtocol p = Paper();
  p.counting_steps.erase(p.counting_steps.begin() + 2);
  std::vector<Error> notices = CheckCountingProcedure(p);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_THAT(notices[0].message, HasSubstr("the mobile boxes were not opened"));

  for (ContestCount& c : p.contests) {
    c.ballots_in_stationary_boxes += c.ballots_in_mobile_boxes;
    c.ballots_in_mobile_boxes = 0;
    c.mobile_requests = 0;
  }
  EXPECT_TRUE(CheckCountingProcedure(p).empty());
}

TEST_F(CountingProcedureTest, NothingRecorded) {
  PrecinctProtocol p = Paper();
  p.counting_steps.clear();
  std::vector<Error> notices = CheckCountingProcedure(p);
  EXPECT_EQ(notices.size(), static_cast<size_t>(kCountingStepCount));
  for (const Error& n : notices) EXPECT_EQ(n.rule, "R-D4.missing");
}

}  // namespace
}  // namespace ashyq::protocol
