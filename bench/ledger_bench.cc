// The public log at national size: about 70,000 leaves (9,727 stations' protocols and their
// corrections, turnout reports, tier protocols) of about 2 KB each. Building the tree, its
// root, and proofs for one leaf or between two heads; and reading the log out of the store the
// way the commission server does before it signs a tree head. The store lives in $TMPDIR.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "ledger/merkle.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace ashyq::ledger {
namespace {

constexpr uint64_t kLeaves = 70'000;
constexpr size_t kLeafBytes = 2'048;

// Leaf i: 2 KB of JSON-like bytes that differ from every other leaf's.
class LeafMaker {
 public:
  LeafMaker() : bytes_(kLeafBytes, 'x') {
    const std::string head = R"({"format":"ashyq/signed/1","payload":{"station":"pec-)";
    std::memcpy(bytes_.data(), head.data(), head.size());
    at_ = head.size();
  }
  std::string_view operator()(uint64_t i) {
    const std::string number = std::to_string(1'000'000 + i);
    std::memcpy(bytes_.data() + at_, number.data(), number.size());
    return bytes_;
  }

 private:
  std::string bytes_;
  size_t at_ = 0;
};

const MerkleTree& NationalTree() {
  static const MerkleTree* tree = [] {
    auto* built = new MerkleTree();
    LeafMaker leaf;
    for (uint64_t i = 0; i < kLeaves; ++i) built->AppendLeaf(leaf(i));
    return built;
  }();
  return *tree;
}

// Hashing 70,000 leaves of 2 KB and the root over them.
void BM_LedgerAppendAndRoot(benchmark::State& state) {
  LeafMaker leaf;
  for (auto _ : state) {
    MerkleTree tree;
    for (uint64_t i = 0; i < kLeaves; ++i) tree.AppendLeaf(leaf(i));
    Digest root = tree.Root();
    benchmark::DoNotOptimize(root);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kLeaves));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLeaves * kLeafBytes));
}
BENCHMARK(BM_LedgerAppendAndRoot)->Unit(benchmark::kMillisecond);

// The tree over already-hashed leaves: what appending costs beyond the leaf hashes.
void BM_LedgerAppendHashed(benchmark::State& state) {
  const std::vector<Digest>& leaves = NationalTree().leaf_hashes();
  for (auto _ : state) {
    MerkleTree tree;
    for (const Digest& leaf : leaves) tree.Append(leaf);
    Digest root = tree.Root();
    benchmark::DoNotOptimize(root);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kLeaves));
}
BENCHMARK(BM_LedgerAppendHashed)->Unit(benchmark::kMillisecond);

