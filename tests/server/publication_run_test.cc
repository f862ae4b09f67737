#include "server/publication_run.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "ledger/tree_head.h"
#include "server_fixture.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::server {
namespace {

namespace fs = std::filesystem;
using testing::CountedElectionTest;

constexpr const char* kNow = "2007-08-18T21:00:00Z";

class PublicationRunTest : public CountedElectionTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    keys_ = dir_ + "/keys";
    pub_ = dir_ + "/pub";
    ASSERT_TRUE(MakeDirectories(keys_, 0700).ok());
  }

  crypto::KeySeed SeedOf(const std::string& commission_id) const {
    return keyring_->SeedFor(sim::SimulatedKeyIndex(commission_id));
  }

  // What a real commission has: one key file per commission the server signs as.
  void WriteKeyFiles() {
    for (const Commission* c : SigningCommissions(election_->definition())) {
      ASSERT_TRUE(crypto::KeyFile::Write(KeyPath(c->id), c->id, SeedOf(c->id)).ok()) << c->id;
    }
  }
  std::string KeyPath(const std::string& id) const { return keys_ + "/" + CommissionKeyFileName(id); }

  const Commission& FirstTec() const {
    for (const Commission& c : election_->definition().commissions) {
      if (c.tier == CommissionTier::kTerritorial) return c;
    }
    ADD_FAILURE() << "the tiny scenario has no TEC";
    return election_->definition().commissions.front();
  }

  // Nothing of a refused run may reach the store or the disk.
  void ExpectNothingWritten(uint64_t log_size_before) {
    EXPECT_EQ(*store_->LogSize(), log_size_before);
    EXPECT_TRUE(store_->TreeHeads()->empty());
    EXPECT_FALSE(fs::exists(pub_));
  }

  std::string keys_;
  std::string pub_;
};

TEST_F(PublicationRunTest, SigningCommissionsAreTheTiersAboveThePrecincts) {
  const std::vector<const Commission*> signing = SigningCommissions(election_->definition());
  size_t above = 0;
  for (const Commission& c : election_->definition().commissions) above += c.tier != CommissionTier::kPrecinct;
  EXPECT_EQ(signing.size(), above);
  ASSERT_FALSE(signing.empty());
  for (const Commission* c : signing) EXPECT_NE(c->tier, CommissionTier::kPrecinct) << c->id;
  EXPECT_EQ(CommissionKeyFileName("tec-east-01"), "tec-east-01.key");
}

TEST_F(PublicationRunTest, PublishesWithKeysFromKeyFiles) {
  WriteKeyFiles();
  Result<CommissionKeys> keys = LoadCommissionKeyFiles(*election_, keys_);
  ASSERT_TRUE(keys.ok()) << keys.error().ToString();
  Result<PublicationRun> run = RunPublication(*election_, *store_, *keys, pub_, kNow);
  ASSERT_TRUE(run.ok()) << run.error().ToString();

  EXPECT_TRUE(run->tabulation.rejected.empty());
  EXPECT_EQ(run->tabulation.tier_protocols_signed, run->tabulation.tabulation.tiers.size());
  EXPECT_GT(run->tabulation.tier_protocols_signed, 0u);
  EXPECT_TRUE(run->head.is_new);
  EXPECT_EQ(run->head.head.size, *store_->LogSize());
  EXPECT_EQ(run->head.head.timestamp, kNow);
  EXPECT_TRUE(fs::exists(pub_ + "/index.json"));
  EXPECT_EQ(run->publication.log_size, run->head.head.size);

  // The tree head is the CEC's, and every tier protocol is signed by its own commission with the
  // key the definition lists: what a verifier checks.
  const Commission& cec = election_->tree().commission(election_->tree().root());
  Result<crypto::PublicKey> cec_key = crypto::PublicKey::FromHex(cec.public_key);
  ASSERT_TRUE(cec_key.ok());
  Result<json::Value> head_doc = json::Parse(run->head.envelope);
  ASSERT_TRUE(head_doc.ok());
  Result<crypto::SignedObject> head_object = crypto::SignedObject::FromJson(*head_doc);
  ASSERT_TRUE(head_object.ok());
  EXPECT_TRUE(ledger::VerifyTreeHead(*head_object, cec.id, *cec_key).ok());
  for (const tabulate::TabulatedTier& tier : run->tabulation.tabulation.tiers) {
    const Commission& c = election_->tree().commission(tier.commission);
    Result<std::vector<store::StoredObject>> versions = store_->Versions(tabulate::kTierProtocolFormat, c.id);
    ASSERT_TRUE(versions.ok());
    ASSERT_EQ(versions->size(), 1u) << c.id;
    Result<json::Value> doc = json::Parse(versions->back().envelope);
    ASSERT_TRUE(doc.ok());
    Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
    ASSERT_TRUE(object.ok());
    Result<crypto::PublicKey> listed = crypto::PublicKey::FromHex(c.public_key);
    ASSERT_TRUE(listed.ok());
    EXPECT_TRUE(object->VerifySignedBy(c.id, *listed).ok()) << c.id;
  }

  // Publishing again signs nothing new.
  Result<PublicationRun> again = RunPublication(*election_, *store_, *keys, pub_, "2007-08-18T22:00:00Z");
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_FALSE(again->head.is_new);
  EXPECT_EQ(again->tabulation.tier_protocols_signed, 0u);
}

