// Every tier equals the sum beneath it (R-E1), recomputed from the published precinct
// protocols alone, and every contest's seats or winner (R-A3, R-E5) decided again from those
// totals.
//
// Which protocols count: for each station, its versions in log order form a chain
// (protocol::VerifyVersionChain: version 1, 2, ... each naming the digest of the one before,
// each verifying). The latest version whose chain holds counts: a correction that does not
// verify (e.g. signed by a higher commission) is refused and the version before it stands, so
// nobody can knock a station out of the count by filing a bad "correction".
//
// Each commission's latest published tier protocol (its last in the log) must be, digest for
// digest, the tabulation of what was published beneath it before it: for a TEC the counted
// precinct versions logged before it, for an REC or the CEC the children's latest tier
// protocols logged before it (R-E1.tabulation, with the precise rule of tabulate's
// CheckTierProtocol and the figures). It must also be up to date: a protocol version or child
// protocol logged after it and not in it is R-E1.stale. A commission with counted precincts
// beneath it and no tier protocol is R-E1.missing. Superseded tier protocols are checked on
// their own (sums, coverage, R-E4).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocol/election_context.h"
#include "tabulate/aggregation.h"
#include "tabulate/results_export.h"
#include "verify/findings.h"
#include "verify/leaf_check.h"
#include "verify/published_log.h"

namespace ashyq::verify {

// What the log says about one station's protocol.
struct StationVerdict {
  std::vector<size_t> versions;  // protocol leaves, log order
  size_t held = 0;               // leading versions whose chain holds; the last of them counts
  std::optional<Error> rejection;  // why version held + 1 does not hold (when there is one)

  bool counted() const { return held > 0; }
  size_t counted_leaf() const { return versions[held - 1]; }  // requires counted()
  bool latest_counted() const { return held > 0 && held == versions.size(); }
};

struct Tally {
  std::unordered_map<std::string, StationVerdict> stations;  // every station with a protocol leaf
  std::vector<tabulate::CountedPrecinct> counted;            // the counted version of each station
  tabulate::NationalTabulation tabulation;                   // of `counted`
  bool tabulated = false;
  std::vector<tabulate::ContestOutcome> outcomes;  // every contest, definition order
  size_t tier_protocols_checked = 0;               // latest tier protocols equal to the recomputation
};

Tally CheckTally(const PublishedLog& log, const VerifiedLog& verified, const protocol::ElectionContext& election,
                 unsigned threads, Findings* findings);

}  // namespace ashyq::verify
