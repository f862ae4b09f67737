// EC_POINTs_mul and EC_GROUP_precompute_mult are deprecated in OpenSSL 3 with no replacement:
// they are still the only multi-scalar multiplication and generator-table calls OpenSSL offers
// (Debian 12 ships 3.0). Everything else used here is current API.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/group_p256.h"

#include <gmp.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "crypto/internal/group_support.h"

namespace ashyq::crypto {
namespace {

constexpr std::string_view kWhat = "P-256";

// OpenSSL fails only when memory runs out or on a bug here: neither can be handled.
void Check(int ok, const char* call) {
  if (ok != 1) {
    std::fprintf(stderr, "ashyq: OpenSSL %s failed on P-256\n", call);
    std::abort();
  }
}

template <typename T>
T* CheckNotNull(T* p, const char* call) {
  if (p == nullptr) Check(0, call);
  return p;
}

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bn NewBn() {
  Bn bn(CheckNotNull(BN_new(), "BN_new"));
  BN_set_flags(bn.get(), BN_FLG_CONSTTIME);  // scalars are often secret
  return bn;
}

// One BN_CTX per thread: OpenSSL's scratch space is not shareable.
BN_CTX* Ctx() {
  struct Holder {
    BN_CTX* ctx = CheckNotNull(BN_CTX_new(), "BN_CTX_new");
    ~Holder() { BN_CTX_free(ctx); }
  };
  thread_local Holder holder;
  return holder.ctx;
}

struct Curve {
  EC_GROUP* group = nullptr;  // read-only after construction, shared by all threads
  Bn order;                   // n
  std::array<uint8_t, 32> order_bytes{};
  std::array<uint8_t, 32> field_bytes{};  // p
};

const Curve& TheCurve() {
  static const Curve* curve = [] {
    auto* c = new Curve;
    c->group = CheckNotNull(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1),
                            "EC_GROUP_new_by_curve_name");
    // The generator table: x86-64 builds already have nistz256's static one (and this call
    // then keeps it); elsewhere it builds OpenSSL's generic one.
    Check(EC_GROUP_precompute_mult(c->group, Ctx()), "EC_GROUP_precompute_mult");
    c->order.reset(CheckNotNull(BN_dup(EC_GROUP_get0_order(c->group)), "BN_dup"));
    Check(BN_bn2binpad(c->order.get(), c->order_bytes.data(), 32) == 32, "BN_bn2binpad");
    Bn p = NewBn();
    Check(EC_GROUP_get_curve(c->group, p.get(), nullptr, nullptr, Ctx()), "EC_GROUP_get_curve");
    Check(BN_bn2binpad(p.get(), c->field_bytes.data(), 32) == 32, "BN_bn2binpad");
    return c;  // lives as long as the process
  }();
  return *curve;
}

const EC_GROUP* Group() { return TheCurve().group; }

EC_POINT* NewPoint() { return CheckNotNull(EC_POINT_new(Group()), "EC_POINT_new"); }

Bn ToBn(const P256::Scalar& s) {
  Bn bn = NewBn();
  CheckNotNull(BN_bin2bn(s.bytes.data(), static_cast<int>(s.bytes.size()), bn.get()),
               "BN_bin2bn");
  return bn;
}

bool AllZero(std::span<const uint8_t> bytes) {
  return sodium_is_zero(bytes.data(), bytes.size()) == 1;
}

// Scalar arithmetic mod n runs on GMP's side-channel-silent mpn functions (mpn_cnd_add_n,
// mpn_cnd_sub_n, mpn_sec_mul, mpn_sec_div_r: no branch or memory access that depends on the
// operands' values, only on their fixed sizes), not on OpenSSL's BN_mod_*, whose
// BN_FLG_CONSTTIME is best effort: scalars here are key shares, polynomial coefficients and
// nonces. The wrappers only move bytes into limbs and back, with no branch on the data.
static_assert(GMP_NAIL_BITS == 0, "limbs are packed from bytes without nails");
constexpr size_t kLimbBytes = sizeof(mp_limb_t);
constexpr size_t kLimbs = 32 / kLimbBytes;       // a scalar: 4 limbs on 64-bit machines
constexpr size_t kWideLimbs = 64 / kLimbBytes;   // a product, or HashToScalar's 64 bytes
static_assert(kLimbs * kLimbBytes == 32);
// Scratch for mpn_sec_mul and mpn_sec_div_r, on the stack; the sizes their _itch functions
// ask for are checked against it once (ScalarField below).
constexpr size_t kScratchLimbs = 64;

struct ScalarField {
  mp_limb_t n[kLimbs] = {};  // the group order, least significant limb first
};

// Big-endian bytes → limbs, least significant first (GMP's order).
void ToLimbs(std::span<const uint8_t> bytes, mp_limb_t* limbs) {
  const size_t count = bytes.size() / kLimbBytes;
  for (size_t i = 0; i < count; ++i) {
    mp_limb_t limb = 0;
    for (size_t j = 0; j < kLimbBytes; ++j) {
      limb |= static_cast<mp_limb_t>(bytes[bytes.size() - 1 - (i * kLimbBytes + j)]) << (8 * j);
    }
    limbs[i] = limb;
  }
}

P256::Scalar FromLimbs(const mp_limb_t* limbs) {
  P256::Scalar s;
  for (size_t i = 0; i < kLimbs; ++i) {
    for (size_t j = 0; j < kLimbBytes; ++j) {
      s.bytes[31 - (i * kLimbBytes + j)] = static_cast<uint8_t>(limbs[i] >> (8 * j));
    }
  }
  return s;
}

const ScalarField& TheScalarField() {
  static const ScalarField* field = [] {
    auto* f = new ScalarField;
    ToLimbs(TheCurve().order_bytes, f->n);
    const auto need = static_cast<size_t>(
        std::max(mpn_sec_mul_itch(kLimbs, kLimbs), mpn_sec_div_r_itch(kWideLimbs, kLimbs)));
    if (need > kScratchLimbs || f->n[kLimbs - 1] == 0) {
      std::fputs("ashyq: GMP asks for more scratch than P-256 scalars provide\n", stderr);
      std::abort();
    }
    return f;  // lives as long as the process
  }();
  return *field;
}

// Limbs that may hold secrets, wiped when they go out of scope.
template <size_t N>
struct SecretLimbs {
  mp_limb_t v[N] = {};
  SecretLimbs() = default;
  SecretLimbs(const SecretLimbs&) = delete;
  SecretLimbs& operator=(const SecretLimbs&) = delete;
  ~SecretLimbs() { WipeBytes(v, sizeof v); }
};

// {wide, kWideLimbs} mod n into the low kLimbs limbs of `wide` (mpn_sec_div_r).
P256::Scalar ReduceWide(SecretLimbs<kWideLimbs>& wide) {
  SecretLimbs<kScratchLimbs> scratch;
  mpn_sec_div_r(wide.v, kWideLimbs, TheScalarField().n, kLimbs, scratch.v);
  return FromLimbs(wide.v);
}

}  // namespace

