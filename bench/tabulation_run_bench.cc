// Issue 3's benchmark: the commission server's whole tabulation path on the 2007 Majilis
// election at full size — read all 9,727 signed precinct protocols from the store, verify every
// member signature (quorum, definition keys), reconcile each (R-D2), total TEC -> REC -> CEC,
// sign and store the 222 tier protocols, decide every contest, and write the result exports.
// Target: <= 3 s wall on 2 cores. Setup (generating, counting, signing, storing) is not timed.
//
// Issue 4's publication benchmark on the same national count: sign the tree head over the log
// and write the whole publication directory (every station, tier, log range, export) into an
// empty directory. Target: <= 10 s wall on 2 cores.
#include <benchmark/benchmark.h>

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/utc_time.h"
#include "ledger/merkle.h"
#include "server/log_head.h"
#include "server/publisher.h"
#include "crypto/keys.h"
#include "protocol/election_context.h"
#include "server/tabulation_run.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"
#include "sim/scenario.h"
#include "national_election.h"
#include "store/sqlite_store.h"

namespace {

using namespace ashyq;

struct CountedNation {
  std::unique_ptr<bench::NationalElection> national;
  std::string dir;
  protocol::ElectionContext* election = nullptr;
  const crypto::SimulatedKeyring* keyring = nullptr;
  std::unique_ptr<store::Store> store;
  size_t signatures = 0;
};

CountedNation* Nation(benchmark::State& state) {
  static CountedNation* nation = [&]() -> CountedNation* {
    auto* n = new CountedNation;
    auto national = bench::MakeNationalElection("ashyq_bench_tabulation", false);
    if (!national.ok()) return nullptr;
    n->national = std::move(national).value();
    n->dir = n->national->dir;
    n->election = n->national->election.get();
    n->keyring = n->national->keyring.get();
    auto db = store::OpenSqliteStore(n->dir + "/election.db");
    if (!db.ok()) return nullptr;
    n->store = std::move(db).value();
    std::vector<store::StoredObject> objects{n->national->Definition()};
    for (size_t i = 0; i < n->national->protocols.size(); ++i) {
      objects.push_back(n->national->Protocol(i));
      n->signatures += n->national->protocols[i].signatures().size();
    }
    if (!n->store->PutBatch(objects).ok()) return nullptr;
    return n;
  }();
  if (nation == nullptr) state.SkipWithError("could not set up the national count");
  return nation;
}

void BM_TabulationRunNational(benchmark::State& state) {
  CountedNation* n = Nation(state);
  if (n == nullptr) return;
  const server::CommissionKeys keys = n->national->Keys();
  double verify = 0, other = 0;
  for (auto _ : state) {
    Result<server::TabulationRun> run = server::RunTabulation(*n->election, *n->store, keys);
    if (!run.ok() || run->protocols_verified != 9727) {
      state.SkipWithError("tabulation failed");
      return;
    }
    Status written = server::WriteResultExports(*n->election, *run, n->dir + "/results", UtcNow());
    if (!written.ok()) {
      state.SkipWithError("exports failed");
      return;
    }
    verify += run->verify_seconds;
    other += run->read_seconds + run->aggregate_seconds + run->sign_store_seconds;
  }
  const double iterations = static_cast<double>(state.iterations());
  state.counters["protocols"] = 9727;
  state.counters["signatures"] = static_cast<double>(n->signatures);
  state.counters["verify_s"] = verify / iterations;
  state.counters["read_tally_sign_s"] = other / iterations;
  state.counters["verifications/s"] =
      benchmark::Counter(static_cast<double>(n->signatures) * iterations / verify);
}
BENCHMARK(BM_TabulationRunNational)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_PublishNational(benchmark::State& state) {
  CountedNation* n = Nation(state);
  if (n == nullptr) return;
  const crypto::SimulatedKeyring* keyring = n->keyring;
  const server::CommissionKeys keys = n->national->Keys();
  Result<server::TabulationRun> run = server::RunTabulation(*n->election, *n->store, keys);
  if (!run.ok()) {
    state.SkipWithError("tabulation failed");
    return;
  }
  double files = 0, bytes = 0;
  int round = 0;
  for (auto _ : state) {
    ledger::MerkleTree tree;
    Result<server::CommittedHead> head = server::CommitTreeHead(*n->store, &tree, "kz2007-majilis", "cec",
                                                                sim::SimulatedKeyFor(*keyring, "cec"), UtcNow());
    const std::string out = n->dir + "/publication-" + std::to_string(round++);  // empty each time
    Result<server::PublicationSummary> published = server::Publish(*n->election, *n->store, *run, out, UtcNow());
    if (!head.ok() || !published.ok()) {
      state.SkipWithError("publication failed");
      return;
    }
    files = static_cast<double>(published->files_written);
    bytes = static_cast<double>(published->bytes_written);
    state.PauseTiming();
    std::filesystem::remove_all(out);
    state.ResumeTiming();
  }
  state.counters["files"] = files;
  state.counters["MB"] = bytes / 1e6;
}
BENCHMARK(BM_PublishNational)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace
