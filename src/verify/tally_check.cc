#include "verify/tally_check.h"

#include <charconv>

#include "core/json.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"
#include "tabulate/consistency.h"
#include "tabulate/contest_outcome.h"
#include "verify/json_diff.h"
#include "core/parallel.h"

namespace ashyq::verify {
namespace {

constexpr size_t kMaxDifferences = 12;

// "/2/payload/correction/previous" -> 2 and "/payload/correction/previous".
size_t ChainIndex(std::string* where) {
  if (where->size() < 2 || (*where)[0] != '/') return 0;
  const size_t slash = where->find('/', 1);
  const std::string_view digits = std::string_view(*where).substr(1, (slash == std::string::npos ? where->size() : slash) - 1);
  size_t k = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return 0;
  *where = slash == std::string::npos ? std::string() : where->substr(slash);
  return k;
}

StationVerdict JudgeStation(const std::vector<size_t>& leaves, const PublishedLog& log, const VerifiedLog& verified,
                            const protocol::ProtocolContext& context) {
  StationVerdict out;
  out.versions = leaves;
  const VerifiedLeaf& first = verified.leaves[leaves.front()];
  if (leaves.size() == 1 && first.version == 1) {
    out.held = first.error ? 0 : 1;
    out.rejection = first.error;
    return out;
  }
  std::vector<crypto::SignedObject> chain;
  chain.reserve(leaves.size());
  for (size_t leaf : leaves) {
    json::ParseOptions options;
    options.max_bytes = log.leaves[leaf].size() + 1;
    Result<json::Value> doc = json::Parse(log.leaves[leaf], options);
    Result<crypto::SignedObject> object =
        doc.ok() ? crypto::SignedObject::FromJson(*doc) : Result<crypto::SignedObject>(doc.error());
    if (!object.ok()) break;  // cannot happen: the leaf was read once already
    chain.push_back(std::move(object).value());
  }
  Status status = protocol::VerifyVersionChain(chain, context);
  if (status.ok() && chain.size() == leaves.size()) {
    out.held = leaves.size();
    return out;
  }
  Error e = status.ok() ? CheckFailed("", "R-E2.leaf", "a version does not read") : status.error();
  const size_t k = std::min(ChainIndex(&e.where), leaves.size() - 1);
  out.held = k;
  e.message = "version " + std::to_string(k + 1) + " of " + std::to_string(leaves.size()) +
              " in the log does not hold" + (k > 0 ? ", so version " + std::to_string(k) + " stands" : std::string()) +
              ": " + e.message;
  out.rejection = e.In(log.Where(leaves[k]));
  return out;
}

std::string CommissionLabel(const CommissionTree& tree, size_t c) {
  const Commission& commission = tree.commission(c);
  std::string tier(ashyq::TierName(commission.tier));
  for (char& ch : tier) ch = static_cast<char>(ch - 'a' + 'A');
  return tier + " " + commission.id;
}

// What was published beneath a commission before its tier protocol was logged, tabulated again.
struct TabulatedBefore {
  Result<tabulate::TierProtocol> protocol = Error{};
  size_t later = 0;  // precinct protocol versions beneath the commission logged after it
};

// The tally, step by step, from the verified log; every problem to `findings`.
class TallyCheck {
 public:
  TallyCheck(const PublishedLog& log, const VerifiedLog& verified, const protocol::ElectionContext& election,
             Tally* t, Findings* findings)
      : log_(log), verified_(verified), election_(election), tree_(election.tree()),
        digest_(election.definition_digest()), t_(*t), findings_(findings) {}

  // 1. Which version of each station counts.
  void JudgeStations(unsigned threads) {
    std::vector<const std::pair<const std::string, std::vector<size_t>>*> stations;
    stations.reserve(verified_.protocol_leaves.size());
    for (const auto& entry : verified_.protocol_leaves) stations.push_back(&entry);
    std::vector<StationVerdict> verdicts(stations.size());
    ParallelFor(stations.size(), threads, [&](size_t i) {
      verdicts[i] = JudgeStation(stations[i]->second, log_, verified_, election_.protocol_context());
    });
    for (size_t i = 0; i < stations.size(); ++i) t_.stations.emplace(stations[i]->first, std::move(verdicts[i]));
    for (size_t s = 0; s < tree_.definition().polling_stations.size(); ++s) {
      auto it = t_.stations.find(tree_.station(s).id);
      if (it == t_.stations.end() || !it->second.counted()) continue;
      const VerifiedLeaf& leaf = verified_.leaves[it->second.counted_leaf()];
      t_.counted.push_back({leaf.precinct.get(), leaf.digest.Hex()});
    }
  }

