#include "ledger/tree_head.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "ledger/merkle.h"

namespace ashyq::ledger {
namespace {

using ::testing::HasSubstr;

crypto::SigningKey KeyFrom(uint8_t start) {
  crypto::KeySeed seed;
  for (size_t i = 0; i < seed.bytes.size(); ++i) seed.bytes[i] = static_cast<uint8_t>(start + i);
  return crypto::SigningKey::FromSeed(seed);
}

// A log of `n` leaves and its tree.
MerkleTree Log(size_t n, std::string_view prefix = "leaf") {
  MerkleTree tree;
  for (size_t i = 0; i < n; ++i) tree.AppendLeaf(std::string(prefix) + std::to_string(i));
  return tree;
}

TreeHead HeadOf(const MerkleTree& tree, uint64_t size, std::string log_id = "kz2007-majilis") {
  return TreeHead{std::move(log_id), size, *tree.RootAt(size), "2007-08-18T20:15:00Z"};
}

class TreeHeadTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::Initialize().ok()); }
};

TEST_F(TreeHeadTest, JsonRoundTripsInTheDocumentedShape) {
  const TreeHead head = HeadOf(Log(12), 12);
  const json::Value payload = TreeHeadToJson(head);
  EXPECT_EQ(json::Canonicalize(payload),
            R"({"format":"ashyq/tree-head/1","log_id":"kz2007-majilis","root_hash":")" +
                head.root_hash.Hex() + R"(","size":12,"timestamp":"2007-08-18T20:15:00Z"})");
  Result<json::Value> reparsed = json::Parse(json::Canonicalize(payload));
  ASSERT_TRUE(reparsed.ok());
  Result<TreeHead> back = TreeHeadFromJson(*reparsed);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, head);

  const TreeHead empty{"kz2007-majilis", 0, EmptyTreeHash(), "2007-08-18T06:00:00Z"};
  EXPECT_EQ(*TreeHeadFromJson(TreeHeadToJson(empty)), empty);
  TreeHead largest = head;
  largest.size = uint64_t{9007199254740991};
  EXPECT_EQ(*TreeHeadFromJson(TreeHeadToJson(largest)), largest);
}

