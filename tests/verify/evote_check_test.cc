// The e-vote record (verify/evote_check.h) on the tiny golden election: sim::SimulateEvoting
// writes evote/ into a copy of the honest publication; untouched it verifies, and each kind of
// tampering is a failure naming its rule and place. A secrecy test reads every published e-vote
// file.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "core/json.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"
#include "record/layout.h"
#include "sim/definition_generator.h"
#include "sim/evote_simulator.h"
#include "verify/evote_check.h"
#include "verify/finding_words.h"
#include "verify/record_verifier.h"
#include "record_fixture.h"

namespace ashyq::verify {
namespace {

using testing::CopyPublication;
using testing::Failures;
using testing::Verify;
using testing::Honest;
using testing::TinyRecord;
using testing::RecordVariant;


// The copy of the honest record with its e-vote record, and what the simulation did.
struct EvoteRecord {
  std::string publication;
  sim::EvoteRun run;
  std::string station;  // an e-voting station with cast ballots
};

EvoteRecord MakeEvoteRecord(int64_t challenge_every = 10) {
  const TinyRecord& r = Honest();
  EvoteRecord out;
  out.publication = CopyPublication(r);
  // The counted protocols: version 1 everywhere, the lawful recount's version 2 where there is one.
  std::vector<protocol::PrecinctProtocol> protocols;
  for (const crypto::SignedObject& object : r.protocols) {
    const crypto::SignedObject& counted =
        object.payload().Find("station")->as_string() == r.recounted_station && r.recount ? *r.recount : object;
    Result<protocol::PrecinctProtocol> p = protocol::VerifyProtocol(counted, r.election->protocol_context());
    EXPECT_TRUE(p.ok()) << p.error().ToString();
    if (p.ok()) protocols.push_back(*p);
  }
  std::vector<const protocol::PrecinctProtocol*> pointers;
  for (const auto& p : protocols) pointers.push_back(&p);
  sim::EvoteOptions options;
  options.threads = 2;
  options.challenge_every = challenge_every;
  Result<sim::EvoteRun> run = sim::SimulateEvoting(r.election->definition(), r.election->definition_digest(),
                                                   pointers, *r.keyring, out.publication, options);
  EXPECT_TRUE(run.ok()) << run.error().ToString();
  if (run.ok()) out.run = *run;
  for (const auto& p : protocols) {
    for (const auto& c : p.contests) {
      if (c.electronic_votes > 0 && out.station.empty()) out.station = p.station;
    }
  }
  return out;
}

std::vector<std::string> ReadLines(const std::string& path) {
  Result<std::string> text = ReadFile(path, size_t{64} << 20);
  EXPECT_TRUE(text.ok());
  std::vector<std::string> lines;
  size_t pos = 0;
  while (text.ok() && pos < text->size()) {
    const size_t nl = text->find('\n', pos);
    lines.push_back(text->substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  ASSERT_TRUE(WriteFileAtomic(path, text).ok());
}

// Re-signs a ballot line's (changed) payload with its device's simulated key.
std::string Resign(const json::Value& payload, const std::string& device) {
  auto object = crypto::SignedObject::Create(payload);
  EXPECT_TRUE(object.ok());
  EXPECT_TRUE(object->AddSignature(device, sim::SimulatedKeyFor(*Honest().keyring, device)).ok());
  return object->ToCanonicalJson();
}

json::Value PayloadOf(const std::string& line) {
  auto object = crypto::SignedObject::FromJson(*json::Parse(line));
  EXPECT_TRUE(object.ok());
  return object->payload();
}

bool HasFinding(const VerificationReport& report, const std::string& rule, const std::string& where_part) {
  for (const Error& e : report.findings.failures()) {
    if (e.rule == rule && e.where.find(where_part) != std::string::npos) return true;
  }
  return false;
}

class EvoteCheck : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Honest().built_error, ""); }
};

TEST_F(EvoteCheck, UntouchedRecordVerifiesAndMatchesTheSimulation) {
  const EvoteRecord e = MakeEvoteRecord();
  ASSERT_GT(e.run.cast, 0);
  ASSERT_GT(e.run.challenged, 0);
  const VerificationReport report = Verify(e.publication);
  EXPECT_TRUE(report.ok()) << Failures(report);
  EXPECT_TRUE(report.evote.published);
  EXPECT_EQ(report.evote.cast, static_cast<uint64_t>(e.run.cast));
  EXPECT_EQ(report.evote.challenged, static_cast<uint64_t>(e.run.challenged));
  ASSERT_EQ(report.evote.national.size(), e.run.national.size());
  for (size_t k = 0; k < e.run.national.size(); ++k) {
    EXPECT_EQ(report.evote.national[k].second, static_cast<uint64_t>(e.run.national[k].second));
  }
}

TEST_F(EvoteCheck, TamperedCiphertextProofAndSignatureAreNamed) {
  const EvoteRecord e = MakeEvoteRecord();
  const std::string file = e.publication + "/" + record::EvoteBallotsFile(e.station);
  const std::string device = "dev-" + e.station;
  const std::vector<std::string> original = ReadLines(file);
  ASSERT_GE(original.size(), 2u);
  {  // a proof response changed, re-signed by the device: the proof fails, the place is named
    auto lines = original;
    json::Value payload = PayloadOf(lines[1]);
    json::Value* proof = payload.Find("contests")->items()[0].Find("selections")
                             ->items()[0].Find("proof");
    std::string z = proof->Find("z0")->as_string();
    z[z.size() - 1] = z.back() == '1' ? '2' : '1';
    proof->Set("z0", z);
    lines[1] = Resign(payload, device);
    WriteLines(file, lines);
    const VerificationReport report = Verify(e.publication);
    EXPECT_FALSE(report.ok());
    EXPECT_TRUE(HasFinding(report, "R-C4.selection-proof", record::EvoteBallotsFile(e.station) + " line 2"))
        << Failures(report);
  }
  {  // a ciphertext swapped with another ballot's: proof fails
    auto lines = original;
    json::Value payload = PayloadOf(lines[1]);
    const json::Value other = PayloadOf(lines[0]);
    json::Value* sel = &payload.Find("contests")->items()[0].Find("selections")
                           ->items()[0];
    const json::Value& other_sel = other.Find("contests")->items()[0].Find("selections")->items()[0];
    sel->Set("alpha", other_sel.Find("alpha")->as_string());
    sel->Set("beta", other_sel.Find("beta")->as_string());
    lines[1] = Resign(payload, device);
    WriteLines(file, lines);
    const VerificationReport report = Verify(e.publication);
    EXPECT_FALSE(report.ok());
    EXPECT_NE(Failures(report).find(record::EvoteBallotsFile(e.station) + " line 2"), std::string::npos)
        << Failures(report);
  }
  {  // one byte of a signature changed
    auto lines = original;
    const size_t at = lines[0].find("\"signature\":\"") + 14;
    lines[0][at] = lines[0][at] == 'a' ? 'b' : 'a';
    WriteLines(file, lines);
    const VerificationReport report = Verify(e.publication);
    EXPECT_FALSE(report.ok());
    EXPECT_NE(Failures(report).find(record::EvoteBallotsFile(e.station) + " line 1"), std::string::npos)
        << Failures(report);
  }
}

TEST_F(EvoteCheck, DroppedOrReorderedBallotBreaksTheChain) {
  const EvoteRecord e = MakeEvoteRecord(0);
  const std::string file = e.publication + "/" + record::EvoteBallotsFile(e.station);
  const std::vector<std::string> original = ReadLines(file);
  ASSERT_GE(original.size(), 3u);
  {
    auto lines = original;
    lines.erase(lines.begin() + 1);
    WriteLines(file, lines);
    const VerificationReport report = Verify(e.publication);
    EXPECT_TRUE(HasFinding(report, "R-C4.tracking-chain", record::EvoteBallotsFile(e.station))) << Failures(report);
    EXPECT_TRUE(HasFinding(report, "R-C4.evote-count", record::EvoteBallotsFile(e.station))) << Failures(report);
  }
  {
    auto lines = original;
    std::swap(lines[0], lines[1]);
    WriteLines(file, lines);
    const VerificationReport report = Verify(e.publication);
    EXPECT_TRUE(HasFinding(report, "R-C4.tracking-chain", record::EvoteBallotsFile(e.station))) << Failures(report);
  }
}

TEST_F(EvoteCheck, ChallengedBallotTalliedOrDroppedIsNamed) {
  const EvoteRecord e = MakeEvoteRecord();
  // Find a station with a challenged ballot; removing its challenge makes the ballot count as
  // cast: one more e-ballot than the protocol, and the tally no longer the sum of the cast.
  std::string station;
  for (const auto& entry : std::filesystem::directory_iterator(e.publication + "/evote/challenged")) {
    station = entry.path().stem().string();
  }
  ASSERT_FALSE(station.empty());
  std::filesystem::remove(e.publication + "/" + record::EvoteChallengedFile(station));
  const VerificationReport report = Verify(e.publication);
  EXPECT_TRUE(HasFinding(report, "R-C4.evote-count", record::EvoteBallotsFile(station))) << Failures(report);
  EXPECT_TRUE(HasFinding(report, "R-C4.tally", record::EvoteTallyFile(station))) << Failures(report);
}

TEST_F(EvoteCheck, WrongShareProofAndWrongCountAreNamed) {
  const EvoteRecord e = MakeEvoteRecord();
  const std::string rel = record::EvoteTallyFile(e.station);
  const std::string file = e.publication + "/" + rel;
  const std::vector<std::string> original = ReadLines(file);
  ASSERT_EQ(original.size(), 1u);
  auto resign_cec = [](const json::Value& payload) {
    auto object = crypto::SignedObject::Create(payload);
    EXPECT_TRUE(object.ok());
    EXPECT_TRUE(object->AddSignature("cec", sim::SimulatedKeyFor(*Honest().keyring, "cec")).ok());
    return object->ToCanonicalJson();
  };
  {  // a decryption share's proof response changed
    json::Value payload = PayloadOf(original[0]);
    json::Value* proof = payload.Find("decryptions")->items()[0].Find("shares")
                             ->items()[0].Find("proof");
    std::string z = proof->Find("z")->as_string();
    z[z.size() - 1] = z.back() == '1' ? '2' : '1';
    proof->Set("z", z);
    WriteLines(file, {resign_cec(payload)});
    const VerificationReport report = Verify(e.publication);
    EXPECT_TRUE(HasFinding(report, "R-C4.decryption-share", rel)) << Failures(report);
  }
  {  // a count that is not the discrete log of the decrypted total
    json::Value payload = PayloadOf(original[0]);
    json::Value* selection = &payload.Find("selections")->items()[0];
    selection->Set("count", selection->Find("count")->as_int() + 1);
    WriteLines(file, {resign_cec(payload)});
    const VerificationReport report = Verify(e.publication);
    EXPECT_TRUE(HasFinding(report, "R-C4.decrypt", rel)) << Failures(report);
  }
}

TEST_F(EvoteCheck, StationWhoseBallotsDifferFromItsProtocolIsNamed) {
  const EvoteRecord e = MakeEvoteRecord(0);
  // The last ballot dropped: the chain still holds (nothing after it), the count does not.
  const std::string file = e.publication + "/" + record::EvoteBallotsFile(e.station);
  auto lines = ReadLines(file);
  lines.pop_back();
  WriteLines(file, lines);
  const VerificationReport report = Verify(e.publication);
  EXPECT_FALSE(HasFinding(report, "R-C4.tracking-chain", "")) << Failures(report);
  EXPECT_TRUE(HasFinding(report, "R-C4.evote-count", record::EvoteBallotsFile(e.station))) << Failures(report);
}

TEST_F(EvoteCheck, GoldenRecordsCarryTheEvoteRecordWithChallengedBallots) {
  for (RecordVariant variant : golden::kVariants) {
    const TinyRecord& r = testing::Record(variant);
    ASSERT_EQ(r.built_error, "");
    const VerificationReport report = Verify(r.publication);
    EXPECT_TRUE(report.evote.published) << golden::VariantName(variant);
    EXPECT_GT(report.evote.cast, 0u) << golden::VariantName(variant);
    EXPECT_GE(report.evote.challenged, 1u) << golden::VariantName(variant);
    for (const Error& e : report.findings.failures()) {
      EXPECT_FALSE(e.rule.starts_with("R-C4.") || e.rule.starts_with("R-C3.")) << e.ToString();
    }
  }
  EXPECT_TRUE(Verify(Honest().publication).ok()) << Failures(Verify(Honest().publication));
}

TEST_F(EvoteCheck, ElectronicVotesWithNoEvoteRecordAreAFailure) {
  const uint64_t cast = Verify(Honest().publication).evote.cast;
  ASSERT_GT(cast, 0u);
  const std::string publication = CopyPublication(Honest());
  {  // evote/ gone altogether
    std::filesystem::remove_all(publication + "/evote");
    const VerificationReport report = Verify(publication);
    EXPECT_FALSE(report.ok());
    EXPECT_FALSE(report.evote.published);
    ASSERT_EQ(report.findings.failures().size(), 1u) << Failures(report);
    const Error& e = report.findings.failures()[0];
    EXPECT_EQ(e.rule, std::string(kEvoteMissingRule));
    EXPECT_EQ(e.where, std::string(record::kEvoteSetupFile));
    EXPECT_NE(e.message.find(std::to_string(cast) + " electronic votes"), std::string::npos) << e.message;
    // Plain words for readers, in the three languages, in the JSON report too.
    const json::Value doc = ReportToJson(report);
    const json::Value* plain = doc.Find("failures")->items()[0].Find("plain");
    ASSERT_NE(plain, nullptr);
    for (const char* lang : {"kk", "ru", "en"}) {
      ASSERT_NE(plain->Find(lang), nullptr) << lang;
      EXPECT_GT(plain->Find(lang)->as_string().size(), 20u) << lang;
      EXPECT_EQ(plain->Find(lang)->as_string().find("R-C4"), std::string::npos) << "rule ids stay in the detail";
    }
  }
  {  // only the setup gone: the same failure, and the files it would explain are unaccounted for
    const std::string other = CopyPublication(Honest());
    std::filesystem::remove(other + "/" + std::string(record::kEvoteSetupFile));
    const VerificationReport report = Verify(other);
    EXPECT_TRUE(HasFinding(report, std::string(kEvoteMissingRule), std::string(record::kEvoteSetupFile)))
        << Failures(report);
  }
}

TEST_F(EvoteCheck, EveryEvoteRuleHasPlainWordsInThreeLanguages) {
  for (const char* rule : {"R-C4.evote-missing", "R-C4.evote-record", "R-C4.evote-setup", "R-C4.ballot-signer",
                           "R-C4.ballot-format", "R-C4.ballot-style", "R-C3.ballot-time", "R-C4.tracking-code",
                           "R-C4.tracking-chain", "R-C4.selection", "R-C4.selection-proof", "R-C4.contest-sum",
                           "R-C4.contest-sum-proof", "R-C4.challenge", "R-C4.tally", "R-C4.decryption-share",
                           "R-C4.quorum", "R-C4.decrypt", "R-C4.evote-count", "R-C3.guardian-commitment",
                           "R-C3.guardian-share"}) {
    const PlainWords* w = PlainWordsFor(rule);
    ASSERT_NE(w, nullptr) << rule;
    EXPECT_FALSE(w->kk.empty() || w->ru.empty() || w->en.empty()) << rule;
    EXPECT_NE(w->kk, w->ru) << rule;
    // Kazakh has letters Russian lacks (ә, ғ, қ, ң, ө, ұ, ү, һ, і); each Kazakh text uses one.
    bool kazakh = false;
    for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"}) {
      kazakh = kazakh || w->kk.find(letter) != std::string_view::npos;
    }
    EXPECT_TRUE(kazakh) << rule;
  }
  EXPECT_EQ(PlainWordsFor("R-Z9.no-such-rule"), nullptr);
}

