// What one TEC, REC or the CEC totals from the published record before it signs its own tier
// protocol (decision 0017, `ashyq tier sign`): the commission reads what anyone can read, the
// verified publication, and totals it with the same pure functions the verifier uses.
//
//   - a TEC totals the version that stands of each station beneath it (tabulate::AggregateTec
//     over the verifier's counted protocols: the verifier's own recomputation of that TEC);
//   - an REC or the CEC totals the latest published tier protocol of each child that has one
//     (tabulate::AggregateCommission): its children's statements, not its own recomputation of
//     them, since the door takes only references to what is logged.
//
// The result is then checked as the door and the verifier check it (tabulate::CheckTierProtocol
// against the published protocols), and compared with the verifier's recomputation of the
// commission over everything published: `complete` says whether the verifier will find it the
// commission's up-to-date result, or what is still missing beneath it.
//
//   verify::VerifyOptions options;
//   options.inspect = [&](const verify::PublishedRecord& r) { tally = verify::TallyCommission(r, "tec-01"); };
//   verify::VerifyPublication("pub", options);
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/result.h"
#include "tabulate/tier_protocol.h"
#include "verify/file_check.h"

namespace ashyq::verify {

struct CommissionTally {
  size_t commission = 0;           // index into the definition's commissions
  tabulate::TierProtocol protocol;  // what the commission would sign
  Digest digest;                    // tabulate::TierProtocolDigest(protocol)
  // CheckTierProtocol against the published record: empty when it adds up and references only
  // what is published, at its latest version.
  std::vector<Error> problems;

  size_t precincts_expected = 0;  // stations beneath the commission
  size_t precincts_counted = 0;   // in `protocol`
  // Stations beneath that `protocol` does not count, each with why (no protocol published; its
  // protocol refused, with the rule; or, for an REC or the CEC, no child's tier protocol counts
  // it yet), in definition order.
  std::vector<std::pair<std::string, std::string>> stations_missing;
  // An REC or the CEC: children with no tier protocol published, and children whose latest one
  // is not their recomputation over what is published now (they should sign again first).
  std::vector<std::string> children_missing;
  std::vector<std::string> children_behind;

  // `protocol` is the verifier's recomputation of the commission over the whole record: once
  // logged, it is the commission's up-to-date result (no R-E1.stale, no R-E1.tabulation).
  bool complete = false;
  // The commission's own latest published tier protocol is already this one (leaf index).
  std::optional<size_t> already_published_leaf;
};

// Totals `commission_id` (a TEC, REC or the CEC of the record's definition) over `record`.
// kBadInput for an unknown commission or a PEC; kCheckFailed (R-E1.*) when tabulate refuses the
// inputs (the record's failures say why).
Result<CommissionTally> TallyCommission(const PublishedRecord& record, const std::string& commission_id);

}  // namespace ashyq::verify
