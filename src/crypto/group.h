// Prime-order groups for the e-voting cryptography (exponential ElGamal, Chaum–Pedersen proofs,
// threshold keys, the homomorphic tally). Everything above this header — src/evote, the
// verifier — is to be written as templates over `PrimeOrderGroup G`, naming no backend, so
// the group is a choice of the election definition (GroupId), not of the code.
//
// Backends (docs/decisions/0016-e-voting-group.md says which one Ashyq uses and why):
//   Ristretto255        crypto/group_ristretto255.h  libsodium (RFC 9496)
//   Ristretto255Decaf   crypto/group_ristretto255_decaf.h  the same group through libdecaf
//   P256                crypto/group_p256.h          OpenSSL 3 (NIST P-256, SEC 1 compressed)
//   ElectionGuard4096   crypto/group_eg4096.h        GMP (ElectionGuard's 4096-bit integer
//                                                    group: the baseline, and interop later)
//
// The contract every backend G keeps (written additively; in the integer group "add" is
// multiplication mod p and "scalar multiplication" is exponentiation):
//
//   G::kName, G::kId            "ristretto255" / GroupId::kRistretto255, ...: the group
//   G::kLabel                   the implementation, in test and benchmark names (two
//                               backends of one group share kName and differ here)
//   G::kElementSize             bytes of an encoded element (fixed)
//   G::kScalarSize              bytes of an encoded scalar (fixed, 32 for every backend here)
//   G::Element                  a valid group element, always; default-constructed = identity.
//                               Only Decode makes one from outside bytes, and Decode checks.
//   G::Scalar                   an integer mod the group order, canonical (< order); its bytes
//                               are its encoding (little-endian for ristretto255, big-endian
//                               otherwise — each follows its standard). Wiped on destruction.
//   G::Encoded                  std::array<uint8_t, kElementSize>
//
//   Identity(), Generator()
//   Add(a, b), Subtract(a, b), Negate(a), Equal(a, b), IsIdentity(a)
//   BaseMul(s)          s·G with the backend's fixed-base tables.          Constant time in s.
//   Mul(e, s)           s·e.                                               Constant time in s.
//   DoubleMul(a, e, b)  a·G + b·e in one call: what every Chaum–Pedersen check computes.
//                       May take time that depends on the scalars: for public values only.
//   MultiMul(es, ss)    Σ ss[i]·es[i]. May take time that depends on the scalars: for public
//                       values only (proof verification, batch verification).
//   G::Table            a fixed-base table for one public element (copyable; copies share it).
//   MakeTable(e)        builds e's table: costly (up to tens of milliseconds for eg4096), made
//                       once per election key and reused for every ballot. Any element,
//                       the identity included.
//   TableMul(t, s)      s·e for the e of t, with its table.                 Constant time in s.
//                       How each backend makes it (decision 0016): P-256 an OpenSSL group
//                       whose generator is e, with EC_GROUP_precompute_mult (nistz256's
//                       constant-time tables); libdecaf decaf_255_precompute; eg4096 a
//                       fixed-window table of powers read with mpn_sec_tabselect and
//                       multiplied with mpn_sec_mul/mpn_sec_div_r (GMP's side-channel-silent
//                       functions); libsodium has no such call, so its table is a copy of e
//                       and TableMul is Mul.
//   Encode(e)           the canonical encoding; Decode(Encode(e)) == e.
//   Decode(bytes, rule) strict: wrong size, a non-canonical encoding, a value out of range, a
//                       point off the curve or outside the prime-order subgroup, or the
//                       identity where `rule` forbids it → an Error that says which.
//   DecodeScalar(bytes) strict: wrong size or ≥ order → an Error.
//   ScalarFromUint64(v) v mod order (a vote count, a selection, a guardian index).
//   ScalarAdd/ScalarSubtract/ScalarMultiply/ScalarNegate/ScalarIsZero
//   HashToScalar(domain, message)
//                       SHA-512 over a framed (domain, group, message) — see HashToScalarInput
//                       below — reduced mod order: different domains, groups or messages
//                       never share an input. For public data (Fiat–Shamir challenges).
//   RandomScalar()      uniform in [1, order) from libsodium's CSPRNG (randombytes).
//
// Constant time, backend by backend, is recorded in decision 0016; in short: ristretto255 is
// constant time throughout (libsodium; libdecaf except its variable-time DoubleMul); P-256's
// point multiplications are (OpenSSL's nistz256 code), and so is its scalar arithmetic and
// HashToScalar's reduction (GMP's mpn_cnd_add_n/mpn_cnd_sub_n/mpn_sec_mul/mpn_sec_div_r on
// 4 limbs, not OpenSSL's BN_mod_*); the integer group uses mpz_powm_sec (Mul) and GMP's
// mpn_sec_* functions (BaseMul, TableMul) for secret exponents and plain mpz elsewhere.
//
// crypto::Initialize() (crypto/keys.h) must have been called; every backend is thread-safe.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ashyq::crypto {

enum class GroupId {
  kRistretto255,
  kP256,
  kElectionGuard4096,
};

// "ristretto255", "p256", "eg4096": the names used in election definitions and benchmarks.
std::string_view GroupName(GroupId id);
Result<GroupId> ParseGroupName(std::string_view name);

