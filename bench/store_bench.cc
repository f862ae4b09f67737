// The commission store at national size: 9,727 signed precinct protocols of about 2 KB each,
// written in one durable batch (as a TEC or the CEC ingests them), then read back the way
// tabulation (Latest) and the publication writer (Get by digest) read them. The database lives
// in $TMPDIR: put it on the disk you want to measure (fsync on tmpfs is free). The .../postgres
// variants write to a fresh database of the PostgreSQL server at ASHYQ_BENCH_PG_URL (a URL to
// its maintenance database, e.g. from scripts/pg_cluster.sh start DIR), and are skipped without it.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/store.h"
#include "support.h"

namespace ashyq::store {
namespace {

constexpr int kStations = 9'727;
constexpr int kMembersSigning = 5;
constexpr std::string_view kKind = "ashyq/precinct-protocol/1";

std::string StationId(int i) { return "pec-" + std::to_string(100000 + i); }

// About 2 KB of canonical envelope: the figures of a protocol and five member signatures.
StoredObject ProtocolObject(int station, const crypto::SigningKey& key) {
  json::Value payload = json::Value::Object();
  payload.Set("format", std::string(kKind));
  payload.Set("election", "kz-2007-mazhilis");
  payload.Set("station", StationId(station));
  payload.Set("version", 1);
  json::Value counts = json::Value::Object();
  const char* lines[] = {"voters_on_list",
                         "voters_added",
                         "ballots_received",
                         "ballots_issued_in_station",
                         "ballots_issued_early",
                         "ballots_issued_mobile",
                         "ballots_cancelled",
                         "ballots_in_mobile_boxes",
                         "ballots_in_stationary_boxes",
                         "ballots_invalid",
                         "ballots_valid"};
  int64_t value = 1843 + station % 500;
  for (const char* line : lines) counts.Set(line, value -= 97);
  payload.Set("counts", std::move(counts));
  json::Value votes = json::Value::Array();
  const char* parties[] = {"nur-otan", "ndp-ak-zhol", "ospdp", "auyl", "ppk", "rpp-adilet", "ksdp"};
  int64_t count = 811 + station % 97;
  for (const char* party : parties) {
    json::Value row = json::Value::Object();
    row.Set("party", party);
    row.Set("votes", count);
    count = count / 2 + 3;
    votes.Push(std::move(row));
  }
  payload.Set("votes", std::move(votes));
  json::Value present = json::Value::Array();
  for (int m = 1; m <= 9; ++m) present.Push(StationId(station) + "/member-" + std::to_string(m));
  payload.Set("members_present", std::move(present));
  payload.Set("closed_at", "2007-08-18T20:00:00+06:00");
  payload.Set("counted_at", "2007-08-18T23:41:00+06:00");
  Result<crypto::SignedObject> object = crypto::SignedObject::Create(std::move(payload));
  for (int m = 1; m <= kMembersSigning; ++m) {
    // One key for all: signing cost is not what this benchmark measures.
    static_cast<void>(
        object->AddSignature(StationId(station) + "/member-" + std::to_string(m), key));
  }
  return ToStored(*object, StationId(station), 1);
}

const std::vector<StoredObject>& Protocols() {
  static const std::vector<StoredObject> protocols = [] {
    static_cast<void>(crypto::Initialize());
    crypto::KeySeed master;
    for (size_t i = 0; i < master.bytes.size(); ++i) master.bytes[i] = static_cast<uint8_t>(i + 9);
    const crypto::SigningKey key = crypto::SimulatedKeyring(master).KeyFor(1);
    std::vector<StoredObject> out;
    out.reserve(kStations);
    for (int i = 0; i < kStations; ++i) out.push_back(ProtocolObject(i, key));
    return out;
  }();
  return protocols;
}

std::unique_ptr<Store> OpenOrSkip(benchmark::State& state, const std::string& path) {
  Result<std::unique_ptr<Store>> store = OpenStore(path);
  if (!store.ok()) {
    state.SkipWithError(store.error().ToString().c_str());
    return nullptr;
  }
  return std::move(store).value();
}

// A store holding the whole national set, shared by the read benchmarks.
Store* NationalStore(benchmark::State& state) {
  // First, so that its scratch directory outlives the store.
  static const std::string location = bench::FreshStoreLocation(state, 0);
  static std::unique_ptr<Store> store;
  if (store == nullptr) {
    store = OpenOrSkip(state, location);
    if (store == nullptr) return nullptr;
    Result<size_t> stored = store->PutBatch(Protocols());
    if (!stored.ok()) {
      state.SkipWithError(stored.error().ToString().c_str());
      store.reset();
    }
  }
  return store.get();
}

void BM_PutBatchNational(benchmark::State& state) {
  const std::vector<StoredObject>& protocols = Protocols();
  size_t bytes = 0;
  for (const StoredObject& object : protocols) bytes += object.envelope.size();
  for (auto _ : state) {
    state.PauseTiming();
    const std::string path = bench::FreshStoreLocation(state, state.range(0));
    if (path.empty()) return;
    std::unique_ptr<Store> store = OpenOrSkip(state, path);
    if (store == nullptr) return;
    state.ResumeTiming();
    Result<size_t> stored = store->PutBatch(protocols);
    if (!stored.ok() || *stored != protocols.size()) {
      state.SkipWithError("PutBatch did not store every protocol");
      return;
    }
    state.PauseTiming();
    store.reset();
    bench::RemoveStoreLocation(state, path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kStations);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["avg_envelope_bytes"] = static_cast<double>(bytes) / kStations;
}

// One acknowledged (fsync'd) Put: the latency a station sees when its protocol is accepted.
void BM_PutOneDurable(benchmark::State& state) {
  const std::vector<StoredObject>& protocols = Protocols();
  std::string path = bench::FreshStoreLocation(state, state.range(0));
  if (path.empty()) return;
  std::unique_ptr<Store> store = OpenOrSkip(state, path);
  if (store == nullptr) return;
  size_t next = 0;
  for (auto _ : state) {
    if (next == protocols.size()) {
      state.PauseTiming();
      store.reset();
      bench::RemoveStoreLocation(state, path);
      path = bench::FreshStoreLocation(state, state.range(0));
      if (path.empty()) return;
      store = OpenOrSkip(state, path);
      if (store == nullptr) return;
      next = 0;
      state.ResumeTiming();
    }
    Result<bool> put = store->Put(protocols[next++]);
    if (!put.ok()) {
      state.SkipWithError(put.error().ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  store.reset();
  bench::RemoveStoreLocation(state, path);
}

void BM_LatestNational(benchmark::State& state) {
  Store* store = NationalStore(state);
  if (store == nullptr) return;
  for (auto _ : state) {
    Result<std::vector<StoredObject>> latest = store->Latest(kKind);
    if (!latest.ok() || latest->size() != static_cast<size_t>(kStations)) {
      state.SkipWithError("Latest did not return every station");
      return;
    }
    benchmark::DoNotOptimize(latest);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kStations);
}

void BM_GetByDigest(benchmark::State& state) {
  Store* store = NationalStore(state);
  if (store == nullptr) return;
  const std::vector<StoredObject>& protocols = Protocols();
  size_t i = 0;
  for (auto _ : state) {
    // A stride through the set, so consecutive reads do not hit neighbouring pages.
    i = (i + 7919) % protocols.size();
    Result<std::optional<StoredObject>> got = store->Get(protocols[i].digest);
    if (!got.ok() || !got->has_value()) {
      state.SkipWithError("Get missed a stored protocol");
      return;
    }
    benchmark::DoNotOptimize(got);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_VerifyIntegrityNational(benchmark::State& state) {
  Store* store = NationalStore(state);
  if (store == nullptr) return;
  for (auto _ : state) {
    Result<int64_t> checked = VerifyStoreIntegrity(*store);
    if (!checked.ok() || *checked != kStations) {
      state.SkipWithError("integrity check failed");
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kStations);
}

// Argument 0: SQLite, 1: PostgreSQL.
BENCHMARK(BM_PutBatchNational)->ArgName("postgres")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PutOneDurable)->ArgName("postgres")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_LatestNational)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GetByDigest)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_VerifyIntegrityNational)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ashyq::store
