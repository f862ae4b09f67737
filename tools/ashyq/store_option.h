// --db, on every command that reads or writes an election's store: an SQLite file (the default,
// ELECTION_DIR/election.db) or a PostgreSQL database (postgresql://user@host:port/dbname).
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "core/result.h"
#include "store/store.h"

namespace ashyq::cli {

// Adds --db to `app`, stored in `*db` (empty: the election directory's own file).
void AddDbOption(CLI::App* app, std::string* db);

// Where the store is: `db` if given, else ELECTION_DIR/election.db.
std::string StoreLocation(const std::string& db, const std::string& election_dir);

// kNotFound if the store is an SQLite file that does not exist: nothing has been counted.
Status CheckStoreExists(const std::string& db, const std::string& election_dir);

// Opens the store of an election that has been counted: kNotFound, opening nothing, if the
// store is an SQLite file that does not exist (so that a typo creates no empty store).
Result<std::unique_ptr<store::Store>> OpenCountedStore(const std::string& db,
                                                       const std::string& election_dir);

}  // namespace ashyq::cli
