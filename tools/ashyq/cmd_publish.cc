// ashyq publish ELECTION_DIR: what the commission server does after every batch of accepted
// protocols: tabulate, sign a tree head over the log, and write the publication directory
// (server/publication_run.h does the work). The commissions' keys come from key files (a real
// commission) or, for a simulated election, from its keyring.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/utc_time.h"
#include "crypto/key_file.h"
#include "protocol/election_context.h"
#include "record/layout.h"
#include "server/publication_run.h"
#include "sim/election_directory.h"
#include "store_option.h"
#include "tabulation_report.h"

namespace ashyq::cli {

void PrintPublicationRun(const server::PublicationRun& run) {
  const server::PublicationSummary& p = run.publication;
  std::printf("Public log: %s leaves, root %s…, tree head %s by the CEC%s\n",
              Grouped(static_cast<int64_t>(run.head.head.size)).c_str(), run.head.head.root_hash.Hex().substr(0, 16).c_str(),
              run.head.head.timestamp.c_str(), run.head.is_new ? " (new)" : " (unchanged)");
  std::printf("Publication: %s new files (%.1f MB), %s unchanged, in %.2f s: %s\n",
              Grouped(static_cast<int64_t>(p.files_written)).c_str(), static_cast<double>(p.bytes_written) / 1e6,
              Grouped(static_cast<int64_t>(p.files_unchanged)).c_str(), p.seconds, p.index.c_str());
}

namespace {

struct PublishOptions {
  std::string dir;
  std::string out;
  std::string keys;  // a directory of <commission-id>.key files; empty: the simulation keyring
  std::string db;    // --db; empty: ELECTION_DIR/election.db
};

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

int RunPublish(const PublishOptions& o) {
  const std::string out = o.out.empty() ? o.dir + "/" + kPublicationDirName : o.out;
  if (Status there = CheckStoreExists(o.db, o.dir); !there.ok()) return ReportError(there.error());
  Result<std::unique_ptr<protocol::ElectionContext>> election =
      protocol::ElectionContext::Load(o.dir + "/" + sim::kDefinitionFileName);
  if (!election.ok()) return ReportError(election.error());

  // The keys first: a missing or wrong one stops here, before the store is opened.
  server::CommissionKeys keys;
  std::unique_ptr<crypto::SimulatedKeyring> keyring;
  const std::string keyring_path = o.dir + "/" + sim::kKeyringFileName;
  if (!o.keys.empty()) {
    Result<server::CommissionKeys> loaded = server::LoadCommissionKeyFiles(**election, o.keys);
    if (!loaded.ok()) return ReportError(loaded.error());
    keys = std::move(loaded).value();
  } else if (Exists(keyring_path)) {
    Result<crypto::KeySeed> master = crypto::KeyFile::LoadSeed(keyring_path);
    if (!master.ok()) return ReportError(master.error());
    keyring = std::make_unique<crypto::SimulatedKeyring>(*master);
    keys = SimulatedCommissionKeys(*keyring);
  } else {
    return ReportError(Error{ErrorCode::kNotFound, o.dir, "",
                             "no commission keys: give --keys DIR, a directory holding <commission-id>.key (made "
                             "with `ashyq keys generate`) for every TEC, REC and the CEC"});
  }

  Result<std::unique_ptr<store::Store>> db = OpenCountedStore(o.db, o.dir);
  if (!db.ok()) return ReportError(db.error());
  Result<server::PublicationRun> run = server::RunPublication(**election, **db, keys, out, UtcNow());
  if (!run.ok()) return ReportError(run.error());
  PrintNationalResult(run->tabulation);
  std::printf("\n");
  if (!o.keys.empty()) {
    std::printf("Signed with the key files of %zu commissions in %s\n",
                server::SigningCommissions((*election)->definition()).size(), o.keys.c_str());
  }
  PrintPublicationRun(*run);
  // The e-vote record is not in the store (the e-tally writes it beside the election's
  // publication): a publication written elsewhere takes a copy, or the verifier finds the
  // electronic votes unchecked (R-C4.evote-missing).
  const std::string evote_from = o.dir + "/" + kPublicationDirName + "/" + std::string(record::kEvoteDir);
  const std::string evote_to = out + "/" + std::string(record::kEvoteDir);
  std::error_code ec;
  if (Exists(evote_from) && !Exists(evote_to) &&
      !std::filesystem::equivalent(o.dir + "/" + kPublicationDirName, out, ec)) {
    std::filesystem::copy(evote_from, evote_to, std::filesystem::copy_options::recursive, ec);
    if (ec) return ReportError(Error{ErrorCode::kIo, evote_to, "", "cannot copy the e-vote record: " + ec.message()});
    std::printf("E-vote record: copied from %s\n", evote_from.c_str());
  }
  return run->tabulation.rejected.empty() ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddPublishCommand(CLI::App& app, std::vector<Command>* commands) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* publish = app.add_subcommand(
      "publish",
      "Tabulate an election directory, sign each tier's protocol and a tree head over its public log (as\n"
      "the CEC) and write the publication directory: every station's protocol and versions, every tier,\n"
      "the log, NIST/CSV/JSON (docs/formats.md). Files already published are kept. Exit 0, 1 if protocols\n"
      "were rejected, 2 bad input (e.g. a missing or wrong key: nothing is then signed or written).");
  publish->add_option("ELECTION_DIR", options->dir, "Election directory (definition.json, election.db)")->required();
  publish->add_option("--out", options->out, "Publication directory (default: ELECTION_DIR/publication)");
  publish->add_option("--keys", options->keys,
                      "Directory of key files, <commission-id>.key (`ashyq keys generate`), one for every TEC,\n"
                      "REC and the CEC, each matching the definition (default: a simulated election's keyring)");
  AddDbOption(publish, &options->db);
  commands->push_back({publish, [options] { return RunPublish(*options); }});
}

}  // namespace ashyq::cli
