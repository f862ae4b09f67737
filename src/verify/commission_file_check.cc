// Commission files (data/commission/<id>-<h>.json) against the log and the recomputed
// tabulation: see file_check.h.
#include <atomic>
#include <map>
#include <unordered_map>

#include "tabulate/results_export.h"
#include "verify/file_check.h"
#include "core/parallel.h"
#include "verify/internal/published_document.h"

namespace ashyq::verify {
namespace {

constexpr std::string_view kRule = "R-F1.commission-file";

using record::TurnoutByTime;
using record::TurnoutPoint;

// What every commission file check shares, computed once.
struct Shared {
  std::vector<TurnoutByTime> station_turnout;             // by station index: latest revision per time
  std::unordered_map<std::string, std::string> station_files, commission_files;
};

Shared Prepare(const PublishedRecord& r) {
  Shared shared;
  const CommissionTree& tree = r.election->tree();
  shared.station_turnout.resize(tree.definition().polling_stations.size());
  for (const auto& [station, leaves] : r.verified->turnout_leaves) {
    const size_t s = tree.FindStation(station);
    if (s == CommissionTree::kNone) continue;
    for (size_t l : leaves) {  // log order: a later revision replaces an earlier one
      const protocol::TurnoutReport* t = r.verified->leaves[l].turnout.get();
      if (t != nullptr) shared.station_turnout[s][t->time] = {t->registered_voters, t->voters, 1};
    }
  }
  for (const auto& [id, file] : r.index->stations) shared.station_files[id] = file;
  for (const auto& [id, file] : r.index->commissions) shared.commission_files[id] = file;
  return shared;
}

std::string FileOf(const std::unordered_map<std::string, std::string>& files, const std::string& id) {
  auto it = files.find(id);
  return it == files.end() ? std::string() : it->second;
}

class CommissionFileCheck {
 public:
  CommissionFileCheck(const PublishedRecord& record, const Shared& shared, const std::string& id,
                      const std::string& file, Findings* findings)
      : r_(record), shared_(shared), tree_(record.election->tree()), id_(id), file_(file), findings_(findings) {}

  void Run(uint64_t* bytes_read) {
    const size_t c = tree_.FindCommission(id_);
    if (c == CommissionTree::kNone || tree_.commission(c).tier == CommissionTier::kPrecinct) return;  // CheckIndex
    std::optional<std::string> bytes = ReadPublishedBytes(*r_.dir, file_, kMaxDataFileBytes,
                                                          "index.json:/commissions/" + id_, bytes_read, findings_);
    if (!bytes) return;
    const Commission& commission = tree_.commission(c);
    json::Value expected = json::Value::Object();
    expected.Set("format", json::Value("ashyq/published-commission/1"));
    json::Value info = json::Value::Object();
    info.Set("id", json::Value(commission.id));
    info.Set("tier", json::Value(TierName(commission.tier)));
    info.Set("name", NameJson(commission.name));
    info.Set("parent", commission.parent.empty() ? json::Value() : json::Value(commission.parent));
    info.Set("region", commission.region.empty() ? json::Value() : json::Value(commission.region));
    expected.Set("commission", std::move(info));
    expected.Set("path", PathJson(tree_, c));
    expected.Set("tier_protocol", TierProtocol());
    expected.Set("contests", Contests(c));
    expected.Set("turnout", Turnout(c));
    expected.Set("children", Children(c));
    // Byte for byte first: only a file that differs is parsed, to name each difference.
    if (json::Canonicalize(expected) == *bytes) return;
    std::optional<json::Value> doc = ParsePublished(file_, *bytes, kMaxDataFileBytes, findings_);
    if (!doc) return;
    // The totals first, with what they must be: a total that differs from its stations is the
    // failure this file can hide (2007: published totals differed from the protocols).
    if (json::Value* published = doc->is_object() ? doc->Find("contests") : nullptr) {
      const json::Value& contests = *expected.Find("contests");
      ReportDifferences(contests, *published, file_, "/contests", kRule,
                        "commission " + id_ + "'s totals differ from the sum of the signed protocols beneath it",
                        findings_);
      *published = contests;
    }
    ReportDifferences(expected, *doc, file_, "", kRule, "commission " + id_, findings_);
  }

