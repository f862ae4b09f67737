#include "verify/publication_directory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/hash.h"
#include "record_fixture.h"
#include "verify/published_index.h"

namespace ashyq::verify {
namespace {

TEST(PublicationDirectoryTest, ContentAddresses) {
  const std::string hex = Sha256("hello").Hex();
  EXPECT_TRUE(CheckContentAddress("data/x-" + hex + ".json", "hello").ok());
  Status changed = CheckContentAddress("data/x-" + hex + ".json", "hello!");
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().rule, "R-F1.content-address");
  EXPECT_FALSE(CheckContentAddress("data/x.json", "hello").ok());
}

TEST(PublicationDirectoryTest, FindsThePublication) {
  const testing::TinyRecord& r = testing::Honest();
  ASSERT_EQ(r.built_error, "");
  EXPECT_EQ(*FindPublication(r.publication), r.publication);
  EXPECT_EQ(*FindPublication(r.dir), r.publication);
  const std::string empty = testing::TempDir("find");
  EXPECT_EQ(FindPublication(empty).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(FindPublication(empty + "/missing").error().code, ErrorCode::kBadInput);
  std::ofstream(empty + "/definition.json") << "{}";
  std::filesystem::create_directories(empty + "/publication");
  EXPECT_NE(FindPublication(empty).error().message.find("never published completely"), std::string::npos);
}

TEST(PublicationDirectoryTest, ReadsOnlyInsideWithLimits) {
  const testing::TinyRecord& r = testing::Honest();
  ASSERT_EQ(r.built_error, "");
  const PublicationDirectory dir(r.publication);
  EXPECT_TRUE(dir.Read("index.json", kMaxIndexBytes).ok());
  EXPECT_EQ(dir.Read("../publication/index.json", kMaxIndexBytes).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(dir.Read("log/tree-head.json", 10).error().code, ErrorCode::kTooLarge);
  Result<std::string> missing = dir.Read("data/nothing-here.json", 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().where, "data/nothing-here.json");
  EXPECT_FALSE(dir.List("log/leaves").empty());
  EXPECT_TRUE(dir.List("log/nothing").empty());
}

}  // namespace
}  // namespace ashyq::verify
