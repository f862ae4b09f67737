// Which polling station serves an address: the precinct boundaries, as the local executive body
// (akimat) decides and publishes them, in a CSV file (RFC 4180; docs/register.md):
//
//   station,region,settlement,street,first,last,parity
//   ps-almaty-city-0406,almaty-city,Алматы,Абай даңғылы,1,45,odd
//   ps-almaty-city-0407,almaty-city,Алматы,Абай даңғылы,47,,odd
//   ps-almaty-city-0408,almaty-city,Алматы,Абай даңғылы,,,even
//   ps-akmola-0175,akmola,Қараөзек,,,,
//
//   station      a polling station id of the election definition, in the same region
//   street       empty: the whole settlement (what no street rule of it covers)
//   first, last  house numbers, inclusive; empty = no bound on that side
//   parity       "odd", "even", or empty/"all"
//
// An address goes to the one rule of its street whose range and parity hold its house number
// (the number at the start of the house field: "45А" -> 45); a house without such a number
// ("б/н") only to a rule with neither bound. Failing that, to the rule for its whole settlement.
// No rule: no station, a problem for the importer (R-B1.station-by-address). Two rules of one
// street that could both hold a house are refused when the boundaries are read, naming both
// lines: a voter must never be on two lists (R-B2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/election_definition.h"
#include "core/result.h"

namespace ashyq::registry {

// Index of a polling station in ElectionDefinition::polling_stations.
using StationIndex = uint32_t;
inline constexpr StationIndex kNoStation = 0xffffffffu;

inline constexpr std::string_view kBoundaryColumns[] = {"station", "region", "settlement", "street",
                                                        "first",   "last",   "parity"};

struct Address {
  std::string_view region, settlement, street, house;
};

class StationMap {
 public:
  // Reads a boundaries file against `definition` (kept by reference: it must outlive the map).
  // Every problem is collected; the error is the first, saying how many there were.
  static Result<StationMap> Parse(std::string_view csv, const ElectionDefinition& definition);

  // The station serving `address`, or kNoStation with `why` (if given) saying what is missing.
  StationIndex Assign(const Address& address, std::string* why = nullptr) const;

  const ElectionDefinition& definition() const { return *definition_; }
  // The index of a station id in the definition, or kNoStation.
  StationIndex FindStation(std::string_view id) const;
  size_t rule_count() const { return rules_; }

 private:
  struct Range {
    int64_t first = 0, last = 0;  // inclusive; 0 / INT64_MAX when unbounded
    int parity = 0;               // 0 all, 1 odd, 2 even
    bool unbounded = false;       // neither bound: also holds houses without a number
    StationIndex station = kNoStation;
    size_t line = 0;
  };
  const ElectionDefinition* definition_ = nullptr;
  std::unordered_map<std::string, StationIndex> station_ids_;
  // region \x1f settlement \x1f street -> its ranges; street "" = the whole settlement.
  std::unordered_map<std::string, std::vector<Range>> streets_;
  size_t rules_ = 0;
};

// The number at the start of a house field ("45А" -> 45, "12/3" -> 12), or -1 when there is none.
int64_t HouseNumber(std::string_view house);

}  // namespace ashyq::registry
