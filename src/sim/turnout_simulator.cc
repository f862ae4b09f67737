#include "sim/turnout_simulator.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "sim/definition_generator.h"
#include "sim/random.h"

namespace ashyq::sim {
namespace {

using protocol::TurnoutReport;

constexpr size_t kTimes = protocol::kTurnoutReportTimes.size();
// Share of the final participants who have voted by each reporting time (bp), before the
// station's shift and the hour's jitter.
constexpr std::array<int64_t, kTimes> kShareBp = {1'400, 3'600, 5'600, 7'300, 8'800};
constexpr int64_t kStationShiftBp = 600;  // early or late risers, the same all day
constexpr int64_t kHourJitterBp = 250;
constexpr int64_t kMaxAt18Bp = 9'700;      // two hours of voting are still to come

// Cumulative voters at each reporting time: non-decreasing, at most `final_voters`.
std::array<int64_t, kTimes> Curve(Random* rng, int64_t final_voters) {
  const int64_t shift = rng->Between(-kStationShiftBp, kStationShiftBp);
  std::array<int64_t, kTimes> out{};
  int64_t previous = 0;
  for (size_t k = 0; k < kTimes; ++k) {
    const int64_t bp = std::clamp<int64_t>(kShareBp[k] + shift + rng->Between(-kHourJitterBp, kHourJitterBp), 0,
                                           kMaxAt18Bp);
    previous = std::max(previous, final_voters * bp / 10'000);
    out[k] = previous;
  }
  return out;
}

Error FaultError(std::string message) { return BadInput("/fault_plan/revised_turnout", std::move(message)); }

}  // namespace

Result<SimulatedTurnout> SimulateTurnout(const SimulatedCount& count, uint64_t seed, const TurnoutFaultPlan& faults) {
  if (faults.revised_turnout < 0) return FaultError("must not be negative");
  const size_t n = count.protocols.size();
  std::vector<std::array<int64_t, kTimes>> voters(n);
  std::vector<int64_t> registered(n, 0);
  for (size_t s = 0; s < n; ++s) {
    const protocol::PrecinctProtocol& p = count.protocols[s];
    if (p.contests.empty()) return BadInput("/protocols/" + std::to_string(s), "station " + p.station + " counted no contest");
    const protocol::ContestCount& c = p.contests.front();
    registered[s] = std::max<int64_t>(0, c.registered_voters);
    // What the day saw: without the ballots stuffed at night, never above the list.
    int64_t final_voters = c.participants();
    if (s < count.truth.size() && count.truth[s].stuffed) final_voters -= count.truth[s].stuffed_ballots;
    final_voters = std::clamp<int64_t>(final_voters, 0, registered[s]);
    Random rng = Random::ForStream(seed, p.election_id, "turnout/" + p.station);
    voters[s] = Curve(&rng, final_voters);
  }

  SimulatedTurnout out;
  out.reports.reserve(n * kTimes + static_cast<size_t>(std::min<int64_t>(faults.revised_turnout, int64_t{1} << 20)));
  for (size_t k = 0; k < kTimes; ++k) {
    for (size_t s = 0; s < n; ++s) {
      const protocol::PrecinctProtocol& p = count.protocols[s];
      TurnoutReport r;
      r.election_id = p.election_id;
      r.definition_digest = p.definition_digest;
      r.station = p.station;
      r.commission = p.commission;
      r.time = std::string(protocol::kTurnoutReportTimes[k]);
      r.revision = 1;
      r.registered_voters = registered[s];
      r.voters = voters[s][k];
      out.reports.push_back(std::move(r));
    }
  }
  if (faults.revised_turnout == 0) return out;

  // Revisions: stations in a drawn order, those whose 18:00 figure can move (up to the list,
  // or down to the 16:00 figure) taken until there are enough.
  const std::string& election = count.protocols.empty() ? std::string() : count.protocols.front().election_id;
  Random rng = Random::ForStream(seed, election, "turnout/revised");
  std::vector<size_t> order(n);
  for (size_t s = 0; s < n; ++s) order[s] = s;
  rng.Shuffle(&order);
  const size_t last = kTimes - 1;
  for (size_t s : order) {
    if (static_cast<int64_t>(out.revised_stations.size()) == faults.revised_turnout) break;
    const int64_t at18 = voters[s][last];
    const int64_t up = registered[s] - at18;
    const int64_t down = at18 - voters[s][last - 1];
    if (up <= 0 && down <= 0) continue;
    const int64_t most = std::max<int64_t>(1, at18 / 10);
    const bool raise = down <= 0 || (up > 0 && rng.Chance(5'000));
    const int64_t delta = rng.Between(1, std::min(most, raise ? up : down));
    TurnoutReport r = out.reports[last * n + s];
    r.revision = 2;
    r.voters = raise ? at18 + delta : at18 - delta;
    out.reports.push_back(std::move(r));
    out.revised_stations.push_back(count.protocols[s].station);
  }
  if (static_cast<int64_t>(out.revised_stations.size()) < faults.revised_turnout) {
    return FaultError(std::to_string(faults.revised_turnout) + " revised turnout reports asked for, but only " +
                      std::to_string(out.revised_stations.size()) + " stations have an 18:00 figure that can change");
  }
  return out;
}

Result<std::vector<crypto::SignedObject>> SignTurnout(const SimulatedTurnout& turnout,
                                                      const crypto::SimulatedKeyring& keyring) {
  // The reports of each commission, so that its key is derived once.
  std::vector<std::vector<size_t>> groups;
  {
    std::unordered_map<std::string_view, size_t> group_of;
    group_of.reserve(turnout.reports.size() / protocol::kTurnoutReportTimes.size() + 1);
    for (size_t i = 0; i < turnout.reports.size(); ++i) {
      auto [it, inserted] = group_of.emplace(turnout.reports[i].commission, groups.size());
      if (inserted) groups.emplace_back();
      groups[it->second].push_back(i);
    }
  }
  std::vector<std::optional<Result<crypto::SignedObject>>> results(turnout.reports.size());
  auto sign = [&](size_t begin, size_t end) {
    for (size_t g = begin; g < end; ++g) {
      const crypto::SigningKey key = SimulatedKeyFor(keyring, turnout.reports[groups[g].front()].commission);
      for (size_t i : groups[g]) results[i].emplace(protocol::SignTurnoutReport(turnout.reports[i], key));
    }
  };
  const size_t half = groups.size() / 2;
  std::thread other(sign, half, groups.size());
  sign(0, half);
  other.join();

  std::vector<crypto::SignedObject> out;
  out.reserve(results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    Result<crypto::SignedObject>& r = *results[i];
    if (!r.ok()) {
      Error e = r.error();
      e.message = "signing the turnout report of " + protocol::TurnoutReportSubject(turnout.reports[i]) + ": " + e.message;
      return e;
    }
    out.push_back(std::move(r).value());
  }
  return out;
}

}  // namespace ashyq::sim
