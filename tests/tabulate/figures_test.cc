#include "tabulate/figures.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace ashyq::tabulate {
namespace {

TEST(Decimal, TruncatesAndGroups) {
  EXPECT_EQ(Decimal(425770100, 1000, 2), "425,770.10");
  EXPECT_EQ(Decimal(2, 3, 4), "0.6666");  // truncated, never rounded up
  EXPECT_EQ(Decimal(7, 1, 0), "7");
  EXPECT_EQ(Decimal(-25, 100, 2), "-0.25");
  EXPECT_EQ(Decimal(-1234567, 1000, 3), "-1,234.567");
  EXPECT_EQ(Decimal(5, 0, 2), "-");
}

// The old Decimal negated its numerator: undefined for the minimum of the type.
TEST(Decimal, MinimumNumerator) {
  const Int128 min128 = -((static_cast<Int128>(INT64_MAX) << 64) | static_cast<Int128>(UINT64_MAX)) - 1;
  EXPECT_EQ(Decimal(min128, 1, 1), "-170,141,183,460,469,231,731,687,303,715,884,105,728.0");
  EXPECT_EQ(Decimal(INT64_MIN, 10, 1), "-922,337,203,685,477,580.8");
}

}  // namespace
}  // namespace ashyq::tabulate
