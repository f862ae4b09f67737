#include "core/commission_tree.h"

#include <algorithm>
#include <string>

#include "core/json.h"

namespace ashyq {
namespace {

constexpr uint32_t kNoStation = UINT32_MAX;

std::string CommissionPath(size_t i, std::string_view field) {
  return json::PointerAppend(json::PointerAppend("/commissions", i), field);
}

std::string StationPath(size_t i, std::string_view field) {
  return json::PointerAppend(json::PointerAppend("/polling_stations", i), field);
}

Error TreeError(std::string where, std::string message) {
  return CheckFailed(std::move(where), "R-A1.tree", std::move(message));
}

}  // namespace

Result<CommissionTree> CommissionTree::Build(const ElectionDefinition& def) {
  CommissionTree t(def);
  const size_t n = def.commissions.size();
  const size_t stations = def.polling_stations.size();
  if (n >= kNoStation || stations >= kNoStation) {
    return Error{ErrorCode::kTooLarge, "", "", "too many commissions or polling stations"};
  }

  t.commission_index_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto [it, inserted] = t.commission_index_.emplace(def.commissions[i].id, static_cast<uint32_t>(i));
    if (!inserted) {
      return TreeError(CommissionPath(i, "id"), "commission id \"" + def.commissions[i].id +
                                                    "\" is also used at /commissions/" +
                                                    std::to_string(it->second));
    }
  }

  t.parent_.assign(n, kNone);
  std::vector<uint32_t> child_count(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    const Commission& c = def.commissions[i];
    if (c.parent.empty()) {
      if (t.root_ != kNone) {
        return TreeError(CommissionPath(i, "parent"),
                         "commission " + c.id + " has no parent, but neither has " +
                             def.commissions[t.root_].id + " (/commissions/" +
                             std::to_string(t.root_) + "); only the CEC may be the root");
      }
      t.root_ = i;
      continue;
    }
    const size_t p = t.FindCommission(c.parent);
    if (p == kNone) {
      return TreeError(CommissionPath(i, "parent"),
                       "commission " + c.id + " names an unknown parent \"" + c.parent + "\"");
    }
    t.parent_[i] = p;
    ++child_count[p];
  }
  if (t.root_ == kNone) {
    return TreeError("/commissions", n == 0 ? "there are no commissions"
                                            : "every commission has a parent: there is no CEC");
  }

