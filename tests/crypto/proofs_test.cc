// The selection (0 or 1) and contest sum proofs (crypto/chaum_pedersen.h) on every group
// backend: completeness, soundness against the attacks a dishonest device would try,
// tampering, the binding of the Fiat–Shamir challenge to the whole statement, and the
// known-answer vectors in tests/data/proofs/ that another implementation can check itself
// against.
//
// ASHYQ_WRITE_PROOF_VECTORS=1 ashyq_crypto_tests --gtest_filter='*ProofVectors*' rewrites the
// vector files from the fixed inputs below (only when the layout changes on purpose).
#include "crypto/chaum_pedersen.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
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
#include "crypto/keys.h"
#include "group_backends.h"

namespace ashyq::crypto {
namespace {

std::vector<uint8_t> Bytes(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

template <typename G>
class ProofTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }
  void SetUp() override {
    pair_ = GenerateElGamalKeyPair<G>();
    auto key = ElectionKey<G>::Make(pair_.public_key);
    ASSERT_TRUE(key.ok());
    key_.emplace(*key);
  }

  const ElectionKey<G>& K() const { return *key_; }
  static ElectionKey<G> KeyOf(const typename G::Element& k) {
    auto key = ElectionKey<G>::Make(k);
    EXPECT_TRUE(key.ok());
    return *key;
  }

  // An encryption of any integer v (negative ones too: v = −1 is the attack of a device that
  // wants to take a vote away) with the nonce it was made with.
  Ciphertext<G> EncryptInteger(int64_t v, const typename G::Scalar& r) const {
    auto m = G::ScalarFromUint64(static_cast<uint64_t>(v < 0 ? -v : v));
    if (v < 0) m = G::ScalarNegate(m);
    return Ciphertext<G>{G::BaseMul(r), G::Add(G::BaseMul(m), K().Mul(r))};
  }

  ElGamalKeyPair<G> pair_;
  std::optional<ElectionKey<G>> key_;
  const std::vector<uint8_t> context_ = Bytes("election 1 / contest 3 / selection 2");
};

TYPED_TEST_SUITE(ProofTest, testing::GroupBackends, testing::GroupBackendNames);

TYPED_TEST(ProofTest, SelectionProofsForZeroAndOneVerify) {
  using G = TypeParam;
  for (uint64_t m : {0u, 1u}) {
    auto s = EncryptSelection<G>(this->K(), m, this->context_);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    auto verified = VerifySelection<G>(this->K(), s->ciphertext, s->proof, this->context_);
    EXPECT_TRUE(verified.ok()) << "m = " << m << ": " << verified.error().ToString();
    auto decrypted = DecryptSmall<G>(this->pair_.secret, s->ciphertext, 1);
    ASSERT_TRUE(decrypted.ok());
    EXPECT_EQ(*decrypted, m);

    // The same through ProveSelection on a ciphertext made beforehand.
    const auto r = G::RandomScalar();
    auto c = EncryptWithNonce<G>(this->K(), m, r);
    ASSERT_TRUE(c.ok());
    auto proof = ProveSelection<G>(this->K(), *c, m, r, this->context_);
    ASSERT_TRUE(proof.ok()) << proof.error().ToString();
    EXPECT_TRUE(VerifySelection<G>(this->K(), *c, *proof, this->context_).ok());
  }
}

TYPED_TEST(ProofTest, HonestProverRefusesAnythingButZeroOrOne) {
  using G = TypeParam;
  auto two = EncryptSelection<G>(this->K(), 2, this->context_);
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().rule, "R-C4.selection");

  const auto r = G::RandomScalar();
  const std::string nonce_hex = HexEncode(r.bytes);
  for (int64_t v : {2, -1, 5}) {
    const auto c = this->EncryptInteger(v, r);
    for (uint64_t claim : {0u, 1u, 2u}) {
      auto proof = ProveSelection<G>(this->K(), c, claim, r, this->context_);
      ASSERT_FALSE(proof.ok()) << "v = " << v << ", claimed " << claim;
      EXPECT_EQ(proof.error().rule, "R-C4.selection");
      EXPECT_EQ(proof.error().ToString().find(nonce_hex), std::string::npos);
    }
  }
  // A true claim with the wrong nonce is refused as well.
  const auto c = this->EncryptInteger(1, r);
  EXPECT_FALSE(ProveSelection<G>(this->K(), c, 1, G::RandomScalar(), this->context_).ok());
  EXPECT_TRUE(ProveSelection<G>(this->K(), c, 1, r, this->context_).ok());
}

