#include "verify/internal/published_document.h"

#include <algorithm>

namespace ashyq::verify {

std::optional<std::string> ReadPublishedBytes(const PublicationDirectory& dir, const std::string& file,
                                              size_t max_bytes, const std::string& referenced_by,
                                              uint64_t* bytes_read, Findings* findings) {
  Result<std::string> bytes = dir.Read(file, max_bytes);
  if (!bytes.ok()) {
    Error e = bytes.error();
    if (!referenced_by.empty()) e.message += " (named by " + referenced_by + ")";
    findings->Fail(std::move(e));
    return std::nullopt;
  }
  *bytes_read += bytes->size();
  if (file.rfind("data/", 0) == 0) {
    if (Status s = CheckContentAddress(file, *bytes); !s.ok()) findings->Fail(s.error());
  }
  return std::move(bytes).value();
}

std::optional<json::Value> ParsePublished(const std::string& file, std::string_view bytes, size_t max_bytes,
                                          Findings* findings) {
  json::ParseOptions options;
  options.max_bytes = max_bytes;
  Result<json::Value> doc = json::Parse(bytes, options);
  if (!doc.ok()) {
    findings->Fail(file, "R-F1.json", "not JSON: " + doc.error().message);
    return std::nullopt;
  }
  return std::move(doc).value();
}

void ReportDifferences(const json::Value& expected, const json::Value& found, const std::string& file,
                       std::string_view base, std::string_view rule, const std::string& what, Findings* findings) {
  std::vector<JsonDifference> differences = DiffJson(expected, found, base, kMaxReportedDifferences + 1);
  for (size_t i = 0; i < std::min(differences.size(), kMaxReportedDifferences); ++i) {
    const JsonDifference& d = differences[i];
    findings->Fail(file + ":" + d.pointer, std::string(rule), what + ": " + d.Describe());
  }
  if (differences.size() > kMaxReportedDifferences) {
    findings->Fail(file + ":" + std::string(base), std::string(rule),
                   what + ": more differences than the " + std::to_string(kMaxReportedDifferences) + " named above");
  }
}

}  // namespace ashyq::verify
