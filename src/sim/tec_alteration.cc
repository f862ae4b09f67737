#include "sim/tec_alteration.h"

#include <algorithm>
#include <unordered_map>

#include "protocol/protocol_json.h"
#include "sim/definition_generator.h"

namespace ashyq::sim {
namespace {

// Moves votes from the runner-up to the leader of the first contest; figures still reconcile.
int64_t MoveVotes(protocol::PrecinctProtocol& p) {
  if (p.contests.empty() || p.contests.front().votes.size() < 2) return 0;
  auto& votes = p.contests.front().votes;
  std::vector<size_t> order(votes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return votes[a].second > votes[b].second; });
  const int64_t moved = std::max<int64_t>(1, votes[order[1]].second / 2);
  if (votes[order[1]].second < moved) return 0;
  votes[order[1]].second -= moved;
  votes[order[0]].second += moved;
  return moved;
}

}  // namespace

Result<TecAlteration> AlterProtocolsAtTec(std::span<const crypto::SignedObject> signed_protocols,
                                          const protocol::ProtocolContext& context,
                                          const crypto::SimulatedKeyring& keyring, int64_t count,
                                          TecAlterationKind kind) {
  if (count < 1) return Error{ErrorCode::kBadInput, "/tec_alters", "", "the number of altered protocols must be at least 1"};
  const CommissionTree& tree = *context.tree;
  // Signed protocols by station, with a runner-up to take votes from.
  std::unordered_map<std::string, size_t> by_station;
  for (size_t i = 0; i < signed_protocols.size(); ++i) {
    const json::Value* station = signed_protocols[i].payload().Find("station");
    if (station != nullptr && station->is_string()) by_station[station->as_string()] = i;
  }
  for (size_t c = 0; c < context.definition->commissions.size(); ++c) {
    const Commission& tec = tree.commission(c);
    if (tec.tier != CommissionTier::kTerritorial) continue;
    std::vector<size_t> picked;
    for (uint32_t s : tree.StationsUnder(c)) {
      auto it = by_station.find(tree.station(s).id);
      if (it != by_station.end()) picked.push_back(it->second);
      if (static_cast<int64_t>(picked.size()) == count) break;
    }
    if (static_cast<int64_t>(picked.size()) < count) continue;

    TecAlteration out;
    out.tec = tec.id;
    for (size_t index : picked) {
      const crypto::SignedObject& original = signed_protocols[index];
      std::vector<Error> problems;
      protocol::PrecinctProtocol p = protocol::ProtocolFromJson(original.payload(), &problems);
      if (!problems.empty()) return problems.front();
      const std::string station = p.station;
      int64_t version = p.version;
      if (kind == TecAlterationKind::kOwnCorrection) {
        p.version += 1;
        // It names a decision of its own, as 2007's "corrections" cited the TEC's sessions: the
        // server then takes it past the entitlement check, to refuse it for its signers.
        p.correction = protocol::Correction{original.digest().Hex(), "recount at the territorial commission",
                                            tec.id + "/decision/" + std::to_string(out.stations.size() + 1)};
        version = p.version;
      }
      const int64_t moved = MoveVotes(p);
      ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject altered, crypto::SignedObject::Create(protocol::ProtocolToJson(p)));
      if (kind == TecAlterationKind::kEditInPlace) {
        // Keep the PEC's signatures: the entries are copied, the digest they signed is gone.
        crypto::SignedObject copy = original;
        json::Value envelope = copy.ToJson();
        envelope.Set("payload", altered.payload());
        ASHYQ_ASSIGN_OR_RETURN(altered, crypto::SignedObject::FromJson(envelope));
      } else {
        for (const CommissionMember& m : tec.members) {
          ASHYQ_RETURN_IF_ERROR(altered.AddSignature(m.id, SimulatedKeyFor(keyring, m.id)));
        }
      }
      out.stations.push_back(station);
      out.altered.push_back(std::move(altered));
      out.versions.push_back(version);
      out.votes_moved.push_back(moved);
    }
    return out;
  }
  return Error{ErrorCode::kBadInput, "/tec_alters", "",
               "no territorial commission has " + std::to_string(count) + " signed precinct protocols to alter"};
}

}  // namespace ashyq::sim
