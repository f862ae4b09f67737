#include "store/postgres_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <cstring>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/json.h"
#include "store/internal/rows.h"

namespace ashyq::store {

namespace {

using internal::Describe;
using internal::kIntegrityRule;

// Type OIDs of the parameters we send (pg_type.dat; stable across PostgreSQL versions).
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kByteaOid = 17;

// Serialises schema creation across processes (pg_advisory_xact_lock's key space is per
// database). Appends lock on the objects table's own oid instead (see kStatements).
constexpr int64_t kSchemaLockKey = 0x4153485951'0001;  // "ASHYQ", 1

// How many rows ForEach fetches at a time from its cursor.
constexpr int kScanBatch = 256;

// Migration 1: the whole schema. UPDATE, DELETE and TRUNCATE are refused by triggers for
// every client; INSERT ... ON CONFLICT DO UPDATE fires the UPDATE trigger and is refused too.
constexpr const char* kSchemaSql = R"sql(
CREATE SCHEMA ashyq;
CREATE TABLE ashyq.schema_version (
  version bigint PRIMARY KEY,
  applied_at bigint NOT NULL
);
CREATE TABLE ashyq.objects (
  leaf bigint PRIMARY KEY CHECK (leaf >= 0),
  digest bytea NOT NULL UNIQUE CHECK (octet_length(digest) = 32),
  kind text COLLATE "C" NOT NULL CHECK (kind <> ''),
  subject text COLLATE "C" NOT NULL CHECK (subject <> ''),
  version bigint NOT NULL CHECK (version >= 1),
  envelope bytea NOT NULL CHECK (octet_length(envelope) > 0),
  stored_at bigint NOT NULL,
  CONSTRAINT objects_by_version UNIQUE (kind, subject, version)
);
CREATE TABLE ashyq.tree_heads (
  size bigint PRIMARY KEY CHECK (size >= 0),
  envelope bytea NOT NULL CHECK (octet_length(envelope) > 0),
  stored_at bigint NOT NULL
);
CREATE FUNCTION ashyq.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'ashyq store is append-only: a row of % is never updated', TG_TABLE_NAME;
  END IF;
  RAISE EXCEPTION 'ashyq store is append-only: a row of % is never deleted', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER objects_append_only BEFORE UPDATE OR DELETE ON ashyq.objects
  FOR EACH ROW EXECUTE FUNCTION ashyq.refuse_rewrite();
CREATE TRIGGER objects_no_truncate BEFORE TRUNCATE ON ashyq.objects
  FOR EACH STATEMENT EXECUTE FUNCTION ashyq.refuse_rewrite();
CREATE TRIGGER tree_heads_append_only BEFORE UPDATE OR DELETE ON ashyq.tree_heads
  FOR EACH ROW EXECUTE FUNCTION ashyq.refuse_rewrite();
CREATE TRIGGER tree_heads_no_truncate BEFORE TRUNCATE ON ashyq.tree_heads
  FOR EACH STATEMENT EXECUTE FUNCTION ashyq.refuse_rewrite();
CREATE TRIGGER schema_version_append_only BEFORE UPDATE OR DELETE ON ashyq.schema_version
  FOR EACH ROW EXECUTE FUNCTION ashyq.refuse_rewrite();
CREATE TRIGGER schema_version_no_truncate BEFORE TRUNCATE ON ashyq.schema_version
  FOR EACH STATEMENT EXECUTE FUNCTION ashyq.refuse_rewrite();
)sql";

struct Migration {
  int64_t version;
  const char* sql;
};
constexpr Migration kMigrations[] = {{1, kSchemaSql}};
static_assert(std::size(kMigrations) == kPostgresSchemaVersion);

// The prepared statements, by index into kStatements.
enum StatementId : size_t {
  kLockLog,
  kInsert,
  kGet,
  kFindVersion,
  kVersions,
  kLatest,
  kLatestInRange,
  kCount,
  kLogSize,
  kLogEnd,
  kLogRange,
  kLogIndex,
  kVersionsOf,
  kLogIndices,
  kInsertTreeHead,
  kGetTreeHead,
  kTreeHeads,
  kStatementCount,
};

struct StatementSpec {
  const char* name;
  const char* sql;
  std::array<Oid, 6> types;  // of $1, $2, ... (0 past the last)
  int params;
};

#define ASHYQ_PG_COLUMNS "leaf, digest, kind, subject, version, envelope"
constexpr StatementSpec kStatements[kStatementCount] = {
    // Held to COMMIT: appending transactions run one at a time, so each numbers its leaves
    // from what the previous one committed (docs/decisions/0011).
    {"ashyq_lock_log", "SELECT pg_advisory_xact_lock('ashyq.objects'::regclass::oid::bigint)",
     {}, 0},
    // The next leaf is computed by the statement itself, which sees this transaction's earlier
    // inserts; a collision (same digest, or same kind/subject/version) inserts nothing.
    {"ashyq_insert",
     "INSERT INTO ashyq.objects (leaf, digest, kind, subject, version, envelope, stored_at) "
     "SELECT COALESCE(MAX(leaf) + 1, 0), $1, $2, $3, $4, $5, $6 FROM ashyq.objects "
     "ON CONFLICT DO NOTHING RETURNING leaf",
     {kByteaOid, kTextOid, kTextOid, kInt8Oid, kByteaOid, kInt8Oid}, 6},
    {"ashyq_get", "SELECT " ASHYQ_PG_COLUMNS " FROM ashyq.objects WHERE digest = $1",
     {kByteaOid}, 1},
    {"ashyq_find_version",
     "SELECT " ASHYQ_PG_COLUMNS " FROM ashyq.objects "
     "WHERE kind = $1 AND subject = $2 AND version = $3",
     {kTextOid, kTextOid, kInt8Oid}, 3},
    {"ashyq_versions",
     "SELECT " ASHYQ_PG_COLUMNS " FROM ashyq.objects "
     "WHERE kind = $1 AND subject = $2 ORDER BY version",
     {kTextOid, kTextOid}, 2},
    // subject is COLLATE "C": byte order, whatever the database's locale.
    {"ashyq_latest",
     "SELECT DISTINCT ON (subject) " ASHYQ_PG_COLUMNS " FROM ashyq.objects "
     "WHERE kind = $1 ORDER BY subject, version DESC",
     {kTextOid}, 1},
    {"ashyq_latest_in_range",
     "SELECT DISTINCT ON (subject) " ASHYQ_PG_COLUMNS " FROM ashyq.objects "
     "WHERE kind = $1 AND subject >= $2 AND subject < $3 ORDER BY subject, version DESC",
     {kTextOid, kTextOid, kTextOid}, 3},
    {"ashyq_count", "SELECT COUNT(*) FROM ashyq.objects WHERE kind = $1", {kTextOid}, 1},
    // One statement, one snapshot: the count and the end of the log agree unless rows were
    // added or removed outside Ashyq.
    {"ashyq_log_size", "SELECT COUNT(*), COALESCE(MAX(leaf) + 1, 0) FROM ashyq.objects", {}, 0},
    {"ashyq_log_end", "SELECT COALESCE(MAX(leaf) + 1, 0) FROM ashyq.objects", {}, 0},
    {"ashyq_log_range",
     "SELECT " ASHYQ_PG_COLUMNS " FROM ashyq.objects "
     "WHERE leaf >= $1 AND leaf < $2 ORDER BY leaf",
     {kInt8Oid, kInt8Oid}, 2},
    {"ashyq_log_index", "SELECT leaf FROM ashyq.objects WHERE digest = $1", {kByteaOid}, 1},
    // $2: the subjects as a JSON array of strings (jsonb escapes them; no separator to clash).
    {"ashyq_versions_of",
     "SELECT " ASHYQ_PG_COLUMNS " FROM ashyq.objects WHERE kind = $1 AND subject IN "
     "(SELECT value COLLATE \"C\" FROM jsonb_array_elements_text($2::jsonb)) ORDER BY subject, version",
     {kTextOid, kTextOid}, 2},
    // $1: the digests, 32 bytes each, one after the other.
    {"ashyq_log_indices",
     "SELECT leaf, digest FROM ashyq.objects WHERE digest IN "
     "(SELECT substring($1 FROM i * 32 + 1 FOR 32) FROM generate_series(0, length($1) / 32 - 1) AS i)",
     {kByteaOid}, 1},
    {"ashyq_insert_tree_head",
     "INSERT INTO ashyq.tree_heads (size, envelope, stored_at) VALUES ($1, $2, $3) "
     "ON CONFLICT DO NOTHING RETURNING size",
     {kInt8Oid, kByteaOid, kInt8Oid}, 3},
    {"ashyq_get_tree_head", "SELECT envelope FROM ashyq.tree_heads WHERE size = $1",
     {kInt8Oid}, 1},
    {"ashyq_tree_heads",
     "SELECT size, envelope FROM ashyq.tree_heads WHERE size >= $1 ORDER BY size",
     {kInt8Oid}, 1},
};
#undef ASHYQ_PG_COLUMNS

struct ConnectionCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultCloser {
  void operator()(PGresult* result) const { PQclear(result); }
};
struct OptionsCloser {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The parameters of one statement, all sent in binary: bytes as they are, integers as 8
// big-endian bytes. Views must outlive the Params.
class Params {
 public:
  Params& Bytes(std::string_view bytes) {
    if (bytes.size() > static_cast<size_t>(INT_MAX)) too_large_ = true;
    values_[count_] = bytes.data();
    lengths_[count_] = static_cast<int>(bytes.size() > static_cast<size_t>(INT_MAX) ? 0 : bytes.size());
    ++count_;
    return *this;
  }
  Params& Digest(const ashyq::Digest& digest) {
    return Bytes(std::string_view(reinterpret_cast<const char*>(digest.bytes.data()),
                                  ashyq::Digest::kSize));
  }
  Params& Int(int64_t value) {
    std::array<char, 8>& out = ints_[count_];
    const uint64_t bits = static_cast<uint64_t>(value);
    for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<char>(bits >> (56 - 8 * i));
    return Bytes(std::string_view(out.data(), out.size()));
  }

