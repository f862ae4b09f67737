// The store's public log (objects in the order they were stored) and its tree heads on every
// backend (LogTest); damage to an SQLite file's log and the upgrade of a schema-1 SQLite store
// to schema 2 (SqliteLogTest, SchemaOneTest).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <span>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/encoding.h"
#include "core/hash.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "backends.h"
#include "raw_sqlite.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace ashyq::store {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kProtocol = "ashyq/precinct-protocol/1";

// Schema 1 exactly as Ashyq 0.x created it (before tree_heads), to test the upgrade.
constexpr const char* kSchema1Sql = R"sql(
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
INSERT INTO schema_version (version, applied_at) VALUES (1, 1187460000);
)sql";

crypto::KeySeed Master() {
  crypto::KeySeed master;
  for (size_t i = 0; i < master.bytes.size(); ++i)
    master.bytes[i] = static_cast<uint8_t>(5 * i + 2);
  return master;
}

std::string Hex(std::string_view bytes) {
  return HexEncode({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

// Inserts an object the way schema-1 Ashyq did.
std::string InsertAsSchemaOne(RawConnection& raw, const StoredObject& object) {
  return raw.Exec("INSERT INTO objects (digest, kind, subject, version, envelope, stored_at) "
                  "VALUES (X'" + object.digest.Hex() + "', '" + object.kind + "', '" + object.subject + "', " +
                  std::to_string(object.version) + ", X'" + Hex(object.envelope) + "', 1187460000)");
}

std::vector<Digest> Digests(const std::vector<StoredObject>& objects) {
  std::vector<Digest> digests;
  for (const StoredObject& object : objects) digests.push_back(object.digest);
  return digests;
}

// A store of its own for each test, on the backend the test is for.
class LogTestBase : public ::testing::Test {
 protected:
  explicit LogTestBase(Backend backend) : backend_(backend), keyring_(Master()) {}

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

  StoredObject Protocol(const std::string& station, int64_t version, int64_t valid = 1502) {
    json::Value payload = json::Value::Object();
    payload.Set("format", std::string(kProtocol));
    payload.Set("station", station);
    payload.Set("version", version);
    payload.Set("ballots_valid", valid);
    Result<crypto::SignedObject> object = crypto::SignedObject::Create(std::move(payload));
    EXPECT_TRUE(object.ok());
    EXPECT_TRUE(object->AddSignature(station + "/chair", keyring_.KeyFor(1)).ok());
    return ToStored(*object, station, version);
  }

  // `count` distinct objects; their digests are in no particular order.
  std::vector<StoredObject> Protocols(int first, int count) {
    std::vector<StoredObject> objects;
    for (int i = first; i < first + count; ++i) {
      objects.push_back(Protocol("pec-" + std::to_string(i), 1, 1000 + i));
    }
    return objects;
  }

  Backend backend_;
  crypto::SimulatedKeyring keyring_;
  TestStoreLocation place_;
  std::string location_;  // a path or a URL
  std::string path_;      // SQLite: the file
  std::string dir_;       // SQLite: its temporary directory
};

// The log and tree heads on every backend.
class LogTest : public LogTestBase, public ::testing::WithParamInterface<Backend> {
 protected:
  LogTest() : LogTestBase(GetParam()) {}
};
INSTANTIATE_TEST_SUITE_P(Backends, LogTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendParamName());

// Damage done by hand to an SQLite file, and its schema upgrade.
class SqliteLogTest : public LogTestBase {
 protected:
  SqliteLogTest() : LogTestBase(Backend::kSqlite) {}
};

TEST_P(LogTest, AnEmptyStoreHasAnEmptyLog) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->LogSize(), 0u);
  EXPECT_TRUE(store->LogRange(0, 10)->empty());
  EXPECT_FALSE(store->LogIndexOf(Sha256("nothing"))->has_value());
  EXPECT_TRUE(store->TreeHeads()->empty());
}

TEST_P(LogTest, TheLogIsInInsertionOrderAcrossBatches) {
  const std::vector<StoredObject> all = Protocols(0, 23);
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<StoredObject> expected;
  // Batches of 1, 5, 7 and 10, with repeats (no-ops) and a refused batch in between.
  ASSERT_TRUE(*store->Put(all[0]));
  expected.push_back(all[0]);
  ASSERT_EQ(*store->PutBatch({all.begin() + 1, all.begin() + 6}), 5u);
  expected.insert(expected.end(), all.begin() + 1, all.begin() + 6);
  ASSERT_FALSE(*store->Put(all[3]));  // already stored: not a new leaf
  std::vector<StoredObject> refused(all.begin() + 6, all.begin() + 9);
  refused.push_back(Protocol("pec-0", 1, 9999));  // conflicts with all[0]
  ASSERT_FALSE(store->PutBatch(refused).ok());
  std::vector<StoredObject> batch(all.begin() + 6, all.begin() + 13);
  batch.insert(batch.begin() + 2, all[1]);  // a repeat inside a batch
  ASSERT_EQ(*store->PutBatch(batch), 7u);
  expected.insert(expected.end(), all.begin() + 6, all.begin() + 13);
  // Reversed: log order is the order stored, not any order of the objects themselves.
  std::vector<StoredObject> reversed(all.rbegin(), all.rend() - 13);
  ASSERT_EQ(*store->PutBatch(reversed), 10u);
  expected.insert(expected.end(), reversed.begin(), reversed.end());

  ASSERT_EQ(*store->LogSize(), expected.size());
  Result<std::vector<StoredObject>> log = store->LogRange(0, expected.size());
  ASSERT_TRUE(log.ok()) << log.error().ToString();
  EXPECT_EQ(*log, expected);
  for (size_t i = 0; i < expected.size(); ++i) {
    Result<std::optional<uint64_t>> index = store->LogIndexOf(expected[i].digest);
    ASSERT_TRUE(index.ok() && index->has_value());
    EXPECT_EQ(**index, i);
  }
  EXPECT_FALSE(store->LogIndexOf(refused.back().digest)->has_value());

  // Another connection, and a reopened store, see the same log.
  store.reset();
  auto reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->LogRange(0, 1000), expected);
}

