// Small, valid election definitions for tests: a 4-tier one (CEC, two RECs, two TECs, three
// PECs with stations of 800, 1,500 and 2,200 voters, a party-list and a presidential contest)
// and its 3-tier variant (no RECs). Tests break one thing and check what the rules say.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/ballot_order.h"
#include "core/election_definition.h"

namespace ashyq::testing {

// A distinct, random-looking 64-hex key for test number n (splitmix64, not a real key).
inline std::string TestKey(uint64_t n) {
  std::string out;
  uint64_t x = n * 0x9E3779B97F4A7C15ull + 1;
  for (int part = 0; part < 4; ++part) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(z));
    out += buf;
  }
  return out;
}

class DefinitionBuilder {
 public:
  // Members: chair, deputy chair, secretary, then members; nominated in turn by nur-otan, ansdp,
  // a public association and (below the CEC) the parent commission; two share an employer.
  Commission MakeCommission(const std::string& id, CommissionTier tier, const std::string& parent,
                            const std::string& region, int members) {
    Commission c;
    c.id = id;
    c.tier = tier;
    c.parent = parent;
    c.region = region;
    c.name = {"", "", "Commission " + id};
    if (tier == CommissionTier::kCentral) c.name = {"ОСК", "ЦИК", "Central Election Commission"};
    c.public_key = TestKey(next_key_++);
    for (int i = 1; i <= members; ++i) c.members.push_back(MakeMember(c, i));
    return c;
  }

  CommissionMember MakeMember(const Commission& c, int i) {
    CommissionMember m;
    m.id = c.id + ".m" + std::to_string(i);
    m.name = "Member " + std::to_string(i) + " of " + c.id;
    m.role = i == 1 ? MemberRole::kChair
             : i == 2 ? MemberRole::kDeputyChair
             : i == 3 ? MemberRole::kSecretary
                      : MemberRole::kMember;
    switch (i % 4) {
      case 1: m.nominated_by = {NominatorKind::kParty, "nur-otan"}; m.affiliation = "nur-otan"; break;
      case 2: m.nominated_by = {NominatorKind::kParty, "ansdp"}; m.affiliation = "ansdp"; break;
      case 3: m.nominated_by = {NominatorKind::kPublicAssociation, "Union of Lawyers"}; break;
      default:
        if (c.parent.empty()) {
          m.nominated_by = {NominatorKind::kParty, "ak-zhol"};
        } else {
          m.nominated_by = {NominatorKind::kHigherCommission, c.parent};
        }
    }
    m.employer = i <= 2 ? "School No. 1" : "Employer " + std::to_string(i) + " of " + c.id;
    m.public_key = TestKey(next_key_++);
    return m;
  }

  uint64_t next_key_ = 1;
};

inline std::vector<Contest> TestContests() {
  Contest majilis;
  majilis.id = "majilis";
  majilis.kind = ContestKind::kPartyList;
  majilis.name = {"Мәжіліс", "Мажилис", "Majilis"};
  majilis.scope = "cec";
  majilis.seats = 98;
  majilis.threshold_bp = 700;
  majilis.list_order = ListOrder::kPreOrdered;
  auto list = [](std::string id, std::string party, std::string en, int size) {
    Choice c;
    c.id = std::move(id);
    c.party = std::move(party);
    c.name = {"", "", std::move(en)};
    for (int p = 1; p <= size; ++p) {
      c.candidates.push_back({c.id + ".c" + std::to_string(p), "Candidate " + std::to_string(p), p});
    }
    return c;
  };
  majilis.choices = {list("list-nur-otan", "nur-otan", "Nur Otan", 3),
                     list("list-ansdp", "ansdp", "ANSDP", 2),
                     list("list-ak-zhol", "ak-zhol", "Ak Zhol", 2)};
  majilis.ballot_order.method = BallotOrderMethod::kLottery;
  majilis.ballot_order.seed = "5eed";
  majilis.ballot_order.order =
      DrawLotteryOrder("5eed", "majilis", {"list-nur-otan", "list-ansdp", "list-ak-zhol"});

  Contest president;
  president.id = "president";
  president.kind = ContestKind::kPresidential;
  president.name = {"Президент", "Президент", "President"};
  president.scope = "cec";
  president.seats = 1;
  president.majority_bp = 5000;
  auto candidate = [](std::string id, std::string kk, std::string en, std::string party) {
    Choice c;
    c.id = id;
    c.name = {std::move(kk), "", std::move(en)};
    c.party = std::move(party);
    c.candidates.push_back({id + ".c", c.name.en, 0});
    return c;
  };
  president.choices = {candidate("cand-aliev", "Әлиев", "Aliev", "nur-otan"),
                       candidate("cand-bekova", "Бекова", "Bekova", ""),
                       candidate("cand-abaev", "Абаев", "Abaev", "ansdp")};
  president.ballot_order.method = BallotOrderMethod::kAlphabetical;
  president.ballot_order.language = "kk";
  president.ballot_order.order = AlphabeticalOrder(president.choices, "kk");
  return {majilis, president};
}

