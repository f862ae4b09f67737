#include "crypto/keys.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cctype>
#include <cstring>
#include <new>
#include <set>
#include <string>
#include <utility>

#include "core/hash.h"

namespace ashyq::crypto {
namespace {

KeySeed SeedFromHex(std::string_view hex) {
  KeySeed seed;
  EXPECT_EQ(sodium_hex2bin(seed.bytes.data(), seed.bytes.size(), hex.data(), hex.size(), nullptr,
                           nullptr, nullptr),
            0);
  return seed;
}

// RFC 8032 §7.1, TEST 1: the seed/public key pair (Ashyq signs a tagged digest, not the
// RFC's message, so only the key derivation is compared with the RFC).
constexpr std::string_view kRfcSeed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view kRfcPublic =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

TEST(KeysTest, InitializeIsIdempotent) {
  EXPECT_TRUE(Initialize().ok());
  EXPECT_TRUE(Initialize().ok());
}

TEST(KeysTest, FromSeedMatchesRfc8032) {
  SigningKey key = SigningKey::FromSeed(SeedFromHex(kRfcSeed));
  EXPECT_EQ(key.public_key().Hex(), kRfcPublic);
}

TEST(KeysTest, FromSeedIsDeterministicAndSeedSensitive) {
  KeySeed a = SeedFromHex(kRfcSeed);
  KeySeed b = SeedFromHex(kRfcSeed);
  b.bytes[31] ^= 1;
  EXPECT_EQ(SigningKey::FromSeed(a).public_key(), SigningKey::FromSeed(a).public_key());
  EXPECT_NE(SigningKey::FromSeed(a).public_key(), SigningKey::FromSeed(b).public_key());
}

TEST(KeysTest, GenerateGivesFreshKeys) {
  std::set<PublicKey> seen;
  for (int i = 0; i < 32; ++i) seen.insert(SigningKey::Generate().public_key());
  EXPECT_EQ(seen.size(), 32u);
}

TEST(KeysTest, PublicKeyHexRoundTrip) {
  const PublicKey key = SigningKey::Generate().public_key();
  const std::string hex = key.Hex();
  ASSERT_EQ(hex.size(), 64u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  Result<PublicKey> parsed = PublicKey::FromHex(hex);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(*parsed, key);
}

TEST(KeysTest, PublicKeyFromHexIsStrict) {
  const std::string good(kRfcPublic);
  ASSERT_TRUE(PublicKey::FromHex(good).ok());
  std::string upper = good;
  upper[2] = 'A';  // 'd75a...' -> 'd7Aa...'
  const std::string cases[] = {
      "",
      good.substr(0, 63),
      good + "0",
      good.substr(0, 62),
      good + "00",
      upper,
      "g" + good.substr(1),
      "0x" + good.substr(2),
      " " + good.substr(1),
      good.substr(0, 63) + "\n",
      std::string(64, '\0'),
  };
  for (const std::string& hex : cases) {
    Result<PublicKey> parsed = PublicKey::FromHex(hex);
    ASSERT_FALSE(parsed.ok()) << "accepted \"" << hex << "\"";
    EXPECT_EQ(parsed.error().code, ErrorCode::kBadInput);
    EXPECT_NE(parsed.error().message.find("public key"), std::string::npos)
        << parsed.error().message;
  }
}

TEST(KeysTest, SignatureHexRoundTripAndStrictness) {
  const SigningKey key = SigningKey::Generate();
  const Signature signature = key.SignDigest(Sha256("x"));
  const std::string hex = signature.Hex();
  ASSERT_EQ(hex.size(), 128u);
  Result<Signature> parsed = Signature::FromHex(hex);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(*parsed, signature);

  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const bool has_letter = upper != hex;
  const std::string cases[] = {"", hex.substr(0, 127), hex + "a", hex.substr(0, 64),
                               hex.substr(0, 127) + "z"};
  for (const std::string& bad : cases) {
    Result<Signature> r = Signature::FromHex(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find("signature"), std::string::npos);
  }
  if (has_letter) {
    EXPECT_FALSE(Signature::FromHex(upper).ok());
  }
}

TEST(KeysTest, SignVerifyRoundTrip) {
  const SigningKey key = SigningKey::Generate();
  const Digest digest = Sha256("protocol of PEC 0456");
  const Signature signature = key.SignDigest(digest);
  EXPECT_TRUE(VerifyDigest(key.public_key(), digest, signature));
  // Ed25519 is deterministic: the same key and digest give the same signature.
  EXPECT_EQ(key.SignDigest(digest), signature);
}

TEST(KeysTest, SignsTheTaggedDigest) {
  // Known answer: the signature is plain Ed25519 over TaggedHash(kSignature, digest).
  const SigningKey key = SigningKey::FromSeed(SeedFromHex(kRfcSeed));
  const Digest digest = Sha256("abc");
  const Digest message = TaggedHash(tag::kSignature, std::span<const uint8_t>(digest.bytes));

  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  KeySeed seed = SeedFromHex(kRfcSeed);
  crypto_sign_seed_keypair(pk, sk, seed.bytes.data());
  Signature expected;
  crypto_sign_detached(expected.bytes.data(), nullptr, message.bytes.data(), message.bytes.size(),
                       sk);
  sodium_memzero(sk, sizeof sk);
  EXPECT_EQ(key.SignDigest(digest), expected);

  // And it is not a signature over the bare digest: a signature made for one purpose
  // cannot be presented as one made for another.
  const Signature signature = key.SignDigest(digest);
  EXPECT_NE(crypto_sign_verify_detached(signature.bytes.data(), digest.bytes.data(),
                                        digest.bytes.size(), pk),
            0);
}

TEST(KeysTest, WrongKeyFails) {
  const SigningKey signer = SigningKey::Generate();
  const SigningKey other = SigningKey::Generate();
  const Digest digest = Sha256("x");
  EXPECT_FALSE(VerifyDigest(other.public_key(), digest, signer.SignDigest(digest)));
}

TEST(KeysTest, OtherDigestFails) {
  const SigningKey key = SigningKey::Generate();
  Digest digest = Sha256("x");
  const Signature signature = key.SignDigest(digest);
  for (size_t bit = 0; bit < Digest::kSize * 8; ++bit) {
    Digest changed = digest;
    changed.bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(VerifyDigest(key.public_key(), changed, signature)) << "bit " << bit;
  }
}

TEST(KeysTest, EverySignatureBitFlipFails) {
  const SigningKey key = SigningKey::Generate();
  const Digest digest = Sha256("x");
  const Signature signature = key.SignDigest(digest);
  for (size_t bit = 0; bit < Signature::kSize * 8; ++bit) {
    Signature flipped = signature;
    flipped.bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(VerifyDigest(key.public_key(), digest, flipped)) << "bit " << bit;
  }
}

TEST(KeysTest, EveryPublicKeyBitFlipFails) {
  const SigningKey key = SigningKey::Generate();
  const Digest digest = Sha256("x");
  const Signature signature = key.SignDigest(digest);
  for (size_t bit = 0; bit < PublicKey::kSize * 8; ++bit) {
    PublicKey flipped = key.public_key();
    flipped.bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(VerifyDigest(flipped, digest, signature)) << "bit " << bit;
  }
}

TEST(KeysTest, ZeroKeyAndSignatureDoNotVerify) {
  const Digest digest = Sha256("x");
  EXPECT_FALSE(VerifyDigest(PublicKey{}, digest, Signature{}));
  const SigningKey key = SigningKey::Generate();
  EXPECT_FALSE(VerifyDigest(key.public_key(), digest, Signature{}));
}

TEST(KeysTest, MoveKeepsTheKeyAndWipesTheSource) {
  SigningKey original = SigningKey::Generate();
  const PublicKey public_key = original.public_key();
  const Digest digest = Sha256("x");
  const Signature before = original.SignDigest(digest);

  SigningKey moved(std::move(original));
  EXPECT_EQ(moved.public_key(), public_key);
  EXPECT_EQ(moved.SignDigest(digest), before);
  // The moved-from key no longer holds the secret: what it produces does not verify.
  EXPECT_FALSE(VerifyDigest(public_key, digest, original.SignDigest(digest)));  // NOLINT

  SigningKey assigned = SigningKey::Generate();
  assigned = std::move(moved);
  EXPECT_EQ(assigned.public_key(), public_key);
  EXPECT_EQ(assigned.SignDigest(digest), before);
  EXPECT_FALSE(VerifyDigest(public_key, digest, moved.SignDigest(digest)));  // NOLINT

  // Self-move leaves the key intact.
  SigningKey& alias = assigned;
  assigned = std::move(alias);
  EXPECT_EQ(assigned.SignDigest(digest), before);
}

TEST(KeysTest, KeySeedWipesOnDestruction) {
  alignas(KeySeed) unsigned char storage[sizeof(KeySeed)];
  KeySeed* seed = new (storage) KeySeed;
  for (auto& b : seed->bytes) b = 0xA5;
  const size_t offset = static_cast<size_t>(reinterpret_cast<unsigned char*>(seed->bytes.data()) -
                                            storage);
  seed->~KeySeed();
  for (size_t i = 0; i < KeySeed::kSize; ++i) {
    EXPECT_EQ(storage[offset + i], 0) << "byte " << i;
  }
}

}  // namespace
}  // namespace ashyq::crypto
