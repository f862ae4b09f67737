// A publication directory on disk, as a verifier reads it: only files named by relative paths
// that stay inside it (published_index.h IsSafePublicationPath), each with a size limit.
#pragma once

#include <cstddef>
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

class PublicationDirectory {
 public:
  explicit PublicationDirectory(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string FullPath(std::string_view relative) const;

  // The bytes of `relative` (a path inside the publication). Errors name `relative`:
  // kNotFound, kTooLarge (over max_bytes), kIo, or kBadInput for a path that is not safe.
  Result<std::string> Read(std::string_view relative, size_t max_bytes) const;

  // The names of the regular files in directory `relative` (sorted); empty if it is missing.
  std::vector<std::string> List(std::string_view relative) const;

 private:
  std::string root_;
};

// "data/station/ps-1-<64 hex>.json" -> the 64 hex digits; nullopt when the name does not end in
// "-<64 lowercase hex>.<extension>".
std::optional<std::string> ContentAddressOf(std::string_view path);

// The content address check of a data/ file: its name ends in the SHA-256 of its bytes. An
// empty Status, or kCheckFailed (rule R-F1.content-address) naming both digests.
Status CheckContentAddress(std::string_view path, std::string_view bytes);

}  // namespace ashyq::verify
