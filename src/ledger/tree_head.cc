#include "ledger/tree_head.h"

#include <utility>
#include <vector>

#include "core/json_reader.h"
#include "core/utc_time.h"
#include "ledger/merkle.h"

namespace ashyq::ledger {

namespace {

constexpr std::string_view kLogIdRule = "R-E2.log-id";
constexpr std::string_view kTruncatedRule = "R-E2.truncated";
constexpr std::string_view kForkRule = "R-E2.fork";
constexpr std::string_view kConsistencyRule = "R-E2.consistency";

std::string Short(const Digest& digest) { return digest.Hex().substr(0, 16) + "..."; }

// "the tree head of 12 leaves (root 3f2a...) of 2007-08-18T20:15:00Z"
std::string Describe(const TreeHead& head) {
  return "the tree head of " + std::to_string(head.size) + (head.size == 1 ? " leaf" : " leaves") +
         " (root " + Short(head.root_hash) + ") of " + head.timestamp;
}

// The first problem, saying how many more there were.
Error FirstOf(std::vector<Error> problems) {
  Error first = std::move(problems.front());
  if (problems.size() > 1) {
    first.message += " (and " + std::to_string(problems.size() - 1) + " more problem" +
                     (problems.size() > 2 ? "s" : "") + ")";
  }
  return first;
}

}  // namespace

json::Value TreeHeadToJson(const TreeHead& head) {
  json::Value payload = json::Value::Object();
  payload.Set("format", json::Value(kTreeHeadFormat));
  payload.Set("log_id", json::Value(head.log_id));
  payload.Set("size", json::Value(static_cast<int64_t>(head.size)));
  payload.Set("root_hash", json::Value(head.root_hash.Hex()));
  payload.Set("timestamp", json::Value(head.timestamp));
  return payload;
}

Result<TreeHead> TreeHeadFromJson(const json::Value& payload) {
  std::vector<Error> problems;
  if (!json::RequireFormat(payload, kTreeHeadFormat, "a tree head", &problems)) {
    return FirstOf(std::move(problems));
  }
  TreeHead head;
  json::ObjectReader r(payload, "", &problems);
  r.String("format");
  head.log_id = r.NonEmptyString("log_id");
  const size_t before_size = problems.size();
  head.size = static_cast<uint64_t>(r.Int("size", 0, json::kMaxSafeInteger));
  const bool size_read = problems.size() == before_size;
  const size_t before_root = problems.size();
  const std::string root_hex = r.DigestHex("root_hash");
  if (problems.size() == before_root) {
    Result<Digest> root = Digest::FromHex(root_hex);
    if (root.ok()) {
      head.root_hash = *root;
      if (size_read && head.size == 0 && head.root_hash != EmptyTreeHash()) {
        r.Fail("root_hash", "a log of no leaves has root " + EmptyTreeHash().Hex() + ", not " +
                                root_hex);
      }
    } else {
      r.Fail("root_hash", root.error().message);
    }
  }
  const size_t before_timestamp = problems.size();
  head.timestamp = r.String("timestamp");
  if (problems.size() == before_timestamp && !IsUtcTimestamp(head.timestamp)) {
    r.Fail("timestamp", "expected a UTC time \"YYYY-MM-DDTHH:MM:SSZ\", found \"" +
                            head.timestamp.substr(0, 32) + "\"");
  }
  r.RejectUnknown();
  if (!problems.empty()) return FirstOf(std::move(problems));
  return head;
}

Result<crypto::SignedObject> SignTreeHead(const TreeHead& head, const std::string& signer,
                                          const crypto::SigningKey& key) {
  if (head.size > static_cast<uint64_t>(json::kMaxSafeInteger)) {
    return BadInput("/size", "a tree head's size must be at most 2^53 - 1, not " +
                                 std::to_string(head.size));
  }
  json::Value payload = TreeHeadToJson(head);
  // Sign only what a verifier will accept.
  ASHYQ_RETURN_IF_ERROR(TreeHeadFromJson(payload));
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object,
                         crypto::SignedObject::Create(std::move(payload)));
  ASHYQ_RETURN_IF_ERROR(object.AddSignature(signer, key));
  return object;
}

Result<TreeHead> VerifyTreeHead(const crypto::SignedObject& object, const std::string& signer,
                                const crypto::PublicKey& expected) {
  Result<TreeHead> head = TreeHeadFromJson(object.payload());
  if (!head.ok()) {
    Error error = head.error();
    error.where = "/payload" + error.where;
    return error;
  }
  ASHYQ_RETURN_IF_ERROR(object.VerifySignedBy(signer, expected));
  return head;
}

Status CheckExtends(const TreeHead& older, const TreeHead& newer,
                    std::span<const Digest> consistency_proof) {
  if (older.log_id != newer.log_id) {
    return CheckFailed("", std::string(kLogIdRule),
                       "the tree heads are of different logs: \"" + older.log_id.substr(0, 64) +
                           "\" and \"" + newer.log_id.substr(0, 64) + "\"");
  }
  if (newer.size < older.size) {
    return CheckFailed("", std::string(kTruncatedRule),
                       Describe(newer) + " is smaller than " + Describe(older) +
                           ": the log was truncated");
  }
  if (newer.size == older.size) {
    if (!consistency_proof.empty()) {
      return Error{ErrorCode::kBadInput, "", std::string(kConsistencyRule),
                   "two tree heads of one size need an empty consistency proof, not one of " +
                       std::to_string(consistency_proof.size()) + " hashes"};
    }
    if (newer.root_hash != older.root_hash) {
      return CheckFailed("", std::string(kForkRule),
                         Describe(newer) + " and " + Describe(older) +
                             " have one size and different roots: the log was forked");
    }
    return Status();
  }
  Status consistent = VerifyConsistency(older.size, newer.size, older.root_hash,
                                        newer.root_hash, consistency_proof);
  if (!consistent.ok()) {
    Error error = consistent.error();
    error.message = Describe(newer) + " does not extend " + Describe(older) + ": " + error.message;
    return error;
  }
  return Status();
}

}  // namespace ashyq::ledger
