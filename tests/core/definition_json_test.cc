#include "core/definition_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/json.h"
#include "definition_fixture.h"

namespace ashyq {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using namespace ashyq::testing;  // NOLINT: test fixture names

std::string Describe(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out += "  " + e.ToString() + "\n";
  return out;
}

auto ProblemAt(const std::string& where) {
  return Contains(AllOf(Field(&Error::where, where), Field(&Error::code, ErrorCode::kBadInput)));
}

// The JSON of the fixture, to be damaged by a test.
json::Value FixtureJson() { return DefinitionToJson(SmallFourTierDefinition()); }

std::vector<Error> ProblemsOf(const json::Value& doc) {
  std::vector<Error> problems;
  DefinitionFromJson(doc, &problems);
  return problems;
}

json::Value& At(json::Value& v, std::initializer_list<const char*> keys) {
  json::Value* cur = &v;
  for (const char* k : keys) cur = cur->Find(k);
  return *cur;
}

TEST(DefinitionJson, RoundTripIsExact) {
  for (const ElectionDefinition& d : {SmallFourTierDefinition(), SmallThreeTierDefinition()}) {
    std::vector<Error> problems;
    ElectionDefinition back = DefinitionFromJson(DefinitionToJson(d), &problems);
    EXPECT_THAT(problems, IsEmpty()) << Describe(problems);
    EXPECT_EQ(back, d);
  }
}

TEST(DefinitionJson, RoundTripThroughCanonicalText) {
  ElectionDefinition d = SmallFourTierDefinition();
  d.rules.pec_size_by_voters = {{500, 3}, {3000, 9}};
  d.contests[0].list_order = ListOrder::kPostElectionChoice;
  d.contests[0].method = SeatMethod::kSainteLague;
  d.contests[0].tie_break = TieBreak::kLot;
  d.contests[0].kind = ContestKind::kLocalCouncil;
  d.commissions[5].members[4].role = MemberRole::kSecretary;
  d.polling_stations[1].locality = Locality::kRural;
  const std::string text = json::Canonicalize(DefinitionToJson(d));
  Result<json::Value> parsed = json::Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  std::vector<Error> problems;
  EXPECT_EQ(DefinitionFromJson(*parsed, &problems), d);
  EXPECT_THAT(problems, IsEmpty());
  // Canonical form is stable: writing what was read gives the same bytes.
  EXPECT_EQ(json::Canonicalize(DefinitionToJson(DefinitionFromJson(*parsed, &problems))), text);
}

TEST(DefinitionJson, EmptyOptionalStringsAreOmitted) {
  json::Value doc = FixtureJson();
  const json::Value& south = doc.Find("regions")->items()[1];
  EXPECT_EQ(south.Find("name")->Find("kk"), nullptr);
  EXPECT_EQ(south.Find("name")->Find("ru"), nullptr);
  EXPECT_NE(south.Find("name")->Find("en"), nullptr);
  const json::Value& cec = doc.Find("commissions")->items()[0];
  EXPECT_EQ(cec.Find("parent"), nullptr);
  EXPECT_EQ(cec.Find("region"), nullptr);
  const json::Value& member3 = cec.Find("members")->items()[2];  // public association, no party
  EXPECT_EQ(member3.Find("affiliation"), nullptr);
  const json::Value& contests = *doc.Find("contests");
  EXPECT_EQ(contests.items()[0].Find("ballot_order")->Find("language"), nullptr);
  EXPECT_EQ(contests.items()[1].Find("ballot_order")->Find("seed"), nullptr);
  EXPECT_EQ(contests.items()[1].Find("choices")->items()[1].Find("party"), nullptr);
  EXPECT_EQ(doc.Find("format")->as_string(), kDefinitionFormat);
}

TEST(DefinitionJson, EnumStringsAreThoseOfTheHeader) {
  json::Value doc = FixtureJson();
  const json::Value& pec = doc.Find("commissions")->items()[5];
  EXPECT_EQ(pec.Find("tier")->as_string(), "pec");
  EXPECT_EQ(pec.Find("members")->items()[1].Find("role")->as_string(), "deputy_chair");
  EXPECT_EQ(pec.Find("members")->items()[2].Find("nominated_by")->Find("kind")->as_string(),
            "public_association");
  const json::Value& majilis = doc.Find("contests")->items()[0];
  EXPECT_EQ(majilis.Find("kind")->as_string(), "party_list");
  EXPECT_EQ(majilis.Find("method")->as_string(), "hare_largest_remainder");
  EXPECT_EQ(majilis.Find("tie_break")->as_string(), "registration_order");
  EXPECT_EQ(majilis.Find("list_order")->as_string(), "pre_ordered");
  const json::Value& brackets = *doc.Find("rules")->Find("pec_size_by_voters");
  ASSERT_EQ(brackets.size(), 4u);
  EXPECT_EQ(brackets.items()[2].items()[0].as_int(), 2500);
  EXPECT_EQ(brackets.items()[2].items()[1].as_int(), 9);
}

TEST(DefinitionJson, MissingOrWrongFormatIsOneProblem) {
  json::Value doc = FixtureJson();
  doc.Set("format", json::Value("ashyq/election-definition/2"));
  doc.Set("tiers", json::Value("four"));  // not reported: the document is not a definition
  std::vector<Error> problems = ProblemsOf(doc);
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_EQ(problems[0].code, ErrorCode::kBadInput);
  EXPECT_THAT(problems[0].message, HasSubstr("not an election definition"));

  json::Value no_format = json::Value::Object();
  no_format.Set("election_id", json::Value("x"));
  EXPECT_THAT(ProblemsOf(no_format), SizeIs(1));
  EXPECT_THAT(ProblemsOf(json::Value(int64_t{7})), SizeIs(1));
  EXPECT_THAT(ProblemsOf(json::Value::Array()), SizeIs(1));

  json::Value numeric = FixtureJson();
  numeric.Set("format", json::Value(int64_t{1}));
  EXPECT_THAT(ProblemsOf(numeric), SizeIs(1));
}

TEST(DefinitionJson, MissingFieldNamesItsPointer) {
  json::Value doc = FixtureJson();
  json::Value& station = doc.Find("polling_stations")->items()[2];
  json::Value copy = json::Value::Object();
  for (const json::Member& m : station.members()) {
    if (m.key != "registered_voters") copy.Set(m.key, m.value);
  }
  station = copy;
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, ProblemAt("/polling_stations/2/registered_voters")) << Describe(problems);
  EXPECT_THAT(problems, SizeIs(1));
}

