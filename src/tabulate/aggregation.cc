#include "tabulate/aggregation.h"

#include <string>
#include <unordered_map>
#include <utility>

#include "core/json.h"
#include "core/encoding.h"

namespace ashyq::tabulate {
namespace {

using protocol::ContestCount;
using protocol::PrecinctProtocol;

// Sums are taken in 128 bits: 9,727 figures of up to 2^53 - 1 do not fit in 64.
__extension__ using Wide = __int128;

constexpr size_t kFigureCount = 12;

std::string Id(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

// The running totals of one contest.
struct ContestSum {
  const Contest* contest = nullptr;
  std::vector<std::string_view> choices;  // ballot order
  Wide figures[kFigureCount] = {};
  std::vector<Wide> votes;
  Wide counted = 0;

  // Empty when `count` lists exactly the ballot's choices, else the problem.
  std::string ChoicesProblem(const ContestCount& count) const {
    if (count.votes.size() != choices.size()) {
      return "lists " + std::to_string(count.votes.size()) + " choices, the ballot of " +
             Id(contest->id) + " has " + std::to_string(choices.size());
    }
    for (size_t i = 0; i < choices.size(); ++i) {
      if (count.votes[i].first != choices[i]) {
        return "choice " + std::to_string(i + 1) + " is \"" + Id(count.votes[i].first) +
               "\", the ballot of " + Id(contest->id) + " has \"" + std::string(choices[i]) + "\"";
      }
    }
    return std::string();
  }

  void Add(const ContestCount& count) {
    const std::span<const CountFigure> f = CountFigures();
    for (size_t k = 0; k < kFigureCount; ++k) figures[k] += count.*f[k].field;
    for (size_t i = 0; i < votes.size(); ++i) votes[i] += count.votes[i].second;
  }
};

// The contests `commission` totals, in definition order, ready to sum.
std::vector<ContestSum> StartSums(const CommissionTree& tree, size_t commission) {
  std::vector<ContestSum> sums;
  for (const Contest& contest : tree.definition().contests) {
    if (!TotalsContest(tree, commission, contest)) continue;
    ContestSum s;
    s.contest = &contest;
    s.choices = BallotOrderOf(contest);
    s.votes.assign(s.choices.size(), 0);
    sums.push_back(std::move(s));
  }
  return sums;
}

const ContestCount* FindCount(const std::vector<ContestCount>& counts, std::string_view contest) {
  for (const ContestCount& c : counts) {
    if (c.contest == contest) return &c;
  }
  return nullptr;
}
const ContestTotals* FindTotals(const std::vector<ContestTotals>& totals, std::string_view contest) {
  for (const ContestTotals& t : totals) {
    if (t.contest == contest) return &t;
  }
  return nullptr;
}

Result<int64_t> Narrow(Wide v, const std::string& where, std::string_view what) {
  if (v > json::kMaxSafeInteger || v < -json::kMaxSafeInteger) {
    return Error{ErrorCode::kTooLarge, where, "",
                 std::string(what) + " exceeds 2^53 - 1 and cannot be published as a JSON integer"};
  }
  return static_cast<int64_t>(v);
}

// Writes the sums into `out` (contests in definition order).
Status FinishTotals(const CommissionTree& tree, size_t commission, std::vector<ContestSum>& sums,
                    TierProtocol* out) {
  const std::span<const CountFigure> f = CountFigures();
  const int64_t expected = static_cast<int64_t>(tree.StationsUnder(commission).size());
  out->contests.reserve(sums.size());
  for (size_t c = 0; c < sums.size(); ++c) {
    ContestSum& s = sums[c];
    const std::string at = json::PointerAppend("/contests", c);
    ContestTotals t;
    t.contest = s.contest->id;
    for (size_t k = 0; k < kFigureCount; ++k) {
      ASHYQ_ASSIGN_OR_RETURN(t.*f[k].field,
                             Narrow(s.figures[k], json::PointerAppend(at, f[k].key),
                                    tree.commission(commission).id + " " + s.contest->id + " " +
                                        std::string(f[k].words)));
    }
    t.votes.reserve(s.choices.size());
    for (size_t i = 0; i < s.choices.size(); ++i) {
      ASHYQ_ASSIGN_OR_RETURN(
          int64_t v, Narrow(s.votes[i], json::PointerAppend(json::PointerAppend(at, "votes"), i),
                            tree.commission(commission).id + " votes for " + std::string(s.choices[i])));
      t.votes.emplace_back(std::string(s.choices[i]), v);
    }
    t.precincts_expected = expected;
    ASHYQ_ASSIGN_OR_RETURN(t.precincts_counted,
                           Narrow(s.counted, json::PointerAppend(at, "precincts_counted"),
                                  tree.commission(commission).id + " precincts counted"));
    out->contests.push_back(std::move(t));
  }
  return Status();
}

// The TEC protocol from the stations beneath it in StationsUnder order (nullptr: not reported).
// Each precinct must already be known to lie beneath `tec` at its position.
Result<TierProtocol> TecFromOrdered(const CommissionTree& tree, std::string_view definition_digest,
                                    size_t tec, std::span<const CountedPrecinct* const> ordered) {
  const ElectionDefinition& def = tree.definition();
  const std::span<const uint32_t> stations = tree.StationsUnder(tec);
  TierProtocol out;
  out.election_id = def.election_id;
  out.definition_digest = std::string(definition_digest);
  out.commission = tree.commission(tec).id;
  out.tier = CommissionTier::kTerritorial;
  std::vector<ContestSum> sums = StartSums(tree, tec);

  for (size_t k = 0; k < ordered.size(); ++k) {
    const CountedPrecinct* cp = ordered[k];
    if (cp == nullptr) continue;
    const PrecinctProtocol& p = *cp->protocol;
    const PollingStation& station = tree.station(stations[k]);
    const auto where = [&station] { return Id(station.id) + ":"; };  // built only for an error
    if (p.election_id != def.election_id || p.definition_digest != definition_digest) {
      return CheckFailed(where() + (p.election_id != def.election_id ? "/election_id" : "/definition_digest"),
                         "R-E1.definition",
                         "the protocol of station " + Id(station.id) +
                             " counts under another election or definition than " +
                             out.commission + " tabulates");
    }
    if (p.commission != station.commission) {
      return CheckFailed(where() + "/commission", "R-E1.coverage",
                         "station " + Id(station.id) + " belongs to " + station.commission +
                             ", but its protocol names " + Id(p.commission));
    }
    if (!IsDigestHex(cp->digest)) {
      return BadInput(Id(station.id), "the digest given for the protocol of station " +
                                          Id(station.id) + " is not 64 lowercase hex digits");
    }
    for (ContestSum& s : sums) {
      const ContestCount* count = FindCount(p.contests, s.contest->id);
      if (count == nullptr) {
        return CheckFailed(where() + "/contests", "R-E1.contests",
                           "the protocol of station " + Id(station.id) + " has no count for " +
                               s.contest->id + ", which " + out.commission + " totals");
      }
      if (std::string problem = s.ChoicesProblem(*count); !problem.empty()) {
        return CheckFailed(where() + "/contests", "R-E1.contests",
                           "station " + Id(station.id) + ": " + problem);
      }
      s.Add(*count);
      s.counted += 1;
    }
    PrecinctEntry e;
    e.station = station.id;
    e.version = p.version;
    e.protocol_digest = cp->digest;
    e.contests = p.contests;
    out.precincts.push_back(std::move(e));
  }
  ASHYQ_RETURN_IF_ERROR(FinishTotals(tree, tec, sums, &out));
  return out;
}

struct ChildInput {
  const TierProtocol* protocol = nullptr;
  std::string digest;
};

// The REC/CEC protocol from its children's protocols in the order of tree.children(commission)
// (protocol nullptr: not reported).
Result<TierProtocol> CommissionFromOrdered(const CommissionTree& tree,
                                           std::string_view definition_digest, size_t commission,
                                           std::span<const ChildInput> ordered) {
  const ElectionDefinition& def = tree.definition();
  const std::span<const uint32_t> children = tree.children(commission);
  TierProtocol out;
  out.election_id = def.election_id;
  out.definition_digest = std::string(definition_digest);
  out.commission = tree.commission(commission).id;
  out.tier = tree.commission(commission).tier;
  std::vector<ContestSum> sums = StartSums(tree, commission);

  size_t precincts = 0;
  for (const ChildInput& c : ordered) {
    if (c.protocol != nullptr) precincts += c.protocol->precincts.size();
  }
  out.precincts.reserve(precincts);

  for (size_t k = 0; k < ordered.size(); ++k) {
    const TierProtocol* child = ordered[k].protocol;
    if (child == nullptr) continue;
    const auto where = [child] { return Id(child->commission) + ":"; };
    if (child->election_id != def.election_id || child->definition_digest != definition_digest) {
      return CheckFailed(where() + (child->election_id != def.election_id ? "/election_id"
                                                                         : "/definition_digest"),
                         "R-E1.definition",
                         "the protocol of " + Id(child->commission) +
                             " counts under another election or definition than " +
                             out.commission + " tabulates");
    }
    if (child->tier != tree.commission(children[k]).tier) {
      return CheckFailed(where() + "/tier", "R-E1.shape",
                         "the protocol of " + Id(child->commission) + " is that of a " +
                             std::string(TierName(child->tier)) + ", the definition has a " +
                             std::string(TierName(tree.commission(children[k]).tier)));
    }
    for (ContestSum& s : sums) {
      const ContestTotals* totals = FindTotals(child->contests, s.contest->id);
      if (totals == nullptr) {
        return CheckFailed(where() + "/contests", "R-E1.contests",
                           "the protocol of " + Id(child->commission) + " has no totals for " +
                               s.contest->id + ", which " + out.commission + " totals");
      }
      if (std::string problem = s.ChoicesProblem(*totals); !problem.empty()) {
        return CheckFailed(where() + "/contests", "R-E1.contests",
                           Id(child->commission) + ": " + problem);
      }
      s.Add(*totals);
      s.counted += totals->precincts_counted;
    }
    for (const PrecinctEntry& p : child->precincts) {
      out.precincts.push_back({p.station, p.version, p.protocol_digest, {}});
    }
    out.children.push_back({child->commission, ordered[k].digest});
  }
  ASHYQ_RETURN_IF_ERROR(FinishTotals(tree, commission, sums, &out));
  return out;
}

Status RequireTier(const CommissionTree& tree, size_t commission, bool tec) {
  if (commission >= tree.definition().commissions.size()) {
    return Error{ErrorCode::kBadInput, "", "R-E1.shape",
                 "commission index " + std::to_string(commission) + " is out of range"};
  }
  const CommissionTier tier = tree.commission(commission).tier;
  const bool ok = tec ? tier == CommissionTier::kTerritorial
                      : tier == CommissionTier::kRegional || tier == CommissionTier::kCentral;
  if (ok) return Status();
  return CheckFailed(json::PointerAppend(json::PointerAppend("/commissions", commission), "tier"),
                     "R-E1.shape",
                     tree.commission(commission).id + " is a " + std::string(TierName(tier)) +
                         (tec ? "; only a TEC totals precinct protocols"
                              : "; only an REC or the CEC totals tier protocols"));
}

// Whether a commission of tier `child` may sit directly under one of tier `parent` (R-A1).
bool MayParent(CommissionTier parent, CommissionTier child) {
  switch (child) {
    case CommissionTier::kPrecinct: return parent == CommissionTier::kTerritorial;
    case CommissionTier::kTerritorial:
      return parent == CommissionTier::kRegional || parent == CommissionTier::kCentral;
    case CommissionTier::kRegional: return parent == CommissionTier::kCentral;
    case CommissionTier::kCentral: return false;
  }
  return false;
}

}  // namespace

bool TotalsContest(const CommissionTree& tree, size_t commission, const Contest& contest) {
  const size_t scope = tree.FindCommission(contest.scope);
  return scope != CommissionTree::kNone &&
         (scope == commission || tree.IsAncestor(scope, commission));
}

Result<TierProtocol> AggregateTec(const CommissionTree& tree, std::string_view definition_digest,
                                  size_t tec, std::span<const CountedPrecinct> precincts) {
  ASHYQ_RETURN_IF_ERROR(RequireTier(tree, tec, /*tec=*/true));
  const std::span<const uint32_t> stations = tree.StationsUnder(tec);
  std::unordered_map<uint32_t, size_t> position;
  position.reserve(stations.size());
  for (size_t k = 0; k < stations.size(); ++k) position.emplace(stations[k], k);

  std::vector<const CountedPrecinct*> ordered(stations.size(), nullptr);
  const std::string& tec_id = tree.commission(tec).id;
  for (size_t i = 0; i < precincts.size(); ++i) {
    const std::string at = json::PointerAppend("/precincts", i);
    const protocol::PrecinctProtocol* p = precincts[i].protocol;
    if (p == nullptr) return BadInput(at, "no protocol given");
    const size_t station = tree.FindStation(p->station);
    if (station == CommissionTree::kNone) {
      return CheckFailed(at, "R-E1.coverage",
                         "station \"" + Id(p->station) + "\" is not in the election definition");
    }
    auto it = position.find(static_cast<uint32_t>(station));
    if (it == position.end()) {
      return CheckFailed(at, "R-E1.coverage",
                         "station " + Id(p->station) + " is not beneath " + tec_id);
    }
    if (ordered[it->second] != nullptr) {
      return CheckFailed(at, "R-E1.coverage",
                         "station " + Id(p->station) + " is given twice (versions " +
                             std::to_string(ordered[it->second]->protocol->version) + " and " +
                             std::to_string(p->version) + "); only its latest protocol counts");
    }
    ordered[it->second] = &precincts[i];
  }
  return TecFromOrdered(tree, definition_digest, tec, ordered);
}

Result<TierProtocol> AggregateCommission(const CommissionTree& tree,
                                         std::string_view definition_digest, size_t commission,
                                         std::span<const TierProtocol> children) {
  ASHYQ_RETURN_IF_ERROR(RequireTier(tree, commission, /*tec=*/false));
  const std::span<const uint32_t> kids = tree.children(commission);
  std::vector<ChildInput> ordered(kids.size());
  const std::string& id = tree.commission(commission).id;
  for (size_t i = 0; i < children.size(); ++i) {
    const std::string at = json::PointerAppend("/children", i);
    const size_t c = tree.FindCommission(children[i].commission);
    size_t k = 0;
    while (k < kids.size() && kids[k] != c) ++k;
    if (k == kids.size()) {
      return CheckFailed(at, "R-E1.coverage",
                         "commission \"" + Id(children[i].commission) + "\" is not a child of " + id);
    }
    if (ordered[k].protocol != nullptr) {
      return CheckFailed(at, "R-E1.coverage",
                         "the protocol of " + Id(children[i].commission) + " is given twice");
    }
    ordered[k] = {&children[i], TierProtocolDigest(children[i]).Hex()};
  }
  return CommissionFromOrdered(tree, definition_digest, commission, ordered);
}

namespace {

// The tree must have the shape of R-A1, or some precincts would total nowhere.
Status CheckTabulableShape(const CommissionTree& tree) {
  const ElectionDefinition& def = tree.definition();
  for (size_t c = 0; c < def.commissions.size(); ++c) {
    const size_t parent = tree.parent(c);
    if (parent == CommissionTree::kNone) {
      if (tree.commission(c).tier != CommissionTier::kCentral) {
        return CheckFailed(json::PointerAppend(json::PointerAppend("/commissions", c), "tier"),
                           "R-E1.shape", "the root commission " + tree.commission(c).id +
                                             " is not the CEC");
      }
      continue;
    }
    if (!MayParent(tree.commission(parent).tier, tree.commission(c).tier)) {
      return CheckFailed(json::PointerAppend(json::PointerAppend("/commissions", c), "parent"),
                         "R-E1.shape",
                         "a " + std::string(TierName(tree.commission(c).tier)) + " (" +
                             tree.commission(c).id + ") cannot be tabulated under a " +
                             std::string(TierName(tree.commission(parent).tier)) + " (" +
                             tree.commission(parent).id + ")");
    }
  }
  for (size_t s = 0; s < def.polling_stations.size(); ++s) {
    const size_t pec = tree.FindCommission(def.polling_stations[s].commission);
    if (tree.commission(pec).tier != CommissionTier::kPrecinct) {
      return CheckFailed(
          json::PointerAppend(json::PointerAppend("/polling_stations", s), "commission"),
          "R-E1.shape",
          "polling station " + def.polling_stations[s].id + " belongs to " +
              tree.commission(pec).id + ", which is not a PEC");
    }
  }
  return Status();
}

// The reported protocol of each station (nullptr: none), by station index.
Result<std::vector<const CountedPrecinct*>> ProtocolByStation(const CommissionTree& tree,
                                                              std::span<const CountedPrecinct> latest) {
  std::vector<const CountedPrecinct*> by_station(tree.definition().polling_stations.size(), nullptr);
  for (size_t i = 0; i < latest.size(); ++i) {
    const std::string at = json::PointerAppend("/precincts", i);
    const protocol::PrecinctProtocol* p = latest[i].protocol;
    if (p == nullptr) return BadInput(at, "no protocol given");
    const size_t station = tree.FindStation(p->station);
    if (station == CommissionTree::kNone) {
      return CheckFailed(at, "R-E1.coverage",
                         "station \"" + Id(p->station) + "\" is not in the election definition");
    }
    if (by_station[station] != nullptr) {
      return CheckFailed(at, "R-E1.coverage",
                         "station " + Id(p->station) + " is given twice (versions " +
                             std::to_string(by_station[station]->protocol->version) + " and " +
                             std::to_string(p->version) + "); only its latest protocol counts");
    }
    by_station[station] = &latest[i];
  }
  return by_station;
}

// The commissions that total, bottom-up by tier (every TEC, then the RECs, then the CEC), each
// tier in depth-first preorder: a commission comes after every commission it totals.
NationalTabulation OrderBottomUp(const CommissionTree& tree) {
  const size_t n = tree.definition().commissions.size();
  std::vector<size_t> preorder;
  preorder.reserve(n);
  std::vector<size_t> stack = {tree.root()};
  while (!stack.empty()) {
    const size_t c = stack.back();
    stack.pop_back();
    preorder.push_back(c);
    const std::span<const uint32_t> kids = tree.children(c);
    for (size_t k = kids.size(); k-- > 0;) stack.push_back(kids[k]);
  }
  NationalTabulation out;
  out.position.assign(n, NationalTabulation::kNotTabulated);
  for (CommissionTier tier :
       {CommissionTier::kTerritorial, CommissionTier::kRegional, CommissionTier::kCentral}) {
    for (size_t c : preorder) {
      if (tree.commission(c).tier == tier) out.tiers.push_back({c, {}, {}});
    }
  }
  for (size_t i = 0; i < out.tiers.size(); ++i) out.position[out.tiers[i].commission] = i;
  return out;
}

}  // namespace

Result<NationalTabulation> Tabulate(const CommissionTree& tree, std::string_view definition_digest,
                                    std::span<const CountedPrecinct> latest) {
  ASHYQ_RETURN_IF_ERROR(CheckTabulableShape(tree));
  ASHYQ_ASSIGN_OR_RETURN(const std::vector<const CountedPrecinct*> by_station, ProtocolByStation(tree, latest));
  NationalTabulation out = OrderBottomUp(tree);
  std::vector<const CountedPrecinct*> ordered;
  std::vector<ChildInput> children;
  for (TabulatedTier& t : out.tiers) {
    if (tree.commission(t.commission).tier == CommissionTier::kTerritorial) {
      const std::span<const uint32_t> stations = tree.StationsUnder(t.commission);
      ordered.assign(stations.size(), nullptr);
      for (size_t k = 0; k < stations.size(); ++k) ordered[k] = by_station[stations[k]];
      ASHYQ_ASSIGN_OR_RETURN(t.protocol,
                             TecFromOrdered(tree, definition_digest, t.commission, ordered));
    } else {
      const std::span<const uint32_t> kids = tree.children(t.commission);
      children.assign(kids.size(), {});
      for (size_t k = 0; k < kids.size(); ++k) {
        const TabulatedTier& child = out.tiers[out.position[kids[k]]];
        children[k] = {&child.protocol, child.digest.Hex()};
      }
      ASHYQ_ASSIGN_OR_RETURN(t.protocol, CommissionFromOrdered(tree, definition_digest,
                                                               t.commission, children));
    }
    t.digest = TierProtocolDigest(t.protocol);
  }
  return out;
}

}  // namespace ashyq::tabulate