// Whether Decode accepts the identity element. ElGamal public keys, commitments and
// ciphertext parts are never the identity except by a bug or an attack; a tally's running
// sum may be.
enum class IdentityRule { kReject, kAllow };

// Overwrites `size` bytes so the compiler cannot drop the write (sodium_memzero).
void WipeBytes(void* data, size_t size);
// Uniformly random bytes from libsodium's CSPRNG (randombytes_buf): batch verification's
// weights (crypto/batch_verify.h).
void RandomBytes(std::span<uint8_t> out);
// Compares without a data-dependent branch (sodium_memcmp).
bool EqualBytesConstantTime(const uint8_t* a, const uint8_t* b, size_t size);
// a < b for big-endian byte strings of the same length, in constant time.
bool LessThanBigEndian(std::span<const uint8_t> a, std::span<const uint8_t> b);

// A scalar of the group tagged `GroupTag`: fixed-size, canonical, wiped when destroyed. The
// tag keeps one group's scalars from being passed to another's functions.
template <typename GroupTag, size_t N>
struct GroupScalar {
  static constexpr size_t kSize = N;
  std::array<uint8_t, N> bytes{};

  GroupScalar() = default;
  GroupScalar(const GroupScalar&) = default;
  GroupScalar& operator=(const GroupScalar&) = default;
  ~GroupScalar() { WipeBytes(bytes.data(), bytes.size()); }

  friend bool operator==(const GroupScalar& a, const GroupScalar& b) {
    return EqualBytesConstantTime(a.bytes.data(), b.bytes.data(), N);
  }
};

// What HashToScalar hashes with SHA-512 (exposed for the known-answer tests and for other
// implementations): "ashyq/hash-to-scalar/v1" 0x00, then the group name and the domain each
// preceded by its length in one byte, then the message. `domain` names the use
// (e.g. "ashyq/evote/selection-proof/v1"); it is 1..255 bytes.
std::vector<uint8_t> HashToScalarInput(std::string_view group, std::string_view domain,
                                       std::span<const uint8_t> message);
// SHA-512 of HashToScalarInput: the 64 bytes each backend reduces mod its order.
std::array<uint8_t, 64> HashToScalarWide(std::string_view group, std::string_view domain,
                                         std::span<const uint8_t> message);

// The compile-time check that a backend keeps the contract above.
template <typename G>
concept PrimeOrderGroup = requires(const typename G::Element& e, const typename G::Scalar& s,
                                   const typename G::Table& t,
                                   std::span<const typename G::Element> es,
                                   std::span<const typename G::Scalar> ss,
                                   std::span<const uint8_t> bytes, std::string_view text,
                                   uint64_t v) {
  { G::kName } -> std::convertible_to<std::string_view>;
  { G::kLabel } -> std::convertible_to<std::string_view>;
  { G::kId } -> std::convertible_to<GroupId>;
  { G::kElementSize } -> std::convertible_to<size_t>;
  { G::kScalarSize } -> std::convertible_to<size_t>;
  requires std::copyable<typename G::Element>;
  requires std::default_initializable<typename G::Element>;
  requires std::same_as<typename G::Encoded, std::array<uint8_t, G::kElementSize>>;
  requires std::same_as<decltype(s.bytes), std::array<uint8_t, G::kScalarSize>>;

  { G::Identity() } -> std::same_as<typename G::Element>;
  { G::Generator() } -> std::same_as<typename G::Element>;
  { G::Add(e, e) } -> std::same_as<typename G::Element>;
  { G::Subtract(e, e) } -> std::same_as<typename G::Element>;
  { G::Negate(e) } -> std::same_as<typename G::Element>;
  { G::Equal(e, e) } -> std::same_as<bool>;
  { G::IsIdentity(e) } -> std::same_as<bool>;
  { G::BaseMul(s) } -> std::same_as<typename G::Element>;
  { G::Mul(e, s) } -> std::same_as<typename G::Element>;
  { G::DoubleMul(s, e, s) } -> std::same_as<typename G::Element>;
  { G::MultiMul(es, ss) } -> std::same_as<typename G::Element>;
  requires std::copyable<typename G::Table>;
  { G::MakeTable(e) } -> std::same_as<typename G::Table>;
  { G::TableMul(t, s) } -> std::same_as<typename G::Element>;
  { G::Encode(e) } -> std::same_as<typename G::Encoded>;
  { G::Decode(bytes, IdentityRule::kReject) } -> std::same_as<Result<typename G::Element>>;

  { G::DecodeScalar(bytes) } -> std::same_as<Result<typename G::Scalar>>;
  { G::ScalarFromUint64(v) } -> std::same_as<typename G::Scalar>;
  { G::ScalarAdd(s, s) } -> std::same_as<typename G::Scalar>;
  { G::ScalarSubtract(s, s) } -> std::same_as<typename G::Scalar>;
  { G::ScalarMultiply(s, s) } -> std::same_as<typename G::Scalar>;
  { G::ScalarNegate(s) } -> std::same_as<typename G::Scalar>;
  { G::ScalarIsZero(s) } -> std::same_as<bool>;
  { G::HashToScalar(text, bytes) } -> std::same_as<typename G::Scalar>;
  { G::RandomScalar() } -> std::same_as<typename G::Scalar>;
};

}  // namespace ashyq::crypto