P256::Element::Element() : point_(NewPoint()) {
  Check(EC_POINT_set_to_infinity(Group(), point_), "EC_POINT_set_to_infinity");
}

P256::Element::Element(const Element& other)
    : point_(CheckNotNull(EC_POINT_dup(other.point_, Group()), "EC_POINT_dup")),
      encoded_(other.encoded_),
      has_encoded_(other.has_encoded_) {}

P256::Element& P256::Element::operator=(const Element& other) {
  if (this != &other) {
    if (point_ == nullptr) point_ = NewPoint();
    Check(EC_POINT_copy(point_, other.point_), "EC_POINT_copy");
    encoded_ = other.encoded_;
    has_encoded_ = other.has_encoded_;
  }
  return *this;
}

P256::Element::Element(Element&& other) noexcept
    : point_(other.point_), encoded_(other.encoded_), has_encoded_(other.has_encoded_) {
  other.point_ = nullptr;
}

P256::Element& P256::Element::operator=(Element&& other) noexcept {
  std::swap(point_, other.point_);
  std::swap(encoded_, other.encoded_);
  std::swap(has_encoded_, other.has_encoded_);
  return *this;
}

P256::Element::~Element() { EC_POINT_clear_free(point_); }

P256::Element P256::Generator() {
  return Element(CheckNotNull(EC_POINT_dup(EC_GROUP_get0_generator(Group()), Group()),
                              "EC_POINT_dup"));
}

P256::Element P256::Add(const Element& a, const Element& b) {
  Element r(NewPoint());
  Check(EC_POINT_add(Group(), r.point_, a.point_, b.point_, Ctx()), "EC_POINT_add");
  return r;
}

P256::Element P256::Subtract(const Element& a, const Element& b) { return Add(a, Negate(b)); }

