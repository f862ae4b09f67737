#include "ledger/merkle.h"

#include <array>
#include <bit>
#include <cstring>
#include <string>

namespace ashyq::ledger {

namespace {

constexpr std::string_view kInclusionRule = "R-E2.inclusion";
constexpr std::string_view kConsistencyRule = "R-E2.consistency";
constexpr std::string_view kForkRule = "R-E2.fork";
constexpr std::string_view kTruncatedRule = "R-E2.truncated";

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

// RFC 9162's k for a tree of n >= 2 leaves: the largest power of two smaller than n.
uint64_t Split(uint64_t n) { return std::bit_floor(n - 1); }

// A root for messages: enough to tell two apart.
std::string Short(const Digest& digest) { return digest.Hex().substr(0, 16) + "..."; }

std::string Leaves(uint64_t n) { return std::to_string(n) + (n == 1 ? " leaf" : " leaves"); }

// The hashes PATH(m, D[0:n]) holds, without computing them.
size_t PathLength(uint64_t m, uint64_t n) {
  size_t length = 0;
  while (n > 1) {
    const uint64_t k = Split(n);
    if (m < k) {
      n = k;
    } else {
      m -= k;
      n -= k;
    }
    ++length;
  }
  return length;
}

// The hashes SUBPROOF(m, D[0:n], complete) holds, for 0 < m <= n.
size_t SubproofLength(uint64_t m, uint64_t n, bool complete) {
  size_t length = 0;
  while (m != n) {
    const uint64_t k = Split(n);
    if (m <= k) {
      n = k;
    } else {
      m -= k;
      n -= k;
      complete = false;
    }
    ++length;
  }
  return complete ? length : length + 1;
}

// RFC 9162 §2.1.3.1 PATH(m, D[start:start + n]), appended to `out` nearest the leaf first.
// `mth(first, count)` is MTH(D[first:first + count]) however the caller can compute it; the
// siblings hashed are disjoint, so over plain leaf hashes the whole path costs O(n).
template <typename Mth>
void AppendPath(uint64_t m, uint64_t start, uint64_t n, const Mth& mth, std::vector<Digest>* out) {
  if (n <= 1) return;
  const uint64_t k = Split(n);
  if (m < k) {
    AppendPath(m, start, k, mth, out);
    out->push_back(mth(start + k, n - k));
  } else {
    AppendPath(m - k, start + k, n - k, mth, out);
    out->push_back(mth(start, k));
  }
}

// RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:start + n], complete), appended to `out`.
template <typename Mth>
void AppendSubproof(uint64_t m, uint64_t start, uint64_t n, bool complete, const Mth& mth,
                    std::vector<Digest>* out) {
  if (m == n) {
    if (!complete) out->push_back(mth(start, n));
    return;
  }
  const uint64_t k = Split(n);
  if (m <= k) {
    AppendSubproof(m, start, k, complete, mth, out);
    out->push_back(mth(start + k, n - k));
  } else {
    AppendSubproof(m - k, start + k, n - k, false, mth, out);
    out->push_back(mth(start, k));
  }
}

// Right-shifts fn and sn together until fn's lowest bit is set or fn is 0 (RFC 9162 §2.1.3.2
// and §2.1.4.2 both need it).
void ShiftToSetBit(uint64_t* fn, uint64_t* sn) {
  while ((*fn & 1) == 0 && *fn != 0) {
    *fn >>= 1;
    *sn >>= 1;
  }
}

}  // namespace

Digest LeafHash(std::string_view leaf_bytes) {
  Sha256Stream stream;
  const uint8_t prefix = kLeafPrefix;
  stream.Update(std::span<const uint8_t>(&prefix, 1));
  stream.Update(leaf_bytes);
  return stream.Finish();
}

Digest NodeHash(const Digest& left, const Digest& right) {
  std::array<uint8_t, 1 + 2 * Digest::kSize> bytes;
  bytes[0] = kNodePrefix;
  std::memcpy(bytes.data() + 1, left.bytes.data(), Digest::kSize);
  std::memcpy(bytes.data() + 1 + Digest::kSize, right.bytes.data(), Digest::kSize);
  return Sha256(std::span<const uint8_t>(bytes));
}

Digest EmptyTreeHash() { return Sha256(std::string_view()); }

Digest TreeHash(std::span<const Digest> leaf_hashes) {
  const size_t n = leaf_hashes.size();
  if (n == 0) return EmptyTreeHash();
  if (n == 1) return leaf_hashes[0];
  const uint64_t k = Split(n);
  return NodeHash(TreeHash(leaf_hashes.first(k)), TreeHash(leaf_hashes.subspan(k)));
}

Result<std::vector<Digest>> MakeInclusionProof(std::span<const Digest> leaf_hashes,
                                               uint64_t index) {
  if (index >= leaf_hashes.size()) {
    return BadInput("", "no inclusion proof for leaf " + std::to_string(index) + ": the tree has " +
                            Leaves(leaf_hashes.size()));
  }
  std::vector<Digest> proof;
  proof.reserve(PathLength(index, leaf_hashes.size()));
  AppendPath(
      index, 0, leaf_hashes.size(),
      [&](uint64_t first, uint64_t count) { return TreeHash(leaf_hashes.subspan(first, count)); },
      &proof);
  return proof;
}

Result<std::vector<Digest>> MakeConsistencyProof(std::span<const Digest> leaf_hashes,
                                                 uint64_t old_size) {
  if (old_size == 0 || old_size > leaf_hashes.size()) {
    return BadInput("", "no consistency proof from " + Leaves(old_size) + " to " +
                            Leaves(leaf_hashes.size()) + ": the old size must be 1 to " +
                            std::to_string(leaf_hashes.size()));
  }
  std::vector<Digest> proof;
  proof.reserve(SubproofLength(old_size, leaf_hashes.size(), true));
  AppendSubproof(
      old_size, 0, leaf_hashes.size(), true,
      [&](uint64_t first, uint64_t count) { return TreeHash(leaf_hashes.subspan(first, count)); },
      &proof);
  return proof;
}

Status VerifyInclusion(const Digest& leaf_hash, uint64_t index, uint64_t tree_size,
                       std::span<const Digest> proof, const Digest& root) {
  if (index >= tree_size) {
    return Error{ErrorCode::kBadInput, "", std::string(kInclusionRule),
                 "leaf index " + std::to_string(index) + " is not in a tree of " +
                     Leaves(tree_size)};
  }
  const size_t expected = PathLength(index, tree_size);
  if (proof.size() != expected) {
    return Error{ErrorCode::kBadInput, "", std::string(kInclusionRule),
                 "the inclusion proof of leaf " + std::to_string(index) + " in a tree of " +
                     Leaves(tree_size) + " must have " + std::to_string(expected) +
                     " hashes, this one has " + std::to_string(proof.size())};
  }
  // RFC 9162 §2.1.3.2, step by step.
  uint64_t fn = index;
  uint64_t sn = tree_size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : proof) {
    if (sn == 0) break;  // cannot happen after the length check; the comparison below fails
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      ShiftToSetBit(&fn, &sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0 || r != root) {
    return CheckFailed("", std::string(kInclusionRule),
                       "leaf " + std::to_string(index) + " (hash " + Short(leaf_hash) +
                           ") is not in the tree of " + Leaves(tree_size) + " with root " +
                           Short(root) + ": its proof leads to root " + Short(r));
  }
  return Status();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Digest& old_root,
                         const Digest& new_root, std::span<const Digest> proof) {
  const std::string trees = "the tree of " + Leaves(new_size) + " (root " + Short(new_root) +
                            ") and the tree of " + Leaves(old_size) + " (root " +
                            Short(old_root) + ")";
  if (new_size < old_size) {
    return CheckFailed("", std::string(kTruncatedRule),
                       "the tree of " + Leaves(new_size) + " cannot extend the tree of " +
                           Leaves(old_size) + ": the log was truncated");
  }
  const size_t expected = old_size == 0 || old_size == new_size
                              ? 0
                              : SubproofLength(old_size, new_size, true);
  if (proof.size() != expected) {
    return Error{ErrorCode::kBadInput, "", std::string(kConsistencyRule),
                 "a consistency proof from " + Leaves(old_size) + " to " + Leaves(new_size) +
                     " must have " + std::to_string(expected) + " hashes, this one has " +
                     std::to_string(proof.size())};
  }
  if (old_size == new_size) {
    if (old_root != new_root) {
      return CheckFailed("", std::string(kForkRule),
                         "two trees of " + Leaves(new_size) + " have different roots, " +
                             Short(old_root) + " and " + Short(new_root) +
                             ": the log was forked or rewritten");
    }
    return Status();
  }
  if (old_size == 0) {
    if (old_root != EmptyTreeHash()) {
      return CheckFailed("", std::string(kConsistencyRule),
                         "the root of the empty tree is " + Short(EmptyTreeHash()) + ", not " +
                             Short(old_root));
    }
    return Status();
  }

  // RFC 9162 §2.1.4.2, step by step. When old_size is a power of two the old root is the
  // path's first value (the proof leaves it out, since the verifier has it).
  const bool prepend = std::has_single_bit(old_size);
  const Digest& first = prepend ? old_root : proof[0];
  const std::span<const Digest> rest = prepend ? proof : proof.subspan(1);
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Digest fr = first;
  Digest sr = first;
  for (const Digest& c : rest) {
    if (sn == 0) break;  // cannot happen after the length check; the comparisons below fail
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      ShiftToSetBit(&fn, &sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0 || fr != old_root) {
    return CheckFailed("", std::string(kConsistencyRule),
                       trees + " are not consistent: the proof leads to old root " + Short(fr) +
                           "; the old tree was rewritten or the proof is wrong");
  }
  if (sr != new_root) {
    return CheckFailed("", std::string(kConsistencyRule),
                       trees + " are not consistent: the proof leads to new root " + Short(sr) +
                           "; the log was rewritten or forked after " + Leaves(old_size));
  }
  return Status();
}

void MerkleTree::Append(const Digest& leaf_hash) {
  leaves_.push_back(leaf_hash);
  // Every complete subtree the new leaf closes, bottom up: one hash on average.
  uint64_t count = leaves_.size();  // hashes at the level below
  for (size_t level = 1; count % 2 == 0; ++level, count /= 2) {
    if (nodes_.size() < level) nodes_.emplace_back();  // before taking references into nodes_
    const std::vector<Digest>& below = level == 1 ? leaves_ : nodes_[level - 2];
    const Digest node = NodeHash(below[count - 2], below[count - 1]);
    nodes_[level - 1].push_back(node);
  }
}

Digest MerkleTree::RangeHash(uint64_t first, uint64_t count) const {
  if (count == 0) return EmptyTreeHash();
  // The range is the complete subtrees of count's set bits, largest first; MTH folds them
  // from the right.
  std::array<const Digest*, 64> parts;
  size_t used = 0;
  uint64_t at = first;
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((count & width) == 0) continue;
    const uint64_t index = at >> level;
    parts[used++] = level == 0 ? &leaves_[index] : &nodes_[level - 1][index];
    at += width;
  }
  Digest root = *parts[used - 1];
  for (size_t i = used - 1; i-- > 0;) root = NodeHash(*parts[i], root);
  return root;
}

Digest MerkleTree::Root() const { return RangeHash(0, size()); }

Result<Digest> MerkleTree::RootAt(uint64_t size) const {
  if (size > this->size()) {
    return BadInput("", "no root for " + Leaves(size) + ": the tree has " + Leaves(this->size()));
  }
  return RangeHash(0, size);
}

Result<std::vector<Digest>> MerkleTree::InclusionProof(uint64_t index, uint64_t tree_size) const {
  if (tree_size > size()) {
    return BadInput("", "no inclusion proof in a tree of " + Leaves(tree_size) +
                            ": the tree has " + Leaves(size()));
  }
  if (index >= tree_size) {
    return BadInput("", "no inclusion proof for leaf " + std::to_string(index) +
                            ": the tree has " + Leaves(tree_size));
  }
  std::vector<Digest> proof;
  proof.reserve(PathLength(index, tree_size));
  AppendPath(
      index, 0, tree_size,
      [this](uint64_t first, uint64_t count) { return RangeHash(first, count); }, &proof);
  return proof;
}

Result<std::vector<Digest>> MerkleTree::ConsistencyProof(uint64_t old_size,
                                                         uint64_t new_size) const {
  if (new_size > size() || old_size == 0 || old_size > new_size) {
    return BadInput("", "no consistency proof from " + Leaves(old_size) + " to " +
                            Leaves(new_size) + " in a tree of " + Leaves(size()) +
                            ": need 0 < old size <= new size <= " + std::to_string(size()));
  }
  std::vector<Digest> proof;
  proof.reserve(SubproofLength(old_size, new_size, true));
  AppendSubproof(
      old_size, 0, new_size, true,
      [this](uint64_t first, uint64_t count) { return RangeHash(first, count); }, &proof);
  return proof;
}

}  // namespace ashyq::ledger
