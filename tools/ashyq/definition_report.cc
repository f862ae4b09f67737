#include "definition_report.h"

#include <cstdio>
#include <string>
#include <unordered_map>

#include "cli_output.h"
#include "core/definition_check.h"
#include "core/definition_summary.h"

namespace ashyq::cli {
namespace {

void Row(const std::string& label, int64_t value, const std::string& extra = "") {
  std::printf("  %s %s%s\n", Column(label, 40).c_str(), Column(Grouped(value), 11, true).c_str(),
              extra.c_str());
}

void PrintTree(const ElectionDefinition& def, const DefinitionSummary& s) {
  std::printf("Commission tree (%lld tiers)\n", static_cast<long long>(def.tiers));
  Row("Central election commission (CEC)", s.commissions(CommissionTier::kCentral));
  if (def.tiers == 4) Row("Regional election commissions (REC)", s.commissions(CommissionTier::kRegional));
  Row("Territorial election commissions (TEC)", s.commissions(CommissionTier::kTerritorial));
  Row("Precinct election commissions (PEC)", s.commissions(CommissionTier::kPrecinct));
  Row("Commission members (each with a key)", s.members);
  Row("Polling stations", s.polling_stations);
  Row("Registered voters", s.registered_voters);
  Row("  urban stations", s.urban_stations,
      "   " + Grouped(s.urban_voters) + " voters (" + Percent(s.urban_voters, s.registered_voters) + ")");
  Row("  rural stations", s.rural_stations,
      "   " + Grouped(s.rural_voters) + " voters (" + Percent(s.rural_voters, s.registered_voters) + ")");
  Row("  stations with e-voting", s.evoting_stations,
      "   " + Grouped(s.evoting_voters) + " voters (" + Percent(s.evoting_voters, s.registered_voters) + ")");
}

void PrintRegions(const ElectionDefinition& def, const DefinitionSummary& s) {
  std::unordered_map<std::string, const Region*> regions;
  for (const Region& r : def.regions) regions[r.id] = &r;
  std::printf("\nBy region\n  %s %s %s %s %s\n", Column("region", 28).c_str(), Column("TECs", 5, true).c_str(),
              Column("stations", 9, true).c_str(), Column("voters", 11, true).c_str(),
              Column("share", 8, true).c_str());
  for (const RegionSummary& r : s.regions) {
    auto it = regions.find(r.region);
    const std::string name = it != regions.end() ? BestName(it->second->name) : r.region;
    std::printf("  %s %s %s %s %s\n", Column(name, 28).c_str(), Column(Grouped(r.tecs), 5, true).c_str(),
                Column(Grouped(r.stations), 9, true).c_str(), Column(Grouped(r.registered_voters), 11, true).c_str(),
                Column(Percent(r.registered_voters, s.registered_voters), 8, true).c_str());
  }
}

void PrintContests(const ElectionDefinition& def) {
  std::printf("\nContests on election day %s (%zu)\n", def.election_day.c_str(), def.contests.size());
  size_t local_councils = 0;
  for (const Contest& c : def.contests) {
    if (c.kind == ContestKind::kLocalCouncil) {
      ++local_councils;
      continue;  // summarised below: one per region is too many lines
    }
    std::printf("  %s [%s]", BestName(c.name).c_str(), std::string(ContestKindName(c.kind)).c_str());
    if (c.kind == ContestKind::kPresidential) {
      std::printf(" elected with more than %s of votes cast, else a run-off\n", PercentBp(c.majority_bp).c_str());
    } else {
      std::printf(" %lld seats, threshold %s of voters who took part, %s\n", static_cast<long long>(c.seats),
                  PercentBp(c.threshold_bp).c_str(), std::string(SeatMethodName(c.method)).c_str());
    }
    std::unordered_map<std::string, const Choice*> choices;
    for (const Choice& ch : c.choices) choices[ch.id] = &ch;
    std::printf("    ballot order (%s%s):", std::string(BallotOrderMethodName(c.ballot_order.method)).c_str(),
                c.ballot_order.method == BallotOrderMethod::kLottery
                    ? (", seed " + c.ballot_order.seed.substr(0, 16) + "…").c_str()
                    : (", " + c.ballot_order.language).c_str());
    for (size_t i = 0; i < c.ballot_order.order.size(); ++i) {
      auto it = choices.find(c.ballot_order.order[i]);
      std::printf("%s %zu. %s", i == 0 ? "" : ",", i + 1,
                  it != choices.end() ? BestName(it->second->name).c_str() : c.ballot_order.order[i].c_str());
    }
    std::printf("\n");
  }
  if (local_councils > 0) std::printf("  + %zu local council (maslikhat) contests\n", local_councils);
}

void PrintComposition(const ElectionDefinition& def) {
  std::unordered_map<std::string, std::string> party_names;
  for (const Party& p : def.parties) party_names[p.id] = p.abbreviation.empty() ? BestName(p.name) : p.abbreviation;
  auto label = [&](const std::string& key) {
    auto it = party_names.find(key);
    if (it != party_names.end()) return it->second;
    if (key == "public_association") return std::string("public associations");
    if (key == "higher_commission") return std::string("higher commission");
    if (key == "none") return std::string("no party");
    return key;
  };
  CompositionReport report = ComposeReport(def);
  std::printf("\nCommission composition (R-A2): share of members / of chairs\n");
  for (const TierComposition& t : report.tiers) {
    if (t.tier == CommissionTier::kCentral) continue;
    std::printf("  %s (%s commissions, %s members)\n    nominated by:", std::string(TierName(t.tier)).c_str(),
                Grouped(t.commissions).c_str(), Grouped(t.members).c_str());
    for (const CompositionRow& r : t.by_nominator) {
      if (r.members == 0 && r.chairs == 0) continue;
      std::printf(" %s %s/%s;", label(r.key).c_str(), Percent(r.members, t.members).c_str(),
                  Percent(r.chairs, t.chairs).c_str());
    }
    std::printf("\n    member of:   ");
    for (const CompositionRow& r : t.by_affiliation) {
      if (r.members == 0 && r.chairs == 0) continue;
      std::printf(" %s %s/%s;", label(r.key).c_str(), Percent(r.members, t.members).c_str(),
                  Percent(r.chairs, t.chairs).c_str());
    }
    std::printf("\n");
  }
}

}  // namespace

void PrintDefinitionReport(const ElectionDefinition& def, const crypto::SignedObject* signed_definition) {
  const DefinitionSummary summary = Summarize(def);
  std::printf("Election      %s (%s)\n", BestName(def.name).c_str(), def.election_id.c_str());
  if (signed_definition != nullptr) {
    std::printf("Definition    sha256 %s\n", signed_definition->digest().Hex().c_str());
    for (const crypto::SignatureEntry& s : signed_definition->signatures()) {
      std::printf("Signed by     %s, key %s (CEC signature verified)\n", s.signer.c_str(), s.public_key.Hex().c_str());
    }
  } else {
    std::printf("Definition    unsigned\n");
  }
  std::printf("\n");
  PrintTree(def, summary);
  PrintRegions(def, summary);
  PrintContests(def);
  DefinitionReport report = CheckDefinition(def);
  if (!report.notices.empty()) {
    std::printf("\nNotices\n");
    for (const Error& e : report.notices) std::printf("  %s\n", e.ToString().c_str());
  }
  PrintComposition(def);
}

}  // namespace ashyq::cli
