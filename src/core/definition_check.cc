#include "core/definition_check.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "core/ballot_order.h"
#include "core/grouped_number.h"
#include "core/encoding.h"

namespace ashyq {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

// "3200" -> "3,200": figures in messages read as they do in the observation reports.
std::string Percent(int64_t bp) {  // 5000 -> "50.00%"
  const uint64_t u = bp < 0 ? 0 - static_cast<uint64_t>(bp) : static_cast<uint64_t>(bp);
  std::string frac = std::to_string(u % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return (bp < 0 ? "-" : "") + std::to_string(u / 100) + "." + frac + "%";
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

bool IsValidIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::string TierLabel(CommissionTier tier) {
  std::string s(TierName(tier));
  for (char& c : s) c = static_cast<char>(c - 'a' + 'A');
  return s;
}

class Checker {
 public:
  explicit Checker(const ElectionDefinition& def) : def_(def) {}

  DefinitionReport Run() {
    Fields();
    Index();
    Tree();
    Stations();
    Composition();
    Keys();
    Contests();
    return std::move(report_);
  }

 private:
  static std::string C(size_t i) { return "/commissions/" + std::to_string(i); }
  static std::string C(size_t i, std::string_view field) { return C(i) + "/" + std::string(field); }
  static std::string M(size_t c, size_t m) { return C(c) + "/members/" + std::to_string(m); }
  static std::string S(size_t i, std::string_view field) {
    return "/polling_stations/" + std::to_string(i) + "/" + std::string(field);
  }
  static std::string K(size_t i) { return "/contests/" + std::to_string(i); }

  void Violation(std::string where, std::string_view rule, std::string message) {
    report_.violations.push_back(CheckFailed(std::move(where), std::string(rule), std::move(message)));
  }

  // Indexes ids (first occurrence wins) and reports duplicates.
  template <typename T>
  void IndexList(const std::vector<T>& items, std::string_view list,
                 std::unordered_map<std::string_view, uint32_t>* index) {
    index->reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      auto [it, inserted] = index->emplace(items[i].id, static_cast<uint32_t>(i));
      if (!inserted) {
        const std::string base = "/" + std::string(list) + "/";
        Violation(base + std::to_string(i) + "/id", "unique-id",
                  "id " + Quote(items[i].id) + " is already used at " + base +
                      std::to_string(it->second));
      }
    }
  }

  std::string SignerPath(std::pair<uint32_t, uint32_t> place) const {
    return place.second == kNone ? C(place.first) : M(place.first, place.second);
  }

  void Index() {
    IndexList(def_.regions, "regions", &regions_);
    IndexList(def_.parties, "parties", &parties_);
    IndexList(def_.polling_stations, "polling_stations", &stations_);
    IndexList(def_.contests, "contests", &contests_);

    // Commissions and members share one namespace: all of them sign.
    std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> signers;
    signers.reserve(def_.commissions.size() * 8);
    commissions_.reserve(def_.commissions.size());
    auto add = [&](std::string_view id, uint32_t c, uint32_t m) {
      auto [it, inserted] = signers.emplace(id, std::make_pair(c, m));
      if (!inserted) {
        Violation((m == kNone ? C(c) : M(c, m)) + "/id", "unique-id",
                  "id " + Quote(id) + " is already used at " + SignerPath(it->second));
      }
    };
    for (size_t i = 0; i < def_.commissions.size(); ++i) {
      const Commission& c = def_.commissions[i];
      commissions_.emplace(c.id, static_cast<uint32_t>(i));
      add(c.id, static_cast<uint32_t>(i), kNone);
      for (size_t m = 0; m < c.members.size(); ++m) {
        add(c.members[m].id, static_cast<uint32_t>(i), static_cast<uint32_t>(m));
      }
    }

    for (size_t k = 0; k < def_.contests.size(); ++k) {
      const Contest& contest = def_.contests[k];
      std::unordered_map<std::string_view, uint32_t> choices;
      for (size_t j = 0; j < contest.choices.size(); ++j) {
        auto [it, inserted] = choices.emplace(contest.choices[j].id, static_cast<uint32_t>(j));
        if (!inserted) {
          Violation(K(k) + "/choices/" + std::to_string(j) + "/id", "unique-id",
                    "choice id " + Quote(contest.choices[j].id) + " is already used at " + K(k) +
                        "/choices/" + std::to_string(it->second));
        }
      }
    }
  }

  uint32_t Find(const std::unordered_map<std::string_view, uint32_t>& index,
                std::string_view id) const {
    auto it = index.find(id);
    return it == index.end() ? kNone : it->second;
  }

  void Fields() {
    const std::string& id = def_.election_id;
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        })) {
      Violation("/election_id", "definition.fields",
                "election id " + Quote(id) + " must be lowercase letters, digits and '-'");
    }
    if (!IsValidIsoDate(def_.election_day)) {
      Violation("/election_day", "definition.fields",
                "election day " + Quote(def_.election_day) + " is not a date YYYY-MM-DD");
    }
    const auto& brackets = def_.rules.pec_size_by_voters;
    if (brackets.empty()) {
      Violation("/rules/pec_size_by_voters", "definition.fields",
                "no PEC size brackets: no PEC size can be checked");
    }
    for (size_t i = 1; i < brackets.size(); ++i) {
      if (brackets[i].first <= brackets[i - 1].first) {
        Violation("/rules/pec_size_by_voters/" + std::to_string(i), "definition.fields",
                  "bracket bounds must increase: " + Grouped(brackets[i].first) + " voters after " +
                      Grouped(brackets[i - 1].first));
      }
    }
  }

  // The tier a commission's parent must have, or nullopt-like `false` when none applies.
  bool ExpectedParentTier(CommissionTier tier, CommissionTier* parent) const {
    if (def_.tiers != 3 && def_.tiers != 4) return false;
    switch (tier) {
      case CommissionTier::kCentral: return false;
      case CommissionTier::kRegional: *parent = CommissionTier::kCentral; return def_.tiers == 4;
      case CommissionTier::kTerritorial:
        *parent = def_.tiers == 4 ? CommissionTier::kRegional : CommissionTier::kCentral;
        return true;
      case CommissionTier::kPrecinct: *parent = CommissionTier::kTerritorial; return true;
    }
    return false;
  }

  void Tree() {
    constexpr std::string_view kRule = "R-A1.tree";
    if (def_.tiers != 3 && def_.tiers != 4) {
      Violation("/tiers", kRule,
                "tiers is " + std::to_string(def_.tiers) +
                    "; an election has 4 (CEC, REC, TEC, PEC) or 3 (CEC, TEC, PEC) tiers");
    }
    const size_t n = def_.commissions.size();
    parent_.assign(n, kNone);
    std::vector<uint32_t> children(n, 0);
    uint32_t cec = kNone;
    for (size_t i = 0; i < n; ++i) {
      const Commission& c = def_.commissions[i];
      if (c.tier == CommissionTier::kCentral) {
        if (cec != kNone) {
          Violation(C(i, "tier"), kRule,
                    "a second CEC " + c.id + "; the CEC is " + def_.commissions[cec].id + " at " + C(cec));
        } else {
          cec = static_cast<uint32_t>(i);
        }
        if (!c.parent.empty()) {
          Violation(C(i, "parent"), kRule, "the CEC has no parent; found " + Quote(c.parent));
        }
        continue;
      }
      if (c.tier == CommissionTier::kRegional && def_.tiers == 3) {
        Violation(C(i, "tier"), kRule,
                  "regional commission " + c.id + " in a 3-tier election, which has no RECs");
      }
      const uint32_t p = Find(commissions_, c.parent);
      if (c.parent.empty()) {
        Violation(C(i, "parent"), kRule, TierLabel(c.tier) + " " + c.id + " has no parent");
      } else if (p == kNone) {
        Violation(C(i, "parent"), kRule, TierLabel(c.tier) + " " + c.id +
                                             " names an unknown parent " + Quote(c.parent));
      } else {
        parent_[i] = p;
        ++children[p];
        CommissionTier expected = CommissionTier::kCentral;
        const CommissionTier actual = def_.commissions[p].tier;
        if (ExpectedParentTier(c.tier, &expected) && actual != expected) {
          Violation(C(i, "parent"), kRule,
                    "the parent of " + TierLabel(c.tier) + " " + c.id + " must be a " +
                        TierLabel(expected) + "; " + c.parent + " is a " + TierLabel(actual));
        }
      }
      if (c.region.empty()) {
        Violation(C(i, "region"), kRule, TierLabel(c.tier) + " " + c.id + " has no region");
      } else if (Find(regions_, c.region) == kNone) {
        Violation(C(i, "region"), kRule, TierLabel(c.tier) + " " + c.id +
                                             " names an unknown region " + Quote(c.region));
      } else if (p != kNone && def_.commissions[p].tier != CommissionTier::kCentral &&
                 def_.commissions[p].region != c.region) {
        Violation(C(i, "region"), kRule,
                  TierLabel(c.tier) + " " + c.id + " is in region " + c.region + " but its parent " +
                      c.parent + " is in region " + def_.commissions[p].region);
      }
    }
    if (cec == kNone) {
      Violation("/commissions", kRule, "there is no CEC (a commission of tier \"cec\")");
    }
    for (size_t i = 0; i < n; ++i) {
      const Commission& c = def_.commissions[i];
      if ((c.tier == CommissionTier::kTerritorial || c.tier == CommissionTier::kRegional) &&
          children[i] == 0) {
        Violation(C(i), kRule, TierLabel(c.tier) + " " + c.id + " has no commissions under it");
      }
    }
  }

  // True if `ancestor` is strictly above `commission`. A valid tree is at most 3 links deep;
  // the bound keeps a broken (cyclic) tree from looping.
  bool IsAncestor(uint32_t ancestor, uint32_t commission) const {
    uint32_t c = commission;
    for (int steps = 0; steps < 8 && c != kNone; ++steps) {
      c = parent_[c];
      if (c == ancestor) return true;
    }
    return false;
  }

  void Stations() {
    const size_t n = def_.commissions.size();
    station_of_.assign(n, kNone);
    std::unordered_map<std::string, uint32_t> numbers;  // region + '\0' + number
    numbers.reserve(def_.polling_stations.size());
    const int64_t limit = def_.rules.max_station_voters;
    for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
      const PollingStation& ps = def_.polling_stations[s];
      constexpr std::string_view kRule = "R-A1.station";
      const uint32_t c = Find(commissions_, ps.commission);
      bool region_checked = false;
      if (c == kNone) {
        Violation(S(s, "commission"), kRule,
                  "polling station " + ps.id + " names an unknown commission " + Quote(ps.commission));
      } else if (def_.commissions[c].tier != CommissionTier::kPrecinct) {
        Violation(S(s, "commission"), kRule,
                  "polling station " + ps.id + " belongs to " + ps.commission + ", a " +
                      TierLabel(def_.commissions[c].tier) + "; a station belongs to a PEC");
      } else {
        if (station_of_[c] != kNone) {
          Violation(S(s, "commission"), kRule,
                    "PEC " + ps.commission + " already has polling station " +
                        def_.polling_stations[station_of_[c]].id + " at /polling_stations/" +
                        std::to_string(station_of_[c]) + "; one station per PEC");
        } else {
          station_of_[c] = static_cast<uint32_t>(s);
        }
        if (ps.region != def_.commissions[c].region) {
          region_checked = true;
          Violation(S(s, "region"), kRule,
                    "polling station " + ps.id + " is in region " + ps.region + " but its PEC " +
                        ps.commission + " is in region " + def_.commissions[c].region);
        }
      }
      if (!region_checked && Find(regions_, ps.region) == kNone) {
        Violation(S(s, "region"), kRule,
                  "polling station " + ps.id + " names an unknown region " + Quote(ps.region));
      }
      if (ps.number <= 0) {
        Violation(S(s, "number"), kRule,
                  "polling station " + ps.id + " has number " + std::to_string(ps.number) +
                      "; numbers start at 1");
      } else {
        std::string key = ps.region;
        key.push_back('\0');
        key += std::to_string(ps.number);
        auto [it, inserted] = numbers.emplace(std::move(key), static_cast<uint32_t>(s));
        if (!inserted) {
          Violation(S(s, "number"), kRule,
                    "polling station number " + std::to_string(ps.number) + " in region " +
                        ps.region + " is already used by " + def_.polling_stations[it->second].id +
                        " at /polling_stations/" + std::to_string(it->second));
        }
      }
      for (const auto& [text, language, in] :
           {std::tuple{&ps.address.kk, "address/kk", "Kazakh"}, std::tuple{&ps.address.ru, "address/ru", "Russian"},
            std::tuple{&ps.address.en, "address/en", "English"}}) {
        if (text->empty()) {
          Violation(S(s, language), kRule,
                    "polling station " + ps.id + " has no address in " + in +
                        "; voters read it in all three languages");
        }
      }
      if (ps.registered_voters < 0) {
        Violation(S(s, "registered_voters"), kRule,
                  "polling station " + ps.id + " has " + Grouped(ps.registered_voters) +
                      " registered voters");
      }
      if (ps.registered_voters > limit) {
        Violation(S(s, "registered_voters"), "R-A2.station-size",
                  "polling station " + ps.id + " serves " + Grouped(ps.registered_voters) +
                      " voters; the limit is " + Grouped(limit));
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (def_.commissions[i].tier == CommissionTier::kPrecinct && station_of_[i] == kNone) {
        Violation(C(i), "R-A1.station", "PEC " + def_.commissions[i].id + " has no polling station");
      }
    }
  }

  void Composition() {
    const ElectionRules& rules = def_.rules;
    std::vector<std::string_view> employers;
    for (size_t i = 0; i < def_.commissions.size(); ++i) {
      const Commission& c = def_.commissions[i];
      const auto size = static_cast<int64_t>(c.members.size());
      const std::string label = TierLabel(c.tier) + " " + c.id;

      if (c.tier == CommissionTier::kPrecinct) {
        if (station_of_[i] != kNone) {
          const int64_t voters = def_.polling_stations[station_of_[i]].registered_voters;
          const int64_t required = RequiredPecSize(rules, voters);
          if (required == 0) {
            if (voters <= rules.max_station_voters) {  // else R-A2.station-size already says it
              Violation(C(i, "members"), "R-A2.pec-size",
                        "no PEC size bracket covers " + Grouped(voters) + " registered voters");
            }
          } else if (size != required) {
            Violation(C(i, "members"), "R-A2.pec-size",
                      std::to_string(size) + " members for " + Grouped(voters) +
                          " registered voters; R-A2 requires " + std::to_string(required));
          }
        }
      } else if (size != rules.commission_size) {
        Violation(C(i, "members"), "R-A2.commission-size",
                  label + " has " + std::to_string(size) + " members; R-A2 requires " +
                      std::to_string(rules.commission_size));
      }

      if (c.tier == CommissionTier::kPrecinct || c.tier == CommissionTier::kTerritorial) {
        employers.clear();
        for (const CommissionMember& m : c.members) {
          if (!m.employer.empty()) employers.push_back(m.employer);
        }
        std::sort(employers.begin(), employers.end());
        for (size_t a = 0; a < employers.size();) {
          size_t b = a;
          while (b < employers.size() && employers[b] == employers[a]) ++b;
          const auto count = static_cast<int64_t>(b - a);
          if (count * 10000 > rules.max_shared_employer_bp * size) {
            Violation(C(i, "members"), "R-A2.shared-employer",
                      std::to_string(count) + " of " + std::to_string(size) + " members of " + label +
                          " work for " + Quote(employers[a]) + "; at most " +
                          Percent(rules.max_shared_employer_bp) + " may share an employer");
          }
          a = b;
        }
      }

      int chairs = 0, deputies = 0, secretaries = 0;
      for (const CommissionMember& m : c.members) {
        chairs += m.role == MemberRole::kChair;
        deputies += m.role == MemberRole::kDeputyChair;
        secretaries += m.role == MemberRole::kSecretary;
      }
      if (chairs != 1) {
        Violation(C(i, "members"), "R-A2.roles",
                  label + " has " + std::to_string(chairs) + " chairs; exactly one is required");
      }
      if (deputies > 1) {
        Violation(C(i, "members"), "R-A2.roles",
                  label + " has " + std::to_string(deputies) + " deputy chairs; at most one");
      }
      if (secretaries > 1) {
        Violation(C(i, "members"), "R-A2.roles",
                  label + " has " + std::to_string(secretaries) + " secretaries; at most one");
      }

      for (size_t j = 0; j < c.members.size(); ++j) {
        const CommissionMember& m = c.members[j];
        constexpr std::string_view kRule = "R-A2.nomination";
        const std::string& by = m.nominated_by.by;
        if (m.nominated_by.kind == NominatorKind::kParty && Find(parties_, by) == kNone) {
          Violation(M(i, j) + "/nominated_by/by", kRule,
                    "member " + m.id + " is nominated by unknown party " + Quote(by));
        } else if (m.nominated_by.kind == NominatorKind::kHigherCommission) {
          const uint32_t nominator = Find(commissions_, by);
          if (nominator == kNone || !IsAncestor(nominator, static_cast<uint32_t>(i))) {
            Violation(M(i, j) + "/nominated_by/by", kRule,
                      "member " + m.id + " is nominated by commission " + Quote(by) +
                          ", which is not above " + c.id);
          }
        }
        if (!m.affiliation.empty() && Find(parties_, m.affiliation) == kNone) {
          Violation(M(i, j) + "/affiliation", kRule,
                    "member " + m.id + " is affiliated with unknown party " + Quote(m.affiliation));
        }
      }
    }
  }

  void Keys() {
    std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> seen;
    seen.reserve(def_.commissions.size() * 8);
    auto check = [&](const std::string& key, std::string_view owner, uint32_t c, uint32_t m) {
      const std::string where = (m == kNone ? C(c) : M(c, m)) + "/public_key";
      if (key.size() != 64 || !IsLowerHex(key)) {
        Violation(where, "keys",
                  "the public key of " + std::string(owner) + " is not 64 lowercase hex digits");
        return;
      }
      auto [it, inserted] = seen.emplace(key, std::make_pair(c, m));
      if (!inserted) {
        Violation(where, "keys",
                  std::string(owner) + " has the same public key as " + SignerPath(it->second));
      }
    };
    for (size_t i = 0; i < def_.commissions.size(); ++i) {
      const Commission& c = def_.commissions[i];
      check(c.public_key, c.id, static_cast<uint32_t>(i), kNone);
      for (size_t j = 0; j < c.members.size(); ++j) {
        check(c.members[j].public_key, c.members[j].id, static_cast<uint32_t>(i),
              static_cast<uint32_t>(j));
      }
    }
  }

  void Contests() {
    for (size_t k = 0; k < def_.contests.size(); ++k) {
      ContestRules(k);
      BallotOrderRules(k);
      const Contest& contest = def_.contests[k];
      if (contest.list_order == ListOrder::kPostElectionChoice) {
        report_.notices.push_back(CheckFailed(
            K(k) + "/list_order", "R-A5.list-order",
            "contest " + contest.id +
                ": parties choose their MPs after the vote: voters cannot know whom they elect "
                "(ODIHR 2007 rec. 5)"));
      }
    }
  }

  void ContestRules(size_t k) {
    constexpr std::string_view kRule = "R-A3.contest";
    const Contest& c = def_.contests[k];
    const std::string at = K(k);
    if (Find(commissions_, c.scope) == kNone) {
      Violation(at + "/scope", kRule, "contest " + c.id + " has unknown scope " + Quote(c.scope));
    }
    const bool lists = c.kind != ContestKind::kPresidential;
    if (lists) {
      if (c.seats < 1) {
        Violation(at + "/seats", kRule,
                  "contest " + c.id + " has " + std::to_string(c.seats) + " seats; at least 1");
      }
      if (c.kind == ContestKind::kPartyList && c.threshold_bp == 0) {
        Violation(at + "/threshold_bp", kRule,
                  "threshold 0 means every list passes; R-A3 requires a positive threshold");
      } else if (c.threshold_bp < 0 || c.threshold_bp > 10000) {
        Violation(at + "/threshold_bp", kRule,
                  "threshold " + Grouped(c.threshold_bp) + " bp is outside 0..10,000 (0%..100%)");
      }
      if (c.runner_up_min_seats < 0 || (c.seats >= 1 && c.runner_up_min_seats >= c.seats)) {
        Violation(at + "/runner_up_min_seats", kRule,
                  "runner-up minimum of " + std::to_string(c.runner_up_min_seats) +
                      " seats must be at least 0 and below the " + std::to_string(c.seats) +
                      " seats of the contest");
      }
    } else {
      if (c.seats != 1) {
        Violation(at + "/seats", kRule,
                  "a presidential contest elects one person; seats is " + std::to_string(c.seats));
      }
      if (c.majority_bp <= 0 || c.majority_bp >= 10000) {
        Violation(at + "/majority_bp", kRule,
                  "majority " + Grouped(c.majority_bp) + " bp must lie strictly between 0 and 10,000");
      }
    }
    if (c.choices.empty()) {
      Violation(at + "/choices", kRule, "contest " + c.id + " has no choices");
    }
    std::vector<uint32_t> holder;
    for (size_t j = 0; j < c.choices.size(); ++j) {
      const Choice& choice = c.choices[j];
      const std::string cat = at + "/choices/" + std::to_string(j);
      if (!choice.party.empty() && Find(parties_, choice.party) == kNone) {
        Violation(cat + "/party", kRule,
                  "choice " + choice.id + " names an unknown party " + Quote(choice.party));
      }
      if (!lists) {
        if (choice.candidates.size() != 1) {
          Violation(cat + "/candidates", kRule,
                    "presidential choice " + choice.id + " has " +
                        std::to_string(choice.candidates.size()) + " candidates; exactly one");
        }
        continue;
      }
      // List positions run 1..n without gaps or repeats: every position in range, none twice.
      const size_t n = choice.candidates.size();
      holder.assign(n + 1, kNone);
      for (size_t p = 0; p < n; ++p) {
        const int64_t pos = choice.candidates[p].list_position;
        const std::string pat = cat + "/candidates/" + std::to_string(p) + "/list_position";
        if (pos < 1 || pos > static_cast<int64_t>(n)) {
          Violation(pat, kRule,
                    "candidate " + choice.candidates[p].id + " has list position " +
                        std::to_string(pos) + "; the list of " + std::to_string(n) +
                        " runs 1.." + std::to_string(n));
        } else if (holder[static_cast<size_t>(pos)] != kNone) {
          Violation(pat, kRule,
                    "list position " + std::to_string(pos) + " of " + choice.id +
                        " is already held by " +
                        choice.candidates[holder[static_cast<size_t>(pos)]].id);
        } else {
          holder[static_cast<size_t>(pos)] = static_cast<uint32_t>(p);
        }
      }
    }
  }

  void BallotOrderRules(size_t k) {
    constexpr std::string_view kRule = "R-A4.ballot-order";
    const Contest& c = def_.contests[k];
    const BallotOrder& bo = c.ballot_order;
    const std::string at = K(k) + "/ballot_order";

    std::vector<std::string> ids;
    ids.reserve(c.choices.size());
    for (const Choice& choice : c.choices) ids.push_back(choice.id);
    std::vector<std::string> sorted_ids = ids, sorted_order = bo.order;
    std::sort(sorted_ids.begin(), sorted_ids.end());
    std::sort(sorted_order.begin(), sorted_order.end());
    const bool permutation = sorted_ids == sorted_order;
    if (!permutation) {
      std::vector<std::string> missing, unknown, repeated;
      std::set_difference(sorted_ids.begin(), sorted_ids.end(), sorted_order.begin(),
                          sorted_order.end(), std::back_inserter(missing));
      std::set_difference(sorted_order.begin(), sorted_order.end(), sorted_ids.begin(),
                          sorted_ids.end(), std::back_inserter(unknown));
      for (size_t i = 1; i < sorted_order.size(); ++i) {
        if (sorted_order[i] == sorted_order[i - 1] &&
            (repeated.empty() || repeated.back() != sorted_order[i])) {
          repeated.push_back(sorted_order[i]);
        }
      }
      std::vector<std::string> parts;
      if (!missing.empty()) parts.push_back("missing " + Join(missing));
      if (!unknown.empty()) parts.push_back("not a choice: " + Join(unknown));
      if (!repeated.empty()) parts.push_back("listed twice: " + Join(repeated));
      Violation(at + "/order", kRule,
                "the ballot order of " + c.id + " is not a permutation of its choices (" +
                    Join(parts) + ")");
    }

    std::vector<std::string> expected;
    bool recompute = false;
    std::string how;
    if (bo.method == BallotOrderMethod::kLottery) {
      if (bo.seed.empty() || !IsLowerHex(bo.seed)) {
        Violation(at + "/seed", kRule,
                  "a lottery needs a published seed of lowercase hex digits; found " + Quote(bo.seed));
      } else if (permutation) {
        expected = DrawLotteryOrder(bo.seed, c.id, ids);
        recompute = true;
        how = "the lottery with seed " + bo.seed;
      }
    } else {
      if (bo.language != "kk" && bo.language != "ru" && bo.language != "en") {
        Violation(at + "/language", kRule,
                  "alphabetical order needs a language kk, ru or en; found " + Quote(bo.language));
      } else if (permutation) {
        expected = AlphabeticalOrder(c.choices, bo.language);
        recompute = true;
        how = "alphabetical order in " + bo.language;
      }
    }
    if (recompute && expected != bo.order) {
      Violation(at + "/order", kRule,
                how + " gives " + Join(expected) + "; the definition lists " + Join(bo.order));
    }
  }

  const ElectionDefinition& def_;
  DefinitionReport report_;
  std::unordered_map<std::string_view, uint32_t> regions_, parties_, commissions_, stations_,
      contests_;
  std::vector<uint32_t> parent_;      // per commission; kNone if unknown
  std::vector<uint32_t> station_of_;  // per PEC: its first station
};

}  // namespace

DefinitionReport CheckDefinition(const ElectionDefinition& def) { return Checker(def).Run(); }

}  // namespace ashyq
