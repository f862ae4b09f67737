#include "verify/published_log.h"

#include <algorithm>
#include <charconv>

#include "record/layout.h"

namespace ashyq::verify {
namespace {

}  // namespace

std::string PublishedLog::Where(uint64_t leaf) const {
  // The last range whose first leaf is <= leaf.
  auto it = std::upper_bound(origins.begin(), origins.end(), leaf,
                             [](uint64_t l, const Origin& o) { return l < o.first_leaf; });
  if (it == origins.begin()) return "log leaf " + std::to_string(leaf);
  --it;
  return it->file + " line " + std::to_string(leaf - it->first_leaf + 1);
}

uint64_t SplitRangeLines(std::string_view text, const std::string& file, std::vector<std::string_view>* leaves,
                         Findings* findings) {
  uint64_t lines = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      findings->Fail(file, "R-E2.range", "the last line has no '\\n': the file is cut short");
      nl = text.size();
    }
    ++lines;
    if (nl == pos) {
      findings->Fail(file, "R-E2.range", "line " + std::to_string(lines) + " is empty");
    } else {
      leaves->push_back(text.substr(pos, nl - pos));
    }
    pos = nl + 1;
  }
  return lines;
}

PublishedLog ReadPublishedLog(const PublicationDirectory& dir, const PublishedIndex& index,
                              Findings* findings) {
  PublishedLog log;
  const uint64_t size = static_cast<uint64_t>(index.tree_head.size);
  const uint64_t range_size = static_cast<uint64_t>(std::max<int64_t>(index.range_size, 1));
  const uint64_t expected_ranges = (size + range_size - 1) / range_size;
  if (index.ranges.size() != expected_ranges) {
    findings->Fail("index.json:/log/ranges", "R-E2.range",
                   "the index lists " + std::to_string(index.ranges.size()) + " leaf ranges; " +
                       std::to_string(size) + " leaves in ranges of " + std::to_string(range_size) +
                       " need " + std::to_string(expected_ranges));
  }
  log.range_bytes.reserve(index.ranges.size());
  for (size_t i = 0; i < index.ranges.size(); ++i) {
    const std::string& file = index.ranges[i];
    const std::string at = "index.json:/log/ranges/" + std::to_string(i);
    const uint64_t want_first = i * range_size;
    const uint64_t want_end = std::min(want_first + range_size, size);
    uint64_t first = 0, end = 0;
    if (!record::ParseLogRangeFile(file, &first, &end)) {
      findings->Fail(at, "R-E2.range", "\"" + file + "\" is not named log/leaves/<first>-<end>.jsonl");
      first = want_first;
      end = want_end;
    } else if (first != want_first || end != want_end) {
      findings->Fail(at, "R-E2.range",
                     "\"" + file + "\" should be " + record::LogRangeFile(want_first, want_end) +
                         " (ranges of " + std::to_string(range_size) + " leaves from 0 up to the tree size " +
                         std::to_string(size) + ")");
    }
    Result<std::string> bytes = dir.Read(file, kMaxRangeBytes);
    if (!bytes.ok()) {
      findings->Fail(bytes.error());
      continue;
    }
    log.range_bytes.push_back(std::move(bytes).value());
    const std::string& text = log.range_bytes.back();
    log.origins.push_back({file, log.leaves.size()});
    const uint64_t lines = SplitRangeLines(text, file, &log.leaves, findings);
    if (lines != end - first) {
      findings->Fail(file, "R-E2.range",
                     "holds " + std::to_string(lines) + " leaves, but its name says " +
                         std::to_string(end - first) + " (leaves " + std::to_string(first) + " to " +
                         std::to_string(end - 1) + "): leaves were " +
                         (lines < end - first ? "removed" : "added"));
    }
  }
  return log;
}

}  // namespace ashyq::verify
