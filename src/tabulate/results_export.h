// Published results in machine-readable form (R-E3): every figure of every precinct protocol
// as CSV, the totals of every tier as CSV, a national summary with the outcome of each contest
// as JSON, and the NIST SP 1500-100 Election Results Common Data Format (version 2) as JSON.
//
// Pure functions: no I/O, no clock. The caller writes the files. The same inputs give the same
// bytes, so a published export can be regenerated from the signed protocols and compared.
//
// 2007: the CEC published results a month late and without the registered voters or the
// paper/electronic split. Every export here carries all twelve R-D1 figures, the voters who
// took part and the valid votes, so nothing has to be asked for.
//
// Inputs are what Tabulate (aggregation.h) accepted and produced for the same definition:
// `latest` holds at most one protocol per station. The exports do not re-check it; a protocol
// of an unknown station, or a second one for a station, is skipped (the first one counts), and
// a contest missing from a protocol shows that station as not reported.
//
// Integers only: shares and turnout are given as their numerator and denominator, plus basis
// points rounded half up for display. O(stations × choices) each, no lookups in loops: at the
// size of 2007 (9,727 stations, a national and a regional contest each) the precinct CSV takes
// ~20 ms (1.8 MB), the NIST report ~140 ms to build and ~50 ms to canonicalise (15 MB).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/json.h"
#include "core/result.h"
#include "tabulate/aggregation.h"
#include "tabulate/presidential.h"
#include "tabulate/seat_allocation.h"

