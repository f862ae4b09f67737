// Generates a simulated national election definition from a scenario (scenario.h).
//
// Deterministic: the same (spec, seed, keyring) gives the same definition, byte for byte after
// canonicalisation, on every platform: all randomness comes from sim/random.h. The keyring
// only supplies public keys; a different keyring changes the keys and nothing else.
//
// What it builds: the commission tree (CEC, RECs when there are 4 tiers, TECs, one PEC per
// station) with members, nominations, affiliations, employers and roles; polling stations with
// registered voters (exact totals per region and nationally), urban/rural locality, addresses
// and e-voting; the scenario's national contests with generated party lists; a local council
// contest per region when the scenario has them; and the ballot orders (lottery or alphabetical).
//
//   ASHYQ_ASSIGN_OR_RETURN(ScenarioSpec spec, LoadScenario("kz2007-majilis"));
//   ASHYQ_ASSIGN_OR_RETURN(ElectionDefinition def, GenerateDefinition(spec, 2007, keyring));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/election_definition.h"
#include "core/result.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "sim/scenario.h"

namespace ashyq::sim {

// kBadInput when the scenario cannot be realised (e.g. e-voting voters that no station sizes
// fit, or a historical ballot order no lottery seed reproduces), naming the scenario field.
Result<ElectionDefinition> GenerateDefinition(const ScenarioSpec& spec, uint64_t seed,
                                              const crypto::SimulatedKeyring& keyring);

// The keyring subkey of a signer (commission or member id): the first 8 bytes, big-endian, of
// SHA-256(signer_id). Later stages re-derive any signer's key from its id alone.
uint64_t SimulatedKeyIndex(std::string_view signer_id);
crypto::SigningKey SimulatedKeyFor(const crypto::SimulatedKeyring& keyring, std::string_view signer_id);

// The published lottery seed for draw `n` of a label: hex(SHA-256("<label>-<n>")).
std::string LotterySeed(std::string_view label, uint64_t n);

}  // namespace ashyq::sim
