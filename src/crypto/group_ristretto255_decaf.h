// ristretto255 again — the same group, encodings and scalars as Ristretto255
// (crypto/group_ristretto255.h), so proofs made with one verify with the other — through
// Mike Hamburg's libdecaf (Debian: libdecaf-dev) instead of libsodium. libdecaf keeps points
// unpacked (extended coordinates) between operations, has precomputed tables for any base
// point, a two-term scalar multiplication, and a variable-time one for verification; libsodium
// decodes and re-encodes at every call and has none of these. Decision 0016 compares the two.
// The contract is crypto/group.h's; only what is particular is said here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "core/result.h"
#include "crypto/group.h"
#include "crypto/group_ristretto255.h"

namespace ashyq::crypto {

class Ristretto255Decaf {
 public:
  static constexpr std::string_view kName = "ristretto255";  // the group: hashes agree
  static constexpr std::string_view kLabel = "ristretto255-decaf";
  static constexpr GroupId kId = GroupId::kRistretto255;
  static constexpr size_t kElementSize = 32;
  static constexpr size_t kScalarSize = 32;

  using Scalar = Ristretto255::Scalar;  // the same scalars, little-endian, < ℓ
  using Encoded = std::array<uint8_t, kElementSize>;

  class Element {
   public:
    Element();  // the identity
    friend bool operator==(const Element& a, const Element& b) { return Equal(a, b); }

   private:
    friend class Ristretto255Decaf;
    // libdecaf's decaf_255_point_t (four field elements of 64 bytes), held by value so that
    // this header does not need libdecaf's; group_ristretto255_decaf.cc checks size and
    // alignment.
    alignas(32) std::array<unsigned char, 256> point_;
    // The bytes it was decoded from, when it was: Encode returns them instead of encoding
    // again (an inversion and a square root, ~8 µs) — a verifier hashes every element it
    // decoded. Operations make new elements without them.
    std::array<uint8_t, kElementSize> encoded_{};
    bool has_encoded_ = false;
  };

  static Element Identity() { return Element(); }
  static Element Generator();
  static Element Add(const Element& a, const Element& b);
  static Element Subtract(const Element& a, const Element& b);
  static Element Negate(const Element& a);
  static bool Equal(const Element& a, const Element& b);
  static bool IsIdentity(const Element& a);

  static Element BaseMul(const Scalar& s);  // libdecaf's precomputed generator table
  static Element Mul(const Element& e, const Scalar& s);
  static Element DoubleMul(const Scalar& a, const Element& e, const Scalar& b);  // variable time
  // Terms in pairs through decaf_255_point_double_scalarmul (constant time, shared doublings).
  static Element MultiMul(std::span<const Element> elements, std::span<const Scalar> scalars);

  // libdecaf's precomputed table for any point (decaf_255_precompute; a comb read in constant
  // time by decaf_255_precomputed_scalarmul, the same code as BaseMul's).
  class Table {
   private:
    friend class Ristretto255Decaf;
    std::shared_ptr<const void> table_;  // a decaf_255_precomputed_s, aligned; never null
  };
  static Table MakeTable(const Element& e);
  static Element TableMul(const Table& table, const Scalar& s);

  static Encoded Encode(const Element& e);
  static Result<Element> Decode(std::span<const uint8_t> bytes, IdentityRule rule);

  static Result<Scalar> DecodeScalar(std::span<const uint8_t> bytes) {
    return Ristretto255::DecodeScalar(bytes);
  }
  static Scalar ScalarFromUint64(uint64_t value) { return Ristretto255::ScalarFromUint64(value); }
  static Scalar ScalarAdd(const Scalar& a, const Scalar& b) { return Ristretto255::ScalarAdd(a, b); }
  static Scalar ScalarSubtract(const Scalar& a, const Scalar& b) {
    return Ristretto255::ScalarSubtract(a, b);
  }
  static Scalar ScalarMultiply(const Scalar& a, const Scalar& b) {
    return Ristretto255::ScalarMultiply(a, b);
  }
  static Scalar ScalarNegate(const Scalar& a) { return Ristretto255::ScalarNegate(a); }
  static bool ScalarIsZero(const Scalar& a) { return Ristretto255::ScalarIsZero(a); }
  static Scalar HashToScalar(std::string_view domain, std::span<const uint8_t> message) {
    return Ristretto255::HashToScalar(domain, message);
  }
  static Scalar RandomScalar() { return Ristretto255::RandomScalar(); }
};

static_assert(PrimeOrderGroup<Ristretto255Decaf>);

}  // namespace ashyq::crypto
