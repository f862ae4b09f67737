// Canonical JSON throughput on a document the size and shape of a national election
// definition: ~70,000 commission members with Cyrillic names, integers and 64-hex keys
// (~20 MB). Hashing a definition is canonicalise + SHA-256, so both are measured together,
// and parsing is measured on the same bytes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "core/hash.h"
#include "core/json.h"

namespace ashyq {
namespace {

constexpr int kMembers = 70'000;

// Deterministic pseudo-random choices (a 64-bit LCG) so every run measures the same document.
class Choices {
 public:
  uint64_t Next() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return state_ >> 33;
  }
  template <size_t N>
  const char* Pick(const char* const (&list)[N]) { return list[Next() % N]; }

 private:
  uint64_t state_ = 2007;
};

json::Value MakeDefinition() {
  static const char* const kSurnames[] = {"Нұрланов", "Жақсыбеков", "Иванова", "Сейітқали",
                                          "Ахметова", "Тоқаев", "Әбдіхалықова", "Петров"};
  static const char* const kGiven[] = {"Айгүл", "Ерлан", "Мария", "Қайрат", "Гүлнар",
                                       "Асқар", "Сәуле", "Дмитрий"};
  static const char* const kRoles[] = {"chair", "deputy_chair", "secretary", "member"};
  static const char* const kRegions[] = {"Ақмола облысы", "Алматы қаласы", "Астана қаласы",
                                         "Шығыс Қазақстан облысы", "Маңғыстау облысы"};
  Choices choices;
  json::Value members = json::Value::Array();
  members.items().reserve(kMembers);
  for (int i = 0; i < kMembers; ++i) {
    int station = i / 7;
    std::string commission = "pec-" + std::to_string(station / 600 + 1) + "-" +
                             std::to_string(station);
    json::Value m = json::Value::Object();
    m.Set("id", commission + "-m" + std::to_string(i % 7));
    m.Set("commission", commission);
    m.Set("name", std::string(choices.Pick(kSurnames)) + " " + choices.Pick(kGiven));
    m.Set("region", choices.Pick(kRegions));
    m.Set("role", choices.Pick(kRoles));
    m.Set("position", i % 7 + 1);
    m.Set("nominated_by", static_cast<int64_t>(choices.Next() % 12));
    m.Set("registered_voters", static_cast<int64_t>(choices.Next() % 3000));
    m.Set("public_key", Sha256(std::to_string(i)).Hex());
    m.Set("key_fingerprint", TaggedHash(tag::kObject, std::to_string(i)).Hex());
    members.Push(std::move(m));
  }
  json::Value definition = json::Value::Object();
  definition.Set("format", "ashyq/election-definition/v1");
  definition.Set("election_id", "kz-2007-majilis");
  definition.Set("commission_members", std::move(members));
  return definition;
}

const json::Value& Definition() {
  static const json::Value* definition = new json::Value(MakeDefinition());
  return *definition;
}

const std::string& DefinitionText() {
  static const std::string* text = new std::string(json::Canonicalize(Definition()));
  return *text;
}

void SetThroughput(benchmark::State& state, size_t bytes_per_iteration) {
  state.counters["MB/s"] = benchmark::Counter(
      static_cast<double>(bytes_per_iteration) * static_cast<double>(state.iterations()) / 1e6,
      benchmark::Counter::kIsRate);
  state.counters["MB"] = static_cast<double>(bytes_per_iteration) / 1e6;
}

void BM_CanonicalizeAndHash(benchmark::State& state) {
  const json::Value& definition = Definition();
  size_t bytes = DefinitionText().size();
  for (auto _ : state) {
    std::string canonical;
    canonical.reserve(bytes);
    json::CanonicalizeTo(definition, &canonical);
    Digest d = TaggedHash(tag::kObject, canonical);
    benchmark::DoNotOptimize(d);
  }
  SetThroughput(state, bytes);
}
BENCHMARK(BM_CanonicalizeAndHash)->Unit(benchmark::kMillisecond);

void BM_Canonicalize(benchmark::State& state) {
  const json::Value& definition = Definition();
  size_t bytes = DefinitionText().size();
  for (auto _ : state) {
    std::string canonical;
    canonical.reserve(bytes);
    json::CanonicalizeTo(definition, &canonical);
    benchmark::DoNotOptimize(canonical.data());
  }
  SetThroughput(state, bytes);
}
BENCHMARK(BM_Canonicalize)->Unit(benchmark::kMillisecond);

void BM_Sha256(benchmark::State& state) {
  const std::string& text = DefinitionText();
  for (auto _ : state) {
    Digest d = TaggedHash(tag::kObject, text);
    benchmark::DoNotOptimize(d);
  }
  SetThroughput(state, text.size());
}
BENCHMARK(BM_Sha256)->Unit(benchmark::kMillisecond);

void BM_Parse(benchmark::State& state) {
  const std::string& text = DefinitionText();
  for (auto _ : state) {
    Result<json::Value> v = json::Parse(text);
    if (!v.ok()) state.SkipWithError(v.error().ToString().c_str());
    benchmark::DoNotOptimize(v);
  }
  SetThroughput(state, text.size());
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond);

void BM_ParsePretty(benchmark::State& state) {
  static const std::string* text = new std::string(json::Pretty(Definition()));
  for (auto _ : state) {
    Result<json::Value> v = json::Parse(*text);
    if (!v.ok()) state.SkipWithError(v.error().ToString().c_str());
    benchmark::DoNotOptimize(v);
  }
  SetThroughput(state, text->size());
}
BENCHMARK(BM_ParsePretty)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ashyq
