// A small election for protocol tests: the 4-tier definition of tests/core/definition_fixture.h
// plus a district council contest in the south, real Ed25519 keys (fixed seeds) for every
// member, the definition's digest, and consistent protocols that tests then break.
//
//   ps-north-0001  800 voters, e-voting, pec-north-0001 (5 members)
//   ps-north-0002  1,500 voters, paper only, pec-north-0002 (7 members)
//   ps-south-0001  2,200 voters, paper only, pec-south-0001 (9 members); also votes in
//                  maslikhat-south (scope tec-south-01)
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../core/definition_fixture.h"
#include "core/ballot_order.h"
#include "core/commission_tree.h"
#include "core/definition_json.h"
#include "core/election_definition.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/precinct_protocol.h"
#include "protocol/protocol_signing.h"

namespace ashyq::protocol::testing {

// A district council contest whose scope is one TEC: only ps-south-0001 votes in it.
inline Contest SouthCouncilContest() {
  Contest c;
  c.id = "maslikhat-south";
  c.kind = ContestKind::kLocalCouncil;
  c.name = {"", "", "South district maslikhat"};
  c.scope = "tec-south-01";
  c.seats = 5;
  c.threshold_bp = 700;
  for (const char* party : {"nur-otan", "ansdp"}) {
    Choice choice;
    choice.id = std::string("south-") + party;
    choice.party = party;
    choice.name = {"", "", std::string("South list of ") + party};
    choice.candidates.push_back({choice.id + ".c1", "Candidate 1", 1});
    c.choices.push_back(std::move(choice));
  }
  c.ballot_order.method = BallotOrderMethod::kLottery;
  c.ballot_order.seed = "50a7";
  c.ballot_order.order = DrawLotteryOrder("50a7", c.id, {"south-nur-otan", "south-ansdp"});
  return c;
}

// The key of member number n of the whole definition (deterministic).
inline crypto::SigningKey MemberKeyFor(uint64_t n) {
  crypto::KeySeed seed;
  for (size_t i = 0; i < seed.bytes.size(); ++i) {
    seed.bytes[i] = static_cast<uint8_t>((n >> (8 * (i % 8))) ^ (0x5A + i));
  }
  return crypto::SigningKey::FromSeed(seed);
}

// Owns a definition, its tree, the members' keys and a context; rebuild after editing `def`.
class Election {
 public:
  explicit Election(ElectionDefinition definition) : def(std::move(definition)) {
    uint64_t n = 0;
    for (Commission& c : def.commissions) {
      for (CommissionMember& m : c.members) {
        crypto::SigningKey key = MemberKeyFor(++n);
        m.public_key = key.public_key().Hex();
        keys.emplace(m.id, std::move(key));
      }
    }
    Rebuild();
  }

  // Recomputes the digest, tree and context after `def` changed.
  void Rebuild() {
    Result<crypto::SignedObject> signed_def = crypto::SignedObject::Create(DefinitionToJson(def));
    EXPECT_TRUE(signed_def.ok());
    digest = signed_def->digest().Hex();
    Result<CommissionTree> built = CommissionTree::Build(def);
    EXPECT_TRUE(built.ok()) << built.error().ToString();
    tree = std::make_unique<CommissionTree>(std::move(built).value());
    Result<ProtocolContext> ctx = ProtocolContext::Build(def, *tree, digest);
    EXPECT_TRUE(ctx.ok()) << ctx.error().ToString();
    context = std::make_unique<ProtocolContext>(std::move(ctx).value());
  }

  const Commission& CommissionById(const std::string& id) const {
    for (const Commission& c : def.commissions) {
      if (c.id == id) return c;
    }
    ADD_FAILURE() << "no commission " << id;
    return def.commissions.front();
  }

  // The first `count` members of commission `id`, with their keys.
  std::vector<MemberKey> Present(const std::string& id, size_t count) const {
    std::vector<MemberKey> out;
    const Commission& c = CommissionById(id);
    for (size_t i = 0; i < count && i < c.members.size(); ++i) {
      out.push_back({c.members[i].id, &keys.at(c.members[i].id)});
    }
    return out;
  }
  std::vector<MemberKey> AllOf(const std::string& id) const {
    return Present(id, CommissionById(id).members.size());
  }

