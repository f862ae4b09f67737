#include "server/live_publication.h"

#include <algorithm>
#include <chrono>

#include "core/parallel.h"
#include "server/publication_run.h"

namespace ashyq::server {
namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Tier protocols stored by this Update bring new leaves, and a busy server may commit more
// precinct protocols meanwhile: each round verifies and totals those too, so that what is
// published is the tabulation of the log it publishes. Past this many rounds the rest waits for
// the next Update (a round only takes what arrived during the one before).
constexpr int kMaxRounds = 8;

const std::string& Station(const protocol::PrecinctProtocol& p) { return p.station; }
const std::string& Station(const std::string& s) { return s; }

}  // namespace

Result<std::unique_ptr<LivePublication>> LivePublication::Open(const protocol::ElectionContext& election,
                                                               store::Store& store, CommissionKeys keys,
                                                               std::string out) {
  ASHYQ_RETURN_IF_ERROR(CheckCommissionKeys(election, keys, out));
  ASHYQ_ASSIGN_OR_RETURN(crypto::SigningKey cec_key, keys(election.tree().commission(election.tree().root()).id));
  return std::unique_ptr<LivePublication>(new LivePublication(
      election, store, std::move(keys), std::make_shared<const crypto::SigningKey>(std::move(cec_key)),
      std::move(out)));
}

Result<std::unique_ptr<LivePublication>> LivePublication::OpenWithTreeHeadKey(
    const protocol::ElectionContext& election, store::Store& store,
    std::shared_ptr<const crypto::SigningKey> tree_head_key, std::string out) {
  if (tree_head_key == nullptr) return BadInput("tree-head key", "no key to sign tree heads with");
  const Commission& cec = election.tree().commission(election.tree().root());
  ASHYQ_RETURN_IF_ERROR(CheckCommissionKey(cec, tree_head_key->public_key(), "tree-head key"));
  return std::unique_ptr<LivePublication>(
      new LivePublication(election, store, CommissionKeys(), std::move(tree_head_key), std::move(out)));
}

LivePublication::LivePublication(const protocol::ElectionContext& election, store::Store& store,
                                 CommissionKeys keys, std::shared_ptr<const crypto::SigningKey> cec_key,
                                 std::string out)
    : election_(election), store_(store), keys_(std::move(keys)), cec_key_(std::move(cec_key)),
      directory_(election, std::move(out)) {}

Result<std::vector<std::string>> LivePublication::ReadNewLeaves(LiveUpdate* update) {
  const auto t = std::chrono::steady_clock::now();
  std::vector<std::string> stations;
  ASHYQ_ASSIGN_OR_RETURN(uint64_t size, store_.LogSize());
  while (tree_.size() < size) {
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> leaves,
                           store_.LogRange(tree_.size(), std::min<uint64_t>(size - tree_.size(), kLogRangeSize)));
    if (leaves.empty()) {
      return Error{ErrorCode::kInternal, store_.location(), "R-E2.log",
                   "the store reports " + std::to_string(size) + " leaves but returned " + std::to_string(tree_.size())};
    }
    for (const store::StoredObject& leaf : leaves) tree_.AppendLeaf(leaf.envelope);
    update->new_leaves += leaves.size();
    ASHYQ_ASSIGN_OR_RETURN(std::vector<std::string> touched, directory_.AddLeaves(std::move(leaves)));
    stations.insert(stations.end(), touched.begin(), touched.end());
  }
  update->read_seconds += Since(t);
  return stations;
}

