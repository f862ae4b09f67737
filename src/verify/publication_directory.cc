#include "verify/publication_directory.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/hash.h"
#include "verify/published_index.h"

namespace ashyq::verify {
namespace {

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

Result<std::string> FindPublication(const std::string& path) {
  if (!IsDirectory(path)) {
    return BadInput(path, "not a directory: give a publication directory or an election directory");
  }
  if (IsFile(path + "/index.json")) return path;
  if (IsFile(path + "/publication/index.json")) return path + "/publication";
  if (IsFile(path + "/definition.json")) {
    if (IsDirectory(path + "/publication")) {
      return BadInput(path + "/publication", "the election's publication directory has no index.json: "
                                             "it was never published completely");
    }
    return BadInput(path, "an election directory without a publication (no publication/index.json): "
                          "nothing has been published yet; the verifier reads only the published record");
  }
  return BadInput(path, "not a publication directory (no index.json) nor an election directory "
                        "(no definition.json)");
}

std::string PublicationDirectory::FullPath(std::string_view relative) const {
  return root_ + "/" + std::string(relative);
}

Result<std::string> PublicationDirectory::Read(std::string_view relative, size_t max_bytes) const {
  const std::string rel(relative);
  if (rel != "index.json" && !IsSafePublicationPath(rel)) {
    return BadInput(rel, "not a path inside the publication");
  }
  Result<std::string> bytes = ReadFile(FullPath(rel), max_bytes);
  if (!bytes.ok()) {
    Error e = bytes.error();
    e.where = rel;
    if (e.code == ErrorCode::kNotFound) e.message = "file is missing";
    return e;
  }
  return bytes;
}

std::vector<std::string> PublicationDirectory::List(std::string_view relative) const {
  std::vector<std::string> names;
  const std::string dir = FullPath(relative);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* entry = ::readdir(d)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (IsFile(dir + "/" + name)) names.push_back(std::move(name));
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> ContentAddressOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view stem = name.substr(0, dot);
  if (stem.size() < 65 || stem[stem.size() - 65] != '-') return std::nullopt;
  std::string_view hex = stem.substr(stem.size() - 64);
  if (!IsDigestHex(hex)) return std::nullopt;
  return std::string(hex);
}

Status CheckContentAddress(std::string_view path, std::string_view bytes) {
  std::optional<std::string> named = ContentAddressOf(path);
  if (!named) {
    return CheckFailed(std::string(path), "R-F1.content-address",
                       "the file name does not end in -<SHA-256 of its bytes>: caches cannot keep it forever");
  }
  const std::string actual = Sha256(bytes).Hex();
  if (actual != *named) {
    return CheckFailed(std::string(path), "R-F1.content-address",
                       "the file's SHA-256 is " + actual + ", not the " + *named +
                           " its name gives: the file was changed after publication");
  }
  return Status();
}

}  // namespace ashyq::verify
