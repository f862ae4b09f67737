// ashyq protocol check|sign|show|export|print: one precinct protocol, as a PEC, an observer or a TEC
// sees it.
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "protocol/election_context.h"
#include "protocol/protocol_copy.h"
#include "protocol/protocol_json.h"
#include "protocol/reconciliation.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"
#include "station/protocol_copy_pdf.h"
#include "store_option.h"

namespace ashyq::cli {
namespace {

constexpr size_t kMaxProtocolBytes = size_t{4} << 20;

struct ProtocolFile {
  json::Value document;
  bool is_signed = false;
};

Result<ProtocolFile> ReadProtocolFile(const std::string& path) {
  ASHYQ_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxProtocolBytes));
  json::ParseOptions options;
  options.max_bytes = kMaxProtocolBytes;
  Result<json::Value> document = json::Parse(text, options);
  if (!document.ok()) return document.error().In(path);
  const json::Value* format = document->is_object() ? document->Find("format") : nullptr;
  const bool is_signed = format != nullptr && format->is_string() && format->as_string() == crypto::kSignedFormat;
  return ProtocolFile{std::move(document).value(), is_signed};
}

Result<std::unique_ptr<protocol::ElectionContext>> LoadElection(const std::string& dir) {
  return protocol::ElectionContext::Load(dir + "/" + sim::kDefinitionFileName);
}

// Reads a bare protocol (the payload), reporting every structural problem.
Result<protocol::PrecinctProtocol> ReadBare(const json::Value& payload, const std::string& path) {
  std::vector<Error> problems;
  protocol::PrecinctProtocol p = protocol::ProtocolFromJson(payload, &problems);
  if (!problems.empty()) {
    for (size_t i = 1; i < problems.size(); ++i) std::fprintf(stderr, "  also: %s\n", problems[i].ToString().c_str());
    return problems.front().In(path);
  }
  return p;
}

void PrintNotices(const protocol::PrecinctProtocol& p) {
  for (const Error& e : protocol::CheckCountingProcedure(p)) std::printf("notice: %s\n", e.ToString().c_str());
}

int RunCheck(const std::string& file, const std::string& election_dir) {
  Result<ProtocolFile> input = ReadProtocolFile(file);
  if (!input.ok()) return ReportError(input.error());
  Result<std::unique_ptr<protocol::ElectionContext>> election = LoadElection(election_dir);
  if (!election.ok()) return ReportError(election.error());
  const protocol::ElectionContext& e = **election;

  if (!input->is_signed) {
    Result<protocol::PrecinctProtocol> p = ReadBare(input->document, file);
    if (!p.ok()) return ReportError(p.error());
    std::vector<Error> violations = protocol::Reconcile(*p, e.definition(), e.tree());
    for (const Error& v : violations) std::printf("violation: %s\n", v.ToString().c_str());
    PrintNotices(*p);
    std::printf("%s: unsigned protocol of %s, version %lld: %s\n", file.c_str(), p->station.c_str(),
                static_cast<long long>(p->version),
                violations.empty() ? "reconciles (R-D2); not yet signed" : "does NOT reconcile (R-D2)");
    return violations.empty() ? kExitOk : kExitCheckFailed;
  }

  Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(input->document);
  if (!object.ok()) return ReportError(object.error().In(file));
  Result<protocol::PrecinctProtocol> p = protocol::VerifyProtocol(*object, e.protocol_context());
  if (!p.ok()) return ReportError(p.error().In(file));
  PrintNotices(*p);
  const size_t pec = e.tree().FindCommission(p->commission);
  std::printf("%s: protocol of %s, version %lld, sha256 %s\n  signed by %zu of %zu members of %s "
              "(quorum met), every signature verified against the definition; reconciles (R-D2)\n",
              file.c_str(), p->station.c_str(), static_cast<long long>(p->version), object->digest().Hex().c_str(),
              object->signatures().size(), e.tree().commission(pec).members.size(), p->commission.c_str());
  return kExitOk;
}

struct SignOptions {
  std::string file;
  std::string election;
  std::vector<std::string> keys;
  std::vector<std::string> simulated_members;
  std::string out;
};

