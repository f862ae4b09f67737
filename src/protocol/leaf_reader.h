// A DOM-free reader for the leaves that make up almost all of a log: signed precinct protocols
// and turnout reports, in the canonical JSON (RFC 8785) every leaf must be.
//
// It reads the text in one pass, in the only key order canonical JSON allows, straight into the
// protocol structs, the signature entries and the digest (the hash of the payload's bytes as
// they stand), without building json::Value trees. It takes only the plain case: strings of
// printable ASCII without escapes, non-negative integers, every field present and valid as the
// strict readers (crypto::SignedObject::FromText, ProtocolFromJson,
// TurnoutReportFromJson) want it. Anything else (another kind of leaf, a malformed or
// unusual one) is "not read" and goes to the strict readers, which say precisely what is wrong.
//
// The commission server reads submissions with it too (server/intake.h), so it lives here.
//
// The promise: when ReadLeafFast reads a text, the strict path reads it as canonical, without
// a problem, to the same digest, signatures and payload (tests/verify/leaf_reader_test.cc and
// fuzz/leaf_reader_fuzz.cc hold it to that).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/hash.h"
#include "crypto/signed_object.h"
#include "protocol/precinct_protocol.h"
#include "protocol/turnout_report.h"

namespace ashyq::protocol {

struct FastLeaf {
  Digest digest;                                     // of the signed object (its payload)
  std::vector<crypto::SignatureEntry> signatures;    // as logged: non-empty, signers distinct
  std::variant<PrecinctProtocol, TurnoutReport> payload;

  bool is_protocol() const { return payload.index() == 0; }
  const PrecinctProtocol& protocol() const { return std::get<0>(payload); }
  const TurnoutReport& turnout() const { return std::get<1>(payload); }

  // Whether signature k verifies against the key it names (libsodium, or the answer
  // CheckSignatures kept).
  bool SignatureVerifies(size_t k) const;
  // Checks every signature now and keeps the answers (see SignedObject::CheckSignatures).
  void CheckSignatures();

 private:
  std::vector<uint8_t> checked_;  // by signature: 0 unchecked, 1 verifies, 2 fails
};

// The leaf read, or nullopt when it is not on the fast path (read it with the strict readers).
std::optional<FastLeaf> ReadLeafFast(std::string_view text);

}  // namespace ashyq::protocol
