#include "crypto/signed_object.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"

namespace ashyq::crypto {
namespace {

KeySeed Master() {
  KeySeed master;
  for (size_t i = 0; i < master.bytes.size(); ++i) master.bytes[i] = static_cast<uint8_t>(100 + i);
  return master;
}

// A small precinct protocol: integers, strings, nested arrays and objects.
json::Value ProtocolPayload() {
  json::Value payload = json::Value::Object();
  payload.Set("format", "ashyq/protocol/1");
  payload.Set("commission", "pec-75-123-0456");
  payload.Set("voters_on_list", 1843);
  payload.Set("ballots_valid", 1502);
  json::Value votes = json::Value::Array();
  json::Value row = json::Value::Object();
  row.Set("party", "nur-otan");
  row.Set("votes", 811);
  votes.Push(std::move(row));
  json::Value row2 = json::Value::Object();
  row2.Set("party", "ndp-ak-zhol");
  row2.Set("votes", 57);
  votes.Push(std::move(row2));
  payload.Set("votes", std::move(votes));
  payload.Set("note", "Алматы, участок №456");
  return payload;
}

class SignedObjectTest : public ::testing::Test {
 protected:
  SignedObjectTest()
      : keyring_(Master()), chair_(keyring_.KeyFor(1)), secretary_(keyring_.KeyFor(2)) {}

  SignedObject SignedProtocol() {
    Result<SignedObject> object = SignedObject::Create(ProtocolPayload());
    EXPECT_TRUE(object.ok()) << object.error().ToString();
    EXPECT_TRUE(object->AddSignature("pec-0456/chair", chair_).ok());
    EXPECT_TRUE(object->AddSignature("pec-0456/secretary", secretary_).ok());
    return std::move(object).value();
  }

  // Envelope -> JSON -> (edit) -> FromJson.
  static Result<SignedObject> Reparse(const json::Value& envelope) {
    return SignedObject::FromJson(envelope);
  }

