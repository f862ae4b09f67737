#include "sim/definition_generator.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "core/ballot_order.h"
#include "core/definition_check.h"
#include "core/definition_json.h"
#include "core/json.h"

namespace ashyq::sim {
namespace {

crypto::KeySeed FixedMaster(uint8_t first) {
  crypto::KeySeed seed;
  for (size_t i = 0; i < seed.bytes.size(); ++i) seed.bytes[i] = static_cast<uint8_t>(first + i);
  return seed;
}

const crypto::SimulatedKeyring& Keyring() {
  static const crypto::SimulatedKeyring keyring(FixedMaster(1));
  return keyring;
}

ScenarioSpec Spec(std::string_view name) {
  Result<ScenarioSpec> spec = LoadScenario(name);
  EXPECT_TRUE(spec.ok()) << spec.error().ToString();
  return spec.ok() ? *spec : ScenarioSpec{};
}

ElectionDefinition Generate(const ScenarioSpec& spec, uint64_t seed,
                            const crypto::SimulatedKeyring& keyring = Keyring()) {
  Result<ElectionDefinition> def = GenerateDefinition(spec, seed, keyring);
  EXPECT_TRUE(def.ok()) << def.error().ToString();
  return def.ok() ? *def : ElectionDefinition{};
}

std::string Canonical(const ElectionDefinition& def) { return json::Canonicalize(DefinitionToJson(def)); }

// The national definitions take a few seconds each: generate them once for the whole suite.
struct National {
  ElectionDefinition kz2007, kz2019;
};
const National& Nationals() {
  static const National* n = [] {
    auto* out = new National;
    out->kz2007 = Generate(Spec("kz2007-majilis"), 2007);
    out->kz2019 = Generate(Spec("kz2019-presidential"), 2019);  // timings: bench/scenario_bench.cc
    return out;
  }();
  return *n;
}

bool HasAny(const std::string& text, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return text.find(w) != std::string::npos; });
}
bool HasLatin(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}
bool IsAscii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Each language's address in that language's own words: no English left on a kk or ru page.
void ExpectAddressInEachLanguage(const PollingStation& ps) {
  const LocalizedName& a = ps.address;
  EXPECT_TRUE(IsAscii(a.en) && HasAny(a.en, {" Street ", " Avenue "})) << ps.id << ": " << a.en;
  EXPECT_TRUE(!HasLatin(a.ru) && HasAny(a.ru, {"улица ", "проспект "})) << ps.id << ": " << a.ru;
  EXPECT_TRUE(!HasLatin(a.kk) && HasAny(a.kk, {" көшесі, ", " даңғылы, "})) << ps.id << ": " << a.kk;
  if (ps.locality == Locality::kRural) {
    EXPECT_TRUE(HasAny(a.en, {" village, "})) << ps.id << ": " << a.en;
    EXPECT_TRUE(HasAny(a.ru, {", село "})) << ps.id << ": " << a.ru;
    EXPECT_TRUE(HasAny(a.kk, {" ауылы, "})) << ps.id << ": " << a.kk;
  }
}

std::map<CommissionTier, int64_t> CountTiers(const ElectionDefinition& def) {
  std::map<CommissionTier, int64_t> n;
  for (const Commission& c : def.commissions) ++n[c.tier];
  return n;
}

int64_t Voters(const ElectionDefinition& def) {
  int64_t v = 0;
  for (const PollingStation& ps : def.polling_stations) v += ps.registered_voters;
  return v;
}

void ExpectNoViolations(const ElectionDefinition& def) {
  const DefinitionReport report = CheckDefinition(def);
  for (size_t i = 0; i < std::min<size_t>(report.violations.size(), 10); ++i) {
    ADD_FAILURE() << report.violations[i].ToString();
  }
  EXPECT_EQ(report.violations.size(), 0u);
}

