// ashyq verify ELECTION_DIR_OR_PUBLICATION: the independent verifier (R-F1). Reads only the
// published record and names every failure; src/verify does the work.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cli_output.h"
#include "commands.h"
#include "core/json.h"
#include "crypto/keys.h"
#include "verify/finding_words.h"
#include "verify/record_verifier.h"

namespace ashyq::cli {
namespace {

struct VerifyCliOptions {
  std::string path;
  bool json = false;
  std::string cec_key;
  bool cec_key_given = false;  // even as an empty string, which is malformed
  unsigned threads = 0;
};

// A one-line progress bar on stderr, redrawn at most ten times a second; only on a terminal.
class ProgressBar {
 public:
  ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() { Clear(); }

  void Update(std::string_view stage, uint64_t done, uint64_t total) {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (stage == stage_ && done != total && now - last_ < std::chrono::milliseconds(100)) return;
    stage_ = std::string(stage);
    last_ = now;
    constexpr int kWidth = 30;
    const int filled = total == 0 ? 0 : static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, ' ');
    std::fprintf(stderr, "\r\033[K[%s] %s %s/%s", bar.c_str(), stage_.c_str(),
                 Grouped(static_cast<int64_t>(done)).c_str(), Grouped(static_cast<int64_t>(total)).c_str());
    std::fflush(stderr);
    drawn_ = true;
  }