  int count() const { return count_; }
  bool too_large() const { return too_large_; }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return kBinary.data(); }

 private:
  static constexpr size_t kMax = 6;
  static constexpr std::array<int, kMax> kBinary = {1, 1, 1, 1, 1, 1};
  std::array<const char*, kMax> values_{};
  std::array<int, kMax> lengths_{};
  std::array<std::array<char, 8>, kMax> ints_{};
  int count_ = 0;
  bool too_large_ = false;
};

// Percent-encodes what would end the host part of a URL.
std::string UrlHost(const std::string& host) {
  if (host.find(':') != std::string::npos && host.find('/') == std::string::npos) {
    return "[" + host + "]";  // IPv6
  }
  std::string out;
  for (char c : host) {
    if (c == '/' || c == '@' || c == '%' || c == '?' || c == '#' || c == ':') {
      static constexpr char kDigits[] = "0123456789ABCDEF";
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kDigits[byte >> 4];
      out += kDigits[byte & 15];
    } else {
      out += c;
    }
  }
  return out;
}

class PostgresStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& url);

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
  Result<std::map<std::string, std::vector<StoredObject>, std::less<>>> VersionsOf(
      std::string_view kind, std::span<const std::string> subjects) override;
  Result<std::vector<std::optional<uint64_t>>> LogIndicesOf(std::span<const Digest> digests) override;
  Status PutTreeHead(uint64_t size, const std::string& envelope) override;
  Result<std::vector<std::pair<uint64_t, std::string>>> TreeHeadsFrom(uint64_t first_size) override;
  const std::string& location() const override { return location_; }

 private:
  PostgresStore(std::string url, std::string location)
      : url_(std::move(url)), location_(std::move(location)) {}

  Status Connect();            // a new session: settings checked, schema, statements
  Status EnsureConnected();    // reconnects a session the server or network dropped
  Status CheckServer();        // refuses settings that would break the store's promises
  Status Migrate();            // creates or upgrades the schema, under kSchemaLockKey
  Result<int64_t> SchemaVersion();  // 0: no ashyq schema; kBadInput if it is not ours
  Status PrepareStatements();

  Error PgError(std::string_view doing, const PGresult* result) const;
  Status Exec(const char* sql, std::string_view doing);
  Result<PgResult> Run(StatementId id, const Params& params, std::string_view doing);
  Result<PgResult> RunSql(const char* sql, const Params& params, std::string_view doing);
  void RollBack();

  Result<StoredObject> ReadRow(const PGresult* result, int row) const;
  Result<std::vector<StoredObject>> ReadAll(const PGresult* result) const;
  Result<int64_t> ReadInt(const PGresult* result, int row, int column) const;
  Result<std::optional<StoredObject>> FindVersion(const StoredObject& object);
  Result<bool> Insert(const StoredObject& object, int64_t stored_at);
  Result<std::vector<StoredObject>> ReadLogRange(uint64_t first, uint64_t count);
  Status StoreTreeHead(uint64_t size, const std::string& envelope, const std::string& where);

  std::string url_;       // as given, password and all: for libpq only, never shown
  std::string location_;  // PostgresDisplayName(url_)
  Connection conn_;
  bool scanning_ = false;
};