// A voter reads the address in their language: one language left out is a problem that names
// the station; an address in one language only (a plain string) is the wrong kind.
TEST(DefinitionJson, AddressNeedsAllThreeLanguages) {
  json::Value doc = FixtureJson();
  json::Value& station = doc.Find("polling_stations")->items()[1];
  EXPECT_EQ(station.Find("address")->Find("kk")->as_string(), "Көше 2");
  json::Value without_ru = json::Value::Object();
  without_ru.Set("kk", json::Value("Көше 2"));
  without_ru.Set("en", json::Value("Street 2"));
  station.Set("address", without_ru);
  doc.Find("polling_stations")->items()[2].Set("address", json::Value("Street 1"));
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, Contains(AllOf(Field(&Error::where, "/polling_stations/1/address/ru"),
                                       Field(&Error::message, HasSubstr("ps-north-0002 has no address in Russian")))))
      << Describe(problems);
  EXPECT_THAT(problems, ProblemAt("/polling_stations/2/address"));
  EXPECT_THAT(problems, SizeIs(2)) << Describe(problems);
}

TEST(DefinitionJson, UnknownFieldIsRejected) {
  json::Value doc = FixtureJson();
  doc.Find("commissions")->items()[3].Find("members")->items()[1].Set("employr", json::Value("x"));
  doc.Set("comment", json::Value("hello"));
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, ProblemAt("/commissions/3/members/1/employr"));
  EXPECT_THAT(problems, ProblemAt("/comment"));
  EXPECT_THAT(problems, SizeIs(2)) << Describe(problems);
}

