#include "crypto/signed_definition.h"

#include <gtest/gtest.h>

#include <string>

#include "core/definition_json.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/key_file.h"

namespace ashyq::crypto {
namespace {

const std::string kSmall = std::string(ASHYQ_SOURCE_DIR) + "/tests/data/definitions/valid-small.json";

// The small test definition with its CEC key replaced by one this test holds, signed by it.
struct SignedSmall {
  ElectionDefinition definition;
  SignedObject signed_definition;
};
SignedSmall Sign() {
  Result<DefinitionDocument> bare = LoadDefinitionFile(kSmall);
  EXPECT_TRUE(bare.ok()) << bare.error().ToString();
  EXPECT_FALSE(bare->envelope.has_value());
  ElectionDefinition definition = bare->definition;
  KeySeed master;
  master.bytes.fill(7);
  const SigningKey cec = SimulatedKeyring(master).KeyFor(1);
  for (Commission& c : definition.commissions) {
    if (c.tier == CommissionTier::kCentral) c.public_key = cec.public_key().Hex();
  }
  Result<SignedObject> signed_definition = SignDefinition(definition, cec);
  EXPECT_TRUE(signed_definition.ok()) << signed_definition.error().ToString();
  return {definition, *signed_definition};
}

TEST(SignedDefinitionTest, CanonicalAndOtherTextsReadAlike) {
  const SignedSmall s = Sign();
  const std::string canonical = s.signed_definition.ToCanonicalJson();
  // The same envelope with a space after its first brace: not canonical, read the slow way.
  const std::string spaced = "{ " + canonical.substr(1);
  for (const std::string& text : {canonical, spaced}) {
    Result<DefinitionDocument> read = ReadDefinitionText(text);
    ASSERT_TRUE(read.ok()) << read.error().ToString();
    ASSERT_TRUE(read->envelope.has_value());
    EXPECT_TRUE(read->problems.empty()) << read->problems.front().ToString();
    EXPECT_EQ(read->envelope->digest(), s.signed_definition.digest());
    EXPECT_EQ(read->definition, s.definition);
  }
}

TEST(SignedDefinitionTest, AChangedPayloadIsASignatureProblem) {
  const SignedSmall s = Sign();
  std::string text = s.signed_definition.ToCanonicalJson();
  const size_t at = text.find("test-2007");
  ASSERT_NE(at, std::string::npos);
  text[at] = 'T';
  Result<DefinitionDocument> read = ReadDefinitionText(text);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  ASSERT_FALSE(read->problems.empty());
  EXPECT_EQ(read->problems.back().code, ErrorCode::kBadSignature);
  EXPECT_EQ(read->problems.back().rule, "signature");
}

TEST(SignedDefinitionTest, TextsThatAreNoSignedDefinitionFailAsDocumentsDo) {
  Result<DefinitionDocument> not_json = ReadDefinitionText("{\"format\":\"ashyq/signed/1\",");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().message.rfind("not JSON: ", 0), 0u) << not_json.error().ToString();

  // A canonical start, but no signatures: the envelope's problem, as ReadDefinitionDocument says it.
  const SignedSmall s = Sign();
  json::Value envelope = s.signed_definition.ToJson();
  envelope.Set("signatures", json::Value::Array());
  const std::string text = json::Canonicalize(envelope);
  Result<DefinitionDocument> by_text = ReadDefinitionText(text);
  Result<json::Value> parsed = json::Parse(text);
  ASSERT_TRUE(parsed.ok());
  Result<DefinitionDocument> by_document = ReadDefinitionDocument(*parsed);
  ASSERT_EQ(by_text.ok(), by_document.ok());
  if (!by_text.ok()) {
    EXPECT_EQ(by_text.error().ToString(), by_document.error().ToString());
  } else {
    ASSERT_FALSE(by_text->problems.empty());
    EXPECT_EQ(by_text->problems.front().ToString(), by_document->problems.front().ToString());
  }
}

}  // namespace
}  // namespace ashyq::crypto
