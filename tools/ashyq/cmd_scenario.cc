// ashyq scenario list|show|generate: the built-in simulated elections.
#include <cstdio>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/json.h"
#include "sim/election_directory.h"
#include "sim/scenario.h"

namespace ashyq::cli {
namespace {

// The raw embedded scenario file, for `show` (the parsed spec drops the sources).
Result<json::Value> ScenarioDocument(const std::string& name) {
  for (const auto& [file_name, text] : sim::EmbeddedScenarioFiles()) {
    if (file_name == name) return json::Parse(text);
  }
  return sim::LoadScenario(name).error();  // kNotFound listing the available names
}

std::string Description(const json::Value& doc) {
  const json::Value* d = doc.is_object() ? doc.Find("description") : nullptr;
  return d != nullptr && d->is_string() ? d->as_string() : "";
}

int RunList() {
  for (const std::string& name : sim::ScenarioNames()) {
    Result<json::Value> doc = ScenarioDocument(name);
    std::printf("%-22s %s\n", name.c_str(), doc.ok() ? Description(*doc).c_str() : "");
  }
  return kExitOk;
}

int RunShow(const std::string& name) {
  Result<sim::ScenarioSpec> spec = sim::LoadScenario(name);
  if (!spec.ok()) return ReportError(spec.error());
  Result<json::Value> doc = ScenarioDocument(name);
  if (!doc.ok()) return ReportError(doc.error());
  std::printf("%s\n", json::Pretty(*doc).c_str());
  return kExitOk;
}

}  // namespace

int GenerateInto(const std::string& scenario, uint64_t seed, const std::string& out, bool replace,
                 sim::GeneratedElection* generated) {
  Result<sim::GeneratedElection> election = sim::GenerateElection(scenario, seed);
  if (!election.ok()) return ReportError(election.error());
  Status written = sim::WriteElectionDirectory(out, *election, replace);
  if (!written.ok()) return ReportError(written.error());
  *generated = std::move(election).value();
  return kExitOk;
}

void AddScenarioCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* scenario = app.add_subcommand("scenario", "Built-in simulated elections");
  scenario->require_subcommand(1);

  CLI::App* list = scenario->add_subcommand("list", "List the built-in scenarios");
  commands->push_back({list, [] { return RunList(); }});

  auto show_name = std::make_shared<std::string>();
  CLI::App* show = scenario->add_subcommand("show", "Print a scenario's parameters and their sources");
  show->add_option("NAME", *show_name, "Scenario name (see `scenario list`)")->required();
  commands->push_back({show, [show_name] { return RunShow(*show_name); }});

  struct Options {
    std::string name;
    std::string out;
    uint64_t seed = 1;
  };
  auto options = std::make_shared<Options>();
  CLI::App* generate = scenario->add_subcommand(
      "generate",
      "Generate a scenario's election definition, sign it as the CEC and write the election\n"
      "directory (definition.json, keys/). The same seed gives the same election; the simulated\n"
      "keys are fresh each time. Refuses to overwrite an existing election.");
  generate->add_option("NAME", options->name, "Scenario name (see `scenario list`)")->required();
  generate->add_option("--out", options->out, "Election directory to create")->required();
  generate->add_option("--seed", options->seed, "Random seed of the simulation")->capture_default_str();
  commands->push_back({generate, [options] {
                         sim::GeneratedElection election;
                         int code = GenerateInto(options->name, options->seed, options->out, false, &election);
                         if (code != kExitOk) return code;
                         int64_t voters = 0;
                         for (const PollingStation& ps : election.definition.polling_stations) voters += ps.registered_voters;
                         std::printf("%s: %s polling stations, %s registered voters\n"
                                     "definition sha256 %s, signed by the CEC\nwritten to %s/%s\n",
                                     options->name.c_str(),
                                     Grouped(static_cast<int64_t>(election.definition.polling_stations.size())).c_str(),
                                     Grouped(voters).c_str(), election.signed_definition.digest().Hex().c_str(),
                                     options->out.c_str(), sim::kDefinitionFileName);
                         return kExitOk;
                       }});
}

}  // namespace ashyq::cli