// The batch reads the server's committer makes: every station of a batch, every index.
TEST_P(LogTest, VersionsOfAndLogIndicesOfReadManyAtOnce) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  // Subjects a separator or an escape could trip on, and a second version of one.
  const std::vector<std::string> odd = {"pec-1", "pec,2", "pec \"3\"", "pec\\4", "пек-5"};
  std::vector<StoredObject> objects;
  for (const std::string& s : odd) objects.push_back(Protocol(s, 1));
  objects.push_back(Protocol("pec,2", 2, 1503));
  objects.push_back(Protocol("pec-1x", 1));  // a neighbour of pec-1 that must not be read with it
  ASSERT_EQ(*store->PutBatch(objects), objects.size());

  const std::vector<std::string> asked = {"pec,2", "pec-1", "pec-absent", "pec \"3\"", "pec\\4", "пек-5", "pec-1"};
  auto versions = store->VersionsOf(kProtocol, asked);
  ASSERT_TRUE(versions.ok()) << versions.error().ToString();
  EXPECT_EQ(versions->size(), 5u);  // not the absent one, not pec-1x
  for (const std::string& s : odd) {
    ASSERT_EQ(versions->count(s), 1u) << s;
    EXPECT_EQ(versions->at(s), *store->Versions(kProtocol, s)) << s;
  }
  ASSERT_EQ(versions->at("pec,2").size(), 2u);
  EXPECT_EQ(versions->at("pec,2")[1].version, 2);
  EXPECT_TRUE(store->VersionsOf(kProtocol, std::vector<std::string>{})->empty());
  EXPECT_TRUE(store->VersionsOf("ashyq/other/1", asked)->empty());

  std::vector<Digest> digests;
  for (auto it = objects.rbegin(); it != objects.rend(); ++it) digests.push_back(it->digest);
  digests.insert(digests.begin() + 2, Sha256("not stored"));
  digests.push_back(objects[0].digest);  // asked twice
  auto indices = store->LogIndicesOf(digests);
  ASSERT_TRUE(indices.ok()) << indices.error().ToString();
  ASSERT_EQ(indices->size(), digests.size());
  for (size_t i = 0; i < digests.size(); ++i) EXPECT_EQ((*indices)[i], *store->LogIndexOf(digests[i])) << i;
  EXPECT_FALSE((*indices)[2].has_value());
  EXPECT_EQ((*indices).back(), std::optional<uint64_t>(0));
  EXPECT_TRUE(store->LogIndicesOf({})->empty());
}

