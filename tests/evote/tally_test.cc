// The homomorphic tally (evote/tally.h) and its files (evote/tally_json.h), on P-256 and
// ristretto255 with a 3-of-5 guardian ceremony: the tally equals the plaintext sum, any thread
// count gives the same totals, any 3 guardians decrypt the same counts, 2 fail cleanly, a
// tampered share, proof, count or file is refused naming what is wrong, and no key share or
// polynomial coefficient ever appears in an error.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/json.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/guardian_json.h"
#include "crypto/keys.h"
#include "evote/tally.h"
#include "evote/tally_json.h"

namespace ashyq::evote {
namespace {

using crypto::Ciphertext;
using crypto::GuardianCeremony;

constexpr char kElection[] = "kz2027-test";

template <typename G>
struct Guardians {
  GuardianCeremony params;
  std::vector<crypto::GuardianPolynomial<G>> polynomials;
  std::vector<crypto::GuardianKeyShare<G>> key_shares;  // [j − 1]
  crypto::JointKey<G> joint;
};

template <typename G>
Guardians<G> RunCeremony(uint32_t n, uint32_t k) {
  Guardians<G> g;
  g.params = GuardianCeremony{n, k};
  const auto context = ElectionContext(kElection);
  std::vector<crypto::GuardianCommitments<G>> commitments;
  for (uint32_t i = 1; i <= n; ++i) {
    auto poly = crypto::NewGuardianPolynomial<G>(g.params, i);
    EXPECT_TRUE(poly.ok());
    commitments.push_back(crypto::CommitGuardianPolynomial<G>(g.params, *poly, context));
    g.polynomials.push_back(std::move(*poly));
  }
  for (uint32_t j = 1; j <= n; ++j) {
    std::vector<crypto::GuardianShare<G>> received;
    for (const auto& poly : g.polynomials) {
      received.push_back(*crypto::ShareForGuardian<G>(g.params, poly, j));
    }
    auto share = crypto::CombineReceivedShares<G>(
        g.params, j, std::span<const crypto::GuardianShare<G>>(received),
        std::span<const crypto::GuardianCommitments<G>>(commitments), context);
    EXPECT_TRUE(share.ok());
    g.key_shares.push_back(std::move(*share));
  }
  auto joint = crypto::ComputeJointKey<G>(
      g.params, std::span<const crypto::GuardianCommitments<G>>(commitments), context);
  EXPECT_TRUE(joint.ok());
  g.joint = std::move(*joint);
  return g;
}

// Two contests: "president" (4 candidates, choose 1) and "referendum" (yes/no, choose 1).
std::vector<SelectionId> Selections() {
  return {{"president", "a"}, {"president", "b"}, {"president", "c"}, {"president", "d"},
          {"referendum", "yes"}, {"referendum", "no"}};
}

template <typename G>
struct Election {
  Guardians<G> guardians;
  std::vector<SelectionId> selections = Selections();
  std::vector<TallyBallot<G>> ballots;
  std::vector<uint64_t> expected;  // the plaintext sums
  const crypto::DiscreteLogTable<G>* table = nullptr;
};

template <typename G>
const Election<G>& TheElection() {
  static const Election<G>* election = [] {
    auto* e = new Election<G>;
    e->guardians = RunCeremony<G>(5, 3);
    auto key = crypto::ElectionKey<G>::Make(e->guardians.joint.key);
    EXPECT_TRUE(key.ok());
    e->expected.assign(e->selections.size(), 0);
    std::mt19937 rng(2027);
    for (int b = 0; b < 240; ++b) {
      // A president choice (or none: a blank contest) and a referendum choice.
      int president = static_cast<int>(rng() % 5);
      if (president == 4) president = -1;  // a blank contest
      const int referendum = 4 + static_cast<int>(rng() % 2);
      TallyBallot<G> ballot;
      for (size_t k = 0; k < e->selections.size(); ++k) {
        const uint64_t vote = (static_cast<int>(k) == president || static_cast<int>(k) == referendum);
        e->expected[k] += vote;
        ballot.selections.push_back({e->selections[k].contest, e->selections[k].selection,
                                     *crypto::EncryptElGamal<G>(*key, vote)});
      }
      // Some ballots list their selections in another order (found by search).
      if (b % 7 == 0) std::reverse(ballot.selections.begin(), ballot.selections.end());
      e->ballots.push_back(std::move(ballot));
    }
    auto table = crypto::DiscreteLogTable<G>::Make(10'000);
    EXPECT_TRUE(table.ok());
    e->table = new crypto::DiscreteLogTable<G>(std::move(*table));
    return e;
  }();
  return *election;
}

template <typename G>
class TallyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::Initialize().ok()); }

