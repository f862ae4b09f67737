// Scenario parameters: what a simulated national election looks like, as data.
//
// Each scenario is a JSON file in scenarios/ ("ashyq/scenario/1"), embedded in the binary so
// that `ashyq demo` runs from any directory. Every figure in a file carries its source in the
// file's "sources" object (JSON Pointer -> "seed document, section: quoted figure", or how an
// estimate was made). The parsed ScenarioSpec drops the sources but the parser checks that
// each one points at a field that exists, so a source cannot silently outlive its figure.
//
// Parsing is strict: unknown fields, wrong kinds, out-of-range numbers and inconsistent totals
// are errors naming the JSON Pointer of the field at fault.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/election_definition.h"
#include "core/json.h"
#include "core/result.h"

namespace ashyq::sim {

inline constexpr std::string_view kScenarioFormat = "ashyq/scenario/1";

// A city or city district: one TEC whose polling stations are urban.
struct UrbanTecSpec {
  LocalizedName name;  // the TEC's territory, e.g. "Almaly District, Almaty"
  LocalizedName town;  // for addresses, all three languages, e.g. "Алматы"/"Алматы"/"Almaty"
  int64_t weight = 1;  // relative size (population, thousands) among the region's urban TECs
};

struct RegionSpec {
  std::string id;
  LocalizedName name;
  int64_t registered_voters = 0;
  int64_t polling_stations = 0;
  int64_t tecs = 0;            // urban_tecs.size() city TECs + the rest rural districts
  int64_t urban_stations = 0;  // stations in the city TECs
  int64_t urban_share_bp = 0;  // share of the region's voters in the city TECs
  std::vector<UrbanTecSpec> urban_tecs;
};

struct StationSizeSpec {  // registered voters per station
  int64_t urban_min = 0, urban_max = 0;
  int64_t rural_min = 0, rural_max = 0;
};

struct EvotingSpec {
  int64_t stations = 0;        // 0: no electronic voting
  int64_t voter_share_bp = 0;  // share of all registered voters at e-voting stations
  int64_t min_voters = 0, max_voters = 0;  // size range of an e-voting station (urban)
  // One voter in this many challenges their encrypted ballot (published opened, never tallied;
  // sim/evote_simulator.h). Optional, default 1000; 0: none. A test scenario sets it low so
  // that its few e-ballots include challenged ones.
  int64_t challenge_every = 1000;
};

struct Nominator {
  NominatorKind kind = NominatorKind::kPublicAssociation;
  std::string by;
};

// Who sits on commissions (R-A2), as the observation reports describe it.
struct CompositionSpec {
  // Share of women per tier, indexed by CommissionTier (cec, rec, tec, pec).
  std::array<int64_t, 4> female_bp{};
  int64_t kazakh_name_bp = 0;  // share of members with Kazakh names (the rest Russian/other)
  // Nomination weights (basis points of all seats below the CEC). A party nominates at most
  // one member of a commission (so does the commission above); associations fill the other
  // seats, each once while the list lasts.
  std::vector<std::pair<std::string, int64_t>> party_bp;
  int64_t public_association_bp = 0;
  int64_t higher_commission_bp = 0;
  std::vector<std::string> public_associations;
  std::vector<Nominator> cec_nominators;  // one per CEC seat
  // De facto dominance of one party (2007 report V.A): members nominated by others are often
  // its members, and it holds most chairs.
  std::string dominant_party;
  int64_t other_party_nominee_dominant_bp = 0;
  int64_t non_party_nominee_dominant_bp = 0;
  int64_t chair_dominant_bp = 0;
};

struct ListSpec {
  std::string party;
  int64_t candidates = 0;
};

struct CandidateSpec {  // presidential
  std::string id;
  LocalizedName name;
  std::string party;      // nominating party; empty when nominated by an association
  std::string nominator;  // the nominating body as the report names it
};

struct BallotOrderSpec {
  BallotOrderMethod method = BallotOrderMethod::kLottery;
  // Lottery: the seed is hex(SHA-256("<seed_label>-<n>")) for the smallest n >= 0 whose draw
  // gives historical_order (n = 0 when there is none).
  std::string seed_label;
  std::string language;  // alphabetical
  std::vector<std::string> historical_order;  // choice ids, top first; may be empty
};

struct ContestSpec {
  std::string id;
  ContestKind kind = ContestKind::kPartyList;
  LocalizedName name;
  std::string scope = "cec";
  int64_t seats = 1;
  int64_t threshold_bp = 0;
  SeatMethod method = SeatMethod::kHareLargestRemainder;
  TieBreak tie_break = TieBreak::kRegistrationOrder;
  int64_t runner_up_min_seats = 0;
  ListOrder list_order = ListOrder::kPreOrdered;
  int64_t majority_bp = 5000;
  int64_t candidate_female_bp = 0;  // party lists: share of women among generated candidates
  std::vector<ListSpec> lists;            // party_list
  std::vector<CandidateSpec> candidates;  // presidential
  BallotOrderSpec ballot_order;
};

// One local council (maslikhat) contest per region, scoped to the region's REC.
struct LocalCouncilSpec {
  std::string id_prefix;   // contest id = id_prefix + region id
  LocalizedName name;      // "{region}" is replaced by the region's name in each language
  int64_t seats_min = 0, seats_max = 0;
  int64_t threshold_bp = 0;
  SeatMethod method = SeatMethod::kHareLargestRemainder;
  TieBreak tie_break = TieBreak::kRegistrationOrder;
  std::vector<std::string> parties;  // parties that may run; the first always does
  int64_t party_presence_bp = 0;     // chance each other party runs in a region
  int64_t candidate_female_bp = 0;
  std::string seed_label_prefix;     // lottery seed label = prefix + region id
};

// Published results kept with the scenario for the vote simulation of a later issue.
struct OfficialResults {
  std::string contest;
  int64_t participants = 0;            // voters who took part
  int64_t election_night_turnout = 0;  // announced on election night
  int64_t valid_votes_total = 0;
  int64_t turnout_bp = 0;
  int64_t evoting_ballots = 0;
  std::vector<std::pair<std::string, int64_t>> valid_votes;  // choice id -> votes
  std::vector<std::pair<std::string, int64_t>> shares_bp;    // choice id -> share of votes
  std::vector<std::pair<std::string, int64_t>> seats;        // choice id -> seats
  std::vector<std::pair<std::string, int64_t>> regional_turnout_bp;  // region id -> turnout
};

struct ScenarioSpec {
  std::string id;  // also the election id
  std::string description;
  LocalizedName election_name;
  std::string election_day;
  int64_t tiers = 4;
  int64_t registered_voters = 0;
  int64_t polling_stations = 0;
  int64_t territorial_commissions = 0;
  int64_t regional_commissions = 0;  // 0 in a 3-tier election
  StationSizeSpec station_sizes;
  EvotingSpec evoting;
  CompositionSpec composition;
  std::vector<RegionSpec> regions;
  std::vector<Party> parties;  // registration order = position + 1
  std::vector<ContestSpec> contests;
  bool has_local_councils = false;
  LocalCouncilSpec local_councils;
  bool has_official_results = false;
  OfficialResults official_results;
};

// The scenario files compiled into the binary: (name = file stem, JSON text). Defined in the
// source file that cmake/embed_scenarios.cmake generates.
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedScenarioFiles();

// Names of the embedded scenarios, sorted.
std::vector<std::string> ScenarioNames();

// Parses the embedded scenario `name`. kNotFound (listing the available names) for an unknown
// name; kBadInput, `where` = "scenarios/<name>.json:<pointer>", for a bad file.
Result<ScenarioSpec> LoadScenario(std::string_view name);

// Parses and validates a scenario document. On failure the error is the first problem found;
// its message counts the others.
Result<ScenarioSpec> ParseScenario(const json::Value& doc);

}  // namespace ashyq::sim
