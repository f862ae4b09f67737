// Batch verification of ballots' proofs (crypto/batch_verify.h) on every group backend: a
// valid batch passes; one tampered element or response anywhere in a batch of 50 contests is
// caught and named (contest and selection); the batch's verdict equals the one-by-one
// verdict on random mixes of valid and invalid contests.
#include "crypto/batch_verify.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "crypto/chaum_pedersen.h"
#include "crypto/elgamal.h"
#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/group_ristretto255_decaf.h"
#include "crypto/keys.h"
#include "group_backends.h"

namespace ashyq::crypto {
namespace {

std::vector<uint8_t> Bytes(const std::string& text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

template <typename G>
class BatchVerifyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }
  void SetUp() override {
    auto key = ElectionKey<G>::Make(GenerateElGamalKeyPair<G>().public_key);
    ASSERT_TRUE(key.ok());
    key_.emplace(*key);
  }
  const ElectionKey<G>& K() const { return *key_; }

  // A contest of `choices` selections with limit 1, the vote on `chosen`, proven.
  ProvenContest<G> MakeContest(size_t ballot, size_t choices, size_t chosen) const {
    ProvenContest<G> contest;
    contest.limit = 1;
    std::vector<typename G::Scalar> nonces;
    for (size_t i = 0; i < choices; ++i) {
      contest.selection_contexts.push_back(
          Bytes("ballot " + std::to_string(ballot) + " / selection " + std::to_string(i)));
      auto s = EncryptSelection<G>(K(), i == chosen ? 1 : 0, contest.selection_contexts.back());
      EXPECT_TRUE(s.ok());
      contest.ciphertexts.push_back(s->ciphertext);
      contest.proofs.push_back(s->proof);
      nonces.push_back(s->nonce);
    }
    contest.sum_context = Bytes("ballot " + std::to_string(ballot) + " / contest");
    auto sum = ProveContestSum<G>(K(), contest.ciphertexts, nonces, 1, contest.sum_context);
    EXPECT_TRUE(sum.ok());
    contest.sum = *sum;
    return contest;
  }

  std::vector<ProvenContest<G>> MakeBatch(size_t n, size_t choices) const {
    std::vector<ProvenContest<G>> batch;
    for (size_t b = 0; b < n; ++b) batch.push_back(MakeContest(b, choices, b % choices));
    return batch;
  }

  // Indexes and errors of the contests VerifyContestEach refuses.
  std::vector<BatchFailure> OneByOne(const std::vector<ProvenContest<G>>& batch) const {
    std::vector<BatchFailure> out;
    for (size_t i = 0; i < batch.size(); ++i) {
      Status s = VerifyContestEach<G>(K(), batch[i]);
      if (!s.ok()) out.push_back(BatchFailure{i, s.error()});
    }
    return out;
  }

