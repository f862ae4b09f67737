// The guardians' threshold key (crypto/guardian_key.h), decryption shares and their combination
// (crypto/guardian_decryption.h) and the JSON of the public outputs (crypto/guardian_json.h), on
// every group backend: any k of n decrypt the same totals, fewer fail cleanly, a bad share in
// the ceremony or in decryption names its guardian, proofs do not move, and no secret reaches
// an error or a public output. The integer group (slow) runs 2 of 3 where the others run 3 of 5.
// Known-answer vectors for P-256 in tests/data/guardians/ are recomputed at the end.
//
// ASHYQ_WRITE_GUARDIAN_VECTORS=1 ashyq_crypto_tests --gtest_filter='GuardianVectors*' rewrites
// the vector file from the fixed inputs below (only when the layout changes on purpose).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <memory>
#include <fstream>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/elgamal.h"
#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/group_ristretto255_decaf.h"
#include "crypto/guardian_decryption.h"
#include "crypto/guardian_files.h"
#include "crypto/guardian_json.h"
#include "crypto/guardian_key.h"
#include "crypto/keys.h"
#include "group_backends.h"

namespace ashyq::crypto {
namespace {

std::vector<uint8_t> Bytes(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

// Everything a run of the ceremony produces, secrets included (the test plays every guardian).
template <typename G>
struct Ceremony {
  GuardianCeremony params;
  std::vector<GuardianPolynomial<G>> polynomials;   // [i − 1]
  std::vector<GuardianCommitments<G>> commitments;  // [i − 1]
  std::vector<std::vector<GuardianShare<G>>> received;  // [j − 1]: the n shares j received
  std::vector<GuardianKeyShare<G>> key_shares;      // [j − 1]
  JointKey<G> joint;
};

template <typename G>
Ceremony<G> RunCeremony(uint32_t n, uint32_t k, std::span<const uint8_t> context,
                        const ScalarSource<G>& source = SystemScalarSource<G>()) {
  Ceremony<G> c;
  c.params = GuardianCeremony{n, k};
  for (uint32_t i = 1; i <= n; ++i) {
    auto poly = NewGuardianPolynomial<G>(c.params, i, source);
    EXPECT_TRUE(poly.ok());
    c.polynomials.push_back(*poly);
    c.commitments.push_back(CommitGuardianPolynomial<G>(c.params, *poly, context, source));
  }
  c.received.resize(n);
  for (uint32_t i = 1; i <= n; ++i) {
    for (uint32_t j = 1; j <= n; ++j) {
      auto share = ShareForGuardian<G>(c.params, c.polynomials[i - 1], j);
      EXPECT_TRUE(share.ok());
      c.received[j - 1].push_back(*share);
    }
  }
  auto joint = ComputeJointKey<G>(c.params, c.commitments, context);
  EXPECT_TRUE(joint.ok()) << joint.error().ToString();
  if (joint.ok()) c.joint = *joint;
  for (uint32_t j = 1; j <= n; ++j) {
    auto key_share =
        CombineReceivedShares<G>(c.params, j, c.received[j - 1], c.commitments, context);
    EXPECT_TRUE(key_share.ok()) << key_share.error().ToString();
    if (key_share.ok()) c.key_shares.push_back(*key_share);
  }
  return c;
}

// Every subset of {1..n} with at least `min` members.
std::vector<std::vector<uint32_t>> SubsetsOfAtLeast(uint32_t n, uint32_t min) {
  std::vector<std::vector<uint32_t>> out;
  for (uint32_t mask = 1; mask < (1u << n); ++mask) {
    std::vector<uint32_t> set;
    for (uint32_t i = 1; i <= n; ++i) {
      if (mask & (1u << (i - 1))) set.push_back(i);
    }
    if (set.size() >= min) out.push_back(set);
  }
  return out;
}

template <typename G>
class GuardianTest : public ::testing::Test {
 protected:
  static constexpr bool kSlow = G::kId == GroupId::kElectionGuard4096;
  static constexpr uint32_t kN = kSlow ? 3 : 5;
  static constexpr uint32_t kK = kSlow ? 2 : 3;

  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }

  const std::vector<uint8_t> context_ = Bytes("election kz-test / guardian ceremony");
  const std::vector<uint8_t> tally_context_ = Bytes("election kz-test / tally");
};

TYPED_TEST_SUITE(GuardianTest, testing::GroupBackends, testing::GroupBackendNames);

TYPED_TEST(GuardianTest, CeremonyGivesOneKeyThatAnyQuorumOfKeySharesHolds) {
  using G = TypeParam;
  const auto c = RunCeremony<G>(this->kN, this->kK, this->context_);
  ASSERT_EQ(c.key_shares.size(), this->kN);
  // K = Σ_i a_{i,0}·G, which only this test (playing every guardian) can compute.
  typename G::Scalar secret;
  for (const auto& p : c.polynomials) secret = G::ScalarAdd(secret, p.coefficients[0]);
  EXPECT_TRUE(G::Equal(c.joint.key, G::BaseMul(secret)));
  for (uint32_t j = 1; j <= this->kN; ++j) {
    EXPECT_EQ(c.key_shares[j - 1].guardian, j);
    EXPECT_TRUE(G::Equal(c.key_shares[j - 1].public_share, c.joint.PublicShare(j))) << j;
  }
  // Lagrange at 0 over any k (or more) key shares gives the joint secret.
  for (const auto& set : SubsetsOfAtLeast(this->kN, this->kK)) {
    typename G::Scalar interpolated;
    for (uint32_t i : set) {
      interpolated = G::ScalarAdd(
          interpolated, G::ScalarMultiply(LagrangeCoefficientAtZero<G>(i, set),
                                          c.key_shares[i - 1].secret));
    }
    EXPECT_TRUE(interpolated == secret);
  }
  // ... and k − 1 of them do not.
  std::vector<uint32_t> few;
  for (uint32_t i = 1; i < this->kK; ++i) few.push_back(i);
  typename G::Scalar partial;
  for (uint32_t i : few) {
    partial = G::ScalarAdd(partial, G::ScalarMultiply(LagrangeCoefficientAtZero<G>(i, few),
                                                      c.key_shares[i - 1].secret));
  }
  EXPECT_FALSE(partial == secret);
}

TYPED_TEST(GuardianTest, AnyQuorumDecryptsTheSameTotals) {
  using G = TypeParam;
  const auto c = RunCeremony<G>(this->kN, this->kK, this->context_);
  // Ballots of a 3-choice contest (limit 1), summed per choice homomorphically.
  const std::vector<std::array<uint64_t, 3>> ballots =
      this->kSlow ? std::vector<std::array<uint64_t, 3>>{{1, 0, 0}, {0, 0, 1}, {1, 0, 0}}
                  : std::vector<std::array<uint64_t, 3>>{{1, 0, 0}, {0, 1, 0}, {1, 0, 0},
                                                          {0, 0, 1}, {1, 0, 0}, {0, 1, 0},
                                                          {1, 0, 0}};
  std::array<uint64_t, 3> expected{};
  std::array<std::vector<Ciphertext<G>>, 3> columns;
  for (const auto& ballot : ballots) {
    for (size_t s = 0; s < 3; ++s) {
      auto ct = EncryptElGamal<G>(c.joint.key, ballot[s]);
      ASSERT_TRUE(ct.ok());
      columns[s].push_back(*ct);
      expected[s] += ballot[s];
    }
  }
  std::array<Ciphertext<G>, 3> totals;
  for (size_t s = 0; s < 3; ++s) totals[s] = SumCiphertexts<G>(columns[s]);

  // Every guardian's share of every total, each verified on its own.
  std::vector<std::array<DecryptionShare<G>, 3>> shares(this->kN);
  for (uint32_t i = 1; i <= this->kN; ++i) {
    for (size_t s = 0; s < 3; ++s) {
      auto share = ComputeDecryptionShare<G>(c.joint, c.key_shares[i - 1], totals[s],
                                             this->tally_context_);
      ASSERT_TRUE(share.ok()) << share.error().ToString();
      auto verified = VerifyDecryptionShare<G>(c.joint, totals[s], *share, this->tally_context_);
      EXPECT_TRUE(verified.ok()) << verified.error().ToString();
      shares[i - 1][s] = *share;
    }
  }
  // Every set of present guardians of size ≥ k (3 of 5: 10 + 5 + 1 sets), in any order.
  size_t sets = 0;
  for (auto set : SubsetsOfAtLeast(this->kN, this->kK)) {
    if (set.size() % 2 == 0) std::reverse(set.begin(), set.end());
    for (size_t s = 0; s < 3; ++s) {
      std::vector<DecryptionShare<G>> present;
      for (uint32_t i : set) present.push_back(shares[i - 1][s]);
      auto total = DecryptWithGuardians<G>(c.joint, totals[s], present, this->tally_context_,
                                           ballots.size());
      ASSERT_TRUE(total.ok()) << total.error().ToString();
      EXPECT_EQ(*total, expected[s]) << "choice " << s << ", " << set.size() << " guardians";
    }
    ++sets;
  }
  EXPECT_EQ(sets, this->kSlow ? 4u : 16u);
}

TYPED_TEST(GuardianTest, FewerThanQuorumFailsCleanly) {
  using G = TypeParam;
  const auto c = RunCeremony<G>(this->kN, this->kK, this->context_);
  auto ct = EncryptElGamal<G>(c.joint.key, 1);
  ASSERT_TRUE(ct.ok());
  std::vector<DecryptionShare<G>> shares;
  for (uint32_t i = 1; i < this->kK; ++i) {  // k − 1 honest guardians
    auto share = ComputeDecryptionShare<G>(c.joint, c.key_shares[i - 1], *ct, this->tally_context_);
    ASSERT_TRUE(share.ok());
    shares.push_back(*share);
  }
  for (size_t count = 0; count < this->kK; ++count) {
    auto total = CombineDecryptionShares<G>(
        c.joint, *ct, std::span<const DecryptionShare<G>>(shares).first(count),
        this->tally_context_);
    ASSERT_FALSE(total.ok()) << count;
    EXPECT_EQ(total.error().rule, "R-C4.quorum");
    EXPECT_EQ(total.error().code, ErrorCode::kCheckFailed);
    EXPECT_NE(total.error().message.find("shares of " + std::to_string(this->kK)),
              std::string::npos)
        << total.error().message;
  }
  // A guardian counted twice does not make up the quorum.
  shares.push_back(shares.back());
  auto twice = CombineDecryptionShares<G>(c.joint, *ct, shares, this->tally_context_);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().rule, "R-C4.quorum");
  EXPECT_NE(twice.error().message.find("appears twice"), std::string::npos);
  // With the k-th guardian it works.
  shares.pop_back();
  auto last = ComputeDecryptionShare<G>(c.joint, c.key_shares[this->kK - 1], *ct,
                                        this->tally_context_);
  ASSERT_TRUE(last.ok());
  shares.push_back(*last);
  auto total = DecryptWithGuardians<G>(c.joint, *ct, shares, this->tally_context_, 1);
  ASSERT_TRUE(total.ok()) << total.error().ToString();
  EXPECT_EQ(*total, 1u);
}

TYPED_TEST(GuardianTest, BadCeremonyShareNamesItsSender) {
  using G = TypeParam;
  auto c = RunCeremony<G>(this->kN, this->kK, this->context_);
  const uint32_t sender = 2;
  const uint32_t recipient = this->kN;
  auto& received = c.received[recipient - 1];
  ASSERT_EQ(received[sender - 1].sender, sender);
  ASSERT_TRUE(VerifyGuardianShare<G>(c.params, c.commitments[sender - 1], received[sender - 1]).ok());

  auto expect_named = [&](const std::vector<GuardianShare<G>>& shares, const char* what) {
    auto combined =
        CombineReceivedShares<G>(c.params, recipient, shares, c.commitments, this->context_);
    ASSERT_FALSE(combined.ok()) << what;
    EXPECT_EQ(combined.error().rule, "R-C3.guardian-share") << what;
    EXPECT_EQ(combined.error().where,
              "guardian/" + std::to_string(sender) + "/share-for/" + std::to_string(recipient))
        << what;
    auto single = VerifyGuardianShare<G>(c.params, c.commitments[sender - 1], shares[sender - 1]);
    ASSERT_FALSE(single.ok()) << what;
    EXPECT_EQ(single.error().where, combined.error().where) << what;
  };
  // The share off by one.
  auto shares = received;
  shares[sender - 1].value = G::ScalarAdd(shares[sender - 1].value, G::ScalarFromUint64(1));
  expect_named(shares, "share + 1");
  // The share meant for another guardian.
  shares = received;
  shares[sender - 1].value = c.received[0][sender - 1].value;
  expect_named(shares, "another guardian's share");
  // A share from a polynomial other than the committed one.
  auto other = NewGuardianPolynomial<G>(c.params, sender);
  ASSERT_TRUE(other.ok());
  auto forged = ShareForGuardian<G>(c.params, *other, recipient);
  ASSERT_TRUE(forged.ok());
  shares = received;
  shares[sender - 1] = *forged;
  expect_named(shares, "another polynomial");

  // Missing and duplicated shares, and shares addressed to someone else.
  shares = received;
  shares.erase(shares.begin() + sender - 1);
  auto missing = CombineReceivedShares<G>(c.params, recipient, shares, c.commitments, this->context_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().where, "guardian/" + std::to_string(sender));
  shares = received;
  shares.push_back(received[0]);
  EXPECT_FALSE(
      CombineReceivedShares<G>(c.params, recipient, shares, c.commitments, this->context_).ok());
  EXPECT_FALSE(
      CombineReceivedShares<G>(c.params, 1, received, c.commitments, this->context_).ok());
  // And the honest set still works.
  EXPECT_TRUE(
      CombineReceivedShares<G>(c.params, recipient, received, c.commitments, this->context_).ok());
}

TYPED_TEST(GuardianTest, CommitmentProofsDoNotMove) {
  using G = TypeParam;
  const auto c = RunCeremony<G>(this->kN, this->kK, this->context_);
  const auto& good = c.commitments[1];  // guardian 2
  ASSERT_TRUE(VerifyGuardianCommitments<G>(c.params, good, this->context_).ok());
  auto fails = [&](const GuardianCommitments<G>& bad, std::span<const uint8_t> context,
                   const std::string& where, const char* what) {
    auto status = VerifyGuardianCommitments<G>(c.params, bad, context);
    ASSERT_FALSE(status.ok()) << what;
    EXPECT_EQ(status.error().rule, "R-C3.guardian-commitment") << what;
    EXPECT_EQ(status.error().where.rfind(where, 0), 0u) << what << ": " << status.error().where;
  };
  // A proof moved to another commitment of the same guardian.
  auto bad = good;
  std::swap(bad.proofs[0], bad.proofs[1]);
  fails(bad, this->context_, "guardian/2/commitments/0", "proofs swapped");
  // A commitment replaced together with its proof by another guardian's.
  bad = good;
  bad.coefficients[1] = c.commitments[2].coefficients[1];
  bad.proofs[1] = c.commitments[2].proofs[1];
  fails(bad, this->context_, "guardian/2/commitments/1", "guardian 3's commitment and proof");
  // Guardian 3's whole commitments relabelled as guardian 2's.
  bad = c.commitments[2];
  bad.guardian = 2;
  fails(bad, this->context_, "guardian/2/commitments/0", "relabelled");
  // Another commitment under a valid proof; a tampered response; another ceremony's context.
  bad = good;
  bad.coefficients[0] = G::Add(bad.coefficients[0], G::Generator());
  fails(bad, this->context_, "guardian/2/commitments/0", "commitment + G");
  bad = good;
  bad.proofs[this->kK - 1].z = G::ScalarAdd(bad.proofs[this->kK - 1].z, G::ScalarFromUint64(1));
  fails(bad, this->context_, "guardian/2/commitments/" + std::to_string(this->kK - 1), "z + 1");
  fails(good, Bytes("another election"), "guardian/2/commitments/0", "context");
  // The same proofs under different ceremony parameters.
  const GuardianCeremony bigger{this->kN + 1, this->kK};
  EXPECT_FALSE(VerifyGuardianCommitments<G>(bigger, good, this->context_).ok());
  // A zero coefficient (identity commitment), too few commitments.
  bad = good;
  bad.coefficients[0] = G::Identity();
  fails(bad, this->context_, "guardian/2/commitments/0", "identity");
  bad = good;
  bad.coefficients.pop_back();
  bad.proofs.pop_back();
  fails(bad, this->context_, "guardian/2", "too few");
  // The joint key needs every guardian's commitments, verified.
  std::vector<GuardianCommitments<G>> all = c.commitments;
  all.erase(all.begin() + 2);
  auto joint = ComputeJointKey<G>(c.params, all, this->context_);
  ASSERT_FALSE(joint.ok());
  EXPECT_EQ(joint.error().where, "guardian/3");
  all = c.commitments;
  std::swap(all[1].proofs[0], all[1].proofs[1]);
  joint = ComputeJointKey<G>(c.params, all, this->context_);
  ASSERT_FALSE(joint.ok());
  EXPECT_EQ(joint.error().where, "guardian/2/commitments/0");
}

TYPED_TEST(GuardianTest, WrongDecryptionShareNamesItsGuardian) {
  using G = TypeParam;
  const auto c = RunCeremony<G>(this->kN, this->kK, this->context_);
  auto ct = EncryptElGamal<G>(c.joint.key, 1);
  auto other_ct = EncryptElGamal<G>(c.joint.key, 1);
  ASSERT_TRUE(ct.ok() && other_ct.ok());
  std::vector<DecryptionShare<G>> shares;
  for (uint32_t i = 1; i <= this->kK; ++i) {
    auto share = ComputeDecryptionShare<G>(c.joint, c.key_shares[i - 1], *ct, this->tally_context_);
    ASSERT_TRUE(share.ok());
    shares.push_back(*share);
  }
  ASSERT_TRUE(CombineDecryptionShares<G>(c.joint, *ct, shares, this->tally_context_).ok());
  const uint32_t liar = 2;
  auto fails = [&](const std::vector<DecryptionShare<G>>& bad, const char* what) {
    auto single = VerifyDecryptionShare<G>(c.joint, *ct, bad[liar - 1], this->tally_context_);
    ASSERT_FALSE(single.ok()) << what;
    EXPECT_EQ(single.error().rule, "R-C4.decryption-share") << what;
    EXPECT_EQ(single.error().where, "guardian/2/decryption-share") << what;
    auto combined = CombineDecryptionShares<G>(c.joint, *ct, bad, this->tally_context_);
    ASSERT_FALSE(combined.ok()) << what;
    EXPECT_EQ(combined.error().where, "guardian/2/decryption-share") << what;
  };
  // A wrong M (which would shift the total by one vote), with the honest proof.
  auto bad = shares;
  bad[liar - 1].share = G::Add(bad[liar - 1].share, G::Generator());
  fails(bad, "M + G");
  // Share and proof made for another ciphertext.
  auto moved = ComputeDecryptionShare<G>(c.joint, c.key_shares[liar - 1], *other_ct,
                                         this->tally_context_);
  ASSERT_TRUE(moved.ok());
  ASSERT_TRUE(VerifyDecryptionShare<G>(c.joint, *other_ct, *moved, this->tally_context_).ok());
  bad = shares;
  bad[liar - 1] = *moved;
  fails(bad, "another ciphertext's share");
  // Guardian 3's share presented as guardian 2's.
  auto third = ComputeDecryptionShare<G>(c.joint, c.key_shares[2], *ct, this->tally_context_);
  ASSERT_TRUE(third.ok());
  bad = shares;
  bad[liar - 1] = *third;
  bad[liar - 1].guardian = liar;
  fails(bad, "guardian 3's share relabelled");
  // Tampered proof values, and another context.
  bad = shares;
  bad[liar - 1].proof.z = G::ScalarAdd(bad[liar - 1].proof.z, G::ScalarFromUint64(1));
  fails(bad, "z + 1");
  bad = shares;
  bad[liar - 1].proof.b = G::Add(bad[liar - 1].proof.b, G::Generator());
  fails(bad, "b + G");
  auto context_moved =
      VerifyDecryptionShare<G>(c.joint, *ct, shares[liar - 1], Bytes("another tally"));
  ASSERT_FALSE(context_moved.ok());
  EXPECT_EQ(context_moved.error().where, "guardian/2/decryption-share");
  // β changed (a different ciphertext with the same α): every share's proof fails.
  const Ciphertext<G> shifted{ct->alpha, G::Add(ct->beta, G::Generator())};
  auto beta = VerifyDecryptionShare<G>(c.joint, shifted, shares[0], this->tally_context_);
  ASSERT_FALSE(beta.ok());
  EXPECT_EQ(beta.error().where, "guardian/1/decryption-share");
  // A guardian cannot decrypt with another guardian's key share under its own index.
  auto borrowed = c.key_shares[0];
  borrowed.guardian = liar;
  auto refused = ComputeDecryptionShare<G>(c.joint, borrowed, *ct, this->tally_context_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "guardian/2");
}

// Hex of every secret of a ceremony, to look for in public outputs and errors.
template <typename G>
std::vector<std::string> SecretsOf(const Ceremony<G>& c) {
  std::vector<std::string> out;
  for (const auto& p : c.polynomials) {
    for (const auto& a : p.coefficients) out.push_back(HexEncode(a.bytes));
  }
  for (const auto& shares : c.received) {
    for (const auto& s : shares) out.push_back(HexEncode(s.value.bytes));
  }
  for (const auto& k : c.key_shares) out.push_back(HexEncode(k.secret.bytes));
  return out;
}

TYPED_TEST(GuardianTest, SecretsNeverInPublicOutputsOrErrors) {
  using G = TypeParam;
  std::deque<typename G::Scalar> nonces;  // the proof nonces, secret too
  const ScalarSource<G> source = [&nonces] {
    nonces.push_back(G::RandomScalar());
    return nonces.back();
  };
  auto c = RunCeremony<G>(this->kN, this->kK, this->context_, source);
  auto ct = EncryptElGamal<G>(c.joint.key, 1);
  ASSERT_TRUE(ct.ok());
  std::string published;
  for (const auto& commitments : c.commitments) {
    published += json::Canonicalize(GuardianCommitmentsToJson<G>(c.params, commitments));
  }
  published += json::Canonicalize(JointKeyToJson<G>(c.joint));
  for (uint32_t i = 1; i <= this->kN; ++i) {
    auto share = ComputeDecryptionShare<G>(c.joint, c.key_shares[i - 1], *ct,
                                           this->tally_context_, source);
    ASSERT_TRUE(share.ok());
    published += json::Canonicalize(DecryptionShareToJson<G>(*share));
  }
  auto secrets = SecretsOf(c);
  ASSERT_GT(nonces.size(), 0u);
  for (const auto& u : nonces) secrets.push_back(HexEncode(u.bytes));
  EXPECT_NE(published.find(kDecryptionShareFormat), std::string::npos);
  EXPECT_GT(published.size(), 1000u);
  for (const auto& secret : secrets) {
    EXPECT_EQ(published.find(secret), std::string::npos) << "a secret is published";
  }

  // Errors of every failing path.
  std::vector<Error> errors;
  auto collect = [&errors](const auto& result) {
    if (!result.ok()) errors.push_back(result.error());
  };
  auto bad = c.received[0];
  bad[1].value = G::ScalarAdd(bad[1].value, G::ScalarFromUint64(1));
  collect(CombineReceivedShares<G>(c.params, 1, bad, c.commitments, this->context_));
  collect(VerifyGuardianShare<G>(c.params, c.commitments[1], bad[1]));
  auto borrowed = c.key_shares[0];
  borrowed.guardian = 2;
  collect(ComputeDecryptionShare<G>(c.joint, borrowed, *ct, this->tally_context_));
  auto share = ComputeDecryptionShare<G>(c.joint, c.key_shares[0], *ct, this->tally_context_);
  ASSERT_TRUE(share.ok());
  std::vector<DecryptionShare<G>> one = {*share};
  collect(CombineDecryptionShares<G>(c.joint, *ct, one, this->tally_context_));
  share->share = G::Add(share->share, G::Generator());
  collect(VerifyDecryptionShare<G>(c.joint, *ct, *share, this->tally_context_));
  collect(ComputeDecryptionShare<G>(c.joint, c.key_shares[0],
                                    Ciphertext<G>{G::Identity(), ct->beta}, this->tally_context_));
  ASSERT_EQ(errors.size(), 6u);
  for (const auto& e : errors) {
    for (const auto& secret : secrets) {
      EXPECT_EQ(e.ToString().find(secret), std::string::npos) << e.ToString();
    }
  }
}

TYPED_TEST(GuardianTest, PublicOutputsRoundTripThroughJson) {
  using G = TypeParam;
  const auto c = RunCeremony<G>(this->kN, this->kK, this->context_);
  // Commitments: parsed back, they verify and give the same key.
  std::vector<GuardianCommitments<G>> parsed;
  for (const auto& commitments : c.commitments) {
    const std::string text =
        json::Canonicalize(GuardianCommitmentsToJson<G>(c.params, commitments));
    auto doc = json::Parse(text);
    ASSERT_TRUE(doc.ok());
    auto back = GuardianCommitmentsFromJson<G>(*doc);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(back->ceremony.guardians, this->kN);
    EXPECT_EQ(back->ceremony.quorum, this->kK);
    EXPECT_TRUE(VerifyGuardianCommitments<G>(back->ceremony, back->commitments, this->context_).ok());
    EXPECT_EQ(json::Canonicalize(GuardianCommitmentsToJson<G>(back->ceremony, back->commitments)),
              text);
    parsed.push_back(back->commitments);
  }
  auto joint = ComputeJointKey<G>(c.params, parsed, this->context_);
  ASSERT_TRUE(joint.ok());
  const std::string key_text = json::Canonicalize(JointKeyToJson<G>(*joint));
  EXPECT_EQ(key_text, json::Canonicalize(JointKeyToJson<G>(c.joint)));
  auto key_doc = json::Parse(key_text);
  ASSERT_TRUE(key_doc.ok());
  auto key_back = JointKeyFromJson<G>(*key_doc);
  ASSERT_TRUE(key_back.ok()) << key_back.error().ToString();
  EXPECT_TRUE(G::Equal(key_back->key, c.joint.key));

  // A decryption share read back verifies; tampered files are refused with a pointer.
  auto ct = EncryptElGamal<G>(c.joint.key, 0);
  ASSERT_TRUE(ct.ok());
  auto share = ComputeDecryptionShare<G>(c.joint, c.key_shares[0], *ct, this->tally_context_);
  ASSERT_TRUE(share.ok());
  json::Value share_json = DecryptionShareToJson<G>(*share);
  auto share_back = DecryptionShareFromJson<G>(share_json);
  ASSERT_TRUE(share_back.ok()) << share_back.error().ToString();
  EXPECT_TRUE(VerifyDecryptionShare<G>(*key_back, *ct, *share_back, this->tally_context_).ok());

  json::Value wrong_group = share_json;
  wrong_group.Set("group", G::kName == "p256" ? "ristretto255" : "p256");
  auto refused = DecryptionShareFromJson<G>(wrong_group);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "/group");
  json::Value unknown = share_json;
  unknown.Set("secret", "00");
  EXPECT_FALSE(DecryptionShareFromJson<G>(unknown).ok());
  json::Value identity = share_json;
  identity.Set("share", HexEncode(G::Encode(G::Identity())));
  refused = DecryptionShareFromJson<G>(identity);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where.rfind("/share", 0), 0u) << refused.error().where;
  json::Value other_format = share_json;
  other_format.Set("format", std::string(kGuardianCommitmentsFormat));
  EXPECT_FALSE(DecryptionShareFromJson<G>(other_format).ok());
  EXPECT_FALSE(GuardianCommitmentsFromJson<G>(share_json).ok());
}