TEST_F(PublicationRunTest, AMissingKeyFileNamesTheCommissionAndNothingIsWritten) {
  WriteKeyFiles();
  const Commission& tec = FirstTec();
  ASSERT_TRUE(fs::remove(KeyPath(tec.id)));
  Result<CommissionKeys> keys = LoadCommissionKeyFiles(*election_, keys_);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.error().code, ErrorCode::kNotFound);
  EXPECT_NE(keys.error().message.find("commission " + tec.id), std::string::npos) << keys.error().ToString();
  EXPECT_NE(keys.error().where.find(tec.id + ".key"), std::string::npos) << keys.error().ToString();
}

TEST_F(PublicationRunTest, AnotherCommissionsKeyIsRefusedWithoutShowingTheSecret) {
  WriteKeyFiles();
  const Commission& tec = FirstTec();
  ASSERT_TRUE(fs::remove(KeyPath(tec.id)));
  // The right owner, but the CEC's secret: its public key is not the one listed for the TEC.
  const crypto::KeySeed wrong = SeedOf("cec");
  ASSERT_TRUE(crypto::KeyFile::Write(KeyPath(tec.id), tec.id, wrong).ok());
  Result<CommissionKeys> keys = LoadCommissionKeyFiles(*election_, keys_);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.error().code, ErrorCode::kBadInput);
  EXPECT_NE(keys.error().message.find("commission " + tec.id), std::string::npos) << keys.error().ToString();
  EXPECT_NE(keys.error().message.find("not this commission's key"), std::string::npos);
  EXPECT_EQ(keys.error().ToString().find(HexEncode(wrong.bytes)), std::string::npos);
}

TEST_F(PublicationRunTest, AKeyFileOfAnotherOwnerIsRefused) {
  WriteKeyFiles();
  const Commission& tec = FirstTec();
  ASSERT_TRUE(fs::remove(KeyPath(tec.id)));
  ASSERT_TRUE(crypto::KeyFile::Write(KeyPath(tec.id), "cec", SeedOf("cec")).ok());
  Result<CommissionKeys> keys = LoadCommissionKeyFiles(*election_, keys_);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.error().code, ErrorCode::kBadInput);
  EXPECT_NE(keys.error().message.find("not to commission " + tec.id), std::string::npos) << keys.error().ToString();
}

TEST_F(PublicationRunTest, AKeyFileOthersCanReadIsBadInputNamingTheCommission) {
  WriteKeyFiles();
  const Commission& tec = FirstTec();
  ASSERT_EQ(::chmod(KeyPath(tec.id).c_str(), 0644), 0);
  Result<CommissionKeys> keys = LoadCommissionKeyFiles(*election_, keys_);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.error().code, ErrorCode::kBadInput);  // exit 2, not "a check failed"
  EXPECT_NE(keys.error().message.find("commission " + tec.id), std::string::npos) << keys.error().ToString();
}

TEST_F(PublicationRunTest, AWrongKeyStopsTheRunBeforeAnythingIsStoredOrWritten) {
  const uint64_t size = *store_->LogSize();
  const crypto::SimulatedKeyring* keyring = keyring_.get();
  // Every commission signs with the CEC's key: right for the CEC, wrong for the others.
  CommissionKeys cec_for_all = [keyring](const std::string&) -> Result<crypto::SigningKey> {
    return sim::SimulatedKeyFor(*keyring, "cec");
  };
  Result<PublicationRun> run = RunPublication(*election_, *store_, cec_for_all, pub_, kNow);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, ErrorCode::kBadInput);
  EXPECT_NE(run.error().message.find("not this commission's key"), std::string::npos) << run.error().ToString();
  ExpectNothingWritten(size);
}

TEST_F(PublicationRunTest, AKeyTheServerLacksStopsTheRunBeforeAnythingIsStoredOrWritten) {
  const uint64_t size = *store_->LogSize();
  const std::string tec = FirstTec().id;
  CommissionKeys all = Keys();
  CommissionKeys without_tec = [all, tec](const std::string& id) -> Result<crypto::SigningKey> {
    if (id == tec) return Error{ErrorCode::kNotFound, id, "", "no key of commission " + id};
    return all(id);
  };
  Result<PublicationRun> run = RunPublication(*election_, *store_, without_tec, pub_, kNow);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, ErrorCode::kNotFound);
  ExpectNothingWritten(size);

  Result<PublicationRun> no_keys = RunPublication(*election_, *store_, CommissionKeys(), pub_, kNow);
  ASSERT_FALSE(no_keys.ok());
  ExpectNothingWritten(size);
}

}  // namespace
}  // namespace ashyq::server