TEST_P(LogTest, LogRangeAtItsBoundaries) {
  const std::vector<StoredObject> all = Protocols(0, 10);
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->PutBatch(all), 10u);
  const std::vector<Digest> digests = Digests(all);
  auto range = [&](uint64_t first, uint64_t count) {
    Result<std::vector<StoredObject>> objects = store->LogRange(first, count);
    EXPECT_TRUE(objects.ok()) << objects.error().ToString();
    return objects.ok() ? Digests(*objects) : std::vector<Digest>{Sha256("error")};
  };
  auto slice = [&](size_t first, size_t end) {
    return std::vector<Digest>(digests.begin() + first, digests.begin() + end);
  };
  EXPECT_EQ(range(0, 10), digests);
  EXPECT_EQ(range(0, 0), slice(0, 0));
  EXPECT_EQ(range(0, 1), slice(0, 1));
  EXPECT_EQ(range(3, 4), slice(3, 7));
  EXPECT_EQ(range(9, 1), slice(9, 10));
  EXPECT_EQ(range(9, 5), slice(9, 10));     // fewer at the end
  EXPECT_EQ(range(7, 100), slice(7, 10));
  EXPECT_EQ(range(10, 1), slice(0, 0));     // just past the end
  EXPECT_EQ(range(11, 1), slice(0, 0));
  EXPECT_EQ(range(1000, 3), slice(0, 0));
  const uint64_t kMax = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(range(0, kMax), digests);       // no overflow
  EXPECT_EQ(range(5, kMax), slice(5, 10));
  EXPECT_EQ(range(kMax, kMax), slice(0, 0));
  EXPECT_EQ(range(kMax - 1, 1), slice(0, 0));
  EXPECT_EQ(range(uint64_t{1} << 63, 2), slice(0, 0));
}

TEST_F(SqliteLogTest, AHandMadeHoleInTheLogIsFoundNotTrusted) {
  const std::vector<StoredObject> all = Protocols(0, 5);
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(*store->PutBatch({all.begin(), all.begin() + 3}), 3u);
  }
  {
    // Someone inserts a row far past the end (the triggers allow a new, distinct row).
    RawConnection raw(path_);
    ASSERT_EQ(raw.Exec("INSERT INTO objects (rowid, digest, kind, subject, version, envelope, "
                       "stored_at) VALUES (100, X'" + all[3].digest.Hex() + "', '" +
                       std::string(kProtocol) + "', 'pec-3', 1, X'" + Hex(all[3].envelope) +
                       "', 0)"),
              "");
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  Result<uint64_t> size = store->LogSize();
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(size.error().rule, "R-E2.append-only");
  EXPECT_THAT(size.error().message, HasSubstr("4 objects but its last is row 100"));

  EXPECT_EQ(store->LogRange(0, 3)->size(), 3u);  // the untouched prefix still reads
  Result<std::vector<StoredObject>> across = store->LogRange(2, 5);
  ASSERT_FALSE(across.ok());
  EXPECT_EQ(across.error().rule, "R-E2.append-only");
  EXPECT_THAT(across.error().message,
              HasSubstr("log leaf 3 is missing but the log goes on to row 100"));
  Result<std::vector<StoredObject>> inside = store->LogRange(3, 2);  // no rows in it at all
  ASSERT_FALSE(inside.ok());
  EXPECT_THAT(inside.error().message, HasSubstr("log leaf 3 is missing but the log goes on"));
}

