// The log as a whole (R-E2): every published tree head is signed by the CEC with the key of the
// definition, names this election's log, and its root is the RFC 9162 root recomputed from the
// published leaves at its size. So any two heads are consistent exactly when both check: a log
// rewritten, truncated or forked between two heads cannot give both roots from one list of
// leaves. The latest head (log/tree-head.json, index.json) covers every published leaf, and
// older range files (a partial range later completed) agree with the leaves.
//
// Rules: R-E2.tree-head (a head that is unsigned, signed by another key, malformed, misnamed or
// of another log), R-E2.root (a root that is not the leaves' root), R-E2.size (heads and
// leaves disagree on the size), R-E2.latest (index.json, log/tree-head.json and
// log/tree-heads/ disagree), R-E2.timestamp (a larger head with an earlier time), R-E2.range.
#pragma once

#include <cstdint>
#include <string>

#include "crypto/keys.h"
#include "verify/findings.h"
#include "verify/leaf_check.h"
#include "verify/publication_directory.h"
#include "verify/published_index.h"
#include "verify/published_log.h"

namespace ashyq::verify {

struct LogSummary {
  uint64_t leaves = 0;
  uint64_t tree_heads = 0;     // read from log/tree-heads/
  uint64_t heads_checked = 0;  // signed by the CEC and with the leaves' root
  uint64_t latest_size = 0;
  std::string latest_root;       // hex, as the latest head states it
  std::string latest_timestamp;
};

LogSummary CheckLog(const PublicationDirectory& dir, const PublishedIndex& index, const PublishedLog& log,
                    const VerifiedLog& verified, const std::string& election_id, const std::string& cec_id,
                    const crypto::PublicKey& cec_key, Findings* findings);

}  // namespace ashyq::verify
