// Station files (data/station/<id>-<h>.json) against the log: see file_check.h.
#include <atomic>
#include <unordered_set>

#include "verify/file_check.h"
#include "core/parallel.h"
#include "verify/internal/published_document.h"

namespace ashyq::verify {
namespace {

constexpr std::string_view kRule = "R-F1.station-file";

json::Value Placeholder(size_t leaf) { return json::Value("log leaf " + std::to_string(leaf)); }


const json::Value* Field(const json::Value& v, std::string_view key) {
  return v.is_object() ? v.Find(key) : nullptr;
}

class StationFileCheck {
 public:
  StationFileCheck(const PublishedRecord& record, const std::string& id, const std::string& file, Findings* findings)
      : r_(record), tree_(record.election->tree()), id_(id), file_(file), findings_(findings) {}

  void Run(uint64_t* bytes_read) {
    const size_t s = tree_.FindStation(id_);
    if (s == CommissionTree::kNone) return;  // CheckIndex names it
    std::optional<std::string> bytes = ReadPublishedBytes(*r_.dir, file_, kMaxStationFileBytes,
                                                          "index.json:/stations/" + id_, bytes_read, findings_);
    if (!bytes) return;
    auto found = r_.verified->protocol_leaves.find(id_);
    static const std::vector<size_t> kNoLeaves;
    const std::vector<size_t>& leaves = found == r_.verified->protocol_leaves.end() ? kNoLeaves : found->second;
    auto found_verdict = r_.tally->stations.find(id_);
    const StationVerdict* verdict = found_verdict == r_.tally->stations.end() ? nullptr : &found_verdict->second;
    json::Value expected = Expected(tree_.station(s), leaves, verdict);

    // The file as the publisher must have written it, compared byte for byte: the usual case
    // costs no parsing. Only a file that differs is read field by field, to name each difference.
    if (ExpectedBytes(expected, leaves) == *bytes) {
      ReportRefusal(verdict, /*published_as_refused=*/true);
      return;
    }
    std::optional<json::Value> doc = ParsePublished(file_, *bytes, kMaxStationFileBytes, findings_);
    if (!doc) return;
    CompareVersions(leaves, *expected.Find("versions"), &*doc);
    const json::Value* accepted = Field(*doc, "accepted");
    const json::Value* refused = Field(*doc, "refused");
    ReportRefusal(verdict, refused != nullptr && refused->is_object() && accepted != nullptr && accepted->is_bool() &&
                               verdict != nullptr && accepted->as_bool() == verdict->latest_counted());
    ReportDifferences(expected, *doc, file_, "", kRule, "station " + id_, findings_);
  }

 private:
  // The file's content with each version's signed object replaced by Placeholder(leaf).
  json::Value Expected(const PollingStation& station, const std::vector<size_t>& leaves,
                       const StationVerdict* verdict) const {
    const size_t pec = tree_.FindCommission(station.commission);
    json::Value expected = json::Value::Object();
    expected.Set("format", json::Value("ashyq/published-station/1"));
    expected.Set("station", record::StationJson(station));
    expected.Set("path", pec == CommissionTree::kNone ? json::Value::Array() : PathJson(tree_, pec));
    expected.Set("members", pec == CommissionTree::kNone ? json::Value::Array()
                                                       : record::MembersJson(tree_.commission(pec)));
    expected.Set("versions", Versions(leaves));
    const VerifiedLeaf* latest = leaves.empty() ? nullptr : &r_.verified->leaves[leaves.back()];
    expected.Set("latest", latest != nullptr ? json::Value(latest->version) : json::Value());
    expected.Set("accepted", json::Value(verdict != nullptr && verdict->latest_counted()));
    expected.Set("counted_version", verdict != nullptr && verdict->counted()
                                        ? json::Value(r_.verified->leaves[verdict->counted_leaf()].version)
                                        : json::Value());
    json::Value refused;  // null unless a version was refused
    if (verdict != nullptr && verdict->rejection) {
      const size_t first_refused = std::min(verdict->held, verdict->versions.size() - 1);
      refused = json::Value::Object();
      refused.Set("version", json::Value(r_.verified->leaves[verdict->versions[first_refused]].version));
      refused.Set("rule", json::Value(verdict->rejection->rule));
    }
    expected.Set("refused", std::move(refused));
    if (json::Value attempts = Attempts(); attempts.size() > 0) expected.Set("attempts", std::move(attempts));
    expected.Set("turnout", Turnout());
    return expected;
  }

