#include "sim/count_signing.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "count_fixture.h"
#include "protocol/protocol_signing.h"

namespace ashyq::sim {
namespace {

using protocol::PrecinctProtocol;
using protocol::ProtocolContext;
using testing::CountKeyring;
using testing::GeneratedElection;
using testing::Kz2007;
using testing::Tiny;

ProtocolContext Context(const GeneratedElection& g) {
  Result<ProtocolContext> context = ProtocolContext::Build(g.def, *g.tree, g.digest);
  EXPECT_TRUE(context.ok()) << context.error().ToString();
  return context.ok() ? std::move(context).value() : ProtocolContext{};
}

SimulatedCount Simulate(const GeneratedElection& g, uint64_t seed, FaultPlan faults = {}) {
  Result<SimulatedCount> count = SimulateCount(g.def, *g.tree, g.spec, g.digest, seed, faults);
  EXPECT_TRUE(count.ok()) << count.error().ToString();
  return count.ok() ? std::move(count).value() : SimulatedCount{};
}

SignedCount Sign(const SimulatedCount& count, const ProtocolContext& context, uint64_t seed) {
  Result<SignedCount> signed_count = SignCount(count, context, CountKeyring(), seed);
  EXPECT_TRUE(signed_count.ok()) << signed_count.error().ToString();
  return signed_count.ok() ? std::move(signed_count).value() : SignedCount{};
}

const Commission& PecOf(const GeneratedElection& g, const std::string& station) {
  return g.tree->commission(g.tree->FindCommission(g.tree->station(g.tree->FindStation(station)).commission));
}

// Each signed protocol verifies, reads back as the protocol counted, and carries a quorum of
// its own PEC's members with the chair among them. Returns the stations with someone absent.
int64_t ExpectVerified(const GeneratedElection& g, const ProtocolContext& context,
                       const SimulatedCount& count, const SignedCount& signed_count) {
  std::map<std::string, const PrecinctProtocol*> by_station;
  for (const PrecinctProtocol& p : count.protocols) by_station[p.station] = &p;
  int64_t with_absence = 0;
  for (const crypto::SignedObject& object : signed_count.protocols) {
    Result<PrecinctProtocol> verified = protocol::VerifyProtocol(object, context);
    EXPECT_TRUE(verified.ok()) << verified.error().ToString();
    if (!verified.ok()) continue;
    EXPECT_EQ(*verified, *by_station.at(verified->station));
    const Commission& pec = PecOf(g, verified->station);
    const size_t signers = object.signatures().size();
    EXPECT_GT(signers * 2, pec.members.size()) << verified->station;
    EXPECT_LE(signers, pec.members.size());
    EXPECT_GE(signers + 2, pec.members.size()) << "at most two absent";
    with_absence += signers < pec.members.size() ? 1 : 0;
    std::set<std::string> names;
    for (const crypto::SignatureEntry& e : object.signatures()) names.insert(e.signer);
    for (const CommissionMember& m : pec.members) {
      if (m.role == MemberRole::kChair) {
        EXPECT_TRUE(names.count(m.id)) << "the chair signs " << m.id;
      }
    }
  }
  return with_absence;
}

TEST(CountSigningTest, TinyCountIsSignedByEachCommissionAndVerifies) {
  const GeneratedElection& g = Tiny();
  const ProtocolContext context = Context(g);
  const SimulatedCount count = Simulate(g, 1);
  const SignedCount signed_count = Sign(count, context, 1);
  EXPECT_TRUE(signed_count.refused.empty());
  ASSERT_EQ(signed_count.protocols.size(), count.protocols.size());
  ExpectVerified(g, context, count, signed_count);
  // In the order of the count.
  for (size_t i = 0; i < count.protocols.size(); ++i) {
    Result<PrecinctProtocol> p = protocol::VerifyProtocol(signed_count.protocols[i], context);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->station, count.protocols[i].station);
  }
}

TEST(CountSigningTest, SameSeedSameSignaturesOtherSeedOtherAbsences) {
  const GeneratedElection& g = Kz2007();
  const ProtocolContext context = Context(g);
  SimulatedCount count = Simulate(g, 2007);
  count.protocols.resize(200);
  count.truth.resize(200);
  const SignedCount a = Sign(count, context, 1);
  const SignedCount b = Sign(count, context, 1);
  const SignedCount c = Sign(count, context, 2);
  ASSERT_EQ(a.protocols.size(), 200u);
  ASSERT_EQ(b.protocols.size(), 200u);
  ASSERT_EQ(c.protocols.size(), 200u);
  bool differs = false;
  for (size_t i = 0; i < a.protocols.size(); ++i) {
    EXPECT_EQ(a.protocols[i].ToCanonicalJson(), b.protocols[i].ToCanonicalJson());
    EXPECT_EQ(a.protocols[i].digest(), c.protocols[i].digest()) << "same protocol";
    differs = differs || a.protocols[i].signatures().size() != c.protocols[i].signatures().size();
  }
  EXPECT_TRUE(differs) << "the seed chooses who is absent";
}

TEST(CountSigningTest, InconsistentProtocolsAreRefusedWithTheirRuleTheRestSigned) {
  const GeneratedElection& g = Kz2007();
  const ProtocolContext context = Context(g);
  const SimulatedCount full = Simulate(g, 2007, FaultPlan{10, 12});
  // The faulted stations and the first 800 others: enough to see absences, quick to sign.
  SimulatedCount count;
  std::map<std::string, const SimulatedStationTruth*> truth;
  for (size_t i = 0; i < full.protocols.size(); ++i) {
    const SimulatedStationTruth& t = full.truth[i];
    if (t.stuffed || t.inconsistent || i < 800) {
      count.protocols.push_back(full.protocols[i]);
      count.truth.push_back(t);
    }
  }
  for (const SimulatedStationTruth& t : count.truth) truth[t.station] = &t;
  const SignedCount signed_count = Sign(count, context, 7);
  ASSERT_EQ(signed_count.refused.size(), 12u);
  EXPECT_EQ(signed_count.protocols.size() + 12, count.protocols.size());
  for (const RefusedProtocol& r : signed_count.refused) {
    const SimulatedStationTruth& t = *truth.at(r.station);
    EXPECT_TRUE(t.inconsistent) << r.station;
    EXPECT_EQ(r.error.code, ErrorCode::kCheckFailed);
    EXPECT_EQ(r.error.rule, t.broken_rule) << r.error.ToString();
    EXPECT_NE(r.error.message.find(r.station), std::string::npos) << r.error.message;
  }
  const int64_t with_absence = ExpectVerified(g, context, count, signed_count);
  // About one station in eight has a member or two missing.
  const auto signed_stations = static_cast<int64_t>(signed_count.protocols.size());
  EXPECT_GT(with_absence * 100, 5 * signed_stations);
  EXPECT_LT(with_absence * 100, 25 * signed_stations);
  // Stuffed protocols add up: they are signed like any other.
  int64_t stuffed_signed = 0;
  for (const crypto::SignedObject& object : signed_count.protocols) {
    Result<PrecinctProtocol> p = protocol::VerifyProtocol(object, context);
    ASSERT_TRUE(p.ok());
    stuffed_signed += truth.at(p->station)->stuffed ? 1 : 0;
  }
  EXPECT_EQ(stuffed_signed, 10);
}

TEST(CountSigningTest, AnotherKeyringFailsTheWholeCount) {
  const GeneratedElection& g = Tiny();
  const ProtocolContext context = Context(g);
  const SimulatedCount count = Simulate(g, 1);
  crypto::KeySeed master;
  master.bytes.fill(0x42);
  const crypto::SimulatedKeyring stranger(master);
  Result<SignedCount> signed_count = SignCount(count, context, stranger, 1);
  ASSERT_FALSE(signed_count.ok());
  EXPECT_EQ(signed_count.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(signed_count.error().rule, "R-D3.signer");
  EXPECT_NE(signed_count.error().message.find(count.protocols.front().station), std::string::npos);
}

TEST(CountSigningTest, AnotherDefinitionDigestFailsTheWholeCount) {
  const GeneratedElection& g = Tiny();
  const ProtocolContext context = Context(g);
  Result<SimulatedCount> count =
      SimulateCount(g.def, *g.tree, g.spec, std::string(64, 'e'), 1, FaultPlan{});
  ASSERT_TRUE(count.ok());
  Result<SignedCount> signed_count = SignCount(*count, context, CountKeyring(), 1);
  ASSERT_FALSE(signed_count.ok());
  EXPECT_EQ(signed_count.error().rule, "R-D3.definition");
}

TEST(CountSigningTest, AnEmptyCountSignsNothing) {
  const GeneratedElection& g = Tiny();
  const ProtocolContext context = Context(g);
  const SignedCount signed_count = Sign(SimulatedCount{}, context, 1);
  EXPECT_TRUE(signed_count.protocols.empty());
  EXPECT_TRUE(signed_count.refused.empty());
}

}  // namespace
}  // namespace ashyq::sim
