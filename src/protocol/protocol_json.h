// The precinct protocol as JSON ("ashyq/precinct-protocol/1", described field by field in
// docs/formats-protocol.md). Field names are the member names of precinct_protocol.h:
//
//   {"format": "ashyq/precinct-protocol/1", "election_id": "kz2007-majilis",
//    "definition_digest": "<64 hex>", "station": "ps-almaty-city-0406",
//    "commission": "pec-almaty-city-0406", "version": 1, "signed_at": "2007-08-19T01:40",
//    "counting_steps": [{"step": "count_list_signatures", "at": "20:05"}, ...],
//    "contests": [{"contest": "majilis-2007", "registered_voters": 1480, ...,
//                  "votes": [{"choice": "list-nur-otan", "votes": 812}, ...]}]}
//
// From version 2 on a "correction" object {"previous", "reason", "decision"?} follows
// "version"; version 1 has none.
//
// Reading is strict so that a document has exactly one reading and one writing: every field
// is required unless said otherwise, unknown fields, nulls, empty ids, malformed times and
// digests are problems. Arithmetic is not checked here (negative figures are read as they are
// and reported by reconciliation.h).
#pragma once

#include <vector>

#include "core/json.h"
#include "core/json_reader.h"
#include "core/result.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::protocol {

// Reads a protocol payload. Appends to `problems` every missing, unknown or null field, wrong
// kind, unknown step name and malformed value (kBadInput, `where` = JSON Pointer) and returns
// what could be read. If doc["format"] is absent or not kPrecinctProtocolFormat, appends one
// problem and returns an empty protocol: the document is not a precinct protocol at all.
PrecinctProtocol ProtocolFromJson(const json::Value& doc, std::vector<Error>* problems);

// The inverse: ProtocolFromJson(ProtocolToJson(p)) == p for every p that ProtocolFromJson
// can produce. The correction is written when the version is not 1 or the correction is not
// empty; its "decision" only when not empty.
// Reads what every count carries — contest, the twelve figures, votes — from `r`, leaving
// RejectUnknown to the caller: a tier protocol's totals add fields of their own.
void ReadContestCountFields(json::ObjectReader& r, ContestCount* count, std::vector<Error>* problems);

json::Value ProtocolToJson(const PrecinctProtocol& protocol);

// Parses "HH:MM" (00:00..23:59) into minutes after midnight; -1 if malformed.
int MinutesOfDay(std::string_view hh_mm);
// "YYYY-MM-DDTHH:MM" with a plausible month, day, hour and minute (a protocol's signed_at).
bool IsLocalDateTime(std::string_view s);

}  // namespace ashyq::protocol
