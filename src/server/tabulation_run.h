// What a commission runs after the count: read every precinct protocol from the store, verify
// each (signatures against the definition's keys, quorum, reconciliation) and every correction
// chain, total tier by tier (src/tabulate, a pure function), sign each tier protocol with its
// commission's key, store it, and decide every contest (seats, winner).
//
// The work itself is in the libraries (protocol, tabulate, store); this is the commission
// server's sequence of it. Verification runs on every core: Ed25519 is most of the cost.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/keys.h"
#include "protocol/election_context.h"
#include "store/store.h"
#include "tabulate/aggregation.h"
#include "tabulate/presidential.h"
#include "tabulate/results_export.h"
#include "tabulate/seat_allocation.h"

namespace ashyq::server {

// The key a commission signs its tier protocol with; kNotFound if this server does not hold it.
using CommissionKeys = std::function<Result<crypto::SigningKey>(const std::string& commission_id)>;

struct DecidedContest {
  const Contest* contest = nullptr;
  const tabulate::ContestTotals* totals = nullptr;  // at the contest's scope commission
  std::optional<tabulate::SeatAllocation> seats;
  std::optional<tabulate::PresidentialOutcome> presidential;
  std::optional<Error> error;  // e.g. no list passes the threshold
};

// A protocol version the commission refused to count: it stays in the store and the public log
// (and is published as refused), but no total includes it. A refused correction leaves the
// version before it counted.
struct RejectedProtocol {
  std::string station;
  int64_t version = 0;  // the first version not counted (every later one is not counted either)
  Error error;  // names the station, the rule and the figures
};

struct TabulationRun {
  size_t protocols_read = 0;
  size_t protocols_verified = 0;
  std::vector<RejectedProtocol> rejected;
  std::vector<protocol::PrecinctProtocol> verified;  // latest version that holds, per station
  std::vector<std::string> verified_digests;
  tabulate::NationalTabulation tabulation;
  size_t tier_protocols_signed = 0;
  size_t tier_protocols_stored = 0;  // new or changed since the last run
  std::vector<DecidedContest> contests;
  double read_seconds = 0, verify_seconds = 0, aggregate_seconds = 0, sign_store_seconds = 0;
};

// One station's verdict over every version of its protocol stored (in version order): the
// latest version whose whole chain holds (R-E1) counts; a version that does not hold, and every
// later one, is refused, and the version before it stands.
struct StationVerdict {
  std::optional<protocol::PrecinctProtocol> protocol;  // the version counted, if any
  std::string digest;                                  // of the version counted
  std::optional<Error> error;                          // why the latest version is not counted
  int64_t rejected_version = 0;                        // the first version refused
};
StationVerdict VerifyStation(std::span<const store::StoredObject* const> versions,
                             const protocol::ProtocolContext& context);

// Puts `verdict` of `station` into `run` (verified, verified_digests, rejected, all kept in
// station order), replacing what the run held for that station.
void ApplyVerdict(const std::string& station, StationVerdict verdict, TabulationRun* run);

// Totals run->verified tier by tier (tabulate::Tabulate) and decides every contest: sets
// run->tabulation and run->contests.
Status TallyAndDecide(const protocol::ElectionContext& election, TabulationRun* run);

// The latest version a commission's tier protocol has in the store, if any.
struct StoredTierProtocol {
  Digest digest;
  int64_t version = 0;
};
using LatestTierProtocol =
    std::function<Result<std::optional<StoredTierProtocol>>(const std::string& commission_id)>;

// Signs (as each commission, with `keys`, on every core) every tier protocol of
// run->tabulation whose digest is not that of `latest` for its commission, as the next
// version, and stores them in one batch. An unchanged tabulation signs nothing.
Status SignChangedTierProtocols(const protocol::ElectionContext& election, store::Store& store,
                                const CommissionKeys& keys, const LatestTierProtocol& latest, TabulationRun* run);

// `keys` signs the tier protocols as each commission. Without keys the totals are computed and
// the contests decided, but nothing is stored: a tier protocol nobody signed is never published.
Result<TabulationRun> RunTabulation(const protocol::ElectionContext& election, store::Store& store,
                                    const CommissionKeys& keys);

// Seats or winner of one contest from the totals at its scope (R-E5).
DecidedContest DecideContest(const ElectionDefinition& definition, const Contest& contest,
                             const tabulate::ContestTotals& totals);

// The counted precincts of a run, as tabulate:: and the exports take them.
std::vector<tabulate::CountedPrecinct> CountedPrecincts(const TabulationRun& run);

// The outcome of every decided contest, as the exports take them.
std::vector<tabulate::ContestOutcome> ContestOutcomes(const TabulationRun& run);

// Writes the files of results_export.h for every contest into `dir`. `generated_at` is the
// RFC 3339 time the NIST report gives as its GeneratedDate.
Status WriteResultExports(const protocol::ElectionContext& election, const TabulationRun& run,
                          const std::string& dir, const std::string& generated_at);

}  // namespace ashyq::server
