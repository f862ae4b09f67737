// What only the PostgreSQL backend has: its URL and what is shown of it, its schema in a shared
// database, its triggers against any client, reconnection. (What every backend promises is
// tested on it by store_test.cc and log_test.cc.)
#include "store/postgres_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "backends.h"
#include "store/store.h"

namespace ashyq::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kProtocol = "ashyq/precinct-protocol/1";

// The first column of the first row, as text ("" if none or on error).
std::string QueryOn(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string text;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
      text = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return text;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  PostgresStoreTest() : keyring_(crypto::KeySeed{}) {}

  void SetUp() override {
    ASSERT_TRUE(crypto::Initialize().ok());
    Status created = place_.Create(Backend::kPostgres);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    url_ = place_.location();
  }

  std::unique_ptr<Store> Open() {
    Result<std::unique_ptr<Store>> store = OpenPostgresStore(url_);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  StoredObject Protocol(const std::string& station, int64_t version = 1) {
    json::Value payload = json::Value::Object();
    payload.Set("format", std::string(kProtocol));
    payload.Set("station", station);
    payload.Set("version", version);
    Result<crypto::SignedObject> object = crypto::SignedObject::Create(std::move(payload));
    EXPECT_TRUE(object.ok());
    EXPECT_TRUE(object->AddSignature(station + "/chair", keyring_.KeyFor(1)).ok());
    return ToStored(*object, station, version);
  }

  std::string Exec(const std::string& sql) { return ExecOn(url_, sql); }
  std::string Query(const std::string& sql) { return QueryOn(url_, sql); }

  crypto::SimulatedKeyring keyring_;
  TestStoreLocation place_;
  std::string url_;
};

TEST(PostgresUrlTest, WhatIsShownOfAUrlNeverHasItsPassword) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://localhost/ashyq"));
  EXPECT_TRUE(IsPostgresUrl("postgres://localhost/ashyq"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/ashyq/election.db"));
  EXPECT_FALSE(IsPostgresUrl("postgresql.db"));

  Result<std::string> shown = PostgresDisplayName(
      "postgresql://alice:s3cret@db.example.kz:5433/election?sslmode=require&password=other");
  ASSERT_TRUE(shown.ok()) << shown.error().ToString();
  EXPECT_EQ(*shown, "postgresql://alice@db.example.kz:5433/election");
  EXPECT_EQ(*PostgresDisplayName("postgres://[::1]:5432/e"), "postgresql://[::1]:5432/e");
  EXPECT_EQ(*PostgresDisplayName("postgresql:///e?host=/run/postgresql"),
            "postgresql://%2Frun%2Fpostgresql/e");

  // A URL libpq cannot parse is refused without being repeated.
  Result<std::unique_ptr<Store>> bad = OpenStore("postgresql://bob:s3cret@host/db?s3cret=1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(bad.error().message, HasSubstr("not a valid PostgreSQL URL"));
  EXPECT_THAT(bad.error().ToString(), Not(HasSubstr("s3cret")));
  // One it parses but cannot use (a port that is not a number) fails connecting, quietly too.
  Result<std::unique_ptr<Store>> unusable = OpenStore("postgresql://bob:s3cret@127.0.0.1:x/db");
  ASSERT_FALSE(unusable.ok());
  EXPECT_EQ(unusable.error().code, ErrorCode::kIo);
  EXPECT_THAT(unusable.error().ToString(), Not(HasSubstr("s3cret")));
}

TEST(PostgresUrlTest, AnUnreachableServerIsAnIoErrorNamingItWithoutThePassword) {
  // Port 1 on loopback: nothing listens there.
  Result<std::unique_ptr<Store>> store =
      OpenStore("postgres://carol:s3cret@127.0.0.1:1/election?connect_timeout=5");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_EQ(store.error().where, "postgresql://carol@127.0.0.1:1/election");
  EXPECT_THAT(store.error().message, HasSubstr("cannot connect"));
  EXPECT_THAT(store.error().ToString(), Not(HasSubstr("s3cret")));
}

TEST_F(PostgresStoreTest, ItsLocationIsTheUrlWithoutPassword) {
  // Trust authentication ignores the password: the store opens, and never shows it.
  const std::string with_password = "postgresql://ashyq:s3cret@" + url_.substr(url_.find('@') + 1);
  Result<std::unique_ptr<Store>> store = OpenStore(with_password);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ((*store)->location(), url_);
  EXPECT_THAT((*store)->location(), Not(HasSubstr("s3cret")));
}

TEST_F(PostgresStoreTest, ANewStoreHasItsSchemaRecordedAndSubjectsInByteOrder) {
  ASSERT_NE(Open(), nullptr);
  EXPECT_EQ(Query("SELECT MAX(version) FROM ashyq.schema_version"),
            std::to_string(kPostgresSchemaVersion));
  EXPECT_EQ(Query("SELECT string_agg(column_name || ' ' || collation_name, ', ' ORDER BY "
                  "column_name) FROM information_schema.columns WHERE table_schema = 'ashyq' "
                  "AND table_name = 'objects' AND collation_name IS NOT NULL"),
            "kind C, subject C");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
                  "('ashyq.objects'::regclass, 'ashyq.tree_heads'::regclass, "
                  "'ashyq.schema_version'::regclass)"),
            "6");
  // Opening again changes nothing.
  ASSERT_NE(Open(), nullptr);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM ashyq.schema_version"), "1");
}

TEST_F(PostgresStoreTest, StoresOpeningANewDatabaseAtOnceCreateTheSchemaOnce) {
  constexpr int kOpeners = 4;
  std::vector<std::string> errors(kOpeners);
  std::vector<std::thread> openers;
  for (int i = 0; i < kOpeners; ++i) {
    openers.emplace_back([this, i, &errors] {
      Result<std::unique_ptr<Store>> store = OpenPostgresStore(url_);
      if (!store.ok()) errors[static_cast<size_t>(i)] = store.error().ToString();
    });
  }
  for (std::thread& opener : openers) opener.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM ashyq.schema_version"), "1");
}

TEST_F(PostgresStoreTest, TriggersRefuseUpdateDeleteAndTruncateFromAnyClient) {
  const StoredObject object = Protocol("pec-0001");
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(*store->Put(object));
    ASSERT_TRUE(store->PutTreeHead(1, "head-1").ok());
  }
  EXPECT_THAT(Exec("UPDATE ashyq.objects SET subject = 'pec-0002'"), HasSubstr("never updated"));
  EXPECT_THAT(Exec("UPDATE ashyq.objects SET leaf = 7"), HasSubstr("append-only"));
  EXPECT_THAT(Exec("DELETE FROM ashyq.objects"), HasSubstr("never deleted"));
  EXPECT_THAT(Exec("TRUNCATE ashyq.objects"), HasSubstr("append-only"));
  EXPECT_THAT(Exec("INSERT INTO ashyq.objects SELECT * FROM ashyq.objects "
                   "ON CONFLICT (digest) DO UPDATE SET envelope = '\\x7b7d'"),
              HasSubstr("never updated"));
  EXPECT_THAT(Exec("UPDATE ashyq.tree_heads SET envelope = '\\x00'"), HasSubstr("never updated"));
  EXPECT_THAT(Exec("DELETE FROM ashyq.tree_heads"), HasSubstr("never deleted"));
  EXPECT_THAT(Exec("TRUNCATE ashyq.tree_heads"), HasSubstr("append-only"));
  EXPECT_THAT(Exec("DELETE FROM ashyq.schema_version"), HasSubstr("never deleted"));
  EXPECT_THAT(Exec("INSERT INTO ashyq.tree_heads VALUES (-1, '\\x7b7d', 0)"),
              HasSubstr("check constraint"));

  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(**store->Get(object.digest), object);
  EXPECT_EQ(*VerifyStoreIntegrity(*store), 1);
  EXPECT_EQ(store->TreeHeads()->size(), 1u);
}

