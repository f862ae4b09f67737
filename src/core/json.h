// JSON values, a strict parser, and RFC 8785 (JCS) canonical serialisation.
//
// Ashyq signs and hashes canonical JSON. Signed data uses integers only, so by default
// the parser rejects fractions and exponents; it always rejects duplicate keys, invalid
// UTF-8, lone surrogates, nesting deeper than the limit and documents over the size limit.
// Integers must lie in the I-JSON safe range |n| <= 2^53 - 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ashyq::json {

inline constexpr int64_t kMaxSafeInteger = 9007199254740991;  // 2^53 - 1

enum class Kind { kNull, kBool, kInteger, kNumber, kString, kArray, kObject };

const char* KindName(Kind kind);  // "null", "boolean", "integer", "number", ...

struct Member;

class Value {
 public:
  // (Bodies follow struct Member: clang needs Member complete to instantiate ~vector<Member>.)
  Value() = default;  // null
  Value(std::nullptr_t);
  Value(bool b);
  Value(int i);
  Value(int64_t i);
  Value(uint32_t i);
  Value(std::string s);
  Value(std::string_view s);
  Value(const char* s);

  static Value Array();
  static Value Object();
  // A non-integer number. Only for the RFC 8785 test vectors and diagnostics: signed Ashyq
  // objects never contain one.
  static Value Number(double d);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_int() const { return kind_ == Kind::kInteger; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // Accessors assert the kind; check it first (or use ObjectReader).
  bool as_bool() const;
  int64_t as_int() const;
  double as_number() const;  // kNumber or kInteger
  const std::string& as_string() const;

  // Arrays.
  const std::vector<Value>& items() const;
  std::vector<Value>& items();
  Value& Push(Value v);

  // Objects keep insertion order; canonical output sorts keys.
  const std::vector<Member>& members() const;
  const Value* Find(std::string_view key) const;  // nullptr when absent
  Value* Find(std::string_view key);
  Value& Set(std::string key, Value v);  // replaces an existing key, else appends

  size_t size() const;  // elements of an array or members of an object; 0 otherwise

  friend bool operator==(const Value& a, const Value& b);

 private:
  friend class Parser;  // json.cc builds parsed values in place

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  double number_ = 0;
  std::string string_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

struct Member {
  std::string key;
  Value value;
};

inline Value::Value(std::nullptr_t) {}
inline Value::Value(bool b) : kind_(Kind::kBool), bool_(b) {}
inline Value::Value(int i) : kind_(Kind::kInteger), int_(i) {}
inline Value::Value(int64_t i) : kind_(Kind::kInteger), int_(i) {}
inline Value::Value(uint32_t i) : kind_(Kind::kInteger), int_(i) {}
inline Value::Value(std::string s) : kind_(Kind::kString), string_(std::move(s)) {}
inline Value::Value(std::string_view s) : kind_(Kind::kString), string_(s) {}
inline Value::Value(const char* s) : kind_(Kind::kString), string_(s) {}
inline Value Value::Array() { Value v; v.kind_ = Kind::kArray; return v; }
inline Value Value::Object() { Value v; v.kind_ = Kind::kObject; return v; }
inline Value Value::Number(double d) { Value v; v.kind_ = Kind::kNumber; v.number_ = d; return v; }

struct ParseOptions {
  size_t max_bytes = size_t{64} << 20;  // documents larger than this are rejected (kTooLarge)
  int max_depth = 64;                   // arrays/objects nested deeper are rejected
  bool allow_non_integers = false;      // fractions/exponents (only for RFC 8785 vectors)
};

// Parses exactly one JSON text (RFC 8259) with the restrictions above. Errors say
// "line L, column C" and what was expected.
Result<Value> Parse(std::string_view text, const ParseOptions& options = {});

// RFC 8785 canonical form: no whitespace, keys sorted by UTF-16 code units, minimal string
// escaping, ECMAScript number formatting.
std::string Canonicalize(const Value& value);
void CanonicalizeTo(const Value& value, std::string* out);

// True when `text`, which Parse accepts with the default options, is exactly
// Canonicalize(Parse(text)): decided in one pass over the bytes, without building values or
// writing the canonical form (a signed object's digest can then hash the bytes it came in).
// For other text (invalid JSON, fractions and exponents) it may return false either way.
bool IsCanonical(std::string_view text);

// Indented, human-readable form (keys in insertion order). Not for hashing.
std::string Pretty(const Value& value);

// JSON Pointer (RFC 6901): base + "/" + escaped token ("~" -> "~0", "/" -> "~1").
std::string PointerAppend(std::string_view base, std::string_view token);
std::string PointerAppend(std::string_view base, size_t index);

}  // namespace ashyq::json
