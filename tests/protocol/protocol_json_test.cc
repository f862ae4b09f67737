#include "protocol/protocol_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "protocol/precinct_protocol.h"
#include "protocol_fixture.h"

namespace ashyq::protocol {
namespace {

using ::testing::HasSubstr;
using testing::NorthElectronicProtocol;
using testing::NorthPaperProtocol;

const std::string kDigest(64, 'd');

PrecinctProtocol Corrected() {
  PrecinctProtocol p = NorthPaperProtocol(kDigest);
  p.version = 2;
  p.correction.previous = std::string(64, 'a');
  p.correction.reason = "recount ordered after a complaint by the ANSDP proxy";
  p.correction.decision = "tec-north-01/decision/2007-08-20/3";
  p.signed_at = "2007-08-20T15:05";
  return p;
}

// Parses `text`, reads it as a protocol and returns the problems.
std::vector<Error> Problems(const std::string& text) {
  Result<json::Value> doc = json::Parse(text);
  EXPECT_TRUE(doc.ok()) << doc.error().ToString();
  std::vector<Error> problems;
  (void)ProtocolFromJson(*doc, &problems);
  return problems;
}

// The JSON of the paper protocol with `edit` applied.
template <typename F>
std::vector<Error> ProblemsAfter(F edit) {
  json::Value doc = ProtocolToJson(NorthPaperProtocol(kDigest));
  edit(doc);
  std::vector<Error> problems;
  (void)ProtocolFromJson(doc, &problems);
  return problems;
}

std::vector<std::string> Wheres(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.where);
  return out;
}

TEST(ProtocolJsonTest, RoundTripsVersionOne) {
  for (const PrecinctProtocol& p : {NorthPaperProtocol(kDigest), NorthElectronicProtocol(kDigest)}) {
    const json::Value doc = ProtocolToJson(p);
    EXPECT_EQ(doc.Find("correction"), nullptr) << "version 1 has no correction";
    std::vector<Error> problems;
    EXPECT_EQ(ProtocolFromJson(doc, &problems), p);
    EXPECT_TRUE(problems.empty()) << problems.front().ToString();
    // And through text: canonical bytes parse back to the same protocol.
    Result<json::Value> reparsed = json::Parse(json::Canonicalize(doc));
    ASSERT_TRUE(reparsed.ok());
    EXPECT_EQ(ProtocolFromJson(*reparsed, &problems), p);
    EXPECT_TRUE(problems.empty());
  }
}

TEST(ProtocolJsonTest, RoundTripsCorrectionWithAndWithoutDecision) {
  PrecinctProtocol p = Corrected();
  json::Value doc = ProtocolToJson(p);
  ASSERT_NE(doc.Find("correction"), nullptr);
  EXPECT_NE(doc.Find("correction")->Find("decision"), nullptr);
  std::vector<Error> problems;
  EXPECT_EQ(ProtocolFromJson(doc, &problems), p);
  EXPECT_TRUE(problems.empty());

  p.correction.decision.clear();
  doc = ProtocolToJson(p);
  EXPECT_EQ(doc.Find("correction")->Find("decision"), nullptr) << "empty decision is left out";
  EXPECT_EQ(ProtocolFromJson(doc, &problems), p);
  EXPECT_TRUE(problems.empty());
}

TEST(ProtocolJsonTest, FieldNamesAreTheMemberNames) {
  const json::Value doc = ProtocolToJson(NorthElectronicProtocol(kDigest));
  std::set<std::string> top;
  for (const json::Member& m : doc.members()) top.insert(m.key);
  EXPECT_EQ(top, (std::set<std::string>{"format", "election_id", "definition_digest", "station",
                                        "commission", "version", "signed_at", "counting_steps",
                                        "contests"}));
  const json::Value& contest = doc.Find("contests")->items()[0];
  std::set<std::string> fields;
  for (const json::Member& m : contest.members()) fields.insert(m.key);
  EXPECT_EQ(fields, (std::set<std::string>{
                        "contest", "registered_voters", "voters_added_on_day", "ballots_received",
                        "ballots_issued", "ballots_cancelled", "electronic_ballots_issued",
                        "electronic_votes", "voters_with_avc", "mobile_requests",
                        "ballots_in_mobile_boxes", "ballots_in_stationary_boxes",
                        "invalid_ballots", "votes"}));
  EXPECT_EQ(contest.Find("electronic_votes")->as_int(), 50);
  const json::Value& vote = contest.Find("votes")->items()[0];
  EXPECT_EQ(vote.Find("choice")->as_string(), "list-ansdp");
  EXPECT_EQ(vote.Find("votes")->as_int(), 100);
  const json::Value& step = doc.Find("counting_steps")->items()[2];
  EXPECT_EQ(step.Find("step")->as_string(), "open_mobile_boxes");
  EXPECT_EQ(step.Find("at")->as_string(), "20:25");
  EXPECT_EQ(doc.Find("format")->as_string(), kPrecinctProtocolFormat);
}

TEST(ProtocolJsonTest, NotAProtocolIsOneProblem) {
  for (const char* text : {R"({"format": "ashyq/election-definition/1", "station": 5})",
                           R"({"station": "ps-1"})", R"([1, 2])", R"("ashyq/precinct-protocol/1")",
                           R"({"format": 1})", R"({"format": "ashyq/precinct-protocol/2"})"}) {
    std::vector<Error> problems = Problems(text);
    ASSERT_EQ(problems.size(), 1u) << text;
    EXPECT_EQ(problems[0].code, ErrorCode::kBadInput);
    EXPECT_THAT(problems[0].message, HasSubstr("not a precinct protocol"));
  }
}

TEST(ProtocolJsonTest, RejectsUnknownFieldsEverywhereWithPointers) {
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    doc.Set("turnout_percent", json::Value(73));
    doc.Find("contests")->items()[1].Set("spoilt", json::Value(1));
    doc.Find("contests")->items()[0].Find("votes")->items()[2].Set("party", json::Value("x"));
    doc.Find("counting_steps")->items()[4].Set("by", json::Value("chair"));
  });
  EXPECT_THAT(Wheres(problems),
              ::testing::UnorderedElementsAre("/turnout_percent", "/contests/1/spoilt",
                                              "/contests/0/votes/2/party", "/counting_steps/4/by"));
  for (const Error& e : problems) {
    EXPECT_EQ(e.code, ErrorCode::kBadInput);
    EXPECT_THAT(e.message, HasSubstr("unknown field"));
  }
}

