#include "verify/log_check.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/json.h"
#include "crypto/signed_object.h"
#include "ledger/merkle.h"
#include "ledger/tree_head.h"
#include "record/layout.h"

namespace ashyq::verify {
namespace {

using record::kTreeHeadsDir;

std::string ShortHex(const std::string& hex) { return hex.substr(0, 16) + "\xE2\x80\xA6"; }

struct ReadHead {
  std::string file;
  uint64_t named_size = 0;
  std::string bytes;
  std::optional<ledger::TreeHead> head;  // the payload, when it reads (signed or not)
  bool signed_ok = false;
};

// Reads and verifies one tree head file; every problem to `findings`.
ReadHead ReadTreeHead(const PublicationDirectory& dir, const std::string& file, uint64_t named_size,
                      const std::string& election_id, const std::string& cec_id, const crypto::PublicKey& cec_key,
                      Findings* findings) {
  ReadHead out;
  out.file = file;
  out.named_size = named_size;
  Result<std::string> bytes = dir.Read(file, kMaxTreeHeadBytes);
  if (!bytes.ok()) {
    findings->Fail(bytes.error());
    return out;
  }
  out.bytes = std::move(bytes).value();
  json::ParseOptions options;
  options.max_bytes = kMaxTreeHeadBytes;
  Result<json::Value> doc = json::Parse(out.bytes, options);
  Result<crypto::SignedObject> object =
      doc.ok() ? crypto::SignedObject::FromJson(*doc) : Result<crypto::SignedObject>(doc.error());
  if (!object.ok()) {
    findings->Fail(file, "R-E2.tree-head", "not a signed tree head: " + object.error().ToString());
    return out;
  }
  if (object->ToCanonicalJson() != out.bytes) {
    findings->Fail(file, "R-E2.tree-head", "not in canonical JSON (RFC 8785)");
  }
  Result<ledger::TreeHead> verified = ledger::VerifyTreeHead(*object, cec_id, cec_key);
  if (verified.ok()) {
    out.head = *verified;
    out.signed_ok = true;
  } else {
    Error e = verified.error().In(file);
    if (e.rule.empty()) e.rule = "R-E2.tree-head";
    e.message = "the tree head is not signed by the CEC with the definition's key (" + cec_key.Hex().substr(0, 16) +
                "\xE2\x80\xA6): " + e.message;
    findings->Fail(std::move(e));
    Result<ledger::TreeHead> read = ledger::TreeHeadFromJson(object->payload());
    if (read.ok()) out.head = *read;
  }
  if (!out.head) return out;
  if (out.head->size != named_size) {
    findings->Fail(file + ":/payload/size", "R-E2.tree-head",
                   "the head is of size " + std::to_string(out.head->size) + " but its file name says " +
                       std::to_string(named_size));
  }
  if (out.head->log_id != election_id) {
    findings->Fail(file + ":/payload/log_id", "R-E2.tree-head",
                   "the head is of log \"" + out.head->log_id + "\", not this election's \"" + election_id + "\"");
  }
  return out;
}

// Every head published so far, smallest first.
std::vector<ReadHead> ReadTreeHeads(const PublicationDirectory& dir, const std::string& election_id,
                                    const std::string& cec_id, const crypto::PublicKey& cec_key, Findings* findings) {
  std::vector<ReadHead> heads;
  for (const std::string& name : dir.List(kTreeHeadsDir)) {
    const std::string file = std::string(kTreeHeadsDir) + "/" + name;
    std::optional<uint64_t> size = record::TreeHeadSizeOf(file);
    if (!size) {
      findings->Fail(file, "R-E2.tree-head", "not named <size>.json");
      continue;
    }
    heads.push_back(ReadTreeHead(dir, file, *size, election_id, cec_id, cec_key, findings));
  }
  std::sort(heads.begin(), heads.end(),
            [](const ReadHead& a, const ReadHead& b) { return a.named_size < b.named_size; });
  return heads;
}

// The latest head, three ways: index.json, log/tree-head.json, and the largest in the listing;
// it must cover every published leaf.
void CheckLatestHead(const PublicationDirectory& dir, const PublishedIndex& index, const std::vector<ReadHead>& heads,
                     size_t leaves, LogSummary* summary, Findings* findings) {
  const uint64_t index_size = static_cast<uint64_t>(index.tree_head.size);
  const std::string expected_file = record::TreeHeadFile(index_size);
  if (index.tree_head.file != expected_file) {
    findings->Fail("index.json:/tree_head/file", "R-E2.latest",
                   "\"" + index.tree_head.file + "\" should be " + expected_file);
  }
  const ReadHead* named = nullptr;
  for (const ReadHead& h : heads) {
    if (h.named_size == index_size) named = &h;
  }
  if (named == nullptr) {
    findings->Fail(expected_file, "R-E2.latest",
                   "missing (or not a regular file): index.json:/tree_head names it, the tree head of size " +
                       std::to_string(index_size));
  } else if (named->head && named->head->root_hash.Hex() != index.tree_head.root_hash) {
    findings->Fail("index.json:/tree_head/root_hash", "R-E2.latest",
                   "root " + ShortHex(index.tree_head.root_hash) + " differs from the signed head's " +
                       ShortHex(named->head->root_hash.Hex()));
  }
  if (!heads.empty() && heads.back().named_size != index_size) {
    findings->Fail("index.json:/tree_head/size", "R-E2.latest",
                   "the index names the head of size " + std::to_string(index_size) + ", but a larger one (" +
                       std::to_string(heads.back().named_size) + ") is published: the index hides the newer log");
  }
  Result<std::string> latest = dir.Read(std::string(record::kLatestTreeHeadFile), kMaxTreeHeadBytes);
  if (!latest.ok()) {
    findings->Fail(latest.error());
  } else if (named != nullptr && !named->bytes.empty() && *latest != named->bytes) {
    findings->Fail("log/tree-head.json", "R-E2.latest",
                   "differs from " + named->file + ", the head index.json names as the latest");
  }
  if (named != nullptr && named->head) {
    summary->latest_size = named->head->size;
    summary->latest_root = named->head->root_hash.Hex();
    summary->latest_timestamp = named->head->timestamp;
  }
  if (index_size != leaves) {
    findings->Fail("index.json:/tree_head/size", "R-E2.size",
                   "the latest tree head covers " + std::to_string(index_size) + " leaves, but the ranges hold " +
                       std::to_string(leaves));
  }
}

// Roots: one pass over the leaves, checking each head's root when the tree reaches its size;
// then heads beyond the leaves, and heads signed out of order.
void CheckRoots(const std::vector<ReadHead>& heads, const VerifiedLog& verified, LogSummary* summary,
                Findings* findings) {
  ledger::MerkleTree tree;
  size_t next = 0;
  auto check_root = [&](const ReadHead& h) {
    if (!h.head) return;
    const Digest root = tree.size() == 0 ? ledger::EmptyTreeHash() : tree.Root();
    if (root != h.head->root_hash) {
      findings->Fail(h.file + ":/payload/root_hash", "R-E2.root",
                     "the signed root of the first " + std::to_string(h.named_size) + " leaves is " +
                         ShortHex(h.head->root_hash.Hex()) + ", but the published leaves give " + ShortHex(root.Hex()) +
                         ": leaves were changed, removed or inserted after this head was signed");
    } else if (h.signed_ok && h.head->size == h.named_size) {
      ++summary->heads_checked;
    }
  };
  while (next < heads.size() && heads[next].named_size == 0) check_root(heads[next++]);
  for (const VerifiedLeaf& leaf : verified.leaves) {
    tree.Append(leaf.leaf_hash);
    while (next < heads.size() && heads[next].named_size == tree.size()) check_root(heads[next++]);
  }
  for (; next < heads.size(); ++next) {
    findings->Fail(heads[next].file, "R-E2.size",
                   "the head covers " + std::to_string(heads[next].named_size) + " leaves, but only " +
                       std::to_string(verified.leaves.size()) + " are published: leaves were removed or the log was truncated");
  }
  for (size_t k = 1; k < heads.size(); ++k) {
    if (heads[k].head && heads[k - 1].head && heads[k].head->timestamp < heads[k - 1].head->timestamp) {
      findings->Fail(heads[k].file + ":/payload/timestamp", "R-E2.timestamp",
                     "signed at " + heads[k].head->timestamp + ", before the smaller head " + heads[k - 1].file +
                         " (" + heads[k - 1].head->timestamp + ")");
    }
  }
}

// Range files the index no longer lists (a partial range later completed): each line must
// still be the leaf at its place.
void CheckOlderRanges(const PublicationDirectory& dir, const PublishedIndex& index, const PublishedLog& log,
                      Findings* findings) {
  for (const std::string& name : dir.List(record::kLeavesDir)) {
    const std::string file = std::string(record::kLeavesDir) + "/" + name;
    if (std::find(index.ranges.begin(), index.ranges.end(), file) != index.ranges.end()) continue;
    uint64_t first = 0, end = 0;
    if (!record::ParseLogRangeFile(file, &first, &end)) {
      findings->Fail(file, "R-E2.range", "not named log/leaves/<first>-<end>.jsonl");
      continue;
    }
    Result<std::string> bytes = dir.Read(file, kMaxRangeBytes);
    if (!bytes.ok()) {
      findings->Fail(bytes.error());
      continue;
    }
    uint64_t i = first;
    size_t pos = 0;
    bool differs = false;
    while (pos < bytes->size() && !differs) {
      size_t nl = bytes->find('\n', pos);
      if (nl == std::string::npos) nl = bytes->size();
      std::string_view line = std::string_view(*bytes).substr(pos, nl - pos);
      if (i >= log.leaves.size() || line != log.leaves[i]) {
        findings->Fail(file, "R-E2.range",
                       "line " + std::to_string(i - first + 1) + " is not leaf " + std::to_string(i) +
                           " of the log: an older range disagrees with the current one (the log was rewritten)");
        differs = true;
      }
      ++i;
      pos = nl + 1;
    }
    if (!differs && i != end) {
      findings->Fail(file, "R-E2.range",
                     "holds " + std::to_string(i - first) + " leaves, but its name says " + std::to_string(end - first));
    }
  }
}

}  // namespace

LogSummary CheckLog(const PublicationDirectory& dir, const PublishedIndex& index, const PublishedLog& log,
                    const VerifiedLog& verified, const std::string& election_id, const std::string& cec_id,
                    const crypto::PublicKey& cec_key, Findings* findings) {
  LogSummary summary;
  summary.leaves = verified.leaves.size();
  const std::vector<ReadHead> heads = ReadTreeHeads(dir, election_id, cec_id, cec_key, findings);
  summary.tree_heads = heads.size();
  CheckLatestHead(dir, index, heads, verified.leaves.size(), &summary, findings);
  CheckRoots(heads, verified, &summary, findings);
  CheckOlderRanges(dir, index, log, findings);
  return summary;
}

}  // namespace ashyq::verify