TEST(DefinitionJson, WrongKindNamesItsPointer) {
  json::Value doc = FixtureJson();
  doc.Find("polling_stations")->items()[0].Set("registered_voters", json::Value("800"));
  doc.Find("polling_stations")->items()[1].Set("evoting", json::Value(int64_t{1}));
  At(doc, {"name"}).Set("en", json::Value(int64_t{2007}));
  doc.Find("regions")->items()[1] = json::Value("south");
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, ProblemAt("/polling_stations/0/registered_voters"));
  EXPECT_THAT(problems, ProblemAt("/polling_stations/1/evoting"));
  EXPECT_THAT(problems, ProblemAt("/name/en"));
  EXPECT_THAT(problems, ProblemAt("/regions/1"));
  EXPECT_THAT(problems, SizeIs(4)) << Describe(problems);
}

TEST(DefinitionJson, UnknownEnumStringNamesTheChoices) {
  json::Value doc = FixtureJson();
  doc.Find("commissions")->items()[2].Set("tier", json::Value("oblast"));
  doc.Find("commissions")->items()[6].Find("members")->items()[0].Set("role", json::Value("boss"));
  doc.Find("contests")->items()[0].Set("method", json::Value("dhont"));
  doc.Find("contests")->items()[1].Find("ballot_order")->Set("method", json::Value("random"));
  doc.Find("polling_stations")->items()[0].Set("locality", json::Value("Urban"));
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, Contains(AllOf(Field(&Error::where, "/commissions/2/tier"),
                                       Field(&Error::message, HasSubstr("cec, rec, tec, pec")))));
  EXPECT_THAT(problems, ProblemAt("/commissions/6/members/0/role"));
  EXPECT_THAT(problems, ProblemAt("/contests/0/method"));
  EXPECT_THAT(problems, ProblemAt("/contests/1/ballot_order/method"));
  EXPECT_THAT(problems, ProblemAt("/polling_stations/0/locality"));
  EXPECT_THAT(problems, SizeIs(5)) << Describe(problems);
}

TEST(DefinitionJson, OutOfRangeIntegers) {
  json::Value doc = FixtureJson();
  At(doc, {"rules"}).Set("max_shared_employer_bp", json::Value(int64_t{10001}));
  At(doc, {"rules"}).Set("commission_size", json::Value(int64_t{0}));
  At(doc, {"rules"}).Set("max_station_voters", json::Value(int64_t{-3}));
  doc.Find("parties")->items()[0].Set("registration_order", json::Value(int64_t{0}));
  doc.Find("contests")->items()[0].Find("choices")->items()[0].Find("candidates")->items()[0].Set(
      "list_position", json::Value(int64_t{-1}));
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, ProblemAt("/rules/max_shared_employer_bp"));
  EXPECT_THAT(problems, ProblemAt("/rules/commission_size"));
  EXPECT_THAT(problems, ProblemAt("/rules/max_station_voters"));
  EXPECT_THAT(problems, ProblemAt("/parties/0/registration_order"));
  EXPECT_THAT(problems, ProblemAt("/contests/0/choices/0/candidates/0/list_position"));
  EXPECT_THAT(problems, SizeIs(5)) << Describe(problems);
}

TEST(DefinitionJson, MalformedBracketsAndOrder) {
  json::Value doc = FixtureJson();
  json::Value& brackets = *At(doc, {"rules"}).Find("pec_size_by_voters");
  brackets.items()[1] = json::Value(int64_t{2000});
  json::Value triple = json::Value::Array();
  for (int64_t x : {1, 2, 3}) triple.Push(json::Value(x));
  brackets.items()[2] = triple;
  json::Value zero = json::Value::Array();
  zero.Push(json::Value(int64_t{3000}));
  zero.Push(json::Value(int64_t{0}));
  brackets.items()[3] = zero;
  doc.Find("contests")->items()[0].Find("ballot_order")->Find("order")->items()[1] =
      json::Value(int64_t{2});
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, ProblemAt("/rules/pec_size_by_voters/1"));
  EXPECT_THAT(problems, ProblemAt("/rules/pec_size_by_voters/2"));
  EXPECT_THAT(problems, ProblemAt("/rules/pec_size_by_voters/3/1"));
  EXPECT_THAT(problems, ProblemAt("/contests/0/ballot_order/order/1"));
  EXPECT_THAT(problems, SizeIs(4)) << Describe(problems);
}

