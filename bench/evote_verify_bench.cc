// Verifying published electronic ballots at national scale (issue 18 Acceptance: 10 million
// ballots verified in ≤ 1 hour on 2 cores, measured on 1 million and scaled).
//
//   ASHYQ_BENCH_BALLOTS=1000000 ashyq_evote_verify_bench [--ballots=N] [--ballots_dir=DIR]
//                                                        [--benchmark_filter=...]
//
// The ballots are real: EncryptBallot's output (P-256, one contest of 7 choices, limit 1, the
// national demo's style), signed by its device's Ed25519 key, each device's tracking codes
// chained, one signed object a line as the publication's evote/ballots/<station>.jsonl holds
// them. kBallotsPerDevice ballots a device (about a station's worth at 10 million voters).
// Making one costs ~1.4 ms per core, so they are made once and cached in the directory given
// by --ballots_dir or ASHYQ_BENCH_BALLOTS_DIR (default /tmp/ashyq-ballots-1m), one file a
// device, reused by later runs (a run that needs more devices adds only the missing ones).
// Every key and nonce seed is derived from the device and ballot number: a cache is the same
// bytes whoever makes it.
//
//   BM_EvoteVerify          the count (--ballots or ASHYQ_BENCH_BALLOTS, default 2,000, rounded
//                           up to whole devices) verified as the verifier's CheckStation step 1
//                           does (src/verify/evote_check.cc), devices in parallel on
//                           kThreads threads: read the file, per line the signed object
//                           (SignedObject::FromText), its device signature (CheckSignedBallot),
//                           the ballot (EncryptedBallotFromJson, CheckBallotStyle, election and
//                           definition), then every proof of the device's ballots in one batch
//                           (VerifyContestsBatch) and the tracking chain (BallotHash,
//                           CheckTrackingChain). Wall time; ballots/s, ms per ballot per core,
//                           and 10 million ballots scaled.
//   BM_EvoteFloor/batch     the floor of the proofs: VerifyContestsBatch alone over one device's
//                           ballots already decoded, one thread, per ballot.
//   BM_EvoteFloor/batch_2_threads  the same on both threads at once, each its own device's
//                           batch (wall time): the floor of a core when both are busy.
//   BM_EvoteFloor/ed25519   the floor of the signature: libsodium's crypto_sign_verify_detached
//                           of a 32-byte message, one thread, per signature.
//
// After the run the figures are printed with the load average, the CPU time by phase of the
// check, and the ratio of the whole check to its floor (batch + Ed25519 per ballot per core). On this shared machine compare
// figures within one run, and run the measured run with `chrt -f 1` when allowed.
#include <benchmark/benchmark.h>
#include <sodium.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/parallel.h"
#include "crypto/batch_verify.h"
#include "crypto/elgamal.h"
#include "crypto/group_p256.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "evote/encrypted_ballot.h"
#include "evote/tracking_code.h"

