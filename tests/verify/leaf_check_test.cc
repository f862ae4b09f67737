#include "verify/leaf_check.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "record_fixture.h"
#include "verify/publication_directory.h"
#include "verify/published_index.h"
#include "verify/published_log.h"

namespace ashyq::verify {
namespace {

using testing::Honest;

// The honest golden log, read as the verifier reads it.
struct ReadLog {
  PublishedLog log;
  Findings findings;
};
ReadLog Read() {
  ReadLog out;
  const PublicationDirectory dir(Honest().publication);
  Result<std::string> text = dir.Read("index.json", size_t{1} << 20);
  EXPECT_TRUE(text.ok());
  Result<PublishedIndex> index = ParsePublishedIndex(text.ok() ? *text : std::string());
  EXPECT_TRUE(index.ok()) << index.error().ToString();
  if (index.ok()) out.log = ReadPublishedLog(dir, *index, &out.findings);
  EXPECT_TRUE(out.findings.failures().empty());
  return out;
}

std::string Failures(const Findings& findings) {
  std::string out;
  for (const Error& e : findings.failures()) out += e.ToString() + "\n";
  return out;
}

// The first leaf whose payload has `format`.
size_t FirstLeafOf(const PublishedLog& log, std::string_view format) {
  for (size_t i = 1; i < log.leaves.size(); ++i) {
    if (log.leaves[i].find("\"format\":\"" + std::string(format) + "\"") != std::string_view::npos) return i;
  }
  ADD_FAILURE() << "no leaf of format " << format;
  return 0;
}

// The leaf with the last hex digit of its first signature changed: still canonical JSON, the
// signature no longer verifies.
std::string WithBadSignature(std::string_view leaf) {
  std::string bytes(leaf);
  const size_t at = bytes.find("\"signature\":\"");
  EXPECT_NE(at, std::string::npos);
  const size_t last = bytes.find('"', at + 13) - 1;
  bytes[last] = bytes[last] == '0' ? '1' : '0';
  return bytes;
}

TEST(LeafCheckTest, PrecheckedLeavesVerifyAsLeavesReadLater) {
  ReadLog read = Read();
  PublishedLog& log = read.log;
  ASSERT_GT(log.leaves.size(), 10u);
  const size_t protocol = FirstLeafOf(log, protocol::kPrecinctProtocolFormat);
  const size_t turnout = FirstLeafOf(log, protocol::kTurnoutReportFormat);
  const std::string bad_protocol = WithBadSignature(log.leaves[protocol]);
  const std::string bad_turnout = WithBadSignature(log.leaves[turnout]);
  log.leaves[protocol] = bad_protocol;
  log.leaves[turnout] = bad_turnout;

  const std::atomic<bool> never{false};
  PrecheckedLeaves early = PrecheckLeaves(log, 2, never);
  ASSERT_EQ(early.objects.size(), log.leaves.size());
  ASSERT_EQ(early.fast.size(), log.leaves.size());
  EXPECT_FALSE(early.objects[0].has_value());  // leaf 0 is the definition's
  EXPECT_FALSE(early.fast[0].has_value());
  for (size_t i = 1; i < log.leaves.size(); ++i) {
    EXPECT_TRUE(early.objects[i].has_value() || early.fast[i].has_value()) << "leaf " << i;
  }
  EXPECT_TRUE(early.fast[protocol].has_value());  // protocols and turnout reports are read without a DOM
  EXPECT_TRUE(early.fast[turnout].has_value());

  Findings with_early, without;
  const protocol::ElectionContext& election = *Honest().election;
  VerifiedLog a = VerifyLeaves(log, election, &early, 2, nullptr, &with_early);
  VerifiedLog b = VerifyLeaves(log, election, nullptr, 2, nullptr, &without);
  EXPECT_EQ(Failures(with_early), Failures(without));
  EXPECT_NE(Failures(with_early).find("turnout report"), std::string::npos) << Failures(with_early);
  EXPECT_EQ(a.signatures_verified, b.signatures_verified);
  ASSERT_TRUE(a.leaves[protocol].error.has_value());
  ASSERT_TRUE(b.leaves[protocol].error.has_value());
  EXPECT_EQ(a.leaves[protocol].error->rule, "R-D3.signature");
  EXPECT_EQ(a.leaves[protocol].error->ToString(), b.leaves[protocol].error->ToString());
  for (size_t i = 0; i < log.leaves.size(); ++i) {
    EXPECT_EQ(a.leaves[i].digest, b.leaves[i].digest) << "leaf " << i;
    EXPECT_EQ(a.leaves[i].signatures, b.leaves[i].signatures) << "leaf " << i;
  }
}

TEST(LeafCheckTest, PrecheckStopsWhenTheDefinitionIsRead) {
  ReadLog read = Read();
  const std::atomic<bool> stopped{true};
  PrecheckedLeaves early = PrecheckLeaves(read.log, 2, stopped);
  for (const auto& object : early.objects) EXPECT_FALSE(object.has_value());
  for (const auto& fast : early.fast) EXPECT_FALSE(fast.has_value());
}

// The golden log's TEC "correction" (a refused version 2, as stores kept it before decision 0015)
// re-logged as an evidence leaf naming `commission`.
std::string AsEvidence(std::string_view leaf, const std::string& commission) {
  Result<json::Value> doc = json::Parse(leaf);
  EXPECT_TRUE(doc.ok());
  Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
  EXPECT_TRUE(object.ok());
  protocol::Evidence e;
  e.election_id = "tiny";
  e.station = object->payload().Find("station")->as_string();
  e.version = object->payload().Find("version")->as_int();
  e.commission = commission;
  e.rule = std::string(protocol::kAlterationRule);
  e.object = *object;
  Result<crypto::SignedObject> wrapper = protocol::MakeEvidence(e);
  EXPECT_TRUE(wrapper.ok());
  return wrapper->ToCanonicalJson();
}

// The first leaf that is a version 2 signed by members of a TEC.
size_t TecCorrectionLeaf(const PublishedLog& log) {
  for (size_t i = 1; i < log.leaves.size(); ++i) {
    if (log.leaves[i].find("\"version\":2}") != std::string_view::npos &&
        log.leaves[i].find("\"signer\":\"tec-") != std::string_view::npos) {
      return i;
    }
  }
  ADD_FAILURE() << "the honest golden log has no TEC correction";
  return 0;
}

TEST(LeafCheckTest, AnEvidenceLeafIsVerifiedAndReportedAsAnAttemptNotAFailure) {
  ReadLog read = Read();
  PublishedLog& log = read.log;
  const size_t at = TecCorrectionLeaf(log);
  ASSERT_GT(at, 0u);
  const std::string evidence = AsEvidence(log.leaves[at], "tec-east-01");
  log.leaves[at] = evidence;
  Findings findings;
  const protocol::ElectionContext& election = *Honest().election;
  VerifiedLog verified = VerifyLeaves(log, election, nullptr, 2, nullptr, &findings);
  EXPECT_EQ(Failures(findings), "");
  const VerifiedLeaf& leaf = verified.leaves[at];
  EXPECT_EQ(leaf.kind, LeafKind::kEvidence);
  ASSERT_NE(leaf.evidence, nullptr);
  EXPECT_EQ(leaf.signatures, leaf.evidence->object.signatures().size());
  EXPECT_GT(leaf.signatures, 0u);
  EXPECT_EQ(verified.evidence_leaves[leaf.subject], std::vector<size_t>{at});
  for (size_t l : verified.protocol_leaves[leaf.subject]) EXPECT_NE(l, at) << "evidence is never a version";
  bool noted = false;
  for (const Error& n : findings.notices()) {
    noted = noted || (n.rule == "R-E1.owning-commission" && n.message.find("attempted alteration") != std::string::npos);
  }
  EXPECT_TRUE(noted);
}

TEST(LeafCheckTest, EvidenceThatDoesNotHoldIsAFailure) {
  ReadLog read = Read();
  const size_t at = TecCorrectionLeaf(read.log);
  ASSERT_GT(at, 0u);
  const protocol::ElectionContext& election = *Honest().election;
  // Naming a commission whose members did not sign it, or with a signature that does not verify.
  for (const std::string& bytes : {AsEvidence(read.log.leaves[at], "rec-east"),
                                   AsEvidence(WithBadSignature(read.log.leaves[at]), "tec-east-01")}) {
    const std::string_view original = read.log.leaves[at];
    read.log.leaves[at] = bytes;
    Findings findings;
    VerifiedLog verified = VerifyLeaves(read.log, election, nullptr, 2, nullptr, &findings);
    read.log.leaves[at] = original;
    EXPECT_EQ(verified.leaves[at].kind, LeafKind::kEvidence);
    EXPECT_TRUE(verified.leaves[at].error.has_value());
    EXPECT_EQ(verified.leaves[at].evidence, nullptr);
    EXPECT_NE(Failures(findings).find("(evidence)"), std::string::npos) << Failures(findings);
  }
}

}  // namespace
}  // namespace ashyq::verify
