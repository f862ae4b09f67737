// Election night at national scale: the count at 9,727 stations (2 contests each) and the
// ~60,000 member signatures on the protocols. The counters show the national figures the
// simulated count lands on, beside the official ones of the 2007 report.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>

#include "core/commission_tree.h"
#include "core/hash.h"
#include "crypto/key_file.h"
#include "protocol/protocol_signing.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"
#include "sim/scenario.h"

namespace {

using ashyq::sim::SimulatedCount;

struct Election {
  std::optional<ashyq::crypto::SimulatedKeyring> keyring;
  ashyq::sim::ScenarioSpec spec;
  ashyq::ElectionDefinition def;
  std::optional<ashyq::CommissionTree> tree;
  std::string digest;
  std::string error;
};

// Generated once (a few seconds: ~70,000 keys) and never freed: the tree points into it.
const Election& Kz2007() {
  static const Election* e = [] {
    auto* out = new Election;
    ashyq::crypto::KeySeed master;
    for (size_t i = 0; i < master.bytes.size(); ++i) master.bytes[i] = static_cast<uint8_t>(i);
    out->keyring.emplace(master);
    ashyq::Result<ashyq::sim::ScenarioSpec> spec = ashyq::sim::LoadScenario("kz2007-majilis");
    if (!spec.ok()) {
      out->error = spec.error().ToString();
      return out;
    }
    out->spec = *spec;
    ashyq::Result<ashyq::ElectionDefinition> def = ashyq::sim::GenerateDefinition(out->spec, 2007, *out->keyring);
    if (!def.ok()) {
      out->error = def.error().ToString();
      return out;
    }
    out->def = std::move(def).value();
    ashyq::Result<ashyq::CommissionTree> tree = ashyq::CommissionTree::Build(out->def);
    if (!tree.ok()) {
      out->error = tree.error().ToString();
      return out;
    }
    out->tree.emplace(std::move(tree).value());
    out->digest = ashyq::Sha256("count-bench definition").Hex();  // stands in for the signed one
    return out;
  }();
  return *e;
}

void BM_SimulateCountKz2007(benchmark::State& state) {
  const Election& e = Kz2007();
  if (!e.error.empty()) {
    state.SkipWithError(e.error.c_str());
    return;
  }
  std::optional<SimulatedCount> count;
  for (auto _ : state) {
    ashyq::Result<SimulatedCount> r = ashyq::sim::SimulateCount(e.def, *e.tree, e.spec, e.digest, 2007, {});
    if (!r.ok()) {
      state.SkipWithError(r.error().ToString().c_str());
      return;
    }
    count.emplace(std::move(r).value());
    benchmark::DoNotOptimize(count);
  }
  int64_t participants = 0, evotes = 0, valid = 0, invalid = 0, added = 0, nur_otan = 0, after_midnight = 0;
  for (const ashyq::protocol::PrecinctProtocol& p : count->protocols) {
    const ashyq::protocol::ContestCount& c = p.contests.front();
    participants += c.participants();
    evotes += c.electronic_votes;
    valid += c.valid_votes();
    invalid += c.invalid_ballots;
    added += c.voters_added_on_day;
    for (const auto& [id, votes] : c.votes) nur_otan += id == "nur-otan" ? votes : 0;
    after_midnight += p.signed_at.starts_with(e.def.election_day) ? 0 : 1;
  }
  state.counters["stations"] = static_cast<double>(count->protocols.size());
  state.counters["stations/s"] = benchmark::Counter(static_cast<double>(count->protocols.size()),
                                                     benchmark::Counter::kIsIterationInvariantRate);
  state.counters["participants"] = static_cast<double>(participants);     // official 6,082,430
  state.counters["e_ballots"] = static_cast<double>(evotes);              // official 123,932
  state.counters["valid"] = static_cast<double>(valid);                   // official 5,935,625
  state.counters["invalid"] = static_cast<double>(invalid);
  state.counters["added_on_day"] = static_cast<double>(added);            // 002: ~32,000
  state.counters["nur_otan_pct"] = 100.0 * static_cast<double>(nur_otan) / static_cast<double>(valid);  // 88.41
  state.counters["signed_after_midnight"] = static_cast<double>(after_midnight);
}

void BM_SignCountKz2007(benchmark::State& state) {
  const Election& e = Kz2007();
  if (!e.error.empty()) {
    state.SkipWithError(e.error.c_str());
    return;
  }
  ashyq::Result<SimulatedCount> count =
      ashyq::sim::SimulateCount(e.def, *e.tree, e.spec, e.digest, 2007, ashyq::sim::FaultPlan{40, 12});
  ashyq::Result<ashyq::protocol::ProtocolContext> context =
      ashyq::protocol::ProtocolContext::Build(e.def, *e.tree, e.digest);
  if (!count.ok() || !context.ok()) {
    state.SkipWithError((count.ok() ? context.error() : count.error()).ToString().c_str());
    return;
  }
  size_t signatures = 0, refused = 0;
  for (auto _ : state) {
    ashyq::Result<ashyq::sim::SignedCount> signed_count = ashyq::sim::SignCount(*count, *context, *e.keyring, 2007);
    if (!signed_count.ok()) {
      state.SkipWithError(signed_count.error().ToString().c_str());
      return;
    }
    signatures = 0;
    for (const auto& object : signed_count->protocols) signatures += object.signatures().size();
    refused = signed_count->refused.size();
    benchmark::DoNotOptimize(signed_count);
  }
  state.counters["signatures"] = static_cast<double>(signatures);
  state.counters["signatures/s"] =
      benchmark::Counter(static_cast<double>(signatures), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["refused"] = static_cast<double>(refused);
}

BENCHMARK(BM_SimulateCountKz2007)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SignCountKz2007)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
