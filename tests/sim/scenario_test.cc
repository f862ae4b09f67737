#include "sim/scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/json.h"

namespace ashyq::sim {
namespace {

json::Value Document(std::string_view name) {
  for (const auto& [file_name, text] : EmbeddedScenarioFiles()) {
    if (file_name == name) {
      Result<json::Value> doc = json::Parse(text);
      EXPECT_TRUE(doc.ok()) << doc.error().ToString();
      return *doc;
    }
  }
  ADD_FAILURE() << "no embedded scenario " << name;
  return json::Value();
}

// Parses `doc` expecting failure; returns the error.
Error ParseError(const json::Value& doc) {
  Result<ScenarioSpec> spec = ParseScenario(doc);
  EXPECT_FALSE(spec.ok());
  return spec.ok() ? Error{} : spec.error();
}

TEST(ScenarioTest, EveryEmbeddedScenarioParses) {
  const std::vector<std::string> names = ScenarioNames();
  for (const char* expected : {"kz2007-majilis", "kz2019-presidential", "tiny"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const std::string& name : names) {
    Result<ScenarioSpec> spec = LoadScenario(name);
    ASSERT_TRUE(spec.ok()) << spec.error().ToString();
    EXPECT_EQ(spec->id, name);
    EXPECT_FALSE(spec->description.empty());
  }
}

TEST(ScenarioTest, UnknownNameIsNotFoundAndListsTheScenarios) {
  Result<ScenarioSpec> spec = LoadScenario("kz2005-presidential");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code, ErrorCode::kNotFound);
  EXPECT_NE(spec.error().message.find("kz2007-majilis"), std::string::npos);
  EXPECT_NE(spec.error().message.find("tiny"), std::string::npos);
}

TEST(ScenarioTest, Kz2007CarriesTheReportFigures) {
  Result<ScenarioSpec> spec = LoadScenario("kz2007-majilis");
  ASSERT_TRUE(spec.ok()) << spec.error().ToString();
  EXPECT_EQ(spec->tiers, 4);
  EXPECT_EQ(spec->election_day, "2007-08-18");
  EXPECT_EQ(spec->registered_voters, 8'870'146);
  EXPECT_EQ(spec->polling_stations, 9'727);
  EXPECT_EQ(spec->territorial_commissions, 205);
  EXPECT_EQ(spec->regional_commissions, 16);
  EXPECT_EQ(spec->regions.size(), 16u);
  EXPECT_EQ(spec->evoting.stations, 1'512);
  EXPECT_EQ(spec->evoting.voter_share_bp, 3'300);
  std::vector<std::string> parties;
  for (const Party& p : spec->parties) parties.push_back(p.id);
  EXPECT_EQ(parties, (std::vector<std::string>{"ansdp", "nur-otan", "ppk", "auyl", "ak-zhol", "rukhaniyat", "cppk"}));
  ASSERT_EQ(spec->contests.size(), 1u);
  const ContestSpec& majilis = spec->contests[0];
  EXPECT_EQ(majilis.id, "majilis-2007");
  EXPECT_EQ(majilis.seats, 98);
  EXPECT_EQ(majilis.threshold_bp, 700);
  EXPECT_EQ(majilis.list_order, ListOrder::kPostElectionChoice);
  EXPECT_EQ(majilis.runner_up_min_seats, 0);
  int64_t candidates = 0;
  for (const ListSpec& l : majilis.lists) candidates += l.candidates;
  EXPECT_EQ(candidates, 377);  // 002 §VI
  EXPECT_TRUE(spec->has_local_councils);
  ASSERT_TRUE(spec->has_official_results);
  const OfficialResults& r = spec->official_results;
  EXPECT_EQ(r.participants, 6'082'430);
  EXPECT_EQ(r.election_night_turnout, 5'726'544);
  EXPECT_EQ(r.valid_votes_total, 5'935'625);
  EXPECT_EQ(r.evoting_ballots, 123'932);
  ASSERT_EQ(r.valid_votes.size(), 7u);
  EXPECT_EQ(r.valid_votes[0], (std::pair<std::string, int64_t>{"nur-otan", 5'247'720}));
  EXPECT_EQ(r.regional_turnout_bp,
            (std::vector<std::pair<std::string, int64_t>>{{"almaty-city", 2250}, {"almaty-region", 9000}}));
}

TEST(ScenarioTest, Kz2019CarriesTheStatementFigures) {
  Result<ScenarioSpec> spec = LoadScenario("kz2019-presidential");
  ASSERT_TRUE(spec.ok()) << spec.error().ToString();
  EXPECT_EQ(spec->tiers, 3);
  EXPECT_EQ(spec->regional_commissions, 0);
  EXPECT_EQ(spec->regions.size(), 17u);
  EXPECT_EQ(spec->territorial_commissions, 232);
  EXPECT_EQ(spec->polling_stations, 9'968);
  EXPECT_EQ(spec->registered_voters, 11'947'995);
  EXPECT_EQ(spec->evoting.stations, 0);
  ASSERT_EQ(spec->contests.size(), 1u);
  EXPECT_EQ(spec->contests[0].kind, ContestKind::kPresidential);
  EXPECT_EQ(spec->contests[0].majority_bp, 5000);
  EXPECT_EQ(spec->contests[0].candidates.size(), 7u);
  EXPECT_EQ(spec->contests[0].ballot_order.method, BallotOrderMethod::kAlphabetical);
  int64_t shares = 0;
  for (const auto& [id, bp] : spec->official_results.shares_bp) shares += bp;
  EXPECT_EQ(shares, 10000);
  EXPECT_EQ(spec->official_results.turnout_bp, 7750);
}

TEST(ScenarioTest, ChallengeRateIsTheRealOneButInTheTinyTestScenario) {
  // One voter in about 1,000 challenges (the national demo); tiny's 60 e-ballots need more.
  for (const char* name : {"kz2007-majilis", "kz2019-presidential"}) {
    Result<ScenarioSpec> spec = LoadScenario(name);
    ASSERT_TRUE(spec.ok()) << spec.error().ToString();
    EXPECT_EQ(spec->evoting.challenge_every, 1000) << name;
  }
  Result<ScenarioSpec> tiny = LoadScenario("tiny");
  ASSERT_TRUE(tiny.ok()) << tiny.error().ToString();
  EXPECT_EQ(tiny->evoting.challenge_every, 25);
  json::Value doc = Document("tiny");
  doc.Find("evoting")->Set("challenge_every", int64_t{-1});
  EXPECT_EQ(ParseError(doc).where, "/evoting/challenge_every");
}

TEST(ScenarioTest, NotAnObjectOrNotAScenario) {
  EXPECT_EQ(ParseError(json::Value(int64_t{5})).code, ErrorCode::kBadInput);
  json::Value doc = Document("tiny");
  doc.Set("format", "ashyq/election-definition/1");
  const Error e = ParseError(doc);
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_EQ(e.where, "/format");
}

TEST(ScenarioTest, UnknownFieldsAreNamed) {
  json::Value doc = Document("tiny");
  doc.Find("regions")->items()[1].Set("registred_voters", int64_t{10});
  const Error e = ParseError(doc);
  EXPECT_EQ(e.where, "/regions/1/registred_voters");
}

TEST(ScenarioTest, WrongKindAndRangeAreNamed) {
  json::Value doc = Document("tiny");
  doc.Find("totals")->Set("polling_stations", "eight");
  EXPECT_EQ(ParseError(doc).where, "/totals/polling_stations");
  doc = Document("tiny");
  doc.Find("evoting")->Set("voter_share_bp", int64_t{12000});
  EXPECT_EQ(ParseError(doc).where, "/evoting/voter_share_bp");
  doc = Document("tiny");
  doc.Find("election")->Set("tiers", int64_t{5});
  EXPECT_EQ(ParseError(doc).where, "/election/tiers");
}

// Stations' addresses name their town in kk, ru and en: a town in one language is refused.
TEST(ScenarioTest, TownIsNamedInAllThreeLanguages) {
  json::Value doc = Document("tiny");
  json::Value& tec = doc.Find("regions")->items()[1].Find("urban_tecs")->items()[0];
  EXPECT_EQ(tec.Find("town")->Find("ru")->as_string(), "Западный город");
  tec.Find("town")->Set("ru", "");
  EXPECT_EQ(ParseError(doc).where, "/regions/1/urban_tecs/0/town/ru");
  tec.Set("town", "West City");
  EXPECT_EQ(ParseError(doc).where, "/regions/1/urban_tecs/0/town");
}

TEST(ScenarioTest, TotalsMustAddUp) {
  json::Value doc = Document("tiny");
  doc.Find("regions")->items()[0].Set("registered_voters", int64_t{3200});
  const Error e = ParseError(doc);
  EXPECT_EQ(e.where, "/totals/registered_voters");
  EXPECT_NE(e.message.find("5,700"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("5,600"), std::string::npos) << e.message;

  doc = Document("tiny");
  doc.Find("totals")->Set("territorial_commissions", int64_t{4});
  EXPECT_EQ(ParseError(doc).where, "/totals/territorial_commissions");

  doc = Document("tiny");
  doc.Find("totals")->Set("regional_commissions", int64_t{3});
  EXPECT_EQ(ParseError(doc).where, "/totals/regional_commissions");
}

TEST(ScenarioTest, StationsMustBeSizeable) {
  json::Value doc = Document("tiny");
  // 5 urban stations for 1,705 urban voters: below the 400-voter urban minimum.
  doc.Find("regions")->items()[0].Set("urban_stations", int64_t{5});
  doc.Find("regions")->items()[0].Set("polling_stations", int64_t{8});
  doc.Find("totals")->Set("polling_stations", int64_t{11});
  const Error e = ParseError(doc);
  EXPECT_EQ(e.where, "/regions/0/urban_stations");
  EXPECT_NE(e.message.find("1,705"), std::string::npos) << e.message;

  doc = Document("tiny");
  doc.Find("station_sizes")->Set("urban_max", int64_t{3500});
  EXPECT_EQ(ParseError(doc).where, "/station_sizes");
}

// The station-size and total rules share their wording; each names its own figures.
TEST(ScenarioTest, SizeAndTotalMessagesNameTheirFigures) {
  json::Value doc = Document("tiny");
  doc.Find("regions")->items()[0].Set("urban_stations", int64_t{5});
  doc.Find("regions")->items()[0].Set("polling_stations", int64_t{8});
  doc.Find("totals")->Set("polling_stations", int64_t{11});
  EXPECT_EQ(ParseError(doc).message, "1,705 urban voters cannot fill 5 stations of 400..2,900 voters");

  doc = Document("tiny");
  doc.Find("station_sizes")->Set("rural_max", int64_t{200});
  Error e = ParseError(doc);
  EXPECT_EQ(e.where, "/regions/0/polling_stations");
  EXPECT_EQ(e.message, "1,395 rural voters cannot fill 3 stations of 100..200 voters");

  doc = Document("tiny");
  doc.Find("evoting")->Set("voter_share_bp", int64_t{100});
  e = ParseError(doc);
  EXPECT_EQ(e.where, "/evoting/voter_share_bp");
  EXPECT_EQ(e.message, "56 voters cannot fill 2 e-voting stations of 500..2,900 voters");

  doc = Document("tiny");
  doc.Find("regions")->items()[0].Set("registered_voters", int64_t{3200});
  EXPECT_EQ(ParseError(doc).message, "the regions hold 5,700 registered voters; the total says 5,600");
  doc = Document("tiny");
  doc.Find("totals")->Set("territorial_commissions", int64_t{4});
  EXPECT_EQ(ParseError(doc).message, "the regions hold 3 TECs; the total says 4");

  doc = Document("tiny");
  doc.Find("composition")->Set("dominant_party", "pirates");
  EXPECT_EQ(ParseError(doc).message, "unknown party \"pirates\"");
}

TEST(ScenarioTest, UnknownPartiesAndBadOrdersAreNamed) {
  json::Value doc = Document("tiny");
  doc.Find("contests")->items()[0].Find("lists")->items()[1].Set("party", "pirates");
  EXPECT_EQ(ParseError(doc).where, "/contests/0/lists/1/party");

  doc = Document("tiny");
  json::Value order = json::Value::Array();
  order.Push("unity");
  order.Push("greens");
  doc.Find("contests")->items()[0].Find("ballot_order")->Set("historical_order", order);
  EXPECT_EQ(ParseError(doc).where, "/contests/0/ballot_order/historical_order");

  doc = Document("tiny");
  doc.Find("contests")->items()[0].Set("list_order", "whatever");
  const Error e = ParseError(doc);
  EXPECT_EQ(e.where, "/contests/0/list_order");
  EXPECT_NE(e.message.find("post_election_choice"), std::string::npos);

  doc = Document("tiny");
  doc.Find("composition")->Set("dominant_party", "pirates");
  EXPECT_EQ(ParseError(doc).where, "/composition/dominant_party");
}

TEST(ScenarioTest, NominationSharesMustAddUpTo100Percent) {
  json::Value doc = Document("tiny");
  doc.Find("composition")->Find("nominations")->Set("higher_commission_bp", int64_t{1500});
  const Error e = ParseError(doc);
  EXPECT_EQ(e.where, "/composition/nominations/parties");
  EXPECT_NE(e.message.find("10500"), std::string::npos) << e.message;
}

TEST(ScenarioTest, SourcesMustNameExistingFields) {
  json::Value doc = Document("kz2007-majilis");
  doc.Find("sources")->Set("/totals/polling_station", "a typo");
  const Error e = ParseError(doc);
  EXPECT_EQ(e.where, "/sources/~1totals~1polling_station");

  doc = Document("kz2007-majilis");
  doc.Find("sources")->Set("/regions/16", "there are 16 regions: 0..15");
  EXPECT_EQ(ParseError(doc).where, "/sources/~1regions~116");
}

TEST(ScenarioTest, EveryProblemIsCounted) {
  json::Value doc = Document("tiny");
  doc.Set("colour", "blue");
  doc.Find("totals")->Set("polling_stations", "eight");
  const Error e = ParseError(doc);
  EXPECT_NE(e.message.find("1 more problem"), std::string::npos) << e.message;
}

TEST(ScenarioTest, OfficialResultsNameRealChoicesAndRegions) {
  json::Value doc = Document("kz2007-majilis");
  doc.Find("official_results")->Find("regional_turnout_bp")->Set("atlantis", int64_t{5000});
  EXPECT_EQ(ParseError(doc).where, "/official_results/regional_turnout_bp/atlantis");

  doc = Document("kz2007-majilis");
  doc.Find("official_results")->Find("valid_votes")->Set("nur-otan", int64_t{5'247'721});
  EXPECT_EQ(ParseError(doc).where, "/official_results/valid_votes_total");
}

}  // namespace
}  // namespace ashyq::sim
