// Every leaf of the published log, read and verified on every core: what it is, who signed it
// and whether every signature verifies against the key the definition lists for its signer.
//
//   leaf 0              the signed definition (checked before anything else: its CEC key is
//                       the trust anchor of the whole record)
//   precinct protocol   protocol::VerifyProtocol: member signatures, quorum, definition digest,
//                       version fields, R-D2 reconciliation; R-D4 notices
//   tier protocol       exactly one signature, by its commission, with the definition's key;
//                       the payload reads as a tier protocol
//   turnout report      protocol::VerifyTurnoutReport: signed by the station's PEC key
//   evidence            protocol::VerifyEvidence: an attempted alteration the server refused
//                       and kept (decision 0015): its object's signatures verify against the
//                       definition's keys of members of a commission above the station; a
//                       notice names it (it is the record of an attempt, not a finding against
//                       the record); never a version of the station's protocol
//   anything else       every signer is a commission or member of the definition and signed
//                       with the definition's key (a notice says it is not checked further)
//
// Every leaf must be the canonical JSON of its signed object (R-E2.leaf), logged once
// (R-E2.duplicate), and no two leaves may claim the same protocol version or turnout revision
// (R-E2.fork).
//
// Failures of precinct protocols are kept on the leaf, not reported here: a protocol the
// commission refused and published as refused is a notice, one it counted is a failure, and
// only the station file and the tabulation say which (file_check.h, tally_check.h).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/hash.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/election_context.h"
#include "protocol/evidence.h"
#include "protocol/precinct_protocol.h"
#include "protocol/turnout_report.h"
#include "tabulate/tier_protocol.h"
#include "verify/findings.h"
#include "protocol/leaf_reader.h"
#include "verify/published_log.h"

namespace ashyq::verify {

using protocol::FastLeaf;  // the DOM-free leaf reader lives with the formats it reads
using protocol::ReadLeafFast;

enum class LeafKind { kUnreadable, kDefinition, kPrecinctProtocol, kTierProtocol, kTurnoutReport, kEvidence, kOther };

struct VerifiedLeaf {
  LeafKind kind = LeafKind::kUnreadable;
  std::string format;     // the payload's format
  std::string subject;    // station (protocols, turnout reports) or commission (tier protocols)
  int64_t version = 0;    // protocol version; turnout revision
  Digest digest;          // of the signed object (what protocols and copies reference)
  Digest leaf_hash;       // RFC 9162 leaf hash of the bytes
  size_t signatures = 0;  // signatures verified
  std::optional<Error> error;  // why it does not verify; empty when it does

  std::unique_ptr<protocol::PrecinctProtocol> precinct;  // kPrecinctProtocol, payload read
  std::unique_ptr<tabulate::TierProtocol> tier;          // kTierProtocol, payload read
  std::vector<crypto::SignatureEntry> tier_signatures;   // kTierProtocol: as logged (commission files show them)
  std::unique_ptr<protocol::TurnoutReport> turnout;      // kTurnoutReport, payload read
  std::unique_ptr<protocol::Evidence> evidence;          // kEvidence, verified
};

// The leaves of the log grouped by what they are about, in log order.
struct VerifiedLog {
  std::vector<VerifiedLeaf> leaves;
  std::unordered_map<std::string, std::vector<size_t>> protocol_leaves;  // station -> leaves
  std::unordered_map<std::string, std::vector<size_t>> turnout_leaves;   // station -> leaves
  std::unordered_map<std::string, std::vector<size_t>> tier_leaves;      // commission -> leaves
  std::unordered_map<std::string, std::vector<size_t>> evidence_leaves;  // station -> leaves (verified)
  uint64_t signatures_verified = 0;
};

// Leaves read and their signatures checked against the keys they name before the definition
// (which says whose keys those must be) is read: the cores do not idle while leaf 0 loads.
// VerifyLeaves then neither parses these leaves nor checks their signatures again.
struct PrecheckedLeaves {
  std::vector<std::optional<crypto::SignedObject>> objects;  // by leaf; empty: not reached, read
                                                             // fast, or not a canonical signed object
  std::vector<std::optional<FastLeaf>> fast;                 // by leaf: read by ReadLeafFast
};

// Prechecks leaves 1.. on `threads` threads, in log order, until `stop` is true.
PrecheckedLeaves PrecheckLeaves(const PublishedLog& log, unsigned threads, const std::atomic<bool>& stop);

// Called now and then from worker threads with the leaves done so far; must be thread-safe.
using LeafProgress = std::function<void(uint64_t done, uint64_t total)>;

// Verifies leaves 1.. of `log` against `election` (built from leaf 0) on `threads` threads,
// taking the leaves `early` holds from it (may be null). Leaf 0 is entered as the definition
// (the caller verified it). Failures (other than precinct protocols, see above) and notices go
// to `findings`, in leaf order.
VerifiedLog VerifyLeaves(const PublishedLog& log, const protocol::ElectionContext& election,
                         PrecheckedLeaves* early, unsigned threads, const LeafProgress& progress,
                         Findings* findings);

}  // namespace ashyq::verify
