#include "verify/record_verifier.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/file_io.h"
#include "ledger/tree_head.h"
#include "record_fixture.h"
#include "verify/published_index.h"

namespace ashyq::verify {
namespace {

using testing::CopyPublication;
using testing::Failures;
using testing::Verify;
using testing::Honest;
using testing::Record;
using testing::RecordVariant;
using testing::TinyRecord;

std::string Slurp(const std::string& path) {
  Result<std::string> text = ReadFile(path, size_t{1} << 30);
  EXPECT_TRUE(text.ok()) << text.error().ToString();
  return text.ok() ? *text : std::string();
}
void Spill(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

PublishedIndex IndexOf(const std::string& publication) {
  Result<PublishedIndex> index = ParsePublishedIndex(Slurp(publication + "/index.json"));
  EXPECT_TRUE(index.ok()) << index.error().ToString();
  if (!index.ok()) return PublishedIndex();
  Status stations = ReadStationMap(PublicationDirectory(publication), &*index);
  EXPECT_TRUE(stations.ok()) << stations.error().ToString();
  return *index;
}

std::string FileOf(const PathMap& map, const std::string& key) {
  for (const auto& [k, v] : map) {
    if (k == key) return v;
  }
  ADD_FAILURE() << "no " << key << " in the index";
  return "";
}


// Whether some failure has `rule` and a `where` containing `where_part`.
bool Names(const VerificationReport& report, std::string_view rule, std::string_view where_part) {
  for (const Error& e : report.findings.failures()) {
    if (e.rule == rule && e.where.find(where_part) != std::string::npos) return true;
  }
  return false;
}

// Replaces the first match of `from` after `after` in the file; fails the test if none.
void Edit(const std::string& path, const std::string& after, const std::string& from, const std::string& to) {
  std::string text = Slurp(path);
  const size_t start = text.find(after);
  ASSERT_NE(start, std::string::npos) << after;
  const size_t at = text.find(from, start);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  Spill(path, text);
}

class RecordVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Honest().built_error, ""); }
};

TEST_F(RecordVerifierTest, AnUntouchedRecordVerifies) {
  const TinyRecord& r = Honest();
  VerificationReport report = Verify(r.publication);
  EXPECT_TRUE(report.ok()) << Failures(report);
  const ElectionDefinition& def = r.election->definition();
  EXPECT_EQ(report.election_id, def.election_id);
  EXPECT_EQ(report.definition_digest, r.election->definition_digest());
  EXPECT_EQ(report.stations_expected, def.polling_stations.size());
  EXPECT_EQ(report.stations_reported, def.polling_stations.size());
  EXPECT_EQ(report.stations_counted, def.polling_stations.size());
  EXPECT_EQ(report.precinct_protocols, def.polling_stations.size() + 2);  // a recount and a TEC's "correction"
  EXPECT_EQ(report.corrections, 2u);
  size_t tiers = 0;
  for (const Commission& c : def.commissions) tiers += c.tier != CommissionTier::kPrecinct;
  EXPECT_EQ(report.tier_protocols_checked, tiers);
  EXPECT_EQ(report.log.tree_heads, 2u);
  EXPECT_EQ(report.log.heads_checked, 2u);
  EXPECT_EQ(report.log.latest_size, report.log.leaves);
  EXPECT_EQ(report.turnout_reports, def.polling_stations.size() * 5 + 1);
  EXPECT_EQ(report.contests_decided, def.contests.size());
  EXPECT_EQ(report.files.station_files, def.polling_stations.size());
  EXPECT_EQ(report.files.commission_files, tiers);
  EXPECT_GT(report.signatures_verified, def.polling_stations.size() * 3);
  // The TEC's "correction" is refused and published as refused: a notice, not a failure.
  EXPECT_EQ(report.findings.notice_counts().count("R-E1.owning-commission"), 1u);
}

TEST_F(RecordVerifierTest, AnElectionDirectoryMeansItsPublication) {
  VerificationReport report = Verify(Honest().dir);
  EXPECT_EQ(report.publication, Honest().publication);
  EXPECT_TRUE(report.ok()) << Failures(report);
}

TEST_F(RecordVerifierTest, NoPublicationIsBadInput) {
  const std::string empty = testing::TempDir("empty");
  Result<VerificationReport> report = VerifyPublication(empty, VerifyOptions());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kBadInput);
  Spill(empty + "/definition.json", "{}");
  report = VerifyPublication(empty, VerifyOptions());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("without a publication"), std::string::npos) << report.error().message;
  const std::string copy = CopyPublication(Honest());
  Spill(copy + "/index.json", R"({"format":"ashyq/publication/2"})");
  report = VerifyPublication(copy, VerifyOptions());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kBadInput);
}

