// Two arbitrary JSON documents (the input split at its first NUL byte) compared as the verifier
// compares a published file with what the log says it must hold: no difference exactly when
// their canonical forms are equal, a document never differs from itself, the limit holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "verify/json_diff.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t split = text.find('\0');
  if (split == std::string_view::npos) return 0;
  ashyq::Result<ashyq::json::Value> a = ashyq::json::Parse(text.substr(0, split));
  ashyq::Result<ashyq::json::Value> b = ashyq::json::Parse(text.substr(split + 1));
  if (!a.ok() || !b.ok()) return 0;
  if (!ashyq::verify::DiffJson(*a, *a, "", 5).empty()) std::abort();
  const auto differences = ashyq::verify::DiffJson(*a, *b, "/x", 5);
  if (differences.size() > 5) std::abort();
  const bool same = ashyq::json::Canonicalize(*a) == ashyq::json::Canonicalize(*b);
  if (same != differences.empty()) std::abort();
  for (const auto& d : differences) {
    if (d.pointer.rfind("/x", 0) != 0 || d.expected.empty() || d.found.empty()) std::abort();
  }
  return 0;
}
