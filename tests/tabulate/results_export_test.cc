#include "tabulate/results_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/csv.h"
#include "tier_fixture.h"

namespace ashyq::tabulate {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using testing::TabulationElection;

const std::string kFigureHeader =
    "registered_voters,voters_added_on_day,ballots_received,ballots_issued,ballots_cancelled,"
    "electronic_ballots_issued,electronic_votes,voters_with_avc,mobile_requests,"
    "ballots_in_mobile_boxes,ballots_in_stationary_boxes,invalid_ballots,participants,valid_votes";

NationalTabulation TabulateOf(const TabulationElection& e, const std::vector<CountedPrecinct>& counted) {
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, counted);
  EXPECT_TRUE(t.ok()) << t.error().ToString();
  return std::move(t).value();
}

// The ballot order of a contest, joined with commas: the tail of every CSV header.
std::string OrderHeader(const TabulationElection& e, const std::string& contest) {
  std::string out;
  for (const std::string& id : testing::FindContest(e.def, contest)->ballot_order.order) {
    out += "," + id;
  }
  return out;
}

// Votes by choice id written in the contest's ballot order, each preceded by a comma.
std::string VotesInOrder(const TabulationElection& e, const std::string& contest,
                         const std::map<std::string, int64_t>& votes) {
  std::string out;
  for (const std::string& id : testing::FindContest(e.def, contest)->ballot_order.order) {
    out += "," + std::to_string(votes.at(id));
  }
  return out;
}

// What the exports write, read back with the CSV reader of core (the one `ashyq seats` uses):
// RFC 4180, every row as wide as the header, and the exports' own stricter form on top: every
// line end CRLF, the last one included.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  CsvOptions options;
  options.max_bytes = SIZE_MAX;
  options.max_rows = SIZE_MAX;
  Result<CsvTable> table = ashyq::ParseCsv(text, options);
  EXPECT_TRUE(table.ok()) << table.error().ToString();
  if (!table.ok()) return {};
  for (size_t lf = text.find('\n'); lf != std::string::npos; lf = text.find('\n', lf + 1)) {
    EXPECT_TRUE(lf > 0 && text[lf - 1] == '\r') << "bare LF at byte " << lf;
  }
  EXPECT_TRUE(text.empty() || text.ends_with("\r\n")) << "last record lacks CRLF";
  std::vector<std::vector<std::string>> rows;
  for (CsvRecord& r : table->records) rows.push_back(std::move(r.fields));
  return rows;
}

std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < csv.size()) {
    const size_t end = csv.find("\r\n", start);
    if (end == std::string::npos) {
      out.push_back(csv.substr(start));
      break;
    }
    out.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

std::vector<std::string> FirstColumn(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> out;
  for (size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i].at(0));
  return out;
}

// ---------------------------------------------------------------------------------------------
// PrecinctResultsCsv

TEST(PrecinctResultsCsvTest, HeaderAndReportedRowAreExact) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  const std::string csv = PrecinctResultsCsv(e.def, *e.tree, counted, "majilis");
  std::vector<std::string> lines = Lines(csv);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "station,number,region,tec,pec,status,protocol_version,protocol_digest," +
                          kFigureHeader + OrderHeader(e, "majilis"));
  const std::string digest = testing::ProtocolDigest(e.Of("ps-north-0001"));
  EXPECT_EQ(lines[1], "ps-north-0001,1,north,tec-north-01,pec-north-0001,reported,1," + digest +
                          ",812,12,700,600,100,50,50,3,20,18,580,8,650,640" +
                          VotesInOrder(e, "majilis", {{"list-nur-otan", 480},
                                                      {"list-ansdp", 100},
                                                      {"list-ak-zhol", 60}}));
  EXPECT_EQ(csv.substr(csv.size() - 2), "\r\n");
}

TEST(PrecinctResultsCsvTest, RowsFollowDefinitionOrderWhateverTheInputOrder) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  std::vector<CountedPrecinct> reversed(counted.rbegin(), counted.rend());
  const std::string csv = PrecinctResultsCsv(e.def, *e.tree, counted, "majilis");
  EXPECT_EQ(PrecinctResultsCsv(e.def, *e.tree, reversed, "majilis"), csv);
  // Definition order: stations 0003 and 0004 were added after the south station.
  EXPECT_THAT(FirstColumn(ParseCsv(csv)),
              ElementsAre("ps-north-0001", "ps-north-0002", "ps-south-0001", "ps-north-0003",
                          "ps-north-0004"));
}

TEST(PrecinctResultsCsvTest, StationWithoutProtocolIsListedAsNotReported) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.CountedOf({"ps-north-0001", "ps-south-0001"});
  const std::string csv = PrecinctResultsCsv(e.def, *e.tree, counted, "majilis");
  std::vector<std::string> lines = Lines(csv);
  ASSERT_EQ(lines.size(), 6u);
  // 25 columns: the 19 after the status are empty.
  EXPECT_EQ(lines[4], "ps-north-0003,3,north,tec-north-02,pec-north-0003,not reported" +
                          std::string(19, ','));
  EXPECT_EQ(lines[2], "ps-north-0002,2,north,tec-north-01,pec-north-0002,not reported" +
                          std::string(19, ','));
  std::vector<std::vector<std::string>> rows = ParseCsv(csv);
  for (const auto& row : rows) EXPECT_EQ(row.size(), 25u);
  EXPECT_EQ(rows[3][5], "reported");  // ps-south-0001
}

TEST(PrecinctResultsCsvTest, CorrectedProtocolShowsItsVersionAndDigest) {
  TabulationElection e;
  e.protocols[1].version = 2;  // ps-north-0002
  e.protocols[1].correction = {std::string(64, 'a'), "recount ordered", "dec-7"};
  std::vector<CountedPrecinct> counted = e.Counted();
  std::vector<std::vector<std::string>> rows =
      ParseCsv(PrecinctResultsCsv(e.def, *e.tree, counted, "majilis"));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[2][0], "ps-north-0002");
  EXPECT_EQ(rows[2][6], "2");
  EXPECT_EQ(rows[2][7], testing::ProtocolDigest(e.protocols[1]));
}

