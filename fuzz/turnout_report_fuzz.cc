// Arbitrary bytes -> JSON -> turnout report -> JSON. Whatever reads cleanly must write back to the
// same document and read back to the same report (one report, one document). Every payload that
// parses as JSON is then signed with the PEC's key of a small fixed definition and verified:
// each outcome is either the report itself or an error of the documented kinds with a rule
// (R-C5.*) or a JSON Pointer under /payload. Nothing may crash, hang or overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/commission_tree.h"
#include "core/election_definition.h"
#include "core/json.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"
#include "protocol/turnout_report.h"

namespace {

using ashyq::Commission;
using ashyq::CommissionTier;
using ashyq::ElectionDefinition;

const ashyq::crypto::SigningKey& PecKey() {
  static const ashyq::crypto::SigningKey key = [] {
    ashyq::crypto::KeySeed seed;
    seed.bytes.fill(0x42);
    return ashyq::crypto::SigningKey::FromSeed(seed);
  }();
  return key;
}

// CEC -> TEC -> one PEC with station ps-1 (1,500 voters), whose commission key is PecKey().
struct Election {
  ElectionDefinition def;
  ashyq::CommissionTree* tree = nullptr;
  ashyq::protocol::ProtocolContext context;
};

const Election& TheElection() {
  static const Election* e = [] {
    auto* out = new Election;
    ElectionDefinition& d = out->def;
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
                     commission("pec-1", CommissionTier::kPrecinct, "tec-1")};
    d.commissions[2].public_key = PecKey().public_key().Hex();
    d.polling_stations = {{"ps-1", 1, "pec-1", "north", {"1", "1", "1"}, ashyq::Locality::kUrban, 1500, false}};
    ashyq::Result<ashyq::CommissionTree> tree = ashyq::CommissionTree::Build(d);
    if (!tree.ok()) __builtin_trap();
    out->tree = new ashyq::CommissionTree(std::move(tree).value());
    ashyq::Result<ashyq::protocol::ProtocolContext> context =
        ashyq::protocol::ProtocolContext::Build(d, *out->tree, std::string(64, 'a'));
    if (!context.ok()) __builtin_trap();
    out->context = std::move(context).value();
    return out;
  }();
  return *e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!ashyq::crypto::Initialize().ok()) __builtin_trap();
  ashyq::json::ParseOptions options;
  options.max_bytes = size_t{16} << 10;
  ashyq::Result<ashyq::json::Value> doc =
      ashyq::json::Parse(std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (!doc.ok()) return 0;

  std::vector<ashyq::Error> problems;
  const ashyq::protocol::TurnoutReport report = ashyq::protocol::TurnoutReportFromJson(*doc, &problems);
  for (const ashyq::Error& e : problems) {
    if (e.code != ashyq::ErrorCode::kBadInput) __builtin_trap();
  }
  if (problems.empty()) {
    const ashyq::json::Value written = ashyq::protocol::TurnoutReportToJson(report);
    if (!(written == *doc)) __builtin_trap();
    std::vector<ashyq::Error> again;
    if (!(ashyq::protocol::TurnoutReportFromJson(written, &again) == report) || !again.empty()) __builtin_trap();
  }

  // Whatever it is, signed by pec-1 and verified.
  if (!doc->is_object()) return 0;
  const ashyq::json::Value* format = doc->Find("format");
  if (format == nullptr || !format->is_string()) return 0;
  ashyq::Result<ashyq::crypto::SignedObject> object = ashyq::crypto::SignedObject::Create(*doc);
  if (!object.ok()) return 0;
  if (!object->AddSignature("pec-1", PecKey()).ok()) __builtin_trap();
  ashyq::Result<ashyq::protocol::TurnoutReport> verified =
      ashyq::protocol::VerifyTurnoutReport(*object, TheElection().context);
  if (verified.ok()) {
    if (!problems.empty() || !(*verified == report)) __builtin_trap();
    if (verified->voters > verified->registered_voters || verified->station != "ps-1") __builtin_trap();
  } else {
    const ashyq::Error& e = verified.error();
    if (e.code == ashyq::ErrorCode::kCheckFailed && !e.rule.starts_with("R-C5.")) __builtin_trap();
    if (e.code == ashyq::ErrorCode::kBadInput && !e.where.starts_with("/payload")) __builtin_trap();
    if (e.code == ashyq::ErrorCode::kBadSignature || e.code == ashyq::ErrorCode::kInternal) __builtin_trap();
  }
  return 0;
}
