// The discrete logarithm of a small multiple of the generator: the last step of decrypting a
// tally (issue 18 point 4). Exponential ElGamal decrypts to m·G, not to m; the tally's m is a
// vote count, at most the number of ballots cast, so it is found by Shanks' baby-step
// giant-step search up to a bound: the national bound kNationalDiscreteLogBound (20,000,000,
// more than Kazakhstan's electorate) by default.
//
//   baby steps   the table j·G for j = 0..T−1 (T = baby_steps()), built once per bound
//   giant steps  Y_0 = M, Y_{i+1} = Y_i + (−T)·G with G::Add; the first Y_i found in the table,
//                as j·G, gives m = i·T + j. At most ⌊bound / T⌋ + 1 giant steps.
//
// The table is keyed on a short slice of each element's encoding (8 bytes, a hash map) and
// keeps the full encodings: a slice that matches is confirmed by comparing the whole
// encoding, so a collision of slices can never give a wrong m. The slice is the encoding's
// last 8 bytes, not its first: P-256's encoding starts with a 0x02/0x03 tag and the 4096-bit
// group's with the top of a big-endian number, both far from uniform; the last bytes are
// uniform in every backend here.
//
// T defaults to 4·√(bound + 1) (17,889 for the national bound): the table is built once and
// serves every selection of a tally, so it is made larger than √bound to shorten each search.
// On P-256 (~8 µs an Add and Encode) that is ~0.15 s to build and at most ~10 ms a lookup.
//
// Everything is public (a decrypted total is published): the search's timing may depend on m.
// A table is immutable once built and may be shared by threads.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "crypto/group.h"

namespace ashyq::crypto {

inline constexpr uint64_t kNationalDiscreteLogBound = 20'000'000;
// Bounds and tables beyond these are refused: 2^40 is far past any count, and 2^24 baby steps
// would already be hundreds of megabytes for the 4096-bit group.
inline constexpr uint64_t kMaxDiscreteLogBound = uint64_t{1} << 40;
inline constexpr uint64_t kMaxBabySteps = uint64_t{1} << 24;

// 4·√(bound + 1), rounded up, at least 1 and at most kMaxBabySteps.
uint64_t DefaultBabySteps(uint64_t bound);

// The error for a value with no discrete log in 0..bound (R-C4.decrypt).
Error DiscreteLogOutOfRange(uint64_t bound);

template <PrimeOrderGroup G>
class DiscreteLogTable {
 public:
  // The table for 0 ≤ m ≤ bound with `baby_steps` entries (0: DefaultBabySteps(bound)).
  static Result<DiscreteLogTable> Make(uint64_t bound = kNationalDiscreteLogBound,
                                       uint64_t baby_steps = 0) {
    if (bound > kMaxDiscreteLogBound) {
      return CheckFailed("discrete_log", "R-C4.decrypt",
                         "a discrete-log bound of " + std::to_string(bound) +
                             " is over the limit " + std::to_string(kMaxDiscreteLogBound));
    }
    if (baby_steps == 0) baby_steps = DefaultBabySteps(bound);
    if (baby_steps > kMaxBabySteps) {
      return CheckFailed("discrete_log", "R-C4.decrypt",
                         "a table of " + std::to_string(baby_steps) + " baby steps is over the limit " +
                             std::to_string(kMaxBabySteps));
    }
    DiscreteLogTable table;
    table.bound_ = bound;
    table.steps_ = baby_steps;
    table.encodings_.reserve(baby_steps);
    table.index_.reserve(baby_steps);
    const typename G::Element generator = G::Generator();
    typename G::Element multiple;  // j·G, from 0·G
    for (uint64_t j = 0; j < baby_steps; ++j) {
      table.encodings_.push_back(G::Encode(multiple));
      table.index_.emplace(Slice(table.encodings_.back()), static_cast<uint32_t>(j));
      multiple = G::Add(multiple, generator);
    }
    table.giant_ = G::Negate(multiple);  // −T·G
    return table;
  }

  uint64_t bound() const { return bound_; }
  uint64_t baby_steps() const { return steps_; }

  // The m in 0..bound with m·G == element; DiscreteLogOutOfRange otherwise (a value above the
  // bound, or an element that is no small multiple of G at all: the two look the same).
  Result<uint64_t> Solve(const typename G::Element& element) const {
    typename G::Element y = element;
    for (uint64_t i = 0; i * steps_ <= bound_; ++i) {
      const typename G::Encoded encoded = G::Encode(y);
      const auto [first, last] = index_.equal_range(Slice(encoded));
      for (auto it = first; it != last; ++it) {
        if (encodings_[it->second] != encoded) continue;  // slices collided; elements differ
        const uint64_t m = i * steps_ + it->second;
        if (m > bound_) return DiscreteLogOutOfRange(bound_);
        return m;
      }
      y = G::Add(y, giant_);
    }
    return DiscreteLogOutOfRange(bound_);
  }

 private:
  DiscreteLogTable() = default;

  static uint64_t Slice(const typename G::Encoded& encoded) {
    static_assert(G::kElementSize >= 8);
    uint64_t key;
    std::memcpy(&key, encoded.data() + encoded.size() - 8, sizeof key);
    return key;
  }

  uint64_t bound_ = 0;
  uint64_t steps_ = 0;
  std::vector<typename G::Encoded> encodings_;      // [j] = Encode(j·G)
  std::unordered_multimap<uint64_t, uint32_t> index_;  // slice of encodings_[j] → j
  typename G::Element giant_;                        // −T·G
};

}  // namespace ashyq::crypto