  SimulatedKeyring keyring_;
  SigningKey chair_;
  SigningKey secretary_;
};

TEST_F(SignedObjectTest, DigestIsTaggedHashOfCanonicalPayload) {
  const json::Value payload = ProtocolPayload();
  Result<SignedObject> object = SignedObject::Create(payload);
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(object->digest(), TaggedHash(tag::kObject, json::Canonicalize(payload)));
  EXPECT_NE(object->digest(), Sha256(json::Canonicalize(payload)));  // the tag matters
  EXPECT_EQ(object->payload_format(), "ashyq/protocol/1");
  EXPECT_EQ(object->payload(), payload);
  EXPECT_TRUE(object->signatures().empty());
}

TEST_F(SignedObjectTest, DigestIgnoresMemberOrder) {
  json::Value a = json::Value::Object();
  a.Set("format", "ashyq/test/1");
  a.Set("x", 1);
  a.Set("y", 2);
  json::Value b = json::Value::Object();
  b.Set("y", 2);
  b.Set("x", 1);
  b.Set("format", "ashyq/test/1");
  EXPECT_EQ(SignedObject::Create(a)->digest(), SignedObject::Create(b)->digest());
}

TEST_F(SignedObjectTest, CreateRejectsPayloadWithoutFormat) {
  struct Case {
    json::Value payload;
    std::string where;
  };
  json::Value no_format = json::Value::Object();
  no_format.Set("x", 1);
  json::Value int_format = json::Value::Object();
  int_format.Set("format", 1);
  json::Value empty_format = json::Value::Object();
  empty_format.Set("format", "");
  std::vector<Case> cases;
  cases.push_back({json::Value::Array(), "/payload"});
  cases.push_back({json::Value("ashyq/protocol/1"), "/payload"});
  cases.push_back({json::Value(), "/payload"});
  cases.push_back({no_format, "/payload/format"});
  cases.push_back({int_format, "/payload/format"});
  cases.push_back({empty_format, "/payload/format"});
  for (const Case& c : cases) {
    Result<SignedObject> object = SignedObject::Create(c.payload);
    ASSERT_FALSE(object.ok()) << json::Canonicalize(c.payload);
    EXPECT_EQ(object.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(object.error().where, c.where) << object.error().ToString();
  }
}

TEST_F(SignedObjectTest, SignAndVerifyRoundTrip) {
  SignedObject object = SignedProtocol();
  ASSERT_EQ(object.signatures().size(), 2u);
  EXPECT_EQ(object.signatures()[0].signer, "pec-0456/chair");
  EXPECT_EQ(object.signatures()[0].public_key, chair_.public_key());
  EXPECT_TRUE(VerifyDigest(chair_.public_key(), object.digest(), object.signatures()[0].signature));
  Status verified = object.VerifyAll();
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_TRUE(object.VerifySignedBy("pec-0456/chair", chair_.public_key()).ok());
  EXPECT_TRUE(object.VerifySignedBy("pec-0456/secretary", secretary_.public_key()).ok());
}

TEST_F(SignedObjectTest, JsonRoundTripKeepsEverything) {
  const SignedObject object = SignedProtocol();
  const json::Value envelope = object.ToJson();
  ASSERT_TRUE(envelope.is_object());
  ASSERT_EQ(envelope.members().size(), 3u);
  EXPECT_EQ(envelope.members()[0].key, "format");
  EXPECT_EQ(envelope.members()[1].key, "payload");
  EXPECT_EQ(envelope.members()[2].key, "signatures");
  EXPECT_EQ(envelope.members()[0].value.as_string(), kSignedFormat);

  Result<SignedObject> back = SignedObject::FromJson(envelope);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->digest(), object.digest());
  EXPECT_EQ(back->payload(), object.payload());
  ASSERT_EQ(back->signatures().size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back->signatures()[i].signer, object.signatures()[i].signer);
    EXPECT_EQ(back->signatures()[i].public_key, object.signatures()[i].public_key);
    EXPECT_EQ(back->signatures()[i].signature, object.signatures()[i].signature);
  }
  EXPECT_TRUE(back->VerifyAll().ok());
}

TEST_F(SignedObjectTest, CanonicalJsonMatchesCanonicalizeAndParsesBack) {
  const SignedObject object = SignedProtocol();
  const std::string canonical = object.ToCanonicalJson();
  EXPECT_EQ(canonical, json::Canonicalize(object.ToJson()));

  Result<json::Value> parsed = json::Parse(canonical);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  Result<SignedObject> back = SignedObject::FromJson(*parsed);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->digest(), object.digest());
  EXPECT_TRUE(back->VerifyAll().ok());
  EXPECT_EQ(back->ToCanonicalJson(), canonical);

  // Signer ids that need escaping still come out canonical.
  Result<SignedObject> odd = SignedObject::Create(ProtocolPayload());
  ASSERT_TRUE(odd->AddSignature("quote\" slash\\ tab\t é", chair_).ok());
  EXPECT_EQ(odd->ToCanonicalJson(), json::Canonicalize(odd->ToJson()));
}

TEST_F(SignedObjectTest, ChangingOneIntegerByOneFails) {
  json::Value envelope = SignedProtocol().ToJson();
  json::Value* payload = envelope.Find("payload");
  payload->Set("ballots_valid", payload->Find("ballots_valid")->as_int() + 1);
  Result<SignedObject> tampered = Reparse(envelope);
  ASSERT_TRUE(tampered.ok()) << tampered.error().ToString();
  Status status = tampered->VerifyAll();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(status.error().where, "/signatures/0");
  const std::string expected = "signature of pec-0456/chair does not verify against key " +
                               chair_.public_key().Hex().substr(0, 16) + "\xE2\x80\xA6";
  EXPECT_EQ(status.error().message, expected);
}