TEST(PrecinctResultsCsvTest, LocalContestListsOnlyTheStationsThatVoteInIt) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  std::vector<std::vector<std::string>> south =
      ParseCsv(PrecinctResultsCsv(e.def, *e.tree, counted, "maslikhat-south"));
  EXPECT_THAT(FirstColumn(south), ElementsAre("ps-south-0001"));
  ASSERT_EQ(south.size(), 2u);
  // 8 + 12 + 2 figures, then the two lists.
  ASSERT_EQ(south[1].size(), 24u);
  EXPECT_EQ(south[1][21], "1860");  // valid votes: 1,400 + 460
  std::vector<std::vector<std::string>> north =
      ParseCsv(PrecinctResultsCsv(e.def, *e.tree, counted, "maslikhat-north"));
  EXPECT_THAT(FirstColumn(north),
              ElementsAre("ps-north-0001", "ps-north-0002", "ps-north-0003", "ps-north-0004"));
}

TEST(PrecinctResultsCsvTest, QuotesFieldsWithCommaQuoteOrNewline) {
  TabulationElection e;
  Contest& majilis = e.def.contests[0];
  ASSERT_EQ(majilis.id, "majilis");
  const std::string odd = "list \"ak, zhol\"";
  for (Choice& c : majilis.choices) {
    if (c.id == "list-ak-zhol") c.id = odd;
  }
  for (std::string& id : majilis.ballot_order.order) {
    if (id == "list-ak-zhol") id = odd;
  }
  for (protocol::PrecinctProtocol& p : e.protocols) {
    for (protocol::ContestCount& c : p.contests) {
      for (auto& [choice, votes] : c.votes) {
        if (choice == "list-ak-zhol") choice = odd;
      }
    }
  }
  e.def.polling_stations[0].region = "north\r\nupper";
  std::vector<CountedPrecinct> counted = e.Counted();
  const std::string csv = PrecinctResultsCsv(e.def, *e.tree, counted, "majilis");
  EXPECT_NE(csv.find(",\"list \"\"ak, zhol\"\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1,\"north\r\nupper\",tec-north-01,"), std::string::npos) << csv;
  // Fields without those characters are never quoted.
  EXPECT_NE(csv.find("\r\nps-north-0002,2,north,tec-north-01,"), std::string::npos);
  std::vector<std::vector<std::string>> rows = ParseCsv(csv);
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), 25u);
  EXPECT_THAT(rows[0], ::testing::Contains(odd));
  EXPECT_EQ(rows[1][2], "north\r\nupper");
}

TEST(PrecinctResultsCsvTest, UnknownContestGivesNothing) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  EXPECT_EQ(PrecinctResultsCsv(e.def, *e.tree, counted, "senate"), "");
  EXPECT_EQ(PrecinctResultsCsv(e.def, *e.tree, counted, ""), "");
}

TEST(PrecinctResultsCsvTest, UnknownStationsAndSecondProtocolsAreSkipped) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  const std::string clean = PrecinctResultsCsv(e.def, *e.tree, counted, "majilis");
  protocol::PrecinctProtocol stray = e.protocols[0];
  stray.station = "ps-nowhere";
  protocol::PrecinctProtocol second = e.protocols[0];
  second.contests[0].invalid_ballots = 999;
  std::vector<CountedPrecinct> noisy = counted;
  noisy.push_back({&stray, std::string(64, 'b')});
  noisy.push_back({&second, std::string(64, 'c')});
  noisy.push_back({nullptr, std::string(64, 'd')});
  EXPECT_EQ(PrecinctResultsCsv(e.def, *e.tree, noisy, "majilis"), clean);
}

// ---------------------------------------------------------------------------------------------
// TierResultsCsv

TEST(TierResultsCsvTest, HeaderAndRowsAreExact) {
  TabulationElection e;
  NationalTabulation t = TabulateOf(e, e.Counted());
  const std::string csv = TierResultsCsv(e.def, t, "majilis");
  std::vector<std::string> lines = Lines(csv);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], "commission,tier,parent,precincts_expected,precincts_counted," +
                          kFigureHeader + OrderHeader(e, "majilis"));
  EXPECT_EQ(lines[1], "cec,cec,,5,5,6137,37,5700,5050,650,50,50,20,100,88,4925,93,5100,4970" +
                          VotesInOrder(e, "majilis", {{"list-nur-otan", 3980},
                                                      {"list-ansdp", 680},
                                                      {"list-ak-zhol", 310}}));
  EXPECT_EQ(lines[4], "tec-north-01,tec,rec-north,2,2,2332,32,2200,1800,400,50,50,8,50,43,1750,23,"
                      "1850,1820" +
                          VotesInOrder(e, "majilis", {{"list-nur-otan", 1380},
                                                      {"list-ansdp", 300},
                                                      {"list-ak-zhol", 140}}));
  EXPECT_THAT(FirstColumn(ParseCsv(csv)), ElementsAre("cec", "rec-north", "rec-south",
                                                      "tec-north-01", "tec-south-01",
                                                      "tec-north-02"));
}

TEST(TierResultsCsvTest, PreliminaryTotalsShowWhatIsMissing) {
  TabulationElection e;
  NationalTabulation t = TabulateOf(e, e.CountedOf({"ps-north-0001", "ps-south-0001"}));
  std::vector<std::vector<std::string>> rows = ParseCsv(TierResultsCsv(e.def, t, "majilis"));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_THAT(std::vector<std::string>(rows[1].begin(), rows[1].begin() + 5),
              ElementsAre("cec", "cec", "", "5", "2"));
  EXPECT_EQ(rows[6][0], "tec-north-02");
  EXPECT_EQ(rows[6][3], "2");
  EXPECT_EQ(rows[6][4], "0");
  EXPECT_EQ(rows[6][5], "0");  // no registered voters counted yet
}

TEST(TierResultsCsvTest, LocalContestsAreTotalledOnlyWhereTheyAreVotedOn) {
  TabulationElection e;
  NationalTabulation t = TabulateOf(e, e.Counted());
  EXPECT_THAT(FirstColumn(ParseCsv(TierResultsCsv(e.def, t, "maslikhat-south"))),
              ElementsAre("tec-south-01"));
  EXPECT_THAT(FirstColumn(ParseCsv(TierResultsCsv(e.def, t, "maslikhat-north"))),
              ElementsAre("rec-north", "tec-north-01", "tec-north-02"));
  EXPECT_EQ(TierResultsCsv(e.def, t, "senate"), "");
}

TEST(TierResultsCsvTest, ThreeTierTreeHasNoRegionalRows) {
  TabulationElection e(/*four_tier=*/false);
  NationalTabulation t = TabulateOf(e, e.Counted());
  std::vector<std::vector<std::string>> rows = ParseCsv(TierResultsCsv(e.def, t, "majilis"));
  EXPECT_THAT(FirstColumn(rows), ElementsAre("cec", "tec-north-01", "tec-south-01", "tec-north-02"));
  EXPECT_EQ(rows[2][2], "cec");  // a TEC's parent is the CEC
  EXPECT_EQ(rows[1][18], "4970");
}

