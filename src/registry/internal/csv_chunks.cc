#include "registry/internal/csv_chunks.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

namespace ashyq::registry::internal {
namespace {

// End of the piece starting at `begin`: just after the first LF outside quotes at or past
// begin + target (a doubled quote toggles twice, so counting quotes tells inside from outside).
size_t PieceEnd(std::string_view bytes, size_t begin, size_t target) {
  bool quoted = false;
  const char* data = bytes.data();
  const size_t size = bytes.size();
  size_t i = begin;
  while (i < size) {
    // Jump to the next quote or LF.
    const char* q = static_cast<const char*>(std::memchr(data + i, '"', size - i));
    const size_t next_quote = q == nullptr ? size : static_cast<size_t>(q - data);
    if (quoted) {
      if (next_quote == size) return size;  // never closed: ParseCsv names the opening quote
      quoted = false;
      i = next_quote + 1;
      continue;
    }
    // Outside quotes: the first LF past the target before the next quote ends the piece, unless
    // ParseCsv would read the cut otherwise than the whole: it drops empty lines at the end of its
    // input and a byte-order mark at its start.
    size_t from = std::max(i, begin + target);
    while (from < next_quote) {
      const char* lf = static_cast<const char*>(std::memchr(data + from, '\n', next_quote - from));
      if (lf == nullptr) break;
      const size_t p = static_cast<size_t>(lf - data);
      const bool empty_line = p == begin || data[p - 1] == '\n' ||
                              (data[p - 1] == '\r' && (p - 1 == begin || data[p - 2] == '\n'));
      if (!empty_line && bytes.substr(p + 1, 3) != "\xEF\xBB\xBF") return p + 1;
      from = p + 1;
    }
    if (next_quote == size) return size;
    quoted = true;
    i = next_quote + 1;
  }
  return size;
}

// ParseCsv's "line L, column C" with L moved down by `lines_before`.
Error Shifted(Error error, size_t lines_before) {
  constexpr std::string_view kLine = "line ";
  if (lines_before == 0 || error.where.compare(0, kLine.size(), kLine) != 0) return error;
  size_t end = kLine.size();
  size_t line = 0;
  while (end < error.where.size() && error.where[end] >= '0' && error.where[end] <= '9') {
    line = line * 10 + static_cast<size_t>(error.where[end] - '0');
    ++end;
  }
  error.where = std::string(kLine) + std::to_string(line + lines_before) + error.where.substr(end);
  return error;
}

}  // namespace

Status ForEachCsvPiece(std::string_view bytes, size_t target_bytes,
                       const std::function<Status(std::vector<CsvRecord>& records)>& piece) {
  CsvOptions options;
  options.max_bytes = std::numeric_limits<size_t>::max();
  options.max_rows = std::numeric_limits<size_t>::max();
  options.max_fields = 64;
  options.same_field_count = false;
  size_t begin = 0;
  size_t lines_before = 0;
  while (begin < bytes.size()) {
    const size_t end = PieceEnd(bytes, begin, std::max<size_t>(target_bytes, 1));
    const std::string_view text = bytes.substr(begin, end - begin);
    Result<CsvTable> table = ParseCsv(text, options);
    if (!table.ok()) return Shifted(table.error(), lines_before);
    for (CsvRecord& record : table->records) record.line += lines_before;
    ASHYQ_RETURN_IF_ERROR(piece(table->records));
    lines_before += static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    begin = end;
  }
  return Status();
}

}  // namespace ashyq::registry::internal
