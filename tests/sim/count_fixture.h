// Generated definitions for the count tests, built once per test binary: the scenario, the
// definition (keys from a fixed keyring), its commission tree and the digest of its signed form.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/commission_tree.h"
#include "core/definition_json.h"
#include "core/election_definition.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "sim/definition_generator.h"
#include "sim/scenario.h"

namespace ashyq::sim::testing {

inline const crypto::SimulatedKeyring& CountKeyring() {
  static const crypto::SimulatedKeyring* keyring = [] {
    crypto::KeySeed master;
    for (size_t i = 0; i < master.bytes.size(); ++i) master.bytes[i] = static_cast<uint8_t>(7 * i + 3);
    return new crypto::SimulatedKeyring(master);
  }();
  return *keyring;
}

struct GeneratedElection {
  ScenarioSpec spec;
  ElectionDefinition def;
  std::optional<CommissionTree> tree;  // over `def`, which never moves (heap, never freed)
  std::string digest;
};

inline const GeneratedElection* Generate(std::string_view scenario, uint64_t seed) {
  auto* g = new GeneratedElection;
  Result<ScenarioSpec> spec = LoadScenario(scenario);
  EXPECT_TRUE(spec.ok()) << spec.error().ToString();
  if (!spec.ok()) return g;
  g->spec = *spec;
  Result<ElectionDefinition> def = GenerateDefinition(g->spec, seed, CountKeyring());
  EXPECT_TRUE(def.ok()) << def.error().ToString();
  if (!def.ok()) return g;
  g->def = std::move(def).value();
  Result<CommissionTree> tree = CommissionTree::Build(g->def);
  EXPECT_TRUE(tree.ok()) << tree.error().ToString();
  if (tree.ok()) g->tree.emplace(std::move(tree).value());
  Result<crypto::SignedObject> signed_def = crypto::SignedObject::Create(DefinitionToJson(g->def));
  EXPECT_TRUE(signed_def.ok()) << signed_def.error().ToString();
  if (signed_def.ok()) g->digest = signed_def->digest().Hex();
  return g;
}

inline const GeneratedElection& Tiny() {
  static const GeneratedElection* g = Generate("tiny", 11);
  return *g;
}
// A few seconds each (~70,000 keys): once per binary.
inline const GeneratedElection& Kz2007() {
  static const GeneratedElection* g = Generate("kz2007-majilis", 2007);
  return *g;
}
inline const GeneratedElection& Kz2019() {
  static const GeneratedElection* g = Generate("kz2019-presidential", 2019);
  return *g;
}

}  // namespace ashyq::sim::testing
