// Key files: a member's secret key on disk, readable by its owner only (mode 0600).
//
//   {"format": "ashyq/secret-key/1", "algorithm": "ed25519", "owner": "<id>",
//    "seed": "<64 hex>", "public_key": "<64 hex>"}
//
// Loading refuses a file that group or others can read, and one whose public key does not
// match its seed. Nothing here logs or prints the seed.
#pragma once

#include <string>

#include "core/result.h"
#include "crypto/keys.h"

namespace ashyq::crypto {

class KeyFile {
 public:
  // Writes a new key file; never overwrites an existing one (kAlreadyExists).
  static Status Write(const std::string& path, const std::string& owner, const KeySeed& seed);
  // Generates a fresh key pair and writes it; returns the public key.
  static Result<PublicKey> Generate(const std::string& path, const std::string& owner);
  static Result<SigningKey> Load(const std::string& path, std::string* owner = nullptr);
  // As Load, but returns the seed itself (e.g. a SimulatedKeyring master key).
  static Result<KeySeed> LoadSeed(const std::string& path, std::string* owner = nullptr);
};

// Simulation only: derives member key seeds from one 32-byte master key with libsodium's
// crypto_kdf (BLAKE2b). A scenario keeps one master key file instead of tens of thousands of
// member key files. Real elections generate each member's key on the member's own device.
class SimulatedKeyring {
 public:
  explicit SimulatedKeyring(const KeySeed& master);
  KeySeed SeedFor(uint64_t index) const;
  SigningKey KeyFor(uint64_t index) const;

 private:
  KeySeed master_;
};

}  // namespace ashyq::crypto
