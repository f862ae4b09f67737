#include "protocol/protocol_copy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "protocol_fixture.h"

namespace ashyq::protocol {
namespace {

using ::testing::HasSubstr;

constexpr const char* kDigest = "85470a3f9b2c1d4e77f0c3b2a1908f7e6d5c4b3a29180716f5e4d3c2b1a09f8e";

CopyReference Sample() {
  CopyReference ref;
  ref.election_id = "kz2007-majilis";
  ref.station = "ps-akmola-0175";
  ref.version = 2;
  ref.digest = kDigest;
  return ref;
}

// The expected failure of ParseCopyReference on `text`: kBadInput naming `part`.
void ExpectRejected(const std::string& text, const std::string& part, const std::string& says) {
  Result<CopyReference> r = ParseCopyReference(text);
  ASSERT_FALSE(r.ok()) << "accepted: " << text;
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput) << text;
  EXPECT_EQ(r.error().where, part) << text << " -> " << r.error().ToString();
  EXPECT_THAT(r.error().message, HasSubstr(says)) << text;
}

TEST(CopyReferenceTest, QrTextIsExactAndRoundTrips) {
  const CopyReference ref = Sample();
  EXPECT_EQ(ref.ToQrText(), std::string("ASHYQ1:kz2007-majilis:ps-akmola-0175:2:") + kDigest);
  Result<CopyReference> back = ParseCopyReference(ref.ToQrText());
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, ref);
  EXPECT_TRUE(back->has_full_digest());
  // A scanner's trailing newline is not part of the text.
  back = ParseCopyReference("  " + ref.ToQrText() + "\n");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, ref);
}

TEST(CopyReferenceTest, TypedFormRoundTripsWithoutElectionAndWithDigestPrefix) {
  const CopyReference ref = Sample();
  const std::string typed = ref.ToTypedText();
  EXPECT_THAT(typed, ::testing::StartsWith("ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E 77F0 "));
  EXPECT_EQ(typed.size(), std::string("ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E 77F0 K").size());
  Result<CopyReference> back = ParseCopyReference(typed);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->election_id, "");
  EXPECT_EQ(back->station, "ps-akmola-0175");
  EXPECT_EQ(back->version, 2);
  EXPECT_EQ(back->digest, "85470a3f9b2c1d4e77f0");
  EXPECT_FALSE(back->has_full_digest());
  // The typed text of a typed reference is the same text.
  EXPECT_EQ(back->ToTypedText(), typed);
}

TEST(CopyReferenceTest, TypedFormIsForgivingAboutCaseAndGrouping) {
  const std::string typed = Sample().ToTypedText();
  const char check = typed.back();
  const std::string lower_check(1, static_cast<char>(check >= 'A' && check <= 'Z' ? check - 'A' + 'a' : check));
  for (const std::string& variant : {
           "PS-AKMOLA-0175 V2 85470A3F9B2C1D4E77F0" + std::string(1, check),
           "ps-akmola-0175   v2 8547-0a3f-9b2c-1d4e-77f0-" + lower_check,
           "\tps-akmola-0175 v2 8547 0a3f 9b2c 1d4e 77f0" + lower_check + "\r\n",
           "ps-akmola-0175 v2 85 47 0a3f9b2c 1d4e77f0 " + std::string(1, check),
       }) {
    Result<CopyReference> r = ParseCopyReference(variant);
    ASSERT_TRUE(r.ok()) << variant << ": " << r.error().ToString();
    EXPECT_EQ(r->station, "ps-akmola-0175");
    EXPECT_EQ(r->digest, "85470a3f9b2c1d4e77f0");
  }
}

TEST(CopyReferenceTest, MatchesWholeDigestOrItsPrefixOnly) {
  Result<Digest> d = Digest::FromHex(kDigest);
  ASSERT_TRUE(d.ok());
  Result<Digest> other = Digest::FromHex(std::string(kDigest).replace(63, 1, "f"));
  ASSERT_TRUE(other.ok());
  const CopyReference full = Sample();
  EXPECT_TRUE(full.Matches(*d));
  EXPECT_FALSE(full.Matches(*other));
  Result<CopyReference> typed = ParseCopyReference(full.ToTypedText());
  ASSERT_TRUE(typed.ok());
  EXPECT_TRUE(typed->Matches(*d));
  EXPECT_TRUE(typed->Matches(*other));  // differs after the 20th digit: a prefix cannot tell
  Result<Digest> early = Digest::FromHex(std::string(kDigest).replace(5, 1, "0"));
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(typed->Matches(*early));
  EXPECT_FALSE(CopyReference{}.Matches(*d));
}

