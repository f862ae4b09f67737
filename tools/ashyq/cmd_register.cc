// ashyq register …: the voter register (R-B1, R-B2; docs/register.md).
//
//   import  a civil-register extract + the precinct boundaries -> the register directory: the
//           signed import event, the extract it came from (mode 0600: the full register never
//           leaves the commission) and each station's list for public inspection
//   check   "check my registration": one person's station, from their national id and name
//   add, remove, move, avc-print, avc-issue, avc-use, mobile-request, mobile-depart
//           one signed event each, applied to the register first (its rules refuse)
//   report  election day from the log: additions by hour and flags, AVCs, mobile requests
//
// The work is in src/registry; a register directory is
//   events/000001.json   ashyq/register-event/1 events, signed, in order (0600)
//   extract.csv          the extract of the import event (0600)
//   boundaries.csv       the boundaries it was assigned with
//   lists/<station>.csv  the published lists (0644)
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "core/json.h"
#include "core/utc_time.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "protocol/election_context.h"
#include "registry/avc_ledger.h"
#include "registry/election_day.h"
#include "registry/register_event.h"
#include "registry/station_map.h"
#include "registry/voter_register.h"

namespace ashyq::cli {
namespace {

constexpr size_t kMaxExtractBytes = size_t{8} << 30;  // 12 million rows are about 1 GB
constexpr size_t kMaxBoundariesBytes = size_t{256} << 20;
constexpr size_t kMaxEventBytes = size_t{16} << 20;
constexpr size_t kProblemsShown = 20;

int32_t DateOf(const std::string& iso) {  // "2019-06-09" -> 20190609 (the definition checked it)
  int32_t v = 0;
  for (char c : iso) {
    if (c >= '0' && c <= '9') v = v * 10 + (c - '0');
  }
  return v;
}

// The definition, the boundaries and the register compiled from an extract; problems printed.
struct Compiled {
  std::unique_ptr<protocol::ElectionContext> election;
  std::string boundaries_csv;
  std::unique_ptr<registry::StationMap> map;
  std::unique_ptr<registry::VoterRegister> reg;
  // Filled by LoadRegister: the signed log, and what the election-day events recorded.
  std::vector<crypto::SignedObject> events;
  std::vector<registry::RegisterEvent> chain;
  std::unique_ptr<registry::AvcLedger> avc;          // limits from the imported register
  std::unique_ptr<registry::MobileBoxes> mobile;
  std::unique_ptr<registry::AdditionMonitor> additions;  // lists as they stood before the first
};

Result<Compiled> Compile(const std::string& definition_path, const std::string& boundaries_path,
                         const std::string& extract_path, const std::string& extract_csv) {
  Compiled c;
  ASHYQ_ASSIGN_OR_RETURN(c.election, protocol::ElectionContext::Load(definition_path));
  ASHYQ_ASSIGN_OR_RETURN(c.boundaries_csv, ReadFile(boundaries_path, kMaxBoundariesBytes));
  Result<registry::StationMap> map = registry::StationMap::Parse(c.boundaries_csv, c.election->definition());
  if (!map.ok()) return map.error().In(boundaries_path);
  c.map = std::make_unique<registry::StationMap>(std::move(*map));
  registry::ExtractOptions options;
  options.election_day = DateOf(c.election->definition().election_day);
  registry::ExtractProblems problems;
  Result<registry::VoterRegister> reg = registry::VoterRegister::Import(extract_csv, *c.map, options, &problems);
  if (!reg.ok()) {
    // One problem is the error itself; several are listed first, the error then says how many.
    for (size_t i = 0; problems.total > 1 && i < problems.kept.size() && i < kProblemsShown; ++i) {
      std::fprintf(stderr, "%s: %s\n", extract_path.c_str(), problems.kept[i].ToString().c_str());
    }
    if (problems.total > kProblemsShown) {
      std::fprintf(stderr, "... and %s more problems\n", Grouped(static_cast<int64_t>(problems.total - kProblemsShown)).c_str());
    }
    return reg.error().In(extract_path);
  }
  c.reg = std::make_unique<registry::VoterRegister>(std::move(*reg));
  return c;
}

struct ImportOptions {
  std::string definition, boundaries, extract, key, out;
};

int RunImport(const ImportOptions& o) {
  struct stat st;
  if (::lstat(o.out.c_str(), &st) == 0) {
    return ReportError(Error{ErrorCode::kAlreadyExists, o.out, "",
                             "the register directory exists; a register is imported once (changes are events)"});
  }
  std::string signer;
  Result<crypto::SigningKey> key = crypto::KeyFile::Load(o.key, &signer);
  if (!key.ok()) return ReportError(key.error());
  Result<std::string> extract = ReadFile(o.extract, kMaxExtractBytes);
  if (!extract.ok()) return ReportError(extract.error());
  Result<Compiled> c = Compile(o.definition, o.boundaries, o.extract, *extract);
  if (!c.ok()) return ReportError(c.error());
  const ElectionDefinition& def = c->election->definition();

  registry::RegisterEvent event = registry::MakeImportEvent(*c->reg, def, *extract, c->boundaries_csv, UtcNow());
  Result<crypto::SignedObject> signed_event = registry::SignRegisterEvent(event, signer, *key);
  if (!signed_event.ok()) return ReportError(signed_event.error());

  for (const std::string& dir : {o.out, o.out + "/events", o.out + "/lists"}) {
    if (Status made = MakeDirectories(dir, dir == o.out + "/lists" ? 0755 : 0700); !made.ok()) {
      return ReportError(made.error());
    }
  }
  Status s = WriteFileAtomic(o.out + "/extract.csv", *extract, 0600, false);
  if (s.ok()) s = WriteFileAtomic(o.out + "/boundaries.csv", c->boundaries_csv, 0644, false);
  if (s.ok()) s = WriteFileAtomic(o.out + "/events/000001.json", signed_event->ToCanonicalJson() + "\n", 0600, false);
  if (!s.ok()) return ReportError(s.error());
  const registry::VoterRegister::PublicLists lists = c->reg->MakePublicLists();
  for (size_t i = 0; i < def.polling_stations.size(); ++i) {
    const auto station = static_cast<registry::StationIndex>(i);
    Status w = WriteFileAtomic(o.out + "/lists/" + def.polling_stations[i].id + ".csv",
                               c->reg->PublicListCsv(lists, station), Durability::kDeferred, 0644);
    if (!w.ok()) return ReportError(w.error());
  }
  if (Status synced = SyncFileSystem(o.out); !synced.ok()) return ReportError(synced.error());
  size_t empty = 0;
  for (uint32_t n : c->reg->station_counts()) empty += n == 0 ? 1 : 0;
  std::printf("%s voters registered at %s polling stations (%s with no voter), signed by %s\n"
              "register    %s (event 1: %s)\nlists       %s/lists/<station>.csv, for public inspection\n",
              Grouped(static_cast<int64_t>(c->reg->size())).c_str(),
              Grouped(static_cast<int64_t>(def.polling_stations.size())).c_str(),
              Grouped(static_cast<int64_t>(empty)).c_str(), signer.c_str(), o.out.c_str(),
              signed_event->digest().Hex().c_str(), o.out.c_str());
  return kExitOk;
}

struct CheckOptions {
  std::string definition, register_dir, national_id, surname, given_name;
};

// One event after the import, applied to the register and the election-day records; the
// error names the event.
Status ApplyEvent(Compiled* c, const registry::RegisterEvent& e) {
  const std::string where = "event " + std::to_string(e.sequence);
  Status applied;
  switch (e.kind) {
    case registry::RegisterEventKind::kImport:
      applied = CheckFailed("", "R-B1.register-log", "a second import");
      break;
    case registry::RegisterEventKind::kAdd: {
      if (e.election_day) {
        Result<registry::StationIndex> at = registry::CheckElectionDayAddition(e, *c->map);
        if (!at.ok()) return at.error();
        // The lists as they stood before the day: the threshold's base.
        if (!c->additions) {
          c->additions = std::make_unique<registry::AdditionMonitor>(c->election->definition(), c->reg->station_counts());
        }
        applied = c->reg->Add(e.person.AsVoter(), *c->map);
        if (applied.ok()) applied = c->additions->Record(*at, registry::HourOf(e.time), e.reason, e.proof);
        break;
      }
      applied = c->reg->Add(e.person.AsVoter(), *c->map);
      if (applied.ok()) {
        const registry::Voter added = c->reg->voter(*c->reg->Find(e.person.national_id));
        if (c->election->definition().polling_stations[added.station].id != e.station) {
          return CheckFailed(where + ":/station", "R-B1.station-by-address",
                             "the boundaries give this address another station than the event names");
        }
      }
      break;
    }
    case registry::RegisterEventKind::kRemove: applied = c->reg->Remove(e.person.national_id); break;
    case registry::RegisterEventKind::kMove: {
      const registry::StationIndex to = c->map->FindStation(e.station);
      applied = to == registry::kNoStation
                    ? Status(BadInput("/station", "\"" + e.station + "\" is no station of the definition"))
                    : c->reg->Move(e.person.national_id, to);
      break;
    }
    case registry::RegisterEventKind::kAvcPrint:
    case registry::RegisterEventKind::kAvcIssue:
    case registry::RegisterEventKind::kAvcUse:
      return c->avc->Apply(e, *c->map);  // names the event itself
    case registry::RegisterEventKind::kMobileRequest:
    case registry::RegisterEventKind::kMobileDepart:
      return c->mobile->Apply(e, *c->map);
  }
  if (!applied.ok()) return applied.error().In(where);
  return Status();
}

// The register as its events left it: the import event's extract (its digest checked), then
// every later event, the chain and signatures checked against event 1's signer.
Result<Compiled> LoadRegister(const std::string& definition_path, const std::string& dir) {
  std::vector<crypto::SignedObject> events;
  for (size_t n = 1;; ++n) {
    char name[32];
    std::snprintf(name, sizeof name, "/events/%06zu.json", n);
    const std::string path = dir + name;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) break;
    ASHYQ_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxEventBytes));
    Result<json::Value> doc = json::Parse(text);
    if (!doc.ok()) return doc.error().In(path);
    Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
    if (!object.ok()) return object.error().In(path);
    events.push_back(std::move(*object));
  }
  if (events.empty() || events[0].signatures().empty()) {
    return Error{ErrorCode::kNotFound, dir + "/events/000001.json", "", "no register here (no signed import event)"};
  }
  const crypto::SignatureEntry& by = events[0].signatures()[0];
  ASHYQ_ASSIGN_OR_RETURN(std::vector<registry::RegisterEvent> chain,
                         registry::CheckRegisterEventChain(events, by.signer, by.public_key));
  if (chain[0].kind != registry::RegisterEventKind::kImport) {
    return CheckFailed(dir + "/events/000001.json", "R-B1.register-log", "the first event is no import");
  }
  ASHYQ_ASSIGN_OR_RETURN(std::string extract, ReadFile(dir + "/extract.csv", kMaxExtractBytes));
  if (Sha256(extract).Hex() != chain[0].extract_sha256) {
    return CheckFailed(dir + "/extract.csv", "R-B1.register-log",
                       "not the extract the signed import event names (its SHA-256 differs)");
  }
  ASHYQ_ASSIGN_OR_RETURN(Compiled c, Compile(definition_path, dir + "/boundaries.csv", dir + "/extract.csv", extract));
  if (Sha256(c.boundaries_csv).Hex() != chain[0].boundaries_sha256) {
    return CheckFailed(dir + "/boundaries.csv", "R-B1.register-log",
                       "not the boundaries the signed import event names (its SHA-256 differs)");
  }
  c.avc = std::make_unique<registry::AvcLedger>(*c.reg, c.election->definition());
  c.mobile = std::make_unique<registry::MobileBoxes>(*c.reg, c.election->definition());
  for (size_t i = 1; i < chain.size(); ++i) {
    if (Status applied = ApplyEvent(&c, chain[i]); !applied.ok()) return applied.error();
  }
  c.events = std::move(events);
  c.chain = std::move(chain);
  return c;
}

