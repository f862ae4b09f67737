#include "server/static_site.h"

#include "record/layout.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>

#include "server/internal/http_listener.h"

namespace ashyq::server {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::string_view kHtmlPolicy =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";
// Larger files are streamed from disk instead of read whole (the national definition is ~25 MB).
constexpr int64_t kStreamAbove = 8 << 20;
constexpr size_t kStreamChunk = 64 << 10;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string_view Extension(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

bool IsSiteExtension(std::string_view ext) { return ext == "html" || ext == "css" || ext == "js"; }

// FNV-1a: a stable tag for the embedded files (not a security property: the bytes are ours).
uint64_t Fnv1a(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

// Whether an If-None-Match header names `etag` (or is "*"); weak tags compare equal (RFC 9110).
bool Matches(const std::string& if_none_match, const std::string& etag) {
  size_t i = 0;
  while (i < if_none_match.size()) {
    size_t end = if_none_match.find(',', i);
    if (end == std::string::npos) end = if_none_match.size();
    std::string_view tag(if_none_match.data() + i, end - i);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (StartsWith(tag, "W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    i = end + 1;
  }
  return false;
}

void Plain(httplib::Response& res, int status, std::string_view text) {
  // Whatever the answer was going to be (a file's tag, its immutable caching) is not this one.
  res.headers.erase("Cache-Control");
  res.headers.erase("ETag");
  res.status = status;
  res.set_content(std::string(text) + "\n", "text/plain; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
}

enum class PathCheck { kOk, kRefused, kNotServed };

// `path` is the request path as httplib decoded it (percent-escapes resolved). On kOk, `rel`
// is the path without its leading '/': "" for the root.
PathCheck CheckPath(const std::string& path, std::string* rel) {
  if (path.empty() || path[0] != '/') return PathCheck::kRefused;
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return PathCheck::kRefused;
  std::string_view r(path);
  r.remove_prefix(1);
  if (!r.empty()) {
    size_t i = 0;
    while (true) {
      const size_t end = std::min(r.find('/', i), r.size());
      const std::string_view segment = r.substr(i, end - i);
      if (segment == "." || segment == "..") return PathCheck::kRefused;
      if (segment.empty() || segment[0] == '.') return PathCheck::kNotServed;  // "a//b", "a/", hidden
      if (end == r.size()) break;
      i = end + 1;
    }
  }
  *rel = std::string(r);
  return PathCheck::kOk;
}

// The one byte range a Range header asks for (RFC 9110 §14): the bytes first … first+length−1.
struct ByteRange {
  int64_t first = 0;
  int64_t length = 0;
};
enum class RangeAnswer { kWhole, kPartial, kUnsatisfiable };

// A run of decimal digits; saturates at a value larger than any file. False if empty or not
// all digits.
bool ParseDigits(std::string_view s, int64_t* value) {
  if (s.empty()) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v > (int64_t{1} << 52) ? v : v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

// What to send for the Range header `value` of a file of `size` bytes. kWhole (200 with the
// whole file, as RFC 9110 allows) when there is no Range or one this server does not honour:
// several ranges (no multipart/byteranges here), another unit, a malformed one.
// kUnsatisfiable when the one range starts past the end (or asks for the last 0 bytes).
RangeAnswer ParseRange(std::string_view value, int64_t size, ByteRange* range) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  constexpr std::string_view kUnit = "bytes=";
  if (value.size() <= kUnit.size()) return RangeAnswer::kWhole;
  for (size_t i = 0; i < kUnit.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kUnit[i]) return RangeAnswer::kWhole;
  }
  value.remove_prefix(kUnit.size());
  const size_t dash = value.find('-');
  if (dash == std::string_view::npos || value.find(',') != std::string_view::npos) return RangeAnswer::kWhole;
  const std::string_view first_text = value.substr(0, dash);
  const std::string_view last_text = value.substr(dash + 1);
  int64_t first = 0, last = 0;
  if (first_text.empty()) {  // "-N": the last N bytes
    if (!ParseDigits(last_text, &last)) return RangeAnswer::kWhole;
    if (last == 0 || size == 0) return RangeAnswer::kUnsatisfiable;
    range->first = size - std::min(last, size);
    range->length = size - range->first;
    return RangeAnswer::kPartial;
  }
  if (!ParseDigits(first_text, &first)) return RangeAnswer::kWhole;
  if (last_text.empty()) {
    last = size - 1;
  } else {
    if (!ParseDigits(last_text, &last) || last < first) return RangeAnswer::kWhole;
    last = std::min(last, size - 1);
  }
  if (first >= size) return RangeAnswer::kUnsatisfiable;
  range->first = first;
  range->length = last - first + 1;
  return RangeAnswer::kPartial;
}

// Reads `length` bytes at `offset` of what a response carries into `out` (fewer at the end).
using ByteReader = std::function<bool(int64_t offset, size_t length, std::string* out)>;

// A content provider over `read` that starts at byte `first`, in chunks of kStreamChunk.
httplib::ContentProvider ProviderFrom(ByteReader read, int64_t first) {
  return [read = std::move(read), first](size_t offset, size_t length, httplib::DataSink& sink) {
    std::string chunk;
    if (!read(first + static_cast<int64_t>(offset), std::min(length, kStreamChunk), &chunk) || chunk.empty()) {
      return false;
    }
    sink.write(chunk.data(), chunk.size());
    return true;
  };
}

ByteReader FileReader(const std::shared_ptr<std::ifstream>& in) {
  return [in](int64_t offset, size_t length, std::string* out) {
    out->assign(length, '\0');
    in->clear();
    in->seekg(static_cast<std::streamoff>(offset));
    in->read(out->data(), static_cast<std::streamsize>(length));
    if (in->gcount() <= 0) return false;
    out->resize(static_cast<size_t>(in->gcount()));
    return true;
  };
}

// Answers a Range request for `size` bytes that `read` gives (tagged `etag`) with 206 and
// exactly those bytes, or 416; false when the whole should be sent instead. A 206 is never
// compressed: the range counts bytes of the file, not of a gzip of it.
bool ServeRange(const httplib::Request& req, httplib::Response& res, const std::string& etag, int64_t size,
                const std::string& type, ByteReader read) {
  if (!req.has_header("Range")) return false;
  // If-Range: the range only of this version of the file. A date names no version here (no
  // Last-Modified is sent), and a weak tag never matches (RFC 9110 §13.1.5).
  if (req.has_header("If-Range") && req.get_header_value("If-Range") != etag) return false;
  ByteRange range;
  switch (ParseRange(req.get_header_value("Range"), size, &range)) {
    case RangeAnswer::kWhole:
      return false;
    case RangeAnswer::kUnsatisfiable:
      Plain(res, 416, "416 Range Not Satisfiable");
      res.set_header("Content-Range", "bytes */" + std::to_string(size));
      return true;
    case RangeAnswer::kPartial:
      break;
  }
  res.status = 206;
  res.set_header("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                      std::to_string(range.first + range.length - 1) + "/" + std::to_string(size));
  res.set_content_provider(static_cast<size_t>(range.length), type, ProviderFrom(std::move(read), range.first));
  return true;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view path) {
  const std::string_view ext = Extension(path);
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json";  // UTF-8 by definition (RFC 8259); no parameter
  if (ext == "jsonl") return "application/jsonl";
  if (ext == "csv") return "text/csv; charset=utf-8";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "pdf") return "application/pdf";
  if (ext == "woff2") return "font/woff2";
  return "application/octet-stream";
}

std::string_view CacheControlFor(std::string_view path) {
  if (path == "index.json" || path == "log/tree-head.json") return kRevalidate;
  if (StartsWith(path, "data/") || StartsWith(path, "log/leaves/") || StartsWith(path, "log/tree-heads/")) {
    return kImmutable;
  }
  return kRevalidate;
}

struct StaticSite::Impl {
  StaticSiteOptions options;
  std::string root;  // realpath of the publication directory, without a trailing '/'
  HttpListener http;

  void Handle(const httplib::Request& req, httplib::Response& res) const;
  bool ServeSite(const std::string& rel, const httplib::Request& req, httplib::Response& res) const;
  void ServeFile(const std::string& file, const std::string& rel, const httplib::Request& req,
                 httplib::Response& res) const;
};

void StaticSite::Impl::Handle(const httplib::Request& req, httplib::Response& res) const {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  std::string rel;
  switch (CheckPath(req.path, &rel)) {
    case PathCheck::kRefused:
      return Plain(res, 400, "400 Bad Request: path not allowed");
    case PathCheck::kNotServed:
      return Plain(res, 404, "404 Not Found");
    case PathCheck::kOk:
      break;
  }
  if (ServeSite(rel.empty() ? "index.html" : rel, req, res)) return;
  // The publication: only what its layout names (index.json, log/…, data/…), so a stray file
  // dropped at the top (an "evil.html") is never served as part of the results site.
  if (rel != record::kIndexFile && !record::IsSafePublicationPath(rel)) return Plain(res, 404, "404 Not Found");
  const std::string full = root + "/" + rel;
  char resolved[PATH_MAX];
  struct stat st;
  if (realpath(full.c_str(), resolved) == nullptr || !StartsWith(resolved, root + "/") ||
      stat(resolved, &st) != 0 || !S_ISREG(st.st_mode)) {
    return Plain(res, 404, "404 Not Found");
  }
  ServeFile(resolved, rel, req, res);
}

bool StaticSite::Impl::ServeSite(const std::string& rel, const httplib::Request& req,
                                 httplib::Response& res) const {
  if (rel.find('/') != std::string::npos || !IsSiteExtension(Extension(rel))) return false;
  if (!options.site_dir.empty()) {
    const std::string file = options.site_dir + "/" + rel;
    struct stat st;
    if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    ServeFile(file, rel, req, res);
    res.set_header("Cache-Control", std::string(kRevalidate));
    return true;
  }
  for (const SiteFile& f : EmbeddedSiteFiles()) {
    if (f.name != rel) continue;
    const std::string etag = "\"site-" + Hex(Fnv1a(f.bytes)) + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", std::string(kRevalidate));
    if (Extension(rel) == "html") res.set_header("Content-Security-Policy", std::string(kHtmlPolicy));
    if (Matches(req.get_header_value("If-None-Match"), etag)) {
      res.status = 304;
      return true;
    }
    const std::string type(ContentTypeFor(rel));
    res.set_header("Accept-Ranges", "bytes");
    const std::string_view bytes = f.bytes;  // embedded: lives as long as the program
    auto read = [bytes](int64_t offset, size_t length, std::string* out) {
      *out = std::string(bytes.substr(static_cast<size_t>(offset), length));
      return true;
    };
    if (ServeRange(req, res, etag, static_cast<int64_t>(bytes.size()), type, read)) return true;
    res.status = 200;
    res.set_content(bytes.data(), bytes.size(), type);
    return true;
  }
  return false;
}

void StaticSite::Impl::ServeFile(const std::string& file, const std::string& rel,
                                 const httplib::Request& req, httplib::Response& res) const {
  struct stat st;
  if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return Plain(res, 404, "404 Not Found");
  // The Publisher replaces a file by renaming a new one over it: a new inode, a new tag.
  const int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  const std::string etag = "\"" + Hex(static_cast<uint64_t>(st.st_ino)) + "-" + Hex(static_cast<uint64_t>(st.st_size)) +
                           "-" + Hex(static_cast<uint64_t>(mtime_ns)) + "\"";
  const std::string type(ContentTypeFor(rel));
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", std::string(CacheControlFor(rel)));
  if (Extension(rel) == "html") res.set_header("Content-Security-Policy", std::string(kHtmlPolicy));
  if (Matches(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return;
  }
  auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
  if (!*in) return Plain(res, 404, "404 Not Found");
  const int64_t size = st.st_size;
  res.set_header("Accept-Ranges", "bytes");
  if (ServeRange(req, res, etag, size, type, FileReader(in))) return;
  res.status = 200;
  if (size > kStreamAbove) {
    res.set_content_provider(static_cast<size_t>(size), type, ProviderFrom(FileReader(in), 0));
    return;
  }
  std::string bytes(static_cast<size_t>(size), '\0');
  in->read(bytes.data(), static_cast<std::streamsize>(size));
  if (in->gcount() != size) return Plain(res, 500, "500 Internal Server Error: short read");
  res.body = std::move(bytes);
  res.set_header("Content-Type", type);
}

StaticSite::StaticSite(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StaticSite::~StaticSite() { Stop(); }

Result<std::unique_ptr<StaticSite>> StaticSite::Create(StaticSiteOptions options) {
  auto is_dir = [](const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  };
  if (!is_dir(options.publication_dir)) {
    return IoError(options.publication_dir, "not a directory: the publication directory to serve");
  }
  if (!options.site_dir.empty() && !is_dir(options.site_dir)) {
    return IoError(options.site_dir, "not a directory: the results site (web/results)");
  }
  if (options.port < 0 || options.port > 65535) {
    return BadInput("--port", "port " + std::to_string(options.port) + " is not in 0..65535");
  }
  char resolved[PATH_MAX];
  if (realpath(options.publication_dir.c_str(), resolved) == nullptr) {
    return IoError(options.publication_dir, std::strerror(errno));
  }
  auto impl = std::make_unique<Impl>();
  if (Status ready = impl->http.Ready(); !ready.ok()) return ready.error();
  impl->root = resolved;
  if (impl->root == "/") impl->root.clear();  // "/" + rel
  impl->options = std::move(options);

  Impl* self = impl.get();
  impl->http.set_payload_max_length(64 << 10);
  impl->http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "GET" || req.method == "HEAD") return httplib::Server::HandlerResponse::Unhandled;
    Plain(res, 405, "405 Method Not Allowed");
    res.set_header("Allow", "GET, HEAD");
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });
  impl->http.Get(".*", [self](const httplib::Request& req, httplib::Response& res) { self->Handle(req, res); });
  return std::unique_ptr<StaticSite>(new StaticSite(std::move(impl)));
}

Result<int> StaticSite::Bind() { return impl_->http.Bind(impl_->options.bind, impl_->options.port); }

Status StaticSite::Run() { return impl_->http.Run(); }

void StaticSite::Stop() { impl_->http.Stop(); }

}  // namespace ashyq::server
