#include "core/election_definition.h"

namespace ashyq {

std::string_view TierName(CommissionTier tier) {
  switch (tier) {
    case CommissionTier::kCentral: return "cec";
    case CommissionTier::kRegional: return "rec";
    case CommissionTier::kTerritorial: return "tec";
    case CommissionTier::kPrecinct: return "pec";
  }
  return "?";
}

std::string_view RoleName(MemberRole role) {
  switch (role) {
    case MemberRole::kChair: return "chair";
    case MemberRole::kDeputyChair: return "deputy_chair";
    case MemberRole::kSecretary: return "secretary";
    case MemberRole::kMember: return "member";
  }
  return "?";
}

std::string_view NominatorKindName(NominatorKind kind) {
  switch (kind) {
    case NominatorKind::kParty: return "party";
    case NominatorKind::kPublicAssociation: return "public_association";
    case NominatorKind::kHigherCommission: return "higher_commission";
  }
  return "?";
}

std::string_view LocalityName(Locality locality) {
  switch (locality) {
    case Locality::kUrban: return "urban";
    case Locality::kRural: return "rural";
  }
  return "?";
}

std::string_view ContestKindName(ContestKind kind) {
  switch (kind) {
    case ContestKind::kPartyList: return "party_list";
    case ContestKind::kPresidential: return "presidential";
    case ContestKind::kLocalCouncil: return "local_council";
  }
  return "?";
}

std::string_view SeatMethodName(SeatMethod method) {
  switch (method) {
    case SeatMethod::kHareLargestRemainder: return "hare_largest_remainder";
    case SeatMethod::kDHondt: return "dhondt";
    case SeatMethod::kSainteLague: return "sainte_lague";
  }
  return "?";
}

std::string_view TieBreakName(TieBreak tie_break) {
  switch (tie_break) {
    case TieBreak::kRegistrationOrder: return "registration_order";
    case TieBreak::kLot: return "lot";
  }
  return "?";
}

std::string_view ListOrderName(ListOrder order) {
  switch (order) {
    case ListOrder::kPreOrdered: return "pre_ordered";
    case ListOrder::kPostElectionChoice: return "post_election_choice";
  }
  return "?";
}

std::string_view BallotOrderMethodName(BallotOrderMethod method) {
  switch (method) {
    case BallotOrderMethod::kLottery: return "lottery";
    case BallotOrderMethod::kAlphabetical: return "alphabetical";
  }
  return "?";
}

int64_t RequiredPecSize(const ElectionRules& rules, int64_t voters) {
  for (const auto& [max_voters, size] : rules.pec_size_by_voters) {
    if (voters <= max_voters) return size;
  }
  return 0;
}

std::vector<std::string_view> BallotOrderOf(const Contest& contest) {
  std::vector<std::string_view> order;
  if (!contest.ballot_order.order.empty()) {
    order.assign(contest.ballot_order.order.begin(), contest.ballot_order.order.end());
  } else {
    for (const Choice& c : contest.choices) order.push_back(c.id);
  }
  return order;
}

}  // namespace ashyq
