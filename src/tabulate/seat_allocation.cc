#include "tabulate/seat_allocation.h"

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/hash.h"
#include "tabulate/figures.h"

namespace ashyq::tabulate {
namespace {

Error Bad(std::string where, std::string message, std::string_view rule = seat_rule::kLists) {
  return Error{ErrorCode::kBadInput, std::move(where), std::string(rule), std::move(message)};
}

std::string ListName(size_t index, const std::string& choice) {
  return "list " + std::to_string(index + 1) + " (" + choice + ")";
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return Grouped(n) + " " + (n == 1 ? one : many);
}

std::string TieBreakText(TieBreak rule) {
  return rule == TieBreak::kLot ? "lot" : "registration order";
}

Status CheckInput(const std::vector<ListVotes>& lists, int64_t participants, const SeatRules& rules) {
  if (rules.seats < 1 || rules.seats > kMaxSeats) {
    return Bad("seats", "seats must be between 1 and " + Grouped(kMaxSeats) + ", got " + std::to_string(rules.seats),
               seat_rule::kSeats);
  }
  if (rules.threshold_bp < 0 || rules.threshold_bp > 10000) {
    return Bad("threshold",
               "the threshold must be between 0 and 10,000 basis points (0-100%), got " +
                   std::to_string(rules.threshold_bp),
               seat_rule::kThreshold);
  }
  if (rules.runner_up_min_seats < 0 || (rules.runner_up_min_seats > 0 && rules.runner_up_min_seats >= rules.seats)) {
    return Bad("runner-up seats",
               "the runner-up minimum must be 0 (rule not in force) or less than the " + Grouped(rules.seats) +
                   " seats, got " + std::to_string(rules.runner_up_min_seats),
               seat_rule::kRunnerUpSeats);
  }
  if (rules.tie_break == TieBreak::kLot) {
    const bool hex = !rules.lot_seed.empty() && rules.lot_seed.size() <= 128 &&
                     std::all_of(rules.lot_seed.begin(), rules.lot_seed.end(),
                                 [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    if (!hex) {
      return Bad("lot seed", "a tie-break by lot needs the published seed: 1 to 128 lowercase hex digits",
                 seat_rule::kLotSeed);
    }
  }
  if (participants < 0 || participants > kMaxVotes) {
    return Bad("participants", "participants must be between 0 and 2^53 - 1, got " + std::to_string(participants),
               seat_rule::kParticipants);
  }
  if (lists.empty()) return Bad("lists", "there are no lists to allocate seats to");
  std::unordered_map<std::string, size_t> seen_choice;
  std::unordered_map<int64_t, size_t> seen_order;
  for (size_t i = 0; i < lists.size(); ++i) {
    const ListVotes& l = lists[i];
    if (l.choice.empty()) return Bad(ListName(i, l.choice), "the choice id is empty");
    if (l.votes < 0 || l.votes > kMaxVotes) {
      return Bad(ListName(i, l.choice), "votes must be between 0 and 2^53 - 1, got " + std::to_string(l.votes));
    }
    auto [it, fresh] = seen_choice.emplace(l.choice, i);
    if (!fresh) {
      return Bad(ListName(i, l.choice), "the choice id is already used by list " + std::to_string(it->second + 1));
    }
    if (rules.tie_break == TieBreak::kRegistrationOrder) {
      auto [o, new_order] = seen_order.emplace(l.registration_order, i);
      if (!new_order) {
        return Bad(ListName(i, l.choice), "registration order " + std::to_string(l.registration_order) +
                                              " is also that of list " + std::to_string(o->second + 1) +
                                              ", so it cannot break a tie");
      }
    }
  }
  return Status();
}

// Orders tied contenders by the tie-break: the first ones win.
class TieBreaker {
 public:
  TieBreaker(const std::vector<ListVotes>& lists, const SeatRules& rules) : lists_(lists), rules_(rules) {}

  TieBreak rule() const { return rules_.tie_break; }

  void Order(std::vector<size_t>* group) {
    if (rules_.tie_break == TieBreak::kRegistrationOrder) {
      std::sort(group->begin(), group->end(), [this](size_t a, size_t b) {
        return lists_[a].registration_order < lists_[b].registration_order;
      });
      return;
    }
    for (size_t i : *group) LotDigest(i);
    std::sort(group->begin(), group->end(), [this](size_t a, size_t b) {
      const Digest& da = digests_.at(a);
      const Digest& db = digests_.at(b);
      if (da != db) return da < db;
      return lists_[a].choice < lists_[b].choice;
    });
  }

  // How the tie-break ranked `i`, for the computation lines.
  std::string Describe(size_t i) {
    if (rules_.tie_break == TieBreak::kRegistrationOrder) {
      return "registered " + std::to_string(lists_[i].registration_order);
    }
    return "lot digest " + LotDigest(i).Hex();
  }

 private:
  const Digest& LotDigest(size_t i) {
    auto it = digests_.find(i);
    if (it == digests_.end()) {
      it = digests_.emplace(i, TaggedHash(tag::kSeatLot, rules_.lot_seed + "|" + lists_[i].choice)).first;
    }
    return it->second;
  }

  const std::vector<ListVotes>& lists_;
  const SeatRules& rules_;
  std::unordered_map<size_t, Digest> digests_;
};

// Settles a tie among `group` for `seats` places (seats < group.size()): orders the group,
// records the decision and flags the lists. Returns the winners.
std::vector<size_t> SettleTie(std::vector<size_t> group, int64_t seats, const std::string& stage,
                              const std::string& what, TieBreaker* breaker, SeatAllocation* a) {
  breaker->Order(&group);
  TieDecision tie;
  tie.stage = stage;
  tie.seats_at_stake = seats;
  tie.rule = breaker->rule();
  std::string names;
  for (size_t k = 0; k < group.size(); ++k) {
    ListSeats& l = a->lists[group[k]];
    l.tie_decided = true;
    tie.contenders.push_back(l.choice);
    if (static_cast<int64_t>(k) < seats) tie.winners.push_back(l.choice);
    names += (k == 0 ? "" : ", ") + l.choice + " (" + breaker->Describe(group[k]) + ")";
  }
  a->computation.push_back("Tie: " + std::to_string(group.size()) + " lists have " + what + " and compete for " +
                           Plural(seats, "seat", "seats") + "; tie-break order: " + names + ".");
  std::vector<size_t> winners(group.begin(), group.begin() + seats);
  std::string won;
  for (size_t k = 0; k < winners.size(); ++k) won += (k == 0 ? "" : ", ") + a->lists[winners[k]].choice;
  a->computation.push_back("Tie decided by " + TieBreakText(breaker->rule()) + ": " + won + ".");
  a->ties.push_back(std::move(tie));
  return winners;
}

void AllocateHare(const std::vector<size_t>& passing, TieBreaker* breaker, SeatAllocation* a) {
  const int64_t S = a->seats;
  const int64_t T = a->passing_votes;
  int64_t given = 0;
  for (size_t i : passing) {
    ListSeats& l = a->lists[i];
    const Int128 product = static_cast<Int128>(l.votes) * S;
    l.automatic_seats = static_cast<int64_t>(product / T);
    l.remainder_numerator = static_cast<int64_t>(product % T);
    given += l.automatic_seats;
    a->computation.push_back(l.choice + ": " + Grouped(l.votes) + " × " + Grouped(S) + " / " + Grouped(T) + " = " +
                             Plural(l.automatic_seats, "full quota", "full quotas") + ", remainder " +
                             Grouped(l.remainder_numerator) + "/" + Grouped(T) + " = " +
                             Decimal(l.remainder_numerator, T, 4) + " of a quota.");
  }
  int64_t left = S - given;
  a->computation.push_back("Seats by full quotas: " + Grouped(given) + "; " + Plural(left, "seat is", "seats are") +
                           " left for the largest remainders.");
  if (left == 0) return;

  std::vector<size_t> order = passing;
  std::stable_sort(order.begin(), order.end(), [a](size_t x, size_t y) {
    return a->lists[x].remainder_numerator > a->lists[y].remainder_numerator;
  });
  size_t k = 0;
  while (left > 0 && k < order.size()) {
    const int64_t r = a->lists[order[k]].remainder_numerator;
    std::vector<size_t> group;
    while (k < order.size() && a->lists[order[k]].remainder_numerator == r) group.push_back(order[k++]);
    std::vector<size_t> winners = group;
    if (static_cast<int64_t>(group.size()) > left) {
      winners = SettleTie(group, left, "largest remainder",
                          "the remainder " + Grouped(r) + "/" + Grouped(T), breaker, a);
    }
    for (size_t w : winners) {
      ListSeats& l = a->lists[w];
      l.remainder_seats = 1;
      --left;
      a->computation.push_back("Leftover seat " + Grouped(S - given - left) + " of " + Grouped(S - given) + ": " +
                               l.choice + " (remainder " + Decimal(l.remainder_numerator, T, 4) + ").");
    }
  }
}

// The divisor of the next seat of a list that has `seats`: D'Hondt 1, 2, 3, ...;
// Sainte-Laguë 1, 3, 5, ...
int64_t NextDivisor(SeatMethod method, int64_t seats) {
  return method == SeatMethod::kSainteLague ? 2 * seats + 1 : seats + 1;
}

void AllocateByDivisors(const std::vector<size_t>& passing, TieBreaker* breaker, SeatAllocation* a) {
  struct Quotient {
    size_t list;
    int64_t votes;
    int64_t divisor;
  };
  // votes_a / divisor_a < votes_b / divisor_b, exactly.
  auto less = [](const Quotient& x, const Quotient& y) {
    return static_cast<Int128>(x.votes) * y.divisor < static_cast<Int128>(y.votes) * x.divisor;
  };
  auto equal = [](const Quotient& x, const Quotient& y) {
    return static_cast<Int128>(x.votes) * y.divisor == static_cast<Int128>(y.votes) * x.divisor;
  };
  std::priority_queue<Quotient, std::vector<Quotient>, decltype(less)> heap(less);
  for (size_t i : passing) heap.push({i, a->lists[i].votes, NextDivisor(a->method, 0)});

  a->computation.push_back(std::string("Seats go one at a time to the largest quotient votes / divisor, divisors ") +
                           (a->method == SeatMethod::kSainteLague ? "1, 3, 5, ... (Sainte-Laguë)."
                                                                  : "1, 2, 3, ... (D'Hondt)."));
  int64_t left = a->seats;
  while (left > 0 && !heap.empty()) {
    std::vector<Quotient> group{heap.top()};
    heap.pop();
    while (!heap.empty() && equal(heap.top(), group.front())) {
      group.push_back(heap.top());
      heap.pop();
    }
    std::vector<size_t> winners;
    for (const Quotient& q : group) winners.push_back(q.list);
    if (static_cast<int64_t>(group.size()) > left) {
      const Quotient& q = group.front();
      winners = SettleTie(winners, left, "quotient",
                          "the quotient " + Grouped(q.votes) + " / " + Grouped(q.divisor) + " = " +
                              Decimal(q.votes, q.divisor, 3),
                          breaker, a);
    }
    // Award in the (tie-break) order of `winners`, and put each winner's next quotient back.
    for (size_t w : winners) {
      const Quotient& q = *std::find_if(group.begin(), group.end(), [w](const Quotient& g) { return g.list == w; });
      ListSeats& l = a->lists[w];
      ++l.automatic_seats;
      l.last_divisor = q.divisor;
      --left;
      a->computation.push_back("Seat " + Grouped(a->seats - left) + ": " + l.choice + ", " + Grouped(q.votes) +
                               " / " + Grouped(q.divisor) + " = " + Decimal(q.votes, q.divisor, 3) + ".");
      heap.push({w, l.votes, NextDivisor(a->method, l.automatic_seats)});
    }
  }
}

void ApplyRunnerUpRule(const std::vector<size_t>& passing, int64_t min_seats, TieBreaker* breaker,
                       SeatAllocation* a) {
  if (min_seats == 0) return;
  if (passing.size() != 1) {
    a->computation.push_back("Runner-up rule (" + Grouped(min_seats) + " seats if only one list passes): " +
                             Grouped(static_cast<int64_t>(passing.size())) + " lists passed, so it does not apply.");
    return;
  }
  int64_t best = 0;
  for (const ListSeats& l : a->lists) {
    if (!l.passed) best = std::max(best, l.votes);
  }
  if (best == 0) {
    a->computation.push_back("Runner-up rule: only one list passed, but no other list has any votes, so no list "
                             "can receive the runner-up seats.");
    return;
  }
  std::vector<size_t> group;
  for (size_t i = 0; i < a->lists.size(); ++i) {
    if (!a->lists[i].passed && a->lists[i].votes == best) group.push_back(i);
  }
  size_t runner_up = group.front();
  if (group.size() > 1) {
    runner_up = SettleTie(group, 1, "runner-up", Grouped(best) + " votes each for the runner-up place", breaker, a)
                    .front();
  }
  ListSeats& leader = a->lists[passing.front()];
  ListSeats& second = a->lists[runner_up];
  leader.runner_up_transfer = -min_seats;
  leader.seats -= min_seats;
  second.runner_up_transfer = min_seats;
  second.seats += min_seats;
  a->runner_up_rule_applied = true;
  a->computation.push_back("Runner-up rule: only " + leader.choice + " passed, so the list with the next-most votes, " +
                           second.choice + " (" + Grouped(second.votes) + "), receives " +
                           Plural(min_seats, "seat", "seats") + " taken from " + leader.choice + ".");
}

}  // namespace

Result<SeatAllocation> AllocateSeats(const std::vector<ListVotes>& lists, int64_t participants,
                                     const SeatRules& rules) {
  ASHYQ_RETURN_IF_ERROR(CheckInput(lists, participants, rules));
  Int128 valid = 0;
  for (const ListVotes& l : lists) valid += l.votes;
  if (valid > participants) {
    return CheckFailed("", std::string(seat_rule::kValidLeParticipants),
                       "the lists have " + Grouped(static_cast<int64_t>(std::min<Int128>(valid, kMaxVotes))) +
                           (valid > kMaxVotes ? "+" : "") + " valid votes, more than the " + Grouped(participants) +
                           " voters who took part");
  }

  SeatAllocation a;
  a.method = rules.method;
  a.tie_break = rules.tie_break;
  if (rules.tie_break == TieBreak::kLot) a.lot_seed = rules.lot_seed;
  a.runner_up_min_seats = rules.runner_up_min_seats;
  a.seats = rules.seats;
  a.participants = participants;
  a.valid_votes = static_cast<int64_t>(valid);
  a.threshold_bp = rules.threshold_bp;
  const Int128 threshold_product = static_cast<Int128>(rules.threshold_bp) * participants;
  a.threshold_votes = static_cast<int64_t>((threshold_product + 9999) / 10000);

  a.computation.push_back("Voters who took part: " + Grouped(participants) + "; valid votes for the lists: " +
                          Grouped(a.valid_votes) + ".");
  a.computation.push_back("Threshold: " + Decimal(rules.threshold_bp, 100, 2) + "% of the voters who took part = " +
                          Grouped(rules.threshold_bp) + " × " + Grouped(participants) + " / 10,000 = " +
                          Decimal(threshold_product, 10000, 4) + "; a list needs at least " +
                          Plural(a.threshold_votes, "vote", "votes") + " (not less than the threshold) and at least one vote.");

  std::vector<size_t> passing;
  for (size_t i = 0; i < lists.size(); ++i) {
    ListSeats l;
    l.choice = lists[i].choice;
    l.votes = lists[i].votes;
    l.registration_order = lists[i].registration_order;
    if (participants > 0) {
      l.share_bp = static_cast<int64_t>((static_cast<Int128>(l.votes) * 20000 + participants) / (2 * participants));
    }
    l.passed = l.votes > 0 && static_cast<Int128>(l.votes) * 10000 >= threshold_product;
    if (l.passed) {
      passing.push_back(i);
      a.passing_votes += l.votes;
    }
    // The percentage is rounded for reading; the decision compares the votes themselves.
    a.computation.push_back(l.choice + ": " + Plural(l.votes, "vote", "votes") + " (" + Decimal(l.share_bp, 100, 2) +
                            "% of participants): " +
                            (l.passed ? "passes" : l.votes == 0 ? "no votes, does not pass"
                                                                : "fewer than " + Grouped(a.threshold_votes) +
                                                                      ", does not pass") +
                            ".");
    a.lists.push_back(std::move(l));
  }
  if (passing.empty()) {
    const auto top = std::max_element(lists.begin(), lists.end(),
                                      [](const ListVotes& x, const ListVotes& y) { return x.votes < y.votes; });
    return CheckFailed("", std::string(seat_rule::kNoListPasses),
                       "no list reached the threshold of " + Decimal(rules.threshold_bp, 100, 2) + "% of the " +
                           Grouped(participants) + " voters who took part (at least " +
                           Plural(std::max<int64_t>(a.threshold_votes, 1), "vote", "votes") + "); the most was " +
                           top->choice + " with " + Grouped(top->votes));
  }
  a.quota_numerator = a.passing_votes;
  a.quota_denominator = a.seats;
  a.computation.push_back("Lists that pass: " + Grouped(static_cast<int64_t>(passing.size())) + ", with " +
                          Plural(a.passing_votes, "vote", "votes") + " in all (T).");

  TieBreaker breaker(lists, rules);
  if (rules.method == SeatMethod::kHareLargestRemainder) {
    a.computation.push_back("Hare quota = T / seats = " + Grouped(a.passing_votes) + " / " + Grouped(a.seats) + " = " +
                            Decimal(a.passing_votes, a.seats, 3) + " votes per seat.");
    AllocateHare(passing, &breaker, &a);
  } else {
    AllocateByDivisors(passing, &breaker, &a);
  }
  for (ListSeats& l : a.lists) l.seats = l.automatic_seats + l.remainder_seats;
  ApplyRunnerUpRule(passing, rules.runner_up_min_seats, &breaker, &a);

  int64_t total = 0;
  std::string summary;
  for (const ListSeats& l : a.lists) {
    total += l.seats;
    if (l.seats > 0) summary += (summary.empty() ? "" : ", ") + l.choice + " " + Grouped(l.seats);
  }
  if (total != a.seats) {
    return Error{ErrorCode::kInternal, "", "R-E5", "allocated " + Grouped(total) + " seats instead of " + Grouped(a.seats)};
  }
  a.computation.push_back("Seats: " + summary + " (" + Grouped(total) + " in all).");
  return a;
}

}  // namespace ashyq::tabulate
