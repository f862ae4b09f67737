#include "server/publisher.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "core/file_io.h"
#include "core/parallel.h"
#include "core/hash.h"
#include "core/json.h"
#include "protocol/precinct_protocol.h"
#include "ledger/tree_head.h"
#include "protocol/turnout_report.h"
#include "record/layout.h"
#include "record/published_shapes.h"
#include "tabulate/results_export.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::server {
namespace {

// A stored object's envelope, read strictly: the store holds only envelopes that parsed when
// they were accepted, so anything else here is a damaged store, and an error (never a blank).
Result<json::Value> Envelope(const store::StoredObject& leaf) {
  json::ParseOptions options;
  options.max_bytes = leaf.envelope.size() + 1;
  Result<json::Value> doc = json::Parse(leaf.envelope, options);
  const std::string what = leaf.kind + " " + leaf.subject + " version " + std::to_string(leaf.version);
  if (!doc.ok()) return doc.error().In("store: " + what);
  const json::Value* payload = doc->Find("payload");
  const json::Value* signatures = doc->Find("signatures");
  if (payload == nullptr || !payload->is_object() || signatures == nullptr || !signatures->is_array()) {
    return Error{ErrorCode::kCheckFailed, "store: " + what, "R-E2.leaf", "not a signed envelope (payload, signatures)"};
  }
  return doc;
}

// A turnout report leaf through the protocol's own parser: every field required.
Result<protocol::TurnoutReport> ReadTurnoutReport(const store::StoredObject& leaf) {
  ASHYQ_ASSIGN_OR_RETURN(json::Value envelope, Envelope(leaf));
  std::vector<Error> problems;
  protocol::TurnoutReport report = protocol::TurnoutReportFromJson(*envelope.Find("payload"), &problems);
  if (!problems.empty()) return problems.front().In("store: turnout report " + leaf.subject);
  return report;
}

// Writes files under the publication root, counting what it does. Thread-safe.
class FileWriter {
 public:
  explicit FileWriter(std::string root) : root_(std::move(root)) {}

  // data/<folder>/<stem>-<sha256>.<ext>: written once, never replaced. Returns the relative path.
  Result<std::string> Content(record::DataFolder folder, const std::string& stem, std::string_view ext,
                              const std::string& bytes) {
    std::string rel = record::ContentFile(folder, stem, bytes, ext);
    ASHYQ_RETURN_IF_ERROR(Immutable(rel, bytes));
    return rel;
  }

  // A file whose name says what it holds (log ranges, tree heads): written if absent.
  Status Immutable(const std::string& rel, const std::string& bytes) {
    Keep(rel);
    const std::string path = root_ + "/" + rel;
    struct stat st;
    if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) == bytes.size()) {
      ++unchanged_;
      return Status();
    }
    return Write(rel, bytes);
  }

  // Replaced on every publication (index.json, log/tree-head.json).
  Status Write(const std::string& rel, const std::string& bytes) {
    Keep(rel);
    ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(root_ + "/" + rel, bytes, Durability::kDeferred));
    ++written_;
    bytes_ += bytes.size();
    return Status();
  }

  // Every file this publication names (written now or already there).
  std::set<std::string> Kept() const {
    std::lock_guard<std::mutex> lock(mu_);
    return kept_;
  }

  void Count(PublicationSummary* summary) const {
    summary->files_written += written_.load();
    summary->files_unchanged += unchanged_.load();
    summary->bytes_written += bytes_.load();
  }

 private:
  void Keep(const std::string& rel) {
    std::lock_guard<std::mutex> lock(mu_);
    kept_.insert(rel);
  }

  std::string root_;
  mutable std::mutex mu_;
  std::set<std::string> kept_;
  std::atomic<size_t> written_{0}, unchanged_{0};
  std::atomic<uint64_t> bytes_{0};
};

