// Arbitrary bytes -> copy reference (QR text or the typed form). Whatever reads must write back
// to a text that reads to the same reference (QR text exactly, byte for byte); the typed text of
// anything read must read back with the same station, version and first 20 digest digits; every
// refusal is kBadInput naming a part. Nothing may crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/protocol_copy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ashyq::Result<ashyq::protocol::CopyReference> ref = ashyq::protocol::ParseCopyReference(text);
  if (!ref.ok()) {
    if (ref.error().code != ashyq::ErrorCode::kBadInput || ref.error().where.empty()) __builtin_trap();
    return 0;
  }
  if (ref->station.empty() || ref->version < 1) __builtin_trap();
  if (ref->has_full_digest()) {
    if (ref->election_id.empty()) __builtin_trap();
    const std::string qr = ref->ToQrText();
    ashyq::Result<ashyq::protocol::CopyReference> again = ashyq::protocol::ParseCopyReference(qr);
    if (!again.ok() || !(*again == *ref)) __builtin_trap();
    // The QR text read is exactly the text written, apart from surrounding whitespace.
    if (text.find(qr) == std::string_view::npos) __builtin_trap();
  } else if (ref->digest.size() != ashyq::protocol::kTypedDigestDigits || !ref->election_id.empty()) {
    __builtin_trap();
  }
  ashyq::Result<ashyq::protocol::CopyReference> typed = ashyq::protocol::ParseCopyReference(ref->ToTypedText());
  if (!typed.ok() || typed->station != ref->station || typed->version != ref->version ||
      typed->digest != ref->digest.substr(0, ashyq::protocol::kTypedDigestDigits)) {
    __builtin_trap();
  }
  return 0;
}