  static EncryptedTally<G> Accumulate(unsigned threads) {
    const auto& e = TheElection<G>();
    auto tally = AccumulateTally<G>(kElection, e.selections, e.ballots, threads);
    EXPECT_TRUE(tally.ok()) << tally.error().ToString();
    return std::move(*tally);
  }

  static std::vector<GuardianTallyShares<G>> Decrypt(const EncryptedTally<G>& tally,
                                                    std::vector<uint32_t> who) {
    const auto& e = TheElection<G>();
    std::vector<GuardianTallyShares<G>> out;
    for (uint32_t i : who) {
      auto shares = DecryptTallyShare<G>(e.guardians.joint, e.guardians.key_shares[i - 1], tally);
      EXPECT_TRUE(shares.ok()) << shares.error().ToString();
      out.push_back(std::move(*shares));
    }
    return out;
  }

  static Result<TallyResult<G>> Combine(const EncryptedTally<G>& tally,
                                        const std::vector<GuardianTallyShares<G>>& shares) {
    const auto& e = TheElection<G>();
    return CombineTally<G>(e.guardians.joint, tally,
                           std::span<const GuardianTallyShares<G>>(shares), *e.table);
  }

  // Every secret of the ceremony as hex: none may appear in any error.
  static void ExpectNoSecret(const Error& error) {
    const auto& g = TheElection<G>().guardians;
    const std::string text = error.ToString();
    for (const auto& share : g.key_shares) {
      EXPECT_EQ(text.find(HexEncode(share.secret.bytes)), std::string::npos) << text;
      EXPECT_EQ(text.find(HexEncode(share.secret.bytes).substr(0, 16)), std::string::npos);
    }
    for (const auto& poly : g.polynomials) {
      for (const auto& a : poly.coefficients) {
        EXPECT_EQ(text.find(HexEncode(a.bytes).substr(0, 16)), std::string::npos) << text;
      }
    }
  }
};

using TallyGroups = ::testing::Types<crypto::P256, crypto::Ristretto255>;
class GroupNames {
 public:
  template <typename G>
  static std::string GetName(int) { return std::string(G::kLabel); }
};
TYPED_TEST_SUITE(TallyTest, TallyGroups, GroupNames);

TYPED_TEST(TallyTest, EqualsThePlaintextSum) {
  using G = TypeParam;
  const auto& e = TheElection<G>();
  const auto tally = this->Accumulate(2);
  EXPECT_EQ(tally.ballots, 240u);
  EXPECT_EQ(tally.selections, e.selections);
  auto result = this->Combine(tally, this->Decrypt(tally, {1, 2, 3}));
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->counts, e.expected);
  // Each contest had one choice per ballot at most; the referendum exactly one.
  EXPECT_EQ(result->counts[4] + result->counts[5], 240u);
  EXPECT_TRUE(CheckTallyResult<G>(e.guardians.joint, *result).ok());
}

TYPED_TEST(TallyTest, ParallelEqualsSequential) {
  using G = TypeParam;
  const auto one = this->Accumulate(1);
  for (unsigned threads : {2u, 3u, 7u, 0u, 1000u}) {
    const auto many = this->Accumulate(threads);
    ASSERT_EQ(many.totals.size(), one.totals.size());
    for (size_t k = 0; k < one.totals.size(); ++k) {
      EXPECT_TRUE(G::Equal(many.totals[k].alpha, one.totals[k].alpha)) << threads;
      EXPECT_TRUE(G::Equal(many.totals[k].beta, one.totals[k].beta)) << threads;
    }
    EXPECT_EQ(json::Canonicalize(EncryptedTallyToJson<G>(many)),
              json::Canonicalize(EncryptedTallyToJson<G>(one)));
  }
  // The chunks cover every ballot once.
  for (size_t count : {0u, 1u, 5u, 240u}) {
    for (size_t chunks : {1u, 2u, 3u, 7u}) {
      size_t next = 0;
      for (size_t c = 0; c < chunks; ++c) {
        const auto [begin, end] = ChunkRange(count, chunks, c);
        EXPECT_EQ(begin, next);
        next = end;
      }
      EXPECT_EQ(next, count);
    }
  }
}

