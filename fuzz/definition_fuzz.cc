// Arbitrary bytes -> JSON -> election definition -> rules and commission tree. Nothing may
// crash, hang or read out of bounds, whatever the document says.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/commission_tree.h"
#include "core/definition_check.h"
#include "core/definition_json.h"
#include "core/definition_summary.h"
#include "core/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ashyq::json::ParseOptions options;
  options.max_bytes = size_t{64} << 10;
  ashyq::Result<ashyq::json::Value> doc =
      ashyq::json::Parse(std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (!doc.ok()) return 0;
  std::vector<ashyq::Error> problems;
  ashyq::ElectionDefinition def = ashyq::DefinitionFromJson(*doc, &problems);
  if (!problems.empty()) return 0;
  // What was read must write back to the same document.
  if (!(ashyq::DefinitionToJson(def) == *doc)) {
    std::vector<ashyq::Error> again;
    if (!(ashyq::DefinitionFromJson(ashyq::DefinitionToJson(def), &again) == def)) __builtin_trap();
  }
  ashyq::DefinitionReport report = ashyq::CheckDefinition(def);
  (void)report;
  ashyq::Result<ashyq::CommissionTree> tree = ashyq::CommissionTree::Build(def);
  if (tree.ok()) {
    size_t stations = 0;
    for (size_t c = 0; c < def.commissions.size(); ++c) {
      (void)tree->Ancestors(c);
      (void)tree->children(c);
      if (tree->StationOf(c) != ashyq::CommissionTree::kNone) ++stations;
    }
    if (tree->StationsUnder(tree->root()).size() != def.polling_stations.size()) __builtin_trap();
    (void)stations;
  }
  (void)ashyq::Summarize(def);
  (void)ashyq::ComposeReport(def);
  return 0;
}
