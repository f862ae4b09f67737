#include "crypto/discrete_log.h"

#include <algorithm>
#include <cmath>

namespace ashyq::crypto {

uint64_t DefaultBabySteps(uint64_t bound) {
  const double root = std::sqrt(static_cast<double>(bound) + 1.0);
  const auto steps = static_cast<uint64_t>(std::ceil(4.0 * root));
  return std::clamp<uint64_t>(steps, 1, kMaxBabySteps);
}

Error DiscreteLogOutOfRange(uint64_t bound) {
  return CheckFailed("discrete_log", "R-C4.decrypt",
                     "the decrypted value is not a whole number between 0 and " +
                         std::to_string(bound) + " (above the bound, or not a count at all)");
}

}  // namespace ashyq::crypto