TYPED_TEST(TallyTest, AnyThreeOfFiveDecryptTheSameTotals) {
  using G = TypeParam;
  const auto& e = TheElection<G>();
  const auto tally = this->Accumulate(2);
  const auto all = this->Decrypt(tally, {1, 2, 3, 4, 5});
  int subsets = 0;
  for (uint32_t mask = 0; mask < 32; ++mask) {
    if (__builtin_popcount(mask) < 3) continue;
    std::vector<GuardianTallyShares<G>> chosen;
    for (uint32_t i = 0; i < 5; ++i) {
      if (mask & (1u << i)) chosen.push_back(all[i]);
    }
    std::reverse(chosen.begin(), chosen.end());  // order does not matter
    auto result = this->Combine(tally, chosen);
    ASSERT_TRUE(result.ok()) << mask << ": " << result.error().ToString();
    EXPECT_EQ(result->counts, e.expected) << mask;
    EXPECT_TRUE(CheckTallyResult<G>(e.guardians.joint, *result).ok());
    ASSERT_EQ(result->decryptions.size(), chosen.size());
    EXPECT_TRUE(std::is_sorted(result->decryptions.begin(), result->decryptions.end(),
                               [](const auto& a, const auto& b) { return a.guardian < b.guardian; }));
    ++subsets;
  }
  EXPECT_EQ(subsets, 16);  // 10 of 3, 5 of 4, 1 of 5
}

TYPED_TEST(TallyTest, FewerThanTheQuorumFailCleanly) {
  const auto tally = this->Accumulate(2);
  const auto two = this->Decrypt(tally, {2, 5});
  auto result = this->Combine(tally, two);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().rule, "R-C4.quorum");
  EXPECT_NE(result.error().message.find("3 of the 5"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("guardians 2, 5"), std::string::npos);
  this->ExpectNoSecret(result.error());
  // The same guardian twice is not two guardians.
  auto twice = this->Combine(tally, {two[0], two[1], two[0]});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().rule, "R-C4.quorum");
  EXPECT_FALSE(this->Combine(tally, {}).ok());
}

TYPED_TEST(TallyTest, TamperedSharesAndProofsAreRefusedNamingTheGuardian) {
  using G = TypeParam;
  const auto& e = TheElection<G>();
  const auto tally = this->Accumulate(2);
  const auto good = this->Decrypt(tally, {1, 3, 4});
  auto expect_refused = [&](std::vector<GuardianTallyShares<G>> shares, const std::string& what) {
    auto result = this->Combine(tally, shares);
    ASSERT_FALSE(result.ok()) << what;
    EXPECT_NE(result.error().where.find("guardian/3"), std::string::npos)
        << what << ": " << result.error().ToString();
    EXPECT_NE(result.error().where.find("president/b"), std::string::npos)
        << what << ": " << result.error().ToString();
    EXPECT_EQ(result.error().rule, "R-C4.decryption-share") << what;
    this->ExpectNoSecret(result.error());
  };
  auto bad = good;
  bad[1].shares[1].share = G::Add(bad[1].shares[1].share, G::Generator());
  expect_refused(bad, "share");
  bad = good;
  bad[1].shares[1].proof.c = G::ScalarAdd(bad[1].shares[1].proof.c, G::ScalarFromUint64(1));
  expect_refused(bad, "challenge");
  bad = good;
  bad[1].shares[1].proof.z = G::ScalarAdd(bad[1].shares[1].proof.z, G::ScalarFromUint64(1));
  expect_refused(bad, "response");
  bad = good;
  bad[1].shares[1].proof.a = G::Generator();
  expect_refused(bad, "commitment a");
  // Guardian 3's share for the president/b total given as its share for president/a: bound to
  // the ciphertext, it fails there.
  bad = good;
  std::swap(bad[1].shares[0], bad[1].shares[1]);
  auto swapped = this->Combine(tally, bad);
  ASSERT_FALSE(swapped.ok());
  EXPECT_NE(swapped.error().where.find("guardian/3"), std::string::npos);

  // A key share that is not the guardian's (guardian 2's secret labelled as guardian 4's).
  crypto::GuardianKeyShare<G> wrong = e.guardians.key_shares[1];
  wrong.guardian = 4;
  auto refused = DecryptTallyShare<G>(e.guardians.joint, wrong, tally);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "guardian/4");
  this->ExpectNoSecret(refused.error());
}

TYPED_TEST(TallyTest, TheCheckerRefusesAWrongCountOrAForeignKey) {
  using G = TypeParam;
  const auto& e = TheElection<G>();
  const auto tally = this->Accumulate(2);
  auto result = this->Combine(tally, this->Decrypt(tally, {2, 3, 5}));
  ASSERT_TRUE(result.ok());
  auto wrong = *result;
  wrong.counts[2] += 1;
  auto checked = CheckTallyResult<G>(e.guardians.joint, wrong);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().rule, "R-C4.decrypt");
  EXPECT_NE(checked.error().where.find("president/c"), std::string::npos);
  // A share tampered in the published result is found by the checker too.
  wrong = *result;
  wrong.decryptions[0].shares[5].proof.z = G::ScalarFromUint64(7);
  checked = CheckTallyResult<G>(e.guardians.joint, wrong);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().where.find("guardian/2"), std::string::npos);
  // Two decryptions only.
  wrong = *result;
  wrong.decryptions.pop_back();
  checked = CheckTallyResult<G>(e.guardians.joint, wrong);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().rule, "R-C4.quorum");
  // Another ceremony's key.
  const auto other = RunCeremony<G>(5, 3);
  EXPECT_FALSE(CheckTallyResult<G>(other.joint, *result).ok());
}

