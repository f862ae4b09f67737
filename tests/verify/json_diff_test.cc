#include "verify/json_diff.h"

#include <gtest/gtest.h>

#include "verify/findings.h"

namespace ashyq::verify {
namespace {

json::Value Parse(std::string_view text) {
  Result<json::Value> v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : json::Value();
}

TEST(JsonDiffTest, EqualDocumentsHaveNoDifference) {
  EXPECT_TRUE(DiffJson(Parse(R"({"a":[1,{"b":"c"}],"d":null})"), Parse(R"({"d":null,"a":[1,{"b":"c"}]})"), "", 10).empty());
}

TEST(JsonDiffTest, NamesEachDifferenceByPointer) {
  auto d = DiffJson(Parse(R"({"votes":[{"choice":"x","votes":1380}],"n":1,"gone":true})"),
                    Parse(R"({"votes":[{"choice":"x","votes":1381}],"n":"1","extra/field":2})"), "/base", 10);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].pointer, "/base/votes/0/votes");
  EXPECT_EQ(d[0].Describe(), "1,381 found, 1,380 expected");
  EXPECT_EQ(d[1].pointer, "/base/n");
  EXPECT_EQ(d[1].Describe(), "\"1\" found, 1 expected");
  EXPECT_EQ(d[2].pointer, "/base/gone");
  EXPECT_EQ(d[2].found, "absent");
  EXPECT_EQ(d[3].pointer, "/base/extra~1field");
  EXPECT_EQ(d[3].expected, "no such field");
}

TEST(JsonDiffTest, ArraysOfDifferentLengths) {
  auto d = DiffJson(Parse("[1,2,3]"), Parse("[1,2]"), "", 10);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].pointer, "/2");
  EXPECT_EQ(d[0].found, "absent");
  d = DiffJson(Parse("[1]"), Parse("[1,[5],{}]"), "", 10);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].found, "an array of 1");
  EXPECT_EQ(d[1].found, "an object");
}

TEST(JsonDiffTest, StopsAtTheLimit) {
  std::string a = "[", b = "[";
  for (int i = 0; i < 100; ++i) {
    a += (i ? "," : "") + std::to_string(i);
    b += (i ? "," : "") + std::to_string(i + 1);
  }
  EXPECT_EQ(DiffJson(Parse(a + "]"), Parse(b + "]"), "", 7).size(), 7u);
}

TEST(JsonDiffTest, ShortJsonCutsLongStrings) {
  const std::string s = ShortJson(json::Value(std::string(200, 'x')));
  EXPECT_LT(s.size(), 100u);
  EXPECT_EQ(ShortJson(json::Value(int64_t{-1500})), "-1,500");
}

TEST(FindingsTest, FailuresAreKeptAndNoticesCountedByRule) {
  Findings f;
  f.Fail(BadInput("x", "not JSON"));
  EXPECT_EQ(f.failures().front().code, ErrorCode::kCheckFailed);  // the publication's fault
  Findings other;
  for (int i = 0; i < 50; ++i) other.Note(CheckFailed("leaf", "R-D4.missing", "n" + std::to_string(i)));
  other.Fail("y", "R-E1.sum", "wrong");
  f.Merge(std::move(other));
  EXPECT_EQ(f.failures().size(), 2u);
  EXPECT_EQ(f.failures()[1].rule, "R-E1.sum");
  EXPECT_EQ(f.notice_counts().at("R-D4.missing"), 50u);
  EXPECT_EQ(f.notices().size(), Findings::kKeptNoticesPerRule);
  EXPECT_EQ(f.notice_total(), 50u);
  EXPECT_FALSE(f.ok());
}

}  // namespace
}  // namespace ashyq::verify