// ---------------------------------------------------------------------------------------------
// ResultsJson

bool HasNonInteger(const json::Value& v) {
  if (v.kind() == json::Kind::kNumber) return true;
  if (v.is_array()) {
    for (const json::Value& item : v.items()) {
      if (HasNonInteger(item)) return true;
    }
  }
  if (v.is_object()) {
    for (const json::Member& m : v.members()) {
      if (HasNonInteger(m.value)) return true;
    }
  }
  return false;
}

const json::Value& At(const json::Value& v, std::string_view key) {
  const json::Value* found = v.Find(key);
  if (found == nullptr) {
    ADD_FAILURE() << "no member " << key;
    static const json::Value kNull;
    return kNull;
  }
  return *found;
}

std::vector<ContestOutcome> Decide(const TabulationElection& e, const NationalTabulation& t) {
  const TierProtocol& cec = t.cec().protocol;
  std::vector<ContestOutcome> out;
  const ContestTotals* majilis = testing::TotalsOf(cec, "majilis");
  std::vector<ListVotes> lists;
  for (const auto& [choice, votes] : majilis->votes) {
    int64_t order = 0;
    for (const Choice& c : testing::FindContest(e.def, "majilis")->choices) {
      for (const Party& p : e.def.parties) {
        if (c.id == choice && p.id == c.party) order = p.registration_order;
      }
    }
    lists.push_back({choice, votes, order});
  }
  SeatRules rules;
  rules.seats = 98;
  rules.threshold_bp = 700;
  Result<SeatAllocation> seats = AllocateSeats(lists, majilis->participants(), rules);
  EXPECT_TRUE(seats.ok()) << seats.error().ToString();
  out.push_back({"majilis", *seats, std::nullopt, std::nullopt});
  const ContestTotals* president = testing::TotalsOf(cec, "president");
  Result<PresidentialOutcome> decided = DecidePresidential(
      president->votes, president->valid_votes() + president->invalid_ballots, 5000);
  EXPECT_TRUE(decided.ok()) << decided.error().ToString();
  out.push_back({"president", std::nullopt, *decided, std::nullopt});
  out.push_back({"maslikhat-south", std::nullopt, std::nullopt,
                 CheckFailed("", "R-A3.no-list-passes", "no list reaches 7.00 %")});
  return out;
}

TEST(ResultsJsonTest, SummarisesEveryContestWithIntegerFigures) {
  TabulationElection e;
  NationalTabulation t = TabulateOf(e, e.Counted());
  json::Value doc = ResultsJson(*e.tree, t, Decide(e, t));
  EXPECT_EQ(At(doc, "format").as_string(), "ashyq/results/1");
  EXPECT_EQ(At(doc, "election_id").as_string(), "test-2007");
  EXPECT_EQ(At(doc, "election_day").as_string(), "2007-08-18");
  EXPECT_EQ(At(doc, "definition_digest").as_string(), e.digest);
  EXPECT_EQ(At(doc, "cec_protocol_digest").as_string(), t.cec().digest.Hex());
  const json::Value& contests = At(doc, "contests");
  ASSERT_EQ(contests.size(), 4u);
  const json::Value& majilis = contests.items()[0];
  EXPECT_EQ(At(majilis, "contest").as_string(), "majilis");
  EXPECT_EQ(At(majilis, "kind").as_string(), "party_list");
  EXPECT_EQ(At(At(majilis, "name"), "kk").as_string(), "Мәжіліс");
  EXPECT_EQ(At(majilis, "scope").as_string(), "cec");
  EXPECT_EQ(At(majilis, "seats").as_int(), 98);
  EXPECT_EQ(At(majilis, "tier_protocol_digest").as_string(), t.cec().digest.Hex());
  EXPECT_EQ(At(majilis, "precincts_expected").as_int(), 5);
  EXPECT_EQ(At(majilis, "precincts_counted").as_int(), 5);
  EXPECT_TRUE(At(majilis, "complete").as_bool());
  const json::Value& figures = At(majilis, "figures");
  EXPECT_EQ(figures.size(), 15u);
  EXPECT_EQ(At(figures, "registered_voters").as_int(), 6137);
  EXPECT_EQ(At(figures, "voters_added_on_day").as_int(), 37);
  EXPECT_EQ(At(figures, "electronic_votes").as_int(), 50);
  EXPECT_EQ(At(figures, "ballots_in_mobile_boxes").as_int(), 88);
  EXPECT_EQ(At(figures, "invalid_ballots").as_int(), 93);
  EXPECT_EQ(At(figures, "participants").as_int(), 5100);
  EXPECT_EQ(At(figures, "valid_votes").as_int(), 4970);
  EXPECT_EQ(At(figures, "ballots_cast").as_int(), 5063);
  // Turnout 5,100 / 6,137 = 83.10 %: numerator and denominator, never a fraction.
  const json::Value& turnout = At(majilis, "turnout");
  ASSERT_TRUE(At(turnout, "participants").is_int());
  EXPECT_EQ(At(turnout, "participants").as_int(), 5100);
  EXPECT_EQ(At(turnout, "registered_voters").as_int(), 6137);
  EXPECT_EQ(At(turnout, "bp").as_int(), 8310);
  const json::Value& choices = At(majilis, "choices");
  ASSERT_EQ(choices.size(), 3u);
  const std::vector<std::string>& order = testing::FindContest(e.def, "majilis")->ballot_order.order;
  const std::map<std::string, int64_t> expected = {
      {"list-nur-otan", 3980}, {"list-ansdp", 680}, {"list-ak-zhol", 310}};
  for (size_t i = 0; i < 3; ++i) {
    const json::Value& c = choices.items()[i];
    EXPECT_EQ(At(c, "choice").as_string(), order[i]);
    EXPECT_EQ(At(c, "position").as_int(), static_cast<int64_t>(i) + 1);
    EXPECT_EQ(At(c, "votes").as_int(), expected.at(order[i]));
    if (order[i] == "list-ansdp") {
      EXPECT_EQ(At(At(c, "name"), "en").as_string(), "ANSDP");
      EXPECT_EQ(At(c, "party").as_string(), "ansdp");
    }
  }
  EXPECT_FALSE(HasNonInteger(doc));
  // The default parser refuses fractions: the canonical form reads back identically.
  Result<json::Value> reread = json::Parse(json::Canonicalize(doc));
  ASSERT_TRUE(reread.ok()) << reread.error().ToString();
  EXPECT_EQ(*reread, doc);
}

