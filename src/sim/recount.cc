#include "sim/recount.h"

#include <algorithm>

#include "protocol/protocol_json.h"
#include "sim/definition_generator.h"
#include "sim/random.h"

namespace ashyq::sim {

Result<std::vector<Recount>> SimulateRecounts(std::span<const crypto::SignedObject> signed_protocols,
                                              const protocol::ProtocolContext& context,
                                              const crypto::SimulatedKeyring& keyring, int64_t count,
                                              uint64_t seed) {
  if (count < 0 || static_cast<size_t>(count) > signed_protocols.size()) {
    return Error{ErrorCode::kBadInput, "/recounts", "",
                 "cannot recount " + std::to_string(count) + " of " + std::to_string(signed_protocols.size()) +
                     " protocols"};
  }
  std::vector<Recount> out;
  if (count == 0) return out;
  const CommissionTree& tree = *context.tree;
  const size_t step = signed_protocols.size() / static_cast<size_t>(count);
  for (int64_t k = 0; k < count; ++k) {
    const crypto::SignedObject& original = signed_protocols[static_cast<size_t>(k) * step + step / 2];
    std::vector<Error> problems;
    protocol::PrecinctProtocol p = protocol::ProtocolFromJson(original.payload(), &problems);
    if (!problems.empty()) return problems.front();
    Random rng = Random::ForStream(seed, p.election_id, "recount/" + p.station);
    protocol::ContestCount& contest = p.contests.front();
    auto leader = std::max_element(contest.votes.begin(), contest.votes.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
    if (leader == contest.votes.end()) continue;
    const int64_t found = std::min<int64_t>(leader->second, 1 + static_cast<int64_t>(rng.Below(5)));
    leader->second -= found;
    contest.invalid_ballots += found;
    const size_t pec = tree.FindCommission(p.commission);
    const size_t tec = pec == CommissionTree::kNone ? CommissionTree::kNone : tree.parent(pec);
    if (tec == CommissionTree::kNone) continue;
    Recount recount;
    recount.station = p.station;
    recount.decision = tree.commission(tec).id + "/recount/" + std::to_string(k + 1);
    p.version = 2;
    p.correction = protocol::Correction{
        original.digest().Hex(),
        "recount ordered after a complaint: " + std::to_string(found) + " ballot" + (found == 1 ? "" : "s") +
            " counted for the leading list had no valid mark",
        recount.decision};
    std::vector<crypto::SigningKey> keys;
    std::vector<protocol::MemberKey> present;
    const Commission& commission = tree.commission(pec);
    keys.reserve(commission.members.size());
    for (const CommissionMember& m : commission.members) {
      keys.push_back(SimulatedKeyFor(keyring, m.id));
      present.push_back({m.id, &keys.back()});
    }
    ASHYQ_ASSIGN_OR_RETURN(recount.corrected, protocol::SignProtocol(p, context, present));
    out.push_back(std::move(recount));
  }
  return out;
}

}  // namespace ashyq::sim
