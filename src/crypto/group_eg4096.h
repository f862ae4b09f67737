// ElectionGuard's integer group through GMP: the order-q subgroup of Z_p^* with the 4096-bit
// prime p, q = 2^256 − 189 and generator g of the ElectionGuard 1.0 specification's "standard
// baseline parameters" (the constants and their source are in group_eg4096.cc). Ashyq uses it
// as the baseline every e-voting benchmark is measured against, and keeps it behind the same
// interface so that an ElectionGuard-compatible mode stays possible.
//
// Written additively like every group here: Add is multiplication mod p, Negate is the
// inverse mod p, Mul is exponentiation (mpz_powm_sec: constant time in the exponent); BaseMul
// and TableMul use a fixed-base table (below), as ElectionGuard's own encryption does.
// Elements encode as 512 bytes, big-endian; the identity is 1. Decode rejects 0, values ≥ p and
// values outside the order-q subgroup (x^q mod p ≠ 1: one exponentiation, as every
// ElectionGuard verifier does). Scalars are 32 bytes, big-endian, < q.
#pragma once

#include <gmp.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "core/result.h"
#include "crypto/group.h"

namespace ashyq::crypto {

class ElectionGuard4096 {
 public:
  static constexpr std::string_view kName = "eg4096";
  static constexpr std::string_view kLabel = "eg4096";
  static constexpr GroupId kId = GroupId::kElectionGuard4096;
  static constexpr size_t kElementSize = 512;
  static constexpr size_t kScalarSize = 32;

  struct Tag {};
  using Scalar = GroupScalar<Tag, kScalarSize>;
  using Encoded = std::array<uint8_t, kElementSize>;

  class Element {
   public:
    Element();  // the identity, 1
    Element(const Element& other);
    Element& operator=(const Element& other);
    Element(Element&& other) noexcept;
    Element& operator=(Element&& other) noexcept;
    ~Element();
    friend bool operator==(const Element& a, const Element& b) { return Equal(a, b); }

   private:
    friend class ElectionGuard4096;
    mpz_t value_;  // in [1, p), in the order-q subgroup
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
  // One exponentiation (mpz_powm) and one multiplication per term, as ElectionGuard does.
  static Element MultiMul(std::span<const Element> elements, std::span<const Scalar> scalars);

  // A fixed-window table of powers of one element x: for each of the 43 six-bit windows i of
  // a 256-bit exponent, x^(d·2^(6i)) for d = 0..63 (2752 entries of 512 bytes: 1.4 MB, about
  // 25 ms to build). TableMul multiplies the 43 selected entries mod p — 42 multiplications
  // instead of powm's ~300 — reading each window's entry with mpn_sec_tabselect (every entry
  // is read) and multiplying and reducing with mpn_sec_mul and mpn_sec_div_r: constant time in
  // the exponent, like mpz_powm_sec. BaseMul uses such a table for g, built on first use.
  struct TableData;
  class Table {
   private:
    friend class ElectionGuard4096;
    std::shared_ptr<const TableData> data_;  // never null
  };
  static Table MakeTable(const Element& e);
  static Element TableMul(const Table& table, const Scalar& s);

  static Encoded Encode(const Element& e);
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

  // The parameters, big-endian: p (512 bytes), q (32), g (512). For the parameter tests and
  // for an election record that states its group.
  static std::array<uint8_t, 512> P();
  static std::array<uint8_t, 32> Q();
  static std::array<uint8_t, 512> G();
};

static_assert(PrimeOrderGroup<ElectionGuard4096>);

}  // namespace ashyq::crypto