Error PostgresStore::PgError(std::string_view doing, const PGresult* result) const {
  std::string message =
      result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (message.empty()) message = "no message from the server";
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  Error error = IoError(location_, std::string(doing) + ": " + message);
  if (sqlstate == "54000" || sqlstate == "54001") error.code = ErrorCode::kTooLarge;
  // Text that is not valid UTF-8 (or cannot be held by the database's encoding).
  if (sqlstate == "22021" || sqlstate == "22P05") error.code = ErrorCode::kBadInput;
  return error;
}

Status PostgresStore::Exec(const char* sql, std::string_view doing) {
  PgResult result(PQexec(conn_.get(), sql));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return PgError(doing, result.get());
  return Status();
}

Result<PgResult> PostgresStore::Run(StatementId id, const Params& params, std::string_view doing) {
  if (params.too_large()) {
    return Error{ErrorCode::kTooLarge, location_, "", std::string(doing) + ": a value is over 2 GiB"};
  }
  PgResult result(PQexecPrepared(conn_.get(), kStatements[id].name, params.count(), params.values(),
                                 params.lengths(), params.formats(), /*resultFormat=*/1));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return PgError(doing, result.get());
  }
  return result;
}

Result<PgResult> PostgresStore::RunSql(const char* sql, const Params& params,
                                       std::string_view doing) {
  PgResult result(PQexecParams(conn_.get(), sql, params.count(), nullptr, params.values(),
                               params.lengths(), params.formats(), /*resultFormat=*/1));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return PgError(doing, result.get());
  }
  return result;
}

void PostgresStore::RollBack() {
  if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) {
    static_cast<void>(Exec("ROLLBACK", "rolling back"));
  }
}