// The leaves of the log, grouped by what they are about.
struct LogIndex {
  std::vector<store::StoredObject> leaves;
  size_t definition_leaf = SIZE_MAX;
  std::unordered_map<std::string, std::vector<size_t>> protocol_versions;  // station -> leaves
  std::unordered_map<std::string, std::vector<size_t>> turnout;            // station -> leaves
  std::unordered_map<size_t, protocol::TurnoutReport> turnout_reports;      // leaf -> report
  std::unordered_map<std::string, size_t> tier_protocol;                   // commission -> latest leaf
  std::unordered_map<std::string, int64_t> tier_version;
};

Result<LogIndex> ReadLog(store::Store& store) {
  LogIndex log;
  ASHYQ_ASSIGN_OR_RETURN(uint64_t size, store.LogSize());
  log.leaves.reserve(size);
  for (uint64_t first = 0; first < size; first += record::kLogRangeSize) {
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> batch, store.LogRange(first, record::kLogRangeSize));
    for (store::StoredObject& o : batch) log.leaves.push_back(std::move(o));
  }
  for (size_t i = 0; i < log.leaves.size(); ++i) {
    const store::StoredObject& o = log.leaves[i];
    if (o.kind == protocol::kPrecinctProtocolFormat) {
      log.protocol_versions[o.subject].push_back(i);
    } else if (o.kind == protocol::kTurnoutReportFormat) {
      ASHYQ_ASSIGN_OR_RETURN(protocol::TurnoutReport report, ReadTurnoutReport(o));
      log.turnout[report.station].push_back(i);
      log.turnout_reports.emplace(i, std::move(report));
    } else if (o.kind == tabulate::kTierProtocolFormat) {
      if (!log.tier_version.count(o.subject) || log.tier_version[o.subject] < o.version) {
        log.tier_protocol[o.subject] = i;
        log.tier_version[o.subject] = o.version;
      }
    } else if (o.kind == kDefinitionFormat && log.definition_leaf == SIZE_MAX) {
      log.definition_leaf = i;
    }
  }
  for (auto& [station, leaves] : log.protocol_versions) {
    std::stable_sort(leaves.begin(), leaves.end(),
                     [&](size_t a, size_t b) { return log.leaves[a].version < log.leaves[b].version; });
  }
  return log;
}

using record::TurnoutByTime;
using record::TurnoutPoint;

class Publication {
 public:
  Publication(const protocol::ElectionContext& election, const TabulationRun& run, LogIndex log,
              FileWriter* writer)
      : election_(election), def_(election.definition()), tree_(election.tree()), run_(run), log_(std::move(log)),
        writer_(writer) {}

  Status WriteAll(const std::string& published_at, const std::vector<std::pair<uint64_t, std::string>>& heads,
                  PublicationSummary* summary);

 private:
  Status WriteLog(const std::vector<std::pair<uint64_t, std::string>>& heads, json::Value* index);
  Status WriteStations(json::Value* index);
  Status WriteCommissions(json::Value* index);
  Status WriteResults(json::Value* files);

  Result<std::string> WriteStation(size_t station);
  Result<std::string> WriteCommission(size_t commission);
  Result<json::Value> TierProtocolJson(const Commission& commission) const;
  json::Value TurnoutBeneath(size_t commission) const;
  json::Value ChildrenJson(size_t commission) const;

  const protocol::ElectionContext& election_;
  const ElectionDefinition& def_;
  const CommissionTree& tree_;
  const TabulationRun& run_;
  LogIndex log_;
  FileWriter* writer_;

  std::unordered_map<std::string, const protocol::PrecinctProtocol*> counted_;  // station -> counted version
  std::unordered_map<std::string, const RejectedProtocol*> rejected_;
  std::vector<tabulate::ContestOutcome> outcomes_;                             // every decided contest
  std::vector<std::string> station_files_;                                    // by station index
  std::vector<TurnoutByTime> station_turnout_;                                // by station index
  std::vector<std::string> commission_files_;                                 // by commission index
  std::string station_map_file_;
  json::Value results_;  // tabulate::ResultsJson of the run
};

