#include "registry/register_event.h"

#include <cstdio>

#include "core/json_reader.h"
#include "core/utc_time.h"
#include "registry/internal/dates.h"

namespace ashyq::registry {
namespace {

std::string IsoDate(int32_t yyyymmdd) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
  return text;
}

json::Value PersonToJson(const PersonRecord& p) {
  json::Value v = json::Value::Object();
  v.Set("national_id", FormatNationalId(p.national_id));
  v.Set("surname", p.surname);
  v.Set("given_name", p.given_name);
  v.Set("patronymic", p.patronymic);
  v.Set("birth_date", IsoDate(p.birth_date));
  v.Set("region", p.region);
  v.Set("settlement", p.settlement);
  v.Set("street", p.street);
  v.Set("house", p.house);
  v.Set("apartment", p.apartment);
  return v;
}

void CheckText(json::ObjectReader& r, std::string_view key, const std::string& text, bool required) {
  if (required && text.empty()) r.Fail(key, "empty; required");
  if (std::string p = TextFieldProblem(text); !p.empty()) r.Fail(key, p);
}

PersonRecord PersonFromJson(const json::Value& value, const std::string& path, bool id_only,
                            std::vector<Error>* errors) {
  PersonRecord p;
  json::ObjectReader r(value, path, errors);
  if (!r.is_object()) return p;
  const std::string id = r.String("national_id");
  Result<NationalId> parsed = ParseNationalId(id, r.PathOf("national_id"));
  if (!parsed.ok()) {
    errors->push_back(parsed.error());
  } else {
    p.national_id = *parsed;
  }
  if (id_only) {
    r.RejectUnknown();
    return p;
  }
  p.surname = r.String("surname");
  p.given_name = r.String("given_name");
  p.patronymic = r.String("patronymic");
  const std::string birth = r.String("birth_date");
  p.region = r.String("region");
  p.settlement = r.String("settlement");
  p.street = r.String("street");
  p.house = r.String("house");
  p.apartment = r.String("apartment");
  r.RejectUnknown();
  CheckText(r, "surname", p.surname, true);
  CheckText(r, "given_name", p.given_name, true);
  CheckText(r, "patronymic", p.patronymic, false);
  CheckText(r, "region", p.region, true);
  CheckText(r, "settlement", p.settlement, true);
  CheckText(r, "street", p.street, false);
  CheckText(r, "house", p.house, true);
  CheckText(r, "apartment", p.apartment, false);
  if (std::optional<int32_t> d = internal::ParseIsoDate(birth)) {
    p.birth_date = *d;
    if (parsed.ok() && BirthDateOfNationalId(*parsed) != *d) {
      r.Fail("birth_date", "differs from the date of birth in the national id");
    }
  } else {
    r.Fail("birth_date", "\"" + birth + "\" is no date YYYY-MM-DD");
  }
  return p;
}

json::Value VoterIdToJson(NationalId id) {
  json::Value voter = json::Value::Object();
  voter.Set("national_id", FormatNationalId(id));
  return voter;
}

bool IsHexDigest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string_view RegisterEventKindName(RegisterEventKind kind) {
  switch (kind) {
    case RegisterEventKind::kImport: return "import";
    case RegisterEventKind::kAdd: return "add";
    case RegisterEventKind::kRemove: return "remove";
    case RegisterEventKind::kMove: return "move";
    case RegisterEventKind::kAvcPrint: return "avc-print";
    case RegisterEventKind::kAvcIssue: return "avc-issue";
    case RegisterEventKind::kAvcUse: return "avc-use";
    case RegisterEventKind::kMobileRequest: return "mobile-request";
    case RegisterEventKind::kMobileDepart: return "mobile-depart";
  }
  return "";
}

PersonRecord PersonRecord::Of(const Voter& v) {
  return {v.national_id, std::string(v.surname), std::string(v.given_name), std::string(v.patronymic), v.birth_date,
          std::string(v.region), std::string(v.settlement), std::string(v.street), std::string(v.house),
          std::string(v.apartment)};
}

Voter PersonRecord::AsVoter() const {
  Voter v;
  v.national_id = national_id;
  v.surname = surname;
  v.given_name = given_name;
  v.patronymic = patronymic;
  v.birth_date = birth_date;
  v.region = region;
  v.settlement = settlement;
  v.street = street;
  v.house = house;
  v.apartment = apartment;
  return v;
}

json::Value RegisterEventToJson(const RegisterEvent& e) {
  json::Value v = json::Value::Object();
  v.Set("format", kRegisterEventFormat);
  v.Set("election", e.election);
  v.Set("sequence", e.sequence);
  v.Set("previous", e.previous);
  v.Set("time", e.time);
  v.Set("kind", RegisterEventKindName(e.kind));
  switch (e.kind) {
    case RegisterEventKind::kImport: {
      json::Value extract = json::Value::Object();
      extract.Set("sha256", e.extract_sha256);
      extract.Set("rows", e.extract_rows);
      v.Set("extract", std::move(extract));
      json::Value boundaries = json::Value::Object();
      boundaries.Set("sha256", e.boundaries_sha256);
      v.Set("boundaries", std::move(boundaries));
      v.Set("voters", e.voters);
      json::Value stations = json::Value::Array();
      for (const StationVoters& s : e.stations) {
        json::Value item = json::Value::Object();
        item.Set("station", s.station);
        item.Set("voters", s.voters);
        stations.Push(std::move(item));
      }
      v.Set("stations", std::move(stations));
      break;
    }
    case RegisterEventKind::kAdd:
      v.Set("voter", PersonToJson(e.person));
      v.Set("station", e.station);
      v.Set("reason", e.reason);
      v.Set("proof", e.proof);
      if (e.election_day) v.Set("election_day", true);  // absent before the day: older logs read alike
      break;
    case RegisterEventKind::kRemove:
      v.Set("voter", VoterIdToJson(e.person.national_id));
      v.Set("reason", e.reason);
      v.Set("proof", e.proof);
      break;
    case RegisterEventKind::kMove:
      v.Set("voter", VoterIdToJson(e.person.national_id));
      v.Set("station", e.station);
      v.Set("reason", e.reason);
      v.Set("proof", e.proof);
      break;
    case RegisterEventKind::kAvcPrint:
      v.Set("unit", e.unit);
      v.Set("first_serial", e.first_serial);
      v.Set("count", e.count);
      break;
    case RegisterEventKind::kAvcIssue:
      v.Set("voter", VoterIdToJson(e.person.national_id));
      v.Set("serial", e.serial);
      break;
    case RegisterEventKind::kAvcUse:
      v.Set("voter", VoterIdToJson(e.person.national_id));
      v.Set("serial", e.serial);
      v.Set("station", e.station);
      break;
    case RegisterEventKind::kMobileRequest: {
      v.Set("voter", VoterIdToJson(e.person.national_id));
      v.Set("station", e.station);
      v.Set("reason", e.reason);
      json::Value members = json::Value::Array();
      for (const std::string& m : e.members) members.Push(m);
      v.Set("members", std::move(members));
      break;
    }
    case RegisterEventKind::kMobileDepart:
      v.Set("station", e.station);
      break;
  }
  return v;
}

Result<RegisterEvent> RegisterEventFromJson(const json::Value& payload) {
  std::vector<Error> errors;
  if (!json::RequireFormat(payload, kRegisterEventFormat, "a register event", &errors)) {
    return FirstOfProblems(std::move(errors));
  }
  RegisterEvent e;
  json::ObjectReader r(payload, "", &errors);
  r.String("format");
  e.election = r.NonEmptyString("election");
  e.sequence = r.Int("sequence", 1, json::kMaxSafeInteger);
  e.previous = r.String("previous");
  if (!IsHexDigest(e.previous)) r.Fail("previous", "64 lowercase hex digits (zeros for the first event)");
  e.time = r.String("time");
  if (!IsUtcTimestamp(e.time)) r.Fail("time", "a UTC time YYYY-MM-DDTHH:MM:SSZ");
  const std::string kind = r.String("kind");
  if (kind == "import") {
    e.kind = RegisterEventKind::kImport;
    if (const json::Value* extract = r.Object("extract")) {
      json::ObjectReader x(*extract, r.PathOf("extract"), &errors);
      e.extract_sha256 = x.DigestHex("sha256");
      e.extract_rows = x.Int("rows", 0, json::kMaxSafeInteger);
      x.RejectUnknown();
    }
    if (const json::Value* boundaries = r.Object("boundaries")) {
      json::ObjectReader b(*boundaries, r.PathOf("boundaries"), &errors);
      e.boundaries_sha256 = b.DigestHex("sha256");
      b.RejectUnknown();
    }
    e.voters = r.Int("voters", 0, json::kMaxSafeInteger);
    int64_t sum = 0;
    e.stations = r.List<StationVoters>("stations", [&](const json::Value& item, const std::string& path) {
      json::ObjectReader s(item, path, &errors);
      StationVoters sv{s.NonEmptyString("station"), s.Int("voters", 0, json::kMaxSafeInteger)};
      s.RejectUnknown();
      sum += sv.voters;
      return sv;
    });
    if (errors.empty() && sum != e.voters) {
      r.Fail("voters", std::to_string(e.voters) + " voters, but the stations hold " + std::to_string(sum));
    }
  } else if (kind == "add" || kind == "remove" || kind == "move") {
    e.kind = kind == "add" ? RegisterEventKind::kAdd : kind == "move" ? RegisterEventKind::kMove : RegisterEventKind::kRemove;
    if (const json::Value* voter = r.Object("voter")) {
      e.person = PersonFromJson(*voter, r.PathOf("voter"), e.kind != RegisterEventKind::kAdd, &errors);
    }
    if (e.kind != RegisterEventKind::kRemove) e.station = r.NonEmptyString("station");
    e.reason = r.NonEmptyString("reason");
    e.proof = r.NonEmptyString("proof");
    if (e.kind == RegisterEventKind::kAdd) e.election_day = r.OptionalBool("election_day").value_or(false);
  } else if (kind == "avc-print") {
    e.kind = RegisterEventKind::kAvcPrint;
    e.unit = r.NonEmptyString("unit");
    e.first_serial = r.Int("first_serial", 1, json::kMaxSafeInteger);
    e.count = r.Int("count", 1, 100'000'000);
  } else if (kind == "avc-issue" || kind == "avc-use" || kind == "mobile-request") {
    e.kind = kind == "avc-issue" ? RegisterEventKind::kAvcIssue
             : kind == "avc-use" ? RegisterEventKind::kAvcUse : RegisterEventKind::kMobileRequest;
    if (const json::Value* voter = r.Object("voter")) {
      e.person = PersonFromJson(*voter, r.PathOf("voter"), true, &errors);
    }
    if (e.kind != RegisterEventKind::kAvcIssue) e.station = r.NonEmptyString("station");
    if (e.kind == RegisterEventKind::kMobileRequest) {
      e.reason = r.NonEmptyString("reason");
      e.members = r.List<std::string>("members", [&](const json::Value& item, const std::string& path) {
        if (!item.is_string() || item.as_string().empty()) {
          errors.push_back(BadInput(path, "a PEC member's id (a non-empty string)"));
          return std::string();
        }
        return item.as_string();
      });
      if (e.members.size() != 2 || (e.members[0] == e.members[1])) {
        r.Fail("members", "two different PEC members take the mobile box (R-B4)");
      }
    } else {
      e.serial = r.Int("serial", 1, json::kMaxSafeInteger);
    }
  } else if (kind == "mobile-depart") {
    e.kind = RegisterEventKind::kMobileDepart;
    e.station = r.NonEmptyString("station");
  } else {
    r.Fail("kind", "\"" + kind +
                       "\": the kind is import, add, remove, move, avc-print, avc-issue, avc-use, mobile-request or "
                       "mobile-depart");
  }
  r.RejectUnknown();
  if (!errors.empty()) return FirstOfProblems(std::move(errors));
  return e;
}

RegisterEvent MakeImportEvent(const VoterRegister& reg, const ElectionDefinition& definition,
                              std::string_view extract_csv, std::string_view boundaries_csv, std::string time) {
  RegisterEvent e;
  e.election = definition.election_id;
  e.previous = kNoPreviousEvent;
  e.time = std::move(time);
  e.kind = RegisterEventKind::kImport;
  e.extract_sha256 = Sha256(extract_csv).Hex();
  e.boundaries_sha256 = Sha256(boundaries_csv).Hex();
  e.voters = static_cast<int64_t>(reg.size());
  e.extract_rows = e.voters;  // an import with any problem registers no one
  for (size_t s = 0; s < definition.polling_stations.size(); ++s) {
    e.stations.push_back({definition.polling_stations[s].id, static_cast<int64_t>(reg.station_counts()[s])});
  }
  return e;
}

Result<crypto::SignedObject> SignRegisterEvent(const RegisterEvent& event, const std::string& signer,
                                               const crypto::SigningKey& key) {
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, crypto::SignedObject::Create(RegisterEventToJson(event)));
  ASHYQ_RETURN_IF_ERROR(object.AddSignature(signer, key));
  return object;
}

