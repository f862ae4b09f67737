// The public log as published: leaves in range files, signed tree heads (docs/formats.md,
// "Publication directory": log/leaves/<first>-<end>.jsonl, log/tree-heads/<size>.json,
// log/tree-head.json).
//
// Reading checks the shape of what it reads and reports every problem as a failure in
// `findings` (rule R-E2.range, R-E2.tree-head), then goes on with what it could read, so one
// damaged range does not hide the rest: a line removed from a range is reported with that
// range, and every later check (roots, station files) sees the leaves that are really there.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "verify/findings.h"
#include "verify/publication_directory.h"
#include "verify/published_index.h"

namespace ashyq::verify {

struct PublishedLog {
  PublishedLog() = default;
  PublishedLog(PublishedLog&&) = default;  // the views stay valid: the strings' buffers move with them
  PublishedLog& operator=(PublishedLog&&) = default;
  PublishedLog(const PublishedLog&) = delete;
  PublishedLog& operator=(const PublishedLog&) = delete;

  // Leaf i's bytes (the canonical signed envelope, without the line's '\n'), in log order:
  // the lines of the index's ranges one after the other. Views into `range_bytes`.
  std::vector<std::string_view> leaves;
  std::vector<std::string> range_bytes;
  // Where each leaf was read from, for messages: the range file and the leaf index its first
  // line should have (from the file name).
  struct Origin {
    std::string file;
    uint64_t first_leaf = 0;  // leaf index of the first line read from it
  };
  std::vector<Origin> origins;  // one per range read, in order

  // "log/leaves/0-1024.jsonl line 18" for leaf 17.
  std::string Where(uint64_t leaf) const;
};

// Reads the ranges the index lists, in order. Checks each range's name (consecutive from 0,
// range_size leaves each, the last ending at the index's tree head size), that it holds as many
// lines as its name says, each ending in '\n' and none empty.
PublishedLog ReadPublishedLog(const PublicationDirectory& dir, const PublishedIndex& index,
                              Findings* findings);

// Splits the bytes of range file `file` into its lines (views into `text`, appended to
// `leaves`): one leaf per line, each ending in '\n'. An empty line or a last line without '\n'
// is a failure in `findings`. Returns the number of lines.
uint64_t SplitRangeLines(std::string_view text, const std::string& file, std::vector<std::string_view>* leaves,
                         Findings* findings);

}  // namespace ashyq::verify
