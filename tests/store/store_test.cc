// Every backend (StoreTest), and the SQLite file itself (SqliteStoreTest).
#include "store/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "backends.h"
#include "raw_sqlite.h"
#include "store/postgres_store.h"
#include "store/store.h"

namespace ashyq::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kProtocol = "ashyq/precinct-protocol/1";
constexpr std::string_view kDefinition = "ashyq/election-definition/1";

crypto::KeySeed Master() {
  crypto::KeySeed master;
  for (size_t i = 0; i < master.bytes.size(); ++i)
    master.bytes[i] = static_cast<uint8_t>(3 * i + 1);
  return master;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}


std::string HexBlob(const Digest& digest) { return "X'" + digest.Hex() + "'"; }

// A store of its own for each test, on the backend the test is for.
class StoreTestBase : public ::testing::Test {
 protected:
  explicit StoreTestBase(Backend backend) : backend_(backend), keyring_(Master()) {}

  void SetUp() override {
    ASSERT_TRUE(crypto::Initialize().ok());
    Status created = place_.Create(backend_);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    location_ = place_.location();
    path_ = location_;
    dir_ = place_.dir();
  }
  void TearDown() override { place_.Remove(); }

  std::unique_ptr<Store> Open() {
    Result<std::unique_ptr<Store>> store = OpenStore(location_);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // What Store::location() shows for location_.
  std::string Shown() const {
    return backend_ == Backend::kPostgres ? *PostgresDisplayName(location_) : location_;
  }

  // A signed protocol-like object; `valid` varies the content so digests differ.
  StoredObject Protocol(const std::string& station, int64_t version, int64_t valid = 1502,
                        std::string_view kind = kProtocol) {
    json::Value payload = json::Value::Object();
    payload.Set("format", std::string(kind));
    payload.Set("station", station);
    payload.Set("version", version);
    payload.Set("voters_on_list", 1843);
    payload.Set("ballots_valid", valid);
    Result<crypto::SignedObject> object = crypto::SignedObject::Create(std::move(payload));
    EXPECT_TRUE(object.ok());
    EXPECT_TRUE(object->AddSignature(station + "/chair", keyring_.KeyFor(1)).ok());
    return ToStored(*object, station, version);
  }

  Backend backend_;
  crypto::SimulatedKeyring keyring_;
  TestStoreLocation place_;
  std::string location_;  // a path or a URL
  std::string path_;      // SQLite: the file
  std::string dir_;       // SQLite: its temporary directory
};

// What every backend promises (store.h), on each of them.
class StoreTest : public StoreTestBase, public ::testing::WithParamInterface<Backend> {
 protected:
  StoreTest() : StoreTestBase(GetParam()) {}
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendParamName());

// The SQLite file itself: its format, its triggers, damage done to it by hand.
class SqliteStoreTest : public StoreTestBase {
 protected:
  SqliteStoreTest() : StoreTestBase(Backend::kSqlite) {}
};

TEST_F(SqliteStoreTest, ToStoredTakesKindDigestAndCanonicalEnvelope) {
  StoredObject object = Protocol("pec-0001", 1);
  EXPECT_EQ(object.kind, kProtocol);
  EXPECT_EQ(object.subject, "pec-0001");
  Result<json::Value> envelope = json::Parse(object.envelope);
  ASSERT_TRUE(envelope.ok());
  EXPECT_EQ(json::Canonicalize(*envelope), object.envelope);
  Result<crypto::SignedObject> reparsed = crypto::SignedObject::FromJson(*envelope);
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(reparsed->digest(), object.digest);
  EXPECT_TRUE(reparsed->VerifyAll().ok());
}

TEST_P(StoreTest, RoundTrip) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  StoredObject object = Protocol("pec-0001", 1);
  Result<bool> put = store->Put(object);
  ASSERT_TRUE(put.ok()) << put.error().ToString();
  EXPECT_TRUE(*put);

  Result<std::optional<StoredObject>> got = store->Get(object.digest);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, object);

  Result<std::optional<StoredObject>> missing = store->Get(Sha256("no such object"));
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  EXPECT_EQ(*store->Count(kProtocol), 1);
  EXPECT_EQ(*store->Count(kDefinition), 0);
  EXPECT_EQ(store->location(), Shown());
}

