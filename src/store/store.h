// The commission's store: every signed object it accepted (election definitions, precinct
// protocols and each of their versions, tier protocols), kept by digest and never modified or
// deleted (R-E1: versions are all public; R-E2: history is only appended to).
//
// A Store is backend-neutral: sqlite_store.h is the embedded default; postgres_store.h is
// the shared one, for several server processes (OpenStore picks by location). Every backend
// promises:
//   - durability: an object is on stable storage (fsync'd) before Put/PutBatch returns;
//   - no silent forks: a second, different object claiming the same (kind, subject, version)
//     is refused, and the object stored first is kept;
//   - atomic batches: a batch is stored entirely or not at all;
//   - byte order: subjects are ordered by their UTF-8 bytes (as memcmp), whatever the locale;
//   - one log: leaf i is the i-th object committed, leaves are dense, and no reader sees leaf
//     i + 1 before leaf i, however many Stores append at once;
//   - location() never shows a password.
//
// The store trusts its caller to have verified what it stores (signatures, quorum, version
// chain); it checks only that each object is well-formed as a row. VerifyStoreIntegrity
// re-derives every digest from the stored bytes, for auditors and after a restore.
//
// A Store object is not thread-safe: use one per thread. Several Stores, in one process or
// several, may open the same database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/result.h"
#include "crypto/signed_object.h"

namespace ashyq::store {

struct StoredObject {
  Digest digest;         // SignedObject::digest(): the key
  std::string kind;      // the payload's "format", e.g. "ashyq/precinct-protocol/1"
  std::string subject;   // what it is about: station id, commission id, election id
  int64_t version = 1;   // 1 for objects that have no versions
  std::string envelope;  // canonical JSON of the signed envelope, exactly as received

  friend bool operator==(const StoredObject&, const StoredObject&) = default;
};

// The row for a signed object: kind = payload format, envelope = its canonical JSON.
StoredObject ToStored(const crypto::SignedObject& object, std::string subject, int64_t version);

class Store {
 public:
  virtual ~Store() = default;

  // Stores one object; true if it is new. Putting an identical object again is a no-op that
  // returns false. A different object with the same (kind, subject, version), or different
  // content under a stored digest, is refused with kAlreadyExists.
  Result<bool> Put(const StoredObject& object);

  // Stores a batch in one transaction and one fsync; returns how many objects were new.
  // If any object is refused, nothing of the batch is stored.
  virtual Result<size_t> PutBatch(std::span<const StoredObject> objects) = 0;

  virtual Result<std::optional<StoredObject>> Get(const Digest& digest) = 0;

  // Every version of one subject's objects of one kind, in version order.
  virtual Result<std::vector<StoredObject>> Versions(std::string_view kind,
                                                     std::string_view subject) = 0;
  // Versions(kind, s) for every s of `subjects`, in one read where the backend can (the
  // server's committer asks for every station of a batch at once): by subject, a subject with
  // nothing stored absent.
  virtual Result<std::map<std::string, std::vector<StoredObject>, std::less<>>> VersionsOf(
      std::string_view kind, std::span<const std::string> subjects);

  // The highest version for every subject of a kind (what tabulation reads), in subject order.
  virtual Result<std::vector<StoredObject>> Latest(std::string_view kind) = 0;

  // Latest(kind) for the subjects that begin with `subject_prefix` (bytes), read as one range
  // of the (kind, subject) index, not by scanning the kind: one station's turnout reports,
  // whose subjects are "<station>@<time>", are LatestWithPrefix(kind, station + "@").
  // No character of the prefix is special (no LIKE wildcards). kBadInput if the prefix is not
  // UTF-8 (no stored subject could begin with it); "" is Latest(kind).
  Result<std::vector<StoredObject>> LatestWithPrefix(std::string_view kind,
                                                     std::string_view subject_prefix);

  virtual Result<int64_t> Count(std::string_view kind) = 0;

  // Calls `visit` for every stored object, in digest order, streaming (the store may hold
  // tens of megabytes of definitions). Stops at, and returns, the first error of `visit`.
  // `visit` must not call back into this Store.
  virtual Status ForEach(const std::function<Status(const StoredObject&)>& visit) = 0;

  // The public log (R-E2, docs/formats.md "Public log"): every stored object in the order it
  // was stored; leaf i is the i-th object stored, its bytes the envelope. Appending to the log
  // is storing: the log and the store cannot disagree.
  virtual Result<uint64_t> LogSize() = 0;
  // Objects [first, first + count) of the log, in log order (fewer at its end).
  virtual Result<std::vector<StoredObject>> LogRange(uint64_t first, uint64_t count) = 0;
  // Where an object is in the log; nullopt if it is not stored.
  virtual Result<std::optional<uint64_t>> LogIndexOf(const Digest& digest) = 0;
  // LogIndexOf for each of `digests`, in one read where the backend can: by position.
  virtual Result<std::vector<std::optional<uint64_t>>> LogIndicesOf(std::span<const Digest> digests);

  // Signed tree heads (canonical JSON of the signed envelope), append-only, one per tree size,
  // durable before returning. The same head again is a no-op; a different head for a size
  // already stored is refused with kAlreadyExists (a second head for one size is a fork).
  virtual Status PutTreeHead(uint64_t size, const std::string& envelope) = 0;
  // Every stored tree head, (size, envelope), in size order.
  Result<std::vector<std::pair<uint64_t, std::string>>> TreeHeads() { return TreeHeadsFrom(0); }
  // The stored tree heads of size first_size or more, in size order: what a reader that holds
  // the heads up to some size asks for to catch up.
  virtual Result<std::vector<std::pair<uint64_t, std::string>>> TreeHeadsFrom(uint64_t first_size) = 0;

  // Where the data lives, for messages: a file path or a connection name (never a password).
  virtual const std::string& location() const = 0;

 protected:
  // Latest(kind) for the subjects s with begin <= s < end in byte order (LatestWithPrefix's
  // range; both bounds are UTF-8, begin is not empty).
  virtual Result<std::vector<StoredObject>> LatestInRange(std::string_view kind,
                                                          std::string_view begin,
                                                          std::string_view end) = 0;
};

// Opens the store at `location`: a PostgreSQL database for "postgresql://..." or
// "postgres://..." (OpenPostgresStore), otherwise an SQLite file path (OpenSqliteStore).
Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

// Re-parses every stored envelope and checks that it is a valid signed envelope in canonical
// form, that its payload digest equals the key it is stored under and that its payload format
// equals its kind. Returns how many objects were checked; kCheckFailed names the first bad
// object (and counts the others). Does not verify signatures: that needs the definition.
Result<int64_t> VerifyStoreIntegrity(Store& store);

}  // namespace ashyq::store
