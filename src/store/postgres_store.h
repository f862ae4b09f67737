// The shared Store: a PostgreSQL database (15 or newer) reached with libpq, which several
// server processes may use at once (docs/formats.md "Store"; docs/decisions/0011).
//
// Its tables live in their own schema, `ashyq`, beside whatever else the database holds:
// objects (each stored object with its log position, `leaf`), tree_heads and schema_version.
// Kind and subject are text COLLATE "C", so subjects sort by their UTF-8 bytes whatever the
// database's locale; digests and envelopes are bytea, passed as binary parameters.
//
// The public log is the objects table ordered by leaf. Appending takes a transaction-level
// advisory lock, so appending transactions commit one after another and each numbers its
// objects from the last committed leaf + 1: leaves are dense, and a reader never sees leaf
// i + 1 without leaf i, however many processes append.
//
// Durability: the store refuses a server running with fsync = off, and makes sure
// synchronous_commit is not off for its own session, so a COMMIT returns only once its
// write-ahead log is flushed. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE of the
// tables for every client; a hand-made row is caught by the log reads and
// VerifyStoreIntegrity, as in SQLite.
//
// A lost connection is re-established at the next call (the call that found it lost fails,
// and a batch whose COMMIT was cut off may or may not be stored: Put it again, it is
// idempotent).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace ashyq::store {

// 1: schema ashyq with objects, tree_heads, schema_version and the append-only triggers.
inline constexpr int64_t kPostgresSchemaVersion = 1;

// True for a location that names a PostgreSQL database: "postgresql://..." or "postgres://...".
bool IsPostgresUrl(std::string_view location);

// The URL as shown in messages and by Store::location(): postgresql://user@host:port/dbname,
// never a password (nor any other parameter). kBadInput if libpq cannot parse it.
Result<std::string> PostgresDisplayName(const std::string& url);

// Connects to the database at `url` (a libpq connection URI: postgresql://user@host:port/db,
// with ?sslmode=... and friends; a password comes best from ~/.pgpass or PGPASSWORD), creating
// the ashyq schema if it is missing. kBadInput if the URL is malformed, if the database's
// `ashyq` schema is not an Ashyq store or is of a newer schema version, or if the server cannot
// keep the store's promises (fsync off, an encoding other than UTF8); kIo if the server cannot
// be reached or refuses us.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

}  // namespace ashyq::store
