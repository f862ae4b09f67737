#include "server/live_publication.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <set>

#include "core/file_io.h"
#include "server/publication_run.h"
#include "server_fixture.h"
#include "verifier_failures.h"
#include "tabulate/tier_protocol.h"
#include "sim/recount.h"
#include "sim/tec_alteration.h"
#include "verify/record_verifier.h"

namespace ashyq::server {
namespace {

namespace fs = std::filesystem;
using testing::CountedElectionTest;

// Every regular file under `dir`: relative path -> bytes.
std::map<std::string, std::string> Files(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    Result<std::string> bytes = ReadFile(e.path().string(), size_t{1} << 30);
    EXPECT_TRUE(bytes.ok()) << e.path();
    files[fs::relative(e.path(), dir).generic_string()] = bytes.ok() ? *bytes : "";
  }
  return files;
}

// Every regular file under `dir`: relative path -> modification time (ns).
std::map<std::string, int64_t> Stamps(const std::string& dir) {
  std::map<std::string, int64_t> stamps;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    struct stat st;
    if (!e.is_regular_file() || ::stat(e.path().c_str(), &st) != 0) continue;
    stamps[fs::relative(e.path(), dir).generic_string()] = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  }
  return stamps;
}

void ExpectVerified(const std::string& dir) {
  Result<verify::VerificationReport> report = verify::VerifyPublication(dir, verify::VerifyOptions());
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(testing::FailuresButEvoteRecord(*report), "");
}

// Election night in a fresh store: the definition, half the protocols, an Update; the rest with
// turnout, an Update; a recount (version 2) and a TEC's "correction" (refused), an Update.
class LivePublicationTest : public CountedElectionTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    live_store_ = StoreWithDefinition("live.db");
    ASSERT_NE(live_store_, nullptr);
    pub_ = dir_ + "/pub";
    Result<std::unique_ptr<LivePublication>> live = LivePublication::Open(*election_, *live_store_, Keys(), pub_);
    ASSERT_TRUE(live.ok()) << live.error().ToString();
    live_ = std::move(live).value();
  }

  void Put(const std::vector<store::StoredObject>& objects) {
    Result<size_t> stored = live_store_->PutBatch(objects);
    ASSERT_TRUE(stored.ok()) << stored.error().ToString();
    ASSERT_EQ(*stored, objects.size());
  }
  void PutProtocols(size_t first, size_t end) {
    std::vector<store::StoredObject> objects;
    for (size_t i = first; i < end; ++i) {
      objects.push_back(store::ToStored(protocols_[i], protocols_[i].payload().Find("station")->as_string(), 1));
    }
    Put(objects);
  }
  LiveUpdate Update(const std::string& now) {
    Result<LiveUpdate> update = live_->Update(now);
    EXPECT_TRUE(update.ok()) << update.error().ToString();
    return update.ok() ? *update : LiveUpdate();
  }

  std::unique_ptr<store::Store> live_store_;
  std::string pub_;
  std::unique_ptr<LivePublication> live_;
};