TEST_F(PostgresStoreTest, ANewerSchemaIsRefused) {
  ASSERT_NE(Open(), nullptr);
  ASSERT_EQ(Exec("INSERT INTO ashyq.schema_version VALUES (" +
                 std::to_string(kPostgresSchemaVersion + 1) + ", 0)"),
            "");
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(url_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(store.error().where, url_);
  EXPECT_THAT(store.error().message,
              HasSubstr("schema version " + std::to_string(kPostgresSchemaVersion + 1) +
                        " is newer"));
}

TEST_F(PostgresStoreTest, AForeignAshyqSchemaIsRefusedAndLeftUntouched) {
  ASSERT_EQ(Exec("CREATE SCHEMA ashyq"), "");
  ASSERT_EQ(Exec("CREATE TABLE ashyq.ballots (id integer)"), "");
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(url_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(store.error().message, HasSubstr("not an Ashyq store"));
  EXPECT_EQ(Query("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'ashyq'"),
            "ballots");
}

TEST_F(PostgresStoreTest, AHandMadeHoleInTheLogIsFoundNotTrusted) {
  std::vector<StoredObject> objects;
  for (int i = 0; i < 4; ++i) objects.push_back(Protocol("pec-" + std::to_string(i)));
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(*store->PutBatch({objects.begin(), objects.begin() + 3}), 3u);
  }
  // Someone inserts a row far past the end (the triggers allow a new, distinct row).
  ASSERT_EQ(Exec("INSERT INTO ashyq.objects VALUES (100, '\\x" + objects[3].digest.Hex() +
                 "', 'ashyq/precinct-protocol/1', 'pec-3', 1, '\\x7b7d', 0)"),
            "");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  Result<uint64_t> size = store->LogSize();
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(size.error().rule, "R-E2.append-only");
  EXPECT_THAT(size.error().message, HasSubstr("4 objects but its last is leaf 100"));
  EXPECT_EQ(store->LogRange(0, 3)->size(), 3u);  // the untouched prefix still reads
  Result<std::vector<StoredObject>> across = store->LogRange(2, 5);
  ASSERT_FALSE(across.ok());
  EXPECT_THAT(across.error().message,
              HasSubstr("log leaf 3 is missing but the log goes on to leaf 100"));
  Result<std::vector<StoredObject>> past = store->LogRange(99, 5);  // leaf 99 is missing too
  ASSERT_FALSE(past.ok());
  EXPECT_THAT(past.error().message, HasSubstr("log leaf 99 is missing (the next is 100)"));
}

TEST_F(PostgresStoreTest, ADroppedConnectionIsReestablished) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const StoredObject first = Protocol("pec-0001");
  ASSERT_TRUE(*store->Put(first));
  // The server ends every session of this database but the one asking.
  ASSERT_EQ(Query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                  "current_database() AND pid <> pg_backend_pid()"),
            "1");
  // The call that finds the session gone may fail; the next one reconnects.
  const StoredObject second = Protocol("pec-0002");
  Result<bool> put = store->Put(second);
  if (!put.ok()) {
    EXPECT_EQ(put.error().code, ErrorCode::kIo);
    EXPECT_THAT(put.error().where, StartsWith("postgresql://"));
    put = store->Put(second);
  }
  ASSERT_TRUE(put.ok()) << put.error().ToString();
  EXPECT_EQ(*store->LogSize(), 2u);
  EXPECT_EQ(**store->LogIndexOf(second.digest), 1u);
}

}  // namespace
}  // namespace ashyq::store
