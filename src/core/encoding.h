// Hex and base64url (RFC 4648 §5, no padding) encoding. Decoding is strict: wrong length,
// wrong alphabet, upper-case hex or padding are errors.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ashyq {

std::string HexEncode(std::span<const uint8_t> bytes);
Result<std::vector<uint8_t>> HexDecode(std::string_view hex);
// Decodes into exactly out.size() bytes; any other length is an error.
Status HexDecodeInto(std::string_view hex, std::span<uint8_t> out);

// True when `text` consists only of lowercase hex digits (0-9, a-f); true for "".
bool IsLowerHex(std::string_view text);
// True for a SHA-256 digest as Ashyq writes it: exactly 64 lowercase hex digits.
inline bool IsDigestHex(std::string_view text) { return text.size() == 64 && IsLowerHex(text); }

std::string Base64UrlEncode(std::span<const uint8_t> bytes);
Result<std::vector<uint8_t>> Base64UrlDecode(std::string_view text);

}  // namespace ashyq
