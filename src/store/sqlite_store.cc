#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "store/internal/rows.h"

namespace ashyq::store {

namespace {

// Long enough to wait out another process's batch of a whole election.
constexpr int kBusyTimeoutMs = 10'000;

using internal::Describe;
using internal::kIntegrityRule;

// Schema 1. objects_by_version serves Versions() and Latest() and enforces one object per
// (kind, subject, version). The triggers make the tables append-only for every client, not
// just for this code: UPDATE and DELETE abort, and so does an INSERT that would collide with a
// stored row (INSERT OR REPLACE deletes the old row without firing DELETE triggers).
constexpr const char* kSchemaSql = R"sql(
CREATE TABLE schema_version (
  version INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL
);
CREATE TABLE objects (
  digest BLOB PRIMARY KEY CHECK (typeof(digest) = 'blob' AND length(digest) = 32),
  kind TEXT NOT NULL CHECK (typeof(kind) = 'text' AND kind <> ''),
  subject TEXT NOT NULL CHECK (typeof(subject) = 'text' AND subject <> ''),
  version INTEGER NOT NULL CHECK (typeof(version) = 'integer' AND version >= 1),
  envelope BLOB NOT NULL CHECK (typeof(envelope) = 'blob' AND length(envelope) > 0),
  stored_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX objects_by_version ON objects (kind, subject, version);
CREATE TRIGGER objects_no_update BEFORE UPDATE ON objects BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: a stored object is never updated');
END;
CREATE TRIGGER objects_no_delete BEFORE DELETE ON objects BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: a stored object is never deleted');
END;
CREATE TRIGGER objects_no_replace BEFORE INSERT ON objects
WHEN EXISTS (SELECT 1 FROM objects WHERE digest = NEW.digest)
  OR EXISTS (SELECT 1 FROM objects
             WHERE kind = NEW.kind AND subject = NEW.subject AND version = NEW.version)
BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: this digest or version is already stored');
END;
CREATE TRIGGER schema_version_no_update BEFORE UPDATE ON schema_version BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: schema_version is never updated');
END;
CREATE TRIGGER schema_version_no_delete BEFORE DELETE ON schema_version BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: schema_version is never deleted');
END;
)sql";

// Schema 2: signed tree heads of the public log, one per tree size, append-only like objects.
// The log itself needs no table: it is the objects table in rowid order (see LogSize).
constexpr const char* kTreeHeadsSql = R"sql(
CREATE TABLE tree_heads (
  size INTEGER PRIMARY KEY CHECK (size >= 0),
  envelope BLOB NOT NULL CHECK (typeof(envelope) = 'blob' AND length(envelope) > 0),
  stored_at INTEGER NOT NULL
);
CREATE TRIGGER tree_heads_no_update BEFORE UPDATE ON tree_heads BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: a stored tree head is never updated');
END;
CREATE TRIGGER tree_heads_no_delete BEFORE DELETE ON tree_heads BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: a stored tree head is never deleted');
END;
CREATE TRIGGER tree_heads_no_replace BEFORE INSERT ON tree_heads
WHEN EXISTS (SELECT 1 FROM tree_heads WHERE size = NEW.size)
BEGIN
  SELECT RAISE(ABORT, 'ashyq store is append-only: a tree head of this size is already stored');
END;
)sql";

// Schema migrations, oldest first: a new store applies them all, an older one the missing ones,
// each recorded in schema_version, all in one transaction.
struct Migration {
  int64_t version;
  const char* sql;
};
constexpr Migration kMigrations[] = {{1, kSchemaSql}, {2, kTreeHeadsSql}};
static_assert(std::size(kMigrations) == kSqliteSchemaVersion);

constexpr const char* kColumns = "rowid, digest, kind, subject, version, envelope";

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// One use of a cached statement: resets it and drops its bindings however the use ends, so
// that no statement holds a read transaction open or points at a caller's freed buffer.
class StatementUse {
 public:
  explicit StatementUse(const Statement& statement) : statement_(statement.get()) {}
  ~StatementUse() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_;
};

int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What the file at a path holds, judged before anything is written to it.
enum class Layout { kEmpty, kAshyq, kForeign };

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path);

  Result<size_t> PutBatch(std::span<const StoredObject> objects) override;
  Result<std::optional<StoredObject>> Get(const Digest& digest) override;
  Result<std::vector<StoredObject>> Versions(std::string_view kind,
                                             std::string_view subject) override;
  Result<std::vector<StoredObject>> Latest(std::string_view kind) override;
  Result<std::vector<StoredObject>> LatestInRange(std::string_view kind, std::string_view begin,
                                                  std::string_view end) override;
  Result<int64_t> Count(std::string_view kind) override;
  Status ForEach(const std::function<Status(const StoredObject&)>& visit) override;
  Result<uint64_t> LogSize() override;
  Result<std::vector<StoredObject>> LogRange(uint64_t first, uint64_t count) override;
  Result<std::optional<uint64_t>> LogIndexOf(const Digest& digest) override;
  Status PutTreeHead(uint64_t size, const std::string& envelope) override;
  Result<std::vector<std::pair<uint64_t, std::string>>> TreeHeadsFrom(uint64_t first_size) override;
  const std::string& location() const override { return path_; }

 private:
  SqliteStore(std::string path, Database db) : path_(std::move(path)), db_(std::move(db)) {}

  Error SqlError(std::string_view doing) const;
  Status Exec(const char* sql, std::string_view doing);
  Status Step(const Statement& statement, std::string_view doing);  // expects SQLITE_DONE
  Result<Statement> Prepare(const char* sql);
  Status Initialize();
  Result<Layout> ReadLayout();
  Result<int64_t> CheckSchemaVersion();  // the version recorded, if this build can use it
  Status Migrate();                      // brings the schema up to kSqliteSchemaVersion
  Status PrepareStatements();

  Status Bind(sqlite3_stmt* statement, int index, std::string_view text);
  Status BindBlob(sqlite3_stmt* statement, int index, std::string_view bytes);
  Status BindDigest(sqlite3_stmt* statement, int index, const Digest& digest);
  Status BindInt(sqlite3_stmt* statement, int index, int64_t value);
  Result<int64_t> QueryInt(const Statement& statement, std::string_view doing);
  // The log reads proper; the public methods run them in one read transaction, so that a
  // connection appending at the same moment cannot make them see two states of the log.
  Result<uint64_t> ReadLogSize();
  Result<std::vector<StoredObject>> ReadLogRange(uint64_t first, uint64_t count);

  Result<StoredObject> ReadRow(sqlite3_stmt* statement) const;
  Result<std::vector<StoredObject>> ReadAll(const StatementUse& use, std::string_view doing);
  Result<std::optional<StoredObject>> FindVersion(const StoredObject& object);
  Status Validate(const StoredObject& object, size_t index, size_t count) const;
  // Inserts one object inside the open transaction; false if it was already stored.
  Result<bool> Insert(const StoredObject& object, int64_t stored_at);
  void RollBack();

  std::string path_;
  Database db_;  // declared before the statements, so it is closed after they are finalized
  Statement begin_, begin_read_, commit_, rollback_;
  Statement insert_, get_, find_version_, versions_, latest_, latest_in_range_, count_, scan_;
  Statement log_max_, log_count_, log_range_, log_index_;
  Statement insert_tree_head_, get_tree_head_, tree_heads_;
  bool scanning_ = false;
};

