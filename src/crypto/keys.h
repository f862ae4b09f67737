// Ed25519 signing keys (libsodium). Fixed-size types; a SigningKey cannot be copied,
// printed or serialised except through KeyFile (key_file.h), and wipes itself on destruction.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/hash.h"
#include "core/result.h"

namespace ashyq::crypto {

// Must be called once before any other crypto function (idempotent, thread-safe).
Status Initialize();

struct PublicKey {
  static constexpr size_t kSize = 32;
  std::array<uint8_t, kSize> bytes{};

  std::string Hex() const;
  static Result<PublicKey> FromHex(std::string_view hex);
  friend bool operator==(const PublicKey&, const PublicKey&) = default;
  friend auto operator<=>(const PublicKey&, const PublicKey&) = default;
};

struct Signature {
  static constexpr size_t kSize = 64;
  std::array<uint8_t, kSize> bytes{};

  std::string Hex() const;
  static Result<Signature> FromHex(std::string_view hex);
  friend bool operator==(const Signature&, const Signature&) = default;
};

// 32 secret bytes from which an Ed25519 key pair is derived.
struct KeySeed {
  static constexpr size_t kSize = 32;
  std::array<uint8_t, kSize> bytes{};
  ~KeySeed();  // wipes
};

class SigningKey {
 public:
  static SigningKey Generate();                    // fresh randomness from the OS
  static SigningKey FromSeed(const KeySeed& seed);  // deterministic

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }

  // Signs SHA-256(tag::kSignature || 0 || digest): Ashyq only ever signs object digests.
  Signature SignDigest(const Digest& digest) const;

 private:
  friend class KeyFile;
  SigningKey() = default;
  std::array<uint8_t, 64> secret_{};  // libsodium's sk (seed || public key)
  PublicKey public_key_;
};

// Constant-time verification of a signature made by SignDigest.
bool VerifyDigest(const PublicKey& key, const Digest& digest, const Signature& signature);

// `n` bytes from the OS's random source, in lowercase hex (nonces no one can predict).
std::string RandomHex(size_t n);

}  // namespace ashyq::crypto