TEST_F(SqliteStoreTest, ANewStoreIsInWalModeWithItsSchemaRecorded) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
  }
  RawConnection raw(path_);
  EXPECT_EQ(raw.Query("PRAGMA journal_mode"), "wal");  // persistent, unlike synchronous
  EXPECT_EQ(raw.Query("PRAGMA page_size"), "8192");
  EXPECT_EQ(raw.Query("SELECT MAX(version) FROM schema_version"),
            std::to_string(kSqliteSchemaVersion));
  EXPECT_EQ(raw.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"), "8");
}

TEST_P(StoreTest, LargeEnvelopeRoundTrips) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  json::Value payload = json::Value::Object();
  payload.Set("format", std::string(kDefinition));
  payload.Set("padding", std::string(3 << 20, 'x'));  // definitions run to tens of MB
  Result<crypto::SignedObject> signed_object = crypto::SignedObject::Create(std::move(payload));
  ASSERT_TRUE(signed_object.ok());
  StoredObject object = ToStored(*signed_object, "kz-2007-mazhilis", 1);
  ASSERT_TRUE(store->Put(object).ok());
  Result<std::optional<StoredObject>> got = store->Get(object.digest);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->envelope, object.envelope);
  Result<int64_t> verified = VerifyStoreIntegrity(*store);
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(*verified, 1);
}

TEST_P(StoreTest, PuttingTheSameObjectAgainIsANoOp) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  StoredObject object = Protocol("pec-0001", 1);
  ASSERT_TRUE(*store->Put(object));
  Result<bool> again = store->Put(object);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_FALSE(*again);

  // Within a batch, and mixed with new objects: only the new ones count.
  StoredObject other = Protocol("pec-0002", 1);
  std::vector<StoredObject> batch = {object, other, other};
  Result<size_t> stored = store->PutBatch(batch);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(*stored, 1u);
  EXPECT_EQ(*store->Count(kProtocol), 2);
}

TEST_P(StoreTest, ConflictingVersionIsRefusedAndTheOriginalKept) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  StoredObject original = Protocol("pec-0001", 2, 1502);
  StoredObject fork = Protocol("pec-0001", 2, 1503);
  ASSERT_NE(original.digest, fork.digest);
  ASSERT_TRUE(*store->Put(original));

  Result<bool> put = store->Put(fork);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, ErrorCode::kAlreadyExists);
  EXPECT_THAT(put.error().message, HasSubstr("conflicting version 2 of pec-0001"));
  EXPECT_THAT(put.error().message, HasSubstr(original.digest.Hex()));
  EXPECT_THAT(put.error().message, HasSubstr(fork.digest.Hex()));
  EXPECT_THAT(put.error().where, HasSubstr(Shown()));

  Result<std::vector<StoredObject>> versions = store->Versions(kProtocol, "pec-0001");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ(versions->front(), original);
  EXPECT_FALSE(store->Get(fork.digest)->has_value());

  // The same kind of fork under another kind is a different subject line: allowed.
  EXPECT_TRUE(*store->Put(Protocol("pec-0001", 2, 1503, "ashyq/turnout-report/1")));
}

TEST_P(StoreTest, SameDigestWithDifferentContentIsRefused) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  StoredObject original = Protocol("pec-0001", 1);
  ASSERT_TRUE(*store->Put(original));

  // Same payload filed under another subject or version.
  StoredObject moved = original;
  moved.subject = "pec-0002";
  Result<bool> put = store->Put(moved);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, ErrorCode::kAlreadyExists);
  EXPECT_THAT(put.error().message, HasSubstr("already stored as"));

  StoredObject bumped = original;
  bumped.version = 2;
  EXPECT_EQ(store->Put(bumped).error().code, ErrorCode::kAlreadyExists);

  // Same payload with an extra signature: the stored envelope is never rewritten.
  json::Value envelope = *json::Parse(original.envelope);
  Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(envelope);
  ASSERT_TRUE(object.ok());
  ASSERT_TRUE(object->AddSignature("pec-0001/secretary", keyring_.KeyFor(2)).ok());
  StoredObject resigned = ToStored(*object, "pec-0001", 1);
  ASSERT_EQ(resigned.digest, original.digest);
  EXPECT_EQ(store->Put(resigned).error().code, ErrorCode::kAlreadyExists);

  EXPECT_EQ(**store->Get(original.digest), original);
  EXPECT_EQ(*store->Count(kProtocol), 1);
}

