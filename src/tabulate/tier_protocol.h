// The result protocol of a territorial (TEC), regional (REC) or the central (CEC) commission:
// what the commission totals from the precinct protocols beneath it (R-E1), as
// "ashyq/tier-protocol/1" (docs/formats-tier-protocol.md).
//
// Every published total must be traceable to signed precinct objects, and each tier's protocol
// must include every PEC figure beneath it ([002] rec. 26). So:
//   - a TEC protocol lists each precinct protocol it totals by station, version and digest, and
//     embeds that protocol's figures exactly as signed;
//   - an REC or CEC protocol lists the digest of each child commission's tier protocol and,
//     again, every precinct protocol beneath it by station, version and digest (the figures
//     themselves are in the TEC protocols it references, once).
// Precincts not yet reported are simply absent: a preliminary result is still a result, and
// precincts_counted < precincts_expected says how preliminary.
//
// Contests. A tier protocol totals exactly the contests on *every* ballot beneath it: those
// whose scope is the commission itself or a commission above it. A district council (scope: a
// TEC) is totalled by that TEC and not above; a regional council by its REC and the TECs
// beneath; the CEC totals the national contests only. The commission that declares a contest's
// result is the highest one that totals it. Figures of contests below a commission remain
// reachable through the precinct protocols it references.
//
// Plain data; the figures are computed in aggregation.h and checked in consistency.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/election_definition.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::tabulate {

using protocol::CountFigure;  // the R-D1 figures, shared with precinct protocols
using protocol::CountFigures;

inline constexpr std::string_view kTierProtocolFormat = "ashyq/tier-protocol/1";

// One contest's totals: every R-D1 figure of protocol::ContestCount summed over the precincts
// counted, and the votes per choice in ballot order. (So valid_votes(), participants() and
// ballots_found() work on totals as on a single count.)
struct ContestTotals : protocol::ContestCount {
  int64_t precincts_expected = 0;  // polling stations beneath the commission voting in it
  int64_t precincts_counted = 0;   // of those, how many protocols the totals include
  friend bool operator==(const ContestTotals&, const ContestTotals&) = default;
};

// A precinct protocol the tier protocol includes.
struct PrecinctEntry {
  std::string station;          // polling station id
  int64_t version = 1;          // the protocol version totalled (a correction has version > 1)
  std::string protocol_digest;  // hex digest of that signed precinct protocol
  // TEC: the protocol's contests exactly as signed (every figure, every contest on the
  // station's ballot). REC/CEC: empty.
  std::vector<protocol::ContestCount> contests;
  friend bool operator==(const PrecinctEntry&, const PrecinctEntry&) = default;
};

// REC/CEC: the tier protocol of a child commission.
struct ChildEntry {
  std::string commission;       // child commission id (a TEC, or an REC under the CEC)
  std::string protocol_digest;  // hex digest of its tier protocol
  friend bool operator==(const ChildEntry&, const ChildEntry&) = default;
};

struct TierProtocol {
  std::string election_id;
  std::string definition_digest;  // hex digest of the signed definition
  std::string commission;         // the TEC, REC or CEC whose protocol this is
  CommissionTier tier = CommissionTier::kTerritorial;  // never kPrecinct
  // The contests this commission totals, in definition order.
  std::vector<ContestTotals> contests;
  // REC/CEC: child tier protocols, in the definition's order of the children. TEC: empty.
  std::vector<ChildEntry> children;
  // Every precinct protocol totalled, in the order of CommissionTree::StationsUnder.
  std::vector<PrecinctEntry> precincts;
  friend bool operator==(const TierProtocol&, const TierProtocol&) = default;
};


// Reads a tier protocol payload strictly, so that a document has exactly one reading: every
// field is required except as said in the format; unknown fields, nulls, empty ids, malformed
// digests, tier "pec", negative precinct counts, versions < 1, "children" on a TEC protocol and
// figures embedded in an REC/CEC protocol (or missing from a TEC one) are problems, each
// appended to `problems` (kBadInput, `where` = JSON Pointer). Returns what could be read. If
// doc["format"] is not kTierProtocolFormat, appends one problem and returns an empty protocol.
// Arithmetic is not checked here (consistency.h does).
TierProtocol TierProtocolFromJson(const json::Value& doc, std::vector<Error>* problems);

// The inverse: TierProtocolFromJson(TierProtocolToJson(p)) == p for every p it can produce.
json::Value TierProtocolToJson(const TierProtocol& protocol);
// One entry of its "contests": the contest count with precincts_expected and precincts_counted.
json::Value ContestTotalsToJson(const ContestTotals& totals);

// Exactly json::Canonicalize(TierProtocolToJson(p)) (RFC 8785), written directly: several
// times faster for the national protocols, which is what tabulating and verifying spend on.
std::string TierProtocolCanonical(const TierProtocol& protocol);

// TaggedHash(tag::kObject, TierProtocolCanonical(p)): the digest of the signed object that
// carries the protocol (crypto/signed_object.h), and what parents reference.
Digest TierProtocolDigest(const TierProtocol& protocol);

// Who signs a tier protocol (R-E1.signer): exactly one signature, that of `commission`, the
// commission its payload names, made with `key`, the key the definition lists for it. The one
// check of it: the verifier's on every logged tier protocol, the server's door on every one
// submitted (decision 0014). kBadSignature, rule "R-E1.signer", `where` into the envelope
// ("/signatures..."); the message does not repeat which protocol it is.
Status VerifyTierProtocolSigner(const crypto::SignedObject& object, const std::string& commission,
                                const crypto::PublicKey& key);

}  // namespace ashyq::tabulate