TEST_F(SignedObjectTest, ChangingOneCharacterOfANestedStringFails) {
  json::Value envelope = SignedProtocol().ToJson();
  json::Value& row = envelope.Find("payload")->Find("votes")->items()[1];
  std::string party = row.Find("party")->as_string();
  party[0] = 'm';  // "ndp-ak-zhol" -> "mdp-ak-zhol"
  row.Set("party", party);
  Result<SignedObject> tampered = Reparse(envelope);
  ASSERT_TRUE(tampered.ok());
  EXPECT_EQ(tampered->VerifyAll().error().code, ErrorCode::kBadSignature);
}

TEST_F(SignedObjectTest, AddedOrReorderedPayloadContentFails) {
  json::Value added = SignedProtocol().ToJson();
  added.Find("payload")->Set("ballots_spoiled", 0);
  EXPECT_FALSE(Reparse(added)->VerifyAll().ok());

  json::Value swapped = SignedProtocol().ToJson();
  auto& rows = swapped.Find("payload")->Find("votes")->items();
  std::swap(rows[0], rows[1]);  // array order is signed
  EXPECT_FALSE(Reparse(swapped)->VerifyAll().ok());
}

// Every single-byte change inside the canonical payload text that still parses into a
// well-formed envelope with a different payload must break verification.
TEST_F(SignedObjectTest, EveryOneByteChangeOfThePayloadFails) {
  const SignedObject object = SignedProtocol();
  const std::string canonical = object.ToCanonicalJson();
  const size_t begin = canonical.find("\"payload\":") + 10;
  const size_t end = canonical.find(",\"signatures\":");
  ASSERT_LT(begin, end);
  int reparsed = 0;
  for (size_t i = begin; i < end; ++i) {
    for (char replacement : {'0', '9', 'a', 'z', '"', ' '}) {
      if (canonical[i] == replacement) continue;
      std::string text = canonical;
      text[i] = replacement;
      Result<json::Value> parsed = json::Parse(text);
      if (!parsed.ok()) continue;
      Result<SignedObject> tampered = SignedObject::FromJson(*parsed);
      if (!tampered.ok()) continue;
      if (tampered->payload() == object.payload()) continue;  // e.g. whitespace
      ++reparsed;
      EXPECT_FALSE(tampered->VerifyAll().ok()) << "byte " << i << " -> " << replacement;
    }
  }
  EXPECT_GT(reparsed, 100);  // the loop really exercised verification
}

TEST_F(SignedObjectTest, SignatureBitFlipFails) {
  const SignedObject object = SignedProtocol();
  for (size_t bit : {0u, 7u, 100u, 255u, 256u, 511u}) {
    json::Value envelope = object.ToJson();
    json::Value& entry = envelope.Find("signatures")->items()[1];
    Signature signature = *Signature::FromHex(entry.Find("signature")->as_string());
    signature.bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    entry.Set("signature", signature.Hex());
    Result<SignedObject> tampered = Reparse(envelope);
    ASSERT_TRUE(tampered.ok());
    Status status = tampered->VerifyAll();
    ASSERT_FALSE(status.ok()) << "bit " << bit;
    EXPECT_EQ(status.error().where, "/signatures/1");
    EXPECT_NE(status.error().message.find("pec-0456/secretary"), std::string::npos);
  }
}

TEST_F(SignedObjectTest, ReplacedPublicKeyFails) {
  json::Value envelope = SignedProtocol().ToJson();
  const SigningKey intruder = keyring_.KeyFor(99);
  envelope.Find("signatures")->items()[0].Set("public_key", intruder.public_key().Hex());
  Result<SignedObject> tampered = Reparse(envelope);
  ASSERT_TRUE(tampered.ok());
  Status status = tampered->VerifyAll();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(status.error().message.find(intruder.public_key().Hex().substr(0, 16)),
            std::string::npos);
}

