// A simulated election written to disk: the election directory that later stages (protocols,
// tabulation, publication, verification) read and extend.
//
//   DIR/definition.json                 the CEC-signed definition (canonical JSON envelope)
//   DIR/keys/simulation-keyring.key     master key of every simulated signer (mode 0600)
//   DIR/election.db                     the store: every signed protocol, version, tier protocol
//   DIR/results/                        exports of the latest tabulation
//
// Real elections have no keyring: each member generates a key on their own device
// (`ashyq keys generate`) and only public keys reach the definition.
#pragma once

#include <cstdint>
#include <string>

#include "core/election_definition.h"
#include "core/result.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"

namespace ashyq::sim {

inline constexpr const char* kDefinitionFileName = "definition.json";
inline constexpr const char* kKeyringFileName = "keys/simulation-keyring.key";
inline constexpr const char* kStoreFileName = "election.db";  // every signed object (SQLite)
inline constexpr const char* kResultsDirName = "results";     // exports: CSV, JSON, NIST SP 1500-100

struct GeneratedElection {
  ElectionDefinition definition;
  crypto::SignedObject signed_definition;
  crypto::KeySeed keyring_master;
  double generate_seconds = 0;  // scenario -> definition (incl. key derivation)
  double sign_seconds = 0;      // canonicalise, hash, sign
};

// Generates `scenario` with `seed` and a fresh random keyring, checks that the result breaks no
// rule (an internal error if it does: generators must produce valid elections) and signs it
// with the simulated CEC key.
Result<GeneratedElection> GenerateElection(const std::string& scenario, uint64_t seed);

// Writes the election directory. Refuses (kAlreadyExists) when DIR already holds an election,
// unless `replace` is set; files are written atomically either way.
Status WriteElectionDirectory(const std::string& dir, const GeneratedElection& election, bool replace);

}  // namespace ashyq::sim