TEST(CopyReferenceTest, CheckCharacterIsIso7064Mod37_2) {
  // ISO/IEC 7064 MOD 37-2 over "A-1-0" (values 10, 36, 1, 36, 0):
  // p = 20, 112%37=1, 4, 80%37=6, 12: check value (38 - 12) % 37 = 26 = 'Q'.
  EXPECT_EQ(TypedCheckCharacter("a", 1, "0"), 'Q');
  // Every character of the alphabet appears for some input (0-9, A-Z and '*').
  std::string seen;
  for (int i = 0; i < 2000 && seen.size() < 37; ++i) {
    const char c = TypedCheckCharacter("ps-" + std::to_string(i), 1, "0123456789abcdef0123");
    if (seen.find(c) == std::string::npos) seen += c;
  }
  EXPECT_EQ(seen.size(), 37u);
  EXPECT_NE(seen.find('*'), std::string::npos);
}

// Every single mistyped character and every swap of two neighbours, anywhere in the typed text
// (station, version, digest, the check itself), is refused: as a bad check character, or as
// malformed when the typo breaks the form. Never accepted as another reference.
TEST(CopyReferenceTest, CheckCharacterCatchesEverySingleTypoAndAdjacentSwap) {
  const std::string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz-* ";
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (const CopyReference& ref : {Sample(), CopyReference{"", "ps-1", 10, kDigest},
                                   CopyReference{"", "ps-almaty-city-0406", 1, std::string(64, '0')}}) {
    // "<station> v<version> <20 digits><check>": every character of it, spaces included.
    const std::string typed = ref.ToTypedText();
    const size_t digits_start = ref.station.size() + 3 + std::to_string(ref.version).size();
    std::string text = typed.substr(0, digits_start);
    for (size_t i = digits_start; i < typed.size(); ++i) {
      if (typed[i] != ' ') text += typed[i];
    }
    ASSERT_TRUE(ParseCopyReference(text).ok()) << text;
    int substitutions = 0, swaps = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      for (char c : alphabet) {
        if (c == lower(text[i])) continue;
        std::string typo = text;
        typo[i] = c;
        EXPECT_FALSE(ParseCopyReference(typo).ok()) << "typo accepted: " << typo;
        ++substitutions;
      }
      if (i + 1 < text.size() && lower(text[i]) != lower(text[i + 1])) {
        std::string swapped = text;
        std::swap(swapped[i], swapped[i + 1]);
        EXPECT_FALSE(ParseCopyReference(swapped).ok()) << "swap accepted: " << swapped;
        ++swaps;
      }
    }
    EXPECT_GT(substitutions, 1000);
    EXPECT_GT(swaps, 20);
  }
}

TEST(CopyReferenceTest, BadCheckCharacterNamesTheRule) {
  std::string typed = Sample().ToTypedText();
  typed[typed.size() - 3] = typed[typed.size() - 3] == '0' ? '1' : '0';  // a digest digit
  Result<CopyReference> r = ParseCopyReference(typed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "check");
  EXPECT_EQ(r.error().rule, "R-D3.copy-check");
  EXPECT_THAT(r.error().message, HasSubstr("mistyped or two were swapped"));
}

TEST(CopyReferenceTest, MalformedQrTextIsRejectedClearly) {
  const std::string d = kDigest;
  ExpectRejected("ASHYQ2:kz2007-majilis:ps-1:1:" + d, "prefix", "must start with \"ASHYQ1:\"");
  ExpectRejected("ashyq1:kz2007-majilis:ps-1:1:" + d, "prefix", "must start with \"ASHYQ1:\"");
  ExpectRejected("http://example.org/x", "prefix", "not an Ashyq protocol copy");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:" + d, "prefix", "5 fields");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:1:" + d + ":", "prefix", "found 6");
  ExpectRejected("ASHYQ1::ps-1:1:" + d, "election_id", "election id is empty");
  ExpectRejected("ASHYQ1:KZ2007:ps-1:1:" + d, "election_id", "other than a-z, 0-9 and '-'");
  ExpectRejected("ASHYQ1:kz2007-majilis::1:" + d, "station", "station id is empty");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps 1:1:" + d, "station", "other than a-z");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-\xD0\x90:1:" + d, "station", "\\xd0");
  ExpectRejected("ASHYQ1:kz2007-majilis:" + std::string(129, 'a') + ":1:" + d, "station", "longer than 128");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1::" + d, "version", "missing");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:0:" + d, "version", "versions start at 1");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:02:" + d, "version", "leading zero");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:-1:" + d, "version", "not a whole number");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:+1:" + d, "version", "not a whole number");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:1234567890:" + d, "version", "too large");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:1:" + d.substr(1), "digest", "64 hex digits, found 63");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:1:" + d + "0", "digest", "found 65");
  std::string upper = d;
  upper[0] = 'F';
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:1:" + upper, "digest", "lowercase hex");
  std::string nonhex = d;
  nonhex[10] = 'g';
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:1:" + nonhex, "digest", "lowercase hex");
  ExpectRejected("ASHYQ1:kz2007-majilis:ps-1:1: " + d.substr(1), "digest", "lowercase hex");
  ExpectRejected(std::string(2000, ':'), "prefix", "too long");
}

