// The API over a real socket on 127.0.0.1: a submission answered with its signed receipt, a
// station's status, the server key, and the refusals HTTP itself makes (413, 404).
#include "server/api_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>

#include "raw_clients.h"

#include "core/utc_time.h"
#include "server_fixture.h"
#include "verifier_failures.h"
#include "verify/record_verifier.h"
#include "store/sqlite_store.h"

namespace ashyq::server {
namespace {

class ApiServerTest : public testing::CountedElectionTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    api_store_ = StoreWithDefinition("api.db");
    ASSERT_NE(api_store_, nullptr);
    ApiServerOptions options;
    options.port = 0;
    port_ = server_.Start(*election_, api_store_->location(), testing::TestKey(9), options);
    ASSERT_GT(port_, 0);
    server_public_key_ = testing::TestKey(9).public_key();
  }
  void TearDown() override {
    server_.Stop();
    CountedElectionTest::TearDown();
  }

  std::unique_ptr<store::Store> api_store_;
  testing::ServerThread server_;
  int port_ = 0;
  crypto::PublicKey server_public_key_;
};

TEST_F(ApiServerTest, ASubmissionIsAnsweredWithItsSignedReceiptAndShowsInTheStationsStatus) {
  httplib::Client client("127.0.0.1", port_);
  const crypto::SignedObject& p = protocols_.front();
  httplib::Result res = client.Post("/api/v1/submissions", Submission(p), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200) << res->body;
  Result<json::Value> doc = json::Parse(res->body);
  ASSERT_TRUE(doc.ok());
  Result<crypto::SignedObject> receipt = crypto::SignedObject::FromJson(*doc);
  ASSERT_TRUE(receipt.ok()) << receipt.error().ToString();
  EXPECT_TRUE(receipt->VerifySignedBy("server", server_public_key_).ok());
  Result<protocol::Receipt> read = protocol::ReceiptFromJson(receipt->payload());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->outcome, protocol::ReceiptOutcome::kLogged);
  EXPECT_EQ(read->log_index, std::optional<uint64_t>(1));

  httplib::Result key = client.Get("/api/v1/server-key");
  ASSERT_TRUE(key);
  EXPECT_NE(key->body.find(server_public_key_.Hex()), std::string::npos);

  const std::string station = p.payload().Find("station")->as_string();
  httplib::Result status = client.Get("/api/v1/stations/" + station);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  EXPECT_NE(status->body.find(p.digest().Hex()), std::string::npos) << status->body;
  EXPECT_NE(status->body.find("\"log_index\":1"), std::string::npos) << status->body;

  EXPECT_EQ(client.Get("/api/v1/stations/ps-nowhere-0001")->status, 404);
  EXPECT_EQ(client.Get("/api/v1/tree-head")->status, 404);  // nothing signed yet
  EXPECT_EQ(client.Get("/api/v1/no-such-thing")->status, 404);
}

TEST_F(ApiServerTest, RefusalsAreReceiptsAndOversizedBodiesAre413) {
  httplib::Client client("127.0.0.1", port_);
  httplib::Result bad = client.Post("/api/v1/submissions", "{\"object\": 1}", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("R-E2.malformed"), std::string::npos) << bad->body;
  httplib::Result big = client.Post("/api/v1/submissions", std::string(IntakeOptions{}.max_body_bytes + 10, ' '), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(*api_store_->LogSize(), 1u);
}

// Many stations at once: each is answered only when its object is durable, every object is one
// log entry, and the indices are the log's.
TEST_F(ApiServerTest, ConcurrentSubmissionsAreCommittedInGroupsEachOnce) {
  std::vector<std::string> bodies;
  for (const crypto::SignedObject& p : protocols_) bodies.push_back(Submission(p));
  for (const crypto::SignedObject& p : protocols_) bodies.push_back(Submission(p));  // each twice
  constexpr size_t kThreads = 8;
  std::vector<std::vector<std::pair<std::string, uint64_t>>> logged(kThreads);
  std::vector<std::thread> stations;
  for (size_t t = 0; t < kThreads; ++t) {
    stations.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port_);
      for (size_t i = t; i < bodies.size(); i += kThreads) {
        httplib::Result res = client.Post("/api/v1/submissions", bodies[i], "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        Result<json::Value> doc = json::Parse(res->body);
        ASSERT_TRUE(doc.ok());
        Result<protocol::Receipt> r = protocol::ReceiptFromJson(*doc->Find("payload"));
        ASSERT_TRUE(r.ok());
        ASSERT_TRUE(r->log_index.has_value());
        logged[t].emplace_back(r->object_digest, *r->log_index);
      }
    });
  }
  for (std::thread& s : stations) s.join();
  std::map<std::string, uint64_t> index_of;
  for (const auto& per_thread : logged) {
    for (const auto& [digest, index] : per_thread) {
      auto [it, fresh] = index_of.emplace(digest, index);
      EXPECT_EQ(it->second, index) << "one object, one log index";
    }
  }
  EXPECT_EQ(index_of.size(), protocols_.size());
  ASSERT_EQ(*api_store_->LogSize(), 1 + protocols_.size());
  Result<std::vector<store::StoredObject>> leaves = api_store_->LogRange(1, protocols_.size());
  ASSERT_TRUE(leaves.ok());
  for (size_t i = 0; i < leaves->size(); ++i) {
    EXPECT_EQ(index_of[(*leaves)[i].digest.Hex()], i + 1);
  }
}

