// The seats or the winner of one contest, decided from the totals at its scope commission
// (R-A3, R-E5) the way the law says: seat_allocation.h for party lists and local councils
// (registration order from the definition's parties, the ballot lottery's seed for ties by
// lot), presidential.h for a president.
//
// Pure, so the commission server decides with it and the verifier decides again from the
// totals it recomputed, with the same code and without including the server (DESIGN.md).
#pragma once

#include "core/election_definition.h"
#include "tabulate/results_export.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::tabulate {

ContestOutcome DecideContest(const ElectionDefinition& definition, const Contest& contest,
                             const ContestTotals& totals);

}  // namespace ashyq::tabulate