  ElectionDefinition def;
  std::map<std::string, crypto::SigningKey> keys;  // member id -> key
  std::string digest;
  std::unique_ptr<CommissionTree> tree;
  std::unique_ptr<ProtocolContext> context;
};

inline ElectionDefinition ProtocolTestDefinition() {
  ElectionDefinition d = ashyq::testing::SmallFourTierDefinition();
  d.contests.push_back(SouthCouncilContest());
  return d;
}

inline std::vector<RecordedStep> FullCount() {
  return {{CountingStep::kCountListSignatures, "20:05"}, {CountingStep::kCancelUnusedBallots, "20:15"},
          {CountingStep::kOpenMobileBoxes, "20:25"},     {CountingStep::kOpenStationaryBoxes, "20:30"},
          {CountingStep::kSortBallots, "20:50"},         {CountingStep::kAnnounceEachBallot, "21:30"},
          {CountingStep::kCountVotes, "22:40"},          {CountingStep::kFillProtocol, "23:30"},
          {CountingStep::kAnnounceResults, "23:55"},     {CountingStep::kPostCopy, "00:10"}};
}

// ps-north-0002 (paper only, 1,500 voters + 20 added): both national contests, consistent.
//   received 1,500 = issued 1,200 + cancelled 300; found 25 + 1,170 = 1,195 <= 1,200;
//   valid 1,180 + invalid 15 = 1,195.
inline PrecinctProtocol NorthPaperProtocol(const std::string& digest) {
  PrecinctProtocol p;
  p.election_id = "test-2007";
  p.definition_digest = digest;
  p.station = "ps-north-0002";
  p.commission = "pec-north-0002";
  p.signed_at = "2007-08-19T01:40";
  p.counting_steps = FullCount();
  ContestCount c;
  c.contest = "majilis";
  c.registered_voters = 1520;
  c.voters_added_on_day = 20;
  c.ballots_received = 1500;
  c.ballots_issued = 1200;
  c.ballots_cancelled = 300;
  c.voters_with_avc = 5;
  c.mobile_requests = 30;
  c.ballots_in_mobile_boxes = 25;
  c.ballots_in_stationary_boxes = 1170;
  c.invalid_ballots = 15;
  // Ballot order of the majilis lottery: list-ansdp, list-ak-zhol, list-nur-otan.
  c.votes = {{"list-ansdp", 200}, {"list-ak-zhol", 80}, {"list-nur-otan", 900}};
  p.contests.push_back(c);
  c.contest = "president";
  c.votes = {{"cand-abaev", 300}, {"cand-aliev", 800}, {"cand-bekova", 80}};
  p.contests.push_back(c);
  return p;
}

// ps-north-0001 (e-voting, 800 voters + 12 added): paper and electronic, consistent.
//   received 700 = 600 + 100; found 18 + 580 = 598 <= 600; valid 640 + invalid 8 = 598 + 50.
inline PrecinctProtocol NorthElectronicProtocol(const std::string& digest) {
  PrecinctProtocol p = NorthPaperProtocol(digest);
  p.station = "ps-north-0001";
  p.commission = "pec-north-0001";
  for (ContestCount& c : p.contests) {
    c.registered_voters = 812;
    c.voters_added_on_day = 12;
    c.ballots_received = 700;
    c.ballots_issued = 600;
    c.ballots_cancelled = 100;
    c.electronic_ballots_issued = 50;
    c.electronic_votes = 50;
    c.voters_with_avc = 3;
    c.mobile_requests = 20;
    c.ballots_in_mobile_boxes = 18;
    c.ballots_in_stationary_boxes = 580;
    c.invalid_ballots = 8;
  }
  p.contests[0].votes = {{"list-ansdp", 100}, {"list-ak-zhol", 60}, {"list-nur-otan", 480}};
  p.contests[1].votes = {{"cand-abaev", 150}, {"cand-aliev", 400}, {"cand-bekova", 90}};
  return p;
}

}  // namespace ashyq::protocol::testing
