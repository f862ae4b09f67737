#include "verify/copy_check.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/file_io.h"
#include "record_fixture.h"

namespace ashyq::verify {
namespace {

using testing::Honest;
using testing::TinyRecord;

const crypto::SignedObject& Version1(const TinyRecord& r, const std::string& station) {
  for (const crypto::SignedObject& p : r.protocols) {
    if (p.payload().Find("station")->as_string() == station) return p;
  }
  ADD_FAILURE() << "no protocol of " << station;
  return r.protocols.front();
}

protocol::CopyReference Reference(const crypto::SignedObject& object) {
  Result<protocol::CopyReference> ref = protocol::CopyReferenceFor(object);
  EXPECT_TRUE(ref.ok()) << ref.error().ToString();
  return ref.ok() ? *ref : protocol::CopyReference();
}

CopyCheck Check(const std::string& path, const protocol::CopyReference& ref) {
  Result<CopyCheck> check = CheckCopy(path, ref);
  EXPECT_TRUE(check.ok()) << check.error().ToString();
  return check.ok() ? *check : CopyCheck();
}

class CopyCheckTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Honest().built_error, ""); }
  std::string Plain() const {  // a station with only version 1
    for (const PollingStation& s : Honest().election->definition().polling_stations) {
      if (s.id != Honest().recounted_station && s.id != Honest().altered_station) return s.id;
    }
    return "";
  }
};

TEST_F(CopyCheckTest, APublishedProtocolIsTheLatest) {
  const TinyRecord& r = Honest();
  const crypto::SignedObject& p = Version1(r, Plain());
  CopyCheck c = Check(r.publication, Reference(p));
  EXPECT_EQ(c.status, CopyCheck::Status::kPublishedLatest);
  EXPECT_EQ(c.digest, p.digest().Hex());
  EXPECT_GT(c.leaf, 0u);
  EXPECT_EQ(c.counted_version, 1);
  EXPECT_TRUE(c.corrections.empty());
  EXPECT_GT(c.tree_size, c.leaf);
  EXPECT_EQ(c.election_id, r.election->definition().election_id);
  // The same from the digits typed by hand, and from the election directory.
  Result<protocol::CopyReference> typed = protocol::ParseCopyReference(Reference(p).ToTypedText());
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(Check(r.dir, *typed).status, CopyCheck::Status::kPublishedLatest);
}

TEST_F(CopyCheckTest, ACorrectedProtocolIsSupersededWithItsReason) {
  const TinyRecord& r = Honest();
  CopyCheck c = Check(r.publication, Reference(Version1(r, r.recounted_station)));
  EXPECT_EQ(c.status, CopyCheck::Status::kSuperseded);
  EXPECT_EQ(c.counted_version, 2);
  ASSERT_EQ(c.corrections.size(), 1u);
  EXPECT_EQ(c.corrections[0].version, 2);
  EXPECT_EQ(c.corrections[0].digest, r.recount->digest().Hex());
  EXPECT_FALSE(c.corrections[0].reason.empty());
  EXPECT_FALSE(c.corrections[0].decision.empty());
  EXPECT_FALSE(c.corrections[0].refusal.has_value());
  EXPECT_EQ(Check(r.publication, Reference(*r.recount)).status, CopyCheck::Status::kPublishedLatest);
}

TEST_F(CopyCheckTest, ARefusedCorrectionSupersedesNothing) {
  const TinyRecord& r = Honest();
  CopyCheck c = Check(r.publication, Reference(Version1(r, r.altered_station)));
  EXPECT_EQ(c.status, CopyCheck::Status::kPublishedLatest);
  EXPECT_EQ(c.latest_version, 2);
  EXPECT_EQ(c.counted_version, 1);
  ASSERT_EQ(c.corrections.size(), 1u);
  ASSERT_TRUE(c.corrections[0].refusal.has_value());
  EXPECT_EQ(c.corrections[0].refusal->rule, "R-E1.owning-commission");
  c = Check(r.publication, Reference(*r.altered));
  EXPECT_EQ(c.status, CopyCheck::Status::kRefused);
  ASSERT_TRUE(c.refusal.has_value());
  EXPECT_EQ(c.refusal->rule, "R-E1.owning-commission");
}

TEST_F(CopyCheckTest, NeverPublished) {
  const TinyRecord& r = Honest();
  protocol::CopyReference ref = Reference(Version1(r, Plain()));
  protocol::CopyReference other = ref;
  other.digest = std::string(64, '7');
  CopyCheck c = Check(r.publication, other);
  EXPECT_EQ(c.status, CopyCheck::Status::kNeverPublished);
  EXPECT_NE(c.why.find("the copy differs from the published protocol"), std::string::npos) << c.why;
  other = ref;
  other.version = 3;
  EXPECT_NE(Check(r.publication, other).why.find("no version 3"), std::string::npos);
  other = ref;
  other.station = "ps-nowhere-0001";
  EXPECT_NE(Check(r.publication, other).why.find("no protocol of station ps-nowhere-0001"), std::string::npos);
  other = ref;
  other.election_id = "another-election";
  EXPECT_NE(Check(r.publication, other).why.find("another-election"), std::string::npos);
}

TEST_F(CopyCheckTest, ADamagedLogIsRefused) {
  const TinyRecord& r = Honest();
  const std::string copy = testing::CopyPublication(r);
  Result<std::string> index = ReadFile(copy + "/index.json", 1 << 20);
  ASSERT_TRUE(index.ok());
  const size_t at = index->find("log/leaves/");
  const std::string range = index->substr(at, index->find('"', at) - at);
  Result<std::string> text = ReadFile(copy + "/" + range, 1 << 26);
  ASSERT_TRUE(text.ok());
  std::string changed = *text;
  const size_t figure = changed.find("\"invalid_ballots\":");
  changed.insert(figure + 18, "1");
  std::ofstream(copy + "/" + range, std::ios::binary | std::ios::trunc) << changed;
  Result<CopyCheck> c = CheckCopy(copy, Reference(Version1(r, Plain())));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kCheckFailed);
  EXPECT_NE(c.error().message.find("ashyq verify"), std::string::npos);
  EXPECT_EQ(CheckCopy(testing::TempDir("none"), Reference(Version1(r, Plain()))).error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace ashyq::verify
