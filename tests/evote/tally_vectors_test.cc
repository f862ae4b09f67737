// Known-answer vectors for the tally (tests/data/tally/p256.json): fixed key shares, ballots,
// nonces and decryption-proof nonces give exactly this `ashyq/evote-tally/1` result, these
// decryption-share challenges and these combined values. tests/data/tally/check_vectors.py,
// which uses no Ashyq code, recomputes them.
// ASHYQ_WRITE_TALLY_VECTORS=1 ashyq_evote_tests --gtest_filter='TallyVectors*' rewrites the file
// (only when a format change is intended).
#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/discrete_log.h"
#include "crypto/elgamal.h"
#include "crypto/group_p256.h"
#include "crypto/guardian_decryption.h"
#include "crypto/guardian_key.h"
#include "crypto/keys.h"
#include "evote/tally.h"
#include "evote/tally_json.h"

namespace ashyq::evote {
namespace {

using crypto::P256;
using G = P256;

const std::string kVectors = std::string(ASHYQ_SOURCE_DIR) + "/tests/data/tally/p256.json";

std::vector<uint8_t> Bytes(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

std::string ElementHex(const G::Element& e) { return HexEncode(G::Encode(e)); }

G::Scalar ScalarFromHex(const json::Value* v) {
  EXPECT_TRUE(v != nullptr && v->is_string());
  if (v == nullptr || !v->is_string()) return G::Scalar();
  auto bytes = HexDecode(v->as_string());
  EXPECT_TRUE(bytes.ok());
  auto s = G::DecodeScalar(bytes.ok() ? *bytes : std::vector<uint8_t>());
  EXPECT_TRUE(s.ok());
  return s.ok() ? *s : G::Scalar();
}

uint32_t U32(const json::Value& object, std::string_view key) {
  const json::Value* v = object.Find(key);
  EXPECT_TRUE(v != nullptr && v->is_int()) << key;
  return v != nullptr && v->is_int() ? static_cast<uint32_t>(v->as_int()) : 0;
}

std::string Str(const json::Value& object, std::string_view key) {
  const json::Value* v = object.Find(key);
  EXPECT_TRUE(v != nullptr && v->is_string()) << key;
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

// Hands out the listed scalars in order (known-answer tests only).
crypto::ScalarSource<G> ListedSource(std::shared_ptr<std::deque<G::Scalar>> queue) {
  return [queue] {
    EXPECT_FALSE(queue->empty()) << "the vector file lists too few random scalars";
    if (queue->empty()) return G::ScalarFromUint64(1);
    auto s = queue->front();
    queue->pop_front();
    return s;
  };
}

// P(x) for the joint polynomial's coefficients (Horner, mod the order).
G::Scalar Evaluate(const std::vector<G::Scalar>& coefficients, uint32_t x) {
  G::Scalar value;
  for (size_t m = coefficients.size(); m-- > 0;) {
    value = G::ScalarAdd(G::ScalarMultiply(value, G::ScalarFromUint64(x)), coefficients[m]);
  }
  return value;
}

// The whole document from its inputs (copied) and outputs (computed).
json::Value Compute(const json::Value& inputs) {
  json::Value doc = json::Value::Object();
  doc.Set("description", *inputs.Find("description"));
  doc.Set("group", "p256");
  const std::string election = Str(inputs, "election");
  doc.Set("election", election);
  const crypto::GuardianCeremony ceremony{U32(inputs, "guardians"), U32(inputs, "quorum")};
  doc.Set("guardians", ceremony.guardians);
  doc.Set("quorum", ceremony.quorum);
  doc.Set("polynomial", *inputs.Find("polynomial"));
  std::vector<G::Scalar> coefficients;
  for (const auto& c : inputs.Find("polynomial")->items()) coefficients.push_back(ScalarFromHex(&c));

  // The joint key and every guardian's key share, as the ceremony would leave them.
  crypto::JointKey<G> joint;
  joint.ceremony = ceremony;
  joint.key = G::BaseMul(coefficients[0]);
  std::vector<crypto::GuardianKeyShare<G>> key_shares;
  json::Value key_share_json = json::Value::Array();
  json::Value public_share_json = json::Value::Array();
  for (uint32_t j = 1; j <= ceremony.guardians; ++j) {
    crypto::GuardianKeyShare<G> share{j, Evaluate(coefficients, j), G::Element()};
    share.public_share = G::BaseMul(share.secret);
    joint.public_shares.push_back(share.public_share);
    key_share_json.Push(HexEncode(share.secret.bytes));
    public_share_json.Push(ElementHex(share.public_share));
    key_shares.push_back(share);
  }
  doc.Set("key", ElementHex(joint.key));
  doc.Set("key_shares", std::move(key_share_json));
  doc.Set("public_shares", std::move(public_share_json));

  // The ballots, encrypted with the listed nonces, and their sum.
  auto election_key = crypto::ElectionKey<G>::Make(joint.key);
  EXPECT_TRUE(election_key.ok());
  if (!election_key.ok()) return doc;
  std::vector<SelectionId> selections;
  for (const auto& s : inputs.Find("selections")->items()) {
    selections.push_back({Str(s, "contest"), Str(s, "selection")});
  }
  doc.Set("selections", *inputs.Find("selections"));
  std::vector<TallyBallot<G>> ballots;
  json::Value ballots_json = json::Value::Array();
  for (const auto& b : inputs.Find("ballots")->items()) {
    TallyBallot<G> ballot;
    json::Value out = json::Value::Array();
    for (size_t k = 0; k < b.size(); ++k) {
      const json::Value& in = b.items()[k];
      const auto vote = U32(in, "vote");
      auto ct = crypto::EncryptWithNonce<G>(*election_key, vote, ScalarFromHex(in.Find("nonce")));
      EXPECT_TRUE(ct.ok());
      if (!ct.ok()) return doc;
      ballot.selections.push_back({selections[k].contest, selections[k].selection, *ct});
      json::Value o = json::Value::Object();
      o.Set("vote", vote);
      o.Set("nonce", *in.Find("nonce"));
      o.Set("alpha", ElementHex(ct->alpha));
      o.Set("beta", ElementHex(ct->beta));
      out.Push(std::move(o));
    }
    ballots.push_back(std::move(ballot));
    ballots_json.Push(std::move(out));
  }
  doc.Set("ballots", std::move(ballots_json));
  auto tally = AccumulateTally<G>(election, selections, ballots, 1);
  EXPECT_TRUE(tally.ok());
  if (!tally.ok()) return doc;

  // Each present guardian's shares, its proof nonces listed (one per selection).
  std::vector<GuardianTallyShares<G>> guardians;
  std::vector<uint32_t> present;
  json::Value decryptions = json::Value::Array();
  const auto context = ElectionContext(election);
  for (const auto& d : inputs.Find("decryptions")->items()) {
    const uint32_t i = U32(d, "guardian");
    auto queue = std::make_shared<std::deque<G::Scalar>>();
    for (const auto& u : d.Find("u")->items()) queue->push_back(ScalarFromHex(&u));
    auto shares = DecryptTallyShare<G>(joint, key_shares[i - 1], *tally, ListedSource(queue));
    EXPECT_TRUE(shares.ok());
    if (!shares.ok()) return doc;
    EXPECT_TRUE(queue->empty());
    json::Value out = json::Value::Object();
    out.Set("guardian", i);
    out.Set("u", *d.Find("u"));
    json::Value inputs_json = json::Value::Array();
    for (size_t k = 0; k < shares->shares.size(); ++k) {
      const auto& s = shares->shares[k];
      inputs_json.Push(HexEncode(crypto::DecryptionShareChallengeInput<G>(
          joint.key, i, joint.PublicShare(i), tally->totals[k], s.share, s.proof.a, s.proof.b,
          context)));
    }
    out.Set("challenge_inputs", std::move(inputs_json));
    decryptions.Push(std::move(out));
    guardians.push_back(std::move(*shares));
    present.push_back(i);
  }
  json::Value lagrange = json::Value::Array();
  for (uint32_t i : present) {
    lagrange.Push(HexEncode(crypto::LagrangeCoefficientAtZero<G>(i, present).bytes));
  }
  doc.Set("decryptions", std::move(decryptions));
  doc.Set("lagrange_coefficients", std::move(lagrange));

  // Σ λ_i·M_i and β − Σ λ_i·M_i = count·G per selection, then the result file.
  json::Value combined = json::Value::Array();
  for (size_t k = 0; k < tally->totals.size(); ++k) {
    G::Element sum;
    for (size_t g = 0; g < guardians.size(); ++g) {
      sum = G::Add(sum, G::Mul(guardians[g].shares[k].share,
                               crypto::LagrangeCoefficientAtZero<G>(present[g], present)));
    }
    json::Value c = json::Value::Object();
    c.Set("shares_combined", ElementHex(sum));
    c.Set("count_times_generator", ElementHex(G::Subtract(tally->totals[k].beta, sum)));
    combined.Push(std::move(c));
  }
  doc.Set("combined", std::move(combined));
  auto table = crypto::DiscreteLogTable<G>::Make(64);
  EXPECT_TRUE(table.ok());
  if (!table.ok()) return doc;
  auto result = CombineTally<G>(joint, *tally, guardians, *table);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString());
  if (!result.ok()) return doc;
  EXPECT_TRUE(CheckTallyResult<G>(joint, *result).ok());
  doc.Set("result", TallyResultToJson<G>(*result));
  return doc;
}

// Fixed inputs: scalars hashed from their names (any would do; the file lists them).
json::Value Inputs() {
  auto scalar = [](const std::string& name) {
    return HexEncode(G::HashToScalar("ashyq/test/tally-vectors/v1", Bytes(name)).bytes);
  };
  json::Value in = json::Value::Object();
  in.Set("description",
         "Ashyq tally (src/evote/tally.h, src/evote/tally_json.h; docs/formats.md). 2-of-3 "
         "guardians whose key shares are P(1..3) for the joint polynomial P (what the key "
         "ceremony of crypto/guardian_key.h leaves: the sum of the guardians' polynomials); "
         "key = P(0)*G. Four ballots of one contest with three choices, each selection an "
         "ElGamal ciphertext (alpha = r*G, beta = vote*G + r*key) with the listed nonce r; the "
         "totals decrypted by guardians 1 and 3, whose decryption-share proofs take the listed "
         "u (one per selection, in order). challenge_inputs are the messages given to "
         "HashToScalar with the domain ashyq/guardian/decryption-share/v1 (the context is the "
         "election id's bytes). combined: sum of lambda_i * M_i, and beta minus it = count*G. "
         "result is the published ashyq/evote-tally/1 object (published as its RFC 8785 "
         "canonical text). Scalars and elements in hex in the group's encoding.");
  in.Set("election", "kat election 2026");
  in.Set("guardians", 3);
  in.Set("quorum", 2);
  json::Value polynomial = json::Value::Array();
  polynomial.Push(scalar("joint secret"));
  polynomial.Push(scalar("joint coefficient 1"));
  in.Set("polynomial", std::move(polynomial));
  json::Value selections = json::Value::Array();
  for (const char* choice : {"alma", "bota", "dala"}) {
    json::Value s = json::Value::Object();
    s.Set("contest", "mayor");
    s.Set("selection", choice);
    selections.Push(std::move(s));
  }
  in.Set("selections", std::move(selections));
  const int votes[4][3] = {{1, 0, 0}, {0, 0, 1}, {1, 0, 0}, {0, 0, 0}};
  json::Value ballots = json::Value::Array();
  for (int b = 0; b < 4; ++b) {
    json::Value ballot = json::Value::Array();
    for (int k = 0; k < 3; ++k) {
      json::Value s = json::Value::Object();
      s.Set("vote", votes[b][k]);
      s.Set("nonce", scalar("ballot " + std::to_string(b) + " selection " + std::to_string(k)));
      ballot.Push(std::move(s));
    }
    ballots.Push(std::move(ballot));
  }
  in.Set("ballots", std::move(ballots));
  json::Value decryptions = json::Value::Array();
  for (uint32_t i : {1u, 3u}) {
    json::Value d = json::Value::Object();
    d.Set("guardian", i);
    json::Value us = json::Value::Array();
    for (int k = 0; k < 3; ++k) {
      us.Push(scalar("guardian " + std::to_string(i) + " u " + std::to_string(k)));
    }
    d.Set("u", std::move(us));
    decryptions.Push(std::move(d));
  }
  in.Set("decryptions", std::move(decryptions));
  return in;
}

class TallyVectors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::Initialize().ok()); }
};

