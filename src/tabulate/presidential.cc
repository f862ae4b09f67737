#include "tabulate/presidential.h"

#include <algorithm>
#include <unordered_map>

#include "tabulate/figures.h"
#include "tabulate/seat_allocation.h"  // kMaxVotes

namespace ashyq::tabulate {
namespace {

constexpr char kRuleBadInput[] = "R-A3.bad-input";

Error Bad(std::string where, std::string message) {
  return Error{ErrorCode::kBadInput, std::move(where), kRuleBadInput, std::move(message)};
}

std::string Votes(int64_t n) { return Grouped(n) + (n == 1 ? " vote" : " votes"); }

// Validates the candidates and returns them most votes first (stable: equal votes keep the
// order given), with the total in *total.
Result<std::vector<CandidateResult>> Ranked(const std::vector<std::pair<std::string, int64_t>>& candidate_votes,
                                            Int128* total) {
  if (candidate_votes.empty()) return Bad("candidates", "there are no candidates");
  std::unordered_map<std::string, size_t> seen;
  std::vector<CandidateResult> ranked;
  *total = 0;
  for (size_t i = 0; i < candidate_votes.size(); ++i) {
    const auto& [id, votes] = candidate_votes[i];
    const std::string where = "candidate " + std::to_string(i + 1) + " (" + id + ")";
    if (id.empty()) return Bad(where, "the candidate id is empty");
    if (votes < 0 || votes > kMaxVotes) {
      return Bad(where, "votes must be between 0 and 2^53 - 1, got " + std::to_string(votes));
    }
    auto [it, fresh] = seen.emplace(id, i);
    if (!fresh) return Bad(where, "the candidate id is already used by candidate " + std::to_string(it->second + 1));
    ranked.push_back({id, votes, 0});
    *total += votes;
  }
  if (*total == 0) return CheckFailed("", "R-A3.no-votes", "no candidate received a vote");
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const CandidateResult& a, const CandidateResult& b) { return a.votes > b.votes; });
  return ranked;
}

int64_t ShareBp(int64_t votes, int64_t of) {
  if (of <= 0) return 0;
  return static_cast<int64_t>((static_cast<Int128>(votes) * 20000 + of) / (2 * static_cast<Int128>(of)));
}

std::string Names(const std::vector<std::string>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : ", ") + ids[i];
  return out;
}

}  // namespace

std::string_view PresidentialOutcomeKindName(PresidentialOutcome::Kind kind) {
  switch (kind) {
    case PresidentialOutcome::Kind::kElected: return "elected";
    case PresidentialOutcome::Kind::kRunOff: return "run_off";
    case PresidentialOutcome::Kind::kRunOffPlacesTied: return "run_off_places_tied";
    case PresidentialOutcome::Kind::kNotElected: return "not_elected";
  }
  return "unknown";
}

