// A small counted election in a temporary SQLite store, for the commission-server tests: the
// tiny scenario's definition, every protocol signed by its PEC, stored with the definition.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "protocol/election_context.h"
#include "protocol/turnout_report.h"
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

  // Every station's turnout through the day, each report signed by its PEC, as store rows.
  std::vector<store::StoredObject> TurnoutRows() const {
    std::vector<store::StoredObject> rows;
    Result<sim::SimulatedTurnout> turnout = sim::SimulateTurnout(count_, 5, sim::TurnoutFaultPlan{});
    EXPECT_TRUE(turnout.ok()) << turnout.error().ToString();
    if (!turnout.ok()) return rows;
    Result<std::vector<crypto::SignedObject>> reports = sim::SignTurnout(*turnout, *keyring_);
    EXPECT_TRUE(reports.ok()) << reports.error().ToString();
    if (!reports.ok()) return rows;
    for (size_t i = 0; i < reports->size(); ++i) {
      const protocol::TurnoutReport& r = turnout->reports[i];
      rows.push_back(store::ToStored((*reports)[i], protocol::TurnoutReportSubject(r), r.revision));
    }
    return rows;
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

}  // namespace ashyq::server::testing
