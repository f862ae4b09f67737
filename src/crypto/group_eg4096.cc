#include "crypto/group_eg4096.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "crypto/internal/group_support.h"

namespace ashyq::crypto {
namespace {

constexpr std::string_view kWhat = "eg4096";

// ElectionGuard's standard baseline parameters: q = 2^256 − 189; p the 4096-bit prime whose
// first and last 256 bits are ones and whose middle bits start from the Euler–Mascheroni
// constant, with p − 1 a multiple of q and (p − 1)/(2q) prime; g = 2^r mod p, r = (p − 1)/q.
// Source: ElectionGuard Specification v0.95/v1.0, "Baseline Parameters" (Microsoft /
// Election-Tech-Initiative electionguard repository, docs/spec/0.95.0/3_Baseline_parameters.md;
// the same values are electionguard-cpp's and electionguard-python's standard constants, and
// the ElectionGuard 1.0 C++ SDK the reference figures come from). ElectionGuard 2.0
// keeps q but derives a different p (from ln 2) and g — an interop mode for 2.0 records
// would be a second parameter set behind this same class shape.
// tests/crypto/group_test.cc checks the properties above (primality, q | p − 1, g = 2^r mod p),
// so a mistyped digit cannot pass.
constexpr char kP[] =
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    "93c467e37db0c7a4d1be3f810152cb56a1cecc3af65cc0190c03df34709affbd"
    "8e4b59fa03a9f0eed0649ccb621057d11056ae9132135a08e43b4673d74bafea"
    "58deb878cc86d733dbe7bf38154b36cf8a96d1567899aaae0c09d4c8b6b7b86f"
    "d2a1ea1de62ff8643ec7c271827977225e6ac2f0bd61c746961542a3ce3bea5d"
    "b54fe70e63e6d09f8fc28658e80567a47cfde60ee741e5d85a7bd46931ced822"
    "0365594964b839896fcaabccc9b31959c083f22ad3ee591c32fab2c7448f2a05"
    "7db2db49ee52e0182741e53865f004cc8e704b7c5c40bf304c4d8c4f13edf604"
    "7c555302d2238d8ce11df2424f1b66c2c5d238d0744db679af2890487031f9c0"
    "aea1c4bb6fe9554ee528fdf1b05e5b256223b2f09215f3719f9c7ccc69ddf172"
    "d0d6234217fcc0037f18b93ef5389130b7a661e5c26e54214068bbcafea32a67"
    "818bd3075ad1f5c7e9cc3d1737fb28171baf84dbb6612b7881c1a48e439cd03a"
    "92bf52225a2b38e6542e9f722bce15a381b5753ea842763381ccae83512b3051"
    "1b32e5e8d80362149ad030aaba5f3a5798bb22aa7ec1b6d0f17903f4e234ea60"
    "34aa85973f79a93ffb82a75c47c03d43d2f9ca02d03199baceddd45334dbc6b5"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
constexpr char kQ[] = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff43";
constexpr char kG[] =
    "037de384f98f6e038d2a3141825b33d5d45ec4cc64cfd15e750d6798f5196cf2"
    "a142cdf33f6ef853840ec7d4ec804794cfb0cfb65363b2566387b98ee0e3def1"
    "b706fa55d5038ffb4a62dcbb93b1ddd8d3b308da86d1c3a525ef356fe5bb5931"
    "4e65633480b396e1dd4b795f78de07d86b0e2a05be6af78fd7f736fcba6c032e"
    "26e050af50a03c65fa7b6c87f4554cb57f3dabcbad8eb9d8fdebeef58570669a"
    "cc3eda17dbfc47b8b3c39aa08b829b28872e62b5d1b13a98f09d40ac20c2ab74"
    "a6750e7c8750b5141e221c41f55bba31d8e41422b64d2cba7aaa0e9fd8785702"
    "f6932825bf45de8386d24900742062c1322b37c50af182158090c35da9355e6c"
    "f7f72da39a2284fdfb1918b2a2a30e69501fa2342b728263df23f1db8355bde1"
    "eb276fb3685f371672ceb313fdab069cc9b11ab6c59bce62baad96aac96b0dbe"
    "0c7e71fcb22552545a5d1cedeee01e4bc0cdbdb76b6ad45f09af5e71114a005f"
    "93ad97b8fe09274e76c94b2008926b38caec94c95e96d628f6bc80662ba06207"
    "801328b2c6a60526bf7cd02d9661385ac3b1cbdb50f759d0e9f61c11a07bf421"
    "8f299bcb2900520076ebd2d95a3dee96d4809ef34abeb83fdba8a12c5ca82757"
    "288a89c931cf564f00e8a317ae1e1d828e61369ba0ddbadb10c136f8691101ad"
    "82dc54775ab8353840d9992197d80a6e94b38ac417cddf40b0c73abf03e8e0aa";

struct Params {
  mpz_t p, q, g;
  std::array<uint8_t, 32> q_bytes{};
  Params() {
    mpz_init_set_str(p, kP, 16);
    mpz_init_set_str(q, kQ, 16);
    mpz_init_set_str(g, kG, 16);
    size_t written = 0;
    mpz_export(q_bytes.data(), &written, 1, 1, 1, 0, q);
    assert(written == 32);
  }
};

const Params& TheParams() {
  static const Params* params = new Params;  // lives as long as the process
  return *params;
}

// Big-endian bytes <-> mpz.
void Import(mpz_t out, std::span<const uint8_t> bytes) {
  mpz_import(out, bytes.size(), 1, 1, 1, 0, bytes.data());
}

template <size_t N>
std::array<uint8_t, N> Export(const mpz_t value) {
  std::array<uint8_t, N> out{};
  const size_t bytes = (mpz_sizeinbase(value, 2) + 7) / 8;
  assert(bytes <= N);
  if (mpz_sgn(value) != 0) {
    size_t written = 0;
    mpz_export(out.data() + (N - bytes), &written, 1, 1, 1, 0, value);
  }
  return out;
}

// An mpz that wipes its limbs when it goes (scalars may be secret).
struct Z {
  mpz_t v;
  Z() { mpz_init(v); }
  explicit Z(const ElectionGuard4096::Scalar& s) {
    mpz_init(v);
    Import(v, s.bytes);
  }
  ~Z() {
    if (v->_mp_alloc > 0) sodium_memzero(v->_mp_d, sizeof(mp_limb_t) * static_cast<size_t>(v->_mp_alloc));
    mpz_clear(v);
  }
  Z(const Z&) = delete;
  Z& operator=(const Z&) = delete;
};

ElectionGuard4096::Scalar ToScalar(const mpz_t value) {
  ElectionGuard4096::Scalar s;
  s.bytes = Export<32>(value);
  return s;
}

bool AllZero(std::span<const uint8_t> bytes) {
  return sodium_is_zero(bytes.data(), bytes.size()) == 1;
}

}  // namespace

ElectionGuard4096::Element::Element() { mpz_init_set_ui(value_, 1); }

ElectionGuard4096::Element::Element(const Element& other) { mpz_init_set(value_, other.value_); }

ElectionGuard4096::Element& ElectionGuard4096::Element::operator=(const Element& other) {
  mpz_set(value_, other.value_);
  return *this;
}

// GMP 6.2's mpz_init allocates nothing, so a move is a swap with a fresh value.
ElectionGuard4096::Element::Element(Element&& other) noexcept {
  mpz_init_set_ui(value_, 1);
  mpz_swap(value_, other.value_);
}

ElectionGuard4096::Element& ElectionGuard4096::Element::operator=(Element&& other) noexcept {
  mpz_swap(value_, other.value_);
  return *this;
}

ElectionGuard4096::Element::~Element() { mpz_clear(value_); }

ElectionGuard4096::Element ElectionGuard4096::Generator() {
  Element e;
  mpz_set(e.value_, TheParams().g);
  return e;
}

ElectionGuard4096::Element ElectionGuard4096::Add(const Element& a, const Element& b) {
  Element r;
  mpz_mul(r.value_, a.value_, b.value_);
  mpz_mod(r.value_, r.value_, TheParams().p);
  return r;
}

ElectionGuard4096::Element ElectionGuard4096::Subtract(const Element& a, const Element& b) {
  return Add(a, Negate(b));
}

ElectionGuard4096::Element ElectionGuard4096::Negate(const Element& a) {
  Element r;
  if (mpz_invert(r.value_, a.value_, TheParams().p) == 0) {
    std::fputs("ashyq: eg4096 element without an inverse\n", stderr);  // p is prime: a bug
    std::abort();
  }
  return r;
}

bool ElectionGuard4096::Equal(const Element& a, const Element& b) {
  return mpz_cmp(a.value_, b.value_) == 0;
}

bool ElectionGuard4096::IsIdentity(const Element& a) { return mpz_cmp_ui(a.value_, 1) == 0; }

namespace {

constexpr size_t kLimbs = 4096 / GMP_NUMB_BITS;
constexpr size_t kWindowBits = 6;
constexpr size_t kEntries = size_t{1} << kWindowBits;
constexpr size_t kWindows = (256 + kWindowBits - 1) / kWindowBits;  // 43

static_assert(GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0, "eg4096's table assumes 64-bit limbs");

// An mpz value < p as exactly kLimbs limbs, little-endian.
void ToLimbs(const mpz_t value, mp_limb_t* out) {
  for (size_t i = 0; i < kLimbs; ++i) out[i] = mpz_getlimbn(value, static_cast<mp_size_t>(i));
}

const std::array<mp_limb_t, kLimbs>& PLimbs() {
  static const std::array<mp_limb_t, kLimbs> limbs = [] {
    std::array<mp_limb_t, kLimbs> l{};
    ToLimbs(TheParams().p, l.data());
    return l;
  }();
  return limbs;
}

// Bits [first, first + kWindowBits) of a big-endian 256-bit scalar: the positions are public,
// only the value is secret (and is used only as mpn_sec_tabselect's index).
mp_size_t Digit(const std::array<uint8_t, 32>& bytes, size_t first) {
  mp_size_t digit = 0;
  for (size_t t = 0; t < kWindowBits && first + t < 256; ++t) {
    const size_t bit = first + t;
    digit |= static_cast<mp_size_t>((bytes[31 - bit / 8] >> (bit % 8)) & 1) << t;
  }
  return digit;
}

}  // namespace

struct ElectionGuard4096::TableData {
  std::vector<mp_limb_t> limbs;  // [window][entry][limb]
};

ElectionGuard4096::Table ElectionGuard4096::MakeTable(const Element& e) {
  auto data = std::make_shared<TableData>();
  data->limbs.assign(kWindows * kEntries * kLimbs, 0);
  const mpz_t& p = TheParams().p;
  Z base, power;
  mpz_set(base.v, e.value_);  // x^(2^(6i)) for the window being filled
  for (size_t i = 0; i < kWindows; ++i) {
    mp_limb_t* row = data->limbs.data() + i * kEntries * kLimbs;
    mpz_set_ui(power.v, 1);
    for (size_t d = 0; d < kEntries; ++d) {
      ToLimbs(power.v, row + d * kLimbs);
      mpz_mul(power.v, power.v, base.v);  // the element is public: plain mpz is fine here
      mpz_mod(power.v, power.v, p);
    }
    mpz_set(base.v, power.v);  // x^(64·2^(6i)) = x^(2^(6(i+1)))
  }
  Table table;
  table.data_ = std::move(data);
  return table;
}

ElectionGuard4096::Element ElectionGuard4096::TableMul(const Table& table, const Scalar& s) {
  const mp_limb_t* limbs = table.data_->limbs.data();
  const mp_limb_t* p = PLimbs().data();
  const size_t scratch_size = static_cast<size_t>(
      std::max(mpn_sec_mul_itch(kLimbs, kLimbs), mpn_sec_div_r_itch(2 * kLimbs, kLimbs)));
  // acc | selected | product | scratch: all secret-dependent, wiped at the end.
  std::vector<mp_limb_t> work(kLimbs + kLimbs + 2 * kLimbs + scratch_size);
  mp_limb_t* acc = work.data();
  mp_limb_t* selected = acc + kLimbs;
  mp_limb_t* product = selected + kLimbs;
  mp_limb_t* scratch = product + 2 * kLimbs;
  mpn_sec_tabselect(acc, limbs, kLimbs, kEntries, Digit(s.bytes, 0));
  for (size_t i = 1; i < kWindows; ++i) {
    mpn_sec_tabselect(selected, limbs + i * kEntries * kLimbs, kLimbs, kEntries,
                      Digit(s.bytes, i * kWindowBits));
    mpn_sec_mul(product, acc, kLimbs, selected, kLimbs, scratch);
    mpn_sec_div_r(product, 2 * kLimbs, p, kLimbs, scratch);  // remainder in product[0, kLimbs)
    std::copy(product, product + kLimbs, acc);
  }
  Element r;
  mp_limb_t* out = mpz_limbs_write(r.value_, kLimbs);
  std::copy(acc, acc + kLimbs, out);
  mpz_limbs_finish(r.value_, kLimbs);
  sodium_memzero(work.data(), work.size() * sizeof(mp_limb_t));
  return r;
}

ElectionGuard4096::Element ElectionGuard4096::BaseMul(const Scalar& s) {
  static const Table* generator_table = new Table(MakeTable(Generator()));  // process lifetime
  return TableMul(*generator_table, s);
}

ElectionGuard4096::Element ElectionGuard4096::Mul(const Element& e, const Scalar& s) {
  Element r;
  if (ScalarIsZero(s)) return r;  // mpz_powm_sec needs a positive exponent
  Z k(s);
  mpz_powm_sec(r.value_, e.value_, k.v, TheParams().p);
  return r;
}

ElectionGuard4096::Element ElectionGuard4096::DoubleMul(const Scalar& a, const Element& e,
                                                        const Scalar& b) {
  const Element terms[] = {Generator(), e};
  const Scalar scalars[] = {a, b};
  return MultiMul(terms, scalars);
}

ElectionGuard4096::Element ElectionGuard4096::MultiMul(std::span<const Element> elements,
                                                       std::span<const Scalar> scalars) {
  assert(elements.size() == scalars.size());
  Element sum;
  Element term;
  for (size_t i = 0; i < elements.size(); ++i) {
    Z k(scalars[i]);
    mpz_powm(term.value_, elements[i].value_, k.v, TheParams().p);  // public: variable time
    mpz_mul(sum.value_, sum.value_, term.value_);
    mpz_mod(sum.value_, sum.value_, TheParams().p);
  }
  return sum;
}

ElectionGuard4096::Encoded ElectionGuard4096::Encode(const Element& e) {
  return Export<kElementSize>(e.value_);
}

Result<ElectionGuard4096::Element> ElectionGuard4096::Decode(std::span<const uint8_t> bytes,
                                                             IdentityRule rule) {
  if (bytes.size() != kElementSize) {
    return internal::WrongSize(kWhat, "element", kElementSize, bytes.size());
  }
  const Params& params = TheParams();
  Element e;
  Import(e.value_, bytes);
  if (mpz_sgn(e.value_) == 0) return internal::BadElement(kWhat, "0 is not in the group");
  if (mpz_cmp(e.value_, params.p) >= 0) {
    return internal::BadElement(kWhat, "not reduced mod p (non-canonical encoding)");
  }
  if (IsIdentity(e)) {
    if (rule == IdentityRule::kReject) return internal::IdentityNotAllowed(kWhat);
    return e;
  }
  Z check;
  mpz_powm(check.v, e.value_, params.q, params.p);
  if (mpz_cmp_ui(check.v, 1) != 0) {
    return internal::BadElement(kWhat, "not in the order-q subgroup (x^q mod p is not 1)");
  }
  return e;
}

Result<ElectionGuard4096::Scalar> ElectionGuard4096::DecodeScalar(
    std::span<const uint8_t> bytes) {
  if (bytes.size() != kScalarSize) {
    return internal::WrongSize(kWhat, "scalar", kScalarSize, bytes.size());
  }
  if (!LessThanBigEndian(bytes, TheParams().q_bytes)) {
    return internal::BadScalar(kWhat, "not reduced mod q");
  }
  Scalar s;
  std::copy(bytes.begin(), bytes.end(), s.bytes.begin());
  return s;
}

ElectionGuard4096::Scalar ElectionGuard4096::ScalarFromUint64(uint64_t value) {
  Scalar s;
  for (size_t i = 0; i < 8; ++i) s.bytes[31 - i] = static_cast<uint8_t>(value >> (8 * i));
  return s;  // < 2^64 < q
}

ElectionGuard4096::Scalar ElectionGuard4096::ScalarAdd(const Scalar& a, const Scalar& b) {
  Z x(a), y(b);
  mpz_add(x.v, x.v, y.v);
  mpz_mod(x.v, x.v, TheParams().q);
  return ToScalar(x.v);
}

ElectionGuard4096::Scalar ElectionGuard4096::ScalarSubtract(const Scalar& a, const Scalar& b) {
  Z x(a), y(b);
  mpz_sub(x.v, x.v, y.v);
  mpz_mod(x.v, x.v, TheParams().q);  // mpz_mod's result is never negative
  return ToScalar(x.v);
}

ElectionGuard4096::Scalar ElectionGuard4096::ScalarMultiply(const Scalar& a, const Scalar& b) {
  Z x(a), y(b);
  mpz_mul(x.v, x.v, y.v);
  mpz_mod(x.v, x.v, TheParams().q);
  return ToScalar(x.v);
}

ElectionGuard4096::Scalar ElectionGuard4096::ScalarNegate(const Scalar& a) {
  return ScalarSubtract(Scalar(), a);
}

bool ElectionGuard4096::ScalarIsZero(const Scalar& a) { return AllZero(a.bytes); }

ElectionGuard4096::Scalar ElectionGuard4096::HashToScalar(std::string_view domain,
                                                          std::span<const uint8_t> message) {
  const std::array<uint8_t, 64> wide = HashToScalarWide(kName, domain, message);
  Z x;
  Import(x.v, wide);
  mpz_mod(x.v, x.v, TheParams().q);
  return ToScalar(x.v);
}

ElectionGuard4096::Scalar ElectionGuard4096::RandomScalar() {
  internal::EnsureSodium();
  // Rejection sampling: q = 2^256 − 189, so a redraw almost never happens.
  Scalar s;
  do {
    randombytes_buf(s.bytes.data(), s.bytes.size());
  } while (!LessThanBigEndian(s.bytes, TheParams().q_bytes) || ScalarIsZero(s));
  return s;
}

std::array<uint8_t, 512> ElectionGuard4096::P() { return Export<512>(TheParams().p); }
std::array<uint8_t, 32> ElectionGuard4096::Q() { return TheParams().q_bytes; }
std::array<uint8_t, 512> ElectionGuard4096::G() { return Export<512>(TheParams().g); }

}  // namespace ashyq::crypto
