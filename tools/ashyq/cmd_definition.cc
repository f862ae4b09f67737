// ashyq definition check|show: validate an election definition and describe it.
#include <cstdio>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/definition_check.h"
#include "core/json.h"
#include "crypto/signed_definition.h"
#include "definition_report.h"

namespace ashyq::cli {
namespace {

json::Value ErrorsToJson(const std::vector<Error>& errors) {
  json::Value out = json::Value::Array();
  for (const Error& e : errors) {
    json::Value item = json::Value::Object();
    item.Set("where", e.where);
    item.Set("rule", e.rule);
    item.Set("message", e.message);
    out.Push(std::move(item));
  }
  return out;
}

int RunCheck(const std::string& path, bool as_json) {
  Result<crypto::DefinitionDocument> document = crypto::LoadDefinitionFile(path);
  if (!document.ok()) return ReportError(document.error());

  // Structural problems (and a bad signature) come first; the semantic rules only make sense
  // on a definition that could be read completely.
  std::vector<Error> violations = document->problems;
  std::vector<Error> notices;
  if (violations.empty()) {
    DefinitionReport report = CheckDefinition(document->definition);
    violations = std::move(report.violations);
    notices = std::move(report.notices);
  }
  const bool signed_ok = document->envelope.has_value() && document->problems.empty();

  if (as_json) {
    json::Value out = json::Value::Object();
    out.Set("file", path);
    out.Set("ok", violations.empty());
    out.Set("signed", document->envelope.has_value());
    out.Set("signature_verified", signed_ok);
    out.Set("violations", ErrorsToJson(violations));
    out.Set("notices", ErrorsToJson(notices));
    std::printf("%s\n", json::Pretty(out).c_str());
  } else {
    for (const Error& e : violations) std::printf("violation: %s\n", e.ToString().c_str());
    for (const Error& e : notices) std::printf("notice:    %s\n", e.ToString().c_str());
    std::printf("%s: %s; %zu violation%s, %zu notice%s%s\n", path.c_str(),
                violations.empty() ? "OK" : "FAILED", violations.size(),
                violations.size() == 1 ? "" : "s", notices.size(), notices.size() == 1 ? "" : "s",
                signed_ok ? "; CEC signature verified" : document->envelope ? "" : "; unsigned");
  }
  return violations.empty() ? kExitOk : kExitCheckFailed;
}

int RunShow(const std::string& path) {
  Result<crypto::DefinitionDocument> document = crypto::LoadDefinitionFile(path);
  if (!document.ok()) return ReportError(document.error());
  if (!document->problems.empty()) {
    for (const Error& e : document->problems) std::printf("violation: %s\n", e.ToString().c_str());
    std::printf("%s cannot be read completely; run `ashyq definition check %s`\n", path.c_str(), path.c_str());
    return kExitCheckFailed;
  }
  PrintDefinitionReport(document->definition, document->envelope ? &*document->envelope : nullptr);
  return kExitOk;
}

}  // namespace

void AddDefinitionCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* definition = app.add_subcommand("definition", "Election definitions");
  definition->require_subcommand(1);

  struct Options {
    std::string file;
    bool json = false;
  };
  auto check_options = std::make_shared<Options>();
  CLI::App* check = definition->add_subcommand(
      "check",
      "Validate a definition (signed or bare) against the rules of R-A1..R-A5 and report every\n"
      "violation with its JSON pointer. Exit 0 valid, 1 rules broken, 2 unreadable file.");
  check->add_option("FILE", check_options->file, "definition.json")->required();
  check->add_flag("--json", check_options->json, "Print the report as JSON");
  commands->push_back({check, [check_options] { return RunCheck(check_options->file, check_options->json); }});

  auto show_options = std::make_shared<Options>();
  CLI::App* show = definition->add_subcommand(
      "show", "Summarise a definition: the commission tree per tier and region, voters, contests,\n"
              "ballot order and commission composition");
  show->add_option("FILE", show_options->file, "definition.json")->required();
  commands->push_back({show, [show_options] { return RunShow(show_options->file); }});
}

}  // namespace ashyq::cli
