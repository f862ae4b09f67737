// Where two JSON documents differ, as JSON Pointers: how a verifier names exactly which figure
// of a published file differs from what the log says it must be ("/contests/0/votes/2/votes:
// 1,381 in the file, 1,380 expected").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace ashyq::verify {

struct JsonDifference {
  std::string pointer;   // base + the JSON Pointer of the differing value
  std::string expected;  // the expected value, short ("1,380", "\"ps-1\"", "an object", "absent")
  std::string found;     // the value found, likewise

  // "1,381 in the file, 1,380 expected" style text: "<found> found, <expected> expected".
  std::string Describe() const;
};

// Every difference between `expected` and `found`, in document order, at most `max` (a document
// that differs everywhere is named by its first differences, not by thousands of lines).
// Objects are compared by key (order does not matter): a key only in `expected` is "absent" in
// `found`, a key only in `found` is unexpected. Arrays element by element, then the extra or
// missing elements. A different kind is one difference at that pointer.
std::vector<JsonDifference> DiffJson(const json::Value& expected, const json::Value& found,
                                     std::string_view base, size_t max);

// A value in a message: integers grouped ("1,380"), strings quoted and cut to 80 bytes,
// containers by kind and size ("an array of 12").
std::string ShortJson(const json::Value& value);

}  // namespace ashyq::verify