TEST(ResultsJsonTest, OutcomesCarryTheSeatsAndTheComputation) {
  TabulationElection e;
  NationalTabulation t = TabulateOf(e, e.Counted());
  std::vector<ContestOutcome> outcomes = Decide(e, t);
  json::Value doc = ResultsJson(*e.tree, t, outcomes);
  const json::Value& contests = At(doc, "contests");
  ASSERT_EQ(contests.size(), 4u);

  const SeatAllocation& a = *outcomes[0].seats;
  const json::Value& seats = At(contests.items()[0], "outcome");
  EXPECT_EQ(At(seats, "kind").as_string(), "seats");
  EXPECT_EQ(At(seats, "method").as_string(), "hare_largest_remainder");
  EXPECT_EQ(At(seats, "seats").as_int(), 98);
  EXPECT_EQ(At(seats, "participants").as_int(), 5100);
  EXPECT_EQ(At(seats, "threshold_votes").as_int(), 357);  // ceil(7 % of 5,100)
  EXPECT_EQ(At(seats, "passing_votes").as_int(), 4660);   // 3,980 + 680
  EXPECT_EQ(At(At(seats, "quota"), "numerator").as_int(), a.quota_numerator);
  const json::Value& lists = At(seats, "lists");
  ASSERT_EQ(lists.size(), a.lists.size());
  int64_t total = 0;
  for (size_t i = 0; i < a.lists.size(); ++i) {
    const json::Value& l = lists.items()[i];
    EXPECT_EQ(At(l, "choice").as_string(), a.lists[i].choice);
    EXPECT_EQ(At(l, "seats").as_int(), a.lists[i].seats);
    EXPECT_EQ(At(l, "passed").as_bool(), a.lists[i].passed);
    EXPECT_EQ(At(l, "share_bp").as_int(), a.lists[i].share_bp);
    EXPECT_EQ(At(l, "remainder_numerator").as_int(), a.lists[i].remainder_numerator);
    if (a.lists[i].choice == "list-ak-zhol") {
      EXPECT_FALSE(At(l, "passed").as_bool());
    }
    total += At(l, "seats").as_int();
  }
  EXPECT_EQ(total, 98);
  const json::Value& computation = At(seats, "computation");
  ASSERT_EQ(computation.size(), a.computation.size());
  ASSERT_FALSE(a.computation.empty());
  EXPECT_EQ(computation.items().front().as_string(), a.computation.front());

  const json::Value& president = At(contests.items()[1], "outcome");
  EXPECT_EQ(At(president, "kind").as_string(), "presidential");
  EXPECT_EQ(At(president, "result").as_string(), "elected");
  EXPECT_EQ(At(president, "elected").as_string(), "cand-aliev");
  EXPECT_EQ(At(president, "ballots_cast").as_int(), 5063);
  EXPECT_EQ(At(president, "valid_votes").as_int(), 4970);
  EXPECT_EQ(At(At(president, "candidates").items()[0], "votes").as_int(), 3300);
  EXPECT_EQ(At(president, "computation").size(), outcomes[1].presidential->computation.size());

  // No outcome given: null. An error: its code and rule.
  EXPECT_TRUE(At(contests.items()[2], "outcome").is_null());
  const json::Value& failed = At(contests.items()[3], "outcome");
  EXPECT_EQ(At(failed, "kind").as_string(), "error");
  EXPECT_EQ(At(failed, "rule").as_string(), "R-A3.no-list-passes");
  EXPECT_EQ(At(failed, "code").as_string(), "check failed");
  EXPECT_EQ(At(failed, "message").as_string(), "no list reaches 7.00 %");
}

// One writer of the seat-allocation JSON (issue 16: `ashyq seats --json` and the results JSON
// wrote it apart, and they differed: no "kind" in one, no tie-break or seed in the other).
TEST(SeatAllocationJsonTest, OneShapeForTheResultsAndTheCli) {
  TabulationElection e;
  NationalTabulation t = TabulateOf(e, e.Counted());
  std::vector<ContestOutcome> outcomes = Decide(e, t);
  ASSERT_TRUE(outcomes[0].seats.has_value());
  const json::Value seats = SeatAllocationJson(*outcomes[0].seats);
  const json::Value doc = ResultsJson(*e.tree, t, outcomes);
  EXPECT_EQ(At(At(doc, "contests").items()[0], "outcome"), seats);
  std::vector<std::string> keys;
  for (const auto& [key, value] : seats.members()) keys.push_back(key);
  EXPECT_THAT(keys, ElementsAre("kind", "method", "tie_break", "lot_seed", "runner_up_min_seats", "seats",
                                "participants", "valid_votes", "threshold_bp", "threshold_votes", "passing_votes",
                                "quota", "runner_up_rule_applied", "lists", "ties", "computation"));
  EXPECT_EQ(At(seats, "tie_break").as_string(), "registration_order");
  EXPECT_TRUE(At(seats, "lot_seed").is_null());

  // A draw by lot names its seed, so that anyone can redo it.
  SeatRules rules;
  rules.seats = 2;
  rules.tie_break = TieBreak::kLot;
  rules.lot_seed = "05";
  rules.runner_up_min_seats = 1;
  Result<SeatAllocation> a = AllocateSeats({{"x", 400, 1}, {"alpha", 300, 2}, {"beta", 300, 3}}, 1000, rules);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  const json::Value lot = SeatAllocationJson(*a);
  EXPECT_EQ(At(lot, "kind").as_string(), "seats");
  EXPECT_EQ(At(lot, "tie_break").as_string(), "lot");
  EXPECT_EQ(At(lot, "lot_seed").as_string(), "05");
  EXPECT_EQ(At(lot, "runner_up_min_seats").as_int(), 1);
  ASSERT_EQ(At(lot, "ties").size(), 1u);
  std::vector<std::string> tie_keys;
  for (const auto& [key, value] : At(lot, "ties").items()[0].members()) tie_keys.push_back(key);
  EXPECT_THAT(tie_keys, ElementsAre("stage", "seats_at_stake", "contenders", "winners", "rule"));
}

