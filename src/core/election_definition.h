// The election definition: everything fixed before election day and published with the CEC's
// signature — the commission tree with members and their public keys, polling stations with
// registered-voter counts, parties, and the contests on the ballot (R-A1..R-A5).
//
// Plain data. Reading/writing JSON is in definition_json.h, the rules in definition_check.h,
// navigation of the tree in commission_tree.h. Percentages are integer basis points
// (700 = 7.00 %): signed data holds integers only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ashyq {

inline constexpr std::string_view kDefinitionFormat = "ashyq/election-definition/1";

// Text in the three languages of the ballot. For names `en` is required and `kk`/`ru` may be
// empty; a polling station's address needs all three (definition_check.h).
struct LocalizedName {
  std::string kk;
  std::string ru;
  std::string en;
  friend bool operator==(const LocalizedName&, const LocalizedName&) = default;
};

// An administrative unit (oblast or city of republican significance). Commissions and
// stations name the region they are in; in a 3-tier tree there are no regional commissions
// but regions still exist.
struct Region {
  std::string id;  // e.g. "almaty-city"
  LocalizedName name;
  friend bool operator==(const Region&, const Region&) = default;
};

struct Party {
  std::string id;  // e.g. "nur-otan"
  LocalizedName name;
  std::string abbreviation;    // as on the ballot, e.g. "ANSDP"
  int64_t registration_order;  // 1 = registered first (tie-break under later law)
  friend bool operator==(const Party&, const Party&) = default;
};

enum class CommissionTier { kCentral, kRegional, kTerritorial, kPrecinct };
std::string_view TierName(CommissionTier tier);  // "cec", "rec", "tec", "pec"

enum class MemberRole { kChair, kDeputyChair, kSecretary, kMember };
std::string_view RoleName(MemberRole role);  // "chair", "deputy_chair", "secretary", "member"

enum class NominatorKind { kParty, kPublicAssociation, kHigherCommission };
std::string_view NominatorKindName(NominatorKind kind);  // "party", "public_association", "higher_commission"

struct Nomination {
  NominatorKind kind = NominatorKind::kParty;
  std::string by;  // party id, association name, or commission id
  friend bool operator==(const Nomination&, const Nomination&) = default;
};

struct CommissionMember {
  std::string id;  // unique in the election, e.g. "pec-almaty-city-0406.m3"
  std::string name;
  MemberRole role = MemberRole::kMember;
  Nomination nominated_by;
  std::string affiliation;  // party id; empty = no party
  std::string employer;
  std::string public_key;   // Ed25519, 64 lowercase hex digits
  friend bool operator==(const CommissionMember&, const CommissionMember&) = default;
};

struct Commission {
  std::string id;  // e.g. "cec", "rec-akmola", "tec-akmola-03", "pec-akmola-0175"
  CommissionTier tier = CommissionTier::kPrecinct;
  std::string parent;  // id of the commission above; empty for the CEC
  std::string region;  // region id; empty for the CEC
  LocalizedName name;
  std::string public_key;  // the commission's own Ed25519 key (signs its tier protocols)
  std::vector<CommissionMember> members;
  friend bool operator==(const Commission&, const Commission&) = default;
};

enum class Locality { kUrban, kRural };
std::string_view LocalityName(Locality locality);  // "urban", "rural"

// One polling station per precinct commission.
struct PollingStation {
  std::string id;      // e.g. "ps-almaty-city-0406"
  int64_t number = 0;  // the number voters know, unique within its region
  std::string commission;  // the PEC's id
  std::string region;
  // All three languages: {"№12 мектеп, Абай көшесі, 45, Алматы", "Школа №12, улица Абая, 45,
  // Алматы", "School No. 12, Abai Street 45, Almaty"}.
  LocalizedName address;
  Locality locality = Locality::kUrban;
  int64_t registered_voters = 0;  // on the list before election day
  bool evoting = false;           // offers electronic voting beside paper
  friend bool operator==(const PollingStation&, const PollingStation&) = default;
};

enum class ContestKind { kPartyList, kPresidential, kLocalCouncil };
std::string_view ContestKindName(ContestKind kind);  // "party_list", "presidential", "local_council"

enum class SeatMethod { kHareLargestRemainder, kDHondt, kSainteLague };
std::string_view SeatMethodName(SeatMethod method);  // "hare_largest_remainder", "dhondt", "sainte_lague"

