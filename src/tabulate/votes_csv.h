// Votes per list from a small CSV file, for `ashyq seats` and for checking published results:
//
//   party,votes
//   Nur Otan,5247720
//   ANSDP,269310
//
// The format is deliberately narrow so that a malformed file is an error, never a wrong result:
// - the first line is the header "party,votes" (letters in any case);
// - one list per line, exactly two fields separated by a comma, no quoting (a '"' anywhere
//   is rejected), spaces around a field are ignored;
// - votes are decimal digits only, at most 2^53 - 1: no sign, no decimals and no thousands
//   separators ("5,247,720" gives three fields; the error says to remove the separators);
// - UTF-8 text (party names are Cyrillic); a leading byte-order mark, CRLF line ends and blank
//   lines at the end are tolerated, a blank line between rows is not;
// - party names are unique and not empty; at most kMaxVotesCsvRows rows.
// Registration order is the row order: the first row gets 1.
//
// Errors are kBadInput (kTooLarge for too many rows) with where = "line N".
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "tabulate/seat_allocation.h"

namespace ashyq::tabulate {

inline constexpr size_t kMaxVotesCsvRows = 10000;

Result<std::vector<ListVotes>> ParseVotesCsv(std::string_view text);

}  // namespace ashyq::tabulate
