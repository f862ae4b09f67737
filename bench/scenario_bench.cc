// Generating the national scenarios: scenario -> full definition with ~70,000 simulated keys.
#include <benchmark/benchmark.h>

#include "crypto/key_file.h"
#include "sim/definition_generator.h"
#include "sim/scenario.h"

namespace {

void GenerateScenario(benchmark::State& state, const char* name) {
  ashyq::crypto::KeySeed master;
  for (size_t i = 0; i < master.bytes.size(); ++i) master.bytes[i] = static_cast<uint8_t>(i);
  const ashyq::crypto::SimulatedKeyring keyring(master);
  ashyq::Result<ashyq::sim::ScenarioSpec> spec = ashyq::sim::LoadScenario(name);
  if (!spec.ok()) {
    state.SkipWithError(spec.error().ToString().c_str());
    return;
  }
  size_t signers = 0, stations = 0;
  for (auto _ : state) {
    ashyq::Result<ashyq::ElectionDefinition> def = ashyq::sim::GenerateDefinition(*spec, 2007, keyring);
    if (!def.ok()) {
      state.SkipWithError(def.error().ToString().c_str());
      return;
    }
    signers = def->commissions.size();
    for (const auto& c : def->commissions) signers += c.members.size();
    stations = def->polling_stations.size();
    benchmark::DoNotOptimize(def);
  }
  state.counters["signers"] = static_cast<double>(signers);
  state.counters["stations"] = static_cast<double>(stations);
}

void BM_GenerateKz2007Majilis(benchmark::State& state) { GenerateScenario(state, "kz2007-majilis"); }
void BM_GenerateKz2019Presidential(benchmark::State& state) { GenerateScenario(state, "kz2019-presidential"); }
void BM_GenerateTiny(benchmark::State& state) { GenerateScenario(state, "tiny"); }

BENCHMARK(BM_GenerateKz2007Majilis)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_GenerateKz2019Presidential)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_GenerateTiny)->Unit(benchmark::kMillisecond);

}  // namespace
