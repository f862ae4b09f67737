// A small election for tabulation tests, with consistent hand-made precinct protocols whose
// sums the tests state by hand.
//
// 4-tier:                          contests
//   cec                              majilis (cec), president (cec)
//   ├─ rec-north                     maslikhat-north (scope rec-north)
//   │  ├─ tec-north-01
//   │  │  ├─ pec-north-0001  ps-north-0001    800 voters, e-voting
//   │  │  └─ pec-north-0002  ps-north-0002  1,500 voters
//   │  └─ tec-north-02
//   │     ├─ pec-north-0003  ps-north-0003  1,000 voters
//   │     └─ pec-north-0004  ps-north-0004    600 voters
//   └─ rec-south
//      └─ tec-south-01                maslikhat-south (scope tec-south-01)
//         └─ pec-south-0001  ps-south-0001  2,200 voters
// 3-tier: the same without RECs (TECs under the CEC) and without maslikhat-north.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../core/definition_fixture.h"
#include "core/ballot_order.h"
#include "core/commission_tree.h"
#include "core/definition_json.h"
#include "core/hash.h"
#include "core/json.h"
#include "protocol/precinct_protocol.h"
#include "protocol/protocol_json.h"
#include "tabulate/aggregation.h"

namespace ashyq::tabulate::testing {

inline Contest CouncilContest(const std::string& id, const std::string& scope,
                              const std::string& prefix) {
  Contest c;
  c.id = id;
  c.kind = ContestKind::kLocalCouncil;
  c.name = {"", "", "Maslikhat " + id};
  c.scope = scope;
  c.seats = 5;
  c.threshold_bp = 700;
  for (const char* party : {"nur-otan", "ansdp"}) {
    Choice choice;
    choice.id = prefix + party;
    choice.party = party;
    choice.name = {"", "", prefix + "list of " + party};
    choice.candidates.push_back({choice.id + ".c1", "Candidate 1", 1});
    c.choices.push_back(std::move(choice));
  }
  // Alphabetical by id-like English names: "<prefix>list of ansdp" before "... nur-otan".
  c.ballot_order.method = BallotOrderMethod::kAlphabetical;
  c.ballot_order.language = "en";
  c.ballot_order.order = AlphabeticalOrder(c.choices, "en");
  return c;
}

inline ElectionDefinition TabulationDefinition(bool four_tier) {
  ElectionDefinition d = four_tier ? ashyq::testing::SmallFourTierDefinition()
                                   : ashyq::testing::SmallThreeTierDefinition();
  ashyq::testing::DefinitionBuilder b;
  b.next_key_ = 1000;
  const std::string north_parent = four_tier ? "rec-north" : "cec";
  d.commissions.push_back(
      b.MakeCommission("tec-north-02", CommissionTier::kTerritorial, north_parent, "north", 7));
  d.commissions.push_back(
      b.MakeCommission("pec-north-0003", CommissionTier::kPrecinct, "tec-north-02", "north", 5));
  d.commissions.push_back(
      b.MakeCommission("pec-north-0004", CommissionTier::kPrecinct, "tec-north-02", "north", 5));
  d.polling_stations.push_back(ashyq::testing::TestStation(
      "ps-north-0003", 3, "pec-north-0003", "north", Locality::kRural, 1000, false));
  d.polling_stations.push_back(ashyq::testing::TestStation(
      "ps-north-0004", 4, "pec-north-0004", "north", Locality::kRural, 600, false));
  if (four_tier) d.contests.push_back(CouncilContest("maslikhat-north", "rec-north", "north-"));
  d.contests.push_back(CouncilContest("maslikhat-south", "tec-south-01", "south-"));
  return d;
}

// One station's figures, the same for every contest on its ballot, and its votes per contest.
struct StationFigures {
  const char* station;
  const char* pec;
  int64_t added, received, issued, cancelled, e_issued, avc, mobile_requests, mobile, stationary,
      invalid;
  std::map<std::string, std::map<std::string, int64_t>> votes;  // contest -> choice -> votes
};

inline std::vector<StationFigures> FixtureFigures() {
  return {
      {"ps-north-0001", "pec-north-0001", 12, 700, 600, 100, 50, 3, 20, 18, 580, 8,
       {{"majilis", {{"list-nur-otan", 480}, {"list-ansdp", 100}, {"list-ak-zhol", 60}}},
        {"president", {{"cand-aliev", 400}, {"cand-abaev", 150}, {"cand-bekova", 90}}},
        {"maslikhat-north", {{"north-nur-otan", 500}, {"north-ansdp", 140}}}}},
      {"ps-north-0002", "pec-north-0002", 20, 1500, 1200, 300, 0, 5, 30, 25, 1170, 15,
       {{"majilis", {{"list-nur-otan", 900}, {"list-ansdp", 200}, {"list-ak-zhol", 80}}},
        {"president", {{"cand-aliev", 800}, {"cand-abaev", 300}, {"cand-bekova", 80}}},
        {"maslikhat-north", {{"north-nur-otan", 1000}, {"north-ansdp", 180}}}}},
      {"ps-north-0003", "pec-north-0003", 0, 900, 850, 50, 0, 0, 10, 10, 830, 40,
       {{"majilis", {{"list-nur-otan", 700}, {"list-ansdp", 70}, {"list-ak-zhol", 30}}},
        {"president", {{"cand-aliev", 600}, {"cand-abaev", 100}, {"cand-bekova", 100}}},
        {"maslikhat-north", {{"north-nur-otan", 650}, {"north-ansdp", 150}}}}},
      {"ps-north-0004", "pec-north-0004", 5, 600, 500, 100, 0, 2, 0, 0, 495, 5,
       {{"majilis", {{"list-nur-otan", 400}, {"list-ansdp", 50}, {"list-ak-zhol", 40}}},
        {"president", {{"cand-aliev", 300}, {"cand-abaev", 150}, {"cand-bekova", 40}}},
        {"maslikhat-north", {{"north-nur-otan", 390}, {"north-ansdp", 100}}}}},
      {"ps-south-0001", "pec-south-0001", 0, 2000, 1900, 100, 0, 10, 40, 35, 1850, 25,
       {{"majilis", {{"list-nur-otan", 1500}, {"list-ansdp", 260}, {"list-ak-zhol", 100}}},
        {"president", {{"cand-aliev", 1200}, {"cand-abaev", 500}, {"cand-bekova", 160}}},
        {"maslikhat-south", {{"south-nur-otan", 1400}, {"south-ansdp", 460}}}}},
  };
}

inline const Contest* FindContest(const ElectionDefinition& def, const std::string& id) {
  for (const Contest& c : def.contests) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

inline protocol::PrecinctProtocol MakeProtocol(const ElectionDefinition& def,
                                               const std::string& definition_digest,
                                               const StationFigures& f) {
  protocol::PrecinctProtocol p;
  p.election_id = def.election_id;
  p.definition_digest = definition_digest;
  p.station = f.station;
  p.commission = f.pec;
  p.signed_at = "2007-08-19T01:40";
  int64_t station_voters = 0;
  for (const PollingStation& s : def.polling_stations) {
    if (s.id == f.station) station_voters = s.registered_voters;
  }
  // The contests on the station's ballot, in definition order.
  for (const Contest& contest : def.contests) {
    auto votes = f.votes.find(contest.id);
    if (votes == f.votes.end()) continue;
    protocol::ContestCount c;
    c.contest = contest.id;
    c.registered_voters = station_voters + f.added;
    c.voters_added_on_day = f.added;
    c.ballots_received = f.received;
    c.ballots_issued = f.issued;
    c.ballots_cancelled = f.cancelled;
    c.electronic_ballots_issued = f.e_issued;
    c.electronic_votes = f.e_issued;
    c.voters_with_avc = f.avc;
    c.mobile_requests = f.mobile_requests;
    c.ballots_in_mobile_boxes = f.mobile;
    c.ballots_in_stationary_boxes = f.stationary;
    c.invalid_ballots = f.invalid;
    for (const std::string& choice : contest.ballot_order.order) {
      c.votes.emplace_back(choice, votes->second.at(choice));
    }
    p.contests.push_back(std::move(c));
  }
  return p;
}

inline std::string ProtocolDigest(const protocol::PrecinctProtocol& p) {
  return TaggedHash(tag::kObject, json::Canonicalize(protocol::ProtocolToJson(p))).Hex();
}

// Owns a definition, its tree, the precinct protocols of every station and their digests.
class TabulationElection {
 public:
  explicit TabulationElection(bool four_tier = true) : def(TabulationDefinition(four_tier)) {
    digest = TaggedHash(tag::kObject, json::Canonicalize(DefinitionToJson(def))).Hex();
    Result<CommissionTree> built = CommissionTree::Build(def);
    EXPECT_TRUE(built.ok()) << built.error().ToString();
    tree = std::make_unique<CommissionTree>(std::move(built).value());
    // Contests a definition lacks (maslikhat-north in 3 tiers) are simply not on the ballot.
    for (const StationFigures& f : FixtureFigures()) protocols.push_back(MakeProtocol(def, digest, f));
  }

  // Every protocol, with its digest (pointers into `protocols`: do not resize it meanwhile).
  std::vector<CountedPrecinct> Counted() const {
    std::vector<CountedPrecinct> out;
    for (const protocol::PrecinctProtocol& p : protocols) out.push_back({&p, ProtocolDigest(p)});
    return out;
  }
  // Only those of the given stations.
  std::vector<CountedPrecinct> CountedOf(const std::vector<std::string>& stations) const {
    std::vector<CountedPrecinct> out;
    for (const protocol::PrecinctProtocol& p : protocols) {
      for (const std::string& s : stations) {
        if (p.station == s) out.push_back({&p, ProtocolDigest(p)});
      }
    }
    return out;
  }
  const protocol::PrecinctProtocol& Of(const std::string& station) const {
    for (const protocol::PrecinctProtocol& p : protocols) {
      if (p.station == station) return p;
    }
    ADD_FAILURE() << "no protocol for " << station;
    return protocols.front();
  }
  size_t Commission(const std::string& id) const {
    const size_t c = tree->FindCommission(id);
    EXPECT_NE(c, CommissionTree::kNone) << id;
    return c;
  }

  ElectionDefinition def;
  std::string digest;
  std::unique_ptr<CommissionTree> tree;
  std::vector<protocol::PrecinctProtocol> protocols;  // in FixtureFigures order
};

// The votes for `choice` in `totals`; -1 if absent.
inline int64_t VotesFor(const protocol::ContestCount& totals, const std::string& choice) {
  for (const auto& [id, n] : totals.votes) {
    if (id == choice) return n;
  }
  return -1;
}

inline const ContestTotals* TotalsOf(const TierProtocol& p, const std::string& contest) {
  for (const ContestTotals& t : p.contests) {
    if (t.contest == contest) return &t;
  }
  return nullptr;
}

inline std::vector<std::string> ContestIds(const TierProtocol& p) {
  std::vector<std::string> out;
  for (const ContestTotals& t : p.contests) out.push_back(t.contest);
  return out;
}

inline std::vector<std::string> Rules(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.rule);
  return out;
}

inline std::string Describe(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out += e.ToString() + "\n";
  return out;
}

}  // namespace ashyq::tabulate::testing
