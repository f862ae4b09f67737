// Arbitrary bytes -> the verifier's DOM-free leaf reader (protocol/leaf_reader.h). Whatever it
// reads, the strict readers (SignedObject::FromText, ProtocolFromJson, TurnoutReportFromJson)
// must read as canonical, without a problem, to the same digest, signatures and payload; nothing
// may crash, hang or overflow. Seeds: a protocol (with a correction) and a turnout report.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/keys.h"
#include "../tests/verify/leaf_agreement.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!ashyq::crypto::Initialize().ok()) __builtin_trap();
  if (size > (size_t{64} << 10)) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!ashyq::verify::testing::FastReadDisagreement(text).empty()) __builtin_trap();
  return 0;
}