TEST(DefinitionJson, EmptyIdsAreProblems) {
  json::Value doc = FixtureJson();
  doc.Find("commissions")->items()[1].Set("id", json::Value(""));
  doc.Find("polling_stations")->items()[1].Set("commission", json::Value(""));
  std::vector<Error> problems = ProblemsOf(doc);
  EXPECT_THAT(problems, ProblemAt("/commissions/1/id"));
  EXPECT_THAT(problems, ProblemAt("/polling_stations/1/commission"));
}

TEST(DefinitionJson, ReadsWhatItCanBesideProblems) {
  json::Value doc = FixtureJson();
  doc.Find("commissions")->items()[7].Set("tier", json::Value("precinct"));
  std::vector<Error> problems;
  ElectionDefinition d = DefinitionFromJson(doc, &problems);
  EXPECT_THAT(problems, SizeIs(1));
  EXPECT_EQ(d.commissions.size(), 8u);
  EXPECT_EQ(d.commissions[7].id, "pec-south-0001");
  EXPECT_EQ(d.commissions[7].members.size(), 9u);
  EXPECT_EQ(d.polling_stations.size(), 3u);
}

std::string ReadTestData(const std::string& name) {
  std::ifstream in(std::string(ASHYQ_SOURCE_DIR) + "/tests/data/definitions/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in.is_open()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(DefinitionJsonData, ValidSmallReadsWithoutProblems) {
  Result<json::Value> doc = json::Parse(ReadTestData("valid-small.json"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  std::vector<Error> problems;
  ElectionDefinition d = DefinitionFromJson(*doc, &problems);
  EXPECT_THAT(problems, IsEmpty()) << Describe(problems);
  EXPECT_EQ(DefinitionToJson(d), *doc);  // the file is exactly what the writer produces
}

TEST(DefinitionJsonData, TruncatedAndNonJsonFilesDoNotParse) {
  for (const char* name : {"truncated.json", "not-json.txt"}) {
    const std::string text = ReadTestData(name);
    ASSERT_FALSE(text.empty()) << name;
    Result<json::Value> doc = json::Parse(text);
    ASSERT_FALSE(doc.ok()) << name;
    EXPECT_EQ(doc.error().code, ErrorCode::kBadInput) << name;
    EXPECT_THAT(doc.error().ToString(), HasSubstr("line")) << name;
  }
}

// A national-size definition (~80k objects) reads back in linear time.
TEST(DefinitionJsonScale, LargeDefinitionRoundTrips) {
  ElectionDefinition d = SmallFourTierDefinition();
  DefinitionBuilder b;
  b.next_key_ = 100000;
  for (int i = 0; i < 8000; ++i) {
    const std::string pec = "pec-extra-" + std::to_string(i);
    d.commissions.push_back(
        b.MakeCommission(pec, CommissionTier::kPrecinct, "tec-north-01", "north", 7));
    d.polling_stations.push_back(TestStation("ps-extra-" + std::to_string(i), 100 + i, pec,
                                             "north", Locality::kUrban, 1500, false));
  }
  const std::string text = json::Canonicalize(DefinitionToJson(d));
  EXPECT_GT(text.size(), 10u << 20);
  Result<json::Value> parsed = json::Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  std::vector<Error> problems;
  EXPECT_EQ(DefinitionFromJson(*parsed, &problems), d);
  EXPECT_THAT(problems, IsEmpty());
}

}  // namespace
}  // namespace ashyq