namespace ashyq::tabulate {

inline constexpr std::string_view kResultsFormat = "ashyq/results/1";

// CSV files follow RFC 4180: comma-separated, CRLF line ends, a header row, and a field
// quoted ("...", inner quotes doubled) exactly when it contains a comma, a quote, CR or LF.
// Integers are plain decimal digits (no separators). UTF-8, no byte-order mark.

// One row per polling station voting in `contest_id` (those beneath the contest's scope), in
// definition order. Columns:
//   station, number, region, tec, pec, status ("reported" or "not reported"),
//   protocol_version, protocol_digest, the twelve R-D1 figures (CountFigures() order, their
//   keys as headers), participants, valid_votes, then one column per choice in ballot order
//   (header: the choice id).
// A station not reported has empty version, digest, figures and votes. "" if the definition
// has no contest `contest_id`. `tree` must be built over `def`.
std::string PrecinctResultsCsv(const ElectionDefinition& def, const CommissionTree& tree,
                               std::span<const CountedPrecinct> latest, std::string_view contest_id);

// One row per commission whose tier protocol totals `contest_id` (CEC, RECs, TECs), in
// definition order. Columns:
//   commission, tier ("cec", "rec", "tec"), parent, precincts_expected, precincts_counted,
//   the twelve figures summed, participants, valid_votes, one column per choice in ballot order.
// "" if the definition has no contest `contest_id`.
std::string TierResultsCsv(const ElectionDefinition& def, const NationalTabulation& tabulation,
                           std::string_view contest_id);

// The decision taken on one contest's totals (seat_allocation.h or presidential.h), or why
// none could be taken (e.g. R-A3.no-list-passes).
struct ContestOutcome {
  std::string contest;  // contest id
  std::optional<SeatAllocation> seats;
  std::optional<PresidentialOutcome> presidential;
  std::optional<Error> error;
};

// The results summary, format kResultsFormat:
//   { "format", "election_id", "election_day", "definition_digest", "cec_protocol_digest",
//     "contests": [ per contest in definition order:
//       { "contest", "kind", "name" {kk, ru, en}, "scope", "seats",
//         "tier_protocol_digest"   the protocol of the scope commission, which declares it,
//         "precincts_expected", "precincts_counted", "complete",
//         "figures" {the twelve figures, "participants", "valid_votes", "ballots_cast"},
//         "turnout" {"participants", "registered_voters", "bp"},
//         "choices" [{"choice", "position", "name", "party", "votes"}]   ballot order,
//         "outcome" } ] }
// "outcome" is null when `outcomes` has none for the contest; otherwise "kind" says which:
//   "seats":        SeatAllocationJson below
//   "presidential": result (PresidentialOutcomeKindName), elected, run_off, tied_for_run_off,
//                   open_places, ballots_cast, valid_votes, majority_bp, votes_needed,
//                   candidates [{candidate, votes, share_bp}], computation [lines]
//   "error":        code, rule, where, message
// A contest whose scope has no tier protocol in `tabulation` (not Tabulate's output for this
// definition) gets "figures", "turnout" and every choice's "votes" null, and "complete" false.
// `tree` is the commission tree of the definition (tree.definition()).
json::Value ResultsJson(const CommissionTree& tree, const NationalTabulation& tabulation,
                        std::span<const ContestOutcome> outcomes);

// A seat allocation as published: the "outcome" of a party-list contest in ResultsJson, and
// what `ashyq seats --json` prints (one shape, one writer). Keys, in this order:
//   "kind": "seats", "method" (SeatMethodName), "tie_break" (TieBreakName), "lot_seed" (the
//   seed as written, null unless tie_break is "lot"), "runner_up_min_seats" (0: rule not in
//   force), "seats", "participants", "valid_votes", "threshold_bp", "threshold_votes",
//   "passing_votes", "quota" {"numerator", "denominator"}, "runner_up_rule_applied",
//   "lists" [{"choice", "votes", "registration_order", "share_bp", "passed", "automatic_seats",
//             "remainder_numerator", "remainder_seats", "last_divisor", "runner_up_transfer",
//             "seats", "tie_decided"}]   in the order given,
//   "ties" [{"stage", "seats_at_stake", "contenders", "winners", "rule"}],
//   "computation" [lines].
// Every figure is a JSON integer (votes are at most 2^53 - 1).
json::Value SeatAllocationJson(const SeatAllocation& a);

// The "outcome" of `contest` in ResultsJson: SeatAllocationJson, the presidential outcome, the
// error, or null when `outcomes` does not decide it.
json::Value OutcomeJson(const Contest& contest, std::span<const ContestOutcome> outcomes);

// A commission file's "contests" (docs/formats.md): each contest total of `protocol` as signed
// (ContestTotalsToJson), with "outcome" its OutcomeJson when `protocol`'s commission is the
// contest's scope, else null. Written by the publisher and rebuilt by the verifier.
json::Value CommissionContestsJson(const ElectionDefinition& def, const TierProtocol& protocol,
                                   std::span<const ContestOutcome> outcomes);

// The NIST SP 1500-100 v2 ElectionReport (JSON binding), Format "precinct-level":
//   GpUnit    one ReportingUnit per CEC ("country"), REC ("state"), TEC ("county") and polling
//             station ("precinct"), linked by ComposingGpUnitIds; VotersRegistered is the
//             definition's pre-election register.
//   Party     every party of the definition, and one for a party-list choice without a party.
//   Election  one per contest: in Kazakhstan every contest is its own paper ballot, so ballots
//             cast and invalid differ by contest, and NIST counts ballots per Election.
//             BallotCounts (Type "total") per reported station and at the contest's scope:
//             BallotsCast = valid votes + invalid ballots, BallotsRejected = invalid ballots.
//             Contest: PartyContest (party lists, local councils; "proportional") or
//             CandidateContest (presidential; "majority", NumberRunoff 2) with one
//             ContestSelection per choice in ballot order (SequenceOrder = position), each with
//             VoteCounts (Type "total") at the scope commission and at every reported station.
// Status is "unofficial-complete" when every contest has every precinct, else
// "unofficial-partial" (certification is a CEC decision, not a tabulation).
// `generated_date` is the GeneratedDate (no clock here): an ISO 8601 date-time with zone, e.g.
// "2007-08-19T06:00:00+06:00"; a bare date "YYYY-MM-DD" is completed to "T00:00:00Z" because
// the schema requires a time.
// ObjectIds are a kind prefix plus the Ashyq id ("c-tec-akmola-03", "s-ps-akmola-0175",
// "p-nur-otan", "contest-majilis", "sel-majilis__list-ansdp", "cand-president__cand-x"), with
// every character outside [A-Za-z0-9.-] written as _xx (hex of the UTF-8 byte): unique and
// valid XML NCNames, so the report converts to the XML binding unchanged.
json::Value NistElectionReport(const CommissionTree& tree, const NationalTabulation& tabulation,
                               std::span<const CountedPrecinct> latest, std::string_view generated_date);

}  // namespace ashyq::tabulate
