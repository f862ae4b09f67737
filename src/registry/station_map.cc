#include "registry/station_map.h"

#include <limits>

#include "core/csv.h"
#include "registry/civil_extract.h"

namespace ashyq::registry {
namespace {

constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max();

std::string StreetKey(std::string_view region, std::string_view settlement, std::string_view street) {
  std::string key;
  key.reserve(region.size() + settlement.size() + street.size() + 2);
  key.append(region).push_back('\x1f');
  key.append(settlement).push_back('\x1f');
  key.append(street);
  return key;
}

bool ParityHolds(int parity, int64_t n) { return parity == 0 || (parity == 1) == (n % 2 == 1); }

// Whether some house number fits both ranges (or both take houses without a number).
bool Overlap(int64_t a_first, int64_t a_last, int a_parity, int64_t b_first, int64_t b_last, int b_parity) {
  const int64_t lo = std::max(a_first, b_first), hi = std::min(a_last, b_last);
  if (lo > hi) return false;
  if (a_parity == 0 || b_parity == 0 || a_parity == b_parity) {
    // Some number of the wanted parity lies in [lo, hi]?
    const int parity = a_parity != 0 ? a_parity : b_parity;
    if (parity == 0 || hi > lo) return true;
    return ParityHolds(parity, lo);
  }
  return false;  // odd against even
}

}  // namespace

int64_t HouseNumber(std::string_view house) {
  int64_t n = 0;
  size_t i = 0;
  while (i < house.size() && house[i] >= '0' && house[i] <= '9' && n < 1'000'000'000) {
    n = n * 10 + (house[i] - '0');
    ++i;
  }
  return i == 0 ? -1 : n;
}

StationIndex StationMap::FindStation(std::string_view id) const {
  auto it = station_ids_.find(std::string(id));
  return it == station_ids_.end() ? kNoStation : it->second;
}

Result<StationMap> StationMap::Parse(std::string_view csv, const ElectionDefinition& definition) {
  StationMap map;
  map.definition_ = &definition;
  for (size_t i = 0; i < definition.polling_stations.size(); ++i) {
    map.station_ids_.emplace(definition.polling_stations[i].id, static_cast<StationIndex>(i));
  }
  CsvOptions options;
  options.max_bytes = size_t{256} << 20;
  options.max_rows = 2'000'000;
  ASHYQ_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv, options));
  if (table.records.empty()) return BadInput("line 1", "the boundaries file is empty: it needs at least its header");
  const CsvRecord& header = table.records[0];
  std::string expected;
  for (std::string_view c : kBoundaryColumns) expected += (expected.empty() ? "" : ",") + std::string(c);
  std::string got;
  for (const std::string& f : header.fields) got += (got.empty() ? "" : ",") + f;
  if (got != expected) return BadInput("line 1", "the header is \"" + got + "\"; a boundaries file's is " + expected);

  std::vector<Error> problems;
  for (size_t r = 1; r < table.records.size(); ++r) {
    const CsvRecord& record = table.records[r];
    const std::vector<std::string>& f = record.fields;
    const size_t before = problems.size();
    auto fail = [&](size_t column, std::string message) {
      problems.push_back(BadInput(FieldWhere(record.line, kBoundaryColumns[column]), std::move(message)));
    };
    Range range;
    range.line = record.line;
    range.station = map.FindStation(f[0]);
    if (range.station == kNoStation) {
      fail(0, "\"" + f[0] + "\" is no polling station of the election definition");
    } else if (definition.polling_stations[range.station].region != f[1]) {
      fail(1, "station " + f[0] + " is in region " + definition.polling_stations[range.station].region + ", not \"" +
                  f[1] + "\"");
    }
    if (f[2].empty()) fail(2, "empty; the settlement is required");
    for (size_t c = 1; c <= 3; ++c) {
      if (std::string p = TextFieldProblem(f[c]); !p.empty()) fail(c, p);
    }
    auto bound = [&](size_t column, int64_t none) -> int64_t {
      if (f[column].empty()) return none;
      const int64_t n = HouseNumber(f[column]);
      if (n < 0 || std::to_string(n) != f[column]) fail(column, "\"" + f[column] + "\" is no house number");
      return n;
    };
    range.first = bound(4, 0);
    range.last = bound(5, kUnbounded);
    range.unbounded = f[4].empty() && f[5].empty();
    if (range.first > range.last) fail(5, "the last house is before the first");
    if (f[6] == "odd") {
      range.parity = 1;
    } else if (f[6] == "even") {
      range.parity = 2;
    } else if (!f[6].empty() && f[6] != "all") {
      fail(6, "\"" + f[6] + "\": the parity is odd, even, all or empty");
    }
    if (f[3].empty() && (!range.unbounded || range.parity != 0)) {
      fail(3, "a rule for a whole settlement (no street) has no house numbers or parity");
    }
    if (problems.size() != before) continue;
    std::vector<Range>& ranges = map.streets_[StreetKey(f[1], f[2], f[3])];
    for (const Range& other : ranges) {
      if (Overlap(other.first, other.last, other.parity, range.first, range.last, range.parity)) {
        problems.push_back(CheckFailed(FieldWhere(record.line, "first"), "R-B2.one-list",
                                       "this rule and the rule of line " + std::to_string(other.line) +
                                           " both take some houses of the same street: a voter would be on two lists"));
        break;
      }
    }
    ranges.push_back(range);
    ++map.rules_;
  }
  if (!problems.empty()) return FirstOfProblems(std::move(problems));
  return map;
}

StationIndex StationMap::Assign(const Address& address, std::string* why) const {
  const int64_t number = HouseNumber(address.house);
  if (!address.street.empty()) {
    auto it = streets_.find(StreetKey(address.region, address.settlement, address.street));
    if (it != streets_.end()) {
      for (const Range& r : it->second) {
        if (number < 0 ? r.unbounded : (number >= r.first && number <= r.last && ParityHolds(r.parity, number))) {
          return r.station;
        }
      }
    }
  }
  auto whole = streets_.find(StreetKey(address.region, address.settlement, ""));
  if (whole != streets_.end() && !whole->second.empty()) return whole->second.front().station;
  if (why != nullptr) {
    *why = "no polling station's boundaries hold this address (" + std::string(address.settlement) + ", " +
           std::string(address.street.empty() ? "no street" : address.street) + ", " + std::string(address.house) +
           " in region " + std::string(address.region) + ")";
  }
  return kNoStation;
}

}  // namespace ashyq::registry
