// Arbitrary bytes -> votes CSV -> seat allocation under each method and tie-break. Nothing may
// crash, overflow or hang; whatever is allocated must add up to the seats.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tabulate/seat_allocation.h"
#include "tabulate/votes_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ashyq;
  using namespace ashyq::tabulate;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<std::vector<ListVotes>> lists = ParseVotesCsv(text);
  if (!lists.ok()) return 0;
  if (lists->empty() || lists->size() > kMaxVotesCsvRows) __builtin_trap();
  int64_t valid = 0;
  for (const ListVotes& l : *lists) {
    if (l.votes < 0 || l.votes > kMaxVotes || l.choice.empty()) __builtin_trap();
    valid += l.votes;  // at most 10,000 × 2^53: no int64 overflow
  }
  // Participants: the valid votes (when they fit) and a few more; and one short (R-E4).
  const int64_t participants = valid > kMaxVotes ? kMaxVotes : valid + static_cast<int64_t>(size % 1000);
  const SeatMethod methods[] = {SeatMethod::kHareLargestRemainder, SeatMethod::kDHondt, SeatMethod::kSainteLague};
  for (SeatMethod method : methods) {
    for (TieBreak tie_break : {TieBreak::kRegistrationOrder, TieBreak::kLot}) {
      SeatRules rules;
      rules.seats = 1 + static_cast<int64_t>(size % 150);
      rules.threshold_bp = static_cast<int64_t>((size * 37) % 1200);
      rules.method = method;
      rules.tie_break = tie_break;
      rules.lot_seed = "9f2c4e1a";
      rules.runner_up_min_seats = rules.seats > 2 ? 2 : 0;
      for (int64_t p : {participants, valid - 1}) {
        Result<SeatAllocation> a = AllocateSeats(*lists, p, rules);
        if (!a.ok()) {
          if (a.error().code == ErrorCode::kInternal) __builtin_trap();
          continue;
        }
        if (p < valid) __builtin_trap();  // R-E4 must have refused it
        int64_t total = 0;
        for (const ListSeats& l : a->lists) {
          if (l.seats < 0) __builtin_trap();
          if (l.seats > 0 && !l.passed && l.runner_up_transfer == 0) __builtin_trap();
          total += l.seats;
        }
        if (total != rules.seats) __builtin_trap();
        if (a->computation.empty()) __builtin_trap();
      }
    }
  }
  return 0;
}
