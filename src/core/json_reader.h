// ObjectReader: typed reading of a JSON object that collects every problem, each with
// the JSON Pointer of the field at fault, instead of stopping at the first one.
//
//   std::vector<Error> errors;
//   json::ObjectReader r(value, "/polling_stations/3", &errors);
//   std::string id = r.String("id");
//   int64_t voters = r.Int("registered_voters", 0, 1'000'000);
//   r.RejectUnknown();   // a misspelt field must not pass silently
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace ashyq::json {

// True when `doc` is an object whose "format" is `format`. Otherwise records ONE kBadInput
// problem (at "/format", or "" when the field is missing): "not <what>: "format" must be ..."
// and returns false; the caller reads nothing more, since the document is something else.
bool RequireFormat(const Value& doc, std::string_view format, std::string_view what,
                   std::vector<Error>* problems);

class ObjectReader {
 public:
  // Records an error (and reads nothing) when `value` is not an object.
  ObjectReader(const Value& value, std::string path, std::vector<Error>* errors);

  bool is_object() const { return object_ != nullptr; }
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return PointerAppend(path_, key); }

  // Required fields: a missing field or one of the wrong kind records an error and the
  // call returns an empty/zero value.
  std::string String(std::string_view key);
  std::string NonEmptyString(std::string_view key);
  int64_t Int(std::string_view key, int64_t min = std::numeric_limits<int64_t>::min(),
              int64_t max = std::numeric_limits<int64_t>::max());
  bool Bool(std::string_view key);
  const Value* Array(std::string_view key);   // nullptr after recording an error
  const Value* Object(std::string_view key);  // nullptr after recording an error
  const Value* Any(std::string_view key);     // any kind; nullptr if missing

  // Optional fields: absent (or null) gives nullopt/nullptr; a wrong kind records an error.
  std::optional<std::string> OptionalString(std::string_view key);
  std::optional<int64_t> OptionalInt(std::string_view key,
                                     int64_t min = std::numeric_limits<int64_t>::min(),
                                     int64_t max = std::numeric_limits<int64_t>::max());
  std::optional<bool> OptionalBool(std::string_view key);
  const Value* OptionalArray(std::string_view key);
  const Value* OptionalObject(std::string_view key);

  // Reads the required array `key`, calling read(item, item_path) for each element; empty after
  // recording an error when the array is missing or not an array.
  template <typename T, typename F>
  std::vector<T> List(std::string_view key, F read) {
    std::vector<T> out;
    const Value* array = Array(key);
    if (array == nullptr) return out;
    const std::string base = PathOf(key);
    out.reserve(array->items().size());
    for (size_t i = 0; i < array->items().size(); ++i) {
      out.push_back(read(array->items()[i], PointerAppend(base, i)));
    }
    return out;
  }

  // Reads the required string `key`, which must be a digest: 64 lowercase hex digits.
  std::string DigestHex(std::string_view key);

  // Records an error for every member that no call above asked for.
  void RejectUnknown();

  // Records an error at PathOf(key).
  void Fail(std::string_view key, std::string message);

 private:
  const Value* Lookup(std::string_view key);  // marks as read
  const Value* object_;
  std::string path_;
  std::vector<Error>* errors_;
  std::vector<std::string> read_;
};

}  // namespace ashyq::json
