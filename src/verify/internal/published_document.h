// Reading one published data file for a check, and reporting how it differs from what it must
// hold. Internal to src/verify.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/election_definition.h"
#include "core/commission_tree.h"
#include "core/json.h"
#include "record/published_shapes.h"
#include "protocol/precinct_protocol.h"
#include "verify/findings.h"
#include "verify/json_diff.h"
#include "verify/publication_directory.h"

namespace ashyq::verify {

inline constexpr size_t kMaxReportedDifferences = 12;  // per file

// Reads `file` and checks its content address (data/ files); every problem is a failure naming
// `file` (and `referenced_by`, the index entry that names it). Adds the bytes read to *bytes_read.
std::optional<std::string> ReadPublishedBytes(const PublicationDirectory& dir, const std::string& file,
                                              size_t max_bytes, const std::string& referenced_by,
                                              uint64_t* bytes_read, Findings* findings);

// Parses what ReadPublishedBytes read; not JSON is a failure naming `file`.
std::optional<json::Value> ParsePublished(const std::string& file, std::string_view bytes, size_t max_bytes,
                                          Findings* findings);

// One failure per difference: where = file + ":" + pointer, the rule, "<what>: <found> found,
// <expected> expected" (at most kMaxReportedDifferences, then one line saying how many more).
void ReportDifferences(const json::Value& expected, const json::Value& found, const std::string& file,
                       std::string_view base, std::string_view rule, const std::string& what, Findings* findings);

// The shapes the publication uses, shared with the publisher (record/published_shapes.h).
using record::CountSummaryJson;
using record::NameJson;
using record::PathJson;
using record::StationBriefJson;

}  // namespace ashyq::verify
