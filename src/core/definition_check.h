// The rules a well-formed election definition must satisfy (R-A1..R-A5), checked all at once
// so that one run lists every fault. Each violation is Error{kCheckFailed, where = JSON Pointer
// into the definition, rule, message with the figures}. Rule names:
//
//   unique-id                ids unique among regions, parties, commissions and their members
//                            (one namespace: all of them sign), stations, contests, and the
//                            choices of one contest
//   R-A1.tree                3 or 4 tiers, one CEC, each parent exists and is the tier directly
//                            above, regions exist and match the parent's, no empty TEC/REC
//   R-A1.station             one station per PEC, in its PEC's region, numbered > 0 and
//                            uniquely within its region, registered voters >= 0, an address
//                            in kk, ru and en
//   R-A2.station-size        registered voters <= rules.max_station_voters
//   R-A2.pec-size            PEC size == RequiredPecSize(rules, station voters)
//   R-A2.commission-size     CEC/REC/TEC size == rules.commission_size
//   R-A2.shared-employer     in a PEC/TEC, members with one employer <= max_shared_employer_bp
//   R-A2.roles               one chair; at most one deputy chair and one secretary
//   R-A2.nomination          nominating party known, nominating commission above the member's,
//                            affiliation a known party
//   keys                     public keys are 64 lowercase hex digits and all different
//   R-A3.contest             scope, seats, threshold, majority, choices, list positions
//   R-A4.ballot-order        the order is a permutation of the choices and recomputes
//                            (ballot_order.h) from the seed or the alphabet
//   definition.fields        election id, election day, PEC size brackets
//
// Notices do not make a definition invalid but must be shown: "R-A5.list-order" for a contest
// whose parties choose their MPs after the vote.
#pragma once

#include <vector>

#include "core/election_definition.h"
#include "core/result.h"

namespace ashyq {

struct DefinitionReport {
  std::vector<Error> violations;
  std::vector<Error> notices;
  bool ok() const { return violations.empty(); }
};

// Runs in O(size of the definition); a national definition takes milliseconds.
DefinitionReport CheckDefinition(const ElectionDefinition& def);

}  // namespace ashyq