// One leaf's proof from the in-memory tree, and its verification (what a verifier does).
void BM_LedgerInclusionProof(benchmark::State& state) {
  const MerkleTree& tree = NationalTree();
  const Digest root = tree.Root();
  uint64_t index = 0;
  for (auto _ : state) {
    index = (index + 7'919) % kLeaves;
    Result<std::vector<Digest>> proof = tree.InclusionProof(index, kLeaves);
    Status verified = VerifyInclusion(tree.leaf_hashes()[index], index, kLeaves, *proof, root);
    if (!verified.ok()) state.SkipWithError("an inclusion proof did not verify");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LedgerInclusionProof)->Unit(benchmark::kMicrosecond);

// The same from the leaf hashes alone (MakeInclusionProof, O(n)): the cost the tree saves.
void BM_LedgerInclusionProofFromLeaves(benchmark::State& state) {
  const MerkleTree& tree = NationalTree();
  const Digest root = tree.Root();
  uint64_t index = 0;
  for (auto _ : state) {
    index = (index + 7'919) % kLeaves;
    Result<std::vector<Digest>> proof = MakeInclusionProof(tree.leaf_hashes(), index);
    Status verified = VerifyInclusion(tree.leaf_hashes()[index], index, kLeaves, *proof, root);
    if (!verified.ok()) state.SkipWithError("an inclusion proof did not verify");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LedgerInclusionProofFromLeaves)->Unit(benchmark::kMillisecond);

// A proof that the log at 70,000 leaves extends an earlier head, and its verification.
void BM_LedgerConsistencyProof(benchmark::State& state) {
  const MerkleTree& tree = NationalTree();
  const Digest root = tree.Root();
  uint64_t old_size = 0;
  for (auto _ : state) {
    old_size = old_size % (kLeaves - 1) + 6'007;
    if (old_size > kLeaves) old_size -= kLeaves;
    Result<std::vector<Digest>> proof = tree.ConsistencyProof(old_size, kLeaves);
    Result<Digest> old_root = tree.RootAt(old_size);
    Status verified = VerifyConsistency(old_size, kLeaves, *old_root, root, *proof);
    if (!verified.ok()) state.SkipWithError("a consistency proof did not verify");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LedgerConsistencyProof)->Unit(benchmark::kMicrosecond);

// The same from the leaf hashes alone (MakeConsistencyProof and TreeHash, O(n)).
void BM_LedgerConsistencyProofFromLeaves(benchmark::State& state) {
  const MerkleTree& tree = NationalTree();
  const std::vector<Digest>& leaves = tree.leaf_hashes();
  const Digest root = tree.Root();
  uint64_t old_size = 0;
  for (auto _ : state) {
    old_size = old_size % (kLeaves - 1) + 6'007;
    if (old_size > kLeaves) old_size -= kLeaves;
    Result<std::vector<Digest>> proof = MakeConsistencyProof(leaves, old_size);
    const Digest old_root = TreeHash(std::span<const Digest>(leaves).first(old_size));
    Status verified = VerifyConsistency(old_size, kLeaves, old_root, root, *proof);
    if (!verified.ok()) state.SkipWithError("a consistency proof did not verify");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LedgerConsistencyProofFromLeaves)->Unit(benchmark::kMillisecond);

// A store in $TMPDIR holding the national log (one durable batch), removed afterwards.
class NationalStore {
 public:
  NationalStore() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ashyq-ledger-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      error_ = "cannot create a temporary directory";
      return;
    }
    dir_ = pattern;
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_ + "/store.db");
    if (!opened.ok()) {
      error_ = opened.error().ToString();
      return;
    }
    LeafMaker leaf;
    std::vector<store::StoredObject> objects;
    objects.reserve(kLeaves);
    for (uint64_t i = 0; i < kLeaves; ++i) {
      store::StoredObject object;
      object.envelope = std::string(leaf(i));
      object.digest = Sha256(object.envelope);
      object.kind = "ashyq/precinct-protocol/1";
      object.subject = "pec-" + std::to_string(i);
      objects.push_back(std::move(object));
    }
    Result<size_t> stored = (*opened)->PutBatch(objects);
    if (!stored.ok() || *stored != kLeaves) {
      error_ = "cannot fill the store";
      return;
    }
    store_ = std::move(opened).value();
  }
  ~NationalStore() {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  NationalStore(const NationalStore&) = delete;
  NationalStore& operator=(const NationalStore&) = delete;

  store::Store* get() const { return store_.get(); }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::string error_;
};

// Filled once, on first use, for every benchmark that reads it; removed at exit.
const NationalStore& SharedNationalStore() {
  static const NationalStore national;
  return national;
}

// Reading the whole log out of the store (LogSize, then LogRange in chunks of 4,096) and
// hashing it into a tree: what the server does before signing a tree head.
void BM_LedgerTreeFromStore(benchmark::State& state) {
  const NationalStore& national = SharedNationalStore();
  if (national.get() == nullptr) {
    state.SkipWithError(national.error().c_str());
    return;
  }
  store::Store& db = *national.get();
  const Digest expected = NationalTree().Root();
  for (auto _ : state) {
    MerkleTree tree;
    Result<uint64_t> size = db.LogSize();
    for (uint64_t first = 0; size.ok() && first < *size; first += 4'096) {
      Result<std::vector<store::StoredObject>> range = db.LogRange(first, 4'096);
      if (!range.ok()) break;
      for (const store::StoredObject& object : *range) tree.AppendLeaf(object.envelope);
    }
    if (!size.ok() || tree.size() != kLeaves || tree.Root() != expected) {
      state.SkipWithError("the log read back does not hash to the expected root");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kLeaves));
}
BENCHMARK(BM_LedgerTreeFromStore)->Unit(benchmark::kMillisecond)->Iterations(5);

// LogSize alone: besides the last row it counts the rows, to be sure the log has no hole.
void BM_LedgerLogSize(benchmark::State& state) {
  const NationalStore& national = SharedNationalStore();
  if (national.get() == nullptr) {
    state.SkipWithError(national.error().c_str());
    return;
  }
  for (auto _ : state) {
    Result<uint64_t> size = national.get()->LogSize();
    if (!size.ok() || *size != kLeaves) {
      state.SkipWithError("wrong log size");
      break;
    }
  }
}
BENCHMARK(BM_LedgerLogSize)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ashyq::ledger
