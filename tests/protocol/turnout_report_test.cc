#include "protocol/turnout_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "crypto/signed_object.h"
#include "protocol_fixture.h"

namespace ashyq::protocol {
namespace {

using ::testing::HasSubstr;

class TurnoutReportTest : public ::testing::Test {
 protected:
  // The protocol test election, with a real key for every commission (the fixture's keys for
  // commissions are placeholders).
  TurnoutReportTest() : election_(testing::ProtocolTestDefinition()) {
    uint64_t n = 1000;
    for (Commission& c : election_.def.commissions) {
      crypto::SigningKey key = testing::MemberKeyFor(++n);
      c.public_key = key.public_key().Hex();
      commission_keys_.emplace(c.id, std::move(key));
    }
    election_.Rebuild();
  }

  const ProtocolContext& Context() const { return *election_.context; }
  const crypto::SigningKey& KeyOf(const std::string& commission) const { return commission_keys_.at(commission); }

  // ps-north-0002: 1,500 voters on the list before the day.
  TurnoutReport Report() const {
    TurnoutReport r;
    r.election_id = "test-2007";
    r.definition_digest = election_.digest;
    r.station = "ps-north-0002";
    r.commission = "pec-north-0002";
    r.time = "12:00";
    r.revision = 1;
    r.registered_voters = 1510;
    r.voters = 431;
    return r;
  }

  crypto::SignedObject Sign(const TurnoutReport& r) {
    Result<crypto::SignedObject> signed_report = SignTurnoutReport(r, KeyOf(r.commission));
    EXPECT_TRUE(signed_report.ok()) << signed_report.error().ToString();
    return signed_report.ok() ? std::move(signed_report).value()
                              : *crypto::SignedObject::Create(TurnoutReportToJson(r));
  }

  // Signs any payload with any commission's key, as a forger or a careless tool would.
  crypto::SignedObject SignAnyway(json::Value payload, const std::string& signer) {
    Result<crypto::SignedObject> object = crypto::SignedObject::Create(std::move(payload));
    EXPECT_TRUE(object.ok());
    EXPECT_TRUE(object->AddSignature(signer, KeyOf(signer)).ok());
    return std::move(object).value();
  }

  void ExpectRule(const Result<TurnoutReport>& r, const std::string& rule, const std::string& where,
                  const std::string& says) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kCheckFailed) << r.error().ToString();
    EXPECT_EQ(r.error().rule, rule) << r.error().ToString();
    EXPECT_EQ(r.error().where, where) << r.error().ToString();
    EXPECT_THAT(r.error().message, HasSubstr(says));
  }

  testing::Election election_;
  std::map<std::string, crypto::SigningKey> commission_keys_;
};

TEST_F(TurnoutReportTest, JsonRoundTripsAndIsTheDocumentedShape) {
  const TurnoutReport r = Report();
  const json::Value doc = TurnoutReportToJson(r);
  EXPECT_EQ(json::Canonicalize(doc),
            "{\"commission\":\"pec-north-0002\",\"definition_digest\":\"" + election_.digest +
                "\",\"election_id\":\"test-2007\",\"format\":\"ashyq/turnout-report/1\",\"registered_voters\":1510,"
                "\"revision\":1,\"station\":\"ps-north-0002\",\"time\":\"12:00\",\"voters\":431}");
  std::vector<Error> problems;
  EXPECT_EQ(TurnoutReportFromJson(doc, &problems), r);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(TurnoutReportSubject(r), "ps-north-0002@12:00");
}

