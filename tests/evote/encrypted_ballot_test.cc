#include "evote/encrypted_ballot.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ballot_fixture.h"
#include "core/encoding.h"
#include "core/json.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/keys.h"

namespace ashyq::evote {
namespace {

using crypto::P256;
using testing::EvoteTest;
using testing::FirstHeader;
using testing::FixedKey;
using testing::SeedFrom;
using testing::SomeChoices;
using testing::Style;

class EncryptedBallotTest : public EvoteTest {
 protected:
  void SetUp() override {
    const auto style = Style();
    auto ballot = EncryptBallot<P256>(key_, FirstHeader(), style, SomeChoices(), SeedFrom("b1"));
    ASSERT_TRUE(ballot.ok()) << ballot.error().ToString();
    ballot_ = *ballot;
    payload_ = EncryptedBallotToJson<P256>(ballot_);
  }

  Status Verify(const json::Value& payload) {
    auto read = EncryptedBallotFromJson<P256>(payload);
    if (!read.ok()) return read.error();
    const auto style = Style();
    return VerifyEncryptedBallot<P256>(key_, *read, payload, style);
  }

  // The payload with `edit` applied and its tracking code made right again (as a forger would).
  json::Value Forged(const std::function<void(json::Value&)>& edit) {
    json::Value p = payload_;
    edit(p);
    const Digest previous = *Digest::FromHex(p.Find("previous_tracking_code")->as_string());
    p.Set("tracking_code", NextTrackingCode(previous, BallotHash(p)).Hex());
    return p;
  }

