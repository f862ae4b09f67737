#include "server/publisher.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/file_io.h"
#include "core/hash.h"
#include "core/json.h"
#include "ledger/merkle.h"
#include "server/log_head.h"
#include "server_fixture.h"

namespace ashyq::server {
namespace {

namespace fs = std::filesystem;
using testing::CountedElectionTest;

class PublisherTest : public CountedElectionTest {
 protected:
  Result<CommittedHead> Commit(const std::string& timestamp = "2007-08-18T21:00:00Z") {
    ledger::MerkleTree tree;
    return CommitTreeHead(*store_, &tree, election_->definition().election_id, "cec",
                          sim::SimulatedKeyFor(*keyring_, "cec"), timestamp);
  }
  json::Value ReadJson(const std::string& rel) {
    Result<std::string> text = ReadFile(pub_ + "/" + rel, size_t{64} << 20);
    EXPECT_TRUE(text.ok()) << rel;
    if (!text.ok()) return json::Value();
    Result<json::Value> doc = json::Parse(*text);
    EXPECT_TRUE(doc.ok()) << rel;
    return doc.ok() ? *doc : json::Value();
  }
  std::string pub_ = "";
};

TEST_F(PublisherTest, RefusesALogWithoutASignedTreeHead) {
  Result<TabulationRun> run = RunTabulation(*election_, *store_, Keys());
  ASSERT_TRUE(run.ok());
  Result<PublicationSummary> published = Publish(*election_, *store_, *run, dir_ + "/pub", "2007-08-18T21:00:00Z");
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().rule, "R-E2.tree-head");
  EXPECT_FALSE(fs::exists(dir_ + "/pub/index.json"));
}

TEST_F(PublisherTest, PublishesEveryLeafStationAndTierAsTheSpecSays) {
  Result<TabulationRun> run = RunTabulation(*election_, *store_, Keys());
  ASSERT_TRUE(run.ok());
  Result<CommittedHead> head = Commit();
  ASSERT_TRUE(head.ok()) << head.error().ToString();
  EXPECT_TRUE(head->is_new);
  pub_ = dir_ + "/pub";
  Result<PublicationSummary> published = Publish(*election_, *store_, *run, pub_, "2007-08-18T21:00:00Z");
  ASSERT_TRUE(published.ok()) << published.error().ToString();
  EXPECT_EQ(published->log_size, *store_->LogSize());

  json::Value index = ReadJson("index.json");
  EXPECT_EQ(index.Find("format")->as_string(), kPublicationFormat);
  EXPECT_EQ(index.Find("tree_head")->Find("size")->as_int(), static_cast<int64_t>(published->log_size));

  // The log ranges hold every leaf, in order, and hash to the signed root.
  ledger::MerkleTree tree;
  for (const json::Value& range : index.Find("log")->Find("ranges")->items()) {
    std::ifstream in(pub_ + "/" + range.as_string());
    std::string line;
    while (std::getline(in, line)) tree.AppendLeaf(line);
  }
  EXPECT_EQ(tree.size(), published->log_size);
  EXPECT_EQ(tree.Root(), head->head.root_hash);

  // Every data file is named by the SHA-256 of its bytes.
  size_t data_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(pub_ + "/data")) {
    if (!entry.is_regular_file()) continue;
    Result<std::string> bytes = ReadFile(entry.path().string(), size_t{64} << 20);
    ASSERT_TRUE(bytes.ok());
    const std::string stem = entry.path().stem().string();
    EXPECT_EQ(stem.substr(stem.size() - 64), Sha256(*bytes).Hex()) << entry.path();
    ++data_files;
  }
  EXPECT_GT(data_files, election_->definition().polling_stations.size());

  // A station file carries its protocol exactly as logged, and its summary is in its TEC's file.
  const std::string station = protocols_[0].payload().Find("station")->as_string();
  json::Value station_map = ReadJson(index.Find("files")->Find("stations")->as_string());
  json::Value station_doc = ReadJson(station_map.Find("stations")->Find(station)->as_string());
  const json::Value& versions = *station_doc.Find("versions");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(json::Canonicalize(*versions.items()[0].Find("signed_object")), protocols_[0].ToCanonicalJson());
  EXPECT_TRUE(station_doc.Find("accepted")->as_bool());
  json::Value national = ReadJson(index.Find("files")->Find("national")->as_string());
  EXPECT_EQ(national.Find("commission")->Find("id")->as_string(), "cec");
  EXPECT_FALSE(national.Find("tier_protocol")->is_null());
  EXPECT_EQ(national.Find("tier_protocol")->Find("digest")->as_string(), run->tabulation.cec().digest.Hex());
}

TEST_F(PublisherTest, RepublishingWritesOnlyWhatChanged) {
  Result<TabulationRun> run = RunTabulation(*election_, *store_, Keys());
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(Commit().ok());
  Result<PublicationSummary> first = Publish(*election_, *store_, *run, dir_ + "/pub", "2007-08-18T21:00:00Z");
  ASSERT_TRUE(first.ok());
  Result<CommittedHead> again = Commit("2007-08-18T22:00:00Z");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->is_new);  // nothing new was logged
  Result<PublicationSummary> second = Publish(*election_, *store_, *run, dir_ + "/pub", "2007-08-18T22:00:00Z");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->files_written, 3u);  // index.json, log/tree-head.json, and the NIST report's date
  EXPECT_EQ(second->files_unchanged + second->files_written, first->files_written);
}

TEST_F(PublisherTest, RefusesAHeadThatDoesNotCoverTheLog) {
  Result<TabulationRun> run = RunTabulation(*election_, *store_, Keys());
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(Commit().ok());
  // Newly stored tier protocols (a second keyed run after the head would add none; use a new object).
  Result<crypto::SignedObject> extra = crypto::SignedObject::Create(json::Parse(R"({"format":"ashyq/test/1"})").value());
  ASSERT_TRUE(extra.ok());
  ASSERT_TRUE(extra->AddSignature("cec", sim::SimulatedKeyFor(*keyring_, "cec")).ok());
  ASSERT_TRUE(store_->Put(store::ToStored(*extra, "x", 1)).ok());
  Result<PublicationSummary> published = Publish(*election_, *store_, *run, dir_ + "/pub", "2007-08-18T21:00:00Z");
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().rule, "R-E2.tree-head");
  Result<CommittedHead> head = Commit("2007-08-18T21:05:00Z");
  ASSERT_TRUE(head.ok());
  EXPECT_TRUE(head->is_new);
  EXPECT_TRUE(Publish(*election_, *store_, *run, dir_ + "/pub", "2007-08-18T21:05:00Z").ok());
  auto heads = store_->TreeHeads();
  ASSERT_TRUE(heads.ok());
  EXPECT_EQ(heads->size(), 2u);
  EXPECT_TRUE(fs::exists(dir_ + "/pub/log/tree-heads/" + std::to_string((*heads)[0].first) + ".json"));
}

}  // namespace
}  // namespace ashyq::server