TEST_F(TurnoutReportTest, ReadingIsStrict) {
  struct Case {
    std::string field;
    json::Value value;
    std::string where;
    std::string says;
    bool remove = false;  // leave the field out instead
  };
  const std::vector<Case> cases = {
      {"election_id", json::Value(), "/election_id", "missing required field", true},
      {"election_id", json::Value(""), "/election_id", "must not be empty"},
      {"definition_digest", json::Value("ABC"), "/definition_digest", "64 lowercase hex"},
      {"station", json::Value(int64_t{5}), "/station", "expected string"},
      {"commission", json::Value(""), "/commission", "must not be empty"},
      {"time", json::Value("12:60"), "/time", "HH:MM"},
      {"time", json::Value("1200"), "/time", "HH:MM"},
      {"revision", json::Value(int64_t{0}), "/revision", "below the minimum 1"},
      {"registered_voters", json::Value(int64_t{-1}), "/registered_voters", "below the minimum 0"},
      {"voters", json::Value(int64_t{-3}), "/voters", "below the minimum 0"},
      {"voters", json::Value("12"), "/voters", "expected integer"},
      {"voters", json::Value(nullptr), "/voters", "expected integer"},
      {"extra", json::Value(int64_t{1}), "/extra", "unknown field"},
  };
  for (const Case& c : cases) {
    json::Value doc = TurnoutReportToJson(Report());
    if (c.remove) {
      json::Value copy = json::Value::Object();
      for (const json::Member& m : doc.members()) {
        if (m.key != c.field) copy.Set(m.key, m.value);
      }
      doc = std::move(copy);
    } else {
      doc.Set(c.field, c.value);
    }
    std::vector<Error> problems;
    (void)TurnoutReportFromJson(doc, &problems);
    ASSERT_EQ(problems.size(), 1u) << c.field;
    EXPECT_EQ(problems[0].code, ErrorCode::kBadInput);
    EXPECT_EQ(problems[0].where, c.where) << problems[0].ToString();
    EXPECT_THAT(problems[0].message, HasSubstr(c.says)) << problems[0].ToString();
  }
  // Not a report at all: one problem.
  json::Value other = TurnoutReportToJson(Report());
  other.Set("format", json::Value("ashyq/precinct-protocol/1"));
  std::vector<Error> problems;
  EXPECT_EQ(TurnoutReportFromJson(other, &problems), TurnoutReport{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("not a turnout report"));
  problems.clear();
  (void)TurnoutReportFromJson(json::Value(int64_t{3}), &problems);
  EXPECT_EQ(problems.size(), 1u);
}

TEST_F(TurnoutReportTest, SignedReportVerifies) {
  const TurnoutReport r = Report();
  const crypto::SignedObject object = Sign(r);
  ASSERT_EQ(object.signatures().size(), 1u);
  EXPECT_EQ(object.signatures()[0].signer, "pec-north-0002");
  EXPECT_EQ(object.payload_format(), kTurnoutReportFormat);
  Result<TurnoutReport> verified = VerifyTurnoutReport(object, Context());
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(*verified, r);

  // Through its canonical JSON, as the log publishes it.
  Result<json::Value> parsed = json::Parse(object.ToCanonicalJson());
  ASSERT_TRUE(parsed.ok());
  Result<crypto::SignedObject> back = crypto::SignedObject::FromJson(*parsed);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(VerifyTurnoutReport(*back, Context()).ok());

  // Every reporting time, a revision, and all the list having voted.
  for (std::string_view time : kTurnoutReportTimes) {
    TurnoutReport at = r;
    at.time = std::string(time);
    at.revision = 3;
    at.voters = at.registered_voters;
    EXPECT_TRUE(VerifyTurnoutReport(Sign(at), Context()).ok()) << time;
  }
}

TEST_F(TurnoutReportTest, SigningRefusesWhatNoVerifierWouldAccept) {
  TurnoutReport r = Report();
  r.time = "13:00";
  Result<crypto::SignedObject> refused = SignTurnoutReport(r, KeyOf(r.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-C5.time");
  EXPECT_THAT(refused.error().message, HasSubstr("10:00, 12:00, 14:00, 16:00, 18:00"));

  r = Report();
  r.voters = 1511;
  refused = SignTurnoutReport(r, KeyOf(r.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-C5.voters");
  EXPECT_THAT(refused.error().message, HasSubstr("1,511 voters but only 1,510 registered"));

  r = Report();
  r.time = "noon";
  refused = SignTurnoutReport(r, KeyOf(r.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(refused.error().where, "/time");

  r = Report();
  r.revision = 0;
  refused = SignTurnoutReport(r, KeyOf(r.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "/revision");
}

TEST_F(TurnoutReportTest, TamperedOrForeignSignaturesAreRefused) {
  const TurnoutReport r = Report();
  // A figure changed after signing.
  json::Value payload = TurnoutReportToJson(r);
  const crypto::SignedObject good = Sign(r);
  json::Value envelope = good.ToJson();
  envelope.Find("payload")->Set("voters", json::Value(int64_t{900}));
  Result<crypto::SignedObject> tampered = crypto::SignedObject::FromJson(envelope);
  ASSERT_TRUE(tampered.ok());
  Result<TurnoutReport> v = VerifyTurnoutReport(*tampered, Context());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(v.error().where, "/signatures/0/signature");

  // Signed by the TEC above, or by another PEC, with their real keys.
  v = VerifyTurnoutReport(SignAnyway(payload, "tec-north-01"), Context());
  ExpectRule(v, "R-C5.signer", "/signatures/0/signer", "not by its commission pec-north-0002");
  v = VerifyTurnoutReport(SignAnyway(payload, "pec-north-0001"), Context());
  ExpectRule(v, "R-C5.signer", "/signatures/0/signer", "signed by pec-north-0001");

  // Signed with a key the definition does not list for the PEC.
  Result<crypto::SignedObject> wrong_key = crypto::SignedObject::Create(payload);
  ASSERT_TRUE(wrong_key.ok());
  ASSERT_TRUE(wrong_key->AddSignature("pec-north-0002", KeyOf("pec-north-0001")).ok());
  v = VerifyTurnoutReport(*wrong_key, Context());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(v.error().rule, "R-C5.signer");
  EXPECT_EQ(v.error().where, "/signatures/0/public_key");

  // A member's key instead of the commission's; an unknown signer; none; two.
  Result<crypto::SignedObject> by_member = crypto::SignedObject::Create(payload);
  ASSERT_TRUE(by_member->AddSignature("pec-north-0002.m1", election_.keys.at("pec-north-0002.m1")).ok());
  v = VerifyTurnoutReport(*by_member, Context());
  ExpectRule(v, "R-C5.signer", "/signatures/0/signer", "not a commission of the election");
  Result<crypto::SignedObject> unsigned_report = crypto::SignedObject::Create(payload);
  v = VerifyTurnoutReport(*unsigned_report, Context());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kBadSignature);
  crypto::SignedObject twice = SignAnyway(payload, "pec-north-0002");
  ASSERT_TRUE(twice.AddSignature("tec-north-01", KeyOf("tec-north-01")).ok());
  v = VerifyTurnoutReport(twice, Context());
  ExpectRule(v, "R-C5.signer", "/signatures", "exactly one signature");
}

TEST_F(TurnoutReportTest, EveryRuleIsNamed) {
  auto verify = [&](const TurnoutReport& r) {
    return VerifyTurnoutReport(SignAnyway(TurnoutReportToJson(r), r.commission), Context());
  };
  TurnoutReport r = Report();
  r.station = "ps-north-0009";
  ExpectRule(verify(r), "R-C5.station", "/payload/station", "not in the election definition");

  r = Report();
  r.commission = "pec-north-0001";  // signed by that PEC, but the station is not its own
  ExpectRule(verify(r), "R-C5.station", "/payload/commission", "belongs to pec-north-0002");

  r = Report();
  r.election_id = "test-2008";
  ExpectRule(verify(r), "R-C5.definition", "/payload/election_id", "test-2008");

  r = Report();
  r.definition_digest = std::string(64, 'a');
  ExpectRule(verify(r), "R-C5.definition", "/payload/definition_digest", "aaaaaaaaaaaaaaaa");

  r = Report();
  r.time = "19:00";
  ExpectRule(verify(r), "R-C5.time", "/payload/time", "not a reporting time");

  r = Report();
  r.voters = 2000;
  ExpectRule(verify(r), "R-C5.voters", "/payload/voters", "2,000 voters but only 1,510 registered");

  r = Report();
  r.registered_voters = 1499;
  r.voters = 10;
  ExpectRule(verify(r), "R-C5.register", "/payload/registered_voters", "1,500 on the list before");

  // A payload that does not read: kBadInput under /payload.
  json::Value bad = TurnoutReportToJson(Report());
  bad.Set("voters", json::Value("many"));
  Result<TurnoutReport> v = VerifyTurnoutReport(SignAnyway(std::move(bad), "pec-north-0002"), Context());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(v.error().where, "/payload/voters");

  // Another kind of object.
  json::Value other = json::Value::Object();
  other.Set("format", json::Value("ashyq/precinct-protocol/1"));
  v = VerifyTurnoutReport(SignAnyway(std::move(other), "pec-north-0002"), Context());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().where, "/payload/format");
}

}  // namespace
}  // namespace ashyq::protocol
