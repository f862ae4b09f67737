// How published ballots write group elements and scalars (docs/formats.md "Encrypted ballot").
//
// Elements use the group's fixed-size encoding, except P-256, whose ballots carry SEC 1
// UNCOMPRESSED points (65 bytes): a verifier reads about 60 points a ballot, and an
// uncompressed point decodes in ~1.7 µs against the compressed form's ~34 µs (a square root).
// Validation is as strict either way (crypto/group_p256.h DecodeUncompressed). The proofs'
// Fiat–Shamir hashes are unchanged: they always hash G::Encode (crypto/chaum_pedersen.h).
// Scalars are the group's scalar encoding. In JSON both are lowercase hex (docs/formats.md:
// binary is hex throughout).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/encoding.h"
#include "core/result.h"
#include "crypto/group.h"
#include "crypto/group_p256.h"

namespace ashyq::evote {

template <crypto::PrimeOrderGroup G>
struct ElementCodec {
  static constexpr size_t kSize = G::kElementSize;
  static std::array<uint8_t, kSize> Encode(const typename G::Element& e) { return G::Encode(e); }
  static Result<typename G::Element> Decode(std::span<const uint8_t> bytes,
                                            crypto::IdentityRule rule) {
    return G::Decode(bytes, rule);
  }
};

template <>
struct ElementCodec<crypto::P256> {
  static constexpr size_t kSize = crypto::P256::kUncompressedSize;
  static std::array<uint8_t, kSize> Encode(const crypto::P256::Element& e) {
    return crypto::P256::EncodeUncompressed(e);
  }
  static Result<crypto::P256::Element> Decode(std::span<const uint8_t> bytes,
                                              crypto::IdentityRule rule) {
    return crypto::P256::DecodeUncompressed(bytes, rule);
  }
};

template <crypto::PrimeOrderGroup G>
std::string ElementHex(const typename G::Element& e) {
  return HexEncode(ElementCodec<G>::Encode(e));
}

template <crypto::PrimeOrderGroup G>
std::string ScalarHex(const typename G::Scalar& s) {
  return HexEncode(s.bytes);
}

// Strict: lowercase hex of exactly kSize bytes, a valid element, never the identity (no
// ciphertext part or proof commitment of an honest ballot is). The error's `where` is empty:
// the caller puts the JSON Pointer in front.
template <crypto::PrimeOrderGroup G>
Result<typename G::Element> ElementFromHex(std::string_view hex) {
  std::array<uint8_t, ElementCodec<G>::kSize> bytes{};
  if (hex.size() != 2 * bytes.size() || !IsLowerHex(hex)) {
    return BadInput("", "expected " + std::to_string(2 * bytes.size()) +
                            " lowercase hex digits (a group element of " +
                            std::string(G::kName) + ")");
  }
  ASHYQ_RETURN_IF_ERROR(HexDecodeInto(hex, bytes));
  return ElementCodec<G>::Decode(bytes, crypto::IdentityRule::kReject);
}

// Strict, and its errors never repeat the digits (a scalar may be a revealed nonce).
template <crypto::PrimeOrderGroup G>
Result<typename G::Scalar> ScalarFromHex(std::string_view hex) {
  std::array<uint8_t, G::kScalarSize> bytes{};
  if (hex.size() != 2 * bytes.size() || !IsLowerHex(hex)) {
    return BadInput("", "expected " + std::to_string(2 * bytes.size()) +
                            " lowercase hex digits (a scalar of " + std::string(G::kName) + ")");
  }
  ASHYQ_RETURN_IF_ERROR(HexDecodeInto(hex, bytes));
  auto s = G::DecodeScalar(bytes);
  crypto::WipeBytes(bytes.data(), bytes.size());
  if (!s.ok()) {
    return BadInput("", "not a scalar of " + std::string(G::kName) +
                            ": not less than the group order");
  }
  return s;
}

}  // namespace ashyq::evote