TYPED_TEST(ProofTest, ForgedSelectionProofsFail) {
  using G = TypeParam;
  auto one = EncryptSelection<G>(this->K(), 1, this->context_);
  ASSERT_TRUE(one.ok());
  const auto r = G::RandomScalar();
  for (int64_t v : {2, -1}) {
    const auto c = this->EncryptInteger(v, r);
    // The proof of a 1 put on an encryption of 2 (or −1).
    EXPECT_FALSE(VerifySelection<G>(this->K(), c, one->proof, this->context_).ok()) << v;
    // A device running the prover's algorithm on it anyway, as if it were a 0 or a 1.
    for (uint64_t claim : {0u, 1u}) {
      const auto forged = internal::ProveSelectionUnchecked<G>(
          this->K(), c, claim, r, SelectionProofNonces<G>::Random(), this->context_);
      EXPECT_FALSE(VerifySelection<G>(this->K(), c, forged, this->context_).ok())
          << "v = " << v << ", claimed " << claim;
    }
  }
}

TYPED_TEST(ProofTest, TamperedSelectionFailsVerification) {
  using G = TypeParam;
  auto s = EncryptSelection<G>(this->K(), 1, this->context_);
  ASSERT_TRUE(s.ok());
  const auto& ct = s->ciphertext;
  const auto& proof = s->proof;
  ASSERT_TRUE(VerifySelection<G>(this->K(), ct, proof, this->context_).ok());
  const auto g = G::Generator();
  const auto one = G::ScalarFromUint64(1);
  auto fails = [&](const Ciphertext<G>& c, const SelectionProof<G>& p, const char* what) {
    auto status = VerifySelection<G>(this->K(), c, p, this->context_);
    EXPECT_FALSE(status.ok()) << what;
    if (!status.ok()) {
      EXPECT_EQ(status.error().rule, "R-C4.selection-proof") << what;
    }
  };
  fails(Ciphertext<G>{G::Add(ct.alpha, g), ct.beta}, proof, "alpha");
  fails(Ciphertext<G>{ct.alpha, G::Add(ct.beta, g)}, proof, "beta");
  fails(Ciphertext<G>{ct.alpha, G::Subtract(ct.beta, g)}, proof, "beta - G (now a 0)");
  for (size_t j = 0; j < 2; ++j) {
    auto p = proof;
    p.a[j] = G::Add(p.a[j], g);
    fails(ct, p, "a");
    p = proof;
    p.b[j] = G::Add(p.b[j], g);
    fails(ct, p, "b");
    p = proof;
    p.c[j] = G::ScalarAdd(p.c[j], one);
    fails(ct, p, "c");
    p = proof;
    p.z[j] = G::ScalarAdd(p.z[j], one);
    fails(ct, p, "z");
  }
  // Moving challenge between the branches keeps c0 + c1 and still fails.
  auto p = proof;
  p.c[0] = G::ScalarAdd(p.c[0], one);
  p.c[1] = G::ScalarSubtract(p.c[1], one);
  fails(ct, p, "c0 + 1, c1 - 1");
  p = proof;
  std::swap(p.a[0], p.a[1]);
  std::swap(p.b[0], p.b[1]);
  std::swap(p.c[0], p.c[1]);
  std::swap(p.z[0], p.z[1]);
  fails(ct, p, "branches swapped");

  // α = identity (a zero nonce) is refused before anything else.
  auto identity = VerifySelection<G>(this->K(), Ciphertext<G>{G::Identity(), ct.beta}, proof,
                                     this->context_);
  EXPECT_FALSE(identity.ok());
}

