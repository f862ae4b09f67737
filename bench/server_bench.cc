// Issue 17: protocol submissions the commission server acknowledges durably per second, over
// HTTP on loopback, with the national count (9,727 protocols, about 6 member signatures each).
// Each acknowledgement means: the request's signature, freshness and entitlement checked, every
// member signature verified against the definition, the version slot checked against the log,
// the object stored with an fsync (group commit: one per batch) and its signed receipt sent.
// Targets on 2 cores: >= 2,000/s with SQLite, >= 1,000/s with PostgreSQL.
//
// The floor beside it, measured right after each run on the same cores: libsodium verifying the
// same number of Ed25519 signatures (the protocols' and one per request) and nothing else. The
// clients (keep-alive connections, one thread each) share the cores with the server.
//
// state.range(0): 0 SQLite (in $TMPDIR: put it on the disk you measure), 1 PostgreSQL (at
// $ASHYQ_BENCH_PG_URL, skipped without it); state.range(1): client connections.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <sys/resource.h>

#include "core/utc_time.h"
#include "protocol/submission.h"
#include "server/api_server.h"
#include "server/intake.h"
#include "sim/definition_generator.h"
#include "store/store.h"
#include "support.h"

namespace ashyq {
namespace {

// CPU seconds this process has used so far (server and clients: every thread).
double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

using Clock = std::chrono::system_clock;

// When every request of the process is timed (whole seconds, as requests carry them): the same
// for every benchmark, since the bodies are made once.
Clock::time_point RequestTime() {
  static const Clock::time_point at = std::chrono::floor<std::chrono::seconds>(Clock::now());
  return at;
}

// Every protocol as its PEC submits it, with requests timed RequestTime().
const std::vector<std::string>& Submissions(const bench::SignedNation& n) {
  static const std::vector<std::string> bodies = [&] {
    const Clock::time_point at = RequestTime();
    std::vector<std::string> out;
    out.reserve(n.protocols.size());
    const CommissionTree& tree = n.election->tree();
    for (const crypto::SignedObject& p : n.protocols) {
      const std::string pec = tree.station(tree.FindStation(p.payload().Find("station")->as_string())).commission;
      protocol::SubmissionRequest r;
      r.election_id = n.election->definition().election_id;
      r.submitter = pec;
      r.nonce = protocol::FreshNonce();
      r.time = UtcTimestamp(at);
      out.push_back(protocol::MakeSubmission(p, r, sim::SimulatedKeyFor(*n.keyring, pec)).value());
    }
    return out;
  }();
  return bodies;
}

// Posts every body over `connections` keep-alive connections; returns how many were logged.
size_t SubmitAll(int port, const std::vector<std::string>& bodies, unsigned connections) {
  std::atomic<size_t> next{0}, logged{0};
  std::vector<std::thread> clients;
  for (unsigned c = 0; c < connections; ++c) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      for (size_t i = next++; i < bodies.size(); i = next++) {
        httplib::Result res = client.Post("/api/v1/submissions", bodies[i], "application/json");
        if (res && res->status == 200) {
          ++logged;
        } else if (i == 0) {
          std::fprintf(stderr, "submission refused: %s\n", res ? res->body.c_str() : httplib::to_string(res.error()).c_str());
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  return logged.load();
}

void BM_SubmitNationalProtocols(benchmark::State& state) {
  const bench::SignedNation* n = bench::SignedNationalCount(state);
  if (n == nullptr) return;
  const std::vector<std::string>& bodies = Submissions(*n);
  const uint64_t signatures = n->signatures + n->protocols.size();  // and one per request
  std::vector<double> rates, ratios, busy;
  const unsigned cores = std::max(2u, std::thread::hardware_concurrency());
  double floor_rate = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string location = bench::FreshStoreLocation(state, state.range(0));
    if (location.empty()) return;
    {
      Result<std::unique_ptr<store::Store>> db = store::OpenStore(location);
      if (!db.ok() || !(*db)->Put(store::ToStored(n->election->signed_definition(),
                                                  n->election->definition().election_id, 1)).ok()) {
        state.SkipWithError("could not open the store");
        return;
      }
    }
    server::ApiServerOptions options;
    options.port = 0;
    options.now = [] { return RequestTime() + std::chrono::seconds(1); };  // the requests are fresh
    crypto::KeySeed seed;
    seed.bytes.fill(17);
    Result<std::unique_ptr<server::ApiServer>> api =
        server::ApiServer::Create(*n->election, location, crypto::SigningKey::FromSeed(seed), options);
    Result<int> port = api.ok() ? (*api)->Bind() : Result<int>(api.error());
    if (!port.ok()) {
      state.SkipWithError(port.error().ToString().c_str());
      return;
    }
    std::thread runner([&] { (void)(*api)->Run(); });
    state.ResumeTiming();

    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ProcessCpuSeconds();
    const size_t logged = SubmitAll(*port, bodies, static_cast<unsigned>(state.range(1)));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    busy.push_back((ProcessCpuSeconds() - cpu_start) / (seconds * cores));

    state.PauseTiming();
    (*api)->Stop();
    runner.join();
    api->reset();
    if (logged != bodies.size()) {
      state.SkipWithError(("only " + std::to_string(logged) + " of " + std::to_string(bodies.size()) +
                           " submissions were logged").c_str());
      return;
    }
    const double floor = bench::Ed25519FloorSeconds(signatures, cores);
    rates.push_back(static_cast<double>(logged) / seconds);
    ratios.push_back(floor > 0 ? seconds / floor : 0);
    floor_rate = floor > 0 ? static_cast<double>(bodies.size()) / floor : 0;
    bench::RemoveStoreLocation(state, location);
    state.ResumeTiming();
  }
  std::sort(rates.begin(), rates.end());
  std::sort(ratios.begin(), ratios.end());
  state.counters["submissions_per_s"] = rates[rates.size() / 2];
  state.counters["floor_per_s"] = floor_rate;  // Ed25519 alone, last run
  state.counters["x_floor"] = ratios[ratios.size() / 2];
  // Share of the cores busy in this process while submitting (the rest: idle, or other processes).
  std::sort(busy.begin(), busy.end());
  state.counters["cores_busy"] = busy[busy.size() / 2];
  state.counters["signatures"] = static_cast<double>(signatures);
}
// The door alone, on one thread, without HTTP: Intake::Check, Commit (batches of 256, SQLite in
// $TMPDIR) and the signed receipt of every national protocol. Beside it the floor on one thread:
// what of a submission's cost is the server's own code, and what is libsodium.
void BM_IntakeNationalProtocols(benchmark::State& state) {
  const bench::SignedNation* n = bench::SignedNationalCount(state);
  if (n == nullptr) return;
  const Clock::time_point at = RequestTime();
  const std::vector<std::string>& bodies = Submissions(*n);
  const uint64_t signatures = n->signatures + n->protocols.size();
  std::vector<double> check_us, total_us, ratios;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string location = bench::FreshStoreLocation(state, 0);
    Result<std::unique_ptr<store::Store>> db = store::OpenStore(location);
    if (!db.ok()) {
      state.SkipWithError("could not open the store");
      return;
    }
    crypto::KeySeed seed;
    seed.bytes.fill(17);
    auto intake = std::make_unique<server::Intake>(*n->election, **db, crypto::SigningKey::FromSeed(seed),
                                                   at - std::chrono::seconds(1));
    state.ResumeTiming();

    size_t logged = 0;
    double checking = 0;
    const auto start = std::chrono::steady_clock::now();
    constexpr size_t kBatch = 256;
    std::vector<server::CheckedSubmission> checked;
    std::vector<const server::CheckedSubmission*> batch;
    for (size_t first = 0; first < bodies.size(); first += kBatch) {
      const size_t last = std::min(bodies.size(), first + kBatch);
      const auto check_start = std::chrono::steady_clock::now();
      checked.clear();
      for (size_t i = first; i < last; ++i) checked.push_back(intake->Check(bodies[i], at + std::chrono::seconds(1)));
      checking += std::chrono::duration<double>(std::chrono::steady_clock::now() - check_start).count();
      batch.clear();
      for (const server::CheckedSubmission& c : checked) batch.push_back(&c);
      for (server::IntakeDecision& d : intake->Commit(batch)) {
        if (intake->Answer(std::move(d)).status == 200) ++logged;
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    state.PauseTiming();
    intake.reset();
    db->reset();
    bench::RemoveStoreLocation(state, location);
    if (logged != bodies.size()) {
      state.SkipWithError(("only " + std::to_string(logged) + " of " + std::to_string(bodies.size()) +
                           " submissions were logged").c_str());
      return;
    }
    const double floor = bench::Ed25519FloorSeconds(signatures, 1);
    const double count = static_cast<double>(bodies.size());
    check_us.push_back(checking / count * 1e6);
    total_us.push_back(seconds / count * 1e6);
    ratios.push_back(floor > 0 ? seconds / floor : 0);
    state.ResumeTiming();
  }
  for (auto* v : {&check_us, &total_us, &ratios}) std::sort(v->begin(), v->end());
  state.counters["check_us"] = check_us[check_us.size() / 2];      // per submission: Check alone
  state.counters["submission_us"] = total_us[total_us.size() / 2];  // Check, Commit and Answer
  state.counters["x_floor"] = ratios[ratios.size() / 2];
}

BENCHMARK(BM_IntakeNationalProtocols)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

BENCHMARK(BM_SubmitNationalProtocols)
    ->ArgNames({"postgres", "connections"})
    ->Args({0, 16})
    ->Args({0, 64})
    ->Args({0, 192})
    ->Args({1, 64})
    ->Args({1, 192})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
}  // namespace ashyq