  const crypto::ElectionKey<P256> key_ = FixedKey();
  EncryptedBallot<P256> ballot_;
  json::Value payload_;
};

TEST_F(EncryptedBallotTest, AnHonestBallotVerifies) {
  EXPECT_TRUE(Verify(payload_).ok()) << Verify(payload_).error().ToString();
  // Every selection plus `limit` placeholders, elements as 130 hex digits (SEC 1 uncompressed).
  const json::Value& contests = *payload_.Find("contests");
  ASSERT_EQ(contests.size(), 2u);
  EXPECT_EQ(contests.items()[0].Find("selections")->size(), 4u);
  EXPECT_EQ(contests.items()[0].Find("placeholders")->size(), 1u);
  EXPECT_EQ(contests.items()[1].Find("placeholders")->size(), 2u);
  const json::Value& first = contests.items()[0].Find("selections")->items()[0];
  EXPECT_EQ(first.Find("alpha")->as_string().size(), 130u);
  EXPECT_EQ(first.Find("alpha")->as_string().substr(0, 2), "04");
  EXPECT_EQ(payload_.Find("cast_hour")->as_string(), "2026-11-25T10:00:00Z");
  // The proofs also pass one by one.
  EXPECT_TRUE(VerifyBallotProofsEach<P256>(key_, ballot_).ok());
}

TEST_F(EncryptedBallotTest, TheSameInputsGiveTheSameBytesAndOtherSeedsOthers) {
  const auto style = Style();
  auto again = EncryptBallot<P256>(key_, FirstHeader(), style, SomeChoices(), SeedFrom("b1"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(json::Canonicalize(EncryptedBallotToJson<P256>(*again)), json::Canonicalize(payload_));
  auto other = EncryptBallot<P256>(key_, FirstHeader(), style, SomeChoices(), SeedFrom("b2"));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->tracking_code, ballot_.tracking_code);
  // The payload EncryptBallot hands back is the ballot's own, tracking code included.
  json::Value written;
  auto third = EncryptBallot<P256>(key_, FirstHeader(), style, SomeChoices(), SeedFrom("b1"), &written);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(json::Canonicalize(written), json::Canonicalize(payload_));
  EXPECT_EQ(written.Find("tracking_code")->as_string(), ballot_.tracking_code.Hex());
}

TEST_F(EncryptedBallotTest, CanonicalFormRoundTrips) {
  const std::string text = json::Canonicalize(payload_);
  EXPECT_TRUE(json::IsCanonical(text));
  auto parsed = json::Parse(text);
  ASSERT_TRUE(parsed.ok());
  auto read = EncryptedBallotFromJson<P256>(*parsed);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(json::Canonicalize(EncryptedBallotToJson<P256>(*read)), text);
  EXPECT_EQ(read->tracking_code, ballot_.tracking_code);
  EXPECT_EQ(read->header.device_id, "station-0042/terminal-1");
}

TEST_F(EncryptedBallotTest, TheBallotHashLeavesOutOnlyTheTrackingCode) {
  json::Value p = payload_;
  p.Set("tracking_code", std::string(64, '0'));
  EXPECT_EQ(BallotHash(p), BallotHash(payload_));
  p.Set("ballot_style", "style-2");
  EXPECT_NE(BallotHash(p), BallotHash(payload_));
  EXPECT_EQ(ballot_.tracking_code,
            NextTrackingCode(ballot_.header.previous_tracking_code, BallotHash(payload_)));
}

// BallotHash writes the canonical form member by member: it must be exactly the hash of the
// canonical payload with the top-level "tracking_code" removed — keys in RFC 8785 order (a
// non-ASCII key sorts by UTF-16 code units), a nested "tracking_code" kept.
TEST_F(EncryptedBallotTest, TheBallotHashIsTheCanonicalPayloadWithoutItsCode) {
  const auto reference = [](const json::Value& payload) {
    json::Value without = json::Value::Object();
    for (const auto& m : payload.members()) {
      if (m.key != "tracking_code") without.Set(m.key, m.value);
    }
    return TaggedHash(tag::kBallotHash, json::Canonicalize(without));
  };
  EXPECT_EQ(BallotHash(payload_), reference(payload_));
  json::Value p = payload_;
  json::Value nested = json::Value::Object();
  nested.Set("tracking_code", "kept");
  nested.Set("a\"b", 1);
  p.Set("extra", std::move(nested));
  p.Set("Zz", "upper case sorts first");
  EXPECT_EQ(BallotHash(p), reference(p));
  EXPECT_NE(BallotHash(p), BallotHash(payload_));
  p.Set("\xef\xbd\xa1", "U+FF61, after U+1F600 in UTF-8 but before it in UTF-16");
  p.Set("\xf0\x9f\x98\x80", "U+1F600");
  EXPECT_EQ(BallotHash(p), reference(p));
  EXPECT_EQ(BallotHash(json::Value("not an object")),
            TaggedHash(tag::kBallotHash, std::string_view("\"not an object\"")));
}

// Every way to break the structure, one at a time: each member of each object removed, given
// a value of the wrong kind, and an unknown member added to each object. Each must be refused,
// naming a place at or under the object and a rule.
void Mutations(const json::Value& node, const std::string& path,
               const std::function<void(const std::string&, const std::string&,
                                        const std::function<void(json::Value&)>&)>& visit,
               const std::function<json::Value&(json::Value&)>& locate) {
  if (node.is_object()) {
    visit(path, "extra member", [locate](json::Value& root) {
      locate(root).Set("unexpected", 1);
    });
    for (const auto& m : node.members()) {
      const std::string key = m.key;
      visit(path + "/" + key, "missing", [locate, key](json::Value& root) {
        json::Value& obj = locate(root);
        json::Value copy = json::Value::Object();
        for (const auto& mm : obj.members()) {
          if (mm.key != key) copy.Set(mm.key, mm.value);
        }
        obj = copy;
      });
      json::Value wrong = m.value.is_string() ? json::Value(int64_t{7}) : json::Value("x");
      visit(path + "/" + key, "wrong kind", [locate, key, wrong](json::Value& root) {
        locate(root).Set(key, wrong);
      });
      Mutations(m.value, path + "/" + key, visit, [locate, key](json::Value& root) -> json::Value& {
        return *locate(root).Find(key);
      });
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      Mutations(node.items()[i], path + "/" + std::to_string(i), visit,
                [locate, i](json::Value& root) -> json::Value& { return locate(root).items()[i]; });
    }
  }
}

TEST_F(EncryptedBallotTest, TheReaderRefusesEveryFieldMissingWrongOrExtra) {
  size_t count = 0;
  Mutations(
      payload_, "",
      [&](const std::string& where, const std::string& what,
          const std::function<void(json::Value&)>& edit) {
        json::Value p = payload_;
        edit(p);
        auto read = EncryptedBallotFromJson<P256>(p);
        ++count;
        ASSERT_FALSE(read.ok()) << what << " at " << where;
        EXPECT_FALSE(read.error().rule.empty()) << what << " at " << where;
        // The error's place is the field or, for a missing format, the document.
        const std::string& got = read.error().where;
        const std::string parent = where.substr(0, where.rfind('/'));
        EXPECT_TRUE(got.rfind(parent, 0) == 0 || where == "/format")
            << what << " at " << where << ": " << read.error().ToString();
      },
      [](json::Value& root) -> json::Value& { return root; });
  EXPECT_GT(count, 300u);
}

TEST_F(EncryptedBallotTest, TheReaderRefusesWrongValues) {
  const auto refused = [&](const std::function<void(json::Value&)>& edit, const std::string& where,
                           const std::string& rule) {
    json::Value p = payload_;
    edit(p);
    auto read = EncryptedBallotFromJson<P256>(p);
    ASSERT_FALSE(read.ok()) << where;
    EXPECT_EQ(read.error().where, where) << read.error().ToString();
    EXPECT_EQ(read.error().rule, rule) << read.error().ToString();
  };
  refused([](json::Value& p) { p.Set("cast_hour", "2026-11-25T10:17:00Z"); }, "/cast_hour",
          "R-C3.ballot-time");
  refused([](json::Value& p) { p.Set("cast_hour", "2026-11-25T10:00:01Z"); }, "/cast_hour",
          "R-C3.ballot-time");
  refused([](json::Value& p) { p.Set("group", "ristretto255"); }, "/group", "R-C4.ballot-format");
  refused([](json::Value& p) { p.Set("format", "ashyq/encrypted-ballot/2"); }, "/format",
          "R-C4.ballot-format");
  refused([](json::Value& p) { p.Set("election_id", ""); }, "/election_id",
          "R-C4.ballot-format");
  refused([](json::Value& p) { p.Set("tracking_code", std::string(64, 'A')); }, "/tracking_code",
          "R-C4.ballot-format");
  refused([](json::Value& p) { p.Set("contests", json::Value::Array()); }, "/contests",
          "R-C4.ballot-format");
  // A compressed point where an uncompressed one belongs; a point off the curve; the identity.
  const auto set_alpha = [](std::string value) {
    return [value](json::Value& p) {
      p.Find("contests")->items()[0].Find("selections")->items()[1].Set("alpha", value);
    };
  };
  const std::string alpha_path = "/contests/0/selections/1/alpha";
  refused(set_alpha(HexEncode(P256::Encode(P256::Generator()))), alpha_path, "R-C4.ballot-format");
  std::string off = payload_.Find("contests")->items()[0].Find("selections")->items()[1]
                        .Find("alpha")->as_string();
  off[129] = off[129] == '0' ? '1' : '0';
  refused(set_alpha(off), alpha_path, "crypto.group-element");
  refused(set_alpha(std::string(130, '0')), alpha_path, "crypto.group-element");
  // A scalar not below the order.
  refused([](json::Value& p) {
    p.Find("contests")->items()[1].Find("sum_proof")->Set("z", std::string(64, 'f'));
  }, "/contests/1/sum_proof/z", "R-C4.ballot-format");
  // Placeholders other than the limit; a repeated selection id.
  refused([](json::Value& p) {
    p.Find("contests")->items()[1].Find("placeholders")->items().pop_back();
  }, "/contests/1/placeholders", "R-C4.ballot-format");
  refused([](json::Value& p) {
    p.Find("contests")->items()[0].Find("selections")->items()[2].Set("selection_id", "p-1");
  }, "/contests/0/selections/2/selection_id", "R-C4.ballot-format");
}

TEST_F(EncryptedBallotTest, ASelectionOfTwoOrOverTheLimitGivesNoBallot) {
  const auto style = Style();
  auto two = EncryptBallot<P256>(key_, FirstHeader(), style, {{0, 2, 0, 0}, {1, 0, 0, 0, 0}},
                                 SeedFrom("x"));
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().rule, "R-C4.selection");
  auto over = EncryptBallot<P256>(key_, FirstHeader(), style, {{1, 1, 0, 0}, {1, 0, 0, 0, 0}},
                                  SeedFrom("x"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().rule, "R-C4.contest-sum");
  auto over2 = EncryptBallot<P256>(key_, FirstHeader(), style, {{1, 0, 0, 0}, {1, 1, 1, 0, 0}},
                                   SeedFrom("x"));
  ASSERT_FALSE(over2.ok());
  auto shape = EncryptBallot<P256>(key_, FirstHeader(), style, {{1, 0, 0}, {1, 0, 0, 0, 0}},
                                   SeedFrom("x"));
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error().rule, "R-C4.ballot-style");
  auto header = FirstHeader();
  header.cast_hour = "2026-11-25T10:42:00Z";
  auto minute = EncryptBallot<P256>(key_, header, style, SomeChoices(), SeedFrom("x"));
  ASSERT_FALSE(minute.ok());
  EXPECT_EQ(minute.error().rule, "R-C3.ballot-time");

  // A forger who puts an encryption of 2 in place of a selection: the honest prover refuses
  // to prove it, and the old proof fails on it.
  const auto context = SelectionContext(ballot_.header, "president", "p-2");
  const auto r = P256::ScalarFromUint64(99);
  auto enc2 = crypto::EncryptWithNonce<P256>(key_, 2, r);
  ASSERT_TRUE(enc2.ok());
  EXPECT_FALSE(crypto::ProveSelection<P256>(key_, *enc2, 1, r, context).ok());
  EXPECT_FALSE(crypto::ProveSelection<P256>(key_, *enc2, 2, r, context).ok());
  const auto forged = Forged([&](json::Value& p) {
    json::Value& s = p.Find("contests")->items()[0].Find("selections")->items()[1];
    s.Set("alpha", ElementHex<P256>(enc2->alpha));
    s.Set("beta", ElementHex<P256>(enc2->beta));
  });
  auto st = Verify(forged);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where.rfind("/contests/0/selections/1", 0), 0u) << st.error().ToString();

