#include "ledger/merkle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/hash.h"

namespace ashyq::ledger {
namespace {

using ::testing::HasSubstr;

// ---- RFC 9162 §2.1, written out again from the RFC's text and independently of merkle.cc ----

std::string Bytes(const Digest& digest) {
  return std::string(reinterpret_cast<const char*>(digest.bytes.data()), Digest::kSize);
}
Digest RefLeaf(std::string_view data) { return Sha256(std::string(1, '\x00') + std::string(data)); }
Digest RefNode(const Digest& left, const Digest& right) {
  return Sha256("\x01" + Bytes(left) + Bytes(right));
}
size_t RefSplit(size_t n) {  // the largest power of two smaller than n
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
using Leaves = std::vector<Digest>;
Leaves Slice(const Leaves& d, size_t first, size_t end) {
  return Leaves(d.begin() + static_cast<ptrdiff_t>(first), d.begin() + static_cast<ptrdiff_t>(end));
}
// MTH(D[n])
Digest RefMth(const Leaves& d) {
  if (d.empty()) return Sha256(std::string());
  if (d.size() == 1) return d[0];
  const size_t k = RefSplit(d.size());
  return RefNode(RefMth(Slice(d, 0, k)), RefMth(Slice(d, k, d.size())));
}
// PATH(m, D[n])
Leaves RefPath(size_t m, const Leaves& d) {
  if (d.size() <= 1) return {};
  const size_t k = RefSplit(d.size());
  Leaves path;
  if (m < k) {
    path = RefPath(m, Slice(d, 0, k));
    path.push_back(RefMth(Slice(d, k, d.size())));
  } else {
    path = RefPath(m - k, Slice(d, k, d.size()));
    path.push_back(RefMth(Slice(d, 0, k)));
  }
  return path;
}
// SUBPROOF(m, D[n], b)
Leaves RefSubproof(size_t m, const Leaves& d, bool b) {
  const size_t n = d.size();
  if (m == n) return b ? Leaves{} : Leaves{RefMth(d)};
  const size_t k = RefSplit(n);
  Leaves proof;
  if (m <= k) {
    proof = RefSubproof(m, Slice(d, 0, k), b);
    proof.push_back(RefMth(Slice(d, k, n)));
  } else {
    proof = RefSubproof(m - k, Slice(d, k, n), false);
    proof.push_back(RefMth(Slice(d, 0, k)));
  }
  return proof;
}

Digest Hex(std::string_view hex) {
  Result<Digest> digest = Digest::FromHex(hex);
  EXPECT_TRUE(digest.ok()) << hex;
  return digest.ok() ? *digest : Digest{};
}

Leaves HexList(std::initializer_list<std::string_view> hexes) {
  Leaves digests;
  for (std::string_view hex : hexes) digests.push_back(Hex(hex));
  return digests;
}

// Distinct leaf hashes of distinct leaf bytes.
Leaves MakeLeaves(size_t n, std::string_view salt = "leaf") {
  Leaves leaves;
  for (size_t i = 0; i < n; ++i) leaves.push_back(RefLeaf(std::string(salt) + std::to_string(i)));
  return leaves;
}

MerkleTree TreeOf(const Leaves& leaves) {
  MerkleTree tree;
  for (const Digest& leaf : leaves) tree.Append(leaf);
  return tree;
}

Digest Flip(Digest digest, size_t bit) {
  digest.bytes[bit / 8 % Digest::kSize] ^= static_cast<uint8_t>(1u << (bit % 8));
  return digest;
}

// ---- Known answers: the RFC 6962 / RFC 9162 reference vectors (Certificate Transparency) ----

const std::vector<std::string> kReferenceLeaves = {
    "",
    std::string(1, '\x00'),
    "\x10",
    "\x20\x21",
    "\x30\x31",
    "\x40\x41\x42\x43",
    "\x50\x51\x52\x53\x54\x55\x56\x57",
    "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
};
const char* const kReferenceRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

TEST(MerkleTest, HashesUseTheRfcPrefixes) {
  EXPECT_EQ(EmptyTreeHash().Hex(), kReferenceRoots[0]);
  EXPECT_EQ(LeafHash("").Hex(), kReferenceRoots[1]);
  EXPECT_EQ(LeafHash("ballot"), RefLeaf("ballot"));
  const Digest a = LeafHash("a");
  const Digest b = LeafHash("b");
  EXPECT_EQ(NodeHash(a, b), RefNode(a, b));
  EXPECT_NE(NodeHash(a, b), NodeHash(b, a));
  // A leaf can never pass for a node: the prefixes differ.
  EXPECT_NE(LeafHash(Bytes(a) + Bytes(b)), NodeHash(a, b));
  EXPECT_EQ(LeafHash(std::string("\x00\x01", 2)), RefLeaf(std::string("\x00\x01", 2)));
}

TEST(MerkleTest, RootsMatchTheReferenceVectors) {
  Leaves leaves;
  for (const std::string& bytes : kReferenceLeaves) leaves.push_back(LeafHash(bytes));
  MerkleTree tree;
  EXPECT_EQ(tree.Root().Hex(), kReferenceRoots[0]);
  for (size_t n = 1; n <= leaves.size(); ++n) {
    tree.AppendLeaf(kReferenceLeaves[n - 1]);
    EXPECT_EQ(TreeHash(Slice(leaves, 0, n)).Hex(), kReferenceRoots[n]) << "size " << n;
    EXPECT_EQ(tree.Root().Hex(), kReferenceRoots[n]) << "size " << n;
  }
  for (size_t n = 0; n <= leaves.size(); ++n) {
    EXPECT_EQ(tree.RootAt(n)->Hex(), kReferenceRoots[n]) << "size " << n;
  }
  EXPECT_EQ(tree.leaf_hashes(), leaves);
}

TEST(MerkleTest, ProofsMatchTheReferenceVectors) {
  Leaves leaves;
  for (const std::string& bytes : kReferenceLeaves) leaves.push_back(LeafHash(bytes));
  const MerkleTree tree = TreeOf(leaves);
  const Digest root8 = Hex(kReferenceRoots[8]);

  const Leaves path0 =
      HexList({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"});
  const Leaves path5 =
      HexList({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
               "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"});
  EXPECT_EQ(*MakeInclusionProof(leaves, 0), path0);
  EXPECT_EQ(*tree.InclusionProof(0, 8), path0);
  EXPECT_TRUE(VerifyInclusion(leaves[0], 0, 8, path0, root8).ok());
  EXPECT_EQ(*MakeInclusionProof(leaves, 5), path5);
  EXPECT_EQ(*tree.InclusionProof(5, 8), path5);
  EXPECT_TRUE(VerifyInclusion(leaves[5], 5, 8, path5, root8).ok());

  struct Vector {
    uint64_t old_size, new_size;
    Leaves proof;
  };
  const Vector vectors[] = {
      {1, 1, {}},
      {1, 8,
       HexList({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       HexList({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 5,
       HexList({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
      {2, 8,
       HexList({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
  };
  for (const Vector& v : vectors) {
    SCOPED_TRACE(std::to_string(v.old_size) + " -> " + std::to_string(v.new_size));
    EXPECT_EQ(*MakeConsistencyProof(Slice(leaves, 0, v.new_size), v.old_size), v.proof);
    EXPECT_EQ(*tree.ConsistencyProof(v.old_size, v.new_size), v.proof);
    Status verified = VerifyConsistency(v.old_size, v.new_size, Hex(kReferenceRoots[v.old_size]),
                                        Hex(kReferenceRoots[v.new_size]), v.proof);
    EXPECT_TRUE(verified.ok()) << verified.error().ToString();
  }
}

// ---- Against the RFC's definitions, at every size ----

TEST(MerkleTest, RootsMatchTheDefinitionAtEverySize) {
  const Leaves leaves = MakeLeaves(130);
  MerkleTree tree;
  EXPECT_EQ(tree.Root(), RefMth({}));
  EXPECT_EQ(TreeHash({}), RefMth({}));
  std::vector<Digest> roots = {RefMth({})};
  for (size_t n = 1; n <= leaves.size(); ++n) {
    tree.Append(leaves[n - 1]);
    const Digest expected = RefMth(Slice(leaves, 0, n));
    roots.push_back(expected);
    ASSERT_EQ(tree.size(), n);
    ASSERT_EQ(tree.Root(), expected) << "size " << n;
    ASSERT_EQ(TreeHash(Slice(leaves, 0, n)), expected) << "size " << n;
  }
  for (size_t n = 0; n <= leaves.size(); ++n) ASSERT_EQ(*tree.RootAt(n), roots[n]) << "size " << n;
}

TEST(MerkleTest, ProofsMatchTheDefinition) {
  const Leaves leaves = MakeLeaves(70);
  const MerkleTree tree = TreeOf(leaves);
  for (size_t n = 1; n <= leaves.size(); ++n) {
    const Leaves d = Slice(leaves, 0, n);
    for (size_t m = 0; m < n; ++m) {
      const Leaves expected = RefPath(m, d);
      ASSERT_EQ(*MakeInclusionProof(d, m), expected) << m << " in " << n;
      ASSERT_EQ(*tree.InclusionProof(m, n), expected) << m << " in " << n;
    }
    for (size_t m = 1; m <= n && n <= 40; ++m) {
      const Leaves expected = RefSubproof(m, d, true);
      ASSERT_EQ(*MakeConsistencyProof(d, m), expected) << m << " -> " << n;
      ASSERT_EQ(*tree.ConsistencyProof(m, n), expected) << m << " -> " << n;
    }
  }
}

TEST(MerkleTest, EveryInclusionProofVerifiesAndNothingElseDoes) {
  const Leaves leaves = MakeLeaves(70);
  const MerkleTree tree = TreeOf(leaves);
  size_t verified = 0;
  size_t refused = 0;
  auto refuse = [&](const Status& status, const std::string& what) {
    EXPECT_FALSE(status.ok()) << what;
    if (!status.ok()) {
      EXPECT_EQ(status.error().rule, "R-E2.inclusion") << what;
      EXPECT_TRUE(status.error().code == ErrorCode::kCheckFailed ||
                  status.error().code == ErrorCode::kBadInput)
          << what;
      ++refused;
    }
  };
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    const Digest root = *tree.RootAt(n);
    for (uint64_t i = 0; i < n; ++i) {
      const std::string at = std::to_string(i) + " in " + std::to_string(n);
      const Leaves proof = *tree.InclusionProof(i, n);
      Status ok = VerifyInclusion(leaves[i], i, n, proof, root);
      ASSERT_TRUE(ok.ok()) << at << ": " << ok.error().ToString();
      ++verified;

      // A flipped bit anywhere in the proof (4 bytes of each hash, at rotating places).
      for (size_t p = 0; p < proof.size(); ++p) {
        for (size_t k = 0; k < 4; ++k) {
          const size_t byte = (8 * k + i + p) % Digest::kSize;
          Leaves bad = proof;
          bad[p] = Flip(bad[p], byte * 8 + (byte + p) % 8);
          refuse(VerifyInclusion(leaves[i], i, n, bad, root), at + " flipped");
        }
      }
      refuse(VerifyInclusion(Flip(leaves[i], 3), i, n, proof, root), at + " leaf");
      refuse(VerifyInclusion(leaves[i], i, n, proof, Flip(root, 250)), at + " root");
      if (n > 1) {
        const uint64_t other = i + 1 < n ? i + 1 : i - 1;
        refuse(VerifyInclusion(leaves[i], other, n, proof, root), at + " index+-1");
        refuse(VerifyInclusion(leaves[other], other, n, proof, root), at + " other leaf");
        if ((i ^ 1) < n) refuse(VerifyInclusion(leaves[i], i ^ 1, n, proof, root), at + " i^1");
      }
      refuse(VerifyInclusion(leaves[i], i, n * 2, proof, root), at + " size*2");
      if (i < n / 2) refuse(VerifyInclusion(leaves[i], i, n / 2, proof, root), at + " size/2");
      refuse(VerifyInclusion(leaves[i], n, n, proof, root), at + " index=size");
      Leaves longer = proof;
      longer.push_back(root);
      refuse(VerifyInclusion(leaves[i], i, n, longer, root), at + " longer");
      if (!proof.empty()) {
        const Leaves shorter(proof.begin(), proof.end() - 1);
        refuse(VerifyInclusion(leaves[i], i, n, shorter, root), at + " shorter");
      }
      if (proof.size() >= 2 && proof[0] != proof[1]) {
        Leaves swapped = proof;
        std::swap(swapped[0], swapped[1]);
        refuse(VerifyInclusion(leaves[i], i, n, swapped, root), at + " swapped");
      }
    }
  }
  EXPECT_EQ(verified, 70u * 71u / 2u);
  EXPECT_GT(refused, 20000u);
}

TEST(MerkleTest, InclusionFailuresSayWhatDidNotMatch) {
  const Leaves leaves = MakeLeaves(13);
  const MerkleTree tree = TreeOf(leaves);
  const Leaves proof = *tree.InclusionProof(6, 13);
  const Digest root = tree.Root();

  Status wrong_root = VerifyInclusion(leaves[6], 6, 13, proof, Flip(root, 0));
  ASSERT_FALSE(wrong_root.ok());
  EXPECT_EQ(wrong_root.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(wrong_root.error().rule, "R-E2.inclusion");
  EXPECT_THAT(wrong_root.error().message, HasSubstr("leaf 6"));
  EXPECT_THAT(wrong_root.error().message, HasSubstr("13 leaves"));
  EXPECT_THAT(wrong_root.error().message, HasSubstr(Flip(root, 0).Hex().substr(0, 16)));
  EXPECT_THAT(wrong_root.error().message, HasSubstr(root.Hex().substr(0, 16)));  // computed

  Status short_proof = VerifyInclusion(leaves[6], 6, 13, Leaves(proof.begin(), proof.end() - 1),
                                       root);
  ASSERT_FALSE(short_proof.ok());
  EXPECT_EQ(short_proof.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(short_proof.error().message,
              HasSubstr("must have " + std::to_string(proof.size()) + " hashes, this one has " +
                        std::to_string(proof.size() - 1)));

  Status outside = VerifyInclusion(leaves[6], 13, 13, proof, root);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(outside.error().message, HasSubstr("leaf index 13 is not in a tree of 13 leaves"));
  EXPECT_EQ(VerifyInclusion(leaves[0], 0, 0, {}, EmptyTreeHash()).error().code,
            ErrorCode::kBadInput);

  // A tree of one leaf: the root is the leaf hash and the proof is empty.
  EXPECT_TRUE(VerifyInclusion(leaves[0], 0, 1, {}, leaves[0]).ok());
}

TEST(MerkleTest, EveryConsistencyProofVerifiesAndNothingElseDoes) {
  const Leaves leaves = MakeLeaves(40);
  const MerkleTree tree = TreeOf(leaves);
  size_t verified = 0;
  auto refuse = [&](const Status& status, const std::string& what) {
    EXPECT_FALSE(status.ok()) << what;
    if (!status.ok()) {
      EXPECT_THAT(status.error().rule, HasSubstr("R-E2.")) << what;
      EXPECT_NE(status.error().code, ErrorCode::kInternal) << what;
    }
  };
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    const Digest new_root = *tree.RootAt(n);
    // Every tree extends the empty one, with an empty proof.
    ASSERT_TRUE(VerifyConsistency(0, n, EmptyTreeHash(), new_root, {}).ok());
    refuse(VerifyConsistency(0, n, leaves[0], new_root, {}), "0 -> n, wrong empty root");
    refuse(VerifyConsistency(0, n, EmptyTreeHash(), new_root, Leaves{new_root}), "0 -> n, a hash");
    for (uint64_t m = 1; m <= n; ++m) {
      const std::string at = std::to_string(m) + " -> " + std::to_string(n);
      const Digest old_root = *tree.RootAt(m);
      const Leaves proof = *tree.ConsistencyProof(m, n);
      Status ok = VerifyConsistency(m, n, old_root, new_root, proof);
      ASSERT_TRUE(ok.ok()) << at << ": " << ok.error().ToString();
      ++verified;

      refuse(VerifyConsistency(m, n, Flip(old_root, 9), new_root, proof), at + " old root");
      refuse(VerifyConsistency(m, n, old_root, Flip(new_root, 9), proof), at + " new root");
      for (size_t p = 0; p < proof.size(); ++p) {
        for (size_t bit : {size_t{0}, size_t{77}, size_t{255}}) {
          Leaves bad = proof;
          bad[p] = Flip(bad[p], bit);
          refuse(VerifyConsistency(m, n, old_root, new_root, bad), at + " flipped");
        }
      }
      Leaves longer = proof;
      longer.push_back(old_root);
      refuse(VerifyConsistency(m, n, old_root, new_root, longer), at + " longer");
      if (!proof.empty()) {
        const Leaves shorter(proof.begin() + 1, proof.end());
        refuse(VerifyConsistency(m, n, old_root, new_root, shorter), at + " shorter");
      }
      if (m < n) {
        // The proof of one pair of sizes does not serve for another.
        refuse(VerifyConsistency(m, n - 1, old_root, *tree.RootAt(n - 1), proof),
               at + " proof for n - 1");
        // Truncated: the newer tree is the smaller one.
        Status truncated = VerifyConsistency(n, m, new_root, old_root, proof);
        refuse(truncated, at + " reversed");
        EXPECT_EQ(truncated.error().rule, "R-E2.truncated");
        // Rewritten: one leaf before m changed, the rest appended as before.
        Leaves rewritten = Slice(leaves, 0, n);
        rewritten[(m - 1) / 2] = RefLeaf("rewritten");
        const MerkleTree other = TreeOf(rewritten);
        refuse(VerifyConsistency(m, n, old_root, other.Root(), *other.ConsistencyProof(m, n)),
               at + " rewritten, its own proof");
        refuse(VerifyConsistency(m, n, old_root, other.Root(), proof), at + " rewritten");
      } else {
        EXPECT_TRUE(proof.empty());
        Status forked = VerifyConsistency(m, n, old_root, Flip(new_root, 1), {});
        refuse(forked, at + " same size");
        EXPECT_EQ(forked.error().rule, "R-E2.fork");
      }
    }
  }
  EXPECT_EQ(verified, 40u * 41u / 2u);
}

TEST(MerkleTest, AForkIsCaughtOnlyWhereItHappened) {
  // Two logs agree on their first 17 leaves, then diverge.
  const Leaves common = MakeLeaves(17);
  Leaves a = common;
  Leaves b = common;
  for (size_t i = 17; i < 33; ++i) {
    a.push_back(RefLeaf("a" + std::to_string(i)));
    b.push_back(RefLeaf("b" + std::to_string(i)));
  }
  const MerkleTree tree_a = TreeOf(a);
  const MerkleTree tree_b = TreeOf(b);
  for (uint64_t m = 1; m <= a.size(); ++m) {
    for (uint64_t n = m; n <= b.size(); ++n) {
      // A head of A at m, and one of B at n: consistent exactly when A[0:m] = B[0:m].
      Status status = VerifyConsistency(m, n, *tree_a.RootAt(m), *tree_b.RootAt(n),
                                        *tree_b.ConsistencyProof(m, n));
      EXPECT_EQ(status.ok(), m <= 17) << m << " -> " << n;
    }
  }
}

TEST(MerkleTest, ConsistencyFailuresSayWhatDidNotMatch) {
  const Leaves leaves = MakeLeaves(21);
  const MerkleTree tree = TreeOf(leaves);
  const Leaves proof = *tree.ConsistencyProof(7, 21);
  const Digest old_root = *tree.RootAt(7);

  Status wrong = VerifyConsistency(7, 21, old_root, Flip(tree.Root(), 4), proof);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(wrong.error().rule, "R-E2.consistency");
  EXPECT_THAT(wrong.error().message, HasSubstr("21 leaves"));
  EXPECT_THAT(wrong.error().message, HasSubstr("7 leaves"));
  EXPECT_THAT(wrong.error().message, HasSubstr(old_root.Hex().substr(0, 16)));
  EXPECT_THAT(wrong.error().message, HasSubstr("new root " + tree.Root().Hex().substr(0, 16)));

  Status malformed = VerifyConsistency(7, 21, old_root, tree.Root(), {});
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(malformed.error().message,
              HasSubstr("must have " + std::to_string(proof.size()) + " hashes, this one has 0"));

  Status truncated = VerifyConsistency(21, 7, tree.Root(), old_root, proof);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, ErrorCode::kCheckFailed);
  EXPECT_THAT(truncated.error().message, HasSubstr("truncated"));
}

TEST(MerkleTest, ProofsOfAnythingOutsideTheTreeAreRefused) {
  const Leaves leaves = MakeLeaves(10);
  const MerkleTree tree = TreeOf(leaves);
  EXPECT_EQ(tree.RootAt(11).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(tree.InclusionProof(10, 10).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(tree.InclusionProof(0, 11).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(tree.InclusionProof(0, 0).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(tree.ConsistencyProof(0, 5).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(tree.ConsistencyProof(6, 5).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(tree.ConsistencyProof(5, 11).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(MakeInclusionProof(leaves, 10).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(MakeInclusionProof({}, 0).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(MakeConsistencyProof(leaves, 0).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(MakeConsistencyProof(leaves, 11).error().code, ErrorCode::kBadInput);
  EXPECT_TRUE(MakeConsistencyProof(leaves, 10)->empty());
  EXPECT_THAT(tree.RootAt(11).error().message, HasSubstr("the tree has 10 leaves"));
  const uint64_t kHuge = ~uint64_t{0};
  EXPECT_EQ(tree.InclusionProof(kHuge - 1, kHuge).error().code, ErrorCode::kBadInput);
  EXPECT_FALSE(VerifyInclusion(leaves[0], kHuge - 1, kHuge, {}, tree.Root()).ok());
  EXPECT_FALSE(VerifyConsistency(kHuge - 1, kHuge, tree.Root(), tree.Root(), {}).ok());
}

TEST(MerkleTest, ALargerTreeAgreesWithTheLinearFunctions) {
  const Leaves leaves = MakeLeaves(5000, "big");
  const MerkleTree tree = TreeOf(leaves);
  EXPECT_EQ(tree.Root(), TreeHash(leaves));
  for (uint64_t size : {1u, 2u, 1023u, 1024u, 1025u, 2047u, 4096u, 4097u, 4999u, 5000u}) {
    const Leaves d = Slice(leaves, 0, size);
    const Digest root = TreeHash(d);
    ASSERT_EQ(*tree.RootAt(size), root) << size;
    for (uint64_t i : {uint64_t{0}, size / 3, size / 2, size - 1}) {
      const Leaves proof = *tree.InclusionProof(i, size);
      ASSERT_EQ(proof, *MakeInclusionProof(d, i)) << i << " in " << size;
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, size, proof, root).ok()) << i << " in " << size;
    }
    for (uint64_t m : {uint64_t{1}, size / 2 + 1, size}) {
      if (m > size) continue;
      const Leaves proof = *tree.ConsistencyProof(m, size);
      ASSERT_EQ(proof, *MakeConsistencyProof(d, m)) << m << " -> " << size;
      ASSERT_TRUE(VerifyConsistency(m, size, *tree.RootAt(m), root, proof).ok());
    }
  }
}

}  // namespace
}  // namespace ashyq::ledger