  // 2. The whole tabulation from what counts; false when it cannot be made.
  bool Tabulate() {
    Result<tabulate::NationalTabulation> full = tabulate::Tabulate(tree_, digest_, t_.counted);
    if (!full.ok()) {
      findings_->Fail(full.error());
      return false;
    }
    t_.tabulation = std::move(full).value();
    t_.tabulated = true;
    return true;
  }

  // 3. Each commission's published tier protocols against it.
  void CheckTierProtocols() {
    tabulate::PublishedProtocols published;
    for (const VerifiedLeaf& leaf : verified_.leaves) {
      if (leaf.precinct) published.AddPrecinct(leaf.digest.Hex(), leaf.precinct.get());
      if (leaf.tier) published.AddTier(leaf.digest.Hex(), leaf.tier.get());
    }
    for (const tabulate::TabulatedTier& expected : t_.tabulation.tiers) CheckTier(expected, published);
  }

  // 4. Seats and winners from the recomputed totals.
  void DecideOutcomes() {
    const ElectionDefinition& def = election_.definition();
    for (const Contest& contest : def.contests) {
      const tabulate::TabulatedTier* scope = t_.tabulation.Find(tree_.FindCommission(contest.scope));
      if (scope == nullptr) continue;
      for (const tabulate::ContestTotals& totals : scope->protocol.contests) {
        if (totals.contest == contest.id) t_.outcomes.push_back(tabulate::DecideContest(def, contest, totals));
      }
    }
  }

 private:
  // Errors found in the payload of a leaf, placed in the log.
  void Report(std::vector<Error> errors, size_t leaf) {
    for (Error& e : errors) {
      e.where = "/payload" + e.where;
      findings_->Fail(e.In(log_.Where(leaf)));
    }
  }

  // Earlier versions are checked on their own; the latest must be the recomputation.
  void CheckTier(const tabulate::TabulatedTier& expected, const tabulate::PublishedProtocols& published) {
    const size_t c = expected.commission;
    const std::string& id = tree_.commission(c).id;
    auto found = verified_.tier_leaves.find(id);
    if (found == verified_.tier_leaves.end() || found->second.empty()) {
      if (!expected.protocol.precincts.empty()) {
        findings_->Fail(id, "R-E1.missing",
                        CommissionLabel(tree_, c) + " has published no tier protocol, though " +
                            std::to_string(expected.protocol.precincts.size()) +
                            " counted precinct protocols lie beneath it");
      }
      return;
    }
    const std::vector<size_t>& leaves = found->second;
    for (size_t k = 0; k + 1 < leaves.size(); ++k) {
      if (const tabulate::TierProtocol* old = verified_.leaves[leaves[k]].tier.get()) {
        Report(tabulate::CheckTierProtocol(*old, tree_, digest_, nullptr), leaves[k]);
      }
    }
    const size_t latest = leaves.back();
    const VerifiedLeaf& leaf = verified_.leaves[latest];
    if (!leaf.tier) return;  // unreadable: reported with the leaf
    if (leaf.digest == expected.digest) {
      ++t_.tier_protocols_checked;
      return;
    }
    ExplainMismatch(expected, latest, published);
  }

