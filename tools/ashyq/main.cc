// ashyq: one command line for the whole election system. See `ashyq --help`.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli_output.h"
#include "commands.h"
#include "crypto/keys.h"

namespace {

// The first word naming no command where one is expected (e.g. `ashyq no-such-command --help`),
// or "" when every such word names one. CLI11 would show the top-level help and exit 0 when
// --help follows an unknown word; a mistyped command is a usage error. Only the grouping
// commands (ashyq, keys, protocol, ...) are walked: they take no option with a value.
std::string UnknownCommand(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    const std::vector<CLI::App*> subcommands = current->get_subcommands([](CLI::App*) { return true; });
    if (subcommands.empty()) return "";
    if (word.empty() || word.front() == '-') continue;
    CLI::App* next = nullptr;
    for (CLI::App* sub : subcommands) {
      if (sub->check_name(word)) next = sub;
    }
    if (next == nullptr) return word;
    current = next;
  }
  return "";
}

}  // namespace

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
  AddTierCommands(app, &commands);
  AddServeCommand(app, &commands);
  AddServerCommand(app, &commands);
  AddPublishCommand(app, &commands);
  AddVerifyCommand(app, &commands);
  AddGuardianCommands(app, &commands);
  AddRegisterCommands(app, &commands);

  if (const std::string unknown = UnknownCommand(app, argc, argv); !unknown.empty()) {
    return ReportError(ashyq::BadInput(unknown, "not an ashyq command (`ashyq --help` lists them)"));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    if (code == 0) return kExitOk;
    for (auto it = commands.rbegin(); it != commands.rend(); ++it) {
      if (!it->app->parsed()) continue;
      if (it->usage_error) it->usage_error(ashyq::BadInput(it->app->get_name(), e.what()));
      break;
    }
    return kExitBadInput;
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
