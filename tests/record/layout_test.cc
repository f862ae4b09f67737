#include "record/layout.h"

#include <gtest/gtest.h>

#include "core/hash.h"

namespace ashyq::record {
namespace {

TEST(LayoutTest, LogRangeFiles) {
  EXPECT_EQ(LogRangeFile(1024, 2048), "log/leaves/1024-2048.jsonl");
  uint64_t first = 0, end = 0;
  EXPECT_TRUE(ParseLogRangeFile("log/leaves/0-1024.jsonl", &first, &end));
  EXPECT_EQ(first, 0u);
  EXPECT_EQ(end, 1024u);
  EXPECT_TRUE(ParseLogRangeFile(LogRangeFile(1024, 1030), &first, &end));
  EXPECT_EQ(first, 1024u);
  EXPECT_EQ(end, 1030u);
  for (const char* bad : {"log/leaves/01-3.jsonl", "log/leaves/3-3.jsonl", "log/leaves/5-3.jsonl",
                          "log/leaves/0-3.json", "log/leaves/0_3.jsonl", "log/leaves/-1-3.jsonl",
                          "data/0-3.jsonl", "log/leaves/0-99999999999999999.jsonl", "log/leaves/.jsonl"}) {
    EXPECT_FALSE(ParseLogRangeFile(bad, &first, &end)) << bad;
  }
}

TEST(LayoutTest, TreeHeadFiles) {
  EXPECT_EQ(TreeHeadFile(67812), "log/tree-heads/67812.json");
  EXPECT_EQ(TreeHeadSizeOf("log/tree-heads/67812.json"), 67812u);
  EXPECT_EQ(TreeHeadSizeOf(TreeHeadFile(0)), 0u);
  for (const char* bad : {"log/tree-heads/012.json", "log/tree-heads/12.jsonl", "log/tree-heads/x.json",
                          "log/tree-head.json", "log/tree-heads/.json", "log/tree-heads/-1.json"}) {
    EXPECT_FALSE(TreeHeadSizeOf(bad).has_value()) << bad;
  }
}

TEST(LayoutTest, ContentAddressedFiles) {
  const std::string hex = Sha256("hello").Hex();
  EXPECT_EQ(ContentFile(DataFolder::kStation, "ps-1", "hello", "json"), "data/station/ps-1-" + hex + ".json");
  EXPECT_EQ(ContentFile(DataFolder::kTop, "majilis.precincts", "hello", "csv"), "data/majilis.precincts-" + hex + ".csv");
  EXPECT_EQ(ContentFile(DataFolder::kCommission, "cec", "hello", "json"), "data/commission/cec-" + hex + ".json");
  EXPECT_EQ(ContentFile(DataFolder::kSearch, "0", "hello", "json"), "data/search/0-" + hex + ".json");
  EXPECT_EQ(ContentAddressOf("data/station/ps-1-" + hex + ".json"), hex);
  EXPECT_EQ(ContentAddressOf("data/majilis.precincts-" + hex + ".csv"), hex);
  EXPECT_FALSE(ContentAddressOf("data/station/ps-1.json").has_value());
  EXPECT_FALSE(ContentAddressOf("data/x" + hex + ".json").has_value());  // no '-'
  EXPECT_FALSE(ContentAddressOf("data/x-" + Sha256("x").Hex().substr(1) + "A.json").has_value());  // upper case
}

TEST(LayoutTest, SafePaths) {
  for (const char* bad : {"../../etc/passwd", "/etc/passwd", "data/../../x", "data//x", "other/x.json",
                          "data/./x", "data/x y.json", "data/", "log", "index.json", "data/x\\y"}) {
    EXPECT_FALSE(IsSafePublicationPath(bad)) << bad;
  }
  EXPECT_FALSE(IsSafePublicationPath("data/" + std::string(1100, 'a')));
  for (const char* good : {"data/station/ps-1-ab.json", "log/leaves/0-1024.jsonl", "data/majilis.precincts-ab.csv"}) {
    EXPECT_TRUE(IsSafePublicationPath(good)) << good;
  }
}

TEST(LayoutTest, SearchBuckets) {
  EXPECT_EQ(SearchBucketOf(0), 0);
  EXPECT_EQ(SearchBucketOf(9), 0);
  EXPECT_EQ(SearchBucketOf(10), 1);
  EXPECT_EQ(SearchBucketOf(9727), 972);
}

}  // namespace
}  // namespace ashyq::record
