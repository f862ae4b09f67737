// Election day at every polling station: the turnout reports each PEC sends at 10:00, 12:00,
// 14:00, 16:00 and 18:00 (R-C5, protocol/turnout_report.h), derived from the simulated count
// so that the day and the night tell one story.
//
// Deterministic: the same (count, seed, fault plan) gives the same reports on every platform
// (integers only, sim/random.h, one stream per station). For each station the voters so far
// grow monotonically towards its final participants (paper + electronic ballots issued, as in
// its protocol's first contest) and stay below them at 18:00, since the poll runs until 20:00:
// about 14 %, 36 %, 56 %, 73 % and 88 % of the final figure, shifted per station and jittered
// per hour. Registered voters are those of the count. A stuffed station (count_simulator.h)
// reports the voters it really had during the day: the stuffed ballots appear only in the
// night's protocol, a jump between 18:00 and the count that forensics can see.
//
// Fault, for revision tests and the site's version history:
//   revised turnout  N stations send a revision 2 at 18:00 with a different figure (a typo
//                    corrected, or the count of the mobile box added); stations drawn from the
//                    seed among those whose figure can change
//
//   ASHYQ_ASSIGN_OR_RETURN(SimulatedTurnout turnout, SimulateTurnout(count, 2007, {}));
//   ASHYQ_ASSIGN_OR_RETURN(std::vector<crypto::SignedObject> signed_reports,
//                          SignTurnout(turnout, keyring));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "protocol/turnout_report.h"
#include "sim/count_simulator.h"

namespace ashyq::sim {

struct TurnoutFaultPlan {
  int64_t revised_turnout = 0;  // stations that send a revision 2 of their 18:00 report
};

struct SimulatedTurnout {
  // In the order they are sent: all 10:00 reports (stations in definition order), then 12:00,
  // ..., 18:00, then the revisions.
  std::vector<protocol::TurnoutReport> reports;
  std::vector<std::string> revised_stations;  // ground truth, in the order of the revisions
};

// kBadInput ("/fault_plan/revised_turnout") for a negative count or more revisions than
// stations whose figure can change.
Result<SimulatedTurnout> SimulateTurnout(const SimulatedCount& count, uint64_t seed, const TurnoutFaultPlan& faults);

// Signs every report with its PEC's commission key, SimulatedKeyFor(keyring, commission id),
// on two threads; the result is in the order of `turnout.reports` whatever the threads did.
// Fails with the first refusal (SignTurnoutReport), naming the station and time.
Result<std::vector<crypto::SignedObject>> SignTurnout(const SimulatedTurnout& turnout,
                                                      const crypto::SimulatedKeyring& keyring);

}  // namespace ashyq::sim