Error SqliteStore::SqlError(std::string_view doing) const {
  const int code = sqlite3_extended_errcode(db_.get()) & 0xff;
  if (code == SQLITE_NOTADB) {
    return BadInput(path_, std::string("not an Ashyq store: ") + sqlite3_errmsg(db_.get()));
  }
  Error error = IoError(path_, std::string(doing) + ": " + sqlite3_errmsg(db_.get()));
  if (code == SQLITE_TOOBIG) error.code = ErrorCode::kTooLarge;
  return error;
}

Status SqliteStore::Exec(const char* sql, std::string_view doing) {
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(doing);
  }
  return Status();
}

Status SqliteStore::Step(const Statement& statement, std::string_view doing) {
  StatementUse use(statement);
  if (sqlite3_step(use.get()) != SQLITE_DONE) return SqlError(doing);
  return Status();
}

Result<Statement> SqliteStore::Prepare(const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(raw);
    return SqlError("preparing a statement");
  }
  return Statement(raw);
}

Result<Layout> SqliteStore::ReadLayout() {
  ASHYQ_ASSIGN_OR_RETURN(Statement statement,
                         Prepare("SELECT name FROM sqlite_master WHERE type = 'table'"));
  StatementUse use(statement);
  bool any = false;
  bool ours = false;
  int rc;
  while ((rc = sqlite3_step(use.get())) == SQLITE_ROW) {
    any = true;
    const unsigned char* name = sqlite3_column_text(use.get(), 0);
    if (name != nullptr &&
        std::strcmp(reinterpret_cast<const char*>(name), "schema_version") == 0) {
      ours = true;
    }
  }
  if (rc != SQLITE_DONE) return SqlError("reading the schema");
  if (!any) return Layout::kEmpty;
  return ours ? Layout::kAshyq : Layout::kForeign;
}