TEST_P(StoreTest, BatchWithOneConflictStoresNothing) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  StoredObject original = Protocol("pec-0003", 1, 100);
  ASSERT_TRUE(*store->Put(original));

  std::vector<StoredObject> batch = {Protocol("pec-0001", 1), Protocol("pec-0002", 1),
                                     Protocol("pec-0003", 1, 101), Protocol("pec-0004", 1)};
  Result<size_t> stored = store->PutBatch(batch);
  ASSERT_FALSE(stored.ok());
  EXPECT_EQ(stored.error().code, ErrorCode::kAlreadyExists);
  EXPECT_THAT(stored.error().message, HasSubstr("conflicting version 1 of pec-0003"));
  EXPECT_EQ(*store->Count(kProtocol), 1);
  for (const StoredObject& object : batch) {
    if (object.digest != original.digest) {
      EXPECT_FALSE(store->Get(object.digest)->has_value());
    }
  }

  // A fork inside the batch itself.
  std::vector<StoredObject> forked = {Protocol("pec-0005", 1, 7), Protocol("pec-0005", 1, 8)};
  EXPECT_EQ(store->PutBatch(forked).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(*store->Count(kProtocol), 1);

  // Nothing was left behind after reopening either, and the store still works.
  store.reset();
  store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Count(kProtocol), 1);
  EXPECT_EQ(*store->PutBatch(std::vector<StoredObject>{batch[0], batch[1], batch[3]}), 3u);
}

TEST_P(StoreTest, MalformedObjectsAreRefusedBeforeAnythingIsStored) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  struct Case {
    const char* name;
    void (*spoil)(StoredObject*);
    const char* message;
  };
  const Case cases[] = {
      {"kind", [](StoredObject* o) { o->kind.clear(); }, "kind is empty"},
      {"subject", [](StoredObject* o) { o->subject.clear(); }, "subject is empty"},
      {"version", [](StoredObject* o) { o->version = 0; }, "version must be at least 1, got 0"},
      {"negative", [](StoredObject* o) { o->version = -5; }, "got -5"},
      {"envelope", [](StoredObject* o) { o->envelope.clear(); }, "envelope is empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<StoredObject> batch = {Protocol("pec-0001", 1), Protocol("pec-0002", 1)};
    c.spoil(&batch[1]);
    Result<size_t> stored = store->PutBatch(batch);
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(stored.error().code, ErrorCode::kBadInput);
    EXPECT_THAT(stored.error().message, HasSubstr(c.message));
    EXPECT_THAT(stored.error().message, HasSubstr("object 2 of 2"));
    EXPECT_EQ(*store->Count(kProtocol), 0);
  }
  EXPECT_EQ(*store->PutBatch(std::span<const StoredObject>()), 0u);
}

TEST_P(StoreTest, LatestPicksTheHighestVersionOfEverySubject) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  // Out of order, with a gap, and another kind sharing subjects.
  std::vector<StoredObject> batch = {Protocol("pec-0002", 3),
                                     Protocol("pec-0001", 1),
                                     Protocol("pec-0002", 1),
                                     Protocol("pec-0003", 1),
                                     Protocol("pec-0002", 2),
                                     Protocol("pec-0003", 7),
                                     Protocol("pec-0001", 9, 1, "ashyq/turnout-report/1")};
  ASSERT_EQ(*store->PutBatch(batch), batch.size());

  Result<std::vector<StoredObject>> latest = store->Latest(kProtocol);
  ASSERT_TRUE(latest.ok()) << latest.error().ToString();
  ASSERT_EQ(latest->size(), 3u);
  EXPECT_EQ((*latest)[0], batch[1]);
  EXPECT_EQ((*latest)[1], batch[0]);
  EXPECT_EQ((*latest)[2], batch[5]);

  Result<std::vector<StoredObject>> versions = store->Versions(kProtocol, "pec-0002");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 3u);
  for (int64_t i = 0; i < 3; ++i) EXPECT_EQ((*versions)[static_cast<size_t>(i)].version, i + 1);

  EXPECT_EQ(store->Latest("ashyq/turnout-report/1")->size(), 1u);
  EXPECT_TRUE(store->Latest("ashyq/nothing/1")->empty());
  EXPECT_TRUE(store->Versions(kProtocol, "pec-9999")->empty());
  EXPECT_EQ(*store->Count(kProtocol), 6);
}

