// Threshold decryption by the guardians (issue 18 point 3): each guardian's decryption share
// of a ciphertext with a Chaum–Pedersen proof, and the combination of any k of them. The key
// comes from the ceremony in crypto/guardian_key.h (Pedersen's DKG); ciphertexts are
// crypto/elgamal.h's exponential ElGamal pairs, typically a tally's homomorphic sum.
//
// ## A decryption share (guardian i, key share s_i, public share S_i = s_i·G, ciphertext (α, β))
//   M_i = s_i·α, with a proof that log_G S_i = log_α M_i (Chaum–Pedersen 1992):
//     u random;  a = u·G,  b = u·α;  c = H_dec(statement, a, b);  z = u + c·s_i
//   Published: M_i, a, b, c, z. The verifier checks c == H_dec(...), z·G − c·S_i == a and
//   z·α − c·M_i == b.
//
// ## Combining, and guardians who are absent ("compensation")
// Any set Q of at least k guardians with valid shares gives
//     Σ_{i∈Q} λ_i·M_i = P(0)·α,   λ_i = Π_{j∈Q, j≠i} j / (j − i)   (Lagrange at 0 over Q),
// so m·G = β − Σ λ_i·M_i and m is a small discrete logarithm. Up to n − k absent guardians are
// handled by Q itself: the coefficients are those of the present set, and nothing is asked of
// anyone on the absent guardians' behalf. ElectionGuard instead has every present guardian
// publish a "compensated share" P_ℓ(j)·α for each missing guardian ℓ, because its joint key is
// Σ_i a_{i,0}·G with each guardian decrypting with its own a_{i,0}, so a missing a_{i,0} must be
// rebuilt from backups. Here every key share s_j = Σ_i P_i(j) is already a point of the joint
// polynomial (Pedersen's DKG, crypto/guardian_key.h), so interpolating over the present set is
// the same security (k shares needed, k − 1 learn nothing) with k shares per ciphertext instead
// of |present| + |present|·|missing|, each checked against a public share anyone derives from the
// ceremony's commitments. Fewer than k valid shares is an error (rule R-C4.quorum), never a
// value: interpolation over too few points would give a wrong answer, not a failure.
//
// ## Fiat–Shamir: the exact bytes (as in crypto/chaum_pedersen.h; E = G::Encode, u32be)
//   decryption share: domain "ashyq/guardian/decryption-share/v1"
//     message = u32be(|context|) ‖ context ‖ E(G) ‖ E(K) ‖ u32be(i) ‖ E(S_i) ‖ E(α) ‖ E(β) ‖
//               E(M_i) ‖ E(a) ‖ E(b)
// The whole ciphertext (β too) and the guardian's index are hashed: a share and proof made for
// another ciphertext, guardian or context do not verify.
//
// ## Secrets
// s_i and u never leave ComputeDecryptionShare; errors name guardians and checks, never a
// scalar. Verification and combination handle public values only (variable-time MultiMul).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/guardian_key.h"