Result<int64_t> SqliteStore::CheckSchemaVersion() {
  ASHYQ_ASSIGN_OR_RETURN(Statement statement, Prepare("SELECT MAX(version) FROM schema_version"));
  StatementUse use(statement);
  if (sqlite3_step(use.get()) != SQLITE_ROW) return SqlError("reading the schema version");
  if (sqlite3_column_type(use.get(), 0) != SQLITE_INTEGER) {
    return BadInput(path_, "not a usable Ashyq store: its schema_version table records no version");
  }
  const int64_t version = sqlite3_column_int64(use.get(), 0);
  if (version > kSqliteSchemaVersion) {
    return BadInput(path_, "store schema version " + std::to_string(version) +
                               " is newer than this build of Ashyq understands (" +
                               std::to_string(kSqliteSchemaVersion) +
                               "); open it with a newer ashyq");
  }
  if (version < 1) {
    return BadInput(path_, "not a usable Ashyq store: schema version " + std::to_string(version));
  }
  return version;
}

Status SqliteStore::Migrate() {
  // Another process may be creating or upgrading the schema at the same moment: decide under
  // the write lock.
  ASHYQ_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "starting to create the schema"));
  auto apply = [&]() -> Status {
    ASHYQ_ASSIGN_OR_RETURN(Layout layout, ReadLayout());
    if (layout == Layout::kForeign) {
      return BadInput(path_,
                      "is an SQLite database but not an Ashyq store (no schema_version table)");
    }
    int64_t current = 0;
    if (layout == Layout::kAshyq) {
      ASHYQ_ASSIGN_OR_RETURN(current, CheckSchemaVersion());
    }
    for (const Migration& migration : kMigrations) {
      if (migration.version <= current) continue;
      const std::string doing = "creating schema version " + std::to_string(migration.version);
      ASHYQ_RETURN_IF_ERROR(Exec(migration.sql, doing));
      const std::string insert = "INSERT INTO schema_version (version, applied_at) VALUES (" +
                                 std::to_string(migration.version) + ", " +
                                 std::to_string(UnixSeconds()) + ")";
      ASHYQ_RETURN_IF_ERROR(Exec(insert.c_str(), doing));
    }
    return Exec("COMMIT", "committing the schema");
  };
  Status applied = apply();
  if (!applied.ok()) {
    if (sqlite3_get_autocommit(db_.get()) == 0) {
      static_cast<void>(Exec("ROLLBACK", "rolling back"));
    }
    return applied;
  }
  ASHYQ_ASSIGN_OR_RETURN(int64_t version, CheckSchemaVersion());
  if (version != kSqliteSchemaVersion) {
    return Error{ErrorCode::kInternal, path_, "",
                 "schema version is " + std::to_string(version) + " after migrating, not " +
                     std::to_string(kSqliteSchemaVersion)};
  }
  return Status();
}

Status SqliteStore::Initialize() {
  sqlite3* db = db_.get();
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  // Judge the file before writing anything: a file that is not ours must be left untouched.
  ASHYQ_ASSIGN_OR_RETURN(Layout layout, ReadLayout());
  if (layout == Layout::kForeign) {
    return BadInput(path_,
                    "is an SQLite database but not an Ashyq store (no schema_version table)");
  }
  int64_t version = 0;
  if (layout == Layout::kAshyq) {
    ASHYQ_ASSIGN_OR_RETURN(version, CheckSchemaVersion());
  }
  if (sqlite3_db_readonly(db, "main") == 1) {
    return IoError(path_, "the database file is read-only; a store must be writable");
  }

  if (layout == Layout::kEmpty) {
    // Before the first write fixes it: 8 KiB pages hold three ~2 KB protocols where 4 KiB
    // pages hold one, a third less to write and fsync.
    ASHYQ_RETURN_IF_ERROR(Exec("PRAGMA page_size = 8192", "setting the page size"));
  }
  // WAL + synchronous=FULL: each commit is fsync'd to the log before it returns.
  {
    ASHYQ_ASSIGN_OR_RETURN(Statement wal, Prepare("PRAGMA journal_mode = WAL"));
    StatementUse use(wal);
    // Two connections opening a new file at once: SQLite answers BUSY here without calling the
    // busy handler (it would deadlock), so the switch is retried for as long as the busy timeout.
    int step = sqlite3_step(use.get());
    for (int waited = 0; (step & 0xff) == SQLITE_BUSY && waited < kBusyTimeoutMs; waited += 10) {
      sqlite3_reset(use.get());
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      step = sqlite3_step(use.get());
    }
    if (step != SQLITE_ROW) return SqlError("switching to WAL mode");
    const unsigned char* mode = sqlite3_column_text(use.get(), 0);
    if (mode == nullptr || std::strcmp(reinterpret_cast<const char*>(mode), "wal") != 0) {
      return IoError(path_,
                     std::string("cannot use WAL mode here (journal mode is ") +
                         (mode != nullptr ? reinterpret_cast<const char*>(mode) : "unknown") +
                         "); the store needs a local file system");
    }
  }
  ASHYQ_RETURN_IF_ERROR(Exec("PRAGMA synchronous = FULL", "setting synchronous = FULL"));
  ASHYQ_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys = ON", "enabling foreign keys"));

  // A new file gets the whole schema; a file of an older schema is upgraded in place (adding
  // tables only: nothing stored is rewritten).
  if (version < kSqliteSchemaVersion) ASHYQ_RETURN_IF_ERROR(Migrate());
  return PrepareStatements();
}