  // The canonical JSON of `expected` with each placeholder's string replaced by its leaf's bytes
  // (a leaf is the canonical JSON of its signed object, or R-E2.leaf failed already). A
  // placeholder is found only where a member can begin: in canonical JSON a quote inside a
  // string is always escaped, so ,"signed_object":" or {"signed_object":" is structure.
  std::string ExpectedBytes(const json::Value& expected, const std::vector<size_t>& leaves) const {
    std::string text = json::Canonicalize(expected);
    if (leaves.empty()) return text;
    static constexpr std::string_view kKey = "\"signed_object\":";
    std::string out;
    out.reserve(text.size() + leaves.size() * 4096);
    size_t from = 0;
    for (size_t leaf : leaves) {
      const std::string marker = std::string(kKey) + json::Canonicalize(Placeholder(leaf));
      size_t at = text.find(marker, from);
      while (at != std::string::npos && (at == 0 || (text[at - 1] != ',' && text[at - 1] != '{'))) at = text.find(marker, at + 1);
      if (at == std::string::npos) return text;  // cannot happen; the comparison then fails safe
      out.append(text, from, at + kKey.size() - from);
      out.append(r_.log->leaves[leaf]);
      from = at + marker.size();
    }
    out.append(text, from, std::string::npos);
    return out;
  }

  // A refused version is a notice when the file shows it refused, a failure when it shows it
  // accepted.
  void ReportRefusal(const StationVerdict* verdict, bool published_as_refused) {
    if (verdict == nullptr || !verdict->rejection) return;
    Error e = *verdict->rejection;
    if (published_as_refused) {
      e.message = "station " + id_ + ": refused by the commission and published as refused (" +
                  (verdict->counted() ? "version " + std::to_string(verdict->held) + " is counted"
                                      : std::string("not counted")) +
                  "): " + e.message;
      findings_->Note(std::move(e));
    } else {
      e.message = "station " + id_ + ": a version that does not hold is published as accepted: " + e.message;
      findings_->Fail(std::move(e));
    }
  }

  // The expected versions, each signed object a placeholder.
  json::Value Versions(const std::vector<size_t>& leaves) const {
    json::Value versions = json::Value::Array();
    for (size_t k = 0; k < leaves.size(); ++k) {
      const VerifiedLeaf& leaf = r_.verified->leaves[leaves[k]];
      json::Value v = json::Value::Object();
      v.Set("version", json::Value(leaf.version));
      v.Set("digest", json::Value(leaf.digest.Hex()));
      v.Set("leaf_index", json::Value(static_cast<int64_t>(leaves[k])));
      v.Set("superseded_by", k + 1 < leaves.size() ? json::Value(r_.verified->leaves[leaves[k + 1]].version)
                                                   : json::Value());
      v.Set("signed_object", Placeholder(leaves[k]));
      versions.Push(std::move(v));
    }
    return versions;
  }

