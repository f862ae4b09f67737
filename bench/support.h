// What several benchmarks share: the floor a figure is measured beside, and scratch stores.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/election_context.h"
#include "sim/count_simulator.h"

namespace ashyq::bench {

// Seconds libsodium takes to verify `count` Ed25519 signatures (1,024 distinct keys and 32-byte
// messages, reused) on `threads` threads: crypto_sign_verify_detached and nothing else. Measure
// it right beside the figure it is the floor of: this machine's speed drifts minute to minute.
// 0 if a verification failed (it cannot, unless libsodium is broken).
double Ed25519FloorSeconds(uint64_t count, unsigned threads);

// A new, empty store location: an SQLite file in a scratch directory removed at exit (backend 0)
// or a new PostgreSQL database on the server at $ASHYQ_BENCH_PG_URL (backend 1; a URL to its
// maintenance database, e.g. from scripts/pg_cluster.sh start DIR). "" and the benchmark
// skipped if there is none. SQLite lives in $TMPDIR: put it on the disk you measure.
std::string FreshStoreLocation(benchmark::State& state, int64_t backend);

// Removes what FreshStoreLocation made.
void RemoveStoreLocation(benchmark::State& state, const std::string& location);

// The 2007 Majilis election at full size (9,727 stations), every protocol counted and signed by
// its PEC's members present (seed 2007). Made once per process (about 5 s); null and the
// benchmark skipped if that fails.
struct SignedNation {
  std::unique_ptr<crypto::SimulatedKeyring> keyring;
  std::unique_ptr<protocol::ElectionContext> election;
  sim::SimulatedCount count;  // what the protocols say (turnout through the day follows from it)
  std::vector<crypto::SignedObject> protocols;
  size_t signatures = 0;  // member signatures on them
};
const SignedNation* SignedNationalCount(benchmark::State& state);

}  // namespace ashyq::bench