int RunCheck(const CheckOptions& o) {
  Result<registry::NationalId> id = registry::ParseNationalId(o.national_id, "--national-id");
  if (!id.ok()) return ReportError(id.error());
  Result<Compiled> c = LoadRegister(o.definition, o.register_dir);
  if (!c.ok()) return ReportError(c.error());
  const registry::RegistrationAnswer answer = c->reg->CheckRegistration(*id, o.surname, o.given_name);
  if (!answer.found) {
    std::printf("Сіз тізімнен табылмадыңыз: ЖСН мен аты-жөніңізді жеке куәлігіңіздегідей жазыңыз немесе әкімдікке хабарласыңыз.\n"
                "Вы не найдены в списках: введите ИИН, фамилию и имя как в удостоверении личности или обратитесь в акимат.\n"
                "You are not found on any list: type your IIN and names as on your identity card, or ask the akimat.\n");
    return kExitCheckFailed;
  }
  const PollingStation& ps = c->election->definition().polling_stations[answer.station];
  std::printf("Сіз №%lld сайлау учаскесінің тізіміндесіз: %s\n"
              "Вы в списке избирательного участка №%lld: %s\n"
              "You are on the list of polling station No. %lld: %s\n"
              "(station %s)\n",
              static_cast<long long>(ps.number), ps.address.kk.c_str(), static_cast<long long>(ps.number),
              ps.address.ru.c_str(), static_cast<long long>(ps.number), ps.address.en.c_str(), ps.id.c_str());
  return kExitOk;
}

