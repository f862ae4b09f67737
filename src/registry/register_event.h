// Every change of the voter register is an event, signed by the commission that keeps the
// register, in the envelope every signed Ashyq object travels in (crypto/signed_object.h):
//
//   {"format": "ashyq/register-event/1",
//    "election": "kz2019-presidential", "sequence": 2, "previous": "<hex digest of event 1>",
//    "time": "2019-05-20T09:14:03Z", "kind": "add",
//    "voter": {"national_id": "870214450016", "surname": ..., "birth_date": "1987-02-14", ...},
//    "station": "ps-almaty-city-0406", "reason": "moved-in", "proof": "ЦОН 2019-05-20 №4411"}
//
// kinds: "import" (a whole civil-register extract: the SHA-256 of the extract and of the
// boundaries file, rows, voters and voters per station), "add" (one person, with the station
// their address gives; "election_day": true when a station made it on the day, R-B2), "remove"
// (one national id), "move" (one national id onto a special station's list: hospital, military
// unit, abroad, or a temporary registration), "avc-print" (a range of absentee-certificate
// serials printed centrally for one administrative unit, R-B3), "avc-issue" (a serial written
// on a voter's entry), "avc-use" (a serial handed in at a station), "mobile-request" (a voter's
// request for the mobile box, with the two PEC members who take it, R-B4), "mobile-depart" (the
// station's mobile box has left: no request after it). An add, remove or
// move carries a reason and a proof reference (the document that justifies it). Events form a chain: sequence 1, 2, ...
// with no gap, each naming the digest of the one before (64 zeros for the first), so a removed
// or reordered event breaks the chain at a named place. docs/formats.md is the reference.
//
// The events hold national ids: they are the commission's own log, replayed to rebuild the
// register, and are not published; what is published is derived from them (the lists, counts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "registry/voter_register.h"

namespace ashyq::registry {

inline constexpr std::string_view kRegisterEventFormat = "ashyq/register-event/1";

enum class RegisterEventKind {
  kImport, kAdd, kRemove, kMove, kAvcPrint, kAvcIssue, kAvcUse, kMobileRequest, kMobileDepart
};
// "import", "add", "remove", "move", "avc-print", "avc-issue", "avc-use", "mobile-request",
// "mobile-depart"
std::string_view RegisterEventKindName(RegisterEventKind kind);

// A person as an event carries them (owned text; dates as YYYYMMDD).
struct PersonRecord {
  NationalId national_id = 0;
  std::string surname, given_name, patronymic;
  int32_t birth_date = 0;
  std::string region, settlement, street, house, apartment;

  static PersonRecord Of(const Voter& v);
  Voter AsVoter() const;  // views into this record
};

struct StationVoters {
  std::string station;  // polling station id
  int64_t voters = 0;
};

struct RegisterEvent {
  std::string election;  // the definition's election_id
  int64_t sequence = 1;
  std::string previous;  // hex digest of event sequence-1's payload; 64 zeros for the first
  std::string time;      // UTC, "YYYY-MM-DDTHH:MM:SSZ"
  RegisterEventKind kind = RegisterEventKind::kImport;

  // kImport
  std::string extract_sha256, boundaries_sha256;
  int64_t extract_rows = 0;
  int64_t voters = 0;
  std::vector<StationVoters> stations;  // every station, in definition order

  // kAdd (person, station), kRemove (person.national_id only); the other kinds below name the
  // voter by person.national_id only.
  PersonRecord person;
  std::string station;  // kAdd, kMove (the special station), kAvcUse, kMobileRequest, kMobileDepart
  std::string reason;  // a word: "moved-in", "came-of-age", "deceased", "moved-out", "court-order", ...
  std::string proof;   // the document's reference
  bool election_day = false;  // kAdd made at the station on election day

  // kAvcPrint: serials first_serial .. first_serial + count - 1 for `unit` (a region id).
  std::string unit;
  int64_t first_serial = 0, count = 0;
  // kAvcIssue, kAvcUse
  int64_t serial = 0;
  // kMobileRequest: the two PEC members who take the box (reason: "homebound", "ill", ...)
  std::vector<std::string> members;
};

inline const std::string kNoPreviousEvent(64, '0');

json::Value RegisterEventToJson(const RegisterEvent& event);
// Reads and checks a payload; every problem named by its JSON Pointer.
Result<RegisterEvent> RegisterEventFromJson(const json::Value& payload);

// The import event of a register just compiled.
RegisterEvent MakeImportEvent(const VoterRegister& reg, const ElectionDefinition& definition,
                              std::string_view extract_csv, std::string_view boundaries_csv, std::string time);

Result<crypto::SignedObject> SignRegisterEvent(const RegisterEvent& event, const std::string& signer,
                                               const crypto::SigningKey& key);

// Checks a log of events in order: each one's format and fields, sequence 1..n, each `previous`
// the digest of the one before, one election, and a valid signature by `signer` with `key`.
// The error names the event ("event 7") and what is wrong.
Result<std::vector<RegisterEvent>> CheckRegisterEventChain(const std::vector<crypto::SignedObject>& events,
                                                           const std::string& signer,
                                                           const crypto::PublicKey& key);

}  // namespace ashyq::registry
