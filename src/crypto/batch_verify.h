// Verifying many ballots' proofs at once (issue 18 Deliver 7): every group equation of every
// selection proof and contest sum proof (crypto/chaum_pedersen.h) of a batch, combined with
// random weights into one equation checked with a few multi-scalar multiplications; when that
// fails, each contest is checked again one by one, so that the bad ballot and selection are
// named exactly as VerifyContestEach names them.
//
// ## What is combined
//
// Per selection (α, β; a_j, b_j, c_j, z_j for j = 0, 1) four equations, per contest (A = Σα_i,
// B = Σβ_i, limit L; a, b, c, z) two:
//   (a_j)  z_j·G                 = a_j + c_j·α
//   (b_j)  z_j·K + j·c_j·G       = b_j + c_j·β
//   (a)    z·G                   = a + c·A            = a + Σ_i c·α_i
//   (b)    z·K + c·L·G           = b + c·B            = b + Σ_i c·β_i
// Each equation e gets its own weight w_e, and the verifier checks
//   (Σ_e w_e·lhs_e-scalar on G)·G + (Σ_e w_e·…on K)·K  ==  Σ over every published element P of
//   (Σ_e w_e·coefficient of P in e)·P
// with G's side by BaseMul, K's with the election key's table, and the right by G::MultiMul in
// chunks of about kBatchChunkTerms terms (summed: the same sum). Every element of every equation is
// a term: α_i, β_i, a_j, b_j of every selection and a, b of every contest, each with the sum
// of the weighted coefficients it carries in all the equations it is in.
// Not combined, checked exactly for each contest first: the shapes (one proof and one context
// per ciphertext, at least one selection), α ≠ identity, and every Fiat–Shamir challenge
// (c_0 + c_1 = H_sel(…), c = H_sum(…)) — hashes have no linear structure to combine.
//
// ## Why it is sound, and how often it can be wrong
//
// Write D_e for equation e's left side minus its right side: a group element, the identity
// exactly when e holds. The check computes Σ_e w_e·D_e and compares it with the identity. If
// every equation holds it passes (never a false alarm). If some D_f is not the identity, then
// it generates the group (prime order q: every Element is in the prime-order group — P-256 has
// cofactor 1, ristretto255 is prime order by construction, eg4096's Decode checks x^q = 1); for
// any fixed values of the other weights, Σ_e w_e·D_e = w_f·D_f + Y is the identity for exactly
// one w_f mod q. The weights are 128-bit integers drawn uniformly from the CSPRNG (libsodium's
// randombytes, 64 weights a draw) inside this call, after the whole batch — every ciphertext, commitment,
// challenge and response — is fixed and passed in, and never derived from it: a prover cannot
// choose proofs that depend on them. The 2^128 possible w_f are distinct mod q (q > 2^250), so
// an invalid batch passes with probability at most 2^-128, whatever the batch size and however
// many equations are wrong (the bound holds for the first wrong one alone). A zero weight is
// included in that bound. One batch failure leads to the one-by-one checks, which are exact.
//
// Constant time: all of this is public data; MultiMul may be variable time.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"

namespace ashyq::crypto {

// One contest of one ballot, as published (placeholder selections included).
template <PrimeOrderGroup G>
struct ProvenContest {
  std::vector<Ciphertext<G>> ciphertexts;                // one per selection
  std::vector<SelectionProof<G>> proofs;                 // one per ciphertext
  std::vector<std::vector<uint8_t>> selection_contexts;  // each selection proof's context
  uint64_t limit = 0;
  ContestSumProof<G> sum;
  std::vector<uint8_t> sum_context;
};

// A contest of a batch that failed, by its index in the batch, with the error
// VerifyContestEach gives it (its `where` names the selection or "contest sum").
struct BatchFailure {
  size_t index = 0;
  Error error;
};

// Terms per G::MultiMul call (a chunk ends with the contest that fills it): P-256's
// EC_POINTs_mul keeps 16 multiples of every term in memory, so one call for a batch of 1,000
// ballots (44,000 terms) would take 70 MB; each chunk costs one run of 256 doublings, shared by
// its terms (measured: 64 and 256 give the same time per ballot).
inline constexpr size_t kBatchChunkTerms = 64;

// Every check of a contest, one by one and in order: the first failure, with its place
// ("selection 3: proof/a0", "contest sum: proof/c", ...). Exact (no randomness).
template <PrimeOrderGroup G>
Status VerifyContestEach(const ElectionKey<G>& key, const ProvenContest<G>& contest) {
  const size_t n = contest.ciphertexts.size();
  if (n == 0 || contest.proofs.size() != n || contest.selection_contexts.size() != n) {
    return CheckFailed("contest", "R-C4.contest-sum-proof",
                       "a contest needs at least one selection, and one proof and one context "
                       "for each of its " + std::to_string(n) + " ciphertexts");
  }
  for (size_t i = 0; i < n; ++i) {
    Status s = VerifySelection<G>(key, contest.ciphertexts[i], contest.proofs[i],
                                  contest.selection_contexts[i]);
    if (!s.ok()) return s.error().In("selection " + std::to_string(i));
  }
  Status s = VerifyContestSum<G>(key, contest.ciphertexts, contest.limit, contest.sum,
                                 contest.sum_context);
  if (!s.ok()) return s.error().In("contest sum");
  return Status();
}

namespace internal {

// Uniformly random integers in [0, 2^128) as scalars of G (always < the order), from
// libsodium's CSPRNG, drawn kWeightsPerDraw at a time: one randombytes_buf (a getrandom
// system call) per weight cost ~1 µs, 34 times a ballot. The scalar's byte order is found from
// ScalarFromUint64(1): little-endian backends put the low half first.
template <PrimeOrderGroup G>
class RandomWeights {
 public:
  static constexpr size_t kWeightsPerDraw = 64;

