// Exponential ElGamal over any PrimeOrderGroup (crypto/group.h): the encryption of Ashyq's
// electronic ballots (issue 18 point 2). Written additively, with G the group's generator:
//
//   key pair      secret s (a non-zero scalar), public key K = s·G
//   Enc_K(m; r)   (α, β) = (r·G, m·G + r·K)      m a small integer, r the nonce (≠ 0)
//   sum           (α1 + α2, β1 + β2) encrypts m1 + m2 under the nonce r1 + r2
//   decryption    β − s·α = m·G; m itself is a discrete logarithm, small here (a selection,
//                 a contest's total); DecryptSmall searches 0..max step by step — the tally's
//                 baby-step giant-step search is crypto/discrete_log.h.
//
// Nonces come from G::RandomScalar. EncryptWithNonce takes a given nonce and exists for
// known-answer tests and for the proofs (crypto/chaum_pedersen.h), which need the nonce; a
// nonce must never be reused, published (except a spoiled ballot's) or logged: anyone who has
// it reads m. Errors never contain nonces or secret keys.
//
// The public key of an election is held as an ElectionKey: K with its encoding and its
// fixed-base table (G::MakeTable), built once and used for every r·K of every ballot —
// encryption and proofs (crypto/chaum_pedersen.h) multiply K about three times per selection.
//
// Everything here is a template over the group: no backend is named.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/result.h"
#include "crypto/group.h"

namespace ashyq::crypto {

template <PrimeOrderGroup G>
struct ElGamalKeyPair {
  typename G::Scalar secret;        // wiped when destroyed (GroupScalar)
  typename G::Element public_key;   // K = secret·G
};

template <PrimeOrderGroup G>
struct Ciphertext {
  typename G::Element alpha;  // r·G
  typename G::Element beta;   // m·G + r·K
};

// An election's public key K, ready for use: its encoding (hashed into every proof's
// statement) and its fixed-base table (G::TableMul, constant time). Never the identity.
// Copies share the table. Make it once per election: the table costs up to a few
// milliseconds (eg4096: tens) to build.
template <PrimeOrderGroup G>
class ElectionKey {
 public:
  // Refuses the identity: under it β = m·G would show every vote.
  static Result<ElectionKey> Make(const typename G::Element& key) {
    if (G::IsIdentity(key)) {
      return CheckFailed("public_key", "R-C3.key", "the election public key is the identity");
    }
    return ElectionKey(key);
  }

  const typename G::Element& element() const { return element_; }
  const typename G::Encoded& encoded() const { return encoded_; }
  // s·K with K's table. Constant time in s.
  typename G::Element Mul(const typename G::Scalar& s) const { return G::TableMul(table_, s); }

 private:
  explicit ElectionKey(const typename G::Element& key)
      : element_(key), encoded_(G::Encode(key)), table_(G::MakeTable(key)) {}

