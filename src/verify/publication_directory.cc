#include "verify/publication_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <algorithm>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/hash.h"
#include "record/layout.h"

namespace ashyq::verify {
namespace {

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
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
  // A publication whose index.json is damaged (a FIFO, a link, missing beside log/ and data/)
  // is still a publication: the verifier reports what is wrong with it.
  auto is_publication = [](const std::string& dir) {
    return Exists(dir + "/index.json") || (IsDirectory(dir + "/log") && IsDirectory(dir + "/data"));
  };
  if (is_publication(path)) return path;
  if (is_publication(path + "/publication")) return path + "/publication";
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

struct PublicationDirectory::Listed {
  std::string path;
  mode_t type = 0;  // S_IFREG, S_IFDIR, S_IFLNK, …
  uint64_t size = 0;
};

namespace {

std::string_view KindName(mode_t type) {
  switch (type) {
    case S_IFREG: return "regular file";
    case S_IFDIR: return "directory";
    case S_IFLNK: return "symbolic link";
    case S_IFIFO: return "FIFO (named pipe)";
    case S_IFSOCK: return "socket";
    case S_IFCHR: return "character device";
    case S_IFBLK: return "block device";
    default: return "file of unknown type";
  }
}

// Lists `dir_fd` (the directory `prefix` names) into `out`, without following symbolic links.
void ListDirectory(int dir_fd, const std::string& prefix, size_t depth, size_t max_entries,
                   std::vector<std::string>* out_paths, std::vector<mode_t>* out_types,
                   std::vector<uint64_t>* out_sizes, bool* complete) {
  DIR* d = ::fdopendir(dir_fd);
  if (d == nullptr) {
    ::close(dir_fd);
    *complete = false;
    return;
  }
  std::vector<std::string> subdirs;
  while (dirent* entry = ::readdir(d)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (out_paths->size() >= max_entries) {
      *complete = false;
      break;
    }
    struct stat st;
    if (::fstatat(::dirfd(d), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone meanwhile
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    out_paths->push_back(path);
    out_types->push_back(st.st_mode & S_IFMT);
    out_sizes->push_back(static_cast<uint64_t>(st.st_size));
    if (S_ISDIR(st.st_mode)) subdirs.push_back(name);
  }
  for (const std::string& name : subdirs) {
    if (depth + 1 > PublicationDirectory::kMaxDepth) {
      *complete = false;
      continue;
    }
    const int fd = ::openat(::dirfd(d), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      *complete = false;
      continue;
    }
    ListDirectory(fd, prefix.empty() ? name : prefix + "/" + name, depth + 1, max_entries, out_paths, out_types,
                  out_sizes, complete);
  }
  ::closedir(d);
}

}  // namespace

PublicationDirectory::PublicationDirectory(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  std::vector<std::string> paths;
  std::vector<mode_t> types;
  std::vector<uint64_t> sizes;
  const int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ListDirectory(fd, "", 0, kMaxEntries, &paths, &types, &sizes, &listing_complete_);
  } else {
    listing_complete_ = false;
  }
  entries_.reserve(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) entries_.push_back({std::move(paths[i]), types[i], sizes[i]});
  std::sort(entries_.begin(), entries_.end(), [](const Listed& a, const Listed& b) { return a.path < b.path; });
  touched_ = std::make_unique<std::atomic<bool>[]>(entries_.size());
}

PublicationDirectory::~PublicationDirectory() = default;

const PublicationDirectory::Listed* PublicationDirectory::Find(std::string_view relative) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), relative,
                             [](const Listed& e, std::string_view p) { return e.path < p; });
  return it != entries_.end() && it->path == relative ? &*it : nullptr;
}

std::string PublicationDirectory::FullPath(std::string_view relative) const {
  return root_ + "/" + std::string(relative);
}

bool PublicationDirectory::Account(std::string_view relative) const {
  const Listed* e = Find(relative);
  if (e == nullptr) return false;
  touched_[static_cast<size_t>(e - entries_.data())].store(true, std::memory_order_relaxed);
  return true;
}

Result<std::string> PublicationDirectory::Read(std::string_view relative, size_t max_bytes) const {
  const std::string rel(relative);
  if (rel != record::kIndexFile && !record::IsSafePublicationPath(rel)) {
    return BadInput(rel, "not a path inside the publication");
  }
  const Listed* e = Find(rel);
  if (e == nullptr) return Error{ErrorCode::kNotFound, rel, "", "file is missing"};
  touched_[static_cast<size_t>(e - entries_.data())].store(true, std::memory_order_relaxed);
  if (e->type != S_IFREG) {
    return CheckFailed(rel, "R-F1.file-type",
                       "is a " + std::string(KindName(e->type)) + ", not a regular file: not opened");
  }
  if (e->size > max_bytes) {
    return Error{ErrorCode::kTooLarge, rel, "",
                 "file is " + std::to_string(e->size) + " bytes, over the limit of " + std::to_string(max_bytes) +
                     " bytes: not read"};
  }
  Result<std::string> bytes = ReadRegularFile(FullPath(rel), max_bytes, Symlinks::kRefuse);
  if (!bytes.ok()) {
    Error err = bytes.error();
    err.where = rel;
    if (err.code == ErrorCode::kNotFound) err.message = "file is missing";
    return err;
  }
  return bytes;
}

std::vector<std::string> PublicationDirectory::List(std::string_view relative) const {
  std::vector<std::string> names;
  const std::string prefix = std::string(relative) + "/";
  auto it = std::lower_bound(entries_.begin(), entries_.end(), std::string_view(prefix),
                             [](const Listed& e, std::string_view p) { return e.path < p; });
  for (; it != entries_.end() && std::string_view(it->path).substr(0, prefix.size()) == prefix; ++it) {
    const std::string_view rest = std::string_view(it->path).substr(prefix.size());
    if (it->type == S_IFREG && rest.find('/') == std::string_view::npos) names.emplace_back(rest);
  }
  return names;
}

std::vector<std::string> PublicationDirectory::Unaccounted() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].type == S_IFREG && !touched_[i].load(std::memory_order_relaxed)) out.push_back(entries_[i].path);
  }
  return out;
}

std::vector<PublicationDirectory::Entry> PublicationDirectory::Irregular() const {
  std::vector<Entry> out;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const mode_t type = entries_[i].type;
    if (type == S_IFREG || type == S_IFDIR || touched_[i].load(std::memory_order_relaxed)) continue;
    out.push_back({entries_[i].path, std::string(KindName(type))});
  }
  return out;
}

size_t PublicationDirectory::regular_files() const {
  return static_cast<size_t>(
      std::count_if(entries_.begin(), entries_.end(), [](const Listed& e) { return e.type == S_IFREG; }));
}

Status CheckContentAddress(std::string_view path, std::string_view bytes) {
  std::optional<std::string> named = record::ContentAddressOf(path);
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
