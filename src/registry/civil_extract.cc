#include "registry/civil_extract.h"

#include <string>

#include "registry/internal/csv_chunks.h"
#include "registry/internal/dates.h"

namespace ashyq::registry {

void ExtractProblems::Add(Error error, size_t max) {
  if (kept.size() < max) kept.push_back(std::move(error));
  ++total;
}

std::string FieldWhere(size_t line, std::string_view field) {
  return "line " + std::to_string(line) + ", field \"" + std::string(field) + "\"";
}

std::string TextFieldProblem(std::string_view text) {
  if (text.size() > kMaxTextFieldBytes) {
    return "longer than " + std::to_string(kMaxTextFieldBytes) + " bytes (" + std::to_string(text.size()) + ")";
  }
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) return "a space at the start or end";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\n' || u == '\r') return "a line break inside the field (a list entry is one line)";
    if (u < 0x20 || u == 0x7f) return "a control character";
  }
  return "";
}

namespace {

constexpr size_t kNationalId = 0, kSurname = 1, kGivenName = 2, kPatronymic = 3, kBirthDate = 4, kRegion = 5,
                 kSettlement = 6, kStreet = 7, kHouse = 8, kApartment = 9;

Status CheckHeader(const CsvRecord& header) {
  std::string expected;
  for (std::string_view c : kExtractColumns) expected += (expected.empty() ? "" : ",") + std::string(c);
  if (header.fields.size() != kExtractColumnCount) {
    return BadInput("line " + std::to_string(header.line),
                    "the header has " + std::to_string(header.fields.size()) + " columns; an extract's header is " +
                        expected);
  }
  for (size_t i = 0; i < kExtractColumnCount; ++i) {
    if (header.fields[i] != kExtractColumns[i]) {
      return BadInput("line " + std::to_string(header.line) + ", column " + std::to_string(i + 1),
                      "column " + std::to_string(i + 1) + " is \"" + header.fields[i] + "\", expected \"" +
                          std::string(kExtractColumns[i]) + "\" (the header is " + expected + ")");
    }
  }
  return Status();
}

// One record -> row; false after recording every problem of the record.
bool ReadRow(const CsvRecord& record, const ExtractOptions& options, ExtractRow* row, ExtractProblems* problems) {
  const size_t before = problems->total;
  auto fail = [&](size_t column, std::string rule, std::string message) {
    Error e = rule.empty() ? BadInput(FieldWhere(record.line, kExtractColumns[column]), std::move(message))
                           : CheckFailed(FieldWhere(record.line, kExtractColumns[column]), std::move(rule),
                                         std::move(message));
    problems->Add(std::move(e), options.max_problems);
  };
  if (record.fields.size() != kExtractColumnCount) {
    problems->Add(BadInput("line " + std::to_string(record.line),
                           "a record has " + std::to_string(kExtractColumnCount) + " fields, this one " +
                               std::to_string(record.fields.size()) +
                               (record.fields.size() == 1 && record.fields[0].empty() ? " (an empty line)" : "")),
                  options.max_problems);
    return false;
  }
  const std::vector<std::string>& f = record.fields;
  row->line = record.line;
  Result<NationalId> id = ParseNationalId(f[kNationalId], FieldWhere(record.line, "national_id"));
  if (!id.ok()) {
    problems->Add(id.error(), options.max_problems);
  } else {
    row->national_id = *id;
  }
  static constexpr size_t kText[] = {kSurname, kGivenName, kPatronymic, kRegion, kSettlement, kStreet, kHouse, kApartment};
  for (size_t c : kText) {
    const bool optional = c == kPatronymic || c == kStreet || c == kApartment;
    if (f[c].empty() && !optional) {
      fail(c, "", "empty; the " + std::string(kExtractColumns[c]) + " is required");
      continue;
    }
    if (std::string problem = TextFieldProblem(f[c]); !problem.empty()) fail(c, "", problem);
  }
  std::optional<int32_t> birth = internal::ParseIsoDate(f[kBirthDate]);
  if (!birth) {
    fail(kBirthDate, "", "\"" + f[kBirthDate] + "\" is no date YYYY-MM-DD");
  } else {
    row->birth_date = *birth;
    if (id.ok() && BirthDateOfNationalId(*id) != *birth) {
      fail(kBirthDate, "R-B1.national-id", "differs from the date of birth in the national id (IIN digits 1-7): "
                                           "one of them is mistyped");
    }
    if (options.election_day != 0 && *birth > options.election_day - 180000) {
      fail(kBirthDate, "R-B1.age", "this person is not 18 on election day, so is no voter");
    }
  }
  if (problems->total != before) return false;
  row->surname = f[kSurname];
  row->given_name = f[kGivenName];
  row->patronymic = f[kPatronymic];
  row->region = f[kRegion];
  row->settlement = f[kSettlement];
  row->street = f[kStreet];
  row->house = f[kHouse];
  row->apartment = f[kApartment];
  return true;
}

}  // namespace

Status ReadCivilExtract(std::string_view bytes, const ExtractOptions& options,
                        const std::function<void(const ExtractRow&)>& on_row, ExtractProblems* problems,
                        size_t* rows) {
  bool header_seen = false;
  size_t count = 0;
  ExtractRow row;
  Status read = internal::ForEachCsvPiece(bytes, options.piece_bytes, [&](std::vector<CsvRecord>& records) -> Status {
    size_t first = 0;
    if (!header_seen && !records.empty()) {
      ASHYQ_RETURN_IF_ERROR(CheckHeader(records[0]));
      header_seen = true;
      first = 1;
    }
    for (size_t i = first; i < records.size(); ++i) {
      ++count;
      if (ReadRow(records[i], options, &row, problems)) on_row(row);
    }
    return Status();
  });
  if (rows != nullptr) *rows = count;
  if (!read.ok()) return read;
  if (!header_seen) return BadInput("line 1", "the extract is empty: it needs at least its header");
  return Status();
}

}  // namespace ashyq::registry