P256::Element P256::Negate(const Element& a) {
  Element r(a);
  r.has_encoded_ = false;  // no longer a's bytes
  Check(EC_POINT_invert(Group(), r.point_, Ctx()), "EC_POINT_invert");
  return r;
}

bool P256::Equal(const Element& a, const Element& b) {
  const int cmp = EC_POINT_cmp(Group(), a.point_, b.point_, Ctx());
  if (cmp < 0) Check(0, "EC_POINT_cmp");
  return cmp == 0;
}

bool P256::IsIdentity(const Element& a) {
  return EC_POINT_is_at_infinity(Group(), a.point_) == 1;
}

P256::Element P256::BaseMul(const Scalar& s) {
  Bn k = ToBn(s);
  Element r(NewPoint());
  Check(EC_POINT_mul(Group(), r.point_, k.get(), nullptr, nullptr, Ctx()), "EC_POINT_mul");
  return r;
}

P256::Element P256::Mul(const Element& e, const Scalar& s) {
  Bn k = ToBn(s);
  Element r(NewPoint());
  Check(EC_POINT_mul(Group(), r.point_, nullptr, e.point_, k.get(), Ctx()), "EC_POINT_mul");
  return r;
}

P256::Element P256::DoubleMul(const Scalar& a, const Element& e, const Scalar& b) {
  Bn ka = ToBn(a), kb = ToBn(b);
  Element r(NewPoint());
  Check(EC_POINT_mul(Group(), r.point_, ka.get(), e.point_, kb.get(), Ctx()), "EC_POINT_mul");
  return r;
}

P256::Element P256::MultiMul(std::span<const Element> elements,
                             std::span<const Scalar> scalars) {
  std::vector<const EC_POINT*> points;
  points.reserve(elements.size());
  for (const Element& e : elements) points.push_back(e.point_);
  return MultiMulPoints(points, scalars);
}

P256::Element P256::MultiMulRefs(std::span<const Element* const> elements,
                                 std::span<const Scalar> scalars) {
  std::vector<const EC_POINT*> points;
  points.reserve(elements.size());
  for (const Element* e : elements) points.push_back(e->point_);
  return MultiMulPoints(points, scalars);
}

P256::Element P256::MultiMulPoints(std::span<const EC_POINT* const> points,
                                   std::span<const Scalar> scalars) {
  assert(points.size() == scalars.size());
  Element r;
  if (points.empty()) return r;
  // The scalars are public here (MultiMul is for public values): plain BIGNUMs from the
  // thread's BN_CTX, which keeps them for the next call instead of allocating each.
  BN_CTX* ctx = Ctx();
  BN_CTX_start(ctx);
  std::vector<const BIGNUM*> ks;
  ks.reserve(scalars.size());
  for (const Scalar& s : scalars) {
    BIGNUM* k = CheckNotNull(BN_CTX_get(ctx), "BN_CTX_get");
    CheckNotNull(BN_bin2bn(s.bytes.data(), static_cast<int>(s.bytes.size()), k), "BN_bin2bn");
    ks.push_back(k);
  }
  const int ok = EC_POINTs_mul(Group(), r.point_, nullptr, points.size(),
                               const_cast<const EC_POINT**>(points.data()), ks.data(), ctx);
  BN_CTX_end(ctx);
  Check(ok, "EC_POINTs_mul");
  return r;
}

P256::Table P256::MakeTable(const Element& e) {
  Table table;
  if (IsIdentity(e)) return table;
  EC_GROUP* group = CheckNotNull(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1),
                                 "EC_GROUP_new_by_curve_name");
  Check(EC_GROUP_set_generator(group, e.point_, TheCurve().order.get(), BN_value_one()),
        "EC_GROUP_set_generator");
  Check(EC_GROUP_precompute_mult(group, Ctx()), "EC_GROUP_precompute_mult");
  table.group_ = std::shared_ptr<const ec_group_st>(
      group, [](const ec_group_st* g) { EC_GROUP_free(const_cast<EC_GROUP*>(g)); });
  return table;
}

P256::Element P256::TableMul(const Table& table, const Scalar& s) {
  if (table.group_ == nullptr) return Element();
  Bn k = ToBn(s);
  Element r(NewPoint());
  // The result point belongs to the shared curve; OpenSSL accepts it because both groups are
  // the same named curve with the same method.
  Check(EC_POINT_mul(table.group_.get(), r.point_, k.get(), nullptr, nullptr, Ctx()),
        "EC_POINT_mul");
  return r;
}

