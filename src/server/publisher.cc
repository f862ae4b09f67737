#include "server/publisher.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <atomic>
#include <optional>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "core/file_io.h"
#include "core/parallel.h"
#include "core/hash.h"
#include "core/json.h"
#include "protocol/evidence.h"
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

// An evidence leaf (protocol/evidence.h) read back: the server built it, so anything else is a
// damaged store.
Result<protocol::Evidence> ReadEvidence(const store::StoredObject& leaf) {
  ASHYQ_ASSIGN_OR_RETURN(json::Value envelope, Envelope(leaf));
  Result<protocol::Evidence> read = protocol::EvidenceFromJson(*envelope.Find("payload"));
  if (!read.ok()) return read.error().In("store: evidence " + leaf.subject);
  return read;
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
  std::unordered_map<std::string, std::vector<size_t>> attempts;           // station -> evidence leaves
  std::unordered_map<size_t, protocol::TurnoutReport> turnout_reports;      // leaf -> report
  std::unordered_map<std::string, size_t> tier_protocol;                   // commission -> latest leaf
  std::unordered_map<std::string, int64_t> tier_version;
};

using record::TurnoutByTime;
using record::TurnoutPoint;

}  // namespace

class PublicationDirectory::Impl {
 public:
  Impl(const protocol::ElectionContext& election, std::string out)
      : election_(election), def_(election.definition()), tree_(election.tree()), out_(std::move(out)),
        station_files_(def_.polling_stations.size()), station_turnout_(def_.polling_stations.size()),
        commission_files_(def_.commissions.size()) {}

  Result<std::vector<std::string>> AddLeaves(std::vector<store::StoredObject> leaves);
  uint64_t log_size() const { return log_.leaves.size(); }
  std::vector<const store::StoredObject*> ProtocolVersions(const std::string& station) const;
  std::optional<StoredTierProtocol> LatestTierProtocol(const std::string& commission_id) const;
  Result<PublicationSummary> Write(const TabulationRun& run, const std::vector<StoredHead>& heads,
                                   const std::string& published_at);

 private:
  Status WriteAll(const std::string& published_at, const std::vector<StoredHead>& heads, json::Value* index);
  Status WriteLog(const std::vector<StoredHead>& heads, json::Value* index);
  Status WriteStations(json::Value* index);
  Status WriteCommissions(json::Value* index);
  Status WriteResults(const std::string& published_at, json::Value* files);

  Result<std::string> WriteStation(size_t station);
  Result<std::string> WriteCommission(size_t commission);
  Result<json::Value> TierProtocolJson(const Commission& commission) const;
  json::Value TurnoutBeneath(size_t commission) const;
  json::Value ChildrenJson(size_t commission) const;
  const protocol::PrecinctProtocol* Counted(const std::string& station) const;
  const RejectedProtocol* Refused(const std::string& station) const;

  // A content-addressed file that takes the place of `*slot`: the one it replaces is removed
  // once the new index.json names the new one.
  Result<std::string> Replace(std::string* slot, record::DataFolder folder, const std::string& stem,
                              std::string_view ext, const std::string& bytes);
  void Took(std::string* slot, const std::string& rel);
  void MarkStation(const std::string& station);
  void MarkCommission(size_t commission);

  const protocol::ElectionContext& election_;
  const ElectionDefinition& def_;
  const CommissionTree& tree_;
  const std::string out_;
  LogIndex log_;
  std::unique_ptr<FileWriter> writer_;  // of the Write under way
  const TabulationRun* run_ = nullptr;  // of the Write under way

  // What the leaves added since the last Write touched; everything before the first Write.
  bool everything_ = true;
  std::vector<bool> station_dirty_;     // by station index
  std::vector<bool> commission_dirty_;  // by commission index
  uint64_t published_leaves_ = 0;       // leaves the last Write published
  uint64_t published_head_size_ = 0;    // size of the latest tree head it published