int RunSign(const SignOptions& o) {
  Result<ProtocolFile> input = ReadProtocolFile(o.file);
  if (!input.ok()) return ReportError(input.error());
  if (input->is_signed) {
    return ReportError(BadInput(o.file, "already signed: a signed protocol is never changed; a correction is a "
                                        "new version (version + 1, correction.previous = its digest)"));
  }
  Result<protocol::PrecinctProtocol> p = ReadBare(input->document, o.file);
  if (!p.ok()) return ReportError(p.error());
  Result<std::unique_ptr<protocol::ElectionContext>> election = LoadElection(o.election);
  if (!election.ok()) return ReportError(election.error());

  std::vector<crypto::SigningKey> keys;
  std::vector<std::string> owners;
  for (const std::string& path : o.keys) {
    std::string owner;
    Result<crypto::SigningKey> key = crypto::KeyFile::Load(path, &owner);
    if (!key.ok()) return ReportError(key.error());
    keys.push_back(std::move(key).value());
    owners.push_back(owner);
  }
  if (!o.simulated_members.empty()) {
    Result<crypto::KeySeed> master =
        crypto::KeyFile::LoadSeed(o.election + "/" + sim::kKeyringFileName);
    if (!master.ok()) return ReportError(master.error());
    crypto::SimulatedKeyring keyring(*master);
    std::vector<std::string> members = o.simulated_members;
    if (members.size() == 1 && members[0] == "all") {
      members.clear();
      const size_t pec = (*election)->tree().FindCommission(p->commission);
      if (pec == CommissionTree::kNone) return ReportError(CheckFailed("/commission", "R-D2.station", "unknown commission " + p->commission));
      for (const CommissionMember& m : (*election)->tree().commission(pec).members) members.push_back(m.id);
    }
    for (const std::string& id : members) {
      keys.push_back(sim::SimulatedKeyFor(keyring, id));
      owners.push_back(id);
    }
  }
  if (keys.empty()) return ReportError(BadInput("", "no signers: give --key FILE for each member present"));
  std::vector<protocol::MemberKey> present;
  for (size_t i = 0; i < keys.size(); ++i) present.push_back({owners[i], &keys[i]});

  Result<crypto::SignedObject> signed_protocol = protocol::SignProtocol(*p, (*election)->protocol_context(), present);
  if (!signed_protocol.ok()) return ReportError(signed_protocol.error().In(o.file));
  Status written = WriteFileAtomic(o.out, signed_protocol->ToCanonicalJson() + "\n", 0644, /*overwrite=*/false);
  if (!written.ok()) return ReportError(written.error());
  std::printf("signed by %zu members; sha256 %s\nwritten to %s\n", present.size(),
              signed_protocol->digest().Hex().c_str(), o.out.c_str());
  return kExitOk;
}

