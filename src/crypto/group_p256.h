// NIST P-256 (secp256r1) through OpenSSL 3: cofactor 1, so every curve point is in the
// prime-order group. Elements are OpenSSL EC_POINTs (Jacobian, Montgomery form on x86-64's
// nistz256 code) and encode as 33 bytes (Encode; EncodeUncompressed gives 65): SEC 1 compressed (0x02/0x03 ‖ x, big-endian), with
// the identity — which SEC 1 writes as a lone 0x00 — written as 33 zero bytes so that every
// encoding has the same size. Scalars are 32 bytes, big-endian, < n. Decode accepts only those
// two forms (never uncompressed or hybrid points, never x ≥ p). The contract is
// crypto/group.h's; only what is particular is said here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "core/result.h"
#include "crypto/group.h"

struct ec_point_st;  // OpenSSL's EC_POINT
struct ec_group_st;  // OpenSSL's EC_GROUP

namespace ashyq::crypto {

class P256 {
 public:
  static constexpr std::string_view kName = "p256";
  static constexpr std::string_view kLabel = "p256";
  static constexpr GroupId kId = GroupId::kP256;
  static constexpr size_t kElementSize = 33;
  static constexpr size_t kScalarSize = 32;

  struct Tag {};
  using Scalar = GroupScalar<Tag, kScalarSize>;
  using Encoded = std::array<uint8_t, kElementSize>;

  class Element {
   public:
    Element();  // the identity
    Element(const Element& other);
    Element& operator=(const Element& other);
    Element(Element&& other) noexcept;
    Element& operator=(Element&& other) noexcept;
    ~Element();
    friend bool operator==(const Element& a, const Element& b) { return Equal(a, b); }

   private:
    friend class P256;
    explicit Element(ec_point_st* point) : point_(point) {}
    ec_point_st* point_;  // owned; null only after a move
    // The bytes it was decoded from, when it was: Encode returns them instead of converting
    // to affine coordinates again (a field inversion, ~7 µs) — a verifier hashes every
    // element it decoded. Operations make new elements without them.
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

  static Element BaseMul(const Scalar& s);
  static Element Mul(const Element& e, const Scalar& s);
  static Element DoubleMul(const Scalar& a, const Element& e, const Scalar& b);
  // EC_POINTs_mul: all terms share one run of doublings.
  static Element MultiMul(std::span<const Element> elements, std::span<const Scalar> scalars);
  // The same over pointers to the elements: a batch (crypto/batch_verify.h) combines elements
  // that stay where they are, and a copy of a P-256 element allocates a new EC_POINT.
  static Element MultiMulRefs(std::span<const Element* const> elements,
                              std::span<const Scalar> scalars);

  // A copy of the curve whose generator is the table's element, with OpenSSL's precomputed
  // multiples of it (EC_GROUP_precompute_mult: on x86-64 nistz256's 37 rows of 64 affine
  // points, read with a constant-time gather — the same code as BaseMul; about 50 ms to
  // build, 17 µs a multiplication against Mul's ~90 µs). Null for the identity, whose
  // multiples are all the identity.
  class Table {
   public:
    Table() = default;  // the identity's

   private:
    friend class P256;
    std::shared_ptr<const ec_group_st> group_;
  };
  static Table MakeTable(const Element& e);
  static Element TableMul(const Table& table, const Scalar& s);

  static Encoded Encode(const Element& e);
  static Result<Element> Decode(std::span<const uint8_t> bytes, IdentityRule rule);

  // SEC 1 uncompressed, 0x04 ‖ x ‖ y (big-endian), with the identity as 65 zero bytes: the
  // form published ballots carry (src/evote/element_codec.h), because reading it needs no
  // square root — about 1.7 µs a point against the compressed form's 34 µs, and a verifier
  // reads some 60 points a ballot. Decoding is as strict as Decode's: the size, the 0x04
  // prefix (never compressed or hybrid), x < p and y < p, the point on the curve, the
  // identity only where `rule` allows it. A decoded element remembers its compressed bytes
  // (the parity of y and x), so Encode — which every proof's hash calls — costs nothing.
  static constexpr size_t kUncompressedSize = 65;
  using EncodedUncompressed = std::array<uint8_t, kUncompressedSize>;
  static EncodedUncompressed EncodeUncompressed(const Element& e);
  static Result<Element> DecodeUncompressed(std::span<const uint8_t> bytes, IdentityRule rule);

  static Result<Scalar> DecodeScalar(std::span<const uint8_t> bytes);
  static Scalar ScalarFromUint64(uint64_t value);
  static Scalar ScalarAdd(const Scalar& a, const Scalar& b);
  static Scalar ScalarSubtract(const Scalar& a, const Scalar& b);
  static Scalar ScalarMultiply(const Scalar& a, const Scalar& b);
  static Scalar ScalarNegate(const Scalar& a);
  static bool ScalarIsZero(const Scalar& a);
  static Scalar HashToScalar(std::string_view domain, std::span<const uint8_t> message);
  static Scalar RandomScalar();

  // Whether OpenSSL's generator precomputation (EC_GROUP_precompute_mult) is in place: the
  // benchmark reports it beside the fixed-base figure.
  static bool HasGeneratorTable();

 private:
  static Element MultiMulPoints(std::span<const ec_point_st* const> points,
                                std::span<const Scalar> scalars);
};

static_assert(PrimeOrderGroup<P256>);

}  // namespace ashyq::crypto
