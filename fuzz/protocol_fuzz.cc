// Arbitrary bytes -> JSON -> precinct protocol -> JSON. Whatever is read cleanly must write
// back to the same document and read back to the same protocol (one protocol, one document:
// what members sign is what observers read). Reconciliation and the R-D4 check run on every
// protocol read, against a small fixed definition; nothing may crash, hang or overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/json.h"
#include "protocol/protocol_json.h"
#include "protocol/reconciliation.h"

namespace {

using ashyq::Commission;
using ashyq::CommissionTier;
using ashyq::ElectionDefinition;

// CEC -> TEC -> two PECs, an e-voting station and a paper one, a national and a local contest.
const ElectionDefinition& Definition() {
  static const ElectionDefinition def = [] {
    ElectionDefinition d;
    d.election_id = "fuzz-2007";
    d.tiers = 3;
    auto commission = [](const char* id, CommissionTier tier, const char* parent) {
      Commission c;
      c.id = id;
      c.tier = tier;
      c.parent = parent;
      c.region = tier == CommissionTier::kCentral ? "" : "north";
      return c;
    };
    d.commissions = {commission("cec", CommissionTier::kCentral, ""),
                     commission("tec-1", CommissionTier::kTerritorial, "cec"),
                     commission("pec-1", CommissionTier::kPrecinct, "tec-1"),
                     commission("pec-2", CommissionTier::kPrecinct, "tec-1")};
    d.polling_stations = {{"ps-1", 1, "pec-1", "north", {"1", "1", "1"}, ashyq::Locality::kUrban, 1500, true},
                          {"ps-2", 2, "pec-2", "north", {"2", "2", "2"}, ashyq::Locality::kRural, 800, false}};
    ashyq::Contest national;
    national.id = "majilis";
    national.scope = "cec";
    for (const char* id : {"a", "b", "c"}) national.choices.push_back({id, {}, "", {}});
    national.ballot_order.order = {"b", "c", "a"};
    ashyq::Contest local = national;
    local.id = "council";
    local.scope = "pec-2";
    local.ballot_order.order.clear();  // falls back to definition order
    d.contests = {national, local};
    return d;
  }();
  return def;
}

const ashyq::CommissionTree& Tree() {
  static const ashyq::CommissionTree tree = [] {
    ashyq::Result<ashyq::CommissionTree> built = ashyq::CommissionTree::Build(Definition());
    if (!built.ok()) __builtin_trap();
    return std::move(built).value();
  }();
  return tree;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ashyq::json::ParseOptions options;
  options.max_bytes = size_t{64} << 10;
  ashyq::Result<ashyq::json::Value> doc =
      ashyq::json::Parse(std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (!doc.ok()) return 0;
  std::vector<ashyq::Error> problems;
  const ashyq::protocol::PrecinctProtocol protocol = ashyq::protocol::ProtocolFromJson(*doc, &problems);
  for (const ashyq::Error& e : problems) {
    if (e.code != ashyq::ErrorCode::kBadInput) __builtin_trap();
  }
  if (!problems.empty()) return 0;

  const ashyq::json::Value written = ashyq::protocol::ProtocolToJson(protocol);
  if (!(written == *doc)) __builtin_trap();
  if (ashyq::json::Canonicalize(written) != ashyq::json::Canonicalize(*doc)) __builtin_trap();
  std::vector<ashyq::Error> again;
  if (!(ashyq::protocol::ProtocolFromJson(written, &again) == protocol) || !again.empty()) {
    __builtin_trap();
  }

  for (const ashyq::Error& e : ashyq::protocol::Reconcile(protocol, Definition(), Tree())) {
    if (e.code != ashyq::ErrorCode::kCheckFailed || e.rule.empty() || e.where.empty()) __builtin_trap();
  }
  (void)ashyq::protocol::CheckCountingProcedure(protocol);
  return 0;
}
