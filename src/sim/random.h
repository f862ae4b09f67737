// The simulation's own pseudo-random numbers, identical on every platform and standard library.
//
// xoshiro256** (Blackman & Vigna, 2018) seeded through SHA-256, and integer sampling done here
// rather than with std::*_distribution, whose output differs between standard libraries: a
// seed must give the same election everywhere. Not for secrets (keys come from crypto/).
//
//   Random rng = Random::ForStream(seed, "kz2007-majilis", "stations/akmola");
//   int64_t voters = rng.Between(20, 1500);
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace ashyq::sim {

class Random {
 public:
  // An independent stream per (seed, scenario, label): streams do not shift when another part
  // of the generator draws more or fewer numbers.
  static Random ForStream(uint64_t seed, std::string_view scenario, std::string_view label);

  uint64_t Next();                       // 64 uniform bits
  uint64_t Below(uint64_t n);            // uniform in [0, n); n > 0; unbiased (rejection)
  int64_t Between(int64_t lo, int64_t hi);  // uniform in [lo, hi]; lo <= hi
  bool Chance(int64_t bp);               // true with probability bp / 10,000

  // Index drawn with probability weights[i] / sum(weights); weights >= 0, sum > 0.
  size_t Weighted(const std::vector<int64_t>& weights);

  template <typename T>
  void Shuffle(std::vector<T>* items) {  // Fisher–Yates
    for (size_t i = items->size(); i > 1; --i) {
      std::swap((*items)[i - 1], (*items)[static_cast<size_t>(Below(i))]);
    }
  }

 private:
  explicit Random(const std::array<uint64_t, 4>& state) : s_(state) {}
  std::array<uint64_t, 4> s_;
};

// Splits `total` into integers proportional to `weights` (largest remainder, ties to the lower
// index), each at most caps[i] when `caps` is given. Sum of caps must be >= total.
std::vector<int64_t> Apportion(int64_t total, const std::vector<int64_t>& weights,
                               const std::vector<int64_t>* caps = nullptr);

// `count` integers in [lo, hi] that sum to exactly `total` (requires count*lo <= total <=
// count*hi), drawn as a two-part uniform mixture whose mean is total/count: a plateau of small
// values and one of large ones, then nudged by ±1 steps to the exact sum.
std::vector<int64_t> SampleSizes(Random* rng, int64_t count, int64_t total, int64_t lo, int64_t hi);

}  // namespace ashyq::sim
