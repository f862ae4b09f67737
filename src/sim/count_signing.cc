#include "sim/count_signing.h"

#include <algorithm>
#include <optional>
#include <thread>
#include <utility>

#include "sim/definition_generator.h"
#include "sim/random.h"

namespace ashyq::sim {
namespace {

constexpr int64_t kAbsenceBp = 1'250;       // stations where someone is missing
constexpr int64_t kTwoAbsentBp = 3'000;     // of those, two are missing

// The members of `pec` at the count: all but up to two ordinary members, keeping a quorum.
std::vector<const CommissionMember*> Present(const Commission& pec, Random* rng) {
  std::vector<const CommissionMember*> present;
  std::vector<size_t> absentable;
  for (size_t i = 0; i < pec.members.size(); ++i) {
    present.push_back(&pec.members[i]);
    if (pec.members[i].role != MemberRole::kChair) absentable.push_back(i);
  }
  if (!rng->Chance(kAbsenceBp)) return present;
  const size_t size = pec.members.size();
  const size_t quorum = size / 2 + 1;
  size_t absent = rng->Chance(kTwoAbsentBp) ? size_t{2} : size_t{1};
  absent = std::min({absent, size - std::min(size, quorum), absentable.size()});
  rng->Shuffle(&absentable);
  std::vector<bool> gone(size, false);
  for (size_t k = 0; k < absent; ++k) gone[absentable[k]] = true;
  present.clear();
  for (size_t i = 0; i < size; ++i) {
    if (!gone[i]) present.push_back(&pec.members[i]);
  }
  return present;
}

Result<crypto::SignedObject> SignOne(const protocol::PrecinctProtocol& p,
                                     const protocol::ProtocolContext& context,
                                     const crypto::SimulatedKeyring& keyring, uint64_t seed) {
  const CommissionTree& tree = *context.tree;
  std::vector<crypto::SigningKey> keys;
  std::vector<protocol::MemberKey> present;
  const size_t station = tree.FindStation(p.station);
  const size_t pec = station == CommissionTree::kNone ? CommissionTree::kNone
                                                      : tree.FindCommission(tree.station(station).commission);
  if (pec != CommissionTree::kNone) {  // else SignProtocol refuses the unknown station
    Random rng = Random::ForStream(seed, p.election_id, "sign/" + p.station);
    const std::vector<const CommissionMember*> members = Present(tree.commission(pec), &rng);
    keys.reserve(members.size());  // MemberKey points into `keys`: no reallocation
    for (const CommissionMember* m : members) {
      keys.push_back(SimulatedKeyFor(keyring, m->id));
      present.push_back({m->id, &keys.back()});
    }
  }
  return protocol::SignProtocol(p, context, present);
}

bool IsRefusal(const Error& e) {
  return e.code == ErrorCode::kCheckFailed && e.rule.starts_with("R-D2.");
}

}  // namespace

Result<SignedCount> SignCount(const SimulatedCount& count, const protocol::ProtocolContext& context,
                              const crypto::SimulatedKeyring& keyring, uint64_t seed) {
  if (context.definition == nullptr || context.tree == nullptr) {
    return Error{ErrorCode::kInternal, "", "", "protocol context without a definition"};
  }
  const size_t n = count.protocols.size();
  std::vector<std::optional<Result<crypto::SignedObject>>> results(n);
  auto sign = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      results[i].emplace(SignOne(count.protocols[i], context, keyring, seed));
    }
  };
  const size_t half = n / 2;
  std::thread other(sign, half, n);
  sign(0, half);
  other.join();

  SignedCount out;
  out.protocols.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Result<crypto::SignedObject>& r = *results[i];
    if (r.ok()) {
      out.protocols.push_back(std::move(r).value());
    } else if (IsRefusal(r.error())) {
      out.refused.push_back({count.protocols[i].station, r.error()});
    } else {
      Error e = r.error();
      e.message = "signing the protocol of station " + count.protocols[i].station + ": " + e.message;
      return e;
    }
  }
  return out;
}

}  // namespace ashyq::sim