TEST_F(RecordVerifierTest, AFigureChangedInAStationFileIsNamed) {
  const std::string copy = CopyPublication(Honest());
  const TinyRecord& r = Honest();
  const std::string station = r.election->definition().polling_stations.front().id;
  const std::string file = FileOf(IndexOf(copy).stations, station);
  Edit(copy + "/" + file, "\"signed_object\"", "\"invalid_ballots\":", "\"invalid_ballots\":1");
  VerificationReport report = Verify(copy);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Names(report, "R-F1.station-file", file + ":/versions/0/signed_object/payload/contests/0/invalid_ballots"))
      << Failures(report);
  EXPECT_TRUE(Names(report, "R-F1.content-address", file)) << Failures(report);
  // The log itself is intact: nothing else fails.
  for (const Error& e : report.findings.failures()) EXPECT_NE(e.where.find(file), std::string::npos) << e.ToString();
}

TEST_F(RecordVerifierTest, ALeafRemovedFromTheLogIsNamed) {
  const std::string copy = CopyPublication(Honest());
  const PublishedIndex index = IndexOf(copy);
  const std::string range = index.ranges.front();
  std::string text = Slurp(copy + "/" + range);
  const size_t first = text.find('\n');
  const size_t second = text.find('\n', first + 1);
  text.erase(first + 1, second - first);  // leaf 1
  Spill(copy + "/" + range, text);
  VerificationReport report = Verify(copy);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Names(report, "R-E2.range", range)) << Failures(report);
  EXPECT_TRUE(Names(report, "R-E2.root", "log/tree-heads/")) << Failures(report);
  EXPECT_TRUE(Names(report, "R-E2.size", "index.json")) << Failures(report);
}

TEST_F(RecordVerifierTest, ALeafNotInCanonicalFormIsNamed) {
  const std::string copy = CopyPublication(Honest());
  const std::string range = IndexOf(copy).ranges.front();
  Edit(copy + "/" + range, "\n", "\"payload\":{", "\"payload\": {");  // leaf 1, same object
  VerificationReport report = Verify(copy);
  EXPECT_TRUE(Names(report, "R-E2.leaf", range + " line 2")) << Failures(report);
  EXPECT_TRUE(Names(report, "R-E2.root", "log/tree-heads/")) << Failures(report);
}

TEST_F(RecordVerifierTest, AReplacedTreeHeadIsNamed) {
  const TinyRecord& r = Honest();
  const PublishedIndex index = IndexOf(r.publication);
  // A well-formed head of the right size with another root, signed by someone who is not the CEC.
  ledger::TreeHead head;
  head.log_id = r.election->definition().election_id;
  head.size = static_cast<uint64_t>(index.tree_head.size);
  head.root_hash = Sha256("another log");
  head.timestamp = "2024-03-18T01:00:00Z";
  const crypto::SigningKey impostor = crypto::SigningKey::Generate();
  Result<crypto::SignedObject> forged = ledger::SignTreeHead(head, "cec", impostor);
  ASSERT_TRUE(forged.ok());
  const std::string copy = CopyPublication(r);
  Spill(copy + "/log/tree-head.json", forged->ToCanonicalJson());
  Spill(copy + "/" + index.tree_head.file, forged->ToCanonicalJson());
  VerificationReport report = Verify(copy);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Names(report, "R-E2.root", index.tree_head.file)) << Failures(report);
  bool signature = false;
  for (const Error& e : report.findings.failures()) {
    signature |= e.where.find(index.tree_head.file) != std::string::npos && e.code == ErrorCode::kBadSignature;
  }
  EXPECT_TRUE(signature) << Failures(report);

  // Signed by the CEC's own key but over other leaves: the root still gives it away.
  const Commission& cec = r.election->tree().commission(r.election->tree().root());
  Result<crypto::SignedObject> by_cec = ledger::SignTreeHead(head, cec.id, sim::SimulatedKeyFor(*r.keyring, cec.id));
  ASSERT_TRUE(by_cec.ok());
  const std::string copy2 = CopyPublication(r);
  Spill(copy2 + "/log/tree-head.json", by_cec->ToCanonicalJson());
  Spill(copy2 + "/" + index.tree_head.file, by_cec->ToCanonicalJson());
  report = Verify(copy2);
  EXPECT_TRUE(Names(report, "R-E2.root", index.tree_head.file)) << Failures(report);
  EXPECT_TRUE(Names(report, "R-E2.latest", "index.json:/tree_head/root_hash")) << Failures(report);
}

