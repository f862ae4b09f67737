// The voter register at national size (issue 19): the nationwide one-vote check for 12 million
// voters (lookups + check-ins per second on 1 and 2 threads, resident memory) and the import of
// a 12-million-row civil-register extract, each beside a floor measured in the same run:
//   - std::unordered_set<uint64_t> finds over the same 12 million keys (the obvious structure);
//   - one random 16-byte read from an array the size of the index (memory latency: no hash
//     table can do a cold lookup faster than that);
//   - reading the extract's bytes once (memchr for line ends), under the import.
// Its own binary (ashyq_registry_bench) so it builds from registry, crypto and core alone.
// The synthetic extract (about 1.1 GB) is written once to $TMPDIR/ashyq-registry-bench/ and
// reused by later runs. Figures: docs/performance.md, "Voter register".
#include <benchmark/benchmark.h>

#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/election_definition.h"
#include "core/file_io.h"
#include "registry/checkin_index.h"
#include "registry/national_id.h"
#include "registry/station_map.h"
#include "registry/voter_register.h"

namespace {

using namespace ashyq;
using namespace ashyq::registry;

constexpr size_t kVoters = 12'000'000;
constexpr size_t kStations = 10'000;  // 2019: 10,000 stations in Kazakhstan, 11.9 million voters
constexpr size_t kRegions = 17;

// VmRSS of this process in MiB (/proc/self/status).
double ResidentMiB(const char* field = "VmRSS:") {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::strtod(line.c_str() + std::strlen(field), nullptr) / 1024.0;
  }
  return 0;
}

uint64_t Mix(uint64_t x) {  // splitmix64: a fast, good enough spread for picking voters
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Voter i: born on one of 20,160 dates (1940-1999, days 1-28), serial 10*k so that a skipped
// impossible check digit never lands on another voter's serial; station i % kStations.
int32_t BirthOf(size_t i) {
  const size_t d = i % 20160;
  return static_cast<int32_t>((1940 + d / 336) * 10000 + (d / 28 % 12 + 1) * 100 + d % 28 + 1);
}
NationalId IdOf(size_t i) {
  return MakeNationalId(BirthOf(i), (i / 20160) % 2 == 1, static_cast<uint32_t>(i / 20160 / 2 * 10));
}

std::string RegionOf(size_t station) { return "region-" + std::to_string(station % kRegions); }

ElectionDefinition Definition() {
  ElectionDefinition d;
  d.election_id = "bench-register";
  d.election_day = "2019-06-09";
  for (size_t r = 0; r < kRegions; ++r) d.regions.push_back({RegionOf(r), {"", "", RegionOf(r)}});
  for (size_t s = 0; s < kStations; ++s) {
    PollingStation ps;
    ps.id = "ps-" + std::to_string(s);
    ps.number = static_cast<int64_t>(s + 1);
    ps.region = RegionOf(s);
    d.polling_stations.push_back(std::move(ps));
  }
  return d;
}

// Even stations: the odd and even sides of a city street; odd stations: a whole village.
std::string Boundaries() {
  std::string csv = "station,region,settlement,street,first,last,parity\n";
  for (size_t s = 0; s < kStations; ++s) {
    const std::string head = "ps-" + std::to_string(s) + "," + RegionOf(s) + ",";
    if (s % 2 == 0) {
      csv += head + "Қала " + std::to_string(s % kRegions) + ",Көше " + std::to_string(s) + ",1,,odd\n";
      csv += head + "Қала " + std::to_string(s % kRegions) + ",Көше " + std::to_string(s) + ",,,even\n";
    } else {
      csv += head + "Ауыл " + std::to_string(s) + ",,,,\n";
    }
  }
  return csv;
}

const char* const kSurnames[] = {"Ахметов", "Омаров", "Сейітов", "Иванов", "Ким", "Нұрланов", "Жақыпов", "Смағұлов",
                                 "Әбдіров", "Петренко", "Байжанов", "Тоқаев", "Сүлейменов", "Есенов", "Мұратов", "Ли"};
const char* const kGiven[] = {"Айгүл", "Ерлан", "Дәурен", "Мария", "Асель", "Нұрлан", "Гүлнар", "Сергей", "Жанар", "Бауыржан"};
const char* const kPatronymic[] = {"Серікұлы", "Болатқызы", "Иванович", "", "Маратұлы", "Ерланқызы"};

// The extract, written once.
const std::string& ExtractPath() {
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/ashyq-registry-bench";
    const std::string file = dir + "/extract-12m.csv";
    struct stat st;
    if (::stat(file.c_str(), &st) == 0 && st.st_size > 0) return file;
    ::mkdir(dir.c_str(), 0700);
    std::FILE* out = std::fopen((file + ".part").c_str(), "w");
    if (out == nullptr) return std::string();
    std::fputs("national_id,surname,given_name,patronymic,birth_date,region,settlement,street,house,apartment\n", out);
    for (size_t i = 0; i < kVoters; ++i) {
      const size_t s = Mix(i) % kStations;
      const int32_t b = BirthOf(i);
      const uint64_t r = Mix(i ^ 0x5555);
      const std::string place = s % 2 == 0 ? "Қала " + std::to_string(s % kRegions) + ",Көше " + std::to_string(s)
                                           : "Ауыл " + std::to_string(s) + ",";
      std::fprintf(out, "%s,%s,%s,%s,%04d-%02d-%02d,%s,%s,%llu%s,%s\n", FormatNationalId(IdOf(i)).c_str(),
                   kSurnames[r % 16], kGiven[r / 16 % 10], kPatronymic[r / 160 % 6], b / 10000, b / 100 % 100, b % 100,
                   RegionOf(s).c_str(), place.c_str(), static_cast<unsigned long long>(r / 960 % 180 + 1),
                   r / 172800 % 7 == 0 ? "А" : "", r % 3 == 0 ? "" : std::to_string(r / 3 % 120 + 1).c_str());
    }
    std::fclose(out);
    std::rename((file + ".part").c_str(), file.c_str());
    return file;
  }();
  return path;
}