TYPED_TEST(ProofTest, SelectionProofIsBoundToKeyAndContext) {
  using G = TypeParam;
  auto s = EncryptSelection<G>(this->K(), 0, this->context_);
  ASSERT_TRUE(s.ok());
  const auto other = GenerateElGamalKeyPair<G>();
  EXPECT_FALSE(VerifySelection<G>(this->KeyOf(other.public_key), s->ciphertext, s->proof, this->context_).ok());
  EXPECT_FALSE(ElectionKey<G>::Make(G::Identity()).ok());  // no key, so nothing verifies under it
  EXPECT_FALSE(VerifySelection<G>(this->K(), s->ciphertext, s->proof, Bytes("another")).ok());
  EXPECT_FALSE(VerifySelection<G>(this->K(), s->ciphertext, s->proof, {}).ok());
  // Another ciphertext of the same selection does not take this one's proof.
  auto t = EncryptSelection<G>(this->K(), 0, this->context_);
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(VerifySelection<G>(this->K(), t->ciphertext, s->proof, this->context_).ok());
  EXPECT_TRUE(VerifySelection<G>(this->K(), t->ciphertext, t->proof, this->context_).ok());
}

// One contest: selections (placeholders included) and their nonces.
template <typename G>
struct Contest {
  std::vector<Ciphertext<G>> ciphertexts;
  std::vector<typename G::Scalar> nonces;
  std::vector<SelectionProof<G>> proofs;
};

template <typename G>
Contest<G> EncryptContest(const ElectionKey<G>& key, std::initializer_list<uint64_t> votes,
                          std::span<const uint8_t> context) {
  Contest<G> contest;
  for (uint64_t m : votes) {
    auto s = EncryptSelection<G>(key, m, context);
    EXPECT_TRUE(s.ok());
    contest.ciphertexts.push_back(s->ciphertext);
    contest.nonces.push_back(s->nonce);
    contest.proofs.push_back(s->proof);
  }
  return contest;
}

TYPED_TEST(ProofTest, ContestSumProofVerifies) {
  using G = TypeParam;
  // 7 choices, limit 1, one chosen; and 4 choices, limit 3, two chosen + one placeholder of 1.
  const auto seven = EncryptContest<G>(this->K(), {0, 0, 0, 1, 0, 0, 0}, this->context_);
  auto proof = ProveContestSum<G>(this->K(), seven.ciphertexts, seven.nonces, 1, this->context_);
  ASSERT_TRUE(proof.ok()) << proof.error().ToString();
  auto verified = VerifyContestSum<G>(this->K(), seven.ciphertexts, 1, *proof, this->context_);
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();

  const auto placeholders = EncryptContest<G>(this->K(), {1, 0, 1, 0, 1, 0, 0}, this->context_);
  auto three = ProveContestSum<G>(this->K(), placeholders.ciphertexts, placeholders.nonces, 3,
                                  this->context_);
  ASSERT_TRUE(three.ok()) << three.error().ToString();
  EXPECT_TRUE(
      VerifyContestSum<G>(this->K(), placeholders.ciphertexts, 3, *three, this->context_).ok());
  // ... and not for any other limit.
  for (uint64_t limit : {0u, 1u, 2u, 4u}) {
    EXPECT_FALSE(
        VerifyContestSum<G>(this->K(), placeholders.ciphertexts, limit, *three, this->context_).ok())
        << limit;
  }
}

TYPED_TEST(ProofTest, HonestProverRefusesAWrongTotal) {
  using G = TypeParam;
  const auto contest = EncryptContest<G>(this->K(), {1, 0, 1}, this->context_);
  for (uint64_t limit : {0u, 1u, 3u}) {
    auto proof = ProveContestSum<G>(this->K(), contest.ciphertexts, contest.nonces, limit,
                                    this->context_);
    ASSERT_FALSE(proof.ok()) << limit;
    EXPECT_EQ(proof.error().rule, "R-C4.contest-sum");
    for (const auto& r : contest.nonces) {
      EXPECT_EQ(proof.error().ToString().find(HexEncode(r.bytes)), std::string::npos);
    }
  }
  // A selection of 2 among zeros, with limit 1; nonces that are not the ciphertexts'; no
  // ciphertexts at all; one nonce missing.
  const auto r = G::RandomScalar();
  std::vector<Ciphertext<G>> cts = {this->EncryptInteger(2, r), this->EncryptInteger(0, r)};
  std::vector<typename G::Scalar> rs = {r, r};
  EXPECT_FALSE(ProveContestSum<G>(this->K(), cts, rs, 1, this->context_).ok());
  EXPECT_TRUE(ProveContestSum<G>(this->K(), cts, rs, 2, this->context_).ok());
  rs[1] = G::RandomScalar();
  EXPECT_FALSE(ProveContestSum<G>(this->K(), cts, rs, 2, this->context_).ok());
  EXPECT_FALSE(ProveContestSum<G>(this->K(), {}, {}, 0, this->context_).ok());
  EXPECT_FALSE(ProveContestSum<G>(this->K(), cts, std::span(rs).first(1), 2, this->context_).ok());
}