Result<std::vector<RegisterEvent>> CheckRegisterEventChain(const std::vector<crypto::SignedObject>& events,
                                                           const std::string& signer,
                                                           const crypto::PublicKey& key) {
  std::vector<RegisterEvent> out;
  std::string previous = kNoPreviousEvent;
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string where = "event " + std::to_string(i + 1);
    Result<RegisterEvent> e = RegisterEventFromJson(events[i].payload());
    if (!e.ok()) return e.error().In(where);
    if (Status s = events[i].VerifySignedBy(signer, key); !s.ok()) return s.error().In(where);
    if (e->sequence != static_cast<int64_t>(i + 1)) {
      return CheckFailed(where + ":/sequence", "R-B1.register-log",
                         "sequence " + std::to_string(e->sequence) + " where " + std::to_string(i + 1) +
                             " was expected: an event is missing or out of order");
    }
    if (e->previous != previous) {
      return CheckFailed(where + ":/previous", "R-B1.register-log",
                         "does not name the digest of the event before it: the log was altered");
    }
    if (!out.empty() && e->election != out.front().election) {
      return CheckFailed(where + ":/election", "R-B1.register-log", "another election than event 1's");
    }
    previous = events[i].digest().Hex();
    out.push_back(std::move(*e));
  }
  return out;
}

}  // namespace ashyq::registry
