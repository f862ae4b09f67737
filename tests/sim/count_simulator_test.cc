#include "sim/count_simulator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "count_fixture.h"
#include "protocol/protocol_json.h"
#include "protocol/reconciliation.h"

namespace ashyq::sim {
namespace {

using protocol::ContestCount;
using protocol::CountingStep;
using protocol::PrecinctProtocol;
using testing::GeneratedElection;
using testing::Kz2007;
using testing::Kz2019;
using testing::Tiny;

SimulatedCount Simulate(const GeneratedElection& g, uint64_t seed, FaultPlan faults = {}) {
  Result<SimulatedCount> count = SimulateCount(g.def, *g.tree, g.spec, g.digest, seed, faults);
  EXPECT_TRUE(count.ok()) << count.error().ToString();
  return count.ok() ? std::move(count).value() : SimulatedCount{};
}

// The kz2007 count without faults, once for the suite.
const SimulatedCount& Kz2007Count() {
  static const SimulatedCount* count = new SimulatedCount(Simulate(Kz2007(), 2007));
  return *count;
}

std::string Errors(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out += e.ToString() + "\n";
  return out;
}

// Every protocol reconciles; returns how many were checked.
size_t ExpectAllReconcile(const GeneratedElection& g, const SimulatedCount& count) {
  size_t checked = 0;
  for (const PrecinctProtocol& p : count.protocols) {
    const std::vector<Error> errors = protocol::Reconcile(p, g.def, *g.tree);
    EXPECT_TRUE(errors.empty()) << p.station << ":\n" << Errors(errors);
    if (!errors.empty()) break;  // one station's report is enough
    ++checked;
  }
  return checked;
}

int64_t VotesFor(const ContestCount& c, std::string_view choice) {
  for (const auto& [id, votes] : c.votes) {
    if (id == choice) return votes;
  }
  ADD_FAILURE() << "no choice " << choice << " in " << c.contest;
  return 0;
}

bool HasStep(const PrecinctProtocol& p, CountingStep step) {
  for (const protocol::RecordedStep& s : p.counting_steps) {
    if (s.step == step) return true;
  }
  return false;
}

struct National {
  int64_t registered = 0, added = 0, participants = 0, evotes = 0, valid = 0, invalid = 0;
  int64_t paper_found = 0, requests = 0, mobile = 0;
  std::map<std::string, int64_t> votes;
};

National Sum(const SimulatedCount& count, std::string_view contest) {
  National n;
  for (const PrecinctProtocol& p : count.protocols) {
    for (const ContestCount& c : p.contests) {
      if (c.contest != contest) continue;
      n.registered += c.registered_voters;
      n.added += c.voters_added_on_day;
      n.participants += c.participants();
      n.evotes += c.electronic_votes;
      n.valid += c.valid_votes();
      n.invalid += c.invalid_ballots;
      n.paper_found += c.ballots_found();
      n.requests += c.mobile_requests;
      n.mobile += c.ballots_in_mobile_boxes;
      for (const auto& [id, votes] : c.votes) n.votes[id] += votes;
    }
  }
  return n;
}

// --- small scale ---

TEST(CountSimulatorTest, TinyProtocolsAreCompleteAndReconcile) {
  const GeneratedElection& g = Tiny();
  const SimulatedCount count = Simulate(g, 1);
  ASSERT_EQ(count.protocols.size(), g.def.polling_stations.size());
  ASSERT_EQ(count.truth.size(), g.def.polling_stations.size());
  EXPECT_EQ(ExpectAllReconcile(g, count), count.protocols.size());
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    const PrecinctProtocol& p = count.protocols[s];
    const PollingStation& ps = g.def.polling_stations[s];
    EXPECT_EQ(p.station, ps.id);
    EXPECT_EQ(p.commission, ps.commission);
    EXPECT_EQ(p.election_id, g.def.election_id);
    EXPECT_EQ(p.definition_digest, g.digest);
    EXPECT_EQ(p.version, 1);
    EXPECT_EQ(count.truth[s].station, ps.id);
    EXPECT_FALSE(count.truth[s].stuffed || count.truth[s].inconsistent);
    // The national contest and the region's council.
    ASSERT_EQ(p.contests.size(), 2u) << p.station;
    EXPECT_EQ(p.contests[0].contest, "parliament");
    EXPECT_EQ(p.contests[1].contest, "council-" + ps.region);
    for (const ContestCount& c : p.contests) {
      EXPECT_GT(c.participants(), 0) << p.station;
      EXPECT_EQ(c.ballots_received % 50, 0) << p.station;
      EXPECT_GE(c.ballots_received, ps.registered_voters) << p.station;
      EXPECT_EQ(c.electronic_ballots_issued > 0, ps.evoting) << p.station;
    }
    // signed_at: a local time on election night, after the count.
    ASSERT_EQ(p.signed_at.size(), 16u);
    const std::string day = p.signed_at.substr(0, 10);
    EXPECT_TRUE(day == "2024-03-17" || day == "2024-03-18") << p.signed_at;
    EXPECT_EQ(p.signed_at[10], 'T');
    ASSERT_FALSE(p.counting_steps.empty());
    EXPECT_EQ(p.counting_steps.front().step, CountingStep::kCountListSignatures);
    EXPECT_EQ(p.counting_steps.back().step, CountingStep::kPostCopy);
    EXPECT_GE(protocol::MinutesOfDay(p.counting_steps.front().at), 20 * 60);
  }
}

TEST(CountSimulatorTest, SameSeedSameCountOtherSeedOther) {
  const GeneratedElection& g = Tiny();
  const SimulatedCount a = Simulate(g, 5);
  const SimulatedCount b = Simulate(g, 5);
  const SimulatedCount c = Simulate(g, 6);
  EXPECT_EQ(a.protocols, b.protocols);
  EXPECT_NE(a.protocols, c.protocols);
  ExpectAllReconcile(g, c);
}

TEST(CountSimulatorTest, TheRecordedCountFollowsTheProcedureSaveObservedDeviations) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount& count = Kz2007Count();
  int64_t skipped_announce = 0, stationary_first = 0;
  for (const PrecinctProtocol& p : count.protocols) {
    bool announce_missing = false, order = false;
    for (const Error& notice : protocol::CheckCountingProcedure(p)) {
      if (notice.rule == "R-D4.missing" && notice.message.find("announce_each_ballot") != std::string::npos) {
        announce_missing = true;
      } else if (notice.rule == "R-D4.order" && notice.message.find("open_mobile_boxes") != std::string::npos) {
        order = true;
      } else {
        ADD_FAILURE() << p.station << ": unexpected notice " << notice.ToString();
        return;
      }
    }
    EXPECT_EQ(announce_missing, !HasStep(p, CountingStep::kAnnounceEachBallot));
    skipped_announce += announce_missing ? 1 : 0;
    stationary_first += order ? 1 : 0;
    // Signed after the protocol was filled in, before the copy was posted.
    auto night = [](std::string_view hh_mm) {
      const int m = protocol::MinutesOfDay(hh_mm);
      return m < 12 * 60 ? m + 24 * 60 : m;
    };
    const int signed_at = night(std::string_view(p.signed_at).substr(11));
    EXPECT_GT(signed_at, night(p.counting_steps[p.counting_steps.size() - 3].at)) << p.station;
    EXPECT_LT(signed_at, night(p.counting_steps.back().at)) << p.station;
    EXPECT_EQ(p.signed_at.substr(0, 10), signed_at >= 24 * 60 ? "2007-08-19" : "2007-08-18");
  }
  const auto stations = static_cast<int64_t>(count.protocols.size());
  // A noticeable minority skip showing each ballot; a few open the boxes out of order.
  EXPECT_GT(skipped_announce * 100, 20 * stations);
  EXPECT_LT(skipped_announce * 100, 40 * stations);
  EXPECT_GT(stationary_first, 0);
  EXPECT_LT(stationary_first * 100, 6 * stations);
  (void)g;
}

