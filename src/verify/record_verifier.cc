#include "verify/record_verifier.h"

#include <time.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "crypto/signed_definition.h"
#include "protocol/election_context.h"
#include "verify/finding_words.h"
#include "verify/leaf_check.h"
#include "core/parallel.h"
#include "verify/publication_directory.h"
#include "verify/published_index.h"
#include "verify/published_log.h"
#include "verify/tally_check.h"

namespace ashyq::verify {
namespace {

using Clock = std::chrono::steady_clock;

// CPU time of the whole process (every thread), in seconds.
double ProcessCpuSeconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

class StageTimer {
 public:
  explicit StageTimer(VerificationReport* report)
      : report_(report), start_(Clock::now()), stage_(start_), cpu_start_(ProcessCpuSeconds()), cpu_stage_(cpu_start_) {}
  void Done(std::string stage) {
    const Clock::time_point now = Clock::now();
    const double cpu = ProcessCpuSeconds();
    report_->timings.push_back({std::move(stage), std::chrono::duration<double>(now - stage_).count(), cpu - cpu_stage_});
    stage_ = now;
    cpu_stage_ = cpu;
    report_->seconds = std::chrono::duration<double>(now - start_).count();
    report_->cpu_seconds = cpu - cpu_start_;
  }

 private:
  VerificationReport* report_;
  Clock::time_point start_, stage_;
  double cpu_start_, cpu_stage_;
};

// Leaf 0: the CEC-signed definition every other check rests on. nullptr after a failure.
std::unique_ptr<protocol::ElectionContext> ReadDefinition(const PublishedLog& log, const PublishedIndex& index,
                                                          const VerifyOptions& options, VerificationReport* report) {
  Findings& findings = report->findings;
  if (log.leaves.empty()) {
    findings.Fail("index.json:/log", "R-E2.definition", "the log holds no leaves: there is no election definition");
    return nullptr;
  }
  const std::string where = log.Where(0);
  // Leaf 0 itself (the published definition file must be it, byte for byte: CheckExports).
  Result<crypto::DefinitionDocument> read = crypto::ReadDefinitionText(log.leaves[0]);
  if (!read.ok() || !read->envelope) {
    findings.Fail(where, "R-E2.definition",
                  "leaf 0 is not the signed election definition" +
                      (read.ok() ? std::string(" (it is not signed)") : ": " + read.error().ToString()));
    return nullptr;
  }
  if (!read->problems.empty()) {
    for (const Error& e : read->problems) findings.Fail(e.In(where));
    return nullptr;
  }
  Result<std::unique_ptr<protocol::ElectionContext>> election =
      protocol::ElectionContext::FromDocument(std::move(read).value());
  if (!election.ok()) election = election.error().In(where);
  if (!election.ok()) {
    Error e = election.error();
    if (e.rule.empty()) e.rule = "R-E2.definition";
    e.message = "leaf 0 is not a valid, CEC-signed election definition: " + e.message;
    findings.Fail(std::move(e));
    return nullptr;
  }
  for (const Commission& c : (*election)->definition().commissions) {
    if (c.tier == CommissionTier::kCentral) report->cec_key = c.public_key;
  }
  if (!options.expected_cec_key.empty() && options.expected_cec_key != report->cec_key) {
    findings.Fail(where, "R-F1.trust-anchor",
                  "the definition is signed by CEC key " + report->cec_key + ", not the announced " +
                      options.expected_cec_key + ": this is not the election you meant to verify");
    return nullptr;
  }
  report->election_id = (*election)->definition().election_id;
  report->definition_digest = (*election)->definition_digest();
  if (index.definition_digest != report->definition_digest) {
    findings.Fail("index.json:/definition_digest", "R-F1.index",
                  "\"" + index.definition_digest + "\" found, but leaf 0's digest is " + report->definition_digest);
  }
  return std::move(election).value();
}

// Last: every entry of the directory is a file some check read (or a directory). Anything else
// was not derived from the signed record, and a reader of the site could be shown it.
void CheckEveryFileAccounted(const PublicationDirectory& dir, VerificationReport* report) {
  for (const PublicationDirectory::Entry& e : dir.Irregular()) {
    report->findings.Fail(e.path, "R-F1.file-type",
                          "a " + e.kind + " where only regular files belong: not opened (a reader following it "
                          "could be shown anything, or wait forever)");
  }
  if (!dir.listing_complete()) {
    report->findings.Fail(".", "R-F1.unexpected-file",
                          "the directory could not be listed completely (unreadable, over " +
                              std::to_string(PublicationDirectory::kMaxEntries) + " entries or " +
                              std::to_string(PublicationDirectory::kMaxDepth) + " levels deep)");
  }
  for (const std::string& path : dir.Unaccounted()) {
    report->findings.Fail(path, "R-F1.unexpected-file",
                          "a file nothing in the signed record accounts for: no index entry, log range or tree "
                          "head names it, and no check derives it (remove it, or it is served as if published)");
  }
}

}  // namespace

namespace {

// The caller's progress callback for one stage, as the checks take it.
std::function<void(uint64_t, uint64_t)> ProgressOf(const VerifyOptions& options, std::string_view stage) {
  return [&options, stage](uint64_t done, uint64_t total) {
    if (options.progress) options.progress(stage, done, total);
  };
}

// index.json and the station map it names. A damaged entry point is the publication's fault
// (a failure, exit 1); an index of another format is not ours to judge (kBadInput, exit 2).
Result<PublishedIndex> ReadIndex(const PublicationDirectory& dir, const std::string& root, bool* foreign) {
  ASHYQ_ASSIGN_OR_RETURN(std::string text, dir.Read("index.json", kMaxIndexBytes));
  Result<PublishedIndex> index = ParsePublishedIndex(text);
  if (!index.ok() && index.error().where == "/format") {
    *foreign = true;
    Error e = index.error().In(root + "/index.json");
    e.code = ErrorCode::kBadInput;  // another format: a newer Ashyq, another system
    e.message = "not a publication index this verifier reads: " + e.message;
    return e;
  }
  if (!index.ok()) {
    Error e = index.error().In("index.json");
    e.message = "not a publication index: " + e.message;
    return e;
  }
  ASHYQ_RETURN_IF_ERROR(ReadStationMap(dir, &*index));
  return index;
}

void CountLeaves(const VerifiedLog& verified, VerificationReport* report) {
  report->signatures_verified = verified.signatures_verified;
  for (const VerifiedLeaf& leaf : verified.leaves) {
    switch (leaf.kind) {
      case LeafKind::kPrecinctProtocol:
        ++report->precinct_protocols;
        if (leaf.version > 1) ++report->corrections;
        break;
      case LeafKind::kTierProtocol: ++report->tier_protocols; break;
      case LeafKind::kTurnoutReport: ++report->turnout_reports; break;
      case LeafKind::kEvidence: ++report->attempted_alterations; break;
      case LeafKind::kOther: ++report->other_leaves; break;
      default: break;
    }
  }
}

void CheckTreeHeads(const PublicationDirectory& dir, const PublishedIndex& index, const PublishedLog& log,
                    const VerifiedLog& verified, const protocol::ElectionContext& election,
                    VerificationReport* report) {
  const Commission& cec = election.tree().commission(election.tree().root());
  Result<crypto::PublicKey> cec_key = crypto::PublicKey::FromHex(report->cec_key);
  if (!cec_key.ok()) return;  // ReadDefinition named it
  report->log = CheckLog(dir, index, log, verified, election.definition().election_id, cec.id, *cec_key,
                         &report->findings);
}

Tally RecomputeTally(const PublishedLog& log, const VerifiedLog& verified, const protocol::ElectionContext& election,
                     unsigned threads, VerificationReport* report) {
  Tally tally = CheckTally(log, verified, election, threads, &report->findings);
  report->stations_reported = tally.stations.size();
  report->stations_counted = tally.counted.size();
  report->tier_protocols_checked = tally.tier_protocols_checked;
  report->contests_decided = tally.outcomes.size();
  // Protocols of stations the definition does not have (VerifyProtocol refused them): no
  // station file can show them, so they are failures here, in log order.
  std::map<size_t, const StationVerdict*> unknown;
  for (const auto& [station, verdict] : tally.stations) {
    if (election.tree().FindStation(station) == CommissionTree::kNone) unknown[verdict.versions.front()] = &verdict;
  }
  for (const auto& [leaf, verdict] : unknown) {
    report->findings.Fail(verdict->rejection ? *verdict->rejection
                                             : CheckFailed(log.Where(leaf), "R-D2.station",
                                                           "a protocol of a station the definition does not have"));
  }
  return tally;
}

// Every published file against the record. The exports (regenerating the NIST report, the CSVs)
// are mostly one thread's work: they run beside the per-file checks, which take every core.
// Findings merge in a fixed order.
void CheckFiles(const PublishedRecord& record, const VerifyOptions& options, VerificationReport* report) {
  CheckIndex(record, &report->findings);
  Findings export_findings;
  FileSummary export_summary;
  std::thread exports([&] { CheckExports(record, &export_summary, &export_findings); });
  CheckStationFiles(record, ProgressOf(options, "checking station files"), &report->files, &report->findings);
  CheckCommissionFiles(record, ProgressOf(options, "checking commission files"), &report->files, &report->findings);
  exports.join();
  report->findings.Merge(std::move(export_findings));
  report->files.station_files += export_summary.station_files;
  report->files.commission_files += export_summary.commission_files;
  report->files.other_files += export_summary.other_files;
  report->files.content_checked += export_summary.content_checked;
  report->files.bytes_read += export_summary.bytes_read;
  if (options.progress) options.progress("checking the e-vote record", 0, 1);
  CheckEvoteRecord(record, &report->evote, &report->findings);
  CheckEveryFileAccounted(*record.dir, report);
}

}  // namespace

Result<VerificationReport> VerifyPublication(const std::string& path, const VerifyOptions& options) {
  ASHYQ_ASSIGN_OR_RETURN(std::string root, FindPublication(path));
  const PublicationDirectory dir(root);
  VerificationReport report;
  report.publication = root;
  bool foreign = false;
  Result<PublishedIndex> index = ReadIndex(dir, root, &foreign);
  if (foreign) return index.error();
  if (!index.ok()) {
    Error e = index.error();
    if (e.rule.empty()) e.rule = "R-F1.index";
    report.findings.Fail(std::move(e));
    CheckEveryFileAccounted(dir, &report);
    return report;
  }

  StageTimer timer(&report);
  const unsigned threads = ThreadCount(options.threads);
  if (options.progress) options.progress("reading the log", 0, 1);
  const PublishedLog log = ReadPublishedLog(dir, *index, &report.findings);
  timer.Done("read the log");
  // Leaf 0 (25 MB nationally) is read on this thread while the other leaves are read and their
  // signatures checked on every core; what the definition says of them is checked after.
  std::atomic<bool> definition_read{false};
  PrecheckedLeaves early;
  std::thread precheck([&] { early = PrecheckLeaves(log, threads, definition_read); });
  std::unique_ptr<protocol::ElectionContext> election = ReadDefinition(log, *index, options, &report);
  definition_read = true;
  precheck.join();
  timer.Done("read and verify the definition (other leaves read meanwhile)");
  if (election == nullptr) {
    CheckEveryFileAccounted(dir, &report);
    return report;
  }
  report.stations_expected = election->definition().polling_stations.size();

  const VerifiedLog verified = VerifyLeaves(log, *election, &early, threads,
                                            ProgressOf(options, "verifying signatures"), &report.findings);
  CountLeaves(verified, &report);
  timer.Done("verify every leaf");
  CheckTreeHeads(dir, *index, log, verified, *election, &report);
  timer.Done("check tree heads and roots");
  const Tally tally = RecomputeTally(log, verified, *election, threads, &report);
  timer.Done("recompute every tier and outcome");

  PublishedRecord record;
  record.dir = &dir;
  record.index = &*index;
  record.log = &log;
  record.verified = &verified;
  record.tally = &tally;
  record.election = election.get();
  record.threads = threads;
  CheckFiles(record, options, &report);
  timer.Done("check every published file and the e-vote record");
  if (options.inspect) options.inspect(record);
  return report;
}

json::Value ReportToJson(const VerificationReport& report) {
  auto errors = [](const std::vector<Error>& list) {
    json::Value out = json::Value::Array();
    for (const Error& e : list) {
      json::Value item = json::Value::Object();
      item.Set("code", json::Value(ErrorCodeName(e.code)));
      item.Set("where", json::Value(e.where));
      item.Set("rule", json::Value(e.rule));
      item.Set("message", json::Value(e.message));
      if (const PlainWords* w = PlainWordsFor(e.rule)) {
        json::Value plain = json::Value::Object();
        plain.Set("kk", json::Value(std::string(w->kk)));
        plain.Set("ru", json::Value(std::string(w->ru)));
        plain.Set("en", json::Value(std::string(w->en)));
        item.Set("plain", std::move(plain));
      }
      out.Push(std::move(item));
    }
    return out;
  };
  auto count = [](uint64_t n) { return json::Value(static_cast<int64_t>(n)); };
  json::Value doc = json::Value::Object();
  doc.Set("format", json::Value("ashyq/verification-report/1"));
  doc.Set("ok", json::Value(report.ok()));
  doc.Set("publication", json::Value(report.publication));
  doc.Set("election_id", json::Value(report.election_id));
  doc.Set("definition_digest", json::Value(report.definition_digest));
  doc.Set("cec_key", json::Value(report.cec_key));
  json::Value summary = json::Value::Object();
  summary.Set("leaves", count(report.log.leaves));
  summary.Set("tree_heads", count(report.log.tree_heads));
  summary.Set("tree_heads_checked", count(report.log.heads_checked));
  summary.Set("tree_size", count(report.log.latest_size));
  summary.Set("root_hash", json::Value(report.log.latest_root));
  summary.Set("tree_head_timestamp", json::Value(report.log.latest_timestamp));
  summary.Set("signatures_verified", count(report.signatures_verified));
  summary.Set("precinct_protocols", count(report.precinct_protocols));
  summary.Set("corrections", count(report.corrections));
  summary.Set("stations_expected", count(report.stations_expected));
  summary.Set("stations_reported", count(report.stations_reported));
  summary.Set("stations_counted", count(report.stations_counted));
  summary.Set("tier_protocols", count(report.tier_protocols));
  summary.Set("tier_protocols_checked", count(report.tier_protocols_checked));
  summary.Set("turnout_reports", count(report.turnout_reports));
  summary.Set("other_leaves", count(report.other_leaves));
  summary.Set("contests_decided", count(report.contests_decided));
  summary.Set("station_files", count(report.files.station_files));
  summary.Set("commission_files", count(report.files.commission_files));
  summary.Set("other_files", count(report.files.other_files));
  summary.Set("content_addresses_checked", count(report.files.content_checked));
  summary.Set("bytes_read", count(report.files.bytes_read));
  summary.Set("evote_devices", count(report.evote.devices));
  summary.Set("evote_ballots", count(report.evote.ballots));
  summary.Set("evote_cast", count(report.evote.cast));
  summary.Set("evote_challenged", count(report.evote.challenged));
  summary.Set("evote_tallies", count(report.evote.tallies));
  summary.Set("failures", count(report.findings.failures().size()));
  summary.Set("notices", count(report.findings.notice_total()));
  doc.Set("summary", std::move(summary));
  doc.Set("failures", errors(report.findings.failures()));
  doc.Set("notices", errors(report.findings.notices()));
  json::Value counts = json::Value::Object();
  for (const auto& [rule, n] : report.findings.notice_counts()) counts.Set(rule, count(n));
  doc.Set("notice_counts", std::move(counts));
  json::Value timings = json::Value::Array();
  for (const VerificationReport::Timing& t : report.timings) {
    json::Value item = json::Value::Object();
    item.Set("stage", json::Value(t.stage));
    item.Set("ms", json::Value(static_cast<int64_t>(t.seconds * 1000 + 0.5)));
    item.Set("cpu_ms", json::Value(static_cast<int64_t>(t.cpu_seconds * 1000 + 0.5)));
    timings.Push(std::move(item));
  }
  doc.Set("timings", std::move(timings));
  return doc;
}

}  // namespace ashyq::verify
