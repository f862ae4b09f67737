// Signed tree heads: the log operator's (the CEC's) signed statement "the log had `size`
// leaves with this root at this time". Two tree heads of one log prove, with a consistency
// proof or with the leaves themselves, whether the log was only appended to between them;
// a rewritten, truncated or forked log cannot produce a consistent pair.
//
// A tree head travels as the payload of a signed object (ashyq/signed/1):
//   {"format": "ashyq/tree-head/1", "log_id": "<election id>", "size": <leaves>,
//    "root_hash": "<64 hex>", "timestamp": "2007-08-18T20:15:00Z"}
// signed by the CEC's commission key (the definition lists it). Tree heads are not leaves.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/hash.h"
#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"

namespace ashyq::ledger {

inline constexpr std::string_view kTreeHeadFormat = "ashyq/tree-head/1";

struct TreeHead {
  std::string log_id;     // the election id
  uint64_t size = 0;      // number of leaves
  Digest root_hash;       // RFC 9162 MTH of those leaves (EmptyTreeHash() when size is 0)
  std::string timestamp;  // RFC 3339 UTC, seconds: "YYYY-MM-DDTHH:MM:SSZ"

  friend bool operator==(const TreeHead&, const TreeHead&) = default;
};

json::Value TreeHeadToJson(const TreeHead& head);
// Strict: every field required, nothing unknown, size <= 2^53 - 1, timestamp as above.
Result<TreeHead> TreeHeadFromJson(const json::Value& payload);

Result<crypto::SignedObject> SignTreeHead(const TreeHead& head, const std::string& signer,
                                          const crypto::SigningKey& key);

// The object must be a tree head signed by `signer` with exactly `expected` (and only
// signatures that verify). Returns the tree head.
Result<TreeHead> VerifyTreeHead(const crypto::SignedObject& object, const std::string& signer,
                                const crypto::PublicKey& expected);

// Whether `newer` extends `older` (same log, size not smaller, consistency proof valid; equal
// sizes need equal roots). Names the failure: a different log, a truncated log (newer is
// smaller), a rewritten or forked log (proof fails). Rule ids R-E2.*.
Status CheckExtends(const TreeHead& older, const TreeHead& newer,
                    std::span<const Digest> consistency_proof);

}  // namespace ashyq::ledger