// --- The nationwide check -----------------------------------------------------------------

struct Nation {
  std::vector<NationalId> ids;
  std::vector<VoterKey> keys;  // what stations send: VoterKeyer(national id), from their lists
  // (ids and keys: 183 MiB of the benchmark's own, outside the index's figure)
  std::unique_ptr<CheckInIndex> index;
  double rss_before_index = 0, rss_after_index = 0;
};

Nation& TheNation() {
  static Nation nation = [] {
    Nation n;
    const VoterKeyer keyer(std::array<uint8_t, 16>{0x41, 0x73, 0x68, 0x79, 0x71});
    n.ids.resize(kVoters);
    n.keys.resize(kVoters);
    for (size_t i = 0; i < kVoters; ++i) n.keys[i] = keyer.KeyOf(n.ids[i] = IdOf(i));
    n.rss_before_index = ResidentMiB();
    n.index = std::make_unique<CheckInIndex>(kVoters + kVoters / 20);  // 5 % headroom for additions
    for (size_t i = 0; i < kVoters; ++i) {
      if (!n.index->Register(n.keys[i], static_cast<StationIndex>(Mix(i) % kStations)).ok()) std::abort();
    }
    n.rss_after_index = ResidentMiB();
    return n;
  }();
  return nation;
}

// One operation: a station's "has this voter been checked in?" and then its check-in.
void BM_NationwideCheck(benchmark::State& state) {
  Nation& n = TheNation();
  uint64_t x = Mix(static_cast<uint64_t>(state.thread_index()) + 1);
  size_t recorded = 0;
  for (auto _ : state) {
    const VoterKey key = n.keys[(x = Mix(x)) % kVoters];
    benchmark::DoNotOptimize(n.index->HasCheckedIn(key));
    recorded += n.index->CheckIn(key, 7) == CheckInAnswer::kRecorded ? 1 : 0;
  }
  state.counters["checks/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  if (state.thread_index() == 0) {
    state.counters["index_MiB"] = static_cast<double>(n.index->MemoryBytes()) / (1 << 20);
    state.counters["index_RSS_MiB"] = n.rss_after_index - n.rss_before_index;
    state.counters["VmRSS_MiB"] = ResidentMiB();
    state.counters["checked_in_M"] = static_cast<double>(n.index->checked_in()) / 1e6;
  }
  benchmark::DoNotOptimize(recorded);
}
BENCHMARK(BM_NationwideCheck)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);

