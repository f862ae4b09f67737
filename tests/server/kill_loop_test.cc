// Issue 17, durability: the commission server is killed with SIGKILL, again and again, while
// stations submit. After every restart nothing acknowledged is missing (at the log index its
// receipt gave), nothing is in the log twice, and every tree head the server signed before is
// consistent with the log as it stands. Runs on both store backends.
//
// The server runs in a child process (fork, before any thread exists), so that SIGKILL takes
// it down exactly as a power cut would take the process: no destructor, no flush.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "../store/backends.h"
#include "core/utc_time.h"
#include "ledger/merkle.h"
#include "ledger/tree_head.h"
#include "protocol/submission.h"
#include "server/api_server.h"
#include "server/log_head.h"
#include "server_fixture.h"
#include "sim/turnout_simulator.h"
#include "store/store.h"

namespace ashyq::server {
namespace {

using store::Backend;

class ServerKillLoopTest : public testing::CountedElectionTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    Status made = location_.Create(GetParam());
    ASSERT_TRUE(made.ok()) << made.error().ToString();
    Result<std::unique_ptr<store::Store>> db = store::OpenStore(location_.location());
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    ASSERT_TRUE((*db)->Put(store::ToStored(election_->signed_definition(), election_->definition().election_id, 1)).ok());
    // What the stations send: their turnout through the day and their protocols.
    objects_ = SignedTurnout();
    ASSERT_FALSE(objects_.empty());
    objects_.insert(objects_.end(), protocols_.begin(), protocols_.end());
  }