TEST_F(SignedObjectTest, CheckedSignaturesGiveTheSameAnswersAsLibsodium) {
  // The secretary's signature presented under the chair's key: it does not verify.
  json::Value envelope = SignedProtocol().ToJson();
  envelope.Find("signatures")->items()[1].Set("public_key", chair_.public_key().Hex());
  Result<SignedObject> object = Reparse(envelope);
  ASSERT_TRUE(object.ok());
  EXPECT_TRUE(object->SignatureVerifies(0));
  EXPECT_FALSE(object->SignatureVerifies(1));
  object->CheckSignatures();  // the answers kept now
  EXPECT_TRUE(object->SignatureVerifies(0));
  EXPECT_FALSE(object->SignatureVerifies(1));
  Status all = object->VerifyAll();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().where, "/signatures/1");
  // A copy keeps the answers; a signature added after the check is checked when asked.
  SignedObject copy = *object;
  EXPECT_FALSE(copy.SignatureVerifies(1));
  ASSERT_TRUE(copy.AddSignature("pec-0456/member-3", keyring_.KeyFor(3)).ok());
  EXPECT_TRUE(copy.SignatureVerifies(2));
}

TEST_F(SignedObjectTest, WrongKeyFails) {
  // A signature by one key presented under another's public key.
  Result<SignedObject> object = SignedObject::Create(ProtocolPayload());
  ASSERT_TRUE(object->AddSignature("pec-0456/chair", chair_).ok());
  json::Value envelope = object->ToJson();
  envelope.Find("signatures")->items()[0].Set("public_key", secretary_.public_key().Hex());
  EXPECT_FALSE(Reparse(envelope)->VerifyAll().ok());
}

TEST_F(SignedObjectTest, SwappedSignersAreCaughtByVerifySignedBy) {
  json::Value envelope = SignedProtocol().ToJson();
  auto& entries = envelope.Find("signatures")->items();
  json::Value chair_signer = *entries[0].Find("signer");
  entries[0].Set("signer", *entries[1].Find("signer"));
  entries[1].Set("signer", chair_signer);
  Result<SignedObject> tampered = Reparse(envelope);
  ASSERT_TRUE(tampered.ok());
  // Each signature still verifies against the key it names...
  EXPECT_TRUE(tampered->VerifyAll().ok());
  // ...but not against the key the definition gives each signer.
  Status status = tampered->VerifySignedBy("pec-0456/chair", chair_.public_key());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(status.error().message.find("pec-0456/chair"), std::string::npos);
  EXPECT_FALSE(tampered->VerifySignedBy("pec-0456/secretary", secretary_.public_key()).ok());
}

TEST_F(SignedObjectTest, ResignedUnderAnotherNameIsCaught) {
  // An intruder replaces the chair's key and signature with their own.
  const SigningKey intruder = keyring_.KeyFor(99);
  const SignedObject object = SignedProtocol();
  json::Value envelope = object.ToJson();
  json::Value& entry = envelope.Find("signatures")->items()[0];
  entry.Set("public_key", intruder.public_key().Hex());
  entry.Set("signature", intruder.SignDigest(object.digest()).Hex());
  Result<SignedObject> tampered = Reparse(envelope);
  ASSERT_TRUE(tampered.ok());
  EXPECT_TRUE(tampered->VerifyAll().ok());
  EXPECT_FALSE(tampered->VerifySignedBy("pec-0456/chair", chair_.public_key()).ok());
}

TEST_F(SignedObjectTest, VerifySignedByNamesMissingSigner) {
  const SignedObject object = SignedProtocol();
  Status status = object.VerifySignedBy("pec-0456/member-3", keyring_.KeyFor(3).public_key());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(status.error().message.find("pec-0456/member-3"), std::string::npos);
}

TEST_F(SignedObjectTest, VerifySignedByAlsoVerifiesEverySignature) {
  json::Value envelope = SignedProtocol().ToJson();
  envelope.Find("payload")->Set("voters_on_list", 1844);
  Result<SignedObject> tampered = Reparse(envelope);
  EXPECT_FALSE(tampered->VerifySignedBy("pec-0456/chair", chair_.public_key()).ok());
}

