#include "verify/published_log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "record_fixture.h"
#include "verify/publication_directory.h"

namespace ashyq::verify {
namespace {

void Write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

PublishedIndex IndexOf(int64_t size, int64_t range_size, std::vector<std::string> ranges) {
  PublishedIndex index;
  index.tree_head.size = size;
  index.range_size = range_size;
  index.ranges = std::move(ranges);
  return index;
}

std::string Rules(const Findings& f) {
  std::string out;
  for (const Error& e : f.failures()) out += e.ToString() + "\n";
  return out;
}

TEST(PublishedLogTest, ReadsConsecutiveRanges) {
  const std::string root = testing::TempDir("log");
  Write(root + "/log/leaves/0-2.jsonl", "{\"a\":1}\n{\"a\":2}\n");
  Write(root + "/log/leaves/2-3.jsonl", "{\"a\":3}\n");
  Findings findings;
  PublishedLog log = ReadPublishedLog(PublicationDirectory(root),
                                      IndexOf(3, 2, {"log/leaves/0-2.jsonl", "log/leaves/2-3.jsonl"}), &findings);
  EXPECT_TRUE(findings.ok()) << Rules(findings);
  ASSERT_EQ(log.leaves.size(), 3u);
  EXPECT_EQ(log.leaves[2], "{\"a\":3}");
  EXPECT_EQ(log.Where(0), "log/leaves/0-2.jsonl line 1");
  EXPECT_EQ(log.Where(2), "log/leaves/2-3.jsonl line 1");
}

TEST(PublishedLogTest, NamesEveryProblemOfARange) {
  const std::string root = testing::TempDir("log");
  Write(root + "/log/leaves/0-2.jsonl", "{\"a\":1}\n\n{\"a\":3}");  // an empty line, no final newline, 3 lines
  Write(root + "/log/leaves/2-4.jsonl", "{\"a\":4}\n");
  Findings findings;
  PublishedLog log = ReadPublishedLog(PublicationDirectory(root),
                                      IndexOf(4, 2, {"log/leaves/0-2.jsonl", "log/leaves/2-4.jsonl"}), &findings);
  const std::string rules = Rules(findings);
  EXPECT_NE(rules.find("line 2 is empty"), std::string::npos) << rules;
  EXPECT_NE(rules.find("cut short"), std::string::npos) << rules;
  EXPECT_NE(rules.find("holds 3 leaves, but its name says 2"), std::string::npos) << rules;
  EXPECT_NE(rules.find("holds 1 leaves, but its name says 2"), std::string::npos) << rules;
  EXPECT_EQ(log.leaves.size(), 3u);  // what is there, in order
}

TEST(PublishedLogTest, NamesMisnamedAndMissingRanges) {
  const std::string root = testing::TempDir("log");
  Write(root + "/log/leaves/0-2.jsonl", "{\"a\":1}\n{\"a\":2}\n");
  Findings findings;
  ReadPublishedLog(PublicationDirectory(root), IndexOf(5, 2, {"log/leaves/0-2.jsonl", "log/leaves/3-5.jsonl"}),
                   &findings);
  const std::string rules = Rules(findings);
  EXPECT_NE(rules.find("need 3"), std::string::npos) << rules;
  EXPECT_NE(rules.find("should be log/leaves/2-4.jsonl"), std::string::npos) << rules;
  EXPECT_NE(rules.find("log/leaves/3-5.jsonl: file is missing"), std::string::npos) << rules;
}

}  // namespace
}  // namespace ashyq::verify