Status Publication::WriteLog(const std::vector<std::pair<uint64_t, std::string>>& heads, json::Value* index) {
  json::Value ranges = json::Value::Array();
  for (uint64_t first = 0; first < log_.leaves.size(); first += record::kLogRangeSize) {
    const uint64_t end = std::min<uint64_t>(first + record::kLogRangeSize, log_.leaves.size());
    std::string text;
    for (uint64_t i = first; i < end; ++i) {
      text += log_.leaves[i].envelope;
      text += '\n';
    }
    const std::string rel = record::LogRangeFile(first, end);
    ASHYQ_RETURN_IF_ERROR(writer_->Immutable(rel, text));
    ranges.Push(json::Value(rel));
  }
  for (const auto& [size, envelope] : heads) {
    ASHYQ_RETURN_IF_ERROR(writer_->Immutable(record::TreeHeadFile(size), envelope));
  }
  ASHYQ_RETURN_IF_ERROR(writer_->Write(std::string(record::kLatestTreeHeadFile), heads.back().second));

  json::Value log = json::Value::Object();
  log.Set("range_size", json::Value(static_cast<int64_t>(record::kLogRangeSize)));
  log.Set("ranges", std::move(ranges));
  index->Set("log", std::move(log));
  json::ParseOptions options;
  options.max_bytes = heads.back().second.size() + 1;
  ASHYQ_ASSIGN_OR_RETURN(json::Value head_doc, json::Parse(heads.back().second, options));
  const json::Value* payload = head_doc.Find("payload");
  if (payload == nullptr) return Error{ErrorCode::kCheckFailed, "store: tree head", "R-E2.tree-head", "no payload"};
  ASHYQ_ASSIGN_OR_RETURN(ledger::TreeHead signed_head, ledger::TreeHeadFromJson(*payload));
  json::Value head = json::Value::Object();
  head.Set("size", json::Value(static_cast<int64_t>(heads.back().first)));
  head.Set("root_hash", json::Value(signed_head.root_hash.Hex()));
  head.Set("file", json::Value(record::TreeHeadFile(heads.back().first)));
  index->Set("tree_head", std::move(head));
  return Status();
}

Result<std::string> Publication::WriteStation(size_t s) {
  const PollingStation& station = tree_.station(s);
  const size_t pec = tree_.FindCommission(station.commission);
  json::Value doc = json::Value::Object();
  doc.Set("format", json::Value(record::kStationFileFormat));
  doc.Set("station", record::StationJson(station));
  doc.Set("path", pec == CommissionTree::kNone ? json::Value::Array() : record::PathJson(tree_, pec));
  doc.Set("members", pec == CommissionTree::kNone ? json::Value::Array()
                                                : record::MembersJson(tree_.commission(pec)));

  json::Value versions = json::Value::Array();
  int64_t latest = 0;
  auto found = log_.protocol_versions.find(station.id);
  if (found != log_.protocol_versions.end()) {
    const std::vector<size_t>& leaves = found->second;
    for (size_t k = 0; k < leaves.size(); ++k) {
      const store::StoredObject& leaf = log_.leaves[leaves[k]];
      ASHYQ_ASSIGN_OR_RETURN(json::Value envelope, Envelope(leaf));
      json::Value v = json::Value::Object();
      v.Set("version", json::Value(leaf.version));
      v.Set("digest", json::Value(leaf.digest.Hex()));
      v.Set("leaf_index", json::Value(static_cast<int64_t>(leaves[k])));
      v.Set("superseded_by", k + 1 < leaves.size() ? json::Value(log_.leaves[leaves[k + 1]].version) : json::Value());
      v.Set("signed_object", std::move(envelope));
      versions.Push(std::move(v));
      latest = leaf.version;
    }
  }
  doc.Set("versions", std::move(versions));
  doc.Set("latest", latest > 0 ? json::Value(latest) : json::Value());
  auto counted = counted_.find(station.id);
  auto rejected = rejected_.find(station.id);
  const bool accepted = counted != counted_.end() && counted->second->version == latest;
  doc.Set("accepted", json::Value(accepted));
  doc.Set("counted_version", counted != counted_.end() ? json::Value(counted->second->version) : json::Value());
  // Which version was refused and by which rule: both re-derived by any verifier (the wording
  // of a refusal is the reader's, in the reader's language; the rule id is the record's).
  json::Value refused;
  if (rejected != rejected_.end()) {
    refused = json::Value::Object();
    refused.Set("version", json::Value(rejected->second->version));
    refused.Set("rule", json::Value(rejected->second->error.rule));
  }
  doc.Set("refused", std::move(refused));

  json::Value turnout = json::Value::Array();
  TurnoutByTime& by_time = station_turnout_[s];
  if (auto t = log_.turnout.find(station.id); t != log_.turnout.end()) {
    for (size_t leaf_index : t->second) {
      const store::StoredObject& leaf = log_.leaves[leaf_index];
      const protocol::TurnoutReport& report = log_.turnout_reports.at(leaf_index);
      json::Value r = json::Value::Object();
      r.Set("time", json::Value(report.time));
      r.Set("registered_voters", json::Value(report.registered_voters));
      r.Set("voters", json::Value(report.voters));
      r.Set("revision", json::Value(report.revision));
      r.Set("digest", json::Value(leaf.digest.Hex()));
      r.Set("leaf_index", json::Value(static_cast<int64_t>(leaf_index)));
      turnout.Push(std::move(r));
      // Leaves are in log order: a later revision replaces.
      by_time[report.time] = TurnoutPoint{report.registered_voters, report.voters, 1};
    }
  }
  doc.Set("turnout", std::move(turnout));

  return writer_->Content(record::DataFolder::kStation, station.id, "json", json::Canonicalize(doc));
}

