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

// Position in the definition by id.
using IdIndex = std::unordered_map<std::string_view, uint32_t>;

// Items grouped by a key as compressed rows: the items of group g are
// items[begin[g] .. begin[g + 1]), in item order. An item whose key is `none` is in no group.
struct GroupedRows {
  std::vector<uint32_t> begin;
  std::vector<uint32_t> items;
};

template <typename Key>
GroupedRows GroupInOrder(const std::vector<Key>& key_of, size_t groups, Key none) {
  std::vector<uint32_t> count(groups + 1, 0);
  for (Key key : key_of) {
    if (key != none) ++count[key];
  }
  GroupedRows rows;
  rows.begin.assign(groups + 1, 0);
  for (size_t g = 0; g < groups; ++g) rows.begin[g + 1] = rows.begin[g] + count[g];
  rows.items.assign(rows.begin[groups], 0);
  std::vector<uint32_t> fill(rows.begin.begin(), rows.begin.end() - 1);
  for (size_t i = 0; i < key_of.size(); ++i) {
    if (key_of[i] != none) rows.items[fill[key_of[i]]++] = static_cast<uint32_t>(i);
  }
  return rows;
}

size_t IndexOf(const IdIndex& index, std::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? CommissionTree::kNone : it->second;
}

Status IndexCommissions(const ElectionDefinition& def, IdIndex* index) {
  index->reserve(def.commissions.size());
  for (size_t i = 0; i < def.commissions.size(); ++i) {
    auto [it, inserted] = index->emplace(def.commissions[i].id, static_cast<uint32_t>(i));
    if (!inserted) {
      return TreeError(CommissionPath(i, "id"), "commission id \"" + def.commissions[i].id +
                                                    "\" is also used at /commissions/" +
                                                    std::to_string(it->second));
    }
  }
  return Status();
}

// Each commission's parent (kNone for the CEC), and the one commission without a parent.
Status LinkParents(const ElectionDefinition& def, const IdIndex& index, std::vector<size_t>* parent,
                   size_t* root) {
  const size_t n = def.commissions.size();
  parent->assign(n, CommissionTree::kNone);
  for (size_t i = 0; i < n; ++i) {
    const Commission& c = def.commissions[i];
    if (c.parent.empty()) {
      if (*root != CommissionTree::kNone) {
        return TreeError(CommissionPath(i, "parent"),
                         "commission " + c.id + " has no parent, but neither has " +
                             def.commissions[*root].id + " (/commissions/" + std::to_string(*root) +
                             "); only the CEC may be the root");
      }
      *root = i;
      continue;
    }
    const size_t p = IndexOf(index, c.parent);
    if (p == CommissionTree::kNone) {
      return TreeError(CommissionPath(i, "parent"),
                       "commission " + c.id + " names an unknown parent \"" + c.parent + "\"");
    }
    (*parent)[i] = p;
  }
  if (*root == CommissionTree::kNone) {
    return TreeError("/commissions", n == 0 ? "there are no commissions"
                                            : "every commission has a parent: there is no CEC");
  }
  return Status();
}

// Depth-first preorder from the CEC, with each commission's depth; whatever it does not reach
// hangs off a cycle.
Result<std::vector<uint32_t>> WalkFromCec(const ElectionDefinition& def, size_t root, const GroupedRows& children,
                                          std::vector<uint32_t>* depth) {
  const size_t n = def.commissions.size();
  std::vector<uint32_t> preorder;
  preorder.reserve(n);
  depth->assign(n, 0);
  std::vector<uint32_t> stack = {static_cast<uint32_t>(root)};
  while (!stack.empty()) {
    const uint32_t c = stack.back();
    stack.pop_back();
    preorder.push_back(c);
    for (uint32_t k = children.begin[c + 1]; k-- > children.begin[c];) {
      const uint32_t child = children.items[k];
      (*depth)[child] = (*depth)[c] + 1;
      stack.push_back(child);
    }
  }
  if (preorder.size() == n) return preorder;
  std::vector<bool> reached(n, false);
  for (uint32_t c : preorder) reached[c] = true;
  size_t first = 0;
  while (reached[first]) ++first;
  return TreeError(CommissionPath(first, "parent"),
                   "commission " + def.commissions[first].id +
                       " is not under the CEC: its chain of parents runs in a cycle");
}