const Contest* FindContest(const ElectionDefinition& def, std::string_view id) {
  for (const Contest& c : def.contests) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// Structural facts every generated definition must have, whatever the scenario.
void ExpectWellShaped(const ScenarioSpec& spec, const ElectionDefinition& def) {
  EXPECT_EQ(def.election_id, spec.id);
  EXPECT_EQ(def.tiers, spec.tiers);
  EXPECT_EQ(def.election_day, spec.election_day);
  ASSERT_FALSE(def.commissions.empty());
  EXPECT_EQ(def.commissions.front().id, "cec");
  // Top-down: tiers never decrease along the list.
  for (size_t i = 1; i < def.commissions.size(); ++i) {
    EXPECT_LE(static_cast<int>(def.commissions[i - 1].tier), static_cast<int>(def.commissions[i].tier));
  }
  const std::map<CommissionTier, int64_t> tiers = CountTiers(def);
  EXPECT_EQ(tiers.at(CommissionTier::kCentral), 1);
  EXPECT_EQ(tiers.count(CommissionTier::kRegional) ? tiers.at(CommissionTier::kRegional) : 0,
            spec.regional_commissions);
  EXPECT_EQ(tiers.at(CommissionTier::kTerritorial), spec.territorial_commissions);
  EXPECT_EQ(tiers.at(CommissionTier::kPrecinct), spec.polling_stations);
  EXPECT_EQ(static_cast<int64_t>(def.polling_stations.size()), spec.polling_stations);
  EXPECT_EQ(Voters(def), spec.registered_voters);

  // Per region: exact voters and stations as the scenario says.
  std::map<std::string, std::pair<int64_t, int64_t>> per_region;  // voters, stations
  for (const PollingStation& ps : def.polling_stations) {
    per_region[ps.region].first += ps.registered_voters;
    ++per_region[ps.region].second;
  }
  for (const RegionSpec& r : spec.regions) {
    EXPECT_EQ(per_region[r.id].first, r.registered_voters) << r.id;
    EXPECT_EQ(per_region[r.id].second, r.polling_stations) << r.id;
  }

  const StationSizeSpec& z = spec.station_sizes;
  for (const PollingStation& ps : def.polling_stations) {
    EXPECT_LE(ps.registered_voters, 3000) << ps.id;
    if (ps.evoting) {
      EXPECT_EQ(ps.locality, Locality::kUrban) << ps.id;
      EXPECT_GE(ps.registered_voters, spec.evoting.min_voters) << ps.id;
      EXPECT_LE(ps.registered_voters, spec.evoting.max_voters) << ps.id;
    } else if (ps.locality == Locality::kUrban) {
      EXPECT_GE(ps.registered_voters, z.urban_min) << ps.id;
      EXPECT_LE(ps.registered_voters, z.urban_max) << ps.id;
    } else {
      EXPECT_GE(ps.registered_voters, z.rural_min) << ps.id;
      EXPECT_LE(ps.registered_voters, z.rural_max) << ps.id;
    }
    // "ps-<region>-NNNN" matches its PEC and its number.
    char expected[64];
    std::snprintf(expected, sizeof expected, "-%04lld", static_cast<long long>(ps.number));
    EXPECT_EQ(ps.id, "ps-" + ps.region + expected);
    EXPECT_EQ(ps.commission, "pec-" + ps.region + expected);
    ExpectAddressInEachLanguage(ps);
  }

  // Members: ids, roles in order, one nominee per party per commission, names of three words.
  for (const Commission& c : def.commissions) {
    std::set<std::string> nominating_parties;
    for (size_t i = 0; i < c.members.size(); ++i) {
      const CommissionMember& m = c.members[i];
      EXPECT_EQ(m.id, c.id + ".m" + std::to_string(i + 1));
      EXPECT_EQ(m.role, i == 0 ? MemberRole::kChair
                        : i == 1 ? MemberRole::kDeputyChair
                        : i == 2 ? MemberRole::kSecretary
                                 : MemberRole::kMember);
      if (m.nominated_by.kind == NominatorKind::kParty && c.tier != CommissionTier::kCentral) {
        EXPECT_TRUE(nominating_parties.insert(m.nominated_by.by).second) << m.id;
      }
      EXPECT_EQ(std::count(m.name.begin(), m.name.end(), ' '), 2) << m.name;
      EXPECT_FALSE(m.employer.empty());
    }
  }
}

TEST(DefinitionGeneratorTest, TinyHasExactTotalsAndPassesTheChecker) {
  const ScenarioSpec spec = Spec("tiny");
  const ElectionDefinition def = Generate(spec, 1);
  ExpectWellShaped(spec, def);
  ExpectNoViolations(def);
  EXPECT_EQ(def.commissions.size(), 1u + 2u + 3u + 8u);
  EXPECT_EQ(Voters(def), 5600);
  EXPECT_EQ(std::count_if(def.polling_stations.begin(), def.polling_stations.end(),
                          [](const PollingStation& ps) { return ps.evoting; }),
            2);
  ASSERT_EQ(def.contests.size(), 3u);  // parliament + one council per region
  EXPECT_EQ(def.contests[0].id, "parliament");
  EXPECT_EQ(def.contests[0].seats, 10);
  EXPECT_EQ(def.contests[1].id, "council-east");
  EXPECT_EQ(def.contests[1].kind, ContestKind::kLocalCouncil);
  EXPECT_EQ(def.contests[1].scope, "rec-east");
  EXPECT_EQ(def.contests[1].name.en, "East Region Council");
  EXPECT_GE(def.contests[1].choices.size(), 2u);
  EXPECT_TRUE(CheckDefinition(def).notices.empty());  // pre-ordered lists only
}

TEST(DefinitionGeneratorTest, SameSeedSameDefinitionOtherSeedOther) {
  const ScenarioSpec spec = Spec("tiny");
  const ElectionDefinition a = Generate(spec, 42);
  const ElectionDefinition b = Generate(spec, 42);
  const ElectionDefinition c = Generate(spec, 43);
  EXPECT_EQ(Canonical(a), Canonical(b));
  EXPECT_TRUE(a == b);
  EXPECT_NE(Canonical(a), Canonical(c));
  // The totals never depend on the seed.
  EXPECT_EQ(Voters(c), Voters(a));
  EXPECT_EQ(c.polling_stations.size(), a.polling_stations.size());
}

TEST(DefinitionGeneratorTest, TheKeyringChangesOnlyTheKeys) {
  const ScenarioSpec spec = Spec("tiny");
  const crypto::SimulatedKeyring other(FixedMaster(100));
  ElectionDefinition a = Generate(spec, 7);
  ElectionDefinition b = Generate(spec, 7, other);
  EXPECT_NE(a.commissions[0].public_key, b.commissions[0].public_key);
  for (auto* d : {&a, &b}) {
    for (Commission& c : d->commissions) {
      c.public_key.clear();
      for (CommissionMember& m : c.members) m.public_key.clear();
    }
  }
  EXPECT_TRUE(a == b);
}

TEST(DefinitionGeneratorTest, SimulatedKeysFollowDecision0002) {
  // Subkey index = first 8 bytes, big-endian, of SHA-256(id), computed here independently.
  unsigned char digest[crypto_hash_sha256_BYTES];
  const std::string id = "pec-east-0003.m2";
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(id.data()), id.size());
  uint64_t expected = 0;
  for (int i = 0; i < 8; ++i) expected = (expected << 8) | digest[i];
  EXPECT_EQ(SimulatedKeyIndex(id), expected);
  EXPECT_NE(SimulatedKeyIndex("cec"), SimulatedKeyIndex("cec.m1"));

  const crypto::SigningKey k1 = SimulatedKeyFor(Keyring(), id);
  const crypto::SigningKey k2 = SimulatedKeyFor(Keyring(), id);
  EXPECT_EQ(k1.public_key(), k2.public_key());
  EXPECT_EQ(k1.public_key(), Keyring().KeyFor(expected).public_key());

  const ElectionDefinition def = Generate(Spec("tiny"), 5);
  for (const Commission& c : def.commissions) {
    EXPECT_EQ(c.public_key, SimulatedKeyFor(Keyring(), c.id).public_key().Hex()) << c.id;
    for (const CommissionMember& m : c.members) {
      EXPECT_EQ(m.public_key, SimulatedKeyFor(Keyring(), m.id).public_key().Hex()) << m.id;
    }
  }
}

