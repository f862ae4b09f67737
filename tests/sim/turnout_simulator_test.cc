#include "sim/turnout_simulator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "count_fixture.h"
#include "protocol/protocol_signing.h"
#include "protocol/turnout_report.h"
#include "sim/count_signing.h"
#include "sim/election_directory.h"
#include "store/store.h"

namespace ashyq::sim {
namespace {

using protocol::ProtocolContext;
using protocol::TurnoutReport;
using testing::CountKeyring;
using testing::GeneratedElection;
using testing::Kz2007;
using testing::Tiny;
using ::testing::HasSubstr;

constexpr size_t kTimes = protocol::kTurnoutReportTimes.size();

ProtocolContext Context(const GeneratedElection& g) {
  Result<ProtocolContext> context = ProtocolContext::Build(g.def, *g.tree, g.digest);
  EXPECT_TRUE(context.ok()) << context.error().ToString();
  return context.ok() ? std::move(context).value() : ProtocolContext{};
}

SimulatedCount Count(const GeneratedElection& g, uint64_t seed, FaultPlan faults = {}) {
  Result<SimulatedCount> count = SimulateCount(g.def, *g.tree, g.spec, g.digest, seed, faults);
  EXPECT_TRUE(count.ok()) << count.error().ToString();
  return count.ok() ? std::move(count).value() : SimulatedCount{};
}

SimulatedTurnout Turnout(const SimulatedCount& count, uint64_t seed, TurnoutFaultPlan faults = {}) {
  Result<SimulatedTurnout> turnout = SimulateTurnout(count, seed, faults);
  EXPECT_TRUE(turnout.ok()) << turnout.error().ToString();
  return turnout.ok() ? std::move(turnout).value() : SimulatedTurnout{};
}

// Each station's reports of revision 1, in time order.
std::map<std::string, std::vector<TurnoutReport>> ByStation(const SimulatedTurnout& t) {
  std::map<std::string, std::vector<TurnoutReport>> out;
  for (const TurnoutReport& r : t.reports) {
    if (r.revision == 1) out[r.station].push_back(r);
  }
  return out;
}

TEST(TurnoutSimulatorTest, EveryStationReportsAtEveryTimeGrowingTowardsItsCount) {
  const GeneratedElection& g = Tiny();
  const SimulatedCount count = Count(g, 11);
  const SimulatedTurnout turnout = Turnout(count, 11);
  const size_t n = count.protocols.size();
  ASSERT_GT(n, 0u);
  ASSERT_EQ(turnout.reports.size(), n * kTimes);
  EXPECT_TRUE(turnout.revised_stations.empty());
  // Sent time by time, stations in definition order within each time.
  for (size_t k = 0; k < kTimes; ++k) {
    for (size_t s = 0; s < n; ++s) {
      const TurnoutReport& r = turnout.reports[k * n + s];
      EXPECT_EQ(r.time, protocol::kTurnoutReportTimes[k]);
      EXPECT_EQ(r.station, count.protocols[s].station);
    }
  }
  const auto by_station = ByStation(turnout);
  int64_t grew = 0;
  for (size_t s = 0; s < n; ++s) {
    const protocol::PrecinctProtocol& p = count.protocols[s];
    const std::vector<TurnoutReport>& reports = by_station.at(p.station);
    ASSERT_EQ(reports.size(), kTimes);
    for (size_t k = 0; k < kTimes; ++k) {
      const TurnoutReport& r = reports[k];
      EXPECT_EQ(r.election_id, p.election_id);
      EXPECT_EQ(r.definition_digest, g.digest);
      EXPECT_EQ(r.commission, p.commission);
      EXPECT_EQ(r.registered_voters, p.contests.front().registered_voters);
      EXPECT_GE(r.voters, 0);
      if (k > 0) {
        EXPECT_GE(r.voters, reports[k - 1].voters) << p.station;
      }
    }
    const int64_t participants = p.contests.front().participants();
    EXPECT_LE(reports.back().voters, participants) << p.station;
    if (participants >= 100) {
      EXPECT_LT(reports.back().voters, participants) << p.station << ": the poll runs until 20:00";
      EXPECT_GT(reports.back().voters, participants / 2) << p.station;
      EXPECT_LT(reports.front().voters, participants / 3) << p.station;
    }
    grew += reports.back().voters - reports.front().voters;
  }
  EXPECT_GT(grew, 0);
}

TEST(TurnoutSimulatorTest, DeterministicFromTheSeed) {
  const GeneratedElection& g = Tiny();
  const SimulatedCount count = Count(g, 11);
  const SimulatedTurnout a = Turnout(count, 11, {3});
  const SimulatedTurnout b = Turnout(count, 11, {3});
  EXPECT_EQ(a.reports, b.reports);
  EXPECT_EQ(a.revised_stations, b.revised_stations);
  const SimulatedTurnout c = Turnout(count, 12, {3});
  EXPECT_NE(a.reports, c.reports);
}

TEST(TurnoutSimulatorTest, StuffedStationsReportWhatTheDaySaw) {
  const GeneratedElection& g = Kz2007();
  FaultPlan faults;
  faults.stuffed_stations = 40;
  const SimulatedCount count = Count(g, 2007, faults);
  const SimulatedTurnout turnout = Turnout(count, 2007);
  const auto by_station = ByStation(turnout);
  int64_t stuffed = 0;
  for (size_t s = 0; s < count.protocols.size(); ++s) {
    if (!count.truth[s].stuffed) continue;
    ++stuffed;
    const protocol::ContestCount& c = count.protocols[s].contests.front();
    const int64_t at18 = by_station.at(count.protocols[s].station).back().voters;
    EXPECT_LE(at18, c.participants() - count.truth[s].stuffed_ballots);
    // The jump from 18:00 to the count is larger than the stuffing: what forensics look for.
    EXPECT_GT(c.participants() - at18, count.truth[s].stuffed_ballots);
  }
  EXPECT_EQ(stuffed, 40);
}

TEST(TurnoutSimulatorTest, RevisedTurnoutSendsARevisionWithAnotherFigure) {
  const GeneratedElection& g = Tiny();
  const SimulatedCount count = Count(g, 11);
  const size_t n = count.protocols.size();
  const SimulatedTurnout turnout = Turnout(count, 11, {4});
  ASSERT_EQ(turnout.reports.size(), n * kTimes + 4);
  ASSERT_EQ(turnout.revised_stations.size(), 4u);
  EXPECT_EQ(std::set<std::string>(turnout.revised_stations.begin(), turnout.revised_stations.end()).size(), 4u);
  const auto by_station = ByStation(turnout);
  for (size_t i = 0; i < 4; ++i) {
    const TurnoutReport& revision = turnout.reports[n * kTimes + i];
    EXPECT_EQ(revision.station, turnout.revised_stations[i]);
    EXPECT_EQ(revision.revision, 2);
    EXPECT_EQ(revision.time, "18:00");
    const std::vector<TurnoutReport>& first = by_station.at(revision.station);
    EXPECT_NE(revision.voters, first.back().voters);
    EXPECT_GE(revision.voters, first[kTimes - 2].voters);
    EXPECT_LE(revision.voters, revision.registered_voters);
    TurnoutReport same = revision;
    same.revision = 1;
    same.voters = first.back().voters;
    EXPECT_EQ(same, first.back());
  }
  // The revision-1 reports are those of the run without the fault.
  const SimulatedTurnout plain = Turnout(count, 11);
  EXPECT_TRUE(std::equal(plain.reports.begin(), plain.reports.end(), turnout.reports.begin()));
}

TEST(TurnoutSimulatorTest, ImpossibleFaultPlansAreRefused) {
  const SimulatedCount count = Count(Tiny(), 11);
  Result<SimulatedTurnout> r = SimulateTurnout(count, 11, {-1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().where, "/fault_plan/revised_turnout");
  r = SimulateTurnout(count, 11, {static_cast<int64_t>(count.protocols.size()) + 1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/fault_plan/revised_turnout");
  EXPECT_THAT(r.error().message, HasSubstr("can change"));
  // An empty count has nothing to report.
  Result<SimulatedTurnout> empty = SimulateTurnout(SimulatedCount{}, 11, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->reports.empty());
}

TEST(TurnoutSimulatorTest, SignedByEachPecAndEveryReportVerifies) {
  const GeneratedElection& g = Tiny();
  const ProtocolContext context = Context(g);
  const SimulatedTurnout turnout = Turnout(Count(g, 11), 11, {2});
  Result<std::vector<crypto::SignedObject>> signed_reports = SignTurnout(turnout, CountKeyring());
  ASSERT_TRUE(signed_reports.ok()) << signed_reports.error().ToString();
  ASSERT_EQ(signed_reports->size(), turnout.reports.size());
  for (size_t i = 0; i < turnout.reports.size(); ++i) {
    const crypto::SignedObject& object = (*signed_reports)[i];
    ASSERT_EQ(object.signatures().size(), 1u);
    EXPECT_EQ(object.signatures()[0].signer, turnout.reports[i].commission);
    Result<TurnoutReport> verified = protocol::VerifyTurnoutReport(object, context);
    ASSERT_TRUE(verified.ok()) << verified.error().ToString();
    EXPECT_EQ(*verified, turnout.reports[i]);
  }
  // Same input, same objects in the same order (Ed25519 is deterministic).
  Result<std::vector<crypto::SignedObject>> again = SignTurnout(turnout, CountKeyring());
  ASSERT_TRUE(again.ok());
  for (size_t i = 0; i < again->size(); ++i) {
    EXPECT_EQ((*again)[i].ToCanonicalJson(), (*signed_reports)[i].ToCanonicalJson());
  }
  // Another keyring signs, but nothing it signs verifies against the definition.
  crypto::KeySeed other_master;
  other_master.bytes.fill(9);
  Result<std::vector<crypto::SignedObject>> foreign = SignTurnout(turnout, crypto::SimulatedKeyring(other_master));
  ASSERT_TRUE(foreign.ok());
  Result<TurnoutReport> refused = protocol::VerifyTurnoutReport(foreign->front(), context);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadSignature);
}

TEST(TurnoutSimulatorTest, SigningRefusesAReportNamingIt) {
  SimulatedTurnout turnout = Turnout(Count(Tiny(), 11), 11);
  turnout.reports[3].voters = turnout.reports[3].registered_voters + 1;
  Result<std::vector<crypto::SignedObject>> r = SignTurnout(turnout, CountKeyring());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "R-C5.voters");
  EXPECT_THAT(r.error().message, HasSubstr(protocol::TurnoutReportSubject(turnout.reports[3])));
}

// A store that keeps batches in memory, for the order and rows StoreElectionDay writes.
class MemoryStore : public store::Store {
 public:
  Result<size_t> PutBatch(std::span<const store::StoredObject> objects) override {
    size_t added = 0;
    for (const store::StoredObject& o : objects) {
      bool known = false;
      for (const store::StoredObject& s : log_) known = known || s.digest == o.digest;
      if (!known) {
        log_.push_back(o);
        ++added;
      }
    }
    return added;
  }
  Result<std::optional<store::StoredObject>> Get(const Digest&) override { return std::optional<store::StoredObject>(); }
  Result<std::vector<store::StoredObject>> Versions(std::string_view, std::string_view) override { return log_; }
  Result<std::vector<store::StoredObject>> Latest(std::string_view) override { return log_; }
  Result<int64_t> Count(std::string_view) override { return static_cast<int64_t>(log_.size()); }
  Status ForEach(const std::function<Status(const store::StoredObject&)>&) override { return Status(); }
  Result<uint64_t> LogSize() override { return log_.size(); }
  Result<std::vector<store::StoredObject>> LogRange(uint64_t, uint64_t) override { return log_; }
  Result<std::optional<uint64_t>> LogIndexOf(const Digest&) override { return std::optional<uint64_t>(); }
  Status PutTreeHead(uint64_t, const std::string&) override { return Status(); }
  Result<std::vector<std::pair<uint64_t, std::string>>> TreeHeadsFrom(uint64_t) override {
    return std::vector<std::pair<uint64_t, std::string>>();
  }
  const std::string& location() const override { return location_; }
  Result<std::vector<store::StoredObject>> LatestInRange(std::string_view, std::string_view,
                                                         std::string_view) override {
    return log_;
  }

  std::vector<store::StoredObject> log_;
  std::string location_ = "memory";
};

TEST(TurnoutSimulatorTest, TheDayIsStoredBeforeTheNight) {
  const GeneratedElection& g = Tiny();
  const ProtocolContext context = Context(g);
  const SimulatedCount count = Count(g, 11);
  Result<SignedCount> signed_count = SignCount(count, context, CountKeyring(), 11);
  ASSERT_TRUE(signed_count.ok()) << signed_count.error().ToString();
  const SimulatedTurnout turnout = Turnout(count, 11, {1});
  Result<std::vector<crypto::SignedObject>> reports = SignTurnout(turnout, CountKeyring());
  ASSERT_TRUE(reports.ok());
  Result<crypto::SignedObject> definition = crypto::SignedObject::Create(DefinitionToJson(g.def));
  ASSERT_TRUE(definition.ok());

  MemoryStore store;
  Result<size_t> stored = StoreElectionDay(store, *definition, *reports, signed_count->protocols);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  const size_t n_reports = reports->size(), n_protocols = signed_count->protocols.size();
  ASSERT_EQ(*stored, 1 + n_reports + n_protocols);
  ASSERT_EQ(store.log_.size(), *stored);
  EXPECT_EQ(store.log_[0].kind, "ashyq/election-definition/1");
  EXPECT_EQ(store.log_[0].subject, g.def.election_id);
  for (size_t i = 0; i < n_reports; ++i) {
    const store::StoredObject& row = store.log_[1 + i];
    const TurnoutReport& r = turnout.reports[i];
    EXPECT_EQ(row.kind, protocol::kTurnoutReportFormat);
    EXPECT_EQ(row.subject, r.station + "@" + r.time);
    EXPECT_EQ(row.version, r.revision);
    EXPECT_EQ(row.digest, (*reports)[i].digest());
    EXPECT_EQ(row.envelope, (*reports)[i].ToCanonicalJson());
  }
  EXPECT_EQ(store.log_[n_reports].version, 2);  // the revision: the last report of the day
  for (size_t i = 0; i < n_protocols; ++i) {
    const store::StoredObject& row = store.log_[1 + n_reports + i];
    EXPECT_EQ(row.kind, protocol::kPrecinctProtocolFormat);
    EXPECT_EQ(row.subject, count.protocols[i].station);
    EXPECT_EQ(row.version, 1);
  }
  // Storing the same day again adds nothing.
  stored = StoreElectionDay(store, *definition, *reports, signed_count->protocols);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, 0u);

  // An object without the fields of a turnout report is refused, naming it; nothing is stored.
  MemoryStore empty;
  std::vector<crypto::SignedObject> odd;
  json::Value payload = json::Value::Object();
  payload.Set("format", json::Value(protocol::kTurnoutReportFormat));
  payload.Set("station", json::Value("ps-x"));
  odd.push_back(*crypto::SignedObject::Create(payload));
  stored = StoreElectionDay(empty, *definition, odd, {});
  ASSERT_FALSE(stored.ok());
  // Read through the protocol's own parser: its first missing field, under the report's place.
  EXPECT_EQ(stored.error().where, "turnout_reports/0:/election_id");
  EXPECT_TRUE(empty.log_.empty());
}

// The national scenario: 9,727 stations x 5 reports signed on two threads. Prints the time.
TEST(TurnoutSimulatorTest, NationalTurnoutSignsQuickly) {
  const GeneratedElection& g = Kz2007();
  const SimulatedCount count = Count(g, 2007);
  auto start = std::chrono::steady_clock::now();
  const SimulatedTurnout turnout = Turnout(count, 2007, {25});
  const double simulate = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(turnout.reports.size(), count.protocols.size() * kTimes + 25);
  start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  Result<std::vector<crypto::SignedObject>> signed_reports = SignTurnout(turnout, CountKeyring());
  const double sign = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  ASSERT_TRUE(signed_reports.ok()) << signed_reports.error().ToString();
  EXPECT_EQ(signed_reports->size(), turnout.reports.size());
  std::printf("  %zu turnout reports: simulated in %.3f s, signed in %.3f s (%.3f s of CPU on two threads)\n",
              turnout.reports.size(), simulate, sign, cpu);
  // National turnout at 18:00 below the count's participants, above half of them.
  int64_t at18 = 0, participants = 0;
  for (const TurnoutReport& r : turnout.reports) {
    if (r.time == "18:00" && r.revision == 1) at18 += r.voters;
  }
  for (const protocol::PrecinctProtocol& p : count.protocols) participants += p.contests.front().participants();
  EXPECT_LT(at18, participants);
  EXPECT_GT(at18, participants * 8 / 10);
  EXPECT_LT(sign, 10.0);  // ~1 s on two cores; a generous bound for sanitizer builds
  // Spot-check that what was signed verifies.
  const ProtocolContext context = Context(g);
  for (size_t i = 0; i < signed_reports->size(); i += 997) {
    Result<TurnoutReport> v = protocol::VerifyTurnoutReport((*signed_reports)[i], context);
    ASSERT_TRUE(v.ok()) << v.error().ToString();
  }
}

}  // namespace
}  // namespace ashyq::sim
