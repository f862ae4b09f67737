// The guardians' threshold key: a k-of-n key ceremony over any PrimeOrderGroup (crypto/group.h),
// so that no fewer than k of the n guardians can decrypt anything encrypted under the election
// key (issue 18 point 3). Decryption shares are crypto/guardian_decryption.h; the public forms'
// JSON is crypto/guardian_json.h.
//
// ## The construction: Pedersen's distributed key generation (joint Feldman), with proofs
//
// Pedersen 1991 ("A threshold cryptosystem without a trusted party"), in the form ElectionGuard's
// key ceremony also uses for its commitments and backups: n guardians, indices i = 1..n (an index
// is a guardian's evaluation point, never 0), quorum k, 1 ≤ k ≤ n. Written additively; G is also
// the generator.
//
//   1. Guardian i draws a polynomial P_i(x) = a_{i,0} + a_{i,1}·x + … + a_{i,k−1}·x^{k−1} with
//      coefficients from RandomScalar, and publishes its Feldman commitments C_{i,m} = a_{i,m}·G,
//      each with a Schnorr proof of knowledge of a_{i,m} (below): GuardianCommitments.
//   2. Everyone checks every guardian's commitments and proofs (VerifyGuardianCommitments).
//   3. Guardian i sends guardian j, privately, the share P_i(j) (GuardianShare; i keeps P_i(i)).
//      Guardian j checks it against i's commitments (Feldman's verifiable secret sharing):
//          P_i(j)·G == Σ_m j^m·C_{i,m}                                     (VerifyGuardianShare)
//      A share that fails names its sender: the ceremony stops, and the sender re-shares or is
//      replaced (ElectionGuard's rule: every guardian's share is needed, there is no
//      disqualify-and-continue, so the key never depends on who was excluded).
//   4. Guardian j's key share is s_j = Σ_i P_i(j) (CombineReceivedShares): a point of the joint
//      polynomial P = Σ_i P_i at x = j. The joint secret P(0) = Σ_i a_{i,0} is never computed
//      anywhere; the election's public key is
//          K = Σ_i C_{i,0} = P(0)·G                                                 (JointKey)
//      and guardian j's public share S_j = s_j·G = Σ_m j^m·(Σ_i C_{i,m}) is computable by anyone
//      from the published commitments: it is what j's decryption shares are checked against.
//
// Any k of the key shares determine P(0) by Lagrange interpolation at 0, and k − 1 tell nothing
// about it (Shamir), so up to n − k guardians may be absent at decryption: the present ones
// interpolate over their own set (crypto/guardian_decryption.h says why that replaces
// ElectionGuard's compensated shares). Joint Feldman lets a guardian who sees others' commitments
// before publishing its own bias K's distribution slightly (Gennaro, Jarecki, Krawczyk, Rabin
// 1999); for ElGamal encryption that bias does not weaken secrecy (Gennaro et al. 2003, "Secure
// applications of Pedersen's DKG"), and the ceremony steps (the later `ashyq guardian` commands)
// may have guardians publish a hash of their commitments first to remove it.
//
// ## Schnorr proof of knowledge of a coefficient (C = a·G)
//   u random;  h = u·G;  c = H_coef(statement, h);  z = u + c·a.   Published: h, c, z.
//   Verifier: c == H_coef(...) and z·G − c·C == h.
//
// ## Fiat–Shamir: the exact bytes (for other implementations)
// As in crypto/chaum_pedersen.h: the challenge is G::HashToScalar(domain, message) (SHA-512 over
// "ashyq/hash-to-scalar/v1" 0x00 ‖ len8(group) ‖ group ‖ len8(domain) ‖ domain ‖ message, mod
// the order); E(x) = G::Encode(x); u32be a big-endian 32-bit integer.
//
//   coefficient proof: domain "ashyq/guardian/coefficient-proof/v1"
//     message = u32be(|context|) ‖ context ‖ E(G) ‖ u32be(n) ‖ u32be(k) ‖ u32be(i) ‖ u32be(m) ‖
//               E(C_{i,m}) ‖ E(h)
//
// `context` binds the ceremony to its election (the caller passes the election definition's
// hash, say); a proof made for another ceremony, guardian, coefficient position or commitment
// does not verify.
//
// ## Secrets
// Polynomial coefficients, shares and key shares are GroupScalars (wiped when destroyed). No
// error ever contains one, and none of them is in a public struct (GuardianCommitments,
// JointKey): the public structs are all that crypto/guardian_json.h serializes. Scalar
// arithmetic on them is as constant time as the backend's (decision 0016); the checks use
// variable-time MultiMul only with public scalars (powers of an index).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypto/group.h"