TEST_F(TreeHeadTest, ParsingIsStrict) {
  const std::string root = HeadOf(Log(3), 3).root_hash.Hex();
  const std::string good = R"({"format": "ashyq/tree-head/1", "log_id": "kz2007-majilis",
      "size": 3, "root_hash": ")" + root + R"(", "timestamp": "2007-08-18T20:15:00Z"})";
  ASSERT_TRUE(TreeHeadFromJson(*json::Parse(good)).ok());

  struct Case {
    std::string name;
    std::string from, to;  // replaced in `good`
    std::string where;
    std::string message;
  };
  const std::string size = R"("size": 3)";
  const std::string stamp = R"("timestamp": "2007-08-18T20:15:00Z")";
  const std::vector<Case> cases = {
      {"wrong format", "ashyq/tree-head/1", "ashyq/tree-head/2", "/format", "not a tree head"},
      {"no format", R"("format": "ashyq/tree-head/1",)", "", "", "not a tree head"},
      {"unknown field", size, size + R"(, "extra": 1)", "/extra", "unknown field"},
      {"missing size", size + ",", "", "/size", "missing required field"},
      {"null size", size, R"("size": null)", "/size", "expected integer, found null"},
      {"size as text", size, R"("size": "3")", "/size", "expected integer"},
      {"negative size", size, R"("size": -1)", "/size", "below the minimum"},
      {"missing log id", R"("log_id": "kz2007-majilis",)", "", "/log_id", "missing"},
      {"empty log id", R"("log_id": "kz2007-majilis")", R"("log_id": "")", "/log_id",
       "must not be empty"},
      {"log id as number", R"("log_id": "kz2007-majilis")", R"("log_id": 7)", "/log_id",
       "expected string"},
      {"upper-case root", root, std::string(64, 'A'), "/root_hash", "64 lowercase hex"},
      {"short root", root, root.substr(0, 62), "/root_hash", "64 lowercase hex"},
      {"missing root", R"("root_hash": ")" + root + R"(",)", "", "/root_hash", "missing"},
      {"empty tree with a root", size, R"("size": 0)", "/root_hash", "a log of no leaves"},
      {"time with a space", stamp, R"("timestamp": "2007-08-18 20:15:00Z")", "/timestamp",
       "expected a UTC time"},
      {"time with an offset", stamp, R"("timestamp": "2007-08-19T02:15:00+06:00")",
       "/timestamp", "expected a UTC time"},
      {"no such day", stamp, R"("timestamp": "2007-02-30T20:15:00Z")", "/timestamp",
       "expected a UTC time"},
      {"fractional seconds", stamp, R"("timestamp": "2007-08-18T20:15:00.5Z")", "/timestamp",
       "expected a UTC time"},
      {"missing time", ", " + stamp, "", "/timestamp", "missing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string text = good;
    const size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, c.from.size(), c.to);
    Result<json::Value> doc = json::Parse(text);
    ASSERT_TRUE(doc.ok()) << doc.error().ToString() << "\n" << text;
    Result<TreeHead> head = TreeHeadFromJson(*doc);
    ASSERT_FALSE(head.ok());
    EXPECT_EQ(head.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(head.error().where, c.where);
    EXPECT_THAT(head.error().message, HasSubstr(c.message));
  }

  // Beyond what JSON text can carry: sizes past 2^53 - 1, and values that are not objects.
  json::Value huge = *json::Parse(good);
  huge.Set("size", json::Value(int64_t{9007199254740992}));
  EXPECT_THAT(TreeHeadFromJson(huge).error().message, HasSubstr("above the maximum"));
  EXPECT_EQ(TreeHeadFromJson(json::Value::Array()).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(TreeHeadFromJson(json::Value("tree")).error().code, ErrorCode::kBadInput);

  // Several problems: the first is named, and the count of the others.
  json::Value several = *json::Parse(good);
  several.Set("size", json::Value("x"));
  several.Set("timestamp", json::Value(1));
  EXPECT_THAT(TreeHeadFromJson(several).error().message, HasSubstr("(and 1 more problem)"));
}

TEST_F(TreeHeadTest, SignedHeadsVerifyOnlyWithTheirSignerAndKey) {
  const crypto::SigningKey cec = KeyFrom(1);
  const crypto::SigningKey other = KeyFrom(101);
  const TreeHead head = HeadOf(Log(5), 5);
  Result<crypto::SignedObject> object = SignTreeHead(head, "cec", cec);
  ASSERT_TRUE(object.ok()) << object.error().ToString();
  EXPECT_EQ(object->payload_format(), kTreeHeadFormat);
  EXPECT_EQ(object->payload(), TreeHeadToJson(head));

  // Through its canonical JSON, as it is stored and published.
  Result<json::Value> envelope = json::Parse(object->ToCanonicalJson());
  ASSERT_TRUE(envelope.ok());
  Result<crypto::SignedObject> parsed = crypto::SignedObject::FromJson(*envelope);
  ASSERT_TRUE(parsed.ok());
  Result<TreeHead> verified = VerifyTreeHead(*parsed, "cec", cec.public_key());
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(*verified, head);

  Result<TreeHead> wrong_signer = VerifyTreeHead(*parsed, "rec-akmola", cec.public_key());
  ASSERT_FALSE(wrong_signer.ok());
  EXPECT_EQ(wrong_signer.error().code, ErrorCode::kBadSignature);
  Result<TreeHead> wrong_key = VerifyTreeHead(*parsed, "cec", other.public_key());
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_EQ(wrong_key.error().code, ErrorCode::kBadSignature);

  // Signed by someone else under the CEC's name.
  Result<crypto::SignedObject> impostor = SignTreeHead(head, "cec", other);
  ASSERT_TRUE(impostor.ok());
  EXPECT_EQ(VerifyTreeHead(*impostor, "cec", cec.public_key()).error().code,
            ErrorCode::kBadSignature);

  // A head whose size was changed after signing: the signature no longer covers it.
  json::Value tampered = *envelope;
  tampered.Find("payload")->Set("size", json::Value(int64_t{4}));
  Result<crypto::SignedObject> changed = crypto::SignedObject::FromJson(tampered);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(VerifyTreeHead(*changed, "cec", cec.public_key()).error().code,
            ErrorCode::kBadSignature);

  // A second signature that does not verify spoils the object.
  json::Value extra = *envelope;
  json::Value bad_signature = extra.Find("signatures")->items()[0];
  bad_signature.Set("signer", json::Value("observer"));
  bad_signature.Set("public_key", json::Value(other.public_key().Hex()));
  extra.Find("signatures")->Push(bad_signature);
  Result<crypto::SignedObject> with_extra = crypto::SignedObject::FromJson(extra);
  ASSERT_TRUE(with_extra.ok()) << with_extra.error().ToString();
  EXPECT_EQ(VerifyTreeHead(*with_extra, "cec", cec.public_key()).error().code,
            ErrorCode::kBadSignature);

  // Something signed that is not a tree head.
  json::Value not_a_head = json::Value::Object();
  not_a_head.Set("format", json::Value("ashyq/precinct-protocol/1"));
  Result<crypto::SignedObject> protocol = crypto::SignedObject::Create(not_a_head);
  ASSERT_TRUE(protocol.ok());
  ASSERT_TRUE(protocol->AddSignature("cec", cec).ok());
  Result<TreeHead> refused = VerifyTreeHead(*protocol, "cec", cec.public_key());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(refused.error().where, "/payload/format");
}

TEST_F(TreeHeadTest, OnlyWellFormedHeadsAreSigned) {
  const crypto::SigningKey cec = KeyFrom(1);
  TreeHead head = HeadOf(Log(5), 5);
  head.timestamp = "18.08.2007 20:15";
  EXPECT_EQ(SignTreeHead(head, "cec", cec).error().where, "/timestamp");
  head = HeadOf(Log(5), 5, "");
  EXPECT_EQ(SignTreeHead(head, "cec", cec).error().where, "/log_id");
  head = HeadOf(Log(5), 5);
  head.size = uint64_t{1} << 60;
  EXPECT_EQ(SignTreeHead(head, "cec", cec).error().code, ErrorCode::kBadInput);
  head.size = 0;  // with the root of 5 leaves
  EXPECT_EQ(SignTreeHead(head, "cec", cec).error().where, "/root_hash");
}

TEST_F(TreeHeadTest, ALogThatOnlyGrewExtendsItsEarlierHeads) {
  const MerkleTree tree = Log(37);
  for (uint64_t n = 0; n <= tree.size(); ++n) {
    for (uint64_t m = 0; m <= n; ++m) {
      const std::vector<Digest> proof =
          m == 0 ? std::vector<Digest>{} : *tree.ConsistencyProof(m, n);
      Status extends = CheckExtends(HeadOf(tree, m), HeadOf(tree, n), proof);
      ASSERT_TRUE(extends.ok()) << m << " -> " << n << ": " << extends.error().ToString();
    }
  }
  // Equal heads (a later signature over the same log) need no proof.
  TreeHead later = HeadOf(tree, 20);
  later.timestamp = "2007-08-19T08:00:00Z";
  EXPECT_TRUE(CheckExtends(HeadOf(tree, 20), later, {}).ok());
}

TEST_F(TreeHeadTest, EveryWayALogCanGoWrongIsNamed) {
  const MerkleTree tree = Log(30);
  const TreeHead old_head = HeadOf(tree, 18);
  const TreeHead new_head = HeadOf(tree, 30);
  const std::vector<Digest> proof = *tree.ConsistencyProof(18, 30);
  ASSERT_TRUE(CheckExtends(old_head, new_head, proof).ok());

  // Another log.
  Status other_log = CheckExtends(old_head, HeadOf(tree, 30, "kz2007-maslikhat"), proof);
  ASSERT_FALSE(other_log.ok());
  EXPECT_EQ(other_log.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(other_log.error().rule, "R-E2.log-id");
  EXPECT_THAT(other_log.error().message, HasSubstr("kz2007-maslikhat"));

  // Truncated: the newer head is smaller.
  Status truncated = CheckExtends(new_head, old_head, proof);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().rule, "R-E2.truncated");
  EXPECT_THAT(truncated.error().message, HasSubstr("18 leaves"));
  EXPECT_THAT(truncated.error().message, HasSubstr("30 leaves"));
  EXPECT_THAT(truncated.error().message, HasSubstr(old_head.root_hash.Hex().substr(0, 16)));

  // Forked: one size, two roots.
  const MerkleTree forked = Log(30, "fork");
  Status fork = CheckExtends(new_head, HeadOf(forked, 30), {});
  ASSERT_FALSE(fork.ok());
  EXPECT_EQ(fork.error().rule, "R-E2.fork");
  EXPECT_THAT(fork.error().message, HasSubstr("forked"));
  EXPECT_EQ(CheckExtends(new_head, new_head, proof).error().code, ErrorCode::kBadInput);

  // Rewritten: leaf 7 replaced, then the log grown; neither the old proof nor a fresh one from
  // the rewritten log connects the heads.
  MerkleTree rewritten;
  for (size_t i = 0; i < 30; ++i) {
    rewritten.AppendLeaf(i == 7 ? std::string("altered") : "leaf" + std::to_string(i));
  }
  const TreeHead rewritten_head = HeadOf(rewritten, 30);
  for (const std::vector<Digest>& offered : {proof, *rewritten.ConsistencyProof(18, 30)}) {
    Status status = CheckExtends(old_head, rewritten_head, offered);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::kCheckFailed);
    EXPECT_EQ(status.error().rule, "R-E2.consistency");
    EXPECT_THAT(status.error().message, HasSubstr("does not extend"));
    EXPECT_THAT(status.error().message, HasSubstr("2007-08-18T20:15:00Z"));
  }
  // A rewrite after the old head is no rewrite of it: that is an extension.
  MerkleTree grown_differently;
  for (size_t i = 0; i < 30; ++i) {
    grown_differently.AppendLeaf(i == 25 ? std::string("other") : "leaf" + std::to_string(i));
  }
  EXPECT_TRUE(CheckExtends(old_head, HeadOf(grown_differently, 30),
                           *grown_differently.ConsistencyProof(18, 30))
                  .ok());

  // A malformed proof is bad input, not a verdict on the log.
  Status malformed = CheckExtends(old_head, new_head, std::vector<Digest>(proof.begin() + 1,
                                                                          proof.end()));
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::kBadInput);

  // An "empty" older head whose root is not the empty tree's.
  TreeHead bogus_empty = HeadOf(tree, 0);
  bogus_empty.root_hash = tree.Root();
  EXPECT_EQ(CheckExtends(bogus_empty, new_head, {}).error().rule, "R-E2.consistency");
}

}  // namespace
}  // namespace ashyq::ledger
