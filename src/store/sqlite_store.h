// The embedded Store: one SQLite database file in WAL mode with synchronous=FULL, so that
// every committed batch is fsync'd to the write-ahead log before Put/PutBatch returns.
//
// Append-only twice over: the code contains no UPDATE or DELETE of stored objects, and the
// schema carries triggers that ABORT any UPDATE, DELETE or replacing INSERT on the tables, so
// even a hand-typed statement in an sqlite3 shell cannot rewrite history silently. (Someone
// who drops the triggers, or edits the file's bytes, is caught by VerifyStoreIntegrity.)
//
// The database records its schema version; a database written by a newer Ashyq, or an SQLite
// file that is not an Ashyq store, is refused without being modified.
//
// The public log (Store::LogSize and friends) is the objects table in rowid order: SQLite
// numbers appended rows 1, 2, 3, ..., so leaf i is rowid i + 1 and reading leaves is a rowid
// range, not a scan. Tree heads live in their own append-only table, tree_heads.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace ashyq::store {

// 1: objects. 2: tree_heads. Opening a store of an older schema upgrades it in place.
inline constexpr int64_t kSqliteSchemaVersion = 2;

// Opens the store at `path`, creating the file and its schema if missing (the parent directory
// must exist). kBadInput if the file is not an Ashyq store or is of a newer schema; kIo, with
// the path and SQLite's message, for anything else.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace ashyq::store
