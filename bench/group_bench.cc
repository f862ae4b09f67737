// The e-voting group choice (docs/decisions/0016-e-voting-group.md): every operation the
// ballots, proofs and tally are made of, on each group behind crypto/group.h, single-threaded,
// and after the run a table of each group's figures and its ratio to the ElectionGuard 4096-bit
// group measured in the same run (the machine is shared: figures from different runs are not
// comparable, ratios within one run are).
//
//   ashyq_group_bench [--benchmark_filter=...] [--benchmark_repetitions=N]
//
// Names: BM_Group<Operation>/<group>. ScalarAdd/ScalarMultiply are arithmetic mod the order on
// (possibly secret) scalars. MultiMul64 is one 64-term multi-scalar multiplication;
// the table divides it by 64 (per term). Times in the table are CPU time per operation (the
// median over repetitions when there are several).
//
// Then the ballot-level figures of issue 18 (crypto/elgamal.h, crypto/chaum_pedersen.h):
//   BM_SelectionEncrypt/<group>  one selection: ElGamal encryption + its 0-or-1 proof
//   BM_SelectionVerify/<group>   that proof checked
//   BM_BallotEncrypt/<group>     one contest, 7 choices, limit 1: 7 selections with their
//                                proofs and the contest's sum proof
//   BM_BallotVerify/<group>      its 8 proofs checked as a batch of one (VerifyContest: one
//                                random linear combination, crypto/batch_verify.h)
//   BM_BallotVerifyEach/<group>  the same, every equation on its own (VerifyContestEach)
//   BM_BallotVerifyBatch/<group> per ballot, in batches of kBatchBallots ballots
//                                (VerifyContestsBatch; eg4096: kBatchBallotsEg4096, as its
//                                cost per ballot does not depend on the batch size)
//   BM_BallotDecode/<group>      the 14 ciphertext elements decoded with full validation,
//                                which a verifier reading published ballots adds
// The verification benchmarks check ballots whose elements went through Encode and Decode, as a
// verifier holds them (for P-256 that makes them affine points, which encode faster).
// BM_GroupMakeTable/BM_GroupTableMul: a fixed-base table for an element other than the
// generator (the election key), made once and used for every r·K.
// EC_GROUP_precompute_mult is deprecated in OpenSSL 3 with no replacement (group_p256.cc).
#define OPENSSL_SUPPRESS_DEPRECATED

#include <benchmark/benchmark.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <sodium.h>


#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "crypto/batch_verify.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/group_ristretto255_decaf.h"
#include "crypto/keys.h"

