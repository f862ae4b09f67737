#include "core/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace ashyq {

namespace {

Error ErrnoError(const std::string& path, const std::string& action, int err) {
  ErrorCode code = ErrorCode::kIo;
  if (err == ENOENT) code = ErrorCode::kNotFound;
  if (err == EEXIST) code = ErrorCode::kAlreadyExists;
  return Error{code, path, "", action + ": " + std::strerror(err)};
}

// Closes a descriptor when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { Close(); }
  int get() const { return fd_; }
  int Close() {
    int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string TooLargeMessage(size_t size, size_t max_bytes) {
  return "file is " + std::to_string(size) + " bytes, over the limit of " +
         std::to_string(max_bytes) + " bytes";
}

std::string ParentDirectory(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(path, "write failed", errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status();
}

Status SyncDirectory(const std::string& dir) {
  Descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(dir, "cannot open directory to sync it", errno);
  if (::fsync(fd.get()) != 0) return ErrnoError(dir, "fsync of directory failed", errno);
  return Status();
}

}  // namespace

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(path, "cannot open", errno);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(path, "cannot stat", errno);
  if (S_ISDIR(st.st_mode)) return IoError(path, "is a directory, not a file");
  auto size = static_cast<size_t>(st.st_size);
  if (size > max_bytes) {
    return Error{ErrorCode::kTooLarge, path, "", TooLargeMessage(size, max_bytes)};
  }

  // Read to end of file rather than trusting st_size: the file may be a pipe or still growing.
  std::string out;
  out.resize(size + 1);
  size_t used = 0;
  for (;;) {
    if (used == out.size()) {
      if (used > max_bytes) break;
      out.resize(std::min(max_bytes + 1, std::max<size_t>(out.size() * 2, 4096)));
    }
    ssize_t n = ::read(fd.get(), out.data() + used, out.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(path, "read failed", errno);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  if (used > max_bytes) {
    return Error{ErrorCode::kTooLarge, path, "",
                 TooLargeMessage(used, max_bytes) + " (grew while reading)"};
  }
  out.resize(used);
  return out;
}

Result<std::string> ReadRegularFile(const std::string& path, size_t max_bytes, Symlinks symlinks) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
  if (symlinks == Symlinks::kRefuse) flags |= O_NOFOLLOW;
  Descriptor fd(::open(path.c_str(), flags));
  if (fd.get() < 0) {
    if (errno == ELOOP) return BadInput(path, "a symbolic link, not a regular file: not followed");
    return ErrnoError(path, "cannot open", errno);
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(path, "cannot stat", errno);
  if (!S_ISREG(st.st_mode)) return BadInput(path, "not a regular file (a directory, FIFO, device or socket): not read");
  const auto size = static_cast<size_t>(st.st_size);
  if (size > max_bytes) return Error{ErrorCode::kTooLarge, path, "", TooLargeMessage(size, max_bytes)};
  std::string out(size, '\0');
  size_t used = 0;
  while (used < size) {
    ssize_t n = ::read(fd.get(), out.data() + used, size - used);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return ErrnoError(path, "read failed", errno);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  if (used != size) return IoError(path, "the file changed size while it was read");
  char extra;
  if (::read(fd.get(), &extra, 1) > 0) return IoError(path, "the file grew while it was read");
  return out;
}

namespace {

Status WriteFileAtomicImpl(const std::string& path, std::string_view data, unsigned mode, bool overwrite,
                           Durability durability) {
  if (!overwrite) {
    struct stat st;
    if (::lstat(path.c_str(), &st) == 0) {
      return Error{ErrorCode::kAlreadyExists, path, "", "file already exists; not replacing it"};
    }
  }
  // The temporary lives in the same directory so that rename()/link() stay atomic.
  static std::atomic<unsigned> counter{0};
  std::string temp;
  int raw_fd = -1;
  for (int attempt = 0; attempt < 100 && raw_fd < 0; ++attempt) {
    temp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    raw_fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                    static_cast<mode_t>(mode & 07777));
    if (raw_fd < 0 && errno != EEXIST) return ErrnoError(temp, "cannot create", errno);
  }
  if (raw_fd < 0) return IoError(path, "cannot find a free temporary file name");
  Descriptor fd(raw_fd);

  Status s = WriteAll(fd.get(), data, temp);
  // open() applied the umask; the caller asked for exactly `mode`.
  if (s.ok() && ::fchmod(fd.get(), static_cast<mode_t>(mode & 07777)) != 0) {
    s = ErrnoError(temp, "cannot set permissions", errno);
  }
  if (s.ok() && durability == Durability::kSynced && ::fsync(fd.get()) != 0) {
    s = ErrnoError(temp, "fsync failed", errno);
  }
  if (s.ok() && fd.Close() != 0) s = ErrnoError(temp, "close failed", errno);
  if (s.ok()) {
    if (overwrite) {
      if (::rename(temp.c_str(), path.c_str()) != 0) s = ErrnoError(path, "rename failed", errno);
    } else {
      // link() fails with EEXIST instead of replacing, even if the file appeared just now.
      if (::link(temp.c_str(), path.c_str()) != 0) {
        s = errno == EEXIST ? Status(Error{ErrorCode::kAlreadyExists, path, "",
                                           "file already exists; not replacing it"})
                            : Status(ErrnoError(path, "link failed", errno));
      }
      ::unlink(temp.c_str());
    }
  }
  if (!s.ok()) {
    ::unlink(temp.c_str());
    return s;
  }
  if (durability == Durability::kDeferred) return Status();
  return SyncDirectory(ParentDirectory(path));
}

}  // namespace

Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode, bool overwrite) {
  return WriteFileAtomicImpl(path, data, mode, overwrite, Durability::kSynced);
}

Status WriteFileAtomic(const std::string& path, std::string_view data, Durability durability, unsigned mode) {
  return WriteFileAtomicImpl(path, data, mode, /*overwrite=*/true, durability);
}

Status SyncFileSystem(const std::string& path) {
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(path, "cannot open to sync its file system", errno);
  if (::syncfs(fd.get()) != 0) return ErrnoError(path, "syncfs failed", errno);
  return Status();
}

Status MakeDirectories(const std::string& path, unsigned mode) {
  if (path.empty()) return BadInput("", "empty directory path");
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    std::string prefix = path.substr(0, pos);
    if (prefix.empty() || prefix == "/") continue;
    if (::mkdir(prefix.c_str(), static_cast<mode_t>(mode & 07777)) == 0) continue;
    int err = errno;
    struct stat st;
    if (err == EEXIST && ::stat(prefix.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) continue;
      return Error{ErrorCode::kAlreadyExists, prefix, "", "exists and is not a directory"};
    }
    return ErrnoError(prefix, "cannot create directory", err);
  }
  return Status();
}

}  // namespace ashyq
