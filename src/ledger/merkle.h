// The public log's Merkle tree, hashed exactly as RFC 9162 §2.1 (Certificate Transparency v2):
//
//   leaf hash  = SHA-256(0x00 || leaf bytes)
//   node hash  = SHA-256(0x01 || left || right)
//   empty tree = SHA-256("")
//
// A leaf's bytes are the canonical JSON of one signed object (the store's `envelope`), so the
// log commits to exactly what was signed. The split rule for n leaves is RFC 9162's: the left
// subtree holds the largest power of two smaller than n.
//
// Proofs follow RFC 9162 §2.1.3 (inclusion) and §2.1.4 (consistency); the Verify functions are
// the RFC's verification algorithms and accept exactly the proofs the Make functions produce.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/result.h"

namespace ashyq::ledger {

Digest LeafHash(std::string_view leaf_bytes);
Digest NodeHash(const Digest& left, const Digest& right);
Digest EmptyTreeHash();  // SHA-256 of no bytes

// MTH(D[0:n]) of RFC 9162 §2.1.1 over already-hashed leaves. O(n).
Digest TreeHash(std::span<const Digest> leaf_hashes);

// PATH(index, D[0:n]): the audit path of leaf `index` in the tree of `leaf_hashes`, the
// sibling nearest the leaf first. kBadInput if index >= size. O(n).
Result<std::vector<Digest>> MakeInclusionProof(std::span<const Digest> leaf_hashes, uint64_t index);

// PROOF(old_size, D[0:n]); empty when old_size == n. kBadInput unless 0 < old_size <= n. O(n).
Result<std::vector<Digest>> MakeConsistencyProof(std::span<const Digest> leaf_hashes,
                                                 uint64_t old_size);

// RFC 9162 §2.1.3.2. kCheckFailed (rule R-E2.inclusion) naming what did not match;
// kBadInput (same rule) for a malformed proof (wrong length, index >= tree_size).
Status VerifyInclusion(const Digest& leaf_hash, uint64_t index, uint64_t tree_size,
                       std::span<const Digest> proof, const Digest& root);

// RFC 9162 §2.1.4.2: the tree of new_size leaves with root new_root extends, without
// rewriting, the tree of old_size leaves with root old_root. kCheckFailed with rule
// R-E2.consistency when the proof does not lead to both roots; R-E2.fork for equal sizes with
// different roots; R-E2.truncated when new_size < old_size. kBadInput (R-E2.consistency) for a
// proof of the wrong length. Every tree extends the empty one (old_size 0, root EmptyTreeHash;
// empty proof), and a tree extends itself (equal sizes and roots; empty proof).
Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Digest& old_root,
                         const Digest& new_root, std::span<const Digest> proof);

// An append-only Merkle tree in memory: appends in O(1) amortised, the root of the whole tree or
// of any prefix, and proofs, each in O(log n) to O(log^2 n) hashes. Holds every leaf hash and
// every complete subtree's hash (64 bytes per leaf: 19 MB for 300,000 leaves). Its proofs are
// the same as those of the O(n) functions above, over the same leaves.
class MerkleTree {
 public:
  void Append(const Digest& leaf_hash);
  void AppendLeaf(std::string_view leaf_bytes) { Append(LeafHash(leaf_bytes)); }

  uint64_t size() const { return leaves_.size(); }
  const std::vector<Digest>& leaf_hashes() const { return leaves_; }

  Digest Root() const;                         // of all leaves
  Result<Digest> RootAt(uint64_t size) const;  // of the first `size` leaves; kBadInput past size()
  // As MakeInclusionProof / MakeConsistencyProof over the first `tree_size` / `new_size` leaves;
  // kBadInput for sizes past size().
  Result<std::vector<Digest>> InclusionProof(uint64_t index, uint64_t tree_size) const;
  Result<std::vector<Digest>> ConsistencyProof(uint64_t old_size, uint64_t new_size) const;

 private:
  // MTH of leaves [first, first + count), where first is a multiple of the smallest power of
  // two >= count (every subtree of RFC 9162's split rule is): O(log count) stored hashes.
  Digest RangeHash(uint64_t first, uint64_t count) const;

  std::vector<Digest> leaves_;
  // nodes_[k - 1][i]: the hash of the complete subtree of 2^k leaves starting at leaf i * 2^k,
  // for every such subtree the leaves so far complete.
  std::vector<std::vector<Digest>> nodes_;
};

}  // namespace ashyq::ledger
