#include "registry/national_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ashyq::registry {
namespace {

using ::testing::HasSubstr;

TEST(NationalId, MadeIdsParseAndCarryTheirBirthDate) {
  for (uint32_t serial = 0; serial < 200; ++serial) {
    const int32_t birth = 19500101 + static_cast<int32_t>(serial % 12) * 100 + static_cast<int32_t>(serial % 28);
    const NationalId id = MakeNationalId(birth, serial % 2 == 0, serial);
    Result<NationalId> parsed = ParseNationalId(FormatNationalId(id), "x");
    ASSERT_TRUE(parsed.ok()) << FormatNationalId(id) << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, id);
    EXPECT_EQ(BirthDateOfNationalId(id), birth);
  }
  EXPECT_EQ(BirthDateOfNationalId(MakeNationalId(20010309, false, 7)), 20010309);  // century digit 5
  EXPECT_EQ(FormatNationalId(MakeNationalId(20010309, false, 7)).substr(0, 7), "0103095");
}

TEST(NationalId, CheckDigitByTheTwoWeightings) {
  // First weighting: 1*1+2*2+...: digits 0,0,0,0,0,0,0,0,0,0,1 -> 11 mod 11 = 0.
  EXPECT_EQ(IinCheckDigit("00000000001"), 0);
  // digits ...,0,1,0 -> 10: the second weighting gives 1 (weight 1 at position 10).
  EXPECT_EQ(IinCheckDigit("00000000010"), 1);
  // 9 at position 1 (weight 1) and 1 at position 10 (weight 10): 19 mod 11 = 8.
  EXPECT_EQ(IinCheckDigit("90000000010"), 8);
}

TEST(NationalId, AMistypedDigitIsRefused) {
  // A changed check digit always; digits 8-10 nearly always (when the changed first sum is 10,
  // the second weighting decides, and lets one in ten through). Digit 11's first weight is 11,
  // 0 mod 11: the scheme itself leaves it nearly unchecked, so it is not tried here.
  size_t changed = 0, refused = 0;
  for (uint32_t serial = 0; serial < 300; ++serial) {
    const std::string good = FormatNationalId(MakeNationalId(19870214, true, serial * 31));
    for (size_t i : {7, 8, 9, 11}) {
      std::string bad = good;
      bad[i] = bad[i] == '9' ? '0' : static_cast<char>(bad[i] + 1);
      Result<NationalId> parsed = ParseNationalId(bad, "line 3, field \"national_id\"");
      if (i == 11) {
        ASSERT_FALSE(parsed.ok()) << bad;
      }
      ++changed;
      if (parsed.ok()) continue;
      ++refused;
      EXPECT_EQ(parsed.error().where, "line 3, field \"national_id\"");
      EXPECT_THAT(parsed.error().message, HasSubstr("check digit"));
    }
  }
  EXPECT_GT(refused * 100, changed * 97) << refused << " of " << changed;
}

TEST(NationalId, ShapeErrorsSayWhatIsWrong) {
  EXPECT_THAT(ParseNationalId("12345", "w").error().message, HasSubstr("12 digits"));
  EXPECT_THAT(ParseNationalId("87021435001X", "w").error().message, HasSubstr("digits only"));
  EXPECT_THAT(ParseNationalId("870214750017", "w").error().message, HasSubstr("digit 7"));
  EXPECT_THAT(ParseNationalId("871314350017", "w").error().message, HasSubstr("no date of birth"));
}

}  // namespace
}  // namespace ashyq::registry
