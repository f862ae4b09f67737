#include "crypto/guardian_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/file_io.h"

namespace ashyq::crypto {

namespace {

constexpr size_t kMaxSecretFileBytes = 1 << 20;

// Wipes a buffer that held secret text on every return path.
struct WipeString {
  std::string* text;
  ~WipeString() { WipeBytes(text->data(), text->size()); }
};

std::string ModeOctal(mode_t mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
  return buffer;
}

}  // namespace

Result<json::Value> ReadSecretJsonFile(const std::string& path) {
  // One descriptor for the permission check and the read, so both concern the same file.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return Error{ErrorCode::kNotFound, path, "", "no such secret file"};
    return IoError(path, std::string("cannot open the secret file: ") + std::strerror(error));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError(path, std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return BadInput(path, "the secret file is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return CheckFailed(path, "R-C3.secret-file",
                       "the secret file has mode " + ModeOctal(st.st_mode) +
                           ", so group or others can read it; run `chmod 600 " + path +
                           "` and consider whether the secret was exposed");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxSecretFileBytes) {
    return Error{ErrorCode::kTooLarge, path, "", "the secret file is larger than 1 MiB"};
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  WipeString wipe{&text};
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(path, std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  text.resize(done);
  auto doc = json::Parse(text);
  // A parse error may quote the text near the fault: never for a secret file.
  if (!doc.ok()) return BadInput(path, "the secret file is not valid JSON (damaged?)");
  return std::move(*doc);
}

Status WriteSecretJsonFile(const std::string& path, const json::Value& doc) {
  std::string text = json::Pretty(doc);
  WipeString wipe{&text};
  text += "\n";
  Status written = WriteFileAtomic(path, text, 0600, /*overwrite=*/false);
  if (!written.ok() && written.error().code == ErrorCode::kAlreadyExists) {
    return Error{ErrorCode::kAlreadyExists, path, "",
                 "a file already exists here; a secret file is never overwritten"};
  }
  return written;
}

Result<GroupId> GroupOfDocument(const json::Value& doc) {
  if (!doc.is_object()) return BadInput("", "expected a JSON object");
  const json::Value* group = doc.Find("group");
  if (group == nullptr || !group->is_string()) {
    return BadInput("/group", "missing: the file names no group");
  }
  auto id = ParseGroupName(group->as_string());
  if (!id.ok()) return id.error().In("/group");
  return *id;
}

}  // namespace ashyq::crypto
