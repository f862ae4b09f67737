// The definition, election, results, CSV, NIST and search files: see file_check.h.
#include <charconv>
#include <map>
#include <unordered_map>

#include "core/parallel.h"
#include "record/layout.h"
#include "record/published_shapes.h"
#include "tabulate/results_export.h"
#include "verify/file_check.h"
#include "verify/internal/published_document.h"

namespace ashyq::verify {
namespace {

constexpr std::string_view kRule = "R-F1.export";

std::string Shorten(std::string_view s) {
  if (s.size() <= 160) return std::string(s);
  return std::string(s.substr(0, 160)) + "\xE2\x80\xA6";
}

// Reads a data/ file as bytes with its content address checked; nullopt after a failure.
std::optional<std::string> ReadBytes(const PublishedRecord& r, const std::string& file, const std::string& named_by,
                                     FileSummary* summary, Findings* findings) {
  std::optional<std::string> bytes =
      ReadPublishedBytes(*r.dir, file, kMaxDataFileBytes, named_by, &summary->bytes_read, findings);
  if (bytes) {
    ++summary->other_files;
    ++summary->content_checked;
  }
  return bytes;
}

// A published document regenerated from the recomputed tabulation: equal bytes, or every
// difference named.
void CompareJsonExport(const PublishedRecord& r, const std::string& file, const std::string& named_by,
                       const json::Value& expected, const std::string& what, FileSummary* summary,
                       Findings* findings) {
  std::optional<std::string> bytes = ReadBytes(r, file, named_by, summary, findings);
  if (!bytes) return;
  if (*bytes == json::Canonicalize(expected)) return;
  json::ParseOptions options;
  options.max_bytes = kMaxDataFileBytes;
  Result<json::Value> doc = json::Parse(*bytes, options);
  if (!doc.ok()) {
    findings->Fail(file, std::string(kRule), "not JSON: " + doc.error().message);
    return;
  }
  const size_t before = findings->failures().size();
  ReportDifferences(expected, *doc, file, "", kRule, what, findings);
  if (findings->failures().size() == before) {
    findings->Fail(file, std::string(kRule), what + ": same content, but not in canonical JSON (RFC 8785)");
  }
}

void CompareCsvExport(const PublishedRecord& r, const std::string& file, const std::string& named_by,
                      const std::string& expected, const std::string& what, FileSummary* summary, Findings* findings) {
  std::optional<std::string> bytes = ReadBytes(r, file, named_by, summary, findings);
  if (!bytes || *bytes == expected) return;
  size_t line = 1, a = 0, b = 0;
  while (true) {
    const size_t ea = expected.find('\n', a), eb = bytes->find('\n', b);
    std::string_view want = std::string_view(expected).substr(a, ea == std::string::npos ? std::string::npos : ea - a);
    std::string_view have = std::string_view(*bytes).substr(b, eb == std::string::npos ? std::string::npos : eb - b);
    if (want != have || ea == std::string::npos || eb == std::string::npos) {
      findings->Fail(file + ": line " + std::to_string(line), std::string(kRule),
                     what + ": \"" + Shorten(have) + "\" found, \"" + Shorten(want) +
                         "\" expected from the published protocols");
      return;
    }
    a = ea + 1;
    b = eb + 1;
    ++line;
  }
}


}  // namespace

void CheckExports(const PublishedRecord& r, FileSummary* summary, Findings* findings) {
  const PublishedIndex& index = *r.index;
  const ElectionDefinition& def = r.election->definition();
  const CommissionTree& tree = r.election->tree();

  // The definition is leaf 0, byte for byte.
  if (std::optional<std::string> definition =
          ReadBytes(r, index.files.definition, "index.json:/files/definition", summary, findings)) {
    if (r.log->leaves.empty() || *definition != r.log->leaves[0]) {
      findings->Fail(index.files.definition, std::string(kRule),
                     "the published definition is not log leaf 0, byte for byte");
    }
  }
  CompareJsonExport(r, index.files.election, "index.json:/files/election",
                    record::ElectionJson(def, r.election->definition_digest()), "the election", summary, findings);

  if (r.tally->tabulated) {
    const tabulate::NationalTabulation& tabulation = r.tally->tabulation;
    CompareJsonExport(r, index.files.results, "index.json:/files/results",
                      tabulate::ResultsJson(tree, tabulation, r.tally->outcomes),
                      "the results (seats and winners recomputed from the published protocols)", summary, findings);
    for (const auto& [name, file] : index.files.csv) {
      const size_t dot = name.rfind('.');
      if (dot == std::string::npos) continue;  // CheckIndex names it
      const std::string contest = name.substr(0, dot), kind = name.substr(dot + 1);
      const std::string named_by = "index.json:" + json::PointerAppend("/files/csv", name);
      if (kind == "precincts") {
        CompareCsvExport(r, file, named_by, tabulate::PrecinctResultsCsv(def, tree, r.tally->counted, contest),
                         "precinct results of " + contest, summary, findings);
      } else if (kind == "tiers") {
        CompareCsvExport(r, file, named_by, tabulate::TierResultsCsv(def, tabulation, contest),
                         "tier results of " + contest, summary, findings);
      }
    }
    CompareJsonExport(r, index.files.nist, "index.json:/files/nist",
                      tabulate::NistElectionReport(tree, tabulation, r.tally->counted, index.published_at),
                      "the NIST SP 1500-100 report", summary, findings);
  }

  std::unordered_map<std::string_view, std::string_view> station_files;
  for (const auto& [id, file] : index.stations) station_files[id] = file;
  std::map<int64_t, json::Value> buckets = record::SearchEntries(def, [&](const PollingStation& s) {
    auto f = station_files.find(s.id);
    return std::string(f == station_files.end() ? std::string_view() : f->second);
  });
  for (const auto& [key, file] : index.search) {
    int64_t bucket = -1;
    std::from_chars(key.data(), key.data() + key.size(), bucket);
    auto expected_entries = buckets.find(bucket);
    if (expected_entries == buckets.end() || std::to_string(bucket) != key) continue;  // CheckIndex names it
    const json::Value expected = record::SearchBucketJson(bucket, std::move(expected_entries->second));
    CompareJsonExport(r, file, "index.json:" + json::PointerAppend("/search", key), expected,
                      "search bucket " + key, summary, findings);
  }
}

}  // namespace ashyq::verify
