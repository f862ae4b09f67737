#include "store_option.h"

#include <sys/stat.h>

#include "sim/election_directory.h"
#include "store/postgres_store.h"

namespace ashyq::cli {

void AddDbOption(CLI::App* app, std::string* db) {
  app->add_option("--db", *db,
                  "The store: an SQLite file (default: ELECTION_DIR/election.db), or a PostgreSQL\n"
                  "database, postgresql://user@host:port/dbname (password from ~/.pgpass or PGPASSWORD)");
}

std::string StoreLocation(const std::string& db, const std::string& election_dir) {
  return db.empty() ? election_dir + "/" + sim::kStoreFileName : db;
}

Status CheckStoreExists(const std::string& db, const std::string& election_dir) {
  const std::string location = StoreLocation(db, election_dir);
  struct stat st;
  if (!store::IsPostgresUrl(location) && ::stat(location.c_str(), &st) != 0) {
    return Error{ErrorCode::kNotFound, location, "",
                 db.empty() ? "no store in this election directory: nothing has been counted yet"
                            : "no store here: nothing has been counted yet"};
  }
  return Status();
}

Result<std::unique_ptr<store::Store>> OpenCountedStore(const std::string& db,
                                                       const std::string& election_dir) {
  ASHYQ_RETURN_IF_ERROR(CheckStoreExists(db, election_dir));
  return store::OpenStore(StoreLocation(db, election_dir));
}

}  // namespace ashyq::cli
