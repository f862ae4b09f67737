// Tier-by-tier tabulation at the size of the 2007 Majilis election: 16 RECs, 205 TECs, 9,727
// precinct protocols, each with the national contest (7 party lists) and its region's
// maslikhat contest (5 lists). Reports the time of a full Tabulate (every TEC, REC and the CEC
// protocol with their digests) and of a verifier's CheckTierProtocol over all 222 of them.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/hash.h"
#include "core/json.h"
#include "protocol/precinct_protocol.h"
#include "protocol/protocol_json.h"
#include "tabulate/aggregation.h"
#include "tabulate/consistency.h"

namespace {

using ashyq::CommissionTier;
using ashyq::protocol::ContestCount;
using ashyq::protocol::PrecinctProtocol;

constexpr int kRegions = 16;
constexpr int kTecs = 205;
constexpr int kStations = 9727;
constexpr int kNationalLists = 7;
constexpr int kRegionalLists = 5;

std::string Num(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(width > static_cast<int>(s.size()) ? width - s.size() : 0, '0') + s;
}

ashyq::Contest MakeContest(const std::string& id, const std::string& scope, int lists) {
  ashyq::Contest c;
  c.id = id;
  c.kind = scope == "cec" ? ashyq::ContestKind::kPartyList : ashyq::ContestKind::kLocalCouncil;
  c.name = {"", "", id};
  c.scope = scope;
  for (int i = 0; i < lists; ++i) {
    ashyq::Choice choice;
    choice.id = id + "-list-" + std::to_string(i + 1);
    choice.name = {"", "", choice.id};
    c.choices.push_back(choice);
    c.ballot_order.order.push_back(choice.id);
  }
  return c;
}

// The 2007 shape: CEC, 16 RECs, 205 TECs spread over them, 9,727 PECs spread over the TECs.
ashyq::ElectionDefinition NationalDefinition() {
  ashyq::ElectionDefinition d;
  d.election_id = "bench-2007";
  d.tiers = 4;
  auto commission = [](std::string id, CommissionTier tier, std::string parent, std::string region) {
    ashyq::Commission c;
    c.id = std::move(id);
    c.tier = tier;
    c.parent = std::move(parent);
    c.region = std::move(region);
    return c;
  };
  d.commissions.push_back(commission("cec", CommissionTier::kCentral, "", ""));
  d.contests.push_back(MakeContest("majilis", "cec", kNationalLists));
  for (int r = 0; r < kRegions; ++r) {
    const std::string region = "region-" + Num(r, 2);
    d.regions.push_back({region, {"", "", region}});
    d.commissions.push_back(commission("rec-" + region, CommissionTier::kRegional, "cec", region));
    d.contests.push_back(MakeContest("maslikhat-" + region, "rec-" + region, kRegionalLists));
  }
  for (int t = 0; t < kTecs; ++t) {
    const std::string region = "region-" + Num(t % kRegions, 2);
    d.commissions.push_back(commission("tec-" + Num(t, 3), CommissionTier::kTerritorial,
                                       "rec-" + region, region));
  }
  for (int s = 0; s < kStations; ++s) {
    const int t = s % kTecs;
    const std::string region = "region-" + Num(t % kRegions, 2);
    const std::string pec = "pec-" + Num(s, 4);
    d.commissions.push_back(commission(pec, CommissionTier::kPrecinct, "tec-" + Num(t, 3), region));
    ashyq::PollingStation ps;
    ps.id = "ps-" + Num(s, 4);
    ps.number = s + 1;
    ps.commission = pec;
    ps.region = region;
    ps.registered_voters = 200 + (s * 7919) % 2700;
    d.polling_stations.push_back(ps);
  }
  return d;
}

// A consistent count: `voters` registered, a deterministic turnout and spread of votes.
ContestCount MakeCount(const ashyq::Contest& contest, int64_t voters, uint64_t seed) {
  ContestCount c;
  c.contest = contest.id;
  c.registered_voters = voters;
  c.ballots_received = voters;
  c.ballots_issued = voters * (60 + static_cast<int64_t>(seed % 35)) / 100;
  c.ballots_cancelled = c.ballots_received - c.ballots_issued;
  c.mobile_requests = static_cast<int64_t>(seed % 20);
  c.ballots_in_mobile_boxes = c.mobile_requests;
  c.ballots_in_stationary_boxes = c.ballots_issued - c.ballots_in_mobile_boxes;
  c.invalid_ballots = static_cast<int64_t>(seed % 9);
  int64_t valid = c.ballots_issued - c.invalid_ballots;
  for (size_t i = 0; i < contest.choices.size(); ++i) {
    const int64_t share = 40 + static_cast<int64_t>((seed >> i) % 20);
    const int64_t v = i + 1 == contest.choices.size() ? valid : valid * share / 100;
    c.votes.emplace_back(contest.choices[i].id, v);
    valid -= v;
  }
  return c;
}

struct National {
  ashyq::ElectionDefinition def = NationalDefinition();
  std::unique_ptr<ashyq::CommissionTree> tree;
  std::string definition_digest = std::string(64, 'd');
  std::vector<PrecinctProtocol> protocols;
  std::vector<ashyq::tabulate::CountedPrecinct> counted;

