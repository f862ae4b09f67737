// Every published file matches the log (R-F1, R-E3): what a reader of the results site or of
// the files sees is exactly what was signed and logged, and nothing signed is left out.
//
// Each file is checked against what the log and the definition say it must hold, built
// independently from docs/formats.md (not from the commission server's code), and every
// difference is named by file and JSON Pointer with both values:
//
//   station files      every version is a log leaf of that station, byte for byte, none
//                      dropped, none added, in order, with its digest, leaf index and
//                      supersession; accepted/counted as the tabulation says; turnout reports
//                      as logged (R-F1.station-file)
//   commission files   the latest tier protocol as logged (version, digest, leaf, signatures);
//                      totals as recomputed; the declared contest's outcome; turnout;
//                      children (R-F1.commission-file)
//   exports            results-*.json, the CSVs and the NIST report regenerated from the
//                      recomputed tabulation, byte for byte (R-F1.export)
//   the rest           definition-*.json is leaf 0; election-*.json and the search buckets
//                      agree with the definition; index.json names every station and TEC/REC/CEC
//                      once and only files that exist (R-F1.index)
//   every data/ file   its name ends in the SHA-256 of its bytes (R-F1.content-address)
//   every other entry  a file none of these read is unexpected (R-F1.unexpected-file); a FIFO,
//                      symbolic link, device or socket is never opened (R-F1.file-type)
#pragma once

#include <cstddef>
#include <functional>

#include "protocol/election_context.h"
#include "verify/findings.h"
#include "verify/leaf_check.h"
#include "verify/publication_directory.h"
#include "verify/published_index.h"
#include "verify/published_log.h"
#include "verify/tally_check.h"

namespace ashyq::verify {

// Everything the file checks read; owned by the caller.
struct PublishedRecord {
  const PublicationDirectory* dir = nullptr;
  const PublishedIndex* index = nullptr;
  const PublishedLog* log = nullptr;
  const VerifiedLog* verified = nullptr;
  const Tally* tally = nullptr;
  const protocol::ElectionContext* election = nullptr;
  unsigned threads = 1;
};

struct FileSummary {
  size_t station_files = 0;
  size_t commission_files = 0;
  size_t other_files = 0;      // definition, election, results, CSV, NIST, search
  size_t content_checked = 0;  // data/ files whose content address was checked
  uint64_t bytes_read = 0;
};

using FileProgress = std::function<void(uint64_t done, uint64_t total)>;

// index.json against the definition and the log.
void CheckIndex(const PublishedRecord& record, Findings* findings);

// Every station file the index names (in parallel), and that every station has one.
void CheckStationFiles(const PublishedRecord& record, const FileProgress& progress, FileSummary* summary,
                       Findings* findings);

// Every commission file the index names (in parallel).
void CheckCommissionFiles(const PublishedRecord& record, const FileProgress& progress, FileSummary* summary,
                          Findings* findings);

// The definition, election, results, CSV, NIST and search files.
void CheckExports(const PublishedRecord& record, FileSummary* summary, Findings* findings);

}  // namespace ashyq::verify
