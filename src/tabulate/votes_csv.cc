#include "tabulate/votes_csv.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/csv.h"

namespace ashyq::tabulate {
namespace {

Error LineError(size_t line, std::string message) {
  return BadInput("line " + std::to_string(line), std::move(message));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A short, printable excerpt of user text for an error message.
std::string Excerpt(std::string_view s) {
  size_t cut = std::min<size_t>(s.size(), 40);
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  std::string out(s.substr(0, cut));
  if (cut < s.size()) out += "…";
  return "\"" + out + "\"";
}

bool IsBlankRow(const CsvRecord& r) {
  return std::all_of(r.fields.begin(), r.fields.end(), [](const std::string& f) { return Trim(f).empty(); });
}

// A control character in a field (a tab aside): a line break inside quotes, say. A party name
// with one would print as two lines in every report.
bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    const unsigned char c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t') || c == 0x7F;
  });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string Joined(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) out += (i == 0 ? "" : ",") + fields[i];
  return out;
}

}  // namespace

Result<std::vector<ListVotes>> ParseVotesCsv(std::string_view text) {
  CsvOptions options;
  options.max_bytes = kMaxVotesCsvBytes;
  options.max_rows = kMaxVotesCsvRows;
  options.same_field_count = false;  // a wrong count gets a better message below
  ASHYQ_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(text, options));
  std::vector<CsvRecord>& rows = table.records;
  while (!rows.empty() && IsBlankRow(rows.back())) rows.pop_back();
  if (rows.empty()) return BadInput("line 1", "the file is empty; expected the header \"party,votes\"");

  const std::vector<std::string>& header = rows[0].fields;
  if (header.size() != 2 || Lower(Trim(header[0])) != "party" || Lower(Trim(header[1])) != "votes") {
    return LineError(rows[0].line, "expected the header \"party,votes\", found " + Excerpt(Joined(header)));
  }
  if (rows.size() == 1) return LineError(rows[0].line, "the file has a header but no rows");

  std::vector<ListVotes> out;
  std::unordered_map<std::string, size_t> seen;  // party -> line
  for (size_t i = 1; i < rows.size(); ++i) {
    const size_t number = rows[i].line;
    const std::vector<std::string>& fields = rows[i].fields;
    if (IsBlankRow(rows[i])) return LineError(number, "blank line between rows");
    if (fields.size() != 2) {
      std::string message = "expected 2 fields (party,votes), found " + std::to_string(fields.size());
      const bool grouped_digits =
          fields.size() > 2 && std::all_of(fields.begin() + 1, fields.end(), [](const std::string& f) {
            return AllDigits(Trim(f));
          });
      if (grouped_digits) message += "; write votes without thousands separators (5247720, not 5,247,720)";
      return LineError(number, message);
    }
    const std::string_view party = Trim(fields[0]);
    const std::string_view votes = Trim(fields[1]);
    if (party.empty()) return LineError(number, "the party name is empty");
    if (HasControl(party)) {
      // Not quoted back: the message would break where the name does.
      return LineError(number, "the party name contains a control character or a line break");
    }
    if (votes.empty()) return LineError(number, "the votes are missing");
    if (!AllDigits(votes)) {
      std::string message = "votes must be a whole number written with digits only, found " + Excerpt(votes);
      if (votes.front() == '-') {
        message += " (votes cannot be negative)";
      } else if (votes.find_first_of(".,' ") != std::string_view::npos ||
                 votes.find("\xC2\xA0") != std::string_view::npos ||    // no-break space
                 votes.find("\xE2\x80\xAF") != std::string_view::npos) {  // narrow no-break space
        // Spreadsheets group digits with these when a cell is formatted as a number.
        message += "; write votes without separators or decimals (5247720)";
      }
      return LineError(number, message);
    }
    const size_t digits = votes.size() - std::min(votes.find_first_not_of('0'), votes.size());
    int64_t value = 0;
    if (digits > 16) return LineError(number, "votes " + Excerpt(votes) + " exceed 2^53 - 1");
    for (char c : votes) value = value * 10 + (c - '0');
    if (value > kMaxVotes) return LineError(number, "votes " + Excerpt(votes) + " exceed 2^53 - 1");
    auto [it, fresh] = seen.emplace(std::string(party), number);
    if (!fresh) {
      return LineError(number, "party " + Excerpt(party) + " is already on line " + std::to_string(it->second));
    }
    out.push_back({std::string(party), value, static_cast<int64_t>(out.size() + 1)});
  }
  return out;
}

}  // namespace ashyq::tabulate