  typename G::Scalar Next() {
    static const bool little_endian = G::ScalarFromUint64(1).bytes[0] == 1;
    static_assert(G::kScalarSize >= 16 + 16, "a 128-bit weight must fit below the order");
    if (next_ == kWeightsPerDraw) {
      RandomBytes(pool_);
      next_ = 0;
    }
    typename G::Scalar w;
    std::copy_n(pool_.begin() + 16 * next_, 16,
                w.bytes.begin() + (little_endian ? 0 : G::kScalarSize - 16));
    ++next_;
    return w;
  }

 private:
  std::array<uint8_t, 16 * kWeightsPerDraw> pool_{};
  size_t next_ = kWeightsPerDraw;  // empty: the first Next() draws
};

// The running combination: scalars on G and on K, and the terms of the multi-multiplication.
// The terms point at the caller's elements (each lives in the batch passed in), so that no
// element is copied for it: a P-256 copy allocates an EC_POINT (seven mallocs), 44 a ballot.
template <PrimeOrderGroup G>
struct Combination {
  typename G::Scalar on_g;
  typename G::Scalar on_k;
  std::vector<const typename G::Element*> elements;
  std::vector<typename G::Scalar> scalars;
  RandomWeights<G> weights;

  void Term(const typename G::Element& e, const typename G::Scalar& s) {
    elements.push_back(&e);
    scalars.push_back(s);
  }
  // Σ scalars[i]·*elements[i], by the group's MultiMulRefs (over pointers) when it has one.
  typename G::Element Sum() const {
    if constexpr (requires { G::MultiMulRefs(std::span<const typename G::Element* const>(elements),
                                             std::span<const typename G::Scalar>(scalars)); }) {
      return G::MultiMulRefs(std::span<const typename G::Element* const>(elements),
                             std::span<const typename G::Scalar>(scalars));
    } else {
      std::vector<typename G::Element> copies;
      copies.reserve(elements.size());
      for (const auto* e : elements) copies.push_back(*e);
      return G::MultiMul(copies, scalars);
    }
  }
};

// The cheap exact checks of one contest (shapes, α ≠ identity, every challenge): whether
// it may go into the combination. Errors come from VerifyContestEach afterwards.
template <PrimeOrderGroup G>
bool PassesExactChecks(const ElectionKey<G>& key, const ProvenContest<G>& contest) {
  const size_t n = contest.ciphertexts.size();
  if (n == 0 || contest.proofs.size() != n || contest.selection_contexts.size() != n) {
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    const auto& ct = contest.ciphertexts[i];
    const auto& proof = contest.proofs[i];
    if (G::IsIdentity(ct.alpha)) return false;
    const auto challenge = G::HashToScalar(
        kSelectionProofDomain,
        SelectionChallengeInput<G>(key, ct, proof.a, proof.b, contest.selection_contexts[i]));
    if (!(G::ScalarAdd(proof.c[0], proof.c[1]) == challenge)) return false;
  }
  const auto challenge = G::HashToScalar(
      kContestSumProofDomain,
      ContestSumChallengeInput<G>(key, std::span<const Ciphertext<G>>(contest.ciphertexts),
                                  contest.limit, contest.sum.a, contest.sum.b,
                                  contest.sum_context));
  return challenge == contest.sum.c;
}

// Adds one contest's six equations per selection and two for the sum, each with a fresh weight.
template <PrimeOrderGroup G>
void AddContest(const ProvenContest<G>& contest, Combination<G>& out) {
  using Scalar = typename G::Scalar;
  const auto& sum = contest.sum;
  const Scalar w_sum_a = out.weights.Next();
  const Scalar w_sum_b = out.weights.Next();
  const Scalar sum_on_alpha = G::ScalarMultiply(w_sum_a, sum.c);  // w·c on every α_i
  const Scalar sum_on_beta = G::ScalarMultiply(w_sum_b, sum.c);   // w·c on every β_i
  // (a): w·z on G, w on a; (b): w·z on K, w·c·L on G, w on b.
  out.on_g = G::ScalarAdd(out.on_g, G::ScalarMultiply(w_sum_a, sum.z));
  out.on_g = G::ScalarAdd(out.on_g,
                          G::ScalarMultiply(sum_on_beta, G::ScalarFromUint64(contest.limit)));
  out.on_k = G::ScalarAdd(out.on_k, G::ScalarMultiply(w_sum_b, sum.z));
  out.Term(sum.a, w_sum_a);
  out.Term(sum.b, w_sum_b);
  for (size_t i = 0; i < contest.ciphertexts.size(); ++i) {
    const auto& ct = contest.ciphertexts[i];
    const auto& proof = contest.proofs[i];
    Scalar on_alpha = sum_on_alpha;
    Scalar on_beta = sum_on_beta;
    for (size_t j = 0; j < 2; ++j) {
      const Scalar wa = out.weights.Next();
      const Scalar wb = out.weights.Next();
      // (a_j): w·z_j on G, w·c_j on α, w on a_j.
      out.on_g = G::ScalarAdd(out.on_g, G::ScalarMultiply(wa, proof.z[j]));
      on_alpha = G::ScalarAdd(on_alpha, G::ScalarMultiply(wa, proof.c[j]));
      out.Term(proof.a[j], wa);
      // (b_j): w·z_j on K, j·w·c_j on G, w·c_j on β, w on b_j.
      const Scalar wb_c = G::ScalarMultiply(wb, proof.c[j]);
      out.on_k = G::ScalarAdd(out.on_k, G::ScalarMultiply(wb, proof.z[j]));
      if (j == 1) out.on_g = G::ScalarAdd(out.on_g, wb_c);
      on_beta = G::ScalarAdd(on_beta, wb_c);
      out.Term(proof.b[j], wb);
    }
    out.Term(ct.alpha, on_alpha);
    out.Term(ct.beta, on_beta);
  }
}

}  // namespace internal

// Checks every proof of every contest in `contests`: the exact checks per contest, then one
// random linear combination of all their group equations (see the top of this header). Returns
// the contests that fail, in order, each with VerifyContestEach's error — the same list that
// checking each contest with VerifyContestEach gives, except with probability ≤ 2^-128 per
// call (an invalid contest passing). Empty: every proof holds.
template <PrimeOrderGroup G>
std::vector<BatchFailure> VerifyContestsBatch(const ElectionKey<G>& key,
                                              std::span<const ProvenContest<G>> contests) {
  std::vector<BatchFailure> failures;
  std::vector<size_t> combined;  // indexes of the contests whose exact checks pass
  combined.reserve(contests.size());
  // One pass: each contest's exact checks, then its equations with fresh weights — drawn now,
  // after the whole batch was passed in — and a MultiMul whenever a chunk is full, so that
  // the terms in flight stay few (the sum of the chunks is the sum of all terms).
  internal::Combination<G> combination;
  combination.elements.reserve(2 * kBatchChunkTerms);
  combination.scalars.reserve(2 * kBatchChunkTerms);
  typename G::Element right;
  const auto flush = [&combination, &right] {
    if (combination.elements.empty()) return;
    right = G::Add(right, combination.Sum());
    combination.elements.clear();
    combination.scalars.clear();
  };
  for (size_t i = 0; i < contests.size(); ++i) {
    if (!internal::PassesExactChecks<G>(key, contests[i])) {
      failures.push_back(BatchFailure{i, VerifyContestEach<G>(key, contests[i]).error()});
      continue;
    }
    combined.push_back(i);
    internal::AddContest<G>(contests[i], combination);
    if (combination.elements.size() >= kBatchChunkTerms) flush();
  }
  flush();
  const auto left = G::Add(G::BaseMul(combination.on_g), key.Mul(combination.on_k));
  if (!G::Equal(left, right)) {
    // Some equation fails: find which, exactly, one contest at a time.
    for (size_t i : combined) {
      Status s = VerifyContestEach<G>(key, contests[i]);
      if (!s.ok()) failures.push_back(BatchFailure{i, s.error()});
    }
    std::sort(failures.begin(), failures.end(),
              [](const BatchFailure& a, const BatchFailure& b) { return a.index < b.index; });
  }
  return failures;
}

// One contest checked as a batch of one (one multi-multiplication for all its equations:
// faster than VerifyContestEach), with VerifyContestEach's error when it fails.
template <PrimeOrderGroup G>
Status VerifyContest(const ElectionKey<G>& key, const ProvenContest<G>& contest) {
  auto failures = VerifyContestsBatch<G>(key, std::span<const ProvenContest<G>>(&contest, 1));
  if (failures.empty()) return Status();
  return failures.front().error;
}

}  // namespace ashyq::crypto