  std::optional<ElectionKey<G>> key_;
};

TYPED_TEST_SUITE(BatchVerifyTest, testing::GroupBackends, testing::GroupBackendNames);

// The 4096-bit group is ~100× slower: smaller batches there keep the suite quick.
template <typename G>
size_t BatchSize() {
  return G::kId == GroupId::kElectionGuard4096 ? 8 : 50;
}

TYPED_TEST(BatchVerifyTest, ValidBatchPasses) {
  using G = TypeParam;
  const auto batch = this->MakeBatch(BatchSize<G>(), 4);
  EXPECT_TRUE(VerifyContestsBatch<G>(this->K(), batch).empty());
  EXPECT_TRUE(VerifyContestsBatch<G>(this->K(), std::span<const ProvenContest<G>>()).empty());
  for (const auto& contest : batch) {
    EXPECT_TRUE(VerifyContest<G>(this->K(), contest).ok());
    EXPECT_TRUE(VerifyContestEach<G>(this->K(), contest).ok());
  }
  // Under another key nothing verifies.
  auto other = ElectionKey<G>::Make(GenerateElGamalKeyPair<G>().public_key);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(VerifyContestsBatch<G>(*other, batch).size(), batch.size());
}

// Every way to tamper with one value of one contest of the batch, at a random contest and
// selection: the batch names that contest (and only it), with the selection in the error.
TYPED_TEST(BatchVerifyTest, OneTamperedValueAnywhereIsCaughtAndNamed) {
  using G = TypeParam;
  const size_t n = BatchSize<G>();
  const size_t choices = 3;
  const auto valid = this->MakeBatch(n, choices);
  std::mt19937 pick(20261206);  // where, not what: the values come from the CSPRNG
  const auto other = G::BaseMul(G::RandomScalar());
  const auto bump = [](const typename G::Scalar& s) {
    return G::ScalarAdd(s, G::ScalarFromUint64(1));
  };
  // Each tampering changes a value the proofs commit to; the sum proof's commitments too.
  struct Tamper {
    const char* what;
    bool in_selection;  // names a selection (else the contest sum)
    std::function<void(ProvenContest<G>&, size_t)> apply;
  };
  const std::vector<Tamper> tampers = {
      {"alpha", true, [&](auto& c, size_t i) { c.ciphertexts[i].alpha = G::Add(c.ciphertexts[i].alpha, other); }},
      {"beta", true, [&](auto& c, size_t i) { c.ciphertexts[i].beta = G::Add(c.ciphertexts[i].beta, other); }},
      {"a0", true, [&](auto& c, size_t i) { c.proofs[i].a[0] = other; }},
      {"a1", true, [&](auto& c, size_t i) { c.proofs[i].a[1] = other; }},
      {"b0", true, [&](auto& c, size_t i) { c.proofs[i].b[0] = other; }},
      {"b1", true, [&](auto& c, size_t i) { c.proofs[i].b[1] = other; }},
      {"c0", true, [&](auto& c, size_t i) { c.proofs[i].c[0] = bump(c.proofs[i].c[0]); }},
      {"z0", true, [&](auto& c, size_t i) { c.proofs[i].z[0] = bump(c.proofs[i].z[0]); }},
      {"z1", true, [&](auto& c, size_t i) { c.proofs[i].z[1] = bump(c.proofs[i].z[1]); }},
      // c0 and c1 moved by the same amount keep c0 + c1: only the equations catch it.
      {"c0+d, c1-d", true, [&](auto& c, size_t i) {
         c.proofs[i].c[0] = bump(c.proofs[i].c[0]);
         c.proofs[i].c[1] = G::ScalarSubtract(c.proofs[i].c[1], G::ScalarFromUint64(1));
       }},
      {"context", true, [&](auto& c, size_t i) { c.selection_contexts[i].push_back('!'); }},
      {"sum z", false, [&](auto& c, size_t) { c.sum.z = bump(c.sum.z); }},
      {"sum a", false, [&](auto& c, size_t) { c.sum.a = other; }},
      {"sum b", false, [&](auto& c, size_t) { c.sum.b = other; }},
      {"limit", false, [&](auto& c, size_t) { c.limit = 2; }},
  };
  for (const auto& tamper : tampers) {
    const size_t contest = pick() % n;
    const size_t selection = pick() % choices;
    auto batch = valid;
    tamper.apply(batch[contest], selection);
    const auto failures = VerifyContestsBatch<G>(this->K(), batch);
    ASSERT_EQ(failures.size(), 1u) << tamper.what;
    EXPECT_EQ(failures[0].index, contest) << tamper.what;
    const std::string where = failures[0].error.where;
    if (tamper.in_selection) {
      EXPECT_EQ(where.rfind("selection " + std::to_string(selection) + ":", 0), 0u)
          << tamper.what << ": " << failures[0].error.ToString();
    } else {
      EXPECT_EQ(where.rfind("contest sum:", 0), 0u) << tamper.what << ": " << where;
    }
    EXPECT_FALSE(VerifyContest<G>(this->K(), batch[contest]).ok()) << tamper.what;
  }
}

// A proof that is valid except for its group equations — the challenge recomputed over the
// tampered commitments, so that only the random combination can catch it — is caught too.
TYPED_TEST(BatchVerifyTest, ForgedCommitmentWithMatchingChallengeIsCaught) {
  using G = TypeParam;
  const size_t n = BatchSize<G>();
  auto batch = this->MakeBatch(n, 3);
  const size_t target = n / 2;
  auto& contest = batch[target];
  auto& proof = contest.proofs[1];
  proof.a[0] = G::Add(proof.a[0], G::Generator());
  const auto challenge = G::HashToScalar(
      kSelectionProofDomain,
      SelectionChallengeInput<G>(this->K(), contest.ciphertexts[1], proof.a, proof.b,
                                 contest.selection_contexts[1]));
  proof.c[1] = G::ScalarSubtract(challenge, proof.c[0]);  // c0 + c1 = H again
  const auto failures = VerifyContestsBatch<G>(this->K(), batch);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].index, target);
  EXPECT_EQ(failures[0].error.where.rfind("selection 1:", 0), 0u) << failures[0].error.ToString();
}