 private:
  // The latest tier protocol as logged: version, digest, leaf and the signatures of the leaf
  // (docs/formats.md: the object itself is the leaf, too large for the page).
  json::Value TierProtocol() const {
    auto found = r_.verified->tier_leaves.find(id_);
    if (found == r_.verified->tier_leaves.end() || found->second.empty()) return json::Value();
    const size_t leaf_index = found->second.back();
    const VerifiedLeaf& leaf = r_.verified->leaves[leaf_index];
    json::Value t = json::Value::Object();
    t.Set("version", json::Value(static_cast<int64_t>(found->second.size())));
    t.Set("digest", json::Value(leaf.digest.Hex()));
    t.Set("leaf_index", json::Value(static_cast<int64_t>(leaf_index)));
    json::Value signatures = json::Value::Array();
    for (const crypto::SignatureEntry& entry : leaf.tier_signatures) {
      json::Value s = json::Value::Object();
      s.Set("signer", json::Value(entry.signer));
      s.Set("public_key", json::Value(entry.public_key.Hex()));
      s.Set("signature", json::Value(entry.signature.Hex()));
      signatures.Push(std::move(s));
    }
    t.Set("signatures", std::move(signatures));
    return t;
  }

  // The totals as recomputed from the published precinct protocols, with the outcome of each
  // contest this commission declares.
  json::Value Contests(size_t c) const {
    const tabulate::TabulatedTier* tier = r_.tally->tabulated ? r_.tally->tabulation.Find(c) : nullptr;
    if (tier == nullptr) return json::Value::Array();
    return tabulate::CommissionContestsJson(r_.election->definition(), tier->protocol, r_.tally->outcomes);
  }

  json::Value Turnout(size_t c) const {
    TurnoutByTime sum;
    const std::span<const uint32_t> stations = tree_.StationsUnder(c);
    for (uint32_t s : stations) record::AddTurnout(shared_.station_turnout[s], &sum);
    return record::TurnoutJson(sum, static_cast<int64_t>(stations.size()));
  }

  json::Value Children(size_t c) const {
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
        entry.Set("name", NameJson(k.name));
        entry.Set("file", json::Value(FileOf(shared_.station_files, station.id)));
        entry.Set("station", StationBriefJson(station));
        auto verdict = r_.tally->stations.find(station.id);
        if (verdict != r_.tally->stations.end() && verdict->second.counted()) {
          const protocol::PrecinctProtocol* p = r_.verified->leaves[verdict->second.counted_leaf()].precinct.get();
          for (const protocol::ContestCount& count : p->contests) summaries.Push(CountSummaryJson(count, true));
        }
      } else {
        entry.Set("id", json::Value(k.id));
        entry.Set("tier", json::Value(TierName(k.tier)));
        entry.Set("name", NameJson(k.name));
        entry.Set("file", json::Value(FileOf(shared_.commission_files, k.id)));
        entry.Set("station", json::Value());
        const tabulate::TabulatedTier* t = r_.tally->tabulated ? r_.tally->tabulation.Find(child) : nullptr;
        if (t != nullptr) {
          for (const tabulate::ContestTotals& totals : t->protocol.contests) {
            summaries.Push(CountSummaryJson(totals, totals.precincts_counted > 0));
          }
        }
      }
      entry.Set("contests", std::move(summaries));
      children.Push(std::move(entry));
    }
    return children;
  }

  const PublishedRecord& r_;
  const Shared& shared_;
  const CommissionTree& tree_;
  const std::string& id_;
  const std::string& file_;
  Findings* findings_;
};

}  // namespace

void CheckCommissionFiles(const PublishedRecord& record, const FileProgress& progress, FileSummary* summary,
                          Findings* findings) {
  const Shared shared = Prepare(record);
  const PathMap& commissions = record.index->commissions;
  std::vector<Findings> per(commissions.size());
  std::vector<uint64_t> bytes(commissions.size(), 0);
  std::atomic<uint64_t> done{0};
  ParallelFor(commissions.size(), record.threads, [&](size_t i) {
    CommissionFileCheck(record, shared, commissions[i].first, commissions[i].second, &per[i]).Run(&bytes[i]);
    const uint64_t d = done.fetch_add(1) + 1;
    if (progress && (d % 32 == 0 || d == commissions.size())) progress(d, commissions.size());
  });
  for (size_t i = 0; i < commissions.size(); ++i) {
    findings->Merge(std::move(per[i]));
    summary->bytes_read += bytes[i];
  }
  summary->commission_files += commissions.size();
  summary->content_checked += commissions.size();
}

}  // namespace ashyq::verify
