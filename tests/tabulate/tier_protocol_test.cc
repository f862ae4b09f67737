#include "tabulate/tier_protocol.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "crypto/signed_object.h"
#include "protocol/protocol_json.h"
#include "tier_fixture.h"

namespace ashyq::tabulate {
namespace {

using ::testing::HasSubstr;
using testing::TabulationElection;

// A TEC protocol small enough to write out by hand.
TierProtocol TinyTec() {
  TierProtocol p;
  p.election_id = "e";
  p.definition_digest = std::string(64, 'a');
  p.commission = "tec-1";
  p.tier = CommissionTier::kTerritorial;
  protocol::ContestCount count;
  count.contest = "c";
  count.registered_voters = 10;
  count.ballots_received = 8;
  count.ballots_issued = 6;
  count.ballots_cancelled = 2;
  count.ballots_in_stationary_boxes = 6;
  count.invalid_ballots = 1;
  count.votes = {{"x", 3}, {"y", 2}};
  ContestTotals totals;
  static_cast<protocol::ContestCount&>(totals) = count;
  totals.precincts_expected = 2;
  totals.precincts_counted = 1;
  p.contests.push_back(totals);
  p.precincts.push_back({"ps-1", 1, std::string(64, 'b'), {count}});
  return p;
}

constexpr char kTinyCanonical[] =
    R"({"commission":"tec-1","contests":[{"ballots_cancelled":2,"ballots_in_mobile_boxes":0,)"
    R"("ballots_in_stationary_boxes":6,"ballots_issued":6,"ballots_received":8,"contest":"c",)"
    R"("electronic_ballots_issued":0,"electronic_votes":0,"invalid_ballots":1,"mobile_requests":0,)"
    R"("precincts_counted":1,"precincts_expected":2,"registered_voters":10,"voters_added_on_day":0,)"
    R"("voters_with_avc":0,"votes":[{"choice":"x","votes":3},{"choice":"y","votes":2}]}],)"
    R"("definition_digest":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",)"
    R"("election_id":"e","format":"ashyq/tier-protocol/1","precincts":[{"contests":[)"
    R"({"ballots_cancelled":2,"ballots_in_mobile_boxes":0,"ballots_in_stationary_boxes":6,)"
    R"("ballots_issued":6,"ballots_received":8,"contest":"c","electronic_ballots_issued":0,)"
    R"("electronic_votes":0,"invalid_ballots":1,"mobile_requests":0,"registered_voters":10,)"
    R"("voters_added_on_day":0,"voters_with_avc":0,"votes":[{"choice":"x","votes":3},)"
    R"({"choice":"y","votes":2}]}],"protocol_digest":)"
    R"("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","station":"ps-1",)"
    R"("version":1}],"tier":"tec"})";

TEST(TierProtocolTest, CanonicalFormIsPinned) {
  EXPECT_EQ(json::Canonicalize(TierProtocolToJson(TinyTec())), kTinyCanonical);
  // printf 'ashyq/v1/object\0%s' "$(cat tiny.json)" | sha256sum
  EXPECT_EQ(TierProtocolDigest(TinyTec()).Hex(),
            "200a99a07002779f3f5d276034907f292f57fec532e358edc215d0bcaa037163");
}

TEST(TierProtocolTest, DigestIsThatOfTheSignedObject) {
  TabulationElection e;
  std::vector<CountedPrecinct> counted = e.Counted();
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, counted);
  ASSERT_TRUE(t.ok());
  for (const TabulatedTier& tier : t->tiers) {
    const json::Value doc = TierProtocolToJson(tier.protocol);
    EXPECT_EQ(tier.digest, TaggedHash(tag::kObject, json::Canonicalize(doc)));
    Result<crypto::SignedObject> signed_object = crypto::SignedObject::Create(doc);
    ASSERT_TRUE(signed_object.ok());
    EXPECT_EQ(signed_object->digest(), tier.digest) << tier.protocol.commission;
    EXPECT_EQ(signed_object->payload_format(), kTierProtocolFormat);
  }
  // Stable: the same inputs give the same digest; one vote more changes it.
  Result<NationalTabulation> again = Tabulate(*e.tree, e.digest, counted);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->cec().digest, t->cec().digest);
  TierProtocol changed = t->cec().protocol;
  changed.contests[0].votes[0].second += 1;
  EXPECT_NE(TierProtocolDigest(changed), t->cec().digest);
}