inline PollingStation TestStation(const std::string& id, int64_t number, const std::string& pec,
                                  const std::string& region, Locality locality, int64_t voters,
                                  bool evoting) {
  const std::string n = std::to_string(number);
  return {id, number, pec, region, {"Көше " + n, "улица " + n, "Street " + n}, locality, voters, evoting};
}

// Indices of the 4-tier fixture's commissions.
enum FourTier : size_t {
  kCec = 0, kRecNorth, kRecSouth, kTecNorth, kTecSouth, kPecNorth1, kPecNorth2, kPecSouth1
};

inline ElectionDefinition SmallFourTierDefinition() {
  ElectionDefinition d;
  d.election_id = "test-2007";
  d.name = {"Сынақ сайлау", "Тестовые выборы", "Test election"};
  d.election_day = "2007-08-18";
  d.tiers = 4;
  d.regions = {{"north", {"Солтүстік", "Север", "North"}}, {"south", {"", "", "South"}}};
  d.parties = {{"nur-otan", {"Нұр Отан", "Нур Отан", "Nur Otan"}, "NO", 1},
               {"ansdp", {"", "", "National Social Democratic Party"}, "ANSDP", 2},
               {"ak-zhol", {"", "", "Ak Zhol"}, "AZh", 3}};
  DefinitionBuilder b;
  d.commissions = {
      b.MakeCommission("cec", CommissionTier::kCentral, "", "", 7),
      b.MakeCommission("rec-north", CommissionTier::kRegional, "cec", "north", 7),
      b.MakeCommission("rec-south", CommissionTier::kRegional, "cec", "south", 7),
      b.MakeCommission("tec-north-01", CommissionTier::kTerritorial, "rec-north", "north", 7),
      b.MakeCommission("tec-south-01", CommissionTier::kTerritorial, "rec-south", "south", 7),
      b.MakeCommission("pec-north-0001", CommissionTier::kPrecinct, "tec-north-01", "north", 5),
      b.MakeCommission("pec-north-0002", CommissionTier::kPrecinct, "tec-north-01", "north", 7),
      b.MakeCommission("pec-south-0001", CommissionTier::kPrecinct, "tec-south-01", "south", 9),
  };
  d.polling_stations = {
      TestStation("ps-north-0001", 1, "pec-north-0001", "north", Locality::kUrban, 800, true),
      TestStation("ps-north-0002", 2, "pec-north-0002", "north", Locality::kRural, 1500, false),
      TestStation("ps-south-0001", 1, "pec-south-0001", "south", Locality::kUrban, 2200, false),
  };
  d.contests = TestContests();
  return d;
}

// The 2019 shape: TECs directly under the CEC.
inline ElectionDefinition SmallThreeTierDefinition() {
  ElectionDefinition d = SmallFourTierDefinition();
  d.election_id = "test-2019";
  d.election_day = "2019-06-09";
  d.tiers = 3;
  d.commissions.erase(d.commissions.begin() + kRecNorth, d.commissions.begin() + kRecSouth + 1);
  for (Commission& c : d.commissions) {
    if (c.tier != CommissionTier::kTerritorial) continue;
    c.parent = "cec";
    for (CommissionMember& m : c.members) {
      if (m.nominated_by.kind == NominatorKind::kHigherCommission) m.nominated_by.by = "cec";
    }
  }
  return d;
}

}  // namespace ashyq::testing
