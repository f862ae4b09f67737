#include "crypto/group_ristretto255.h"

#include <sodium.h>

#include <cassert>

#include "crypto/internal/group_support.h"

namespace ashyq::crypto {

static_assert(Ristretto255::kElementSize == crypto_core_ristretto255_BYTES);
static_assert(Ristretto255::kScalarSize == crypto_core_ristretto255_SCALARBYTES);
static_assert(crypto_core_ristretto255_NONREDUCEDSCALARBYTES == 64);

namespace {

constexpr std::string_view kWhat = "ristretto255";

bool IsZero(const uint8_t* bytes, size_t size) { return sodium_is_zero(bytes, size) == 1; }

}  // namespace

Ristretto255::Element Ristretto255::Generator() {
  static const Element generator = BaseMul(ScalarFromUint64(1));
  return generator;
}

// Every Element holds a valid encoding, so libsodium's add and sub cannot fail; its
// multiplications return -1 for an identity result, which is then written out explicitly.
Ristretto255::Element Ristretto255::Add(const Element& a, const Element& b) {
  Element r;
  crypto_core_ristretto255_add(r.bytes_.data(), a.bytes_.data(), b.bytes_.data());
  return r;
}

Ristretto255::Element Ristretto255::Subtract(const Element& a, const Element& b) {
  Element r;
  crypto_core_ristretto255_sub(r.bytes_.data(), a.bytes_.data(), b.bytes_.data());
  return r;
}

Ristretto255::Element Ristretto255::Negate(const Element& a) { return Subtract(Identity(), a); }

bool Ristretto255::Equal(const Element& a, const Element& b) {
  // Canonical encodings: equal elements have equal bytes.
  return EqualBytesConstantTime(a.bytes_.data(), b.bytes_.data(), kElementSize);
}

bool Ristretto255::IsIdentity(const Element& a) { return IsZero(a.bytes_.data(), kElementSize); }

Ristretto255::Element Ristretto255::BaseMul(const Scalar& s) {
  Element r;
  if (crypto_scalarmult_ristretto255_base(r.bytes_.data(), s.bytes.data()) != 0) {
    r.bytes_.fill(0);  // s is 0 (mod ℓ): the identity
  }
  return r;
}

Ristretto255::Element Ristretto255::Mul(const Element& e, const Scalar& s) {
  Element r;
  if (IsIdentity(e)) return r;  // libsodium refuses the identity as input
  if (crypto_scalarmult_ristretto255(r.bytes_.data(), s.bytes.data(), e.bytes_.data()) != 0) {
    r.bytes_.fill(0);  // s is 0 (mod ℓ): the identity
  }
  return r;
}

Ristretto255::Element Ristretto255::DoubleMul(const Scalar& a, const Element& e,
                                              const Scalar& b) {
  return Add(BaseMul(a), Mul(e, b));
}

Ristretto255::Element Ristretto255::MultiMul(std::span<const Element> elements,
                                             std::span<const Scalar> scalars) {
  assert(elements.size() == scalars.size());
  Element sum;
  for (size_t i = 0; i < elements.size(); ++i) sum = Add(sum, Mul(elements[i], scalars[i]));
  return sum;
}

Result<Ristretto255::Element> Ristretto255::Decode(std::span<const uint8_t> bytes,
                                                   IdentityRule rule) {
  if (bytes.size() != kElementSize) {
    return internal::WrongSize(kWhat, "element", kElementSize, bytes.size());
  }
  Element e;
  std::copy(bytes.begin(), bytes.end(), e.bytes_.begin());
  if (IsIdentity(e)) {
    if (rule == IdentityRule::kReject) return internal::IdentityNotAllowed(kWhat);
    return e;
  }
  // RFC 9496 §4.3.1 reads s as a 256-bit integer and refuses s ≥ p, so the top bit must be
  // clear. libsodium 1.0.18 (Debian 12) masks that bit off before its checks and would accept a
  // second encoding of every element (found by fuzz/group_decode_fuzz.cc against libdecaf).
  if ((e.bytes_[31] & 0x80) != 0) {
    return internal::BadElement(kWhat, "the top bit is set (non-canonical encoding)");
  }
  // libsodium's decoder rejects the other non-canonical field encodings, negative s, and the
  // strings that do not decode to a point: every string accepted is the encoding.
  if (crypto_core_ristretto255_is_valid_point(e.bytes_.data()) != 1) {
    return internal::BadElement(kWhat, "not the canonical encoding of a group element");
  }
  return e;
}

Result<Ristretto255::Scalar> Ristretto255::DecodeScalar(std::span<const uint8_t> bytes) {
  if (bytes.size() != kScalarSize) {
    return internal::WrongSize(kWhat, "scalar", kScalarSize, bytes.size());
  }
  // Canonical iff reducing it mod ℓ leaves it unchanged (no constant for ℓ to mistype).
  std::array<uint8_t, 64> wide{};
  std::copy(bytes.begin(), bytes.end(), wide.begin());
  Scalar s;
  crypto_core_ristretto255_scalar_reduce(s.bytes.data(), wide.data());
  const bool canonical = EqualBytesConstantTime(s.bytes.data(), bytes.data(), kScalarSize);
  sodium_memzero(wide.data(), wide.size());
  if (!canonical) return internal::BadScalar(kWhat, "not reduced mod the group order");
  return s;
}

Ristretto255::Scalar Ristretto255::ScalarFromUint64(uint64_t value) {
  Scalar s;
  for (size_t i = 0; i < 8; ++i) s.bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  return s;  // < 2^64 < ℓ
}

Ristretto255::Scalar Ristretto255::ScalarAdd(const Scalar& a, const Scalar& b) {
  Scalar r;
  crypto_core_ristretto255_scalar_add(r.bytes.data(), a.bytes.data(), b.bytes.data());
  return r;
}

Ristretto255::Scalar Ristretto255::ScalarSubtract(const Scalar& a, const Scalar& b) {
  Scalar r;
  crypto_core_ristretto255_scalar_sub(r.bytes.data(), a.bytes.data(), b.bytes.data());
  return r;
}

Ristretto255::Scalar Ristretto255::ScalarMultiply(const Scalar& a, const Scalar& b) {
  Scalar r;
  crypto_core_ristretto255_scalar_mul(r.bytes.data(), a.bytes.data(), b.bytes.data());
  return r;
}

Ristretto255::Scalar Ristretto255::ScalarNegate(const Scalar& a) {
  Scalar r;
  crypto_core_ristretto255_scalar_negate(r.bytes.data(), a.bytes.data());
  return r;
}

bool Ristretto255::ScalarIsZero(const Scalar& a) { return IsZero(a.bytes.data(), kScalarSize); }

Ristretto255::Scalar Ristretto255::HashToScalar(std::string_view domain,
                                                std::span<const uint8_t> message) {
  std::array<uint8_t, 64> wide = HashToScalarWide(kName, domain, message);
  Scalar s;
  crypto_core_ristretto255_scalar_reduce(s.bytes.data(), wide.data());
  return s;
}

Ristretto255::Scalar Ristretto255::RandomScalar() {
  internal::EnsureSodium();
  Scalar s;
  crypto_core_ristretto255_scalar_random(s.bytes.data());  // rejection sampling, never 0
  return s;
}

}  // namespace ashyq::crypto