namespace ashyq::crypto {

inline constexpr std::string_view kGuardianCoefficientProofDomain =
    "ashyq/guardian/coefficient-proof/v1";

// The most guardians a ceremony may have: far more than any commission, small enough that every
// index power and Lagrange product is cheap.
inline constexpr uint32_t kMaxGuardians = 1000;

// Where the randomness of the ceremony and of decryption proofs comes from: G::RandomScalar in
// production (SystemScalarSource), a seeded source only in known-answer tests. Each call must
// return a fresh, uniformly random, non-zero scalar.
template <PrimeOrderGroup G>
using ScalarSource = std::function<typename G::Scalar()>;

template <PrimeOrderGroup G>
ScalarSource<G> SystemScalarSource() {
  return [] { return G::RandomScalar(); };
}

// n guardians, of whom any `quorum` (k) decrypt.
struct GuardianCeremony {
  uint32_t guardians = 0;  // n
  uint32_t quorum = 0;     // k
};

inline Status CheckCeremony(const GuardianCeremony& ceremony) {
  if (ceremony.quorum < 1 || ceremony.quorum > ceremony.guardians ||
      ceremony.guardians > kMaxGuardians) {
    return CheckFailed("ceremony", "R-C3.guardians",
                       "a ceremony needs 1 <= quorum <= guardians <= " +
                           std::to_string(kMaxGuardians) + "; got quorum " +
                           std::to_string(ceremony.quorum) + " of " +
                           std::to_string(ceremony.guardians));
  }
  return Status();
}

inline Status CheckGuardianIndex(const GuardianCeremony& ceremony, uint32_t index,
                                 const std::string& where) {
  if (index < 1 || index > ceremony.guardians) {
    return CheckFailed(where, "R-C3.guardians",
                       "guardian index " + std::to_string(index) + " is not between 1 and " +
                           std::to_string(ceremony.guardians));
  }
  return Status();
}

inline std::string GuardianWhere(uint32_t index) { return "guardian/" + std::to_string(index); }

template <PrimeOrderGroup G>
struct SchnorrProof {
  typename G::Element h;  // u·G
  typename G::Scalar c;   // H_coef(statement, h)
  typename G::Scalar z;   // u + c·a
};

// Guardian i's public output of step 1: k commitments and their proofs.
template <PrimeOrderGroup G>
struct GuardianCommitments {
  uint32_t guardian = 0;                         // i
  std::vector<typename G::Element> coefficients; // C_{i,m} = a_{i,m}·G, m = 0..k−1
  std::vector<SchnorrProof<G>> proofs;           // proofs[m] is about coefficients[m]
};

// Guardian i's secret polynomial. Never published, never logged; kept by its guardian until the
// shares are sent, then wiped (its destructor wipes the coefficients).
template <PrimeOrderGroup G>
struct GuardianPolynomial {
  uint32_t guardian = 0;
  std::vector<typename G::Scalar> coefficients;  // a_{i,0..k−1}
};

// P_sender(recipient): secret, sent only to `recipient` (encrypted, by the later CLI step).
template <PrimeOrderGroup G>
struct GuardianShare {
  uint32_t sender = 0;
  uint32_t recipient = 0;
  typename G::Scalar value;
};

// Guardian j's key share s_j = Σ_i P_i(j) (secret) and S_j = s_j·G (public: also in JointKey).
template <PrimeOrderGroup G>
struct GuardianKeyShare {
  uint32_t guardian = 0;
  typename G::Scalar secret;
  typename G::Element public_share;
};

// The ceremony's public result: the election key and every guardian's public share.
template <PrimeOrderGroup G>
struct JointKey {
  GuardianCeremony ceremony;
  typename G::Element key;                         // K = Σ_i C_{i,0}
  std::vector<typename G::Element> public_shares;  // S_j for j = 1..n (public_shares[j − 1])

