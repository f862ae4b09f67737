// ashyq register …: the voter register (R-B1, R-B2; docs/register.md).
//
//   import  a civil-register extract + the precinct boundaries -> the register directory: the
//           signed import event, the extract it came from (mode 0600: the full register never
//           leaves the commission) and each station's list for public inspection
//   check   "check my registration": one person's station, from their national id and name
//
// The work is in src/registry; a register directory is
//   events/000001.json   ashyq/register-event/1 events, signed, in order (0600)
//   extract.csv          the extract of the import event (0600)
//   boundaries.csv       the boundaries it was assigned with
//   lists/<station>.csv  the published lists (0644)
#include <sys/stat.h>

#include <cstdio>
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
  for (size_t i = 1; i < chain.size(); ++i) {
    const registry::RegisterEvent& e = chain[i];
    Status applied = e.kind == registry::RegisterEventKind::kAdd      ? c.reg->Add(e.person.AsVoter(), *c.map)
                     : e.kind == registry::RegisterEventKind::kRemove ? c.reg->Remove(e.person.national_id)
                                                                      : Status(CheckFailed("", "R-B1.register-log", "a second import"));
    if (!applied.ok()) return applied.error().In("event " + std::to_string(i + 1));
    if (e.kind == registry::RegisterEventKind::kAdd) {
      const registry::Voter added = c.reg->voter(*c.reg->Find(e.person.national_id));
      if (c.election->definition().polling_stations[added.station].id != e.station) {
        return CheckFailed("event " + std::to_string(i + 1) + ":/station", "R-B1.station-by-address",
                           "the boundaries give this address another station than the event names");
      }
    }
  }
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

}  // namespace

void AddRegisterCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* reg = app.add_subcommand("register", "The voter register: import, public lists, check a registration");
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
}

}  // namespace ashyq::cli