// The same with the keyed hash computed per check (a station that sends the national id).
void BM_NationwideCheckWithKeyedHash(benchmark::State& state) {
  Nation& n = TheNation();
  const VoterKeyer keyer(std::array<uint8_t, 16>{0x41, 0x73, 0x68, 0x79, 0x71});
  uint64_t x = Mix(static_cast<uint64_t>(state.thread_index()) + 11);
  for (auto _ : state) {
    const VoterKey key = keyer.KeyOf(n.ids[(x = Mix(x)) % kVoters]);
    benchmark::DoNotOptimize(n.index->CheckIn(key, 7));
  }
  state.counters["checks/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NationwideCheckWithKeyedHash)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);

// Floor 1: std::unordered_set<uint64_t>::find over the same 12 million keys.
void BM_FloorUnorderedSetFind(benchmark::State& state) {
  Nation& n = TheNation();
  static const std::unordered_set<uint64_t>* set = [&] {
    const double before = ResidentMiB();
    auto* s = new std::unordered_set<uint64_t>(n.keys.begin(), n.keys.end());
    std::fprintf(stderr, "unordered_set of %zu keys: %.0f MiB resident\n", s->size(), ResidentMiB() - before);
    return s;
  }();
  uint64_t x = Mix(static_cast<uint64_t>(state.thread_index()) + 1);
  for (auto _ : state) benchmark::DoNotOptimize(set->find(n.keys[(x = Mix(x)) % kVoters]));
  state.counters["finds/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FloorUnorderedSetFind)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);

// Floor 2: one random 16-byte read from an array the index's size: a cold lookup's cache miss.
void BM_FloorRandomRead(benchmark::State& state) {
  static const size_t slots = TheNation().index->MemoryBytes() / 16;
  static const std::vector<uint64_t>* memory = new std::vector<uint64_t>(slots * 2, 1);
  uint64_t x = Mix(static_cast<uint64_t>(state.thread_index()) + 1);
  uint64_t sum = 0;
  for (auto _ : state) sum += (*memory)[((x = Mix(x)) % slots) * 2];
  benchmark::DoNotOptimize(sum);
  state.counters["reads/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FloorRandomRead)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);

// --- The import -----------------------------------------------------------------------------

// Floor: the extract's bytes read from memory once, counting line ends.
void BM_FloorExtractScan(benchmark::State& state) {
  Result<std::string> bytes = ReadFile(ExtractPath(), size_t{4} << 30);
  if (!bytes.ok()) return state.SkipWithError(bytes.error().ToString().c_str());
  for (auto _ : state) {
    size_t lines = 0;
    for (const char* p = bytes->data(); (p = static_cast<const char*>(std::memchr(p, '\n', bytes->data() + bytes->size() - p))) != nullptr; ++p) ++lines;
    benchmark::DoNotOptimize(lines);
  }
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes->size()) * static_cast<double>(state.iterations()) / 1e6,
                                              benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FloorExtractScan)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

// The import: read the file, parse and check every row, assign stations, sort, find duplicates.
void BM_Import12M(benchmark::State& state) {
  const ElectionDefinition definition = Definition();
  const std::string boundaries = Boundaries();
  Result<StationMap> map = StationMap::Parse(boundaries, definition);
  if (!map.ok()) return state.SkipWithError(map.error().ToString().c_str());
  const std::string& path = ExtractPath();
  size_t voters = 0, bytes = 0;
  double rss = 0;
  for (auto _ : state) {
    Result<std::string> extract = ReadFile(path, size_t{4} << 30);
    if (!extract.ok()) return state.SkipWithError(extract.error().ToString().c_str());
    bytes = extract->size();
    ExtractOptions options;
    options.election_day = 20190609;
    ExtractProblems problems;
    Result<VoterRegister> reg = VoterRegister::Import(*extract, *map, options, &problems);
    if (!reg.ok()) return state.SkipWithError(reg.error().ToString().c_str());
    voters = reg->size();
    rss = ResidentMiB();
    state.counters["register_MiB"] = static_cast<double>(reg->MemoryBytes()) / (1 << 20);
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(voters) * static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
  state.counters["voters_M"] = static_cast<double>(voters) / 1e6;
  state.counters["extract_MB"] = static_cast<double>(bytes) / 1e6;
  state.counters["VmRSS_MiB"] = rss;
  state.counters["VmHWM_MiB"] = ResidentMiB("VmHWM:");
}
BENCHMARK(BM_Import12M)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