Status SqliteStore::PrepareStatements() {
  const std::string select = std::string("SELECT ") + kColumns + " FROM objects ";
  struct Entry {
    Statement* statement;
    std::string sql;
  };
  const Entry entries[] = {
      {&begin_, "BEGIN IMMEDIATE"},
      {&begin_read_, "BEGIN"},  // deferred: a read snapshot from its first SELECT
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
      {&insert_,
       "INSERT INTO objects (digest, kind, subject, version, envelope, stored_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&get_, select + "WHERE digest = ?1"},
      {&find_version_, select + "WHERE kind = ?1 AND subject = ?2 AND version = ?3"},
      {&versions_, select + "WHERE kind = ?1 AND subject = ?2 ORDER BY version"},
      // Standard SQL (no SQLite bare-column MAX), so the PostgreSQL backend can share it; the
      // plan walks objects_by_version once and fetches only the winning rows.
      {&latest_, select + "AS o WHERE kind = ?1 AND version = "
                          "(SELECT MAX(m.version) FROM objects AS m "
                          "WHERE m.kind = ?1 AND m.subject = o.subject) ORDER BY subject"},
      // A range of objects_by_version: subjects compare as BINARY (memcmp), the store's order.
      {&latest_in_range_, select + "AS o WHERE kind = ?1 AND subject >= ?2 AND subject < ?3 "
                                   "AND version = (SELECT MAX(m.version) FROM objects AS m "
                                   "WHERE m.kind = ?1 AND m.subject = o.subject) ORDER BY subject"},
      {&count_, "SELECT COUNT(*) FROM objects WHERE kind = ?1"},
      {&scan_, select + "ORDER BY digest"},
      // The log is the objects table in rowid order (see LogSize): these read rowid ranges.
      {&log_max_, "SELECT IFNULL(MAX(rowid), 0) FROM objects"},
      {&log_count_, "SELECT COUNT(*) FROM objects"},
      {&log_range_, select + "WHERE rowid > ?1 AND rowid <= ?2 ORDER BY rowid"},
      {&log_index_, "SELECT rowid FROM objects WHERE digest = ?1"},
      {&insert_tree_head_,
       "INSERT INTO tree_heads (size, envelope, stored_at) VALUES (?1, ?2, ?3)"},
      {&get_tree_head_, "SELECT envelope FROM tree_heads WHERE size = ?1"},
      {&tree_heads_, "SELECT size, envelope FROM tree_heads WHERE size >= ?1 ORDER BY size"},
  };
  for (const Entry& entry : entries) {
    ASHYQ_ASSIGN_OR_RETURN(*entry.statement, Prepare(entry.sql.c_str()));
  }
  return Status();
}

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    return IoError(path, std::string("cannot open the store: ") +
                             (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, std::move(db)));
  ASHYQ_RETURN_IF_ERROR(store->Initialize());
  return std::unique_ptr<Store>(std::move(store));
}

Status SqliteStore::Bind(sqlite3_stmt* statement, int index, std::string_view text) {
  // SQLITE_STATIC: every StatementUse clears its bindings before the caller's buffer can go.
  if (sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8) !=
      SQLITE_OK) {
    return SqlError("binding a value");
  }
  return Status();
}

Status SqliteStore::BindBlob(sqlite3_stmt* statement, int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(statement, index, bytes.data(), bytes.size(), SQLITE_STATIC) !=
      SQLITE_OK) {
    return SqlError("binding a value");
  }
  return Status();
}

Status SqliteStore::BindDigest(sqlite3_stmt* statement, int index, const Digest& digest) {
  if (sqlite3_bind_blob(statement, index, digest.bytes.data(), static_cast<int>(Digest::kSize),
                        SQLITE_STATIC) != SQLITE_OK) {
    return SqlError("binding a value");
  }
  return Status();
}