// One new event of any kind after the import: made from the options, applied to the register
// as its log leaves it (so a refusal is the register's own rule), signed with the key of the
// import event's signer, written as the next events/NNNNNN.json; the lists are written again.
struct EventOptions {
  registry::RegisterEventKind kind = registry::RegisterEventKind::kAdd;
  std::string definition, register_dir, key, time;
  std::string national_id, surname, given_name, patronymic, birth_date, region, settlement, street, house,
      apartment;
  std::string station, reason, proof, unit;
  bool election_day = false;
  int64_t first_serial = 0, count = 0, serial = 0;
  std::vector<std::string> members;
};

int RunEvent(const EventOptions& o) {
  std::string signer;
  Result<crypto::SigningKey> key = crypto::KeyFile::Load(o.key, &signer);
  if (!key.ok()) return ReportError(key.error());
  Result<Compiled> c = LoadRegister(o.definition, o.register_dir);
  if (!c.ok()) return ReportError(c.error());
  const crypto::SignatureEntry& by = c->events[0].signatures()[0];
  if (by.signer != signer || !(by.public_key == key->public_key())) {
    return ReportError(CheckFailed(o.key, "R-B1.register-log",
                                   "not the key of " + by.signer + ", who signed the import: one commission keeps the register"));
  }
  Result<registry::NationalId> id = registry::ParseNationalId(o.national_id, "--national-id");
  const bool names_voter =
      o.kind != registry::RegisterEventKind::kAvcPrint && o.kind != registry::RegisterEventKind::kMobileDepart;
  if (names_voter && !id.ok()) return ReportError(id.error());

  registry::RegisterEvent e;
  e.election = c->chain[0].election;
  e.sequence = static_cast<int64_t>(c->events.size()) + 1;
  e.previous = c->events.back().digest().Hex();
  e.time = o.time.empty() ? UtcNow() : o.time;
  e.kind = o.kind;
  if (names_voter) e.person.national_id = *id;
  if (o.kind == registry::RegisterEventKind::kAdd) {
    e.person.surname = o.surname;
    e.person.given_name = o.given_name;
    e.person.patronymic = o.patronymic;
    e.person.birth_date = DateOf(o.birth_date);
    e.person.region = o.region;
    e.person.settlement = o.settlement;
    e.person.street = o.street;
    e.person.house = o.house;
    e.person.apartment = o.apartment;
    e.election_day = o.election_day;
    if (o.station.empty() && !o.election_day) {
      // Before the day the boundaries say where; on the day the station is where it is made.
      std::string why;
      const registry::StationIndex at = c->map->Assign({o.region, o.settlement, o.street, o.house}, &why);
      if (at == registry::kNoStation) return ReportError(CheckFailed("--house", "R-B1.station-by-address", why));
      e.station = c->election->definition().polling_stations[at].id;
    }
  }
  if (!o.station.empty()) e.station = o.station;
  e.reason = o.reason;
  e.proof = o.proof;
  e.unit = o.unit;
  e.first_serial = o.first_serial;
  e.count = o.count;
  e.serial = o.serial;
  e.members = o.members;
  // The event as the log will read it: its fields checked by the reader, then applied.
  Result<registry::RegisterEvent> read = registry::RegisterEventFromJson(registry::RegisterEventToJson(e));
  if (!read.ok()) return ReportError(read.error().In("the new event"));
  if (Status applied = ApplyEvent(&*c, *read); !applied.ok()) return ReportError(applied.error());

  Result<crypto::SignedObject> signed_event = registry::SignRegisterEvent(*read, signer, *key);
  if (!signed_event.ok()) return ReportError(signed_event.error());
  char name[32];
  std::snprintf(name, sizeof name, "/events/%06lld.json", static_cast<long long>(e.sequence));
  if (Status w = WriteFileAtomic(o.register_dir + name, signed_event->ToCanonicalJson() + "\n", 0600, false); !w.ok()) {
    return ReportError(w.error());
  }
  const ElectionDefinition& def = c->election->definition();
  const registry::VoterRegister::PublicLists lists = c->reg->MakePublicLists();
  for (size_t i = 0; i < def.polling_stations.size(); ++i) {
    Status w = WriteFileAtomic(o.register_dir + "/lists/" + def.polling_stations[i].id + ".csv",
                               c->reg->PublicListCsv(lists, static_cast<registry::StationIndex>(i)),
                               Durability::kDeferred, 0644);
    if (!w.ok()) return ReportError(w.error());
  }
  if (Status synced = SyncFileSystem(o.register_dir); !synced.ok()) return ReportError(synced.error());
  std::printf("event %lld (%s) recorded, signed by %s: %s\n", static_cast<long long>(e.sequence),
              std::string(registry::RegisterEventKindName(e.kind)).c_str(), signer.c_str(),
              signed_event->digest().Hex().c_str());
  if (c->additions) {
    for (const Error& flag : c->additions->Flags()) std::printf("flag: %s\n", flag.ToString().c_str());
  }
  return kExitOk;
}

