// Arbitrary bytes -> JSON -> encrypted ballot (src/evote/encrypted_ballot.h) -> JSON, and the
// same document as a challenged ballot. Whatever reads cleanly must write back to the very same
// canonical document (one ballot, one document) and read back again; verifying it against a
// fixed key and ballot style must end in success or an error with a rule. Nothing may crash,
// hang or overflow. Seeds: fuzz/seeds/encrypted_ballot_fuzz (ballots from tests/data/evote).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "crypto/elgamal.h"
#include "crypto/group_p256.h"
#include "crypto/keys.h"
#include "evote/challenged_ballot.h"
#include "evote/encrypted_ballot.h"

namespace {

using ashyq::crypto::P256;

// The key and style of tests/data/evote/p256.json, so that the seeds verify.
const ashyq::crypto::ElectionKey<P256>& Key() {
  static const ashyq::crypto::ElectionKey<P256> key = [] {
    const std::string label = "evote test election key";
    const auto secret = P256::HashToScalar(
        "ashyq/test/key", std::span(reinterpret_cast<const uint8_t*>(label.data()), label.size()));
    return *ashyq::crypto::ElectionKey<P256>::Make(P256::BaseMul(secret));
  }();
  return key;
}

const std::vector<ashyq::evote::ContestSpec>& Style() {
  static const std::vector<ashyq::evote::ContestSpec> style = {
      {"president", 1, {"p-1", "p-2", "p-3", "p-4"}},
      {"council", 2, {"c-1", "c-2", "c-3", "c-4", "c-5"}}};
  return style;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = ashyq::crypto::Initialize().ok();
  if (!ready) return 0;
  ashyq::json::ParseOptions options;
  options.max_bytes = 1 << 20;
  auto doc = ashyq::json::Parse(
      std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (!doc.ok()) return 0;

  auto ballot = ashyq::evote::EncryptedBallotFromJson<P256>(*doc);
  if (ballot.ok()) {
    const std::string canonical = ashyq::json::Canonicalize(*doc);
    const auto written = ashyq::evote::EncryptedBallotToJson<P256>(*ballot);
    if (ashyq::json::Canonicalize(written) != canonical) __builtin_trap();
    if (!ashyq::evote::EncryptedBallotFromJson<P256>(written).ok()) __builtin_trap();
    ashyq::Status s = ashyq::evote::VerifyEncryptedBallot<P256>(Key(), *ballot, *doc, Style());
    if (!s.ok() && s.error().rule.empty()) __builtin_trap();
  } else if (ballot.error().rule.empty()) {
    __builtin_trap();  // every refusal names its rule
  }

  auto challenged = ashyq::evote::ChallengedBallotFromJson<P256>(*doc);
  if (challenged.ok()) {
    const auto written = ashyq::evote::ChallengedBallotToJson<P256>(*challenged);
    if (ashyq::json::Canonicalize(written) != ashyq::json::Canonicalize(*doc)) __builtin_trap();
    ashyq::Status s = ashyq::evote::CheckChallengedBallot<P256>(Key(), *challenged, Style());
    if (!s.ok() && s.error().rule.empty()) __builtin_trap();
    if (!ashyq::evote::ChallengedTrackingCode(*doc).ok()) __builtin_trap();
  }
  return 0;
}
