#include "protocol/protocol_signing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/json.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_json.h"
#include "protocol_fixture.h"

namespace ashyq::protocol {
namespace {

using ::testing::HasSubstr;

class ProtocolSigningTest : public ::testing::Test {
 protected:
  ProtocolSigningTest() : election_(testing::ProtocolTestDefinition()) {}

  PrecinctProtocol Paper() const { return testing::NorthPaperProtocol(election_.digest); }
  const ProtocolContext& Context() const { return *election_.context; }

  crypto::SignedObject Sign(const PrecinctProtocol& p, const std::vector<MemberKey>& present) {
    Result<crypto::SignedObject> object = SignProtocol(p, Context(), present);
    EXPECT_TRUE(object.ok()) << object.error().ToString();
    return object.ok() ? std::move(object).value() : *crypto::SignedObject::Create(ProtocolToJson(p));
  }
  crypto::SignedObject SignByPec(const PrecinctProtocol& p) {
    return Sign(p, election_.AllOf(p.commission));
  }

  // Signs any payload with any keys, as a forger or a careless tool would: no checks.
  static crypto::SignedObject SignAnyway(json::Value payload, const std::vector<MemberKey>& signers) {
    Result<crypto::SignedObject> object = crypto::SignedObject::Create(std::move(payload));
    EXPECT_TRUE(object.ok()) << object.error().ToString();
    for (const MemberKey& m : signers) EXPECT_TRUE(object->AddSignature(m.member_id, *m.key).ok());
    return std::move(object).value();
  }

  // The envelope as published, edited, and read back as a verifier would.
  template <typename F>
  static crypto::SignedObject Edited(const crypto::SignedObject& object, F edit) {
    json::Value envelope = object.ToJson();
    edit(envelope);
    Result<crypto::SignedObject> reread = crypto::SignedObject::FromJson(envelope);
    EXPECT_TRUE(reread.ok()) << reread.error().ToString();
    return std::move(reread).value();
  }

  // Version `version` of the paper protocol, correcting `previous`.
  PrecinctProtocol Correction(const crypto::SignedObject& previous, int64_t version) const {
    PrecinctProtocol p = Paper();
    p.version = version;
    p.correction.previous = previous.digest().Hex();
    p.correction.reason = "recount: 10 ballots for Nur Otan were found in the ANSDP pile";
    p.correction.decision = "tec-north-01/2007-08-20/7";
    p.signed_at = "2007-08-20T16:30";
    p.contests[0].votes[0].second -= 10;
    p.contests[0].votes[2].second += 10;
    return p;
  }

