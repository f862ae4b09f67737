// The variants of the tiny scenario's golden publication (tests/data/golden/<name>/), shared by
// the generator (make_golden.cc) and the tests that read them.
#pragma once

namespace ashyq::golden {

enum class RecordVariant {
  kHonest,
  kForgedTierProtocol,  // a TEC signs totals that are not the sum of its precincts
  kStaleTierProtocols,  // a recount logged after the tier protocols, not tabulated again
};

// The variants' folder names under tests/data/golden/.
inline const char* VariantName(RecordVariant variant) {
  switch (variant) {
    case RecordVariant::kHonest: return "honest";
    case RecordVariant::kForgedTierProtocol: return "forged-tier-protocol";
    case RecordVariant::kStaleTierProtocols: return "stale-tier-protocols";
  }
  return "?";
}
inline constexpr RecordVariant kVariants[] = {RecordVariant::kHonest, RecordVariant::kForgedTierProtocol,
                                              RecordVariant::kStaleTierProtocols};

}  // namespace ashyq::golden