TEST_F(SqliteLogTest, ADeletedRowIsFoundEvenWithTheTriggerDropped) {
  const std::vector<StoredObject> all = Protocols(0, 4);
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(*store->PutBatch(all), 4u);
  }
  {
    RawConnection raw(path_);
    ASSERT_EQ(raw.Exec("DROP TRIGGER objects_no_delete"), "");
    ASSERT_EQ(raw.Exec("DELETE FROM objects WHERE rowid = 2"), "");
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->LogSize().error().code, ErrorCode::kCheckFailed);
  Result<std::vector<StoredObject>> log = store->LogRange(0, 4);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error().rule, "R-E2.append-only");
  EXPECT_THAT(log.error().message, HasSubstr("log leaf 1 is missing (the next row is 3)"));
  EXPECT_EQ(store->LogRange(0, 1)->size(), 1u);
}

TEST_P(LogTest, ReadersSeeOneStateOfTheLogWhileAnotherConnectionAppends) {
  const std::vector<StoredObject> all = Protocols(0, 150);
  auto reader = Open();
  ASSERT_NE(reader, nullptr);
  std::string writer_error;
  std::thread writer([&] {
    Result<std::unique_ptr<Store>> store = OpenStore(location_);
    if (!store.ok()) {
      writer_error = store.error().ToString();
      return;
    }
    for (const StoredObject& object : all) {
      Result<bool> put = (*store)->Put(object);
      if (!put.ok()) {
        writer_error = put.error().ToString();
        return;
      }
    }
  });
  std::vector<StoredObject> seen;
  size_t reads = 0;
  while (seen.size() < all.size() && reads < 100'000) {
    ++reads;
    Result<uint64_t> size = reader->LogSize();
    ASSERT_TRUE(size.ok()) << size.error().ToString();
    ASSERT_GE(*size, seen.size());
    // Past the end on purpose: the range ends where the log ends at that moment.
    Result<std::vector<StoredObject>> log = reader->LogRange(0, all.size() + 10);
    ASSERT_TRUE(log.ok()) << log.error().ToString();
    ASSERT_GE(log->size(), *size);
    ASSERT_EQ(*log, std::vector<StoredObject>(all.begin(), all.begin() + log->size()));
    seen = std::move(log).value();
  }
  writer.join();
  EXPECT_EQ(writer_error, "");
  EXPECT_EQ(*reader->LogRange(0, 1000), all);
}

