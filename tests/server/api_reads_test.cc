// The API's public reads over a real socket: tree heads, log entries, inclusion and consistency
// proofs checked against the signed heads, one station's status, the 400s and 404s, and reads
// answered while a submission waits for the database.
#include "server/internal/api_reads.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <httplib.h>

#include "core/utc_time.h"
#include "ledger/tree_head.h"
#include "protocol/evidence.h"
#include "protocol/turnout_report.h"
#include "server/api_server.h"
#include "server/log_head.h"
#include "server_fixture.h"
#include "store/sqlite_store.h"

namespace ashyq::server {
namespace {

class ApiReadsTest : public testing::CountedElectionTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    test_store_ = StoreWithDefinition("api.db");
    ASSERT_NE(test_store_, nullptr);
    path_ = test_store_->location();
    ApiServerOptions options;
    options.port = 0;
    options.read_connections = 2;
    port_ = server_.Start(*election_, path_, testing::TestKey(9), options);
    ASSERT_GT(port_, 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  }
  void TearDown() override {
    server_.Stop();
    CountedElectionTest::TearDown();
  }

  std::string ElectionId() const { return election_->definition().election_id; }

  void Submit(size_t i) {
    httplib::Result res = client_->Post("/api/v1/submissions", Submission(protocols_[i]), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  // Signs a head over the whole log as it stands (what the server's schedule does).
  ledger::TreeHead SignHead(const std::string& timestamp) {
    ledger::MerkleTree tree;
    Result<CommittedHead> head =
        CommitTreeHead(*test_store_, &tree, ElectionId(), "cec", sim::SimulatedKeyFor(*keyring_, "cec"), timestamp);
    EXPECT_TRUE(head.ok()) << head.error().ToString();
    return head.ok() ? head->head : ledger::TreeHead();
  }

  json::Value GetJson(const std::string& path, int expected_status) {
    httplib::Result res = client_->Get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return json::Value();
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    Result<json::Value> doc = json::Parse(res->body);
    EXPECT_TRUE(doc.ok()) << path << ": " << res->body;
    return doc.ok() ? *doc : json::Value();
  }

  // The member `key` of an object (a null Value if there is none).
  static const json::Value& Field(const json::Value& v, std::string_view key) {
    static const json::Value kNone;
    const json::Value* found = v.is_object() ? v.Find(key) : nullptr;
    return found != nullptr ? *found : kNone;
  }

  static std::vector<Digest> Digests(const json::Value& list) {
    std::vector<Digest> out;
    for (const json::Value& item : list.items()) out.push_back(Digest::FromHex(item.as_string()).value());
    return out;
  }

  std::string path_;
  std::unique_ptr<store::Store> test_store_;
  testing::ServerThread server_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ApiReadsTest, ProofsVerifyAgainstTheSignedHeads) {
  ASSERT_GE(protocols_.size(), 4u);
  EXPECT_EQ(Field(Field(GetJson("/api/v1/tree-head", 404), "error"), "rule").as_string(), "R-E2.tree-head");
  Submit(0);
  Submit(1);
  const ledger::TreeHead first = SignHead("2007-08-18T20:00:00Z");
  ASSERT_EQ(first.size, 3u);
  Submit(2);
  Submit(3);
  const ledger::TreeHead second = SignHead("2007-08-18T21:00:00Z");
  ASSERT_EQ(second.size, 5u);

  // The latest head, and each head by its size, exactly as stored.
  const std::vector<std::pair<uint64_t, std::string>> stored = *test_store_->TreeHeads();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(client_->Get("/api/v1/tree-head")->body, stored[1].second);
  EXPECT_EQ(client_->Get("/api/v1/tree-heads/3")->body, stored[0].second);
  EXPECT_EQ(client_->Get("/api/v1/tree-heads/5")->body, stored[1].second);
  EXPECT_EQ(Field(Field(GetJson("/api/v1/tree-heads/4", 404), "error"), "rule").as_string(), "R-E2.tree-head");

  // Every logged protocol is included in the latest head; those of the first, in it too.
  for (size_t i = 0; i < 4; ++i) {
    const Digest digest = protocols_[i].digest();
    json::Value proof = GetJson("/api/v1/log/inclusion?digest=" + digest.Hex(), 200);
    ASSERT_EQ(Field(proof, "leaf_index").as_int(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(Field(proof, "tree_size").as_int(), 5);
    const Digest leaf = ledger::LeafHash(test_store_->LogRange(i + 1, 1)->front().envelope);
    EXPECT_EQ(Field(proof, "leaf_hash").as_string(), leaf.Hex());
    Status ok = ledger::VerifyInclusion(leaf, i + 1, 5, Digests(Field(proof, "audit_path")), second.root_hash);
    EXPECT_TRUE(ok.ok()) << ok.error().ToString();
    if (i < 2) {
      json::Value old = GetJson("/api/v1/log/inclusion?digest=" + digest.Hex() + "&tree_size=3", 200);
      Status in_first = ledger::VerifyInclusion(leaf, i + 1, 3, Digests(Field(old, "audit_path")), first.root_hash);
      EXPECT_TRUE(in_first.ok()) << in_first.error().ToString();
      // ... and not against the other root: the proof is bound to its head.
      EXPECT_FALSE(ledger::VerifyInclusion(leaf, i + 1, 3, Digests(Field(old, "audit_path")), second.root_hash).ok());
    } else {
      // Logged after the first head: no proof in it.
      GetJson("/api/v1/log/inclusion?digest=" + digest.Hex() + "&tree_size=3", 404);
    }
  }

  json::Value consistency = GetJson("/api/v1/log/consistency?first=3&second=5", 200);
  Status extends = ledger::VerifyConsistency(3, 5, first.root_hash, second.root_hash, Digests(Field(consistency, "proof")));
  EXPECT_TRUE(extends.ok()) << extends.error().ToString();
  EXPECT_TRUE(Field(GetJson("/api/v1/log/consistency?first=5&second=5", 200), "proof").items().empty());
  EXPECT_TRUE(Field(GetJson("/api/v1/log/consistency?first=0&second=3", 200), "proof").items().empty());

  // The entries are the signed objects' exact bytes, at their indices.
  json::Value entries = GetJson("/api/v1/log/entries?start=1&count=10", 200);
  const std::vector<store::StoredObject> log = *test_store_->LogRange(0, 100);
  ASSERT_EQ(Field(entries, "entries").items().size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    const json::Value& e = Field(entries, "entries").items()[i];
    EXPECT_EQ(Field(e, "index").as_int(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(Field(e, "envelope").as_string(), log[i + 1].envelope);
    EXPECT_EQ(Field(e, "digest").as_string(), log[i + 1].digest.Hex());
  }
  EXPECT_TRUE(Field(GetJson("/api/v1/log/entries?start=99&count=1", 200), "entries").items().empty());
}

TEST_F(ApiReadsTest, BadParametersAre400AndUnknownThingsAre404) {
  Submit(0);
  SignHead("2007-08-18T20:00:00Z");
  for (const std::string& bad : std::vector<std::string>{
           "/api/v1/log/entries", "/api/v1/log/entries?start=0", "/api/v1/log/entries?start=0&count=0",
           "/api/v1/log/entries?start=0&count=1001", "/api/v1/log/entries?start=-1&count=1",
           "/api/v1/log/entries?start=1x&count=1", "/api/v1/log/entries?start=0&count=%2B1",
           "/api/v1/log/entries?start=99999999999999999999&count=1", "/api/v1/log/inclusion",
           "/api/v1/log/inclusion?digest=abc", "/api/v1/log/inclusion?digest=" + std::string(64, 'g'),
           "/api/v1/log/inclusion?digest=" + std::string(64, '0') + "&tree_size=two",
           "/api/v1/log/consistency?first=1", "/api/v1/log/consistency?first=2&second=1",
           "/api/v1/log/consistency?first=&second=2"}) {
    json::Value error = GetJson(bad, 400);
    EXPECT_EQ(Field(Field(error, "error"), "rule").as_string(), "R-E2.api") << bad;
    EXPECT_FALSE(Field(Field(error, "error"), "message").as_string().empty()) << bad;
  }
  EXPECT_EQ(Field(Field(GetJson("/api/v1/log/inclusion?digest=" + std::string(64, '0'), 404), "error"), "rule").as_string(),
            "R-E2.inclusion");
  const std::string known = protocols_[0].digest().Hex();
  EXPECT_EQ(Field(Field(GetJson("/api/v1/log/inclusion?digest=" + known + "&tree_size=7", 404), "error"), "rule").as_string(),
            "R-E2.tree-head");
  GetJson("/api/v1/log/inclusion?digest=" + known + "&tree_size=2", 200);
  GetJson("/api/v1/log/consistency?first=1&second=2", 404);  // no head of size 1
  GetJson("/api/v1/tree-heads/18446744073709551616", 400);   // past 64 bits
  GetJson("/api/v1/stations/ps-nowhere-0001", 404);
}

TEST_F(ApiReadsTest, AStationsStatusListsOnlyItsOwnTurnout) {
  Submit(0);
  const std::string station = protocols_[0].payload().Find("station")->as_string();
  const std::string other = protocols_[1].payload().Find("station")->as_string();
  // Turnout rows as the intake stores them ("<station>@<time>"; the store checks no signatures).
  auto turnout = [&](const std::string& subject, int64_t revision) {
    json::Value payload = json::Value::Object();
    payload.Set("format", std::string(protocol::kTurnoutReportFormat));
    payload.Set("subject", subject);
    payload.Set("revision", revision);
    crypto::SignedObject object = crypto::SignedObject::Create(std::move(payload)).value();
    EXPECT_TRUE(object.AddSignature("pec", sim::SimulatedKeyFor(*keyring_, "cec")).ok());
    return store::ToStored(object, subject, revision);
  };
  const std::vector<store::StoredObject> rows = {turnout(station + "@10:00", 1), turnout(station + "@10:00", 2),
                                                 turnout(station + "@12:00", 1), turnout(other + "@10:00", 1),
                                                 turnout(station + "0@10:00", 1)};
  ASSERT_TRUE(test_store_->PutBatch(rows).ok());
  json::Value status = GetJson("/api/v1/stations/" + station, 200);
  EXPECT_EQ(Field(status, "station").as_string(), station);
  ASSERT_EQ(Field(status, "protocols").items().size(), 1u);
  EXPECT_EQ(Field(Field(status, "protocols").items()[0], "digest").as_string(), protocols_[0].digest().Hex());
  EXPECT_EQ(Field(Field(status, "protocols").items()[0], "log_index").as_int(), 1);
  const std::vector<json::Value>& seen = Field(status, "turnout").items();
  ASSERT_EQ(seen.size(), 2u) << json::Canonicalize(status);
  EXPECT_EQ(Field(seen[0], "subject").as_string(), station + "@10:00");
  EXPECT_EQ(Field(seen[0], "revision").as_int(), 2);
  EXPECT_EQ(Field(seen[0], "digest").as_string(), rows[1].digest.Hex());
  EXPECT_EQ(Field(seen[1], "subject").as_string(), station + "@12:00");
  EXPECT_TRUE(Field(status, "attempts").items().empty());

  // Evidence rows ("<station>#<digest>", decision 0015): the station's own, not a neighbour's
  // whose id starts with this one's.
  auto evidence = [&](const std::string& subject) {
    json::Value payload = json::Value::Object();
    payload.Set("format", std::string(protocol::kEvidenceFormat));
    payload.Set("subject", subject);
    crypto::SignedObject object = crypto::SignedObject::Create(std::move(payload)).value();
    EXPECT_TRUE(object.AddSignature("tec", sim::SimulatedKeyFor(*keyring_, "cec")).ok());
    return store::ToStored(object, subject, 1);
  };
  const std::vector<store::StoredObject> attempts = {evidence(station + "#" + std::string(64, 'a')),
                                                     evidence(station + "0#" + std::string(64, 'b'))};
  ASSERT_TRUE(test_store_->PutBatch(attempts).ok());
  json::Value later = GetJson("/api/v1/stations/" + station, 200);
  const std::vector<json::Value>& tried = Field(later, "attempts").items();
  ASSERT_EQ(tried.size(), 1u) << json::Canonicalize(later);
  EXPECT_EQ(Field(tried[0], "subject").as_string(), station + "#" + std::string(64, 'a'));
  EXPECT_EQ(Field(tried[0], "digest").as_string(), attempts[0].digest.Hex());
  EXPECT_TRUE(Field(tried[0], "log_index").is_int());
}

// A page of log entries ends once it holds max_log_entry_bytes, with at least one entry (the
// national definition, leaf 0, is 25 MB alone). ApiReads on a listener of its own, to set it.
TEST_F(ApiReadsTest, ALogPageEndsAtItsByteLimit) {
  Submit(0);
  Submit(1);
  const std::vector<store::StoredObject> log = *test_store_->LogRange(0, 3);
  ASSERT_EQ(log.size(), 3u);
  ReadStores stores(path_, 1);
  ApiReadsOptions options;
  options.max_log_entry_bytes = log[1].envelope.size() + 1;  // leaf 1 does not fill a page
  ASSERT_GT(log[0].envelope.size(), options.max_log_entry_bytes);
  ApiReads reads(*election_, stores, options);
  HttpListener http;
  reads.AddRoutes(http);
  Result<int> port = http.Bind("127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  std::thread runner([&] { EXPECT_TRUE(http.Run().ok()); });
  httplib::Client client("127.0.0.1", *port);
  auto page = [&](int start) {
    httplib::Result res = client.Get("/api/v1/log/entries?start=" + std::to_string(start) + "&count=10");
    EXPECT_TRUE(res && res->status == 200);
    std::vector<std::string> envelopes;
    if (!res) return envelopes;
    const json::Value doc = json::Parse(res->body).value();
    for (const json::Value& e : Field(doc, "entries").items()) envelopes.push_back(Field(e, "envelope").as_string());
    return envelopes;
  };
  // Leaf 0 (the definition) is larger than a page alone; leaves 1 and 2 share one.
  EXPECT_TRUE(page(0) == std::vector<std::string>{log[0].envelope});
  EXPECT_TRUE(page(1) == (std::vector<std::string>{log[1].envelope, log[2].envelope}));
  http.Stop();
  runner.join();
  EXPECT_EQ(stores.open_count(), 1u);
}

// Small answers on one kept-alive connection come at once: the server does not let Nagle's
// algorithm hold an answer's body until the client's delayed ACK (40 ms each, before).
TEST_F(ApiReadsTest, KeptAliveAnswersDoNotWaitForDelayedAcks) {
  client_->set_keep_alive(true);
  GetJson("/api/v1/server-key", 200);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) GetJson("/api/v1/server-key", 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
}

// A submission stuck waiting for the database (another process holds its write lock) does not
// hold up a single read: reads have connections of their own.
TEST_F(ApiReadsTest, ReadsAreAnsweredWhileASubmissionIsInFlight) {
  Submit(0);
  SignHead("2007-08-18T20:00:00Z");
  const std::string station = protocols_[0].payload().Find("station")->as_string();
  GetJson("/api/v1/tree-head", 200);  // the read connections are open before the lock is taken

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::atomic<bool> answered{false};
  int submit_status = 0;
  std::thread submitter([&] {
    httplib::Client writer("127.0.0.1", port_);
    writer.set_read_timeout(30, 0);
    httplib::Result res = writer.Post("/api/v1/submissions", Submission(protocols_[1]), "application/json");
    submit_status = res ? res->status : -1;
    answered = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    GetJson("/api/v1/tree-head", 200);
    GetJson("/api/v1/tree-heads/2", 200);
    GetJson("/api/v1/stations/" + station, 200);
    GetJson("/api/v1/log/inclusion?digest=" + protocols_[0].digest().Hex(), 200);
    GetJson("/api/v1/log/entries?start=0&count=2", 200);
    GetJson("/api/v1/server-key", 200);
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(answered.load()) << "the submission did not wait for the lock: the test proves nothing";
  EXPECT_LT(took, std::chrono::seconds(3));
  ASSERT_EQ(sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  submitter.join();
  EXPECT_EQ(submit_status, 200);
  EXPECT_EQ(*test_store_->LogSize(), 3u);
}

}  // namespace
}  // namespace ashyq::server
