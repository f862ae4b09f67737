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

std::string Base64UrlEncode(std::span<const uint8_t> bytes);
Result<std::vector<uint8_t>> Base64UrlDecode(std::string_view text);

}  // namespace ashyq
