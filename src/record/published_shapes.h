// Shapes the publication repeats in many documents (docs/formats.md, "Publication directory"):
// pure functions of the definition and the counts, so the commission server's publisher
// writes them and the independent verifier rebuilds them to compare, with the same code and
// without including the server (DESIGN.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/json.h"
#include "protocol/evidence.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::record {

json::Value NameJson(const LocalizedName& name);  // {"en","kk","ru"}, all three
// The commissions above `commission` (CEC first), each {"id","tier","name"}.
json::Value PathJson(const CommissionTree& tree, size_t commission);
// A contest count summarised for a parent's list of children: contest, registered_voters,
// participants, valid_votes, invalid_ballots, votes, counted.
json::Value CountSummaryJson(const protocol::ContestCount& count, bool counted);
// A station file's "station": id, number, address (NameJson), locality, region, commission,
// evoting, registered_voters.
json::Value StationJson(const PollingStation& station);
// A station as its commission's list of children names it: number, address (NameJson).
json::Value StationBriefJson(const PollingStation& station);
// A commission's members as a station file lists them: id, name, role (no keys).
json::Value MembersJson(const Commission& commission);
// One entry of a station file's "attempts" (an attempted alteration kept as evidence in log leaf
// `leaf_index`, decision 0015): leaf_index, digest (of the object), version, commission, rule,
// signed_object (the object as submitted).
json::Value AttemptJson(const protocol::Evidence& evidence, int64_t leaf_index);
// The whole data/election file ("ashyq/published-election/1"): names, parties, contests with
// their choices in ballot order, regions; no member keys.
json::Value ElectionJson(const ElectionDefinition& def, const std::string& definition_digest);

// Turnout at one reporting time ("HH:MM"), summed over stations: each station's latest revision.
struct TurnoutPoint {
  int64_t registered = 0, voters = 0, stations = 0;
};
using TurnoutByTime = std::map<std::string, TurnoutPoint>;
// Sums the stations' turnout (each a TurnoutByTime with stations = 1) into `sum`.
void AddTurnout(const TurnoutByTime& station, TurnoutByTime* sum);
// A commission file's "turnout": [{time, registered_voters, voters, stations_reporting,
// stations_expected}] in time order.
json::Value TurnoutJson(const TurnoutByTime& turnout, int64_t stations_expected);

// The station search (data/search/<bucket>-<h>.json): every station's entry {id, number,
// region, address (NameJson), file} by bucket (layout.h SearchBucketOf), `file_of` giving each station's
// published file; and one bucket's document.
std::map<int64_t, json::Value> SearchEntries(const ElectionDefinition& def,
                                             const std::function<std::string(const PollingStation&)>& file_of);
json::Value SearchBucketJson(int64_t bucket, json::Value entries);

}  // namespace ashyq::record
