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

Status CheckStoredHeads(const ledger::MerkleTree& tree, std::span<const StoredHead> heads, const std::string& where) {
  for (const auto& [stored_size, envelope] : heads) {
    ASHYQ_ASSIGN_OR_RETURN(ledger::TreeHead head, ReadStoredHead(envelope));
    if (stored_size > tree.size()) {
      return Error{ErrorCode::kCheckFailed, where, "R-E2.truncated",
                   "a tree head was signed for " + std::to_string(stored_size) + " leaves but the log has " +
                       std::to_string(tree.size()) + ": the log was truncated"};
    }
    ASHYQ_ASSIGN_OR_RETURN(Digest root, tree.RootAt(stored_size));
    if (head.size != stored_size || head.root_hash != root) {
      return Error{ErrorCode::kCheckFailed, where, "R-E2.fork",
                   "the tree head signed for " + std::to_string(stored_size) + " leaves has root " +
                       head.root_hash.Hex().substr(0, 16) + "…, but those leaves now hash to " +
                       root.Hex().substr(0, 16) + "…: the log was rewritten"};
    }
  }
  return Status();
}

Result<CommittedHead> SignHeadIfNew(store::Store& store, const ledger::MerkleTree& tree, const StoredHead* latest,
                                    const std::string& log_id, const std::string& signer,
                                    const crypto::SigningKey& key, const std::string& timestamp) {
  if (latest != nullptr && latest->first == tree.size()) {
    ASHYQ_ASSIGN_OR_RETURN(ledger::TreeHead head, ReadStoredHead(latest->second));
    return CommittedHead{head, latest->second, false};
  }
  ledger::TreeHead head{log_id, tree.size(), tree.Root(), timestamp};
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, ledger::SignTreeHead(head, signer, key));
  std::string envelope = object.ToCanonicalJson();
  ASHYQ_RETURN_IF_ERROR(store.PutTreeHead(tree.size(), envelope));
  return CommittedHead{head, std::move(envelope), true};
}

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
  ASHYQ_ASSIGN_OR_RETURN(std::vector<StoredHead> stored_heads, store.TreeHeads());
  ASHYQ_RETURN_IF_ERROR(CheckStoredHeads(*tree, stored_heads, store.location()));
  return SignHeadIfNew(store, *tree, stored_heads.empty() ? nullptr : &stored_heads.back(), log_id, signer, key,
                       timestamp);
}

}  // namespace ashyq::server
