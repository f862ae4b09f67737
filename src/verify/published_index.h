// index.json, the entry point of a publication directory ("ashyq/publication/1",
// docs/formats.md "Publication directory"): which files hold what, the latest tree head and the
// log's ranges.
//
// Read strictly, like every Ashyq document: unknown fields, nulls, wrong kinds, malformed
// digests and unsafe paths are problems named by JSON Pointer. A path in the index must stay
// inside the publication: relative, under "data/" or "log/", of [A-Za-z0-9._-] segments, no
// "." or ".." segment (a hostile index cannot make a verifier read /etc/passwd).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/election_definition.h"
#include "core/json.h"
#include "core/result.h"
#include "record/layout.h"
#include "verify/publication_directory.h"

namespace ashyq::verify {

using record::kPublicationFormat;
inline constexpr size_t kMaxIndexBytes = size_t{64} << 20;

// A name-to-path map in the order the index lists it.
using PathMap = std::vector<std::pair<std::string, std::string>>;

struct PublishedIndex {
  std::string election_id;
  LocalizedName name;
  std::string election_day;       // YYYY-MM-DD
  std::string published_at;       // RFC 3339 UTC
  std::string definition_digest;  // 64 hex

  struct TreeHeadRef {
    int64_t size = 0;
    std::string root_hash;  // 64 hex
    std::string file;       // "log/tree-heads/<size>.json"
  } tree_head;

  int64_t range_size = 0;           // leaves per range file (1,024)
  std::vector<std::string> ranges;  // "log/leaves/<first>-<end>.jsonl", in order

  struct Files {
    std::string election, definition, national, results, nist;
    std::string stations;  // the station map file (below)
    PathMap csv;  // "<contest>.precincts" / "<contest>.tiers" -> path
  } files;

  PathMap commissions;  // CEC, REC and TEC id -> file
  PathMap stations;     // polling station id -> file, from files.stations (ReadStationMap)
  PathMap search;       // bucket (decimal) -> file
  int64_t search_bucket_size = 0;  // a station is in bucket number / search_bucket_size
};


// Reads a parsed index.json. Appends every problem to `problems` (kBadInput, `where` = JSON
// Pointer) and returns what could be read; a document whose "format" is not
// kPublicationFormat gets one problem and an empty index.
PublishedIndex PublishedIndexFromJson(const json::Value& doc, std::vector<Error>* problems);

// index.json names the station map instead of holding it, so the entry point stays small on a
// phone: data/stations-<h>.json = {"format": "ashyq/published-stations/1", "stations": {id:
// file}}. Reads it into index->stations; kBadInput naming the file and pointer.
Status ReadStationMap(const PublicationDirectory& dir, PublishedIndex* index);

// Parses and reads index.json text (at most kMaxIndexBytes). kBadInput with the first problem
// (its message says how many there were in all).
Result<PublishedIndex> ParsePublishedIndex(std::string_view text);

}  // namespace ashyq::verify
