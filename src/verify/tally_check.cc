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

}  // namespace

Tally CheckTally(const PublishedLog& log, const VerifiedLog& verified, const protocol::ElectionContext& election,
                 unsigned threads, Findings* findings) {
  Tally t;
  const CommissionTree& tree = election.tree();
  const std::string& digest = election.definition_digest();

  // 1. Which version of each station counts.
  std::vector<const std::pair<const std::string, std::vector<size_t>>*> stations;
  stations.reserve(verified.protocol_leaves.size());
  for (const auto& entry : verified.protocol_leaves) stations.push_back(&entry);
  std::vector<StationVerdict> verdicts(stations.size());
  ParallelFor(stations.size(), threads, [&](size_t i) {
    verdicts[i] = JudgeStation(stations[i]->second, log, verified, election.protocol_context());
  });
  for (size_t i = 0; i < stations.size(); ++i) t.stations.emplace(stations[i]->first, std::move(verdicts[i]));
  for (size_t s = 0; s < tree.definition().polling_stations.size(); ++s) {
    auto it = t.stations.find(tree.station(s).id);
    if (it == t.stations.end() || !it->second.counted()) continue;
    const VerifiedLeaf& leaf = verified.leaves[it->second.counted_leaf()];
    t.counted.push_back({leaf.precinct.get(), leaf.digest.Hex()});
  }

  // 2. The whole tabulation from what counts.
  Result<tabulate::NationalTabulation> full = tabulate::Tabulate(tree, digest, t.counted);
  if (!full.ok()) {
    findings->Fail(full.error());
    return t;
  }
  t.tabulation = std::move(full).value();
  t.tabulated = true;

  // 3. Each commission's published tier protocols against it.
  tabulate::PublishedProtocols published;
  for (const VerifiedLeaf& leaf : verified.leaves) {
    if (leaf.precinct) published.AddPrecinct(leaf.digest.Hex(), leaf.precinct.get());
    if (leaf.tier) published.AddTier(leaf.digest.Hex(), leaf.tier.get());
  }
  auto report = [&](std::vector<Error> errors, size_t leaf) {
    for (Error& e : errors) {
      e.where = "/payload" + e.where;
      findings->Fail(e.In(log.Where(leaf)));
    }
  };
  for (const tabulate::TabulatedTier& expected : t.tabulation.tiers) {
    const size_t c = expected.commission;
    const std::string& id = tree.commission(c).id;
    const std::string name = CommissionLabel(tree, c);
    auto found = verified.tier_leaves.find(id);
    if (found == verified.tier_leaves.end() || found->second.empty()) {
      if (!expected.protocol.precincts.empty()) {
        findings->Fail(id, "R-E1.missing",
                       name + " has published no tier protocol, though " +
                           std::to_string(expected.protocol.precincts.size()) +
                           " counted precinct protocols lie beneath it");
      }
      continue;
    }
    const std::vector<size_t>& leaves = found->second;
    for (size_t k = 0; k + 1 < leaves.size(); ++k) {
      if (const tabulate::TierProtocol* old = verified.leaves[leaves[k]].tier.get()) {
        report(tabulate::CheckTierProtocol(*old, tree, digest, nullptr), leaves[k]);
      }
    }
    const size_t latest = leaves.back();
    const VerifiedLeaf& leaf = verified.leaves[latest];
    if (!leaf.tier) continue;  // unreadable: reported with the leaf
    if (leaf.digest == expected.digest) {
      ++t.tier_protocols_checked;
      continue;
    }
    // What was published beneath the commission before its protocol was logged.
    Result<tabulate::TierProtocol> before = Error{};
    size_t later = 0;  // precinct protocol versions beneath it logged after it
    if (tree.commission(c).tier == CommissionTier::kTerritorial) {
      std::vector<tabulate::CountedPrecinct> precincts;
      for (uint32_t s : tree.StationsUnder(c)) {
        auto v = t.stations.find(tree.station(s).id);
        if (v == t.stations.end()) continue;
        const std::vector<size_t>& versions = v->second.versions;
        size_t k = 0;
        while (k < versions.size() && versions[k] < latest) ++k;
        later += versions.size() - k;
        k = std::min(k, v->second.held);  // the last version logged before it whose chain holds
        if (k > 0) {
          const VerifiedLeaf& p = verified.leaves[versions[k - 1]];
          precincts.push_back({p.precinct.get(), p.digest.Hex()});
        }
      }
      before = tabulate::AggregateTec(tree, digest, c, precincts);
    } else {
      for (uint32_t s : tree.StationsUnder(c)) {
        auto v = t.stations.find(tree.station(s).id);
        if (v == t.stations.end()) continue;
        for (size_t l : v->second.versions) later += l > latest ? 1 : 0;
      }
      std::vector<tabulate::TierProtocol> children;
      for (uint32_t child : tree.children(c)) {
        auto cl = verified.tier_leaves.find(tree.commission(child).id);
        if (cl == verified.tier_leaves.end()) continue;
        const tabulate::TierProtocol* last = nullptr;
        for (size_t l : cl->second) {
          if (l < latest && verified.leaves[l].tier) last = verified.leaves[l].tier.get();
        }
        if (last != nullptr) children.push_back(*last);
      }
      before = tabulate::AggregateCommission(tree, digest, c, children);
    }
    const std::string where = log.Where(latest);
    if (before.ok() && tabulate::TierProtocolDigest(*before) == leaf.digest) {
      findings->Fail(where, "R-E1.stale",
                     name + ": its latest tier protocol (leaf " + std::to_string(latest) +
                         ") totals what was published before it, but " + std::to_string(later) +
                         " precinct protocol version(s) beneath it were logged after it: it was not tabulated "
                         "again, so its totals are not those of the published protocols");
      continue;
    }
    findings->Fail(where, "R-E1.tabulation",
                   name + ": its latest tier protocol (leaf " + std::to_string(latest) +
                       ") is not the tabulation of the protocols published beneath it (digest " +
                       leaf.digest.Hex().substr(0, 16) + "\xE2\x80\xA6, recomputed " +
                       expected.digest.Hex().substr(0, 16) + "\xE2\x80\xA6)");
    std::vector<Error> precise = tabulate::CheckTierProtocol(*leaf.tier, tree, digest, &published);
    if (!precise.empty()) {
      report(std::move(precise), latest);
    } else if (before.ok()) {
      for (const JsonDifference& d : DiffJson(tabulate::TierProtocolToJson(*before),
                                              tabulate::TierProtocolToJson(*leaf.tier), "/payload", kMaxDifferences)) {
        findings->Fail(where + ":" + d.pointer, "R-E1.tabulation", name + ": " + d.Describe() + " by recomputation");
      }
    }
  }

  // 4. Seats and winners from the recomputed totals.
  const ElectionDefinition& def = election.definition();
  for (const Contest& contest : def.contests) {
    const tabulate::TabulatedTier* scope = t.tabulation.Find(tree.FindCommission(contest.scope));
    if (scope == nullptr) continue;
    for (const tabulate::ContestTotals& totals : scope->protocol.contests) {
      if (totals.contest == contest.id) t.outcomes.push_back(tabulate::DecideContest(def, contest, totals));
    }
  }
  return t;
}

}  // namespace ashyq::verify
