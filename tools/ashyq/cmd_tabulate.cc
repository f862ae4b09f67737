// ashyq tabulate ELECTION_DIR: verify every stored precinct protocol and total them tier by tier.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <sys/stat.h>

#include "cli_output.h"
#include "commands.h"
#include "crypto/key_file.h"
#include "protocol/election_context.h"
#include "sim/election_directory.h"
#include "store_option.h"
#include "core/utc_time.h"
#include "tabulation_report.h"

namespace ashyq::cli {
namespace {

int RunTabulate(const std::string& dir, const std::string& db_option) {
  if (Status there = CheckStoreExists(db_option, dir); !there.ok()) return ReportError(there.error());
  Result<std::unique_ptr<protocol::ElectionContext>> election =
      protocol::ElectionContext::Load(dir + "/" + sim::kDefinitionFileName);
  if (!election.ok()) return ReportError(election.error());
  Result<std::unique_ptr<store::Store>> db = OpenCountedStore(db_option, dir);
  if (!db.ok()) return ReportError(db.error());

  // Simulated elections sign tier protocols with the keyring; a real commission signs its own.
  struct stat st;
  std::optional<crypto::SimulatedKeyring> keyring;
  const std::string keyring_path = dir + "/" + sim::kKeyringFileName;
  if (::stat(keyring_path.c_str(), &st) == 0) {
    Result<crypto::KeySeed> master = crypto::KeyFile::LoadSeed(keyring_path);
    if (!master.ok()) return ReportError(master.error());
    keyring.emplace(*master);
  }
  Result<server::TabulationRun> run =
      server::RunTabulation(**election, **db, keyring ? SimulatedCommissionKeys(*keyring) : server::CommissionKeys());
  if (!run.ok()) return ReportError(run.error());
  PrintNationalResult(*run);
  if (keyring) {
    Status exported =
        server::WriteResultExports(**election, *run, dir + "/" + sim::kResultsDirName, UtcNow());
    if (!exported.ok()) return ReportError(exported.error());
    std::printf("\nResults written to %s/%s/\n", dir.c_str(), sim::kResultsDirName);
  } else {
    std::printf("\nNo commission key here: totals computed and checked, nothing signed or exported.\n");
  }
  std::printf("Timings: read %.2f s, verify %.2f s, tabulate and decide %.2f s, sign and store %.2f s\n",
              run->read_seconds, run->verify_seconds, run->aggregate_seconds, run->sign_store_seconds);
  return run->rejected.empty() ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddTabulateCommand(CLI::App& app, std::vector<Command>* commands) {
  auto dir = std::make_shared<std::string>();
  auto db = std::make_shared<std::string>();
  CLI::App* tabulate = app.add_subcommand(
      "tabulate",
      "Verify every precinct protocol in an election directory (signatures against the definition's\n"
      "keys, quorum, reconciliation, correction chains), total them TEC -> REC -> CEC, decide seats and\n"
      "winners, and store the signed tier protocols and the result exports (results/).\n"
      "Exit 0 all protocols verified, 1 some were rejected (they are listed and not counted), 2 bad input.");
  tabulate->add_option("ELECTION_DIR", *dir, "Election directory")->required();
  AddDbOption(tabulate, db.get());
  commands->push_back({tabulate, [dir, db] { return RunTabulate(*dir, *db); }});
}

}  // namespace ashyq::cli
