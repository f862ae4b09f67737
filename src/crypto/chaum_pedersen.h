// Zero-knowledge proofs about exponential ElGamal ciphertexts (crypto/elgamal.h), made
// non-interactive by Fiat–Shamir over the FULL statement (issue 18 point 2):
//
//   SelectionProof    a ciphertext (α, β) under K encrypts 0 or 1: the disjunctive
//                     Chaum–Pedersen proof of Cramer, Damgård and Schoenmakers (CDS 1994).
//   ContestSumProof   ciphertexts (α_i, β_i), i = 1..n, together encrypt exactly L (a
//                     contest's limit: with placeholder selections a contest's selections
//                     always add up to its limit, as in ElectionGuard): a Chaum–Pedersen proof
//                     that (A, B − L·G), A = Σα_i, B = Σβ_i, is (R·G, R·K) for some R — the
//                     aggregate nonce, which the prover knows.
//
// Both are templates over PrimeOrderGroup G, written additively; G also denotes the generator.
// K is passed as an ElectionKey (crypto/elgamal.h): its encoding is hashed from memory and the
// prover's u·K, t·K and R·K use its fixed-base table. Many ballots' proofs are checked at once
// by crypto/batch_verify.h.
//
// ## The selection proof (m ∈ {0, 1}, nonce r, so α = r·G and β = m·G + r·K)
//
// Branch j ∈ {0, 1} claims "β − j·G = r·K and α = r·G". The prover runs branch m honestly and
// simulates branch 1 − m:
//   real (j = m):       u random;              a_m = u·G,  b_m = u·K
//   simulated (j ≠ m):  c_j, z_j random;       a_j = z_j·G − c_j·α,  b_j = z_j·K − c_j·(β − j·G)
//   c = H_sel(statement, a_0, b_0, a_1, b_1);  c_m = c − c_j;  z_m = u + c_m·r
// Published: a_0, b_0, a_1, b_1, c_0, c_1, z_0, z_1. The verifier checks, for j = 0 and 1,
//   a_j = z_j·G − c_j·α   and   b_j = z_j·K − c_j·(β − j·G)
// and c_0 + c_1 = H_sel(...). For a ciphertext of 2 (or of −1) neither branch's claim holds, so
// no prover can answer both challenges it does not choose: the honest prover here refuses to
// try (an error, never a proof), and a proof moved from another ciphertext fails the checks.
//
// ## The contest sum proof (limit L, aggregate nonce R = Σ r_i)
//   u random;  a = u·G,  b = u·K;  c = H_sum(statement, a, b);  z = u + c·R
// Published: a, b, c, z. The verifier computes A, B and checks
//   a = z·G − c·A   and   b = z·K − c·(B − L·G)   and   c = H_sum(...).
//
// ## Fiat–Shamir: the exact bytes (for other implementations)
//
// Every challenge is G::HashToScalar(domain, message) — crypto/group.h, HashToScalarInput:
// SHA-512 of  "ashyq/hash-to-scalar/v1" 0x00 ‖ len8(group) ‖ group ‖ len8(domain) ‖ domain ‖
// message,  reduced mod the group order — so the group's name ("p256", "ristretto255",
// "eg4096") and the domain tag are always hashed. `message` is the whole statement and every
// commitment, never a part of them (a partial transcript is the weak Fiat–Shamir flaw that
// broke Helios's proofs, Bernhard, Pereira and Warinschi 2012). E(x) is G::Encode(x): fixed
// size per group (33 bytes P-256 SEC 1 compressed, 32 ristretto255, 512 eg4096); u32be and
// u64be are big-endian unsigned integers.
//
//   selection: domain "ashyq/evote/selection-proof/v1"
//     message = u32be(|context|) ‖ context ‖ E(G) ‖ E(K) ‖ E(α) ‖ E(β) ‖
//               E(a_0) ‖ E(b_0) ‖ E(a_1) ‖ E(b_1)
//   contest sum: domain "ashyq/evote/contest-sum-proof/v1"
//     message = u32be(|context|) ‖ context ‖ E(G) ‖ E(K) ‖ u64be(L) ‖ u32be(n) ‖
//               E(α_1) ‖ E(β_1) ‖ … ‖ E(α_n) ‖ E(β_n) ‖ E(a) ‖ E(b)
//
// `context` is what the caller binds the proof to beyond the ciphertexts (the ballot layer,
// src/evote, passes the election's hash and the contest and selection ids); it may be empty.
// The hashed commitments are exactly those a verifier recomputes, so a format that publishes
// only (c, z) and lets the verifier recompute a and b hashes the same bytes.
//
// ## Secrets
// Nonces (r, u and the simulated branch's values before they are published) are secret:
// errors never contain them. The selection m is secret too: the prover runs the same group
// operations for m = 0 and m = 1 (only which array slot they fill differs); its scalar
// arithmetic is as constant-time as the backend's (decision 0016). Verification handles only
// public values and may use the variable-time DoubleMul and MultiMul.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"

