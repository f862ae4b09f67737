#include "store/store.h"

#include <utility>

#include "core/json.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace ashyq::store {

StoredObject ToStored(const crypto::SignedObject& object, std::string subject, int64_t version) {
  StoredObject stored;
  stored.digest = object.digest();
  stored.kind = object.payload_format();
  stored.subject = std::move(subject);
  stored.version = version;
  stored.envelope = object.ToCanonicalJson();
  return stored;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (IsPostgresUrl(location)) return OpenPostgresStore(location);
  return OpenSqliteStore(location);
}

Result<bool> Store::Put(const StoredObject& object) {
  ASHYQ_ASSIGN_OR_RETURN(size_t stored, PutBatch(std::span<const StoredObject>(&object, 1)));
  return stored == 1;
}

namespace {

constexpr std::string_view kIntegrityRule = "R-E2.append-only";

// The first problem found in one stored object, or ok.
Status CheckObject(const StoredObject& object) {
  json::ParseOptions options;
  options.max_bytes = object.envelope.size() + 1;  // what was accepted once is never too large
  Result<json::Value> envelope = json::Parse(object.envelope, options);
  if (!envelope.ok()) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "stored envelope is not valid JSON: " + envelope.error().ToString());
  }
  Result<crypto::SignedObject> signed_object = crypto::SignedObject::FromJson(*envelope);
  if (!signed_object.ok()) {
    return CheckFailed(
        "", std::string(kIntegrityRule),
        "stored envelope is not a signed object: " + signed_object.error().ToString());
  }
  if (signed_object->digest() != object.digest) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "stored payload hashes to " + signed_object->digest().Hex() +
                           ", not to the digest it is stored under");
  }
  if (signed_object->payload_format() != object.kind) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "payload format is \"" + signed_object->payload_format() +
                           "\" but the object is stored as kind \"" + object.kind + "\"");
  }
  if (signed_object->ToCanonicalJson() != object.envelope) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "stored envelope is not in canonical (RFC 8785) form");
  }
  return Status();
}

}  // namespace

Result<int64_t> VerifyStoreIntegrity(Store& store) {
  int64_t checked = 0;
  std::vector<Error> problems;
  Status status = store.ForEach([&](const StoredObject& object) -> Status {
    ++checked;
    Status object_status = CheckObject(object);
    if (!object_status.ok()) {
      problems.push_back(object_status.error().In(
          store.location() + ": object " + object.digest.Hex() + " (" + object.kind + " version " +
          std::to_string(object.version) + " of " + object.subject + ")"));
    }
    return Status();
  });
  if (!status.ok()) return status.error();
  if (!problems.empty()) {
    Error first = std::move(problems.front());
    if (problems.size() > 1) {
      first.message += " (and " + std::to_string(problems.size() - 1) + " more bad object" +
                       (problems.size() > 2 ? "s" : "") + ")";
    }
    return first;
  }
  return checked;
}

}  // namespace ashyq::store
