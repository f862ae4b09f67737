// A small counted election in a temporary SQLite store, for the commission-server tests: the
// tiny scenario's definition, every protocol signed by its PEC, stored with the definition.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/utc_time.h"
#include "crypto/keys.h"
#include "protocol/election_context.h"
#include "protocol/submission.h"
#include "protocol/turnout_report.h"
#include "server/api_server.h"
#include "server/tabulation_run.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"
#include "sim/scenario.h"
#include "sim/turnout_simulator.h"
#include "store/sqlite_store.h"

namespace ashyq::server::testing {

class CountedElectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Initialize().ok());
    std::string pattern = (std::filesystem::temp_directory_path() / "ashyq_server_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Result<sim::GeneratedElection> generated = sim::GenerateElection("tiny", 5);
    ASSERT_TRUE(generated.ok()) << generated.error().ToString();
    keyring_ = std::make_unique<crypto::SimulatedKeyring>(generated->keyring_master);
    Result<std::unique_ptr<protocol::ElectionContext>> context =
        protocol::ElectionContext::FromSigned(generated->definition, generated->signed_definition);
    ASSERT_TRUE(context.ok()) << context.error().ToString();
    election_ = std::move(context).value();
    Result<sim::ScenarioSpec> spec = sim::LoadScenario("tiny");
    ASSERT_TRUE(spec.ok());
    Result<sim::SimulatedCount> count = sim::SimulateCount(election_->definition(), election_->tree(), *spec,
                                                           election_->definition_digest(), 5, sim::FaultPlan{});
    ASSERT_TRUE(count.ok()) << count.error().ToString();
    Result<sim::SignedCount> signed_count = sim::SignCount(*count, election_->protocol_context(), *keyring_, 5);
    ASSERT_TRUE(signed_count.ok()) << signed_count.error().ToString();
    protocols_ = signed_count->protocols;
    count_ = std::move(count).value();
    Result<std::unique_ptr<store::Store>> db = store::OpenSqliteStore(dir_ + "/election.db");
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    store_ = std::move(db).value();
    std::vector<store::StoredObject> objects;
    objects.push_back(store::ToStored(election_->signed_definition(), election_->definition().election_id, 1));
    for (const crypto::SignedObject& p : protocols_) {
      objects.push_back(store::ToStored(p, p.payload().Find("station")->as_string(), 1));
    }
    Result<size_t> stored = store_->PutBatch(objects);
    ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A fresh store `name` in the test's directory holding only the definition (leaf 0): what a
  // commission server starts the night with.
  std::unique_ptr<store::Store> StoreWithDefinition(const std::string& name) const {
    Result<std::unique_ptr<store::Store>> db = store::OpenSqliteStore(dir_ + "/" + name);
    EXPECT_TRUE(db.ok()) << db.error().ToString();
    if (!db.ok()) return nullptr;
    Result<bool> put = (*db)->Put(store::ToStored(election_->signed_definition(), election_->definition().election_id, 1));
    EXPECT_TRUE(put.ok() && *put) << (put.ok() ? "the definition was already there" : put.error().ToString());
    return std::move(db).value();
  }

  // Every station's turnout through the day, each report signed by its PEC.
  std::vector<crypto::SignedObject> SignedTurnout(sim::SimulatedTurnout* simulated = nullptr) const {
    Result<sim::SimulatedTurnout> turnout = sim::SimulateTurnout(count_, 5, sim::TurnoutFaultPlan{});
    EXPECT_TRUE(turnout.ok()) << turnout.error().ToString();
    if (!turnout.ok()) return {};
    Result<std::vector<crypto::SignedObject>> reports = sim::SignTurnout(*turnout, *keyring_);
    EXPECT_TRUE(reports.ok()) << reports.error().ToString();
    if (!reports.ok()) return {};
    if (simulated != nullptr) *simulated = std::move(turnout).value();
    return std::move(reports).value();
  }

  // The same, as store rows.
  std::vector<store::StoredObject> TurnoutRows() const {
    sim::SimulatedTurnout turnout;
    const std::vector<crypto::SignedObject> reports = SignedTurnout(&turnout);
    std::vector<store::StoredObject> rows;
    for (size_t i = 0; i < reports.size(); ++i) {
      const protocol::TurnoutReport& r = turnout.reports[i];
      rows.push_back(store::ToStored(reports[i], protocol::TurnoutReportSubject(r), r.revision));
    }
    return rows;
  }

  static std::string StationOf(const crypto::SignedObject& object) {
    return object.payload().Find("station")->as_string();
  }
  std::string PecOf(const std::string& station) const {
    return election_->tree().station(election_->tree().FindStation(station)).commission;
  }

  // The body of a submission of `object` by its station's PEC, fresh (a new nonce, timed now).
  std::string Submission(const crypto::SignedObject& object) const {
    const std::string pec = PecOf(StationOf(object));
    protocol::SubmissionRequest r;
    r.election_id = election_->definition().election_id;
    r.submitter = pec;
    r.nonce = protocol::FreshNonce();
    r.time = UtcNow();
    Result<std::string> body = protocol::MakeSubmission(object, r, sim::SimulatedKeyFor(*keyring_, pec));
    EXPECT_TRUE(body.ok()) << body.error().ToString();
    return body.ok() ? *body : std::string();
  }

  CommissionKeys Keys() const {
    const crypto::SimulatedKeyring* keyring = keyring_.get();
    return [keyring](const std::string& id) -> Result<crypto::SigningKey> { return sim::SimulatedKeyFor(*keyring, id); };
  }

  std::string dir_;
  std::unique_ptr<crypto::SimulatedKeyring> keyring_;
  std::unique_ptr<protocol::ElectionContext> election_;
  sim::SimulatedCount count_;                     // what the protocols say
  std::vector<crypto::SignedObject> protocols_;
  std::unique_ptr<store::Store> store_;
};

// An ApiServer serving on a thread of its own until Stop() or destruction.
class ServerThread {
 public:
  ServerThread() = default;
  ~ServerThread() { Stop(); }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  // Creates, binds and runs it; its port, or -1 (with a test failure saying why).
  int Start(const protocol::ElectionContext& election, const std::string& location, crypto::SigningKey key,
            ApiServerOptions options) {
    Result<std::unique_ptr<ApiServer>> made = ApiServer::Create(election, location, std::move(key), std::move(options));
    EXPECT_TRUE(made.ok()) << made.error().ToString();
    if (!made.ok()) return -1;
    server_ = std::move(made).value();
    Result<int> port = server_->Bind();
    EXPECT_TRUE(port.ok()) << port.error().ToString();
    if (!port.ok()) return -1;
    runner_ = std::thread([this] { EXPECT_TRUE(server_->Run().ok()); });
    return *port;
  }
  void Stop() {
    if (server_) server_->Stop();
    if (runner_.joinable()) runner_.join();
    server_.reset();
  }
  ApiServer* operator->() { return server_.get(); }

 private:
  std::unique_ptr<ApiServer> server_;
  std::thread runner_;
};

// A signing key made from one repeated byte, for a test's server.
inline crypto::SigningKey TestKey(uint8_t fill) {
  crypto::KeySeed seed;
  seed.bytes.fill(fill);
  return crypto::SigningKey::FromSeed(seed);
}

}  // namespace ashyq::server::testing
