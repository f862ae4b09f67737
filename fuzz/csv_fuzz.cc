// Fuzzes the RFC 4180 reader (core/csv.h): whatever it accepts must come back unchanged when
// written out again with every field quoted, and every refusal must name a line and a column.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/csv.h"

namespace {

[[noreturn]] void Mismatch(const char* what, std::string_view detail) {
  std::fprintf(stderr, "csv_fuzz: %s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// Every field quoted, quotes doubled, CRLF after each record: the most escaped form.
std::string Quoted(const ashyq::CsvTable& table) {
  std::string out;
  for (const ashyq::CsvRecord& r : table.records) {
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : r.fields[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

void Check(std::string_view text, bool same_field_count) {
  using namespace ashyq;
  CsvOptions options;
  options.max_bytes = 16 * 1024;
  options.max_rows = 64;
  options.max_fields = 64;
  options.same_field_count = same_field_count;
  Result<CsvTable> first = ParseCsv(text, options);
  if (!first.ok()) {
    const Error& e = first.error();
    if (e.code != ErrorCode::kBadInput && e.code != ErrorCode::kTooLarge) Mismatch("unexpected code", e.ToString());
    if (e.where.rfind("line ", 0) != 0 || e.where.find(", column ") == std::string::npos || e.message.empty()) {
      Mismatch("error without line, column or message", e.ToString());
    }
    return;
  }
  size_t previous_line = 0;
  for (const CsvRecord& r : first->records) {
    if (r.fields.empty() || r.fields.size() > options.max_fields) Mismatch("field count", text);
    if (r.line <= previous_line) Mismatch("record lines not increasing", text);
    if (same_field_count && r.fields.size() != first->records.front().fields.size()) {
      Mismatch("ragged rows accepted", text);
    }
    previous_line = r.line;
  }
  if (first->records.size() > options.max_rows + 1) Mismatch("row limit not enforced", text);
  // Quoting makes the text longer: compare with the byte limit lifted.
  const std::string again = Quoted(*first);
  CsvOptions unlimited = options;
  unlimited.max_bytes = SIZE_MAX;
  Result<CsvTable> second = ParseCsv(again, unlimited);
  if (!second.ok()) Mismatch("quoted form does not parse", second.error().ToString());
  if (second->records.size() != first->records.size()) Mismatch("record count changed", again);
  for (size_t i = 0; i < first->records.size(); ++i) {
    if (second->records[i].fields != first->records[i].fields) Mismatch("fields changed", again);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Check(text, true);
  Check(text, false);
  return 0;
}
