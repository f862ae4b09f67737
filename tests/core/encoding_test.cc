#include "core/encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ashyq {
namespace {

std::vector<uint8_t> Bytes(std::string_view s) { return std::vector<uint8_t>(s.begin(), s.end()); }

TEST(Hex, EncodesLowercase) {
  EXPECT_EQ(HexEncode(std::vector<uint8_t>{}), "");
  EXPECT_EQ(HexEncode(std::vector<uint8_t>{0x00, 0x01, 0xab, 0xff}), "0001abff");
}

TEST(Hex, DecodesAndRoundTrips) {
  Result<std::vector<uint8_t>> r = HexDecode("0001abff");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<uint8_t>{0x00, 0x01, 0xab, 0xff}));
  EXPECT_TRUE(HexDecode("")->empty());
  std::vector<uint8_t> all(256);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(*HexDecode(HexEncode(all)), all);
}

TEST(Hex, RejectsBadInput) {
  struct Case {
    const char* text;
    const char* message_part;
  } cases[] = {
      {"abc", "odd length 3"},
      {"ABCD", "invalid hex character 'A' at offset 0"},
      {"00fG", "invalid hex character 'G' at offset 3"},
      {"0x00", "'x' at offset 1"},
      {"00 1", "byte 0x20 at offset 2"},
      {"zz", "'z' at offset 0"},
  };
  for (const Case& c : cases) {
    Result<std::vector<uint8_t>> r = HexDecode(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << r.error().message;
  }
}

TEST(Hex, DecodeIntoRequiresExactLength) {
  std::array<uint8_t, 4> out{};
  ASSERT_TRUE(HexDecodeInto("deadbeef", out).ok());
  EXPECT_EQ(out, (std::array<uint8_t, 4>{0xde, 0xad, 0xbe, 0xef}));
  std::array<uint8_t, 4> untouched{1, 2, 3, 4};
  Status s = HexDecodeInto("deadbe", untouched);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "expected 8 hex digits (4 bytes), found 6");
  EXPECT_FALSE(HexDecodeInto("deadbeef00", untouched).ok());
  EXPECT_FALSE(HexDecodeInto("deadbeeG", untouched).ok());
  EXPECT_EQ(untouched, (std::array<uint8_t, 4>{1, 2, 3, 4}));  // nothing written on failure
}

TEST(Base64Url, Rfc4648Vectors) {
  // RFC 4648 section 10, without padding.
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64UrlEncode(Bytes(plain)), encoded);
    Result<std::vector<uint8_t>> back = Base64UrlDecode(encoded);
    ASSERT_TRUE(back.ok()) << encoded << ": " << back.error().ToString();
    EXPECT_EQ(*back, Bytes(plain));
  }
}

TEST(Base64Url, UsesUrlAlphabet) {
  std::vector<uint8_t> bytes{0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64UrlEncode(bytes), "-_-_");
  EXPECT_EQ(*Base64UrlDecode("-_-_"), bytes);
  std::vector<uint8_t> all(256);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(*Base64UrlDecode(Base64UrlEncode(all)), all);
}

TEST(Base64Url, StrictDecoding) {
  struct Case {
    const char* text;
    const char* message_part;
  } cases[] = {
      {"Zg==", "'=' at offset 2"},           // padding
      {"Zm9v\n", "byte 0x0a at offset 4"},   // whitespace
      {"Zm 9v", "byte 0x20 at offset 2"},
      {"+/+/", "'+' at offset 0"},            // standard alphabet
      {"Zm9v/w", "'/' at offset 4"},
      {"Z", "length 1"},                      // impossible length
      {"Zm9vY", "length 5"},
      {"Zh", "non-canonical"},                // trailing bits not zero ("Zg" is canonical)
      {"Zm9", "non-canonical"},               // "Zm8" is canonical
  };
  for (const Case& c : cases) {
    Result<std::vector<uint8_t>> r = Base64UrlDecode(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << c.text << ": " << r.error().message;
  }
}

}  // namespace
}  // namespace ashyq
