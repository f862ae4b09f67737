#include "evote/challenged_ballot.h"

namespace ashyq::evote {

Result<Digest> ChallengedTrackingCode(const json::Value& payload) {
  std::vector<Error> errors;
  if (!json::RequireFormat(payload, kChallengedBallotFormat, "a challenged ballot", &errors)) {
    return internal::FirstError(errors, kBallotFormatRule);
  }
  const json::Value* tally = payload.Find("tally");
  if (tally == nullptr || !tally->is_string() || tally->as_string() != "never") {
    return CheckFailed("/tally", std::string(kChallengeRule),
                       "a challenged ballot is never tallied: \"tally\" must be \"never\"");
  }
  const json::Value* ballot = payload.Find("ballot");
  const json::Value* code =
      ballot != nullptr && ballot->is_object() ? ballot->Find("tracking_code") : nullptr;
  if (code == nullptr || !code->is_string() || !IsDigestHex(code->as_string())) {
    return CheckFailed("/ballot/tracking_code", std::string(kBallotFormatRule),
                       "expected the opened ballot's tracking code: 64 lowercase hex digits");
  }
  return Digest::FromHex(code->as_string());
}

}  // namespace ashyq::evote