namespace ashyq::crypto {
namespace {

constexpr int kMultiTerms = 64;

template <typename G>
std::vector<typename G::Element> RandomElements(size_t n) {
  std::vector<typename G::Element> elements;
  for (size_t i = 0; i < n; ++i) elements.push_back(G::BaseMul(G::RandomScalar()));
  return elements;
}

template <typename G>
void BM_GroupBaseMul(benchmark::State& state) {
  const auto s = G::RandomScalar();
  for (auto _ : state) {
    auto e = G::BaseMul(s);
    benchmark::DoNotOptimize(e);
  }
}

template <typename G>
void BM_GroupMul(benchmark::State& state) {
  const auto point = G::BaseMul(G::RandomScalar());
  const auto s = G::RandomScalar();
  for (auto _ : state) {
    auto e = G::Mul(point, s);
    benchmark::DoNotOptimize(e);
  }
}

template <typename G>
void BM_GroupDoubleMul(benchmark::State& state) {
  const auto point = G::BaseMul(G::RandomScalar());
  const auto a = G::RandomScalar();
  const auto b = G::RandomScalar();
  for (auto _ : state) {
    auto e = G::DoubleMul(a, point, b);
    benchmark::DoNotOptimize(e);
  }
}

template <typename G>
void BM_GroupMakeTable(benchmark::State& state) {
  const auto point = G::BaseMul(G::RandomScalar());
  for (auto _ : state) {
    auto table = G::MakeTable(point);
    benchmark::DoNotOptimize(table);
  }
}

template <typename G>
void BM_GroupTableMul(benchmark::State& state) {
  const auto table = G::MakeTable(G::BaseMul(G::RandomScalar()));
  const auto s = G::RandomScalar();
  for (auto _ : state) {
    auto e = G::TableMul(table, s);
    benchmark::DoNotOptimize(e);
  }
}

template <typename G>
void BM_GroupMultiMul64(benchmark::State& state) {
  const auto points = RandomElements<G>(kMultiTerms);
  std::vector<typename G::Scalar> scalars;
  for (int i = 0; i < kMultiTerms; ++i) scalars.push_back(G::RandomScalar());
  for (auto _ : state) {
    auto e = G::MultiMul(points, scalars);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations() * kMultiTerms);
}

template <typename G>
void BM_GroupAdd(benchmark::State& state) {
  const auto a = G::BaseMul(G::RandomScalar());
  auto sum = G::BaseMul(G::RandomScalar());
  for (auto _ : state) {
    sum = G::Add(sum, a);  // a running sum, as in the tally
    benchmark::DoNotOptimize(sum);
  }
}

template <typename G>
void BM_GroupEncode(benchmark::State& state) {
  const auto a = G::BaseMul(G::RandomScalar());
  for (auto _ : state) {
    auto bytes = G::Encode(a);
    benchmark::DoNotOptimize(bytes);
  }
}

template <typename G>
void BM_GroupDecode(benchmark::State& state) {
  const auto bytes = G::Encode(G::BaseMul(G::RandomScalar()));
  for (auto _ : state) {
    auto e = G::Decode(bytes, IdentityRule::kReject);  // full validation, as for a ballot
    if (!e.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(e);
  }
}

template <typename G>
void BM_GroupHashToScalar(benchmark::State& state) {
  // About one ciphertext and one commitment's worth of input.
  std::vector<uint8_t> message(4 * G::kElementSize, 0x5a);
  for (auto _ : state) {
    auto s = G::HashToScalar("ashyq/bench/v1", message);
    benchmark::DoNotOptimize(s);
    message[0] = s.bytes[0];
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message.size()));
}

// Scalar arithmetic mod the order: what key shares, polynomial coefficients, nonce sums and
// Lagrange products are made of (secret operands: the backends keep it constant time).
template <typename G>
void BM_GroupScalarAdd(benchmark::State& state) {
  auto a = G::RandomScalar();
  const auto b = G::RandomScalar();
  for (auto _ : state) {
    a = G::ScalarAdd(a, b);
    benchmark::DoNotOptimize(a);
  }
}

template <typename G>
void BM_GroupScalarMultiply(benchmark::State& state) {
  auto a = G::RandomScalar();
  const auto b = G::RandomScalar();
  for (auto _ : state) {
    a = G::ScalarMultiply(a, b);
    benchmark::DoNotOptimize(a);
  }
}

template <typename G>
void BM_GroupRandomScalar(benchmark::State& state) {
  for (auto _ : state) {
    auto s = G::RandomScalar();
    benchmark::DoNotOptimize(s);
  }
}

// Not behind the interface: OpenSSL's own decoding of one P-256 point, compressed (a square
// root) and SEC 1 uncompressed (65 bytes: only the curve equation to check), for decision 0016.
void BM_P256OpenSslDecode(benchmark::State& state, point_conversion_form_t form) {
  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  BN_CTX* ctx = BN_CTX_new();
  EC_POINT* point = EC_POINT_new(group);
  EC_POINT* decoded = EC_POINT_new(group);
  BIGNUM* k = BN_new();
  unsigned char bytes[65];
  size_t size = 0;
  if (BN_rand_range(k, EC_GROUP_get0_order(group)) == 1 &&
      EC_POINT_mul(group, point, k, nullptr, nullptr, ctx) == 1) {
    size = EC_POINT_point2oct(group, point, form, bytes, sizeof bytes, ctx);
  }
  if (size == 0) state.SkipWithError("no point to decode");
  for (auto _ : state) {
    if (EC_POINT_oct2point(group, decoded, bytes, size, ctx) != 1) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(decoded);
  }
  BN_free(k);
  EC_POINT_free(decoded);
  EC_POINT_free(point);
  BN_CTX_free(ctx);
  EC_GROUP_free(group);
}

// Not behind the interface: one OpenSSL point addition in place (no allocation), the unit a
// bucket (Pippenger) multi-scalar multiplication built from library additions would pay
// several hundred times per ballot; `affine` adds a point with Z = 1 (a mixed addition).
void BM_P256OpenSslAdd(benchmark::State& state, bool affine) {
  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  BN_CTX* ctx = BN_CTX_new();
  EC_POINT* sum = EC_POINT_new(group);
  EC_POINT* term = EC_POINT_new(group);
  BIGNUM* k = BN_new();
  bool ok = BN_rand_range(k, EC_GROUP_get0_order(group)) == 1 &&
            EC_POINT_mul(group, sum, k, nullptr, nullptr, ctx) == 1 &&
            BN_rand_range(k, EC_GROUP_get0_order(group)) == 1 &&
            EC_POINT_mul(group, term, k, nullptr, nullptr, ctx) == 1 &&
            (!affine || EC_POINT_make_affine(group, term, ctx) == 1);
  if (!ok) state.SkipWithError("no points");
  for (auto _ : state) {
    if (!ok || EC_POINT_add(group, sum, sum, term, ctx) != 1) break;
    benchmark::DoNotOptimize(sum);
  }
  BN_free(k);
  EC_POINT_free(term);
  EC_POINT_free(sum);
  BN_CTX_free(ctx);
  EC_GROUP_free(group);
}

// ---- Ballot level: one contest of kChoices selections, limit 1 ----

constexpr int kChoices = 7;
constexpr uint64_t kLimit = 1;

std::vector<uint8_t> BenchContext(const char* what) {
  const std::string text = std::string("bench election / contest 1 / ") + what;
  return std::vector<uint8_t>(text.begin(), text.end());
}

template <typename G>
ElectionKey<G> BenchKey() {
  auto key = ElectionKey<G>::Make(GenerateElGamalKeyPair<G>().public_key);
  if (!key.ok()) std::abort();  // a fresh key is never the identity
  return *key;
}

template <typename G>
void BM_SelectionEncrypt(benchmark::State& state) {
  const auto key = BenchKey<G>();
  const auto context = BenchContext("selection 1");
  for (auto _ : state) {
    auto s = EncryptSelection<G>(key, 1, context);
    if (!s.ok()) state.SkipWithError("encryption failed");
    benchmark::DoNotOptimize(s);
  }
}

template <typename G>
void BM_SelectionVerify(benchmark::State& state) {
  const auto key = BenchKey<G>();
  const auto context = BenchContext("selection 1");
  auto s = EncryptSelection<G>(key, 1, context);
  if (!s.ok()) state.SkipWithError("encryption failed");
  for (auto _ : state) {
    if (!s.ok() || !VerifySelection<G>(key, s->ciphertext, s->proof, context).ok()) {
      state.SkipWithError("verification failed");
      break;
    }
  }
}

std::vector<std::vector<uint8_t>> SelectionContexts() {
  std::vector<std::vector<uint8_t>> contexts;
  for (int i = 0; i < kChoices; ++i) {
    contexts.push_back(BenchContext(("selection " + std::to_string(i)).c_str()));
  }
  return contexts;
}

// A ballot of one contest, as the encrypting device makes it.
template <typename G>
Result<ProvenContest<G>> EncryptBenchBallot(const ElectionKey<G>& key, size_t chosen,
                                            const std::vector<std::vector<uint8_t>>& contexts,
                                            std::span<const uint8_t> contest_context) {
  ProvenContest<G> ballot;
  std::vector<typename G::Scalar> nonces;
  for (size_t i = 0; i < kChoices; ++i) {
    ASHYQ_ASSIGN_OR_RETURN(auto s, EncryptSelection<G>(key, i == chosen ? 1 : 0, contexts[i]));
    ballot.ciphertexts.push_back(s.ciphertext);
    ballot.proofs.push_back(s.proof);
    nonces.push_back(s.nonce);
  }
  ASHYQ_ASSIGN_OR_RETURN(ballot.sum, ProveContestSum<G>(key, ballot.ciphertexts, nonces, kLimit,
                                                        contest_context));
  ballot.selection_contexts = contexts;
  ballot.limit = kLimit;
  ballot.sum_context.assign(contest_context.begin(), contest_context.end());
  return ballot;
}

// Every element through Encode and Decode: what a verifier reading the published ballot has.
template <typename G>
typename G::Element Republished(const typename G::Element& e) {
  auto decoded = G::Decode(G::Encode(e), IdentityRule::kReject);
  if (!decoded.ok()) std::abort();  // an honest ballot's elements are never the identity
  return *decoded;
}

template <typename G>
ProvenContest<G> Republished(ProvenContest<G> ballot) {
  for (auto& ct : ballot.ciphertexts) {
    ct.alpha = Republished<G>(ct.alpha);
    ct.beta = Republished<G>(ct.beta);
  }
  for (auto& proof : ballot.proofs) {
    for (size_t j = 0; j < 2; ++j) {
      proof.a[j] = Republished<G>(proof.a[j]);
      proof.b[j] = Republished<G>(proof.b[j]);
    }
  }
  ballot.sum.a = Republished<G>(ballot.sum.a);
  ballot.sum.b = Republished<G>(ballot.sum.b);
  return ballot;
}

template <typename G>
std::vector<ProvenContest<G>> PublishedBallots(const ElectionKey<G>& key, size_t n) {
  const auto contexts = SelectionContexts();
  const auto contest_context = BenchContext("sum");
  std::vector<ProvenContest<G>> ballots;
  for (size_t b = 0; b < n; ++b) {
    auto ballot = EncryptBenchBallot<G>(key, b % kChoices, contexts, contest_context);
    if (!ballot.ok()) std::abort();
    ballots.push_back(Republished<G>(*std::move(ballot)));
  }
  return ballots;
}

template <typename G>
void BM_BallotEncrypt(benchmark::State& state) {
  const auto key = BenchKey<G>();
  const auto contexts = SelectionContexts();
  const auto contest_context = BenchContext("sum");
  size_t chosen = 0;
  for (auto _ : state) {
    auto ballot = EncryptBenchBallot<G>(key, chosen, contexts, contest_context);
    if (!ballot.ok()) {
      state.SkipWithError("encryption failed");
      break;
    }
    benchmark::DoNotOptimize(ballot);
    chosen = (chosen + 1) % kChoices;
  }
}

template <typename G>
void BM_BallotVerify(benchmark::State& state) {
  const auto key = BenchKey<G>();
  const auto ballot = PublishedBallots<G>(key, 1).front();
  for (auto _ : state) {
    if (!VerifyContest<G>(key, ballot).ok()) {
      state.SkipWithError("verification failed");
      break;
    }
  }
}

template <typename G>
void BM_BallotVerifyEach(benchmark::State& state) {
  const auto key = BenchKey<G>();
  const auto ballot = PublishedBallots<G>(key, 1).front();
  for (auto _ : state) {
    if (!VerifyContestEach<G>(key, ballot).ok()) {
      state.SkipWithError("verification failed");
      break;
    }
  }
}

constexpr size_t kBatchBallots = 1000;
constexpr size_t kBatchBallotsEg4096 = 20;

template <typename G>
constexpr size_t BatchBallots() {
  return G::kId == GroupId::kElectionGuard4096 ? kBatchBallotsEg4096 : kBatchBallots;
}

template <typename G>
void BM_BallotVerifyBatch(benchmark::State& state) {
  const auto key = BenchKey<G>();
  const auto ballots = PublishedBallots<G>(key, BatchBallots<G>());
  for (auto _ : state) {
    if (!VerifyContestsBatch<G>(key, ballots).empty()) {
      state.SkipWithError("verification failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ballots.size()));
  state.counters["ballots"] = static_cast<double>(ballots.size());
}

template <typename G>
void BM_BallotDecode(benchmark::State& state) {
  const auto key = BenchKey<G>();
  std::vector<typename G::Encoded> encoded;
  for (int i = 0; i < kChoices; ++i) {
    auto c = EncryptElGamal<G>(key, i == 0 ? 1 : 0);
    if (!c.ok()) continue;
    encoded.push_back(G::Encode(c->alpha));
    encoded.push_back(G::Encode(c->beta));
  }
  for (auto _ : state) {
    for (const auto& bytes : encoded) {
      auto e = G::Decode(bytes, IdentityRule::kReject);
      if (!e.ok()) state.SkipWithError("decode failed");
      benchmark::DoNotOptimize(e);
    }
  }
}

// Benchmarks whose one iteration handles many ballots: the table shows time per ballot.
std::map<std::string, size_t>& BallotsPerIteration() {
  static std::map<std::string, size_t> counts;
  return counts;
}

const char* const kOperations[] = {"BaseMul",  "TableMul", "MakeTable",    "Mul",
                                   "DoubleMul", "MultiMul64", "Add",        "Encode",
                                   "Decode",   "HashToScalar", "ScalarAdd",  "ScalarMultiply",
                                   "RandomScalar"};

template <typename G>
void RegisterGroup() {
  const std::string suffix = "/" + std::string(G::kLabel);
  benchmark::RegisterBenchmark(("BM_GroupBaseMul" + suffix).c_str(), BM_GroupBaseMul<G>);
  benchmark::RegisterBenchmark(("BM_GroupTableMul" + suffix).c_str(), BM_GroupTableMul<G>);
  benchmark::RegisterBenchmark(("BM_GroupMakeTable" + suffix).c_str(), BM_GroupMakeTable<G>);
  benchmark::RegisterBenchmark(("BM_GroupMul" + suffix).c_str(), BM_GroupMul<G>);
  benchmark::RegisterBenchmark(("BM_GroupDoubleMul" + suffix).c_str(), BM_GroupDoubleMul<G>);
  benchmark::RegisterBenchmark(("BM_GroupMultiMul64" + suffix).c_str(), BM_GroupMultiMul64<G>);
  benchmark::RegisterBenchmark(("BM_GroupAdd" + suffix).c_str(), BM_GroupAdd<G>);
  benchmark::RegisterBenchmark(("BM_GroupEncode" + suffix).c_str(), BM_GroupEncode<G>);
  benchmark::RegisterBenchmark(("BM_GroupDecode" + suffix).c_str(), BM_GroupDecode<G>);
  benchmark::RegisterBenchmark(("BM_GroupHashToScalar" + suffix).c_str(),
                               BM_GroupHashToScalar<G>);
  benchmark::RegisterBenchmark(("BM_GroupScalarAdd" + suffix).c_str(), BM_GroupScalarAdd<G>);
  benchmark::RegisterBenchmark(("BM_GroupScalarMultiply" + suffix).c_str(),
                               BM_GroupScalarMultiply<G>);
  benchmark::RegisterBenchmark(("BM_GroupRandomScalar" + suffix).c_str(),
                               BM_GroupRandomScalar<G>);
}

template <typename G>
void RegisterBallot() {
  const std::string suffix = "/" + std::string(G::kLabel);
  benchmark::RegisterBenchmark(("BM_SelectionEncrypt" + suffix).c_str(), BM_SelectionEncrypt<G>);
  benchmark::RegisterBenchmark(("BM_SelectionVerify" + suffix).c_str(), BM_SelectionVerify<G>);
  benchmark::RegisterBenchmark(("BM_BallotEncrypt" + suffix).c_str(), BM_BallotEncrypt<G>);
  benchmark::RegisterBenchmark(("BM_BallotVerify" + suffix).c_str(), BM_BallotVerify<G>);
  benchmark::RegisterBenchmark(("BM_BallotVerifyEach" + suffix).c_str(), BM_BallotVerifyEach<G>);
  // One iteration verifies a whole batch; the table divides by the batch's size.
  const std::string batch = "BM_BallotVerifyBatch" + suffix;
  benchmark::RegisterBenchmark(batch.c_str(), BM_BallotVerifyBatch<G>)->Iterations(3);
  BallotsPerIteration()[batch] = BatchBallots<G>();
  benchmark::RegisterBenchmark(("BM_BallotDecode" + suffix).c_str(), BM_BallotDecode<G>);
}

// The console output as usual, and each run's CPU time kept for the table.
class TableReporter : public benchmark::ConsoleReporter {
 public:
  explicit TableReporter(bool color)
      : ConsoleReporter(color ? OO_Defaults : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      // "BM_X/group/iterations:3" is kept as "BM_X/group".
      std::string name = run.run_name.str();
      if (const size_t cut = name.find("/iterations:"); cut != std::string::npos) {
        name.erase(cut);
      }
      const auto per = BallotsPerIteration().find(name);
      const double seconds =
          run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit) /
          static_cast<double>(per == BallotsPerIteration().end() ? 1 : per->second);
      if (run.run_type == Run::RT_Iteration) {
        samples_[name].push_back(seconds);
      } else if (run.aggregate_name == "median") {  // --benchmark_report_aggregates_only
        medians_[name] = seconds;
      }
    }
  }

  // Operation rows, one column per group with its time and its ratio to eg4096.
  void PrintTable() const {
    std::printf("\nPer operation, CPU time on one core (median of the runs), and how many times\n"
                "faster than eg4096 in this same run:\n\n");
    PrintHeader("operation");
    for (const char* op : kOperations) {
      const bool per_term = op == std::string("MultiMul64");
      PrintRow(std::string("BM_Group") + op, std::string(op) + (per_term ? "/term" : ""),
               per_term ? kMultiTerms : 1);
    }
    std::printf("\nBallots (one contest, %d choices, limit %d):\n\n", kChoices,
                static_cast<int>(kLimit));
    PrintHeader("per ballot");
    for (const char* name : {"SelectionEncrypt", "SelectionVerify", "BallotEncrypt",
                             "BallotVerify", "BallotVerifyEach", "BallotVerifyBatch",
                             "BallotDecode"}) {
      PrintRow(std::string("BM_") + name, name, 1);
    }
    std::printf("\nBallotVerifyBatch is per ballot (batches of %zu; eg4096 %zu).\n",
                kBatchBallots, kBatchBallotsEg4096);
  }

 private:
  static constexpr const char* kGroups[] = {"ristretto255", "ristretto255-decaf", "p256",
                                            "eg4096"};

  static void PrintHeader(const char* first) {
    std::printf("%-17s", first);
    for (const char* g : kGroups) std::printf(" %24s", g);
    std::printf("\n");
  }

  void PrintRow(const std::string& name, const std::string& label, int divisor) const {
    const double baseline = Median(name + "/eg4096");
    std::printf("%-17s", label.c_str());
    for (const char* g : kGroups) {
      const double t = Median(name + "/" + g);
      if (t <= 0) {
        std::printf(" %24s", "-");
        continue;
      }
      const double per = t / divisor;
      char cell[64];
      if (std::string(g) == "eg4096" || baseline <= 0) {
        std::snprintf(cell, sizeof cell, "%s", Format(per).c_str());
      } else {
        const double ratio = baseline / t;
        std::snprintf(cell, sizeof cell, ratio < 10 ? "%s (%.1fx)" : "%s (%.0fx)",
                      Format(per).c_str(), ratio);
      }
      std::printf(" %24s", cell);
    }
    std::printf("\n");
  }

  double Median(const std::string& name) const {
    if (auto m = medians_.find(name); m != medians_.end()) return m->second;
    auto it = samples_.find(name);
    if (it == samples_.end() || it->second.empty()) return 0;
    std::vector<double> v = it->second;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }

  static std::string Format(double seconds) {
    char text[32];
    if (seconds >= 1e-3) {
      std::snprintf(text, sizeof text, "%.2f ms", seconds * 1e3);
    } else if (seconds >= 1e-6) {
      std::snprintf(text, sizeof text, "%.2f us", seconds * 1e6);
    } else {
      std::snprintf(text, sizeof text, "%.0f ns", seconds * 1e9);
    }
    return text;
  }

  std::map<std::string, std::vector<double>> samples_;
  std::map<std::string, double> medians_;
};

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

}  // namespace
}  // namespace ashyq::crypto

int main(int argc, char** argv) {
  using namespace ashyq::crypto;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  if (!Initialize().ok()) return 1;
  RegisterGroup<Ristretto255>();
  RegisterGroup<Ristretto255Decaf>();
  RegisterGroup<P256>();
  RegisterGroup<ElectionGuard4096>();
  RegisterBallot<Ristretto255>();
  RegisterBallot<Ristretto255Decaf>();
  RegisterBallot<P256>();
  RegisterBallot<ElectionGuard4096>();
  benchmark::RegisterBenchmark("BM_P256OpenSslAdd/jacobian", BM_P256OpenSslAdd, false);
  benchmark::RegisterBenchmark("BM_P256OpenSslAdd/affine", BM_P256OpenSslAdd, true);
  benchmark::RegisterBenchmark("BM_P256OpenSslDecode/compressed", BM_P256OpenSslDecode,
                               POINT_CONVERSION_COMPRESSED);
  benchmark::RegisterBenchmark("BM_P256OpenSslDecode/uncompressed", BM_P256OpenSslDecode,
                               POINT_CONVERSION_UNCOMPRESSED);
  std::printf("load average before: %s; P-256 generator table: %s\n", LoadAverage().c_str(),
              P256::HasGeneratorTable() ? "yes" : "no");
  TableReporter reporter(isatty(STDOUT_FILENO) == 1);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintTable();
  std::printf("\nload average after: %s\n", LoadAverage().c_str());
  benchmark::Shutdown();
  return 0;
}