// ---- Known-answer vectors (tests/data/guardians/p256.json) ----

const std::string kVectors = std::string(ASHYQ_SOURCE_DIR) + "/tests/data/guardians/";

template <typename G>
std::string ElementHex(const typename G::Element& e) {
  return HexEncode(G::Encode(e));
}

template <typename G>
typename G::Scalar ScalarFromHex(const json::Value* v) {
  EXPECT_TRUE(v != nullptr && v->is_string());
  if (v == nullptr || !v->is_string()) return typename G::Scalar();
  auto bytes = HexDecode(v->as_string());
  EXPECT_TRUE(bytes.ok());
  auto s = G::DecodeScalar(bytes.ok() ? *bytes : std::vector<uint8_t>());
  EXPECT_TRUE(s.ok());
  return s.ok() ? *s : typename G::Scalar();
}

std::vector<uint8_t> BytesFromHex(const json::Value* v) {
  EXPECT_TRUE(v != nullptr && v->is_string());
  if (v == nullptr || !v->is_string()) return {};
  auto bytes = HexDecode(v->as_string());
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

uint32_t U32From(const json::Value& object, std::string_view key) {
  const json::Value* v = object.Find(key);
  EXPECT_TRUE(v != nullptr && v->is_int()) << key;
  return v != nullptr && v->is_int() ? static_cast<uint32_t>(v->as_int()) : 0;
}

// A scalar source that hands out the listed scalars in order (known-answer tests only).
template <typename G>
ScalarSource<G> ListedSource(std::shared_ptr<std::deque<typename G::Scalar>> queue) {
  return [queue] {
    EXPECT_FALSE(queue->empty()) << "the vector file lists too few random scalars";
    if (queue->empty()) return G::ScalarFromUint64(1);
    auto s = queue->front();
    queue->pop_front();
    return s;
  };
}

// The whole vector document from its inputs (copied) and outputs (computed): a 3-of-5 ceremony,
// the sum of a few encrypted votes, and its decryption by guardians 2, 3 and 5 (1 and 4 absent).
template <typename G>
json::Value ComputeVectors(const json::Value& inputs) {
  json::Value doc = json::Value::Object();
  doc.Set("description", *inputs.Find("description"));
  doc.Set("group", std::string(G::kName));
  const GuardianCeremony params{U32From(inputs, "guardians"), U32From(inputs, "quorum")};
  doc.Set("guardians", params.guardians);
  doc.Set("quorum", params.quorum);
  const auto context = BytesFromHex(inputs.Find("context"));
  doc.Set("context", HexEncode(context));
  doc.Set("generator", ElementHex<G>(G::Generator()));

  // The ceremony: each guardian's coefficients and proof nonces are inputs.
  std::vector<GuardianPolynomial<G>> polynomials;
  std::vector<GuardianCommitments<G>> all;
  json::Value guardians = json::Value::Array();
  for (const json::Value& in : inputs.Find("ceremony")->items()) {
    const uint32_t i = U32From(in, "guardian");
    auto queue = std::make_shared<std::deque<typename G::Scalar>>();
    for (const auto& a : in.Find("coefficients")->items()) queue->push_back(ScalarFromHex<G>(&a));
    for (const auto& u : in.Find("proof_nonces")->items()) queue->push_back(ScalarFromHex<G>(&u));
    const auto source = ListedSource<G>(queue);
    auto poly = NewGuardianPolynomial<G>(params, i, source);
    EXPECT_TRUE(poly.ok());
    if (!poly.ok()) return doc;
    auto commitments = CommitGuardianPolynomial<G>(params, *poly, context, source);
    EXPECT_TRUE(queue->empty());
    EXPECT_TRUE(VerifyGuardianCommitments<G>(params, commitments, context).ok());
    json::Value out = json::Value::Object();
    out.Set("guardian", i);
    out.Set("coefficients", *in.Find("coefficients"));
    out.Set("proof_nonces", *in.Find("proof_nonces"));
    out.Set("published", GuardianCommitmentsToJson<G>(params, commitments));
    json::Value challenge_inputs = json::Value::Array();
    for (uint32_t m = 0; m < params.quorum; ++m) {
      challenge_inputs.Push(HexEncode(CoefficientChallengeInput<G>(
          params, i, m, commitments.coefficients[m], commitments.proofs[m].h, context)));
    }
    out.Set("challenge_inputs", std::move(challenge_inputs));
    json::Value shares = json::Value::Array();  // P_i(1..n)
    for (uint32_t j = 1; j <= params.guardians; ++j) {
      auto share = ShareForGuardian<G>(params, *poly, j);
      EXPECT_TRUE(share.ok());
      shares.Push(HexEncode(share->value.bytes));
    }
    out.Set("shares", std::move(shares));
    guardians.Push(std::move(out));
    polynomials.push_back(*poly);
    all.push_back(std::move(commitments));
  }
  doc.Set("ceremony", std::move(guardians));
  auto joint = ComputeJointKey<G>(params, all, context);
  EXPECT_TRUE(joint.ok());
  if (!joint.ok()) return doc;
  doc.Set("joint_key", JointKeyToJson<G>(*joint));
  std::vector<GuardianKeyShare<G>> key_shares;
  json::Value key_share_json = json::Value::Array();
  for (uint32_t j = 1; j <= params.guardians; ++j) {
    std::vector<GuardianShare<G>> received;
    for (const auto& poly : polynomials) received.push_back(*ShareForGuardian<G>(params, poly, j));
    auto key_share = CombineReceivedShares<G>(params, j, received, all, context);
    EXPECT_TRUE(key_share.ok());
    if (!key_share.ok()) return doc;
    key_share_json.Push(HexEncode(key_share->secret.bytes));
    key_shares.push_back(*key_share);
  }
  doc.Set("key_shares", std::move(key_share_json));

  // The share files (ashyq/guardian-share/1): P_i(j) masked for guardian j with the listed
  // ephemeral scalar r; the election id is the context's text (evote::ElectionContext).
  const GuardianFileHeader header{std::string(context.begin(), context.end()), params};
  json::Value share_files = json::Value::Array();
  for (const json::Value& in : inputs.Find("share_files")->items()) {
    const uint32_t i = U32From(in, "sender"), j = U32From(in, "recipient");
    const auto r = ScalarFromHex<G>(in.Find("nonce"));
    auto share = ShareForGuardian<G>(params, polynomials[i - 1], j);
    EXPECT_TRUE(share.ok());
    if (!share.ok()) return doc;
    const auto& recipient_key = all[j - 1].coefficients[0];
    const auto encrypted = EncryptGuardianShareWithNonce<G>(header, *share, all[j - 1], r);
    const auto shared = G::Mul(recipient_key, r);
    const auto mask = guardian_internal::ShareMask<G>(header, i, j, recipient_key,
                                                      encrypted.ephemeral, shared);
    std::vector<uint8_t> mask_input;
    guardian_internal::AppendU32(mask_input, static_cast<uint32_t>(context.size()));
    mask_input.insert(mask_input.end(), context.begin(), context.end());
    for (uint32_t v : {params.guardians, params.quorum, i, j}) {
      guardian_internal::AppendU32(mask_input, v);
    }
    for (const auto* e : {&recipient_key, &encrypted.ephemeral, &shared}) {
      guardian_internal::AppendElement<G>(mask_input, *e);
    }
    EXPECT_TRUE(G::HashToScalar(kGuardianShareMaskDomain, mask_input) == mask);
    auto back = DecryptGuardianShare<G>(header, encrypted, polynomials[j - 1]);
    EXPECT_TRUE(back.ok() && back->value == share->value);
    json::Value out = json::Value::Object();
    out.Set("sender", i);
    out.Set("recipient", j);
    out.Set("nonce", HexEncode(r.bytes));
    out.Set("shared", ElementHex<G>(shared));
    out.Set("mask_input", HexEncode(mask_input));
    out.Set("mask", HexEncode(mask.bytes));
    out.Set("published", GuardianShareToJson<G>(header, encrypted));
    share_files.Push(std::move(out));
  }
  doc.Set("share_files", std::move(share_files));

  // The votes, encrypted with the listed nonces and summed.
  const json::Value& tally_in = *inputs.Find("tally");
  json::Value tally = json::Value::Object();
  const auto tally_context = BytesFromHex(tally_in.Find("context"));
  tally.Set("context", HexEncode(tally_context));
  tally.Set("votes", *tally_in.Find("votes"));
  tally.Set("nonces", *tally_in.Find("nonces"));
  std::vector<Ciphertext<G>> cts;
  uint64_t expected = 0;
  for (size_t v = 0; v < tally_in.Find("votes")->size(); ++v) {
    const uint64_t m = static_cast<uint64_t>(tally_in.Find("votes")->items()[v].as_int());
    auto ct = EncryptWithNonce<G>(joint->key, m,
                                  ScalarFromHex<G>(&tally_in.Find("nonces")->items()[v]));
    EXPECT_TRUE(ct.ok());
    if (!ct.ok()) return doc;
    cts.push_back(*ct);
    expected += m;
  }
  const auto sum = SumCiphertexts<G>(cts);
  tally.Set("sum_alpha", ElementHex<G>(sum.alpha));
  tally.Set("sum_beta", ElementHex<G>(sum.beta));

  // Decryption by the present guardians, proof nonces listed.
  std::vector<uint32_t> present;
  std::vector<DecryptionShare<G>> shares;
  json::Value shares_json = json::Value::Array();
  for (const json::Value& in : tally_in.Find("decryption")->items()) {
    const uint32_t i = U32From(in, "guardian");
    auto queue = std::make_shared<std::deque<typename G::Scalar>>();
    queue->push_back(ScalarFromHex<G>(in.Find("u")));
    auto share = ComputeDecryptionShare<G>(*joint, key_shares[i - 1], sum, tally_context,
                                           ListedSource<G>(queue));
    EXPECT_TRUE(share.ok());
    if (!share.ok()) return doc;
    present.push_back(i);
    shares.push_back(*share);
  }
  for (const auto& share : shares) {
    json::Value out = json::Value::Object();
    out.Set("guardian", share.guardian);
    out.Set("u", HexEncode(ScalarFromHex<G>(
                     tally_in.Find("decryption")->items()[shares_json.size()].Find("u")).bytes));
    out.Set("published", DecryptionShareToJson<G>(share));
    out.Set("challenge_input",
            HexEncode(DecryptionShareChallengeInput<G>(joint->key, share.guardian,
                                                       joint->PublicShare(share.guardian), sum,
                                                       share.share, share.proof.a, share.proof.b,
                                                       tally_context)));
    out.Set("lagrange_coefficient",
            HexEncode(LagrangeCoefficientAtZero<G>(share.guardian, present).bytes));
    shares_json.Push(std::move(out));
  }
  tally.Set("decryption", std::move(shares_json));
  auto element = CombineDecryptionShares<G>(*joint, sum, shares, tally_context);
  EXPECT_TRUE(element.ok());
  if (!element.ok()) return doc;
  tally.Set("total_times_generator", ElementHex<G>(*element));
  auto total = SmallDiscreteLog<G>(*element, 100);
  EXPECT_TRUE(total.ok());
  EXPECT_EQ(total.ok() ? *total : 0, expected);
  tally.Set("total", static_cast<int64_t>(expected));
  doc.Set("tally", std::move(tally));
  return doc;
}

// Fixed inputs: scalars hashed from their names (any would do; the file lists them).
template <typename G>
json::Value VectorInputs() {
  auto scalar = [](const std::string& name) {
    return HexEncode(G::HashToScalar("ashyq/test/guardian-vectors/v1", Bytes(name)).bytes);
  };
  json::Value in = json::Value::Object();
  in.Set("description",
         "Ashyq guardians' threshold key (crypto/guardian_key.h: Pedersen DKG with Feldman "
         "commitments and Schnorr proofs; crypto/guardian_decryption.h: decryption shares with "
         "Chaum-Pedersen proofs, Lagrange interpolation over the present guardians). 3 of 5 "
         "guardians; the sum of 6 encrypted votes decrypted by guardians 2, 3 and 5. Scalars and "
         "elements in hex in the group's encoding (crypto/group.h). Random inputs: coefficients "
         "a_{i,0..k-1}, proof_nonces (one per coefficient, in order), nonces of the votes, u of "
         "each decryption proof. shares[j-1] is P_i(j). challenge_inputs are the messages given "
         "to HashToScalar with the domains ashyq/guardian/coefficient-proof/v1 and "
         "ashyq/guardian/decryption-share/v1. published objects are crypto/guardian_json.h's. "
         "share_files: P_i(j) carried from sender i to recipient j (crypto/guardian_files.h, "
         "ashyq/guardian-share/1), masked with H(ashyq/guardian/share-mask/v1, mask_input) "
         "where shared = nonce * C_{j,0}; the file's election is the context's text.");
  in.Set("guardians", 5);
  in.Set("quorum", 3);
  in.Set("context", HexEncode(Bytes("kat election / guardian ceremony")));
  json::Value ceremony = json::Value::Array();
  for (uint32_t i = 1; i <= 5; ++i) {
    json::Value g = json::Value::Object();
    g.Set("guardian", i);
    json::Value coefficients = json::Value::Array();
    json::Value nonces = json::Value::Array();
    for (uint32_t m = 0; m < 3; ++m) {
      const std::string name = std::to_string(i) + "/" + std::to_string(m);
      coefficients.Push(scalar("coefficient " + name));
      nonces.Push(scalar("proof nonce " + name));
    }
    g.Set("coefficients", std::move(coefficients));
    g.Set("proof_nonces", std::move(nonces));
    ceremony.Push(std::move(g));
  }
  in.Set("ceremony", std::move(ceremony));
  json::Value share_files = json::Value::Array();
  for (uint32_t i = 1; i <= 5; ++i) {
    for (uint32_t j = 1; j <= 5; ++j) {
      if (i == j) continue;
      json::Value f = json::Value::Object();
      f.Set("sender", i);
      f.Set("recipient", j);
      f.Set("nonce", scalar("share file nonce " + std::to_string(i) + "->" + std::to_string(j)));
      share_files.Push(std::move(f));
    }
  }
  in.Set("share_files", std::move(share_files));
  json::Value tally = json::Value::Object();
  tally.Set("context", HexEncode(Bytes("kat election / contest 1 / choice 1 / total")));
  json::Value votes = json::Value::Array();
  json::Value nonces = json::Value::Array();
  const int votes_cast[] = {1, 0, 1, 1, 0, 1};
  for (size_t v = 0; v < 6; ++v) {
    votes.Push(votes_cast[v]);
    nonces.Push(scalar("vote nonce " + std::to_string(v)));
  }
  tally.Set("votes", std::move(votes));
  tally.Set("nonces", std::move(nonces));
  json::Value decryption = json::Value::Array();
  for (uint32_t i : {2u, 3u, 5u}) {
    json::Value d = json::Value::Object();
    d.Set("guardian", i);
    d.Set("u", scalar("decryption u " + std::to_string(i)));
    decryption.Push(std::move(d));
  }
  tally.Set("decryption", std::move(decryption));
  in.Set("tally", std::move(tally));
  return in;
}

class GuardianVectors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }
};