TEST_P(StoreTest, SubjectsAreOrderedByTheirBytes) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::vector<std::string> subjects = {"b", "ä", "a", "B", "a0"};
  for (const std::string& subject : subjects) ASSERT_TRUE(*store->Put(Protocol(subject, 1)));
  Result<std::vector<StoredObject>> latest = store->Latest(kProtocol);
  ASSERT_TRUE(latest.ok());
  std::vector<std::string> order;
  for (const StoredObject& object : *latest) order.push_back(object.subject);
  EXPECT_EQ(order, (std::vector<std::string>{"B", "a", "a0", "b", "ä"}));
}

// One station's turnout reports ("<station>@<time>") without reading every station's.
TEST_P(StoreTest, LatestWithPrefixReadsOneRangeOfSubjects) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  constexpr std::string_view kTurnout = "ashyq/turnout-report/1";
  auto turnout = [&](const std::string& subject, int64_t version) {
    return Protocol(subject, version, 1502, kTurnout);
  };
  // Neighbours in byte order on both sides of "ps-1@": "ps-1" itself, "ps-1?" (just below '@'),
  // "ps-1A" (just above), "ps-10@..." (another station whose id extends this one), and
  // subjects holding LIKE's wildcards, which a prefix must not treat as such.
  std::vector<StoredObject> batch = {turnout("ps-1@10:00", 1), turnout("ps-1@10:00", 2),
                                     turnout("ps-1@08:00", 1), turnout("ps-1", 1),
                                     turnout("ps-1?", 1),      turnout("ps-1A", 1),
                                     turnout("ps-10@08:00", 1), turnout("ps_1@08:00", 1),
                                     turnout("ps%1@08:00", 1), Protocol("ps-1@12:00", 1),
                                     turnout("ä@1", 1),        turnout("ä@2", 3),
                                     turnout("äb", 1)};
  ASSERT_EQ(*store->PutBatch(batch), batch.size());

  auto subjects = [&](std::string_view prefix) {
    Result<std::vector<StoredObject>> found = store->LatestWithPrefix(kTurnout, prefix);
    EXPECT_TRUE(found.ok()) << found.error().ToString();
    std::vector<std::pair<std::string, int64_t>> out;
    if (found.ok()) {
      for (const StoredObject& o : *found) out.emplace_back(o.subject, o.version);
    }
    return out;
  };
  using Seen = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(subjects("ps-1@"), (Seen{{"ps-1@08:00", 1}, {"ps-1@10:00", 2}}));
  EXPECT_EQ(subjects("ps-1"), (Seen{{"ps-1", 1}, {"ps-10@08:00", 1}, {"ps-1?", 1},
                                    {"ps-1@08:00", 1}, {"ps-1@10:00", 2}, {"ps-1A", 1}}));
  EXPECT_EQ(subjects("ps_1@"), (Seen{{"ps_1@08:00", 1}}));
  EXPECT_EQ(subjects("ps%"), (Seen{{"ps%1@08:00", 1}}));
  EXPECT_EQ(subjects("ä@"), (Seen{{"ä@1", 1}, {"ä@2", 3}}));  // a multi-byte last character
  EXPECT_EQ(subjects("ps-2@"), Seen{});
  EXPECT_EQ(subjects("").size(), batch.size() - 2);  // Latest(kind)
  EXPECT_EQ(*store->LatestWithPrefix(kTurnout, "ps-1@"),
            (std::vector<StoredObject>{batch[2], batch[1]}));

  Result<std::vector<StoredObject>> not_utf8 = store->LatestWithPrefix(kTurnout, "ps\xff");
  ASSERT_FALSE(not_utf8.ok());
  EXPECT_EQ(not_utf8.error().code, ErrorCode::kBadInput);
}