TEST_P(LogTest, TwoStoresAppendingAtOnceShareOneDenseLog) {
  // Two connections (as two server processes would have) append batches of 1 to 7 objects at
  // once while a third reads the log: leaves are 0..n-1, each object once, each batch in one
  // piece, each writer's objects in its own order, and every read a prefix of the final log.
  constexpr int kPerWriter = 150;
  const std::vector<StoredObject> objects[2] = {Protocols(0, kPerWriter),
                                                Protocols(1000, kPerWriter)};
  struct Writer {
    std::string error;
    std::vector<std::vector<Digest>> batches;
    std::vector<std::pair<uint64_t, Digest>> placed;  // LogIndexOf after each batch
  };
  Writer writers[2];
  std::atomic<int> running{2};
  auto write = [&](int w) {
    Writer& me = writers[w];
    Result<std::unique_ptr<Store>> store = OpenStore(location_);
    if (!store.ok()) {
      me.error = store.error().ToString();
      --running;
      return;
    }
    size_t next = 0;
    for (size_t size = 1; next < objects[w].size(); size = size % 7 + 1) {
      const size_t end = std::min(next + size, objects[w].size());
      const std::span<const StoredObject> batch(objects[w].data() + next, end - next);
      Result<size_t> stored = (*store)->PutBatch(batch);
      if (!stored.ok() || *stored != batch.size()) {
        me.error = stored.ok() ? "a new object was not stored" : stored.error().ToString();
        break;
      }
      me.batches.emplace_back();
      for (const StoredObject& object : batch) {
        me.batches.back().push_back(object.digest);
        Result<std::optional<uint64_t>> index = (*store)->LogIndexOf(object.digest);
        if (!index.ok() || !index->has_value()) {
          me.error = "a stored object is not in the log";
          break;
        }
        me.placed.emplace_back(**index, object.digest);
      }
      next = end;
    }
    --running;
  };
  std::thread first(write, 0);
  std::thread second(write, 1);
  auto reader = Open();
  ASSERT_NE(reader, nullptr);
  std::vector<std::vector<Digest>> reads;
  while (running > 0 && reads.size() < 5'000) {
    Result<std::vector<StoredObject>> log = reader->LogRange(0, 1'000'000);
    ASSERT_TRUE(log.ok()) << log.error().ToString();
    reads.push_back(Digests(*log));
  }
  first.join();
  second.join();
  ASSERT_EQ(writers[0].error, "");
  ASSERT_EQ(writers[1].error, "");

  const size_t total = 2 * kPerWriter;
  ASSERT_EQ(*reader->LogSize(), total);
  Result<std::vector<StoredObject>> log = reader->LogRange(0, total + 5);
  ASSERT_TRUE(log.ok()) << log.error().ToString();
  const std::vector<Digest> leaves = Digests(*log);
  ASSERT_EQ(leaves.size(), total);
  std::map<Digest, uint64_t> leaf_of;
  for (size_t i = 0; i < leaves.size(); ++i) leaf_of[leaves[i]] = i;
  EXPECT_EQ(leaf_of.size(), total);  // every object once
  for (int w = 0; w < 2; ++w) {
    SCOPED_TRACE(w);
    for (const StoredObject& object : objects[w]) EXPECT_EQ(leaf_of.count(object.digest), 1u);
    for (const auto& [index, digest] : writers[w].placed) {
      ASSERT_LT(index, total);
      EXPECT_EQ(leaves[index], digest);  // what the writer was told is what the log says
    }
    uint64_t previous = 0;
    for (size_t b = 0; b < writers[w].batches.size(); ++b) {
      const std::vector<Digest>& batch = writers[w].batches[b];
      const uint64_t start = leaf_of[batch.front()];
      if (b > 0) {
        EXPECT_GT(start, previous);  // the writer's own order
      }
      for (size_t i = 0; i < batch.size(); ++i) EXPECT_EQ(leaf_of[batch[i]], start + i);
      previous = start + batch.size() - 1;
    }
  }
  for (const std::vector<Digest>& read : reads) {
    ASSERT_LE(read.size(), total);
    EXPECT_TRUE(std::equal(read.begin(), read.end(), leaves.begin()))
        << "a reader saw " << read.size() << " leaves that are not a prefix of the log";
  }
  EXPECT_EQ(*Open()->LogRange(0, total), *log);  // a new connection sees the same
}