TEST_F(GuardianVectors, P256) {
  using G = P256;
  const std::string path = kVectors + "p256.json";
  if (std::getenv("ASHYQ_WRITE_GUARDIAN_VECTORS") != nullptr) {
    std::ofstream(path) << json::Pretty(ComputeVectors<G>(VectorInputs<G>())) << "\n";
  }
  auto text = ReadFile(path, 1 << 20);
  ASSERT_TRUE(text.ok()) << path;
  auto doc = json::Parse(*text);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ASSERT_EQ(doc->Find("group")->as_string(), "p256");
  ASSERT_EQ(doc->Find("ceremony")->size(), 5u);
  const json::Value recomputed = ComputeVectors<G>(*doc);
  EXPECT_EQ(json::Canonicalize(recomputed), json::Canonicalize(*doc));

  // The published objects, read as a verifier reads them, verify and decrypt.
  const auto context = BytesFromHex(doc->Find("context"));
  std::vector<GuardianCommitments<G>> all;
  for (const auto& g : doc->Find("ceremony")->items()) {
    auto parsed = GuardianCommitmentsFromJson<G>(*g.Find("published"));
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    all.push_back(parsed->commitments);
  }
  const GuardianCeremony params{5, 3};
  auto joint = ComputeJointKey<G>(params, all, context);
  ASSERT_TRUE(joint.ok());
  auto published_key = JointKeyFromJson<G>(*doc->Find("joint_key"));
  ASSERT_TRUE(published_key.ok());
  EXPECT_TRUE(G::Equal(joint->key, published_key->key));
  const json::Value& tally = *doc->Find("tally");
  auto alpha = G::Decode(BytesFromHex(tally.Find("sum_alpha")), IdentityRule::kReject);
  auto beta = G::Decode(BytesFromHex(tally.Find("sum_beta")), IdentityRule::kReject);
  ASSERT_TRUE(alpha.ok() && beta.ok());
  const Ciphertext<G> sum{*alpha, *beta};
  std::vector<DecryptionShare<G>> shares;
  for (const auto& d : tally.Find("decryption")->items()) {
    auto share = DecryptionShareFromJson<G>(*d.Find("published"));
    ASSERT_TRUE(share.ok());
    shares.push_back(*share);
  }
  const auto tally_context = BytesFromHex(tally.Find("context"));
  auto total = DecryptWithGuardians<G>(*joint, sum, shares, tally_context, 100);
  ASSERT_TRUE(total.ok()) << total.error().ToString();
  EXPECT_EQ(static_cast<int64_t>(*total), tally.Find("total")->as_int());
  EXPECT_EQ(*total, 4u);

  // Each published share file, read as its recipient reads it, unmasks to P_i(j) with the
  // recipient's own polynomial and passes Feldman's check against the sender's commitments.
  ASSERT_EQ(doc->Find("share_files")->size(), 20u);
  for (const auto& f : doc->Find("share_files")->items()) {
    auto file = GuardianShareFromJson<G>(*f.Find("published"));
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    const uint32_t i = file->share.sender, j = file->share.recipient;
    const json::Value& recipient = doc->Find("ceremony")->items()[j - 1];
    GuardianPolynomial<G> own;
    own.guardian = j;
    for (const auto& a : recipient.Find("coefficients")->items()) {
      own.coefficients.push_back(ScalarFromHex<G>(&a));
    }
    auto share = DecryptGuardianShare<G>(file->header, file->share, own);
    ASSERT_TRUE(share.ok());
    const json::Value& sender = doc->Find("ceremony")->items()[i - 1];
    const auto want = ScalarFromHex<G>(&sender.Find("shares")->items()[j - 1]);
    EXPECT_TRUE(share->value == want) << i << "->" << j;
    EXPECT_TRUE(VerifyGuardianShare<G>(params, all[i - 1], *share).ok()) << i << "->" << j;
  }
}

}  // namespace
}  // namespace ashyq::crypto
