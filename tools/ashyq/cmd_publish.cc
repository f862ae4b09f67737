// ashyq publish ELECTION_DIR: what the commission server does after every batch of accepted
// protocols: tabulate, sign a tree head over the log, and write the publication directory.
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/utc_time.h"
#include "crypto/key_file.h"
#include "ledger/merkle.h"
#include "protocol/election_context.h"
#include "server/log_head.h"
#include "server/publisher.h"
#include "sim/election_directory.h"
#include "store/sqlite_store.h"
#include "tabulation_report.h"

namespace ashyq::cli {

Result<PublicationRun> PublishElection(const protocol::ElectionContext& election, store::Store& store,
                                       const crypto::SimulatedKeyring& keyring, const std::string& out) {
  PublicationRun result;
  const server::CommissionKeys keys = SimulatedCommissionKeys(keyring);
  ASHYQ_ASSIGN_OR_RETURN(result.tabulation, server::RunTabulation(election, store, keys));
  const Commission& cec = election.tree().commission(election.tree().root());
  ASHYQ_ASSIGN_OR_RETURN(crypto::SigningKey cec_key, keys(cec.id));
  ledger::MerkleTree tree;
  ASHYQ_ASSIGN_OR_RETURN(result.head, server::CommitTreeHead(store, &tree, election.definition().election_id, cec.id,
                                                             cec_key, UtcNow()));
  ASHYQ_ASSIGN_OR_RETURN(result.publication, server::Publish(election, store, result.tabulation, out, UtcNow()));
  return result;
}

void PrintPublication(const PublicationRun& run) {
  const server::PublicationSummary& p = run.publication;
  std::printf("Public log: %s leaves, root %s…, tree head %s by the CEC%s\n",
              Grouped(static_cast<int64_t>(run.head.head.size)).c_str(), run.head.head.root_hash.Hex().substr(0, 16).c_str(),
              run.head.head.timestamp.c_str(), run.head.is_new ? " (new)" : " (unchanged)");
  std::printf("Publication: %s new files (%.1f MB), %s unchanged, in %.2f s: %s\n",
              Grouped(static_cast<int64_t>(p.files_written)).c_str(), static_cast<double>(p.bytes_written) / 1e6,
              Grouped(static_cast<int64_t>(p.files_unchanged)).c_str(), p.seconds, p.index.c_str());
}

namespace {

int RunPublish(const std::string& dir, std::string out) {
  if (out.empty()) out = dir + "/" + kPublicationDirName;
  const std::string store_path = dir + "/" + sim::kStoreFileName;
  struct stat st;
  if (::stat(store_path.c_str(), &st) != 0) {
    return ReportError(Error{ErrorCode::kNotFound, store_path, "",
                             "no store in this election directory: nothing has been counted yet"});
  }
  const std::string keyring_path = dir + "/" + sim::kKeyringFileName;
  if (::stat(keyring_path.c_str(), &st) != 0) {
    return ReportError(Error{ErrorCode::kNotFound, keyring_path, "",
                             "no commission keys here: only a simulated election directory (with its keyring) "
                             "can be tabulated and published by this command"});
  }
  Result<std::unique_ptr<protocol::ElectionContext>> election =
      protocol::ElectionContext::Load(dir + "/" + sim::kDefinitionFileName);
  if (!election.ok()) return ReportError(election.error());
  Result<std::unique_ptr<store::Store>> db = store::OpenSqliteStore(store_path);
  if (!db.ok()) return ReportError(db.error());
  Result<crypto::KeySeed> master = crypto::KeyFile::LoadSeed(keyring_path);
  if (!master.ok()) return ReportError(master.error());
  const crypto::SimulatedKeyring keyring(*master);
  Result<PublicationRun> run = PublishElection(**election, **db, keyring, out);
  if (!run.ok()) return ReportError(run.error());
  PrintNationalResult(run->tabulation);
  std::printf("\n");
  PrintPublication(*run);
  return run->tabulation.rejected.empty() ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddPublishCommand(CLI::App& app, std::vector<Command>* commands) {
  auto dir = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  CLI::App* publish = app.add_subcommand(
      "publish",
      "Tabulate an election directory, sign a tree head over its public log (as the CEC) and write the\n"
      "publication directory: every station's protocol and versions, every tier, the log, NIST/CSV/JSON\n"
      "(docs/formats.md). Files already published are kept. Exit 0, 1 if protocols were rejected, 2 bad input.");
  publish->add_option("ELECTION_DIR", *dir, "Election directory")->required();
  publish->add_option("--out", *out, "Publication directory (default: ELECTION_DIR/publication)");
  commands->push_back({publish, [dir, out] { return RunPublish(*dir, *out); }});
}

}  // namespace ashyq::cli
