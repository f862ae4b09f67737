// Votes per list from a small CSV file, for `ashyq seats` and for checking published results:
//
//   party,votes
//   Nur Otan,5247720
//   "Ak Zhol",518405
//
// The file is CSV as every spreadsheet writes it (RFC 4180, read by core/csv.h: quoted fields,
// CRLF or LF, a leading byte-order mark; its errors name line and column). On top of that the
// rows are narrow, so that a malformed file is an error, never a wrong result:
// - the first row is the header "party,votes" (letters in any case);
// - one list per row, exactly two fields; spaces around a field are ignored;
// - votes are decimal digits only, at most 2^53 - 1: no sign, no decimals and no thousands
//   separators ("5,247,720" unquoted gives four fields, quoted it is not digits: either way the
//   error says to remove the separators);
// - a party name has no control character (a line break inside quotes is refused);
// - blank rows at the end are ignored, a blank row between rows is not;
// - party names are unique and not empty; at most kMaxVotesCsvRows rows, kMaxVotesCsvBytes bytes.
// Registration order is the row order: the first row gets 1.
//
// Errors are kBadInput (kTooLarge for the limits): a row's with where = "line N" (the line the
// row starts on), the CSV syntax's with "line N, column C".
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "tabulate/seat_allocation.h"

namespace ashyq::tabulate {

inline constexpr size_t kMaxVotesCsvRows = 10000;
inline constexpr size_t kMaxVotesCsvBytes = size_t{4} << 20;  // 10,000 rows of long Cyrillic names fit easily

Result<std::vector<ListVotes>> ParseVotesCsv(std::string_view text);

}  // namespace ashyq::tabulate
