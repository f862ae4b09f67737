#include "core/json.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <iterator>
#include <functional>
#include <string>
#include <unordered_set>

namespace ashyq::json {

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kInteger: return "integer";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kObject: return "object";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------------
// Value

bool Value::as_bool() const {
  assert(kind_ == Kind::kBool);
  return bool_;
}

int64_t Value::as_int() const {
  assert(kind_ == Kind::kInteger);
  return int_;
}

double Value::as_number() const {
  assert(kind_ == Kind::kNumber || kind_ == Kind::kInteger);
  // Integers are within +-(2^53 - 1), so the conversion is exact.
  return kind_ == Kind::kInteger ? static_cast<double>(int_) : number_;
}

const std::string& Value::as_string() const {
  assert(kind_ == Kind::kString);
  return string_;
}

const std::vector<Value>& Value::items() const {
  assert(kind_ == Kind::kArray);
  return items_;
}

std::vector<Value>& Value::items() {
  assert(kind_ == Kind::kArray);
  return items_;
}

Value& Value::Push(Value v) {
  assert(kind_ == Kind::kArray);
  items_.push_back(std::move(v));
  return items_.back();
}

const std::vector<Member>& Value::members() const {
  assert(kind_ == Kind::kObject);
  return members_;
}

const Value* Value::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (const Member& m : members_) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

Value* Value::Find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->Find(key));
}

Value& Value::Set(std::string key, Value v) {
  assert(kind_ == Kind::kObject);
  for (Member& m : members_) {
    if (m.key == key) {
      m.value = std::move(v);
      return m.value;
    }
  }
  members_.push_back(Member{std::move(key), std::move(v)});
  return members_.back().value;
}

size_t Value::size() const {
  if (kind_ == Kind::kArray) return items_.size();
  if (kind_ == Kind::kObject) return members_.size();
  return 0;
}

namespace {

bool IsNumeric(Kind k) { return k == Kind::kInteger || k == Kind::kNumber; }

// Objects compare as sets of members (keys are unique), so {"a":1,"b":2} equals its
// canonical reordering {"b":2,"a":1}.
bool MembersEqual(const std::vector<Member>& a, const std::vector<Member>& b) {
  if (a.size() != b.size()) return false;
  if (a.size() <= 16) {
    for (const Member& m : a) {
      const Member* match = nullptr;
      for (const Member& n : b) {
        if (n.key == m.key) {
          match = &n;
          break;
        }
      }
      if (match == nullptr || !(match->value == m.value)) return false;
    }
    return true;
  }
  auto by_key = [](const Member* x, const Member* y) { return x->key < y->key; };
  std::vector<const Member*> sa, sb;
  sa.reserve(a.size());
  sb.reserve(b.size());
  for (const Member& m : a) sa.push_back(&m);
  for (const Member& m : b) sb.push_back(&m);
  std::sort(sa.begin(), sa.end(), by_key);
  std::sort(sb.begin(), sb.end(), by_key);
  for (size_t i = 0; i < sa.size(); ++i) {
    if (sa[i]->key != sb[i]->key || !(sa[i]->value == sb[i]->value)) return false;
  }
  return true;
}

}  // namespace

