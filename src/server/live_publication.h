// The commission server's publication on election night (R-E3, issue 17): called after every
// batch the server commits, Update brings the tier protocols, the signed tree head and the
// publication directory up to date with what the log gained since the last Update, doing only
// the work those new leaves need:
//   - reads only the leaves appended since (Store::LogRange from the last size);
//   - verifies each new precinct protocol version once, with its station's chain (the verdict
//     of every station is kept in memory);
//   - totals again (tabulate is a pure function: ~0.06 s nationally) and, holding the
//     commissions' keys, signs and stores only the tier protocols that changed;
//   - appends the new leaves to the Merkle tree it keeps in memory and signs a tree head over
//     them as the CEC (the log is never read again);
//   - writes only the publication files that changed (server/publisher.h,
//     PublicationDirectory): nothing else is read back or rewritten.
// The first Update does what RunPublication does on the same store. After any number of
// Updates the directory holds the same files as RunPublication of the same store at the time of
// the last Update would write, plus the partial log ranges that earlier Updates published
// (docs/formats.md: a verifier checks each against the log).
//
// Two ways to open it (decision 0017):
//   - Open, with every TEC's, REC's and the CEC's key (the demo, tests, `server run --keys`): it
//     signs each changed tier protocol as its commission, as above;
//   - OpenWithTreeHeadKey, with the CEC's key alone (production, `server run --tree-head-key`):
//     it signs no tier protocol. The commissions total, sign and submit their own through the
//     door (decision 0014); it publishes those, every precinct protocol and turnout report as it
//     arrives, and the totals recomputed from them (unsigned: anyone can recompute them), and
//     signs the tree heads, the CEC's statement about its log.
//
//   ASHYQ_ASSIGN_OR_RETURN(auto live, LivePublication::OpenWithTreeHeadKey(election, store, cec_key, "pub"));
//   ...after each committed batch:
//   ASHYQ_ASSIGN_OR_RETURN(LiveUpdate u, live->Update(UtcNow()));
//
// Not thread-safe: one caller, which also owns `store` (a Store per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/merkle.h"
#include "protocol/election_context.h"
#include "server/log_head.h"
#include "server/publisher.h"
#include "server/tabulation_run.h"
#include "store/store.h"

namespace ashyq::server {

struct LiveUpdate {
  uint64_t new_leaves = 0;          // leaves the log gained since the last Update (ours included)
  size_t stations_verified = 0;     // stations whose new versions were verified
  size_t tier_protocols_signed = 0;
  std::optional<CommittedHead> head;  // the head published; nullopt when nothing was new
  bool published = false;             // false: nothing new, nothing signed or written
  // The log kept growing through every round: the last leaves read are verified and counted in
  // what was written, but the tier protocols above them are not signed yet. Update again soon
  // (even with nothing new, it signs them).
  bool behind = false;
  PublicationSummary publication;
  double read_seconds = 0, verify_seconds = 0, tally_seconds = 0, sign_store_seconds = 0, head_seconds = 0;
  double seconds = 0;  // the whole Update
};

class LivePublication {
 public:
  // Checks that `keys` holds every signing commission's listed key (CheckCommissionKeys) and
  // reads nothing yet. `store` must outlive the result; `out` is the publication directory.
  static Result<std::unique_ptr<LivePublication>> Open(const protocol::ElectionContext& election,
                                                       store::Store& store, CommissionKeys keys, std::string out);

  // Without any commission's tier-protocol keys: `tree_head_key` must be the key the definition
  // lists for the CEC (kBadInput otherwise, nothing read). Every Update signs at most a tree
  // head; the tier protocols published are those the commissions submitted (a commission that
  // has not submitted has none, and its latest stands until it submits again).
  static Result<std::unique_ptr<LivePublication>> OpenWithTreeHeadKey(
      const protocol::ElectionContext& election, store::Store& store,
      std::shared_ptr<const crypto::SigningKey> tree_head_key, std::string out);

  // Brings everything up to date with the log at `now` (RFC 3339 UTC: the time of the tree head
  // it signs and of the publication). With nothing new in the log (and no tree head signed by
  // anyone else), it signs and writes nothing. A stored tree head that the log does not extend
  // is kCheckFailed (R-E2.fork, R-E2.truncated) and nothing is signed.
  Result<LiveUpdate> Update(const std::string& now);

  // The tabulation as of the last Update.
  const TabulationRun& tabulation() const { return run_; }

 private:
  LivePublication(const protocol::ElectionContext& election, store::Store& store, CommissionKeys keys,
                  std::shared_ptr<const crypto::SigningKey> cec_key, std::string out);
  // Reads the leaves appended since the last read into the directory and the tree; returns the
  // stations with new protocol versions.
  Result<std::vector<std::string>> ReadNewLeaves(LiveUpdate* update);

  const protocol::ElectionContext& election_;
  store::Store& store_;
  const CommissionKeys keys_;  // empty: the commissions sign their own tier protocols
  const std::shared_ptr<const crypto::SigningKey> cec_key_;  // signs tree heads; never null
  PublicationDirectory directory_;
  ledger::MerkleTree tree_;
  TabulationRun run_;
  bool first_ = true;
  bool unpublished_ = false;      // an Update failed after reading leaves: publish on the next
  bool unsigned_ = false;         // the last Update counted protocols it signed no tier protocols for
  uint64_t heads_checked_ = 0;    // size of the largest stored tree head checked against the tree
  size_t heads_published_ = 0;    // stored tree heads the last publication showed
};

}  // namespace ashyq::server