TEST(ResultsJsonTest, PreliminaryResultSaysHowPreliminary) {
  TabulationElection e;
  NationalTabulation t = TabulateOf(e, e.CountedOf({"ps-north-0003"}));
  json::Value doc = ResultsJson(*e.tree, t, {});
  const json::Value& north = At(doc, "contests").items()[2];
  EXPECT_EQ(At(north, "contest").as_string(), "maslikhat-north");
  EXPECT_EQ(At(north, "scope").as_string(), "rec-north");
  EXPECT_EQ(At(north, "tier_protocol_digest").as_string(), t.Find(e.Commission("rec-north"))->digest.Hex());
  EXPECT_EQ(At(north, "precincts_expected").as_int(), 4);
  EXPECT_EQ(At(north, "precincts_counted").as_int(), 1);
  EXPECT_FALSE(At(north, "complete").as_bool());
  EXPECT_EQ(At(At(north, "turnout"), "participants").as_int(), 850);
  EXPECT_EQ(At(At(north, "turnout"), "registered_voters").as_int(), 1000);
  EXPECT_EQ(At(At(north, "turnout"), "bp").as_int(), 8500);
  const json::Value& south = At(doc, "contests").items()[3];
  EXPECT_EQ(At(south, "precincts_counted").as_int(), 0);
  EXPECT_EQ(At(At(south, "turnout"), "bp").as_int(), 0);  // nothing registered counted yet
  EXPECT_TRUE(At(south, "outcome").is_null());
}

TEST(ResultsJsonTest, TabulationOfAnotherDefinitionGivesNoFigures) {
  TabulationElection e;
  NationalTabulation empty;
  json::Value doc = ResultsJson(*e.tree, empty, {});
  const json::Value& contests = At(doc, "contests");
  ASSERT_EQ(contests.size(), 4u);
  EXPECT_EQ(At(doc, "cec_protocol_digest").as_string(), "");
  for (const json::Value& c : contests.items()) {
    EXPECT_TRUE(At(c, "figures").is_null());
    EXPECT_FALSE(At(c, "complete").as_bool());
    for (const json::Value& choice : At(c, "choices").items()) EXPECT_TRUE(At(choice, "votes").is_null());
  }
}

// ---------------------------------------------------------------------------------------------
// NistElectionReport

// The keys each NIST SP 1500-100 v2 class allows (JSON schema, additionalProperties false) and
// those it requires, for the classes the export writes.
struct NistClass {
  std::set<std::string> allowed;
  std::set<std::string> required;
};

const std::map<std::string, NistClass>& NistClasses() {
  static const std::map<std::string, NistClass> kClasses = [] {
    std::map<std::string, NistClass> m;
    const std::set<std::string> contest = {
        "@id", "@type", "Abbreviation", "BallotSubTitle", "BallotTitle", "ContestSelection",
        "CountStatus", "ElectionDistrictId", "ExternalIdentifier", "HasRotation", "Name",
        "OtherCounts", "OtherVoteVariation", "SequenceOrder", "SubUnitsReported", "TotalSubUnits",
        "VoteVariation"};
    std::set<std::string> candidate_contest = contest;
    candidate_contest.insert({"NumberElected", "NumberRunoff", "OfficeIds", "PrimaryPartyIds", "VotesAllowed"});
    const std::set<std::string> counts = {"@type", "DeviceClass", "GpUnitId", "IsSuppressedForPrivacy",
                                          "OtherType", "Round", "Type"};
    std::set<std::string> vote_counts = counts;
    vote_counts.insert("Count");
    std::set<std::string> ballot_counts = counts;
    ballot_counts.insert({"BallotsCast", "BallotsOutstanding", "BallotsRejected"});
    m["ElectionResults.ElectionReport"] = {
        {"@type", "Election", "ExternalIdentifier", "Format", "GeneratedDate", "GpUnit", "Header",
         "IsTest", "Issuer", "IssuerAbbreviation", "Notes", "Office", "OfficeGroup", "Party", "Person",
         "SequenceEnd", "SequenceStart", "Status", "TestType", "VendorApplicationId"},
        {"Format", "GeneratedDate", "Issuer", "IssuerAbbreviation", "SequenceEnd", "SequenceStart",
         "Status", "VendorApplicationId"}};
    m["ElectionResults.Election"] = {
        {"@type", "BallotCounts", "BallotStyle", "Candidate", "ContactInformation", "Contest",
         "CountStatus", "ElectionScopeId", "EndDate", "ExternalIdentifier", "Name", "OtherType",
         "StartDate", "Type"},
        {"ElectionScopeId", "EndDate", "Name", "StartDate", "Type"}};
    m["ElectionResults.ReportingUnit"] = {
        {"@id", "@type", "AuthorityIds", "ComposingGpUnitIds", "ContactInformation", "CountStatus",
         "ElectionAdministration", "ExternalIdentifier", "IsDistricted", "IsMailOnly", "Name",
         "Number", "OtherType", "PartyRegistration", "SpatialDimension", "SubUnitsReported",
         "TotalSubUnits", "Type", "VotersParticipated", "VotersRegistered"},
        {"@id", "Type"}};
    m["ElectionResults.Party"] = {
        {"@id", "@type", "Abbreviation", "Color", "ContactInformation", "ExternalIdentifier",
         "IsRecognizedParty", "LeaderPersonIds", "LogoUri", "Name", "PartyScopeGpUnitIds", "Slogan"},
        {"@id", "Name"}};
    m["ElectionResults.Candidate"] = {
        {"@id", "@type", "BallotName", "CampaignSlogan", "ContactInformation", "ExternalIdentifier",
         "FileDate", "IsIncumbent", "IsTopTicket", "PartyId", "PersonId", "PostElectionStatus",
         "PreElectionStatus"},
        {"@id", "BallotName"}};
    m["ElectionResults.PartyContest"] = {contest, {"@id", "ElectionDistrictId", "Name"}};
    m["ElectionResults.CandidateContest"] = {candidate_contest,
                                             {"@id", "ElectionDistrictId", "Name", "VotesAllowed"}};
    m["ElectionResults.PartySelection"] = {{"@id", "@type", "PartyIds", "SequenceOrder", "VoteCounts"},
                                           {"@id", "PartyIds"}};
    m["ElectionResults.CandidateSelection"] = {
        {"@id", "@type", "CandidateIds", "EndorsementPartyIds", "IsWriteIn", "SequenceOrder", "VoteCounts"},
        {"@id"}};
    m["ElectionResults.VoteCounts"] = {vote_counts, {"Count", "GpUnitId", "Type"}};
    m["ElectionResults.BallotCounts"] = {ballot_counts, {"GpUnitId", "Type"}};
    m["ElectionResults.InternationalizedText"] = {{"@type", "Label", "Text"}, {"Text"}};
    m["ElectionResults.LanguageString"] = {{"@type", "Content", "Language"}, {"Content", "Language"}};
    return m;
  }();
  return kClasses;
}

