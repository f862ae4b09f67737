#include "registry/civil_extract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "register_fixture.h"

namespace ashyq::registry {
namespace {

using ::testing::HasSubstr;
using testing::Iso;
using testing::kExtractHeader;
using testing::Person;

struct Read {
  Status status;
  std::vector<ExtractRow> rows;          // views copied into `texts`
  std::vector<std::vector<std::string>> texts;
  ExtractProblems problems;
  size_t count = 0;
};

Read ReadAll(const std::string& csv, size_t piece_bytes = 4 << 20, int32_t election_day = 20190609) {
  Read r;
  ExtractOptions options;
  options.piece_bytes = piece_bytes;
  options.election_day = election_day;
  r.status = ReadCivilExtract(
      csv, options,
      [&](const ExtractRow& row) {
        r.rows.push_back(row);
        r.texts.push_back({std::string(row.surname), std::string(row.given_name), std::string(row.settlement),
                           std::string(row.street), std::string(row.house)});
      },
      &r.problems, &r.count);
  return r;
}

TEST(CivilExtract, QuotedFieldsKeepCommasAndQuotes) {
  const std::string csv = std::string(kExtractHeader) +
                          Person(1, 19870214, "Ахметова", "\"Айгүл, \"\"Әйгерім\"\"\"",
                                 "almaty-city,Алматы,\"Абай даңғылы, шығыс\",45А,12") +
                          "\r\n" + Person(2, 19600101, "Smith", "John", "akmola,Қараөзек,,7,") + "\n";
  Read r = ReadAll(csv);
  ASSERT_TRUE(r.status.ok()) << r.status.error().ToString();
  EXPECT_EQ(r.problems.total, 0u);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.count, 2u);
  EXPECT_EQ(r.texts[0][1], "Айгүл, \"Әйгерім\"");
  EXPECT_EQ(r.texts[0][3], "Абай даңғылы, шығыс");
  EXPECT_EQ(r.texts[0][4], "45А");
  EXPECT_EQ(r.rows[0].birth_date, 19870214);
  EXPECT_EQ(r.rows[1].line, 3u);
  EXPECT_EQ(r.texts[1][3], "");
}

TEST(CivilExtract, ALineBreakInsideANameIsRefusedAndLaterLinesCountIt) {
  const std::string csv = std::string(kExtractHeader) +
                          Person(1, 19870214, "\"Ахме\nтова\"", "Айгүл", "almaty-city,Алматы,Абай,1,") + "\n" +
                          Person(2, 19870214, "Бекова", "", "almaty-city,Алматы,Абай,1,") + "\n";
  Read r = ReadAll(csv);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.problems.total, 2u);
  EXPECT_EQ(r.problems.kept[0].where, "line 2, field \"surname\"");
  EXPECT_THAT(r.problems.kept[0].message, HasSubstr("line break"));
  // The record after the quoted line break starts on line 4.
  EXPECT_EQ(r.problems.kept[1].where, "line 4, field \"given_name\"");
  EXPECT_THAT(r.problems.kept[1].message, HasSubstr("required"));
  EXPECT_TRUE(r.rows.empty());
}

TEST(CivilExtract, EachMalformedFieldIsNamedWithItsLine) {
  std::string good_id = Person(3, 19900505, "A", "B", "akmola,Қараөзек,,1,").substr(0, 12);
  std::string bad_check = good_id;
  bad_check[11] = bad_check[11] == '9' ? '0' : static_cast<char>(bad_check[11] + 1);
  const std::string csv = std::string(kExtractHeader) +
                          bad_check + ",A,B,,1990-05-05,akmola,Қараөзек,,1,\n" +         // line 2
                          good_id + ",A,B,,1990-05-32,akmola,Қараөзек,,1,\n" +           // line 3
                          good_id + ",A,B,,1990-05-06,akmola,Қараөзек,,1,\n" +           // line 4
                          good_id + ", A,B,,1990-05-05,akmola,Қараөзек,,1,\n" +          // line 5
                          good_id + ",A,B,,1990-05-05,akmola,Қараөзек,,1\n" +            // line 6
                          Person(4, 20050101, "Young", "C", "akmola,Қараөзек,,1,") + "\n" +  // line 7
                          good_id + ",A,B,,1990-05-05,akmola,Қараөзек,,,\n";             // line 8
  Read r = ReadAll(csv);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.problems.total, 7u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"line 2, field \"national_id\"", "check digit"}, {"line 3, field \"birth_date\"", "no date"},
      {"line 4, field \"birth_date\"", "national id"},  {"line 5, field \"surname\"", "space"},
      {"line 6", "10 fields, this one 9"},            {"line 7, field \"birth_date\"", "not 18"},
      {"line 8, field \"house\"", "required"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.problems.kept[i].where, expected[i].first) << r.problems.kept[i].ToString();
    EXPECT_THAT(r.problems.kept[i].message, HasSubstr(expected[i].second)) << r.problems.kept[i].ToString();
  }
  EXPECT_EQ(r.problems.kept[5].rule, "R-B1.age");
  EXPECT_EQ(r.problems.kept[5].code, ErrorCode::kCheckFailed);
  EXPECT_EQ(r.count, 7u);
}