// --- national scale: the 2007 Majilis election ---

TEST(CountSimulatorTest, Kz2007EveryProtocolReconciles) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount& count = Kz2007Count();
  ASSERT_EQ(count.protocols.size(), 9'727u);
  EXPECT_EQ(ExpectAllReconcile(g, count), 9'727u);
}

TEST(CountSimulatorTest, Kz2007NationalFiguresLandNearTheOfficialOnes) {
  const SimulatedCount& count = Kz2007Count();
  const National n = Sum(count, "majilis-2007");
  // 002 §XIII.B: 6,082,430 participants; 123,932 electronic ballots; Annex 1: Nur Otan 88.41 %.
  EXPECT_GE(n.participants * 100, 98 * 6'082'430);
  EXPECT_LE(n.participants * 100, 102 * 6'082'430);
  EXPECT_GE(n.evotes * 100, 95 * 123'932);
  EXPECT_LE(n.evotes * 100, 105 * 123'932);
  ASSERT_GT(n.valid, 0);
  const int64_t nur_otan_bp = n.votes.at("nur-otan") * 10'000 / n.valid;
  EXPECT_GE(nur_otan_bp, 8'841 - 300);
  EXPECT_LE(nur_otan_bp, 8'841 + 300);
  // Every party gets votes, in the official order of size at the top.
  EXPECT_GT(n.votes.at("ansdp"), n.votes.at("ak-zhol"));
  EXPECT_GT(n.votes.at("ak-zhol"), n.votes.at("rukhaniyat"));
  EXPECT_GT(n.votes.at("rukhaniyat"), 0);
  // Valid votes near the official 5,935,625 (within 3 %), never above the participants (R-E4).
  EXPECT_GE(n.valid * 100, 97 * 5'935'625);
  EXPECT_LE(n.valid * 100, 103 * 5'935'625);
  EXPECT_LT(n.valid, n.participants);
  // 1-2 % of paper ballots invalid; R-B2: ~32,000 added on the day; mobile 1-3 % of voters.
  EXPECT_GT(n.invalid * 1000, 8 * n.paper_found);
  EXPECT_LT(n.invalid * 1000, 25 * n.paper_found);
  EXPECT_GT(n.added, 20'000);
  EXPECT_LT(n.added, 45'000);
  EXPECT_EQ(n.registered, 8'870'146 + n.added);
  EXPECT_GT(n.requests * 100, 1 * n.participants);
  EXPECT_LT(n.requests * 100, 4 * n.participants);
  EXPECT_LE(n.mobile, n.requests);
}

TEST(CountSimulatorTest, Kz2007RegionalAndRuralTurnout) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount& count = Kz2007Count();
  std::map<std::string, std::pair<int64_t, int64_t>> region;  // participants, registered
  int64_t urban[2] = {0, 0}, rural[2] = {0, 0};
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    const ContestCount& c = count.protocols[s].contests.front();
    const PollingStation& ps = g.def.polling_stations[s];
    region[ps.region].first += c.participants();
    region[ps.region].second += c.registered_voters;
    int64_t* bucket = ps.locality == Locality::kUrban ? urban : rural;
    bucket[0] += c.participants();
    bucket[1] += c.registered_voters;
    EXPECT_LE(c.participants(), c.registered_voters);
    if (c.registered_voters >= 100) {  // honest lists of 100 or more are never complete
      EXPECT_LE(c.participants() * 100, c.registered_voters * 99) << ps.id;
    }
  }
  auto turnout_bp = [](std::pair<int64_t, int64_t> r) { return static_cast<double>(r.first * 10'000 / r.second); };
  // 002 §XIV: 22.5 % in Almaty City, 90 % in Almaty region.
  EXPECT_NEAR(turnout_bp(region.at("almaty-city")), 2'250, 150);
  EXPECT_NEAR(turnout_bp(region.at("almaty-region")), 9'000, 150);
  EXPECT_GT(rural[0] * urban[1], urban[0] * rural[1]) << "rural turnout should exceed urban";
  // Stations differ: not every station of a region at its mean.
  std::set<int64_t> distinct;
  for (const PrecinctProtocol& p : count.protocols) {
    distinct.insert(p.contests.front().participants() * 100 / p.contests.front().registered_voters);
  }
  EXPECT_GT(distinct.size(), 40u);
}

TEST(CountSimulatorTest, Kz2007LocalCouncilsShareTheStationsVoters) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount& count = Kz2007Count();
  int64_t differing_votes = 0, small_party_zero = 0, small_party_some = 0;
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    const PrecinctProtocol& p = count.protocols[s];
    ASSERT_EQ(p.contests.size(), 2u) << p.station;
    const ContestCount& majilis = p.contests[0];
    const ContestCount& council = p.contests[1];
    EXPECT_EQ(majilis.contest, "majilis-2007");
    EXPECT_EQ(council.contest, g.spec.local_councils.id_prefix + g.def.polling_stations[s].region);
    EXPECT_EQ(council.registered_voters, majilis.registered_voters);
    EXPECT_EQ(council.voters_added_on_day, majilis.voters_added_on_day);
    EXPECT_EQ(council.ballots_issued, majilis.ballots_issued);
    EXPECT_EQ(council.electronic_ballots_issued, majilis.electronic_ballots_issued);
    EXPECT_EQ(council.mobile_requests, majilis.mobile_requests);
    differing_votes += council.votes.size() != majilis.votes.size() ? 1 : 0;
    (VotesFor(majilis, "rukhaniyat") == 0 ? small_party_zero : small_party_some) += 1;
  }
  EXPECT_GT(differing_votes, 0);
  // A 0.37 % party: nothing at some stations, something at most.
  EXPECT_GT(small_party_zero, 100);
  EXPECT_GT(small_party_some, small_party_zero);
}

TEST(CountSimulatorTest, Kz2007ElectronicBallotsOnlyAtEvotingStations) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount& count = Kz2007Count();
  int64_t stations_with_evotes = 0;
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    const ContestCount& c = count.protocols[s].contests.front();
    if (!g.def.polling_stations[s].evoting) {
      EXPECT_EQ(c.electronic_ballots_issued, 0);
      continue;
    }
    stations_with_evotes += c.electronic_ballots_issued > 0 ? 1 : 0;
    EXPECT_EQ(c.electronic_votes, c.electronic_ballots_issued);
    EXPECT_LT(c.electronic_ballots_issued, c.ballots_issued) << "paper stays the majority";
  }
  EXPECT_GT(stations_with_evotes, 1'400);
}

// --- 2019 presidential, three tiers, no e-voting, shares only ---

TEST(CountSimulatorTest, Kz2019TurnoutAndSharesNearTheOfficialOnes) {
  const GeneratedElection& g = Kz2019();
  const SimulatedCount count = Simulate(g, 2019);
  ASSERT_EQ(count.protocols.size(), g.def.polling_stations.size());
  EXPECT_EQ(ExpectAllReconcile(g, count), count.protocols.size());
  for (const PrecinctProtocol& p : count.protocols) ASSERT_EQ(p.contests.size(), 1u);
  const National n = Sum(count, "president-2019");
  EXPECT_NEAR(static_cast<double>(n.participants * 10'000 / n.registered), 7'750, 100);
  EXPECT_EQ(n.evotes, 0);
  EXPECT_NEAR(static_cast<double>(n.votes.at("tokayev") * 10'000 / n.valid), 7'096, 300);
  EXPECT_NEAR(static_cast<double>(n.votes.at("kosanov") * 10'000 / n.valid), 1'623, 300);
  EXPECT_GT(n.votes.at("kosanov"), n.votes.at("yespayeva"));
}

// --- faults ---

TEST(CountSimulatorTest, StuffedStationsReachNinetyFivePercentAndStillReconcile) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount& honest = Kz2007Count();
  const SimulatedCount count = Simulate(g, 2007, FaultPlan{40, 12});
  ASSERT_EQ(count.protocols.size(), honest.protocols.size());
  int64_t stuffed = 0, inconsistent = 0;
  std::set<std::string> regions;
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    const SimulatedStationTruth& truth = count.truth[s];
    const PrecinctProtocol& p = count.protocols[s];
    EXPECT_FALSE(truth.stuffed && truth.inconsistent);
    if (!truth.stuffed && !truth.inconsistent) {
      EXPECT_EQ(p, honest.protocols[s]) << "a fault elsewhere changed " << p.station;
      continue;
    }
    if (!truth.stuffed) continue;
    ++stuffed;
    regions.insert(g.def.polling_stations[s].region);
    EXPECT_TRUE(protocol::Reconcile(p, g.def, *g.tree).empty()) << p.station;
    ASSERT_GT(truth.stuffed_ballots, 0);
    for (size_t k = 0; k < p.contests.size(); ++k) {
      const ContestCount& c = p.contests[k];
      const ContestCount& before = honest.protocols[s].contests[k];
      EXPECT_GE(c.participants() * 100, 95 * c.registered_voters) << p.station;
      EXPECT_EQ(c.participants() - before.participants(), truth.stuffed_ballots);
      EXPECT_EQ(c.valid_votes() - before.valid_votes(), truth.stuffed_ballots);
      // All for the leading choice; the others keep their votes.
      int64_t gained = 0;
      for (size_t i = 0; i < c.votes.size(); ++i) {
        const int64_t d = c.votes[i].second - before.votes[i].second;
        EXPECT_TRUE(d == 0 || d == truth.stuffed_ballots);
        gained += d;
        if (d > 0) {
          for (const auto& other : before.votes) EXPECT_GE(before.votes[i].second, other.second);
        }
      }
      EXPECT_EQ(gained, truth.stuffed_ballots);
    }
  }
  for (const SimulatedStationTruth& t : count.truth) inconsistent += t.inconsistent ? 1 : 0;
  EXPECT_EQ(stuffed, 40);
  EXPECT_EQ(inconsistent, 12);
  EXPECT_EQ(regions.size(), g.def.regions.size()) << "stuffing spread over every region";
}

TEST(CountSimulatorTest, InconsistentProtocolsBreakTheNamedRuleOnly) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount count = Simulate(g, 2007, FaultPlan{0, 18});
  std::map<std::string, int> rules;
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    const SimulatedStationTruth& truth = count.truth[s];
    const std::vector<Error> errors = protocol::Reconcile(count.protocols[s], g.def, *g.tree);
    if (!truth.inconsistent) {
      EXPECT_TRUE(errors.empty()) << truth.station << ":\n" << Errors(errors);
      EXPECT_TRUE(truth.broken_rule.empty());
      continue;
    }
    ++rules[truth.broken_rule];
    ASSERT_FALSE(errors.empty()) << truth.station << " should break " << truth.broken_rule;
    for (const Error& e : errors) {
      EXPECT_EQ(e.rule, truth.broken_rule) << truth.station << ": " << e.ToString();
      EXPECT_EQ(e.code, ErrorCode::kCheckFailed);
      EXPECT_EQ(e.where.rfind("/contests/0/", 0), 0u) << "only the national contest is broken";
    }
    if (truth.broken_rule == "R-D2.evotes-eq-issued") {
      EXPECT_TRUE(g.def.polling_stations[s].evoting) << truth.station;
    }
  }
  // Dealt in turn (the e-votes rule waiting for e-voting stations): each rule two or more times.
  ASSERT_EQ(rules.size(), kInconsistencyRules.size());
  int total = 0;
  for (std::string_view rule : kInconsistencyRules) {
    EXPECT_GE(rules[std::string(rule)], 2) << rule;
    total += rules[std::string(rule)];
  }
  EXPECT_EQ(total, 18);
}

TEST(CountSimulatorTest, FaultsOnTheTinyElection) {
  const GeneratedElection& g = Tiny();
  const SimulatedCount count = Simulate(g, 3, FaultPlan{2, 3});
  int64_t stuffed = 0, failing = 0;
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    const std::vector<Error> errors = protocol::Reconcile(count.protocols[s], g.def, *g.tree);
    stuffed += count.truth[s].stuffed ? 1 : 0;
    failing += errors.empty() ? 0 : 1;
    EXPECT_EQ(!errors.empty(), count.truth[s].inconsistent) << count.truth[s].station;
  }
  EXPECT_EQ(stuffed, 2);
  EXPECT_EQ(failing, 3);
}

TEST(CountSimulatorTest, ImpossibleFaultPlansAreBadInput) {
  const GeneratedElection& g = Tiny();
  struct Case {
    FaultPlan plan;
    const char* where;
  };
  const Case cases[] = {
      {{-1, 0}, "/fault_plan/stuffed_stations"},
      {{0, -2}, "/fault_plan/inconsistent_protocols"},
      {{9, 0}, "/fault_plan/stuffed_stations"},        // 8 stations
      {{5, 4}, "/fault_plan/inconsistent_protocols"},  // 5 + 4 > 8
  };
  for (const Case& c : cases) {
    Result<SimulatedCount> count = SimulateCount(g.def, *g.tree, g.spec, g.digest, 1, c.plan);
    ASSERT_FALSE(count.ok()) << c.where;
    EXPECT_EQ(count.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(count.error().where, c.where);
    EXPECT_FALSE(count.error().message.empty());
  }
}

TEST(CountSimulatorTest, BadDefinitionsAreRefused) {
  const GeneratedElection& g = Tiny();
  {  // a contest on the ballot without choices
    ElectionDefinition def = g.def;
    def.contests[0].choices.clear();
    def.contests[0].ballot_order.order.clear();
    Result<CommissionTree> tree = CommissionTree::Build(def);
    ASSERT_TRUE(tree.ok());
    Result<SimulatedCount> count = SimulateCount(def, *tree, g.spec, g.digest, 1, {});
    ASSERT_FALSE(count.ok());
    EXPECT_EQ(count.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(count.error().where, "/contests/0/choices");
  }
  {  // an election day that is not a date
    ElectionDefinition def = g.def;
    def.election_day = "2024-02-30";
    Result<CommissionTree> tree = CommissionTree::Build(def);
    ASSERT_TRUE(tree.ok());
    Result<SimulatedCount> count = SimulateCount(def, *tree, g.spec, g.digest, 1, {});
    ASSERT_FALSE(count.ok());
    EXPECT_EQ(count.error().where, "/election_day");
  }
  {  // a tree over another definition
    const ElectionDefinition copy = g.def;
    Result<SimulatedCount> count = SimulateCount(copy, *g.tree, g.spec, g.digest, 1, {});
    ASSERT_FALSE(count.ok());
    EXPECT_EQ(count.error().code, ErrorCode::kInternal);
  }
}

TEST(CountSimulatorTest, ElectionNightCanRunPastMidnightIntoANewMonthAndYear) {
  const GeneratedElection& g = Kz2007();
  ElectionDefinition def = g.def;
  def.election_day = "2007-12-31";
  Result<CommissionTree> tree = CommissionTree::Build(def);
  ASSERT_TRUE(tree.ok());
  Result<SimulatedCount> count = SimulateCount(def, *tree, g.spec, g.digest, 1, {});
  ASSERT_TRUE(count.ok()) << count.error().ToString();
  int64_t new_year = 0;
  for (const PrecinctProtocol& p : count->protocols) {
    const std::string day = p.signed_at.substr(0, 10);
    EXPECT_TRUE(day == "2007-12-31" || day == "2008-01-01") << p.signed_at;
    new_year += day == "2008-01-01" ? 1 : 0;
  }
  // Big stations count into the night (2007 report: "the completion of protocols was protracted").
  EXPECT_GT(new_year, 0);
  EXPECT_LT(new_year * 2, static_cast<int64_t>(count->protocols.size()));
}

}  // namespace
}  // namespace ashyq::sim
