#include "core/shortened.h"

#include <gtest/gtest.h>

#include <string>

namespace ashyq {
namespace {

TEST(ShortenedTest, ShortTextIsShownWhole) {
  EXPECT_EQ(Shortened("pec-0001"), "pec-0001");
  EXPECT_EQ(Shortened(std::string(64, 'a')), std::string(64, 'a'));
}

TEST(ShortenedTest, LongTextIsCutWithAnEllipsis) {
  const std::string shown = Shortened(std::string(size_t{1} << 20, 'x'));
  EXPECT_EQ(shown, std::string(64, 'x') + "\xE2\x80\xA6");
  EXPECT_EQ(Shortened("abcdef", 3), "abc\xE2\x80\xA6");
}

TEST(ShortenedTest, ACutNeverSplitsACharacter) {
  // "Ақ" is 2 + 2 bytes; cutting at 3 would leave half of "қ".
  const std::string text = "\xD0\x90\xD2\x9B\xD0\xBE\xD0\xBB";  // "Ақол"
  EXPECT_EQ(Shortened(text, 3), "\xD0\x90\xE2\x80\xA6");
  EXPECT_EQ(Shortened(text, 4), "\xD0\x90\xD2\x9B\xE2\x80\xA6");
}

}  // namespace
}  // namespace ashyq