TEST_P(LogTest, TreeHeadsAreAppendOnlyOnePerSize) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::string head5 = R"({"size":5,"sig":"a"})";
  ASSERT_TRUE(store->PutTreeHead(5, head5).ok());
  Status again = store->PutTreeHead(5, head5);
  EXPECT_TRUE(again.ok()) << again.error().ToString();  // the same head: a no-op

  Status fork = store->PutTreeHead(5, R"({"size":5,"sig":"b"})");
  ASSERT_FALSE(fork.ok());
  EXPECT_EQ(fork.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(fork.error().rule, "R-E2.fork");
  EXPECT_THAT(fork.error().where, HasSubstr("tree head 5"));
  EXPECT_THAT(fork.error().message, HasSubstr("a different tree head for size 5"));
  EXPECT_THAT(fork.error().message, HasSubstr(Sha256(head5).Hex().substr(0, 16)));

  ASSERT_TRUE(store->PutTreeHead(12, "twelve").ok());
  ASSERT_TRUE(store->PutTreeHead(0, "empty").ok());
  const std::vector<std::pair<uint64_t, std::string>> expected = {
      {0, "empty"}, {5, head5}, {12, "twelve"}};
  EXPECT_EQ(*store->TreeHeads(), expected);
  // What a reader holding the heads up to some size asks for.
  EXPECT_EQ(*store->TreeHeadsFrom(5), (std::vector<std::pair<uint64_t, std::string>>{{5, head5}, {12, "twelve"}}));
  EXPECT_EQ(*store->TreeHeadsFrom(6), (std::vector<std::pair<uint64_t, std::string>>{{12, "twelve"}}));
  EXPECT_TRUE(store->TreeHeadsFrom(13)->empty());
  EXPECT_TRUE(store->TreeHeadsFrom(~uint64_t{0})->empty());

  Status empty = store->PutTreeHead(7, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kBadInput);
  Status huge = store->PutTreeHead(uint64_t{1} << 63, "x");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(*store->TreeHeads(), expected);

  // Another connection sees them and cannot fork them either; a reopened store keeps them.
  auto second = Open();
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(*second->TreeHeads(), expected);
  EXPECT_EQ(second->PutTreeHead(12, "other").error().code, ErrorCode::kAlreadyExists);
  store.reset();
  second.reset();
  EXPECT_EQ(*Open()->TreeHeads(), expected);
}

TEST_P(LogTest, AnAcknowledgedTreeHeadSurvivesTheProcessBeingKilled) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<std::unique_ptr<Store>> store = OpenStore(location_);
    if (!store.ok()) _exit(1);
    if (!(*store)->PutTreeHead(42, "head-42").ok()) _exit(2);
    raise(SIGKILL);  // no destructor, no close, no checkpoint
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::vector<std::pair<uint64_t, std::string>> expected = {{42, "head-42"}};
  EXPECT_EQ(*store->TreeHeads(), expected);
}

TEST_F(SqliteLogTest, TriggersRefuseRewritingTreeHeadsFromAnyClient) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->PutTreeHead(3, "head-3").ok());
  }
  {
    RawConnection raw(path_);
    EXPECT_THAT(raw.Exec("UPDATE tree_heads SET envelope = X'00' WHERE size = 3"),
                HasSubstr("never updated"));
    EXPECT_THAT(raw.Exec("UPDATE tree_heads SET size = 4"), HasSubstr("never updated"));
    EXPECT_THAT(raw.Exec("DELETE FROM tree_heads WHERE size = 3"), HasSubstr("never deleted"));
    EXPECT_THAT(raw.Exec("DELETE FROM tree_heads"), HasSubstr("never deleted"));
    EXPECT_THAT(raw.Exec("INSERT OR REPLACE INTO tree_heads VALUES (3, X'7B7D', 0)"),
                HasSubstr("append-only"));
    EXPECT_THAT(raw.Exec("REPLACE INTO tree_heads VALUES (3, X'7B7D', 0)"),
                HasSubstr("append-only"));
    EXPECT_THAT(raw.Exec("INSERT INTO tree_heads VALUES (3, X'7B7D', 0) "
                         "ON CONFLICT DO UPDATE SET envelope = X'00'"),
                HasSubstr("append-only"));
    EXPECT_THAT(raw.Exec("INSERT INTO tree_heads VALUES (-1, X'7B7D', 0)"),
                HasSubstr("CHECK constraint failed"));
    EXPECT_THAT(raw.Exec("INSERT INTO tree_heads VALUES (8, 'text', 0)"),
                HasSubstr("CHECK constraint failed"));
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::vector<std::pair<uint64_t, std::string>> expected = {{3, "head-3"}};
  EXPECT_EQ(*store->TreeHeads(), expected);
}