Status Publication::WriteStations(json::Value* index) {
  for (size_t i = 0; i < run_.verified.size(); ++i) counted_[run_.verified[i].station] = &run_.verified[i];
  for (const RejectedProtocol& r : run_.rejected) rejected_[r.station] = &r;
  station_files_.resize(def_.polling_stations.size());
  station_turnout_.resize(def_.polling_stations.size());
  json::Value stations = json::Value::Object();
  // Stations are independent: written on every core.
  std::vector<std::optional<Error>> failed(def_.polling_stations.size());
  ParallelFor(def_.polling_stations.size(), 0, [&](size_t s) {
    Result<std::string> file = WriteStation(s);
    if (file.ok()) station_files_[s] = std::move(file).value(); else failed[s] = file.error();
  });
  for (const std::optional<Error>& e : failed) {
    if (e) return *e;
  }
  for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
    stations.Set(def_.polling_stations[s].id, json::Value(station_files_[s]));
  }
  std::map<int64_t, json::Value> buckets = record::SearchEntries(def_, [&](const PollingStation& station) {
    return station_files_[static_cast<size_t>(&station - def_.polling_stations.data())];
  });
  // The station map is its own file: index.json, loaded first by every page, stays small.
  json::Value station_map = json::Value::Object();
  station_map.Set("format", json::Value(record::kStationMapFormat));
  station_map.Set("stations", std::move(stations));
  ASHYQ_ASSIGN_OR_RETURN(station_map_file_, writer_->Content(record::DataFolder::kTop, "stations", "json", json::Canonicalize(station_map)));
  index->Set("search_bucket_size", json::Value(record::kSearchBucketSize));
  json::Value search = json::Value::Object();
  for (auto& [bucket, entries] : buckets) {
    const json::Value doc = record::SearchBucketJson(bucket, std::move(entries));
    ASHYQ_ASSIGN_OR_RETURN(std::string file,
                           writer_->Content(record::DataFolder::kSearch, std::to_string(bucket), "json", json::Canonicalize(doc)));
    search.Set(std::to_string(bucket), json::Value(file));
  }
  index->Set("search", std::move(search));
  return Status();
}