  // Compares each published signed object with its leaf and replaces it in `doc` by a
  // placeholder, so the rest of the file is compared field by field.
  void CompareVersions(const std::vector<size_t>& leaves, const json::Value& versions, json::Value* doc) {
    json::Value* published = doc->is_object() ? doc->Find("versions") : nullptr;
    if (published == nullptr || !published->is_array()) return;
    // Which log versions the file holds, by digest: a dropped or an added version is named as such.
    std::unordered_set<std::string> in_log;
    for (size_t leaf : leaves) in_log.insert(r_.verified->leaves[leaf].digest.Hex());
    std::unordered_set<std::string> in_file;
    for (const json::Value& v : published->items()) {
      const json::Value* d = Field(v, "digest");
      if (d != nullptr && d->is_string()) in_file.insert(d->as_string());
    }
    bool same_set = in_file.size() == in_log.size() && published->items().size() == leaves.size();
    for (size_t k = 0; k < leaves.size(); ++k) {
      const VerifiedLeaf& leaf = r_.verified->leaves[leaves[k]];
      if (in_file.count(leaf.digest.Hex()) == 0) {
        same_set = false;
        findings_->Fail(file_ + ":/versions", std::string(kRule),
                        "station " + id_ + ": version " + std::to_string(leaf.version) + " (log leaf " +
                            std::to_string(leaves[k]) + ", digest " + leaf.digest.Hex().substr(0, 16) +
                            "\xE2\x80\xA6) is in the log but missing from the station file: a protocol version was dropped");
      }
    }
    for (size_t k = 0; k < published->items().size(); ++k) {
      const json::Value* d = Field(published->items()[k], "digest");
      if (d == nullptr || !d->is_string() || in_log.count(d->as_string()) == 0) {
        same_set = false;
        findings_->Fail(file_ + ":/versions/" + std::to_string(k), std::string(kRule),
                        "station " + id_ + ": this version is not a protocol of the station in the log");
      }
    }
    if (!same_set) {
      // Named above; comparing the lists position by position would only repeat it.
      *published = versions;
      return;
    }
    for (size_t k = 0; k < leaves.size(); ++k) {
      json::Value* so = published->items()[k].is_object() ? published->items()[k].Find("signed_object") : nullptr;
      if (so == nullptr) continue;
      const std::string_view leaf_bytes = r_.log->leaves[leaves[k]];
      if (json::Canonicalize(*so) != leaf_bytes) {
        json::ParseOptions options;
        options.max_bytes = leaf_bytes.size() + 1;
        Result<json::Value> leaf = json::Parse(leaf_bytes, options);
        const std::string what = "station " + id_ + ", version " + std::to_string(k + 1) +
                                 ": the published protocol differs from log leaf " + std::to_string(leaves[k]);
        if (leaf.ok()) {
          ReportDifferences(*leaf, *so, file_, "/versions/" + std::to_string(k) + "/signed_object", kRule, what,
                            findings_);
        } else {
          findings_->Fail(file_ + ":/versions/" + std::to_string(k) + "/signed_object", std::string(kRule), what);
        }
      }
      *so = Placeholder(leaves[k]);
    }
  }

  // Attempted alterations kept as evidence (decision 0015), in log order: leaf_check verified each.
  json::Value Attempts() const {
    json::Value attempts = json::Value::Array();
    auto found = r_.verified->evidence_leaves.find(id_);
    if (found == r_.verified->evidence_leaves.end()) return attempts;
    for (size_t l : found->second) {
      const VerifiedLeaf& leaf = r_.verified->leaves[l];
      if (leaf.evidence) attempts.Push(record::AttemptJson(*leaf.evidence, static_cast<int64_t>(l)));
    }
    return attempts;
  }

  json::Value Turnout() const {
    json::Value turnout = json::Value::Array();
    auto found = r_.verified->turnout_leaves.find(id_);
    if (found == r_.verified->turnout_leaves.end()) return turnout;
    for (size_t l : found->second) {
      const VerifiedLeaf& leaf = r_.verified->leaves[l];
      if (!leaf.turnout) continue;
      json::Value t = json::Value::Object();
      t.Set("time", json::Value(leaf.turnout->time));
      t.Set("registered_voters", json::Value(leaf.turnout->registered_voters));
      t.Set("voters", json::Value(leaf.turnout->voters));
      t.Set("revision", json::Value(leaf.turnout->revision));
      t.Set("digest", json::Value(leaf.digest.Hex()));
      t.Set("leaf_index", json::Value(static_cast<int64_t>(l)));
      turnout.Push(std::move(t));
    }
    return turnout;
  }

  const PublishedRecord& r_;
  const CommissionTree& tree_;
  const std::string& id_;
  const std::string& file_;
  Findings* findings_;
};

}  // namespace

void CheckStationFiles(const PublishedRecord& record, const FileProgress& progress, FileSummary* summary,
                       Findings* findings) {
  const PathMap& stations = record.index->stations;
  std::vector<Findings> per(stations.size());
  std::vector<uint64_t> bytes(stations.size(), 0);
  std::atomic<uint64_t> done{0};
  ParallelFor(stations.size(), record.threads, [&](size_t i) {
    StationFileCheck(record, stations[i].first, stations[i].second, &per[i]).Run(&bytes[i]);
    const uint64_t d = done.fetch_add(1) + 1;
    if (progress && (d % 256 == 0 || d == stations.size())) progress(d, stations.size());
  });
  for (size_t i = 0; i < stations.size(); ++i) {
    findings->Merge(std::move(per[i]));
    summary->bytes_read += bytes[i];
  }
  summary->station_files += stations.size();
  summary->content_checked += stations.size();
}

}  // namespace ashyq::verify
