// Immediate publication (R-E3): the commission server writes every result, every signed object
// and the public log as static files (docs/formats.md, "Publication directory"), so any web
// server or CDN can serve them and anyone can check them against the log.
//
// Content-addressed: every file under data/ is named by the SHA-256 of its bytes and never
// changes, so a file already present is not rewritten; log ranges and tree heads are named by
// the leaves or size they hold. Only index.json and log/tree-head.json are replaced. Each file
// is written under a temporary name and renamed; the whole batch is synced to disk before
// index.json (the only entry point) is replaced, so readers never see a half-written file or an
// index naming a missing one. Re-publishing after new objects writes only what changed, then
// removes the data files the new index no longer names: every file in the directory is one
// the verifier can account for.
//
//   ASHYQ_ASSIGN_OR_RETURN(TabulationRun run, RunTabulation(election, store, keys));
//   ASHYQ_ASSIGN_OR_RETURN(PublicationSummary s, Publish(election, store, run, "pub", UtcNow()));
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "protocol/election_context.h"
#include "record/layout.h"
#include "server/log_head.h"
#include "server/tabulation_run.h"
#include "store/store.h"

namespace ashyq::server {

using record::kLogRangeSize;
using record::kPublicationFormat;

struct PublicationSummary {
  uint64_t log_size = 0;         // leaves published
  uint64_t tree_heads = 0;       // signed tree heads published
  size_t files_written = 0;      // new files
  size_t files_unchanged = 0;    // content-addressed files already there
  size_t files_removed = 0;      // an earlier publication's files no longer named
  uint64_t bytes_written = 0;
  std::string index;             // path of index.json
  double seconds = 0;
};

// Publishes the store's log (every leaf and tree head) and the results of `run` (which must be
// a tabulation of the same store) into directory `out`, created if missing. `published_at`
// (RFC 3339 UTC) goes into index.json. The store must hold at least one tree head
// (server/log_head.h): an unsigned log is not published.
Result<PublicationSummary> Publish(const protocol::ElectionContext& election, store::Store& store,
                                   const TabulationRun& run, const std::string& out,
                                   const std::string& published_at);

// The publication directory kept in step with a growing log, for a server that publishes after
// every batch (server/live_publication.h). It holds the log's leaves in memory, indexed by
// station and commission. Its first Write writes every file (what Publish does); each later one
// writes only what the leaves added since touched: the files of stations with new protocol
// versions or turnout reports, the commission files up their chains, the station map and
// search buckets, the results and exports, the log ranges from the last partial one on, new
// tree heads and index.json; then it removes the files those replaced. A Write produces the
// same bytes as Publish of the same log, run, heads and time would. Not thread-safe.
class PublicationDirectory {
 public:
  PublicationDirectory(const protocol::ElectionContext& election, std::string out);
  ~PublicationDirectory();
  PublicationDirectory(const PublicationDirectory&) = delete;
  PublicationDirectory& operator=(const PublicationDirectory&) = delete;

  // Adds the log's next leaves, in log order (the first is leaf log_size()). Returns the
  // subjects (stations) of the precinct protocol versions among them, sorted, each once.
  Result<std::vector<std::string>> AddLeaves(std::vector<store::StoredObject> leaves);
  uint64_t log_size() const;

  // Every version added of `station`'s protocol, in version order (pointers into this object,
  // valid until the next AddLeaves).
  std::vector<const store::StoredObject*> ProtocolVersions(const std::string& station) const;
  // The latest tier protocol of `commission_id` among the leaves added.
  std::optional<StoredTierProtocol> LatestTierProtocol(const std::string& commission_id) const;

  // Writes the publication of `run` (a tabulation of the leaves added) with `heads` (every
  // stored tree head, in size order; the latest must cover every leaf added) at `published_at`.
  Result<PublicationSummary> Write(const TabulationRun& run, const std::vector<StoredHead>& heads,
                                   const std::string& published_at);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ashyq::server
