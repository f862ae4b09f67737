// Exponential ElGamal (crypto/elgamal.h) on every group backend.
#include "crypto/elgamal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/group_ristretto255_decaf.h"
#include "crypto/keys.h"
#include "group_backends.h"

namespace ashyq::crypto {
namespace {

template <typename G>
class ElGamalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }
};

TYPED_TEST_SUITE(ElGamalTest, testing::GroupBackends, testing::GroupBackendNames);

TYPED_TEST(ElGamalTest, KeyPairPublicKeyIsSecretTimesGenerator) {
  using G = TypeParam;
  const auto pair = GenerateElGamalKeyPair<G>();
  EXPECT_FALSE(G::ScalarIsZero(pair.secret));
  EXPECT_TRUE(G::Equal(pair.public_key, G::BaseMul(pair.secret)));
  const auto again = ElGamalKeyPairFromSecret<G>(pair.secret);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(G::Equal(again->public_key, pair.public_key));
  EXPECT_FALSE(ElGamalKeyPairFromSecret<G>(G::ScalarFromUint64(0)).ok());
}

TYPED_TEST(ElGamalTest, EncryptDecryptRoundTrip) {
  using G = TypeParam;
  const auto pair = GenerateElGamalKeyPair<G>();
  for (uint64_t m : {0u, 1u, 2u, 7u, 40u}) {
    auto c = EncryptElGamal<G>(pair.public_key, m);
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    EXPECT_TRUE(G::Equal(DecryptToElement<G>(pair.secret, *c), G::BaseMul(G::ScalarFromUint64(m))));
    auto decrypted = DecryptSmall<G>(pair.secret, *c, 50);
    ASSERT_TRUE(decrypted.ok()) << decrypted.error().ToString();
    EXPECT_EQ(*decrypted, m);
  }
  // Another key does not decrypt it.
  const auto other = GenerateElGamalKeyPair<G>();
  auto c = EncryptElGamal<G>(pair.public_key, 1);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(DecryptSmall<G>(other.secret, *c, 50).ok());
}

TYPED_TEST(ElGamalTest, EncryptionIsRandomizedAndDeterministicWithANonce) {
  using G = TypeParam;
  const auto pair = GenerateElGamalKeyPair<G>();
  auto a = EncryptElGamal<G>(pair.public_key, 1);
  auto b = EncryptElGamal<G>(pair.public_key, 1);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(G::Equal(a->alpha, b->alpha));
  EXPECT_FALSE(G::Equal(a->beta, b->beta));

  const auto r = G::RandomScalar();
  auto c = EncryptWithNonce<G>(pair.public_key, 3, r);
  auto d = EncryptWithNonce<G>(pair.public_key, 3, r);
  ASSERT_TRUE(c.ok() && d.ok());
  EXPECT_TRUE(G::Equal(c->alpha, d->alpha));
  EXPECT_TRUE(G::Equal(c->beta, d->beta));
  EXPECT_TRUE(G::Equal(c->alpha, G::BaseMul(r)));
  EXPECT_TRUE(G::Equal(c->beta, G::Add(G::BaseMul(G::ScalarFromUint64(3)),
                                       G::Mul(pair.public_key, r))));
}

TYPED_TEST(ElGamalTest, RefusesZeroNonceAndIdentityKeyWithoutShowingTheNonce) {
  using G = TypeParam;
  const auto pair = GenerateElGamalKeyPair<G>();
  auto zero = EncryptWithNonce<G>(pair.public_key, 1, G::ScalarFromUint64(0));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().rule, "R-C3.nonce");
  auto no_key = EncryptWithNonce<G>(G::Identity(), 1, G::RandomScalar());
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().rule, "R-C3.key");
}

TYPED_TEST(ElGamalTest, HomomorphicSum) {
  using G = TypeParam;
  const auto pair = GenerateElGamalKeyPair<G>();
  std::vector<Ciphertext<G>> ciphertexts;
  uint64_t total = 0;
  for (uint64_t m : {1u, 0u, 1u, 1u, 0u, 3u}) {
    auto c = EncryptElGamal<G>(pair.public_key, m);
    ASSERT_TRUE(c.ok());
    ciphertexts.push_back(*c);
    total += m;
  }
  const auto sum = SumCiphertexts<G>(ciphertexts);
  auto decrypted = DecryptSmall<G>(pair.secret, sum, 100);
  ASSERT_TRUE(decrypted.ok());
  EXPECT_EQ(*decrypted, total);
  auto pairwise = DecryptSmall<G>(pair.secret, AddCiphertexts<G>(ciphertexts[0], ciphertexts[5]), 100);
  ASSERT_TRUE(pairwise.ok());
  EXPECT_EQ(*pairwise, 4u);

  // The sum's nonce is the sum of the nonces.
  const auto r1 = G::RandomScalar();
  const auto r2 = G::RandomScalar();
  auto c1 = EncryptWithNonce<G>(pair.public_key, 2, r1);
  auto c2 = EncryptWithNonce<G>(pair.public_key, 5, r2);
  auto c12 = EncryptWithNonce<G>(pair.public_key, 7, G::ScalarAdd(r1, r2));
  ASSERT_TRUE(c1.ok() && c2.ok() && c12.ok());
  const auto added = AddCiphertexts<G>(*c1, *c2);
  EXPECT_TRUE(G::Equal(added.alpha, c12->alpha));
  EXPECT_TRUE(G::Equal(added.beta, c12->beta));

  // The empty sum decrypts to 0.
  auto empty = DecryptSmall<G>(pair.secret, SumCiphertexts<G>({}), 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, 0u);
}

TYPED_TEST(ElGamalTest, SmallDiscreteLogStopsAtItsBound) {
  using G = TypeParam;
  const auto five = G::BaseMul(G::ScalarFromUint64(5));
  auto found = SmallDiscreteLog<G>(five, 5);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, 5u);
  auto not_found = SmallDiscreteLog<G>(five, 4);
  ASSERT_FALSE(not_found.ok());
  EXPECT_EQ(not_found.error().rule, "R-C4.decrypt");
}

}  // namespace
}  // namespace ashyq::crypto
