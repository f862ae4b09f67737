// A publication directory on disk, as a verifier reads it: only files named by relative paths
// that stay inside it (record/layout.h IsSafePublicationPath), each with a size limit.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ashyq::verify {

// Size limits for what a verifier reads. Generous for a national election (definition ~25 MB,
// the CEC's tier protocol ~2 MB, a TEC's commission file ~1 MB), finite for a hostile one.
inline constexpr size_t kMaxLeafBytes = size_t{512} << 20;      // leaf 0: the definition
inline constexpr size_t kMaxRangeBytes = size_t{2} << 30;       // one log/leaves/*.jsonl
inline constexpr size_t kMaxTreeHeadBytes = size_t{64} << 10;   // a signed tree head
inline constexpr size_t kMaxStationFileBytes = size_t{64} << 20;
inline constexpr size_t kMaxDataFileBytes = size_t{1} << 30;    // NIST report, CSV, results

// Where the publication is: `path` itself when it holds index.json; `path`/publication when
// `path` is an election directory holding one. kBadInput otherwise, saying what is missing
// (an election directory without a publication: run `ashyq demo` or `ashyq publish` first).
Result<std::string> FindPublication(const std::string& path);

// The publication's files, listed once when it is opened (without following any symbolic link)
// and read only through it, so that the verifier can say which files it accounted for:
//   - Read() opens only what the listing found to be a regular file, never follows a symbolic
//     link, never blocks (a FIFO is never opened) and knows a file's size before reading it;
//   - every entry Read() or Account() touched is accounted for; Unaccounted() lists every other
//     regular file (nothing in the signed record explains it) and Irregular() every entry that
//     is not a regular file or a directory (a FIFO, a symbolic link, a device, a socket).
// Thread-safe after construction: the checks read files from every core.
class PublicationDirectory {
 public:
  // The listing stops at kMaxEntries entries or kMaxDepth levels (a finding, not a hang).
  static constexpr size_t kMaxEntries = size_t{4} << 20;
  static constexpr size_t kMaxDepth = 8;

  explicit PublicationDirectory(std::string root);
  PublicationDirectory(const PublicationDirectory&) = delete;
  PublicationDirectory& operator=(const PublicationDirectory&) = delete;
  ~PublicationDirectory();

  const std::string& root() const { return root_; }
  std::string FullPath(std::string_view relative) const;

  // The bytes of `relative` (a path inside the publication). Errors name `relative`:
  // kNotFound (no such file), kTooLarge (over max_bytes, nothing read), kCheckFailed (not a
  // regular file: never opened), kIo, or kBadInput for a path that is not safe.
  Result<std::string> Read(std::string_view relative, size_t max_bytes) const;

  // Marks `relative` as accounted for without reading it; false if there is no such entry.
  bool Account(std::string_view relative) const;

  // The names of the regular files in directory `relative` (sorted); empty if it is missing.
  std::vector<std::string> List(std::string_view relative) const;

  struct Entry {
    std::string path;  // relative to the root
    std::string kind;  // "symbolic link", "FIFO", "directory", "regular file", …
  };
  // Regular files nothing read or accounted for, in path order.
  std::vector<std::string> Unaccounted() const;
  // Entries that are neither regular files nor directories, and not touched by Read(), in path
  // order; plus a note when the listing was cut short (over kMaxEntries or kMaxDepth).
  std::vector<Entry> Irregular() const;
  bool listing_complete() const { return listing_complete_; }
  size_t regular_files() const;

 private:
  struct Listed;
  const Listed* Find(std::string_view relative) const;

  std::string root_;
  std::vector<Listed> entries_;  // sorted by path
  std::unique_ptr<std::atomic<bool>[]> touched_;  // by entry
  bool listing_complete_ = true;
};

// The content address check of a data/ file: its name ends in the SHA-256 of its bytes. An
// empty Status, or kCheckFailed (rule R-F1.content-address) naming both digests.
Status CheckContentAddress(std::string_view path, std::string_view bytes);

}  // namespace ashyq::verify