  // Starts `ashyq server run`'s server in a child process; its port.
  int StartServer() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    child_ = ::fork();
    if (child_ == 0) {
      ::close(fds[0]);
      ServeUntilKilled(fds[1]);
      ::_exit(0);
    }
    ::close(fds[1]);
    int port = -1;
    EXPECT_EQ(::read(fds[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
    ::close(fds[0]);
    return port;
  }

  // In the child: the API, signing a tree head as the CEC after every batch it stores.
  void ServeUntilKilled(int port_pipe) {
    Result<std::unique_ptr<store::Store>> heads = store::OpenStore(location_.location());
    const crypto::SigningKey cec = sim::SimulatedKeyFor(*keyring_, election_->tree().commission(0).id);
    const std::string cec_id = election_->tree().commission(0).id;
    ApiServerOptions options;
    options.port = 0;
    options.after_batch = [&] {
      ledger::MerkleTree tree;
      (void)CommitTreeHead(**heads, &tree, election_->definition().election_id, cec_id, cec, UtcNow());
    };
    Result<std::unique_ptr<ApiServer>> api =
        heads.ok() ? ApiServer::Create(*election_, location_.location(), testing::TestKey(3), options)
                   : Result<std::unique_ptr<ApiServer>>(heads.error());
    Result<int> port = api.ok() ? (*api)->Bind() : Result<int>(api.error());
    const int value = port.ok() ? *port : -1;
    if (::write(port_pipe, &value, sizeof value) != sizeof value || !port.ok()) return;
    (void)(*api)->Run();
  }

  void KillServer() {
    ASSERT_EQ(::kill(child_, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child_, &status, 0), child_);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  }

  // Submits what is not acknowledged yet on 4 connections until done or the server is gone.
  void SubmitPending(int port, int round) {
    std::vector<const crypto::SignedObject*> pending;
    for (const crypto::SignedObject& o : objects_) {
      if (acknowledged_.count(o.digest().Hex()) == 0) pending.push_back(&o);
    }
    std::mutex lock;
    std::vector<std::thread> stations;
    for (size_t t = 0; t < 4; ++t) {
      stations.emplace_back([&, t] {
        httplib::Client client("127.0.0.1", port);
        client.set_tcp_nodelay(true);
        for (size_t i = t; i < pending.size(); i += 4) {
          httplib::Result res = client.Post("/api/v1/submissions", Submission(*pending[i]), "application/json");
          if (!res) return;  // killed
          if (res->status != 200) {
            std::lock_guard<std::mutex> hold(lock);
            ADD_FAILURE() << "status " << res->status << ": " << res->body;
            continue;
          }
          Result<json::Value> doc = json::Parse(res->body);
          Result<protocol::Receipt> receipt = doc.ok() ? protocol::ReceiptFromJson(*doc->Find("payload"))
                                                       : Result<protocol::Receipt>(doc.error());
          std::lock_guard<std::mutex> hold(lock);
          ASSERT_TRUE(receipt.ok());
          ASSERT_TRUE(receipt->log_index.has_value());
          auto [it, fresh] = acknowledged_.emplace(receipt->object_digest, *receipt->log_index);
          EXPECT_EQ(it->second, *receipt->log_index) << "an object acknowledged twice at two log indices";
        }
      });
    }
    // Killed at a random moment: before, during or after the batches; later rounds live longer,
    // so that the stations finish.
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 5 + 8 * round)(random_)));
    KillServer();
    for (std::thread& s : stations) s.join();
  }

  // Nothing acknowledged is missing, nothing is twice, every signed head is consistent with
  // the log as it stands.
  void CheckTheRecord() {
    Result<std::unique_ptr<store::Store>> db = store::OpenStore(location_.location());
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    for (const auto& [digest, index] : acknowledged_) {
      Result<Digest> d = Digest::FromHex(digest);
      ASSERT_TRUE(d.ok());
      Result<std::optional<uint64_t>> at = (*db)->LogIndexOf(*d);
      ASSERT_TRUE(at.ok());
      ASSERT_TRUE(at->has_value()) << "acknowledged, then lost: " << digest;
      EXPECT_EQ(**at, index);
    }
    Result<uint64_t> size = (*db)->LogSize();
    ASSERT_TRUE(size.ok());
    Result<std::vector<store::StoredObject>> leaves = (*db)->LogRange(0, *size);
    ASSERT_TRUE(leaves.ok());
    ledger::MerkleTree tree;
    std::set<Digest> seen;
    for (const store::StoredObject& leaf : *leaves) {
      EXPECT_TRUE(seen.insert(leaf.digest).second) << "in the log twice: " << leaf.digest.Hex();
      tree.AppendLeaf(leaf.envelope);
    }
    Result<std::vector<std::pair<uint64_t, std::string>>> heads = (*db)->TreeHeads();
    ASSERT_TRUE(heads.ok());
    for (const auto& [head_size, envelope] : *heads) {
      Result<json::Value> doc = json::Parse(envelope);
      ASSERT_TRUE(doc.ok());
      Result<ledger::TreeHead> head = ledger::TreeHeadFromJson(*doc->Find("payload"));
      ASSERT_TRUE(head.ok()) << head.error().ToString();
      ASSERT_LE(head->size, tree.size());
      Result<std::vector<Digest>> proof = tree.ConsistencyProof(head->size, tree.size());
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(ledger::VerifyConsistency(head->size, tree.size(), head->root_hash, tree.Root(), *proof).ok())
          << "the head signed at size " << head->size << " is not consistent with the log now";
    }
    heads_seen_ = std::max(heads_seen_, heads->size());
  }

  store::TestStoreLocation location_;
  std::vector<crypto::SignedObject> objects_;
  std::map<std::string, uint64_t> acknowledged_;
  pid_t child_ = -1;
  std::mt19937 random_{20070818};
  size_t heads_seen_ = 0;
};

TEST_P(ServerKillLoopTest, NothingAcknowledgedIsLostOrDuplicatedAndEveryHeadHolds) {
  int rounds = 0, killed_mid_way = 0;
  for (; rounds < 40 && acknowledged_.size() < objects_.size(); ++rounds) {
    const int port = StartServer();
    ASSERT_GT(port, 0);
    const size_t before = acknowledged_.size();
    SubmitPending(port, rounds);
    CheckTheRecord();
    if (acknowledged_.size() > before && acknowledged_.size() < objects_.size()) ++killed_mid_way;
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(acknowledged_.size(), objects_.size()) << "after " << rounds << " rounds";
  EXPECT_GE(killed_mid_way, 1) << "the server was not killed while it took submissions";
  RecordProperty("rounds", rounds);
  RecordProperty("killed_mid_way", killed_mid_way);
  EXPECT_GT(heads_seen_, 0u);
  Result<std::unique_ptr<store::Store>> db = store::OpenStore(location_.location());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*(*db)->LogSize(), 1 + objects_.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerKillLoopTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         store::BackendParamName());

}  // namespace
}  // namespace ashyq::server