  const typename G::Element& PublicShare(uint32_t guardian) const {
    return public_shares[guardian - 1];
  }
};

namespace guardian_internal {

inline void AppendU32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

template <PrimeOrderGroup G>
void AppendElement(std::vector<uint8_t>& out, const typename G::Element& e) {
  const auto bytes = G::Encode(e);
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// 1, x, x², …, x^{count−1} for a public x (an index).
template <PrimeOrderGroup G>
std::vector<typename G::Scalar> Powers(uint32_t x, size_t count) {
  std::vector<typename G::Scalar> powers(count);
  const auto base = G::ScalarFromUint64(x);
  if (count > 0) powers[0] = G::ScalarFromUint64(1);
  for (size_t m = 1; m < count; ++m) powers[m] = G::ScalarMultiply(powers[m - 1], base);
  return powers;
}

// Σ_m x^m·points[m]: a committed polynomial evaluated "in the exponent" at a public x.
template <PrimeOrderGroup G>
typename G::Element EvaluateCommitted(std::span<const typename G::Element> points, uint32_t x) {
  const auto powers = Powers<G>(x, points.size());
  return G::MultiMul(points, std::span<const typename G::Scalar>(powers));
}

}  // namespace guardian_internal

// The exact bytes hashed for a coefficient proof's challenge (see above); exposed for the
// known-answer vectors.
template <PrimeOrderGroup G>
std::vector<uint8_t> CoefficientChallengeInput(const GuardianCeremony& ceremony, uint32_t guardian,
                                               uint32_t position,
                                               const typename G::Element& commitment,
                                               const typename G::Element& h,
                                               std::span<const uint8_t> context) {
  std::vector<uint8_t> out;
  out.reserve(20 + context.size() + 3 * G::kElementSize);
  guardian_internal::AppendU32(out, static_cast<uint32_t>(context.size()));
  out.insert(out.end(), context.begin(), context.end());
  guardian_internal::AppendElement<G>(out, G::Generator());
  guardian_internal::AppendU32(out, ceremony.guardians);
  guardian_internal::AppendU32(out, ceremony.quorum);
  guardian_internal::AppendU32(out, guardian);
  guardian_internal::AppendU32(out, position);
  guardian_internal::AppendElement<G>(out, commitment);
  guardian_internal::AppendElement<G>(out, h);
  return out;
}

// Step 1, secret half: guardian `guardian`'s polynomial of degree k − 1 from `source`.
template <PrimeOrderGroup G>
Result<GuardianPolynomial<G>> NewGuardianPolynomial(
    const GuardianCeremony& ceremony, uint32_t guardian,
    const ScalarSource<G>& source = SystemScalarSource<G>()) {
  ASHYQ_RETURN_IF_ERROR(CheckCeremony(ceremony));
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, guardian, GuardianWhere(guardian)));
  GuardianPolynomial<G> poly;
  poly.guardian = guardian;
  poly.coefficients.reserve(ceremony.quorum);
  for (uint32_t m = 0; m < ceremony.quorum; ++m) {
    poly.coefficients.push_back(source());
    if (G::ScalarIsZero(poly.coefficients.back())) {
      // RandomScalar never returns 0; a zero coefficient would be a broken source.
      return CheckFailed(GuardianWhere(guardian), "R-C3.guardian-commitment",
                         "the scalar source returned zero for a polynomial coefficient");
    }
  }
  return poly;
}

// Step 1, public half: the commitments and their Schnorr proofs (proof nonces from `source`).
template <PrimeOrderGroup G>
GuardianCommitments<G> CommitGuardianPolynomial(
    const GuardianCeremony& ceremony, const GuardianPolynomial<G>& poly,
    std::span<const uint8_t> context, const ScalarSource<G>& source = SystemScalarSource<G>()) {
  GuardianCommitments<G> out;
  out.guardian = poly.guardian;
  out.coefficients.reserve(poly.coefficients.size());
  out.proofs.reserve(poly.coefficients.size());
  for (size_t m = 0; m < poly.coefficients.size(); ++m) {
    const auto& a = poly.coefficients[m];
    out.coefficients.push_back(G::BaseMul(a));
    const auto u = source();
    SchnorrProof<G> proof;
    proof.h = G::BaseMul(u);
    proof.c = G::HashToScalar(
        kGuardianCoefficientProofDomain,
        CoefficientChallengeInput<G>(ceremony, poly.guardian, static_cast<uint32_t>(m),
                                     out.coefficients.back(), proof.h, context));
    proof.z = G::ScalarAdd(u, G::ScalarMultiply(proof.c, a));
    out.proofs.push_back(std::move(proof));
  }
  return out;
}