Result<int64_t> PostgresStore::ReadInt(const PGresult* result, int row, int column) const {
  if (PQgetisnull(result, row, column) || PQgetlength(result, row, column) != 8) {
    return Error{ErrorCode::kInternal, location_, "",
                 "the server sent a bigint that is not 8 bytes"};
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(PQgetvalue(result, row, column));
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | bytes[i];
  return static_cast<int64_t>(value);
}

Result<StoredObject> PostgresStore::ReadRow(const PGresult* result, int row) const {
  ASHYQ_ASSIGN_OR_RETURN(int64_t leaf, ReadInt(result, row, 0));
  auto corrupt = [&](const std::string& what) -> Error {
    return CheckFailed(location_ + ": objects leaf " + std::to_string(leaf),
                       std::string(kIntegrityRule), what + "; the row was altered outside Ashyq");
  };
  for (int column = 1; column <= 5; ++column) {
    if (PQgetisnull(result, row, column)) return corrupt("a column is null");
  }
  auto bytes = [&](int column) {
    return std::string_view(PQgetvalue(result, row, column),
                            static_cast<size_t>(PQgetlength(result, row, column)));
  };
  StoredObject object;
  // The cheap check every read makes (the schema's CHECK says the same, unless dropped).
  const std::string_view digest = bytes(1);
  if (digest.size() != Digest::kSize) {
    return corrupt("the digest is " + std::to_string(digest.size()) + " bytes, not 32");
  }
  std::memcpy(object.digest.bytes.data(), digest.data(), Digest::kSize);
  object.kind = bytes(2);
  object.subject = bytes(3);
  ASHYQ_ASSIGN_OR_RETURN(object.version, ReadInt(result, row, 4));
  object.envelope = bytes(5);
  if (object.envelope.empty()) return corrupt("the envelope is empty");
  return object;
}

Result<std::vector<StoredObject>> PostgresStore::ReadAll(const PGresult* result) const {
  std::vector<StoredObject> objects;
  const int rows = PQntuples(result);
  objects.reserve(static_cast<size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    ASHYQ_ASSIGN_OR_RETURN(StoredObject object, ReadRow(result, row));
    objects.push_back(std::move(object));
  }
  return objects;
}

Status PostgresStore::CheckServer() {
  PgResult result(PQexec(conn_.get(),
                         "SELECT current_setting('server_encoding'), current_setting('fsync'), "
                         "current_setting('synchronous_commit')"));
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1) {
    return PgError("reading the server's settings", result.get());
  }
  const std::string encoding = PQgetvalue(result.get(), 0, 0);
  const std::string fsync = PQgetvalue(result.get(), 0, 1);
  const std::string synchronous_commit = PQgetvalue(result.get(), 0, 2);
  if (encoding != "UTF8") {
    return BadInput(location_, "the database's encoding is " + encoding +
                                   "; an Ashyq store needs UTF8 (CREATE DATABASE ... ENCODING "
                                   "'UTF8' TEMPLATE template0)");
  }
  if (fsync != "on") {
    return BadInput(location_,
                    "the server runs with fsync = " + fsync +
                        ": a commit would not be on stable storage when acknowledged; an "
                        "Ashyq store needs fsync = on");
  }
  // off would acknowledge a COMMIT before its WAL is flushed; local, on and the remote_*
  // levels all flush locally first.
  if (synchronous_commit == "off") {
    ASHYQ_RETURN_IF_ERROR(Exec("SET synchronous_commit = on", "setting synchronous_commit"));
  }
  if (PQsetClientEncoding(conn_.get(), "UTF8") != 0) {
    return PgError("setting the client encoding to UTF8", nullptr);
  }
  return Status();
}

Result<int64_t> PostgresStore::SchemaVersion() {
  PgResult result(PQexec(conn_.get(),
                         "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'ashyq'), "
                         "to_regclass('ashyq.schema_version') IS NOT NULL"));
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1) {
    return PgError("reading the schema", result.get());
  }
  const bool schema = std::strcmp(PQgetvalue(result.get(), 0, 0), "t") == 0;
  const bool versioned = std::strcmp(PQgetvalue(result.get(), 0, 1), "t") == 0;
  if (!schema) return int64_t{0};
  if (!versioned) {
    return BadInput(location_,
                    "the database has a schema named ashyq that is not an Ashyq store (no "
                    "ashyq.schema_version table); it was left untouched");
  }
  ASHYQ_ASSIGN_OR_RETURN(PgResult max, RunSql("SELECT MAX(version) FROM ashyq.schema_version",
                                              Params(), "reading the schema version"));
  if (PQntuples(max.get()) != 1 || PQgetisnull(max.get(), 0, 0)) {
    return BadInput(location_,
                    "not a usable Ashyq store: its schema_version table records no version");
  }
  ASHYQ_ASSIGN_OR_RETURN(int64_t version, ReadInt(max.get(), 0, 0));
  if (version > kPostgresSchemaVersion) {
    return BadInput(location_, "store schema version " + std::to_string(version) +
                                   " is newer than this build of Ashyq understands (" +
                                   std::to_string(kPostgresSchemaVersion) +
                                   "); open it with a newer ashyq");
  }
  if (version < 1) {
    return BadInput(location_,
                    "not a usable Ashyq store: schema version " + std::to_string(version));
  }
  return version;
}