// Every object of the report, with its JSON Pointer.
void Objects(const json::Value& v, const std::string& at,
             std::vector<std::pair<std::string, const json::Value*>>* out) {
  if (v.is_object()) {
    out->emplace_back(at, &v);
    for (const json::Member& m : v.members()) Objects(m.value, json::PointerAppend(at, m.key), out);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.items().size(); ++i) Objects(v.items()[i], json::PointerAppend(at, i), out);
  }
}

// Checks the report against the classes above and its references; returns the objects by @id.
std::map<std::string, const json::Value*> CheckNistStructure(const json::Value& report) {
  std::vector<std::pair<std::string, const json::Value*>> objects;
  Objects(report, "", &objects);
  std::map<std::string, const json::Value*> by_id;
  const std::regex ncname("[A-Za-z_][A-Za-z0-9._-]*");
  for (const auto& [at, object] : objects) {
    const json::Value* type = object->Find("@type");
    if (type == nullptr) {
      ADD_FAILURE() << at << ": no @type";
      continue;
    }
    auto cls = NistClasses().find(type->as_string());
    if (cls == NistClasses().end()) {
      ADD_FAILURE() << at << ": unexpected class " << type->as_string();
      continue;
    }
    for (const json::Member& m : object->members()) {
      EXPECT_TRUE(cls->second.allowed.count(m.key)) << at << ": " << type->as_string() << " has no " << m.key;
    }
    for (const std::string& key : cls->second.required) {
      EXPECT_NE(object->Find(key), nullptr) << at << ": " << type->as_string() << " lacks " << key;
    }
    if (const json::Value* id = object->Find("@id")) {
      EXPECT_TRUE(std::regex_match(id->as_string(), ncname)) << at << ": " << id->as_string();
      EXPECT_TRUE(by_id.emplace(id->as_string(), object).second) << at << ": duplicate " << id->as_string();
    }
    if (type->as_string() == "ElectionResults.InternationalizedText") {
      EXPECT_GT(At(*object, "Text").size(), 0u) << at;
    }
  }
  // References resolve, to an object of the right class.
  auto expect_ref = [&](const std::string& at, const json::Value& ref, const std::set<std::string>& classes) {
    auto it = by_id.find(ref.as_string());
    if (it == by_id.end()) {
      ADD_FAILURE() << at << ": dangling reference " << ref.as_string();
      return;
    }
    EXPECT_TRUE(classes.count(At(*it->second, "@type").as_string())) << at << " -> " << ref.as_string();
  };
  const std::set<std::string> gp = {"ElectionResults.ReportingUnit"};
  const std::set<std::string> party = {"ElectionResults.Party"};
  const std::set<std::string> candidate = {"ElectionResults.Candidate"};
  for (const auto& [at, object] : objects) {
    for (const char* key : {"GpUnitId", "ElectionScopeId", "ElectionDistrictId"}) {
      if (const json::Value* ref = object->Find(key)) expect_ref(at, *ref, gp);
    }
    if (const json::Value* ref = object->Find("PartyId")) expect_ref(at, *ref, party);
    for (const auto& [key, classes] : std::vector<std::pair<const char*, std::set<std::string>>>{
             {"ComposingGpUnitIds", gp}, {"PartyIds", party}, {"CandidateIds", candidate}}) {
      if (const json::Value* refs = object->Find(key)) {
        for (const json::Value& ref : refs->items()) expect_ref(at, ref, classes);
      }
    }
  }
  return by_id;
}

const json::Value* ElectionFor(const json::Value& report, const std::string& contest_object_id) {
  for (const json::Value& election : At(report, "Election").items()) {
    for (const json::Value& c : At(election, "Contest").items()) {
      if (At(c, "@id").as_string() == contest_object_id) return &election;
    }
  }
  return nullptr;
}

TEST(NistElectionReportTest, TopLevelHasTheRequiredFields) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  NationalTabulation t = TabulateOf(e, counted);
  json::Value report = NistElectionReport(*e.tree, t, counted, "2007-08-19T06:00:00+06:00");
  EXPECT_EQ(At(report, "@type").as_string(), "ElectionResults.ElectionReport");
  EXPECT_EQ(At(report, "Format").as_string(), "precinct-level");
  EXPECT_EQ(At(report, "GeneratedDate").as_string(), "2007-08-19T06:00:00+06:00");
  EXPECT_EQ(At(report, "Issuer").as_string(), "Central Election Commission");
  EXPECT_EQ(At(report, "IssuerAbbreviation").as_string(), "cec");
  EXPECT_EQ(At(report, "SequenceStart").as_int(), 1);
  EXPECT_EQ(At(report, "SequenceEnd").as_int(), 1);
  EXPECT_EQ(At(report, "Status").as_string(), "unofficial-complete");
  EXPECT_EQ(At(report, "VendorApplicationId").as_string(), "Ashyq");
  EXPECT_NE(At(report, "Notes").as_string().find(t.cec().digest.Hex()), std::string::npos);
  EXPECT_EQ(At(report, "Election").size(), 4u);  // one per contest
  EXPECT_FALSE(HasNonInteger(report));
  Result<json::Value> reread = json::Parse(json::Canonicalize(report));
  ASSERT_TRUE(reread.ok()) << reread.error().ToString();
  EXPECT_EQ(*reread, report);
}

TEST(NistElectionReportTest, ConformsToTheSchemaAndEveryReferenceResolves) {
  for (bool four_tier : {true, false}) {
    SCOPED_TRACE(four_tier ? "4 tiers" : "3 tiers");
    TabulationElection e(four_tier);
    std::vector<CountedPrecinct> counted = e.Counted();
    NationalTabulation t = TabulateOf(e, counted);
    json::Value report = NistElectionReport(*e.tree, t, counted, "2007-08-18");
    std::map<std::string, const json::Value*> by_id = CheckNistStructure(report);
    // 11 commissions minus 5 PECs, and 5 stations; 3 parties; 3 presidential candidates.
    size_t units = 0, parties = 0, candidates = 0;
    for (const auto& [id, object] : by_id) {
      const std::string& type = At(*object, "@type").as_string();
      units += type == "ElectionResults.ReportingUnit";
      parties += type == "ElectionResults.Party";
      candidates += type == "ElectionResults.Candidate";
    }
    EXPECT_EQ(units, four_tier ? 11u : 9u);
    EXPECT_EQ(parties, 3u);
    EXPECT_EQ(candidates, 3u);
  }
}