// Random mixes of valid and invalid contests (shapes too): the batch's list equals the
// one-by-one list, index for index and error for error.
TYPED_TEST(BatchVerifyTest, BatchEqualsOneByOneOnRandomMixes) {
  using G = TypeParam;
  const size_t n = BatchSize<G>();
  const auto valid = this->MakeBatch(n, 3);
  std::mt19937 pick(7);
  for (int round = 0; round < 4; ++round) {
    auto batch = valid;
    for (size_t i = 0; i < n; ++i) {
      switch (pick() % 8) {
        case 0: batch[i].proofs[pick() % 3].z[pick() % 2] = G::RandomScalar(); break;
        case 1: batch[i].ciphertexts[pick() % 3].beta = G::BaseMul(G::RandomScalar()); break;
        case 2: batch[i].sum.b = G::BaseMul(G::RandomScalar()); break;
        case 3: batch[i].proofs.pop_back(); break;  // a shape error
        case 4: std::swap(batch[i], batch[(i + 1) % n]); break;  // still valid, elsewhere
        default: break;  // left valid
      }
    }
    const auto expected = this->OneByOne(batch);
    const auto got = VerifyContestsBatch<G>(this->K(), batch);
    ASSERT_EQ(got.size(), expected.size()) << "round " << round;
    for (size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].index, expected[k].index);
      EXPECT_EQ(got[k].error.ToString(), expected[k].error.ToString());
    }
  }
}

TYPED_TEST(BatchVerifyTest, WeightsAreFreshAnd128Bits) {
  using G = TypeParam;
  // Past one draw of the pool, so that the second draw is checked too.
  internal::RandomWeights<G> weights;
  std::vector<typename G::Scalar> drawn;
  for (size_t i = 0; i < 2 * internal::RandomWeights<G>::kWeightsPerDraw + 1; ++i) {
    drawn.push_back(weights.Next());
  }
  const bool little = G::ScalarFromUint64(1).bytes[0] == 1;
  for (size_t k = 0; k < drawn.size(); ++k) {
    const auto& w = drawn[k];
    for (size_t j = 0; j < k; ++j) EXPECT_FALSE(w == drawn[j]) << k << " " << j;
    // Below 2^128: 16 of the 32 bytes are zero (the high half, wherever the backend keeps it).
    for (size_t i = 0; i < 16; ++i) EXPECT_EQ(w.bytes[little ? 16 + i : i], 0) << k << " " << i;
    EXPECT_TRUE(G::DecodeScalar(w.bytes).ok());
  }
  // Another combination draws its own weights.
  internal::RandomWeights<G> other;
  EXPECT_FALSE(other.Next() == drawn.front());
}

}  // namespace
}  // namespace ashyq::crypto
