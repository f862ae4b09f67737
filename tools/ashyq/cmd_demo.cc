// ashyq demo: the product's spine on a simulated national election, end to end.
// Today: scenario -> definition -> CEC signature -> election directory -> read back, verify,
// check every rule -> report. Each issue extends it (protocols, tabulation, log, publication,
// verifier).
#include <chrono>
#include <cstdio>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/definition_check.h"
#include "crypto/signed_definition.h"
#include "definition_report.h"
#include "sim/election_directory.h"

namespace ashyq::cli {
namespace {

struct DemoOptions {
  std::string scenario = "kz2007-majilis";
  uint64_t seed = 2007;
  std::string out = "demo-out";
  bool no_serve = false;
};

int RunDemo(const DemoOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  std::printf("Ashyq demo: scenario %s, seed %llu, election directory %s\n\n", o.scenario.c_str(),
              static_cast<unsigned long long>(o.seed), o.out.c_str());

  sim::GeneratedElection election;
  int code = GenerateInto(o.scenario, o.seed, o.out, /*replace=*/true, &election);
  if (code != kExitOk) return code;

  // Read back what was published and check it as an observer would: from the file alone.
  const auto read_start = std::chrono::steady_clock::now();
  const std::string path = o.out + "/" + sim::kDefinitionFileName;
  Result<crypto::DefinitionDocument> document = crypto::LoadDefinitionFile(path);
  if (!document.ok()) return ReportError(document.error());
  if (!document->problems.empty() || !document->envelope) {
    for (const Error& e : document->problems) std::printf("violation: %s\n", e.ToString().c_str());
    return kExitCheckFailed;
  }
  DefinitionReport report = CheckDefinition(document->definition);
  const double read_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count();
  if (!report.violations.empty()) {
    for (const Error& e : report.violations) std::printf("violation: %s\n", e.ToString().c_str());
    return kExitCheckFailed;
  }

  PrintDefinitionReport(document->definition, &*document->envelope);

  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("\nTimings: generate %.2f s, sign %.2f s, read back + verify + check %.2f s, total %.2f s\n",
              election.generate_seconds, election.sign_seconds, read_seconds, total);
  std::printf("Election directory: %s (check it yourself: ashyq definition check %s)\n", o.out.c_str(),
              path.c_str());
  return kExitOk;
}

}  // namespace

void AddDemoCommand(CLI::App& app, std::vector<Command>* commands) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Run a simulated national election end to end (default: the 2007 Majilis election at full\n"
      "size) and print what a commission and an observer would see. Replaces its own output\n"
      "directory.");
  demo->add_option("--scenario", options->scenario, "Scenario (see `scenario list`)")->capture_default_str();
  demo->add_option("--seed", options->seed, "Random seed of the simulation")->capture_default_str();
  demo->add_option("--out", options->out, "Where the election directory is written")->capture_default_str();
  demo->add_flag("--no-serve", options->no_serve,
                 "Do not serve the results site afterwards (the site arrives with the publication issue)");
  commands->push_back({demo, [options] { return RunDemo(*options); }});
}

}  // namespace ashyq::cli