// How equal remainders/quotients are resolved. kRegistrationOrder: the party registered
// first wins (2009 law). kLot: drawn from the contest's published lottery seed.
enum class TieBreak { kRegistrationOrder, kLot };
std::string_view TieBreakName(TieBreak tie_break);  // "registration_order", "lot"

// R-A5: lists ordered before the election, or (as the 2007 law allowed) chosen by the party
// after the vote. The latter is accepted but reported by the checker.
enum class ListOrder { kPreOrdered, kPostElectionChoice };
std::string_view ListOrderName(ListOrder order);  // "pre_ordered", "post_election_choice"

struct Candidate {
  std::string id;
  std::string name;
  int64_t list_position = 0;  // 1-based position on a party list; 0 for presidential candidates
  friend bool operator==(const Candidate&, const Candidate&) = default;
};

// One line on the ballot: a party list or a presidential candidate.
struct Choice {
  std::string id;
  LocalizedName name;
  std::string party;  // the party of a list, or the nominating party of a candidate (may be empty)
  std::vector<Candidate> candidates;  // a party's list; one entry for a presidential candidate
  friend bool operator==(const Choice&, const Choice&) = default;
};

enum class BallotOrderMethod { kLottery, kAlphabetical };
std::string_view BallotOrderMethodName(BallotOrderMethod method);  // "lottery", "alphabetical"

// R-A4: the order is recorded and anyone can recompute it (ballot_order.h).
struct BallotOrder {
  BallotOrderMethod method = BallotOrderMethod::kLottery;
  std::string seed;      // lottery: published seed (hex); empty for alphabetical
  std::string language;  // alphabetical: "kk", "ru" or "en"
  std::vector<std::string> order;  // choice ids, top of the ballot first
  friend bool operator==(const BallotOrder&, const BallotOrder&) = default;
};

struct Contest {
  std::string id;  // e.g. "majilis-2007"
  ContestKind kind = ContestKind::kPartyList;
  LocalizedName name;
  std::string scope;  // commission whose territory votes: "cec" = national
  int64_t seats = 1;
  // Party lists / local councils: share of *voters who took part* a list needs (basis points).
  int64_t threshold_bp = 0;
  SeatMethod method = SeatMethod::kHareLargestRemainder;
  TieBreak tie_break = TieBreak::kRegistrationOrder;
  // Later law: if only one list passes the threshold, the runner-up still gets this many
  // seats (0 = rule not in force, as in 2007).
  int64_t runner_up_min_seats = 0;
  ListOrder list_order = ListOrder::kPreOrdered;
  // Presidential: elected with more than this share of votes cast (5000 = 50 %), else a
  // run-off between the two leaders.
  int64_t majority_bp = 5000;
  std::vector<Choice> choices;
  BallotOrder ballot_order;
  friend bool operator==(const Contest&, const Contest&) = default;
};

// Law-dependent limits, defaulting to the values of R-A2.
struct ElectionRules {
  int64_t max_station_voters = 3000;
  // PEC size by registered voters: the first bracket whose bound is >= voters applies.
  std::vector<std::pair<int64_t, int64_t>> pec_size_by_voters = {
      {1000, 5}, {2000, 7}, {2500, 9}, {3000, 11}};
  int64_t commission_size = 7;  // CEC, REC and TEC
  int64_t max_shared_employer_bp = 5000;  // at most half of a PEC/TEC may share an employer
  friend bool operator==(const ElectionRules&, const ElectionRules&) = default;
};

struct ElectionDefinition {
  std::string election_id;  // e.g. "kz2007-majilis"
  LocalizedName name;
  std::string election_day;  // ISO date, "2007-08-18"
  int64_t tiers = 4;         // 4: CEC-REC-TEC-PEC; 3: CEC-TEC-PEC
  ElectionRules rules;
  std::vector<Region> regions;
  std::vector<Party> parties;
  std::vector<Commission> commissions;  // CEC first, then top-down
  std::vector<PollingStation> polling_stations;
  std::vector<Contest> contests;
  friend bool operator==(const ElectionDefinition&, const ElectionDefinition&) = default;
};

// The choice ids of a contest top of the ballot first: ballot_order.order, or the choices in
// definition order when no order is recorded.
std::vector<std::string_view> BallotOrderOf(const Contest& contest);

// The PEC size R-A2 prescribes for a station with `voters` registered; 0 if over every bracket.
int64_t RequiredPecSize(const ElectionRules& rules, int64_t voters);

}  // namespace ashyq
