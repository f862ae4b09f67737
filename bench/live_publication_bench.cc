// Issue 17's election-night figure: from the last protocol's acknowledgement to the national
// result and its tree head published, target <= 1 s on 2 cores. The national store (the 2007
// Majilis election at full size: definition, 48,635 turnout reports, 9,726 of the 9,727 signed
// protocols) is published by a first LivePublication::Update (not timed, reported as
// first_update_s); then the last protocol is stored and the Update that verifies it, totals
// again, signs the changed tier protocols and a tree head, and writes the changed files is timed.
// Beside it, in the same run: the Ed25519 floor of that Update (libsodium verifying the new
// protocol's signatures) and the load average.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "protocol/turnout_report.h"
#include "server/live_publication.h"
#include "sim/count_signing.h"
#include "sim/definition_generator.h"
#include "sim/turnout_simulator.h"
#include "store/sqlite_store.h"
#include "support.h"

namespace {

using namespace ashyq;

// The national count (bench/support.h) with every station's turnout through the day, signed by
// its PEC: what the store holds before the protocols come in.
struct Nation {
  const bench::SignedNation* count = nullptr;
  std::vector<store::StoredObject> turnout;

  server::CommissionKeys Keys() const {
    const crypto::SimulatedKeyring* keyring = count->keyring.get();
    return [keyring](const std::string& id) -> Result<crypto::SigningKey> { return sim::SimulatedKeyFor(*keyring, id); };
  }
  store::StoredObject Protocol(size_t i) const {
    return store::ToStored(count->protocols[i], count->protocols[i].payload().Find("station")->as_string(), 1);
  }
};

const Nation* National(benchmark::State& state) {
  const bench::SignedNation* count = bench::SignedNationalCount(state);
  if (count == nullptr) return nullptr;
  static const Nation* nation = [count]() -> const Nation* {
    auto* n = new Nation{count, {}};
    Result<sim::SimulatedTurnout> turnout = sim::SimulateTurnout(count->count, 2007, sim::TurnoutFaultPlan{});
    if (!turnout.ok()) return nullptr;
    Result<std::vector<crypto::SignedObject>> reports = sim::SignTurnout(*turnout, *count->keyring);
    if (!reports.ok()) return nullptr;
    for (size_t i = 0; i < reports->size(); ++i) {
      const protocol::TurnoutReport& r = turnout->reports[i];
      n->turnout.push_back(store::ToStored((*reports)[i], protocol::TurnoutReportSubject(r), r.revision));
    }
    return n;
  }();
  if (nation == nullptr) state.SkipWithError("could not sign the national turnout");
  return nation;
}

double LoadAverage() {
  double one = 0;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &one) != 1) one = 0;
    std::fclose(f);
  }
  return one;
}

void BM_LiveUpdateLastProtocol(benchmark::State& state) {
  const Nation* n = National(state);
  if (n == nullptr) return;
  const protocol::ElectionContext* election = n->count->election.get();
  const size_t last = n->count->protocols.size() - 1;
  double first_update = 0, verify = 0, tally = 0, sign_store = 0, head = 0, publish = 0, floor = 0, load = 0;
  double files = 0, bytes = 0, tiers = 0;
  for (auto _ : state) {
    const std::string location = bench::FreshStoreLocation(state, 0);
    if (location.empty()) return;
    const std::string publication = location + ".publication";
    auto db = store::OpenSqliteStore(location);
    if (!db.ok()) return state.SkipWithError("cannot open the store");
    std::vector<store::StoredObject> objects{
        store::ToStored(election->signed_definition(), election->definition().election_id, 1)};
    objects.insert(objects.end(), n->turnout.begin(), n->turnout.end());
    for (size_t i = 0; i < last; ++i) objects.push_back(n->Protocol(i));
    if (!(*db)->PutBatch(objects).ok()) return state.SkipWithError("cannot store the count");
    auto live = server::LivePublication::Open(*election, **db, n->Keys(), publication);
    if (!live.ok()) return state.SkipWithError("cannot open the live publication");
    Result<server::LiveUpdate> before = (*live)->Update("2007-08-19T03:00:00Z");
    if (!before.ok()) return state.SkipWithError(before.error().ToString().c_str());
    first_update += before->seconds;

    // The server acknowledges the last protocol once it is durable in the store.
    if (!(*db)->Put(n->Protocol(last)).ok()) return state.SkipWithError("cannot store the last protocol");
    load += LoadAverage();
    const auto start = std::chrono::steady_clock::now();
    Result<server::LiveUpdate> update = (*live)->Update("2007-08-19T03:00:05Z");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!update.ok()) return state.SkipWithError(update.error().ToString().c_str());
    if (!update->head || !update->head->is_new || (*live)->tabulation().protocols_verified != n->count->protocols.size()) {
      return state.SkipWithError("the last Update did not publish the national result");
    }
    state.SetIterationTime(seconds);
    floor += bench::Ed25519FloorSeconds(n->count->protocols[last].signatures().size(), 1);
    verify += update->verify_seconds;
    tally += update->tally_seconds;
    sign_store += update->sign_store_seconds;
    head += update->head_seconds;
    publish += update->publication.seconds;
    files += static_cast<double>(update->publication.files_written);
    bytes += static_cast<double>(update->publication.bytes_written);
    tiers += static_cast<double>(update->tier_protocols_signed);
    live->reset();
    db->reset();
    std::error_code ignored;
    std::filesystem::remove_all(publication, ignored);
    bench::RemoveStoreLocation(state, location);
  }
  const double k = static_cast<double>(state.iterations());
  state.counters["first_update_s"] = first_update / k;
  state.counters["verify_ms"] = 1e3 * verify / k;
  state.counters["ed25519_floor_ms"] = 1e3 * floor / k;
  state.counters["tally_ms"] = 1e3 * tally / k;
  state.counters["sign_store_tiers_ms"] = 1e3 * sign_store / k;
  state.counters["tree_head_ms"] = 1e3 * head / k;
  state.counters["publish_ms"] = 1e3 * publish / k;
  state.counters["tiers_signed"] = tiers / k;
  state.counters["files_written"] = files / k;
  state.counters["MB_written"] = bytes / k / 1e6;
  state.counters["load_avg"] = load / k;
}
BENCHMARK(BM_LiveUpdateLastProtocol)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

}  // namespace
