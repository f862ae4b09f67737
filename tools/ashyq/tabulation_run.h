// What a commission runs after the count: read every precinct protocol from the store, verify
// each (signatures against the definition's keys, quorum, reconciliation) and every correction
// chain, total tier by tier (src/tabulate, a pure function), sign each tier protocol with its
// commission's key, store it, and decide every contest (seats, winner).
//
// This orchestration lives in the CLI until the commission-server issue gives it a home in
// src/server; the work itself is in the libraries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/key_file.h"
#include "protocol/election_context.h"
#include "store/store.h"
#include "tabulate/aggregation.h"
#include "tabulate/presidential.h"
#include "tabulate/seat_allocation.h"

namespace ashyq::cli {

struct DecidedContest {
  const Contest* contest = nullptr;
  const tabulate::ContestTotals* totals = nullptr;  // at the contest's scope commission
  std::optional<tabulate::SeatAllocation> seats;
  std::optional<tabulate::PresidentialOutcome> presidential;
  std::optional<Error> error;  // e.g. no list passes the threshold
};

struct TabulationRun {
  size_t protocols_read = 0;
  size_t protocols_verified = 0;
  std::vector<Error> rejected;  // protocols that did not verify, each naming station and rule
  std::vector<protocol::PrecinctProtocol> verified;  // latest verified version per station
  std::vector<std::string> verified_digests;
  tabulate::NationalTabulation tabulation;
  size_t tier_protocols_signed = 0;
  size_t tier_protocols_stored = 0;  // new or changed since the last run
  std::vector<DecidedContest> contests;
  double read_seconds = 0, verify_seconds = 0, aggregate_seconds = 0, sign_store_seconds = 0;
};

// `keyring` signs the tier protocols as each commission (simulations). Without it the totals are
// computed and the contests decided, but nothing is stored: a tier protocol nobody signed is
// never published.
Result<TabulationRun> RunTabulation(const protocol::ElectionContext& election, store::Store& store,
                                    const crypto::SimulatedKeyring* keyring);

// Seats or winner of one contest from the totals at its scope (R-E5).
DecidedContest DecideContest(const ElectionDefinition& definition, const Contest& contest,
                             const tabulate::ContestTotals& totals);

// Writes DIR/results/: the files of results_export.h for every contest.
Status WriteResultExports(const protocol::ElectionContext& election, const TabulationRun& run,
                          const std::string& election_dir);

void PrintNationalResult(const TabulationRun& run);

}  // namespace ashyq::cli