// Step 2: a guardian's commitments are k non-identity elements, each with a valid proof. The
// error's `where` is "guardian/<i>/..." (the guardian at fault) and says which coefficient.
template <PrimeOrderGroup G>
Status VerifyGuardianCommitments(const GuardianCeremony& ceremony,
                                 const GuardianCommitments<G>& commitments,
                                 std::span<const uint8_t> context) {
  constexpr const char* kRule = "R-C3.guardian-commitment";
  ASHYQ_RETURN_IF_ERROR(CheckCeremony(ceremony));
  const std::string where = GuardianWhere(commitments.guardian);
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, commitments.guardian, where));
  if (commitments.coefficients.size() != ceremony.quorum ||
      commitments.proofs.size() != ceremony.quorum) {
    return CheckFailed(where, kRule,
                       "guardian " + std::to_string(commitments.guardian) + " published " +
                           std::to_string(commitments.coefficients.size()) + " commitments and " +
                           std::to_string(commitments.proofs.size()) + " proofs; the quorum is " +
                           std::to_string(ceremony.quorum));
  }
  for (uint32_t m = 0; m < ceremony.quorum; ++m) {
    const std::string at = where + "/commitments/" + std::to_string(m);
    const auto& commitment = commitments.coefficients[m];
    const auto& proof = commitments.proofs[m];
    if (G::IsIdentity(commitment)) {
      return CheckFailed(at, kRule, "a coefficient commitment is the identity (a zero coefficient)");
    }
    const auto challenge = G::HashToScalar(
        kGuardianCoefficientProofDomain,
        CoefficientChallengeInput<G>(ceremony, commitments.guardian, m, commitment, proof.h,
                                     context));
    if (!(challenge == proof.c)) {
      return CheckFailed(at, kRule,
                         "guardian " + std::to_string(commitments.guardian) +
                             "'s proof for coefficient " + std::to_string(m) +
                             ": c is not the hash of the statement and h");
    }
    if (!G::Equal(G::DoubleMul(proof.z, commitment, G::ScalarNegate(proof.c)), proof.h)) {
      return CheckFailed(at, kRule,
                         "guardian " + std::to_string(commitments.guardian) +
                             "'s proof for coefficient " + std::to_string(m) +
                             ": z·G - c·C does not equal h");
    }
  }
  return Status();
}

// Step 3, sender: P_i(recipient), by Horner's rule.
template <PrimeOrderGroup G>
Result<GuardianShare<G>> ShareForGuardian(const GuardianCeremony& ceremony,
                                          const GuardianPolynomial<G>& poly, uint32_t recipient) {
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, recipient, GuardianWhere(recipient)));
  GuardianShare<G> share;
  share.sender = poly.guardian;
  share.recipient = recipient;
  const auto x = G::ScalarFromUint64(recipient);
  for (size_t m = poly.coefficients.size(); m-- > 0;) {
    share.value = G::ScalarAdd(G::ScalarMultiply(share.value, x), poly.coefficients[m]);
  }
  return share;
}

// Step 3, recipient: share·G == Σ_m j^m·C_{i,m} against the sender's (verified) commitments.
// A failure's `where` is "guardian/<sender>": the sender is at fault, not the recipient.
template <PrimeOrderGroup G>
Status VerifyGuardianShare(const GuardianCeremony& ceremony,
                           const GuardianCommitments<G>& sender_commitments,
                           const GuardianShare<G>& share) {
  constexpr const char* kRule = "R-C3.guardian-share";
  const std::string where = GuardianWhere(share.sender);
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, share.sender, where));
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, share.recipient, where + "/share-for"));
  if (sender_commitments.guardian != share.sender ||
      sender_commitments.coefficients.size() != ceremony.quorum) {
    return CheckFailed(where, kRule,
                       "the commitments given are not guardian " + std::to_string(share.sender) +
                           "'s, or not " + std::to_string(ceremony.quorum) + " of them");
  }
  const auto expected = guardian_internal::EvaluateCommitted<G>(
      std::span<const typename G::Element>(sender_commitments.coefficients), share.recipient);
  if (!G::Equal(G::BaseMul(share.value), expected)) {
    return CheckFailed(where + "/share-for/" + std::to_string(share.recipient), kRule,
                       "guardian " + std::to_string(share.sender) + " sent guardian " +
                           std::to_string(share.recipient) +
                           " a share that does not match its published commitments");
  }
  return Status();
}