TYPED_TEST(ProofTest, ContestProofsNeedEverySelectionProof) {
  using G = TypeParam;
  // 2 + (−1) + 0 adds up to 1: the sum proof holds, and only the selection proofs catch it.
  const auto r = G::RandomScalar();
  const auto s = G::RandomScalar();
  const auto t = G::RandomScalar();
  std::vector<Ciphertext<G>> cts = {this->EncryptInteger(2, r), this->EncryptInteger(-1, s),
                                    this->EncryptInteger(0, t)};
  std::vector<typename G::Scalar> rs = {r, s, t};
  auto sum = ProveContestSum<G>(this->K(), cts, rs, 1, this->context_);
  ASSERT_TRUE(sum.ok());
  EXPECT_TRUE(VerifyContestSum<G>(this->K(), cts, 1, *sum, this->context_).ok());
  EXPECT_FALSE(ProveSelection<G>(this->K(), cts[0], 1, r, this->context_).ok());
  EXPECT_FALSE(ProveSelection<G>(this->K(), cts[1], 0, s, this->context_).ok());
  EXPECT_TRUE(ProveSelection<G>(this->K(), cts[2], 0, t, this->context_).ok());
}

TYPED_TEST(ProofTest, TamperedContestSumFailsVerification) {
  using G = TypeParam;
  const auto contest = EncryptContest<G>(this->K(), {0, 1, 0, 0}, this->context_);
  auto proof = ProveContestSum<G>(this->K(), contest.ciphertexts, contest.nonces, 1,
                                  this->context_);
  ASSERT_TRUE(proof.ok());
  ASSERT_TRUE(VerifyContestSum<G>(this->K(), contest.ciphertexts, 1, *proof, this->context_).ok());
  const auto g = G::Generator();
  const auto one = G::ScalarFromUint64(1);
  auto fails = [&](const std::vector<Ciphertext<G>>& cts, const ContestSumProof<G>& p,
                   const char* what) {
    auto status = VerifyContestSum<G>(this->K(), cts, 1, p, this->context_);
    EXPECT_FALSE(status.ok()) << what;
    if (!status.ok()) {
      EXPECT_EQ(status.error().rule, "R-C4.contest-sum-proof") << what;
    }
  };
  auto p = *proof;
  p.a = G::Add(p.a, g);
  fails(contest.ciphertexts, p, "a");
  p = *proof;
  p.b = G::Add(p.b, g);
  fails(contest.ciphertexts, p, "b");
  p = *proof;
  p.c = G::ScalarAdd(p.c, one);
  fails(contest.ciphertexts, p, "c");
  p = *proof;
  p.z = G::ScalarAdd(p.z, one);
  fails(contest.ciphertexts, p, "z");

  auto cts = contest.ciphertexts;
  cts[2].beta = G::Add(cts[2].beta, g);
  fails(cts, *proof, "a beta");
  cts = contest.ciphertexts;
  cts[0].alpha = G::Add(cts[0].alpha, g);
  fails(cts, *proof, "an alpha");
  // Moving G from one β to another keeps both sums, and still fails: the challenge hashes
  // every ciphertext, not only the aggregate.
  cts = contest.ciphertexts;
  cts[1].beta = G::Subtract(cts[1].beta, g);
  cts[3].beta = G::Add(cts[3].beta, g);
  fails(cts, *proof, "G moved between selections");
  cts = contest.ciphertexts;
  std::swap(cts[0], cts[1]);
  fails(cts, *proof, "two selections swapped");
  cts = contest.ciphertexts;
  cts.pop_back();
  fails(cts, *proof, "a selection dropped");
  EXPECT_FALSE(VerifyContestSum<G>(this->K(), {}, 1, *proof, this->context_).ok());
}

