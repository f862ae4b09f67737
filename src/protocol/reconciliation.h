// The arithmetic of a precinct protocol (R-D2) and the record of its count (R-D4).
//
// A commission may not sign a protocol whose figures do not add up (protocol_signing.h
// refuses), and a verifier rejects a published one. In 2007 TECs "instructed PECs to make
// changes to protocols, ostensibly because the figures did not add up": here the rule that
// failed is named at the station, with the figures, before anyone signs.
//
// Reconcile returns every violation at once, each Error{kCheckFailed, where = JSON Pointer into
// the protocol, rule, message naming the contest and the figures}. Rules:
//
//   R-D2.station                     the station and commission exist in the definition and
//                                    belong to each other; the election id matches
//   R-D2.contests                    the protocol covers exactly the contests on the station's
//                                    ballot (scope = the station's PEC or one of its ancestors),
//                                    each once
//   R-D2.choices                     votes list exactly the contest's choices, in ballot order
//   R-D2.non-negative                every figure and vote count >= 0 (voters added on the day:
//                                    see R-D2.register)
//   R-D2.received-issued-cancelled   ballots received == issued + cancelled
//   R-D2.found-le-issued             ballots found (mobile + stationary boxes) <= issued
//   R-D2.valid-invalid-found         valid votes + invalid ballots == found + electronic votes
//   R-D2.mobile-le-requests          ballots in mobile boxes <= homebound requests
//   R-D2.participants-le-registered  voters who took part (paper + electronic ballots issued)
//                                    <= registered voters
//   R-D2.evotes-eq-issued            electronic votes == electronic ballots issued
//   R-D2.evoting-station             a station without e-voting reports no electronic figures
//   R-D2.register                    registered voters == the station's voters in the definition
//                                    + voters added on the day; voters added >= 0
//   R-D2.avc-le-participants         voters with an absentee certificate <= voters who took part
//
// Sums are computed without overflow whatever the figures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/result.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::protocol {

// Every R-D2 violation; empty when the protocol is consistent. `tree` must be built over
// `definition`. O(size of the protocol + contests of the definition); thread-safe.
std::vector<Error> Reconcile(const PrecinctProtocol& protocol, const ElectionDefinition& definition,
                             const CommissionTree& tree);

// R-D4: notices (not violations: the figures may still be right) about the recorded count,
// each Error{kCheckFailed, where = JSON Pointer, rule, message}:
//
//   R-D4.missing   a prescribed step was not recorded ("ballots were not announced one by
//                  one"); opening mobile boxes is only expected when a contest reports mobile
//                  requests or mobile ballots
//   R-D4.order     a step recorded after one the law puts later ("mobile boxes opened after
//                  stationary boxes")
//   R-D4.repeated  a step recorded twice
//   R-D4.time      a time earlier than the step before it, or not "HH:MM". The count runs
//                  through the night, so times before 12:00 count as the next morning.
std::vector<Error> CheckCountingProcedure(const PrecinctProtocol& protocol);

// "1,234,567" (and "-1,500"): figures as the messages above print them. The same as
// ashyq::Grouped (core/grouped_number.h), which new code should call directly.
std::string FormatCount(int64_t n);

}  // namespace ashyq::protocol
