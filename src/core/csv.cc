#include "core/csv.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "core/grouped_number.h"

namespace ashyq {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The offset of the first NUL byte or the first byte that does not start a well-formed UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF are not well-formed);
// npos if there is none. `*nul` says which of the two it is.
size_t FirstBadByte(std::string_view s, bool* nul) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0) {
        *nul = true;
        return i;
      }
      ++i;
      continue;
    }
    size_t n = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      *nul = false;
      return i;
    }
    bool ok = i + n < s.size();
    for (size_t k = 1; ok && k <= n; ++k) {
      ok = IsContinuation(s[i + k]);
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    ok = ok && !(n == 2 && cp < 0x800) && !(n == 3 && cp < 0x10000) && cp <= 0x10FFFF &&
         !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      *nul = false;
      return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

class Reader {
 public:
  Reader(std::string_view in, const CsvOptions& options) : in_(in), options_(options) {
    if (in_.substr(0, kByteOrderMark.size()) == kByteOrderMark) begin_ = kByteOrderMark.size();
    pos_ = begin_;
  }

  Result<CsvTable> Run();

 private:
  // "line L, column C" of the byte at `offset`: lines counted by LF, columns by characters.
  std::string Where(size_t offset) const {
    const size_t end = std::min(offset, in_.size());
    const std::string_view before = in_.substr(0, end);
    const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
    const size_t last_lf = before.rfind('\n');
    const size_t start = last_lf == std::string_view::npos ? std::min(begin_, end) : last_lf + 1;
    const std::string_view text = in_.substr(start, end - start);
    const size_t column =
        1 + static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuation(c); }));
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
  }
  Error Bad(size_t offset, std::string message) const { return BadInput(Where(offset), std::move(message)); }
  Error TooLarge(size_t offset, std::string message) const {
    return Error{ErrorCode::kTooLarge, Where(offset), "", std::move(message)};
  }

  // Whether nothing but well-formed line ends (CRLF, LF) follows `p`.
  bool OnlyLineEndsFrom(size_t p) const {
    while (p < in_.size()) {
      if (in_[p] == '\n') {
        ++p;
      } else if (in_[p] == '\r' && p + 1 < in_.size() && in_[p + 1] == '\n') {
        p += 2;
      } else {
        return false;
      }
    }
    return true;
  }

  Status ReadUnquoted(std::string* field);
  Status ReadQuoted(std::string* field);
  Result<CsvRecord> ReadRecord();
  Status CheckFieldCount(const CsvRecord& first, const CsvRecord& record, size_t record_begin) const;

  std::string_view in_;
  const CsvOptions& options_;
  size_t begin_ = 0;  // after the byte-order mark
  size_t pos_ = 0;
  size_t line_ = 1;
  std::vector<size_t> field_begin_;  // of the record being read, for errors about its fields
  size_t record_end_ = 0;             // before its line end
};

Status Reader::ReadUnquoted(std::string* field) {
  const size_t end = std::min(in_.find_first_of(",\r\n", pos_), in_.size());
  const size_t quote = in_.substr(pos_, end - pos_).find('"');
  if (quote != std::string_view::npos) {
    return Bad(pos_ + quote, "a quote inside a field that does not start with one: quote the whole field "
                      "(\"Ak Zhol\"), with no space before the opening quote");
  }
  field->assign(in_.substr(pos_, end - pos_));
  pos_ = end;
  return Status();
}

Status Reader::ReadQuoted(std::string* field) {
  const size_t open = pos_++;
  while (true) {
    const size_t quote = in_.find('"', pos_);
    if (quote == std::string_view::npos) {
      return Bad(open, "the quote that opens this field is never closed");
    }
    const std::string_view chunk = in_.substr(pos_, quote - pos_);
    line_ += static_cast<size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
    field->append(chunk);
    if (quote + 1 < in_.size() && in_[quote + 1] == '"') {  // "" is one quote
      *field += '"';
      pos_ = quote + 2;
      continue;
    }
    pos_ = quote + 1;
    break;
  }
  if (pos_ < in_.size() && in_[pos_] != ',' && in_[pos_] != '\r' && in_[pos_] != '\n') {
    return Bad(pos_, "text after the closing quote of a field (a quote inside a quoted field is "
                     "written twice: \"say \"\"yes\"\"\")");
  }
  return Status();
}

Result<CsvRecord> Reader::ReadRecord() {
  CsvRecord record;
  record.line = line_;
  field_begin_.clear();
  while (true) {
    if (record.fields.size() == options_.max_fields) {
      return TooLarge(pos_, "more than " + Grouped(options_.max_fields) + " fields in one row");
    }
    field_begin_.push_back(pos_);
    std::string field;
    ASHYQ_RETURN_IF_ERROR(pos_ < in_.size() && in_[pos_] == '"' ? ReadQuoted(&field) : ReadUnquoted(&field));
    record.fields.push_back(std::move(field));
    record_end_ = pos_;
    if (pos_ == in_.size()) return record;  // the last record, without a line end
    if (in_[pos_] == ',') {
      ++pos_;  // a comma before the line end gives one more, empty, field
      continue;
    }
    if (in_[pos_] == '\r') {
      if (pos_ + 1 == in_.size() || in_[pos_ + 1] != '\n') {
        return Bad(pos_, "a carriage return that does not end the line (line ends are CRLF or LF; "
                         "quote a field that holds one)");
      }
      ++pos_;
    }
    ++pos_;  // the LF
    ++line_;
    return record;
  }
}

Status Reader::CheckFieldCount(const CsvRecord& first, const CsvRecord& record, size_t record_begin) const {
  const size_t want = first.fields.size();
  const size_t got = record.fields.size();
  if (got == want) return Status();
  const std::string expected = "the header row has " + Grouped(want) + (want == 1 ? " field" : " fields");
  if (got == 1 && record_end_ == record_begin) return Bad(record_begin, "the line is empty; " + expected);
  const size_t at = got > want ? field_begin_[want] : record_end_;
  return Bad(at, "this row has " + Grouped(got) + (got == 1 ? " field" : " fields") + ", " + expected);
}

Result<CsvTable> Reader::Run() {
  if (in_.size() > options_.max_bytes) {
    return TooLarge(options_.max_bytes, "the file is larger than " + Grouped(options_.max_bytes) + " bytes");
  }
  bool nul = false;
  const size_t bad = FirstBadByte(in_, &nul);
  if (bad != std::string_view::npos) {
    return Bad(bad, nul ? "a NUL byte (is this a text file?)"
                        : "the text is not UTF-8 (save the file as \"CSV UTF-8\")");
  }
  CsvTable table;
  while (pos_ < in_.size() && !OnlyLineEndsFrom(pos_)) {
    if (table.records.size() > options_.max_rows) {
      return TooLarge(pos_, "more than " + Grouped(options_.max_rows) + " rows after the header");
    }
    const size_t record_begin = pos_;
    ASHYQ_ASSIGN_OR_RETURN(CsvRecord record, ReadRecord());
    if (options_.same_field_count && !table.records.empty()) {
      ASHYQ_RETURN_IF_ERROR(CheckFieldCount(table.records.front(), record, record_begin));
    }
    table.records.push_back(std::move(record));
  }
  return table;
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view bytes, const CsvOptions& options) { return Reader(bytes, options).Run(); }

}  // namespace ashyq