P256::Encoded P256::Encode(const Element& e) {
  if (e.has_encoded_) return e.encoded_;
  Encoded out{};
  if (IsIdentity(e)) return out;
  const size_t n = EC_POINT_point2oct(Group(), e.point_, POINT_CONVERSION_COMPRESSED,
                                      out.data(), out.size(), Ctx());
  Check(n == kElementSize, "EC_POINT_point2oct");
  return out;
}

Result<P256::Element> P256::Decode(std::span<const uint8_t> bytes, IdentityRule rule) {
  if (bytes.size() != kElementSize) {
    return internal::WrongSize(kWhat, "element", kElementSize, bytes.size());
  }
  if (AllZero(bytes)) {
    if (rule == IdentityRule::kReject) return internal::IdentityNotAllowed(kWhat);
    return Element();
  }
  if (bytes[0] != 0x02 && bytes[0] != 0x03) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "0x%02x", bytes[0]);
    return internal::BadElement(kWhat, std::string("prefix ") + prefix +
                                           ": only compressed points (0x02, 0x03) are accepted");
  }
  // OpenSSL checks this too; saying it here names the fault.
  if (!LessThanBigEndian(bytes.subspan(1), TheCurve().field_bytes)) {
    return internal::BadElement(kWhat, "x is not reduced mod p (non-canonical encoding)");
  }
  Element e(NewPoint());
  if (EC_POINT_oct2point(Group(), e.point_, bytes.data(), bytes.size(), Ctx()) != 1) {
    ERR_clear_error();  // leave no stale error for the next OpenSSL caller on this thread
    return internal::BadElement(kWhat, "x is not the x-coordinate of a curve point");
  }
  // Cofactor 1: a point on the curve is in the prime-order group. Checked all the same, as it
  // is cheap beside the square root just taken.
  if (EC_POINT_is_on_curve(Group(), e.point_, Ctx()) != 1) {
    ERR_clear_error();
    return internal::BadElement(kWhat, "not on the curve");
  }
  std::copy(bytes.begin(), bytes.end(), e.encoded_.begin());
  e.has_encoded_ = true;
  return e;
}

P256::EncodedUncompressed P256::EncodeUncompressed(const Element& e) {
  EncodedUncompressed out{};
  if (IsIdentity(e)) return out;
  const size_t n = EC_POINT_point2oct(Group(), e.point_, POINT_CONVERSION_UNCOMPRESSED,
                                      out.data(), out.size(), Ctx());
  Check(n == kUncompressedSize, "EC_POINT_point2oct");
  return out;
}

Result<P256::Element> P256::DecodeUncompressed(std::span<const uint8_t> bytes,
                                               IdentityRule rule) {
  if (bytes.size() != kUncompressedSize) {
    return internal::WrongSize(kWhat, "uncompressed element", kUncompressedSize, bytes.size());
  }
  if (AllZero(bytes)) {
    if (rule == IdentityRule::kReject) return internal::IdentityNotAllowed(kWhat);
    return Element();
  }
  if (bytes[0] != 0x04) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "0x%02x", bytes[0]);
    return internal::BadElement(kWhat, std::string("prefix ") + prefix +
                                           ": only uncompressed points (0x04) are accepted here");
  }
  const auto x = bytes.subspan(1, 32);
  const auto y = bytes.subspan(33, 32);
  if (!LessThanBigEndian(x, TheCurve().field_bytes)) {
    return internal::BadElement(kWhat, "x is not reduced mod p (non-canonical encoding)");
  }
  if (!LessThanBigEndian(y, TheCurve().field_bytes)) {
    return internal::BadElement(kWhat, "y is not reduced mod p (non-canonical encoding)");
  }
  Element e(NewPoint());
  if (EC_POINT_oct2point(Group(), e.point_, bytes.data(), bytes.size(), Ctx()) != 1) {
    ERR_clear_error();
    return internal::BadElement(kWhat, "(x, y) is not a point of the curve");
  }
  // OpenSSL's oct2point checks the curve equation; so does this, so that the rule is kept
  // here whatever OpenSSL version does the work.
  if (EC_POINT_is_on_curve(Group(), e.point_, Ctx()) != 1) {
    ERR_clear_error();
    return internal::BadElement(kWhat, "not on the curve");
  }
  e.encoded_[0] = static_cast<uint8_t>(0x02 | (bytes[64] & 1));
  std::copy(x.begin(), x.end(), e.encoded_.begin() + 1);
  e.has_encoded_ = true;
  return e;
}

