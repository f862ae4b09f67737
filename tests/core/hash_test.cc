#include "core/hash.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ashyq {
namespace {

TEST(Sha256, KnownAnswers) {
  // FIPS 180-2 examples.
  EXPECT_EQ(Sha256(std::string_view("")).Hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256(std::string_view("abc")).Hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string_view two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(Sha256(two_blocks).Hex(),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const uint8_t abc[] = {'a', 'b', 'c'};
  EXPECT_EQ(Sha256(std::span<const uint8_t>(abc)), Sha256(std::string_view("abc")));
}

TEST(Sha256, StreamMatchesOneShot) {
  std::string data(1'000'000, 'a');
  Sha256Stream stream;
  for (size_t i = 0; i < data.size(); i += 777) {
    stream.Update(std::string_view(data).substr(i, 777));
  }
  Digest d = stream.Finish();
  // FIPS 180-2: one million 'a'.
  EXPECT_EQ(d.Hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(d, Sha256(data));
  Sha256Stream bytes;
  const uint8_t abc[] = {'a', 'b', 'c'};
  bytes.Update(std::span<const uint8_t>(abc));
  EXPECT_EQ(bytes.Finish(), Sha256(std::string_view("abc")));
}

TEST(TaggedHash, IsSha256OfTagZeroData) {
  std::string framed = std::string(tag::kObject) + std::string(1, '\0') + "payload";
  EXPECT_EQ(TaggedHash(tag::kObject, "payload"), Sha256(framed));
  const uint8_t bytes[] = {'p', 'a', 'y', 'l', 'o', 'a', 'd'};
  EXPECT_EQ(TaggedHash(tag::kObject, std::span<const uint8_t>(bytes)), Sha256(framed));
}

TEST(TaggedHash, DiffersByTagAndFraming) {
  Digest object = TaggedHash(tag::kObject, "data");
  EXPECT_NE(object, TaggedHash(tag::kSignature, "data"));
  EXPECT_NE(object, TaggedHash(tag::kBallotLottery, "data"));
  EXPECT_NE(object, Sha256(std::string_view("data")));
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  EXPECT_NE(TaggedHash("ab", "c"), TaggedHash("a", "bc"));
  EXPECT_NE(TaggedHash(tag::kObject, ""), TaggedHash(tag::kObject, std::string(1, '\0')));
}

TEST(Digest, HexRoundTripAndStrictParsing) {
  Digest d = Sha256(std::string_view("abc"));
  Result<Digest> back = Digest::FromHex(d.Hex());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, d);
  EXPECT_LT(Digest{}, d);

  std::string upper = d.Hex();
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Result<Digest> bad_case = Digest::FromHex(upper);
  ASSERT_FALSE(bad_case.ok());
  EXPECT_EQ(bad_case.error().code, ErrorCode::kBadInput);
  Result<Digest> short_hex = Digest::FromHex(d.Hex().substr(2));
  ASSERT_FALSE(short_hex.ok());
  EXPECT_NE(short_hex.error().message.find("expected 64 hex digits"), std::string::npos);
  EXPECT_FALSE(Digest::FromHex(d.Hex() + "00").ok());
  EXPECT_FALSE(Digest::FromHex("").ok());
}

}  // namespace
}  // namespace ashyq
