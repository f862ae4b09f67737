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
#include <string>

#include "core/result.h"
#include "protocol/election_context.h"
#include "record/layout.h"
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

}  // namespace ashyq::server