namespace ashyq::evote {
namespace {

using G = crypto::P256;

constexpr size_t kBallotsPerDevice = 1000;
constexpr unsigned kThreads = 2;
constexpr double kNational = 10'000'000;
constexpr char kCacheFormat[] = "ashyq-evote-verify-bench/1 p256 1000-per-device\n";
constexpr char kElection[] = "bench-2026-national";
constexpr char kSeedTag[] = "ashyq/bench/evote-verify";
constexpr size_t kMaxDeviceFile = size_t{1} << 30;

struct Options {
  size_t ballots = 2000;
  std::string dir = "/tmp/ashyq-ballots-1m";
  size_t devices() const { return (ballots + kBallotsPerDevice - 1) / kBallotsPerDevice; }
};
Options& Opts() {
  static Options options;
  return options;
}

// What every device of the bench shares: the election, its key and the ballot style.
struct Election {
  Digest definition_digest;
  std::vector<ContestSpec> style;
  crypto::ElectionKey<G> key;
};

const Election& TheElection() {
  static const Election election = [] {
    const std::string secret_input = "election key";
    auto pair = crypto::ElGamalKeyPairFromSecret<G>(G::HashToScalar(
        kSeedTag, std::span(reinterpret_cast<const uint8_t*>(secret_input.data()),
                            secret_input.size())));
    if (!pair.ok()) std::abort();
    auto key = crypto::ElectionKey<G>::Make(pair->public_key);
    if (!key.ok()) std::abort();
    ContestSpec contest{"majilis", 1, {}};
    for (int j = 1; j <= 7; ++j) contest.selection_ids.push_back("party-" + std::to_string(j));
    return Election{TaggedHash(kSeedTag, std::string_view("definition")), {contest}, *key};
  }();
  return election;
}

std::string DeviceId(size_t d) {
  char id[32];
  std::snprintf(id, sizeof id, "device-%05zu", d);
  return id;
}

std::string DeviceFile(size_t d) { return Opts().dir + "/" + DeviceId(d) + ".jsonl"; }

crypto::SigningKey DeviceKey(size_t d) {
  crypto::KeySeed seed;
  seed.bytes = TaggedHash(kSeedTag, "device key " + DeviceId(d)).bytes;
  return crypto::SigningKey::FromSeed(seed);
}

// One device's chain of kBallotsPerDevice signed ballots, one a line.
Result<std::string> MakeDeviceBallots(size_t d) {
  const Election& election = TheElection();
  const crypto::SigningKey device_key = DeviceKey(d);
  BallotHeader header;
  header.election_id = kElection;
  header.definition_digest = election.definition_digest;
  header.ballot_style = "national";
  header.device_id = DeviceId(d);
  header.previous_tracking_code = TrackingSeed(header.election_id, header.device_id);
  std::string text;
  for (size_t k = 0; k < kBallotsPerDevice; ++k) {
    char hour[32];
    std::snprintf(hour, sizeof hour, "2026-12-06T%02zu:00:00Z", 8 + k * 12 / kBallotsPerDevice);
    header.cast_hour = hour;
    BallotChoices choices(1, std::vector<uint64_t>(7, 0));
    choices[0][(d * 31 + k * 7 + k / 3) % 7] = 1;
    NonceSeed seed;
    seed.bytes = TaggedHash(kSeedTag, "nonce " + header.device_id + " " + std::to_string(k)).bytes;
    json::Value payload;
    ASHYQ_ASSIGN_OR_RETURN(auto ballot, EncryptBallot<G>(election.key, header, election.style,
                                                         choices, seed, &payload));
    ASHYQ_ASSIGN_OR_RETURN(auto signed_ballot, SignBallotPayload(payload, device_key));
    text += signed_ballot.ToCanonicalJson();
    text += '\n';
    header.previous_tracking_code = ballot.tracking_code;
  }
  return text;
}

// Makes the devices' files missing from the cache (both cores), or says why it cannot.
bool PrepareCache() {
  const Options& o = Opts();
  if (!MakeDirectories(o.dir).ok()) {
    std::fprintf(stderr, "cannot make %s\n", o.dir.c_str());
    return false;
  }
  const std::string format_file = o.dir + "/FORMAT";
  auto format = ReadFile(format_file, 1024);
  if (format.ok() && *format != kCacheFormat) {
    std::fprintf(stderr, "%s holds another bench's ballots (%s); give another directory\n",
                 o.dir.c_str(), format_file.c_str());
    return false;
  }
  if (!format.ok() && !WriteFileAtomic(format_file, kCacheFormat).ok()) return false;
  std::vector<size_t> missing;
  for (size_t d = 0; d < o.devices(); ++d) {
    if (access(DeviceFile(d).c_str(), R_OK) != 0) missing.push_back(d);
  }
  if (missing.empty()) return true;
  std::printf("making %zu devices' ballots (%zu ballots) in %s ...\n", missing.size(),
              missing.size() * kBallotsPerDevice, o.dir.c_str());
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  std::atomic<size_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex print;
  ParallelFor(missing.size(), kThreads, [&](size_t i) {
    if (failed) return;
    auto text = MakeDeviceBallots(missing[i]);
    Status written = text.ok() ? WriteFileAtomic(DeviceFile(missing[i]), *text,
                                                 Durability::kDeferred)
                               : Status(text.error());
    if (!written.ok()) {
      failed = true;
      std::lock_guard<std::mutex> lock(print);
      std::fprintf(stderr, "%s: %s\n", DeviceId(missing[i]).c_str(),
                   written.error().ToString().c_str());
      return;
    }
    const size_t n = ++done;
    if (n % 50 == 0 || n == missing.size()) {
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::lock_guard<std::mutex> lock(print);
      std::printf("  %zu / %zu devices, %.0f s\n", n, missing.size(), s);
      std::fflush(stdout);
    }
  });
  if (!failed) (void)SyncFileSystem(o.dir);
  return !failed;
}

// ---- The verifier's check of one device's chain ----

struct ReadBallot {
  crypto::SignedObject object;
  EncryptedBallot<G> ballot;
  std::string where;
};

// CPU time by phase of the check, every thread's summed: where the time beside the floor goes.
enum Phase { kRead, kSignedObject, kBallot, kProofs, kChain, kFree, kPhases };
constexpr const char* kPhaseNames[kPhases] = {
    "read the file", "parse + device signature", "ballot fields + elements",
    "proofs (batch)", "tracking chain", "free"};
std::array<std::atomic<int64_t>, kPhases>& PhaseNanos() {
  static std::array<std::atomic<int64_t>, kPhases> nanos{};
  return nanos;
}

int64_t ThreadCpuNanos() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

// Adds the thread's CPU time since the last Lap to `phase`.
class PhaseClock {
 public:
  PhaseClock() : last_(ThreadCpuNanos()) {}
  void Lap(Phase phase) {
    const int64_t now = ThreadCpuNanos();
    PhaseNanos()[phase] += now - last_;
    last_ = now;
  }

