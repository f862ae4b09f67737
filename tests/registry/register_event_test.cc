#include "registry/register_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "register_fixture.h"

namespace ashyq::registry {
namespace {

using ::testing::HasSubstr;

crypto::SigningKey Key(uint8_t b) {
  crypto::KeySeed seed;
  seed.bytes.fill(b);
  return crypto::SigningKey::FromSeed(seed);
}

RegisterEvent Import() {
  RegisterEvent e;
  e.election = "test-register";
  e.previous = kNoPreviousEvent;
  e.time = "2019-05-01T09:00:00Z";
  e.kind = RegisterEventKind::kImport;
  e.extract_sha256 = Sha256("extract").Hex();
  e.boundaries_sha256 = Sha256("boundaries").Hex();
  e.extract_rows = 3;
  e.voters = 3;
  e.stations = {{"ps-akmola-0001", 2}, {"ps-akmola-0002", 1}};
  return e;
}

RegisterEvent Add(int64_t sequence, const std::string& previous) {
  RegisterEvent e;
  e.election = "test-register";
  e.sequence = sequence;
  e.previous = previous;
  e.time = "2019-05-20T10:00:00Z";
  e.kind = RegisterEventKind::kAdd;
  e.person.national_id = MakeNationalId(19870214, true, 17);
  e.person.surname = "Ахметова";
  e.person.given_name = "Айгүл";
  e.person.birth_date = 19870214;
  e.person.region = "akmola";
  e.person.settlement = "Қараөзек";
  e.person.house = "7";
  e.station = "ps-akmola-0001";
  e.reason = "moved-in";
  e.proof = "ЦОН 2019-05-20 №4411";
  return e;
}

TEST(RegisterEvent, RoundTripsThroughJson) {
  for (const RegisterEvent& e : {Import(), Add(2, std::string(64, 'a'))}) {
    const json::Value payload = RegisterEventToJson(e);
    EXPECT_EQ(payload.Find("format")->as_string(), kRegisterEventFormat);
    Result<RegisterEvent> back = RegisterEventFromJson(payload);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(json::Canonicalize(RegisterEventToJson(*back)), json::Canonicalize(payload));
  }
}

TEST(RegisterEvent, BadFieldsAreNamedByPointer) {
  json::Value payload = RegisterEventToJson(Add(2, std::string(64, 'a')));
  payload.Find("voter")->Set("birth_date", "1987-02-15");
  Result<RegisterEvent> e = RegisterEventFromJson(payload);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().where, "/voter/birth_date");
  payload = RegisterEventToJson(Import());
  payload.Set("voters", 4);
  EXPECT_EQ(RegisterEventFromJson(payload).error().where, "/voters");
  payload.Set("kind", "merge");
  EXPECT_EQ(RegisterEventFromJson(payload).error().where, "/kind");
}

TEST(RegisterEvent, TheSignedChainBreaksWhereTheLogWasAltered) {
  const crypto::SigningKey key = Key(3);
  Result<crypto::SignedObject> first = SignRegisterEvent(Import(), "tec-akmola-01", key);
  ASSERT_TRUE(first.ok());
  Result<crypto::SignedObject> second = SignRegisterEvent(Add(2, first->digest().Hex()), "tec-akmola-01", key);
  ASSERT_TRUE(second.ok());
  RegisterEvent third_event = Add(3, second->digest().Hex());
  third_event.kind = RegisterEventKind::kRemove;
  Result<crypto::SignedObject> third = SignRegisterEvent(third_event, "tec-akmola-01", key);
  ASSERT_TRUE(third.ok());

  Result<std::vector<RegisterEvent>> chain = CheckRegisterEventChain({*first, *second, *third}, "tec-akmola-01", key.public_key());
  ASSERT_TRUE(chain.ok()) << chain.error().ToString();
  EXPECT_EQ(chain->size(), 3u);
  EXPECT_EQ((*chain)[2].kind, RegisterEventKind::kRemove);

  // An event left out.
  chain = CheckRegisterEventChain({*first, *third}, "tec-akmola-01", key.public_key());
  ASSERT_FALSE(chain.ok());
  EXPECT_EQ(chain.error().where, "event 2:/sequence");
  // Another key.
  chain = CheckRegisterEventChain({*first, *second}, "tec-akmola-01", Key(4).public_key());
  ASSERT_FALSE(chain.ok());
  EXPECT_THAT(chain.error().where, HasSubstr("event 1"));
  // A rewritten event, signed again, no longer fits the next one's `previous`.
  RegisterEvent changed = Add(2, first->digest().Hex());
  changed.station = "ps-akmola-0002";
  Result<crypto::SignedObject> forged = SignRegisterEvent(changed, "tec-akmola-01", key);
  ASSERT_TRUE(forged.ok());
  chain = CheckRegisterEventChain({*first, *forged, *third}, "tec-akmola-01", key.public_key());
  ASSERT_FALSE(chain.ok());
  EXPECT_EQ(chain.error().where, "event 3:/previous");
  EXPECT_EQ(chain.error().rule, "R-B1.register-log");
}

}  // namespace
}  // namespace ashyq::registry