Result<PresidentialOutcome> DecidePresidential(
    const std::vector<std::pair<std::string, int64_t>>& candidate_votes, int64_t ballots_cast,
    int64_t majority_bp) {
  if (majority_bp < 5000 || majority_bp > 9999) {
    return Bad("majority", "the majority must be between 5,000 and 9,999 basis points (50-99.99%), got " +
                               std::to_string(majority_bp));
  }
  if (ballots_cast < 0 || ballots_cast > kMaxVotes) {
    return Bad("ballots cast", "ballots cast must be between 0 and 2^53 - 1, got " + std::to_string(ballots_cast));
  }
  Int128 total = 0;
  ASHYQ_ASSIGN_OR_RETURN(std::vector<CandidateResult> ranked, Ranked(candidate_votes, &total));
  if (total > ballots_cast) {
    return CheckFailed("", "R-E4.valid-le-ballots-cast",
                       "the candidates have " + Grouped(total) + " votes, more than the " + Grouped(ballots_cast) +
                           " ballots cast");
  }

  PresidentialOutcome out;
  out.ballots_cast = ballots_cast;
  out.valid_votes = static_cast<int64_t>(total);
  out.majority_bp = majority_bp;
  const Int128 majority_product = static_cast<Int128>(majority_bp) * ballots_cast;
  out.votes_needed = static_cast<int64_t>(majority_product / 10000 + 1);
  for (CandidateResult& c : ranked) c.share_bp = ShareBp(c.votes, ballots_cast);
  out.candidates = ranked;

  out.computation.push_back("Ballots cast (valid + invalid): " + Grouped(ballots_cast) + "; valid votes: " +
                            Grouped(total) + "; invalid: " + Grouped(ballots_cast - total) + ".");
  out.computation.push_back("Elected in the first round with more than " + Decimal(majority_bp, 100, 2) +
                            "% of ballots cast: more than " + Decimal(majority_product, 10000, 4) +
                            ", i.e. at least " + Votes(out.votes_needed) + ".");
  for (const CandidateResult& c : ranked) {
    out.computation.push_back(c.candidate + ": " + Votes(c.votes) + " = " +
                              Decimal(static_cast<Int128>(c.votes) * 100, ballots_cast, 2) + "% of ballots cast.");
  }

  const CandidateResult& top = ranked.front();
  if (static_cast<Int128>(top.votes) * 10000 > majority_product) {
    out.kind = PresidentialOutcome::Kind::kElected;
    out.elected = top.candidate;
    out.computation.push_back(top.candidate + " has " + Votes(top.votes) + " ≥ " + Grouped(out.votes_needed) +
                              ": elected in the first round.");
    return out;
  }
  out.computation.push_back("No candidate has " + Grouped(out.votes_needed) + " votes or more (the most is " +
                            Votes(top.votes) + ").");
  if (ranked.size() == 1) {
    out.kind = PresidentialOutcome::Kind::kNotElected;
    out.computation.push_back("The only candidate, " + top.candidate +
                              ", is not elected; a run-off needs two candidates, so the law's provisions for a "
                              "repeat election apply.");
    return out;
  }
  const int64_t second = ranked[1].votes;
  for (const CandidateResult& c : ranked) {
    if (c.votes > second) {
      out.run_off.push_back(c.candidate);
    } else if (c.votes == second) {
      out.tied_for_run_off.push_back(c.candidate);
    }
  }
  if (out.run_off.size() + out.tied_for_run_off.size() == 2) {
    out.kind = PresidentialOutcome::Kind::kRunOff;
    for (const std::string& c : out.tied_for_run_off) out.run_off.push_back(c);
    out.tied_for_run_off.clear();
    out.computation.push_back("Run-off between the two leaders: " + Names(out.run_off) + ".");
    return out;
  }
  out.kind = PresidentialOutcome::Kind::kRunOffPlacesTied;
  out.open_places = 2 - static_cast<int64_t>(out.run_off.size());
  out.computation.push_back(
      (out.run_off.empty() ? std::string("No candidate is sure of a run-off place") : Names(out.run_off) + " is in the run-off") +
      "; " + Names(out.tied_for_run_off) + " have " + Votes(second) + " each and compete for " +
      (out.open_places == 1 ? "the remaining place" : "both places") +
      ": the arithmetic cannot decide, the run-off rules of the law (a public lot) must.");
  return out;
}

Result<RunOffOutcome> DecideRunOff(const std::vector<std::pair<std::string, int64_t>>& candidate_votes) {
  Int128 total = 0;
  ASHYQ_ASSIGN_OR_RETURN(std::vector<CandidateResult> ranked, Ranked(candidate_votes, &total));
  RunOffOutcome out;
  const int64_t valid = static_cast<int64_t>(total);
  for (CandidateResult& c : ranked) c.share_bp = ShareBp(c.votes, valid);
  out.candidates = ranked;
  out.computation.push_back("Run-off, elected by plurality; valid votes: " + Grouped(valid) + ".");
  for (const CandidateResult& c : ranked) {
    out.computation.push_back(c.candidate + ": " + Votes(c.votes) + " = " +
                              Decimal(static_cast<Int128>(c.votes) * 100, valid, 2) + "% of valid votes.");
  }
  const int64_t best = ranked.front().votes;
  for (const CandidateResult& c : ranked) {
    if (c.votes == best) out.tied_candidates.push_back(c.candidate);
  }
  if (out.tied_candidates.size() > 1) {
    out.tied = true;
    out.computation.push_back("Tie: " + Names(out.tied_candidates) + " have " + Votes(best) +
                              " each; the law's tie rules must decide.");
    return out;
  }
  out.tied_candidates.clear();
  out.winner = ranked.front().candidate;
  out.computation.push_back(out.winner + " has the most votes: elected.");
  return out;
}

}  // namespace ashyq::tabulate