TEST(ProtocolJsonTest, RejectsWrongKindsWithPointers) {
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    doc.Set("version", json::Value("1"));
    doc.Set("station", json::Value(17));
    doc.Find("counting_steps")->items()[0].Set("at", json::Value(2005));
    doc.Set("contests", doc.Find("contests")->items()[0]);  // an object, not a list
  });
  EXPECT_THAT(Wheres(problems),
              ::testing::UnorderedElementsAre("/version", "/station", "/contests",
                                              "/counting_steps/0/at"));
  for (const Error& e : problems) EXPECT_THAT(e.message, HasSubstr("expected"));
}

TEST(ProtocolJsonTest, RejectsWrongKindsInsideContests) {
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    doc.Find("contests")->items()[0].Set("ballots_issued", json::Value("1,200"));
    doc.Find("contests")->items()[0].Find("votes")->items()[1].Set("votes", json::Value(true));
    doc.Find("contests")->items()[1].Set("votes", json::Value::Object());
  });
  EXPECT_THAT(Wheres(problems),
              ::testing::UnorderedElementsAre("/contests/0/ballots_issued",
                                              "/contests/0/votes/1/votes", "/contests/1/votes"));
  for (const Error& e : problems) EXPECT_THAT(e.message, HasSubstr("expected"));
}

