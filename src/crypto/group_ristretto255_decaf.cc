#include "crypto/group_ristretto255_decaf.h"

#include <decaf/point_255.h>
#include <sodium.h>

#include <cassert>
#include <cstdlib>
#include <cstring>
#include <new>

#include "crypto/internal/group_support.h"

namespace ashyq::crypto {
namespace {

constexpr std::string_view kWhat = "ristretto255";

static_assert(sizeof(decaf_255_point_s) == 256 && alignof(decaf_255_point_s) <= 32,
              "Ristretto255Decaf::Element's storage no longer fits libdecaf's point");
static_assert(DECAF_255_SER_BYTES == 32 && DECAF_255_SCALAR_BYTES == 32);

// The storage is a decaf_255_point_s placed there by the constructor and by the operations.
decaf_255_point_s* P(std::array<unsigned char, 256>& storage) {
  return reinterpret_cast<decaf_255_point_s*>(storage.data());
}
const decaf_255_point_s* P(const std::array<unsigned char, 256>& storage) {
  return reinterpret_cast<const decaf_255_point_s*>(storage.data());
}

// A libdecaf scalar from a canonical one; wiped when it goes.
struct DecafScalar {
  decaf_255_scalar_t s;
  explicit DecafScalar(const Ristretto255::Scalar& scalar) {
    const decaf_error_t ok = decaf_255_scalar_decode(s, scalar.bytes.data());
    assert(ok == DECAF_SUCCESS);  // Scalars are canonical by construction
    (void)ok;
  }
  ~DecafScalar() { decaf_255_scalar_destroy(s); }
  DecafScalar(const DecafScalar&) = delete;
  DecafScalar& operator=(const DecafScalar&) = delete;
};

}  // namespace

Ristretto255Decaf::Element::Element() {
  std::memcpy(point_.data(), decaf_255_point_identity, sizeof(decaf_255_point_s));
}

Ristretto255Decaf::Element Ristretto255Decaf::Generator() {
  Element e;
  std::memcpy(e.point_.data(), decaf_255_point_base, sizeof(decaf_255_point_s));
  return e;
}

Ristretto255Decaf::Element Ristretto255Decaf::Add(const Element& a, const Element& b) {
  Element r;
  decaf_255_point_add(P(r.point_), P(a.point_), P(b.point_));
  return r;
}

Ristretto255Decaf::Element Ristretto255Decaf::Subtract(const Element& a, const Element& b) {
  Element r;
  decaf_255_point_sub(P(r.point_), P(a.point_), P(b.point_));
  return r;
}

Ristretto255Decaf::Element Ristretto255Decaf::Negate(const Element& a) {
  Element r;
  decaf_255_point_negate(P(r.point_), P(a.point_));
  return r;
}

bool Ristretto255Decaf::Equal(const Element& a, const Element& b) {
  return decaf_255_point_eq(P(a.point_), P(b.point_)) != 0;  // compares the group elements
}

bool Ristretto255Decaf::IsIdentity(const Element& a) {
  return decaf_255_point_eq(P(a.point_), decaf_255_point_identity) != 0;
}

Ristretto255Decaf::Element Ristretto255Decaf::BaseMul(const Scalar& s) {
  DecafScalar k(s);
  Element r;
  decaf_255_precomputed_scalarmul(P(r.point_), decaf_255_precomputed_base, k.s);
  return r;
}

Ristretto255Decaf::Element Ristretto255Decaf::Mul(const Element& e, const Scalar& s) {
  DecafScalar k(s);
  Element r;
  decaf_255_point_scalarmul(P(r.point_), P(e.point_), k.s);
  return r;
}

Ristretto255Decaf::Element Ristretto255Decaf::DoubleMul(const Scalar& a, const Element& e,
                                                        const Scalar& b) {
  DecafScalar ka(a), kb(b);
  Element r;
  decaf_255_base_double_scalarmul_non_secret(P(r.point_), ka.s, P(e.point_), kb.s);
  return r;
}

Ristretto255Decaf::Element Ristretto255Decaf::MultiMul(std::span<const Element> elements,
                                                       std::span<const Scalar> scalars) {
  assert(elements.size() == scalars.size());
  Element sum;
  Element term;
  size_t i = 0;
  for (; i + 1 < elements.size(); i += 2) {
    DecafScalar k0(scalars[i]), k1(scalars[i + 1]);
    decaf_255_point_double_scalarmul(P(term.point_), P(elements[i].point_), k0.s,
                                     P(elements[i + 1].point_), k1.s);
    decaf_255_point_add(P(sum.point_), P(sum.point_), P(term.point_));
  }
  if (i < elements.size()) sum = Add(sum, Mul(elements[i], scalars[i]));
  return sum;
}

Ristretto255Decaf::Table Ristretto255Decaf::MakeTable(const Element& e) {
  const size_t align = decaf_255_alignof_precomputed_s;
  const size_t size = (decaf_255_sizeof_precomputed_s + align - 1) / align * align;
  void* storage = std::aligned_alloc(align, size);
  if (storage == nullptr) throw std::bad_alloc();
  auto* precomputed = static_cast<decaf_255_precomputed_s*>(storage);
  decaf_255_precompute(precomputed, P(e.point_));
  Table table;
  table.table_ = std::shared_ptr<const void>(storage, [](const void* p) {
    decaf_255_precomputed_destroy(static_cast<decaf_255_precomputed_s*>(const_cast<void*>(p)));
    std::free(const_cast<void*>(p));
  });
  return table;
}

Ristretto255Decaf::Element Ristretto255Decaf::TableMul(const Table& table, const Scalar& s) {
  DecafScalar k(s);
  Element r;
  decaf_255_precomputed_scalarmul(
      P(r.point_), static_cast<const decaf_255_precomputed_s*>(table.table_.get()), k.s);
  return r;
}

Ristretto255Decaf::Encoded Ristretto255Decaf::Encode(const Element& e) {
  if (e.has_encoded_) return e.encoded_;
  Encoded out{};
  decaf_255_point_encode(out.data(), P(e.point_));
  return out;
}

Result<Ristretto255Decaf::Element> Ristretto255Decaf::Decode(std::span<const uint8_t> bytes,
                                                             IdentityRule rule) {
  if (bytes.size() != kElementSize) {
    return internal::WrongSize(kWhat, "element", kElementSize, bytes.size());
  }
  if (sodium_is_zero(bytes.data(), bytes.size()) == 1) {
    if (rule == IdentityRule::kReject) return internal::IdentityNotAllowed(kWhat);
    return Element();
  }
  Element e;
  // libdecaf accepts only the unique encoding of each element (and leaves `e` undefined when
  // it refuses, so `e` is not used then).
  if (decaf_255_point_decode(P(e.point_), bytes.data(), DECAF_FALSE) != DECAF_SUCCESS) {
    return internal::BadElement(kWhat, "not the canonical encoding of a group element");
  }
  std::copy(bytes.begin(), bytes.end(), e.encoded_.begin());
  e.has_encoded_ = true;
  return e;
}

}  // namespace ashyq::crypto