Status SqliteStore::BindInt(sqlite3_stmt* statement, int index, int64_t value) {
  if (sqlite3_bind_int64(statement, index, value) != SQLITE_OK) return SqlError("binding a value");
  return Status();
}

Result<int64_t> SqliteStore::QueryInt(const Statement& statement, std::string_view doing) {
  StatementUse use(statement);
  if (sqlite3_step(use.get()) != SQLITE_ROW) return SqlError(doing);
  return static_cast<int64_t>(sqlite3_column_int64(use.get(), 0));
}

Result<StoredObject> SqliteStore::ReadRow(sqlite3_stmt* statement) const {
  const int64_t rowid = sqlite3_column_int64(statement, 0);
  auto corrupt = [&](const std::string& what) -> Error {
    return CheckFailed(path_ + ": objects row " + std::to_string(rowid),
                       std::string(kIntegrityRule), what + "; the row was altered outside Ashyq");
  };
  StoredObject object;
  // A digest that is not exactly 32 bytes cannot be a key Ashyq wrote: the cheap check that
  // every read makes (VerifyStoreIntegrity re-hashes the envelopes).
  if (sqlite3_column_type(statement, 1) != SQLITE_BLOB) return corrupt("the digest is not a blob");
  const int digest_size = sqlite3_column_bytes(statement, 1);
  if (digest_size != static_cast<int>(Digest::kSize)) {
    return corrupt("the digest is " + std::to_string(digest_size) + " bytes, not 32");
  }
  std::memcpy(object.digest.bytes.data(), sqlite3_column_blob(statement, 1), Digest::kSize);
  if (sqlite3_column_type(statement, 2) != SQLITE_TEXT ||
      sqlite3_column_type(statement, 3) != SQLITE_TEXT) {
    return corrupt("the kind or subject is not text");
  }
  object.kind.assign(reinterpret_cast<const char*>(sqlite3_column_text(statement, 2)),
                     static_cast<size_t>(sqlite3_column_bytes(statement, 2)));
  object.subject.assign(reinterpret_cast<const char*>(sqlite3_column_text(statement, 3)),
                        static_cast<size_t>(sqlite3_column_bytes(statement, 3)));
  if (sqlite3_column_type(statement, 4) != SQLITE_INTEGER) {
    return corrupt("the version is not an integer");
  }
  object.version = sqlite3_column_int64(statement, 4);
  // A hand-written UPDATE stores text; read it anyway so that the integrity check can name it.
  const int envelope_type = sqlite3_column_type(statement, 5);
  if (envelope_type != SQLITE_BLOB && envelope_type != SQLITE_TEXT) {
    return corrupt("the envelope is neither a blob nor text");
  }
  const void* envelope = sqlite3_column_blob(statement, 5);
  const int envelope_size = sqlite3_column_bytes(statement, 5);
  if (envelope == nullptr || envelope_size <= 0) return corrupt("the envelope is empty");
  object.envelope.assign(static_cast<const char*>(envelope), static_cast<size_t>(envelope_size));
  return object;
}

Result<std::vector<StoredObject>> SqliteStore::ReadAll(const StatementUse& use,
                                                       std::string_view doing) {
  std::vector<StoredObject> objects;
  int rc;
  while ((rc = sqlite3_step(use.get())) == SQLITE_ROW) {
    ASHYQ_ASSIGN_OR_RETURN(StoredObject object, ReadRow(use.get()));
    objects.push_back(std::move(object));
  }
  if (rc != SQLITE_DONE) return SqlError(doing);
  return objects;
}

Result<std::optional<StoredObject>> SqliteStore::Get(const Digest& digest) {
  StatementUse use(get_);
  ASHYQ_RETURN_IF_ERROR(BindDigest(use.get(), 1, digest));
  const int rc = sqlite3_step(use.get());
  if (rc == SQLITE_DONE) return std::optional<StoredObject>();
  if (rc != SQLITE_ROW) return SqlError("reading object " + digest.Hex());
  ASHYQ_ASSIGN_OR_RETURN(StoredObject object, ReadRow(use.get()));
  if (object.digest != digest) {
    return CheckFailed(path_ + ": object " + digest.Hex(), std::string(kIntegrityRule),
                       "the row found under this digest holds digest " + object.digest.Hex());
  }
  return std::optional<StoredObject>(std::move(object));
}

