#include "server/log_head.h"

#include "core/json.h"

namespace ashyq::server {
namespace {

constexpr uint64_t kReadBatch = 4096;

Result<ledger::TreeHead> ReadStoredHead(const std::string& envelope) {
  json::ParseOptions options;
  options.max_bytes = envelope.size() + 1;
  ASHYQ_ASSIGN_OR_RETURN(json::Value doc, json::Parse(envelope, options));
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, crypto::SignedObject::FromJson(doc));
  return ledger::TreeHeadFromJson(object.payload());
}

}  // namespace

Result<CommittedHead> CommitTreeHead(store::Store& store, ledger::MerkleTree* tree, const std::string& log_id,
                                     const std::string& signer, const crypto::SigningKey& key,
                                     const std::string& timestamp) {
  if (tree->size() != 0) return Error{ErrorCode::kInternal, "", "", "CommitTreeHead needs an empty tree"};
  ASHYQ_ASSIGN_OR_RETURN(uint64_t size, store.LogSize());
  for (uint64_t first = 0; first < size; first += kReadBatch) {
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> leaves, store.LogRange(first, kReadBatch));
    for (const store::StoredObject& leaf : leaves) tree->AppendLeaf(leaf.envelope);
  }
  if (tree->size() != size) {
    return Error{ErrorCode::kInternal, store.location(), "R-E2.log",
                 "the store reports " + std::to_string(size) + " leaves but returned " + std::to_string(tree->size())};
  }

  ASHYQ_ASSIGN_OR_RETURN(auto stored_heads, store.TreeHeads());
  for (const auto& [stored_size, envelope] : stored_heads) {
    ASHYQ_ASSIGN_OR_RETURN(ledger::TreeHead head, ReadStoredHead(envelope));
    if (stored_size > size) {
      return Error{ErrorCode::kCheckFailed, store.location(), "R-E2.truncated",
                   "a tree head was signed for " + std::to_string(stored_size) + " leaves but the log has " +
                       std::to_string(size) + ": the log was truncated"};
    }
    ASHYQ_ASSIGN_OR_RETURN(Digest root, tree->RootAt(stored_size));
    if (head.size != stored_size || head.root_hash != root) {
      return Error{ErrorCode::kCheckFailed, store.location(), "R-E2.fork",
                   "the tree head signed for " + std::to_string(stored_size) + " leaves has root " +
                       head.root_hash.Hex().substr(0, 16) + "…, but those leaves now hash to " +
                       root.Hex().substr(0, 16) + "…: the log was rewritten"};
    }
  }
  if (!stored_heads.empty() && stored_heads.back().first == size) {
    ASHYQ_ASSIGN_OR_RETURN(ledger::TreeHead head, ReadStoredHead(stored_heads.back().second));
    return CommittedHead{head, stored_heads.back().second, false};
  }

  ledger::TreeHead head{log_id, size, tree->Root(), timestamp};
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, ledger::SignTreeHead(head, signer, key));
  std::string envelope = object.ToCanonicalJson();
  ASHYQ_RETURN_IF_ERROR(store.PutTreeHead(size, envelope));
  return CommittedHead{head, std::move(envelope), true};
}

}  // namespace ashyq::server