TEST_P(StoreTest, ForEachVisitsEveryObjectInDigestOrderAndStopsOnError) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<StoredObject> batch;
  for (int i = 0; i < 20; ++i) batch.push_back(Protocol("pec-" + std::to_string(i), 1));
  ASSERT_EQ(*store->PutBatch(batch), 20u);

  std::vector<Digest> seen;
  ASSERT_TRUE(store
                  ->ForEach([&](const StoredObject& o) {
                    seen.push_back(o.digest);
                    return Status();
                  })
                  .ok());
  ASSERT_EQ(seen.size(), 20u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  int visited = 0;
  Status stopped = store->ForEach([&](const StoredObject&) -> Status {
    if (++visited == 5) return BadInput("visitor", "stop here");
    return Status();
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message, "stop here");
  EXPECT_EQ(visited, 5);
  // The statement was released: the store goes on working.
  EXPECT_EQ(*store->Count(kProtocol), 20);
  EXPECT_TRUE(*store->Put(Protocol("pec-new", 1)));
}

TEST_P(StoreTest, ReopeningKeepsEverything) {
  std::vector<StoredObject> batch;
  for (int i = 0; i < 50; ++i) batch.push_back(Protocol("pec-" + std::to_string(i), 1 + i % 3));
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(*store->PutBatch(batch), batch.size());
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Count(kProtocol), 50);
  for (const StoredObject& object : batch) EXPECT_EQ(**store->Get(object.digest), object);
  EXPECT_EQ(*VerifyStoreIntegrity(*store), 50);
}

TEST_P(StoreTest, AnAcknowledgedPutSurvivesTheProcessBeingKilled) {
  const StoredObject object = Protocol("pec-0001", 1);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<std::unique_ptr<Store>> store = OpenStore(location_);
    if (!store.ok()) _exit(1);
    Result<bool> put = (*store)->Put(object);
    if (!put.ok() || !*put) _exit(2);
    raise(SIGKILL);  // no destructor, no close, no checkpoint
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);

  auto store = Open();
  ASSERT_NE(store, nullptr);
  Result<std::optional<StoredObject>> got = store->Get(object.digest);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, object);
}

TEST_P(StoreTest, TwoStoresOnOneDatabaseSeeEachOtherAndCannotFork) {
  auto first = Open();
  auto second = Open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  StoredObject original = Protocol("pec-0001", 1, 10);
  ASSERT_TRUE(*first->Put(original));
  EXPECT_EQ(**second->Get(original.digest), original);
  Result<bool> fork = second->Put(Protocol("pec-0001", 1, 11));
  ASSERT_FALSE(fork.ok());
  EXPECT_EQ(fork.error().code, ErrorCode::kAlreadyExists);
  EXPECT_FALSE(*second->Put(original));
}

TEST_F(SqliteStoreTest, TriggersRefuseUpdateDeleteAndReplaceFromAnyClient) {
  StoredObject object = Protocol("pec-0001", 1);
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(*store->Put(object));
  }
  RawConnection raw(path_);
  const std::string key = HexBlob(object.digest);
  EXPECT_THAT(raw.Exec("UPDATE objects SET subject = 'pec-0002' WHERE digest = " + key),
              HasSubstr("append-only"));
  EXPECT_THAT(raw.Exec("UPDATE objects SET envelope = X'00'"), HasSubstr("never updated"));
  EXPECT_THAT(raw.Exec("DELETE FROM objects WHERE digest = " + key), HasSubstr("never deleted"));
  EXPECT_THAT(raw.Exec("DELETE FROM objects"), HasSubstr("never deleted"));
  // REPLACE deletes without firing DELETE triggers; the INSERT trigger catches it.
  EXPECT_THAT(raw.Exec("INSERT OR REPLACE INTO objects SELECT digest, kind, subject, version, "
                       "X'7B7D', stored_at FROM objects"),
              HasSubstr("append-only"));
  EXPECT_THAT(raw.Exec("REPLACE INTO objects VALUES (" + HexBlob(Sha256("x")) +
                       ", 'ashyq/precinct-protocol/1', 'pec-0001', 1, X'7B7D', 0)"),
              HasSubstr("append-only"));
  EXPECT_THAT(
      raw.Exec("INSERT INTO objects SELECT digest, kind, subject, version, envelope, "
               "stored_at FROM objects WHERE true ON CONFLICT DO UPDATE SET envelope = X'00'"),
      HasSubstr("append-only"));
  EXPECT_THAT(raw.Exec("UPDATE schema_version SET version = 1"), HasSubstr("never updated"));
  EXPECT_THAT(raw.Exec("DELETE FROM schema_version"), HasSubstr("never deleted"));

  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(**store->Get(object.digest), object);
  EXPECT_EQ(*store->Count(kProtocol), 1);
  EXPECT_EQ(*VerifyStoreIntegrity(*store), 1);
}

