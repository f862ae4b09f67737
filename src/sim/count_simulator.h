// Election night at every polling station: the paper (and electronic) count of a generated
// definition, as precinct protocols (protocol/precinct_protocol.h), with optional faults.
//
// Deterministic: the same (definition, scenario, seed, fault plan) gives the same protocols on
// every platform. All arithmetic is on integers and all randomness comes from sim/random.h,
// one stream per station (so a station's draws do not depend on how much another station drew)
// plus calibration passes that make the national figures land on the scenario's official ones:
//
//   participants   regional means from the scenario's regional_turnout_bp hints, the other
//                  regions solved so that the national total is the official participants (or
//                  turnout_bp of the registered); rural stations above urban ones; each
//                  station's draw scaled within its region to the regional total, never above
//                  99 % of its registered voters (a list of 100 or more is never complete)
//   e-ballots      the official electronic ballots apportioned over the e-voting stations by
//                  their participants (6 % of them without an official figure)
//   votes          around the official national shares (regional swings centred so that they
//                  land on them), per region and per station, sampled
//                  (binomial for small expectations, Irwin–Hall normal for large) so that small
//                  parties get 0 in some small stations and odd figures in every other
//   the day        voters added on the day (R-B2: a few per station, a few stations with a
//                  hundred), AVC voters, homebound requests 1–3 % of participants, paper
//                  ballots received = registered + a reserve rounded up to 50, ballots taken
//                  away (found ≤ issued), 0.6–2.6 % invalid
//   the count      the ten R-D4 steps with times after 20:00 (opening mobile boxes only where
//                  there were homebound requests), signed after the protocol is filled in, often
//                  after midnight at big stations; in about 30 % of stations ballots
//                  are not announced one by one, in about 3 % the stationary box is opened
//                  before the mobile one
//
// Every contest on a station's ballot (the national one and the local council whose scope
// contains the station) gets a ContestCount; they share the station's voters and e-ballots.
// Without faults every protocol reconciles (protocol/reconciliation.h).
//
// Faults, for forensics and refusal tests. Stations are chosen round-robin over the regions,
// so faults are spread across the country; stuffed and inconsistent stations are distinct.
//   stuffed       the PEC adds marked ballots for the station's leading choice in every
//                 contest and signatures to the list to match (2007 report, XIII.C: "a PEC
//                 member adding signatures to the list"): turnout 95–100 %, still reconciles.
//                 Only stations with 200 or more voters and a turnout of at most 90 %.
//   inconsistent  the national contest's figures break one R-D2 rule, the rules taken in turn
//                 (kInconsistencyRules); the protocol cannot be signed
//
//   ASHYQ_ASSIGN_OR_RETURN(SimulatedCount count,
//                          SimulateCount(def, tree, spec, digest_hex, 2007, FaultPlan{}));
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/result.h"
#include "protocol/precinct_protocol.h"
#include "sim/scenario.h"

namespace ashyq::sim {

struct FaultPlan {
  int64_t stuffed_stations = 0;        // ballot stuffing covered by added list signatures
  int64_t inconsistent_protocols = 0;  // protocols whose figures do not reconcile
};

// The R-D2 rules an inconsistent protocol breaks, in the order they are dealt out. The
// e-votes rule goes only to e-voting stations: its turn passes to the next e-voting station.
inline constexpr std::array<std::string_view, 6> kInconsistencyRules = {
    "R-D2.received-issued-cancelled",  // unused ballots miscounted
    "R-D2.found-le-issued",            // more ballots in the boxes than signatures
    "R-D2.valid-invalid-found",        // votes entered that were never counted
    "R-D2.mobile-le-requests",         // more ballots in the mobile box than requests
    "R-D2.participants-le-registered", // more voters than the list (2007: 729 listed, 748 voted)
    "R-D2.evotes-eq-issued",           // electronic votes that no token accounts for
};

// Ground truth about one station, for tests and forensics (never published).
struct SimulatedStationTruth {
  std::string station;
  bool stuffed = false;
  int64_t stuffed_ballots = 0;  // extra ballots per contest, all for the leading choice
  bool inconsistent = false;
  std::string broken_rule;      // the R-D2 rule an inconsistent protocol breaks; else empty
};

struct SimulatedCount {
  std::vector<protocol::PrecinctProtocol> protocols;  // one per station, definition order
  std::vector<SimulatedStationTruth> truth;           // same order
};

// `tree` must be built over `definition`; `spec` is the scenario the definition was generated
// from (its official results steer the figures; without them a turnout of 65 % and shares drawn
// from the seed are used). `definition_digest` is copied into every protocol.
// kBadInput for a negative fault count, more faults than stations that can take them (named:
// "/fault_plan/stuffed_stations"), or a contest on some ballot without choices.
Result<SimulatedCount> SimulateCount(const ElectionDefinition& definition, const CommissionTree& tree,
                                     const ScenarioSpec& spec, std::string definition_digest,
                                     uint64_t seed, const FaultPlan& faults);

}  // namespace ashyq::sim
