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
#include "store/sqlite_store.h"
#include "support.h"

namespace {

using namespace ashyq;

struct CountedNation {
  std::string dir;
  const crypto::SimulatedKeyring* keyring = nullptr;
  const protocol::ElectionContext* election = nullptr;
  std::unique_ptr<store::Store> store;
  size_t signatures = 0;
};

// The national count (bench/support.h) stored with its definition in a fresh SQLite store.
CountedNation* Nation(benchmark::State& state) {
  const bench::SignedNation* signed_nation = bench::SignedNationalCount(state);
  if (signed_nation == nullptr) return nullptr;
  static CountedNation* nation = [&]() -> CountedNation* {
    auto* n = new CountedNation;
    std::string pattern = (std::filesystem::temp_directory_path() / "ashyq_bench_tabulation_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return nullptr;
    n->dir = pattern;
    n->keyring = signed_nation->keyring.get();
    n->election = signed_nation->election.get();
    n->signatures = signed_nation->signatures;
    auto db = store::OpenSqliteStore(n->dir + "/election.db");
    if (!db.ok()) return nullptr;
    n->store = std::move(db).value();
    std::vector<store::StoredObject> objects;
    objects.push_back(store::ToStored(n->election->signed_definition(), n->election->definition().election_id, 1));
    for (const crypto::SignedObject& p : signed_nation->protocols) {
      objects.push_back(store::ToStored(p, p.payload().Find("station")->as_string(), 1));
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
  const crypto::SimulatedKeyring* keyring = n->keyring;
  server::CommissionKeys keys = [keyring](const std::string& id) -> Result<crypto::SigningKey> {
    return sim::SimulatedKeyFor(*keyring, id);
  };
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
  server::CommissionKeys keys = [keyring](const std::string& id) -> Result<crypto::SigningKey> {
    return sim::SimulatedKeyFor(*keyring, id);
  };
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
