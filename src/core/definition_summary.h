// Figures about an election definition, for `ashyq definition summary` and the public site:
// how many commissions, stations and voters, where, and (R-A2) who sits on the commissions.
// Counts only; percentages are rendered at print time from these integers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/election_definition.h"

namespace ashyq {

struct RegionSummary {
  std::string region;  // region id; a station naming an unknown region gets a row of its own
  int64_t stations = 0;
  int64_t registered_voters = 0;
  int64_t tecs = 0;
  friend bool operator==(const RegionSummary&, const RegionSummary&) = default;
};

struct DefinitionSummary {
  std::array<int64_t, 4> commissions_by_tier{};  // indexed by CommissionTier (cec, rec, tec, pec)
  int64_t members = 0;
  int64_t polling_stations = 0;
  int64_t registered_voters = 0;
  int64_t evoting_stations = 0;
  int64_t evoting_voters = 0;
  int64_t urban_stations = 0;
  int64_t urban_voters = 0;
  int64_t rural_stations = 0;
  int64_t rural_voters = 0;
  std::vector<RegionSummary> regions;  // definition order

  int64_t commissions(CommissionTier tier) const {
    return commissions_by_tier[static_cast<size_t>(tier)];
  }
};

DefinitionSummary Summarize(const ElectionDefinition& def);

// R-A2 composition: how many members, and how many chairs, each nominating body and each
// party affiliation holds at one tier.
struct CompositionRow {
  std::string key;  // nominator: party id, "public_association", "higher_commission";
                    // affiliation: party id or "none"
  int64_t members = 0;
  int64_t chairs = 0;
  friend bool operator==(const CompositionRow&, const CompositionRow&) = default;
};

struct TierComposition {
  CommissionTier tier = CommissionTier::kCentral;
  int64_t commissions = 0;
  int64_t members = 0;
  int64_t chairs = 0;
  // Every party of the definition (in definition order, zero rows included: that a party
  // chairs nothing is a finding), then the other bodies; unknown party ids last.
  std::vector<CompositionRow> by_nominator;
  std::vector<CompositionRow> by_affiliation;
};

struct CompositionReport {
  std::vector<TierComposition> tiers;  // top-down; tiers without commissions left out
};

CompositionReport ComposeReport(const ElectionDefinition& def);

}  // namespace ashyq
