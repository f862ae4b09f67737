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

// One event of each kind the second part of issue 19 added.
std::vector<RegisterEvent> ElectionDayEvents() {
  std::vector<RegisterEvent> out;
  RegisterEvent add = Add(2, std::string(64, 'a'));
  add.election_day = true;
  add.time = "2019-06-09T14:05:00Z";
  out.push_back(add);
  RegisterEvent move = Add(3, std::string(64, 'b'));
  move.kind = RegisterEventKind::kMove;
  move.person = {};
  move.person.national_id = MakeNationalId(19870214, true, 17);
  move.station = "ps-akmola-0002";
  move.reason = "hospital";
  move.proof = "Облыстық аурухана №12 тізімі";
  out.push_back(move);
  RegisterEvent print = Add(4, std::string(64, 'c'));
  print.kind = RegisterEventKind::kAvcPrint;
  print.person = {};
  print.station = print.reason = print.proof = "";
  print.unit = "akmola";
  print.first_serial = 100001;
  print.count = 250;
  out.push_back(print);
  RegisterEvent issue = move;
  issue.sequence = 5;
  issue.kind = RegisterEventKind::kAvcIssue;
  issue.station = issue.reason = issue.proof = "";
  issue.serial = 100007;
  out.push_back(issue);
  RegisterEvent use = issue;
  use.sequence = 6;
  use.kind = RegisterEventKind::kAvcUse;
  use.station = "ps-almaty-city-0001";
  out.push_back(use);
  RegisterEvent mobile = move;
  mobile.sequence = 7;
  mobile.kind = RegisterEventKind::kMobileRequest;
  mobile.station = "ps-akmola-0001";
  mobile.reason = "homebound";
  mobile.proof = "";
  mobile.members = {"pec-akmola-0001.m2", "pec-akmola-0001.m5"};
  out.push_back(mobile);
  RegisterEvent depart = print;
  depart.sequence = 8;
  depart.kind = RegisterEventKind::kMobileDepart;
  depart.unit = "";
  depart.first_serial = depart.count = 0;
  depart.station = "ps-akmola-0001";
  out.push_back(depart);
  return out;
}

TEST(RegisterEvent, ElectionDayKindsRoundTripThroughJson) {
  const std::vector<std::string> kinds = {"add", "move", "avc-print", "avc-issue", "avc-use", "mobile-request", "mobile-depart"};
  const std::vector<RegisterEvent> events = ElectionDayEvents();
  for (size_t i = 0; i < events.size(); ++i) {
    const json::Value payload = RegisterEventToJson(events[i]);
    EXPECT_EQ(payload.Find("kind")->as_string(), kinds[i]);
    Result<RegisterEvent> back = RegisterEventFromJson(payload);
    ASSERT_TRUE(back.ok()) << kinds[i] << ": " << back.error().ToString();
    EXPECT_EQ(back->kind, events[i].kind);
    EXPECT_EQ(json::Canonicalize(RegisterEventToJson(*back)), json::Canonicalize(payload));
  }
  EXPECT_TRUE(RegisterEventFromJson(RegisterEventToJson(events[0]))->election_day);
  EXPECT_EQ(RegisterEventFromJson(RegisterEventToJson(events[4]))->serial, 100007);
  EXPECT_FALSE(RegisterEventToJson(Add(2, std::string(64, 'a'))).Find("election_day"))
      << "an add before the day reads as the first part wrote it";
}

TEST(RegisterEvent, ElectionDayKindsRefuseMissingParts) {
  const std::vector<RegisterEvent> events = ElectionDayEvents();
  json::Value move = RegisterEventToJson(events[1]);
  move.Set("proof", "");
  EXPECT_EQ(RegisterEventFromJson(move).error().where, "/proof");
  json::Value mobile = RegisterEventToJson(events[5]);
  json::Value one = json::Value::Array();
  one.Push("pec-akmola-0001.m2");
  mobile.Set("members", std::move(one));
  Result<RegisterEvent> e = RegisterEventFromJson(mobile);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().where, "/members");
  EXPECT_THAT(e.error().message, HasSubstr("two different PEC members"));
  json::Value print = RegisterEventToJson(events[2]);
  print.Set("count", 0);
  EXPECT_EQ(RegisterEventFromJson(print).error().where, "/count");
  json::Value use = RegisterEventToJson(events[4]);
  use.Set("serial", "100007");
  EXPECT_EQ(RegisterEventFromJson(use).error().where, "/serial");
  json::Value depart = RegisterEventToJson(events[6]);
  depart.Set("station", "");
  EXPECT_EQ(RegisterEventFromJson(depart).error().where, "/station");
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
