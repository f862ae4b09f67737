// Shapes the publication repeats in many documents (docs/formats.md, "Publication directory"):
// pure functions of the definition and the counts, so the commission server's publisher
// writes them and the independent verifier rebuilds them to compare, with the same code and
// without including the server (DESIGN.md).
#pragma once

#include <cstddef>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/json.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::tabulate {

json::Value NameJson(const LocalizedName& name);  // {"en","kk","ru"}, all three
// The commissions above `commission` (CEC first), each {"id","tier","name"}.
json::Value PathJson(const CommissionTree& tree, size_t commission);
// A contest count summarised for a parent's list of children: contest, registered_voters,
// participants, valid_votes, invalid_ballots, votes, counted.
json::Value CountSummaryJson(const protocol::ContestCount& count, bool counted);

}  // namespace ashyq::tabulate