  testing::Election election_;
};

TEST_F(ProtocolSigningTest, ConsistentProtocolSignsAndVerifies) {
  const PrecinctProtocol p = Paper();
  crypto::SignedObject object = SignByPec(p);
  ASSERT_EQ(object.signatures().size(), 7u);
  EXPECT_EQ(object.signatures()[0].signer, "pec-north-0002.m1");
  EXPECT_EQ(object.payload_format(), kPrecinctProtocolFormat);
  EXPECT_EQ(object.payload(), ProtocolToJson(p));

  Result<PrecinctProtocol> verified = VerifyProtocol(object, Context());
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(*verified, p);

  // As published: canonical text, parsed back by an observer.
  Result<json::Value> text = json::Parse(object.ToCanonicalJson());
  ASSERT_TRUE(text.ok());
  Result<crypto::SignedObject> published = crypto::SignedObject::FromJson(*text);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->digest(), object.digest());
  verified = VerifyProtocol(*published, Context());
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(*verified, p);
}

TEST_F(ProtocolSigningTest, EveryStationCanSign) {
  PrecinctProtocol electronic = testing::NorthElectronicProtocol(election_.digest);
  crypto::SignedObject object = Sign(electronic, election_.Present("pec-north-0001", 3));
  EXPECT_TRUE(VerifyProtocol(object, Context()).ok());
}

TEST_F(ProtocolSigningTest, QuorumIsMoreThanHalf) {
  const PrecinctProtocol p = Paper();  // pec-north-0002 has 7 members
  Result<crypto::SignedObject> three = SignProtocol(p, Context(), election_.Present("pec-north-0002", 3));
  ASSERT_FALSE(three.ok());
  EXPECT_EQ(three.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(three.error().rule, "R-D3.quorum");
  EXPECT_THAT(three.error().message,
              HasSubstr("3 of the 7 members of pec-north-0002 signed; a quorum is more than half (4)"));
  EXPECT_TRUE(SignProtocol(p, Context(), election_.Present("pec-north-0002", 4)).ok());
  EXPECT_FALSE(SignProtocol(p, Context(), {}).ok());
}

TEST_F(ProtocolSigningTest, ExactlyHalfIsNoQuorum) {
  // A member has resigned: six remain, so three is exactly half and not enough.
  Commission& pec = election_.def.commissions[ashyq::testing::kPecNorth2];
  ASSERT_EQ(pec.id, "pec-north-0002");
  pec.members.pop_back();
  election_.Rebuild();
  const PrecinctProtocol p = Paper();

  Result<crypto::SignedObject> half = SignProtocol(p, Context(), election_.Present("pec-north-0002", 3));
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().rule, "R-D3.quorum");
  EXPECT_THAT(half.error().message, HasSubstr("3 of the 6 members"));

  Result<crypto::SignedObject> more = SignProtocol(p, Context(), election_.Present("pec-north-0002", 4));
  ASSERT_TRUE(more.ok()) << more.error().ToString();
  EXPECT_TRUE(VerifyProtocol(*more, Context()).ok());

  // A verifier applies the same rule to what a careless tool signed.
  crypto::SignedObject forged = SignAnyway(ProtocolToJson(p), election_.Present("pec-north-0002", 3));
  Result<PrecinctProtocol> verified = VerifyProtocol(forged, Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().rule, "R-D3.quorum");
}

TEST_F(ProtocolSigningTest, RefusesSignersFromElsewhere) {
  const PrecinctProtocol p = Paper();
  std::vector<MemberKey> present = election_.Present("pec-north-0002", 4);
  present.push_back(election_.Present("pec-north-0001", 1)[0]);
  Result<crypto::SignedObject> refused = SignProtocol(p, Context(), present);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-D3.signer");
  EXPECT_EQ(refused.error().where, "/signatures/4");
  EXPECT_THAT(refused.error().message,
              HasSubstr("pec-north-0001.m1 is a member of pec-north-0001, not of pec-north-0002"));

  // The TEC above cannot sign a PEC's protocol either.
  present = election_.AllOf("tec-north-01");
  refused = SignProtocol(p, Context(), present);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-D3.signer");
  EXPECT_THAT(refused.error().message, HasSubstr("tec-north-01.m1 is a member of tec-north-01"));

  present = election_.Present("pec-north-0002", 4);
  present.push_back({"pec-north-0002.m99", present[0].key});
  refused = SignProtocol(p, Context(), present);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-D3.signer");
  EXPECT_THAT(refused.error().message, HasSubstr("pec-north-0002.m99 is not a member"));
}

TEST_F(ProtocolSigningTest, RefusesWrongKeyDuplicateAndMissingKey) {
  const PrecinctProtocol p = Paper();
  std::vector<MemberKey> present = election_.Present("pec-north-0002", 5);
  present[4].key = present[0].key;  // m5 offers m1's key
  Result<crypto::SignedObject> refused = SignProtocol(p, Context(), present);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-D3.signer");
  EXPECT_THAT(refused.error().message, HasSubstr("not the key the definition lists"));

  present = election_.Present("pec-north-0002", 4);
  present.push_back(present[1]);  // m2 twice would make four look like five
  refused = SignProtocol(p, Context(), present);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-D3.signer");
  EXPECT_THAT(refused.error().message, HasSubstr("listed twice"));

  present = election_.Present("pec-north-0002", 4);
  present[2].key = nullptr;
  refused = SignProtocol(p, Context(), present);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadInput);
}