Status PostgresStore::Migrate() {
  // Other processes may open the same database at this moment: decide under one lock.
  ASHYQ_RETURN_IF_ERROR(Exec("BEGIN", "starting to create the schema"));
  auto apply = [&]() -> Status {
    ASHYQ_RETURN_IF_ERROR(RunSql("SELECT pg_advisory_xact_lock($1)",
                                 Params().Int(kSchemaLockKey), "locking the schema")
                              .status());
    ASHYQ_ASSIGN_OR_RETURN(int64_t current, SchemaVersion());
    for (const Migration& migration : kMigrations) {
      if (migration.version <= current) continue;
      const std::string doing = "creating schema version " + std::to_string(migration.version);
      ASHYQ_RETURN_IF_ERROR(Exec(migration.sql, doing));
      ASHYQ_RETURN_IF_ERROR(
          RunSql("INSERT INTO ashyq.schema_version (version, applied_at) VALUES ($1, $2)",
                 Params().Int(migration.version).Int(UnixSeconds()), doing)
              .status());
    }
    return Exec("COMMIT", "committing the schema");
  };
  Status applied = apply();
  if (!applied.ok()) {
    RollBack();
    return applied;
  }
  ASHYQ_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());
  if (version != kPostgresSchemaVersion) {
    return Error{ErrorCode::kInternal, location_, "",
                 "schema version is " + std::to_string(version) + " after migrating, not " +
                     std::to_string(kPostgresSchemaVersion)};
  }
  return Status();
}

Status PostgresStore::PrepareStatements() {
  for (const StatementSpec& spec : kStatements) {
    PgResult result(PQprepare(conn_.get(), spec.name, spec.sql, spec.params, spec.types.data()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return PgError(std::string("preparing ") + spec.name, result.get());
    }
  }
  return Status();
}

Status PostgresStore::Connect() {
  conn_.reset(PQconnectdb(url_.c_str()));
  if (conn_ == nullptr) return IoError(location_, "cannot connect: out of memory");
  if (PQstatus(conn_.get()) != CONNECTION_OK) return PgError("cannot connect", nullptr);
  ASHYQ_RETURN_IF_ERROR(CheckServer());
  ASHYQ_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());
  if (version < kPostgresSchemaVersion) ASHYQ_RETURN_IF_ERROR(Migrate());
  return PrepareStatements();
}

Status PostgresStore::EnsureConnected() {
  if (PQstatus(conn_.get()) == CONNECTION_OK) return Status();
  scanning_ = false;
  return Connect();
}

Result<std::unique_ptr<Store>> PostgresStore::Open(const std::string& url) {
  ASHYQ_ASSIGN_OR_RETURN(std::string location, PostgresDisplayName(url));
  std::unique_ptr<PostgresStore> store(new PostgresStore(url, std::move(location)));
  ASHYQ_RETURN_IF_ERROR(store->Connect());
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::optional<StoredObject>> PostgresStore::Get(const Digest& digest) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(PgResult result,
                         Run(kGet, Params().Digest(digest), "reading object " + digest.Hex()));
  if (PQntuples(result.get()) == 0) return std::optional<StoredObject>();
  ASHYQ_ASSIGN_OR_RETURN(StoredObject object, ReadRow(result.get(), 0));
  return std::optional<StoredObject>(std::move(object));
}

Result<std::optional<StoredObject>> PostgresStore::FindVersion(const StoredObject& object) {
  ASHYQ_ASSIGN_OR_RETURN(
      PgResult result,
      Run(kFindVersion, Params().Bytes(object.kind).Bytes(object.subject).Int(object.version),
          "reading " + Describe(object)));
  if (PQntuples(result.get()) == 0) return std::optional<StoredObject>();
  ASHYQ_ASSIGN_OR_RETURN(StoredObject found, ReadRow(result.get(), 0));
  return std::optional<StoredObject>(std::move(found));
}

Result<std::vector<StoredObject>> PostgresStore::Versions(std::string_view kind,
                                                          std::string_view subject) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(PgResult result,
                         Run(kVersions, Params().Bytes(kind).Bytes(subject),
                             "reading the versions of " + std::string(subject)));
  return ReadAll(result.get());
}

Result<std::vector<StoredObject>> PostgresStore::Latest(std::string_view kind) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(
      PgResult result,
      Run(kLatest, Params().Bytes(kind), "reading the latest " + std::string(kind) + " objects"));
  return ReadAll(result.get());
}

Result<std::vector<StoredObject>> PostgresStore::LatestInRange(std::string_view kind,
                                                               std::string_view begin,
                                                               std::string_view end) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(
      PgResult result,
      Run(kLatestInRange, Params().Bytes(kind).Bytes(begin).Bytes(end),
          "reading the latest " + std::string(kind) + " objects of subjects " + std::string(begin) + "…"));
  return ReadAll(result.get());
}

