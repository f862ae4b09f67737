// Baby-step giant-step (crypto/discrete_log.h) on every backend at the national bound: random
// counts across the range, 0, the bound itself, the bound + 1 and a non-count refused, small
// tables (many giant steps, values at block edges), and a forced collision of slices.
#include <gtest/gtest.h>

#include <random>

#include "crypto/discrete_log.h"
#include "crypto/keys.h"
#include "group_backends.h"

namespace ashyq::crypto {
namespace {

template <typename G>
class DiscreteLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }

  static typename G::Element Times(uint64_t m) { return G::BaseMul(G::ScalarFromUint64(m)); }

  static const DiscreteLogTable<G>& National() {
    static const DiscreteLogTable<G>* table = [] {
      auto made = DiscreteLogTable<G>::Make();
      EXPECT_TRUE(made.ok());
      return new DiscreteLogTable<G>(std::move(*made));
    }();
    return *table;
  }
};
TYPED_TEST_SUITE(DiscreteLogTest, testing::GroupBackends, testing::GroupBackendNames);

TYPED_TEST(DiscreteLogTest, FindsRandomCountsAcrossTheNationalRange) {
  using G = TypeParam;
  const auto& table = this->National();
  EXPECT_EQ(table.bound(), kNationalDiscreteLogBound);
  EXPECT_EQ(table.baby_steps(), DefaultBabySteps(kNationalDiscreteLogBound));
  std::mt19937_64 rng(18);
  std::uniform_int_distribution<uint64_t> any(0, kNationalDiscreteLogBound);
  for (int n = 0; n < 6; ++n) {
    const uint64_t m = any(rng);
    auto found = table.Solve(this->Times(m));
    ASSERT_TRUE(found.ok()) << m << ": " << found.error().ToString();
    EXPECT_EQ(*found, m);
  }
  (void)sizeof(G);
}

TYPED_TEST(DiscreteLogTest, ZeroAndTheBoundAreFoundBoundPlusOneIsRefused) {
  const auto& table = this->National();
  auto zero = table.Solve(TypeParam::Identity());
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(*zero, 0u);
  auto bound = table.Solve(this->Times(kNationalDiscreteLogBound));
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(*bound, kNationalDiscreteLogBound);
  auto over = table.Solve(this->Times(kNationalDiscreteLogBound + 1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().rule, "R-C4.decrypt");
  EXPECT_NE(over.error().message.find("20000000"), std::string::npos) << over.error().message;
  // A random element is no count at all.
  EXPECT_FALSE(table.Solve(TypeParam::BaseMul(TypeParam::RandomScalar())).ok());
  // Nor is −1·G (the order minus one).
  EXPECT_FALSE(table.Solve(TypeParam::Negate(TypeParam::Generator())).ok());
}

TYPED_TEST(DiscreteLogTest, SmallTablesAtBlockEdges) {
  // T = 7, bound 100: 15 giant steps, and values on each side of every block edge.
  auto made = DiscreteLogTable<TypeParam>::Make(100, 7);
  ASSERT_TRUE(made.ok());
  for (uint64_t m : {0u, 1u, 6u, 7u, 8u, 13u, 14u, 97u, 98u, 99u, 100u}) {
    auto found = made->Solve(this->Times(m));
    ASSERT_TRUE(found.ok()) << m;
    EXPECT_EQ(*found, m);
  }
  // 101..104 lie inside the last block searched (98..104) and must still be refused.
  for (uint64_t m : {101u, 104u, 105u, 200u}) EXPECT_FALSE(made->Solve(this->Times(m)).ok()) << m;
  // A table of one baby step is a plain walk.
  auto walk = DiscreteLogTable<TypeParam>::Make(10, 1);
  ASSERT_TRUE(walk.ok());
  EXPECT_EQ(*walk->Solve(this->Times(10)), 10u);
  EXPECT_FALSE(walk->Solve(this->Times(11)).ok());
}

TYPED_TEST(DiscreteLogTest, RefusesAbsurdBoundsAndTables) {
  EXPECT_FALSE(DiscreteLogTable<TypeParam>::Make(kMaxDiscreteLogBound + 1).ok());
  EXPECT_FALSE(DiscreteLogTable<TypeParam>::Make(1000, kMaxBabySteps + 1).ok());
}

TEST(DiscreteLogDefaults, BabyStepsAreFourRootsOfTheBound) {
  EXPECT_EQ(DefaultBabySteps(0), 4u);
  EXPECT_EQ(DefaultBabySteps(kNationalDiscreteLogBound), 17889u);
  EXPECT_EQ(DefaultBabySteps(kMaxDiscreteLogBound), 4194305u);
}

}  // namespace
}  // namespace ashyq::crypto