json::Value CommissionJson(const Commission& commission) {
  json::Value info = json::Value::Object();
  info.Set("id", json::Value(commission.id));
  info.Set("tier", json::Value(TierName(commission.tier)));
  info.Set("name", record::NameJson(commission.name));
  info.Set("parent", commission.parent.empty() ? json::Value() : json::Value(commission.parent));
  info.Set("region", commission.region.empty() ? json::Value() : json::Value(commission.region));
  return info;
}

Result<std::string> Publication::WriteCommission(size_t c) {
  const Commission& commission = tree_.commission(c);
  json::Value doc = json::Value::Object();
  doc.Set("format", json::Value(record::kCommissionFileFormat));
  doc.Set("commission", CommissionJson(commission));
  doc.Set("path", record::PathJson(tree_, c));
  ASHYQ_ASSIGN_OR_RETURN(json::Value tier, TierProtocolJson(commission));
  doc.Set("tier_protocol", std::move(tier));
  const tabulate::TabulatedTier* tabulated = run_.tabulation.Find(c);
  doc.Set("contests", tabulated != nullptr ? tabulate::CommissionContestsJson(def_, tabulated->protocol, outcomes_)
                                           : json::Value::Array());
  doc.Set("turnout", TurnoutBeneath(c));
  doc.Set("children", ChildrenJson(c));
  return writer_->Content(record::DataFolder::kCommission, commission.id, "json", json::Canonicalize(doc));
}

// The commission's signed tier protocol as a page needs it; null before it is signed.
Result<json::Value> Publication::TierProtocolJson(const Commission& commission) const {
  auto leaf = log_.tier_protocol.find(commission.id);
  if (leaf == log_.tier_protocol.end()) return json::Value();
  const store::StoredObject& object = log_.leaves[leaf->second];
  json::Value tier = json::Value::Object();
  tier.Set("version", json::Value(object.version));
  tier.Set("digest", json::Value(object.digest.Hex()));
  tier.Set("leaf_index", json::Value(static_cast<int64_t>(leaf->second)));
  // The signatures only: the whole object (which lists every precinct beneath) is the log
  // leaf, and the national page must stay small on a phone.
  ASHYQ_ASSIGN_OR_RETURN(json::Value envelope, Envelope(object));
  tier.Set("signatures", *envelope.Find("signatures"));
  return tier;
}

// Turnout: every station beneath, latest revision per time.
json::Value Publication::TurnoutBeneath(size_t c) const {
  TurnoutByTime turnout;
  const std::span<const uint32_t> stations = tree_.StationsUnder(c);
  for (uint32_t s : stations) record::AddTurnout(station_turnout_[s], &turnout);
  return record::TurnoutJson(turnout, static_cast<int64_t>(stations.size()));
}

// Each child's entry: its file and the summaries of its contests; a PEC appears as its station.
json::Value Publication::ChildrenJson(size_t c) const {
  json::Value children = json::Value::Array();
  for (uint32_t child : tree_.children(c)) {
    const Commission& k = tree_.commission(child);
    json::Value entry = json::Value::Object();
    json::Value summaries = json::Value::Array();
    if (k.tier == CommissionTier::kPrecinct) {
      const size_t s = tree_.StationOf(child);
      if (s == CommissionTree::kNone) continue;
      const PollingStation& station = tree_.station(s);
      entry.Set("id", json::Value(station.id));
      entry.Set("tier", json::Value("pec"));
      entry.Set("name", record::NameJson(k.name));
      entry.Set("file", json::Value(station_files_[s]));
      entry.Set("station", record::StationBriefJson(station));
      auto counted = counted_.find(station.id);
      if (counted != counted_.end()) {
        for (const protocol::ContestCount& count : counted->second->contests) {
          summaries.Push(record::CountSummaryJson(count, true));
        }
      }
    } else {
      entry.Set("id", json::Value(k.id));
      entry.Set("tier", json::Value(TierName(k.tier)));
      entry.Set("name", record::NameJson(k.name));
      entry.Set("file", json::Value(commission_files_[child]));
      entry.Set("station", json::Value());
      if (const tabulate::TabulatedTier* t = run_.tabulation.Find(child)) {
        for (const tabulate::ContestTotals& totals : t->protocol.contests) {
          summaries.Push(record::CountSummaryJson(totals, totals.precincts_counted > 0));
        }
      }
    }
    entry.Set("contests", std::move(summaries));
    children.Push(std::move(entry));
  }
  return children;
}

