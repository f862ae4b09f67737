#include "evote/challenged_ballot.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ballot_fixture.h"
#include "core/json.h"
#include "crypto/group_p256.h"

namespace ashyq::evote {
namespace {

using crypto::P256;
using testing::EvoteTest;
using testing::FirstHeader;
using testing::FixedKey;
using testing::SeedFrom;
using testing::SomeChoices;
using testing::Style;

class ChallengedBallotTest : public EvoteTest {
 protected:
  void SetUp() override {
    const auto style = Style();
    auto ballot = EncryptBallot<P256>(key_, FirstHeader(), style, SomeChoices(), SeedFrom("c1"));
    ASSERT_TRUE(ballot.ok());
    auto challenged = ChallengeBallot<P256>(*ballot, SomeChoices(), SeedFrom("c1"));
    ASSERT_TRUE(challenged.ok()) << challenged.error().ToString();
    payload_ = ChallengedBallotToJson<P256>(*challenged);
  }

  Status Check(const json::Value& payload) {
    auto read = ChallengedBallotFromJson<P256>(payload);
    if (!read.ok()) return read.error();
    const auto style = Style();
    return CheckChallengedBallot<P256>(key_, *read, style);
  }

  json::Value& Revealed(json::Value& p, size_t contest, const char* kind, size_t i) {
    return p.Find("contests")->items()[contest].Find(kind)->items()[i];
  }

  // Every nonce of the payload, in hex.
  std::vector<std::string> Nonces() {
    std::vector<std::string> out;
    for (const auto& c : payload_.Find("contests")->items()) {
      for (const char* kind : {"selections", "placeholders"}) {
        for (const auto& s : c.Find(kind)->items()) out.push_back(s.Find("nonce")->as_string());
      }
    }
    return out;
  }

  const crypto::ElectionKey<P256> key_ = FixedKey();
  json::Value payload_;
};

TEST_F(ChallengedBallotTest, AnHonestChallengeChecks) {
  auto st = Check(payload_);
  EXPECT_TRUE(st.ok()) << st.error().ToString();
  EXPECT_EQ(payload_.Find("tally")->as_string(), "never");
  auto read = ChallengedBallotFromJson<P256>(payload_);
  ASSERT_TRUE(read.ok());
  const auto shown = ChoicesShown<P256>(*read);
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[0], std::vector<std::string>{"p-2"});
  EXPECT_EQ(shown[1], (std::vector<std::string>{"c-1", "c-4"}));
  // The tally finds the ballot to leave out.
  auto code = ChallengedTrackingCode(payload_);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, read->ballot.tracking_code);
  // Canonical round trip.
  const std::string text = json::Canonicalize(payload_);
  auto again = ChallengedBallotFromJson<P256>(*json::Parse(text));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(json::Canonicalize(ChallengedBallotToJson<P256>(*again)), text);
  EXPECT_EQ(Nonces().size(), 12u);  // 9 selections, 3 placeholders
}

TEST_F(ChallengedBallotTest, NeverTalliedIsRequired) {
  json::Value p = payload_;
  p.Set("tally", "yes");
  auto st = Check(p);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/tally");
  EXPECT_EQ(st.error().rule, "R-C4.challenge");
  EXPECT_FALSE(ChallengedTrackingCode(p).ok());
}

