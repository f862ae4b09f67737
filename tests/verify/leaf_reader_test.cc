#include "protocol/leaf_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "leaf_agreement.h"
#include "protocol/protocol_json.h"
#include "record_fixture.h"
#include "verify/publication_directory.h"
#include "verify/published_index.h"
#include "verify/published_log.h"

namespace ashyq::verify {
namespace {

using protocol::FastLeaf;
using protocol::ReadLeafFast;
using testing::FastReadDisagreement;
using testing::Honest;
using testing::Record;

// The leaves of a golden log, as the verifier reads them.
std::vector<std::string> LeavesOf(const testing::TinyRecord& record) {
  const PublicationDirectory dir(record.publication);
  Result<std::string> text = dir.Read("index.json", size_t{1} << 20);
  EXPECT_TRUE(text.ok());
  Result<PublishedIndex> index = ParsePublishedIndex(text.ok() ? *text : std::string());
  EXPECT_TRUE(index.ok());
  std::vector<std::string> out;
  if (!index.ok()) return out;
  Findings findings;
  const PublishedLog log = ReadPublishedLog(dir, *index, &findings);
  EXPECT_TRUE(findings.failures().empty());
  for (std::string_view leaf : log.leaves) out.emplace_back(leaf);
  return out;
}

bool Has(std::string_view leaf, std::string_view format) {
  return leaf.find("\"format\":\"" + std::string(format) + "\"") != std::string_view::npos;
}

// The first leaf holding `needle`.
std::string LeafWith(const std::vector<std::string>& leaves, std::string_view needle) {
  for (size_t i = 1; i < leaves.size(); ++i) {
    if (leaves[i].find(needle) != std::string::npos) return leaves[i];
  }
  ADD_FAILURE() << "no leaf holds " << needle;
  return "";
}

// `text` with the first `from` replaced by `to`.
std::string Replaced(std::string text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// `text` with the string value of the first `key` emptied.
std::string Emptied(std::string text, std::string_view key) {
  const size_t at = text.find("\"" + std::string(key) + "\":\"");
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) return text;
  const size_t start = at + key.size() + 4;
  text.erase(start, text.find('"', start) - start);
  return text;
}

// `text` with `insert` after the first `needle` that follows the first `after`.
std::string Inserted(std::string text, std::string_view after, std::string_view needle, std::string_view insert) {
  const size_t at = text.find(needle, text.find(after));
  EXPECT_NE(at, std::string::npos) << needle;
  if (at != std::string::npos) text.insert(at + needle.size(), insert);
  return text;
}

// Canonical text of `payload` signed by one made-up member.
std::string SignedText(const json::Value& payload, const std::string& signer = "pec-x.m1") {
  Result<crypto::SignedObject> object = crypto::SignedObject::Create(payload);
  EXPECT_TRUE(object.ok());
  if (!object.ok()) return "";
  crypto::KeySeed seed;
  seed.bytes.fill(7);
  EXPECT_TRUE(object->AddSignature(signer, crypto::SigningKey::FromSeed(seed)).ok());
  return object->ToCanonicalJson();
}

TEST(LeafReaderTest, ReadsEveryProtocolAndTurnoutLeafOfTheGoldenLogsAsTheStrictReadersDo) {
  for (golden::RecordVariant variant : golden::kVariants) {
    const testing::TinyRecord& record = Record(variant);
    const std::vector<std::string> leaves = LeavesOf(record);
    ASSERT_GT(leaves.size(), 10u);
    size_t protocols = 0, reports = 0, corrections = 0;
    EXPECT_FALSE(ReadLeafFast(leaves[0]).has_value());  // the definition
    for (size_t i = 1; i < leaves.size(); ++i) {
      const bool protocol = Has(leaves[i], protocol::kPrecinctProtocolFormat);
      const bool turnout = Has(leaves[i], protocol::kTurnoutReportFormat);
      const std::optional<FastLeaf> fast = ReadLeafFast(leaves[i]);
      // Every honest protocol and report takes the fast path (it is what makes verify fast);
      // tier protocols and anything else take the strict one.
      EXPECT_EQ(fast.has_value(), protocol || turnout) << "leaf " << i << ": " << leaves[i].substr(0, 200);
      EXPECT_EQ(FastReadDisagreement(leaves[i], &record.election->protocol_context()), "") << "leaf " << i;
      if (!fast) continue;
      EXPECT_EQ(fast->is_protocol(), protocol);
      protocols += fast->is_protocol() ? 1 : 0;
      reports += fast->is_protocol() ? 0 : 1;
      if (fast->is_protocol() && fast->protocol().version > 1) ++corrections;
    }
    EXPECT_GT(protocols, 0u);
    EXPECT_GT(reports, 0u);
    if (variant == golden::RecordVariant::kHonest) {
      EXPECT_GT(corrections, 0u);  // the recount
    }
  }
}

// Every one-byte change, deletion and doubling of a protocol (with a correction) and of a turnout
// report, and every cut: whatever the fast reader still reads, the strict readers read alike
// (and verify alike: the changed bytes no longer carry a valid signature, or carry another error).
TEST(LeafReaderTest, ChangedLeavesAreReadFastOnlyWhereTheStrictReadersAgree) {
  const std::vector<std::string> leaves = LeavesOf(Honest());
  const protocol::ProtocolContext& context = Honest().election->protocol_context();
  const std::string samples[] = {LeafWith(leaves, "\"correction\":"),
                                 LeafWith(leaves, protocol::kTurnoutReportFormat)};
  const std::string bytes = std::string("019-\"\\ a{}[],:A\x7f") + "\xc3";
  for (const std::string& leaf : samples) {
    ASSERT_TRUE(ReadLeafFast(leaf).has_value());
    size_t read_fast = 0, refused = 0;
    auto check = [&](const std::string& changed, const std::string& what) {
      const std::string why = FastReadDisagreement(changed, &context);
      EXPECT_EQ(why, "") << what << ": " << changed;
      (ReadLeafFast(changed) ? read_fast : refused) += 1;
    };
    for (size_t at = 0; at < leaf.size(); ++at) {
      for (char b : bytes) {
        if (leaf[at] == b) continue;
        std::string changed = leaf;
        changed[at] = b;
        check(changed, "byte " + std::to_string(at) + " made " + std::string(1, b));
      }
      check(leaf.substr(0, at) + leaf.substr(at + 1), "byte " + std::to_string(at) + " deleted");
      check(leaf.substr(0, at + 1) + leaf.substr(at), "byte " + std::to_string(at) + " doubled");
      check(leaf.substr(0, at), "cut at " + std::to_string(at));
    }
    EXPECT_GT(read_fast, 100u);  // digits and letters inside strings: still plain leaves
    EXPECT_GT(refused, 1000u);
  }
}

TEST(LeafReaderTest, EdgeLeavesGoToTheStrictReadersOrAgreeWithThem) {
  const std::vector<std::string> leaves = LeavesOf(Honest());
  const protocol::ProtocolContext& context = Honest().election->protocol_context();
  const std::string protocol = LeafWith(leaves, protocol::kPrecinctProtocolFormat);
  const std::string recount = LeafWith(leaves, "\"correction\":");
  const std::string turnout = LeafWith(leaves, protocol::kTurnoutReportFormat);

  const std::string signature = turnout.substr(turnout.find("{\"public_key\""), std::string::npos);
  struct Case {
    std::string name;
    std::string text;
    bool fast;  // whether the fast reader takes it
  };
  const std::vector<Case> cases = {
      {"a leading zero", Replaced(turnout, "\"revision\":1", "\"revision\":01"), false},
      {"a negative figure", Replaced(turnout, "\"revision\":1", "\"revision\":-1"), false},
      {"revision 0", Replaced(turnout, "\"revision\":1", "\"revision\":0"), false},
      {"2^53 - 1", Replaced(turnout, "\"revision\":1", "\"revision\":9007199254740991"), true},
      {"2^53", Replaced(turnout, "\"revision\":1", "\"revision\":9007199254740992"), false},
      {"a fraction", Replaced(turnout, "\"revision\":1", "\"revision\":1.0"), false},
      {"an escape", Replaced(turnout, "\"election_id\":\"", "\"election_id\":\"\\u0041"), false},
      {"non-ASCII", Replaced(turnout, "\"election_id\":\"", "\"election_id\":\"\xc3\xa9"), false},
      {"an empty station", Emptied(turnout, "station"), false},
      {"an empty signer", Emptied(turnout, "signer"), false},
      {"an empty choice", Emptied(protocol, "choice"), false},
      {"a time that is not HH:MM", Replaced(turnout, "\"time\":\"", "\"time\":\"9"), false},
      {"an unknown field", Replaced(turnout, "\"voters\":", "\"voter\":0,\"voters\":"), false},
      {"a space", Replaced(turnout, "\"voters\":", "\"voters\": "), false},
      {"a trailing newline", turnout + "\n", false},
      {"uppercase hex", Replaced(turnout, "\"public_key\":\"", "\"public_key\":\"A"), false},
      {"no signatures", turnout.substr(0, turnout.find(",\"signatures\":[")) + ",\"signatures\":[]}", false},
      {"a signer twice", turnout.substr(0, turnout.size() - 2) + "," + signature.substr(0, signature.size() - 2) + "]}",
       false},
      {"version 1 with a correction", Replaced(recount, "\"version\":2", "\"version\":1"), false},
      {"version 2 without one", Replaced(protocol, "\"version\":1", "\"version\":2"), false},
      {"an unknown step", Replaced(protocol, "count_list_signatures", "count_list_signature"), false},
      {"signed_at not a date", Replaced(protocol, "\"signed_at\":\"2", "\"signed_at\":\"X"), false},
      {"a vote count changed", Inserted(protocol, "\"choice\":", "\"votes\":", "1"), true},
      {"a turnout figure changed", Inserted(turnout, "\"format\"", "\"voters\":", "1"), true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ReadLeafFast(c.text).has_value(), c.fast) << c.name;
    EXPECT_EQ(FastReadDisagreement(c.text, &context), "") << c.name;
  }

  // Shapes the golden log lacks: a correction ordered by a decision, empty lists.
  std::vector<Error> problems;
  protocol::PrecinctProtocol p;
  {
    crypto::SignedObject::TextReading reading;
    Result<crypto::SignedObject> object = crypto::SignedObject::FromText(recount, json::ParseOptions{}, &reading);
    ASSERT_TRUE(object.ok());
    p = protocol::ProtocolFromJson(object->payload(), &problems);
    ASSERT_TRUE(problems.empty());
  }
  p.correction.decision = "TEC decision 12";
  const std::string decided = SignedText(protocol::ProtocolToJson(p));
  ASSERT_TRUE(ReadLeafFast(decided).has_value());
  EXPECT_EQ(ReadLeafFast(decided)->protocol(), p);
  EXPECT_EQ(FastReadDisagreement(decided, &context), "");
  p.counting_steps.clear();
  p.contests.clear();
  const std::string empty = SignedText(protocol::ProtocolToJson(p));
  ASSERT_TRUE(ReadLeafFast(empty).has_value());
  EXPECT_EQ(ReadLeafFast(empty)->protocol(), p);
  EXPECT_EQ(FastReadDisagreement(empty, &context), "");
}

TEST(LeafReaderTest, KeepsWhatTheSignaturesSay) {
  const std::vector<std::string> leaves = LeavesOf(Honest());
  const std::string turnout = LeafWith(leaves, protocol::kTurnoutReportFormat);
  std::optional<FastLeaf> good = ReadLeafFast(turnout);
  ASSERT_TRUE(good.has_value());
  EXPECT_TRUE(good->SignatureVerifies(0));
  good->CheckSignatures();
  EXPECT_TRUE(good->SignatureVerifies(0));
  // The last digit of the voters changed: the digest changes, the signature no longer verifies.
  std::string changed = turnout;
  const size_t at = changed.find(",\"voters\":") + 10;
  changed[at] = changed[at] == '1' ? '2' : '1';
  std::optional<FastLeaf> bad = ReadLeafFast(changed);
  ASSERT_TRUE(bad.has_value());
  EXPECT_NE(bad->digest, good->digest);
  EXPECT_FALSE(bad->SignatureVerifies(0));
  bad->CheckSignatures();
  EXPECT_FALSE(bad->SignatureVerifies(0));
}

}  // namespace
}  // namespace ashyq::verify
