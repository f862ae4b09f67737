#include "core/definition_summary.h"

#include <string_view>
#include <unordered_map>

namespace ashyq {

DefinitionSummary Summarize(const ElectionDefinition& def) {
  DefinitionSummary s;
  std::unordered_map<std::string_view, size_t> row;
  row.reserve(def.regions.size());
  for (const Region& r : def.regions) {
    if (row.emplace(r.id, s.regions.size()).second) s.regions.push_back({r.id, 0, 0, 0});
  }
  auto region_row = [&](const std::string& id) -> RegionSummary& {
    auto [it, inserted] = row.emplace(id, s.regions.size());
    if (inserted) s.regions.push_back({id, 0, 0, 0});
    return s.regions[it->second];
  };

  for (const Commission& c : def.commissions) {
    ++s.commissions_by_tier[static_cast<size_t>(c.tier)];
    s.members += static_cast<int64_t>(c.members.size());
    if (c.tier == CommissionTier::kTerritorial) ++region_row(c.region).tecs;
  }
  for (const PollingStation& ps : def.polling_stations) {
    ++s.polling_stations;
    s.registered_voters += ps.registered_voters;
    if (ps.evoting) {
      ++s.evoting_stations;
      s.evoting_voters += ps.registered_voters;
    }
    if (ps.locality == Locality::kUrban) {
      ++s.urban_stations;
      s.urban_voters += ps.registered_voters;
    } else {
      ++s.rural_stations;
      s.rural_voters += ps.registered_voters;
    }
    RegionSummary& r = region_row(ps.region);
    ++r.stations;
    r.registered_voters += ps.registered_voters;
  }
  return s;
}

namespace {

// Rows keyed by string, in a fixed order: the parties first, then `extra`, then whatever else.
class RowTable {
 public:
  RowTable(const ElectionDefinition& def, std::initializer_list<std::string_view> extra) {
    for (const Party& p : def.parties) Row(p.id);
    for (std::string_view e : extra) Row(e);
  }
  void Count(std::string_view key, bool chair) {
    CompositionRow& r = Row(key);
    ++r.members;
    r.chairs += chair ? 1 : 0;
  }
  std::vector<CompositionRow> Take() { return std::move(rows_); }

 private:
  CompositionRow& Row(std::string_view key) {
    auto [it, inserted] = index_.emplace(std::string(key), rows_.size());
    if (inserted) rows_.push_back({std::string(key), 0, 0});
    return rows_[it->second];
  }
  std::unordered_map<std::string, size_t> index_;
  std::vector<CompositionRow> rows_;
};

}  // namespace

CompositionReport ComposeReport(const ElectionDefinition& def) {
  CompositionReport report;
  for (CommissionTier tier : {CommissionTier::kCentral, CommissionTier::kRegional,
                              CommissionTier::kTerritorial, CommissionTier::kPrecinct}) {
    TierComposition t;
    t.tier = tier;
    RowTable nominators(def, {NominatorKindName(NominatorKind::kPublicAssociation),
                              NominatorKindName(NominatorKind::kHigherCommission)});
    RowTable affiliations(def, {"none"});
    for (const Commission& c : def.commissions) {
      if (c.tier != tier) continue;
      ++t.commissions;
      for (const CommissionMember& m : c.members) {
        const bool chair = m.role == MemberRole::kChair;
        ++t.members;
        t.chairs += chair ? 1 : 0;
        nominators.Count(m.nominated_by.kind == NominatorKind::kParty
                             ? std::string_view(m.nominated_by.by)
                             : NominatorKindName(m.nominated_by.kind),
                         chair);
        affiliations.Count(m.affiliation.empty() ? std::string_view("none")
                                                 : std::string_view(m.affiliation),
                           chair);
      }
    }
    if (t.commissions == 0) continue;
    t.by_nominator = nominators.Take();
    t.by_affiliation = affiliations.Take();
    report.tiers.push_back(std::move(t));
  }
  return report;
}

}  // namespace ashyq