  std::vector<tabulate::ContestOutcome> outcomes_;  // every decided contest
  std::vector<std::string> station_files_;         // by station index
  std::vector<TurnoutByTime> station_turnout_;     // by station index
  std::vector<std::string> commission_files_;      // by commission index
  std::string station_map_file_;
  std::map<int64_t, std::string> search_files_;    // by bucket
  std::map<std::string, std::string> top_files_;   // by stem: definition, election, results, csv, nist
  std::mutex replaced_mu_;                         // the results are written beside the stations
  std::vector<std::string> replaced_;              // files the Write under way no longer names
};

Result<std::vector<std::string>> PublicationDirectory::Impl::AddLeaves(std::vector<store::StoredObject> leaves) {
  if (station_dirty_.empty()) {
    station_dirty_.assign(def_.polling_stations.size(), false);
    commission_dirty_.assign(def_.commissions.size(), false);
  }
  std::set<std::string> protocols;
  log_.leaves.reserve(log_.leaves.size() + leaves.size());
  for (store::StoredObject& leaf : leaves) {
    const size_t i = log_.leaves.size();
    log_.leaves.push_back(std::move(leaf));
    const store::StoredObject& o = log_.leaves.back();
    if (o.kind == protocol::kPrecinctProtocolFormat) {
      log_.protocol_versions[o.subject].push_back(i);
      protocols.insert(o.subject);
      MarkStation(o.subject);
    } else if (o.kind == protocol::kTurnoutReportFormat) {
      ASHYQ_ASSIGN_OR_RETURN(protocol::TurnoutReport report, ReadTurnoutReport(o));
      log_.turnout[report.station].push_back(i);
      MarkStation(report.station);
      log_.turnout_reports.emplace(i, std::move(report));
    } else if (o.kind == protocol::kEvidenceFormat) {
      // An attempted alteration (decision 0015): shown on the station's page, never one of its versions.
      ASHYQ_ASSIGN_OR_RETURN(protocol::Evidence evidence, ReadEvidence(o));
      log_.attempts[evidence.station].push_back(i);
      MarkStation(evidence.station);
    } else if (o.kind == tabulate::kTierProtocolFormat) {
      if (!log_.tier_version.count(o.subject) || log_.tier_version[o.subject] < o.version) {
        log_.tier_protocol[o.subject] = i;
        log_.tier_version[o.subject] = o.version;
        MarkCommission(tree_.FindCommission(o.subject));
      }
    } else if (o.kind == kDefinitionFormat && log_.definition_leaf == SIZE_MAX) {
      log_.definition_leaf = i;
    }
  }
  for (const std::string& station : protocols) {
    std::vector<size_t>& versions = log_.protocol_versions[station];
    std::stable_sort(versions.begin(), versions.end(),
                     [&](size_t a, size_t b) { return log_.leaves[a].version < log_.leaves[b].version; });
  }
  return std::vector<std::string>(protocols.begin(), protocols.end());
}

// A station's file changes, and with it every commission file above it (each names the file
// of the child below it).
void PublicationDirectory::Impl::MarkStation(const std::string& station) {
  const size_t s = tree_.FindStation(station);
  if (s == CommissionTree::kNone) return;  // not in the definition: only its log leaf is published
  station_dirty_[s] = true;
  MarkCommission(tree_.FindCommission(tree_.station(s).commission));
}

void PublicationDirectory::Impl::MarkCommission(size_t c) {
  for (; c != CommissionTree::kNone && !commission_dirty_[c]; c = tree_.parent(c)) commission_dirty_[c] = true;
}

std::vector<const store::StoredObject*> PublicationDirectory::Impl::ProtocolVersions(const std::string& station) const {
  std::vector<const store::StoredObject*> out;
  auto found = log_.protocol_versions.find(station);
  if (found == log_.protocol_versions.end()) return out;
  for (size_t leaf : found->second) out.push_back(&log_.leaves[leaf]);
  return out;
}

