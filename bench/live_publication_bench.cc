// Issue 17's election-night figure: from the last protocol's acknowledgement to the national
// result and its tree head published, target <= 1 s on 2 cores. The national store (the 2007
// Majilis election at full size: definition, 48,635 turnout reports, 9,726 of the 9,727 signed
// protocols) is published by a first LivePublication::Update (not timed, reported as
// first_update_s); then the last protocol is stored and the Update that verifies it, totals
// again, signs the changed tier protocols and a tree head, and writes the changed files is timed.
// Beside it, in the same run: the Ed25519 floor of that Update (libsodium verifying the new
// protocol's signatures) and the load average.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "national_election.h"
#include "server/live_publication.h"
#include "store/sqlite_store.h"

namespace {

using namespace ashyq;

bench::NationalElection* National(benchmark::State& state) {
  static bench::NationalElection* national = [] {
    auto made = bench::MakeNationalElection("ashyq_bench_live", true);
    if (!made.ok()) {
      std::fprintf(stderr, "live_publication_bench setup: %s\n", made.error().ToString().c_str());
      return static_cast<bench::NationalElection*>(nullptr);
    }
    return made->release();
  }();
  if (national == nullptr) state.SkipWithError("could not set up the national count");
  return national;
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
  bench::NationalElection* n = National(state);
  if (n == nullptr) return;
  const size_t last = n->protocols.size() - 1;
  double first_update = 0, verify = 0, tally = 0, sign_store = 0, head = 0, publish = 0, floor = 0, load = 0;
  double files = 0, bytes = 0, tiers = 0;
  int round = 0;
  for (auto _ : state) {
    const std::string dir = n->dir + "/round-" + std::to_string(round++);
    std::filesystem::create_directories(dir);
    auto db = store::OpenSqliteStore(dir + "/election.db");
    if (!db.ok()) return state.SkipWithError("cannot open the store");
    std::vector<store::StoredObject> objects = n->TurnoutObjects();
    objects.insert(objects.begin(), n->Definition());
    for (size_t i = 0; i < last; ++i) objects.push_back(n->Protocol(i));
    if (!(*db)->PutBatch(objects).ok()) return state.SkipWithError("cannot store the count");
    auto live = server::LivePublication::Open(*n->election, **db, n->Keys(), dir + "/publication");
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
    if (!update->head || !update->head->is_new || (*live)->tabulation().protocols_verified != n->protocols.size()) {
      return state.SkipWithError("the last Update did not publish the national result");
    }
    state.SetIterationTime(seconds);
    floor += bench::Ed25519FloorSeconds(n->protocols[last].signatures().size(), 1);
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
    std::filesystem::remove_all(dir, ignored);
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