// Each station's commission, and each commission's first station (kNoStation if none).
Status IndexStations(const ElectionDefinition& def, const IdIndex& commissions,
                     IdIndex* index,
                     std::vector<uint32_t>* station_commission, std::vector<uint32_t>* station_of) {
  const size_t stations = def.polling_stations.size();
  index->reserve(stations);
  station_commission->assign(stations, 0);
  station_of->assign(def.commissions.size(), kNoStation);
  for (size_t s = 0; s < stations; ++s) {
    const PollingStation& ps = def.polling_stations[s];
    auto [it, inserted] = index->emplace(ps.id, static_cast<uint32_t>(s));
    if (!inserted) {
      return TreeError(StationPath(s, "id"), "polling station id \"" + ps.id +
                                                 "\" is also used at /polling_stations/" +
                                                 std::to_string(it->second));
    }
    const size_t c = IndexOf(commissions, ps.commission);
    if (c == CommissionTree::kNone) {
      return TreeError(StationPath(s, "commission"), "polling station " + ps.id +
                                                         " names an unknown commission \"" +
                                                         ps.commission + "\"");
    }
    (*station_commission)[s] = static_cast<uint32_t>(c);
    if ((*station_of)[c] == kNoStation) (*station_of)[c] = static_cast<uint32_t>(s);
  }
  return Status();
}

// A subtree is a contiguous run of the preorder, so its stations are a contiguous run too:
// stations in preorder of their commissions, and each commission's run [begin, end).
void OrderStationsBySubtree(const std::vector<uint32_t>& preorder, const GroupedRows& own,
                            const std::vector<uint32_t>& child_begin, const std::vector<uint32_t>& child_list,
                            std::vector<uint32_t>* order, std::vector<uint32_t>* begin,
                            std::vector<uint32_t>* end) {
  const size_t n = child_begin.size() - 1;
  order->reserve(own.items.size());
  begin->assign(n, 0);
  for (uint32_t c : preorder) {
    (*begin)[c] = static_cast<uint32_t>(order->size());
    for (uint32_t k = own.begin[c]; k < own.begin[c + 1]; ++k) order->push_back(own.items[k]);
  }
  end->assign(n, 0);
  for (size_t k = preorder.size(); k-- > 0;) {
    const uint32_t c = preorder[k];
    uint32_t last = (*begin)[c] + (own.begin[c + 1] - own.begin[c]);
    for (uint32_t j = child_begin[c]; j < child_begin[c + 1]; ++j) last = std::max(last, (*end)[child_list[j]]);
    (*end)[c] = last;
  }
}

}  // namespace

Result<CommissionTree> CommissionTree::Build(const ElectionDefinition& def) {
  CommissionTree t(def);
  const size_t n = def.commissions.size();
  if (n >= kNoStation || def.polling_stations.size() >= kNoStation) {
    return Error{ErrorCode::kTooLarge, "", "", "too many commissions or polling stations"};
  }
  ASHYQ_RETURN_IF_ERROR(IndexCommissions(def, &t.commission_index_));
  ASHYQ_RETURN_IF_ERROR(LinkParents(def, t.commission_index_, &t.parent_, &t.root_));
  GroupedRows children = GroupInOrder(t.parent_, n, kNone);  // in definition order
  ASHYQ_ASSIGN_OR_RETURN(const std::vector<uint32_t> preorder, WalkFromCec(def, t.root_, children, &t.depth_));
  t.child_begin_ = std::move(children.begin);
  t.child_list_ = std::move(children.items);

  std::vector<uint32_t> station_commission;
  ASHYQ_RETURN_IF_ERROR(
      IndexStations(def, t.commission_index_, &t.station_index_, &station_commission, &t.station_of_));
  OrderStationsBySubtree(preorder, GroupInOrder(station_commission, n, kNoStation), t.child_begin_, t.child_list_,
                         &t.station_order_, &t.station_begin_, &t.station_end_);
  return t;
}

size_t CommissionTree::FindCommission(std::string_view id) const { return IndexOf(commission_index_, id); }

size_t CommissionTree::FindStation(std::string_view id) const { return IndexOf(station_index_, id); }

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