namespace ashyq::crypto {

inline constexpr std::string_view kSelectionProofDomain = "ashyq/evote/selection-proof/v1";
inline constexpr std::string_view kContestSumProofDomain = "ashyq/evote/contest-sum-proof/v1";

template <PrimeOrderGroup G>
struct SelectionProof {
  std::array<typename G::Element, 2> a;  // a_j: commitments on G, branch 0 and branch 1
  std::array<typename G::Element, 2> b;  // b_j: commitments on K
  std::array<typename G::Scalar, 2> c;   // c_j: challenges, c_0 + c_1 = H_sel
  std::array<typename G::Scalar, 2> z;   // z_j: responses
};

// The prover's random values for one selection proof: u for the real branch, the simulated
// branch's challenge and response. Fresh from RandomScalar unless a known-answer test gives them.
template <PrimeOrderGroup G>
struct SelectionProofNonces {
  typename G::Scalar u;
  typename G::Scalar simulated_challenge;
  typename G::Scalar simulated_response;

  static SelectionProofNonces Random() {
    return SelectionProofNonces{G::RandomScalar(), G::RandomScalar(), G::RandomScalar()};
  }
};

template <PrimeOrderGroup G>
struct ContestSumProof {
  typename G::Element a;  // u·G
  typename G::Element b;  // u·K
  typename G::Scalar c;   // H_sum
  typename G::Scalar z;   // u + c·R
};

// A selection encrypted and proven 0-or-1. `nonce` is secret: the contest sum proof needs it,
// and a spoiled ballot publishes it (issue 18 point 5); nothing else may show it.
template <PrimeOrderGroup G>
struct ProvenSelection {
  Ciphertext<G> ciphertext;
  SelectionProof<G> proof;
  typename G::Scalar nonce;
};

namespace internal {

inline void AppendU32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}
inline void AppendU64(std::vector<uint8_t>& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

template <PrimeOrderGroup G>
void AppendElement(std::vector<uint8_t>& out, const typename G::Element& e) {
  const auto bytes = G::Encode(e);
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// u32be(|context|) ‖ context ‖ E(G) ‖ E(K): how every statement begins.
template <PrimeOrderGroup G>
std::vector<uint8_t> StatementPrefix(std::span<const uint8_t> context,
                                     const ElectionKey<G>& key, size_t more) {
  static const typename G::Encoded generator = G::Encode(G::Generator());
  std::vector<uint8_t> out;
  out.reserve(4 + context.size() + 2 * G::kElementSize + more);
  AppendU32(out, static_cast<uint32_t>(context.size()));
  out.insert(out.end(), context.begin(), context.end());
  out.insert(out.end(), generator.begin(), generator.end());
  out.insert(out.end(), key.encoded().begin(), key.encoded().end());
  return out;
}

}  // namespace internal

// The exact bytes hashed for a selection proof's challenge (see above); exposed for the
// known-answer vectors.
template <PrimeOrderGroup G>
std::vector<uint8_t> SelectionChallengeInput(const ElectionKey<G>& key,
                                             const Ciphertext<G>& ciphertext,
                                             const std::array<typename G::Element, 2>& a,
                                             const std::array<typename G::Element, 2>& b,
                                             std::span<const uint8_t> context) {
  auto message = internal::StatementPrefix<G>(context, key, 6 * G::kElementSize);
  internal::AppendElement<G>(message, ciphertext.alpha);
  internal::AppendElement<G>(message, ciphertext.beta);
  for (int j = 0; j < 2; ++j) {
    internal::AppendElement<G>(message, a[j]);
    internal::AppendElement<G>(message, b[j]);
  }
  return message;
}

template <PrimeOrderGroup G>
std::vector<uint8_t> ContestSumChallengeInput(const ElectionKey<G>& key,
                                              std::span<const Ciphertext<G>> ciphertexts,
                                              uint64_t limit, const typename G::Element& a,
                                              const typename G::Element& b,
                                              std::span<const uint8_t> context) {
  auto message = internal::StatementPrefix<G>(
      context, key, 12 + (2 * ciphertexts.size() + 2) * G::kElementSize);
  internal::AppendU64(message, limit);
  internal::AppendU32(message, static_cast<uint32_t>(ciphertexts.size()));
  for (const auto& ct : ciphertexts) {
    internal::AppendElement<G>(message, ct.alpha);
    internal::AppendElement<G>(message, ct.beta);
  }
  internal::AppendElement<G>(message, a);
  internal::AppendElement<G>(message, b);
  return message;
}

namespace internal {

// The CDS prover for a ciphertext known to be Enc_K(m; nonce), m ∈ {0, 1}: callers check that.
// Every commitment is a multiplication of G or K by a scalar the prover knows (α = r·G lets
// the simulated branch be computed without α or β): the same operations whatever m is.
template <PrimeOrderGroup G>
SelectionProof<G> ProveSelectionUnchecked(const ElectionKey<G>& key,
                                          const Ciphertext<G>& ciphertext, uint64_t m,
                                          const typename G::Scalar& nonce,
                                          const SelectionProofNonces<G>& nonces,
                                          std::span<const uint8_t> context) {
  const size_t real = m;
  const size_t simulated = 1 - m;
  SelectionProof<G> proof;
  proof.a[real] = G::BaseMul(nonces.u);
  proof.b[real] = key.Mul(nonces.u);
  // a_s = z_s·G − c_s·r·G = t·G and b_s = z_s·K − c_s·(r·K + (m − s)·G) = t·K − c_s·(m − s)·G
  // with t = z_s − c_s·r and m − s = ±1.
  const auto t = G::ScalarSubtract(nonces.simulated_response,
                                   G::ScalarMultiply(nonces.simulated_challenge, nonce));
  const auto sign = G::ScalarSubtract(G::ScalarFromUint64(m), G::ScalarFromUint64(simulated));
  proof.a[simulated] = G::BaseMul(t);
  proof.b[simulated] = G::Subtract(
      key.Mul(t), G::BaseMul(G::ScalarMultiply(nonces.simulated_challenge, sign)));
  const auto challenge = G::HashToScalar(
      kSelectionProofDomain,
      SelectionChallengeInput<G>(key, ciphertext, proof.a, proof.b, context));
  proof.c[simulated] = nonces.simulated_challenge;
  proof.z[simulated] = nonces.simulated_response;
  proof.c[real] = G::ScalarSubtract(challenge, nonces.simulated_challenge);
  proof.z[real] = G::ScalarAdd(nonces.u, G::ScalarMultiply(proof.c[real], nonce));
  return proof;
}

inline Error SelectionNotZeroOrOne() {
  return CheckFailed("selection", "R-C4.selection", "a selection must be 0 or 1");
}

}  // namespace internal

// Encrypts a selection m ∈ {0, 1} under K with the given nonce and proof nonces, and proves
// it: deterministic, for known-answer tests (EncryptSelection draws them). Any other m is an
// error, never a proof.
template <PrimeOrderGroup G>
Result<ProvenSelection<G>> EncryptSelectionWithNonces(const ElectionKey<G>& key,
                                                      uint64_t m, const typename G::Scalar& nonce,
                                                      const SelectionProofNonces<G>& nonces,
                                                      std::span<const uint8_t> context) {
  if (m > 1) return internal::SelectionNotZeroOrOne();
  ASHYQ_ASSIGN_OR_RETURN(auto ciphertext, EncryptWithNonce<G>(key, m, nonce));
  ProvenSelection<G> out;
  out.proof =
      internal::ProveSelectionUnchecked<G>(key, ciphertext, m, nonce, nonces, context);
  out.ciphertext = std::move(ciphertext);
  out.nonce = nonce;
  return out;
}

// Encrypts m ∈ {0, 1} with a fresh nonce and proves it is 0 or 1.
template <PrimeOrderGroup G>
Result<ProvenSelection<G>> EncryptSelection(const ElectionKey<G>& key, uint64_t m,
                                            std::span<const uint8_t> context) {
  return EncryptSelectionWithNonces<G>(key, m, G::RandomScalar(),
                                       SelectionProofNonces<G>::Random(), context);
}

// Proves that a ciphertext made elsewhere is Enc_K(m; nonce) with m ∈ {0, 1}. The honest
// prover checks the claim first (two multiplications) and refuses a false one with an error —
// m not 0 or 1, or a ciphertext that is not Enc_K(m; nonce) (an encryption of 2 or of −1, say).
template <PrimeOrderGroup G>
Result<SelectionProof<G>> ProveSelection(const ElectionKey<G>& key,
                                         const Ciphertext<G>& ciphertext, uint64_t m,
                                         const typename G::Scalar& nonce,
                                         std::span<const uint8_t> context,
                                         const SelectionProofNonces<G>& nonces =
                                             SelectionProofNonces<G>::Random()) {
  if (m > 1) return internal::SelectionNotZeroOrOne();
  ASHYQ_ASSIGN_OR_RETURN(auto expected, EncryptWithNonce<G>(key, m, nonce));
  if (!G::Equal(expected.alpha, ciphertext.alpha) || !G::Equal(expected.beta, ciphertext.beta)) {
    return CheckFailed("ciphertext", "R-C4.selection",
                       "the ciphertext is not the encryption of the claimed selection with "
                       "the given nonce; no proof is made");
  }
  return internal::ProveSelectionUnchecked<G>(key, ciphertext, m, nonce, nonces, context);
}

// Checks a selection proof: every equation above, the challenge over the whole statement, and
// that α is not the identity (K never is: an ElectionKey refuses it). Public values only. The error says which check failed.
template <PrimeOrderGroup G>
Status VerifySelection(const ElectionKey<G>& key, const Ciphertext<G>& ciphertext,
                       const SelectionProof<G>& proof, std::span<const uint8_t> context) {
  constexpr const char* kRule = "R-C4.selection-proof";
  if (G::IsIdentity(ciphertext.alpha)) {
    return CheckFailed("ciphertext/alpha", kRule, "alpha is the identity (a zero nonce)");
  }
  const auto challenge = G::HashToScalar(
      kSelectionProofDomain,
      SelectionChallengeInput<G>(key, ciphertext, proof.a, proof.b, context));
  if (!(G::ScalarAdd(proof.c[0], proof.c[1]) == challenge)) {
    return CheckFailed("proof/c", kRule,
                       "c0 + c1 is not the hash of the statement and the commitments");
  }
  const std::array<typename G::Element, 2> beta_minus_j = {
      ciphertext.beta, G::Subtract(ciphertext.beta, G::Generator())};
  for (size_t j = 0; j < 2; ++j) {
    const auto minus_c = G::ScalarNegate(proof.c[j]);
    if (!G::Equal(G::DoubleMul(proof.z[j], ciphertext.alpha, minus_c), proof.a[j])) {
      return CheckFailed("proof/a" + std::to_string(j), kRule,
                         "z" + std::to_string(j) + "·G - c" + std::to_string(j) +
                             "·alpha does not equal the commitment a" + std::to_string(j));
    }
    const std::array<typename G::Element, 2> bases = {key.element(), beta_minus_j[j]};
    const std::array<typename G::Scalar, 2> scalars = {proof.z[j], minus_c};
    if (!G::Equal(G::MultiMul(bases, scalars), proof.b[j])) {
      return CheckFailed("proof/b" + std::to_string(j), kRule,
                         "z" + std::to_string(j) + "·K - c" + std::to_string(j) + "·(beta - " +
                             std::to_string(j) + "·G) does not equal the commitment b" +
                             std::to_string(j));
    }
  }
  return Status();
}

// Proves that `ciphertexts` (a contest's selections, placeholders included) encrypt `limit` in
// total, given each one's nonce, with u given (deterministic: known-answer tests) or fresh.
// The honest prover checks first that Σα_i = R·G and Σβ_i = L·G + R·K, and refuses otherwise
// (a wrong limit, a selection of 2 or −1, a ciphertext that is not its nonce's) with an error.
template <PrimeOrderGroup G>
Result<ContestSumProof<G>> ProveContestSumWithNonce(const ElectionKey<G>& key,
                                                    std::span<const Ciphertext<G>> ciphertexts,
                                                    std::span<const typename G::Scalar> nonces,
                                                    uint64_t limit, const typename G::Scalar& u,
                                                    std::span<const uint8_t> context) {
  constexpr const char* kRule = "R-C4.contest-sum";
  if (ciphertexts.empty() || ciphertexts.size() != nonces.size()) {
    return CheckFailed("ciphertexts", kRule,
                       "a contest sum proof needs at least one ciphertext and one nonce for each");
  }
  const auto sum = SumCiphertexts<G>(ciphertexts);
  typename G::Scalar aggregate;  // R = Σ r_i, zero to start (wiped when it goes)
  for (const auto& r : nonces) aggregate = G::ScalarAdd(aggregate, r);
  if (!G::Equal(sum.alpha, G::BaseMul(aggregate))) {
    return CheckFailed("ciphertexts", kRule,
                       "the ciphertexts were not made with the given nonces; no proof is made");
  }
  if (!G::Equal(sum.beta, G::Add(G::BaseMul(G::ScalarFromUint64(limit)),
                                 key.Mul(aggregate)))) {
    return CheckFailed("ciphertexts", kRule,
                       "the selections do not add up to the contest's limit of " +
                           std::to_string(limit) + "; no proof is made");
  }
  ContestSumProof<G> proof;
  proof.a = G::BaseMul(u);
  proof.b = key.Mul(u);
  proof.c = G::HashToScalar(kContestSumProofDomain,
                            ContestSumChallengeInput<G>(key, ciphertexts, limit, proof.a,
                                                        proof.b, context));
  proof.z = G::ScalarAdd(u, G::ScalarMultiply(proof.c, aggregate));
  return proof;
}

template <PrimeOrderGroup G>
Result<ContestSumProof<G>> ProveContestSum(const ElectionKey<G>& key,
                                           std::span<const Ciphertext<G>> ciphertexts,
                                           std::span<const typename G::Scalar> nonces,
                                           uint64_t limit, std::span<const uint8_t> context) {
  return ProveContestSumWithNonce<G>(key, ciphertexts, nonces, limit, G::RandomScalar(),
                                     context);
}

// Checks a contest sum proof against the contest's ciphertexts and limit. Public values only.
template <PrimeOrderGroup G>
Status VerifyContestSum(const ElectionKey<G>& key,
                        std::span<const Ciphertext<G>> ciphertexts, uint64_t limit,
                        const ContestSumProof<G>& proof, std::span<const uint8_t> context) {
  constexpr const char* kRule = "R-C4.contest-sum-proof";
  if (ciphertexts.empty()) {
    return CheckFailed("ciphertexts", kRule, "a contest has at least one selection");
  }
  const auto challenge = G::HashToScalar(
      kContestSumProofDomain,
      ContestSumChallengeInput<G>(key, ciphertexts, limit, proof.a, proof.b, context));
  if (!(challenge == proof.c)) {
    return CheckFailed("proof/c", kRule,
                       "c is not the hash of the statement and the commitments");
  }
  const auto sum = SumCiphertexts<G>(ciphertexts);
  const auto minus_c = G::ScalarNegate(proof.c);
  if (!G::Equal(G::DoubleMul(proof.z, sum.alpha, minus_c), proof.a)) {
    return CheckFailed("proof/a", kRule, "z·G - c·(sum of alpha) does not equal the commitment a");
  }
  const std::array<typename G::Element, 2> bases = {
      key.element(), G::Subtract(sum.beta, G::BaseMul(G::ScalarFromUint64(limit)))};
  const std::array<typename G::Scalar, 2> scalars = {proof.z, minus_c};
  if (!G::Equal(G::MultiMul(bases, scalars), proof.b)) {
    return CheckFailed("proof/b", kRule,
                       "z·K - c·(sum of beta - " + std::to_string(limit) +
                           "·G) does not equal the commitment b");
  }
  return Status();
}

}  // namespace ashyq::crypto