Result<std::optional<StoredObject>> SqliteStore::FindVersion(const StoredObject& object) {
  StatementUse use(find_version_);
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 1, object.kind));
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 2, object.subject));
  ASHYQ_RETURN_IF_ERROR(BindInt(use.get(), 3, object.version));
  const int rc = sqlite3_step(use.get());
  if (rc == SQLITE_DONE) return std::optional<StoredObject>();
  if (rc != SQLITE_ROW) return SqlError("reading " + Describe(object));
  ASHYQ_ASSIGN_OR_RETURN(StoredObject found, ReadRow(use.get()));
  return std::optional<StoredObject>(std::move(found));
}

Result<std::vector<StoredObject>> SqliteStore::Versions(std::string_view kind,
                                                        std::string_view subject) {
  StatementUse use(versions_);
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 1, kind));
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 2, subject));
  return ReadAll(use, "reading the versions of " + std::string(subject));
}

Result<std::vector<StoredObject>> SqliteStore::Latest(std::string_view kind) {
  StatementUse use(latest_);
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 1, kind));
  return ReadAll(use, "reading the latest " + std::string(kind) + " objects");
}

Result<std::vector<StoredObject>> SqliteStore::LatestInRange(std::string_view kind,
                                                             std::string_view begin,
                                                             std::string_view end) {
  StatementUse use(latest_in_range_);
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 1, kind));
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 2, begin));
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 3, end));
  return ReadAll(use, "reading the latest " + std::string(kind) + " objects of subjects " +
                          std::string(begin) + "…");
}

Result<int64_t> SqliteStore::Count(std::string_view kind) {
  StatementUse use(count_);
  ASHYQ_RETURN_IF_ERROR(Bind(use.get(), 1, kind));
  if (sqlite3_step(use.get()) != SQLITE_ROW) return SqlError("counting " + std::string(kind));
  return static_cast<int64_t>(sqlite3_column_int64(use.get(), 0));
}

Status SqliteStore::ForEach(const std::function<Status(const StoredObject&)>& visit) {
  if (scanning_) {
    return Error{ErrorCode::kInternal, path_, "", "ForEach was called from inside ForEach"};
  }
  scanning_ = true;
  StatementUse use(scan_);
  int rc = SQLITE_DONE;
  Status status;
  while (status.ok() && (rc = sqlite3_step(use.get())) == SQLITE_ROW) {
    Result<StoredObject> object = ReadRow(use.get());
    status = object.ok() ? visit(*object) : Status(object.error());
  }
  scanning_ = false;
  if (status.ok() && rc != SQLITE_DONE) return SqlError("reading every object");
  return status;
}

Status SqliteStore::Validate(const StoredObject& object, size_t index, size_t count) const {
  return internal::ValidateRow(path_, object, index, count);
}

Result<bool> SqliteStore::Insert(const StoredObject& object, int64_t stored_at) {
  {
    StatementUse use(insert_);
    sqlite3_stmt* s = use.get();
    ASHYQ_RETURN_IF_ERROR(BindDigest(s, 1, object.digest));
    ASHYQ_RETURN_IF_ERROR(Bind(s, 2, object.kind));
    ASHYQ_RETURN_IF_ERROR(Bind(s, 3, object.subject));
    ASHYQ_RETURN_IF_ERROR(BindInt(s, 4, object.version));
    ASHYQ_RETURN_IF_ERROR(BindBlob(s, 5, object.envelope));
    ASHYQ_RETURN_IF_ERROR(BindInt(s, 6, stored_at));
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return true;
    if ((rc & 0xff) != SQLITE_CONSTRAINT) return SqlError("storing " + Describe(object));
  }
  // A collision (the statement alone was undone; the transaction goes on): find out with what.
  ASHYQ_ASSIGN_OR_RETURN(std::optional<StoredObject> same_digest, Get(object.digest));
  if (same_digest.has_value()) {
    if (*same_digest == object) return false;  // idempotent
    return internal::DigestConflict(path_, *same_digest, object);
  }
  ASHYQ_ASSIGN_OR_RETURN(std::optional<StoredObject> same_version, FindVersion(object));
  if (same_version.has_value()) {
    return internal::VersionConflict(path_, *same_version, object);
  }
  return SqlError("storing " + Describe(object));  // some other constraint
}

void SqliteStore::RollBack() {
  // SQLite may already have rolled back by itself (e.g. on SQLITE_FULL).
  if (sqlite3_get_autocommit(db_.get()) == 0) static_cast<void>(Step(rollback_, "rolling back"));
}