TEST_F(ChallengedBallotTest, ATamperedRevealFailsNamingThePlaceButNeverTheNonce) {
  std::vector<Error> errors;
  const auto expect_refused = [&](const json::Value& p, const std::string& where) {
    auto st = Check(p);
    ASSERT_FALSE(st.ok()) << where;
    EXPECT_EQ(st.error().where.rfind(where, 0), 0u) << st.error().ToString();
    errors.push_back(st.error());
  };
  // Another choice claimed (the device showing p-3 but encrypting p-2): values swapped.
  json::Value p = payload_;
  Revealed(p, 0, "selections", 1).Set("value", 0);
  Revealed(p, 0, "selections", 2).Set("value", 1);
  expect_refused(p, "/contests/0/selections/1");
  EXPECT_EQ(errors.back().rule, "R-C4.challenge");
  // A nonce changed (one hex digit).
  p = payload_;
  std::string nonce = Revealed(p, 1, "selections", 3).Find("nonce")->as_string();
  nonce[10] = nonce[10] == '0' ? '1' : '0';
  Revealed(p, 1, "selections", 3).Set("nonce", nonce);
  expect_refused(p, "/contests/1/selections/3");
  // Nonces of two selections exchanged.
  p = payload_;
  const json::Value n0 = *Revealed(p, 1, "placeholders", 0).Find("nonce");
  const json::Value n1 = *Revealed(p, 1, "placeholders", 1).Find("nonce");
  Revealed(p, 1, "placeholders", 0).Set("nonce", n1);
  Revealed(p, 1, "placeholders", 1).Set("nonce", n0);
  expect_refused(p, "/contests/1/placeholders/0");
  // A value of 2, a nonce not a scalar: the reader refuses them.
  p = payload_;
  Revealed(p, 0, "selections", 0).Set("value", 2);
  expect_refused(p, "/contests/0/selections/0/value");
  p = payload_;
  Revealed(p, 0, "selections", 0).Set("nonce", std::string(64, 'f'));
  expect_refused(p, "/contests/0/selections/0/nonce");
  // A selection missing from the reveal, another selection named.
  p = payload_;
  p.Find("contests")->items()[1].Find("selections")->items().pop_back();
  expect_refused(p, "/contests/1");
  p = payload_;
  Revealed(p, 0, "selections", 0).Set("selection_id", "p-9");
  expect_refused(p, "/contests/0/selections/0/selection_id");
  // The opened ballot changed: its tracking code fails.
  p = payload_;
  p.Find("ballot")->Set("ballot_style", "style-9");
  expect_refused(p, "/ballot");

  // No error text carries any nonce, whole or in part (a 16-digit window of each).
  const auto nonces = Nonces();
  for (const Error& e : errors) {
    const std::string text = e.ToString();
    for (const std::string& n : nonces) {
      for (size_t at = 0; at + 16 <= n.size(); at += 8) {
        EXPECT_EQ(text.find(n.substr(at, 16)), std::string::npos) << text;
      }
    }
    EXPECT_EQ(text.find(nonce.substr(0, 16)), std::string::npos) << text;
  }
  EXPECT_EQ(errors.size(), 8u);
}

TEST_F(ChallengedBallotTest, AChallengeOfOtherChoicesOrSeedFails) {
  const auto style = Style();
  auto ballot = EncryptBallot<P256>(key_, FirstHeader(), style, SomeChoices(), SeedFrom("c1"));
  ASSERT_TRUE(ballot.ok());
  // The device claims the voter chose p-1 (the ciphertext holds p-2).
  auto lie = ChallengeBallot<P256>(*ballot, {{1, 0, 0, 0}, {1, 0, 0, 1, 0}}, SeedFrom("c1"));
  ASSERT_TRUE(lie.ok());
  auto st = CheckChallengedBallot<P256>(key_, *lie, style);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/contests/0/selections/0");
  // The wrong seed: no nonce matches.
  auto wrong = ChallengeBallot<P256>(*ballot, SomeChoices(), SeedFrom("c2"));
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(CheckChallengedBallot<P256>(key_, *wrong, style).ok());
  EXPECT_FALSE(ChallengeBallot<P256>(*ballot, {{1, 0, 0, 0}}, SeedFrom("c1")).ok());
}

TEST_F(ChallengedBallotTest, TheReaderIsStrict) {
  for (const char* key : {"format", "tally", "ballot", "contests"}) {
    json::Value p = json::Value::Object();
    for (const auto& m : payload_.members()) {
      if (m.key != key) p.Set(m.key, m.value);
    }
    EXPECT_FALSE(ChallengedBallotFromJson<P256>(p).ok()) << key;
  }
  json::Value p = payload_;
  p.Set("note", "x");
  auto r = ChallengedBallotFromJson<P256>(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/note");
  p = payload_;
  Revealed(p, 0, "selections", 0).Set("shown", true);
  r = ChallengedBallotFromJson<P256>(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/contests/0/selections/0/shown");
  p = payload_;
  p.Find("ballot")->Set("extra", 1);
  r = ChallengedBallotFromJson<P256>(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/ballot/extra");
}

}  // namespace
}  // namespace ashyq::evote
