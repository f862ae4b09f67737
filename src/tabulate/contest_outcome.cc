#include "tabulate/contest_outcome.h"

#include <unordered_map>

namespace ashyq::tabulate {

ContestOutcome DecideContest(const ElectionDefinition& definition, const Contest& contest,
                             const ContestTotals& totals) {
  tabulate::ContestOutcome out;
  out.contest = contest.id;
  if (contest.kind == ContestKind::kPresidential) {
    Result<tabulate::PresidentialOutcome> outcome = tabulate::DecidePresidential(
        totals.votes, totals.valid_votes() + totals.invalid_ballots, contest.majority_bp);
    if (outcome.ok()) out.presidential = std::move(outcome).value(); else out.error = outcome.error();
    return out;
  }
  std::unordered_map<std::string_view, int64_t> registration;
  for (const Party& p : definition.parties) registration[p.id] = p.registration_order;
  std::unordered_map<std::string_view, std::string_view> party_of;
  for (const Choice& c : contest.choices) party_of[c.id] = c.party;
  std::vector<tabulate::ListVotes> lists;
  lists.reserve(totals.votes.size());
  for (size_t i = 0; i < totals.votes.size(); ++i) {
    const auto& [choice, votes] = totals.votes[i];
    // A list without a registered party keeps its ballot position as its order.
    int64_t order = static_cast<int64_t>(i) + 1;
    if (auto p = party_of.find(choice); p != party_of.end()) {
      if (auto r = registration.find(p->second); r != registration.end()) order = r->second;
    }
    lists.push_back({choice, votes, order});
  }
  tabulate::SeatRules rules;
  rules.seats = contest.seats;
  rules.threshold_bp = contest.threshold_bp;
  rules.method = contest.method;
  rules.tie_break = contest.tie_break;
  rules.lot_seed = contest.ballot_order.seed;  // the published lottery seed also settles ties by lot
  rules.runner_up_min_seats = contest.runner_up_min_seats;
  Result<tabulate::SeatAllocation> seats = tabulate::AllocateSeats(lists, totals.participants(), rules);
  if (seats.ok()) out.seats = std::move(seats).value(); else out.error = seats.error();
  return out;
}

}  // namespace ashyq::tabulate