TYPED_TEST(ProofTest, ContestSumProofIsBoundToTheWholeStatement) {
  using G = TypeParam;
  const auto contest = EncryptContest<G>(this->K(), {0, 0, 1}, this->context_);
  auto proof = ProveContestSum<G>(this->K(), contest.ciphertexts, contest.nonces, 1,
                                  this->context_);
  ASSERT_TRUE(proof.ok());
  const auto other = GenerateElGamalKeyPair<G>();
  EXPECT_FALSE(
      VerifyContestSum<G>(this->KeyOf(other.public_key), contest.ciphertexts, 1, *proof, this->context_).ok());
  EXPECT_FALSE(
      VerifyContestSum<G>(this->K(), contest.ciphertexts, 1, *proof, Bytes("contest 4")).ok());
  // Another ciphertext of the same selection in place of one of them: the aggregate nonce
  // differs, and so does the challenge.
  auto again = EncryptSelection<G>(this->K(), 0, this->context_);
  ASSERT_TRUE(again.ok());
  auto cts = contest.ciphertexts;
  cts[0] = again->ciphertext;
  EXPECT_FALSE(VerifyContestSum<G>(this->K(), cts, 1, *proof, this->context_).ok());
  // A re-randomization of the whole contest by Enc(0; s) on one selection and Enc(0; −s) on
  // another keeps both aggregates: only the challenge's binding to each ciphertext stops it.
  const auto s = G::RandomScalar();
  const auto shift = this->K().Mul(s);
  cts = contest.ciphertexts;
  cts[0] = Ciphertext<G>{G::Add(cts[0].alpha, G::BaseMul(s)), G::Add(cts[0].beta, shift)};
  cts[1] = Ciphertext<G>{G::Subtract(cts[1].alpha, G::BaseMul(s)), G::Subtract(cts[1].beta, shift)};
  EXPECT_TRUE(G::Equal(SumCiphertexts<G>(cts).alpha, SumCiphertexts<G>(contest.ciphertexts).alpha));
  EXPECT_FALSE(VerifyContestSum<G>(this->K(), cts, 1, *proof, this->context_).ok());
}

TYPED_TEST(ProofTest, ErrorsNeverShowNoncesOrTheSecretKey) {
  using G = TypeParam;
  const auto r = G::RandomScalar();
  std::vector<std::string> secrets = {HexEncode(r.bytes), HexEncode(this->pair_.secret.bytes)};
  std::vector<Error> errors;
  auto collect = [&errors](const auto& result) {
    if (!result.ok()) errors.push_back(result.error());
  };
  const auto two = this->EncryptInteger(2, r);
  collect(ProveSelection<G>(this->K(), two, 1, r, this->context_));
  collect(EncryptWithNonce<G>(this->K(), 1, G::ScalarFromUint64(0)));
  std::vector<Ciphertext<G>> cts = {two};
  std::vector<typename G::Scalar> rs = {r};
  collect(ProveContestSum<G>(this->K(), cts, rs, 1, this->context_));
  auto one = EncryptSelectionWithNonces<G>(this->K(), 1, r, SelectionProofNonces<G>::Random(),
                                           this->context_);
  ASSERT_TRUE(one.ok());
  collect(VerifySelection<G>(this->K(), two, one->proof, this->context_));
  collect(DecryptSmall<G>(this->pair_.secret, two, 1));
  ASSERT_EQ(errors.size(), 5u);
  for (const auto& e : errors) {
    for (const auto& secret : secrets) {
      EXPECT_EQ(e.ToString().find(secret), std::string::npos) << e.ToString();
    }
  }
}

// ---- Known-answer vectors (tests/data/proofs/<group>.json) ----

const std::string kVectors = std::string(ASHYQ_SOURCE_DIR) + "/tests/data/proofs/";

template <typename G>
std::string ElementHex(const typename G::Element& e) {
  return HexEncode(G::Encode(e));
}

