#include "core/encoding.h"

#include <sodium.h>

namespace ashyq {

namespace {

// Value of each byte as a lowercase hex digit, or -1. Upper case is -1 too: one spelling per
// value keeps hashes of hex text unique. A table, because keys and signatures are decoded
// ~100,000 times in a national verification.
struct HexTable {
  int8_t value[256];
  constexpr HexTable() : value() {
    for (int c = 0; c < 256; ++c) value[c] = -1;
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) value[c] = static_cast<int8_t>(c - 'a' + 10);
  }
};
constexpr HexTable kHexTable;

int HexValue(char c) { return kHexTable.value[static_cast<unsigned char>(c)]; }

std::string DescribeChar(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u > 0x20 && u < 0x7f) return std::string("'") + c + "'";
  const char* digits = "0123456789abcdef";
  return std::string("byte 0x") + digits[u >> 4] + digits[u & 15];
}

// The error for the first byte of `hex` that is not a lowercase hex digit.
Error InvalidHexChar(std::string_view hex) {
  size_t i = 0;
  while (i < hex.size() && HexValue(hex[i]) >= 0) ++i;
  return BadInput("", "invalid hex character " + DescribeChar(hex[i]) + " at offset " + std::to_string(i) +
                          " (only lowercase 0-9a-f)");
}

// Decodes an even-length `hex` into out[0 .. hex.size() / 2) and checks the alphabet in the same
// pass; false (with `out` partly written) if some byte is not a lowercase hex digit.
bool DecodeHex(std::string_view hex, uint8_t* out) {
  int bad = 0;  // ORed values: negative iff some digit was invalid
  for (size_t i = 0; i < hex.size() / 2; ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    bad |= hi | lo;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return bad >= 0;
}

Status CheckEvenLength(std::string_view hex) {
  if (hex.size() % 2 != 0) return BadInput("", "hex string has odd length " + std::to_string(hex.size()));
  return Status();
}

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

}  // namespace

std::string HexEncode(std::span<const uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (HexValue(c) < 0) return false;
  }
  return true;
}

Result<std::vector<uint8_t>> HexDecode(std::string_view hex) {
  ASHYQ_RETURN_IF_ERROR(CheckEvenLength(hex));
  std::vector<uint8_t> out(hex.size() / 2);
  if (!DecodeHex(hex, out.data())) return InvalidHexChar(hex);
  return out;
}

Status HexDecodeInto(std::string_view hex, std::span<uint8_t> out) {
  if (hex.size() != out.size() * 2) {
    return BadInput("", "expected " + std::to_string(out.size() * 2) + " hex digits (" +
                            std::to_string(out.size()) + " bytes), found " +
                            std::to_string(hex.size()));
  }
  // Checked before decoding: on failure `out` is left as it was.
  if (!IsLowerHex(hex)) return InvalidHexChar(hex);
  DecodeHex(hex, out.data());
  return Status();
}

std::string Base64UrlEncode(std::span<const uint8_t> bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::vector<uint8_t>> Base64UrlDecode(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsBase64UrlChar(text[i])) {
      return BadInput("", "invalid base64url character " + DescribeChar(text[i]) +
                              " at offset " + std::to_string(i) +
                              " (RFC 4648 section 5 alphabet, no padding)");
    }
  }
  if (text.size() % 4 == 1) {
    return BadInput("", "invalid base64url length " + std::to_string(text.size()));
  }
  std::vector<uint8_t> out(text.size() * 3 / 4 + 1);
  size_t len = 0;
  const char* end = nullptr;
  // libsodium also rejects non-zero bits after the last byte, so each byte string has exactly
  // one accepted encoding.
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return BadInput("", "invalid base64url: non-canonical final character");
  }
  out.resize(len);
  return out;
}

}  // namespace ashyq
