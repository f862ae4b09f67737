// The seats or the winner of one contest, decided from the totals at its scope commission
// (R-A3, R-E5) the way the law says: seat_allocation.h for party lists and local councils
// (registration order from the definition's parties, the ballot lottery's seed for ties by
// lot), presidential.h for a president.
//
// The verifier decides every contest itself from the totals it recomputed, and compares with
// what was published; it does not take the commission server's code for it (DESIGN.md: verify
// never includes server). tabulate:: holds the arithmetic both use.
#pragma once

#include "core/election_definition.h"
#include "tabulate/results_export.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::verify {

tabulate::ContestOutcome DecideContestOutcome(const ElectionDefinition& definition, const Contest& contest,
                                              const tabulate::ContestTotals& totals);

}  // namespace ashyq::verify