TEST_F(RecordVerifierTest, ATecTotalThatDiffersFromItsStationsIsNamed) {
  const std::string copy = CopyPublication(Honest());
  const TinyRecord& r = Honest();
  std::string tec;
  for (const Commission& c : r.election->definition().commissions) {
    if (c.tier == CommissionTier::kTerritorial && tec.empty()) tec = c.id;
  }
  const std::string file = FileOf(IndexOf(copy).commissions, tec);
  // The commission's own totals (canonical JSON: the first "contests" whose objects start with
  // "ballots_cancelled"); prefix the first list's vote count with a 1.
  std::string text = Slurp(copy + "/" + file);
  const size_t contests = text.find("\"contests\":[{\"ballots_cancelled\"");
  const size_t votes = text.find("\"votes\":", contests);
  const size_t number = text.find("\"votes\":", votes + 8);  // the first choice's count
  ASSERT_NE(number, std::string::npos);
  text.insert(number + 8, "1");
  Spill(copy + "/" + file, text);
  VerificationReport report = Verify(copy);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Names(report, "R-F1.commission-file", file + ":/contests/0/votes/0/votes")) << Failures(report);
}

TEST_F(RecordVerifierTest, ADroppedProtocolVersionIsNamed) {
  const std::string copy = CopyPublication(Honest());
  const TinyRecord& r = Honest();
  const std::string file = FileOf(IndexOf(copy).stations, r.recounted_station);
  // Keep only version 2: remove the first element of "versions".
  std::string text = Slurp(copy + "/" + file);
  const size_t start = text.find("\"versions\":[") + 12;
  const size_t second = text.find(",{\"digest\":", start);
  ASSERT_NE(second, std::string::npos);
  text.erase(start, second + 1 - start);
  Spill(copy + "/" + file, text);
  VerificationReport report = Verify(copy);
  EXPECT_FALSE(report.ok());
  bool named = false;
  for (const Error& e : report.findings.failures()) {
    named |= e.rule == "R-F1.station-file" && e.message.find("version 1") != std::string::npos &&
             e.message.find("dropped") != std::string::npos;
  }
  EXPECT_TRUE(named) << Failures(report);
}

TEST_F(RecordVerifierTest, AForgedTierProtocolIsRecomputedAndNamed) {
  const TinyRecord& r = Record(RecordVariant::kForgedTierProtocol);
  ASSERT_EQ(r.built_error, "");
  VerificationReport report = Verify(r.publication);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Names(report, "R-E1.tabulation", "log/leaves/")) << Failures(report);
  EXPECT_TRUE(Names(report, "R-E1.sum", ":/payload/contests/0/votes/0/votes")) << Failures(report);
}

TEST_F(RecordVerifierTest, ATierProtocolNotTabulatedAgainIsStale) {
  const TinyRecord& r = Record(RecordVariant::kStaleTierProtocols);
  ASSERT_EQ(r.built_error, "");
  VerificationReport report = Verify(r.publication);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Names(report, "R-E1.stale", "log/leaves/")) << Failures(report);
  for (const Error& e : report.findings.failures()) {
    EXPECT_TRUE(e.rule == "R-E1.stale") << e.ToString();
  }
}

TEST_F(RecordVerifierTest, TheCecKeyCanBePinned) {
  VerifyOptions options;
  options.expected_cec_key = std::string(64, 'a');
  Result<VerificationReport> report = VerifyPublication(Honest().publication, options);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(report->findings.failures().front().rule, "R-F1.trust-anchor");
  options.expected_cec_key = report->cec_key;
  report = VerifyPublication(Honest().publication, options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << Failures(*report);
}

TEST_F(RecordVerifierTest, TheJsonReportNamesEveryFailure) {
  const std::string copy = CopyPublication(Honest());
  const std::string station = Honest().election->definition().polling_stations.back().id;
  const std::string file = FileOf(IndexOf(copy).stations, station);
  Edit(copy + "/" + file, "\"signed_object\"", "\"ballots_issued\":", "\"ballots_issued\":2");
  VerificationReport report = Verify(copy);
  const json::Value doc = ReportToJson(report);
  EXPECT_FALSE(doc.Find("ok")->as_bool());
  EXPECT_EQ(doc.Find("failures")->items().size(), report.findings.failures().size());
  EXPECT_EQ(doc.Find("summary")->Find("failures")->as_int(), static_cast<int64_t>(report.findings.failures().size()));
  EXPECT_EQ(doc.Find("format")->as_string(), "ashyq/verification-report/1");
}

}  // namespace
}  // namespace ashyq::verify