TEST_F(SignedObjectTest, ZeroSignaturesFailVerification) {
  Result<SignedObject> object = SignedObject::Create(ProtocolPayload());
  Status status = object->VerifyAll();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(status.error().where, "/signatures");
  EXPECT_NE(status.error().message.find("no signatures"), std::string::npos);

  // Also when read from JSON: an unsigned envelope is well-formed but not valid.
  Result<SignedObject> unsigned_object = SignedObject::FromJson(object->ToJson());
  ASSERT_TRUE(unsigned_object.ok()) << unsigned_object.error().ToString();
  EXPECT_FALSE(unsigned_object->VerifyAll().ok());
}

TEST_F(SignedObjectTest, SignerMaySignOnce) {
  Result<SignedObject> object = SignedObject::Create(ProtocolPayload());
  ASSERT_TRUE(object->AddSignature("pec-0456/chair", chair_).ok());
  Status again = object->AddSignature("pec-0456/chair", secretary_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().where, "/signatures/0");
  ASSERT_EQ(object->signatures().size(), 1u);
  EXPECT_EQ(object->signatures()[0].public_key, chair_.public_key());
  EXPECT_TRUE(object->VerifyAll().ok());

  Status empty = object->AddSignature("", chair_);
  EXPECT_FALSE(empty.ok());
  EXPECT_EQ(object->signatures().size(), 1u);
}

// Malformed envelopes: each is rejected with the JSON Pointer of the fault.
struct MalformedCase {
  const char* name;
  std::string text;
  std::string where;
};

std::string Entry(const std::string& signer_json, const std::string& key,
                  const std::string& signature, const std::string& extra = "") {
  return "{\"signer\":" + signer_json + ",\"public_key\":\"" + key + "\",\"signature\":\"" +
         signature + "\"" + extra + "}";
}

std::string Envelope(const std::string& signatures, const std::string& payload =
                                                        "{\"format\":\"ashyq/protocol/1\"}",
                     const std::string& format = "\"ashyq/signed/1\"",
                     const std::string& extra = "") {
  return "{\"format\":" + format + ",\"payload\":" + payload + ",\"signatures\":" + signatures +
         extra + "}";
}

