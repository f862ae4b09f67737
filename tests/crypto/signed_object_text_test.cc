// SignedObject::FromText: the same object as FromJson(Parse(text)), and `canonical` exactly
// when the text is ToCanonicalJson() -- the verifier's R-E2.leaf rests on it.
#include <gtest/gtest.h>

#include <string>

#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"

namespace ashyq::crypto {
namespace {

SignedObject Signed() {
  KeySeed master;
  for (size_t i = 0; i < master.bytes.size(); ++i) master.bytes[i] = static_cast<uint8_t>(7 * i);
  SimulatedKeyring keyring(master);
  json::Value payload = json::Value::Object();
  payload.Set("format", "ashyq/test/1");
  payload.Set("station", "75-123-0456");
  payload.Set("note", "Алматы \"№456\"\n");
  json::Value votes = json::Value::Array();
  votes.Push(json::Value(811));
  votes.Push(json::Value(-3));
  payload.Set("votes", std::move(votes));
  Result<SignedObject> object = SignedObject::Create(std::move(payload));
  EXPECT_TRUE(object.ok());
  EXPECT_TRUE(object->AddSignature("pec/chair", keyring.KeyFor(1)).ok());
  EXPECT_TRUE(object->AddSignature("pec/secretary", keyring.KeyFor(2)).ok());
  return std::move(object).value();
}

Result<SignedObject> Read(const std::string& text, SignedObject::TextReading* reading) {
  return SignedObject::FromText(text, json::ParseOptions{}, reading);
}

TEST(SignedObjectFromText, CanonicalTextReadsAsFromJson) {
  const SignedObject object = Signed();
  const std::string text = object.ToCanonicalJson();
  SignedObject::TextReading reading;
  Result<SignedObject> read = Read(text, &reading);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_TRUE(reading.json);
  EXPECT_TRUE(reading.canonical);
  EXPECT_EQ(read->digest(), object.digest());
  EXPECT_EQ(read->payload(), object.payload());
  EXPECT_EQ(read->ToCanonicalJson(), text);
  EXPECT_TRUE(read->VerifyAll().ok());
}

TEST(SignedObjectFromText, OtherSpellingsKeepTheDigestButAreNotCanonical) {
  const SignedObject object = Signed();
  const std::string canonical = object.ToCanonicalJson();
  const std::string texts[] = {
      json::Pretty(object.ToJson()),
      canonical + "\n",
      " " + canonical,
      // the same string, escaped differently
      [&] {
        std::string t = canonical;
        t.replace(t.find("75-123"), 1, "\\u0037");
        return t;
      }(),
  };
  for (const std::string& text : texts) {
    SignedObject::TextReading reading;
    Result<SignedObject> read = Read(text, &reading);
    ASSERT_TRUE(read.ok()) << text;
    EXPECT_TRUE(reading.json);
    EXPECT_FALSE(reading.canonical) << text;
    EXPECT_EQ(read->digest(), object.digest()) << text;
    EXPECT_TRUE(read->VerifyAll().ok());
  }
}

TEST(SignedObjectFromText, SignatureListedFirstIsNotCanonicalNorConfusesThePayload) {
  // Members in another order: the payload cannot be found where canonical text has it.
  const SignedObject object = Signed();
  std::string text = object.ToCanonicalJson();
  const size_t split = text.rfind(",\"signatures\":[");
  const std::string signatures = text.substr(split + 1, text.size() - split - 2);
  const std::string head = "{\"format\":\"ashyq/signed/1\",";
  const std::string payload = text.substr(head.size(), split - head.size());
  const std::string reordered = head + signatures + "," + payload + "}";
  SignedObject::TextReading reading;
  Result<SignedObject> read = Read(reordered, &reading);
  ASSERT_TRUE(read.ok()) << reordered;
  EXPECT_FALSE(reading.canonical);
  EXPECT_EQ(read->digest(), object.digest());
}

TEST(SignedObjectFromText, SaysWhetherTheTextWasJson) {
  SignedObject::TextReading reading;
  EXPECT_FALSE(Read("{\"format\":", &reading).ok());
  EXPECT_FALSE(reading.json);
  EXPECT_FALSE(Read("{\"format\":\"ashyq/signed/1\"}", &reading).ok());
  EXPECT_TRUE(reading.json);
  EXPECT_FALSE(reading.canonical);
}

}  // namespace
}  // namespace ashyq::crypto
