#include "tabulate/votes_csv.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace ashyq::tabulate {
namespace {

Error LineError(size_t line, std::string message) { return BadInput("line " + std::to_string(line), std::move(message)); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// A short, printable excerpt of user text for an error message.
std::string Excerpt(std::string_view s) {
  size_t cut = std::min<size_t>(s.size(), 40);
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  std::string out(s.substr(0, cut));
  if (cut < s.size()) out += "…";
  return "\"" + out + "\"";
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

// Checks what every line must satisfy: UTF-8, no control characters, no quotes.
Status CheckLineText(size_t number, std::string_view line) {
  if (!ValidUtf8(line)) return LineError(number, "the line is not valid UTF-8 text");
  for (char ch : line) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\r') return LineError(number, "a carriage return inside the line (only CRLF line ends are allowed)");
    if ((c < 0x20 && c != '\t') || c == 0x7F) return LineError(number, "the line contains a control character");
    if (c == '"') {
      return LineError(number, "quoted fields are not supported: write the party name without quotes "
                               "(a party name cannot contain a comma)");
    }
  }
  return Status();
}

}  // namespace

Result<std::vector<ListVotes>> ParseVotesCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // byte-order mark
  // Split into lines; a final line end does not start another line.
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (lines.size() > kMaxVotesCsvRows + 1 && !IsBlank(line)) {
      return Error{ErrorCode::kTooLarge, "line " + std::to_string(lines.size()), "",
                   "more than " + std::to_string(kMaxVotesCsvRows) + " rows"};
    }
    start = end + 1;
  }
  size_t last = lines.size();  // one past the last non-blank line
  while (last > 0 && IsBlank(lines[last - 1])) --last;
  if (last == 0) return BadInput("line 1", "the file is empty; expected the header \"party,votes\"");

  ASHYQ_RETURN_IF_ERROR(CheckLineText(1, lines[0]));
  const std::vector<std::string_view> header = SplitFields(lines[0]);
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
  };
  if (header.size() != 2 || lower(Trim(header[0])) != "party" || lower(Trim(header[1])) != "votes") {
    return LineError(1, "expected the header \"party,votes\", found " + Excerpt(lines[0]));
  }
  if (last == 1) return LineError(1, "the file has a header but no rows");

  std::vector<ListVotes> out;
  std::unordered_map<std::string, size_t> seen;  // party -> line
  for (size_t i = 1; i < last; ++i) {
    const size_t number = i + 1;
    const std::string_view line = lines[i];
    if (IsBlank(line)) return LineError(number, "blank line between rows");
    ASHYQ_RETURN_IF_ERROR(CheckLineText(number, line));
    const std::vector<std::string_view> fields = SplitFields(line);
    if (fields.size() != 2) {
      std::string message = "expected 2 fields (party,votes), found " + std::to_string(fields.size());
      const bool grouped_digits =
          fields.size() > 2 && std::all_of(fields.begin() + 1, fields.end(), [](std::string_view f) {
            return AllDigits(Trim(f));
          });
      if (grouped_digits) message += "; write votes without thousands separators (5247720, not 5,247,720)";
      return LineError(number, message);
    }
    const std::string_view party = Trim(fields[0]);
    const std::string_view votes = Trim(fields[1]);
    if (party.empty()) return LineError(number, "the party name is empty");
    if (votes.empty()) return LineError(number, "the votes are missing");
    if (!AllDigits(votes)) {
      std::string message = "votes must be a whole number written with digits only, found " + Excerpt(votes);
      if (votes.front() == '-') {
        message += " (votes cannot be negative)";
      } else if (votes.find_first_of(". '") != std::string_view::npos) {
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
