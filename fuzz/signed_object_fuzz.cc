// Untrusted envelopes: parse, validate the shape, verify. Must never crash, and whatever is
// accepted must survive a canonical round trip with the same digest and signatures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json.h"
#include "crypto/signed_object.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ashyq::json::ParseOptions options;
  options.max_bytes = 64 * 1024;
  auto parsed = ashyq::json::Parse(text, options);
  if (!parsed.ok()) return 0;
  auto object = ashyq::crypto::SignedObject::FromJson(*parsed);
  if (!object.ok()) return 0;
  const ashyq::Status verified = object->VerifyAll();

  auto reparsed = ashyq::json::Parse(object->ToCanonicalJson());
  if (!reparsed.ok()) __builtin_trap();
  auto again = ashyq::crypto::SignedObject::FromJson(*reparsed);
  if (!again.ok()) __builtin_trap();
  if (again->digest() != object->digest()) __builtin_trap();
  if (again->signatures().size() != object->signatures().size()) __builtin_trap();
  if (again->VerifyAll().ok() != verified.ok()) __builtin_trap();
  return 0;
}