  void Clear() {
    if (!enabled_ || !drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::mutex mutex_;
  std::string stage_;
  std::chrono::steady_clock::time_point last_{};
};

std::string N(uint64_t n) { return Grouped(static_cast<int64_t>(n)); }

std::string Plural(size_t n, const char* word) { return N(n) + " " + word + (n == 1 ? "" : "s"); }

void PrintReport(const verify::VerificationReport& r) {
  // The verdict comes first, so that nobody reads "verified" into a failed check.
  const size_t failed = r.findings.failures().size();
  const std::string what =
      "the publication " + r.publication + (r.election_id.empty() ? "" : " of election " + r.election_id);
  if (failed == 0) {
    std::printf("VERIFIED: %s; every signature, total, file and tree head checks.\n", what.c_str());
  } else {
    std::printf("NOT VERIFIED: %s; %s (listed below).\n", what.c_str(), Plural(failed, "failure").c_str());
  }
  if (!r.election_id.empty()) {
    std::printf("  election %s, definition %s\n", r.election_id.c_str(), r.definition_digest.c_str());
  }
  if (!r.cec_key.empty()) {
    std::printf("  CEC key %s\n  (compare it with the key the CEC announced, or pin it with --cec-key)\n",
                r.cec_key.c_str());
  }
  std::printf("\n");
  std::printf("Log:         %s leaves; %s of %s signed tree heads check (CEC signature, root of the published leaves)\n",
              N(r.log.leaves).c_str(), N(r.log.heads_checked).c_str(), N(r.log.tree_heads).c_str());
  if (!r.log.latest_root.empty()) {
    std::printf("             latest head: %s leaves, root %s, %s\n", N(r.log.latest_size).c_str(),
                r.log.latest_root.c_str(), r.log.latest_timestamp.c_str());
  }
  std::printf("Signatures:  %s verified against the definition's keys\n", N(r.signatures_verified).c_str());
  std::printf("Protocols:   %s precinct protocols (%s corrections); %s of %s stations counted\n",
              N(r.precinct_protocols).c_str(), N(r.corrections).c_str(), N(r.stations_counted).c_str(),
              N(r.stations_expected).c_str());
  std::printf("Tiers:       %s tier protocols published; %s latest ones equal the tabulation recomputed here\n",
              N(r.tier_protocols).c_str(), N(r.tier_protocols_checked).c_str());
  std::printf("Turnout:     %s reports\n", N(r.turnout_reports).c_str());
  if (r.attempted_alterations > 0) {
    std::printf("Attempts:    %s attempted alterations kept as evidence (signatures verified, never counted)\n",
                N(r.attempted_alterations).c_str());
  }
  if (r.other_leaves > 0) std::printf("Other:       %s leaves of other kinds\n", N(r.other_leaves).c_str());
  std::printf("Outcomes:    %s contests decided again from the recomputed totals\n", N(r.contests_decided).c_str());
  std::printf("Files:       %s station, %s commission and %s other files; %s content addresses checked (%.1f MB read)\n",
              N(r.files.station_files).c_str(), N(r.files.commission_files).c_str(), N(r.files.other_files).c_str(),
              N(r.files.content_checked).c_str(), static_cast<double>(r.files.bytes_read) / 1e6);
  if (r.evote.published) {
    std::printf("E-voting:    %s devices; %s encrypted ballots signed by their device, every proof and tracking chain\n"
                "             checked; %s cast, %s challenged (opened, never tallied); %s station tallies and the\n"
                "             national one decrypted with proofs (%.1f MB read)\n",
                N(r.evote.devices).c_str(), N(r.evote.ballots).c_str(), N(r.evote.cast).c_str(),
                N(r.evote.challenged).c_str(), N(r.evote.tallies).c_str(), static_cast<double>(r.evote.bytes_read) / 1e6);
    if (!r.evote.national.empty()) {
      std::string line;
      for (const auto& [choice, votes] : r.evote.national) {
        line += (line.empty() ? "" : ", ") + choice + " " + N(votes);
      }
      std::printf("             national e-tally: %s\n", line.c_str());
    }
  }

  const auto& notices = r.findings.notice_counts();
  if (!notices.empty()) {
    std::printf("\nNotices (%s; they do not make the record wrong):\n", N(r.findings.notice_total()).c_str());
    std::map<std::string, int> shown;
    for (const auto& [rule, count] : notices) std::printf("  %s: %s\n", rule.c_str(), N(count).c_str());
    for (const Error& e : r.findings.notices()) {
      if (shown[e.rule]++ < 3) std::printf("    %s\n", e.ToString().c_str());
    }
  }
  const auto& failures = r.findings.failures();
  if (!failures.empty()) {
    std::printf("\nFailures (%s):\n", N(failures.size()).c_str());
    for (const Error& e : failures) std::printf("  %s\n", e.ToString().c_str());
    // What the failures mean, for voters and observers, once per rule (the rule id and the
    // detail are in the list above).
    std::vector<std::string> rules;
    for (const Error& e : failures) {
      if (verify::PlainWordsFor(e.rule) != nullptr &&
          std::find(rules.begin(), rules.end(), e.rule) == rules.end()) {
        rules.push_back(e.rule);
      }
    }
    if (!rules.empty()) std::printf("\nIn plain words (kk, ru, en):\n");
    for (const std::string& rule : rules) {
      const verify::PlainWords& w = *verify::PlainWordsFor(rule);
      std::printf("  [%s]\n    kk: %.*s\n    ru: %.*s\n    en: %.*s\n", rule.c_str(), static_cast<int>(w.kk.size()),
                  w.kk.data(), static_cast<int>(w.ru.size()), w.ru.data(), static_cast<int>(w.en.size()), w.en.data());
    }
  }
  std::printf("\nTimings (wall / CPU of all threads):\n");
  for (const auto& t : r.timings) std::printf("  %-40s %6.2f s / %6.2f s\n", t.stage.c_str(), t.seconds, t.cpu_seconds);
  std::printf("  %-40s %6.2f s / %6.2f s\n", "total", r.seconds, r.cpu_seconds);
  if (failures.empty()) {
    std::printf("\nVERIFIED: every signature, total, file and tree head checks.\n");
  } else {
    std::printf("\nNOT VERIFIED: %s (listed above).\n", Plural(failures.size(), "failure").c_str());
  }
}

// The CEC key as announced: 64 hex digits in either case (hex is case-insensitive), returned in
// the lowercase the definition uses.
Result<std::string> NormalizedCecKey(const std::string& text) {
  const size_t size = crypto::PublicKey::kSize * 2;
  if (text.size() != size) {
    return BadInput("--cec-key", "expected the CEC's public key as " + std::to_string(size) +
                                     " hexadecimal digits, got " + std::to_string(text.size()) + " characters");
  }
  std::string key = text;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c >= 'A' && c <= 'F') {
      key[i] = static_cast<char>(c - 'A' + 'a');
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return BadInput("--cec-key", "character " + std::to_string(i + 1) + " is not a hexadecimal digit (0-9, a-f)");
    }
  }
  return key;
}

// Bad input ends a --json run with a document too, so that a script reading stdout always gets
// one (docs/formats.md, "Verification report").
void PrintJsonError(const VerifyCliOptions& o, const Error& error) {
  if (o.json) {
    json::Value detail = json::Value::Object();
    detail.Set("code", json::Value(ErrorCodeName(error.code)));
    detail.Set("where", json::Value(error.where));
    detail.Set("rule", json::Value(error.rule));
    detail.Set("message", json::Value(error.message));
    json::Value doc = json::Value::Object();
    doc.Set("format", json::Value("ashyq/verification-report/1"));
    doc.Set("ok", json::Value(false));
    doc.Set("publication", json::Value(o.path));
    doc.Set("error", std::move(detail));
    std::printf("%s\n", json::Canonicalize(doc).c_str());
  }
}

int ReportInputError(const VerifyCliOptions& o, const Error& error) {
  PrintJsonError(o, error);
  return ReportError(error);
}

int RunVerify(const VerifyCliOptions& o, std::string_view expected = {}) {
  verify::VerifyOptions options;
  if (o.cec_key_given) {
    Result<std::string> key = NormalizedCecKey(o.cec_key);
    if (!key.ok()) return ReportInputError(o, key.error());
    options.expected_cec_key = *key;
  }
  ProgressBar bar;
  options.threads = o.threads;
  options.progress = [&bar](std::string_view stage, uint64_t done, uint64_t total) { bar.Update(stage, done, total); };
  Result<verify::VerificationReport> report = verify::VerifyPublication(o.path, options);
  bar.Clear();
  if (!report.ok()) return ReportInputError(o, report.error());
  if (o.json) {
    std::printf("%s\n", json::Canonicalize(verify::ReportToJson(*report)).c_str());
  } else {
    PrintReport(*report);
  }
  bool only_expected = !expected.empty();
  for (const Error& e : report->findings.failures()) only_expected = only_expected && e.rule == expected;
  return (report->ok() || only_expected) ? kExitOk : kExitCheckFailed;
}

}  // namespace