TEST_F(TallyVectors, P256) {
  if (std::getenv("ASHYQ_WRITE_TALLY_VECTORS") != nullptr) {
    std::ofstream(kVectors) << json::Pretty(Compute(Inputs())) << "\n";
  }
  auto text = ReadFile(kVectors, 1 << 20);
  ASSERT_TRUE(text.ok()) << kVectors;
  auto doc = json::Parse(*text);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ASSERT_EQ(Str(*doc, "group"), "p256");
  EXPECT_EQ(json::Canonicalize(Compute(*doc)), json::Canonicalize(*doc));

  // The published result, read as a verifier reads it (its canonical text), checks against
  // the joint key and holds the expected counts.
  const std::string published = json::Canonicalize(*doc->Find("result"));
  auto result = ParseTallyResult<G>(published);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  crypto::JointKey<G> joint;
  joint.ceremony = {3, 2};
  auto key = G::Decode(*HexDecode(Str(*doc, "key")), crypto::IdentityRule::kReject);
  ASSERT_TRUE(key.ok());
  joint.key = *key;
  for (const auto& s : doc->Find("public_shares")->items()) {
    auto e = G::Decode(*HexDecode(s.as_string()), crypto::IdentityRule::kReject);
    ASSERT_TRUE(e.ok());
    joint.public_shares.push_back(*e);
  }
  EXPECT_TRUE(CheckTallyResult<G>(joint, *result).ok());
  EXPECT_EQ(result->counts, (std::vector<uint64_t>{2, 0, 1}));
  EXPECT_EQ(TallyResultText<G>(*result), published);
  // A count changed in the file no longer checks.
  result->counts[1] = 1;
  EXPECT_FALSE(CheckTallyResult<G>(joint, *result).ok());
}

}  // namespace
}  // namespace ashyq::evote