  typename G::Element element_;
  typename G::Encoded encoded_;
  typename G::Table table_;
};

// A fresh key pair (the secret from G::RandomScalar, never 0). Guardians' threshold keys are
// issue 18 point 3; this is the single-key form they reduce to.
template <PrimeOrderGroup G>
ElGamalKeyPair<G> GenerateElGamalKeyPair() {
  ElGamalKeyPair<G> pair;
  pair.secret = G::RandomScalar();
  pair.public_key = G::BaseMul(pair.secret);
  return pair;
}

// The key pair of a given secret (known-answer tests; a stored key). Zero is refused: its
// public key is the identity, under which β = m·G shows every vote.
template <PrimeOrderGroup G>
Result<ElGamalKeyPair<G>> ElGamalKeyPairFromSecret(const typename G::Scalar& secret) {
  if (G::ScalarIsZero(secret)) {
    return CheckFailed("secret_key", "R-C3.key", "an ElGamal secret key must not be zero");
  }
  ElGamalKeyPair<G> pair;
  pair.secret = secret;
  pair.public_key = G::BaseMul(secret);
  return pair;
}

// Enc_K(m; nonce). The nonce must be fresh and uniformly random (EncryptElGamal draws one);
// a zero nonce is refused (α would be the identity and β = m·G would show m). Constant time
// in m and the nonce (BaseMul and TableMul are).
template <PrimeOrderGroup G>
Result<Ciphertext<G>> EncryptWithNonce(const ElectionKey<G>& key, uint64_t m,
                                       const typename G::Scalar& nonce) {
  if (G::ScalarIsZero(nonce)) {
    return CheckFailed("nonce", "R-C3.nonce", "an encryption nonce must not be zero");
  }
  Ciphertext<G> c;
  c.alpha = G::BaseMul(nonce);
  c.beta = G::Add(G::BaseMul(G::ScalarFromUint64(m)), key.Mul(nonce));
  return c;
}

// The same with a bare K (a public key that is the identity is refused) and G::Mul in place
// of the table: for one-off use and tests; ballots use an ElectionKey.
template <PrimeOrderGroup G>
Result<Ciphertext<G>> EncryptWithNonce(const typename G::Element& public_key, uint64_t m,
                                       const typename G::Scalar& nonce) {
  if (G::IsIdentity(public_key)) {
    return CheckFailed("public_key", "R-C3.key", "the election public key is the identity");
  }
  if (G::ScalarIsZero(nonce)) {
    return CheckFailed("nonce", "R-C3.nonce", "an encryption nonce must not be zero");
  }
  Ciphertext<G> c;
  c.alpha = G::BaseMul(nonce);
  c.beta = G::Add(G::BaseMul(G::ScalarFromUint64(m)), G::Mul(public_key, nonce));
  return c;
}

// Enc_K(m; r) with a fresh r, which is wiped on return: use this when the nonce is not needed
// afterwards (the proofs need it: crypto/chaum_pedersen.h encrypts and proves in one call).
template <PrimeOrderGroup G>
Result<Ciphertext<G>> EncryptElGamal(const ElectionKey<G>& key, uint64_t m) {
  return EncryptWithNonce<G>(key, m, G::RandomScalar());
}

template <PrimeOrderGroup G>
Result<Ciphertext<G>> EncryptElGamal(const typename G::Element& public_key, uint64_t m) {
  return EncryptWithNonce<G>(public_key, m, G::RandomScalar());
}

// The homomorphic sum: an encryption of m1 + m2 (mod the group order).
template <PrimeOrderGroup G>
Ciphertext<G> AddCiphertexts(const Ciphertext<G>& a, const Ciphertext<G>& b) {
  return Ciphertext<G>{G::Add(a.alpha, b.alpha), G::Add(a.beta, b.beta)};
}

// Σ ciphertexts; the empty sum is (identity, identity), an encryption of 0 with nonce 0.
template <PrimeOrderGroup G>
Ciphertext<G> SumCiphertexts(std::span<const Ciphertext<G>> ciphertexts) {
  Ciphertext<G> sum;
  for (const auto& c : ciphertexts) sum = AddCiphertexts<G>(sum, c);
  return sum;
}

// β − s·α = m·G: decryption up to the discrete logarithm.
template <PrimeOrderGroup G>
typename G::Element DecryptToElement(const typename G::Scalar& secret, const Ciphertext<G>& c) {
  return G::Subtract(c.beta, G::Mul(c.alpha, secret));
}

// The m in 0..max with m·G == element, by stepping through the multiples of G: for tests and
// small totals only (max·one addition). The tally searches with crypto/discrete_log.h.
template <PrimeOrderGroup G>
Result<uint64_t> SmallDiscreteLog(const typename G::Element& element, uint64_t max) {
  typename G::Element multiple;  // 0·G
  const typename G::Element generator = G::Generator();
  for (uint64_t m = 0;; ++m) {
    if (G::Equal(multiple, element)) return m;
    if (m == max) break;
    multiple = G::Add(multiple, generator);
  }
  return CheckFailed("ciphertext", "R-C4.decrypt",
                     "the decrypted value is not between 0 and " + std::to_string(max));
}

template <PrimeOrderGroup G>
Result<uint64_t> DecryptSmall(const typename G::Scalar& secret, const Ciphertext<G>& c,
                              uint64_t max) {
  return SmallDiscreteLog<G>(DecryptToElement<G>(secret, c), max);
}

}  // namespace ashyq::crypto