struct ReportOptions {
  std::string definition, register_dir;
  std::vector<std::string> mobile_ballots;  // STATION=N
};

// What the log says of election day: additions by station and hour with the flags, the AVC
// reconciliation per unit, the mobile requests; with --mobile-ballots, the R-D2 check (exit 1).
int RunReport(const ReportOptions& o) {
  Result<Compiled> c = LoadRegister(o.definition, o.register_dir);
  if (!c.ok()) return ReportError(c.error());
  const ElectionDefinition& def = c->election->definition();
  if (!c->additions) c->additions = std::make_unique<registry::AdditionMonitor>(def, c->reg->station_counts());
  std::printf("election-day additions (station: count per hour, UTC)\n");
  for (size_t s = 0; s < def.polling_stations.size(); ++s) {
    const auto station = static_cast<registry::StationIndex>(s);
    if (c->additions->Added(station) == 0) continue;
    std::string hours;
    for (int h = 0; h < 24; ++h) {
      const int64_t n = c->additions->HourlyCounts(station)[static_cast<size_t>(h)];
      if (n > 0) hours += " " + std::to_string(h) + "h:" + std::to_string(n);
    }
    std::printf("  %s: %lld;%s\n", def.polling_stations[s].id.c_str(),
                static_cast<long long>(c->additions->Added(station)), hours.c_str());
  }
  const std::vector<Error> flags = c->additions->Flags();
  for (const Error& flag : flags) std::printf("flag: %s\n", flag.ToString().c_str());
  std::printf("absentee voting certificates (unit: voters, limit, printed, issued, used, unused)\n");
  for (const registry::AvcReconciliation& r : c->avc->Reconcile()) {
    std::printf("  %s: %lld, %lld, %lld, %lld, %lld, %lld\n", r.unit.c_str(), static_cast<long long>(r.voters),
                static_cast<long long>(r.limit), static_cast<long long>(r.printed), static_cast<long long>(r.issued),
                static_cast<long long>(r.used), static_cast<long long>(r.unused));
  }
  std::printf("mobile box requests\n");
  for (size_t s = 0; s < def.polling_stations.size(); ++s) {
    const int64_t n = c->mobile->Requests(static_cast<registry::StationIndex>(s));
    if (n > 0) std::printf("  %s: %lld\n", def.polling_stations[s].id.c_str(), static_cast<long long>(n));
  }
  int exit_code = flags.empty() ? kExitOk : kExitCheckFailed;
  for (const std::string& item : o.mobile_ballots) {
    const size_t eq = item.find('=');
    const registry::StationIndex station = eq == std::string::npos ? registry::kNoStation : c->map->FindStation(item.substr(0, eq));
    char* end = nullptr;
    const long long found = eq == std::string::npos ? -1 : std::strtoll(item.c_str() + eq + 1, &end, 10);
    if (station == registry::kNoStation || found < 0 || end == nullptr || *end != '\0') {
      return ReportError(BadInput("--mobile-ballots", "\"" + item + "\": STATION=N, N ballots found in its mobile box"));
    }
    if (Status s = c->mobile->CheckBallots(station, found); !s.ok()) {
      ReportError(s.error());
      exit_code = kExitCheckFailed;
    }
  }
  return exit_code;
}

}  // namespace

void AddRegisterCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* reg = app.add_subcommand(
      "register", "The voter register: import, public lists, check a registration, changes and election day");
  reg->require_subcommand(1);

  auto import_options = std::make_shared<ImportOptions>();
  CLI::App* import_app = reg->add_subcommand(
      "import",
      "Compile the voter register from a civil-register extract (CSV, docs/register.md): every\n"
      "voter assigned to a polling station by address through the precinct boundaries (CSV).\n"
      "Malformed rows, addresses no station serves and persons found twice are listed with their\n"
      "line and field, and nothing is registered. Writes a new register directory: the signed\n"
      "import event, the extract (mode 0600) and each station's list for public inspection.");
  import_app->add_option("--definition", import_options->definition, "Signed election definition (definition.json)")
      ->required();
  import_app->add_option("--boundaries", import_options->boundaries, "Precinct boundaries CSV")->required();
  import_app->add_option("--extract", import_options->extract, "Civil-register extract CSV")->required();
  import_app->add_option("--key", import_options->key, "Key file of the commission that keeps the register")->required();
  import_app->add_option("--out", import_options->out, "Register directory to create")->required();
  commands->push_back({import_app, [import_options] { return RunImport(*import_options); }});

  auto check_options = std::make_shared<CheckOptions>();
  CLI::App* check_app = reg->add_subcommand(
      "check",
      "Check my registration: the polling station of the person with this national id and name.\n"
      "An unknown id and a known id with another name get the same answer. Exit 1 when not found.");
  check_app->add_option("--definition", check_options->definition, "Signed election definition")->required();
  check_app->add_option("--register", check_options->register_dir, "Register directory (register import --out)")
      ->required();
  check_app->add_option("--national-id", check_options->national_id, "IIN, 12 digits")->required();
  check_app->add_option("--surname", check_options->surname, "As on the identity card")->required();
  check_app->add_option("--given-name", check_options->given_name, "As on the identity card")->required();
  commands->push_back({check_app, [check_options] { return RunCheck(*check_options); }});

  // One verb per event kind after the import.
  struct Verb {
    const char* name;
    registry::RegisterEventKind kind;
    const char* help;
  };
  const Verb verbs[] = {
      {"add", registry::RegisterEventKind::kAdd,
       "Add a person (reason, proof). Before the day the boundaries give the station; with\n"
       "--election-day the station making it (--station) must be the one the address gives (R-B2)."},
      {"remove", registry::RegisterEventKind::kRemove, "Remove a voter (reason, proof)."},
      {"move", registry::RegisterEventKind::kMove,
       "Move a voter onto a special station's list (hospital, military unit, abroad) or a temporary\n"
       "registration: they leave their home list (reason, proof)."},
      {"avc-print", registry::RegisterEventKind::kAvcPrint,
       "Record absentee voting certificates printed for a unit (region): at most 1% of its voters (R-B3)."},
      {"avc-issue", registry::RegisterEventKind::kAvcIssue, "Write an AVC's serial on a voter's entry."},
      {"avc-use", registry::RegisterEventKind::kAvcUse,
       "Record an AVC handed in at a station; a serial is usable once nationwide."},
      {"mobile-request", registry::RegisterEventKind::kMobileRequest,
       "Record a request for the mobile box, with the two PEC members who take it (R-B4)."},
      {"mobile-depart", registry::RegisterEventKind::kMobileDepart,
       "Record that a station's mobile box has left: no request is taken after it."},
  };
  for (const Verb& verb : verbs) {
    auto o = std::make_shared<EventOptions>();
    o->kind = verb.kind;
    CLI::App* app_verb = reg->add_subcommand(verb.name, verb.help);
    app_verb->add_option("--definition", o->definition, "Signed election definition")->required();
    app_verb->add_option("--register", o->register_dir, "Register directory")->required();
    app_verb->add_option("--key", o->key, "Key file of the commission that keeps the register")->required();
    app_verb->add_option("--time", o->time, "UTC time of the event, YYYY-MM-DDTHH:MM:SSZ (default: now)");
    using K = registry::RegisterEventKind;
    if (verb.kind != K::kAvcPrint && verb.kind != K::kMobileDepart) app_verb->add_option("--national-id", o->national_id, "IIN, 12 digits")->required();
    if (verb.kind == K::kAdd) {
      app_verb->add_option("--surname", o->surname)->required();
      app_verb->add_option("--given-name", o->given_name)->required();
      app_verb->add_option("--patronymic", o->patronymic);
      app_verb->add_option("--birth-date", o->birth_date, "YYYY-MM-DD")->required();
      app_verb->add_option("--region", o->region)->required();
      app_verb->add_option("--settlement", o->settlement)->required();
      app_verb->add_option("--street", o->street);
      app_verb->add_option("--house", o->house)->required();
      app_verb->add_option("--apartment", o->apartment);
      app_verb->add_flag("--election-day", o->election_day, "Made at the station on election day");
    }
    if (verb.kind == K::kAdd || verb.kind == K::kMove || verb.kind == K::kAvcUse || verb.kind == K::kMobileRequest ||
        verb.kind == K::kMobileDepart) {
      CLI::Option* station = app_verb->add_option("--station", o->station, "Polling station id");
      if (verb.kind != K::kAdd) station->required();
    }
    if (verb.kind == K::kAdd || verb.kind == K::kRemove || verb.kind == K::kMove || verb.kind == K::kMobileRequest) {
      app_verb->add_option("--reason", o->reason, "A word: moved-in, came-of-age, hospital, homebound, ...")->required();
    }
    if (verb.kind == K::kAdd || verb.kind == K::kRemove || verb.kind == K::kMove) {
      app_verb->add_option("--proof", o->proof, "The reference of the document behind it")->required();
    }
    if (verb.kind == K::kAvcPrint) {
      app_verb->add_option("--unit", o->unit, "Region id")->required();
      app_verb->add_option("--first-serial", o->first_serial)->required();
      app_verb->add_option("--count", o->count)->required();
    }
    if (verb.kind == K::kAvcIssue || verb.kind == K::kAvcUse) app_verb->add_option("--serial", o->serial)->required();
    if (verb.kind == K::kMobileRequest) {
      app_verb->add_option("--member", o->members, "A PEC member taking the box (twice)")->required();
    }
    commands->push_back({app_verb, [o] { return RunEvent(*o); }});
  }

  auto report_options = std::make_shared<ReportOptions>();
  CLI::App* report_app = reg->add_subcommand(
      "report",
      "Election day from the register's log: additions per station and hour with the stations\n"
      "above the threshold (R-B2.additions-rate), the AVC reconciliation per unit, the mobile\n"
      "requests. --mobile-ballots STATION=N checks N ballots found against the requests (R-D2).\n"
      "Exit 1 when a station is flagged or a mobile box holds more ballots than requests.");
  report_app->add_option("--definition", report_options->definition, "Signed election definition")->required();
  report_app->add_option("--register", report_options->register_dir, "Register directory")->required();
  report_app->add_option("--mobile-ballots", report_options->mobile_ballots, "STATION=N (repeatable)");
  commands->push_back({report_app, [report_options] { return RunReport(*report_options); }});
}

}  // namespace ashyq::cli