Result<int64_t> PostgresStore::Count(std::string_view kind) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(PgResult result,
                         Run(kCount, Params().Bytes(kind), "counting " + std::string(kind)));
  return ReadInt(result.get(), 0, 0);
}

Status PostgresStore::ForEach(const std::function<Status(const StoredObject&)>& visit) {
  if (scanning_) {
    return Error{ErrorCode::kInternal, location_, "", "ForEach was called from inside ForEach"};
  }
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  // A cursor in one read-only snapshot streams the objects kScanBatch at a time.
  ASHYQ_RETURN_IF_ERROR(
      Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting to read every object"));
  scanning_ = true;
  auto scan = [&]() -> Status {
    ASHYQ_RETURN_IF_ERROR(Exec("DECLARE ashyq_scan NO SCROLL CURSOR FOR SELECT leaf, digest, "
                               "kind, subject, version, envelope FROM ashyq.objects "
                               "ORDER BY digest",
                               "reading every object"));
    const std::string fetch = "FETCH " + std::to_string(kScanBatch) + " FROM ashyq_scan";
    for (;;) {
      ASHYQ_ASSIGN_OR_RETURN(PgResult batch,
                             RunSql(fetch.c_str(), Params(), "reading every object"));
      const int rows = PQntuples(batch.get());
      for (int row = 0; row < rows; ++row) {
        ASHYQ_ASSIGN_OR_RETURN(StoredObject object, ReadRow(batch.get(), row));
        ASHYQ_RETURN_IF_ERROR(visit(object));
      }
      if (rows < kScanBatch) return Status();
    }
  };
  Status status = scan();
  scanning_ = false;
  RollBack();  // ends the read transaction and closes the cursor; nothing was written
  return status;
}

Result<bool> PostgresStore::Insert(const StoredObject& object, int64_t stored_at) {
  ASHYQ_ASSIGN_OR_RETURN(PgResult result,
                         Run(kInsert,
                             Params()
                                 .Digest(object.digest)
                                 .Bytes(object.kind)
                                 .Bytes(object.subject)
                                 .Int(object.version)
                                 .Bytes(object.envelope)
                                 .Int(stored_at),
                             "storing " + Describe(object)));
  if (PQntuples(result.get()) == 1) return true;
  // A collision, and nothing inserted: find out with what.
  ASHYQ_ASSIGN_OR_RETURN(PgResult same, Run(kGet, Params().Digest(object.digest),
                                            "reading object " + object.digest.Hex()));
  if (PQntuples(same.get()) == 1) {
    ASHYQ_ASSIGN_OR_RETURN(StoredObject stored, ReadRow(same.get(), 0));
    if (stored == object) return false;  // idempotent
    return internal::DigestConflict(location_, stored, object);
  }
  ASHYQ_ASSIGN_OR_RETURN(std::optional<StoredObject> same_version, FindVersion(object));
  if (same_version.has_value()) {
    return internal::VersionConflict(location_, *same_version, object);
  }
  return Error{ErrorCode::kInternal, location_, std::string(kIntegrityRule),
               "storing " + Describe(object) +
                   ": refused by a constraint, but neither its digest nor its version is stored "
                   "(was a leaf added outside Ashyq?)"};
}

Result<size_t> PostgresStore::PutBatch(std::span<const StoredObject> objects) {
  for (size_t i = 0; i < objects.size(); ++i) {
    ASHYQ_RETURN_IF_ERROR(internal::ValidateRow(location_, objects[i], i, objects.size()));
  }
  if (objects.empty()) return size_t{0};
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());

  ASHYQ_RETURN_IF_ERROR(Exec("BEGIN", "starting a transaction"));
  auto store = [&]() -> Result<size_t> {
    ASHYQ_RETURN_IF_ERROR(Run(kLockLog, Params(), "locking the log for appending").status());
    const int64_t stored_at = UnixSeconds();
    size_t stored = 0;
    for (const StoredObject& object : objects) {
      ASHYQ_ASSIGN_OR_RETURN(bool inserted, Insert(object, stored_at));
      if (inserted) ++stored;
    }
    // synchronous_commit is not off (CheckServer): COMMIT returns once the WAL is flushed.
    ASHYQ_RETURN_IF_ERROR(
        Exec("COMMIT", "committing " + std::to_string(objects.size()) + " objects"));
    return stored;
  };
  Result<size_t> stored = store();
  if (!stored.ok()) RollBack();
  return stored;
}

Result<uint64_t> PostgresStore::LogSize() {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(PgResult result, Run(kLogSize, Params(), "reading the size of the log"));
  ASHYQ_ASSIGN_OR_RETURN(int64_t count, ReadInt(result.get(), 0, 0));
  ASHYQ_ASSIGN_OR_RETURN(int64_t end, ReadInt(result.get(), 0, 1));
  if (end != count) {
    return CheckFailed(location_ + ": objects", std::string(kIntegrityRule),
                       "the log has " + std::to_string(count) + " objects but its last is leaf " +
                           std::to_string(end - 1) +
                           "; rows were added or removed outside Ashyq and leaf positions are "
                           "no longer certain");
  }
  return static_cast<uint64_t>(count);
}