std::optional<StoredTierProtocol> PublicationDirectory::Impl::LatestTierProtocol(const std::string& id) const {
  auto found = log_.tier_protocol.find(id);
  if (found == log_.tier_protocol.end()) return std::nullopt;
  const store::StoredObject& leaf = log_.leaves[found->second];
  return StoredTierProtocol{leaf.digest, leaf.version};
}

const protocol::PrecinctProtocol* PublicationDirectory::Impl::Counted(const std::string& station) const {
  auto it = std::lower_bound(run_->verified.begin(), run_->verified.end(), station,
                             [](const protocol::PrecinctProtocol& p, const std::string& s) { return p.station < s; });
  return it != run_->verified.end() && it->station == station ? &*it : nullptr;
}

const RejectedProtocol* PublicationDirectory::Impl::Refused(const std::string& station) const {
  auto it = std::lower_bound(run_->rejected.begin(), run_->rejected.end(), station,
                             [](const RejectedProtocol& r, const std::string& s) { return r.station < s; });
  return it != run_->rejected.end() && it->station == station ? &*it : nullptr;
}

Result<std::string> PublicationDirectory::Impl::Replace(std::string* slot, record::DataFolder folder,
                                                        const std::string& stem, std::string_view ext,
                                                        const std::string& bytes) {
  ASHYQ_ASSIGN_OR_RETURN(std::string rel, writer_->Content(folder, stem, ext, bytes));
  Took(slot, rel);
  return rel;
}

void PublicationDirectory::Impl::Took(std::string* slot, const std::string& rel) {
  std::lock_guard<std::mutex> lock(replaced_mu_);
  if (!slot->empty() && *slot != rel) replaced_.push_back(*slot);
  *slot = rel;
}

