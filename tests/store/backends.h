// The store backends the storage tests run on, and a fresh, empty store location for each test:
// an SQLite file in a new temporary directory, or a new database in the test PostgreSQL cluster.
//
// The PostgreSQL cluster is the one ctest starts (scripts/pg_cluster.sh, the fixture
// "pg_cluster" in tests/CMakeLists.txt), found through ASHYQ_TEST_PG_URL_FILE; or any server
// named by ASHYQ_TEST_PG_URL (a URL to its maintenance database, whose user may create
// databases). Without either, the PostgreSQL cases fail, saying so: they are never skipped.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/result.h"

namespace ashyq::store {

enum class Backend { kSqlite, kPostgres };

inline const char* BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

// For INSTANTIATE_TEST_SUITE_P: ".../sqlite", ".../postgres".
struct BackendParamName {
  std::string operator()(const ::testing::TestParamInfo<Backend>& info) const {
    return BackendName(info.param);
  }
};

// The URL of the test cluster's maintenance database, or why there is none.
inline Result<std::string> TestClusterUrl() {
  if (const char* url = getenv("ASHYQ_TEST_PG_URL"); url != nullptr && *url != '\0') {
    return std::string(url);
  }
  const char* file = getenv("ASHYQ_TEST_PG_URL_FILE");
  if (file != nullptr && *file != '\0') {
    std::ifstream in(file);
    std::string url;
    if (in && std::getline(in, url) && !url.empty()) return url;
    return IoError(file,
                   "no PostgreSQL test cluster: the ctest fixture pg_cluster (scripts/pg_cluster.sh "
                   "start) did not write its URL here; see its output (is the Debian package "
                   "postgresql installed? scripts/deps.sh installs it)");
  }
  return BadInput("ASHYQ_TEST_PG_URL",
                  "the PostgreSQL cases need a server: run them through ctest, which starts a "
                  "throwaway cluster, or set ASHYQ_TEST_PG_URL=postgresql://... (e.g. the URL "
                  "printed by scripts/pg_cluster.sh start DIR)");
}

// `url` with its database replaced by `dbname` (which must need no quoting).
inline std::string WithDatabase(const std::string& url, const std::string& dbname) {
  const size_t authority = url.find("://") + 3;
  size_t slash = url.find('/', authority);
  const size_t query = url.find('?', authority);
  if (slash == std::string::npos || (query != std::string::npos && query < slash)) slash = query;
  const std::string head = slash == std::string::npos ? url : url.substr(0, slash);
  const std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + dbname + tail;
}

// Runs one statement on the database at `url`; "" or the error.
inline std::string ExecOn(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

// A store location of its own for one test, removed afterwards.
class TestStoreLocation {
 public:
  TestStoreLocation() = default;
  ~TestStoreLocation() { Remove(); }
  TestStoreLocation(const TestStoreLocation&) = delete;
  TestStoreLocation& operator=(const TestStoreLocation&) = delete;

  // Makes the location; a failure names its cause.
  Status Create(Backend backend) {
    backend_ = backend;
    if (backend == Backend::kSqlite) {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "ashyq-store-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) return IoError(pattern, "mkdtemp failed");
      dir_ = pattern;
      location_ = dir_ + "/store.db";
      return Status();
    }
    ASHYQ_ASSIGN_OR_RETURN(admin_url_, TestClusterUrl());
    static std::atomic<int> counter{0};
    database_ = "ashyq_t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed());
    const std::string error =
        ExecOn(admin_url_, "CREATE DATABASE " + database_ + " ENCODING 'UTF8' TEMPLATE template0");
    if (!error.empty()) {
      database_.clear();
      return IoError(admin_url_, "cannot create a test database: " + error);
    }
    location_ = WithDatabase(admin_url_, database_);
    return Status();
  }

  void Remove() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    dir_.clear();
    if (!database_.empty()) {
      ExecOn(admin_url_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    }
    database_.clear();
  }

  Backend backend() const { return backend_; }
  const std::string& location() const { return location_; }  // a path or a URL
  const std::string& dir() const { return dir_; }             // SQLite only

 private:
  Backend backend_ = Backend::kSqlite;
  std::string location_;
  std::string dir_;
  std::string admin_url_;
  std::string database_;
};

}  // namespace ashyq::store