Result<LiveUpdate> LivePublication::Update(const std::string& now) {
  const auto start = std::chrono::steady_clock::now();
  LiveUpdate update;
  // The heads first: every one read is then no larger than the log read after it.
  ASHYQ_ASSIGN_OR_RETURN(std::vector<StoredHead> heads, store_.TreeHeads());
  ASHYQ_ASSIGN_OR_RETURN(std::vector<std::string> stations, ReadNewLeaves(&update));
  if (!first_ && !unpublished_ && !unsigned_ && update.new_leaves == 0 && heads.size() == heads_published_) {
    return update;
  }
  unpublished_ = true;  // until the directory is written: a failed Update is done again

  std::vector<StoredHead> unchecked;
  for (const StoredHead& head : heads) {
    if (first_ || head.first > heads_checked_) unchecked.push_back(head);
  }
  ASHYQ_RETURN_IF_ERROR(CheckStoredHeads(tree_, unchecked, store_.location()));
  if (!heads.empty()) heads_checked_ = std::max(heads_checked_, heads.back().first);

  const LatestTierProtocol latest = [this](const std::string& id) -> Result<std::optional<StoredTierProtocol>> {
    return directory_.LatestTierProtocol(id);
  };
  bool recount = first_;
  // Each station with new versions, on every core: its chain again (a few signatures); then
  // the totals again if anything changed.
  auto verify_and_tally = [&]() -> Status {
    auto t = std::chrono::steady_clock::now();
    std::vector<StationVerdict> verdicts(stations.size());
    ParallelFor(stations.size(), 0, [&](size_t i) {
      verdicts[i] = VerifyStation(directory_.ProtocolVersions(stations[i]), election_.protocol_context());
    });
    for (size_t i = 0; i < stations.size(); ++i) ApplyVerdict(stations[i], std::move(verdicts[i]), &run_);
    update.stations_verified += stations.size();
    update.verify_seconds += Since(t);
    recount = recount || !stations.empty();

    t = std::chrono::steady_clock::now();
    if (recount) ASHYQ_RETURN_IF_ERROR(TallyAndDecide(election_, &run_));
    recount = false;
    update.tally_seconds += Since(t);
    return Status();
  };
  unsigned_ = false;
  for (int round = 0; round < kMaxRounds; ++round) {
    ASHYQ_RETURN_IF_ERROR(verify_and_tally());
    if (!keys_) break;  // the commissions sign their own: nothing of ours to store
    auto t = std::chrono::steady_clock::now();
    ASHYQ_RETURN_IF_ERROR(SignChangedTierProtocols(election_, store_, keys_, latest, &run_));
    update.tier_protocols_signed += run_.tier_protocols_signed;
    update.sign_store_seconds += Since(t);
    if (run_.tier_protocols_signed == 0) break;
    ASHYQ_ASSIGN_OR_RETURN(stations, ReadNewLeaves(&update));
    if (stations.empty()) break;
    if (round + 1 == kMaxRounds) {
      // Leaves read after the last round's signing: they are in the tree and the directory, so
      // they are verified and counted now (what is written must say what it holds), and their
      // tier protocols are signed by the next Update, which must not wait for new leaves.
      ASHYQ_RETURN_IF_ERROR(verify_and_tally());
      unsigned_ = true;
    }
  }
  update.behind = unsigned_;
  run_.protocols_read = run_.verified.size();
  for (const RejectedProtocol& r : run_.rejected) {
    run_.protocols_read += !std::binary_search(run_.verified.begin(), run_.verified.end(), r.station,
                                               [](const auto& a, const auto& b) { return Station(a) < Station(b); });
  }

  auto t = std::chrono::steady_clock::now();
  const Commission& cec = election_.tree().commission(election_.tree().root());
  ASHYQ_ASSIGN_OR_RETURN(CommittedHead head,
                         SignHeadIfNew(store_, tree_, heads.empty() ? nullptr : &heads.back(),
                                       election_.definition().election_id, cec.id, *cec_key_, now));
  if (head.is_new) {
    heads.emplace_back(head.head.size, head.envelope);
    heads_checked_ = head.head.size;
  }
  update.head_seconds = Since(t);
  update.head = std::move(head);

  ASHYQ_ASSIGN_OR_RETURN(update.publication, directory_.Write(run_, heads, now));
  update.published = true;
  unpublished_ = false;
  heads_published_ = heads.size();
  first_ = false;
  update.seconds = Since(start);
  return update;
}

}  // namespace ashyq::server
