// Reading CSV per RFC 4180: the one CSV reader of Ashyq (what `ashyq seats` reads, and whatever
// CSV a command reads next). Spreadsheets write this format, so it must be accepted as written:
//
//   - fields separated by commas; a field in double quotes may hold commas, line breaks (CR, LF,
//     CRLF) and quotes, a quote written twice: "Ak Zhol","say ""yes""" -> Ak Zhol | say "yes";
//   - records end with CRLF or LF; the last one with or without a line end; empty lines after
//     the last record are ignored (editors add them);
//   - an optional UTF-8 byte-order mark at the very start (Excel's "CSV UTF-8" writes one).
//
// It is strict where a lenient reader would guess, because a guessed field is a wrong figure:
// every error is kBadInput with `where` = "line L, column C" (1-based; C counts characters, not
// bytes, after the byte-order mark), for
//   - a quote inside an unquoted field (a"b, or  "a" with a space before the quote),
//   - text after a closing quote ("a"b, or "a" with a space after it),
//   - a quote that is never closed (the position of the opening quote),
//   - a carriage return not followed by a line feed outside quotes,
//   - a NUL byte, text that is not UTF-8 (named: save the file as "CSV UTF-8"),
//   - a record with another number of fields than the first (when `same_field_count`).
// Limits are kTooLarge, with the same `where`: more than `max_bytes` bytes, more than `max_rows`
// records after the first, more than `max_fields` fields in a record.
//
// Fields are returned exactly as written, unquoted: no trimming of spaces, no conversion of
// line ends inside quotes. What a field may contain (digits only, no line break...) is the
// caller's rule. O(size); the table takes about twice the input's memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ashyq {

struct CsvOptions {
  size_t max_bytes = size_t{4} << 20;
  size_t max_rows = 10000;    // records after the first (the header)
  size_t max_fields = 1000;   // per record
  // Every record has as many fields as the first; off when the caller explains a wrong count
  // better (e.g. "5,247,720": remove the thousands separators).
  bool same_field_count = true;
};

struct CsvRecord {
  size_t line = 0;  // where the record starts (a quoted line break makes records span lines)
  std::vector<std::string> fields;  // at least one (an empty line is one empty field)
};

struct CsvTable {
  std::vector<CsvRecord> records;  // in file order, the header (if the file has one) first
};

// An empty input (or one of only a byte-order mark and line ends) gives no records.
Result<CsvTable> ParseCsv(std::string_view bytes, const CsvOptions& options);

}  // namespace ashyq
