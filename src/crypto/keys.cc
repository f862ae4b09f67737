#include "crypto/keys.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "core/encoding.h"

namespace ashyq::crypto {

static_assert(PublicKey::kSize == crypto_sign_PUBLICKEYBYTES);
static_assert(Signature::kSize == crypto_sign_BYTES);
static_assert(KeySeed::kSize == crypto_sign_SEEDBYTES);
static_assert(sizeof(std::array<uint8_t, 64>) == crypto_sign_SECRETKEYBYTES);
static_assert(Digest::kSize == 32);

namespace {

bool SodiumReady() {
  static std::once_flag once;
  static bool ready = false;
  std::call_once(once, [] { ready = sodium_init() >= 0; });
  return ready;
}

// Every function below that touches libsodium calls this, so forgetting Initialize() cannot
// lead to an unseeded RNG or to libsodium's unselected implementations.
void EnsureInitialized() {
  if (!SodiumReady()) {
    // Without a working libsodium no key can be generated or checked; continuing would be
    // worse than stopping.
    std::fputs("ashyq: libsodium failed to initialise\n", stderr);
    std::abort();
  }
}

// Strict fixed-length lowercase hex: a key written two ways would have two digests.
Status DecodeFixedHex(std::string_view what, std::string_view hex, std::span<uint8_t> out) {
  const size_t want = out.size() * 2;
  if (hex.size() != want) {
    return BadInput("", std::string(what) + " must be " + std::to_string(want) +
                            " lowercase hex digits, got " + std::to_string(hex.size()) +
                            " characters");
  }
  // One pass decodes and checks; the index of the bad character is looked for only on failure.
  if (HexDecodeInto(hex, out).ok()) return Status();
  size_t i = 0;
  while (i < hex.size() && IsLowerHex(hex.substr(i, 1))) ++i;
  return BadInput("", std::string(what) + " must be lowercase hex; character " + std::to_string(i) + " is not");
}

// What Ed25519 actually signs: the object digest, bound to its purpose.
Digest SignedMessage(const Digest& digest) {
  return TaggedHash(tag::kSignature, std::span<const uint8_t>(digest.bytes));
}

}  // namespace

Status Initialize() {
  if (!SodiumReady()) {
    return Error{ErrorCode::kInternal, "libsodium", "", "sodium_init failed"};
  }
  return Status();
}

std::string PublicKey::Hex() const { return HexEncode(bytes); }

Result<PublicKey> PublicKey::FromHex(std::string_view hex) {
  PublicKey key;
  ASHYQ_RETURN_IF_ERROR(DecodeFixedHex("public key", hex, key.bytes));
  return key;
}

std::string Signature::Hex() const { return HexEncode(bytes); }

Result<Signature> Signature::FromHex(std::string_view hex) {
  Signature signature;
  ASHYQ_RETURN_IF_ERROR(DecodeFixedHex("signature", hex, signature.bytes));
  return signature;
}

KeySeed::~KeySeed() { sodium_memzero(bytes.data(), bytes.size()); }

SigningKey SigningKey::Generate() {
  EnsureInitialized();
  KeySeed seed;
  randombytes_buf(seed.bytes.data(), seed.bytes.size());
  return FromSeed(seed);
}

SigningKey SigningKey::FromSeed(const KeySeed& seed) {
  EnsureInitialized();
  SigningKey key;
  crypto_sign_seed_keypair(key.public_key_.bytes.data(), key.secret_.data(), seed.bytes.data());
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_(other.secret_), public_key_(other.public_key_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_key_ = other.public_key_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

Signature SigningKey::SignDigest(const Digest& digest) const {
  EnsureInitialized();
  const Digest message = SignedMessage(digest);
  Signature signature;
  crypto_sign_detached(signature.bytes.data(), nullptr, message.bytes.data(),
                       message.bytes.size(), secret_.data());
  return signature;
}

bool VerifyDigest(const PublicKey& key, const Digest& digest, const Signature& signature) {
  EnsureInitialized();
  const Digest message = SignedMessage(digest);
  return crypto_sign_verify_detached(signature.bytes.data(), message.bytes.data(),
                                     message.bytes.size(), key.bytes.data()) == 0;
}

std::string RandomHex(size_t n) {
  std::vector<uint8_t> bytes(n);
  randombytes_buf(bytes.data(), bytes.size());
  return HexEncode(bytes);
}

}  // namespace ashyq::crypto
