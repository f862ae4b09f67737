// ristretto255 (RFC 9496) through libsodium: a prime-order group of order
// ℓ = 2^252 + 27742317777372353535851937790883648493 built on Curve25519. Elements are their
// 32-byte canonical encodings (libsodium's ristretto255 API works on encodings; it decodes
// and re-encodes at every call); the identity is 32 zero bytes. Scalars are 32 bytes,
// little-endian, < ℓ. The contract is crypto/group.h's; only what is particular is said here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.h"
#include "crypto/group.h"

namespace ashyq::crypto {

class Ristretto255 {
 public:
  static constexpr std::string_view kName = "ristretto255";
  static constexpr std::string_view kLabel = "ristretto255";
  static constexpr GroupId kId = GroupId::kRistretto255;
  static constexpr size_t kElementSize = 32;
  static constexpr size_t kScalarSize = 32;

  struct Tag {};
  using Scalar = GroupScalar<Tag, kScalarSize>;
  using Encoded = std::array<uint8_t, kElementSize>;

  class Element {
   public:
    Element() = default;  // the identity
    friend bool operator==(const Element& a, const Element& b) { return Equal(a, b); }

   private:
    friend class Ristretto255;
    std::array<uint8_t, kElementSize> bytes_{};  // canonical encoding, always valid
  };

  static Element Identity() { return Element(); }
  static Element Generator();
  static Element Add(const Element& a, const Element& b);
  static Element Subtract(const Element& a, const Element& b);
  static Element Negate(const Element& a);
  static bool Equal(const Element& a, const Element& b);
  static bool IsIdentity(const Element& a);

  static Element BaseMul(const Scalar& s);
  static Element Mul(const Element& e, const Scalar& s);
  static Element DoubleMul(const Scalar& a, const Element& e, const Scalar& b);
  // libsodium has no multi-scalar multiplication: one constant-time Mul and one Add per term.
  static Element MultiMul(std::span<const Element> elements, std::span<const Scalar> scalars);

  // libsodium has no precomputed tables for points other than the generator: the table is a
  // copy of the element and TableMul is Mul (constant time, no faster).
  struct Table {
    Element element;
  };
  static Table MakeTable(const Element& e) { return Table{e}; }
  static Element TableMul(const Table& table, const Scalar& s) { return Mul(table.element, s); }

  static Encoded Encode(const Element& e) { return e.bytes_; }
  static Result<Element> Decode(std::span<const uint8_t> bytes, IdentityRule rule);

  static Result<Scalar> DecodeScalar(std::span<const uint8_t> bytes);
  static Scalar ScalarFromUint64(uint64_t value);
  static Scalar ScalarAdd(const Scalar& a, const Scalar& b);
  static Scalar ScalarSubtract(const Scalar& a, const Scalar& b);
  static Scalar ScalarMultiply(const Scalar& a, const Scalar& b);
  static Scalar ScalarNegate(const Scalar& a);
  static bool ScalarIsZero(const Scalar& a);
  static Scalar HashToScalar(std::string_view domain, std::span<const uint8_t> message);
  static Scalar RandomScalar();
};

static_assert(PrimeOrderGroup<Ristretto255>);

}  // namespace ashyq::crypto
