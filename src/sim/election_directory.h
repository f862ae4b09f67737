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

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/election_definition.h"
#include "core/result.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"

namespace ashyq::store {
class Store;
}

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
// The same with a given keyring master: the same bytes every run (the golden test records).
Result<GeneratedElection> GenerateElection(const std::string& scenario, uint64_t seed,
                                           const crypto::KeySeed& keyring_master);

// Writes the election directory. Refuses (kAlreadyExists) when DIR already holds an election,
// unless `replace` is set; files are written atomically either way.
Status WriteElectionDirectory(const std::string& dir, const GeneratedElection& election, bool replace);

// Stores what the day produced in the election's store (DIR/election.db, opened by the
// caller), in the order it happened, which is the order of the public log: the signed
// definition (subject = election id), then the turnout reports sent during the day (subject
// "<station>@<time>", version = revision), then the precinct protocols of the night (subject =
// station, version = the protocol's version), each list in the order given. One batch: all or
// nothing, one fsync. Returns how many objects were new (storing the same day again adds none).
// kBadInput when a payload lacks the fields its subject or version is made of.
Result<size_t> StoreElectionDay(store::Store& store, const crypto::SignedObject& signed_definition,
                                std::span<const crypto::SignedObject> turnout_reports,
                                std::span<const crypto::SignedObject> protocols);

}  // namespace ashyq::sim
