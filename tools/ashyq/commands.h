// The ashyq subcommands. Each Add*Commands registers its CLI11 subcommands and, for each, the
// function to run when it is the one the user chose. Commands are thin: the work is in src/.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/result.h"

namespace ashyq::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;  // returns the process exit code
  // Optional: also reports a usage error of this command in its own output format (e.g. --json);
  // the message is already on stderr and the exit code is 2.
  std::function<void(const Error&)> usage_error = nullptr;
};

void AddScenarioCommands(CLI::App& app, std::vector<Command>* commands);
void AddDefinitionCommands(CLI::App& app, std::vector<Command>* commands);
void AddKeysCommands(CLI::App& app, std::vector<Command>* commands);
void AddDemoCommand(CLI::App& app, std::vector<Command>* commands);
void AddSeatsCommand(CLI::App& app, std::vector<Command>* commands);
void AddProtocolCommands(CLI::App& app, std::vector<Command>* commands);
void AddTabulateCommand(CLI::App& app, std::vector<Command>* commands);
void AddServeCommand(CLI::App& app, std::vector<Command>* commands);
void AddServerCommand(CLI::App& app, std::vector<Command>* commands);
void AddPublishCommand(CLI::App& app, std::vector<Command>* commands);
void AddVerifyCommand(CLI::App& app, std::vector<Command>* commands);
void AddTierCommands(CLI::App& app, std::vector<Command>* commands);
void AddGuardianCommands(CLI::App& app, std::vector<Command>* commands);
void AddRegisterCommands(CLI::App& app, std::vector<Command>* commands);
// `protocol check-copy`, registered by AddProtocolCommands under its `protocol` subcommand.
void AddCheckCopyCommand(CLI::App* protocol_app, std::vector<Command>* commands);

}  // namespace ashyq::cli

namespace ashyq::sim { struct GeneratedElection; }
namespace ashyq::server { struct PublicationRun; }
namespace ashyq::station { struct SubmissionAnswer; }

namespace ashyq::cli {

struct ServeOptions {
  std::string publication;  // the publication directory
  int port = 8080;
  std::string bind = "127.0.0.1";
  std::string site = "";  // serve the site from this directory instead of the embedded copy
};
// Serves the results site and `publication` until Ctrl-C; returns the exit code. Shared by
// `serve` and `demo`.
int ServePublication(const ServeOptions& options);

// Ctrl-C and SIGTERM are taken by a sigwait, never by a handler: BlockStopSignals() first,
// before any thread starts (threads inherit the blocked mask). ServeUntilStopSignal then runs
// `run` on a thread, and calls `stop` (outside any signal handler) on Ctrl-C or SIGTERM, or
// when `run` returns on its own; returns what `run` returned. Shared by `serve` and `server run`.
void BlockStopSignals();
Status ServeUntilStopSignal(const std::function<Status()>& run, const std::function<void()>& stop);

// Prints a submission's receipt (a line in plain words, then the receipt as signed) and returns
// the exit code: 0 logged, 1 refused. Shared by `server submit` and `tier sign --server`.
int PrintSubmissionAnswer(const station::SubmissionAnswer& answer);

// Runs the independent verifier on a publication (or election) directory with a progress bar,
// prints its report and returns the exit code (0 verified, 1 failures, 2 bad input). Shared by
// `verify` and `demo`. Failures of rule `expected` alone (e.g. R-C4.evote-missing when the demo
// skipped e-voting) are reported and return 0.
int VerifyAndReport(const std::string& path, std::string_view expected = {});

// Prints the public log's tree head and what was written (after the national result). Shared by
// `publish` and `demo`.
void PrintPublicationRun(const server::PublicationRun& run);

// Generates `scenario` and writes its election directory to `out`; reports any error and
// returns the exit code. Shared by `scenario generate` and `demo`.
int GenerateInto(const std::string& scenario, uint64_t seed, const std::string& out, bool replace,
                 sim::GeneratedElection* generated);

}  // namespace ashyq::cli
