#include "verify/published_index.h"

#include <gtest/gtest.h>

#include "core/file_io.h"
#include "record_fixture.h"

namespace ashyq::verify {
namespace {

std::string HonestIndex() {
  const testing::TinyRecord& r = testing::Honest();
  EXPECT_EQ(r.built_error, "");
  Result<std::string> text = ReadFile(r.publication + "/index.json", kMaxIndexBytes);
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : std::string();
}

// The index with `from` replaced by `to` (once).
std::string Edited(const std::string& from, const std::string& to) {
  std::string text = HonestIndex();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(PublishedIndexTest, ReadsThePublishersIndex) {
  Result<PublishedIndex> index = ParsePublishedIndex(HonestIndex());
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  const ElectionDefinition& def = testing::Honest().election->definition();
  EXPECT_EQ(index->election_id, def.election_id);
  EXPECT_TRUE(index->stations.empty());  // in a file of its own
  EXPECT_EQ(index->search_bucket_size, 10);
  ASSERT_TRUE(ReadStationMap(PublicationDirectory(testing::Honest().publication), &*index).ok());
  EXPECT_EQ(index->stations.size(), def.polling_stations.size());
  EXPECT_EQ(index->range_size, 1024);
  ASSERT_EQ(index->ranges.size(), 1u);
  EXPECT_EQ(index->ranges[0], "log/leaves/0-" + std::to_string(index->tree_head.size) + ".jsonl");
  EXPECT_EQ(index->tree_head.file, "log/tree-heads/" + std::to_string(index->tree_head.size) + ".json");
  EXPECT_EQ(index->files.csv.size(), 2 * def.contests.size());
  EXPECT_EQ(index->commissions.front().first, "cec");
}

TEST(PublishedIndexTest, RefusesWhatIsNotAnIndex) {
  Result<PublishedIndex> index = ParsePublishedIndex(R"({"format":"ashyq/publication/2"})");
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().code, ErrorCode::kBadInput);
  EXPECT_FALSE(ParsePublishedIndex("[1,2]").ok());
  EXPECT_FALSE(ParsePublishedIndex("{\"format\":").ok());
}

TEST(PublishedIndexTest, NamesUnknownAndMissingFieldsByPointer) {
  Result<PublishedIndex> index = ParsePublishedIndex(Edited("\"format\":", "\"colour\":\"red\",\"format\":"));
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().where, "/colour");
  index = ParsePublishedIndex(Edited("\"range_size\":1024", "\"range_size\":\"1024\""));
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().where, "/log/range_size");
  index = ParsePublishedIndex(Edited("\"root_hash\":\"", "\"root_hash\":\"X"));
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().where, "/tree_head/root_hash");
  index = ParsePublishedIndex(Edited("\"search\":{", "\"search\":{\"x\":7,"));
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().where, "/search/x");
}

TEST(PublishedIndexTest, RefusesPathsOutsideThePublication) {
  for (const char* bad : {"../../etc/passwd", "/etc/passwd", "data/../../x", "data//x", "other/x.json",
                          "data/./x", "data/x y.json", "data/", "log"}) {
    Result<PublishedIndex> index = ParsePublishedIndex(Edited("\"definition\":\"", std::string("\"definition\":\"") + bad + "\",\"x\":\""));
    EXPECT_FALSE(index.ok()) << bad;
  }
  Result<PublishedIndex> index =
      ParsePublishedIndex(Edited("\"search\":{", "\"search\":{\"evil\":\"../../../etc/shadow\","));
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().where, "/search/evil");
}

TEST(PublishedIndexTest, TheStationMapIsReadStrictly) {
  Result<PublishedIndex> index = ParsePublishedIndex(HonestIndex());
  ASSERT_TRUE(index.ok());
  index->files.stations = "data/missing.json";
  Status missing = ReadStationMap(PublicationDirectory(testing::Honest().publication), &*index);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().ToString().find("data/missing.json"), std::string::npos) << missing.error().ToString();
  index->files.stations = index->files.election;  // another document: not a station map
  Status other = ReadStationMap(PublicationDirectory(testing::Honest().publication), &*index);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace ashyq::verify
