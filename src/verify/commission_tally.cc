#include "verify/commission_tally.h"

#include "tabulate/aggregation.h"
#include "tabulate/consistency.h"

namespace ashyq::verify {
namespace {

// The latest published tier protocol of `commission_id` that reads and verifies; nullopt if none.
std::optional<size_t> LatestTierLeaf(const VerifiedLog& verified, const std::string& commission_id) {
  auto found = verified.tier_leaves.find(commission_id);
  if (found == verified.tier_leaves.end()) return std::nullopt;
  for (auto leaf = found->second.rbegin(); leaf != found->second.rend(); ++leaf) {
    const VerifiedLeaf& l = verified.leaves[*leaf];
    if (l.tier && !l.error) return *leaf;
  }
  return std::nullopt;
}

}  // namespace

Result<CommissionTally> TallyCommission(const PublishedRecord& record, const std::string& commission_id) {
  const protocol::ElectionContext& election = *record.election;
  const CommissionTree& tree = election.tree();
  const VerifiedLog& verified = *record.verified;
  const Tally& tally = *record.tally;
  const size_t c = tree.FindCommission(commission_id);
  if (c == CommissionTree::kNone) {
    return BadInput(commission_id, "\"" + commission_id + "\" is no commission of election " +
                                       election.definition().election_id);
  }
  const Commission& commission = tree.commission(c);
  if (commission.tier == CommissionTier::kPrecinct) {
    return BadInput(commission_id, commission_id + " is a precinct commission: it signs its precinct protocol "
                                                   "(`ashyq protocol sign`), not a tier protocol");
  }
  if (!tally.tabulated) {
    return CheckFailed(commission_id, "R-E1.tabulation",
                       "the published record could not be tabulated (the verifier's failures say why)");
  }
  const tabulate::TabulatedTier* recomputed = tally.tabulation.Find(c);
  if (recomputed == nullptr) return CheckFailed(commission_id, "R-E1.shape", "no tier protocol is totalled here");

  CommissionTally out;
  out.commission = c;
  const std::string& digest = election.definition_digest();
  if (commission.tier == CommissionTier::kTerritorial) {
    out.protocol = recomputed->protocol;
  } else {
    std::vector<tabulate::TierProtocol> children;
    for (uint32_t child : tree.children(c)) {
      const std::string& id = tree.commission(child).id;
      std::optional<size_t> leaf = LatestTierLeaf(verified, id);
      if (!leaf) {
        out.children_missing.push_back(id);
        continue;
      }
      const VerifiedLeaf& l = verified.leaves[*leaf];
      const tabulate::TabulatedTier* child_now = tally.tabulation.Find(child);
      if (child_now == nullptr || child_now->digest != l.digest) out.children_behind.push_back(id);
      children.push_back(*l.tier);
    }
    ASHYQ_ASSIGN_OR_RETURN(out.protocol, tabulate::AggregateCommission(tree, digest, c, children));
  }
  out.digest = tabulate::TierProtocolDigest(out.protocol);
  out.complete = out.digest == recomputed->digest;
  out.precincts_counted = out.protocol.precincts.size();
  // Precincts are listed in StationsUnder order: one pass finds those left out.
  size_t next = 0;
  for (uint32_t s : tree.StationsUnder(c)) {
    const std::string& station = tree.station(s).id;
    ++out.precincts_expected;
    if (next < out.protocol.precincts.size() && out.protocol.precincts[next].station == station) {
      ++next;
      continue;
    }
    auto verdict = tally.stations.find(station);
    if (verdict == tally.stations.end()) {
      out.stations_missing.emplace_back(station, "no protocol published");
    } else if (!verdict->second.counted()) {
      const std::optional<Error>& why = verdict->second.rejection;
      out.stations_missing.emplace_back(station,
                                        "its protocol is refused (" + (why ? why->rule : std::string("R-D3")) + ")");
    } else {
      out.stations_missing.emplace_back(station,
                                        "its protocol is published, but no tier protocol beneath counts it yet");
    }
  }

  tabulate::PublishedProtocols published;
  for (const VerifiedLeaf& leaf : verified.leaves) {
    if (leaf.precinct) published.AddPrecinct(leaf.digest.Hex(), leaf.precinct.get());
    if (leaf.tier) published.AddTier(leaf.digest.Hex(), leaf.tier.get());
  }
  out.problems = tabulate::CheckTierProtocol(out.protocol, tree, digest, &published);

  if (std::optional<size_t> own = LatestTierLeaf(verified, commission.id)) {
    if (verified.leaves[*own].digest == out.digest) out.already_published_leaf = own;
  }
  return out;
}

}  // namespace ashyq::verify