Result<P256::Scalar> P256::DecodeScalar(std::span<const uint8_t> bytes) {
  if (bytes.size() != kScalarSize) {
    return internal::WrongSize(kWhat, "scalar", kScalarSize, bytes.size());
  }
  if (!LessThanBigEndian(bytes, TheCurve().order_bytes)) {
    return internal::BadScalar(kWhat, "not reduced mod the group order");
  }
  Scalar s;
  std::copy(bytes.begin(), bytes.end(), s.bytes.begin());
  return s;
}

P256::Scalar P256::ScalarFromUint64(uint64_t value) {
  Scalar s;
  for (size_t i = 0; i < 8; ++i) s.bytes[31 - i] = static_cast<uint8_t>(value >> (8 * i));
  return s;  // < 2^64 < n
}

// a − b mod n for a, b < n: subtract; when that borrows (a < b), add n back. The borrow that
// mpn_cnd_sub_n returns is the condition of mpn_cnd_add_n, so no branch is taken on it.
P256::Scalar P256::ScalarSubtract(const Scalar& a, const Scalar& b) {
  SecretLimbs<kLimbs> x, y, r;
  ToLimbs(a.bytes, x.v);
  ToLimbs(b.bytes, y.v);
  const mp_limb_t borrow = mpn_cnd_sub_n(1, r.v, x.v, y.v, kLimbs);
  mpn_cnd_add_n(borrow, r.v, r.v, TheScalarField().n, kLimbs);
  return FromLimbs(r.v);
}

// a + b mod n as a − (n − b): n − b is in (0, n] and never borrows, and the subtraction above
// then brings the result into [0, n) — the same three constant-time calls, no comparison of
// a + b with n.
P256::Scalar P256::ScalarAdd(const Scalar& a, const Scalar& b) {
  SecretLimbs<kLimbs> x, y, minus_y, r;
  ToLimbs(a.bytes, x.v);
  ToLimbs(b.bytes, y.v);
  mpn_cnd_sub_n(1, minus_y.v, TheScalarField().n, y.v, kLimbs);
  const mp_limb_t borrow = mpn_cnd_sub_n(1, r.v, x.v, minus_y.v, kLimbs);
  mpn_cnd_add_n(borrow, r.v, r.v, TheScalarField().n, kLimbs);
  return FromLimbs(r.v);
}

P256::Scalar P256::ScalarMultiply(const Scalar& a, const Scalar& b) {
  SecretLimbs<kLimbs> x, y;
  SecretLimbs<kWideLimbs> product;
  ToLimbs(a.bytes, x.v);
  ToLimbs(b.bytes, y.v);
  {
    SecretLimbs<kScratchLimbs> scratch;
    mpn_sec_mul(product.v, x.v, kLimbs, y.v, kLimbs, scratch.v);
  }
  return ReduceWide(product);
}

P256::Scalar P256::ScalarNegate(const Scalar& a) { return ScalarSubtract(Scalar(), a); }

bool P256::ScalarIsZero(const Scalar& a) { return AllZero(a.bytes); }

// The 64-byte hash as an integer mod n: the same value BN_nnmod gave before (the vectors in
// tests/data pin it), reduced by mpn_sec_div_r because the hashed message may be secret
// (a ballot's nonces are derived from a secret seed).
P256::Scalar P256::HashToScalar(std::string_view domain, std::span<const uint8_t> message) {
  std::array<uint8_t, 64> wide = HashToScalarWide(kName, domain, message);
  SecretLimbs<kWideLimbs> x;
  ToLimbs(wide, x.v);
  WipeBytes(wide.data(), wide.size());
  return ReduceWide(x);
}

P256::Scalar P256::RandomScalar() {
  internal::EnsureSodium();
  // Rejection sampling: n is within 2^-32 of 2^256, so a redraw is rare; the comparison is
  // constant time, so an accepted scalar's bytes do not show through timing.
  Scalar s;
  do {
    randombytes_buf(s.bytes.data(), s.bytes.size());
  } while (!LessThanBigEndian(s.bytes, TheCurve().order_bytes) || ScalarIsZero(s));
  return s;
}

bool P256::HasGeneratorTable() { return EC_GROUP_have_precompute_mult(Group()) == 1; }

}  // namespace ashyq::crypto
