#include "protocol/precinct_protocol.h"

#include <cstdint>

namespace ashyq::protocol {

std::string_view CountingStepName(CountingStep step) {
  switch (step) {
    case CountingStep::kCountListSignatures: return "count_list_signatures";
    case CountingStep::kCancelUnusedBallots: return "cancel_unused_ballots";
    case CountingStep::kOpenMobileBoxes: return "open_mobile_boxes";
    case CountingStep::kOpenStationaryBoxes: return "open_stationary_boxes";
    case CountingStep::kSortBallots: return "sort_ballots";
    case CountingStep::kAnnounceEachBallot: return "announce_each_ballot";
    case CountingStep::kCountVotes: return "count_votes";
    case CountingStep::kFillProtocol: return "fill_protocol";
    case CountingStep::kAnnounceResults: return "announce_results";
    case CountingStep::kPostCopy: return "post_copy";
  }
  return "unknown";
}

int64_t ContestCount::valid_votes() const {
  // Summed wide and clamped: figures built in code are not range-checked as JSON input is
  // (|n| <= 2^53 - 1), and a wrapped sum could make an impossible protocol balance.
  __extension__ using Wide = __int128;
  Wide sum = 0;
  for (const auto& entry : votes) sum += entry.second;
  if (sum > INT64_MAX) return INT64_MAX;
  if (sum < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(sum);
}

namespace {
constexpr CountFigure kCountFigures[] = {
    {"registered_voters", "registered voters", &ContestCount::registered_voters},
    {"voters_added_on_day", "voters added on the day", &ContestCount::voters_added_on_day},
    {"ballots_received", "ballots received", &ContestCount::ballots_received},
    {"ballots_issued", "ballots issued", &ContestCount::ballots_issued},
    {"ballots_cancelled", "ballots cancelled", &ContestCount::ballots_cancelled},
    {"electronic_ballots_issued", "electronic ballots issued", &ContestCount::electronic_ballots_issued},
    {"electronic_votes", "electronic votes", &ContestCount::electronic_votes},
    {"voters_with_avc", "voters with an absentee certificate", &ContestCount::voters_with_avc},
    {"mobile_requests", "homebound requests", &ContestCount::mobile_requests},
    {"ballots_in_mobile_boxes", "ballots in mobile boxes", &ContestCount::ballots_in_mobile_boxes},
    {"ballots_in_stationary_boxes", "ballots in stationary boxes", &ContestCount::ballots_in_stationary_boxes},
    {"invalid_ballots", "invalid ballots", &ContestCount::invalid_ballots},
};
}  // namespace

std::span<const CountFigure> CountFigures() { return kCountFigures; }

}  // namespace ashyq::protocol
