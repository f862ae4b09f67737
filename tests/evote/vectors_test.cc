// Known-answer vectors (tests/data/evote/p256.json): a fixed key and fixed nonce seeds give
// exactly these canonical ballots, ballot hashes and tracking codes. Another implementation —
// tests/data/evote/check_vectors.py, which uses no Ashyq code — recomputes them.
// ASHYQ_WRITE_EVOTE_VECTORS=1 rewrites the file (only when a format change is intended).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "ballot_fixture.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "core/hash.h"
#include "core/json.h"
#include "crypto/group_p256.h"
#include "evote/challenged_ballot.h"
#include "evote/encrypted_ballot.h"
#include "evote/tracking_code.h"

namespace ashyq::evote {
namespace {

using crypto::P256;

const std::string kVectors = std::string(ASHYQ_SOURCE_DIR) + "/tests/data/evote/p256.json";

json::Value Compute() {
  const auto pair = testing::FixedKeyPair();
  const auto key = testing::FixedKey();
  const auto style = testing::Style();
  json::Value doc = json::Value::Object();
  doc.Set("description",
          "Ashyq encrypted ballots (src/evote/encrypted_ballot.h), their tracking codes "
          "(src/evote/tracking_code.h) and a challenged ballot (src/evote/challenged_ballot.h): "
          "docs/formats.md gives every byte layout. Three ballots from one device, in chain "
          "order; the second is challenged. `canonical` is the exact payload text (RFC 8785).");
  doc.Set("group", "p256");
  doc.Set("secret_key", HexEncode(pair.secret.bytes));
  doc.Set("public_key", HexEncode(P256::EncodeUncompressed(pair.public_key)));
  const BallotHeader first = testing::FirstHeader();
  doc.Set("election_id", first.election_id);
  doc.Set("device_id", first.device_id);
  doc.Set("definition_digest", first.definition_digest.Hex());
  doc.Set("ballot_style", first.ballot_style);
  doc.Set("cast_hour", first.cast_hour);
  json::Value style_json = json::Value::Array();
  for (const auto& c : style) {
    json::Value cv = json::Value::Object();
    cv.Set("contest_id", c.id);
    cv.Set("limit", c.limit);
    json::Value ids = json::Value::Array();
    for (const auto& id : c.selection_ids) ids.Push(id);
    cv.Set("selection_ids", std::move(ids));
    style_json.Push(std::move(cv));
  }
  doc.Set("style", std::move(style_json));
  doc.Set("tracking_seed_input", HexEncode(TrackingSeedInput(first.election_id, first.device_id)));
  doc.Set("code_0", TrackingSeed(first.election_id, first.device_id).Hex());

  const std::vector<BallotChoices> all_choices = {
      {{0, 1, 0, 0}, {1, 0, 0, 1, 0}}, {{1, 0, 0, 0}, {0, 0, 1, 0, 0}},
      {{0, 0, 0, 0}, {0, 0, 0, 0, 0}}};
  json::Value ballots = json::Value::Array();
  Digest previous = first.previous_tracking_code;
  for (size_t i = 0; i < all_choices.size(); ++i) {
    const NonceSeed seed = testing::SeedFrom("vector ballot " + std::to_string(i));
    BallotHeader header = testing::Header(previous);
    auto ballot = EncryptBallot<P256>(key, header, style, all_choices[i], seed);
    EXPECT_TRUE(ballot.ok());
    if (!ballot.ok()) return doc;
    const json::Value payload = EncryptedBallotToJson<P256>(*ballot);
    json::Value b = json::Value::Object();
    b.Set("nonce_seed", HexEncode(seed.bytes));
    json::Value choices = json::Value::Array();
    for (const auto& contest : all_choices[i]) {
      json::Value values = json::Value::Array();
      for (uint64_t v : contest) values.Push(static_cast<int64_t>(v));
      choices.Push(std::move(values));
    }
    b.Set("choices", std::move(choices));
    b.Set("canonical", json::Canonicalize(payload));
    b.Set("ballot_hash", BallotHash(payload).Hex());
    b.Set("tracking_code", ballot->tracking_code.Hex());
    b.Set("short_code", ShortTrackingCode(ballot->tracking_code));
    b.Set("object_digest", TaggedHash(ashyq::tag::kObject, json::Canonicalize(payload)).Hex());
    if (i == 1) {
      auto challenged = ChallengeBallot<P256>(*ballot, all_choices[i], seed);
      EXPECT_TRUE(challenged.ok());
      const std::string text = json::Canonicalize(ChallengedBallotToJson<P256>(*challenged));
      json::Value c = json::Value::Object();
      c.Set("canonical", text);
      c.Set("object_digest", TaggedHash(ashyq::tag::kObject, text).Hex());
      b.Set("challenged", std::move(c));
    }
    ballots.Push(std::move(b));
    previous = ballot->tracking_code;
  }
  doc.Set("ballots", std::move(ballots));
  return doc;
}

class EvoteVectors : public testing::EvoteTest {};

TEST_F(EvoteVectors, P256) {
  if (std::getenv("ASHYQ_WRITE_EVOTE_VECTORS") != nullptr) {
    std::ofstream(kVectors) << json::Pretty(Compute()) << "\n";
  }
  auto text = ReadFile(kVectors, 1 << 22);
  ASSERT_TRUE(text.ok()) << kVectors;
  auto doc = json::Parse(*text);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  const json::Value computed = Compute();
  // Member by member, so that a difference names its place.
  ASSERT_EQ(doc->size(), computed.size());
  for (const auto& m : computed.members()) {
    const json::Value* want = doc->Find(m.key);
    ASSERT_NE(want, nullptr) << m.key;
    if (m.key == "ballots") {
      ASSERT_EQ(want->size(), m.value.size());
      for (size_t i = 0; i < want->size(); ++i) {
        for (const auto& f : m.value.items()[i].members()) {
          const json::Value* w = want->items()[i].Find(f.key);
          ASSERT_NE(w, nullptr) << "ballots/" << i << "/" << f.key;
          EXPECT_TRUE(*w == f.value) << "ballots/" << i << "/" << f.key;
        }
      }
    } else {
      EXPECT_TRUE(*want == m.value) << m.key;
    }
  }
  // The published ballots read, verify and chain as published.
  const auto key = testing::FixedKey();
  const auto style = testing::Style();
  std::vector<TrackingLink> links;
  for (const json::Value& b : doc->Find("ballots")->items()) {
    auto payload = json::Parse(b.Find("canonical")->as_string());
    ASSERT_TRUE(payload.ok());
    auto ballot = EncryptedBallotFromJson<P256>(*payload);
    ASSERT_TRUE(ballot.ok()) << ballot.error().ToString();
    EXPECT_TRUE(VerifyEncryptedBallot<P256>(key, *ballot, *payload, style).ok());
    links.push_back(TrackingLink{"ballot " + std::to_string(links.size()),
                                 ballot->header.previous_tracking_code, BallotHash(*payload),
                                 ballot->tracking_code});
    if (const json::Value* c = b.Find("challenged")) {
      auto challenged = ChallengedBallotFromJson<P256>(*json::Parse(c->Find("canonical")->as_string()));
      ASSERT_TRUE(challenged.ok()) << challenged.error().ToString();
      EXPECT_TRUE(CheckChallengedBallot<P256>(key, *challenged, style).ok());
    }
  }
  EXPECT_TRUE(CheckTrackingChain(doc->Find("election_id")->as_string(),
                                 doc->Find("device_id")->as_string(), links)
                  .ok());
}

}  // namespace
}  // namespace ashyq::evote