TEST_F(SqliteStoreTest, IntegrityCheckFindsATamperedEnvelope) {
  std::vector<StoredObject> batch;
  for (int i = 0; i < 5; ++i) batch.push_back(Protocol("pec-" + std::to_string(i), 1, 1000 + i));
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->PutBatch(batch), 5u);
  ASSERT_EQ(*VerifyStoreIntegrity(*store), 5);

  // A disk-level tamper: someone removes the guard and rewrites a figure.
  RawConnection raw(path_);
  ASSERT_EQ(raw.Exec("DROP TRIGGER objects_no_update"), "");
  ASSERT_EQ(
      raw.Exec("UPDATE objects SET envelope = CAST(replace(CAST(envelope AS TEXT), "
               "'\"ballots_valid\":1002', '\"ballots_valid\":1902') AS BLOB) WHERE digest = " +
               HexBlob(batch[2].digest)),
      "");
  Result<int64_t> verified = VerifyStoreIntegrity(*store);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kCheckFailed);
  EXPECT_THAT(verified.error().where, HasSubstr(batch[2].digest.Hex()));
  EXPECT_THAT(verified.error().where, HasSubstr("pec-2"));
  EXPECT_THAT(verified.error().where, HasSubstr(path_));
  EXPECT_THAT(verified.error().message, HasSubstr("hashes to"));
  EXPECT_THAT(verified.error().message, Not(HasSubstr("more bad")));

  // Two more: a relabelled kind and an envelope that is no longer JSON; all are counted.
  ASSERT_EQ(raw.Exec("UPDATE objects SET kind = 'ashyq/tier-protocol/1' WHERE digest = " +
                     HexBlob(batch[0].digest)),
            "");
  ASSERT_EQ(
      raw.Exec("UPDATE objects SET envelope = X'7B' WHERE digest = " + HexBlob(batch[4].digest)),
      "");
  verified = VerifyStoreIntegrity(*store);
  ASSERT_FALSE(verified.ok());
  EXPECT_THAT(verified.error().message, HasSubstr("(and 2 more bad objects)"));
}

