// Turnout reports (R-C5): a polling station's turnout at each reporting time on election day,
// signed with the precinct commission's own key and published the moment it arrives, so that
// the day's figures can be compared with the night's count. Format: docs/formats.md,
// "Turnout report (ashyq/turnout-report/1)".
//
//   {"format": "ashyq/turnout-report/1", "election_id": "kz2007-majilis",
//    "definition_digest": "<64 hex>", "station": "ps-akmola-0175",
//    "commission": "pec-akmola-0175", "time": "12:00", "revision": 1,
//    "registered_voters": 1520, "voters": 431}
//
// A report is never edited: a corrected figure is a new report for the same station and time
// with revision + 1, and every revision is kept and published.
//
//   Result<crypto::SignedObject> signed_report = SignTurnoutReport(report, pec_key);
//   Result<TurnoutReport> verified = VerifyTurnoutReport(*signed_report, context);
//
// Rules named in errors:
//   R-C5.signer      not signed exactly once, by the station's PEC, with the commission key
//                    the definition lists
//   R-C5.definition  another election id or definition digest than the published definition's
//   R-C5.station     the station is not in the definition, or its commission is not that PEC
//   R-C5.time        the time is not one of the reporting times (kTurnoutReportTimes)
//   R-C5.voters      more voters than registered voters
//   R-C5.register    fewer registered voters than the definition lists for the station (voters
//                    are only added to the list on the day, R-B2)
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"

namespace ashyq::protocol {

inline constexpr std::string_view kTurnoutReportFormat = "ashyq/turnout-report/1";

// Local times at which every station reports, in order.
inline constexpr std::array<std::string_view, 5> kTurnoutReportTimes = {"10:00", "12:00", "14:00", "16:00",
                                                                        "18:00"};

struct TurnoutReport {
  std::string election_id;
  std::string definition_digest;  // hex digest of the signed definition
  std::string station;            // polling station id
  std::string commission;         // its PEC id
  std::string time;               // reporting time "HH:MM", one of kTurnoutReportTimes
  int64_t revision = 1;           // 1 for the first report at that time
  int64_t registered_voters = 0;  // on the list at that time
  int64_t voters = 0;             // who have received a ballot (paper or electronic) so far
  friend bool operator==(const TurnoutReport&, const TurnoutReport&) = default;
};

// The store subject of a report: "<station>@<time>" (its version is the revision).
std::string TurnoutReportSubject(const TurnoutReport& report);

// Reads a report payload strictly: every field required, unknown fields and nulls refused,
// empty ids, a digest that is not 64 lowercase hex digits, a time that is not "HH:MM",
// revision < 1 and negative figures are problems (kBadInput, `where` = JSON Pointer). If
// doc["format"] is not kTurnoutReportFormat, appends one problem and returns an empty report.
// Whether the time is a reporting time, and voters <= registered, are rules (verification).
TurnoutReport TurnoutReportFromJson(const json::Value& doc, std::vector<Error>* problems);

// The inverse: TurnoutReportFromJson(TurnoutReportToJson(r)) == r for every r it can produce.
json::Value TurnoutReportToJson(const TurnoutReport& report);

// Signs `report` as its commission (signer id = report.commission) with `pec_key`. Refuses a
// report that would not read back (kBadInput), a time that is not a reporting time
// (R-C5.time) and more voters than registered (R-C5.voters), kCheckFailed. Whether the key is
// the definition's for that commission is for the verifier to say.
Result<crypto::SignedObject> SignTurnoutReport(const TurnoutReport& report, const crypto::SigningKey& pec_key);

// Accepts a published report: one signature, by the commission of the station the payload
// names, verifying against that commission's key in the definition (never the envelope's):
// kBadSignature when it does not, before anything else; the payload reads as a report
// (kBadInput under "/payload"); then R-C5.signer, .definition, .station, .time, .voters,
// .register as above (kCheckFailed, `where` under "/payload" or "/signatures"). Thread-safe.
Result<TurnoutReport> VerifyTurnoutReport(const crypto::SignedObject& object, const ProtocolContext& context);

// VerifyTurnoutReport for a payload already read as `read` by a reader that accepts only payloads
// TurnoutReportFromJson reads without problems, to the same value (the verifier's DOM-free leaf
// reader); `entries` are the object's signatures, `verifies(i)` whether entry i verifies against
// the key it names. Same checks, order and errors; OK when VerifyTurnoutReport would return `read`.
Status VerifyReadTurnoutReport(const TurnoutReport& read, std::span<const crypto::SignatureEntry> entries,
                               const std::function<bool(size_t)>& verifies, const ProtocolContext& context);

}  // namespace ashyq::protocol
