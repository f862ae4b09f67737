// ashyq: one command line for the whole election system. See `ashyq --help`.
#include <cstdio>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli_output.h"
#include "commands.h"
#include "crypto/keys.h"

int main(int argc, char** argv) {
  using namespace ashyq::cli;
  CLI::App app{
      "Ashyq: an open, end-to-end verifiable election system.\n"
      "Exit codes: 0 ok, 1 a check or verification failed, 2 bad input or usage.",
      "ashyq"};
  app.set_version_flag("--version", std::string("ashyq ") + ASHYQ_VERSION);
  app.require_subcommand(1);

  std::vector<Command> commands;
  AddDemoCommand(app, &commands);
  AddScenarioCommands(app, &commands);
  AddDefinitionCommands(app, &commands);
  AddKeysCommands(app, &commands);
  AddSeatsCommand(app, &commands);
  AddProtocolCommands(app, &commands);
  AddTabulateCommand(app, &commands);
  AddServeCommand(app, &commands);
  AddPublishCommand(app, &commands);
  AddVerifyCommand(app, &commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  ashyq::Status init = ashyq::crypto::Initialize();
  if (!init.ok()) return ReportError(init.error());

  // Run the deepest chosen subcommand.
  for (auto it = commands.rbegin(); it != commands.rend(); ++it) {
    if (it->app->parsed()) return it->run();
  }
  std::fputs(app.help().c_str(), stderr);
  return kExitBadInput;
}
