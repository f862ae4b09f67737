#include "evote/tracking_code.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/hash.h"

namespace ashyq::evote {
namespace {

TEST(TrackingCodeTest, SeedAndStepFollowTheDocumentedBytes) {
  const std::vector<uint8_t> input = TrackingSeedInput("e1", "dev");
  EXPECT_EQ(HexEncode(input), "00000002" "6531" "00000003" "646576");
  EXPECT_EQ(TrackingSeed("e1", "dev"), TaggedHash("ashyq/v1/tracking-seed", input));
  // Lengths keep ("e1", "dev") and ("e1d", "ev") apart.
  EXPECT_NE(TrackingSeed("e1", "dev"), TrackingSeed("e1d", "ev"));

  const Digest previous = Sha256(std::string_view("a"));
  const Digest ballot = Sha256(std::string_view("b"));
  std::string message(previous.bytes.begin(), previous.bytes.end());
  message.append(ballot.bytes.begin(), ballot.bytes.end());
  EXPECT_EQ(NextTrackingCode(previous, ballot), TaggedHash("ashyq/v1/tracking-code", message));
  EXPECT_NE(NextTrackingCode(previous, ballot), NextTrackingCode(ballot, previous));
}

TEST(TrackingCodeTest, ShortFormIsTheFirst80BitsInCrockfordBase32) {
  Digest d;
  EXPECT_EQ(ShortTrackingCode(d), "0000-0000-0000-0000");
  d.bytes.fill(0xff);
  EXPECT_EQ(ShortTrackingCode(d), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
  // 0x08 = 00001 000: the first group is 1, the rest 0; bit 80 onwards never shows.
  Digest e;
  e.bytes[0] = 0x08;
  e.bytes[10] = 0xff;
  EXPECT_EQ(ShortTrackingCode(e), "1000-0000-0000-0000");
  Digest f;
  f.bytes[9] = 0x1f;  // the last five of the 80 bits
  EXPECT_EQ(ShortTrackingCode(f), "0000-0000-0000-000Z");
}

TEST(TrackingCodeTest, NormalizeAcceptsWhatVotersType) {
  auto n = NormalizeShortTrackingCode("7kq2 m9xd 3fht a0wz");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, "7KQ2-M9XD-3FHT-A0WZ");
  EXPECT_EQ(*NormalizeShortTrackingCode("7KQ2M9XD3FHTAOWZ"), "7KQ2-M9XD-3FHT-A0WZ");  // O → 0
  EXPECT_EQ(*NormalizeShortTrackingCode("ilIL-0000-0000-0000"), "1111-0000-0000-0000");
  EXPECT_FALSE(NormalizeShortTrackingCode("7KQ2-M9XD-3FHT-A0W").ok());    // 15
  EXPECT_FALSE(NormalizeShortTrackingCode("7KQ2-M9XD-3FHT-A0WU").ok());   // U
  EXPECT_FALSE(NormalizeShortTrackingCode("7KQ2-M9XD-3FHT-A0W!").ok());
}

// A device's chain of n ballots, each with a made-up ballot hash.
std::vector<TrackingLink> Chain(size_t n) {
  std::vector<TrackingLink> links;
  Digest previous = TrackingSeed("e", "d");
  for (size_t i = 0; i < n; ++i) {
    TrackingLink link;
    link.where = "ballot " + std::to_string(i);
    link.previous = previous;
    link.ballot_hash = Sha256("ballot content " + std::to_string(i));
    link.code = NextTrackingCode(link.previous, link.ballot_hash);
    previous = link.code;
    links.push_back(link);
  }
  return links;
}

TEST(TrackingCodeTest, AWholeChainPasses) {
  EXPECT_TRUE(CheckTrackingChain("e", "d", Chain(5)).ok());
  EXPECT_TRUE(CheckTrackingChain("e", "d", {}).ok());
  // Another device's seed: the first link breaks.
  auto s = CheckTrackingChain("e", "other", Chain(2));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "ballot 0");
}

TEST(TrackingCodeTest, ADroppedBallotBreaksTheNextLink) {
  auto links = Chain(5);
  links.erase(links.begin() + 2);
  auto s = CheckTrackingChain("e", "d", links);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "ballot 3");
  EXPECT_EQ(s.error().rule, "R-C4.tracking-chain");
  EXPECT_NE(s.error().message.find("ballot 1"), std::string::npos) << s.error().message;
}

TEST(TrackingCodeTest, SwappedBallotsBreakTheChain) {
  auto links = Chain(5);
  std::swap(links[1], links[2]);
  auto s = CheckTrackingChain("e", "d", links);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "ballot 2");  // now in position 1
}

TEST(TrackingCodeTest, AnInsertedBallotBreaksTheChain) {
  auto links = Chain(4);
  // A forged ballot that claims to follow ballot 1, with its own correct code.
  TrackingLink forged;
  forged.where = "forged";
  forged.previous = links[1].code;
  forged.ballot_hash = Sha256(std::string_view("stuffed"));
  forged.code = NextTrackingCode(forged.previous, forged.ballot_hash);
  links.insert(links.begin() + 2, forged);
  auto s = CheckTrackingChain("e", "d", links);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "ballot 2");  // the honest ballot after it no longer follows
}

TEST(TrackingCodeTest, AChangedBallotOrCodeBreaksItsOwnLink) {
  auto links = Chain(4);
  links[2].ballot_hash.bytes[0] ^= 1;
  auto s = CheckTrackingChain("e", "d", links);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "ballot 2");
  EXPECT_NE(s.error().message.find("changed"), std::string::npos);

  links = Chain(4);
  links[3].code.bytes[31] ^= 1;
  s = CheckTrackingChain("e", "d", links);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "ballot 3");
}

}  // namespace
}  // namespace ashyq::evote