TEST_F(ProtocolSigningTest, RefusesAnotherDefinition) {
  PrecinctProtocol p = Paper();
  p.definition_digest = std::string(64, 'e');
  Result<crypto::SignedObject> refused = SignProtocol(p, Context(), election_.AllOf(p.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-D3.definition");
  EXPECT_EQ(refused.error().where, "/definition_digest");

  Result<PrecinctProtocol> verified =
      VerifyProtocol(SignAnyway(ProtocolToJson(p), election_.AllOf(p.commission)), Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().rule, "R-D3.definition");
  EXPECT_EQ(verified.error().where, "/payload/definition_digest");
}

TEST_F(ProtocolSigningTest, RefusesWhatWouldNotReadBack) {
  PrecinctProtocol p = Paper();
  p.counting_steps[3].at = "half past eight";
  Result<crypto::SignedObject> refused = SignProtocol(p, Context(), election_.AllOf(p.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(refused.error().where, "/counting_steps/3/at");

  p = Paper();
  p.correction.reason = "version 1 cannot correct anything";
  refused = SignProtocol(p, Context(), election_.AllOf(p.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "/correction");
}

// --- tampering ---

TEST_F(ProtocolSigningTest, FigureChangedAfterSigningIsABadSignature) {
  crypto::SignedObject object = SignByPec(Paper());
  crypto::SignedObject tampered = Edited(object, [](json::Value& envelope) {
    envelope.Find("payload")->Find("contests")->items()[0].Set("invalid_ballots", json::Value(14));
  });
  Result<PrecinctProtocol> verified = VerifyProtocol(tampered, Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(verified.error().where, "/signatures/0/signature");
  EXPECT_THAT(verified.error().message, HasSubstr("pec-north-0002.m1"));
}

TEST_F(ProtocolSigningTest, FieldAddedAfterSigningIsABadSignatureNotBadInput) {
  crypto::SignedObject object = SignByPec(Paper());
  crypto::SignedObject tampered = Edited(object, [](json::Value& envelope) {
    envelope.Find("payload")->Set("remark", json::Value("corrected at the TEC"));
  });
  Result<PrecinctProtocol> verified = VerifyProtocol(tampered, Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadSignature);
}

TEST_F(ProtocolSigningTest, ConsistentForgeryIsStillABadSignature) {
  // 2007, Manghystau PS 45: votes moved between parties so that every sum still holds.
  crypto::SignedObject object = SignByPec(Paper());
  crypto::SignedObject tampered = Edited(object, [](json::Value& envelope) {
    json::Value& votes = *envelope.Find("payload")->Find("contests")->items()[0].Find("votes");
    votes.items()[0].Set("votes", json::Value(150));  // ANSDP 200 -> 150
    votes.items()[2].Set("votes", json::Value(950));  // Nur Otan 900 -> 950
  });
  Result<PrecinctProtocol> verified = VerifyProtocol(tampered, Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadSignature);
}

TEST_F(ProtocolSigningTest, SignatureByAnotherPecIsRejectedByName) {
  const PrecinctProtocol p = Paper();
  std::vector<MemberKey> signers = election_.AllOf("pec-north-0002");
  signers.push_back(election_.Present("pec-north-0001", 1)[0]);
  Result<PrecinctProtocol> verified = VerifyProtocol(SignAnyway(ProtocolToJson(p), signers), Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(verified.error().rule, "R-D3.signer");
  EXPECT_EQ(verified.error().where, "/signatures/7/signer");
  EXPECT_THAT(verified.error().message, HasSubstr("pec-north-0001.m1 is a member of pec-north-0001"));
}

TEST_F(ProtocolSigningTest, TheDefinitionsKeyCountsNotTheEnvelopes) {
  // A forger re-signs for pec-north-0002.m1 with a key of their own and names that key.
  crypto::SignedObject object = SignByPec(Paper());
  const crypto::SigningKey forger = testing::MemberKeyFor(999);
  crypto::SignedObject forged = Edited(object, [&](json::Value& envelope) {
    json::Value& entry = envelope.Find("signatures")->items()[0];
    entry.Set("public_key", json::Value(forger.public_key().Hex()));
    entry.Set("signature", json::Value(forger.SignDigest(object.digest()).Hex()));
  });
  ASSERT_TRUE(forged.VerifyAll().ok()) << "the envelope on its own looks fine";
  Result<PrecinctProtocol> verified = VerifyProtocol(forged, Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(verified.error().where, "/signatures/0/public_key");
  EXPECT_THAT(verified.error().message, HasSubstr("pec-north-0002.m1 signed with key"));
}

TEST_F(ProtocolSigningTest, SignatureCopiedFromAnotherProtocol) {
  crypto::SignedObject object = SignByPec(Paper());
  PrecinctProtocol other = Paper();
  other.signed_at = "2007-08-19T02:00";
  crypto::SignedObject donor = SignByPec(other);
  crypto::SignedObject spliced = Edited(object, [&](json::Value& envelope) {
    envelope.Find("signatures")->items()[3].Set("signature",
                                                json::Value(donor.signatures()[3].signature.Hex()));
  });
  Result<PrecinctProtocol> verified = VerifyProtocol(spliced, Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(verified.error().where, "/signatures/3/signature");
}

TEST_F(ProtocolSigningTest, UnknownSignerAndNoSignatures) {
  const PrecinctProtocol p = Paper();
  std::vector<MemberKey> signers = election_.AllOf("pec-north-0002");
  const crypto::SigningKey stranger = testing::MemberKeyFor(1234);
  signers.push_back({"akim-of-the-district", &stranger});
  Result<PrecinctProtocol> verified = VerifyProtocol(SignAnyway(ProtocolToJson(p), signers), Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().rule, "R-D3.signer");
  EXPECT_THAT(verified.error().message, HasSubstr("akim-of-the-district is not a member"));

  verified = VerifyProtocol(SignAnyway(ProtocolToJson(p), {}), Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadSignature);
}

TEST_F(ProtocolSigningTest, InconsistentProtocolSignedAnywayIsRejected) {
  PrecinctProtocol p = Paper();
  p.contests[0].ballots_cancelled = 250;
  p.contests[1].mobile_requests = 10;
  Result<PrecinctProtocol> verified =
      VerifyProtocol(SignAnyway(ProtocolToJson(p), election_.AllOf(p.commission)), Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(verified.error().rule, "R-D2.received-issued-cancelled");
  EXPECT_EQ(verified.error().where, "/payload/contests/0/ballots_received");
  EXPECT_THAT(verified.error().message, HasSubstr("R-D2.mobile-le-requests"));
}

TEST_F(ProtocolSigningTest, PayloadThatIsNotAProtocol) {
  json::Value payload = json::Value::Object();
  payload.Set("format", json::Value("ashyq/turnout-report/1"));
  Result<PrecinctProtocol> verified =
      VerifyProtocol(SignAnyway(payload, election_.AllOf("pec-north-0002")), Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(verified.error().where, "/payload/format");

  payload = ProtocolToJson(Paper());
  payload.Set("turnout_bonus", json::Value(369));
  payload.Find("contests")->items()[0].Set("note", json::Value("ok"));
  verified = VerifyProtocol(SignAnyway(payload, election_.AllOf("pec-north-0002")), Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(verified.error().where, "/payload/contests/0/note");
  EXPECT_THAT(verified.error().message, HasSubstr("/payload/turnout_bonus"));
}

// --- corrections and version chains (R-E1) ---

TEST_F(ProtocolSigningTest, VersionChainVerifies) {
  crypto::SignedObject v1 = SignByPec(Paper());
  crypto::SignedObject v2 = SignByPec(Correction(v1, 2));
  PrecinctProtocol third = Correction(v2, 3);
  third.correction.decision.clear();
  third.correction.reason = "the secretary's typing error in invalid ballots";
  crypto::SignedObject v3 = SignByPec(third);
  std::vector<crypto::SignedObject> chain = {v1, v2, v3};
  Status status = VerifyVersionChain(chain, Context());
  EXPECT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_TRUE(VerifyVersionChain(std::span(chain).first(1), Context()).ok());
}

TEST_F(ProtocolSigningTest, CorrectionByAHigherCommissionIsRejected) {
  crypto::SignedObject v1 = SignByPec(Paper());
  const PrecinctProtocol v2 = Correction(v1, 2);

  Result<crypto::SignedObject> refused = SignProtocol(v2, Context(), election_.AllOf("tec-north-01"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "R-E1.owning-commission");
  EXPECT_THAT(refused.error().message, HasSubstr("a correction not signed by the owning commission"));

  crypto::SignedObject by_tec = SignAnyway(ProtocolToJson(v2), election_.AllOf("tec-north-01"));
  Result<PrecinctProtocol> verified = VerifyProtocol(by_tec, Context());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().rule, "R-E1.owning-commission");
  EXPECT_THAT(verified.error().message, HasSubstr("a correction not signed by the owning commission"));
  EXPECT_THAT(verified.error().message, HasSubstr("tec-north-01.m1"));

  std::vector<crypto::SignedObject> chain = {v1, by_tec};
  Status status = VerifyVersionChain(chain, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().rule, "R-E1.owning-commission");
  EXPECT_EQ(status.error().where, "/1/signatures/0/signer");
}

TEST_F(ProtocolSigningTest, ChainWithWrongPrevious) {
  crypto::SignedObject v1 = SignByPec(Paper());
  PrecinctProtocol other = Paper();
  other.signed_at = "2007-08-19T01:41";
  crypto::SignedObject not_v1 = SignByPec(other);
  std::vector<crypto::SignedObject> chain = {v1, SignByPec(Correction(not_v1, 2))};
  Status status = VerifyVersionChain(chain, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().rule, "R-E1.version-chain");
  EXPECT_EQ(status.error().where, "/1/payload/correction/previous");
  EXPECT_THAT(status.error().message, HasSubstr(v1.digest().Hex().substr(0, 16)));
}

TEST_F(ProtocolSigningTest, CorrectionWithoutReason) {
  crypto::SignedObject v1 = SignByPec(Paper());
  PrecinctProtocol v2 = Correction(v1, 2);
  v2.correction.reason.clear();
  Result<crypto::SignedObject> refused = SignProtocol(v2, Context(), election_.AllOf(v2.commission));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "/correction/reason");

  std::vector<crypto::SignedObject> chain = {
      v1, SignAnyway(ProtocolToJson(v2), election_.AllOf(v2.commission))};
  Status status = VerifyVersionChain(chain, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().where, "/1/payload/correction/reason");
}

TEST_F(ProtocolSigningTest, ChainThatChangesStation) {
  crypto::SignedObject v1 = SignByPec(Paper());
  PrecinctProtocol v2 = testing::NorthElectronicProtocol(election_.digest);
  v2.version = 2;
  v2.correction = {v1.digest().Hex(), "wrong station number on the form", ""};
  std::vector<crypto::SignedObject> chain = {v1, SignByPec(v2)};
  Status status = VerifyVersionChain(chain, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().rule, "R-E1.version-chain");
  EXPECT_EQ(status.error().where, "/1/payload/station");
  EXPECT_THAT(status.error().message, HasSubstr("ps-north-0001"));
}

TEST_F(ProtocolSigningTest, ChainWithAGapOrWrongStart) {
  crypto::SignedObject v1 = SignByPec(Paper());
  std::vector<crypto::SignedObject> chain = {v1, SignByPec(Correction(v1, 3))};
  Status status = VerifyVersionChain(chain, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().rule, "R-E1.version-chain");
  EXPECT_EQ(status.error().where, "/1/payload/version");
  EXPECT_THAT(status.error().message, HasSubstr("version 3 where version 2 belongs"));

  chain = {SignByPec(Correction(v1, 2))};
  status = VerifyVersionChain(chain, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().where, "/0/payload/version");

  status = VerifyVersionChain({}, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadInput);
}

TEST_F(ProtocolSigningTest, BrokenVersionInsideAChainIsNamed) {
  crypto::SignedObject v1 = SignByPec(Paper());
  crypto::SignedObject v2 = SignByPec(Correction(v1, 2));
  crypto::SignedObject tampered = Edited(v2, [](json::Value& envelope) {
    envelope.Find("payload")->Find("correction")->Set("reason", json::Value("no reason needed"));
  });
  std::vector<crypto::SignedObject> chain = {v1, tampered};
  Status status = VerifyVersionChain(chain, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(status.error().where, "/1/signatures/0/signature");
}

// --- the context ---

TEST_F(ProtocolSigningTest, ContextRejectsBadKeysDuplicateMembersAndBadDigests) {
  ElectionDefinition def = election_.def;
  def.commissions[0].members[2].public_key = "not-a-key";
  Result<ProtocolContext> bad = ProtocolContext::Build(def, *election_.tree, election_.digest);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(bad.error().where, "/commissions/0/members/2/public_key");

  def = election_.def;
  def.commissions[6].members[1].id = def.commissions[5].members[0].id;
  bad = ProtocolContext::Build(def, *election_.tree, election_.digest);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().rule, "unique-id");
  EXPECT_EQ(bad.error().where, "/commissions/6/members/1/id");

  bad = ProtocolContext::Build(election_.def, *election_.tree, "ABC");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);

  ProtocolContext empty;
  EXPECT_FALSE(VerifyProtocol(SignByPec(Paper()), empty).ok());
}

TEST_F(ProtocolSigningTest, VerifiesInParallel) {
  // The verifier splits the national record over threads; the context is shared read-only.
  std::vector<crypto::SignedObject> objects;
  for (int i = 0; i < 40; ++i) {
    PrecinctProtocol p = i % 2 == 0 ? Paper() : testing::NorthElectronicProtocol(election_.digest);
    p.signed_at = "2007-08-19T0" + std::to_string(i % 10) + ":1" + std::to_string(i % 6);
    objects.push_back(SignByPec(p));
  }
  objects[17] = Edited(objects[17], [](json::Value& envelope) {
    envelope.Find("payload")->Set("signed_at", json::Value("2007-08-19T09:59"));
  });
  std::atomic<int> ok{0};
  std::atomic<int> bad{0};
  auto work = [&](size_t begin) {
    for (int round = 0; round < 5; ++round) {
      for (size_t i = begin; i < objects.size(); i += 2) {
        (VerifyProtocol(objects[i], Context()).ok() ? ok : bad)++;
      }
    }
  };
  std::thread a(work, 0);
  std::thread b(work, 1);
  a.join();
  b.join();
  EXPECT_EQ(ok.load(), 39 * 5);
  EXPECT_EQ(bad.load(), 5);
}

}  // namespace
}  // namespace ashyq::protocol
