// Seat allocation for party-list and local-council contests (R-A3), published with the
// computation shown (R-E5). A pure function: the same votes and rules always give the same
// seats, and every step is written out so that anyone can redo it with a pencil.
//
// Threshold. A list passes when it has at least `threshold_bp` of the *voters who took part*
// (participants), not of the valid votes:   votes * 10000 >= threshold_bp * participants.
// "At least" because the Kazakh law says "not less than 7 %" of voters who took part; a list
// with exactly 7.00 % passes. A list with no votes never passes, even at threshold 0.
//
// Methods (among passing lists only; T = the sum of their votes, S = seats):
//   Hare largest remainder: the quota is T / S. A list gets floor(votes * S / T) seats
//     ("automatic" seats); its remainder is (votes * S) mod T, i.e. remainder/T of a quota.
//     Leftover seats go one each to the largest remainders.
//   D'Hondt: seats go one at a time to the largest quotient votes / (s + 1),
//   Sainte-Laguë: ... to the largest quotient votes / (2s + 1), s = seats the list already has.
// All comparisons are exact integer cross-multiplications (128-bit), never floating point.
//
// Ties. When lists with equal remainders (Hare) or equal quotients (divisor methods) compete for
// fewer seats than there are such lists, the contenders are ordered by the tie-break and the
// first ones win:
//   kRegistrationOrder (2009 law): smaller registration_order first (registered first).
//   kLot: by the bytes of SHA-256("ashyq/v1/seat-lot" || 0x00 || lot_seed "|" choice), ascending,
//     where lot_seed is the published seed exactly as written (lowercase hex text) — so anyone
//     can redo the draw with sha256sum. (Digests of distinct choices never collide in practice;
//     if they did, the smaller choice id would come first.)
// Every such decision is recorded in SeatAllocation::ties and flagged on the lists involved.
//
// Runner-up rule (later law; runner_up_min_seats > 0): if exactly one list passes, the list with
// the next-most votes also gets runner_up_min_seats seats, taken from the leader. Equal votes
// for the runner-up place are settled by the tie-break.
//
// Errors (the rule ids are in namespace seat_rule below, so that a caller can name its own
// option or field by the rule, never by reading `where` or the message):
//   kBadInput,    a rule parameter out of range, each with its own rule:
//                 R-A3.seats          seats outside 1..10,000;
//                 R-A3.threshold      threshold outside 0..10,000 bp;
//                 R-A3.runner-up-seats  runner_up_min_seats < 0 or >= seats;
//                 R-A3.lot-seed       a missing or non-hex lot_seed under kLot;
//                 R-A3.participants   participants negative or above 2^53 - 1;
//   kBadInput,    rule R-A3.bad-input, the lists themselves (`where` "list N (choice)"): votes
//                 negative or above 2^53 - 1, an empty or duplicate choice id, no lists,
//                 duplicate registration_order under kRegistrationOrder.
//   kCheckFailed, rule R-E4.valid-le-participants: the lists' votes add up to more than the
//                 participants (impossible in a consistent result; 2007 had exactly this).
//   kCheckFailed, rule R-A3.no-list-passes: no list reaches the threshold.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/election_definition.h"
#include "core/result.h"

namespace ashyq::tabulate {

inline constexpr int64_t kMaxSeats = 10000;
inline constexpr int64_t kMaxVotes = 9007199254740991;  // 2^53 - 1: published as a JSON integer

namespace seat_rule {
inline constexpr std::string_view kSeats = "R-A3.seats";
inline constexpr std::string_view kThreshold = "R-A3.threshold";
inline constexpr std::string_view kRunnerUpSeats = "R-A3.runner-up-seats";
inline constexpr std::string_view kLotSeed = "R-A3.lot-seed";
inline constexpr std::string_view kParticipants = "R-A3.participants";
inline constexpr std::string_view kLists = "R-A3.bad-input";
inline constexpr std::string_view kNoListPasses = "R-A3.no-list-passes";
inline constexpr std::string_view kValidLeParticipants = "R-E4.valid-le-participants";
}  // namespace seat_rule

struct ListVotes {
  std::string choice;  // choice id, unique
  int64_t votes = 0;   // valid votes for the list
  int64_t registration_order = 0;  // 1 = registered first (the tie-break under the 2009 law)
};

struct SeatRules {
  int64_t seats = 0;
  int64_t threshold_bp = 0;  // share of participants a list needs, basis points (700 = 7 %)
  SeatMethod method = SeatMethod::kHareLargestRemainder;
  TieBreak tie_break = TieBreak::kRegistrationOrder;
  std::string lot_seed;           // published seed (lowercase hex), used when tie_break == kLot
  int64_t runner_up_min_seats = 0;  // 0 = rule not in force (2007)
};

// What one list got, and why.
struct ListSeats {
  std::string choice;
  int64_t votes = 0;
  int64_t registration_order = 0;
  // votes / participants in basis points, rounded half up (442.77 bp shows as 443); for
  // display only: passing is decided exactly, never on this rounded figure.
  int64_t share_bp = 0;
  bool passed = false;  // reached the threshold
  // Hare: floor(votes * S / T), the full quotas. Divisor methods: every seat won by quotient.
  int64_t automatic_seats = 0;
  // Hare: (votes * S) mod T; the remainder is remainder_numerator / T of a quota.
  int64_t remainder_numerator = 0;
  int64_t remainder_seats = 0;  // Hare: 1 if a leftover seat went to this remainder, else 0
  // Divisor methods: the divisor of the list's last seat (its last winning quotient is
  // votes / last_divisor); 0 when it won no seat or for Hare.
  int64_t last_divisor = 0;
  // Runner-up rule: +runner_up_min_seats for the runner-up, minus that for the leader.
  int64_t runner_up_transfer = 0;
  // seats = automatic_seats + remainder_seats + runner_up_transfer.
  int64_t seats = 0;
  bool tie_decided = false;  // a tie-break decided whether this list won a contested seat
};

// One tie settled by the tie-break.
struct TieDecision {
  // "largest remainder", "quotient" or "runner-up".
  std::string stage;
  int64_t seats_at_stake = 0;           // fewer than contenders.size()
  std::vector<std::string> contenders;  // in tie-break order; the first seats_at_stake won
  std::vector<std::string> winners;
  TieBreak rule = TieBreak::kRegistrationOrder;
};

struct SeatAllocation {
  SeatMethod method = SeatMethod::kHareLargestRemainder;
  // The rest of the rules applied, so that the allocation alone says how to redo it.
  TieBreak tie_break = TieBreak::kRegistrationOrder;
  std::string lot_seed;  // empty unless tie_break == kLot
  int64_t runner_up_min_seats = 0;
  int64_t seats = 0;
  int64_t participants = 0;
  int64_t valid_votes = 0;      // all lists, passing or not
  int64_t threshold_bp = 0;
  int64_t threshold_votes = 0;  // ceil(threshold_bp * participants / 10000): the least that passes
  int64_t passing_votes = 0;    // T: votes of the lists that passed
  // Hare quota = quota_numerator / quota_denominator = T / S (for divisor methods too, for
  // reference only).
  int64_t quota_numerator = 0;
  int64_t quota_denominator = 0;
  bool runner_up_rule_applied = false;
  std::vector<ListSeats> lists;  // in the order given
  std::vector<TieDecision> ties;
  // The computation, one human-readable line per step (R-E5).
  std::vector<std::string> computation;
};

Result<SeatAllocation> AllocateSeats(const std::vector<ListVotes>& lists, int64_t participants,
                                     const SeatRules& rules);

}  // namespace ashyq::tabulate
