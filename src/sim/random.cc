#include "sim/random.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <string>

#include "core/hash.h"

namespace ashyq::sim {
namespace {

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t LoadBigEndian(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

Random Random::ForStream(uint64_t seed, std::string_view scenario, std::string_view label) {
  std::string text = "ashyq/sim/stream|";
  text.append(scenario).append("|").append(std::to_string(seed)).append("|").append(label);
  const Digest d = Sha256(text);
  std::array<uint64_t, 4> s{};
  for (size_t i = 0; i < 4; ++i) s[i] = LoadBigEndian(d.bytes.data() + 8 * i);
  if ((s[0] | s[1] | s[2] | s[3]) == 0) s[0] = 1;  // the one state xoshiro cannot leave
  return Random(s);
}

uint64_t Random::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t Random::Below(uint64_t n) {
  assert(n > 0);
  // Reject the top 2^64 mod n values so that every residue is equally likely.
  const uint64_t excess = (UINT64_MAX % n + 1) % n;
  uint64_t r = Next();
  while (excess != 0 && r > UINT64_MAX - excess) r = Next();
  return r % n;
}

int64_t Random::Between(int64_t lo, int64_t hi) {
  assert(lo <= hi);
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (span == 0) return static_cast<int64_t>(Next());  // the whole int64 range
  return lo + static_cast<int64_t>(Below(span));
}

bool Random::Chance(int64_t bp) {
  if (bp <= 0) return false;
  if (bp >= 10000) return true;
  return static_cast<int64_t>(Below(10000)) < bp;
}

size_t Random::Weighted(const std::vector<int64_t>& weights) {
  int64_t sum = 0;
  for (int64_t w : weights) sum += std::max<int64_t>(w, 0);
  assert(sum > 0);
  int64_t r = static_cast<int64_t>(Below(static_cast<uint64_t>(sum)));
  for (size_t i = 0; i < weights.size(); ++i) {
    const int64_t w = std::max<int64_t>(weights[i], 0);
    if (r < w) return i;
    r -= w;
  }
  return weights.size() - 1;  // unreachable
}

std::vector<int64_t> Apportion(int64_t total, const std::vector<int64_t>& weights,
                               const std::vector<int64_t>* caps) {
  const size_t n = weights.size();
  std::vector<int64_t> out(n, 0);
  std::vector<bool> fixed(n, false);
  int64_t remaining = total;
  // Each round apportions what is left among the items not yet at their cap; an item pushed
  // over its cap is fixed there and the round is repeated without it.
  for (;;) {
    int64_t weight_sum = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!fixed[i]) weight_sum += weights[i];
    }
    if (weight_sum <= 0 || remaining <= 0) break;
    std::vector<int64_t> share(n, 0);
    std::vector<std::pair<int64_t, size_t>> remainders;  // (remainder, index)
    int64_t given = 0;
    for (size_t i = 0; i < n; ++i) {
      if (fixed[i]) continue;
      // remaining * weight stays far below 2^63 for election figures (voters x voters).
      const int64_t product = remaining * weights[i];
      share[i] = product / weight_sum;
      given += share[i];
      remainders.emplace_back(product % weight_sum, i);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t k = 0; k < remainders.size() && given < remaining; ++k, ++given) {
      ++share[remainders[k].second];
    }
    bool over = false;
    for (size_t i = 0; i < n; ++i) {
      if (!fixed[i] && caps != nullptr && share[i] > (*caps)[i]) {
        fixed[i] = true;
        out[i] = (*caps)[i];
        remaining -= (*caps)[i];
        over = true;
      }
    }
    if (!over) {
      for (size_t i = 0; i < n; ++i) {
        if (!fixed[i]) out[i] = share[i];
      }
      break;
    }
  }
  return out;
}

std::vector<int64_t> SampleSizes(Random* rng, int64_t count, int64_t total, int64_t lo, int64_t hi) {
  assert(count > 0 && lo <= hi && count * lo <= total && total <= count * hi);
  std::vector<int64_t> sizes(static_cast<size_t>(count));
  const int64_t mean = total / count;
  // P(small plateau [lo, mean]) = (hi - mean) / (hi - lo) makes the expected value `mean`.
  for (int64_t& s : sizes) {
    if (hi == lo) {
      s = lo;
    } else if (rng->Between(0, hi - lo - 1) < hi - mean) {
      s = rng->Between(lo, mean);
    } else {
      s = rng->Between(mean, hi);
    }
  }
  int64_t diff = total - std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
  const size_t n = sizes.size();
  size_t start = static_cast<size_t>(rng->Below(n));
  while (diff != 0) {
    const int64_t sign = diff > 0 ? 1 : -1;
    size_t with_room = 0;
    for (int64_t s : sizes) with_room += sign > 0 ? s < hi : s > lo;
    if (with_room == 0) break;  // only if the caller broke the precondition
    const int64_t step = std::max<int64_t>(1, (diff * sign) / static_cast<int64_t>(with_room));
    for (size_t k = 0; k < n && diff != 0; ++k) {
      int64_t& s = sizes[(start + k) % n];
      const int64_t room = sign > 0 ? hi - s : s - lo;
      const int64_t d = std::min({room, step, diff * sign});
      s += sign * d;
      diff -= sign * d;
    }
    start = (start + 1) % n;
  }
  return sizes;
}

}  // namespace ashyq::sim
