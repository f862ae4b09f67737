// index.json against the definition and the log: see file_check.h.
#include <unordered_map>
#include <unordered_set>

#include "record/layout.h"
#include "verify/file_check.h"
#include "verify/internal/published_document.h"

namespace ashyq::verify {
namespace {

constexpr std::string_view kRule = "R-F1.index";

void CheckKeys(const PathMap& published, const std::vector<std::string>& expected, const std::string& field,
               const std::string& what, Findings* findings) {
  std::unordered_set<std::string_view> want(expected.begin(), expected.end());
  std::unordered_set<std::string_view> have;
  for (const auto& [key, path] : published) {
    have.insert(key);
    if (want.count(key) == 0) {
      findings->Fail("index.json:" + json::PointerAppend("/" + field, key), std::string(kRule),
                     "no " + what + " \"" + key + "\" in the definition");
    }
  }
  for (const std::string& key : expected) {
    if (have.count(key) == 0) {
      findings->Fail("index.json:/" + field, std::string(kRule),
                     what + " \"" + key + "\" has no file in the index: its results are not published");
    }
  }
}

}  // namespace

void CheckIndex(const PublishedRecord& record, Findings* findings) {
  const PublishedIndex& index = *record.index;
  const ElectionDefinition& def = record.election->definition();
  auto expect = [&](const std::string& field, const std::string& found, const std::string& want) {
    if (found != want) {
      findings->Fail("index.json:/" + field, std::string(kRule),
                     "\"" + found + "\" found, \"" + want + "\" expected (the definition, log leaf 0)");
    }
  };
  expect("election_id", index.election_id, def.election_id);
  expect("definition_digest", index.definition_digest, record.election->definition_digest());
  expect("election_day", index.election_day, def.election_day);
  if (!(index.name == def.name)) {
    findings->Fail("index.json:/name", std::string(kRule), "the election's name differs from the definition's");
  }

  std::vector<std::string> stations;
  stations.reserve(def.polling_stations.size());
  for (const PollingStation& s : def.polling_stations) stations.push_back(s.id);
  CheckKeys(index.stations, stations, "stations", "polling station", findings);

  std::vector<std::string> commissions;
  std::string cec;
  for (const Commission& c : def.commissions) {
    if (c.tier == CommissionTier::kPrecinct) continue;
    commissions.push_back(c.id);
    if (c.tier == CommissionTier::kCentral) cec = c.id;
  }
  CheckKeys(index.commissions, commissions, "commissions", "commission", findings);
  for (const auto& [id, file] : index.commissions) {
    if (id == cec && file != index.files.national) {
      findings->Fail("index.json:/files/national", std::string(kRule),
                     "\"" + index.files.national + "\" is not the CEC's file \"" + file + "\"");
    }
  }

  std::vector<std::string> csv;
  for (const Contest& c : def.contests) {
    csv.push_back(c.id + ".precincts");
    csv.push_back(c.id + ".tiers");
  }
  CheckKeys(index.files.csv, csv, "files/csv", "CSV export", findings);

  if (index.search_bucket_size != record::kSearchBucketSize) {
    findings->Fail("index.json:/search_bucket_size", std::string(kRule),
                   std::to_string(index.search_bucket_size) + " found, " + std::to_string(record::kSearchBucketSize) +
                       " expected (docs/formats.md)");
  }
  std::vector<std::string> buckets;
  std::unordered_set<int64_t> seen;
  for (const PollingStation& s : def.polling_stations) {
    const int64_t bucket = record::SearchBucketOf(s.number);
    if (seen.insert(bucket).second) buckets.push_back(std::to_string(bucket));
  }
  CheckKeys(index.search, buckets, "search", "search bucket", findings);
}

}  // namespace ashyq::verify