TEST(ProtocolJsonTest, RejectsMissingFields) {
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    json::Value contest = json::Value::Object();
    contest.Set("contest", json::Value("majilis"));
    doc.Find("contests")->items()[0] = contest;
    json::Value trimmed = json::Value::Object();
    for (const json::Member& m : doc.members()) {
      if (m.key != "signed_at") trimmed.Set(m.key, m.value);
    }
    doc = trimmed;
  });
  // 12 figures + votes of the emptied contest, and signed_at.
  EXPECT_EQ(problems.size(), 14u);
  EXPECT_THAT(Wheres(problems), ::testing::Contains("/signed_at"));
  EXPECT_THAT(Wheres(problems), ::testing::Contains("/contests/0/invalid_ballots"));
  EXPECT_THAT(Wheres(problems), ::testing::Contains("/contests/0/votes"));
  for (const Error& e : problems) EXPECT_THAT(e.message, HasSubstr("missing"));
}

TEST(ProtocolJsonTest, RejectsMalformedValues) {
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    doc.Set("definition_digest", json::Value(std::string(64, 'D')));  // upper case
    doc.Set("signed_at", json::Value("2007-08-19 01:40"));
    doc.Set("version", json::Value(0));
    doc.Set("election_id", json::Value(""));
    doc.Find("counting_steps")->items()[0].Set("at", json::Value("24:00"));
    doc.Find("counting_steps")->items()[1].Set("at", json::Value("8:15"));
    doc.Find("counting_steps")->items()[2].Set("step", json::Value("stuff_box"));
    doc.Find("contests")->items()[0].Set("contest", json::Value(""));
    doc.Find("contests")->items()[0].Find("votes")->items()[0].Set("choice", json::Value(""));
  });
  EXPECT_THAT(Wheres(problems),
              ::testing::UnorderedElementsAre(
                  "/definition_digest", "/signed_at", "/version", "/election_id",
                  "/counting_steps/0/at", "/counting_steps/1/at", "/counting_steps/2/step",
                  "/contests/0/contest", "/contests/0/votes/0/choice"));
  for (const Error& e : problems) EXPECT_EQ(e.code, ErrorCode::kBadInput) << e.ToString();
}

TEST(ProtocolJsonTest, UnknownStepListsTheKnownOnes) {
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    doc.Find("counting_steps")->items()[0].Set("step", json::Value("recount"));
  });
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("\"recount\""));
  EXPECT_THAT(problems[0].message, HasSubstr("announce_each_ballot"));
}

TEST(ProtocolJsonTest, CorrectionMustMatchTheVersion) {
  // Version 1 with a correction.
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    doc.Set("correction", *ProtocolToJson(Corrected()).Find("correction"));
  });
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "/correction");
  EXPECT_THAT(problems[0].message, HasSubstr("version 1"));

  // Version 2 without one.
  json::Value doc = ProtocolToJson(Corrected());
  json::Value without = json::Value::Object();
  for (const json::Member& m : doc.members()) {
    if (m.key != "correction") without.Set(m.key, m.value);
  }
  problems.clear();
  (void)ProtocolFromJson(without, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "/correction");
  EXPECT_THAT(problems[0].message, HasSubstr("version 2"));
}

TEST(ProtocolJsonTest, CorrectionFieldsAreChecked) {
  json::Value doc = ProtocolToJson(Corrected());
  json::Value& c = *doc.Find("correction");
  c.Set("previous", json::Value("abc"));
  c.Set("reason", json::Value(""));
  c.Set("decision", json::Value(""));
  c.Set("approved_by", json::Value("akim"));
  std::vector<Error> problems;
  (void)ProtocolFromJson(doc, &problems);
  EXPECT_THAT(Wheres(problems),
              ::testing::UnorderedElementsAre("/correction/previous", "/correction/reason",
                                              "/correction/decision", "/correction/approved_by"));
}