// The bad-input table's last row: 100 slow-loris submissions (headers sent, the body dribbling
// in a byte a second) tie up nothing. A station's submission meanwhile is logged at once; each slow
// one is cut off when its 5 s are up (answered 4xx or closed); none of them is stored.
TEST_F(ApiServerTest, AHundredSlowSubmissionsDoNotDelayOthersAndStoreNothing) {
  const std::string start =
      "POST /api/v1/submissions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 4000\r\n\r\n{\"object\": ";
  testing::SlowClients slow(port_, 100, /*idle=*/false, start);
  ASSERT_EQ(slow.connected(), 100u);
  const auto begin = std::chrono::steady_clock::now();
  httplib::Client client("127.0.0.1", port_);
  httplib::Result res = client.Post("/api/v1/submissions", Submission(protocols_.front()), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count(), 2.0);
  // Every slow connection is ended by the server: all 100 within 5 s and a margin.
  EXPECT_EQ(slow.EndedByServerWithin(std::chrono::seconds(9)), 100u);
  EXPECT_EQ(*api_store_->LogSize(), 2u) << "the definition and the one whole submission";
}

// Live publication: the server keeps the publication up to date as stations submit; once the
// last protocol is acknowledged, PublishNow returns when the result and its tree head are written,
// and the independent verifier finds it VERIFIED.
TEST_F(ApiServerTest, TheServerPublishesWhatItTakesAndTheVerifierAgrees) {
  server_.Stop();
  ApiServerOptions options;
  options.port = 0;
  options.publication_dir = dir_ + "/publication";
  options.publication_keys = Keys();
  std::atomic<int> published{0};
  options.on_published = [&](const LiveUpdate&) { ++published; };
  const int port = server_.Start(*election_, api_store_->location(), testing::TestKey(9), options);
  ASSERT_GT(port, 0);

  httplib::Client client("127.0.0.1", port);
  for (const crypto::SignedObject& p : protocols_) {
    httplib::Result res = client.Post("/api/v1/submissions", Submission(p), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  Result<LiveUpdate> now = server_->PublishNow();
  ASSERT_TRUE(now.ok()) << now.error().ToString();
  EXPECT_GE(published.load(), 1);
  // Everything acknowledged is in the publication: the log and the tier protocols signed for it.
  Result<uint64_t> size = api_store_->LogSize();
  ASSERT_TRUE(size.ok());
  EXPECT_GE(*size, 1 + protocols_.size());
  EXPECT_TRUE(std::filesystem::exists(options.publication_dir + "/index.json"));
  Result<verify::VerificationReport> report = verify::VerifyPublication(options.publication_dir, verify::VerifyOptions());
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(testing::FailuresButEvoteRecord(*report), "");
  // The tree head the API serves is the one published.
  httplib::Result head = client.Get("/api/v1/tree-head");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);

  // A server that publishes nothing says so.
  EXPECT_FALSE(ApiServer::Create(*election_, api_store_->location(), testing::TestKey(9), ApiServerOptions{})
                   .value()
                   ->PublishNow()
                   .ok());
}


// Whose keys sign in the live publication (decision 0017): the CEC's tree-head key or every
// commission's, exactly one; keys without a directory are a mistake too. Each is refused before
// anything is served.
TEST_F(ApiServerTest, PublicationKeysAreTheTreeHeadKeyOrEveryCommissionsNotBoth) {
  auto cec_key = [&] {
    return std::make_shared<const crypto::SigningKey>(
        Keys()(election_->tree().commission(election_->tree().root()).id).value());
  };
  auto refused = [&](ApiServerOptions options) {
    options.port = 0;
    Result<std::unique_ptr<ApiServer>> made =
        ApiServer::Create(*election_, api_store_->location(), testing::TestKey(9), std::move(options));
    EXPECT_FALSE(made.ok());
    return made.ok() ? ErrorCode::kInternal : made.error().code;
  };
  ApiServerOptions both;
  both.publication_dir = dir_ + "/both";
  both.publication_keys = Keys();
  both.tree_head_key = cec_key();
  EXPECT_EQ(refused(both), ErrorCode::kBadInput);
  ApiServerOptions neither;
  neither.publication_dir = dir_ + "/neither";
  EXPECT_EQ(refused(neither), ErrorCode::kBadInput);
  ApiServerOptions no_dir;
  no_dir.tree_head_key = cec_key();
  EXPECT_EQ(refused(no_dir), ErrorCode::kBadInput);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/both"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/neither"));

  // With the CEC's key alone, it publishes what it takes and signs no tier protocol.
  server_.Stop();
  ApiServerOptions keyless;
  keyless.port = 0;
  keyless.publication_dir = dir_ + "/keyless";
  keyless.tree_head_key = cec_key();
  const int port = server_.Start(*election_, api_store_->location(), testing::TestKey(9), keyless);
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  for (const crypto::SignedObject& p : protocols_) {
    httplib::Result res = client.Post("/api/v1/submissions", Submission(p), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  Result<LiveUpdate> now = server_->PublishNow();
  ASSERT_TRUE(now.ok()) << now.error().ToString();
  EXPECT_EQ(now->tier_protocols_signed, 0u);
  EXPECT_EQ(*api_store_->LogSize(), 1 + protocols_.size());
  EXPECT_TRUE(std::filesystem::exists(keyless.publication_dir + "/index.json"));
}

}  // namespace
}  // namespace ashyq::server
