// StaticSite: the HTTP server behind `ashyq serve`. It serves one publication directory
// (ashyq/publication/1, docs/formats.md) and, beside it, the results website (web/results).
//
// One URL space: the site's own files are at the root (/, /index.html, /app.js, /i18n.js,
// /style.css) and every other path is the publication's (/index.json, /data/…, /log/…), so the
// site reads `index.json` from where it was loaded, and a copy of the publication mirrored with
// any static web server or CDN keeps the same paths. The site is embedded in the binary at build
// time (cmake/embed_site.cmake), so `ashyq serve` works from any directory.
//
// What it answers:
//   - GET and HEAD only; any other method gets 405 with `Allow: GET, HEAD`.
//   - Of the publication, only what its layout names (record/layout.h: index.json, log/…,
//     data/…); anything else in the directory is 404.
//   - Regular files only: no directory listing, nothing hidden (a path segment starting with
//     '.', e.g. the Publisher's temporary files), no path outside the directory — `..` and `.`
//     segments (also percent-encoded, %2e%2e), NUL and backslashes are refused with 400, and a
//     symbolic link that leads outside is 404.
//   - Content types by extension (ContentTypeFor), `X-Content-Type-Options: nosniff`, a
//     Content-Security-Policy on HTML.
//   - Cache-Control by path (CacheControlFor): the two files the Publisher replaces are
//     revalidated on every use, the rest are immutable; an ETag on every file, and 304 for a
//     matching If-None-Match, so revalidating index.json costs a phone a few hundred bytes.
//   - Compressed (gzip/brotli) when the client accepts it and the type is text or JSON.
//   - Range: one byte range gets 206 with exactly those bytes (never compressed), a range that
//     starts past the end 416; several ranges, or an If-Range naming another version, get the
//     whole file with 200. Never a 200 carrying part of a file.
//   - Connections: a thread each as they come (up to 256), so idle or slow clients never keep
//     others waiting; an idle one is closed after 5 s, a request must arrive in full within 5 s
//     of its first byte; pipelined requests are answered in order; Stop() ends every connection
//     at once. static_site.cc (kMaxConnectionThreads) says why; docs/serving.md.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ashyq::server {

// One file of the results website, embedded at build time.
struct SiteFile {
  std::string_view name;   // e.g. "app.js": served at "/app.js"
  std::string_view bytes;
};
// Defined in the file cmake/embed_site.cmake generates from web/results/*.{html,css,js}.
std::span<const SiteFile> EmbeddedSiteFiles();

// The Content-Type for a file by its extension, e.g. "application/json" for ".json",
// "application/jsonl" for ".jsonl", "text/csv; charset=utf-8" for ".csv";
// "application/octet-stream" for anything unknown.
std::string_view ContentTypeFor(std::string_view path);

// The Cache-Control for a path (no leading '/'): "no-cache" for index.json, log/tree-head.json
// and the site's files; "public, max-age=31536000, immutable" for data/…, log/leaves/… and
// log/tree-heads/…; "no-cache" for anything else.
std::string_view CacheControlFor(std::string_view path);

struct StaticSiteOptions {
  std::string publication_dir;     // must be a directory
  std::string bind = "127.0.0.1";  // address to listen on
  int port = 8080;                 // 0: any free port (Bind() returns which)
  // Empty: serve the embedded site. Otherwise serve the site's files from this directory
  // (web/results of a source tree), re-read on every request: for working on the site.
  std::string site_dir;
};

class StaticSite {
 public:
  // Checks that the publication directory (and site_dir, if given) is a directory.
  static Result<std::unique_ptr<StaticSite>> Create(StaticSiteOptions options);
  ~StaticSite();
  StaticSite(const StaticSite&) = delete;
  StaticSite& operator=(const StaticSite&) = delete;

  // Binds the address and port; returns the port (the one chosen when options.port is 0).
  Result<int> Bind();
  // Serves requests on a pool of threads until Stop(). Bind() first.
  Status Run();
  // Makes Run() return; safe from any thread (not from a signal handler).
  void Stop();

 private:
  struct Impl;
  explicit StaticSite(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ashyq::server