Status Publication::WriteCommissions(json::Value* index) {
  commission_files_.resize(def_.commissions.size());
  json::Value commissions = json::Value::Object();
  // The definition lists commissions top-down: children are written before their parents.
  for (size_t c = def_.commissions.size(); c-- > 0;) {
    if (def_.commissions[c].tier == CommissionTier::kPrecinct) continue;
    ASHYQ_ASSIGN_OR_RETURN(commission_files_[c], WriteCommission(c));
  }
  for (size_t c = 0; c < def_.commissions.size(); ++c) {
    if (!commission_files_[c].empty()) commissions.Set(def_.commissions[c].id, json::Value(commission_files_[c]));
  }
  index->Set("commissions", std::move(commissions));
  return Status();
}

Status Publication::WriteResults(json::Value* files) {
  const std::vector<tabulate::CountedPrecinct> counted = CountedPrecincts(run_);
  ASHYQ_ASSIGN_OR_RETURN(std::string results_file, writer_->Content(record::DataFolder::kTop, "results", "json", json::Canonicalize(results_)));
  files->Set("results", json::Value(results_file));
  json::Value csv = json::Value::Object();
  for (const Contest& contest : def_.contests) {
    ASHYQ_ASSIGN_OR_RETURN(std::string precincts,
                           writer_->Content(record::DataFolder::kTop, contest.id + ".precincts", "csv",
                                            tabulate::PrecinctResultsCsv(def_, tree_, counted, contest.id)));
    ASHYQ_ASSIGN_OR_RETURN(std::string tiers, writer_->Content(record::DataFolder::kTop, contest.id + ".tiers", "csv",
                                                               tabulate::TierResultsCsv(def_, run_.tabulation, contest.id)));
    csv.Set(contest.id + ".precincts", json::Value(precincts));
    csv.Set(contest.id + ".tiers", json::Value(tiers));
  }
  files->Set("csv", std::move(csv));
  return Status();
}

Status Publication::WriteAll(const std::string& published_at, const std::vector<std::pair<uint64_t, std::string>>& heads,
                             PublicationSummary* summary) {
  json::Value index = json::Value::Object();
  index.Set("format", json::Value(record::kPublicationFormat));
  index.Set("election_id", json::Value(def_.election_id));
  index.Set("name", record::NameJson(def_.name));
  index.Set("election_day", json::Value(def_.election_day));
  index.Set("published_at", json::Value(published_at));
  index.Set("definition_digest", json::Value(election_.definition_digest()));
  ASHYQ_RETURN_IF_ERROR(WriteLog(heads, &index));

  // Computed once: the outcomes (the results file and each commission file show them).
  outcomes_ = ContestOutcomes(run_);
  results_ = tabulate::ResultsJson(tree_, run_.tabulation, outcomes_);
  ASHYQ_RETURN_IF_ERROR(WriteStations(&index));
  ASHYQ_RETURN_IF_ERROR(WriteCommissions(&index));

  json::Value files = json::Value::Object();
  if (log_.definition_leaf == SIZE_MAX) {
    return Error{ErrorCode::kCheckFailed, "", "R-E2.definition", "the log holds no election definition"};
  }
  ASHYQ_ASSIGN_OR_RETURN(std::string definition,
                         writer_->Content(record::DataFolder::kTop, "definition", "json", log_.leaves[log_.definition_leaf].envelope));
  files.Set("definition", json::Value(definition));

  ASHYQ_ASSIGN_OR_RETURN(std::string election_file, writer_->Content(record::DataFolder::kTop, "election", "json",
                                          json::Canonicalize(record::ElectionJson(def_, election_.definition_digest()))));
  files.Set("election", json::Value(election_file));
  files.Set("national", json::Value(commission_files_[tree_.root()]));
  files.Set("stations", json::Value(station_map_file_));
  ASHYQ_RETURN_IF_ERROR(WriteResults(&files));
  ASHYQ_ASSIGN_OR_RETURN(
      std::string nist,
      writer_->Content(record::DataFolder::kTop, "nist-sp-1500-100", "json",
                       json::Canonicalize(tabulate::NistElectionReport(tree_, run_.tabulation, CountedPrecincts(run_), published_at))));
  files.Set("nist", json::Value(nist));
  index.Set("files", std::move(files));
  summary->index = json::Canonicalize(index);
  return Status();
}

