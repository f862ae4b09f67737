// The log operator's step after every batch of accepted objects: sign a tree head over the
// whole log as it stands (R-E2) and keep it in the store, so that anyone holding an older head
// can later demand a proof that the log was only appended to.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "crypto/keys.h"
#include "ledger/merkle.h"
#include "ledger/tree_head.h"
#include "store/store.h"

namespace ashyq::server {

struct CommittedHead {
  ledger::TreeHead head;
  std::string envelope;  // canonical JSON of the signed tree head, as stored
  bool is_new = false;   // false: the latest stored head already covered every leaf
};

// A stored tree head: (size, canonical JSON of the signed head), as Store::TreeHeads gives them.
using StoredHead = std::pair<uint64_t, std::string>;

// Reads every leaf from the store into `tree` (which must be empty), signs a head over them as
// `signer` (the CEC) at `timestamp` (RFC 3339 UTC) and stores it, unless the latest stored
// head already has that size and root. A stored head whose root differs from the one recomputed
// for its size means the store was rewritten: kCheckFailed, R-E2.fork, nothing is signed.
Result<CommittedHead> CommitTreeHead(store::Store& store, ledger::MerkleTree* tree, const std::string& log_id,
                                     const std::string& signer, const crypto::SigningKey& key,
                                     const std::string& timestamp);

// The steps of CommitTreeHead, for a caller that keeps `tree` in memory between batches.
//
// Checks each of `heads` against `tree` (which holds at least as many leaves as the store's log
// had when they were read): R-E2.truncated for a head larger than the tree, R-E2.fork for one
// whose root is not the tree's root at its size.
Status CheckStoredHeads(const ledger::MerkleTree& tree, std::span<const StoredHead> heads, const std::string& where);

// The head over all of `tree`: `latest` (the latest stored head, if any) when it already covers
// every leaf; otherwise a new head signed as `signer` at `timestamp`, stored before returning.
Result<CommittedHead> SignHeadIfNew(store::Store& store, const ledger::MerkleTree& tree, const StoredHead* latest,
                                    const std::string& log_id, const std::string& signer,
                                    const crypto::SigningKey& key, const std::string& timestamp);

}  // namespace ashyq::server