namespace guardian_internal {

// Every guardian's commitments, once each, verified; sorted by index into `by_index`.
template <PrimeOrderGroup G>
Result<std::vector<const GuardianCommitments<G>*>> AllCommitments(
    const GuardianCeremony& ceremony, std::span<const GuardianCommitments<G>> all,
    std::span<const uint8_t> context) {
  ASHYQ_RETURN_IF_ERROR(CheckCeremony(ceremony));
  std::vector<const GuardianCommitments<G>*> by_index(ceremony.guardians, nullptr);
  for (const auto& c : all) {
    ASHYQ_RETURN_IF_ERROR(VerifyGuardianCommitments<G>(ceremony, c, context));
    if (by_index[c.guardian - 1] != nullptr) {
      return CheckFailed(GuardianWhere(c.guardian), "R-C3.guardian-commitment",
                         "guardian " + std::to_string(c.guardian) + "'s commitments appear twice");
    }
    by_index[c.guardian - 1] = &c;
  }
  for (uint32_t i = 1; i <= ceremony.guardians; ++i) {
    if (by_index[i - 1] == nullptr) {
      return CheckFailed(GuardianWhere(i), "R-C3.guardian-commitment",
                         "guardian " + std::to_string(i) + "'s commitments are missing: the key "
                         "needs every guardian's");
    }
  }
  return by_index;
}

}  // namespace guardian_internal

// The ceremony's public result from every guardian's commitments (all n, each verified here):
// K = Σ_i C_{i,0} and S_j = Σ_m j^m·(Σ_i C_{i,m}). Anyone can compute it; a verifier does.
template <PrimeOrderGroup G>
Result<JointKey<G>> ComputeJointKey(const GuardianCeremony& ceremony,
                                    std::span<const GuardianCommitments<G>> all,
                                    std::span<const uint8_t> context) {
  ASHYQ_ASSIGN_OR_RETURN(auto by_index,
                         guardian_internal::AllCommitments<G>(ceremony, all, context));
  std::vector<typename G::Element> aggregate(ceremony.quorum);  // Σ_i C_{i,m}
  for (const auto* c : by_index) {
    for (uint32_t m = 0; m < ceremony.quorum; ++m) {
      aggregate[m] = G::Add(aggregate[m], c->coefficients[m]);
    }
  }
  JointKey<G> key;
  key.ceremony = ceremony;
  key.key = aggregate[0];
  if (G::IsIdentity(key.key)) {
    return CheckFailed("joint_key", "R-C3.key", "the joint public key is the identity");
  }
  key.public_shares.reserve(ceremony.guardians);
  for (uint32_t j = 1; j <= ceremony.guardians; ++j) {
    key.public_shares.push_back(guardian_internal::EvaluateCommitted<G>(
        std::span<const typename G::Element>(aggregate), j));
  }
  return key;
}

// Step 4, guardian `recipient`: checks the n shares it received (one from every guardian, its
// own included) against every guardian's commitments and sums them. The first bad share's
// error names its sender ("guardian/<i>/share-for/<recipient>").
template <PrimeOrderGroup G>
Result<GuardianKeyShare<G>> CombineReceivedShares(const GuardianCeremony& ceremony,
                                                  uint32_t recipient,
                                                  std::span<const GuardianShare<G>> shares,
                                                  std::span<const GuardianCommitments<G>> all,
                                                  std::span<const uint8_t> context) {
  constexpr const char* kRule = "R-C3.guardian-share";
  ASHYQ_ASSIGN_OR_RETURN(auto by_index,
                         guardian_internal::AllCommitments<G>(ceremony, all, context));
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, recipient, GuardianWhere(recipient)));
  std::vector<bool> seen(ceremony.guardians, false);
  GuardianKeyShare<G> out;
  out.guardian = recipient;
  for (const auto& share : shares) {
    const std::string where = GuardianWhere(share.sender);
    ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(ceremony, share.sender, where));
    if (share.recipient != recipient) {
      return CheckFailed(where, kRule,
                         "a share from guardian " + std::to_string(share.sender) +
                             " is addressed to guardian " + std::to_string(share.recipient) +
                             ", not " + std::to_string(recipient));
    }
    if (seen[share.sender - 1]) {
      return CheckFailed(where, kRule,
                         "two shares from guardian " + std::to_string(share.sender));
    }
    seen[share.sender - 1] = true;
    ASHYQ_RETURN_IF_ERROR(VerifyGuardianShare<G>(ceremony, *by_index[share.sender - 1], share));
    out.secret = G::ScalarAdd(out.secret, share.value);
  }
  for (uint32_t i = 1; i <= ceremony.guardians; ++i) {
    if (!seen[i - 1]) {
      return CheckFailed(GuardianWhere(i), kRule,
                         "guardian " + std::to_string(recipient) + " has no share from guardian " +
                             std::to_string(i));
    }
  }
  out.public_share = G::BaseMul(out.secret);
  return out;
}

}  // namespace ashyq::crypto