Result<std::vector<StoredObject>> PostgresStore::LogRange(uint64_t first, uint64_t count) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  // One snapshot for the range and the end of the log it is checked against.
  ASHYQ_RETURN_IF_ERROR(
      Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting to read the log"));
  Result<std::vector<StoredObject>> objects = ReadLogRange(first, count);
  RollBack();
  return objects;
}

Result<std::vector<StoredObject>> PostgresStore::ReadLogRange(uint64_t first, uint64_t count) {
  constexpr uint64_t kMaxLeaf = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (count == 0 || first >= kMaxLeaf) return std::vector<StoredObject>();
  const uint64_t end = count > kMaxLeaf - first ? kMaxLeaf : first + count;  // [first, end)
  ASHYQ_ASSIGN_OR_RETURN(
      PgResult result,
      Run(kLogRange, Params().Int(static_cast<int64_t>(first)).Int(static_cast<int64_t>(end)),
          "reading the log from leaf " + std::to_string(first)));
  std::vector<StoredObject> objects;
  const int rows = PQntuples(result.get());
  for (int row = 0; row < rows; ++row) {
    const uint64_t expected = first + objects.size();
    ASHYQ_ASSIGN_OR_RETURN(int64_t leaf, ReadInt(result.get(), row, 0));
    if (static_cast<uint64_t>(leaf) != expected) {
      return CheckFailed(location_ + ": objects leaf " + std::to_string(expected),
                         std::string(kIntegrityRule),
                         "log leaf " + std::to_string(expected) + " is missing (the next is " +
                             std::to_string(leaf) + "); rows were removed or added outside Ashyq");
    }
    ASHYQ_ASSIGN_OR_RETURN(StoredObject object, ReadRow(result.get(), row));
    objects.push_back(std::move(object));
  }
  if (objects.size() < end - first) {
    // Fewer rows than asked for: only right if the log ends here.
    ASHYQ_ASSIGN_OR_RETURN(PgResult last, Run(kLogEnd, Params(), "reading the size of the log"));
    ASHYQ_ASSIGN_OR_RETURN(int64_t log_end, ReadInt(last.get(), 0, 0));
    const uint64_t reached = first + objects.size();
    if (static_cast<uint64_t>(log_end) > reached) {
      return CheckFailed(location_ + ": objects leaf " + std::to_string(reached),
                         std::string(kIntegrityRule),
                         "log leaf " + std::to_string(reached) +
                             " is missing but the log goes on to leaf " +
                             std::to_string(log_end - 1) +
                             "; rows were removed or added outside Ashyq");
    }
  }
  return objects;
}

Result<std::optional<uint64_t>> PostgresStore::LogIndexOf(const Digest& digest) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(PgResult result, Run(kLogIndex, Params().Digest(digest),
                                              "finding object " + digest.Hex() + " in the log"));
  if (PQntuples(result.get()) == 0) return std::optional<uint64_t>();
  ASHYQ_ASSIGN_OR_RETURN(int64_t leaf, ReadInt(result.get(), 0, 0));
  return std::optional<uint64_t>(static_cast<uint64_t>(leaf));  // CHECK (leaf >= 0)
}