TEST_F(LivePublicationTest, IncrementalUpdatesPublishWhatAFullRunWould) {
  const size_t half = protocols_.size() / 2;
  PutProtocols(0, half);
  LiveUpdate first = Update("2007-08-18T20:00:00Z");
  ASSERT_TRUE(first.published);
  EXPECT_EQ(first.stations_verified, half);
  EXPECT_EQ(live_->tabulation().protocols_verified, half);
  ASSERT_TRUE(first.head.has_value());
  EXPECT_TRUE(first.head->is_new);
  EXPECT_GT(first.tier_protocols_signed, 0u);
  EXPECT_EQ(first.head->head.size, *live_store_->LogSize());
  ExpectVerified(pub_);

  PutProtocols(half, protocols_.size());
  Put(TurnoutRows());
  LiveUpdate second = Update("2007-08-18T21:00:00Z");
  EXPECT_EQ(second.stations_verified, protocols_.size() - half);  // each version verified once
  EXPECT_EQ(live_->tabulation().protocols_verified, protocols_.size());
  ASSERT_TRUE(second.head.has_value());
  EXPECT_TRUE(second.head->is_new);
  EXPECT_EQ(second.head->head.size, *live_store_->LogSize());
  EXPECT_GT(second.publication.files_removed, 0u);  // the files it replaced

  // A recount at one station (version 2, counted) and a TEC's own "correction" of two others
  // (version 2, refused: the PEC's version 1 stays counted).
  Result<std::vector<sim::Recount>> recounts =
      sim::SimulateRecounts(protocols_, election_->protocol_context(), *keyring_, 1, 7);
  ASSERT_TRUE(recounts.ok()) << recounts.error().ToString();
  std::vector<crypto::SignedObject> others;
  for (const crypto::SignedObject& p : protocols_) {
    if (p.payload().Find("station")->as_string() != (*recounts)[0].station) others.push_back(p);
  }
  Result<sim::TecAlteration> altered = sim::AlterProtocolsAtTec(others, election_->protocol_context(), *keyring_, 2,
                                                                sim::TecAlterationKind::kOwnCorrection);
  ASSERT_TRUE(altered.ok()) << altered.error().ToString();
  std::vector<store::StoredObject> corrections{store::ToStored((*recounts)[0].corrected, (*recounts)[0].station, 2)};
  for (size_t i = 0; i < altered->altered.size(); ++i) {
    corrections.push_back(store::ToStored(altered->altered[i], altered->stations[i], altered->versions[i]));
  }
  Put(corrections);
  constexpr const char* kLast = "2007-08-18T22:00:00Z";
  LiveUpdate third = Update(kLast);
  EXPECT_EQ(third.stations_verified, 3u);
  EXPECT_EQ(live_->tabulation().rejected.size(), 2u);
  EXPECT_EQ(live_->tabulation().protocols_verified, protocols_.size());
  EXPECT_GT(third.tier_protocols_signed, 0u);  // the recount moved the totals above it
  EXPECT_LT(third.publication.files_written, second.publication.files_written);
  ExpectVerified(pub_);

  // What a from-scratch run publishes from the same store at the same time: the same bytes. It
  // signs nothing (every tier protocol and the head are already stored) and so publishes the
  // same tree heads. The only files it lacks are the partial log ranges that the earlier
  // Updates published (each still a true prefix of the log, as the verifier checks).
  const std::string scratch = dir_ + "/scratch";
  Result<PublicationRun> full = RunPublication(*election_, *live_store_, Keys(), scratch, kLast);
  ASSERT_TRUE(full.ok()) << full.error().ToString();
  EXPECT_FALSE(full->head.is_new);
  EXPECT_EQ(full->tabulation.tier_protocols_signed, 0u);
  const std::map<std::string, std::string> live_files = Files(pub_);
  const std::map<std::string, std::string> scratch_files = Files(scratch);
  for (const auto& [rel, bytes] : scratch_files) {
    auto found = live_files.find(rel);
    ASSERT_NE(found, live_files.end()) << rel << " is missing from the live publication";
    EXPECT_TRUE(found->second == bytes) << rel << " differs";
  }
  std::set<std::string> extra;
  for (const auto& [rel, bytes] : live_files) {
    if (!scratch_files.count(rel)) extra.insert(rel);
  }
  EXPECT_EQ(extra.size(), 2u);  // the log as the first and the second Update left it
  for (const std::string& rel : extra) EXPECT_EQ(rel.rfind("log/leaves/", 0), 0u) << rel;
  EXPECT_EQ(Files(pub_ + "/log/tree-heads").size(), 3u);
  ExpectVerified(scratch);

  // Nothing new: nothing signed, nothing written, nothing removed.
  const std::map<std::string, int64_t> before = Stamps(pub_);
  const size_t heads = live_store_->TreeHeads()->size();
  LiveUpdate idle = Update("2007-08-18T23:00:00Z");
  EXPECT_FALSE(idle.published);
  EXPECT_FALSE(idle.head.has_value());
  EXPECT_EQ(idle.new_leaves, 0u);
  EXPECT_EQ(live_store_->TreeHeads()->size(), heads);
  EXPECT_EQ(Stamps(pub_), before);
}