  // Children in definition order, as compressed rows.
  t.child_begin_.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) t.child_begin_[i + 1] = t.child_begin_[i] + child_count[i];
  t.child_list_.assign(t.child_begin_[n], 0);
  {
    std::vector<uint32_t> fill(t.child_begin_.begin(), t.child_begin_.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      if (t.parent_[i] != kNone) t.child_list_[fill[t.parent_[i]]++] = static_cast<uint32_t>(i);
    }
  }

  // Depth-first preorder from the CEC; whatever it does not reach hangs off a cycle.
  std::vector<uint32_t> preorder;
  preorder.reserve(n);
  t.depth_.assign(n, 0);
  std::vector<uint32_t> stack = {static_cast<uint32_t>(t.root_)};
  while (!stack.empty()) {
    const uint32_t c = stack.back();
    stack.pop_back();
    preorder.push_back(c);
    for (uint32_t k = t.child_begin_[c + 1]; k-- > t.child_begin_[c];) {
      const uint32_t child = t.child_list_[k];
      t.depth_[child] = t.depth_[c] + 1;
      stack.push_back(child);
    }
  }
  if (preorder.size() != n) {
    std::vector<bool> reached(n, false);
    for (uint32_t c : preorder) reached[c] = true;
    for (size_t i = 0; i < n; ++i) {
      if (!reached[i]) {
        return TreeError(CommissionPath(i, "parent"),
                         "commission " + def.commissions[i].id +
                             " is not under the CEC: its chain of parents runs in a cycle");
      }
    }
  }

  // Stations, grouped by commission.
  t.station_index_.reserve(stations);
  std::vector<uint32_t> station_commission(stations);
  std::vector<uint32_t> per_commission(n + 1, 0);
  t.station_of_.assign(n, kNoStation);
  for (size_t s = 0; s < stations; ++s) {
    const PollingStation& ps = def.polling_stations[s];
    auto [it, inserted] = t.station_index_.emplace(ps.id, static_cast<uint32_t>(s));
    if (!inserted) {
      return TreeError(StationPath(s, "id"), "polling station id \"" + ps.id +
                                                 "\" is also used at /polling_stations/" +
                                                 std::to_string(it->second));
    }
    const size_t c = t.FindCommission(ps.commission);
    if (c == kNone) {
      return TreeError(StationPath(s, "commission"), "polling station " + ps.id +
                                                         " names an unknown commission \"" +
                                                         ps.commission + "\"");
    }
    station_commission[s] = static_cast<uint32_t>(c);
    ++per_commission[c];
    if (t.station_of_[c] == kNoStation) t.station_of_[c] = static_cast<uint32_t>(s);
  }
  std::vector<uint32_t> own_begin(n + 1, 0);
  for (size_t i = 0; i < n; ++i) own_begin[i + 1] = own_begin[i] + per_commission[i];
  std::vector<uint32_t> own(stations);
  {
    std::vector<uint32_t> fill(own_begin.begin(), own_begin.end() - 1);
    for (size_t s = 0; s < stations; ++s) own[fill[station_commission[s]]++] = static_cast<uint32_t>(s);
  }

  // A subtree is a contiguous run of the preorder, so its stations are a contiguous run too.
  t.station_order_.reserve(stations);
  t.station_begin_.assign(n, 0);
  for (uint32_t c : preorder) {
    t.station_begin_[c] = static_cast<uint32_t>(t.station_order_.size());
    for (uint32_t k = own_begin[c]; k < own_begin[c + 1]; ++k) t.station_order_.push_back(own[k]);
  }
  t.station_end_.assign(n, 0);
  for (size_t k = preorder.size(); k-- > 0;) {
    const uint32_t c = preorder[k];
    uint32_t end = t.station_begin_[c] + per_commission[c];
    for (uint32_t j = t.child_begin_[c]; j < t.child_begin_[c + 1]; ++j) {
      end = std::max(end, t.station_end_[t.child_list_[j]]);
    }
    t.station_end_[c] = end;
  }
  return t;
}

size_t CommissionTree::FindCommission(std::string_view id) const {
  auto it = commission_index_.find(id);
  return it == commission_index_.end() ? kNone : it->second;
}

size_t CommissionTree::FindStation(std::string_view id) const {
  auto it = station_index_.find(id);
  return it == station_index_.end() ? kNone : it->second;
}

std::span<const uint32_t> CommissionTree::children(size_t commission) const {
  return {child_list_.data() + child_begin_[commission],
          child_list_.data() + child_begin_[commission + 1]};
}

size_t CommissionTree::StationOf(size_t commission) const {
  return station_of_[commission] == kNoStation ? kNone : station_of_[commission];
}

std::span<const uint32_t> CommissionTree::StationsUnder(size_t commission) const {
  return {station_order_.data() + station_begin_[commission],
          station_order_.data() + station_end_[commission]};
}

std::vector<size_t> CommissionTree::Ancestors(size_t commission) const {
  std::vector<size_t> out;
  out.reserve(depth_[commission]);
  for (size_t p = parent_[commission]; p != kNone; p = parent_[p]) out.push_back(p);
  return out;
}

bool CommissionTree::IsAncestor(size_t ancestor, size_t commission) const {
  if (depth_[ancestor] >= depth_[commission]) return false;
  size_t c = commission;
  while (depth_[c] > depth_[ancestor]) c = parent_[c];
  return c == ancestor;
}

}  // namespace ashyq