// Numbers compare by value across kInteger/kNumber: 100 and 1e2 are the same JSON number and
// have the same canonical form.
bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) {
    return IsNumeric(a.kind_) && IsNumeric(b.kind_) && a.as_number() == b.as_number();
  }
  switch (a.kind_) {
    case Kind::kNull: return true;
    case Kind::kBool: return a.bool_ == b.bool_;
    case Kind::kInteger: return a.int_ == b.int_;
    case Kind::kNumber: return a.number_ == b.number_;
    case Kind::kString: return a.string_ == b.string_;
    case Kind::kArray: return a.items_ == b.items_;
    case Kind::kObject: return MembersEqual(a.members_, b.members_);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Parser

namespace {

// Bytes a string can hold without further inspection: printable ASCII except '"' and '\'.
struct ByteTables {
  bool plain[256];   // parser: copy as is
  char escape[256];  // writer: 0 = literal, 'u' = \u00xx, else the letter after '\'
  constexpr ByteTables() : plain(), escape() {
    for (int c = 0; c < 256; ++c) {
      plain[c] = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
      escape[c] = c < 0x20 ? 'u' : 0;
    }
    escape[static_cast<int>('\b')] = 'b';
    escape[static_cast<int>('\t')] = 't';
    escape[static_cast<int>('\n')] = 'n';
    escape[static_cast<int>('\f')] = 'f';
    escape[static_cast<int>('\r')] = 'r';
    escape[static_cast<int>('"')] = '"';
    escape[static_cast<int>('\\')] = '\\';
  }
};
constexpr ByteTables kTables;

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;

inline uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
// Non-zero iff some byte of w is zero.
inline uint64_t HasZeroByte(uint64_t w) { return (w - kOnes) & ~w & kHighs; }
// Non-zero iff some byte of w is '"', '\\' or a control character (below 0x20): the bytes
// the writer must escape. A borrow can mark a later byte spuriously, but only when an earlier
// byte really matches, so the test as a whole is exact.
inline uint64_t NeedsEscape(uint64_t w) {
  return HasZeroByte(w ^ (kOnes * '"')) | HasZeroByte(w ^ (kOnes * '\\')) |
         ((w - kOnes * 0x20) & ~w & kHighs);
}
// The parser must also stop at non-ASCII bytes, to validate the UTF-8.
inline uint64_t NeedsParserAttention(uint64_t w) { return NeedsEscape(w) | (w & kHighs); }

const char kHex[] = "0123456789abcdef";

std::string Describe(const char* p, const char* end) {
  if (p >= end) return "end of input";
  auto c = static_cast<unsigned char>(*p);
  if (c > 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  std::string s = c < 0x80 ? "character U+00" : "byte 0x";
  s += kHex[c >> 4];
  s += kHex[c & 15];
  return s;
}

// Shortens a lexeme for an error message.
std::string Excerpt(const char* begin, const char* end) {
  size_t n = static_cast<size_t>(end - begin);
  if (n <= 40) return std::string(begin, n);
  return std::string(begin, 40) + "...";
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Duplicate-key detection for large objects: a hash set of member indices, so that the
// members vector can grow (moving its keys) without invalidating the set.
struct KeyIndexHash {
  const std::vector<Member>* members;
  size_t operator()(uint32_t i) const { return std::hash<std::string>()((*members)[i].key); }
};
struct KeyIndexEqual {
  const std::vector<Member>* members;
  bool operator()(uint32_t a, uint32_t b) const {
    return (*members)[a].key == (*members)[b].key;
  }
};
using KeyIndexSet = std::unordered_set<uint32_t, KeyIndexHash, KeyIndexEqual>;
constexpr size_t kLinearKeyCheckLimit = 16;

}  // namespace

// A recursive-descent parser over a single contiguous buffer. Errors are recorded once, at the
// byte where parsing stopped, and every Parse* function returns false from then on.
class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()),
        options_(options) {}

  Result<Value> ParseDocument() {
    Value root;
    SkipWhitespace();
    if (p_ == end_) {
      Fail(p_, "empty document: expected a JSON value");
      return std::move(error_);
    }
    if (!ParseValue(&root, 0)) return std::move(error_);
    SkipWhitespace();
    if (p_ != end_) {
      Fail(p_, "unexpected " + Describe(p_, end_) +
                   " after the JSON value: expected end of input (only one value is allowed)");
      return std::move(error_);
    }
    return root;
  }

 private:
  void SkipWhitespace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Fail(const char* at, std::string message) {
    size_t line = 1;
    size_t column = 1;
    for (const char* q = begin_; q < at; ++q) {
      if (*q == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) {
        ++column;  // columns count characters, not UTF-8 bytes
      }
    }
    error_ = BadInput("line " + std::to_string(line) + ", column " + std::to_string(column),
                      std::move(message));
    return false;
  }

  bool Truncated() {
    return Fail(end_, "unexpected end of input: the document is truncated");
  }

  bool ParseValue(Value* out, int depth) {
    if (p_ == end_) return Truncated();
    switch (*p_) {
      case '{': return ParseObject(out, depth + 1);
      case '[': return ParseArray(out, depth + 1);
      case '"':
        out->kind_ = Kind::kString;
        return ParseString(&out->string_);
      case 't':
        out->kind_ = Kind::kBool;
        out->bool_ = true;
        return ParseLiteral("true");
      case 'f':
        out->kind_ = Kind::kBool;
        out->bool_ = false;
        return ParseLiteral("false");
      case 'n':
        out->kind_ = Kind::kNull;
        return ParseLiteral("null");
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return ParseNumber(out);
        return Fail(p_, "unexpected " + Describe(p_, end_) + ": expected a value");
    }
  }

  bool ParseLiteral(std::string_view word) {
    size_t avail = static_cast<size_t>(end_ - p_);
    size_t n = std::min(avail, word.size());
    if (std::memcmp(p_, word.data(), n) != 0) {
      return Fail(p_, "invalid literal: expected '" + std::string(word) + "'");
    }
    if (n < word.size()) return Truncated();
    p_ += word.size();
    return true;
  }

  bool CheckDepth(int depth) {
    if (depth > options_.max_depth) {
      return Fail(p_, "nesting is deeper than the limit of " +
                          std::to_string(options_.max_depth) + " levels");
    }
    return true;
  }

  bool ParseArray(Value* out, int depth) {
    if (!CheckDepth(depth)) return false;
    ++p_;  // '['
    out->kind_ = Kind::kArray;
    SkipWhitespace();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    std::vector<Value>& items = Scratch(&item_scratch_, depth);
    for (;;) {
      SkipWhitespace();
      if (p_ == end_) return Truncated();
      if (*p_ == ']') return Fail(p_, "trailing comma before ']': expected a value");
      items.emplace_back();
      if (!ParseValue(&items.back(), depth)) return false;
      SkipWhitespace();
      if (p_ == end_) return Truncated();
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == ']') {
        ++p_;
        MoveInto(&items, &out->items_);
        return true;
      }
      return Fail(p_, "unexpected " + Describe(p_, end_) +
                          ": expected ',' or ']' after an array element");
    }
  }

  bool ParseObject(Value* out, int depth) {
    if (!CheckDepth(depth)) return false;
    ++p_;  // '{'
    out->kind_ = Kind::kObject;
    SkipWhitespace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    std::vector<Member>& members = Scratch(&member_scratch_, depth);
    KeyIndexSet seen(0, KeyIndexHash{&members}, KeyIndexEqual{&members});
    for (;;) {
      SkipWhitespace();
      if (p_ == end_) return Truncated();
      if (*p_ != '"') {
        if (*p_ == '}') return Fail(p_, "trailing comma before '}': expected a key");
        return Fail(p_, "unexpected " + Describe(p_, end_) + ": expected a string key");
      }
      const char* key_at = p_;
      members.emplace_back();
      if (!ParseString(&members.back().key)) return false;
      if (!CheckNewKey(members, &seen)) {
        std::string shown;
        AppendQuoted(members.back().key, &shown);
        return Fail(key_at, "duplicate key " + shown);
      }
      SkipWhitespace();
      if (p_ == end_) return Truncated();
      if (*p_ != ':') {
        return Fail(p_, "unexpected " + Describe(p_, end_) + ": expected ':' after the key");
      }
      ++p_;
      SkipWhitespace();
      if (!ParseValue(&members.back().value, depth)) return false;
      SkipWhitespace();
      if (p_ == end_) return Truncated();
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '}') {
        ++p_;
        MoveInto(&members, &out->members_);
        return true;
      }
      return Fail(p_, "unexpected " + Describe(p_, end_) +
                          ": expected ',' or '}' after an object member");
    }
  }

  // Elements are collected in a scratch vector per nesting level, reused across siblings, and
  // then moved into an exactly sized vector: no growth reallocations and no slack capacity,
  // which for a definition with 70,000 objects saves both time and a third of the memory.
  template <typename T>
  static std::vector<T>& Scratch(std::deque<std::vector<T>>* levels, int depth) {
    while (levels->size() <= static_cast<size_t>(depth)) levels->emplace_back();
    return (*levels)[static_cast<size_t>(depth)];  // deque: references survive growth
  }

  template <typename T>
  static void MoveInto(std::vector<T>* scratch, std::vector<T>* out) {
    out->reserve(scratch->size());
    std::move(scratch->begin(), scratch->end(), std::back_inserter(*out));
    scratch->clear();
  }

  // True if the last member's key is new. Small objects are scanned; large ones use a set.
  static bool CheckNewKey(const std::vector<Member>& members, KeyIndexSet* seen) {
    size_t last = members.size() - 1;
    const std::string& key = members[last].key;
    if (members.size() <= kLinearKeyCheckLimit) {
      for (size_t i = 0; i < last; ++i) {
        if (members[i].key == key) return false;
      }
      return true;
    }
    if (seen->empty()) {
      seen->reserve(2 * kLinearKeyCheckLimit);
      for (size_t i = 0; i < last; ++i) seen->insert(static_cast<uint32_t>(i));
    }
    return seen->insert(static_cast<uint32_t>(last)).second;
  }

  static void AppendQuoted(const std::string& s, std::string* out) {
    out->push_back('"');
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || c == '"' || c == '\\') {
        out->append("\\u00");
        out->push_back(kHex[u >> 4]);
        out->push_back(kHex[u & 15]);
      } else {
        out->push_back(c);
      }
      if (out->size() > 80) {
        out->append("...");
        break;
      }
    }
    out->push_back('"');
  }

  // Parses a string token into *out (which is empty). Plain runs are copied in one append.
  bool ParseString(std::string* out) {
    ++p_;  // opening quote
    const char* run = p_;
    for (;;) {
      while (end_ - p_ >= 8 && NeedsParserAttention(Load8(p_)) == 0) p_ += 8;
      while (p_ < end_ && kTables.plain[static_cast<unsigned char>(*p_)]) ++p_;
      if (p_ == end_) return Fail(p_, "unexpected end of input: unterminated string");
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out->append(run, p_);
        ++p_;
        return true;
      }
      if (c == '\\') {
        out->append(run, p_);
        if (!ParseEscape(out)) return false;
        run = p_;
      } else if (c < 0x20) {
        return Fail(p_, "control character U+00" + std::string(1, kHex[c >> 4]) +
                            kHex[c & 15] + " must be escaped in a string");
      } else if (c <= 0xDF && c >= 0xC2 && end_ - p_ >= 2 &&
                 (static_cast<unsigned char>(p_[1]) & 0xC0) == 0x80) {
        p_ += 2;  // a valid two-byte sequence (Cyrillic, Kazakh): the common case
      } else {
        if (!SkipUtf8Sequence()) return false;
      }
    }
  }

  // Validates one multi-byte UTF-8 sequence at p_ (Unicode Table 3-7) and steps over it.
  bool SkipUtf8Sequence() {
    auto b0 = static_cast<unsigned char>(p_[0]);
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else if (b0 == 0xC0 || b0 == 0xC1) {
      return Fail(p_, "invalid UTF-8: overlong encoding (" + Describe(p_, end_) + ")");
    } else if (b0 >= 0xF8) {
      return Fail(p_, "invalid UTF-8: " + Describe(p_, end_) + " never appears in UTF-8");
    } else if (b0 >= 0xF5) {
      return Fail(p_, "invalid UTF-8: " + Describe(p_, end_) + " encodes beyond U+10FFFF");
    } else {
      return Fail(p_, "invalid UTF-8: unexpected continuation " + Describe(p_, end_));
    }
    if (static_cast<size_t>(end_ - p_) < len) {
      return Fail(p_, "invalid UTF-8: sequence truncated by the end of input");
    }
    auto b1 = static_cast<unsigned char>(p_[1]);
    if (b1 < lo || b1 > hi) {
      if (b1 >= 0x80 && b1 <= 0xBF) {
        if (b0 == 0xED) return Fail(p_, "invalid UTF-8: encoded surrogate (U+D800..U+DFFF)");
        if (b0 == 0xF4) return Fail(p_, "invalid UTF-8: code point beyond U+10FFFF");
        return Fail(p_, "invalid UTF-8: overlong encoding");
      }
      return Fail(p_ + 1, "invalid UTF-8: expected a continuation byte, found " +
                              Describe(p_ + 1, end_));
    }
    for (size_t i = 2; i < len; ++i) {
      auto b = static_cast<unsigned char>(p_[i]);
      if (b < 0x80 || b > 0xBF) {
        return Fail(p_ + i, "invalid UTF-8: expected a continuation byte, found " +
                                Describe(p_ + i, end_));
      }
    }
    p_ += len;
    return true;
  }

  bool ParseHex4(const char* at, uint32_t* out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      if (at + i == end_) return Truncated();
      int d = HexDigit(at[i]);
      if (d < 0) return Fail(at + i, "expected 4 hex digits after \\u");
      v = v * 16 + static_cast<uint32_t>(d);
    }
    *out = v;
    return true;
  }

  bool ParseEscape(std::string* out) {
    const char* at = p_;
    ++p_;  // '\'
    if (p_ == end_) return Truncated();
    char c = *p_++;
    switch (c) {
      case '"': out->push_back('"'); return true;
      case '\\': out->push_back('\\'); return true;
      case '/': out->push_back('/'); return true;
      case 'b': out->push_back('\b'); return true;
      case 'f': out->push_back('\f'); return true;
      case 'n': out->push_back('\n'); return true;
      case 'r': out->push_back('\r'); return true;
      case 't': out->push_back('\t'); return true;
      case 'u': break;
      default:
        return Fail(at, "invalid escape: '\\' followed by " + Describe(p_ - 1, end_) +
                            ", expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
    }
    uint32_t unit = 0;
    if (!ParseHex4(p_, &unit)) return false;
    p_ += 4;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return Fail(at, "lone low surrogate \\u" + std::string(at + 2, 4) +
                          " (a low surrogate must follow a high surrogate)");
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
        if (end_ - p_ < 2 && (p_ == end_ || p_[0] == '\\')) return Truncated();
        return Fail(at, "lone high surrogate \\u" + std::string(at + 2, 4) +
                            " (expected a low surrogate escape after it)");
      }
      uint32_t low = 0;
      if (!ParseHex4(p_ + 2, &low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) {
        return Fail(at, "lone high surrogate \\u" + std::string(at + 2, 4) +
                            " (followed by \\u" + std::string(p_ + 2, 4) +
                            ", not a low surrogate)");
      }
      p_ += 6;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(unit, out);
    return true;
  }

  bool ParseNumber(Value* out) {
    const char* start = p_;
    bool negative = false;
    if (*p_ == '-') {
      negative = true;
      ++p_;
      if (p_ == end_) return Truncated();
    }
    uint64_t magnitude = 0;
    bool too_large = false;
    if (*p_ == '0') {
      ++p_;
      if (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        return Fail(start, "leading zeros are not allowed in numbers");
      }
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        if (magnitude > static_cast<uint64_t>(kMaxSafeInteger)) {
          too_large = true;  // keep scanning; stop accumulating before overflow
        } else {
          magnitude = magnitude * 10 + static_cast<uint64_t>(*p_ - '0');
        }
        ++p_;
      }
      if (magnitude > static_cast<uint64_t>(kMaxSafeInteger)) too_large = true;
    } else {
      return Fail(p_, "unexpected " + Describe(p_, end_) + ": expected a digit after '-'");
    }
    bool integer = true;
    if (p_ < end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_) return Truncated();
      if (*p_ < '0' || *p_ > '9') {
        return Fail(p_, "unexpected " + Describe(p_, end_) +
                            ": expected a digit after the decimal point");
      }
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_) return Truncated();
      if (*p_ < '0' || *p_ > '9') {
        return Fail(p_, "unexpected " + Describe(p_, end_) + ": expected a digit in the exponent");
      }
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (integer && !too_large) {
      auto v = static_cast<int64_t>(magnitude);
      out->kind_ = Kind::kInteger;
      out->int_ = negative ? -v : v;
      return true;
    }
    if (!options_.allow_non_integers) {
      if (integer) {
        return Fail(start, "integer " + Excerpt(start, p_) +
                               " is outside the safe range -9007199254740991..9007199254740991");
      }
      return Fail(start, "number " + Excerpt(start, p_) +
                             " is not an integer: fractions and exponents are not allowed");
    }
    // Lenient mode (RFC 8785 vectors, diagnostics): any number becomes an IEEE 754 double,
    // including integers beyond 2^53 that only a double can hold.
    double d = 0;
    auto [ptr, ec] = std::from_chars(start, p_, d);
    if (ec != std::errc() || ptr != p_ || !std::isfinite(d)) {
      return Fail(start, "number " + Excerpt(start, p_) + " is out of the range of a double");
    }
    out->kind_ = Kind::kNumber;
    out->number_ = d;
    return true;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  const ParseOptions& options_;
  Error error_;
  std::deque<std::vector<Member>> member_scratch_;
  std::deque<std::vector<Value>> item_scratch_;
};