Result<size_t> SqliteStore::PutBatch(std::span<const StoredObject> objects) {
  for (size_t i = 0; i < objects.size(); ++i) {
    ASHYQ_RETURN_IF_ERROR(Validate(objects[i], i, objects.size()));
  }
  if (objects.empty()) return size_t{0};

  ASHYQ_RETURN_IF_ERROR(Step(begin_, "starting a transaction"));
  const int64_t stored_at = UnixSeconds();
  size_t stored = 0;
  for (const StoredObject& object : objects) {
    Result<bool> inserted = Insert(object, stored_at);
    if (!inserted.ok()) {
      RollBack();
      return inserted.error();
    }
    if (*inserted) ++stored;
  }
  Status committed = Step(commit_, "committing " + std::to_string(objects.size()) + " objects");
  if (!committed.ok()) {
    RollBack();
    return committed.error();
  }
  return stored;
}

// The log is the objects table in rowid order. Without AUTOINCREMENT SQLite gives each new row
// MAX(rowid) + 1, and rows are never deleted (the triggers), so a store written only through
// this code numbers its rows 1, 2, 3, ... in the order they were stored: leaf i is rowid i + 1.
// A rolled-back batch leaves no hole (its rowids are given out again). A hole could come only
// from a hand-made row or a deleted one; the reads below check for it rather than trust it.
Result<uint64_t> SqliteStore::LogSize() {
  ASHYQ_RETURN_IF_ERROR(Step(begin_read_, "starting to read the log"));
  Result<uint64_t> size = ReadLogSize();
  RollBack();  // ends the read transaction; nothing was written
  return size;
}

Result<std::vector<StoredObject>> SqliteStore::LogRange(uint64_t first, uint64_t count) {
  ASHYQ_RETURN_IF_ERROR(Step(begin_read_, "starting to read the log"));
  Result<std::vector<StoredObject>> objects = ReadLogRange(first, count);
  RollBack();
  return objects;
}

Result<uint64_t> SqliteStore::ReadLogSize() {
  ASHYQ_ASSIGN_OR_RETURN(int64_t last, QueryInt(log_max_, "reading the size of the log"));
  ASHYQ_ASSIGN_OR_RETURN(int64_t count, QueryInt(log_count_, "counting the log"));
  if (last != count) {
    return CheckFailed(path_ + ": objects", std::string(kIntegrityRule),
                       "the log has " + std::to_string(count) + " objects but its last is row " +
                           std::to_string(last) +
                           "; rows were added or removed outside Ashyq and leaf positions are "
                           "no longer certain");
  }
  return static_cast<uint64_t>(count);
}

Result<std::vector<StoredObject>> SqliteStore::ReadLogRange(uint64_t first, uint64_t count) {
  constexpr uint64_t kMaxRow = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (count == 0 || first >= kMaxRow) return std::vector<StoredObject>();
  const uint64_t end = count > kMaxRow - first ? kMaxRow : first + count;  // rowids (first, end]
  std::vector<StoredObject> objects;
  {
    StatementUse use(log_range_);
    ASHYQ_RETURN_IF_ERROR(BindInt(use.get(), 1, static_cast<int64_t>(first)));
    ASHYQ_RETURN_IF_ERROR(BindInt(use.get(), 2, static_cast<int64_t>(end)));
    int rc;
    while ((rc = sqlite3_step(use.get())) == SQLITE_ROW) {
      const uint64_t expected = first + objects.size() + 1;
      const int64_t rowid = sqlite3_column_int64(use.get(), 0);
      if (static_cast<uint64_t>(rowid) != expected) {
        return CheckFailed(path_ + ": objects row " + std::to_string(expected),
                           std::string(kIntegrityRule),
                           "log leaf " + std::to_string(expected - 1) +
                               " is missing (the next row is " + std::to_string(rowid) +
                               "); rows were removed or added outside Ashyq");
      }
      ASHYQ_ASSIGN_OR_RETURN(StoredObject object, ReadRow(use.get()));
      objects.push_back(std::move(object));
    }
    if (rc != SQLITE_DONE) return SqlError("reading the log from leaf " + std::to_string(first));
  }
  if (objects.size() < end - first) {
    // Fewer rows than asked for: only right if the log ends here.
    ASHYQ_ASSIGN_OR_RETURN(int64_t last, QueryInt(log_max_, "reading the size of the log"));
    const uint64_t reached = first + objects.size();
    if (static_cast<uint64_t>(last) > reached) {
      return CheckFailed(path_ + ": objects row " + std::to_string(reached + 1),
                         std::string(kIntegrityRule),
                         "log leaf " + std::to_string(reached) + " is missing but the log goes on "
                         "to row " + std::to_string(last) +
                             "; rows were removed or added outside Ashyq");
    }
  }
  return objects;
}