namespace ashyq::crypto {

inline constexpr std::string_view kDecryptionShareDomain = "ashyq/guardian/decryption-share/v1";

template <PrimeOrderGroup G>
struct DecryptionShareProof {
  typename G::Element a;  // u·G
  typename G::Element b;  // u·α
  typename G::Scalar c;   // H_dec(statement, a, b)
  typename G::Scalar z;   // u + c·s_i
};

// Guardian i's public contribution to decrypting one ciphertext.
template <PrimeOrderGroup G>
struct DecryptionShare {
  uint32_t guardian = 0;    // i
  typename G::Element share;  // M_i = s_i·α
  DecryptionShareProof<G> proof;
};

namespace guardian_internal {

// x^{-1} mod the group order by Fermat (x^{order−2}); the group contract has no inversion.
// Variable time: for public values only (Lagrange denominators). x must not be zero.
template <PrimeOrderGroup G>
typename G::Scalar ScalarInverse(const typename G::Scalar& x) {
  // order − 2 in the backend's scalar encoding; its byte order is found from the encoding of 1.
  const auto exponent = G::ScalarNegate(G::ScalarFromUint64(2));
  const bool little_endian = G::ScalarFromUint64(1).bytes[0] == 1;
  typename G::Scalar result = G::ScalarFromUint64(1);
  const size_t n = exponent.bytes.size();
  for (size_t k = 0; k < n; ++k) {
    const uint8_t byte = exponent.bytes[little_endian ? n - 1 - k : k];
    for (int bit = 7; bit >= 0; --bit) {
      result = G::ScalarMultiply(result, result);
      if ((byte >> bit) & 1) result = G::ScalarMultiply(result, x);
    }
  }
  return result;
}

}  // namespace guardian_internal

// λ_i at 0 over `indices` (distinct, non-zero, i among them): Π_{j≠i} j / (j − i).
template <PrimeOrderGroup G>
typename G::Scalar LagrangeCoefficientAtZero(uint32_t i, std::span<const uint32_t> indices) {
  typename G::Scalar numerator = G::ScalarFromUint64(1);
  typename G::Scalar denominator = G::ScalarFromUint64(1);
  const auto xi = G::ScalarFromUint64(i);
  for (uint32_t j : indices) {
    if (j == i) continue;
    const auto xj = G::ScalarFromUint64(j);
    numerator = G::ScalarMultiply(numerator, xj);
    denominator = G::ScalarMultiply(denominator, G::ScalarSubtract(xj, xi));
  }
  return G::ScalarMultiply(numerator, guardian_internal::ScalarInverse<G>(denominator));
}

// The exact bytes hashed for a decryption share's challenge (see above).
template <PrimeOrderGroup G>
std::vector<uint8_t> DecryptionShareChallengeInput(const typename G::Element& joint_key,
                                                   uint32_t guardian,
                                                   const typename G::Element& public_share,
                                                   const Ciphertext<G>& ciphertext,
                                                   const typename G::Element& share,
                                                   const typename G::Element& a,
                                                   const typename G::Element& b,
                                                   std::span<const uint8_t> context) {
  std::vector<uint8_t> out;
  out.reserve(8 + context.size() + 8 * G::kElementSize);
  guardian_internal::AppendU32(out, static_cast<uint32_t>(context.size()));
  out.insert(out.end(), context.begin(), context.end());
  guardian_internal::AppendElement<G>(out, G::Generator());
  guardian_internal::AppendElement<G>(out, joint_key);
  guardian_internal::AppendU32(out, guardian);
  guardian_internal::AppendElement<G>(out, public_share);
  guardian_internal::AppendElement<G>(out, ciphertext.alpha);
  guardian_internal::AppendElement<G>(out, ciphertext.beta);
  guardian_internal::AppendElement<G>(out, share);
  guardian_internal::AppendElement<G>(out, a);
  guardian_internal::AppendElement<G>(out, b);
  return out;
}

namespace guardian_internal {

inline std::string ShareWhere(uint32_t guardian) {
  return GuardianWhere(guardian) + "/decryption-share";
}

template <PrimeOrderGroup G>
Status CheckCiphertextForDecryption(const Ciphertext<G>& ciphertext) {
  if (G::IsIdentity(ciphertext.alpha)) {
    return CheckFailed("ciphertext/alpha", "R-C4.decryption-share",
                       "alpha is the identity: nothing to decrypt (a zero nonce)");
  }
  return Status();
}

}  // namespace guardian_internal

// Guardian key_share.guardian's share of `ciphertext`'s decryption, with its proof (nonce u
// from `source`). Refuses a key share that is not the one the joint key says this guardian has.
template <PrimeOrderGroup G>
Result<DecryptionShare<G>> ComputeDecryptionShare(
    const JointKey<G>& joint_key, const GuardianKeyShare<G>& key_share,
    const Ciphertext<G>& ciphertext, std::span<const uint8_t> context,
    const ScalarSource<G>& source = SystemScalarSource<G>()) {
  const uint32_t i = key_share.guardian;
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(joint_key.ceremony, i, GuardianWhere(i)));
  const auto& public_share = joint_key.PublicShare(i);
  if (!G::Equal(G::BaseMul(key_share.secret), public_share)) {
    return CheckFailed(GuardianWhere(i), "R-C3.key",
                       "this key share is not guardian " + std::to_string(i) +
                           "'s in the joint key given");
  }
  ASHYQ_RETURN_IF_ERROR(guardian_internal::CheckCiphertextForDecryption<G>(ciphertext));
  DecryptionShare<G> out;
  out.guardian = i;
  out.share = G::Mul(ciphertext.alpha, key_share.secret);
  const auto u = source();
  out.proof.a = G::BaseMul(u);
  out.proof.b = G::Mul(ciphertext.alpha, u);
  out.proof.c = G::HashToScalar(
      kDecryptionShareDomain,
      DecryptionShareChallengeInput<G>(joint_key.key, i, public_share, ciphertext, out.share,
                                       out.proof.a, out.proof.b, context));
  out.proof.z = G::ScalarAdd(u, G::ScalarMultiply(out.proof.c, key_share.secret));
  return out;
}