Result<Value> Parse(std::string_view text, const ParseOptions& options) {
  if (text.size() > options.max_bytes) {
    return Error{ErrorCode::kTooLarge, "", "",
                 "document is " + std::to_string(text.size()) + " bytes, over the limit of " +
                     std::to_string(options.max_bytes) + " bytes"};
  }
  return Parser(text, options).ParseDocument();
}

// ---------------------------------------------------------------------------------------------
// Serialisation

namespace {

// Collects output in a local buffer so that the many small writes (quotes, commas, short keys)
// are pointer bumps, and hands it to the string in large appends.
class Sink {
 public:
  explicit Sink(std::string* out) : out_(out) {}
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  ~Sink() { Flush(); }

  void Put(char c) {
    if (used_ == kSize) Flush();
    buf_[used_++] = c;
  }
  void Put(const char* p, size_t n) {
    if (n > kSize - used_) {
      Flush();
      if (n > kSize) {
        out_->append(p, n);
        return;
      }
    }
    std::memcpy(buf_ + used_, p, n);
    used_ += n;
  }
  void Put(std::string_view s) { Put(s.data(), s.size()); }
  void Flush() {
    out_->append(buf_, used_);
    used_ = 0;
  }

 private:
  static constexpr size_t kSize = 16384;
  std::string* out_;
  size_t used_ = 0;
  char buf_[kSize];
};

void PutString(std::string_view s, Sink* out) {
  out->Put('"');
  const char* p = s.data();
  const char* end = p + s.size();
  const char* run = p;
  for (;;) {
    // Bytes >= 0x80 are written as is, so only '"', '\' and controls stop the scan.
    while (end - p >= 8 && NeedsEscape(Load8(p)) == 0) p += 8;
    while (p < end && kTables.escape[static_cast<unsigned char>(*p)] == 0) ++p;
    if (p == end) break;
    out->Put(run, static_cast<size_t>(p - run));
    auto c = static_cast<unsigned char>(*p);
    char e = kTables.escape[c];
    if (e == 'u') {
      const char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      out->Put(buf, 6);
    } else {
      const char buf[2] = {'\\', e};
      out->Put(buf, 2);
    }
    run = ++p;
  }
  out->Put(run, static_cast<size_t>(end - run));
  out->Put('"');
}

void PutInteger(int64_t v, Sink* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->Put(buf, static_cast<size_t>(r.ptr - buf));
}

// ECMAScript Number.prototype.toString (ECMA-262 Number::toString), as RFC 8785 requires:
// the shortest round-trip digits, laid out in plain or exponent form by the decimal exponent.
void PutNumber(double d, Sink* out) {
  if (d == 0) {  // also -0
    out->Put('0');
    return;
  }
  if (!std::isfinite(d)) {  // not representable in JSON; the parser never produces it
    out->Put("null");
    return;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  const char* p = buf;
  if (*p == '-') {
    out->Put('-');
    ++p;
  }
  char digits[20];
  int k = 0;
  for (; p < r.ptr && *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  int exponent = 0;  // to_chars wrote "e+dd" or "e-dd"
  auto parsed = std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), r.ptr, exponent);
  assert(parsed.ec == std::errc());
  (void)parsed;
  int n = exponent + 1;  // the value is 0.digits * 10^n
  auto count = [](int c) { return static_cast<size_t>(c); };
  if (k <= n && n <= 21) {
    out->Put(digits, count(k));
    for (int i = k; i < n; ++i) out->Put('0');
  } else if (0 < n && n <= 21) {
    out->Put(digits, count(n));
    out->Put('.');
    out->Put(digits + n, count(k - n));
  } else if (-6 < n && n <= 0) {
    out->Put("0.");
    for (int i = n; i < 0; ++i) out->Put('0');
    out->Put(digits, count(k));
  } else {
    out->Put(digits[0]);
    if (k > 1) {
      out->Put('.');
      out->Put(digits + 1, count(k - 1));
    }
    out->Put('e');
    out->Put(n - 1 < 0 ? '-' : '+');
    PutInteger(std::abs(n - 1), out);
  }
}

// Orders keys by their UTF-16 code units (RFC 8785 §3.2.3). For valid UTF-8 this is byte order
// except that U+E000..U+FFFF (lead bytes EE, EF) sort after the supplementary planes (lead
// bytes F0..F4), whose UTF-16 surrogates D800..DFFF are smaller.
int SortRank(unsigned char lead) { return lead >= 0xF0 ? 1 : (lead >= 0xEE ? 2 : 0); }

bool Utf16Less(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  if (i == n) return a.size() < b.size();
  auto x = static_cast<unsigned char>(a[i]);
  auto y = static_cast<unsigned char>(b[i]);
  if (x < 0x80 && y < 0x80) return x < y;
  size_t j = i;  // start of the character that differs (the same in both strings)
  while (j > 0 && (static_cast<unsigned char>(a[j]) & 0xC0) == 0x80) --j;
  int ra = SortRank(static_cast<unsigned char>(a[j]));
  int rb = SortRank(static_cast<unsigned char>(b[j]));
  if (ra != rb) return ra < rb;
  return x < y;
}

class Writer {
 public:
  explicit Writer(std::string* out) : sink_(out) {}

