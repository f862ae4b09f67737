// The independent verifier of a whole published election record (R-F1): everything an
// observer needs to trust the published result without trusting the commission's servers or
// code. It reads only the publication directory (DESIGN.md: verify never includes server,
// store or station) and checks, naming every failure by file, JSON Pointer, rule and figures:
//
//   1. the definition is log leaf 0 and is signed by the CEC key it lists (the trust anchor:
//      the report gives the key so it can be compared with the CEC's announcement, or pinned);
//   2. every leaf's signatures against the definition's keys, every precinct protocol's quorum
//      and reconciliation (R-D3, R-D2), correction chains (R-E1), tier protocols signed by
//      their commission, turnout reports by their PEC (leaf_check.h);
//   3. the log: every tree head signed by the CEC with the root of the published leaves, the
//      latest covering them all (log_check.h);
//   4. every tier equals the sum beneath it, recomputed from the published protocols, and every
//      contest's seats or winner decided again (tally_check.h);
//   5. every published file matches the log (file_check.h);
//   6. the e-vote record: every encrypted ballot, challenge and tally with its proofs, against
//      the counted protocols' electronic votes (evote_check.h).
//
// Signature verification (tens of thousands of Ed25519 signatures for a national election)
// and the per-file checks run on every core.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "verify/evote_check.h"
#include "verify/file_check.h"
#include "verify/findings.h"
#include "verify/log_check.h"

namespace ashyq::verify {

struct VerifyOptions {
  unsigned threads = 0;  // 0: every core
  // The CEC's public key (64 hex) as announced outside the record; when given, a definition
  // signed with any other key fails (R-F1.trust-anchor).
  std::string expected_cec_key;
  // Called (from any thread, must be thread-safe) as each stage advances: the stage's name,
  // items done, items in all.
  std::function<void(std::string_view stage, uint64_t done, uint64_t total)> progress;
  // Called once, after every check, with what was read and recomputed (valid during the call
  // only), e.g. for a commission to total its own tier protocol (commission_tally.h). Not called
  // when the record could not be read as far as its tabulation (no index, no definition).
  std::function<void(const PublishedRecord& record)> inspect;
};

struct VerificationReport {
  std::string publication;  // the directory verified
  std::string election_id;
  std::string definition_digest;
  std::string cec_key;  // hex: the key that signed the definition and the tree heads

  LogSummary log;
  uint64_t signatures_verified = 0;
  size_t precinct_protocols = 0;  // leaves, every version
  size_t corrections = 0;         // of them, versions > 1
  size_t stations_reported = 0;   // stations with at least one protocol
  size_t stations_counted = 0;    // whose latest version counts
  size_t stations_expected = 0;   // in the definition
  size_t tier_protocols = 0;      // leaves
  size_t tier_protocols_checked = 0;  // latest ones equal to the recomputation
  size_t turnout_reports = 0;
  size_t other_leaves = 0;
  size_t attempted_alterations = 0;  // evidence leaves (decision 0015): refused, kept, never counted
  size_t contests_decided = 0;
  FileSummary files;
  EvoteSummary evote;

  Findings findings;
  struct Timing {
    std::string stage;
    double seconds = 0;      // wall clock
    double cpu_seconds = 0;  // every thread's CPU time (on a busy machine, the fairer figure)
  };
  std::vector<Timing> timings;
  double seconds = 0;
  double cpu_seconds = 0;

  bool ok() const { return findings.ok(); }
};

// Verifies the publication at `path`: a publication directory, or an election directory with a
// publication/ subdirectory. kBadInput (exit code 2) when there is no publication there or its
// index.json does not read as one; anything wrong inside a publication is a failure in the
// report (exit code 1).
Result<VerificationReport> VerifyPublication(const std::string& path, const VerifyOptions& options);

// The report for machines: {"format": "ashyq/verification-report/1", "ok", "publication",
// "election_id", "definition_digest", "cec_key", "summary": {...counts...}, "failures":
// [{"code","where","rule","message"}], "notices": [...], "notice_counts": {rule: n},
// "timings": [{"stage","ms","cpu_ms"}]}.
json::Value ReportToJson(const VerificationReport& report);

}  // namespace ashyq::verify
