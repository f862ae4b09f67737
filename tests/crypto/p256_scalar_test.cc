// P-256's scalar arithmetic (GMP's constant-time mpn_sec_* / mpn_cnd_* functions, decision
// 0016) against OpenSSL's BIGNUM, which computed it before and is kept here only as the
// reference: random operands, the edges of [0, n), and HashToScalar's reduction of 64 bytes.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "crypto/group.h"
#include "crypto/group_p256.h"
#include "crypto/keys.h"

namespace ashyq::crypto {
namespace {

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

struct CtxFree {
  void operator()(BN_CTX* ctx) const { BN_CTX_free(ctx); }
};

class P256ScalarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }

  P256ScalarTest() : ctx_(BN_CTX_new()), order_(BN_new()) {
    EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    BN_copy(order_.get(), EC_GROUP_get0_order(group));
    EC_GROUP_free(group);
  }

  Bn ToBn(std::span<const uint8_t> bytes) const {
    return Bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  }
  P256::Scalar FromBn(const BIGNUM* bn) const {
    P256::Scalar s;
    EXPECT_EQ(BN_bn2binpad(bn, s.bytes.data(), 32), 32);
    return s;
  }
  // The scalar n − k, made with BIGNUM.
  P256::Scalar OrderMinus(uint64_t k) const {
    Bn r(BN_dup(order_.get()));
    BN_sub_word(r.get(), k);
    return FromBn(r.get());
  }

  P256::Scalar ReferenceAdd(const P256::Scalar& a, const P256::Scalar& b) const {
    Bn r(BN_new());
    BN_mod_add(r.get(), ToBn(a.bytes).get(), ToBn(b.bytes).get(), order_.get(), ctx_.get());
    return FromBn(r.get());
  }
  P256::Scalar ReferenceSubtract(const P256::Scalar& a, const P256::Scalar& b) const {
    Bn r(BN_new());
    BN_mod_sub(r.get(), ToBn(a.bytes).get(), ToBn(b.bytes).get(), order_.get(), ctx_.get());
    return FromBn(r.get());
  }
  P256::Scalar ReferenceMultiply(const P256::Scalar& a, const P256::Scalar& b) const {
    Bn r(BN_new());
    BN_mod_mul(r.get(), ToBn(a.bytes).get(), ToBn(b.bytes).get(), order_.get(), ctx_.get());
    return FromBn(r.get());
  }

  void ExpectAllAgree(const P256::Scalar& a, const P256::Scalar& b) const {
    const std::string where = HexEncode(a.bytes) + ", " + HexEncode(b.bytes);
    EXPECT_TRUE(P256::ScalarAdd(a, b) == ReferenceAdd(a, b)) << "add " << where;
    EXPECT_TRUE(P256::ScalarSubtract(a, b) == ReferenceSubtract(a, b)) << "subtract " << where;
    EXPECT_TRUE(P256::ScalarMultiply(a, b) == ReferenceMultiply(a, b)) << "multiply " << where;
    EXPECT_TRUE(P256::ScalarNegate(a) == ReferenceSubtract(P256::Scalar(), a)) << "negate " << where;
  }

  std::unique_ptr<BN_CTX, CtxFree> ctx_;
  Bn order_;
};

TEST_F(P256ScalarTest, RandomScalarsAgreeWithBignum) {
  for (int i = 0; i < 2000; ++i) ExpectAllAgree(P256::RandomScalar(), P256::RandomScalar());
}

TEST_F(P256ScalarTest, EdgesAgreeWithBignum) {
  P256::Scalar top_bit;  // 2^255 < n
  top_bit.bytes[0] = 0x80;
  P256::Scalar half = OrderMinus(1);  // (n − 1) / 2
  {
    Bn h = ToBn(half.bytes);
    BN_rshift1(h.get(), h.get());
    half = FromBn(h.get());
  }
  const std::vector<P256::Scalar> edges = {
      P256::Scalar(),        P256::ScalarFromUint64(1), P256::ScalarFromUint64(2),
      OrderMinus(1),         OrderMinus(2),             half,
      OrderMinus(0x7fffffff), top_bit,                  P256::ScalarFromUint64(~0ull)};
  for (const auto& a : edges) {
    for (const auto& b : edges) ExpectAllAgree(a, b);
  }
}

TEST_F(P256ScalarTest, KnownValuesAtTheEdges) {
  const auto zero = P256::Scalar(), one = P256::ScalarFromUint64(1);
  const auto minus_one = OrderMinus(1);
  EXPECT_TRUE(P256::ScalarAdd(minus_one, one) == zero);           // n − 1 + 1 wraps to 0
  EXPECT_TRUE(P256::ScalarAdd(minus_one, minus_one) == OrderMinus(2));
  EXPECT_TRUE(P256::ScalarSubtract(zero, one) == minus_one);
  EXPECT_TRUE(P256::ScalarSubtract(minus_one, minus_one) == zero);
  EXPECT_TRUE(P256::ScalarMultiply(minus_one, minus_one) == one);  // (−1)² = 1
  EXPECT_TRUE(P256::ScalarMultiply(minus_one, zero) == zero);
  EXPECT_TRUE(P256::ScalarNegate(zero) == zero);
  EXPECT_TRUE(P256::ScalarNegate(one) == minus_one);
  EXPECT_TRUE(P256::ScalarAdd(zero, zero) == zero);
  // n itself, and anything above, is refused where scalars come from outside.
  const P256::Scalar n_bytes = [&] {
    P256::Scalar s;
    EXPECT_EQ(BN_bn2binpad(order_.get(), s.bytes.data(), 32), 32);
    return s;
  }();
  EXPECT_FALSE(P256::DecodeScalar(n_bytes.bytes).ok());
  EXPECT_TRUE(P256::DecodeScalar(minus_one.bytes).ok());
}

TEST_F(P256ScalarTest, HashToScalarIsTheWideHashModN) {
  // The reduction must give what BN_nnmod gave before: the published vectors depend on it.
  std::vector<uint8_t> message;
  for (int i = 0; i < 500; ++i) {
    message.push_back(static_cast<uint8_t>(i * 37));
    const auto wide = HashToScalarWide("p256", "ashyq/test/v1", message);
    Bn x = ToBn(wide), r(BN_new());
    ASSERT_EQ(BN_nnmod(r.get(), x.get(), order_.get(), ctx_.get()), 1);
    ASSERT_TRUE(P256::HashToScalar("ashyq/test/v1", message) == FromBn(r.get())) << i;
  }
}

}  // namespace
}  // namespace ashyq::crypto
