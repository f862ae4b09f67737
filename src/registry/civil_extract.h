// The civil-register extract: the CSV file (RFC 4180, UTF-8) from which the voter register is
// compiled (R-B1). docs/register.md is the schema; in short, a header line and then one person
// per record:
//
//   national_id,surname,given_name,patronymic,birth_date,region,settlement,street,house,apartment
//   870214450016,Ахметова,Айгүл,Серікқызы,1987-02-14,almaty-city,Алматы,Абай даңғылы,45,12
//
//   national_id  the IIN, 12 digits with a valid check digit (national_id.h)
//   surname, given_name            required; patronymic may be empty
//   birth_date   YYYY-MM-DD, the same date as the IIN's digits 1-6; 18 or older on election day
//   region       a region id of the election definition (e.g. "almaty-city")
//   settlement   city, town or village, as the civil register writes it
//   street       may be empty (a village without street names)
//   house        required: a number and maybe a letter or building ("45", "45А", "12/3", "б/н")
//   apartment    may be empty
//
// Text fields are taken exactly as written (no trimming, no case folding): a field with a space
// at either end, a control character or a line break, or over 200 bytes is refused, because the
// same text must match the station boundaries and print on one line of the published list.
//
// Malformed rows do not stop the reading: each is one problem naming the row's line and the
// field, e.g. `line 12, field "birth_date"`. A CSV syntax error (an unclosed quote...) does stop
// it, since nothing after it can be trusted to be in the right field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "registry/national_id.h"

namespace ashyq::registry {

// The header, exactly, in this order.
inline constexpr std::string_view kExtractColumns[] = {"national_id", "surname",  "given_name", "patronymic",
                                                       "birth_date",  "region",   "settlement", "street",
                                                       "house",       "apartment"};
inline constexpr size_t kExtractColumnCount = 10;
inline constexpr size_t kMaxTextFieldBytes = 200;

// One person as the extract gives them. The views point into the reader's current piece: valid
// during the on_row call only.
struct ExtractRow {
  size_t line = 0;  // where the record starts in the file
  NationalId national_id = 0;
  std::string_view surname, given_name, patronymic;
  int32_t birth_date = 0;  // YYYYMMDD
  std::string_view region, settlement, street, house, apartment;
};

struct ExtractOptions {
  int32_t election_day = 0;      // YYYYMMDD; 0 skips the age rule (R-B1.age)
  size_t max_problems = 1000;    // problems kept; all are counted
  size_t piece_bytes = 4 << 20;  // how much ParseCsv reads at a time (tests make it small)
};

struct ExtractProblems {
  std::vector<Error> kept;  // the first max_problems, in the order found
  size_t total = 0;
  void Add(Error error, size_t max);
};

// Reads the extract, calling on_row for each well-formed row in file order and recording each
// malformed one in `problems`. Returns an error for a CSV syntax error or a wrong header (then
// nothing after it was read); otherwise ok, even with problems (the caller decides).
// `rows` (optional) counts the records after the header.
Status ReadCivilExtract(std::string_view bytes, const ExtractOptions& options,
                        const std::function<void(const ExtractRow&)>& on_row, ExtractProblems* problems,
                        size_t* rows = nullptr);

// Whether `text` may be a text field of the register: no space at either end, no control
// character (line breaks included), at most kMaxTextFieldBytes. The reason when not, else "".
std::string TextFieldProblem(std::string_view text);

// "line 12, field \"birth_date\"": where an extract or boundary problem is.
std::string FieldWhere(size_t line, std::string_view field);

}  // namespace ashyq::registry