TEST(NistElectionReportTest, GpUnitsFormTheCommissionTree) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  NationalTabulation t = TabulateOf(e, counted);
  json::Value report = NistElectionReport(*e.tree, t, counted, "2007-08-18");
  std::map<std::string, const json::Value*> units;
  std::map<std::string, int> composed_in;
  for (const json::Value& u : At(report, "GpUnit").items()) {
    units[At(u, "@id").as_string()] = &u;
    if (const json::Value* parts = u.Find("ComposingGpUnitIds")) {
      for (const json::Value& p : parts->items()) ++composed_in[p.as_string()];
    }
  }
  EXPECT_EQ(At(*units.at("c-cec"), "Type").as_string(), "country");
  EXPECT_EQ(At(*units.at("c-rec-north"), "Type").as_string(), "state");
  EXPECT_EQ(At(*units.at("c-tec-north-02"), "Type").as_string(), "county");
  EXPECT_EQ(At(*units.at("s-ps-north-0003"), "Type").as_string(), "precinct");
  EXPECT_EQ(At(*units.at("s-ps-north-0003"), "Number").as_string(), "3");
  EXPECT_EQ(units.count("c-pec-north-0003"), 0u);  // the station stands for its PEC
  std::vector<std::string> cec_parts;
  for (const json::Value& p : At(*units.at("c-cec"), "ComposingGpUnitIds").items()) cec_parts.push_back(p.as_string());
  EXPECT_THAT(cec_parts, ElementsAre("c-rec-north", "c-rec-south"));
  std::vector<std::string> tec_parts;
  for (const json::Value& p : At(*units.at("c-tec-north-02"), "ComposingGpUnitIds").items()) tec_parts.push_back(p.as_string());
  EXPECT_THAT(tec_parts, ElementsAre("s-ps-north-0003", "s-ps-north-0004"));
  // Every unit but the CEC is part of exactly one other.
  for (const auto& [id, unit] : units) EXPECT_EQ(composed_in[id], id == "c-cec" ? 0 : 1) << id;
  // Registered voters of the definition, summed up the tree.
  EXPECT_EQ(At(*units.at("c-cec"), "VotersRegistered").as_int(), 6100);
  EXPECT_EQ(At(*units.at("c-rec-north"), "VotersRegistered").as_int(), 3900);
  EXPECT_EQ(At(*units.at("s-ps-north-0001"), "VotersRegistered").as_int(), 800);
  // A bare date is completed to a date-time with zone.
  EXPECT_EQ(At(report, "GeneratedDate").as_string(), "2007-08-18T00:00:00Z");
}

// For every selection of the contest: the precinct VoteCounts add up to the count at the
// contest's scope, and that is the tabulated total. Returns the number of precinct counts seen.
size_t ExpectPrecinctsSumToTotal(const json::Value& report, const TabulationElection& e,
                                 const NationalTabulation& t, const std::string& contest_id) {
  const Contest* contest = testing::FindContest(e.def, contest_id);
  const json::Value* election = ElectionFor(report, "contest-" + contest_id);
  if (election == nullptr) {
    ADD_FAILURE() << "no election for " << contest_id;
    return 0;
  }
  const json::Value& nist_contest = At(*election, "Contest").items()[0];
  const std::string scope = "c-" + contest->scope;
  EXPECT_EQ(At(nist_contest, "ElectionDistrictId").as_string(), scope);
  EXPECT_EQ(At(*election, "ElectionScopeId").as_string(), scope);
  const ContestTotals* totals = testing::TotalsOf(t.Find(e.Commission(contest->scope))->protocol, contest_id);
  EXPECT_EQ(At(nist_contest, "TotalSubUnits").as_int(), totals->precincts_expected);
  EXPECT_EQ(At(nist_contest, "SubUnitsReported").as_int(), totals->precincts_counted);
  const json::Value& selections = At(nist_contest, "ContestSelection");
  EXPECT_EQ(selections.size(), contest->choices.size());
  size_t precinct_counts = 0;
  for (size_t i = 0; i < selections.size(); ++i) {
    const json::Value& s = selections.items()[i];
    if (std::regex_match(contest->ballot_order.order[i], std::regex("[A-Za-z0-9.-]+"))) {  // kept as is
      EXPECT_EQ(At(s, "@id").as_string(), "sel-" + contest_id + "__" + contest->ballot_order.order[i]);
    }
    EXPECT_EQ(At(s, "SequenceOrder").as_int(), static_cast<int64_t>(i) + 1);
    int64_t at_scope = -1, sum = 0;
    for (const json::Value& vc : At(s, "VoteCounts").items()) {
      EXPECT_EQ(At(vc, "Type").as_string(), "total");
      const std::string& unit = At(vc, "GpUnitId").as_string();
      if (unit == scope) {
        EXPECT_EQ(at_scope, -1) << "two totals at the scope";
        at_scope = At(vc, "Count").as_int();
      } else {
        EXPECT_EQ(unit.rfind("s-", 0), 0u) << unit;
        sum += At(vc, "Count").as_int();
        ++precinct_counts;
      }
    }
    EXPECT_EQ(sum, at_scope) << contest_id << " " << contest->ballot_order.order[i];
    EXPECT_EQ(at_scope, testing::VotesFor(*totals, contest->ballot_order.order[i]));
  }
  // Ballots cast and rejected likewise.
  int64_t cast_at_scope = -1, cast_sum = 0, rejected_sum = 0, rejected_at_scope = -1;
  for (const json::Value& bc : At(*election, "BallotCounts").items()) {
    if (At(bc, "GpUnitId").as_string() == scope) {
      cast_at_scope = At(bc, "BallotsCast").as_int();
      rejected_at_scope = At(bc, "BallotsRejected").as_int();
    } else {
      cast_sum += At(bc, "BallotsCast").as_int();
      rejected_sum += At(bc, "BallotsRejected").as_int();
    }
  }
  EXPECT_EQ(cast_at_scope, totals->valid_votes() + totals->invalid_ballots);
  EXPECT_EQ(cast_sum, cast_at_scope);
  EXPECT_EQ(rejected_at_scope, totals->invalid_ballots);
  EXPECT_EQ(rejected_sum, rejected_at_scope);
  return precinct_counts;
}

