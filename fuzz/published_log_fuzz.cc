// Arbitrary bytes as a published log range file (log/leaves/<first>-<end>.jsonl) and as range
// names: lines are split exactly (every line but an empty one is a leaf, in order, and joining
// them back gives the text), problems are findings, nothing crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "record/layout.h"
#include "verify/findings.h"
#include "verify/published_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> leaves;
  ashyq::verify::Findings findings;
  const uint64_t lines = ashyq::verify::SplitRangeLines(text, "log/leaves/0-1.jsonl", &leaves, &findings);
  if (leaves.size() > lines) std::abort();
  size_t bytes = 0;
  for (std::string_view leaf : leaves) {
    if (leaf.empty() || leaf.find('\n') != std::string_view::npos) std::abort();
    if (leaf.data() < text.data() || leaf.data() + leaf.size() > text.data() + text.size()) std::abort();
    bytes += leaf.size();
  }
  // Every byte is in a leaf or is a line end; a well-formed range has no findings.
  const bool well_formed = findings.ok();
  if (well_formed && bytes + lines != size) std::abort();
  if (well_formed && leaves.size() != lines) std::abort();

  uint64_t first = 0, end = 0;
  if (ashyq::record::ParseLogRangeFile(text, &first, &end)) {
    if (first >= end) std::abort();
    const std::string name = "log/leaves/" + std::to_string(first) + "-" + std::to_string(end) + ".jsonl";
    if (name != text) std::abort();  // one name per range
  }
  return 0;
}
