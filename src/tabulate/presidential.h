// The presidential outcome (R-A3): elected in the first round, or a run-off between the two
// leaders; and the winner of a run-off. Pure functions, with the computation shown (R-E5).
//
// First round. A candidate is elected with *more than* majority_bp of the votes cast:
//   votes * 10000 > majority_bp * ballots_cast
// where ballots_cast = valid + invalid ballots (the ballots found in the boxes: the law counts
// "votes cast", not valid votes, so an invalid ballot counts against a majority). Exactly 50 %
// is not enough. majority_bp must lie in 5000..9999, so at most one candidate can be elected.
//
// Otherwise the two leaders meet in a run-off. If votes are equal at the edge of the top two
// (e.g. 45 / 30 / 30, or 30 / 30 / 30 / 10) the arithmetic cannot name both run-off
// candidates: the outcome is kRunOffPlacesTied, with the candidates sure of a place in
// `run_off` and the equal ones in `tied_for_run_off`, to be settled by the run-off rules of the
// law (in Ashyq: a public lot) — never silently by list order.
//
// Run-off. The candidate with the most votes wins (plurality); equal votes at the top are
// reported as a tie, not decided.
//
// Errors: kBadInput (R-A3.bad-input) for no candidates, an empty or duplicate candidate id,
// votes or ballots_cast negative or above 2^53 - 1, majority_bp outside 5000..9999;
// kCheckFailed R-E4.valid-le-ballots-cast when the candidates' votes add up to more than the
// ballots cast; kCheckFailed R-A3.no-votes when no candidate received a vote.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace ashyq::tabulate {

struct CandidateResult {
  std::string candidate;
  int64_t votes = 0;
  int64_t share_bp = 0;  // of ballots cast, rounded half up; display only
};

struct PresidentialOutcome {
  enum class Kind {
    kElected,           // `elected` won in the first round
    kRunOff,            // `run_off` holds the two leaders, most votes first
    kRunOffPlacesTied,  // `run_off` holds those sure of a place (0 or 1), `tied_for_run_off` the
                        // candidates with equal votes competing for the remaining place(s)
    kNotElected,        // a single candidate without a majority: no run-off is possible; the law's
                        // provisions for a repeat election apply
  };
  Kind kind = Kind::kRunOff;
  std::string elected;
  std::vector<std::string> run_off;
  std::vector<std::string> tied_for_run_off;
  int64_t open_places = 0;  // kRunOffPlacesTied: run-off places still to be settled (1 or 2)

  int64_t ballots_cast = 0;
  int64_t valid_votes = 0;  // sum of the candidates' votes
  int64_t majority_bp = 0;
  int64_t votes_needed = 0;  // the least that is more than majority_bp of ballots_cast
  std::vector<CandidateResult> candidates;  // most votes first; equal votes in the order given
  std::vector<std::string> computation;
};

std::string_view PresidentialOutcomeKindName(PresidentialOutcome::Kind kind);  // "elected", "run_off", ...

Result<PresidentialOutcome> DecidePresidential(
    const std::vector<std::pair<std::string, int64_t>>& candidate_votes, int64_t ballots_cast,
    int64_t majority_bp);

struct RunOffOutcome {
  std::string winner;  // empty when tied
  bool tied = false;
  std::vector<std::string> tied_candidates;  // the candidates with the most votes, when tied
  std::vector<CandidateResult> candidates;   // most votes first; share_bp of valid votes
  std::vector<std::string> computation;
};

// Plurality among the run-off candidates (normally two). Errors as above, without ballots_cast.
Result<RunOffOutcome> DecideRunOff(const std::vector<std::pair<std::string, int64_t>>& candidate_votes);

}  // namespace ashyq::tabulate