  void Canonical(const Value& v) {
    switch (v.kind()) {
      case Kind::kNull: sink_.Put("null"); return;
      case Kind::kBool: sink_.Put(v.as_bool() ? std::string_view("true") : "false"); return;
      case Kind::kInteger: PutInteger(v.as_int(), &sink_); return;
      case Kind::kNumber: PutNumber(v.as_number(), &sink_); return;
      case Kind::kString: PutString(v.as_string(), &sink_); return;
      case Kind::kArray: {
        sink_.Put('[');
        bool first = true;
        for (const Value& item : v.items()) {
          if (!first) sink_.Put(',');
          first = false;
          Canonical(item);
        }
        sink_.Put(']');
        return;
      }
      case Kind::kObject: CanonicalObject(v.members()); return;
    }
  }

  void Pretty(const Value& v, int indent) {
    if (v.is_array() && !v.items().empty()) {
      sink_.Put('[');
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) sink_.Put(',');
        first = false;
        Newline(indent + 1);
        Pretty(item, indent + 1);
      }
      Newline(indent);
      sink_.Put(']');
    } else if (v.is_object() && !v.members().empty()) {
      sink_.Put('{');
      bool first = true;
      for (const Member& m : v.members()) {
        if (!first) sink_.Put(',');
        first = false;
        Newline(indent + 1);
        PutString(m.key, &sink_);
        sink_.Put(": ");
        Pretty(m.value, indent + 1);
      }
      Newline(indent);
      sink_.Put('}');
    } else {
      Canonical(v);
    }
  }

 private:
  void Newline(int level) {
    sink_.Put('\n');
    for (int i = 0; i < level; ++i) sink_.Put("  ");
  }

  void CanonicalObject(const std::vector<Member>& members) {
    // One scratch vector serves every nesting level: each level sorts its own tail and
    // addresses it by index, because nested levels may reallocate the vector.
    size_t base = order_.size();
    for (const Member& m : members) order_.push_back(&m);
    std::sort(order_.begin() + static_cast<ptrdiff_t>(base), order_.end(),
              [](const Member* a, const Member* b) { return Utf16Less(a->key, b->key); });
    sink_.Put('{');
    for (size_t i = 0; i < members.size(); ++i) {
      if (i != 0) sink_.Put(',');
      const Member* m = order_[base + i];
      PutString(m->key, &sink_);
      sink_.Put(':');
      Canonical(m->value);
    }
    sink_.Put('}');
    order_.resize(base);
  }

  Sink sink_;
  std::vector<const Member*> order_;
};