int RunShow(const std::string& file, const std::string& election_dir) {
  Result<ProtocolFile> input = ReadProtocolFile(file);
  if (!input.ok()) return ReportError(input.error());
  std::unique_ptr<protocol::ElectionContext> election;
  if (!election_dir.empty()) {
    Result<std::unique_ptr<protocol::ElectionContext>> loaded = LoadElection(election_dir);
    if (!loaded.ok()) return ReportError(loaded.error());
    election = std::move(loaded).value();
  }
  std::optional<crypto::SignedObject> object;
  const json::Value* payload = &input->document;
  if (input->is_signed) {
    Result<crypto::SignedObject> parsed = crypto::SignedObject::FromJson(input->document);
    if (!parsed.ok()) return ReportError(parsed.error().In(file));
    object = std::move(parsed).value();
    payload = &object->payload();
  }
  Result<protocol::PrecinctProtocol> p = ReadBare(*payload, file);
  if (!p.ok()) return ReportError(p.error());

  std::printf("Precinct protocol of %s (%s), election %s, version %lld\n", p->station.c_str(), p->commission.c_str(),
              p->election_id.c_str(), static_cast<long long>(p->version));
  if (p->version > 1) {
    std::printf("  correction of %s: %s%s\n", p->correction.previous.c_str(), p->correction.reason.c_str(),
                p->correction.decision.empty() ? "" : (" (decision " + p->correction.decision + ")").c_str());
  }
  std::printf("  signed at %s\n", p->signed_at.c_str());
  for (const protocol::ContestCount& c : p->contests) {
    std::printf("\n  Contest %s\n", c.contest.c_str());
    const std::pair<const char*, int64_t> rows[] = {
        {"registered voters (incl. added on the day)", c.registered_voters},
        {"voters added on election day", c.voters_added_on_day},
        {"paper ballots received", c.ballots_received},
        {"paper ballots issued", c.ballots_issued},
        {"unused ballots cancelled", c.ballots_cancelled},
        {"electronic ballots issued", c.electronic_ballots_issued},
        {"electronic votes", c.electronic_votes},
        {"voters with absentee certificates", c.voters_with_avc},
        {"homebound voting requests", c.mobile_requests},
        {"ballots in mobile boxes", c.ballots_in_mobile_boxes},
        {"ballots in stationary boxes", c.ballots_in_stationary_boxes},
        {"invalid ballots", c.invalid_ballots},
        {"voters who took part", c.participants()},
        {"valid votes", c.valid_votes()},
    };
    for (const auto& [label, value] : rows) std::printf("    %s %s\n", Column(label, 44).c_str(), Column(Grouped(value), 10, true).c_str());
    for (const auto& [choice, votes] : c.votes) {
      std::printf("    %s %s %s\n", Column("  " + choice, 44).c_str(), Column(Grouped(votes), 10, true).c_str(),
                  Percent(votes, c.valid_votes()).c_str());
    }
  }
  std::printf("\n  Counting procedure (R-D4):");
  for (const protocol::RecordedStep& s : p->counting_steps) {
    std::printf(" %s %s;", s.at.c_str(), std::string(protocol::CountingStepName(s.step)).c_str());
  }
  std::printf("\n");
  PrintNotices(*p);
  if (object) {
    std::printf("\n  sha256 %s, %zu signatures:", object->digest().Hex().c_str(), object->signatures().size());
    for (const crypto::SignatureEntry& s : object->signatures()) std::printf(" %s", s.signer.c_str());
    std::printf("\n");
    if (election) {
      Result<protocol::PrecinctProtocol> verified = protocol::VerifyProtocol(*object, election->protocol_context());
      std::printf("  verification: %s\n", verified.ok() ? "every signature verifies; quorum; reconciles"
                                                         : verified.error().ToString().c_str());
      if (!verified.ok()) return ExitCodeFor(verified.error());
    }
  }
  return kExitOk;
}

int RunExport(const std::string& election_dir, const std::string& db_option, const std::string& station, int64_t version,
              const std::string& out) {
  Result<std::unique_ptr<store::Store>> db = OpenCountedStore(db_option, election_dir);
  if (!db.ok()) return ReportError(db.error());
  Result<std::vector<store::StoredObject>> versions = (*db)->Versions(protocol::kPrecinctProtocolFormat, station);
  if (!versions.ok()) return ReportError(versions.error());
  if (versions->empty()) {
    return ReportError(Error{ErrorCode::kNotFound, station, "", "no protocol of this station is stored"});
  }
  const store::StoredObject* chosen = &versions->back();
  if (version > 0) {
    chosen = nullptr;
    for (const store::StoredObject& v : *versions) if (v.version == version) chosen = &v;
    if (chosen == nullptr) {
      return ReportError(Error{ErrorCode::kNotFound, station, "",
                               "no version " + std::to_string(version) + "; the latest is " +
                                   std::to_string(versions->back().version)});
    }
  }
  Status written = WriteFileAtomic(out, chosen->envelope + "\n", 0644, /*overwrite=*/false);
  if (!written.ok()) return ReportError(written.error());
  std::printf("%s version %lld (of %zu), sha256 %s\nwritten to %s\n", station.c_str(),
              static_cast<long long>(chosen->version), versions->size(), chosen->digest.Hex().c_str(), out.c_str());
  return kExitOk;
}