TEST(CivilExtract, AWrongHeaderStopsAtOnce) {
  Read r = ReadAll("national_id,surname,name,patronymic,birth_date,region,settlement,street,house,apartment\n");
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.error().where, "line 1, column 3");
  EXPECT_THAT(r.status.error().message, HasSubstr("expected \"given_name\""));
  EXPECT_FALSE(ReadAll("").status.ok());
}

TEST(CivilExtract, SmallPiecesReadAsOneAndNameTheSameLines) {
  std::string csv(kExtractHeader);
  for (uint32_t i = 0; i < 60; ++i) {
    const bool quoted = i % 7 == 0;
    csv += Person(i, 19700101 + static_cast<int32_t>(i % 28), quoted ? "\"O'Neil, \"\"Jr\"\"\"" : "Ким", "Ли",
                  i == 41 ? "akmola,Қараөзек,,,1" : "akmola,Қараөзек,,1,") +
           (i % 3 == 0 ? "\r\n" : "\n");
  }
  Read whole = ReadAll(csv);
  ASSERT_TRUE(whole.status.ok());
  for (size_t piece : {1, 7, 64, 300}) {
    Read r = ReadAll(csv, piece);
    ASSERT_TRUE(r.status.ok()) << piece;
    EXPECT_EQ(r.texts, whole.texts) << piece;
    ASSERT_EQ(r.problems.total, 1u);
    EXPECT_EQ(r.problems.kept[0].where, "line 43, field \"house\"") << piece;
    EXPECT_EQ(r.count, 60u);
  }
}

// What the pieces must not change: empty lines (ParseCsv drops them at the end of its input)
// and a byte-order mark at the start of a line (dropped at the start of its input).
TEST(CivilExtract, EmptyLinesAndByteOrderMarksReadAlikeInPieces) {
  const std::string row = Person(1, 19700101, "Ким", "Ли", "akmola,Қараөзек,,1,");
  const std::string csv = std::string(kExtractHeader) + row + "\n\n\r\n" + row + "\n\xEF\xBB\xBF" + row + "\n\n";
  auto problems = [](const Read& r) {
    std::string out;
    for (const Error& e : r.problems.kept) out += e.ToString() + "\n";
    return out;
  };
  const Read whole = ReadAll(csv);
  ASSERT_TRUE(whole.status.ok());
  EXPECT_EQ(whole.problems.total, 3u);  // lines 3 and 4 empty, line 6's id starts with the mark
  EXPECT_EQ(whole.problems.kept[0].where, "line 3");
  for (size_t piece = 1; piece < csv.size(); ++piece) {
    const Read r = ReadAll(csv, piece);
    ASSERT_TRUE(r.status.ok()) << piece;
    EXPECT_EQ(problems(r), problems(whole)) << piece;
    EXPECT_EQ(r.texts, whole.texts) << piece;
  }
}

TEST(CivilExtract, AnUnclosedQuoteNamesItsLineInAnyPiece) {
  std::string csv(kExtractHeader);
  for (uint32_t i = 0; i < 20; ++i) csv += Person(i, 19700101, "Ким", "Ли", "akmola,Қараөзек,,1,") + "\n";
  csv += Person(99, 19700101, "\"Ким", "Ли", "akmola,Қараөзек,,1,") + "\n";  // line 22
  csv += Person(98, 19700101, "Ким", "Ли", "akmola,Қараөзек,,1,") + "\n";
  for (size_t piece : {size_t{16}, size_t{4} << 20}) {
    Read r = ReadAll(csv, piece);
    ASSERT_FALSE(r.status.ok());
    EXPECT_THAT(r.status.error().where, HasSubstr("line 22, column 14")) << piece;
  }
}

}  // namespace
}  // namespace ashyq::registry