// Reads `text` (which Parse accepted with integers only) and decides whether it is already in
// canonical form, without building values: what PutString, PutInteger and CanonicalObject
// would write is the only spelling accepted at each token.
class CanonicalChecker {
 public:
  explicit CanonicalChecker(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool Check() {
    while (p_ < end_) {
      const char c = *p_;
      if (c == '"') {
        if (!String()) return false;
      } else if (c == '{' || c == '[') {
        levels_.push_back(Level{c == '{', c == '{', {}, false});
        ++p_;
      } else if (c == '}' || c == ']') {
        if (levels_.empty()) return false;  // not JSON: no promise, but no harm either
        levels_.pop_back();
        ++p_;
      } else if (c == ',') {
        if (!levels_.empty() && levels_.back().object) levels_.back().expect_key = true;
        ++p_;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (!Integer()) return false;
      } else if (c == ':' || (c >= 'a' && c <= 'u')) {
        ++p_;  // ':' and the letters of true, false and null: one spelling each
      } else {
        return false;  // whitespace, or a byte valid JSON has nowhere outside strings
      }
    }
    return true;
  }

 private:
  struct Level {
    bool object;       // else an array
    bool expect_key;   // the next string is a key
    std::string prev;  // the last key, decoded
    bool has_prev;
  };

  // A string token as PutString writes it; a key must also sort after the one before it.
  bool String() {
    const char* start = ++p_;
    bool escaped = false;
    for (;;) {
      while (p_ < end_ && *p_ != '"' && *p_ != '\\') ++p_;
      if (p_ == end_) return false;
      if (*p_ == '"') break;
      if (!Escape()) return false;
      escaped = true;
    }
    const std::string_view raw(start, static_cast<size_t>(p_ - start));
    ++p_;
    if (levels_.empty() || !levels_.back().expect_key) return true;
    Level& level = levels_.back();
    level.expect_key = false;
    std::string key = escaped ? Unescape(raw) : std::string(raw);
    if (level.has_prev && !Utf16Less(level.prev, key)) return false;
    level.prev = std::move(key);
    level.has_prev = true;
    return true;
  }

  // PutString escapes '"', '\\' and the controls, these with the short form where JSON has one
  // and "\\u00" + two lowercase hex digits otherwise; nothing else.
  bool Escape() {
    if (end_ - p_ < 2) return false;
    const auto e = static_cast<unsigned char>(p_[1]);
    if (e == 'u') {
      if (end_ - p_ < 6 || p_[2] != '0' || p_[3] != '0') return false;
      const int hi = HexDigit(p_[4]), lo = HexDigit(p_[5]);
      if (hi < 0 || hi > 1 || lo < 0 || (p_[5] >= 'A' && p_[5] <= 'F')) return false;
      if (kTables.escape[hi * 16 + lo] != 'u') return false;  // has a short form
      p_ += 6;
      return true;
    }
    if (e != '"' && e != '\\' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') return false;
    p_ += 2;
    return true;
  }

  // The text of a string whose escapes Escape() accepted.
  static std::string Unescape(std::string_view raw) {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        out.push_back(raw[i]);
        continue;
      }
      const char e = raw[++i];
      switch (e) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u':
          out.push_back(static_cast<char>(HexDigit(raw[i + 3]) * 16 + HexDigit(raw[i + 4])));
          i += 4;
          break;
        default: out.push_back(e);  // '"' or '\\'
      }
    }
    return out;
  }

  // PutInteger: no '+', no leading zero, no "-0", no fraction or exponent.
  bool Integer() {
    const char* start = p_;
    if (*p_ == '-') ++p_;
    const char* digits = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    const size_t n = static_cast<size_t>(p_ - digits);
    if (n == 0 || (*digits == '0' && (n > 1 || digits != start))) return false;
    return p_ == end_ || (*p_ != '.' && *p_ != 'e' && *p_ != 'E');
  }

  const char* p_;
  const char* end_;
  std::vector<Level> levels_;
};

}  // namespace

void CanonicalizeTo(const Value& value, std::string* out) { Writer(out).Canonical(value); }

bool IsCanonical(std::string_view text) { return CanonicalChecker(text).Check(); }

std::string Canonicalize(const Value& value) {
  std::string out;
  CanonicalizeTo(value, &out);
  return out;
}

std::string Pretty(const Value& value) {
  std::string out;
  Writer(&out).Pretty(value, 0);
  return out;
}

std::string PointerAppend(std::string_view base, std::string_view token) {
  std::string out;
  out.reserve(base.size() + token.size() + 1);
  out.append(base);
  out.push_back('/');
  for (char c : token) {
    if (c == '~') {
      out.append("~0");
    } else if (c == '/') {
      out.append("~1");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string PointerAppend(std::string_view base, size_t index) {
  std::string out(base);
  out.push_back('/');
  out.append(std::to_string(index));
  return out;
}

}  // namespace ashyq::json