 private:
  int64_t last_;
};

struct DeviceOutcome {
  size_t ballots = 0;
  size_t bytes = 0;
  std::vector<std::string> errors;
};

// As src/verify/evote_check.cc CheckStation step 1 (its errors as findings, here as text).
void CheckDevice(size_t d, DeviceOutcome* out) {
  const Election& election = TheElection();
  const std::string device_id = DeviceId(d);
  const crypto::PublicKey device_key = DeviceKey(d).public_key();
  const std::span<const ContestSpec> style(election.style);
  const std::string file = DeviceFile(d);
  PhaseClock clock;
  auto text = ReadFile(file, kMaxDeviceFile);
  clock.Lap(kRead);
  if (!text.ok()) {
    out->errors.push_back(text.error().ToString());
    return;
  }
  out->bytes = text->size();
  std::vector<ReadBallot> ballots;
  ballots.reserve(kBallotsPerDevice);
  std::string_view rest(*text);
  for (size_t line = 1; !rest.empty(); ++line) {
    const size_t end = rest.find('\n');
    if (end == std::string_view::npos) {
      out->errors.push_back(file + ": the last line does not end in a newline");
      return;
    }
    const std::string_view item = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    std::string where = file + " line " + std::to_string(line);
    auto object = ReadDeviceBallotLine(item, device_key, device_id);  // as the verifier reads it
    clock.Lap(kSignedObject);
    if (!object.ok()) {
      out->errors.push_back(object.error().In(where).ToString());
      continue;
    }
    auto ballot = ReadBallotOfElection<G>(object->payload(), style, kElection, election.definition_digest);
    if (!ballot.ok()) {
      out->errors.push_back(ballot.error().In(where).ToString());
      continue;
    }
    ballots.push_back({*std::move(object), *std::move(ballot), std::move(where)});
    clock.Lap(kBallot);
  }
  out->ballots = ballots.size();
  std::vector<crypto::ProvenContest<G>> contests;
  contests.reserve(ballots.size());
  for (const ReadBallot& b : ballots) {
    for (auto& c : ProvenContests<G>(b.ballot)) contests.push_back(std::move(c));
  }
  for (const crypto::BatchFailure& f : crypto::VerifyContestsBatch<G>(
           election.key, std::span<const crypto::ProvenContest<G>>(contests))) {
    out->errors.push_back(f.error.ToString());
  }
  contests.clear();
  clock.Lap(kProofs);
  std::vector<TrackingLink> links;
  links.reserve(ballots.size());
  for (const ReadBallot& b : ballots) {
    links.push_back({b.where, b.ballot.header.previous_tracking_code,
                     BallotHash(b.object.payload()), b.ballot.tracking_code});
  }
  Status chain = CheckTrackingChain(kElection, device_id, links);
  if (!chain.ok()) out->errors.push_back(chain.error().ToString());
  clock.Lap(kChain);
  links.clear();
  ballots.clear();
  text->clear();
  text->shrink_to_fit();
  clock.Lap(kFree);
}

// ---- Figures ----

// The CPU time of the whole process (every thread) so far.
double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

struct Figures {
  double verify_wall_s = 0;
  double verify_cpu_s = 0;     // every thread's
  size_t verified = 0;
  size_t bytes = 0;
  double batch_ms = 0;         // per ballot, one core
  double ed25519_us = 0;       // per signature, one core
  double batch_threads_ms = 0; // per ballot per core, kThreads threads at once
};
Figures& Results() {
  static Figures figures;
  return figures;
}

void BM_EvoteVerify(benchmark::State& state) {
  const size_t devices = Opts().devices();
  for (auto _ : state) {
    std::vector<DeviceOutcome> outcomes(devices);
    for (auto& n : PhaseNanos()) n = 0;
    const double cpu_start = ProcessCpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    ParallelFor(devices, kThreads, [&](size_t d) { CheckDevice(d, &outcomes[d]); });
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = ProcessCpuSeconds() - cpu_start;
    state.SetIterationTime(wall);
    size_t verified = 0, bytes = 0, errors = 0;
    for (const DeviceOutcome& o : outcomes) {
      verified += o.ballots;
      bytes += o.bytes;
      errors += o.errors.size();
      for (const std::string& e : o.errors) std::fprintf(stderr, "%s\n", e.c_str());
    }
    if (errors != 0 || verified != devices * kBallotsPerDevice) {
      state.SkipWithError("a published ballot failed its check");
      return;
    }
    Results().verify_wall_s = wall;
    Results().verify_cpu_s = cpu;
    Results().verified = verified;
    Results().bytes = bytes;
    state.counters["ballots_per_s"] = static_cast<double>(verified) / wall;
    state.counters["ms_per_ballot_core"] = 1e3 * wall * kThreads / static_cast<double>(verified);
    state.counters["cpu_ms_per_ballot"] = 1e3 * cpu / static_cast<double>(verified);
    state.counters["scaled_10M_min"] = wall * kNational / static_cast<double>(verified) / 60;
  }
}

// One device's ballots read back and decoded, as the batch gets them.
std::vector<crypto::ProvenContest<G>> DecodedContests(size_t device = 0) {
  auto text = ReadFile(DeviceFile(device), kMaxDeviceFile);
  if (!text.ok()) std::abort();
  std::vector<crypto::ProvenContest<G>> contests;
  std::string_view rest(*text);
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    crypto::SignedObject::TextReading reading;
    auto object = crypto::SignedObject::FromText(rest.substr(0, end), json::ParseOptions{}, &reading);
    if (!object.ok()) std::abort();
    auto ballot = EncryptedBallotFromJson<G>(object->payload());
    if (!ballot.ok()) std::abort();
    for (auto& c : ProvenContests<G>(*ballot)) contests.push_back(std::move(c));
    rest.remove_prefix(end + 1);
  }
  return contests;
}

void BM_EvoteFloorBatch(benchmark::State& state) {
  const auto contests = DecodedContests();
  const Election& election = TheElection();
  for (auto _ : state) {
    if (!crypto::VerifyContestsBatch<G>(election.key,
                                        std::span<const crypto::ProvenContest<G>>(contests))
             .empty()) {
      state.SkipWithError("the batch failed");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(contests.size()));
}

// The same on kThreads threads at once, each its own device's batch: what a core does when
// both are busy (they share caches and, on a VM, maybe a physical core), beside
// BM_EvoteVerify's ms per ballot per core. Wall time.
void BM_EvoteFloorBatchThreads(benchmark::State& state) {
  std::vector<std::vector<crypto::ProvenContest<G>>> batches;
  for (unsigned t = 0; t < kThreads; ++t) batches.push_back(DecodedContests(t % Opts().devices()));
  const Election& election = TheElection();
  double wall_sum = 0;
  for (auto _ : state) {
    std::atomic<bool> failed{false};
    const auto start = std::chrono::steady_clock::now();
    ParallelFor(kThreads, kThreads, [&](size_t t) {
      if (!crypto::VerifyContestsBatch<G>(election.key, std::span<const crypto::ProvenContest<G>>(
                                                            batches[t]))
               .empty()) {
        failed = true;
      }
    });
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(wall);
    wall_sum += wall;
    if (failed) {
      state.SkipWithError("the batch failed");
      return;
    }
  }
  Results().batch_threads_ms =
      1e3 * wall_sum * kThreads / static_cast<double>(state.iterations() * kThreads * kBallotsPerDevice);
}

void BM_EvoteFloorEd25519(benchmark::State& state) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  unsigned char message[32], signature[crypto_sign_BYTES];
  crypto_sign_keypair(pk, sk);
  randombytes_buf(message, sizeof message);
  crypto_sign_detached(signature, nullptr, message, sizeof message, sk);
  for (auto _ : state) {
    if (crypto_sign_verify_detached(signature, message, sizeof message, pk) != 0) {
      state.SkipWithError("the signature failed");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Keeps each floor's CPU time per item (the console reporter still prints everything).
class FloorReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred || run.iterations == 0) continue;
      const std::string name = run.benchmark_name();
      // BM_EvoteFloor/batch: one iteration is kBallotsPerDevice ballots.
      const double per_iteration_s = run.GetAdjustedCPUTime() * 1e-9;  // time unit: ns
      if (name.rfind("BM_EvoteFloor/batch_", 0) == 0) {
        // batch_threads_ms is set by the benchmark itself.
      } else if (name.rfind("BM_EvoteFloor/batch", 0) == 0) {
        Results().batch_ms = 1e3 * per_iteration_s / kBallotsPerDevice;
      } else if (name.rfind("BM_EvoteFloor/ed25519", 0) == 0) {
        Results().ed25519_us = 1e6 * per_iteration_s;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

void PrintSummary() {
  const Figures& f = Results();
  if (f.verified == 0) return;
  const double per_core_ms = 1e3 * f.verify_wall_s * kThreads / static_cast<double>(f.verified);
  std::printf("\n%zu ballots (%zu devices, %.2f GB) verified on %u threads in %.1f s: "
              "%.0f ballots/s, %.3f ms per ballot per core; 10 million scaled: %.1f min "
              "(target 60)\n",
              f.verified, f.verified / kBallotsPerDevice, static_cast<double>(f.bytes) / 1e9,
              kThreads, f.verify_wall_s, static_cast<double>(f.verified) / f.verify_wall_s,
              per_core_ms, f.verify_wall_s * kNational / static_cast<double>(f.verified) / 60);
  const double cpu_ms = 1e3 * f.verify_cpu_s / static_cast<double>(f.verified);
  std::printf("CPU time %.1f s (every thread): %.3f ms per ballot; 10 million on 2 idle cores: "
              "%.1f min\n",
              f.verify_cpu_s, cpu_ms, cpu_ms * kNational / 1e3 / kThreads / 60);
  std::printf("CPU per ballot by phase (every thread):");
  for (int p = 0; p < kPhases; ++p) {
    std::printf("%s %s %.3f ms", p == 0 ? "" : ";", kPhaseNames[p],
                static_cast<double>(PhaseNanos()[p]) / 1e6 / static_cast<double>(f.verified));
  }
  std::printf("\n");
  if (f.batch_ms > 0 && f.ed25519_us > 0) {
    const double floor_ms = f.batch_ms + f.ed25519_us / 1e3;
    std::printf("floor per ballot per core: batch proofs %.3f ms + Ed25519 verify %.1f µs = "
                "%.3f ms; the whole check is %.2f× its floor by wall time, %.2f× by CPU time "
                "(%.3f ms CPU beside it)\n",
                f.batch_ms, f.ed25519_us, floor_ms, per_core_ms / floor_ms, cpu_ms / floor_ms,
                cpu_ms - floor_ms);
    if (f.batch_threads_ms > 0) {
      const double floor2_ms = f.batch_threads_ms + f.ed25519_us / 1e3;
      std::printf("floor with both cores busy: batch proofs %.3f ms per ballot per core + "
                  "Ed25519 = %.3f ms; the whole check is %.2f× it (%.3f ms beside it); the "
                  "floor alone scales to %.1f min for 10 million\n",
                  f.batch_threads_ms, floor2_ms, per_core_ms / floor2_ms, per_core_ms - floor2_ms,
                  floor2_ms * kNational / 1e3 / kThreads / 60);
    }
  }
}

// Takes --ballots=N and --ballots_dir=DIR out of argv (the environment gives the defaults).
void ReadOptions(int* argc, char** argv) {
  Options& o = Opts();
  if (const char* n = std::getenv("ASHYQ_BENCH_BALLOTS")) o.ballots = std::strtoull(n, nullptr, 10);
  if (const char* dir = std::getenv("ASHYQ_BENCH_BALLOTS_DIR")) o.dir = dir;
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--ballots=", 0) == 0) {
      o.ballots = std::strtoull(arg.c_str() + 10, nullptr, 10);
    } else if (arg.rfind("--ballots_dir=", 0) == 0) {
      o.dir = arg.substr(14);
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  if (o.ballots == 0) o.ballots = kBallotsPerDevice;
}

}  // namespace
}  // namespace ashyq::evote

int main(int argc, char** argv) {
  using namespace ashyq::evote;
  ReadOptions(&argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  if (!ashyq::crypto::Initialize().ok()) return 1;
  if (!PrepareCache()) return 1;
  benchmark::RegisterBenchmark("BM_EvoteVerify", BM_EvoteVerify)
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark("BM_EvoteFloor/batch", BM_EvoteFloorBatch)
      ->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark("BM_EvoteFloor/batch_2_threads", BM_EvoteFloorBatchThreads)
      ->Iterations(3)
      ->UseManualTime()
      ->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark("BM_EvoteFloor/ed25519", BM_EvoteFloorEd25519)
      ->Unit(benchmark::kNanosecond);
  std::printf("load average before: %s; %zu ballots from %s\n", LoadAverage().c_str(),
              Opts().devices() * kBallotsPerDevice, Opts().dir.c_str());
  FloorReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  PrintSummary();
  std::printf("load average after: %s\n", LoadAverage().c_str());
  benchmark::Shutdown();
  return 0;
}