// Checks one guardian's decryption share against its public share in the joint key. The
// error's `where` is "guardian/<i>/decryption-share" and says which check failed.
template <PrimeOrderGroup G>
Status VerifyDecryptionShare(const JointKey<G>& joint_key, const Ciphertext<G>& ciphertext,
                             const DecryptionShare<G>& share, std::span<const uint8_t> context) {
  constexpr const char* kRule = "R-C4.decryption-share";
  const uint32_t i = share.guardian;
  const std::string where = guardian_internal::ShareWhere(i);
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(joint_key.ceremony, i, where));
  ASHYQ_RETURN_IF_ERROR(guardian_internal::CheckCiphertextForDecryption<G>(ciphertext));
  const auto& public_share = joint_key.PublicShare(i);
  const auto& proof = share.proof;
  const auto challenge = G::HashToScalar(
      kDecryptionShareDomain,
      DecryptionShareChallengeInput<G>(joint_key.key, i, public_share, ciphertext, share.share,
                                       proof.a, proof.b, context));
  const std::string who = "guardian " + std::to_string(i) + "'s decryption share: ";
  if (!(challenge == proof.c)) {
    return CheckFailed(where, kRule, who + "c is not the hash of the statement and commitments");
  }
  const auto minus_c = G::ScalarNegate(proof.c);
  if (!G::Equal(G::DoubleMul(proof.z, public_share, minus_c), proof.a)) {
    return CheckFailed(where, kRule, who + "z·G - c·S does not equal the commitment a");
  }
  const std::array<typename G::Element, 2> bases = {ciphertext.alpha, share.share};
  const std::array<typename G::Scalar, 2> scalars = {proof.z, minus_c};
  if (!G::Equal(G::MultiMul(bases, scalars), proof.b)) {
    return CheckFailed(where, kRule, who + "z·alpha - c·M does not equal the commitment b");
  }
  return Status();
}

// m·G = β − Σ λ_i·M_i from the shares of any k or more guardians (the present ones). Every
// share is verified; a bad one's error names its guardian, a repeated guardian or fewer than
// k shares is an error (R-C4.quorum), never a value.
template <PrimeOrderGroup G>
Result<typename G::Element> CombineDecryptionShares(const JointKey<G>& joint_key,
                                                    const Ciphertext<G>& ciphertext,
                                                    std::span<const DecryptionShare<G>> shares,
                                                    std::span<const uint8_t> context) {
  const auto& ceremony = joint_key.ceremony;
  std::vector<uint32_t> indices;
  indices.reserve(shares.size());
  for (const auto& share : shares) {
    const std::string where = guardian_internal::ShareWhere(share.guardian);
    ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, share.guardian, where));
    if (std::find(indices.begin(), indices.end(), share.guardian) != indices.end()) {
      return CheckFailed(where, "R-C4.quorum",
                         "guardian " + std::to_string(share.guardian) +
                             "'s decryption share appears twice");
    }
    indices.push_back(share.guardian);
  }
  if (indices.size() < ceremony.quorum) {
    std::string present;
    for (uint32_t i : indices) present += (present.empty() ? "" : ", ") + std::to_string(i);
    return CheckFailed("decryption_shares", "R-C4.quorum",
                       "decryption needs the shares of " + std::to_string(ceremony.quorum) +
                           " of the " + std::to_string(ceremony.guardians) + " guardians; " +
                           std::to_string(indices.size()) + " given" +
                           (present.empty() ? "" : " (guardians " + present + ")"));
  }
  std::vector<typename G::Element> points;
  std::vector<typename G::Scalar> lambdas;
  points.reserve(shares.size());
  lambdas.reserve(shares.size());
  for (const auto& share : shares) {
    ASHYQ_RETURN_IF_ERROR(VerifyDecryptionShare<G>(joint_key, ciphertext, share, context));
    points.push_back(share.share);
    lambdas.push_back(LagrangeCoefficientAtZero<G>(share.guardian, indices));
  }
  return G::Subtract(ciphertext.beta,
                     G::MultiMul(std::span<const typename G::Element>(points),
                                 std::span<const typename G::Scalar>(lambdas)));
}

// CombineDecryptionShares, then the m in 0..max with m·G equal to it (crypto/elgamal.h's
// SmallDiscreteLog: for tests and small totals; the tally uses crypto/discrete_log.h).
template <PrimeOrderGroup G>
Result<uint64_t> DecryptWithGuardians(const JointKey<G>& joint_key,
                                      const Ciphertext<G>& ciphertext,
                                      std::span<const DecryptionShare<G>> shares,
                                      std::span<const uint8_t> context, uint64_t max) {
  ASHYQ_ASSIGN_OR_RETURN(auto element,
                         CombineDecryptionShares<G>(joint_key, ciphertext, shares, context));
  return SmallDiscreteLog<G>(element, max);
}

}  // namespace ashyq::crypto
