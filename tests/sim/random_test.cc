#include "sim/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <vector>

namespace ashyq::sim {
namespace {

TEST(RandomTest, StreamsAreXoshiro256StarStarSeededBySha256) {
  // Expected values from an independent implementation (Python) of the documented seeding:
  // state = SHA-256("ashyq/sim/stream|tiny|1|x") as four big-endian words.
  Random rng = Random::ForStream(1, "tiny", "x");
  EXPECT_EQ(rng.Next(), 0xdc98701096fe542eULL);
  EXPECT_EQ(rng.Next(), 0x401333c4bbcb708bULL);
  EXPECT_EQ(rng.Next(), 0x529f3fc77fdd1b35ULL);
}

TEST(RandomTest, StreamsAreIndependent) {
  Random a = Random::ForStream(1, "tiny", "x");
  Random b = Random::ForStream(1, "tiny", "y");
  Random c = Random::ForStream(2, "tiny", "x");
  Random d = Random::ForStream(1, "other", "x");
  const uint64_t first = a.Next();
  EXPECT_NE(first, b.Next());
  EXPECT_NE(first, c.Next());
  EXPECT_NE(first, d.Next());
}

TEST(RandomTest, BetweenStaysInRangeAndCoversIt) {
  Random rng = Random::ForStream(3, "t", "between");
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const int64_t v = rng.Between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    ++seen[static_cast<size_t>(v + 3)];
  }
  for (int n : seen) EXPECT_GT(n, 800);  // ~1000 each
  EXPECT_EQ(rng.Between(5, 5), 5);
}

TEST(RandomTest, ChanceAndWeightedFollowTheirWeights) {
  Random rng = Random::ForStream(4, "t", "chance");
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += rng.Chance(2500);
  EXPECT_NEAR(hits, 2500, 200);
  EXPECT_FALSE(rng.Chance(0));
  EXPECT_TRUE(rng.Chance(10000));
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 10000; ++i) ++counts[rng.Weighted({1, 0, 3})];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2], 7500, 250);
}

TEST(RandomTest, ApportionIsExactProportionalAndCapped) {
  EXPECT_EQ(Apportion(10, {1, 1, 1}), (std::vector<int64_t>{4, 3, 3}));  // ties to the lower index
  EXPECT_EQ(Apportion(100, {50, 30, 20}), (std::vector<int64_t>{50, 30, 20}));
  EXPECT_EQ(Apportion(7, {0, 5}), (std::vector<int64_t>{0, 7}));
  const std::vector<int64_t> caps = {2, 100, 100};
  EXPECT_EQ(Apportion(10, {8, 1, 1}, &caps), (std::vector<int64_t>{2, 4, 4}));
  const std::vector<int64_t> big = Apportion(8'870'146, {478, 407, 937, 284});
  EXPECT_EQ(std::accumulate(big.begin(), big.end(), int64_t{0}), 8'870'146);
}

TEST(RandomTest, SampleSizesHitTheTotalWithinBounds) {
  Random rng = Random::ForStream(5, "t", "sizes");
  for (const auto& [count, total, lo, hi] :
       std::vector<std::array<int64_t, 4>>{{1, 500, 20, 1500}, {739, 335'000, 20, 1500},
                                           {100, 100 * 20, 20, 1500}, {100, 100 * 1500, 20, 1500},
                                           {50, 96'800, 1200, 2990}, {3, 30, 10, 10}}) {
    const std::vector<int64_t> sizes = SampleSizes(&rng, count, total, lo, hi);
    ASSERT_EQ(static_cast<int64_t>(sizes.size()), count);
    EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), int64_t{0}), total);
    for (int64_t s : sizes) {
      EXPECT_GE(s, lo);
      EXPECT_LE(s, hi);
    }
  }
  // Sizes vary: not all equal to the mean.
  const std::vector<int64_t> sizes = SampleSizes(&rng, 200, 200 * 600, 20, 1500);
  EXPECT_LT(*std::min_element(sizes.begin(), sizes.end()), 300);
  EXPECT_GT(*std::max_element(sizes.begin(), sizes.end()), 1000);
}

}  // namespace
}  // namespace ashyq::sim
