// Navigation of the commission tree of a definition: lookups by id, children, ancestors, and
// the polling stations under any commission (what each tier tabulates, R-E1).
//
// Commissions and stations are named by their index in the definition's vectors. Built in
// O(n); every query is O(1) or O(answer). The stations under a commission are one contiguous
// run of StationOrder(), so tabulating a TEC or a region reads a span, not a search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/election_definition.h"
#include "core/result.h"

namespace ashyq {

class CommissionTree {
 public:
  static constexpr size_t kNone = SIZE_MAX;

  // Fails (kCheckFailed, rule "R-A1.tree", `where` a JSON Pointer) on a duplicate commission or
  // station id, no CEC or more than one commission without a parent, an unknown parent or
  // station commission, or a cycle. It does not enforce the other rules (CheckDefinition does).
  // The tree refers into `def`, which must outlive it unchanged.
  static Result<CommissionTree> Build(const ElectionDefinition& def);

  const ElectionDefinition& definition() const { return *def_; }
  size_t root() const { return root_; }  // the CEC

  // Index lookups; kNone when the id is unknown.
  size_t FindCommission(std::string_view id) const;
  size_t FindStation(std::string_view id) const;

  const Commission& commission(size_t i) const { return def_->commissions[i]; }
  const PollingStation& station(size_t i) const { return def_->polling_stations[i]; }

  size_t parent(size_t commission) const { return parent_[commission]; }  // kNone for the CEC
  std::span<const uint32_t> children(size_t commission) const;
  // The polling station of a PEC (the first, if the definition wrongly has several); kNone if none.
  size_t StationOf(size_t commission) const;
  // Every station whose PEC lies in the subtree of `commission` (the CEC: all of them).
  std::span<const uint32_t> StationsUnder(size_t commission) const;
  // Parent first, the CEC last; empty for the CEC.
  std::vector<size_t> Ancestors(size_t commission) const;
  bool IsAncestor(size_t ancestor, size_t commission) const;  // strict: a commission is not its own
  // The commission's region id; for the CEC, empty.
  std::string_view Region(size_t commission) const { return def_->commissions[commission].region; }

 private:
  explicit CommissionTree(const ElectionDefinition& def) : def_(&def) {}

  const ElectionDefinition* def_;
  size_t root_ = kNone;
  std::unordered_map<std::string_view, uint32_t> commission_index_;
  std::unordered_map<std::string_view, uint32_t> station_index_;
  std::vector<size_t> parent_;
  std::vector<uint32_t> depth_;          // CEC = 0
  std::vector<uint32_t> child_begin_;    // children of c: child_list_[child_begin_[c] .. [c+1])
  std::vector<uint32_t> child_list_;
  std::vector<uint32_t> station_of_;     // first station of each commission, or UINT32_MAX
  std::vector<uint32_t> station_begin_;  // stations under c: station_order_[begin .. end)
  std::vector<uint32_t> station_end_;
  std::vector<uint32_t> station_order_;  // stations in depth-first order of their PECs
};

}  // namespace ashyq