  National() {
    tree = std::make_unique<ashyq::CommissionTree>(ashyq::CommissionTree::Build(def).value());
    protocols.reserve(def.polling_stations.size());
    for (size_t s = 0; s < def.polling_stations.size(); ++s) {
      const ashyq::PollingStation& ps = def.polling_stations[s];
      PrecinctProtocol p;
      p.election_id = def.election_id;
      p.definition_digest = definition_digest;
      p.station = ps.id;
      p.commission = ps.commission;
      p.signed_at = "2007-08-19T01:40";
      const uint64_t seed = s * 0x9E3779B97F4A7C15ull;
      p.contests.push_back(MakeCount(def.contests[0], ps.registered_voters, seed >> 7));
      const std::string regional = "maslikhat-" + ps.region;
      for (const ashyq::Contest& c : def.contests) {
        if (c.id == regional) p.contests.push_back(MakeCount(c, ps.registered_voters, seed >> 13));
      }
      protocols.push_back(std::move(p));
    }
    counted.reserve(protocols.size());
    for (const PrecinctProtocol& p : protocols) {
      counted.push_back({&p, ashyq::TaggedHash(ashyq::tag::kObject,
                                               ashyq::json::Canonicalize(ashyq::protocol::ProtocolToJson(p)))
                                 .Hex()});
    }
  }
};

const National& Kz2007() {
  static const National* national = new National();
  return *national;
}

void BM_TabulateNational2007(benchmark::State& state) {
  const National& n = Kz2007();
  size_t tiers = 0;
  for (auto _ : state) {
    ashyq::Result<ashyq::tabulate::NationalTabulation> t =
        ashyq::tabulate::Tabulate(*n.tree, n.definition_digest, n.counted);
    if (!t.ok()) {
      state.SkipWithError(t.error().ToString().c_str());
      return;
    }
    tiers = t->tiers.size();
    benchmark::DoNotOptimize(t);
  }
  state.counters["precincts"] = static_cast<double>(n.counted.size());
  state.counters["tier_protocols"] = static_cast<double>(tiers);
}
BENCHMARK(BM_TabulateNational2007)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CheckNational2007(benchmark::State& state) {
  const National& n = Kz2007();
  ashyq::Result<ashyq::tabulate::NationalTabulation> t =
      ashyq::tabulate::Tabulate(*n.tree, n.definition_digest, n.counted);
  if (!t.ok()) {
    state.SkipWithError(t.error().ToString().c_str());
    return;
  }
  ashyq::tabulate::PublishedProtocols published;
  for (const auto& c : n.counted) published.AddPrecinct(c.digest, c.protocol);
  for (const auto& tier : t->tiers) published.AddTier(tier.digest.Hex(), &tier.protocol);
  size_t errors = 0;
  for (auto _ : state) {
    errors = 0;
    for (const auto& tier : t->tiers) {
      errors += ashyq::tabulate::CheckTierProtocol(tier.protocol, *n.tree, n.definition_digest,
                                                   &published)
                    .size();
    }
  }
  if (errors != 0) state.SkipWithError("the tabulation does not check");
}
BENCHMARK(BM_CheckNational2007)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
