// ashyq keys generate: a fresh Ed25519 key for one commission or member.
// ashyq keys export: a simulated election's commission keys as key files, for `publish --keys`.
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "crypto/key_file.h"
#include "protocol/election_context.h"
#include "server/publication_run.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"

namespace ashyq::cli {
namespace {

struct ExportOptions {
  std::string election;
  std::string out;
  std::string commission;  // only this commission's key (any tier, e.g. a PEC's for `server submit`)
};

// Simulation only: a real election has no keyring to derive keys from.
int RunExport(const ExportOptions& o) {
  const std::string keyring_path = o.election + "/" + sim::kKeyringFileName;
  struct stat st;
  if (::stat(keyring_path.c_str(), &st) != 0) {
    return ReportError(Error{ErrorCode::kNotFound, keyring_path, "",
                             "no simulation keyring: only a simulated election's keys can be exported (a real "
                             "commission makes its key with `ashyq keys generate`)"});
  }
  Result<std::unique_ptr<protocol::ElectionContext>> election =
      protocol::ElectionContext::Load(o.election + "/" + sim::kDefinitionFileName);
  if (!election.ok()) return ReportError(election.error());
  std::vector<const Commission*> commissions = server::SigningCommissions((*election)->definition());
  if (!o.commission.empty()) {
    const size_t c = (*election)->tree().FindCommission(o.commission);
    if (c == CommissionTree::kNone) {
      return ReportError(BadInput("--commission", "\"" + o.commission + "\" is no commission of this election"));
    }
    commissions = {&(*election)->tree().commission(c)};
  }
  // Every file is checked before any is written: an export is all or nothing.
  for (const Commission* c : commissions) {
    const std::string path = o.out + "/" + server::CommissionKeyFileName(c->id);
    if (::lstat(path.c_str(), &st) == 0) {
      return ReportError(Error{ErrorCode::kAlreadyExists, path, "",
                               "a key file already exists here; a secret key is never overwritten (nothing was "
                               "written)"});
    }
  }
  Result<crypto::KeySeed> master = crypto::KeyFile::LoadSeed(keyring_path);
  if (!master.ok()) return ReportError(master.error());
  const crypto::SimulatedKeyring keyring(*master);
  Status made = MakeDirectories(o.out, 0700);
  if (!made.ok()) return ReportError(made.error());
  for (const Commission* c : commissions) {
    const std::string path = o.out + "/" + server::CommissionKeyFileName(c->id);
    Status written = crypto::KeyFile::Write(path, c->id, keyring.SeedFor(sim::SimulatedKeyIndex(c->id)));
    if (!written.ok()) return ReportError(written.error());
  }
  if (!o.commission.empty()) {
    std::printf("The key file of %s written to %s (mode 0600)\n", o.commission.c_str(), o.out.c_str());
    return kExitOk;
  }
  std::printf("%zu key files (every TEC, REC and the CEC) written to %s (mode 0600), one <commission-id>.key each;\n"
              "their public keys are the definition's. Use them with: ashyq publish %s --keys %s\n",
              commissions.size(), o.out.c_str(), o.election.c_str(), o.out.c_str());
  return kExitOk;
}

}  // namespace

void AddKeysCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* keys = app.add_subcommand("keys", "Signing keys of commissions and their members");
  keys->require_subcommand(1);

  struct Options {
    std::string owner;
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* generate = keys->add_subcommand(
      "generate",
      "Generate an Ed25519 key pair into a new key file readable only by you (mode 0600).\n"
      "Prints the public key, which goes into the election definition; the secret never\n"
      "leaves the file. An existing file is never overwritten.");
  generate->add_option("--owner", options->owner, "Id of the commission or member, e.g. pec-akmola-0175.m1")
      ->required();
  generate->add_option("--out", options->out, "Key file to create")->required();
  commands->push_back({generate, [options] {
                         Result<crypto::PublicKey> key = crypto::KeyFile::Generate(options->out, options->owner);
                         if (!key.ok()) return ReportError(key.error());
                         std::printf("owner       %s\npublic key  %s\nkey file    %s (mode 0600)\n",
                                     options->owner.c_str(), key->Hex().c_str(), options->out.c_str());
                         return kExitOk;
                       }});

  auto export_options = std::make_shared<ExportOptions>();
  CLI::App* export_app = keys->add_subcommand(
      "export",
      "SIMULATED ELECTIONS ONLY: write the key file of every TEC, REC and the CEC of a simulated\n"
      "election, derived from its keyring (keys/simulation-keyring.key), into KEYDIR as\n"
      "<commission-id>.key, as `ashyq publish --keys KEYDIR` reads them. A real commission has no\n"
      "keyring: it makes its key with `ashyq keys generate`. Existing files are never overwritten;\n"
      "secrets are never printed.");
  export_app->add_option("--election", export_options->election, "Simulated election directory")->required();
  export_app->add_option("--out", export_options->out, "Key directory to write (created with mode 0700)")
      ->required();
  export_app->add_option("--commission", export_options->commission,
                         "Only this commission's key (any tier: a PEC's, to submit as it with `ashyq server submit`)");
  commands->push_back({export_app, [export_options] { return RunExport(*export_options); }});
}

}  // namespace ashyq::cli