TEST(ProtocolJsonTest, NullIsNotAbsence) {
  // Null would read as "no correction"/"no decision" and write back as nothing: two documents
  // for one protocol.
  json::Value doc = ProtocolToJson(NorthPaperProtocol(kDigest));
  doc.Set("correction", json::Value());
  std::vector<Error> problems;
  (void)ProtocolFromJson(doc, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "/correction");

  doc = ProtocolToJson(Corrected());
  doc.Find("correction")->Set("decision", json::Value());
  problems.clear();
  (void)ProtocolFromJson(doc, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "/correction/decision");

  doc = ProtocolToJson(NorthPaperProtocol(kDigest));
  doc.Set("signed_at", json::Value());
  problems.clear();
  (void)ProtocolFromJson(doc, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "/signed_at");
}

TEST(ProtocolJsonTest, NegativeFiguresAreReadForReconciliationToReport) {
  PrecinctProtocol p = NorthPaperProtocol(kDigest);
  p.contests[0].invalid_ballots = -5;
  p.contests[0].votes[1].second = -80;
  std::vector<Error> problems;
  EXPECT_EQ(ProtocolFromJson(ProtocolToJson(p), &problems), p);
  EXPECT_TRUE(problems.empty());
}

TEST(ProtocolJsonTest, ElementsThatAreNotObjects) {
  std::vector<Error> problems = ProblemsAfter([](json::Value& doc) {
    doc.Find("contests")->items()[0] = json::Value(5);
    doc.Find("counting_steps")->items()[0] = json::Value("count_list_signatures");
    doc.Find("contests")->items()[1].Find("votes")->items()[0] = json::Value::Array();
  });
  EXPECT_THAT(Wheres(problems), ::testing::UnorderedElementsAre("/contests/0", "/counting_steps/0",
                                                                "/contests/1/votes/0"));
}

TEST(ProtocolJsonTest, MinutesOfDay) {
  EXPECT_EQ(MinutesOfDay("00:00"), 0);
  EXPECT_EQ(MinutesOfDay("20:05"), 20 * 60 + 5);
  EXPECT_EQ(MinutesOfDay("23:59"), 23 * 60 + 59);
  for (const char* bad : {"24:00", "12:60", "1:00", "12:5", "12-30", "ab:cd", "", "12:300", "+1:00"}) {
    EXPECT_EQ(MinutesOfDay(bad), -1) << bad;
  }
}

TEST(PrecinctProtocolTest, StepNamesAreDistinctSnakeCase) {
  std::set<std::string> names;
  for (int i = 0; i < kCountingStepCount; ++i) {
    const std::string name(CountingStepName(static_cast<CountingStep>(i)));
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kCountingStepCount));
  EXPECT_EQ(CountingStepName(CountingStep::kAnnounceEachBallot), "announce_each_ballot");
  EXPECT_EQ(CountingStepName(CountingStep::kCountListSignatures), "count_list_signatures");
}

TEST(PrecinctProtocolTest, DerivedFigures) {
  ContestCount c = NorthElectronicProtocol(kDigest).contests[0];
  EXPECT_EQ(c.valid_votes(), 640);
  EXPECT_EQ(c.ballots_found(), 598);
  EXPECT_EQ(c.participants(), 650);
  c.votes.clear();
  EXPECT_EQ(c.valid_votes(), 0);
  // Figures built in code may be anything: the sum clamps instead of wrapping, and a sum that
  // passes through overflow but ends in range is exact.
  c.votes = {{"a", INT64_MAX}, {"b", INT64_MAX}};
  EXPECT_EQ(c.valid_votes(), INT64_MAX);
  c.votes = {{"a", INT64_MIN}, {"b", -1}};
  EXPECT_EQ(c.valid_votes(), INT64_MIN);
  c.votes = {{"a", INT64_MAX}, {"b", 10}, {"c", -20}};
  EXPECT_EQ(c.valid_votes(), INT64_MAX - 10);
}

}  // namespace
}  // namespace ashyq::protocol
