#include "protocol/evidence.h"

#include <utility>
#include <vector>

#include "core/json_reader.h"
#include "core/shortened.h"
#include "protocol/protocol_json.h"

namespace ashyq::protocol {
namespace {

constexpr const char* kEvidenceRule = "R-E1.evidence";

Error NotEvidence(std::string where, std::string message) {
  return CheckFailed(std::move(where), kEvidenceRule, std::move(message));
}

}  // namespace

std::string EvidenceSubject(const Evidence& evidence) {
  return evidence.station + "#" + evidence.object.digest().Hex();
}

Status CheckAttemptedAlteration(const crypto::SignedObject& object, const Error& refusal,
                                std::string_view commission, const ProtocolContext& context, Evidence* evidence) {
  if (refusal.rule != kAlterationRule) {
    return NotEvidence("", "only a correction signed by members of a higher commission is kept as evidence; this "
                           "object was refused for " + (refusal.rule.empty() ? std::string("another reason") : refusal.rule));
  }
  std::vector<Error> problems;
  const PrecinctProtocol claimed = ProtocolFromJson(object.payload(), &problems);
  if (!problems.empty()) return problems.front().In("/payload");
  const CommissionTree& tree = *context.tree;
  const size_t station = tree.FindStation(claimed.station);
  if (station == CommissionTree::kNone || claimed.version < 2) {
    return NotEvidence("/payload", "evidence is a later version of the protocol of a station of the definition");
  }
  const size_t pec = tree.FindCommission(tree.station(station).commission);
  const size_t by = tree.FindCommission(commission);
  if (by == CommissionTree::kNone || pec == CommissionTree::kNone || !tree.IsAncestor(by, pec)) {
    return NotEvidence("", "\"" + Shortened(commission) + "\" is not a commission above station " + claimed.station);
  }
  if (object.signatures().empty()) return NotEvidence("/signatures", "the object carries no signatures");
  for (size_t i = 0; i < object.signatures().size(); ++i) {
    const crypto::SignatureEntry& entry = object.signatures()[i];
    const ProtocolContext::Member* member = context.FindMember(entry.signer);
    if (member == nullptr || member->commission != by) {
      return NotEvidence("/signatures/" + std::to_string(i) + "/signer",
                         "\"" + Shortened(entry.signer) + "\" is not a member of " + std::string(commission) +
                             ": only an attempt signed by the submitting commission's own members is kept");
    }
    if (Status ok = object.VerifySignedBy(entry.signer, member->key); !ok.ok()) {
      return NotEvidence("/signatures/" + std::to_string(i), "the signature of " + entry.signer +
                                                                  " does not verify: " + ok.error().message);
    }
  }
  if (evidence != nullptr) {
    evidence->election_id = context.definition->election_id;
    evidence->station = claimed.station;
    evidence->version = claimed.version;
    evidence->commission = std::string(commission);
    evidence->rule = std::string(kAlterationRule);
    evidence->object = object;
  }
  return Status();
}

Result<crypto::SignedObject> MakeEvidence(const Evidence& evidence) {
  json::Value payload = json::Value::Object();
  payload.Set("format", json::Value(kEvidenceFormat));
  payload.Set("election_id", json::Value(evidence.election_id));
  payload.Set("station", json::Value(evidence.station));
  payload.Set("version", json::Value(evidence.version));
  payload.Set("commission", json::Value(evidence.commission));
  payload.Set("rule", json::Value(evidence.rule));
  payload.Set("object", evidence.object.ToJson());
  return crypto::SignedObject::Create(std::move(payload));
}

Result<Evidence> EvidenceFromJson(const json::Value& payload) {
  std::vector<Error> problems;
  json::ObjectReader r(payload, "", &problems);
  Evidence out;
  const std::string format = r.String("format");
  out.election_id = r.NonEmptyString("election_id");
  out.station = r.NonEmptyString("station");
  out.version = r.Int("version", 2);
  out.commission = r.NonEmptyString("commission");
  out.rule = r.NonEmptyString("rule");
  const json::Value* object = r.Object("object");
  r.RejectUnknown();
  if (!problems.empty()) return problems.front();
  if (format != kEvidenceFormat) return BadInput("/format", "\"" + Shortened(format) + "\" is not " + std::string(kEvidenceFormat));
  Result<crypto::SignedObject> read = crypto::SignedObject::FromJson(*object);
  if (!read.ok()) return read.error().In("/object");
  out.object = std::move(read).value();
  return out;
}

Result<Evidence> VerifyEvidence(const crypto::SignedObject& leaf, const ProtocolContext& context) {
  if (!leaf.signatures().empty()) {
    return NotEvidence("/signatures", "an evidence leaf carries no signatures of its own: its object carries them");
  }
  Result<Evidence> read = EvidenceFromJson(leaf.payload());
  if (!read.ok()) return read.error().In("/payload");
  const Evidence& e = *read;
  if (e.object.payload_format() != kPrecinctProtocolFormat) {
    return NotEvidence("/payload/object", "evidence holds a precinct protocol, not \"" +
                                              Shortened(e.object.payload_format()) + "\"");
  }
  Result<PrecinctProtocol> verified = VerifyProtocol(e.object, context);
  if (verified.ok()) {
    return NotEvidence("/payload/object", "the object is a valid protocol version of station " + e.station +
                                              ": it belongs to the station's versions, not to evidence");
  }
  Evidence checked;
  if (Status s = CheckAttemptedAlteration(e.object, verified.error(), e.commission, context, &checked); !s.ok()) {
    return s.error().In("/payload/object");
  }
  if (e.election_id != checked.election_id || e.station != checked.station || e.version != checked.version ||
      e.rule != checked.rule) {
    return NotEvidence("/payload", "the evidence's election, station, version or rule is not its object's (" +
                                       checked.station + ", version " + std::to_string(checked.version) + ", " +
                                       checked.rule + ")");
  }
  return checked;
}

}  // namespace ashyq::protocol