  // The latest tier protocol is not the recomputation: stale (it totals what was published
  // before it), or wrong, and then where its figures differ.
  void ExplainMismatch(const tabulate::TabulatedTier& expected, size_t latest,
                       const tabulate::PublishedProtocols& published) {
    const size_t c = expected.commission;
    const std::string name = CommissionLabel(tree_, c);
    const VerifiedLeaf& leaf = verified_.leaves[latest];
    const TabulatedBefore before = tree_.commission(c).tier == CommissionTier::kTerritorial
                                       ? TecBefore(c, latest)
                                       : CommissionBefore(c, latest);
    const std::string where = log_.Where(latest);
    if (before.protocol.ok() && tabulate::TierProtocolDigest(*before.protocol) == leaf.digest) {
      findings_->Fail(where, "R-E1.stale",
                      name + ": its latest tier protocol (leaf " + std::to_string(latest) +
                          ") totals what was published before it, but " + std::to_string(before.later) +
                          " precinct protocol version(s) beneath it were logged after it: it was not tabulated "
                          "again, so its totals are not those of the published protocols");
      return;
    }
    findings_->Fail(where, "R-E1.tabulation",
                    name + ": its latest tier protocol (leaf " + std::to_string(latest) +
                        ") is not the tabulation of the protocols published beneath it (digest " +
                        leaf.digest.Hex().substr(0, 16) + "\xE2\x80\xA6, recomputed " +
                        expected.digest.Hex().substr(0, 16) + "\xE2\x80\xA6)");
    std::vector<Error> precise = tabulate::CheckTierProtocol(*leaf.tier, tree_, digest_, &published);
    if (!precise.empty()) {
      Report(std::move(precise), latest);
    } else if (before.protocol.ok()) {
      for (const JsonDifference& d : DiffJson(tabulate::TierProtocolToJson(*before.protocol),
                                              tabulate::TierProtocolToJson(*leaf.tier), "/payload", kMaxDifferences)) {
        findings_->Fail(where + ":" + d.pointer, "R-E1.tabulation", name + ": " + d.Describe() + " by recomputation");
      }
    }
  }

  // A TEC totals the last version of each station logged before its protocol whose chain holds.
  TabulatedBefore TecBefore(size_t c, size_t latest) const {
    TabulatedBefore out;
    std::vector<tabulate::CountedPrecinct> precincts;
    for (uint32_t s : tree_.StationsUnder(c)) {
      auto v = t_.stations.find(tree_.station(s).id);
      if (v == t_.stations.end()) continue;
      const std::vector<size_t>& versions = v->second.versions;
      size_t k = 0;
      while (k < versions.size() && versions[k] < latest) ++k;
      out.later += versions.size() - k;
      k = std::min(k, v->second.held);
      if (k > 0) {
        const VerifiedLeaf& p = verified_.leaves[versions[k - 1]];
        precincts.push_back({p.precinct.get(), p.digest.Hex()});
      }
    }
    out.protocol = tabulate::AggregateTec(tree_, digest_, c, precincts);
    return out;
  }

  // A REC or the CEC totals the last tier protocol of each child logged before its own.
  TabulatedBefore CommissionBefore(size_t c, size_t latest) const {
    TabulatedBefore out;
    for (uint32_t s : tree_.StationsUnder(c)) {
      auto v = t_.stations.find(tree_.station(s).id);
      if (v == t_.stations.end()) continue;
      for (size_t l : v->second.versions) out.later += l > latest ? 1 : 0;
    }
    std::vector<tabulate::TierProtocol> children;
    for (uint32_t child : tree_.children(c)) {
      auto cl = verified_.tier_leaves.find(tree_.commission(child).id);
      if (cl == verified_.tier_leaves.end()) continue;
      const tabulate::TierProtocol* last = nullptr;
      for (size_t l : cl->second) {
        if (l < latest && verified_.leaves[l].tier) last = verified_.leaves[l].tier.get();
      }
      if (last != nullptr) children.push_back(*last);
    }
    out.protocol = tabulate::AggregateCommission(tree_, digest_, c, children);
    return out;
  }

  const PublishedLog& log_;
  const VerifiedLog& verified_;
  const protocol::ElectionContext& election_;
  const CommissionTree& tree_;
  const std::string& digest_;
  Tally& t_;
  Findings* findings_;
};

}  // namespace

Tally CheckTally(const PublishedLog& log, const VerifiedLog& verified, const protocol::ElectionContext& election,
                 unsigned threads, Findings* findings) {
  Tally t;
  TallyCheck check(log, verified, election, &t, findings);
  check.JudgeStations(threads);
  if (!check.Tabulate()) return t;
  check.CheckTierProtocols();
  check.DecideOutcomes();
  return t;
}

}  // namespace ashyq::verify
