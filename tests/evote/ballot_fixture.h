// What the evote tests share: a fixed election key, a ballot style of two contests, a header.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/elgamal.h"
#include "crypto/group_p256.h"
#include "crypto/keys.h"
#include "evote/encrypted_ballot.h"
#include "evote/tracking_code.h"

namespace ashyq::evote::testing {

inline crypto::ElGamalKeyPair<crypto::P256> FixedKeyPair() {
  const std::string label = "evote test election key";
  const auto secret = crypto::P256::HashToScalar(
      "ashyq/test/key", std::span(reinterpret_cast<const uint8_t*>(label.data()), label.size()));
  return *crypto::ElGamalKeyPairFromSecret<crypto::P256>(secret);
}

inline crypto::ElectionKey<crypto::P256> FixedKey() {
  return *crypto::ElectionKey<crypto::P256>::Make(FixedKeyPair().public_key);
}

// "president": 4 candidates, vote for 1; "council": 5 candidates, vote for up to 2.
inline std::vector<ContestSpec> Style() {
  return {ContestSpec{"president", 1, {"p-1", "p-2", "p-3", "p-4"}},
          ContestSpec{"council", 2, {"c-1", "c-2", "c-3", "c-4", "c-5"}}};
}

inline BallotHeader Header(const Digest& previous) {
  BallotHeader h;
  h.election_id = "kz-2026-test";
  h.definition_digest = Sha256(std::string_view("the test definition"));
  h.ballot_style = "style-1";
  h.device_id = "station-0042/terminal-1";
  h.cast_hour = "2026-11-25T10:00:00Z";
  h.previous_tracking_code = previous;
  return h;
}

inline BallotHeader FirstHeader() {
  return Header(TrackingSeed("kz-2026-test", "station-0042/terminal-1"));
}

inline NonceSeed SeedFrom(std::string_view label) {
  NonceSeed seed;
  seed.bytes = Sha256(label).bytes;
  return seed;
}

inline BallotChoices SomeChoices() { return {{0, 1, 0, 0}, {1, 0, 0, 1, 0}}; }

class EvoteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::Initialize().ok()); }
};

}  // namespace ashyq::evote::testing
