#include "core/utc_time.h"

#include <gtest/gtest.h>

namespace ashyq {
namespace {

TEST(UtcTime, FormatsSecondsInUtc) {
  EXPECT_EQ(UtcTimestamp(std::chrono::system_clock::from_time_t(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(UtcTimestamp(std::chrono::system_clock::from_time_t(1187467200)), "2007-08-18T20:00:00Z");
  EXPECT_TRUE(IsUtcTimestamp(UtcNow()));
}

TEST(UtcTime, ChecksTheExactForm) {
  EXPECT_TRUE(IsUtcTimestamp("2007-08-18T20:15:00Z"));
  EXPECT_TRUE(IsUtcTimestamp("2008-02-29T23:59:59Z"));
  EXPECT_FALSE(IsUtcTimestamp("2007-02-29T00:00:00Z"));  // not a leap year
  EXPECT_FALSE(IsUtcTimestamp("2007-08-18T24:00:00Z"));
  EXPECT_FALSE(IsUtcTimestamp("2007-13-18T20:15:00Z"));
  EXPECT_FALSE(IsUtcTimestamp("2007-08-18 20:15:00Z"));
  EXPECT_FALSE(IsUtcTimestamp("2007-08-18T20:15:00+06:00"));
  EXPECT_FALSE(IsUtcTimestamp("2007-08-18T20:15:00"));
  EXPECT_FALSE(IsUtcTimestamp(""));
}

}  // namespace
}  // namespace ashyq
