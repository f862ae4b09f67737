#include "core/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ashyq {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Rows = std::vector<std::vector<std::string>>;

Rows Fields(const CsvTable& t) {
  Rows out;
  for (const CsvRecord& r : t.records) out.push_back(r.fields);
  return out;
}

Rows Parse(std::string_view text, CsvOptions options = {}) {
  Result<CsvTable> t = ParseCsv(text, options);
  EXPECT_TRUE(t.ok()) << t.error().ToString();
  return t.ok() ? Fields(*t) : Rows{};
}

void ExpectError(std::string_view text, const std::string& where, const std::string& message_part,
                 CsvOptions options = {}, ErrorCode code = ErrorCode::kBadInput) {
  Result<CsvTable> t = ParseCsv(text, options);
  ASSERT_FALSE(t.ok()) << "accepted: " << text;
  EXPECT_EQ(t.error().code, code) << t.error().ToString();
  EXPECT_EQ(t.error().where, where) << t.error().ToString();
  EXPECT_THAT(t.error().message, HasSubstr(message_part)) << t.error().ToString();
}

// --- RFC 4180, section 2: the examples ---------------------------------------------------------

TEST(Csv, Rfc4180Examples) {
  // 1. Records separated by CRLF.  2. The last record may or may not end with one.
  EXPECT_EQ(Parse("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"), (Rows{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
  EXPECT_EQ(Parse("aaa,bbb,ccc\r\nzzz,yyy,xxx"), (Rows{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
  // 3. A header line.
  EXPECT_EQ(Parse("field_name,field_name,field_name\r\naaa,bbb,ccc\r\n"),
            (Rows{{"field_name", "field_name", "field_name"}, {"aaa", "bbb", "ccc"}}));
  // 4. Spaces are part of a field; no comma after the last field.
  EXPECT_EQ(Parse(" aaa , b b ,ccc "), (Rows{{" aaa ", " b b ", "ccc "}}));
  // 5. Fields may be quoted.
  EXPECT_EQ(Parse("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx"), (Rows{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
  // 6. Line breaks, quotes and commas inside quotes.
  EXPECT_EQ(Parse("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx"),
            (Rows{{"aaa", "b\r\nbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
  // 7. A quote inside a quoted field is written twice.
  EXPECT_EQ(Parse("\"aaa\",\"b\"\"bb\",\"ccc\""), (Rows{{"aaa", "b\"bb", "ccc"}}));
}

TEST(Csv, WhatSpreadsheetsWrite) {
  // Excel's "CSV UTF-8" on Windows: a byte-order mark, CRLF, names with commas quoted.
  EXPECT_EQ(Parse("\xEF\xBB\xBFparty,votes\r\n\"Ak Zhol\",518405\r\n\"Nur Otan, the party\",5247720\r\n"),
            (Rows{{"party", "votes"}, {"Ak Zhol", "518405"}, {"Nur Otan, the party", "5247720"}}));
  // LibreOffice quotes every text field; LF line ends.
  EXPECT_EQ(Parse("\"party\",\"votes\"\n\"Ақ жол\",518405\n"), (Rows{{"party", "votes"}, {"Ақ жол", "518405"}}));
  // Empty fields, quoted and not; a comma at the end of a line is one more empty field.
  EXPECT_EQ(Parse("a,b,c\n,\"\",\n"), (Rows{{"a", "b", "c"}, {"", "", ""}}));
  EXPECT_EQ(Parse("\"\"\"\"\n"), (Rows{{"\""}}));  // a field that is one quote
  EXPECT_EQ(Parse("\"a\nb\"\n"), (Rows{{"a\nb"}}));  // LF alone inside quotes
  EXPECT_EQ(Parse("\"a\rb\"\n"), (Rows{{"a\rb"}}));  // CR alone inside quotes
}

TEST(Csv, EmptyInputsAndTrailingLineEnds) {
  EXPECT_EQ(Parse(""), Rows{});
  EXPECT_EQ(Parse("\xEF\xBB\xBF"), Rows{});
  EXPECT_EQ(Parse("\r\n\n\r\n"), Rows{});
  EXPECT_EQ(Parse("a,b\n1,2\n\n\r\n\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  // A byte-order mark is only one at the very start; elsewhere it is text.
  EXPECT_EQ(Parse("a\n\xEF\xBB\xBF" "b\n"), (Rows{{"a"}, {"\xEF\xBB\xBF" "b"}}));
}

TEST(Csv, RecordsKnowTheLineTheyStartOn) {
  Result<CsvTable> t = ParseCsv("h1,h2\r\n\"multi\nline\",1\r\nnext,2\n", {});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  ASSERT_EQ(t->records.size(), 3u);
  EXPECT_EQ(t->records[0].line, 1u);
  EXPECT_EQ(t->records[1].line, 2u);
  EXPECT_EQ(t->records[2].line, 4u);
  EXPECT_THAT(t->records[1].fields, ElementsAre("multi\nline", "1"));
}

// --- Errors: each names line and column ---------------------------------------------------------

TEST(Csv, QuoteInsideAnUnquotedField) {
  ExpectError("party,votes\nAk \"Zhol\",5\n", "line 2, column 4", "a quote inside a field");
  // A space before the opening quote makes the field unquoted.
  ExpectError("party,votes\n \"Ak Zhol\",5\n", "line 2, column 2", "no space before the opening quote");
}

TEST(Csv, TextAfterAClosingQuote) {
  ExpectError("party,votes\n\"Ak\" Zhol,5\n", "line 2, column 5", "text after the closing quote");
  ExpectError("\"say \"yes\"\",1\n", "line 1, column 7", "written twice");
  ExpectError("a,\"b\"c", "line 1, column 6", "text after the closing quote");
}

TEST(Csv, UnterminatedQuoteNamesWhereItOpened) {
  ExpectError("party,votes\n\"Ak Zhol,5\nb,6\n", "line 2, column 1", "never closed");
  ExpectError("a,b\n1,\"", "line 2, column 3", "never closed");
  // Columns count characters, not bytes: "Нұр" is 6 bytes.
  ExpectError("Нұр,\"x", "line 1, column 5", "never closed");
  // After a byte-order mark, column 1 is the first character.
  ExpectError("\xEF\xBB\xBF\"x", "line 1, column 1", "never closed");
}

TEST(Csv, CarriageReturnWithoutLineFeed) {
  ExpectError("a,b\r1,2\r\n", "line 1, column 4", "carriage return");
  ExpectError("a,b\r\n1,2\r", "line 2, column 4", "carriage return");
}

TEST(Csv, NulBytesAndBadUtf8) {
  ExpectError(std::string("a,b\n1,\0\n", 8), "line 2, column 3", "NUL byte");
  ExpectError(std::string("\"a\0\"\n", 5), "line 1, column 3", "NUL byte");
  ExpectError("a,b\n\xC3\x28,1\n", "line 2, column 1", "not UTF-8");       // bad continuation
  ExpectError("ab,\xE0\x80\x80\n", "line 1, column 4", "not UTF-8");      // overlong
  ExpectError("\xED\xA0\x80\n", "line 1, column 1", "not UTF-8");         // surrogate
  ExpectError("\xF4\x90\x80\x80\n", "line 1, column 1", "not UTF-8");     // above U+10FFFF
  ExpectError("a\nbc\xD0", "line 2, column 3", "CSV UTF-8");               // truncated at the end
  ExpectError("Cp1251 \xCD\xF3\xF0", "line 1, column 8", "not UTF-8");   // "Нур" in Windows-1251
}

TEST(Csv, FieldCountMustMatchTheHeader) {
  ExpectError("a,b\n1,2,3\n", "line 2, column 5", "this row has 3 fields, the header row has 2");
  ExpectError("a,b\n1\n", "line 2, column 2", "this row has 1 field, the header row has 2");
  ExpectError("a,b\n1,2\n\n3,4\n", "line 3, column 1", "the line is empty");
  // A multi-line field: the error is on the line where the row's extra field starts.
  ExpectError("a,b\n\"x\ny\",1,2\n", "line 3, column 6", "3 fields");
  CsvOptions any_count;
  any_count.same_field_count = false;
  EXPECT_EQ(Parse("a,b\n1,2,3\n4\n", any_count), (Rows{{"a", "b"}, {"1", "2", "3"}, {"4"}}));
}

TEST(Csv, Limits) {
  CsvOptions small;
  small.max_bytes = 10;
  EXPECT_EQ(Parse("a,b\n1,2\n3,", small).size(), 3u);  // exactly 10 bytes
  ExpectError("a,b\n1,2\n3,4", "line 3, column 3", "larger than 10 bytes", small, ErrorCode::kTooLarge);

  CsvOptions rows;
  rows.max_rows = 2;
  EXPECT_EQ(Parse("h\n1\n2\n", rows).size(), 3u);
  ExpectError("h\n1\n2\n3\n", "line 4, column 1", "more than 2 rows after the header", rows, ErrorCode::kTooLarge);

  CsvOptions fields;
  fields.max_fields = 3;
  fields.same_field_count = false;
  EXPECT_EQ(Parse("a,b,c\n", fields).size(), 1u);
  ExpectError("a,b,c,d\n", "line 1, column 7", "more than 3 fields", fields, ErrorCode::kTooLarge);
  // A million commas is refused at the limit, not read into a million fields.
  ExpectError(std::string(1000000, ','), "line 1, column 1001", "more than 1,000 fields", {}, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace ashyq
