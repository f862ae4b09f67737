// The promise of protocol/leaf_reader.h, as a check the tests and the fuzzer share: whatever
// ReadLeafFast reads, the strict readers read as canonical, without a problem, to the same
// digest, signatures and payload, and the verification of what it read ends as the strict one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "protocol/turnout_report.h"
#include "protocol/leaf_reader.h"

namespace ashyq::verify::testing {

using protocol::FastLeaf;
using protocol::ReadLeafFast;

// Empty when ReadLeafFast does not read `text`, or reads it as the strict readers do; else
// what differs. With a context, the verifications of both readings must end the same too.
inline std::string FastReadDisagreement(std::string_view text, const protocol::ProtocolContext* context = nullptr) {
  std::optional<FastLeaf> fast = ReadLeafFast(text);
  if (!fast) return "";
  json::ParseOptions options;
  options.max_bytes = text.size() + 1;
  crypto::SignedObject::TextReading reading;
  Result<crypto::SignedObject> strict = crypto::SignedObject::FromText(text, options, &reading);
  if (!strict.ok()) return "read fast, refused by the strict reader: " + strict.error().ToString();
  if (!reading.canonical) return "read fast, but not canonical";
  if (strict->digest() != fast->digest) return "the digests differ";
  if (strict->signatures().size() != fast->signatures.size()) return "the signature counts differ";
  for (size_t k = 0; k < fast->signatures.size(); ++k) {
    const crypto::SignatureEntry& a = strict->signatures()[k];
    const crypto::SignatureEntry& b = fast->signatures[k];
    if (a.signer != b.signer || a.public_key != b.public_key || a.signature != b.signature) {
      return "signature " + std::to_string(k) + " differs";
    }
  }
  std::vector<Error> problems;
  auto verifies = [&fast](size_t k) { return fast->SignatureVerifies(k); };
  if (fast->is_protocol()) {
    if (strict->payload_format() != protocol::kPrecinctProtocolFormat) return "read fast as a protocol: it is not";
    const protocol::PrecinctProtocol p = protocol::ProtocolFromJson(strict->payload(), &problems);
    if (!problems.empty()) return "read fast, the strict reader finds: " + problems.front().ToString();
    if (!(p == fast->protocol())) return "the protocols read differ";
    if (context != nullptr) {
      const Result<protocol::PrecinctProtocol> a = protocol::VerifyProtocol(*strict, *context);
      const Status b = protocol::VerifyReadProtocol(fast->protocol(), fast->signatures, verifies, *context);
      const std::string ea = a.ok() ? "" : a.error().ToString(), eb = b.ok() ? "" : b.error().ToString();
      if (ea != eb) return "verifications differ: \"" + ea + "\" (strict) vs \"" + eb + "\"";
      if (a.ok() && !(*a == fast->protocol())) return "verified protocols differ";
    }
  } else {
    if (strict->payload_format() != protocol::kTurnoutReportFormat) return "read fast as a turnout report: it is not";
    const protocol::TurnoutReport r = protocol::TurnoutReportFromJson(strict->payload(), &problems);
    if (!problems.empty()) return "read fast, the strict reader finds: " + problems.front().ToString();
    if (!(r == fast->turnout())) return "the turnout reports read differ";
    if (context != nullptr) {
      const Result<protocol::TurnoutReport> a = protocol::VerifyTurnoutReport(*strict, *context);
      const Status b = protocol::VerifyReadTurnoutReport(fast->turnout(), fast->signatures, verifies, *context);
      const std::string ea = a.ok() ? "" : a.error().ToString(), eb = b.ok() ? "" : b.error().ToString();
      if (ea != eb) return "verifications differ: \"" + ea + "\" (strict) vs \"" + eb + "\"";
    }
  }
  return "";
}

}  // namespace ashyq::verify::testing
