#include "tabulate/votes_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tabulate/seat_allocation.h"

namespace ashyq::tabulate {
namespace {

using ::testing::HasSubstr;

std::string ReadTestFile(const std::string& relative) {
  std::ifstream in(std::string(ASHYQ_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(VotesCsv, ReadsTheAnnex1FileInBallotOrder) {
  const std::string text = ReadTestFile("tests/data/seats/kz2007-annex1.csv");
  ASSERT_FALSE(text.empty());
  Result<std::vector<ListVotes>> lists = ParseVotesCsv(text);
  ASSERT_TRUE(lists.ok()) << lists.error().ToString();
  ASSERT_EQ(lists->size(), 7u);
  EXPECT_EQ((*lists)[0].choice, "ANSDP");
  EXPECT_EQ((*lists)[0].votes, 269310);
  EXPECT_EQ((*lists)[0].registration_order, 1);
  EXPECT_EQ((*lists)[1].choice, "Nur Otan");
  EXPECT_EQ((*lists)[1].votes, 5247720);
  EXPECT_EQ((*lists)[1].registration_order, 2);
  EXPECT_EQ((*lists)[6].choice, "CPPK");
  EXPECT_EQ((*lists)[6].registration_order, 7);
  int64_t total = 0;
  for (const ListVotes& l : *lists) total += l.votes;
  EXPECT_EQ(total, 5935625);  // the Annex 1 total

  SeatRules rules;
  rules.seats = 98;
  rules.threshold_bp = 700;
  Result<SeatAllocation> a = AllocateSeats(*lists, 6082430, rules);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->lists[1].seats, 98);
}

TEST(VotesCsv, ToleratesBomCrlfSpacesAndTrailingBlankLines) {
  Result<std::vector<ListVotes>> lists =
      ParseVotesCsv("\xEF\xBB\xBFParty , Votes\r\n Нұр Отан ,  12\r\nАқ жол,0\r\n\r\n  \n");
  ASSERT_TRUE(lists.ok()) << lists.error().ToString();
  ASSERT_EQ(lists->size(), 2u);
  EXPECT_EQ((*lists)[0].choice, "Нұр Отан");
  EXPECT_EQ((*lists)[0].votes, 12);
  EXPECT_EQ((*lists)[1].choice, "Ақ жол");
  EXPECT_EQ((*lists)[1].votes, 0);
  EXPECT_EQ((*lists)[1].registration_order, 2);

  lists = ParseVotesCsv("party,votes\na,9007199254740991");  // no final line end; 2^53 - 1
  ASSERT_TRUE(lists.ok()) << lists.error().ToString();
  EXPECT_EQ((*lists)[0].votes, kMaxVotes);
}

// What spreadsheets write (issue 16: `ashyq seats` refused every one of these).
TEST(VotesCsv, ReadsQuotedFieldsAsSpreadsheetsWriteThem) {
  Result<std::vector<ListVotes>> lists = ParseVotesCsv("party,votes\n\"Ak Zhol\",518405\n");
  ASSERT_TRUE(lists.ok()) << lists.error().ToString();
  ASSERT_EQ(lists->size(), 1u);
  EXPECT_EQ((*lists)[0].choice, "Ak Zhol");
  EXPECT_EQ((*lists)[0].votes, 518405);

  // Excel's "CSV UTF-8": byte-order mark, CRLF, every field quoted where it has a comma or quote.
  lists = ParseVotesCsv(
      "\xEF\xBB\xBF\"party\",\"votes\"\r\n\"Nur Otan\",\"5247720\"\r\n\"Party \"\"Adilet\"\", list\",99\r\n"
      "\"Ақ жол\",518405\r\n");
  ASSERT_TRUE(lists.ok()) << lists.error().ToString();
  ASSERT_EQ(lists->size(), 3u);
  EXPECT_EQ((*lists)[0].choice, "Nur Otan");
  EXPECT_EQ((*lists)[0].votes, 5247720);
  EXPECT_EQ((*lists)[1].choice, "Party \"Adilet\", list");
  EXPECT_EQ((*lists)[1].registration_order, 2);
  EXPECT_EQ((*lists)[2].choice, "Ақ жол");
}

TEST(VotesCsv, RefusesALineBreakInAPartyName) {
  // Quoted, a line break is CSV; in a party name it is refused, on the line its row starts on.
  Result<std::vector<ListVotes>> lists = ParseVotesCsv("party,votes\na,1\n\"Nur\nOtan\",2\n");
  ASSERT_FALSE(lists.ok());
  EXPECT_EQ(lists.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(lists.error().where, "line 3");
  EXPECT_THAT(lists.error().message, HasSubstr("line break"));
}

void ExpectError(const std::string& text, const std::string& where, const std::string& message_part,
                 ErrorCode code = ErrorCode::kBadInput) {
  Result<std::vector<ListVotes>> lists = ParseVotesCsv(text);
  ASSERT_FALSE(lists.ok()) << text;
  EXPECT_EQ(lists.error().code, code) << lists.error().ToString();
  EXPECT_EQ(lists.error().where, where) << lists.error().ToString();
  EXPECT_THAT(lists.error().message, HasSubstr(message_part)) << lists.error().ToString();
}

TEST(VotesCsv, RejectsAMissingOrWrongHeader) {
  ExpectError("", "line 1", "empty");
  ExpectError("\n\n", "line 1", "empty");
  ExpectError("Nur Otan,5247720\n", "line 1", "expected the header \"party,votes\"");
  ExpectError("party,votes,seats\na,1\n", "line 1", "expected the header");
  ExpectError("party;votes\na;1\n", "line 1", "expected the header");
  ExpectError("party,votes\n", "line 1", "no rows");
  ExpectError("party,votes\r\n\r\n", "line 1", "no rows");
}

TEST(VotesCsv, ThousandsSeparatorsGetAHint) {
  ExpectError("party,votes\nNur Otan,5,247,720\n", "line 2",
              "expected 2 fields (party,votes), found 4; write votes without thousands separators");
  ExpectError("party,votes\nNur Otan,5 247 720\n", "line 2", "without separators");
  ExpectError("party,votes\nNur Otan,5247720.0\n", "line 2", "without separators or decimals");
  // Quoted, the separators stay in one field; spreadsheets also group with (narrow) no-break spaces.
  ExpectError("party,votes\nNur Otan,\"5,247,720\"\n", "line 2", "without separators or decimals");
  ExpectError("party,votes\nNur Otan,5\xC2\xA0" "247\xC2\xA0" "720\n", "line 2", "without separators");
  ExpectError("party,votes\nNur Otan,5\xE2\x80\xAF" "247\n", "line 2", "without separators");
  // Extra text that is not digits: the count, without the separator hint.
  Result<std::vector<ListVotes>> lists = ParseVotesCsv("party,votes\na,1,note\n");
  ASSERT_FALSE(lists.ok());
  EXPECT_THAT(lists.error().message, HasSubstr("found 3"));
  EXPECT_THAT(lists.error().message, ::testing::Not(HasSubstr("separators")));
  ExpectError("party,votes\njust-a-name\n", "line 2", "found 1");
}

TEST(VotesCsv, RejectsMalformedRows) {
  // CSV syntax errors come from core/csv.h, with the column.
  ExpectError("party,votes\nNur \"Otan\",5\n", "line 2, column 5", "a quote inside a field");
  ExpectError("party,votes\n\"Nur Otan\" ,5\n", "line 2, column 11", "text after the closing quote");
  ExpectError("party,votes\n\"Nur Otan,5\n", "line 2, column 1", "never closed");
  ExpectError("party,votes\na,-5\n", "line 2", "cannot be negative");
  ExpectError("party,votes\na,+5\n", "line 2", "digits only");
  ExpectError("party,votes\na,five\n", "line 2", "digits only");
  ExpectError("party,votes\na,\n", "line 2", "missing");
  ExpectError("party,votes\n ,5\n", "line 2", "party name is empty");
  ExpectError("party,votes\na,1\nb,2\na,3\n", "line 4", "\"a\" is already on line 2");
  ExpectError("party,votes\na,1\n\nb,2\n", "line 3", "blank line between rows");
  ExpectError("party,votes\na,9007199254740992\n", "line 2", "exceed 2^53 - 1");
  ExpectError("party,votes\na,123456789012345678901234567890\n", "line 2", "exceed 2^53 - 1");
  ExpectError("party,votes\na\rb,1\n", "line 2, column 2", "carriage return");
  ExpectError("party,votes\n\"a\rb\",1\n", "line 2", "control character");  // quoted, it is the name's
  ExpectError("party,votes\na\x01,1\n", "line 2", "control character");
  ExpectError(std::string("party,votes\na\0b,1\n", 18), "line 2, column 2", "NUL byte");
  ExpectError("party,votes\n\xC3\x28,1\n", "line 2, column 1", "not UTF-8");       // bad continuation
  ExpectError("party,votes\n\xE0\x80\x80,1\n", "line 2, column 1", "not UTF-8");   // overlong
  ExpectError("party,votes\n\xED\xA0\x80,1\n", "line 2, column 1", "not UTF-8");   // surrogate
  ExpectError("party,votes\nab,1\n\xD0", "line 3, column 1", "not UTF-8");         // truncated at the end
  ExpectError("party\xFF,votes\n", "line 1, column 6", "not UTF-8");
}

TEST(VotesCsv, RowLimit) {
  std::string text = "party,votes\n";
  for (size_t i = 0; i < kMaxVotesCsvRows; ++i) text += "p" + std::to_string(i) + ",1\n";
  Result<std::vector<ListVotes>> lists = ParseVotesCsv(text);
  ASSERT_TRUE(lists.ok()) << lists.error().ToString();
  EXPECT_EQ(lists->size(), kMaxVotesCsvRows);
  EXPECT_EQ(lists->back().registration_order, static_cast<int64_t>(kMaxVotesCsvRows));
  ExpectError(text + "one-more,1\n", "line 10002, column 1", "more than 10,000 rows", ErrorCode::kTooLarge);
  ExpectError("party,votes\n" + std::string(kMaxVotesCsvBytes, 'x'),
              "line 2, column " + std::to_string(kMaxVotesCsvBytes - 11), "larger than", ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace ashyq::tabulate