TEST(NistElectionReportTest, PrecinctVoteCountsAddUpToTheTotals) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  NationalTabulation t = TabulateOf(e, counted);
  json::Value report = NistElectionReport(*e.tree, t, counted, "2007-08-18");
  EXPECT_EQ(ExpectPrecinctsSumToTotal(report, e, t, "majilis"), 15u);  // 5 stations x 3 lists
  EXPECT_EQ(ExpectPrecinctsSumToTotal(report, e, t, "president"), 15u);
  EXPECT_EQ(ExpectPrecinctsSumToTotal(report, e, t, "maslikhat-north"), 8u);
  EXPECT_EQ(ExpectPrecinctsSumToTotal(report, e, t, "maslikhat-south"), 2u);

  // The ballot at ps-north-0001: 480 votes for Nur Otan.
  const json::Value& majilis = At(*ElectionFor(report, "contest-majilis"), "Contest").items()[0];
  EXPECT_EQ(At(majilis, "@type").as_string(), "ElectionResults.PartyContest");
  EXPECT_EQ(At(majilis, "VoteVariation").as_string(), "proportional");
  bool found = false;
  for (const json::Value& s : At(majilis, "ContestSelection").items()) {
    if (At(s, "@id").as_string() != "sel-majilis__list-nur-otan") continue;
    EXPECT_THAT(At(s, "PartyIds").items(), ElementsAre(json::Value("p-nur-otan")));
    for (const json::Value& vc : At(s, "VoteCounts").items()) {
      if (At(vc, "GpUnitId").as_string() == "s-ps-north-0001") {
        EXPECT_EQ(At(vc, "Count").as_int(), 480);
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);

  const json::Value& president_election = *ElectionFor(report, "contest-president");
  const json::Value& president = At(president_election, "Contest").items()[0];
  EXPECT_EQ(At(president, "@type").as_string(), "ElectionResults.CandidateContest");
  EXPECT_EQ(At(president, "VotesAllowed").as_int(), 1);
  EXPECT_EQ(At(president, "NumberElected").as_int(), 1);
  EXPECT_EQ(At(president, "VoteVariation").as_string(), "majority");
  std::set<std::string> candidates;
  for (const json::Value& c : At(president_election, "Candidate").items()) {
    candidates.insert(At(c, "@id").as_string());
    if (At(c, "@id").as_string() == "cand-president__cand-bekova") {
      EXPECT_EQ(c.Find("PartyId"), nullptr);
    }
    if (At(c, "@id").as_string() == "cand-president__cand-aliev") {
      EXPECT_EQ(At(c, "PartyId").as_string(), "p-nur-otan");
    }
  }
  EXPECT_THAT(candidates, ElementsAre("cand-president__cand-abaev", "cand-president__cand-aliev",
                                      "cand-president__cand-bekova"));
}

TEST(NistElectionReportTest, PartialResultIsMarkedAndListsOnlyReportedPrecincts) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.CountedOf({"ps-north-0002", "ps-south-0001"});
  NationalTabulation t = TabulateOf(e, counted);
  json::Value report = NistElectionReport(*e.tree, t, counted, "2007-08-18T23:00:00+06:00");
  CheckNistStructure(report);
  EXPECT_EQ(At(report, "Status").as_string(), "unofficial-partial");
  EXPECT_EQ(ExpectPrecinctsSumToTotal(report, e, t, "majilis"), 6u);
  EXPECT_EQ(ExpectPrecinctsSumToTotal(report, e, t, "maslikhat-north"), 2u);
  const json::Value& majilis = At(*ElectionFor(report, "contest-majilis"), "Contest").items()[0];
  EXPECT_EQ(At(majilis, "SubUnitsReported").as_int(), 2);
  EXPECT_EQ(At(majilis, "TotalSubUnits").as_int(), 5);
  // Unreported stations remain GpUnits with their register, without counts.
  const std::string canonical = json::Canonicalize(report);
  EXPECT_NE(canonical.find("\"@id\":\"s-ps-north-0001\""), std::string::npos);
  EXPECT_EQ(canonical.find("\"GpUnitId\":\"s-ps-north-0001\""), std::string::npos);
}

TEST(NistElectionReportTest, OddIdsBecomeValidUniqueObjectIds) {
  TabulationElection e;
  Contest& majilis = e.def.contests[0];
  // Two choice ids that a naive sanitiser would merge, one with quotes, comma and Cyrillic.
  const std::string odd = "list \"ақ, жол\"";
  const std::string underscored = "list_nur-otan";
  for (Choice& c : majilis.choices) {
    if (c.id == "list-ak-zhol") {
      c.id = odd;
      c.party = "";  // a list without a party
    } else if (c.id == "list-nur-otan") {
      c.id = underscored;
    }
  }
  for (std::string& id : majilis.ballot_order.order) {
    if (id == "list-ak-zhol") id = odd;
    if (id == "list-nur-otan") id = underscored;
  }
  for (protocol::PrecinctProtocol& p : e.protocols) {
    for (protocol::ContestCount& c : p.contests) {
      for (auto& [choice, votes] : c.votes) {
        if (choice == "list-ak-zhol") choice = odd;
        if (choice == "list-nur-otan") choice = underscored;
      }
    }
  }
  std::vector<CountedPrecinct> counted = e.Counted();
  NationalTabulation t = TabulateOf(e, counted);
  json::Value report = NistElectionReport(*e.tree, t, counted, "2007-08-18");
  std::map<std::string, const json::Value*> by_id = CheckNistStructure(report);
  EXPECT_EQ(by_id.count("sel-majilis__list_5fnur-otan"), 1u);
  EXPECT_EQ(by_id.count("sel-majilis__list_20_22_d0_b0_d2_9b_2c_20_d0_b6_d0_be_d0_bb_22"), 1u);
  // The party-less list is its own Party, named as on the ballot.
  const json::Value* bloc = by_id.at("pl-majilis__list_20_22_d0_b0_d2_9b_2c_20_d0_b6_d0_be_d0_bb_22");
  EXPECT_EQ(At(*bloc, "@type").as_string(), "ElectionResults.Party");
  EXPECT_EQ(At(At(At(*bloc, "Name"), "Text").items()[0], "Content").as_string(), "Ak Zhol");
  EXPECT_EQ(ExpectPrecinctsSumToTotal(report, e, t, "majilis"), 15u);
}

TEST(NistElectionReportTest, SameInputsGiveTheSameBytes) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  NationalTabulation t = TabulateOf(e, counted);
  std::vector<CountedPrecinct> reversed(counted.rbegin(), counted.rend());
  EXPECT_EQ(json::Canonicalize(NistElectionReport(*e.tree, t, counted, "2007-08-18")),
            json::Canonicalize(NistElectionReport(*e.tree, t, reversed, "2007-08-18")));
}

}  // namespace
}  // namespace ashyq::tabulate