class SchemaOneTest : public SqliteLogTest {
 protected:
  // A store file as schema-1 Ashyq left it, holding `objects` in that order.
  void WriteSchemaOneStore(const std::vector<StoredObject>& objects) {
    RawConnection raw(path_);
    ASSERT_EQ(raw.Exec("PRAGMA page_size = 8192"), "");
    ASSERT_EQ(raw.Exec("PRAGMA journal_mode = WAL"), "");
    ASSERT_EQ(raw.Exec(kSchema1Sql), "");
    for (const StoredObject& object : objects) ASSERT_EQ(InsertAsSchemaOne(raw, object), "");
  }
};

TEST_F(SchemaOneTest, ASchemaOneStoreIsUpgradedInPlaceKeepingItsLog) {
  std::vector<StoredObject> objects = Protocols(0, 6);
  std::swap(objects[0], objects[5]);
  WriteSchemaOneStore(objects);
  {
    RawConnection raw(path_);
    ASSERT_EQ(raw.Query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tree_heads'"), "0");
  }
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->LogSize(), 6u);
    EXPECT_EQ(*store->LogRange(0, 6), objects);
    EXPECT_EQ(**store->LogIndexOf(objects[5].digest), 5u);
    EXPECT_EQ(*VerifyStoreIntegrity(*store), 6);
    ASSERT_TRUE(store->PutTreeHead(6, "head-6").ok());
    const StoredObject later = Protocol("pec-later", 1);
    ASSERT_TRUE(*store->Put(later));
    EXPECT_EQ(**store->LogIndexOf(later.digest), 6u);
  }
  RawConnection raw(path_);
  EXPECT_EQ(raw.Query("SELECT group_concat(version, ',') FROM "
                      "(SELECT version FROM schema_version ORDER BY version)"),
            "1,2");
  EXPECT_EQ(raw.Query("SELECT MAX(version) FROM schema_version"),
            std::to_string(kSqliteSchemaVersion));
  EXPECT_EQ(raw.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"), "8");
  EXPECT_EQ(raw.Query("SELECT envelope FROM tree_heads WHERE size = 6"), "head-6");
  EXPECT_THAT(raw.Exec("DELETE FROM tree_heads"), HasSubstr("never deleted"));

  // Opening again finds nothing to do.
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(raw.Query("SELECT COUNT(*) FROM schema_version"), "2");
  EXPECT_EQ(store->TreeHeads()->size(), 1u);
}

TEST_F(SchemaOneTest, ANewStoreAndAnUpgradedOneHaveTheSameSchema) {
  WriteSchemaOneStore({});
  { ASSERT_NE(Open(), nullptr); }
  const std::string schema_sql =
      "SELECT group_concat(type || ' ' || name || ': ' || sql, '\n') FROM "
      "(SELECT * FROM sqlite_master ORDER BY name)";
  std::string upgraded;
  {
    RawConnection raw(path_);
    upgraded = raw.Query(schema_sql);
  }
  path_ = dir_ + "/new.db";
  location_ = path_;
  { ASSERT_NE(Open(), nullptr); }
  RawConnection raw(path_);
  EXPECT_EQ(raw.Query(schema_sql), upgraded);
  EXPECT_THAT(upgraded, HasSubstr("table tree_heads"));
}

TEST_F(SchemaOneTest, StoresOpeningASchemaOneFileAtOnceUpgradeItOnce) {
  WriteSchemaOneStore(Protocols(0, 3));
  constexpr int kOpeners = 4;
  std::vector<std::string> errors(kOpeners);
  std::vector<std::thread> openers;
  for (int i = 0; i < kOpeners; ++i) {
    openers.emplace_back([this, i, &errors] {
      Result<std::unique_ptr<Store>> store = OpenStore(location_);
      if (!store.ok()) {
        errors[i] = store.error().ToString();
        return;
      }
      Result<uint64_t> size = (*store)->LogSize();
      if (!size.ok() || *size != 3) errors[i] = "wrong log size";
    });
  }
  for (std::thread& opener : openers) opener.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  RawConnection raw(path_);
  EXPECT_EQ(raw.Query("SELECT COUNT(*) FROM schema_version"), "2");
  EXPECT_EQ(raw.Query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tree_heads'"), "1");
}

}  // namespace
}  // namespace ashyq::store
