#include "core/grouped_number.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace ashyq {
namespace {

TEST(Grouped, SmallAndBoundaryValues) {
  EXPECT_EQ(Grouped(0), "0");
  EXPECT_EQ(Grouped(-1), "-1");
  EXPECT_EQ(Grouped(999), "999");
  EXPECT_EQ(Grouped(1000), "1,000");
  EXPECT_EQ(Grouped(-1000), "-1,000");
  EXPECT_EQ(Grouped(-999), "-999");
  EXPECT_EQ(Grouped(100000), "100,000");
  EXPECT_EQ(Grouped(5247720), "5,247,720");
}

// The CLI's formatter negated INT64_MIN (undefined behaviour) and the tabulation's negated the
// Int128 minimum the same way.
TEST(Grouped, MinimaAndMaximaOfEveryWidth) {
  EXPECT_EQ(Grouped(INT64_MIN), "-9,223,372,036,854,775,808");
  EXPECT_EQ(Grouped(INT64_MAX), "9,223,372,036,854,775,807");
  EXPECT_EQ(Grouped(UINT64_MAX), "18,446,744,073,709,551,615");
  EXPECT_EQ(Grouped(std::numeric_limits<int32_t>::min()), "-2,147,483,648");
  const Int128 max128 = (static_cast<Int128>(INT64_MAX) << 64) | static_cast<Int128>(UINT64_MAX);  // 2^127 - 1
  EXPECT_EQ(Grouped(max128), "170,141,183,460,469,231,731,687,303,715,884,105,727");
  EXPECT_EQ(Grouped(-max128 - 1), "-170,141,183,460,469,231,731,687,303,715,884,105,728");
  // Just above 64 bits, where the fast path hands over to 128-bit division.
  EXPECT_EQ(Grouped(static_cast<Int128>(UINT64_MAX) + 1), "18,446,744,073,709,551,616");
}

TEST(Grouped, EveryIntegerTypeConverts) {
  EXPECT_EQ(Grouped(size_t{1234567}), "1,234,567");
  EXPECT_EQ(Grouped(uint32_t{4000000000u}), "4,000,000,000");
  EXPECT_EQ(Grouped(int64_t{-9007199254740991}), "-9,007,199,254,740,991");
}

}  // namespace
}  // namespace ashyq