// Only turnout arrives: the station files and the commission files above them change, the
// tier protocols do not (nothing is signed but the tree head).
TEST_F(LivePublicationTest, TurnoutAloneSignsOnlyATreeHead) {
  PutProtocols(0, protocols_.size());
  ASSERT_TRUE(Update("2007-08-18T20:00:00Z").published);
  const std::map<std::string, std::string> before = Files(pub_);
  Put(TurnoutRows());
  LiveUpdate update = Update("2007-08-18T20:10:00Z");
  ASSERT_TRUE(update.published);
  EXPECT_EQ(update.stations_verified, 0u);
  EXPECT_EQ(update.tier_protocols_signed, 0u);
  ASSERT_TRUE(update.head.has_value());
  EXPECT_TRUE(update.head->is_new);
  const std::map<std::string, std::string> after = Files(pub_);
  // results.json and the CSV exports hold no turnout: unchanged, not rewritten.
  size_t kept = 0;
  for (const auto& [rel, bytes] : before) {
    if (rel.rfind("data/results-", 0) == 0 || rel.ends_with(".csv")) kept += after.count(rel);
  }
  EXPECT_GT(kept, 0u);
  ExpectVerified(pub_);
}

// A log rewritten under a signed head is refused, and nothing is signed.
TEST_F(LivePublicationTest, AStoredHeadTheLogDoesNotExtendIsRefused) {
  PutProtocols(0, 1);
  LiveUpdate update = Update("2007-08-18T20:00:00Z");
  ASSERT_TRUE(update.head.has_value());
  // Another store of the same election whose log differs from leaf 1 on, holding the first
  // store's head.
  std::unique_ptr<store::Store> other = StoreWithDefinition("other.db");
  ASSERT_NE(other, nullptr);
  std::vector<store::StoredObject> objects;
  for (size_t i = 1; i < protocols_.size(); ++i) {
    objects.push_back(store::ToStored(protocols_[i], protocols_[i].payload().Find("station")->as_string(), 1));
  }
  ASSERT_GE(objects.size() + 1, update.head->head.size);
  ASSERT_TRUE(other->PutBatch(objects).ok());
  ASSERT_TRUE(other->PutTreeHead(update.head->head.size, update.head->envelope).ok());
  Result<std::unique_ptr<LivePublication>> live = LivePublication::Open(*election_, *other, Keys(), dir_ + "/pub2");
  ASSERT_TRUE(live.ok());
  Result<LiveUpdate> refused = (*live)->Update("2007-08-18T20:05:00Z");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-E2.fork") << refused.error().ToString();
  EXPECT_EQ(other->TreeHeads()->size(), 1u);
  EXPECT_EQ(*other->LogSize(), objects.size() + 1);
}

TEST_F(LivePublicationTest, OpenRefusesMissingKeys) {
  Result<std::unique_ptr<LivePublication>> live = LivePublication::Open(*election_, *live_store_, CommissionKeys(), pub_);
  ASSERT_FALSE(live.ok());
  EXPECT_EQ(live.error().code, ErrorCode::kBadInput);
}


