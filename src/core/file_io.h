// Whole-file reading with a size limit, and atomic writing (temp file + fsync + rename), so
// that no reader ever sees a half-written file and a crash never leaves one behind.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ashyq {

// kNotFound if missing, kTooLarge if over max_bytes, kIo otherwise. `where` names the path.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes);

// For reading what someone else made (a publication, an upload): only a regular file is read,
// and nothing blocks. A FIFO, a device, a socket or a directory is refused (kBadInput "not a
// regular file") without a blocking open or a single read; with `Symlinks::kRefuse` a symbolic
// link is refused the same way (it could lead to /dev/zero or outside). The size is checked
// against max_bytes before reading.
enum class Symlinks { kFollow, kRefuse };
Result<std::string> ReadRegularFile(const std::string& path, size_t max_bytes, Symlinks symlinks);

// Writes `data` to `path` atomically with permission bits `mode` (e.g. 0644, 0600). The
// parent directory must exist. Replaces an existing file only when `overwrite` is true.
Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode = 0644,
                       bool overwrite = true);

// Durability of a batch of files. `kDeferred` writes and renames like WriteFileAtomic (readers
// still never see a half-written file) but leaves the fsyncs to one SyncFileSystem call for the
// whole batch: writing thousands of files with an fsync each takes minutes.
enum class Durability { kSynced, kDeferred };
Status WriteFileAtomic(const std::string& path, std::string_view data, Durability durability,
                       unsigned mode = 0644);

// syncfs(2): flushes every file of the file system holding `path` to stable storage.
Status SyncFileSystem(const std::string& path);

// Creates the directory and its parents (like mkdir -p) with `mode`.
Status MakeDirectories(const std::string& path, unsigned mode = 0755);

}  // namespace ashyq