int VerifyAndReport(const std::string& path, std::string_view expected) {
  VerifyCliOptions options;
  options.path = path;
  return RunVerify(options, expected);
}

void AddVerifyCommand(CLI::App& app, std::vector<Command>* commands) {
  auto options = std::make_shared<VerifyCliOptions>();
  CLI::App* verify = app.add_subcommand(
      "verify",
      "Independently verify a published election record (a publication directory, or an election\n"
      "directory with one): every signature against the definition's keys, every protocol's quorum and\n"
      "reconciliation, correction chains, every tier equal to the sum beneath it, seats and winners,\n"
      "every published file against the public log, and every signed tree head. Reads only the\n"
      "published files. Exit 0 verified, 1 a check failed (every failure is named), 2 not a publication.");
  verify->add_option("ELECTION_DIR_OR_PUBLICATION", options->path, "Publication or election directory")->required();
  CLI::Option* json_flag = verify->add_flag("--json", options->json, "Print the report as JSON (ashyq/verification-report/1)");
  CLI::Option* cec_key = verify->add_option("--cec-key", options->cec_key,
                     "The CEC's public key (64 hex digits, either case) as announced: fail unless the definition\n"
                     "is signed with it");
  verify->add_option("--threads", options->threads, "Threads (default: every core)");
  commands->push_back({verify,
                       [options, cec_key] {
                         options->cec_key_given = cec_key->count() > 0;
                         return RunVerify(*options);
                       },
                       [options, json_flag](const Error& error) {
                         options->json = json_flag->count() > 0;
                         PrintJsonError(*options, error);
                       }});
}

}  // namespace ashyq::cli