TEST(DefinitionGeneratorTest, Kz2007MatchesTheReport) {
  const ScenarioSpec spec = Spec("kz2007-majilis");
  const ElectionDefinition& def = Nationals().kz2007;
  ExpectWellShaped(spec, def);
  const std::map<CommissionTier, int64_t> tiers = CountTiers(def);
  EXPECT_EQ(tiers.at(CommissionTier::kRegional), 16);
  EXPECT_EQ(tiers.at(CommissionTier::kTerritorial), 205);
  EXPECT_EQ(tiers.at(CommissionTier::kPrecinct), 9'727);
  EXPECT_EQ(def.polling_stations.size(), 9'727u);
  EXPECT_EQ(Voters(def), 8'870'146);
  EXPECT_EQ(def.regions.size(), 16u);
  EXPECT_EQ(def.election_day, "2007-08-18");

  // E-voting: 1,512 large urban stations holding about a third of the voters (002 §V.C).
  int64_t evoting = 0, evoting_voters = 0, urban_paper = 0, urban_paper_voters = 0;
  for (const PollingStation& ps : def.polling_stations) {
    if (ps.evoting) {
      ++evoting;
      evoting_voters += ps.registered_voters;
    } else if (ps.locality == Locality::kUrban) {
      ++urban_paper;
      urban_paper_voters += ps.registered_voters;
    }
  }
  EXPECT_EQ(evoting, 1'512);
  EXPECT_GE(evoting_voters * 100, 32 * 8'870'146);
  EXPECT_LE(evoting_voters * 100, 34 * 8'870'146);
  ASSERT_GT(urban_paper, 0);
  EXPECT_GT(evoting_voters / evoting, urban_paper_voters / urban_paper);

  // Station sizes vary: small villages and big city schools.
  int64_t smallest = 3000, largest = 0;
  for (const PollingStation& ps : def.polling_stations) {
    smallest = std::min(smallest, ps.registered_voters);
    largest = std::max(largest, ps.registered_voters);
  }
  EXPECT_LT(smallest, 100);
  EXPECT_GT(largest, 2500);

  // Stations per TEC vary.
  std::map<std::string, int64_t> per_tec;
  std::map<std::string, std::string> parent;
  for (const Commission& c : def.commissions) parent[c.id] = c.parent;
  for (const PollingStation& ps : def.polling_stations) ++per_tec[parent[ps.commission]];
  int64_t min_tec = 1'000'000, max_tec = 0;
  for (const auto& [tec, n] : per_tec) {
    min_tec = std::min(min_tec, n);
    max_tec = std::max(max_tec, n);
  }
  EXPECT_EQ(per_tec.size(), 205u);
  EXPECT_LT(min_tec * 3, max_tec);

  // Contests: the Majilis and one maslikhat per region.
  ASSERT_EQ(def.contests.size(), 17u);
  const Contest* majilis = FindContest(def, "majilis-2007");
  ASSERT_NE(majilis, nullptr);
  EXPECT_EQ(majilis->kind, ContestKind::kPartyList);
  EXPECT_EQ(majilis->seats, 98);
  EXPECT_EQ(majilis->threshold_bp, 700);
  EXPECT_EQ(majilis->method, SeatMethod::kHareLargestRemainder);
  EXPECT_EQ(majilis->list_order, ListOrder::kPostElectionChoice);
  EXPECT_EQ(majilis->runner_up_min_seats, 0);
  std::map<std::string, size_t> list_sizes;
  for (const Choice& c : majilis->choices) list_sizes[c.id] = c.candidates.size();
  EXPECT_EQ(list_sizes["nur-otan"], 126u);
  EXPECT_EQ(list_sizes["rukhaniyat"], 9u);
  for (const RegionSpec& r : spec.regions) {
    const Contest* council = FindContest(def, "maslikhat-2007-" + r.id);
    ASSERT_NE(council, nullptr) << r.id;
    EXPECT_EQ(council->kind, ContestKind::kLocalCouncil);
    EXPECT_EQ(council->scope, "rec-" + r.id);
    EXPECT_EQ(council->list_order, ListOrder::kPreOrdered);
    EXPECT_GE(council->seats, 20);
    EXPECT_LE(council->seats, 50);
    EXPECT_EQ(council->threshold_bp, 700);
  }
}

TEST(DefinitionGeneratorTest, Kz2007PassesTheCheckerWithTheListOrderNotice) {
  const ElectionDefinition& def = Nationals().kz2007;
  const DefinitionReport report = CheckDefinition(def);
  ExpectNoViolations(def);
  ASSERT_EQ(report.notices.size(), 1u);
  EXPECT_EQ(report.notices[0].rule, "R-A5.list-order");
  EXPECT_NE(report.notices[0].message.find("majilis-2007"), std::string::npos);
}

TEST(DefinitionGeneratorTest, Kz2007BallotIsTheHistoricalLotteryOrder) {
  const Contest* majilis = FindContest(Nationals().kz2007, "majilis-2007");
  ASSERT_NE(majilis, nullptr);
  const std::vector<std::string> historical = {"ansdp", "nur-otan", "ppk", "auyl", "ak-zhol", "rukhaniyat", "cppk"};
  EXPECT_EQ(majilis->ballot_order.method, BallotOrderMethod::kLottery);
  EXPECT_EQ(majilis->ballot_order.order, historical);
  std::vector<std::string> ids;
  for (const Choice& c : majilis->choices) ids.push_back(c.id);
  EXPECT_EQ(DrawLotteryOrder(majilis->ballot_order.seed, "majilis-2007", ids), historical);
  // The published seed is the first of the documented sequence that reproduces the ballot.
  uint64_t n = 0;
  while (LotterySeed("kz2007-majilis-lottery", n) != majilis->ballot_order.seed) {
    EXPECT_NE(DrawLotteryOrder(LotterySeed("kz2007-majilis-lottery", n), "majilis-2007", ids), historical) << n;
    ASSERT_LT(++n, 1'000'000u) << "the seed is not in the documented sequence";
  }
}

TEST(DefinitionGeneratorTest, Kz2007CompositionLooksLikeTheReport) {
  const ElectionDefinition& def = Nationals().kz2007;
  int64_t pec_members = 0, pec_women_guess = 0, members = 0, nur_otan_nominees = 0, associations = 0;
  int64_t chairs = 0, dominant_chairs = 0, dominant_affiliation = 0;
  std::set<std::string> female_first(
      {"Айгуль", "Айжан", "Айнур", "Алия", "Асель", "Акмарал", "Бахыт", "Гульмира", "Гульнара", "Гульзат",
       "Динара", "Жанар", "Жанна", "Зарина", "Карлыгаш", "Лаура", "Мадина", "Меруерт", "Назгуль", "Райхан",
       "Раушан", "Роза", "Салтанат", "Сауле", "Толкын", "Умит", "Шынар", "Эльмира", "Айгерим", "Жазира",
       "Куралай", "Сандугаш", "Гаухар", "Әсем", "Ботагоз", "Маржан", "Елена", "Ольга", "Наталья", "Татьяна",
       "Ирина", "Светлана", "Людмила", "Галина", "Марина", "Надежда", "Валентина", "Любовь", "Оксана", "Анна",
       "Юлия", "Екатерина", "Лариса", "Вера"});
  for (const Commission& c : def.commissions) {
    if (c.tier == CommissionTier::kCentral) continue;
    for (const CommissionMember& m : c.members) {
      ++members;
      nur_otan_nominees += m.nominated_by.kind == NominatorKind::kParty && m.nominated_by.by == "nur-otan";
      associations += m.nominated_by.kind == NominatorKind::kPublicAssociation;
      dominant_affiliation += m.affiliation == "nur-otan";
      if (c.tier == CommissionTier::kPrecinct) {
        ++pec_members;
        const size_t a = m.name.find(' '), b = m.name.find(' ', a + 1);
        pec_women_guess += female_first.count(m.name.substr(a + 1, b - a - 1)) > 0;
      }
      if (m.role == MemberRole::kChair) {
        ++chairs;
        dominant_chairs += m.affiliation == "nur-otan";
      }
    }
  }
  ASSERT_GT(members, 60'000);
  // 002 §XI: women 59% of PEC members.
  EXPECT_NEAR(static_cast<double>(pec_women_guess) / static_cast<double>(pec_members), 0.59, 0.02);
  // 002 §V.A: Nur Otan nominated 14.3%, associations 28.7% (at most one nominee per party per
  // commission shifts the realised shares a little).
  EXPECT_NEAR(static_cast<double>(nur_otan_nominees) / static_cast<double>(members), 0.143, 0.03);
  EXPECT_NEAR(static_cast<double>(associations) / static_cast<double>(members), 0.287, 0.05);
  // ... but de facto far more Nur Otan members, and most chairs.
  EXPECT_GT(dominant_affiliation * 100, 35 * members);
  EXPECT_GT(dominant_chairs * 2, chairs);
}

TEST(DefinitionGeneratorTest, Kz2019MatchesTheStatement) {
  const ScenarioSpec spec = Spec("kz2019-presidential");
  const ElectionDefinition& def = Nationals().kz2019;
  ExpectWellShaped(spec, def);
  ExpectNoViolations(def);
  const std::map<CommissionTier, int64_t> tiers = CountTiers(def);
  EXPECT_EQ(tiers.count(CommissionTier::kRegional), 0u);
  EXPECT_EQ(tiers.at(CommissionTier::kTerritorial), 232);
  EXPECT_EQ(tiers.at(CommissionTier::kPrecinct), 9'968);
  EXPECT_EQ(Voters(def), 11'947'995);
  EXPECT_EQ(def.regions.size(), 17u);
  for (const Commission& c : def.commissions) {
    if (c.tier == CommissionTier::kTerritorial) {
      EXPECT_EQ(c.parent, "cec") << c.id;
    }
  }
  for (const PollingStation& ps : def.polling_stations) EXPECT_FALSE(ps.evoting) << ps.id;
  EXPECT_TRUE(CheckDefinition(def).notices.empty());

  ASSERT_EQ(def.contests.size(), 1u);
  const Contest& president = def.contests[0];
  EXPECT_EQ(president.kind, ContestKind::kPresidential);
  EXPECT_EQ(president.majority_bp, 5000);
  EXPECT_EQ(president.ballot_order.method, BallotOrderMethod::kAlphabetical);
  EXPECT_EQ(president.ballot_order.language, "kk");
  // 004 fn 42: the ballot, alphabetical in Kazakh.
  EXPECT_EQ(president.ballot_order.order,
            (std::vector<std::string>{"akhmetbekov", "yespayeva", "kosanov", "rakhimbekov", "taspikhov", "tokayev", "tugel"}));
  EXPECT_EQ(AlphabeticalOrder(president.choices, "kk"), president.ballot_order.order);
  for (const Choice& c : president.choices) {
    ASSERT_EQ(c.candidates.size(), 1u);
    if (c.id == "tokayev") {
      EXPECT_EQ(c.name.kk, "Тоқаев Қасым-Жомарт");
      EXPECT_EQ(c.party, "nur-otan");
    }
    if (c.id == "kosanov") {
      EXPECT_EQ(c.party, "");  // nominated by an association
    }
  }
}

TEST(DefinitionGeneratorTest, NationalGenerationIsDeterministic) {
  const ElectionDefinition again = Generate(Spec("kz2019-presidential"), 2019);
  EXPECT_EQ(Canonical(again), Canonical(Nationals().kz2019));
}

TEST(DefinitionGeneratorTest, UnrealisableScenariosAreBadInput) {
  ScenarioSpec spec = Spec("tiny");
  spec.evoting.stations = 5;  // 5 urban stations, but a quarter must stay paper-only
  Result<ElectionDefinition> def = GenerateDefinition(spec, 1, Keyring());
  ASSERT_FALSE(def.ok());
  EXPECT_EQ(def.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(def.error().where, "/evoting/stations");

  spec = Spec("tiny");
  spec.contests[0].ballot_order.method = BallotOrderMethod::kAlphabetical;
  spec.contests[0].ballot_order.language = "en";
  spec.contests[0].ballot_order.historical_order = {"unity", "greens", "farmers"};  // not alphabetical
  def = GenerateDefinition(spec, 1, Keyring());
  ASSERT_FALSE(def.ok());
  EXPECT_EQ(def.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(def.error().where, "/contests/0/ballot_order/historical_order");
  EXPECT_NE(def.error().message.find("farmers, greens, unity"), std::string::npos) << def.error().message;
}

}  // namespace
}  // namespace ashyq::sim