  // Two selections of 1 in a contest of limit 1 (each with a valid 0/1 proof): the sum proof
  // cannot be made — the honest prover refuses — and the ballot's own fails.
  std::vector<crypto::Ciphertext<P256>> cts;
  std::vector<P256::Scalar> nonces;
  for (uint64_t k = 0; k < 5; ++k) {
    const auto n = P256::ScalarFromUint64(1000 + k);
    cts.push_back(*crypto::EncryptWithNonce<P256>(key_, k < 2 ? 1 : 0, n));
    nonces.push_back(n);
  }
  EXPECT_FALSE(crypto::ProveContestSum<P256>(key_, cts, nonces, 1,
                                             ContestContext(ballot_.header, "president"))
                   .ok());
}

TEST_F(EncryptedBallotTest, TamperingFailsNamingThePlace) {
  // Any change without a new tracking code: the tracking code no longer matches.
  json::Value p = payload_;
  p.Find("contests")->items()[1].Find("selections")->items()[3].Set(
      "beta", ElementHex<P256>(P256::Generator()));
  auto st = Verify(p);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/tracking_code");
  EXPECT_EQ(st.error().rule, "R-C4.tracking-code");

  // With the tracking code recomputed, the proofs name the place.
  st = Verify(Forged([](json::Value& q) {
    q.Find("contests")->items()[1].Find("selections")->items()[3].Set(
        "beta", ElementHex<P256>(P256::Generator()));
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where.rfind("/contests/1/selections/3", 0), 0u) << st.error().ToString();
  EXPECT_EQ(st.error().rule, "R-C4.selection-proof");

  // A proof's challenge, response and commitment.
  const std::string other_scalar = ScalarHex<P256>(P256::ScalarFromUint64(5));
  st = Verify(Forged([&](json::Value& q) {
    q.Find("contests")->items()[0].Find("placeholders")->items()[0].Find("proof")->Set(
        "c1", other_scalar);
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/contests/0/placeholders/0: proof/c") << st.error().ToString();
  st = Verify(Forged([&](json::Value& q) {
    q.Find("contests")->items()[0].Find("selections")->items()[0].Find("proof")->Set(
        "z0", other_scalar);
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/contests/0/selections/0: proof/a0") << st.error().ToString();
  st = Verify(Forged([&](json::Value& q) {
    q.Find("contests")->items()[1].Find("sum_proof")->Set("z", other_scalar);
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/contests/1/sum_proof: proof/a") << st.error().ToString();
  EXPECT_EQ(st.error().rule, "R-C4.contest-sum-proof");

  // A tracking code changed alone.
  p = payload_;
  p.Set("tracking_code", Sha256(std::string_view("x")).Hex());
  st = Verify(p);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/tracking_code");

  // A ciphertext copied from another ballot, with its proof: bound to that ballot's
  // previous tracking code, it fails here.
  const auto style = Style();
  auto header2 = FirstHeader();
  header2.previous_tracking_code = ballot_.tracking_code;
  auto second = EncryptBallot<P256>(key_, header2, style, SomeChoices(), SeedFrom("b2"));
  ASSERT_TRUE(second.ok());
  const json::Value second_payload = EncryptedBallotToJson<P256>(*second);
  st = Verify(Forged([&](json::Value& q) {
    q.Find("contests")->items()[0].Find("selections")->items()[1] =
        second_payload.Find("contests")->items()[0].Find("selections")->items()[1];
  }));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where.rfind("/contests/0/selections/1", 0), 0u) << st.error().ToString();
}

TEST_F(EncryptedBallotTest, AWrongStyleIsNamed) {
  auto style = Style();
  style[1].selection_ids[2] = "c-x";
  auto st = VerifyEncryptedBallot<P256>(key_, ballot_, payload_, style);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/contests/1/selections/2/selection_id");
  EXPECT_EQ(st.error().rule, "R-C4.ballot-style");
  style = Style();
  style[0].limit = 2;
  st = VerifyEncryptedBallot<P256>(key_, ballot_, payload_, style);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/contests/0/limit");
}

TEST_F(EncryptedBallotTest, SignedByTheDeviceKey) {
  const auto device = crypto::SigningKey::Generate();
  auto signed_ballot = SignBallotPayload(payload_, device);
  ASSERT_TRUE(signed_ballot.ok()) << signed_ballot.error().ToString();
  EXPECT_EQ(signed_ballot->signatures().front().signer, "station-0042/terminal-1");
  // Through its canonical text, as published.
  auto text = json::Parse(signed_ballot->ToCanonicalJson());
  ASSERT_TRUE(text.ok());
  auto envelope = crypto::SignedObject::FromJson(*text);
  ASSERT_TRUE(envelope.ok());
  const auto style = Style();
  auto read = ReadVerifiedBallot<P256>(key_, *envelope, device.public_key(), style);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->tracking_code, ballot_.tracking_code);
  // Another device's key.
  const auto other = crypto::SigningKey::Generate();
  auto wrong = ReadVerifiedBallot<P256>(key_, *envelope, other.public_key(), style);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().rule, "R-C4.ballot-signer");
  // Signed by a key under another name.
  json::Value renamed = payload_;
  renamed.Set("device_id", "station-0042/terminal-2");
  auto resigned = SignBallotPayload(renamed, device);
  ASSERT_TRUE(resigned.ok());
  auto env2 = crypto::SignedObject::Create(payload_);
  ASSERT_TRUE(env2.ok());
  ASSERT_TRUE(env2->AddSignature("station-0042/terminal-2", device).ok());
  EXPECT_FALSE(CheckSignedBallot(*env2, device.public_key()).ok());
}

TEST_F(EncryptedBallotTest, CastHourDropsMinutesAndSeconds) {
  EXPECT_EQ(*CastHour("2026-11-25T10:59:59Z"), "2026-11-25T10:00:00Z");
  EXPECT_FALSE(CastHour("2026-11-25T10:59Z").ok());
  EXPECT_TRUE(IsCastHour("2026-11-25T23:00:00Z"));
  EXPECT_FALSE(IsCastHour("2026-11-25T23:00:00"));
  EXPECT_FALSE(IsCastHour("2026-11-25T24:00:00Z"));
}

TEST_F(EncryptedBallotTest, ProofContextsFollowTheDocumentedBytes) {
  BallotHeader h;
  h.election_id = "e";
  h.device_id = "d";
  h.definition_digest.bytes.fill(0x11);
  h.previous_tracking_code.bytes.fill(0x22);
  const std::string prefix = "00000001" "65" + std::string(64, '1') + "00000001" "64" +
                             std::string(64, '2') + "00000001" "63";
  EXPECT_EQ(HexEncode(ContestContext(h, "c")), prefix + "00");
  EXPECT_EQ(HexEncode(SelectionContext(h, "c", "s")), prefix + "01" "00000001" "73");
  EXPECT_EQ(HexEncode(PlaceholderContext(h, "c", 3)), prefix + "02" "00000003");
}

TEST_F(EncryptedBallotTest, OtherGroupsWorkThroughTheSameTemplates) {
  using crypto::Ristretto255;
  const auto pair = crypto::GenerateElGamalKeyPair<Ristretto255>();
  const auto key = *crypto::ElectionKey<Ristretto255>::Make(pair.public_key);
  const auto style = Style();
  auto ballot = EncryptBallot<Ristretto255>(key, FirstHeader(), style, SomeChoices(),
                                            SeedFrom("r"));
  ASSERT_TRUE(ballot.ok());
  const auto payload = EncryptedBallotToJson<Ristretto255>(*ballot);
  EXPECT_EQ(payload.Find("group")->as_string(), "ristretto255");
  auto read = EncryptedBallotFromJson<Ristretto255>(payload);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_TRUE(VerifyEncryptedBallot<Ristretto255>(key, *read, payload, style).ok());
  // A P-256 reader refuses it, naming the group.
  auto wrong = EncryptedBallotFromJson<P256>(payload);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().where, "/group");
}

}  // namespace
}  // namespace ashyq::evote
