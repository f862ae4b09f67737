// P-256's uncompressed encoding (crypto/group_p256.h) and the ballot's element codec.
#include "evote/element_codec.h"

#include <gtest/gtest.h>

#include "core/encoding.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/keys.h"

namespace ashyq::evote {
namespace {

using crypto::IdentityRule;
using crypto::P256;

class ElementCodecTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::Initialize().ok()); }
};

TEST_F(ElementCodecTest, P256UncompressedRoundTripKeepsTheCompressedForm) {
  static_assert(ElementCodec<P256>::kSize == 65);
  for (uint64_t k = 1; k < 20; ++k) {
    const auto e = P256::BaseMul(P256::ScalarFromUint64(k * 7919));
    const auto bytes = P256::EncodeUncompressed(e);
    EXPECT_EQ(bytes[0], 0x04);
    auto decoded = P256::DecodeUncompressed(bytes, IdentityRule::kReject);
    ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
    EXPECT_TRUE(P256::Equal(*decoded, e));
    // The compressed form a decoded element remembers is the one Encode makes afresh.
    EXPECT_EQ(P256::Encode(*decoded), P256::Encode(P256::Add(e, P256::Identity())));
    EXPECT_EQ(P256::EncodeUncompressed(*decoded), bytes);
  }
}

TEST_F(ElementCodecTest, P256UncompressedIsStrict) {
  const auto e = P256::BaseMul(P256::ScalarFromUint64(12345));
  const auto good = P256::EncodeUncompressed(e);
  // The compressed form, a hybrid prefix, a wrong size.
  const auto compressed = P256::Encode(e);
  EXPECT_FALSE(P256::DecodeUncompressed(compressed, IdentityRule::kReject).ok());
  auto hybrid = good;
  hybrid[0] = 0x06;
  EXPECT_FALSE(P256::DecodeUncompressed(hybrid, IdentityRule::kReject).ok());
  EXPECT_FALSE(P256::DecodeUncompressed(std::span(good).first(64), IdentityRule::kReject).ok());
  // Off the curve: y changed.
  auto off = good;
  off[64] ^= 1;
  auto r = P256::DecodeUncompressed(off, IdentityRule::kReject);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "crypto.group-element");
  // y ≥ p (p − y would be the negation; y + p is the same residue, not canonical).
  auto big = good;
  for (size_t i = 33; i < 65; ++i) big[i] = 0xff;
  EXPECT_FALSE(P256::DecodeUncompressed(big, IdentityRule::kReject).ok());
  // The identity: 65 zero bytes, only where allowed.
  std::array<uint8_t, 65> zero{};
  EXPECT_FALSE(P256::DecodeUncompressed(zero, IdentityRule::kReject).ok());
  auto id = P256::DecodeUncompressed(zero, IdentityRule::kAllow);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(P256::IsIdentity(*id));
  EXPECT_EQ(P256::EncodeUncompressed(P256::Identity()), zero);
}

TEST_F(ElementCodecTest, HexReadersAreStrict) {
  const auto e = P256::BaseMul(P256::ScalarFromUint64(3));
  const std::string hex = ElementHex<P256>(e);
  EXPECT_EQ(hex.size(), 130u);
  ASSERT_TRUE(ElementFromHex<P256>(hex).ok());
  std::string upper = hex;
  upper[5] = upper[5] >= 'a' ? static_cast<char>(upper[5] - 'a' + 'A') : upper[5];
  upper[2] = 'A';
  EXPECT_FALSE(ElementFromHex<P256>(upper).ok());
  EXPECT_FALSE(ElementFromHex<P256>(hex.substr(2)).ok());
  EXPECT_FALSE(ElementFromHex<P256>(HexEncode(P256::Encode(e))).ok());  // compressed
  // A scalar ≥ the order is refused, and the error does not repeat its digits.
  const std::string too_big(64, 'f');
  auto s = ScalarFromHex<P256>(too_big);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().ToString().find("ffff"), std::string::npos);
  // Other groups use their own encoding.
  static_assert(ElementCodec<crypto::Ristretto255>::kSize == 32);
}

}  // namespace
}  // namespace ashyq::evote