// Re-signs a challenged-ballot line with `device`'s key after `change` edits its payload.
template <typename Change>
std::string ChangedChallenge(const std::string& line, const std::string& device, Change change) {
  json::Value payload = PayloadOf(line);
  change(&payload.Find("contests")->items()[0]);
  return Resign(payload, device);
}

TEST_F(EvoteCheck, AlteredChallengedBallotIsNamedWithItsRule) {
  // The golden record's first challenged ballot.
  std::string station;
  for (const auto& entry : std::filesystem::directory_iterator(Honest().publication + "/evote/challenged")) {
    if (station.empty() || entry.path().stem().string() < station) station = entry.path().stem().string();
  }
  ASSERT_FALSE(station.empty());
  const std::string rel = record::EvoteChallengedFile(station);
  const std::string device = "dev-" + station;
  const std::vector<std::string> original = ReadLines(Honest().publication + "/" + rel);
  ASSERT_GE(original.size(), 1u);
  {  // a revealed nonce changed (and the line signed again, as a lying device would)
    const std::string publication = CopyPublication(Honest());
    auto lines = original;
    lines[0] = ChangedChallenge(lines[0], device, [](json::Value* contest) {
      json::Value* selection = &contest->Find("selections")->items()[0];
      std::string nonce = selection->Find("nonce")->as_string();
      nonce[nonce.size() - 1] = nonce.back() == '1' ? '2' : '1';
      selection->Set("nonce", nonce);
    });
    WriteLines(publication + "/" + rel, lines);
    const VerificationReport report = Verify(publication);
    EXPECT_TRUE(HasFinding(report, "R-C4.challenge", rel + " line 1")) << Failures(report);
  }
  {  // the revealed choice moved to another party (values swapped, still one choice)
    const std::string publication = CopyPublication(Honest());
    auto lines = original;
    lines[0] = ChangedChallenge(lines[0], device, [](json::Value* contest) {
      auto& selections = contest->Find("selections")->items();
      size_t chosen = selections.size(), other = selections.size();
      for (size_t j = 0; j < selections.size(); ++j) {
        if (selections[j].Find("value")->as_int() == 1) chosen = j;
        else if (other == selections.size()) other = j;
      }
      ASSERT_LT(chosen, selections.size());
      ASSERT_LT(other, selections.size());
      selections[chosen].Set("value", int64_t{0});
      selections[other].Set("value", int64_t{1});
    });
    WriteLines(publication + "/" + rel, lines);
    const VerificationReport report = Verify(publication);
    EXPECT_TRUE(HasFinding(report, "R-C4.challenge", rel + " line 1")) << Failures(report);
  }
  {  // not re-signed: the device's signature names the same line
    const std::string publication = CopyPublication(Honest());
    auto lines = original;
    const size_t at = lines[0].find("\"nonce\":\"") + 9;
    lines[0][at] = lines[0][at] == 'a' ? 'b' : 'a';
    WriteLines(publication + "/" + rel, lines);
    const VerificationReport report = Verify(publication);
    EXPECT_FALSE(report.ok());
    EXPECT_NE(Failures(report).find(rel + " line 1"), std::string::npos) << Failures(report);
  }
}

TEST_F(EvoteCheck, PublishedFilesHoldNoVoterIdNoFineTimeAndNoNonceOutsideChallenges) {
  const EvoteRecord e = MakeEvoteRecord();
  const std::regex fine_time(R"(T\d\d:(?!00:00)\d\d:\d\d)");
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(e.publication + "/evote")) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string path = entry.path().string();
    auto text = ReadFile(path, size_t{64} << 20);
    ASSERT_TRUE(text.ok());
    EXPECT_FALSE(std::regex_search(*text, fine_time)) << path;
    EXPECT_EQ(text->find("voter"), std::string::npos) << path;
    const bool challenged = path.find("/evote/challenged/") != std::string::npos;
    EXPECT_EQ(text->find("\"nonce\"") != std::string::npos, challenged) << path;
    EXPECT_EQ(text->find("seed"), std::string::npos) << path;
  }
  EXPECT_GT(files, 3u);
}

}  // namespace
}  // namespace ashyq::verify