struct PrintOptions {
  std::string source;    // a signed protocol file, or an election directory
  std::string election;  // the election directory, for a protocol file
  std::string station;
  int64_t version = 0;
  std::string language = "ru";
  std::string out;
  std::string db;  // --db; empty: the election directory's election.db
};

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The signed protocol to print: from a file, or the store of an election directory.
Result<crypto::SignedObject> ProtocolToPrint(const PrintOptions& o, const std::string& election_dir) {
  if (election_dir == o.source) {
    if (o.station.empty()) {
      return BadInput(o.source, "an election directory holds every station's protocols: say which with --station ID");
    }
    ASHYQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db,
                           OpenCountedStore(o.db, election_dir));
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> versions,
                           db->Versions(protocol::kPrecinctProtocolFormat, o.station));
    if (versions.empty()) {
      return BadInput("--station", "no protocol of station \"" + o.station + "\" is stored in " + election_dir +
                                       " (is the id right? e.g. ps-akmola-0175)");
    }
    const store::StoredObject* chosen = &versions.back();
    if (o.version > 0) {
      chosen = nullptr;
      for (const store::StoredObject& v : versions) {
        if (v.version == o.version) chosen = &v;
      }
      if (chosen == nullptr) {
        return BadInput("--version", "station " + o.station + " has no version " + std::to_string(o.version) +
                                         "; the latest is " + std::to_string(versions.back().version));
      }
    }
    json::ParseOptions options;
    options.max_bytes = kMaxProtocolBytes;
    ASHYQ_ASSIGN_OR_RETURN(json::Value envelope, json::Parse(chosen->envelope, options));
    return crypto::SignedObject::FromJson(envelope);
  }
  if (!o.station.empty() || o.version > 0) {
    return BadInput(o.source, "--station and --version choose from an election directory's store; this is a file");
  }
  ASHYQ_ASSIGN_OR_RETURN(ProtocolFile input, ReadProtocolFile(o.source));
  if (!input.is_signed) {
    return BadInput(o.source, "not signed: an observer copy is printed only of a signed protocol");
  }
  Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(input.document);
  if (!object.ok()) return object.error().In(o.source);
  return object;
}

int RunPrint(const PrintOptions& o) {
  Result<station::CopyLanguage> language = station::ParseCopyLanguage(o.language);
  if (!language.ok()) return ReportError(language.error());
  const bool from_directory = IsDirectory(o.source);
  const std::string election_dir = from_directory ? o.source : o.election;
  if (election_dir.empty()) {
    return ReportError(BadInput(o.source, "a protocol file needs --election DIR: the definition names the "
                                          "station, the choices and the signers"));
  }
  Result<std::unique_ptr<protocol::ElectionContext>> election = LoadElection(election_dir);
  if (!election.ok()) return ReportError(election.error());
  Result<crypto::SignedObject> object = ProtocolToPrint(o, from_directory ? o.source : std::string());
  if (!object.ok()) return ReportError(object.error());
  // Only what verifies is certified to observers: signatures, quorum, definition, figures.
  Result<protocol::PrecinctProtocol> verified = protocol::VerifyProtocol(*object, (*election)->protocol_context());
  if (!verified.ok()) {
    Error e = verified.error();
    e.message = "not printed: the protocol does not verify: " + e.message;
    return ReportError(e);
  }
  Result<protocol::CopyReference> reference = protocol::CopyReferenceFor(*object);
  if (!reference.ok()) return ReportError(reference.error());
  Result<std::string> pdf =
      station::RenderProtocolCopy(*object, (*election)->definition(), station::CopyOptions{*language});
  if (!pdf.ok()) return ReportError(pdf.error());
  Status written = WriteFileAtomic(o.out, *pdf, 0644, /*overwrite=*/false);
  if (!written.ok()) return ReportError(written.error());
  std::printf("observer copy of %s version %lld (sha256 %s) written to %s\n  QR:    %s\n  typed: %s\n",
              verified->station.c_str(), static_cast<long long>(verified->version), object->digest().Hex().c_str(),
              o.out.c_str(), reference->ToQrText().c_str(), reference->ToTypedText().c_str());
  return kExitOk;
}

}  // namespace

void AddProtocolCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* protocol_app = app.add_subcommand("protocol", "Precinct result protocols (R-D1..R-D4)");
  protocol_app->require_subcommand(1);
  AddCheckCopyCommand(protocol_app, commands);

  struct FileAndElection {
    std::string file;
    std::string election;
  };
  auto check_options = std::make_shared<FileAndElection>();
  CLI::App* check = protocol_app->add_subcommand(
      "check",
      "Check a protocol: for a signed one, every signature against the definition's member keys,\n"
      "quorum, definition digest and the reconciliation rules (R-D2); for an unsigned one, R-D2.\n"
      "Counting-procedure deviations (R-D4) are printed as notices. Exit 0 ok, 1 failed, 2 unreadable.");
  check->add_option("FILE", check_options->file, "protocol JSON (signed or not)")->required();
  check->add_option("--election", check_options->election, "Election directory (holds definition.json)")->required();
  commands->push_back({check, [check_options] { return RunCheck(check_options->file, check_options->election); }});

  auto sign_options = std::make_shared<SignOptions>();
  CLI::App* sign = protocol_app->add_subcommand(
      "sign",
      "Sign an unsigned protocol as the PEC members present (more than half must sign). Refuses a\n"
      "protocol that does not reconcile, naming the rule. Never overwrites --out.");
  sign->add_option("FILE", sign_options->file, "unsigned protocol JSON")->required();
  sign->add_option("--election", sign_options->election, "Election directory")->required();
  sign->add_option("--key", sign_options->keys, "A present member's key file (repeat for each member)");
  sign->add_option("--simulated-members", sign_options->simulated_members,
                   "Simulations only: member ids (or 'all') whose keys derive from the election's keyring")
      ->delimiter(',');
  sign->add_option("--out", sign_options->out, "Signed protocol to write")->required();
  commands->push_back({sign, [sign_options] { return RunSign(*sign_options); }});

  auto show_options = std::make_shared<FileAndElection>();
  CLI::App* show = protocol_app->add_subcommand(
      "show", "Print a protocol's figures per contest, its counting record and signatures (and, with\n"
              "--election, whether it verifies)");
  show->add_option("FILE", show_options->file, "protocol JSON (signed or not)")->required();
  show->add_option("--election", show_options->election, "Election directory, to verify signatures");
  commands->push_back({show, [show_options] { return RunShow(show_options->file, show_options->election); }});

  struct ExportOptions {
    std::string election;
    std::string station;
    int64_t version = 0;
    std::string out;
    std::string db;
  };
  auto export_options = std::make_shared<ExportOptions>();
  CLI::App* export_app = protocol_app->add_subcommand(
      "export", "Write a stored signed protocol (the latest version, or --version N) to a file, exactly as stored");
  export_app->add_option("--election", export_options->election, "Election directory")->required();
  export_app->add_option("--station", export_options->station, "Polling station id, e.g. ps-akmola-0175")->required();
  export_app->add_option("--version", export_options->version, "Version (default: the latest)");
  export_app->add_option("--out", export_options->out, "File to create")->required();
  AddDbOption(export_app, &export_options->db);
  commands->push_back({export_app, [export_options] {
                         return RunExport(export_options->election, export_options->db, export_options->station,
                                          export_options->version, export_options->out);
                       }});

  auto print_options = std::make_shared<PrintOptions>();
  CLI::App* print = protocol_app->add_subcommand(
      "print",
      "Print the observer copy of a signed protocol as an A4 PDF: every figure, the signers, the\n"
      "digest and a QR code (with a typed form) that `protocol check-copy` checks against the\n"
      "published log. From a signed protocol file (with --election), or from an election\n"
      "directory's store (--station, --version). The protocol must verify. Never overwrites --out.");
  print->add_option("FILE_OR_ELECTION_DIR", print_options->source, "signed protocol JSON, or an election directory")
      ->required();
  print->add_option("--election", print_options->election, "Election directory (for a protocol file)");
  print->add_option("--station", print_options->station, "Polling station id (from an election directory)");
  print->add_option("--version", print_options->version, "Version (default: the latest)");
  print->add_option("--lang", print_options->language, "Language of labels and names: kk, ru or en")
      ->capture_default_str();
  print->add_option("--out", print_options->out, "PDF to create")->required();
  AddDbOption(print, &print_options->db);
  commands->push_back({print, [print_options] { return RunPrint(*print_options); }});
}

}  // namespace ashyq::cli
