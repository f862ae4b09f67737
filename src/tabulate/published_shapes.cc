#include "tabulate/published_shapes.h"

#include <algorithm>
#include <vector>

namespace ashyq::tabulate {

json::Value NameJson(const LocalizedName& name) {
  json::Value v = json::Value::Object();
  v.Set("en", json::Value(name.en));
  v.Set("kk", json::Value(name.kk));
  v.Set("ru", json::Value(name.ru));
  return v;
}

json::Value PathJson(const CommissionTree& tree, size_t commission) {
  json::Value path = json::Value::Array();
  std::vector<size_t> chain = tree.Ancestors(commission);
  std::reverse(chain.begin(), chain.end());
  for (size_t c : chain) {
    json::Value entry = json::Value::Object();
    entry.Set("id", json::Value(tree.commission(c).id));
    entry.Set("tier", json::Value(TierName(tree.commission(c).tier)));
    entry.Set("name", NameJson(tree.commission(c).name));
    path.Push(std::move(entry));
  }
  return path;
}

json::Value CountSummaryJson(const protocol::ContestCount& count, bool counted) {
  json::Value s = json::Value::Object();
  s.Set("contest", json::Value(count.contest));
  s.Set("registered_voters", json::Value(count.registered_voters));
  s.Set("participants", json::Value(count.participants()));
  s.Set("valid_votes", json::Value(count.valid_votes()));
  s.Set("invalid_ballots", json::Value(count.invalid_ballots));
  json::Value votes = json::Value::Array();
  for (const auto& [choice, n] : count.votes) {
    json::Value v = json::Value::Object();
    v.Set("choice", json::Value(choice));
    v.Set("votes", json::Value(n));
    votes.Push(std::move(v));
  }
  s.Set("votes", std::move(votes));
  s.Set("counted", json::Value(counted));
  return s;
}

}  // namespace ashyq::tabulate