Status PublicationDirectory::Impl::WriteLog(const std::vector<StoredHead>& heads, json::Value* index) {
  json::Value ranges = json::Value::Array();
  // Ranges before the last one published are full and already there.
  const uint64_t unchanged = everything_ ? 0 : published_leaves_ / record::kLogRangeSize * record::kLogRangeSize;
  for (uint64_t first = 0; first < log_.leaves.size(); first += record::kLogRangeSize) {
    const uint64_t end = std::min<uint64_t>(first + record::kLogRangeSize, log_.leaves.size());
    const std::string rel = record::LogRangeFile(first, end);
    ranges.Push(json::Value(rel));
    if (first < unchanged) continue;
    std::string text;
    for (uint64_t i = first; i < end; ++i) {
      text += log_.leaves[i].envelope;
      text += '\n';
    }
    ASHYQ_RETURN_IF_ERROR(writer_->Immutable(rel, text));
  }
  for (const auto& [size, envelope] : heads) {
    if (!everything_ && size <= published_head_size_) continue;
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

Result<std::string> PublicationDirectory::Impl::WriteStation(size_t s) {
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
  const protocol::PrecinctProtocol* counted = Counted(station.id);
  const RejectedProtocol* rejected = Refused(station.id);
  doc.Set("accepted", json::Value(counted != nullptr && counted->version == latest));
  doc.Set("counted_version", counted != nullptr ? json::Value(counted->version) : json::Value());
  // Which version was refused and by which rule: both re-derived by any verifier (the wording
  // of a refusal is the reader's, in the reader's language; the rule id is the record's).
  json::Value refused;
  if (rejected != nullptr) {
    refused = json::Value::Object();
    refused.Set("version", json::Value(rejected->version));
    refused.Set("rule", json::Value(rejected->error.rule));
  }
  doc.Set("refused", std::move(refused));

  // Attempted alterations kept as evidence, in log order: refused, never counted, never a
  // version. Only stations that have any carry the field (files of other stations are unchanged).
  if (auto a = log_.attempts.find(station.id); a != log_.attempts.end()) {
    json::Value attempts = json::Value::Array();
    for (size_t leaf_index : a->second) {
      ASHYQ_ASSIGN_OR_RETURN(protocol::Evidence evidence, ReadEvidence(log_.leaves[leaf_index]));
      attempts.Push(record::AttemptJson(evidence, static_cast<int64_t>(leaf_index)));
    }
    doc.Set("attempts", std::move(attempts));
  }

  json::Value turnout = json::Value::Array();
  TurnoutByTime& by_time = station_turnout_[s];
  by_time.clear();
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

Status PublicationDirectory::Impl::WriteStations(json::Value* index) {
  std::vector<size_t> dirty;
  for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
    if (everything_ || station_dirty_[s]) dirty.push_back(s);
  }
  // Stations are independent: written on every core.
  std::vector<std::optional<Result<std::string>>> written(dirty.size());
  ParallelFor(dirty.size(), 0, [&](size_t i) { written[i] = WriteStation(dirty[i]); });
  for (size_t i = 0; i < dirty.size(); ++i) {
    if (!written[i]->ok()) return written[i]->error();
    Took(&station_files_[dirty[i]], written[i]->value());
  }
  if (everything_ || !dirty.empty()) {
    std::map<int64_t, json::Value> buckets = record::SearchEntries(def_, [&](const PollingStation& station) {
      return station_files_[static_cast<size_t>(&station - def_.polling_stations.data())];
    });
    json::Value stations = json::Value::Object();
    for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
      stations.Set(def_.polling_stations[s].id, json::Value(station_files_[s]));
    }
    // The station map is its own file: index.json, loaded first by every page, stays small.
    json::Value station_map = json::Value::Object();
    station_map.Set("format", json::Value(record::kStationMapFormat));
    station_map.Set("stations", std::move(stations));
    ASHYQ_RETURN_IF_ERROR(Replace(&station_map_file_, record::DataFolder::kTop, "stations", "json",
                                  json::Canonicalize(station_map)).status());
    std::set<int64_t> changed;
    for (size_t s : dirty) changed.insert(record::SearchBucketOf(def_.polling_stations[s].number));
    for (auto& [bucket, entries] : buckets) {
      if (!everything_ && !changed.count(bucket)) continue;
      const json::Value doc = record::SearchBucketJson(bucket, std::move(entries));
      ASHYQ_RETURN_IF_ERROR(Replace(&search_files_[bucket], record::DataFolder::kSearch, std::to_string(bucket),
                                    "json", json::Canonicalize(doc)).status());
    }
  }
  index->Set("search_bucket_size", json::Value(record::kSearchBucketSize));
  json::Value search = json::Value::Object();
  for (const auto& [bucket, file] : search_files_) search.Set(std::to_string(bucket), json::Value(file));
  index->Set("search", std::move(search));
  return Status();
}

namespace {

json::Value CommissionJson(const Commission& commission) {
  json::Value info = json::Value::Object();
  info.Set("id", json::Value(commission.id));
  info.Set("tier", json::Value(TierName(commission.tier)));
  info.Set("name", record::NameJson(commission.name));
  info.Set("parent", commission.parent.empty() ? json::Value() : json::Value(commission.parent));
  info.Set("region", commission.region.empty() ? json::Value() : json::Value(commission.region));
  return info;
}

}  // namespace

Result<std::string> PublicationDirectory::Impl::WriteCommission(size_t c) {
  const Commission& commission = tree_.commission(c);
  json::Value doc = json::Value::Object();
  doc.Set("format", json::Value(record::kCommissionFileFormat));
  doc.Set("commission", CommissionJson(commission));
  doc.Set("path", record::PathJson(tree_, c));
  ASHYQ_ASSIGN_OR_RETURN(json::Value tier, TierProtocolJson(commission));
  doc.Set("tier_protocol", std::move(tier));
  const tabulate::TabulatedTier* tabulated = run_->tabulation.Find(c);
  doc.Set("contests", tabulated != nullptr ? tabulate::CommissionContestsJson(def_, tabulated->protocol, outcomes_)
                                           : json::Value::Array());
  doc.Set("turnout", TurnoutBeneath(c));
  doc.Set("children", ChildrenJson(c));
  return writer_->Content(record::DataFolder::kCommission, commission.id, "json", json::Canonicalize(doc));
}

// The commission's signed tier protocol as a page needs it; null before it is signed.
Result<json::Value> PublicationDirectory::Impl::TierProtocolJson(const Commission& commission) const {
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
json::Value PublicationDirectory::Impl::TurnoutBeneath(size_t c) const {
  TurnoutByTime turnout;
  const std::span<const uint32_t> stations = tree_.StationsUnder(c);
  for (uint32_t s : stations) record::AddTurnout(station_turnout_[s], &turnout);
  return record::TurnoutJson(turnout, static_cast<int64_t>(stations.size()));
}

// Each child's entry: its file and the summaries of its contests; a PEC appears as its station.
json::Value PublicationDirectory::Impl::ChildrenJson(size_t c) const {
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
      if (const protocol::PrecinctProtocol* counted = Counted(station.id)) {
        for (const protocol::ContestCount& count : counted->contests) {
          summaries.Push(record::CountSummaryJson(count, true));
        }
      }
    } else {
      entry.Set("id", json::Value(k.id));
      entry.Set("tier", json::Value(TierName(k.tier)));
      entry.Set("name", record::NameJson(k.name));
      entry.Set("file", json::Value(commission_files_[child]));
      entry.Set("station", json::Value());
      if (const tabulate::TabulatedTier* t = run_->tabulation.Find(child)) {
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

Status PublicationDirectory::Impl::WriteCommissions(json::Value* index) {
  json::Value commissions = json::Value::Object();
  // The definition lists commissions top-down: children are written before their parents.
  for (size_t c = def_.commissions.size(); c-- > 0;) {
    if (def_.commissions[c].tier == CommissionTier::kPrecinct || !(everything_ || commission_dirty_[c])) continue;
    ASHYQ_ASSIGN_OR_RETURN(std::string file, WriteCommission(c));
    Took(&commission_files_[c], file);
  }
  for (size_t c = 0; c < def_.commissions.size(); ++c) {
    if (!commission_files_[c].empty()) commissions.Set(def_.commissions[c].id, json::Value(commission_files_[c]));
  }
  index->Set("commissions", std::move(commissions));
  return Status();
}

// The results and exports: every one changes with any count (the NIST report also with the
// time), so all are computed on every Write; one that came out the same is not written again.
Status PublicationDirectory::Impl::WriteResults(const std::string& published_at, json::Value* files) {
  const std::vector<tabulate::CountedPrecinct> counted = CountedPrecincts(*run_);
  // The NIST report (19 MB nationally) is built beside the others.
  std::future<std::string> nist_text = std::async(std::launch::async, [&] {
    return json::Canonicalize(tabulate::NistElectionReport(tree_, run_->tabulation, counted, published_at));
  });
  using record::DataFolder;
  ASHYQ_ASSIGN_OR_RETURN(std::string results,
                         Replace(&top_files_["results"], DataFolder::kTop, "results", "json",
                                 json::Canonicalize(tabulate::ResultsJson(tree_, run_->tabulation, outcomes_))));
  files->Set("results", json::Value(results));
  json::Value csv = json::Value::Object();
  for (const Contest& contest : def_.contests) {
    for (const std::string& stem : {contest.id + ".precincts", contest.id + ".tiers"}) {
      const std::string bytes = stem.ends_with(".precincts")
                                    ? tabulate::PrecinctResultsCsv(def_, tree_, counted, contest.id)
                                    : tabulate::TierResultsCsv(def_, run_->tabulation, contest.id);
      ASHYQ_ASSIGN_OR_RETURN(std::string file, Replace(&top_files_[stem], DataFolder::kTop, stem, "csv", bytes));
      csv.Set(stem, json::Value(file));
    }
  }
  files->Set("csv", std::move(csv));
  ASHYQ_ASSIGN_OR_RETURN(
      std::string nist,
      Replace(&top_files_["nist-sp-1500-100"], DataFolder::kTop, "nist-sp-1500-100", "json", nist_text.get()));
  files->Set("nist", json::Value(nist));
  return Status();
}

Status PublicationDirectory::Impl::WriteAll(const std::string& published_at, const std::vector<StoredHead>& heads,
                                            json::Value* index) {
  if (log_.definition_leaf == SIZE_MAX) {
    return Error{ErrorCode::kCheckFailed, "", "R-E2.definition", "the log holds no election definition"};
  }
  index->Set("format", json::Value(record::kPublicationFormat));
  index->Set("election_id", json::Value(def_.election_id));
  index->Set("name", record::NameJson(def_.name));
  index->Set("election_day", json::Value(def_.election_day));
  index->Set("published_at", json::Value(published_at));
  index->Set("definition_digest", json::Value(election_.definition_digest()));
  ASHYQ_RETURN_IF_ERROR(WriteLog(heads, index));

  // Computed once: the outcomes (the results file and each commission file show them).
  outcomes_ = ContestOutcomes(*run_);
  json::Value files = json::Value::Object();
  using record::DataFolder;
  ASHYQ_ASSIGN_OR_RETURN(std::string definition, Replace(&top_files_["definition"], DataFolder::kTop, "definition",
                                                         "json", log_.leaves[log_.definition_leaf].envelope));
  files.Set("definition", json::Value(definition));
  ASHYQ_ASSIGN_OR_RETURN(std::string election_file,
                         Replace(&top_files_["election"], DataFolder::kTop, "election", "json",
                                 json::Canonicalize(record::ElectionJson(def_, election_.definition_digest()))));
  files.Set("election", json::Value(election_file));

  // The results and exports (the NIST report alone is 19 MB nationally) on a thread of their
  // own, beside the stations and commissions.
  json::Value results = json::Value::Object();
  std::future<Status> results_written =
      std::async(std::launch::async, [&] { return WriteResults(published_at, &results); });
  Status stations = WriteStations(index);
  if (stations.ok()) stations = WriteCommissions(index);
  Status written = results_written.get();
  ASHYQ_RETURN_IF_ERROR(stations);
  ASHYQ_RETURN_IF_ERROR(written);
  for (const char* key : {"results", "csv", "nist"}) files.Set(key, *results.Find(key));
  files.Set("national", json::Value(commission_files_[tree_.root()]));
  files.Set("stations", json::Value(station_map_file_));
  index->Set("files", std::move(files));
  return Status();
}

namespace {

// An unsigned log is not published.
Status CheckHeadsCover(const std::vector<StoredHead>& heads, uint64_t leaves, const std::string& where) {
  if (heads.empty()) {
    return Error{ErrorCode::kCheckFailed, where, "R-E2.tree-head",
                 "the log has no signed tree head yet: sign one before publishing"};
  }
  if (heads.back().first != leaves) {
    return Error{ErrorCode::kCheckFailed, where, "R-E2.tree-head",
                 "the latest signed tree head covers " + std::to_string(heads.back().first) +
                     " leaves but the log has " + std::to_string(leaves) + ": sign a new head before publishing"};
  }
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

Result<PublicationSummary> PublicationDirectory::Impl::Write(const TabulationRun& run,
                                                             const std::vector<StoredHead>& heads,
                                                             const std::string& published_at) {
  const auto start = std::chrono::steady_clock::now();
  ASHYQ_RETURN_IF_ERROR(CheckHeadsCover(heads, log_.leaves.size(), out_));
  PublicationSummary summary;
  summary.log_size = log_.leaves.size();
  summary.tree_heads = heads.size();
  if (everything_) {
    for (const char* dir : {"", "/log/leaves", "/log/tree-heads", "/data/station", "/data/commission", "/data/search"}) {
      ASHYQ_RETURN_IF_ERROR(MakeDirectories(out_ + dir, 0755));
    }
  }
  writer_ = std::make_unique<FileWriter>(out_);
  run_ = &run;
  replaced_.clear();
  json::Value index = json::Value::Object();
  Status written = WriteAll(published_at, heads, &index);
  run_ = nullptr;
  ASHYQ_RETURN_IF_ERROR(written);
  writer_->Count(&summary);
  // Everything index.json names is on disk before index.json names it.
  // One syncfs, also for a later publication's few files: its 19 MB NIST report is most of the
  // bytes, and written back while the rest is computed (an fsync per file measured slower).
  ASHYQ_RETURN_IF_ERROR(SyncFileSystem(out_));

  const std::string index_text = json::Canonicalize(index);
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(out_ + "/index.json", index_text));
  ++summary.files_written;
  summary.bytes_written += index_text.size();
  summary.index = out_ + "/index.json";
  if (everything_) {
    // The directory may hold an earlier publication's files: everything not named goes.
    ASHYQ_ASSIGN_OR_RETURN(summary.files_removed, RemoveStaleFiles(out_, writer_->Kept()));
  } else {
    for (const std::string& rel : replaced_) {
      if (::unlink((out_ + "/" + rel).c_str()) != 0 && errno != ENOENT) {
        return IoError(out_ + "/" + rel, std::string("cannot remove a replaced file: ") + std::strerror(errno));
      }
      ++summary.files_removed;
    }
  }
  everything_ = false;
  std::fill(station_dirty_.begin(), station_dirty_.end(), false);
  std::fill(commission_dirty_.begin(), commission_dirty_.end(), false);
  published_leaves_ = log_.leaves.size();
  published_head_size_ = heads.back().first;
  writer_.reset();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

PublicationDirectory::PublicationDirectory(const protocol::ElectionContext& election, std::string out)
    : impl_(std::make_unique<Impl>(election, std::move(out))) {}
PublicationDirectory::~PublicationDirectory() = default;

Result<std::vector<std::string>> PublicationDirectory::AddLeaves(std::vector<store::StoredObject> leaves) {
  return impl_->AddLeaves(std::move(leaves));
}
uint64_t PublicationDirectory::log_size() const { return impl_->log_size(); }
std::vector<const store::StoredObject*> PublicationDirectory::ProtocolVersions(const std::string& station) const {
  return impl_->ProtocolVersions(station);
}
std::optional<StoredTierProtocol> PublicationDirectory::LatestTierProtocol(const std::string& commission_id) const {
  return impl_->LatestTierProtocol(commission_id);
}
Result<PublicationSummary> PublicationDirectory::Write(const TabulationRun& run, const std::vector<StoredHead>& heads,
                                                       const std::string& published_at) {
  return impl_->Write(run, heads, published_at);
}

Result<PublicationSummary> Publish(const protocol::ElectionContext& election, store::Store& store,
                                   const TabulationRun& run, const std::string& out,
                                   const std::string& published_at) {
  const auto start = std::chrono::steady_clock::now();
  ASHYQ_ASSIGN_OR_RETURN(std::vector<StoredHead> heads, store.TreeHeads());
  if (heads.empty()) return CheckHeadsCover(heads, 0, store.location()).error();
  PublicationDirectory directory(election, out);
  ASHYQ_ASSIGN_OR_RETURN(uint64_t size, store.LogSize());
  for (uint64_t first = 0; first < size; first += record::kLogRangeSize) {
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> batch, store.LogRange(first, record::kLogRangeSize));
    ASHYQ_RETURN_IF_ERROR(directory.AddLeaves(std::move(batch)).status());
  }
  ASHYQ_RETURN_IF_ERROR(CheckHeadsCover(heads, directory.log_size(), store.location()));
  Result<PublicationSummary> summary = directory.Write(run, heads, published_at);
  if (!summary.ok()) return summary.error();
  summary->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace ashyq::server