template <typename G>
typename G::Scalar ScalarFrom(const json::Value& object, std::string_view key) {
  const json::Value* v = object.Find(key);
  EXPECT_TRUE(v != nullptr && v->is_string()) << key;
  if (v == nullptr || !v->is_string()) return typename G::Scalar();
  auto bytes = HexDecode(v->as_string());
  EXPECT_TRUE(bytes.ok()) << key;
  auto s = G::DecodeScalar(bytes.ok() ? *bytes : std::vector<uint8_t>());
  EXPECT_TRUE(s.ok()) << key;
  return s.ok() ? *s : typename G::Scalar();
}

std::vector<uint8_t> BytesFrom(const json::Value& object, std::string_view key) {
  const json::Value* v = object.Find(key);
  EXPECT_TRUE(v != nullptr && v->is_string()) << key;
  if (v == nullptr || !v->is_string()) return {};
  auto bytes = HexDecode(v->as_string());
  EXPECT_TRUE(bytes.ok()) << key;
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

uint64_t IntFrom(const json::Value& object, std::string_view key) {
  const json::Value* v = object.Find(key);
  EXPECT_TRUE(v != nullptr && v->is_int()) << key;
  return v != nullptr && v->is_int() ? static_cast<uint64_t>(v->as_int()) : 0;
}

// The whole vector document from its inputs: every input of `inputs` is copied, every output
// computed. The test recomputes the file this way and compares; the writer makes it.
template <typename G>
json::Value ComputeVectors(const json::Value& inputs) {
  json::Value doc = json::Value::Object();
  doc.Set("description", *inputs.Find("description"));
  doc.Set("group", std::string(G::kName));
  const auto secret = ScalarFrom<G>(inputs, "secret_key");
  auto pair = ElGamalKeyPairFromSecret<G>(secret);
  EXPECT_TRUE(pair.ok());
  if (!pair.ok()) return doc;
  auto made = ElectionKey<G>::Make(pair->public_key);
  EXPECT_TRUE(made.ok());
  if (!made.ok()) return doc;
  const ElectionKey<G>& key = *made;
  doc.Set("secret_key", HexEncode(secret.bytes));
  doc.Set("public_key", ElementHex<G>(key.element()));
  doc.Set("generator", ElementHex<G>(G::Generator()));

  json::Value selections = json::Value::Array();
  std::vector<Ciphertext<G>> cts;
  std::vector<typename G::Scalar> nonces;
  uint64_t total = 0;
  for (const json::Value& in : inputs.Find("selections")->items()) {
    json::Value out = json::Value::Object();
    const uint64_t m = IntFrom(in, "selection");
    const auto context = BytesFrom(in, "context");
    const auto nonce = ScalarFrom<G>(in, "nonce");
    const SelectionProofNonces<G> proof_nonces{ScalarFrom<G>(in, "u"),
                                               ScalarFrom<G>(in, "simulated_challenge"),
                                               ScalarFrom<G>(in, "simulated_response")};
    out.Set("selection", static_cast<int64_t>(m));
    out.Set("context", HexEncode(context));
    out.Set("nonce", HexEncode(nonce.bytes));
    out.Set("u", HexEncode(proof_nonces.u.bytes));
    out.Set("simulated_challenge", HexEncode(proof_nonces.simulated_challenge.bytes));
    out.Set("simulated_response", HexEncode(proof_nonces.simulated_response.bytes));
    auto s = EncryptSelectionWithNonces<G>(key, m, nonce, proof_nonces, context);
    EXPECT_TRUE(s.ok());
    if (!s.ok()) return doc;
    EXPECT_TRUE(VerifySelection<G>(key, s->ciphertext, s->proof, context).ok());
    out.Set("alpha", ElementHex<G>(s->ciphertext.alpha));
    out.Set("beta", ElementHex<G>(s->ciphertext.beta));
    json::Value proof = json::Value::Object();
    for (size_t j = 0; j < 2; ++j) {
      const std::string n = std::to_string(j);
      proof.Set("a" + n, ElementHex<G>(s->proof.a[j]));
      proof.Set("b" + n, ElementHex<G>(s->proof.b[j]));
    }
    for (size_t j = 0; j < 2; ++j) proof.Set("c" + std::to_string(j), HexEncode(s->proof.c[j].bytes));
    for (size_t j = 0; j < 2; ++j) proof.Set("z" + std::to_string(j), HexEncode(s->proof.z[j].bytes));
    out.Set("proof", std::move(proof));
    out.Set("challenge_input",
            HexEncode(SelectionChallengeInput<G>(key, s->ciphertext, s->proof.a, s->proof.b,
                                                 context)));
    selections.Push(std::move(out));
    cts.push_back(s->ciphertext);
    nonces.push_back(nonce);
    total += m;
  }
  doc.Set("selections", std::move(selections));

  const json::Value& contest_in = *inputs.Find("contest");
  json::Value contest = json::Value::Object();
  const uint64_t limit = IntFrom(contest_in, "limit");
  const auto context = BytesFrom(contest_in, "context");
  const auto u = ScalarFrom<G>(contest_in, "u");
  contest.Set("limit", static_cast<int64_t>(limit));
  contest.Set("context", HexEncode(context));
  contest.Set("u", HexEncode(u.bytes));
  auto proof = ProveContestSumWithNonce<G>(key, cts, nonces, limit, u, context);
  EXPECT_TRUE(proof.ok());
  if (!proof.ok()) return doc;
  EXPECT_TRUE(VerifyContestSum<G>(key, cts, limit, *proof, context).ok());
  json::Value p = json::Value::Object();
  p.Set("a", ElementHex<G>(proof->a));
  p.Set("b", ElementHex<G>(proof->b));
  p.Set("c", HexEncode(proof->c.bytes));
  p.Set("z", HexEncode(proof->z.bytes));
  contest.Set("proof", std::move(p));
  contest.Set("challenge_input",
              HexEncode(ContestSumChallengeInput<G>(key, cts, limit, proof->a, proof->b, context)));
  const auto sum = SumCiphertexts<G>(cts);
  contest.Set("sum_alpha", ElementHex<G>(sum.alpha));
  contest.Set("sum_beta", ElementHex<G>(sum.beta));
  auto decrypted = DecryptSmall<G>(secret, sum, 100);
  EXPECT_TRUE(decrypted.ok());
  EXPECT_EQ(decrypted.ok() ? *decrypted : 0, total);
  contest.Set("decrypted_total", static_cast<int64_t>(total));
  doc.Set("contest", std::move(contest));
  return doc;
}

// Fixed inputs for the writer: scalars hashed from their names (any values would do; the file
// lists them, so a reader needs no derivation). One contest of 7 choices, limit 1.
template <typename G>
json::Value VectorInputs() {
  auto scalar = [](const std::string& name) {
    return HexEncode(G::HashToScalar("ashyq/test/proof-vectors/v1", Bytes(name)).bytes);
  };
  json::Value in = json::Value::Object();
  in.Set("description",
         "Ashyq exponential ElGamal and Chaum-Pedersen proofs (crypto/elgamal.h, "
         "crypto/chaum_pedersen.h: the byte layout of each challenge is documented there). "
         "One contest of 7 selections, limit 1. Elements and scalars in hex, in the group's "
         "encoding (crypto/group.h). challenge_input is the message given to HashToScalar with "
         "the domain ashyq/evote/selection-proof/v1 or ashyq/evote/contest-sum-proof/v1.");
  in.Set("secret_key", scalar("secret key"));
  json::Value selections = json::Value::Array();
  const uint64_t votes[] = {0, 0, 1, 0, 0, 0, 0};
  for (size_t i = 0; i < 7; ++i) {
    const std::string n = std::to_string(i);
    json::Value s = json::Value::Object();
    s.Set("selection", static_cast<int64_t>(votes[i]));
    s.Set("context", HexEncode(Bytes("kat election / contest 1 / selection " + n)));
    s.Set("nonce", scalar("nonce " + n));
    s.Set("u", scalar("u " + n));
    s.Set("simulated_challenge", scalar("simulated challenge " + n));
    s.Set("simulated_response", scalar("simulated response " + n));
    selections.Push(std::move(s));
  }
  in.Set("selections", std::move(selections));
  json::Value contest = json::Value::Object();
  contest.Set("limit", 1);
  contest.Set("context", HexEncode(Bytes("kat election / contest 1")));
  contest.Set("u", scalar("contest u"));
  in.Set("contest", std::move(contest));
  return in;
}

// Compares two vector documents field by field, so a mismatch names its place.
void ExpectSameJson(const json::Value& want, const json::Value& got, const std::string& where) {
  ASSERT_EQ(want.kind(), got.kind()) << where;
  if (want.is_object()) {
    ASSERT_EQ(want.size(), got.size()) << where;
    for (const auto& member : want.members()) {
      const json::Value* g = got.Find(member.key);
      ASSERT_NE(g, nullptr) << where << "/" << member.key;
      ExpectSameJson(member.value, *g, where + "/" + member.key);
    }
  } else if (want.is_array()) {
    ASSERT_EQ(want.size(), got.size()) << where;
    for (size_t i = 0; i < want.size(); ++i) {
      ExpectSameJson(want.items()[i], got.items()[i], where + "/" + std::to_string(i));
    }
  } else {
    EXPECT_TRUE(want == got) << where;
  }
}

template <typename G>
void CheckVectors(const std::string& file) {
  const std::string path = kVectors + file;
  if (std::getenv("ASHYQ_WRITE_PROOF_VECTORS") != nullptr) {
    std::ofstream(path) << json::Pretty(ComputeVectors<G>(VectorInputs<G>())) << "\n";
  }
  auto text = ReadFile(path, 1 << 20);
  ASSERT_TRUE(text.ok()) << path;
  auto doc = json::Parse(*text);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ASSERT_EQ(doc->Find("group")->as_string(), G::kName);
  ASSERT_EQ(doc->Find("selections")->size(), 7u);
  ExpectSameJson(*doc, ComputeVectors<G>(*doc), file);

  // The published proofs verify as published (decoded from the file, not recomputed).
  auto decode = [](const json::Value& o, std::string_view k) {
    auto e = G::Decode(BytesFrom(o, k), IdentityRule::kReject);
    EXPECT_TRUE(e.ok()) << k;
    return e.ok() ? *e : typename G::Element();
  };
  auto made = ElectionKey<G>::Make(decode(*doc, "public_key"));
  ASSERT_TRUE(made.ok());
  const ElectionKey<G>& key = *made;
  std::vector<Ciphertext<G>> cts;
  for (const json::Value& s : doc->Find("selections")->items()) {
    const Ciphertext<G> ct{decode(s, "alpha"), decode(s, "beta")};
    const json::Value& p = *s.Find("proof");
    SelectionProof<G> proof;
    proof.a = {decode(p, "a0"), decode(p, "a1")};
    proof.b = {decode(p, "b0"), decode(p, "b1")};
    proof.c = {ScalarFrom<G>(p, "c0"), ScalarFrom<G>(p, "c1")};
    proof.z = {ScalarFrom<G>(p, "z0"), ScalarFrom<G>(p, "z1")};
    EXPECT_TRUE(VerifySelection<G>(key, ct, proof, BytesFrom(s, "context")).ok());
    cts.push_back(ct);
  }
  const json::Value& c = *doc->Find("contest");
  const json::Value& p = *c.Find("proof");
  const ContestSumProof<G> proof{decode(p, "a"), decode(p, "b"), ScalarFrom<G>(p, "c"),
                                 ScalarFrom<G>(p, "z")};
  EXPECT_TRUE(VerifyContestSum<G>(key, cts, IntFrom(c, "limit"), proof, BytesFrom(c, "context")).ok());
  EXPECT_FALSE(VerifyContestSum<G>(key, cts, IntFrom(c, "limit") + 1, proof, BytesFrom(c, "context")).ok());
}

class ProofVectors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }
};

TEST_F(ProofVectors, P256) { CheckVectors<P256>("p256.json"); }
TEST_F(ProofVectors, Ristretto255Libsodium) { CheckVectors<Ristretto255>("ristretto255.json"); }
// The ElectionGuard 4096-bit baseline: elements are 512 bytes, scalars 32 bytes mod q.
TEST_F(ProofVectors, ElectionGuard4096) { CheckVectors<ElectionGuard4096>("eg4096.json"); }
// The same file through libdecaf: the two libraries agree on every byte.
TEST_F(ProofVectors, Ristretto255Libdecaf) {
  if (std::getenv("ASHYQ_WRITE_PROOF_VECTORS") != nullptr) GTEST_SKIP() << "written by libsodium";
  CheckVectors<Ristretto255Decaf>("ristretto255.json");
}

}  // namespace
}  // namespace ashyq::crypto