// Production (decision 0017): the server holds only the CEC's key, for tree heads. It signs no
// tier protocol; until the commissions submit theirs, the verifier says so (R-E1.missing) and
// finds nothing else wrong.
class KeylessLivePublicationTest : public LivePublicationTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    live_store_ = StoreWithDefinition("live.db");
    ASSERT_NE(live_store_, nullptr);
    pub_ = dir_ + "/pub";
    Result<crypto::SigningKey> cec = Keys()(Cec().id);
    ASSERT_TRUE(cec.ok());
    Result<std::unique_ptr<LivePublication>> live = LivePublication::OpenWithTreeHeadKey(
        *election_, *live_store_, std::make_shared<const crypto::SigningKey>(std::move(cec).value()), pub_);
    ASSERT_TRUE(live.ok()) << live.error().ToString();
    live_ = std::move(live).value();
  }
  const Commission& Cec() const { return election_->tree().commission(election_->tree().root()); }

  // The tier protocols each commission would sign over what the store holds now, signed by
  // each with its own key, as they come through the door: the next version of each.
  std::vector<store::StoredObject> CommissionsSign(const std::set<std::string>& only = {}) {
    Result<TabulationRun> run = RunTabulation(*election_, *live_store_, CommissionKeys());
    EXPECT_TRUE(run.ok()) << run.error().ToString();
    std::vector<store::StoredObject> rows;
    if (!run.ok()) return rows;
    for (const tabulate::TabulatedTier& tier : run->tabulation.tiers) {
      const std::string& id = election_->tree().commission(tier.commission).id;
      if (!only.empty() && !only.count(id)) continue;
      Result<std::vector<store::StoredObject>> versions = live_store_->Versions(tabulate::kTierProtocolFormat, id);
      EXPECT_TRUE(versions.ok());
      if (!versions->empty() && versions->back().digest == tier.digest) continue;  // unchanged: signed already
      Result<crypto::SignedObject> object = crypto::SignedObject::Create(tabulate::TierProtocolToJson(tier.protocol));
      EXPECT_TRUE(object.ok());
      Result<crypto::SigningKey> key = Keys()(id);
      EXPECT_TRUE(key.ok());
      EXPECT_TRUE(object->AddSignature(id, *key).ok());
      rows.push_back(store::ToStored(*object, id, static_cast<int64_t>(versions->size()) + 1));
    }
    return rows;
  }

  // The rules of the verifier's failures on the publication, each once.
  std::set<std::string> FailedRules() {
    Result<verify::VerificationReport> report = verify::VerifyPublication(pub_, verify::VerifyOptions());
    EXPECT_TRUE(report.ok()) << report.error().ToString();
    std::set<std::string> rules;
    if (report.ok()) {
      for (const Error& e : report->findings.failures()) {
        if (e.rule != verify::kEvoteMissingRule) rules.insert(e.rule);  // the e-tally's, not the server's
      }
    }
    return rules;
  }
};

TEST_F(KeylessLivePublicationTest, SignsNothingButTheTreeHead) {
  PutProtocols(0, protocols_.size());
  Put(TurnoutRows());
  LiveUpdate update = Update("2007-08-18T20:00:00Z");
  ASSERT_TRUE(update.published);
  EXPECT_EQ(update.tier_protocols_signed, 0u);
  EXPECT_EQ(update.stations_verified, protocols_.size());
  ASSERT_TRUE(update.head.has_value());
  EXPECT_TRUE(update.head->is_new);
  EXPECT_EQ(update.head->head.size, *live_store_->LogSize());  // the head covers the whole log
  // Nothing in the log but what was put and the definition: no tier protocol at all.
  EXPECT_EQ(*live_store_->LogSize(), 1 + protocols_.size() + TurnoutRows().size());
  Result<std::vector<store::StoredObject>> tiers = live_store_->Latest(tabulate::kTierProtocolFormat);
  ASSERT_TRUE(tiers.ok());
  EXPECT_TRUE(tiers->empty());
  // The totals are published (anyone can recompute them); no commission has signed them yet,
  // and that is all the verifier finds.
  EXPECT_EQ(FailedRules(), std::set<std::string>{"R-E1.missing"});
  // Nothing new: nothing signed, nothing written.
  LiveUpdate idle = Update("2007-08-18T20:01:00Z");
  EXPECT_FALSE(idle.published);
  EXPECT_EQ(live_store_->TreeHeads()->size(), 1u);
}