TEST(CopyReferenceTest, MalformedTypedFormIsRejectedClearly) {
  const std::string typed = Sample().ToTypedText();  // ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E 77F0 K
  const std::string tail = typed.substr(std::string("ps-akmola-0175 v2").size());
  ExpectRejected("", "station", "the text is empty");
  ExpectRejected("   \n", "station", "the text is empty");
  ExpectRejected("ps-akmola-0175 v2", "station", "found 2 part(s)");
  ExpectRejected("ps_akmola-0175 v2" + tail, "station", "other than a-z");
  ExpectRejected("ps-akmola-0175 2" + tail, "version", "v<number>");
  ExpectRejected("ps-akmola-0175 v" + tail, "version", "missing");
  ExpectRejected("ps-akmola-0175 v0" + tail, "version", "versions start at 1");
  ExpectRejected("ps-akmola-0175 v02" + tail, "version", "leading zero");
  ExpectRejected("ps-akmola-0175 vx" + tail, "version", "not a whole number");
  ExpectRejected("ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E 77F0", "check", "check character after the 20 digest digits is missing");
  ExpectRejected("ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E 77F", "digest", "found 19 character(s)");
  ExpectRejected("ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E", "digest", "a group is incomplete");
  ExpectRejected("ps-akmola-0175 v2" + tail + "0", "digest", "too many characters");
  ExpectRejected("ps-akmola-0175 v2 8547 0A3G 9B2C 1D4E 77F0 K", "digest", "digest digit 8 is \"G\"");
  ExpectRejected("ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E 77F0 #", "check", "not one of 0-9, A-Z, *");
}

TEST(CopyReferenceTest, ReferenceOfASignedProtocol) {
  testing::Election election(testing::ProtocolTestDefinition());
  PrecinctProtocol p = testing::NorthPaperProtocol(election.digest);
  Result<crypto::SignedObject> signed_protocol =
      SignProtocol(p, *election.context, election.AllOf(p.commission));
  ASSERT_TRUE(signed_protocol.ok()) << signed_protocol.error().ToString();
  Result<CopyReference> ref = CopyReferenceFor(*signed_protocol);
  ASSERT_TRUE(ref.ok()) << ref.error().ToString();
  EXPECT_EQ(ref->election_id, "test-2007");
  EXPECT_EQ(ref->station, "ps-north-0002");
  EXPECT_EQ(ref->version, 1);
  EXPECT_EQ(ref->digest, signed_protocol->digest().Hex());
  EXPECT_TRUE(ref->Matches(signed_protocol->digest()));
  Result<CopyReference> back = ParseCopyReference(ref->ToQrText());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *ref);

  // Not a protocol, or a station id a reference cannot carry: refused, naming the field.
  json::Value other = json::Value::Object();
  other.Set("format", json::Value("ashyq/tier-protocol/1"));
  Result<crypto::SignedObject> tier = crypto::SignedObject::Create(std::move(other));
  ASSERT_TRUE(tier.ok());
  Result<CopyReference> refused = CopyReferenceFor(*tier);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "/payload/format");

  json::Value payload = ProtocolToJson(p);
  payload.Set("station", json::Value("PS:North"));
  Result<crypto::SignedObject> odd = crypto::SignedObject::Create(std::move(payload));
  ASSERT_TRUE(odd.ok());
  refused = CopyReferenceFor(*odd);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "/payload/station");
  EXPECT_THAT(refused.error().message, HasSubstr("cannot be printed in a copy reference"));

  payload = ProtocolToJson(p);
  payload.Set("version", json::Value(int64_t{0}));
  odd = crypto::SignedObject::Create(std::move(payload));
  ASSERT_TRUE(odd.ok());
  refused = CopyReferenceFor(*odd);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "/payload/version");
}

}  // namespace
}  // namespace ashyq::protocol
