// ashyq keys generate: a fresh Ed25519 key for one commission or member.
#include <cstdio>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "crypto/key_file.h"

namespace ashyq::cli {

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
}

}  // namespace ashyq::cli