TYPED_TEST(TallyTest, FilesRoundTripAndAreReadStrictly) {
  using G = TypeParam;
  const auto& e = TheElection<G>();
  const auto tally = this->Accumulate(2);
  // The encrypted tally.
  auto back = EncryptedTallyFromJson<G>(EncryptedTallyToJson<G>(tally));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(json::Canonicalize(EncryptedTallyToJson<G>(*back)),
            json::Canonicalize(EncryptedTallyToJson<G>(tally)));
  // A guardian's shares.
  const auto shares = this->Decrypt(tally, {1, 4, 5});
  auto read = TallySharesFromJson<G>(TallySharesToJson<G>(tally, shares[1]), tally);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->guardian, 4u);
  auto other_tally = tally;
  other_tally.election = "another";
  EXPECT_FALSE(TallySharesFromJson<G>(TallySharesToJson<G>(tally, shares[1]), other_tally).ok());
  // The result: canonical text, parsed back to the same text, checked.
  auto result = this->Combine(tally, shares);
  ASSERT_TRUE(result.ok());
  const std::string text = TallyResultText<G>(*result);
  EXPECT_NE(text.find("\"format\":\"ashyq/evote-tally/1\""), std::string::npos);
  auto parsed = ParseTallyResult<G>(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(TallyResultText<G>(*parsed), text);
  EXPECT_EQ(parsed->counts, e.expected);
  EXPECT_TRUE(CheckTallyResult<G>(e.guardians.joint, *parsed).ok());
  // Not canonical (a space), an unknown field, a count edited: refused or caught.
  EXPECT_FALSE(ParseTallyResult<G>(text + " ").ok());
  auto doc = *json::Parse(text);
  doc.Set("note", "x");
  EXPECT_FALSE(ParseTallyResult<G>(json::Canonicalize(doc)).ok());
  const std::string count = "\"count\":" + std::to_string(e.expected[0]);
  ASSERT_NE(text.find(count), std::string::npos);
  std::string edited = text;
  edited.replace(edited.find(count), count.size(), "\"count\":" + std::to_string(e.expected[0] + 1));
  auto edited_result = ParseTallyResult<G>(edited);
  ASSERT_TRUE(edited_result.ok());
  EXPECT_FALSE(CheckTallyResult<G>(e.guardians.joint, *edited_result).ok());
  // Another group's file.
  const std::string foreign = G::kName == std::string_view("p256") ? "ristretto255" : "p256";
  auto moved = *json::Parse(text);
  moved.Set("group", foreign);
  EXPECT_FALSE(ParseTallyResult<G>(json::Canonicalize(moved)).ok());
}

TYPED_TEST(TallyTest, BadBallotsAreNamedLowestFirst) {
  using G = TypeParam;
  const auto& e = TheElection<G>();
  auto ballots = e.ballots;
  ballots[200].selections[3].selection = "z";
  ballots[150].selections[2] = ballots[150].selections[1];
  for (unsigned threads : {1u, 2u, 4u}) {
    auto tally = AccumulateTally<G>(kElection, e.selections, ballots, threads);
    ASSERT_FALSE(tally.ok());
    EXPECT_EQ(tally.error().where, "ballots/150/selections/2") << threads;
    EXPECT_NE(tally.error().message.find("twice"), std::string::npos);
  }
  ballots[150] = e.ballots[150];
  auto unknown = AccumulateTally<G>(kElection, e.selections, ballots, 2);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().where, "ballots/200/selections/3");
  EXPECT_FALSE(AccumulateTally<G>(kElection, e.selections, std::span<const TallyBallot<G>>(), 2).ok());
  // A selection no ballot holds cannot be decrypted with a proof: refused up front.
  auto selections = e.selections;
  selections.push_back({"president", "e"});
  EXPECT_FALSE(AccumulateTally<G>(kElection, selections, e.ballots, 2).ok());
  selections = e.selections;
  selections.push_back(selections[0]);
  EXPECT_FALSE(AccumulateTally<G>(kElection, selections, e.ballots, 2).ok());
}

}  // namespace
}  // namespace ashyq::evote