TEST_F(KeylessLivePublicationTest, PublishesTheTierProtocolsTheCommissionsSubmit) {
  PutProtocols(0, protocols_.size());
  ASSERT_TRUE(Update("2007-08-18T20:00:00Z").published);
  // Every commission signs and submits its own: the publication is then complete and verified,
  // and every tier protocol in the log is the commission's (version 1: the server signed none).
  Put(CommissionsSign());
  LiveUpdate update = Update("2007-08-18T20:05:00Z");
  ASSERT_TRUE(update.published);
  EXPECT_EQ(update.tier_protocols_signed, 0u);
  ExpectVerified(pub_);
  Result<std::vector<store::StoredObject>> tiers = live_store_->Latest(tabulate::kTierProtocolFormat);
  ASSERT_TRUE(tiers.ok());
  EXPECT_EQ(tiers->size(), SigningCommissions(election_->definition()).size());
  for (const store::StoredObject& t : *tiers) EXPECT_EQ(t.version, 1) << t.subject;
  // The commission's file shows the tier protocol it signed.
  const std::map<std::string, std::string> files = Files(pub_);
  size_t shown = 0;
  for (const store::StoredObject& t : *tiers) {
    for (const auto& [rel, bytes] : files) {
      if (rel.rfind("data/commission/" + t.subject + "-", 0) == 0 &&
          bytes.find(t.digest.Hex()) != std::string::npos) {
        ++shown;
      }
    }
  }
  EXPECT_EQ(shown, tiers->size());

  // A recount (version 2) makes the signed totals out of date: the server does not sign again
  // for the commissions, and the verifier says whose result is stale until they sign again.
  Result<std::vector<sim::Recount>> recounts =
      sim::SimulateRecounts(protocols_, election_->protocol_context(), *keyring_, 1, 7);
  ASSERT_TRUE(recounts.ok()) << recounts.error().ToString();
  Put({store::ToStored((*recounts)[0].corrected, (*recounts)[0].station, 2)});
  LiveUpdate recount = Update("2007-08-18T20:10:00Z");
  ASSERT_TRUE(recount.published);
  EXPECT_EQ(recount.tier_protocols_signed, 0u);
  EXPECT_EQ(FailedRules(), std::set<std::string>{"R-E1.stale"});
  Put(CommissionsSign());
  ASSERT_TRUE(Update("2007-08-18T20:15:00Z").published);
  ExpectVerified(pub_);
}

TEST_F(KeylessLivePublicationTest, OneCommissionSubmittedTheOthersAreMissing) {
  PutProtocols(0, protocols_.size());
  ASSERT_TRUE(Update("2007-08-18T20:00:00Z").published);
  const std::string tec = election_->tree().commission(election_->tree().children(
      election_->tree().children(election_->tree().root())[0])[0]).id;
  Put(CommissionsSign({tec}));
  ASSERT_TRUE(Update("2007-08-18T20:05:00Z").published);
  Result<verify::VerificationReport> report = verify::VerifyPublication(pub_, verify::VerifyOptions());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->tier_protocols_checked, 1u);  // the TEC's, up to date
  for (const Error& e : report->findings.failures()) {
    if (e.rule == verify::kEvoteMissingRule) continue;  // the e-tally's, not the server's
    EXPECT_EQ(e.rule, "R-E1.missing") << e.ToString();
    EXPECT_NE(e.where, tec) << "the TEC submitted its own";
  }
  EXPECT_FALSE(report->findings.failures().empty());
}

TEST_F(KeylessLivePublicationTest, OpenRefusesAKeyThatIsNotTheCecs) {
  const std::string tec = election_->tree().commission(election_->tree().children(
      election_->tree().children(election_->tree().root())[0])[0]).id;
  Result<crypto::SigningKey> key = Keys()(tec);
  ASSERT_TRUE(key.ok());
  std::unique_ptr<store::Store> store = StoreWithDefinition("other.db");
  Result<std::unique_ptr<LivePublication>> live = LivePublication::OpenWithTreeHeadKey(
      *election_, *store, std::make_shared<const crypto::SigningKey>(std::move(key).value()), dir_ + "/other");
  ASSERT_FALSE(live.ok());
  EXPECT_EQ(live.error().code, ErrorCode::kBadInput);
  EXPECT_NE(live.error().message.find(Cec().id), std::string::npos) << live.error().ToString();
  Result<std::unique_ptr<LivePublication>> none =
      LivePublication::OpenWithTreeHeadKey(*election_, *store, nullptr, dir_ + "/other");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace ashyq::server
