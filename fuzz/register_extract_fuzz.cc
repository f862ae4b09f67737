// Fuzzes the civil-register extract reader (registry/civil_extract.h), which cuts a large file
// into pieces for core/csv.h: whatever the input, reading it in pieces of a few bytes must give
// exactly what reading it whole gives - the same rows, the same problems at the same lines - and
// every problem must name a line. A file with a CSV error is refused either way, though not
// always for the same error: read whole, core/csv.h checks every byte's UTF-8 before the first
// record; in pieces, an earlier error (a wrong header) may come first.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "registry/civil_extract.h"

namespace {

[[noreturn]] void Mismatch(const char* what, std::string_view detail) {
  std::fprintf(stderr, "register_extract_fuzz: %s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

std::string ReadAll(std::string_view input, size_t piece_bytes, bool* ok) {
  ashyq::registry::ExtractOptions options;
  options.piece_bytes = piece_bytes;
  options.election_day = 20190609;
  ashyq::registry::ExtractProblems problems;
  std::string out;
  ashyq::Status status = ashyq::registry::ReadCivilExtract(
      input, options,
      [&](const ashyq::registry::ExtractRow& row) {
        out += std::to_string(row.line) + ":" + std::to_string(row.national_id) + ":" + std::string(row.surname) + "|" +
               std::string(row.given_name) + "|" + std::string(row.street) + "|" + std::string(row.house) + "\n";
      },
      &problems);
  for (const ashyq::Error& e : problems.kept) {
    if (e.where.rfind("line ", 0) != 0) Mismatch("a problem that names no line", e.ToString());
    out += "problem " + e.ToString() + "\n";
  }
  out += "total " + std::to_string(problems.total) + "\n";
  *ok = status.ok();
  if (!status.ok()) {
    if (status.error().where.rfind("line ", 0) != 0) Mismatch("an error that names no line", status.error().ToString());
    out += "error " + status.error().ToString() + "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 16) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  bool whole_ok = false;
  const std::string whole = ReadAll(input, size_t{1} << 20, &whole_ok);
  for (size_t piece : {1, 3, 17}) {
    bool ok = false;
    const std::string pieces = ReadAll(input, piece, &ok);
    if (ok != whole_ok) Mismatch("refused whole or in pieces, not both", input);
    if (ok && pieces != whole) Mismatch("pieces read otherwise than the whole", input);
  }
  return 0;
}
