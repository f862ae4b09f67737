// Shapes the publication repeats in many documents (docs/formats.md, "Publication directory"):
// pure functions of the definition and the counts, so the commission server's publisher
// writes them and the independent verifier rebuilds them to compare, with the same code and
// without including the server (DESIGN.md).
#pragma once

#include <cstddef>
#include <string>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/json.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::record {

json::Value NameJson(const LocalizedName& name);  // {"en","kk","ru"}, all three
// The commissions above `commission` (CEC first), each {"id","tier","name"}.
json::Value PathJson(const CommissionTree& tree, size_t commission);
// A contest count summarised for a parent's list of children: contest, registered_voters,
// participants, valid_votes, invalid_ballots, votes, counted.
json::Value CountSummaryJson(const protocol::ContestCount& count, bool counted);
// A station file's "station": id, number, address, locality, region, commission, evoting,
// registered_voters.
json::Value StationJson(const PollingStation& station);
// A commission's members as a station file lists them: id, name, role (no keys).
json::Value MembersJson(const Commission& commission);
// The whole data/election file ("ashyq/published-election/1"): names, parties, contests with
// their choices in ballot order, regions; no member keys.
json::Value ElectionJson(const ElectionDefinition& def, const std::string& definition_digest);

}  // namespace ashyq::record