Result<std::optional<uint64_t>> SqliteStore::LogIndexOf(const Digest& digest) {
  StatementUse use(log_index_);
  ASHYQ_RETURN_IF_ERROR(BindDigest(use.get(), 1, digest));
  const int rc = sqlite3_step(use.get());
  if (rc == SQLITE_DONE) return std::optional<uint64_t>();
  if (rc != SQLITE_ROW) return SqlError("finding object " + digest.Hex() + " in the log");
  const int64_t rowid = sqlite3_column_int64(use.get(), 0);
  if (rowid < 1) {
    return CheckFailed(path_ + ": object " + digest.Hex(), std::string(kIntegrityRule),
                       "stored as row " + std::to_string(rowid) +
                           ", which no log position matches; the row was added outside Ashyq");
  }
  return std::optional<uint64_t>(static_cast<uint64_t>(rowid - 1));
}

Status SqliteStore::PutTreeHead(uint64_t size, const std::string& envelope) {
  const std::string where = path_ + ": tree head " + std::to_string(size);
  if (size > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return BadInput(where, "tree size is too large to store");
  }
  if (envelope.empty()) return BadInput(where, "envelope is empty; nothing was stored");
  ASHYQ_RETURN_IF_ERROR(Step(begin_, "starting a transaction"));
  auto store = [&]() -> Status {
    {
      StatementUse use(insert_tree_head_);
      ASHYQ_RETURN_IF_ERROR(BindInt(use.get(), 1, static_cast<int64_t>(size)));
      ASHYQ_RETURN_IF_ERROR(BindBlob(use.get(), 2, envelope));
      ASHYQ_RETURN_IF_ERROR(BindInt(use.get(), 3, UnixSeconds()));
      const int rc = sqlite3_step(use.get());
      if (rc == SQLITE_DONE) return Status();
      if ((rc & 0xff) != SQLITE_CONSTRAINT) return SqlError("storing the tree head of " + where);
    }
    // A head of this size is stored: the same one again is a no-op, another is a fork.
    StatementUse use(get_tree_head_);
    ASHYQ_RETURN_IF_ERROR(BindInt(use.get(), 1, static_cast<int64_t>(size)));
    const int rc = sqlite3_step(use.get());
    if (rc == SQLITE_DONE) {
      return Error{ErrorCode::kInternal, where, "",
                   "the tree head was refused by a constraint but no head of this size is stored"};
    }
    if (rc != SQLITE_ROW) {
      return SqlError("reading the stored tree head of size " + std::to_string(size));
    }
    const auto* stored = static_cast<const char*>(sqlite3_column_blob(use.get(), 0));
    const std::string_view stored_envelope(
        stored != nullptr ? stored : "", static_cast<size_t>(sqlite3_column_bytes(use.get(), 0)));
    if (stored_envelope == envelope) return Status();
    return internal::TreeHeadFork(where, size, stored_envelope, envelope);
  };
  Status stored = store();
  if (stored.ok()) {
    stored = Step(commit_, "committing the tree head of size " + std::to_string(size));
  }
  if (!stored.ok()) {
    RollBack();
    return stored;
  }
  return Status();
}

Result<std::vector<std::pair<uint64_t, std::string>>> SqliteStore::TreeHeadsFrom(uint64_t first_size) {
  StatementUse use(tree_heads_);
  ASHYQ_RETURN_IF_ERROR(BindInt(use.get(), 1, static_cast<int64_t>(std::min<uint64_t>(
                                                  first_size, std::numeric_limits<int64_t>::max()))));
  std::vector<std::pair<uint64_t, std::string>> heads;
  int rc;
  while ((rc = sqlite3_step(use.get())) == SQLITE_ROW) {
    const int64_t size = sqlite3_column_int64(use.get(), 0);
    const int type = sqlite3_column_type(use.get(), 1);
    const void* envelope = sqlite3_column_blob(use.get(), 1);
    const int envelope_size = sqlite3_column_bytes(use.get(), 1);
    if (size < 0 || (type != SQLITE_BLOB && type != SQLITE_TEXT) || envelope == nullptr ||
        envelope_size <= 0) {
      return CheckFailed(path_ + ": tree head " + std::to_string(size),
                         std::string(kIntegrityRule),
                         "the row is not a size and an envelope; it was altered outside Ashyq");
    }
    heads.emplace_back(static_cast<uint64_t>(size),
                       std::string(static_cast<const char*>(envelope),
                                   static_cast<size_t>(envelope_size)));
  }
  if (rc != SQLITE_DONE) return SqlError("reading the tree heads");
  return heads;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  return SqliteStore::Open(path);
}

}  // namespace ashyq::store