TEST(SignedObjectFromJsonTest, RejectsMalformedEnvelopes) {
  const std::string k(64, 'a');
  const std::string s(128, 'b');
  const std::string good = Entry("\"m1\"", k, s);
  const std::vector<MalformedCase> cases = {
      {"not an object", "[]", ""},
      {"string envelope", "\"ashyq/signed/1\"", ""},
      {"missing format", "{\"payload\":{\"format\":\"x\"},\"signatures\":[]}", "/format"},
      {"wrong format", Envelope("[" + good + "]", "{\"format\":\"x\"}", "\"ashyq/signed/2\""),
       "/format"},
      {"format not string", Envelope("[]", "{\"format\":\"x\"}", "1"), "/format"},
      {"missing payload", "{\"format\":\"ashyq/signed/1\",\"signatures\":[]}", "/payload"},
      {"payload array", Envelope("[]", "[]"), "/payload"},
      {"payload null", Envelope("[]", "null"), "/payload"},
      {"payload without format", Envelope("[]", "{\"kind\":\"protocol\"}"), "/payload/format"},
      {"payload format integer", Envelope("[]", "{\"format\":7}"), "/payload/format"},
      {"payload format empty", Envelope("[]", "{\"format\":\"\"}"), "/payload/format"},
      {"missing signatures", "{\"format\":\"ashyq/signed/1\",\"payload\":{\"format\":\"x\"}}",
       "/signatures"},
      {"signatures object", Envelope("{}"), "/signatures"},
      {"signature entry not object", Envelope("[" + good + ",\"m2\"]"), "/signatures/1"},
      {"missing signer", Envelope("[{\"public_key\":\"" + k + "\",\"signature\":\"" + s + "\"}]"),
       "/signatures/0/signer"},
      {"empty signer", Envelope("[" + Entry("\"\"", k, s) + "]"), "/signatures/0/signer"},
      {"signer integer", Envelope("[" + Entry("5", k, s) + "]"), "/signatures/0/signer"},
      {"missing public key", Envelope("[{\"signer\":\"m1\",\"signature\":\"" + s + "\"}]"),
       "/signatures/0/public_key"},
      {"missing signature", Envelope("[{\"signer\":\"m1\",\"public_key\":\"" + k + "\"}]"),
       "/signatures/0/signature"},
      {"unknown entry field", Envelope("[" + Entry("\"m1\"", k, s, ",\"role\":\"chair\"") + "]"),
       "/signatures/0/role"},
      {"short public key", Envelope("[" + Entry("\"m1\"", k.substr(1), s) + "]"),
       "/signatures/0/public_key"},
      {"upper-case public key", Envelope("[" + Entry("\"m1\"", "A" + k.substr(1), s) + "]"),
       "/signatures/0/public_key"},
      {"long signature", Envelope("[" + Entry("\"m1\"", k, s + "bb") + "]"),
       "/signatures/0/signature"},
      {"non-hex signature", Envelope("[" + Entry("\"m1\"", k, "x" + s.substr(1)) + "]"),
       "/signatures/0/signature"},
      {"duplicate signer", Envelope("[" + good + "," + Entry("\"m1\"", k, s) + "]"),
       "/signatures/1/signer"},
      {"unknown envelope field", Envelope("[" + good + "]", "{\"format\":\"x\"}",
                                          "\"ashyq/signed/1\"", ",\"comment\":\"hi\""),
       "/comment"},
      {"unknown field with slash", Envelope("[]", "{\"format\":\"x\"}", "\"ashyq/signed/1\"",
                                            ",\"a/b\":1"),
       "/a~1b"},
  };
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<json::Value> parsed = json::Parse(c.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    Result<SignedObject> object = SignedObject::FromJson(*parsed);
    ASSERT_FALSE(object.ok()) << c.text;
    EXPECT_EQ(object.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(object.error().where, c.where) << object.error().ToString();
    EXPECT_FALSE(object.error().message.empty());
  }
}

TEST(SignedObjectFromJsonTest, AcceptsTheMinimalShapeAndNamesEveryProblemCount) {
  const std::string k(64, 'a');
  const std::string s(128, 'b');
  Result<json::Value> ok_text = json::Parse(Envelope("[" + Entry("\"m1\"", k, s) + "]"));
  Result<SignedObject> object = SignedObject::FromJson(*ok_text);
  ASSERT_TRUE(object.ok()) << object.error().ToString();
  EXPECT_EQ(object->payload_format(), "ashyq/protocol/1");
  EXPECT_FALSE(object->VerifyAll().ok());  // well-formed, but the signature is garbage

  // Several problems: the first is reported and the rest counted.
  Result<json::Value> bad = json::Parse(
      Envelope("[" + Entry("\"m1\"", "zz", s) + "]", "[]", "\"nope\""));
  Result<SignedObject> many = SignedObject::FromJson(*bad);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().where, "/format");
  EXPECT_NE(many.error().message.find("more problem"), std::string::npos)
      << many.error().message;
}

TEST(SignedObjectFromJsonTest, LongValuesAreShortenedInMessages) {
  const std::string huge(10000, 'q');
  Result<json::Value> parsed =
      json::Parse(Envelope("[]", "{\"format\":\"x\"}", "\"" + huge + "\""));
  Result<SignedObject> object = SignedObject::FromJson(*parsed);
  ASSERT_FALSE(object.ok());
  EXPECT_LT(object.error().ToString().size(), 300u);
}

}  // namespace
}  // namespace ashyq::crypto
