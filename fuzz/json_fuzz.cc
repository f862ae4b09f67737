// Fuzzes the strict JSON parser and the RFC 8785 canonicaliser: whatever parses must
// canonicalise to text that parses back to an equal value and canonicalises to itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/json.h"

namespace {

[[noreturn]] void Mismatch(const char* what, std::string_view detail) {
  std::fprintf(stderr, "json_fuzz: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void Check(std::string_view text, bool allow_non_integers) {
  using namespace ashyq;
  json::ParseOptions options;
  options.max_bytes = 16 * 1024;
  options.allow_non_integers = allow_non_integers;
  Result<json::Value> first = json::Parse(text, options);
  if (!first.ok()) {
    const Error& e = first.error();
    if (e.code == ErrorCode::kTooLarge) {
      if (text.size() <= options.max_bytes) Mismatch("kTooLarge within the limit", e.message);
      return;
    }
    if (e.code != ErrorCode::kBadInput || e.where.rfind("line ", 0) != 0 || e.message.empty()) {
      Mismatch("error without code, position or message", e.ToString());
    }
    return;
  }
  std::string canonical = json::Canonicalize(*first);
  // Canonical numbers can be longer than their input spelling ("1e20"), so no size limit here.
  json::ParseOptions unlimited = options;
  unlimited.max_bytes = SIZE_MAX;
  Result<json::Value> second = json::Parse(canonical, unlimited);
  if (!second.ok()) Mismatch("canonical form does not parse", second.error().ToString());
  if (!(*second == *first)) Mismatch("reparsed canonical form differs", canonical);
  if (json::Canonicalize(*second) != canonical) {
    Mismatch("canonicalisation not idempotent", canonical);
  }
  Result<json::Value> pretty = json::Parse(json::Pretty(*first), unlimited);
  if (!pretty.ok() || !(*pretty == *first)) Mismatch("pretty form differs", canonical);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Check(text, false);
  Check(text, true);
  return 0;
}