Result<std::map<std::string, std::vector<StoredObject>, std::less<>>> PostgresStore::VersionsOf(
    std::string_view kind, std::span<const std::string> subjects) {
  std::map<std::string, std::vector<StoredObject>, std::less<>> out;
  if (subjects.empty()) return out;
  json::Value list = json::Value::Array();
  for (const std::string& subject : subjects) list.Push(json::Value(subject));
  const std::string listed = json::Canonicalize(list);
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(PgResult result, Run(kVersionsOf, Params().Bytes(kind).Bytes(listed),
                                              "reading the versions of " + std::to_string(subjects.size()) +
                                                  " subjects"));
  ASHYQ_ASSIGN_OR_RETURN(std::vector<StoredObject> rows, ReadAll(result.get()));
  for (StoredObject& row : rows) {
    std::vector<StoredObject>& versions = out[row.subject];
    versions.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<std::optional<uint64_t>>> PostgresStore::LogIndicesOf(std::span<const Digest> digests) {
  std::vector<std::optional<uint64_t>> out(digests.size());
  if (digests.empty()) return out;
  std::string packed;
  packed.reserve(digests.size() * Digest::kSize);
  for (const Digest& d : digests) packed.append(reinterpret_cast<const char*>(d.bytes.data()), Digest::kSize);
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_ASSIGN_OR_RETURN(PgResult result, Run(kLogIndices, Params().Bytes(packed),
                                              "finding " + std::to_string(digests.size()) + " objects in the log"));
  std::map<std::string_view, uint64_t> found;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    ASHYQ_ASSIGN_OR_RETURN(int64_t leaf, ReadInt(result.get(), row, 0));  // CHECK (leaf >= 0)
    found.emplace(std::string_view(PQgetvalue(result.get(), row, 1),
                                   static_cast<size_t>(PQgetlength(result.get(), row, 1))),
                  static_cast<uint64_t>(leaf));
  }
  for (size_t i = 0; i < digests.size(); ++i) {
    auto it = found.find(std::string_view(reinterpret_cast<const char*>(digests[i].bytes.data()), Digest::kSize));
    if (it != found.end()) out[i] = it->second;
  }
  return out;
}

Status PostgresStore::StoreTreeHead(uint64_t size, const std::string& envelope,
                                    const std::string& where) {
  ASHYQ_ASSIGN_OR_RETURN(PgResult inserted,
                         Run(kInsertTreeHead,
                             Params().Int(static_cast<int64_t>(size)).Bytes(envelope).Int(UnixSeconds()),
                             "storing the tree head of " + where));
  if (PQntuples(inserted.get()) == 1) return Status();
  // A head of this size is stored: the same one again is a no-op, another is a fork.
  ASHYQ_ASSIGN_OR_RETURN(PgResult stored,
                         Run(kGetTreeHead, Params().Int(static_cast<int64_t>(size)),
                             "reading the stored tree head of size " + std::to_string(size)));
  if (PQntuples(stored.get()) != 1 || PQgetisnull(stored.get(), 0, 0)) {
    return Error{ErrorCode::kInternal, where, "",
                 "the tree head was refused by a constraint but no head of this size is stored"};
  }
  const std::string_view stored_envelope(PQgetvalue(stored.get(), 0, 0),
                                         static_cast<size_t>(PQgetlength(stored.get(), 0, 0)));
  if (stored_envelope == envelope) return Status();
  return internal::TreeHeadFork(where, size, stored_envelope, envelope);
}

Status PostgresStore::PutTreeHead(uint64_t size, const std::string& envelope) {
  const std::string where = location_ + ": tree head " + std::to_string(size);
  if (size > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return BadInput(where, "tree size is too large to store");
  }
  if (envelope.empty()) return BadInput(where, "envelope is empty; nothing was stored");
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  ASHYQ_RETURN_IF_ERROR(Exec("BEGIN", "starting a transaction"));
  Status stored = StoreTreeHead(size, envelope, where);
  if (stored.ok()) {
    stored = Exec("COMMIT", "committing the tree head of size " + std::to_string(size));
  }
  if (!stored.ok()) {
    RollBack();
    return stored;
  }
  return Status();
}

Result<std::vector<std::pair<uint64_t, std::string>>> PostgresStore::TreeHeadsFrom(uint64_t first_size) {
  ASHYQ_RETURN_IF_ERROR(EnsureConnected());
  const auto from = static_cast<int64_t>(std::min<uint64_t>(first_size, std::numeric_limits<int64_t>::max()));
  ASHYQ_ASSIGN_OR_RETURN(PgResult result, Run(kTreeHeads, Params().Int(from), "reading the tree heads"));
  std::vector<std::pair<uint64_t, std::string>> heads;
  const int rows = PQntuples(result.get());
  for (int row = 0; row < rows; ++row) {
    ASHYQ_ASSIGN_OR_RETURN(int64_t size, ReadInt(result.get(), row, 0));
    if (size < 0 || PQgetisnull(result.get(), row, 1) || PQgetlength(result.get(), row, 1) <= 0) {
      return CheckFailed(location_ + ": tree head " + std::to_string(size),
                         std::string(kIntegrityRule),
                         "the row is not a size and an envelope; it was altered outside Ashyq");
    }
    heads.emplace_back(static_cast<uint64_t>(size),
                       std::string(PQgetvalue(result.get(), row, 1),
                                   static_cast<size_t>(PQgetlength(result.get(), row, 1))));
  }
  return heads;
}

}  // namespace

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::string> PostgresDisplayName(const std::string& url) {
  if (!IsPostgresUrl(url)) {
    return BadInput("postgresql://", "not a PostgreSQL URL (postgresql://user@host:port/dbname)");
  }
  char* message = nullptr;
  std::unique_ptr<PQconninfoOption, OptionsCloser> options(PQconninfoParse(url.c_str(), &message));
  if (options == nullptr) {
    // libpq's message may quote the URL, password and all: it is not repeated.
    PQfreemem(message);
    return BadInput("postgresql://",
                    "not a valid PostgreSQL URL (postgresql://[user[:password]@][host][:port]"
                    "[/dbname][?param=value&...])");
  }
  std::string user, host, port, dbname;
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string_view keyword = o->keyword;
    if (keyword == "user") user = o->val;
    if (keyword == "host" || (keyword == "hostaddr" && host.empty())) host = o->val;
    if (keyword == "port") port = o->val;
    if (keyword == "dbname") dbname = o->val;
  }
  std::string name = "postgresql://";
  if (!user.empty()) name += user + "@";
  name += UrlHost(host);
  if (!port.empty()) name += ":" + port;
  if (!dbname.empty()) name += "/" + dbname;
  return name;
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  return PostgresStore::Open(url);
}

}  // namespace ashyq::store
