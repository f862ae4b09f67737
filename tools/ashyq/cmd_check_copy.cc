// ashyq protocol check-copy PUBLICATION (--qr TEXT | --digits TEXT): is the protocol an
// observer holds on paper exactly the one published? src/verify/copy_check.h does the work.
#include <cstdio>
#include <memory>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/json.h"
#include "protocol/protocol_copy.h"
#include "verify/copy_check.h"

namespace ashyq::cli {
namespace {

struct CheckCopyOptions {
  std::string path;
  std::string qr;
  std::string digits;
  bool json = false;
};

std::string StatusName(verify::CopyCheck::Status status) {
  switch (status) {
    case verify::CopyCheck::Status::kPublishedLatest: return "published";
    case verify::CopyCheck::Status::kSuperseded: return "superseded";
    case verify::CopyCheck::Status::kRefused: return "refused";
    case verify::CopyCheck::Status::kNeverPublished: return "never_published";
  }
  return "?";
}

json::Value ToJson(const verify::CopyCheck& c) {
  json::Value doc = json::Value::Object();
  doc.Set("format", json::Value("ashyq/copy-check/1"));
  doc.Set("status", json::Value(StatusName(c.status)));
  doc.Set("election_id", json::Value(c.election_id));
  doc.Set("station", json::Value(c.reference.station));
  doc.Set("version", json::Value(c.reference.version));
  doc.Set("digest", json::Value(c.digest.empty() ? c.reference.digest : c.digest));
  doc.Set("leaf_index", c.digest.empty() ? json::Value() : json::Value(static_cast<int64_t>(c.leaf)));
  doc.Set("latest_version", json::Value(c.latest_version));
  doc.Set("counted_version", json::Value(c.counted_version));
  json::Value corrections = json::Value::Array();
  for (const auto& k : c.corrections) {
    json::Value v = json::Value::Object();
    v.Set("version", json::Value(k.version));
    v.Set("leaf_index", json::Value(static_cast<int64_t>(k.leaf)));
    v.Set("digest", json::Value(k.digest));
    v.Set("reason", json::Value(k.reason));
    v.Set("decision", k.decision.empty() ? json::Value() : json::Value(k.decision));
    v.Set("refused", k.refusal ? json::Value(k.refusal->ToString()) : json::Value());
    corrections.Push(std::move(v));
  }
  doc.Set("corrections", std::move(corrections));
  doc.Set("refused", c.refusal ? json::Value(c.refusal->ToString()) : json::Value());
  doc.Set("why", c.why.empty() ? json::Value() : json::Value(c.why));
  json::Value head = json::Value::Object();
  head.Set("size", json::Value(static_cast<int64_t>(c.tree_size)));
  head.Set("root_hash", json::Value(c.root_hash));
  head.Set("timestamp", json::Value(c.tree_timestamp));
  doc.Set("tree_head", std::move(head));
  return doc;
}

void PrintCheck(const verify::CopyCheck& c) {
  const std::string who = c.reference.station + " version " + std::to_string(c.reference.version);
  switch (c.status) {
    case verify::CopyCheck::Status::kPublishedLatest:
      std::printf("published, latest version: the protocol of %s on this copy is leaf %s of the public log\n",
                  who.c_str(), Grouped(static_cast<int64_t>(c.leaf)).c_str());
      std::printf("  digest %s\n", c.digest.c_str());
      break;
    case verify::CopyCheck::Status::kSuperseded:
      std::printf("superseded by version %lld: the protocol of %s on this copy is leaf %s of the public log,\n"
                  "but its PEC signed a later version\n",
                  static_cast<long long>(c.counted_version), who.c_str(), Grouped(static_cast<int64_t>(c.leaf)).c_str());
      break;
    case verify::CopyCheck::Status::kRefused:
      std::printf("refused: the protocol of %s on this copy is leaf %s of the public log, but it does not hold and "
                  "is not counted:\n  %s\n",
                  who.c_str(), Grouped(static_cast<int64_t>(c.leaf)).c_str(),
                  c.refusal ? c.refusal->ToString().c_str() : "");
      break;
    case verify::CopyCheck::Status::kNeverPublished:
      std::printf("never published: %s\n", c.why.c_str());
      break;
  }
  for (const auto& k : c.corrections) {
    std::printf("  version %lld (leaf %s): %s \"%s\"%s%s\n", static_cast<long long>(k.version),
                Grouped(static_cast<int64_t>(k.leaf)).c_str(), k.refusal ? "refused correction," : "reason",
                k.reason.c_str(), k.decision.empty() ? "" : (", decision " + k.decision).c_str(),
                k.refusal ? (": " + k.refusal->ToString()).c_str() : "");
  }
  std::printf("Checked against the CEC-signed tree head of %s leaves (%s), root %s.\n",
              Grouped(static_cast<int64_t>(c.tree_size)).c_str(), c.tree_timestamp.c_str(), c.root_hash.c_str());
}

int RunCheckCopy(const CheckCopyOptions& o) {
  if (o.qr.empty() == o.digits.empty()) {
    return ReportError(BadInput("", "give exactly one of --qr TEXT and --digits TEXT"));
  }
  Result<protocol::CopyReference> reference = protocol::ParseCopyReference(o.qr.empty() ? o.digits : o.qr);
  if (!reference.ok()) {
    Error e = reference.error();
    e.code = ErrorCode::kBadInput;  // a malformed copy reference is bad input, whatever part is wrong
    return ReportError(e);
  }
  Result<verify::CopyCheck> check = verify::CheckCopy(o.path, *reference);
  if (!check.ok()) return ReportError(check.error());
  if (o.json) {
    std::printf("%s\n", json::Canonicalize(ToJson(*check)).c_str());
  } else {
    PrintCheck(*check);
  }
  return check->status == verify::CopyCheck::Status::kPublishedLatest ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddCheckCopyCommand(CLI::App* protocol_app, std::vector<Command>* commands) {
  auto options = std::make_shared<CheckCopyOptions>();
  CLI::App* check = protocol_app->add_subcommand(
      "check-copy",
      "Say whether the protocol on an observer's copy (its QR code, or the reference typed by hand) is\n"
      "exactly the one in the published log: \"published, latest version\" (exit 0); \"superseded by\n"
      "version N\" with the reason, \"refused\" or \"never published\" (exit 1); malformed text (exit 2).");
  check->add_option("PUBLICATION", options->path, "Publication directory, or an election directory with one")
      ->required();
  check->add_option("--qr", options->qr, "The QR code's text: ASHYQ1:<election>:<station>:<version>:<digest>");
  check->add_option("--digits", options->digits,
                    "The typed reference: \"<station> v<version> XXXX XXXX XXXX XXXX XXXX C\"");
  check->add_flag("--json", options->json, "Print the answer as JSON (ashyq/copy-check/1)");
  commands->push_back({check, [options] { return RunCheckCopy(*options); }});
}

}  // namespace ashyq::cli