// The one signer check, shared by the verifier and the server's door (decision 0014).
TEST(TierProtocolTest, IsSignedOnceByItsCommissionWithItsListedKey) {
  ASSERT_TRUE(crypto::Initialize().ok());
  auto key = [](uint8_t fill) {
    crypto::KeySeed seed;
    seed.bytes.fill(fill);
    return crypto::SigningKey::FromSeed(seed);
  };
  const crypto::SigningKey tec = key(1), other = key(2);
  auto signed_by = [&](const std::vector<std::pair<std::string, const crypto::SigningKey*>>& signers) {
    crypto::SignedObject object = crypto::SignedObject::Create(TierProtocolToJson(TinyTec())).value();
    for (const auto& [signer, k] : signers) EXPECT_TRUE(object.AddSignature(signer, *k).ok());
    return object;
  };
  EXPECT_TRUE(VerifyTierProtocolSigner(signed_by({{"tec-1", &tec}}), "tec-1", tec.public_key()).ok());
  const std::vector<std::vector<std::pair<std::string, const crypto::SigningKey*>>> wrong = {
      {},                                        // unsigned
      {{"tec-1", &other}},                       // another key
      {{"tec-2", &tec}},                         // another signer
      {{"tec-1", &tec}, {"tec-2", &other}},      // a second signature
  };
  for (size_t i = 0; i < wrong.size(); ++i) {
    Status s = VerifyTierProtocolSigner(signed_by(wrong[i]), "tec-1", tec.public_key());
    ASSERT_FALSE(s.ok()) << i;
    EXPECT_EQ(s.error().code, ErrorCode::kBadSignature) << i;
    EXPECT_EQ(s.error().rule, "R-E1.signer") << i;
    EXPECT_EQ(s.error().where.rfind("/signatures", 0), 0u) << i << ": " << s.error().where;
  }
}

TEST(TierProtocolTest, DirectCanonicalFormIsCanonicalize) {
  for (bool four_tier : {true, false}) {
    TabulationElection e(four_tier);
    std::vector<CountedPrecinct> counted = e.CountedOf({"ps-north-0001", "ps-south-0001"});
    Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, counted);
    ASSERT_TRUE(t.ok());
    for (const TabulatedTier& tier : t->tiers) {
      EXPECT_EQ(TierProtocolCanonical(tier.protocol),
                json::Canonicalize(TierProtocolToJson(tier.protocol)));
    }
  }
  // Strings that need escaping, non-ASCII text, negative and extreme figures, empty lists.
  TierProtocol odd = TinyTec();
  odd.election_id = std::string("q\"b\\s/\x01\x1f\b\f\n\r\t\x7f \xD0\x9D\xD2\xAF\xF0\x9F\x97\xB3");
  odd.commission = "";
  odd.contests[0].votes[0].first = "\"\"";
  odd.contests[0].invalid_ballots = -json::kMaxSafeInteger;
  odd.contests[0].ballots_issued = json::kMaxSafeInteger;
  odd.precincts[0].station = "ps\u2028";
  odd.precincts.push_back({"ps-2", 7, "", {}});
  EXPECT_EQ(TierProtocolCanonical(odd), json::Canonicalize(TierProtocolToJson(odd)));
  for (CommissionTier tier : {CommissionTier::kRegional, CommissionTier::kCentral}) {
    odd.tier = tier;
    odd.children = {{"a\tb", "x"}, {"", ""}};
    EXPECT_EQ(TierProtocolCanonical(odd), json::Canonicalize(TierProtocolToJson(odd)));
  }
  TierProtocol empty;
  EXPECT_EQ(TierProtocolCanonical(empty), json::Canonicalize(TierProtocolToJson(empty)));
}

