// The e-vote record (issue 18 point 7; record/layout.h "evote/", docs/formats.md "E-vote
// record", decision 0018): every electronic ballot, challenge and tally, checked from the
// publication alone.
//
//   the setup        evote/setup.json is signed by the CEC with the definition's key, names this
//                    election and definition, every guardian's commitment proof verifies and the
//                    joint key is theirs, the ballot style is the national contest (limit 1),
//                    one device per e-voting station (R-C4.evote-setup)
//   the ballots      every line of evote/ballots/<station>.jsonl is an encrypted ballot signed by
//                    its station's device (R-C4.ballot-signer), of the style, for this election,
//                    cast within the hour; every proof, batch-verified per station (a failing
//                    batch names each bad ballot); the device's tracking chain whole
//                    (R-C4.tracking-chain)
//   the challenges   every line of evote/challenged/<station>.jsonl is signed by the device,
//                    opens a ballot of its chain and encrypts what it claims (R-C4.challenge);
//                    that ballot is not tallied
//   the tallies      evote/tally/<station>.json and evote/tally.json are signed by the CEC; their
//                    totals are the homomorphic sums of the cast ballots (the national one of all
//                    stations'), every decryption share proof verifies for at least k guardians
//                    and every count is the discrete log of the decrypted total (R-C4.tally,
//                    R-C4.decryption-share, R-C4.decrypt)
//   the protocols    each station's cast e-ballots are its counted protocol's electronic_votes
//                    for the contest, and no choice has more e-votes than protocol votes
//                    (R-C4.evote-count); e-votes counted with no e-vote record published is a
//                    failure (kEvoteMissingRule)
//
// Stations run in parallel, each with its own findings, merged in definition order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verify/file_check.h"
#include "verify/findings.h"

namespace ashyq::verify {

// The rule of a publication whose counted protocols report electronic votes and which has no
// evote/setup.json. A failure; callers that read a live record (`ashyq tier sign`) may treat it
// as pending, like an unsigned tier protocol: the record follows the guardians' decryption.
inline constexpr std::string_view kEvoteMissingRule = "R-C4.evote-missing";

struct EvoteSummary {
  bool published = false;   // evote/setup.json exists
  size_t devices = 0;
  size_t ballot_files = 0;
  uint64_t ballots = 0;     // every encrypted ballot read (cast and challenged)
  uint64_t cast = 0;
  uint64_t challenged = 0;
  size_t tallies = 0;       // station tallies checked
  std::vector<std::pair<std::string, uint64_t>> national;  // the national e-tally's counts
  uint64_t bytes_read = 0;
};

void CheckEvoteRecord(const PublishedRecord& record, EvoteSummary* summary, Findings* findings);

}  // namespace ashyq::verify