TEST_F(SqliteStoreTest, IntegrityCheckNamesEachKindOfDamage) {
  struct Case {
    const char* name;
    std::string sql;  // run against the row of `target`, guard dropped
    const char* message;
  };
  StoredObject target = Protocol("pec-0001", 1);
  const std::string where = " WHERE digest = " + HexBlob(target.digest);
  const Case cases[] = {
      {"kind", "UPDATE objects SET kind = 'ashyq/other/1'" + where, "stored as kind"},
      {"not json", "UPDATE objects SET envelope = CAST('not json' AS BLOB)" + where,
       "not valid JSON"},
      {"not signed", "UPDATE objects SET envelope = CAST('{\"a\":1}' AS BLOB)" + where,
       "not a signed object"},
      {"pretty",
       "UPDATE objects SET envelope = CAST(replace(CAST(envelope AS TEXT), ',', ', ') "
       "AS BLOB)" +
           where,
       "canonical"},
      {"text",
       "UPDATE objects SET envelope = replace(CAST(envelope AS TEXT), '1843', '1844')" + where,
       "hashes to"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::filesystem::remove(path_);
    std::filesystem::remove(path_ + "-wal");
    std::filesystem::remove(path_ + "-shm");
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(*store->Put(target));
    RawConnection raw(path_);
    ASSERT_EQ(raw.Exec("DROP TRIGGER objects_no_update"), "");
    ASSERT_EQ(raw.Exec("PRAGMA ignore_check_constraints = ON"), "");  // lets text in
    ASSERT_EQ(raw.Exec(c.sql), "");
    Result<int64_t> verified = VerifyStoreIntegrity(*store);
    ASSERT_FALSE(verified.ok());
    EXPECT_EQ(verified.error().code, ErrorCode::kCheckFailed);
    EXPECT_THAT(verified.error().message, HasSubstr(c.message));
    EXPECT_THAT(verified.error().where, HasSubstr(target.digest.Hex()));
  }
}

TEST_F(SqliteStoreTest, ReadsCatchADigestOfTheWrongLength) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(*store->Put(Protocol("pec-0001", 1)));
  RawConnection raw(path_);
  ASSERT_EQ(raw.Exec("DROP TRIGGER objects_no_replace"), "");
  ASSERT_EQ(raw.Exec("PRAGMA ignore_check_constraints = ON"), "");
  ASSERT_EQ(raw.Exec("INSERT INTO objects VALUES (X'" + std::string(62, 'a') +
                     "', 'ashyq/precinct-protocol/1', 'pec-0002', 1, X'7B7D', 0)"),
            "");

  Result<std::vector<StoredObject>> latest = store->Latest(kProtocol);
  ASSERT_FALSE(latest.ok());
  EXPECT_EQ(latest.error().code, ErrorCode::kCheckFailed);
  EXPECT_THAT(latest.error().where, HasSubstr("objects row 2"));
  EXPECT_THAT(latest.error().message, HasSubstr("31 bytes, not 32"));
  EXPECT_FALSE(store->Versions(kProtocol, "pec-0002").ok());
  Result<int64_t> verified = VerifyStoreIntegrity(*store);
  ASSERT_FALSE(verified.ok());
  EXPECT_THAT(verified.error().message, HasSubstr("31 bytes"));
}

TEST_F(SqliteStoreTest, ANonDatabaseFileIsRefusedAndLeftUntouched) {
  std::string junk = "This is a protocol scan, not a database.\n";
  for (int i = 0; i < 200; ++i) junk += static_cast<char>((i * 37) & 0xff);
  junk += std::string(4096, 'z');
  WriteBytes(path_, junk);
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(store.error().where, path_);
  EXPECT_THAT(store.error().message, HasSubstr("not an Ashyq store"));
  EXPECT_THAT(store.error().message, HasSubstr("not a database"));
  EXPECT_EQ(ReadBytes(path_), junk);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
}

TEST_F(SqliteStoreTest, AForeignSqliteDatabaseIsRefusedAndLeftUntouched) {
  {
    RawConnection raw(path_);
    ASSERT_EQ(raw.Exec("CREATE TABLE ballots (id INTEGER); INSERT INTO ballots VALUES (1)"), "");
  }
  const std::string before = ReadBytes(path_);
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(store.error().message, HasSubstr("not an Ashyq store"));
  EXPECT_EQ(ReadBytes(path_), before);  // still in rollback-journal mode, same bytes
}

TEST_F(SqliteStoreTest, ANewerSchemaIsRefused) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(*store->Put(Protocol("pec-0001", 1)));
  }
  {
    RawConnection raw(path_);
    ASSERT_EQ(raw.Exec("INSERT INTO schema_version VALUES (" +
                       std::to_string(kSqliteSchemaVersion + 1) + ", 0)"),
              "");
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(store.error().where, path_);
  EXPECT_THAT(store.error().message,
              HasSubstr("schema version " + std::to_string(kSqliteSchemaVersion + 1) +
                        " is newer"));
  EXPECT_THAT(store.error().message, HasSubstr("(" + std::to_string(kSqliteSchemaVersion) + ")"));
}

TEST_F(SqliteStoreTest, AMissingDirectoryIsAnIoErrorNamingThePath) {
  const std::string path = dir_ + "/no/such/dir/store.db";
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_EQ(store.error().where, path);
  EXPECT_THAT(store.error().message, HasSubstr("unable to open"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/no"));
}

TEST_F(SqliteStoreTest, AnEmptyFileBecomesAStore) {
  WriteBytes(path_, "");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(*store->Put(Protocol("pec-0001", 1)));
}

}  // namespace
}  // namespace ashyq::store