TEST(TierProtocolTest, RoundTripsExactly) {
  for (bool four_tier : {true, false}) {
    TabulationElection e(four_tier);
    std::vector<CountedPrecinct> counted = e.Counted();
    Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, counted);
    ASSERT_TRUE(t.ok());
    for (const TabulatedTier& tier : t->tiers) {
      const std::string text = json::Canonicalize(TierProtocolToJson(tier.protocol));
      Result<json::Value> parsed = json::Parse(text);
      ASSERT_TRUE(parsed.ok());
      std::vector<Error> problems;
      TierProtocol back = TierProtocolFromJson(*parsed, &problems);
      EXPECT_TRUE(problems.empty()) << testing::Describe(problems);
      EXPECT_EQ(back, tier.protocol) << tier.protocol.commission;
      EXPECT_EQ(json::Canonicalize(TierProtocolToJson(back)), text);
    }
  }
  std::vector<Error> problems;
  EXPECT_EQ(TierProtocolFromJson(TierProtocolToJson(TinyTec()), &problems), TinyTec());
  EXPECT_TRUE(problems.empty());
}

TEST(TierProtocolTest, WritesChildrenOnlyAboveTecsAndFiguresOnlyInTecs) {
  TierProtocol rec = TinyTec();
  rec.tier = CommissionTier::kRegional;
  rec.precincts[0].contests.clear();
  rec.children.push_back({"tec-1", std::string(64, 'c')});
  const json::Value doc = TierProtocolToJson(rec);
  ASSERT_NE(doc.Find("children"), nullptr);
  EXPECT_EQ(doc.Find("precincts")->items()[0].Find("contests"), nullptr);
  EXPECT_EQ(TierProtocolToJson(TinyTec()).Find("children"), nullptr);
  std::vector<Error> problems;
  EXPECT_EQ(TierProtocolFromJson(doc, &problems), rec);
  EXPECT_TRUE(problems.empty()) << testing::Describe(problems);
}

TEST(TierProtocolTest, CountFiguresAreThePrecinctProtocolFields) {
  std::span<const CountFigure> figures = CountFigures();
  ASSERT_EQ(figures.size(), 12u);
  protocol::PrecinctProtocol p;
  p.contests.push_back({});
  const json::Value doc = protocol::ProtocolToJson(p);
  const json::Value& contest = doc.Find("contests")->items()[0];
  std::set<std::string_view> keys;
  for (const CountFigure& f : figures) {
    EXPECT_NE(contest.Find(f.key), nullptr) << f.key;
    EXPECT_FALSE(f.words.empty());
    keys.insert(f.key);
  }
  EXPECT_EQ(keys.size(), 12u);
  EXPECT_EQ(contest.size(), 14u);  // the figures, "contest" and "votes"
}

