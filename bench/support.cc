#include "support.h"

#include <libpq-fe.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/parallel.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"
#include "sim/scenario.h"
#include "store/postgres_store.h"

namespace ashyq::bench {
namespace {

// A scratch directory removed when the benchmark binary exits.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ashyq-store-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    if (!path_.empty()) std::filesystem::remove_all(path_);
  }
  std::string FreshDatabase() { return path_ + "/store-" + std::to_string(next_++) + ".db"; }

 private:
  std::string path_;
  int next_ = 0;
};

ScratchDir& Scratch() {
  static ScratchDir dir;
  return dir;
}

void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// Runs one statement on the server at `url`; false (and the benchmark skipped) on error.
bool ExecOn(benchmark::State& state, const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* result = PQexec(conn, sql.c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok) state.SkipWithError(PQresultErrorMessage(result));
    PQclear(result);
  } else {
    state.SkipWithError(PQerrorMessage(conn));
  }
  PQfinish(conn);
  return ok;
}

}  // namespace

double Ed25519FloorSeconds(uint64_t count, unsigned threads) {
  constexpr size_t kDistinct = 1024;
  struct Item {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char message[32], signature[crypto_sign_BYTES];
  };
  static std::vector<Item>* items = [] {
    auto* v = new std::vector<Item>(kDistinct);
    for (Item& it : *v) {
      crypto_sign_keypair(it.pk, it.sk);
      randombytes_buf(it.message, sizeof it.message);
      crypto_sign_detached(it.signature, nullptr, it.message, sizeof it.message, it.sk);
    }
    return v;
  }();
  std::atomic<uint64_t> bad{0};
  const auto start = std::chrono::steady_clock::now();
  ParallelFor(static_cast<size_t>(count), threads, [&](size_t i) {
    const Item& it = (*items)[i % kDistinct];
    if (crypto_sign_verify_detached(it.signature, it.message, sizeof it.message, it.pk) != 0) ++bad;
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return bad.load() == 0 ? seconds : 0;
}

std::string FreshStoreLocation(benchmark::State& state, int64_t backend) {
  if (backend == 0) return Scratch().FreshDatabase();
  const char* admin = getenv("ASHYQ_BENCH_PG_URL");
  if (admin == nullptr || *admin == '\0') {
    state.SkipWithError("set ASHYQ_BENCH_PG_URL to measure the PostgreSQL store");
    return "";
  }
  static int next = 0;
  const std::string name = "ashyq_bench_" + std::to_string(getpid()) + "_" + std::to_string(next++);
  if (!ExecOn(state, admin, "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'")) return "";
  const std::string url = admin;
  return url.substr(0, url.rfind('/') + 1) + name;
}

void RemoveStoreLocation(benchmark::State& state, const std::string& location) {
  if (store::IsPostgresUrl(location)) {
    ExecOn(state, getenv("ASHYQ_BENCH_PG_URL"),
           "DROP DATABASE " + location.substr(location.rfind('/') + 1) + " WITH (FORCE)");
  } else {
    RemoveDatabase(location);
  }
}

namespace {

Status CountNation(SignedNation* n) {
  ASHYQ_RETURN_IF_ERROR(crypto::Initialize());
  ASHYQ_ASSIGN_OR_RETURN(sim::GeneratedElection generated, sim::GenerateElection("kz2007-majilis", 2007));
  n->keyring = std::make_unique<crypto::SimulatedKeyring>(generated.keyring_master);
  ASHYQ_ASSIGN_OR_RETURN(n->election,
                         protocol::ElectionContext::FromSigned(generated.definition, generated.signed_definition));
  ASHYQ_ASSIGN_OR_RETURN(const sim::ScenarioSpec spec, sim::LoadScenario("kz2007-majilis"));
  ASHYQ_ASSIGN_OR_RETURN(n->count,
                         sim::SimulateCount(n->election->definition(), n->election->tree(), spec,
                                            n->election->definition_digest(), 2007, sim::FaultPlan{}));
  ASHYQ_ASSIGN_OR_RETURN(sim::SignedCount signed_count,
                         sim::SignCount(n->count, n->election->protocol_context(), *n->keyring, 2007));
  n->protocols = std::move(signed_count.protocols);
  for (const crypto::SignedObject& p : n->protocols) n->signatures += p.signatures().size();
  return Status();
}

}  // namespace

const SignedNation* SignedNationalCount(benchmark::State& state) {
  static const SignedNation* nation = [] {
    auto* n = new SignedNation;
    if (Status s = CountNation(n); !s.ok()) {
      std::fprintf(stderr, "bench setup, the national count: %s\n", s.error().ToString().c_str());
      delete n;
      return static_cast<SignedNation*>(nullptr);
    }
    return n;
  }();
  if (nation == nullptr) state.SkipWithError("could not count the national election");
  return nation;
}

}  // namespace ashyq::bench
