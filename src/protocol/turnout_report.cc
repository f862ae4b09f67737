#include "protocol/turnout_report.h"

#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <utility>

#include "core/json_reader.h"
#include "protocol/protocol_json.h"
#include "protocol/reconciliation.h"

namespace ashyq::protocol {
namespace {

using json::ObjectReader;
using json::Value;

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// An id from a document, cut short so a hostile document cannot make messages arbitrarily long.
std::string Id(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

std::string ShortHex(std::string_view hex) { return std::string(hex.substr(0, 16)) + std::string(kEllipsis); }

bool IsReportingTime(std::string_view time) {
  return std::find(kTurnoutReportTimes.begin(), kTurnoutReportTimes.end(), time) != kTurnoutReportTimes.end();
}

std::string ReportingTimes() {
  std::string out;
  for (std::string_view t : kTurnoutReportTimes) {
    if (!out.empty()) out += ", ";
    out += t;
  }
  return out;
}

// The rules a report must keep on its own, whoever checks it (signer or verifier).
Status CheckFigures(const TurnoutReport& r) {
  if (!IsReportingTime(r.time)) {
    return CheckFailed("/time", "R-C5.time",
                       "station " + Id(r.station) + " reports at " + Id(r.time) +
                           ", which is not a reporting time (" + ReportingTimes() + ")");
  }
  if (r.voters > r.registered_voters) {
    return CheckFailed("/voters", "R-C5.voters",
                       "station " + Id(r.station) + " at " + r.time + ": " + FormatCount(r.voters) +
                           " voters but only " + FormatCount(r.registered_voters) + " registered");
  }
  return Status();
}

Error InPayload(Error e) {
  e.where = "/payload" + e.where;
  return e;
}

}  // namespace

std::string TurnoutReportSubject(const TurnoutReport& report) { return report.station + "@" + report.time; }

TurnoutReport TurnoutReportFromJson(const json::Value& doc, std::vector<Error>* problems) {
  TurnoutReport r;
  if (!json::RequireFormat(doc, kTurnoutReportFormat, "a turnout report", problems)) return r;
  ObjectReader reader(doc, "", problems);
  reader.String("format");
  r.election_id = reader.NonEmptyString("election_id");
  r.definition_digest = reader.DigestHex("definition_digest");
  r.station = reader.NonEmptyString("station");
  r.commission = reader.NonEmptyString("commission");
  const size_t before_time = problems->size();
  r.time = reader.String("time");
  if (problems->size() == before_time && MinutesOfDay(r.time) < 0) {
    reader.Fail("time", "expected a local time \"HH:MM\" (00:00 to 23:59)");
  }
  r.revision = reader.Int("revision", 1, json::kMaxSafeInteger);
  r.registered_voters = reader.Int("registered_voters", 0, json::kMaxSafeInteger);
  r.voters = reader.Int("voters", 0, json::kMaxSafeInteger);
  reader.RejectUnknown();
  return r;
}

json::Value TurnoutReportToJson(const TurnoutReport& r) {
  Value v = Value::Object();
  v.Set("format", Value(kTurnoutReportFormat));
  v.Set("election_id", Value(r.election_id));
  v.Set("definition_digest", Value(r.definition_digest));
  v.Set("station", Value(r.station));
  v.Set("commission", Value(r.commission));
  v.Set("time", Value(r.time));
  v.Set("revision", Value(r.revision));
  v.Set("registered_voters", Value(r.registered_voters));
  v.Set("voters", Value(r.voters));
  return v;
}

Result<crypto::SignedObject> SignTurnoutReport(const TurnoutReport& report, const crypto::SigningKey& pec_key) {
  json::Value payload = TurnoutReportToJson(report);
  std::vector<Error> problems;
  const bool same = TurnoutReportFromJson(payload, &problems) == report;
  if (!problems.empty() || !same) {
    Error e = problems.empty() ? BadInput("", "the report does not survive its JSON form unchanged") : problems.front();
    e.message = "refusing to sign a turnout report that would not read back: " + e.message;
    return e;
  }
  if (Status s = CheckFigures(report); !s.ok()) {
    Error e = s.error();
    e.message = "refusing to sign: " + e.message;
    return e;
  }
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, crypto::SignedObject::Create(std::move(payload)));
  ASHYQ_RETURN_IF_ERROR(object.AddSignature(report.commission, pec_key));
  return object;
}

namespace {

Status CheckContext(const ProtocolContext& context) {
  if (context.definition == nullptr || context.tree == nullptr) {
    return Error{ErrorCode::kInternal, "", "", "protocol context without a definition; build it with ProtocolContext::Build"};
  }
  return Status();
}

// VerifyTurnoutReport's first step: one signature, by a commission of the definition, with its key.
Status CheckReportSigner(std::span<const crypto::SignatureEntry> entries, const std::function<bool(size_t)>& verifies,
                         const ProtocolContext& context) {
  const CommissionTree& tree = *context.tree;

  // The signature first, against the definition's key of the commission it names: a payload
  // that is not what was signed is reported as such, whatever else is wrong with it.
  if (entries.size() != 1) {
    return Error{entries.empty() ? ErrorCode::kBadSignature : ErrorCode::kCheckFailed, "/signatures", "R-C5.signer",
                 "a turnout report carries exactly one signature, its commission's; found " +
                     std::to_string(entries.size())};
  }
  const crypto::SignatureEntry& entry = entries.front();
  const size_t signer = tree.FindCommission(entry.signer);
  if (signer == CommissionTree::kNone) {
    return CheckFailed("/signatures/0/signer", "R-C5.signer",
                       "signer " + Id(entry.signer) + " is not a commission of the election");
  }
  Result<crypto::PublicKey> key = crypto::PublicKey::FromHex(tree.commission(signer).public_key);
  if (!key.ok()) {
    return CheckFailed("/signatures/0/signer", "R-C5.signer",
                       "the definition lists no valid key for commission " + Id(entry.signer));
  }
  if (entry.public_key != *key) {
    return Error{ErrorCode::kBadSignature, "/signatures/0/public_key", "R-C5.signer",
                 Id(entry.signer) + " signed with key " + ShortHex(entry.public_key.Hex()) +
                     " but the definition lists " + ShortHex(key->Hex())};
  }
  if (!verifies(0)) {  // entry.public_key is *key
    return Error{ErrorCode::kBadSignature, "/signatures/0/signature", "",
                 "signature of " + Id(entry.signer) + " on a turnout report does not verify: the payload is not "
                 "what was signed"};
  }
  return Status();
}

// VerifyTurnoutReport's steps after the payload reads as `report`.
Status CheckReadReport(const TurnoutReport& report, const crypto::SignatureEntry& entry,
                       const ProtocolContext& context) {
  const CommissionTree& tree = *context.tree;
  const size_t station = tree.FindStation(report.station);
  if (station == CommissionTree::kNone) {
    return CheckFailed("/payload/station", "R-C5.station",
                       "station \"" + Id(report.station) + "\" is not in the election definition");
  }
  const PollingStation& ps = tree.station(station);
  if (ps.commission != report.commission) {
    return CheckFailed("/payload/commission", "R-C5.station",
                       "station " + Id(report.station) + " belongs to " + Id(ps.commission) + ", not to " +
                           Id(report.commission));
  }
  if (entry.signer != ps.commission) {
    return CheckFailed("/signatures/0/signer", "R-C5.signer",
                       "the turnout of station " + Id(report.station) + " is signed by " + Id(entry.signer) +
                           ", not by its commission " + Id(ps.commission));
  }
  if (report.election_id != context.definition->election_id) {
    return CheckFailed("/payload/election_id", "R-C5.definition",
                       "the report is for election " + Id(report.election_id) + ", not " +
                           Id(context.definition->election_id));
  }
  if (report.definition_digest != context.definition_digest) {
    return CheckFailed("/payload/definition_digest", "R-C5.definition",
                       "the report refers to definition " + ShortHex(report.definition_digest) +
                           ", not the published definition " + ShortHex(context.definition_digest));
  }
  if (Status s = CheckFigures(report); !s.ok()) return InPayload(s.error());
  if (report.registered_voters < ps.registered_voters) {
    return CheckFailed("/payload/registered_voters", "R-C5.register",
                       "station " + Id(report.station) + " at " + report.time + ": " +
                           FormatCount(report.registered_voters) + " registered voters, fewer than the " +
                           FormatCount(ps.registered_voters) + " on the list before election day");
  }
  return Status();
}

}  // namespace

Result<TurnoutReport> VerifyTurnoutReport(const crypto::SignedObject& object, const ProtocolContext& context) {
  ASHYQ_RETURN_IF_ERROR(CheckContext(context));
  if (object.payload_format() != kTurnoutReportFormat) {
    return BadInput("/payload/format", "not a turnout report: payload format \"" + Id(object.payload_format()) +
                                           "\", expected \"" + std::string(kTurnoutReportFormat) + "\"");
  }
  ASHYQ_RETURN_IF_ERROR(CheckReportSigner(
      object.signatures(), [&object](size_t i) { return object.SignatureVerifies(i); }, context));
  std::vector<Error> problems;
  TurnoutReport report = TurnoutReportFromJson(object.payload(), &problems);
  if (!problems.empty()) {
    Error e = InPayload(problems.front());
    e.message = "the signed payload is not a well-formed turnout report: " + e.message;
    if (problems.size() > 1) e.message += " (and " + std::to_string(problems.size() - 1) + " more problems)";
    return e;
  }

  ASHYQ_RETURN_IF_ERROR(CheckReadReport(report, object.signatures().front(), context));
  return report;
}

Status VerifyReadTurnoutReport(const TurnoutReport& read, std::span<const crypto::SignatureEntry> entries,
                               const std::function<bool(size_t)>& verifies, const ProtocolContext& context) {
  ASHYQ_RETURN_IF_ERROR(CheckContext(context));
  ASHYQ_RETURN_IF_ERROR(CheckReportSigner(entries, verifies, context));
  return CheckReadReport(read, entries.front(), context);
}

}  // namespace ashyq::protocol