// Reads `doc` after `edit` and expects a problem at `where` whose message contains `words`.
template <typename Edit>
void ExpectProblem(const TierProtocol& p, Edit edit, const std::string& where,
                   const std::string& words) {
  json::Value doc = TierProtocolToJson(p);
  edit(doc);
  std::vector<Error> problems;
  TierProtocolFromJson(doc, &problems);
  bool found = false;
  for (const Error& e : problems) {
    EXPECT_EQ(e.code, ErrorCode::kBadInput);
    if (e.where == where && e.message.find(words) != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << "expected a problem at " << where << " with \"" << words << "\"; got\n"
                     << testing::Describe(problems);
}

TEST(TierProtocolReadTest, RejectsWhatIsNotATierProtocol) {
  std::vector<Error> problems;
  EXPECT_EQ(TierProtocolFromJson(json::Value(3), &problems), TierProtocol{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("not a tier protocol"));
  problems.clear();
  json::Value doc = TierProtocolToJson(TinyTec());
  doc.Set("format", json::Value("ashyq/precinct-protocol/1"));
  TierProtocolFromJson(doc, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "/format");
}

TEST(TierProtocolReadTest, NamesEveryMalformedField) {
  const TierProtocol tec = TinyTec();
  auto contest = [](json::Value& d) -> json::Value& { return d.Find("contests")->items()[0]; };
  auto precinct = [](json::Value& d) -> json::Value& { return d.Find("precincts")->items()[0]; };

  ExpectProblem(tec, [](json::Value& d) { d.Set("surplus", json::Value(1)); }, "/surplus",
                "unknown");
  ExpectProblem(tec, [](json::Value& d) { d.Set("election_id", json::Value("")); },
                "/election_id", "empty");
  ExpectProblem(tec, [](json::Value& d) { d.Set("definition_digest", json::Value("ABC")); },
                "/definition_digest", "64 lowercase hex");
  ExpectProblem(tec, [](json::Value& d) { d.Set("commission", json::Value(nullptr)); },
                "/commission", "null");
  ExpectProblem(tec, [](json::Value& d) { d.Set("tier", json::Value("pec")); }, "/tier",
                "unknown tier");
  ExpectProblem(tec, [](json::Value& d) { d.Set("children", json::Value::Array()); },
                "/children", "no children");
  ExpectProblem(tec,
                [&](json::Value& d) { contest(d).Set("precincts_expected", json::Value(-1)); },
                "/contests/0/precincts_expected", "below the minimum");
  ExpectProblem(tec, [&](json::Value& d) { contest(d).Set("invalid_ballots", json::Value("1")); },
                "/contests/0/invalid_ballots", "expected integer");
  ExpectProblem(tec,
                [&](json::Value& d) {
                  contest(d).Find("votes")->items()[1].Set("choice", json::Value(""));
                },
                "/contests/0/votes/1/choice", "empty");
  ExpectProblem(tec, [&](json::Value& d) { precinct(d).Set("version", json::Value(0)); },
                "/precincts/0/version", "below the minimum");
  ExpectProblem(tec,
                [&](json::Value& d) { precinct(d).Set("protocol_digest", json::Value("b")); },
                "/precincts/0/protocol_digest", "64 lowercase hex");
  ExpectProblem(tec,
                [&](json::Value& d) {
                  json::Value copy = json::Value::Object();
                  for (const json::Member& m : precinct(d).members()) {
                    if (m.key != "contests") copy.Set(m.key, m.value);
                  }
                  precinct(d) = copy;
                },
                "/precincts/0/contests", "missing");
  ExpectProblem(tec,
                [&](json::Value& d) {
                  precinct(d).Find("contests")->items()[0].Set("mobile", json::Value(1));
                },
                "/precincts/0/contests/0/mobile", "unknown");

  TierProtocol rec = tec;
  rec.tier = CommissionTier::kCentral;
  rec.precincts[0].contests.clear();
  ExpectProblem(rec, [&](json::Value& d) { precinct(d).Set("contests", json::Value::Array()); },
                "/precincts/0/contests", "only a TEC protocol");
  ExpectProblem(rec,
                [](json::Value& d) {
                  json::Value copy = json::Value::Object();
                  for (const json::Member& m : d.members()) {
                    if (m.key != "children") copy.Set(m.key, m.value);
                  }
                  d = copy;
                },
                "/children", "missing");
  ExpectProblem(rec,
                [](json::Value& d) {
                  json::Value child = json::Value::Object();
                  child.Set("commission", json::Value("rec-1"));
                  d.Find("children")->Push(child);
                },
                "/children/0/protocol_digest", "missing");
}

TEST(TierProtocolReadTest, CollectsSeveralProblemsAtOnce) {
  json::Value doc = TierProtocolToJson(TinyTec());
  doc.Set("election_id", json::Value(5));
  doc.Set("tier", json::Value("county"));
  doc.Set("extra", json::Value(true));
  std::vector<Error> problems;
  TierProtocolFromJson(doc, &problems);
  std::set<std::string> where;
  for (const Error& e : problems) where.insert(e.where);
  EXPECT_TRUE(where.count("/election_id"));
  EXPECT_TRUE(where.count("/tier"));
  EXPECT_TRUE(where.count("/extra"));
  // An unknown tier does not add noise about the fields that depend on it.
  EXPECT_FALSE(where.count("/precincts"));
  EXPECT_EQ(problems.size(), 3u) << testing::Describe(problems);
}

}  // namespace
}  // namespace ashyq::tabulate
