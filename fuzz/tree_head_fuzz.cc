// Untrusted tree heads and proofs, as a verifier downloads them from a publication.
//
// The input is read twice. As JSON: TreeHeadFromJson must never crash, and whatever it accepts
// must survive a round trip unchanged. As raw bytes: sizes, an index, two roots and a proof of
// 32-byte hashes for VerifyInclusion, VerifyConsistency and CheckExtends, which must never
// crash, and must accept a fuzzed proof over a real tree only if it is the real proof.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "ledger/merkle.h"
#include "ledger/tree_head.h"

namespace {

using ashyq::Digest;

// Reads the input front to back; past its end, zeros.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint64_t Number(size_t width) {
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) value = (value << 8) | Byte();
    return value;
  }
  uint8_t Byte() { return at_ < size_ ? data_[at_++] : 0; }
  Digest Hash() {
    Digest digest;
    for (uint8_t& b : digest.bytes) b = Byte();
    return digest;
  }
  std::vector<Digest> Rest() {
    std::vector<Digest> hashes;
    while (at_ < size_ && hashes.size() < 80) hashes.push_back(Hash());
    return hashes;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

void FuzzHeadJson(std::string_view text) {
  ashyq::json::ParseOptions options;
  options.max_bytes = 64 * 1024;
  auto parsed = ashyq::json::Parse(text, options);
  if (!parsed.ok()) return;
  auto head = ashyq::ledger::TreeHeadFromJson(*parsed);
  if (!head.ok()) {
    if (head.error().code != ashyq::ErrorCode::kBadInput) __builtin_trap();
    return;
  }
  const ashyq::json::Value payload = ashyq::ledger::TreeHeadToJson(*head);
  auto again = ashyq::ledger::TreeHeadFromJson(payload);
  if (!again.ok() || !(*again == *head)) __builtin_trap();
  // An accepted head is in canonical form once re-serialised, and that form parses back.
  auto reparsed = ashyq::json::Parse(ashyq::json::Canonicalize(payload));
  if (!reparsed.ok() || !(*reparsed == payload)) __builtin_trap();
  // And it extends itself.
  if (!ashyq::ledger::CheckExtends(*head, *head, {}).ok()) __builtin_trap();
}

void FuzzProofs(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  const uint8_t mode = in.Byte();
  // Small sizes most of the time (where trees can be built), any 64-bit value sometimes.
  const size_t width = (mode & 1) != 0 ? 8 : 1;
  const uint64_t a = in.Number(width);
  const uint64_t b = in.Number(width);
  const Digest first = in.Hash();
  const Digest second = in.Hash();
  const std::vector<Digest> proof = in.Rest();

  // Arbitrary claims: any answer, no crash.
  static_cast<void>(ashyq::ledger::VerifyInclusion(first, a, b, proof, second));
  static_cast<void>(ashyq::ledger::VerifyConsistency(a, b, first, second, proof));
  const ashyq::ledger::TreeHead older{"log", a, first, "2007-08-18T20:15:00Z"};
  const ashyq::ledger::TreeHead newer{(mode & 2) != 0 ? "other" : "log", b, second,
                                      "2007-08-18T21:15:00Z"};
  static_cast<void>(ashyq::ledger::CheckExtends(older, newer, proof));

  // Over a real tree: the real proof verifies, and a fuzzed one only if it equals it.
  if (width != 1) return;
  const uint64_t n = b % 64 + 1;
  ashyq::ledger::MerkleTree tree;
  for (uint64_t i = 0; i < n; ++i) tree.AppendLeaf(std::string(1, static_cast<char>(i)));
  const Digest root = tree.Root();
  const uint64_t index = a % n;
  auto inclusion = tree.InclusionProof(index, n);
  if (!inclusion.ok()) __builtin_trap();
  const Digest& leaf = tree.leaf_hashes()[index];
  if (!ashyq::ledger::VerifyInclusion(leaf, index, n, *inclusion, root).ok()) __builtin_trap();
  if (ashyq::ledger::VerifyInclusion(leaf, index, n, proof, root).ok() && proof != *inclusion) {
    __builtin_trap();
  }
  const uint64_t m = a % n + 1;
  auto consistency = tree.ConsistencyProof(m, n);
  if (!consistency.ok()) __builtin_trap();
  const Digest old_root = *tree.RootAt(m);
  if (!ashyq::ledger::VerifyConsistency(m, n, old_root, root, *consistency).ok()) {
    __builtin_trap();
  }
  if (ashyq::ledger::VerifyConsistency(m, n, old_root, root, proof).ok() &&
      proof != *consistency) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzHeadJson(std::string_view(reinterpret_cast<const char*>(data), size));
  FuzzProofs(data, size);
  return 0;
}