// After index.json names the new publication: files under data/ it no longer names (an earlier
// publication's station and commission files) and temporaries an interrupted run left behind.
// A verifier accounts for every file (R-F1.unexpected-file): nothing stale may stay. Tree heads
// and earlier log ranges stay: each is checked against the current log.
Result<size_t> RemoveStaleFiles(const std::string& out, const std::set<std::string>& kept) {
  namespace fs = std::filesystem;
  size_t removed = 0;
  std::error_code ec;
  for (const char* top : {"data", "log"}) {
    for (fs::recursive_directory_iterator it(out + "/" + top, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
      const std::string rel = fs::relative(it->path(), out, ec).generic_string();
      const bool temporary = rel.find(".tmp.") != std::string::npos;
      if (kept.count(rel) != 0 || (!temporary && rel.substr(0, 5) != "data/")) continue;
      if (fs::remove(it->path(), ec)) ++removed;
      if (ec) return IoError(it->path().string(), "cannot remove a stale file: " + ec.message());
    }
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return IoError(out + "/" + top, "cannot list the publication: " + ec.message());
    }
  }
  return removed;
}

}  // namespace

Result<PublicationSummary> Publish(const protocol::ElectionContext& election, store::Store& store,
                                   const TabulationRun& run, const std::string& out,
                                   const std::string& published_at) {
  const auto start = std::chrono::steady_clock::now();
  PublicationSummary summary;
  ASHYQ_ASSIGN_OR_RETURN(auto heads, store.TreeHeads());
  if (heads.empty()) {
    return Error{ErrorCode::kCheckFailed, store.location(), "R-E2.tree-head",
                 "the log has no signed tree head yet: sign one before publishing"};
  }
  ASHYQ_ASSIGN_OR_RETURN(LogIndex log, ReadLog(store));
  if (heads.back().first != log.leaves.size()) {
    return Error{ErrorCode::kCheckFailed, store.location(), "R-E2.tree-head",
                 "the latest signed tree head covers " + std::to_string(heads.back().first) + " leaves but the log has " +
                     std::to_string(log.leaves.size()) + ": sign a new head before publishing"};
  }
  summary.log_size = log.leaves.size();
  summary.tree_heads = heads.size();
  for (const char* dir : {"", "/log/leaves", "/log/tree-heads", "/data/station", "/data/commission", "/data/search"}) {
    ASHYQ_RETURN_IF_ERROR(MakeDirectories(out + dir, 0755));
  }
  FileWriter writer(out);
  Publication publication(election, run, std::move(log), &writer);
  ASHYQ_RETURN_IF_ERROR(publication.WriteAll(published_at, heads, &summary));
  writer.Count(&summary);
  // Everything index.json names is on disk before index.json names it.
  ASHYQ_RETURN_IF_ERROR(SyncFileSystem(out));

  const std::string index_text = std::move(summary.index);
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(out + "/index.json", index_text));
  ++summary.files_written;
  summary.bytes_written += index_text.size();
  summary.index = out + "/index.json";
  ASHYQ_ASSIGN_OR_RETURN(summary.files_removed, RemoveStaleFiles(out, writer.Kept()));
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace ashyq::server
