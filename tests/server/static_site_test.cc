// StaticSite (`ashyq serve`) over real HTTP on loopback: content types, cache headers, the
// embedded site, 404/405, HEAD, ETag revalidation, compression, every way out of the
// publication directory refused; byte ranges, pipelined requests, and idle or slow clients that
// must not hold up everyone else.
#include "server/static_site.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "raw_clients.h"

namespace ashyq::server {
namespace {

namespace fs = std::filesystem;
using testing::Connect;
using testing::SlowClients;

constexpr char kImmutable[] = "public, max-age=31536000, immutable";
constexpr char kSecret[] = "outside-the-publication-7f3a";
const std::string kDataFile = "data/commission/cec-" + std::string(64, 'a') + ".json";

void Write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

StaticSiteOptions Options(const std::string& publication, int port, const std::string& site_dir = "") {
  StaticSiteOptions o;
  o.publication_dir = publication;
  o.port = port;
  o.site_dir = site_dir;
  return o;
}

// Sends `request` as it is (no client-side normalisation of the path) and returns the reply:
// everything the server sent until it closed the connection (or 5 s of silence).
std::string Raw(int port, const std::string& request) {
  const int fd = Connect(port);
  if (fd < 0) return "";
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, 0);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string reply;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) reply.append(buf, static_cast<size_t>(n));
  close(fd);
  return reply;
}
std::string RawGet(int port, const std::string& target, const std::string& headers = "") {
  return Raw(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n");
}
int StatusOf(const std::string& reply) { return reply.size() > 12 ? std::stoi(reply.substr(9, 3)) : -1; }

// One response read off the wire; header names in lower case.
struct Reply {
  int status = -1;
  std::map<std::string, std::string> headers;
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Splits `bytes` into consecutive responses, each body by its Content-Length; `heads[i]` says
// the i-th answers a HEAD (no body). Stops at the first incomplete response.
std::vector<Reply> ParseReplies(std::string_view bytes, const std::vector<bool>& heads = {}) {
  std::vector<Reply> replies;
  while (!bytes.empty()) {
    const size_t end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos || bytes.size() < 12) break;
    Reply r;
    r.status = std::stoi(std::string(bytes.substr(9, 3)));
    std::string_view lines = bytes.substr(0, end);
    size_t eol = lines.find("\r\n");
    while (eol != std::string_view::npos) {
      lines.remove_prefix(eol + 2);
      eol = lines.find("\r\n");
      const std::string_view line = lines.substr(0, eol);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string name(line.substr(0, colon));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      r.headers[name] = std::string(value);
    }
    bytes.remove_prefix(end + 4);
    const bool head = replies.size() < heads.size() && heads[replies.size()];
    const size_t length = head || r.status == 304 ? 0 : std::stoul("0" + r.Header("content-length"));
    if (bytes.size() < length) break;
    r.body = std::string(bytes.substr(0, length));
    bytes.remove_prefix(length);
    replies.push_back(std::move(r));
  }
  return replies;
}
Reply RangeGet(int port, const std::string& target, const std::string& headers) {
  std::vector<Reply> replies = ParseReplies(RawGet(port, target, headers));
  return replies.empty() ? Reply{} : replies.front();
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ashyq-static-site-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    pub_ = dir_ / "pub";
    index_ = R"({"format":"ashyq/publication/1","election_id":"test","padding":")" + std::string(2000, 'x') + "\"}\n";
    Write(pub_ / "index.json", index_);
    Write(pub_ / "log/tree-head.json", "{\"format\":\"ashyq/signed/1\"}\n");
    Write(pub_ / "log/tree-heads/3.json", "{\"format\":\"ashyq/signed/1\"}\n");
    Write(pub_ / "log/leaves/0-3.jsonl", "{}\n{}\n{}\n");
    Write(pub_ / kDataFile, "{\"format\":\"ashyq/published-commission/1\"}\n");
    Write(pub_ / "data/cec.precincts.csv", "station,number\r\nps-1,1\r\n");
    Write(pub_ / ".index.json.tmp", "half-written");
    Write(dir_ / "outside.txt", kSecret);
    fs::create_symlink(dir_ / "outside.txt", pub_ / "data" / "link.json");

    Result<std::unique_ptr<StaticSite>> site = StaticSite::Create(Options(pub_.string(), 0));
    ASSERT_TRUE(site.ok()) << site.error().ToString();
    site_ = std::move(*site);
    Result<int> port = site_->Bind();
    ASSERT_TRUE(port.ok()) << port.error().ToString();
    port_ = *port;
    server_ = std::thread([this] { EXPECT_TRUE(site_->Run().ok()); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_decompress(false);
  }
  void TearDown() override {
    if (site_) site_->Stop();
    if (server_.joinable()) server_.join();
    fs::remove_all(dir_);
  }

  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    return client_->Get(path, headers);
  }

  fs::path dir_, pub_;
  std::string index_;
  std::unique_ptr<StaticSite> site_;
  std::thread server_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("index.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("log/leaves/0-1024.jsonl"), "application/jsonl");
  EXPECT_EQ(ContentTypeFor("data/majilis-2007.precincts-ab.csv"), "text/csv; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("data/x.json.gz"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("data.v1/README"), "application/octet-stream");
}

TEST(CacheControlTest, OnlyTheReplacedFilesAreRevalidated) {
  EXPECT_EQ(CacheControlFor("index.json"), "no-cache");
  EXPECT_EQ(CacheControlFor("log/tree-head.json"), "no-cache");
  EXPECT_EQ(CacheControlFor("data/station/ps-1-ab.json"), kImmutable);
  EXPECT_EQ(CacheControlFor("log/leaves/0-1024.jsonl"), kImmutable);
  EXPECT_EQ(CacheControlFor("log/tree-heads/1024.json"), kImmutable);
  EXPECT_EQ(CacheControlFor("app.js"), "no-cache");
  EXPECT_EQ(CacheControlFor("log/tree-head.json.tmp"), "no-cache");
}

TEST(EmbeddedSiteTest, HoldsTheResultsSite) {
  bool html = false, app = false, i18n = false, css = false;
  for (const SiteFile& f : EmbeddedSiteFiles()) {
    html |= f.name == "index.html" && f.bytes.find("app.js") != std::string_view::npos;
    app |= f.name == "app.js" && f.bytes.find("index.json") != std::string_view::npos;
    i18n |= f.name == "i18n.js" && f.bytes.find("Нұсқалар тарихы") != std::string_view::npos;
    css |= f.name == "style.css";
  }
  EXPECT_TRUE(html && app && i18n && css);
}

TEST(StaticSiteCreateTest, RefusesAMissingDirectoryAndABadPort) {
  EXPECT_FALSE(StaticSite::Create(Options("/nonexistent/ashyq-publication", 8080)).ok());
  EXPECT_FALSE(StaticSite::Create(Options("/", 70000)).ok());
  EXPECT_FALSE(StaticSite::Create(Options("/", 8080, "/nonexistent/site")).ok());
}

TEST_F(StaticSiteTest, ServesTheSiteAtTheRoot) {
  auto res = Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(res->body.find("<script type=\"module\" src=\"app.js\">"), std::string::npos);
  auto same = Get("/index.html");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->body, res->body);
  auto js = Get("/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto css = Get("/style.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(StaticSiteTest, ContentTypesAndCacheHeadersOfThePublication) {
  struct Case {
    std::string path, type, cache;
  };
  for (const Case& c : {Case{"/index.json", "application/json", "no-cache"},
                        Case{"/log/tree-head.json", "application/json", "no-cache"},
                        Case{"/log/tree-heads/3.json", "application/json", kImmutable},
                        Case{"/log/leaves/0-3.jsonl", "application/jsonl", kImmutable},
                        Case{"/" + kDataFile, "application/json", kImmutable},
                        Case{"/data/cec.precincts.csv", "text/csv; charset=utf-8", kImmutable}}) {
    SCOPED_TRACE(c.path);
    auto res = Get(c.path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), c.type);
    EXPECT_EQ(res->get_header_value("Cache-Control"), c.cache);
    EXPECT_FALSE(res->get_header_value("ETag").empty());
  }
  auto index = Get("/index.json");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body, index_);
}

TEST_F(StaticSiteTest, NotFoundNoListingNothingHidden) {
  for (const std::string path : {"/missing.json", "/data", "/data/", "/log/leaves/", "/.index.json.tmp",
                                 "/data//cec.precincts.csv", "/data/link.json", "/no-such-page.html"}) {
    SCOPED_TRACE(path);
    auto res = Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(res->body.find(kSecret), std::string::npos);
    EXPECT_EQ(res->body.find("half-written"), std::string::npos);
    EXPECT_EQ(res->body.find("cec.precincts.csv"), std::string::npos);
  }
}

TEST_F(StaticSiteTest, OnlyGetAndHead) {
  auto head = client_->Head("/index.json");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(index_.size()));
  EXPECT_EQ(head->get_header_value("Cache-Control"), "no-cache");

  auto expect_405 = [](const httplib::Result& res) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD");
  };
  expect_405(client_->Post("/index.json", "{}", "application/json"));
  expect_405(client_->Put("/index.json", "{}", "application/json"));
  expect_405(client_->Delete("/index.json"));
  expect_405(client_->Patch("/index.json", "{}", "application/json"));
  expect_405(client_->Options("/index.json"));
  EXPECT_EQ(StatusOf(Raw(port_, "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 405);
  // Nothing was written.
  std::ifstream in(pub_ / "index.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), index_);
}

TEST_F(StaticSiteTest, TraversalIsRefused) {
  for (const std::string target :
       {"/../outside.txt", "/data/../../outside.txt", "/%2e%2e/outside.txt", "/%2E%2E/outside.txt",
        "/data/%2e%2e/%2e%2e/outside.txt", "/..%2foutside.txt", "/%2e%2e%2foutside.txt", "/./index.json",
        "/data/..%5c..%5coutside.txt", "/index.json%00.html", "//etc/passwd", "/../../../../etc/passwd"}) {
    SCOPED_TRACE(target);
    const std::string reply = RawGet(port_, target);
    const int status = StatusOf(reply);
    EXPECT_TRUE(status == 400 || status == 404) << reply.substr(0, 200);
    EXPECT_EQ(reply.find(kSecret), std::string::npos);
    EXPECT_EQ(reply.find("root:"), std::string::npos);
  }
  EXPECT_EQ(StatusOf(RawGet(port_, "/../outside.txt")), 400);
  EXPECT_EQ(StatusOf(RawGet(port_, "/%2e%2e/outside.txt")), 400);
  EXPECT_EQ(StatusOf(RawGet(port_, "/data/link.json")), 404);  // a symlink out of the directory
  EXPECT_EQ(StatusOf(RawGet(port_, "/index.json")), 200);       // the helper itself works
}

TEST_F(StaticSiteTest, RevalidationByETag) {
  auto first = Get("/index.json");
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = Get("/index.json", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto site = Get("/app.js");
  ASSERT_TRUE(site);
  auto site_again = Get("/app.js", {{"If-None-Match", "\"other\", " + site->get_header_value("ETag")}});
  ASSERT_TRUE(site_again);
  EXPECT_EQ(site_again->status, 304);

  // The Publisher replaces index.json by renaming a new file over it: a new tag.
  Write(pub_ / "index.json.new", "{\"format\":\"ashyq/publication/1\",\"election_id\":\"test\"}\n");
  fs::rename(pub_ / "index.json.new", pub_ / "index.json");
  auto changed = Get("/index.json", {{"If-None-Match", etag}});
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  EXPECT_NE(changed->get_header_value("ETag"), etag);
}

TEST_F(StaticSiteTest, CompressesTextForClientsThatAccept) {
  const std::string reply = RawGet(port_, "/index.json", "Accept-Encoding: gzip\r\n");
  EXPECT_EQ(StatusOf(reply), 200);
  EXPECT_NE(reply.find("Content-Encoding: gzip"), std::string::npos) << reply.substr(0, 400);
  EXPECT_LT(reply.size(), index_.size());
  const std::string plain = RawGet(port_, "/index.json");
  EXPECT_EQ(plain.find("Content-Encoding"), std::string::npos);
}

TEST_F(StaticSiteTest, ASecondServerCannotTakeTheSamePort) {
  Result<std::unique_ptr<StaticSite>> other =
      StaticSite::Create(Options(pub_.string(), port_));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE((*other)->Bind().ok());
}

// Never a 200 carrying part of the file: either the whole file with 200, or a 206 whose
// Content-Range names exactly the bytes it carries.
void ExpectWholeOrExactRange(const Reply& r, const std::string& file) {
  if (r.status == 200) {
    EXPECT_EQ(r.body, file);
    EXPECT_EQ(r.Header("content-range"), "");
    return;
  }
  ASSERT_EQ(r.status, 206);
  size_t first = 0, last = 0, total = 0;
  ASSERT_EQ(std::sscanf(r.Header("content-range").c_str(), "bytes %zu-%zu/%zu", &first, &last, &total), 3)
      << r.Header("content-range");
  EXPECT_EQ(total, file.size());
  ASSERT_LE(first, last);
  ASSERT_LT(last, file.size());
  EXPECT_EQ(r.body, file.substr(first, last - first + 1));
}

TEST_F(StaticSiteTest, ARangeGets206WithExactlyThoseBytes) {
  const size_t n = index_.size();
  const std::string total = "/" + std::to_string(n);
  struct Case {
    std::string range;
    size_t first, last;
  };
  for (const Case& c : {Case{"bytes=0-9", 0, 9}, Case{"bytes=0-0", 0, 0}, Case{"bytes=10-", 10, n - 1},
                        Case{"bytes=-5", n - 5, n - 1}, Case{"bytes=5-999999", 5, n - 1},
                        Case{"bytes=-999999", 0, n - 1}, Case{"bytes=100-199", 100, 199}}) {
    SCOPED_TRACE(c.range);
    // A client that also accepts gzip gets the bytes of the file, not of a compressed copy.
    for (const std::string extra : {"", "Accept-Encoding: gzip, br\r\n"}) {
      const Reply r = RangeGet(port_, "/index.json", "Range: " + c.range + "\r\n" + extra);
      EXPECT_EQ(r.status, 206);
      EXPECT_EQ(r.Header("content-range"), "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + total);
      EXPECT_EQ(r.Header("content-length"), std::to_string(c.last - c.first + 1));
      EXPECT_EQ(r.Header("content-encoding"), "");
      EXPECT_EQ(r.Header("content-type"), "application/json");
      EXPECT_EQ(r.body, index_.substr(c.first, c.last - c.first + 1));
      ExpectWholeOrExactRange(r, index_);
    }
  }
  // HEAD says what a GET would send.
  std::vector<Reply> head = ParseReplies(
      Raw(port_, "HEAD /index.json HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n"), {true});
  ASSERT_EQ(head.size(), 1u);
  EXPECT_EQ(head[0].status, 206);
  EXPECT_EQ(head[0].Header("content-length"), "10");
  EXPECT_EQ(head[0].Header("content-range"), "bytes 0-9" + total);
  // The whole file says that ranges may be asked for.
  EXPECT_EQ(RangeGet(port_, "/index.json", "").Header("accept-ranges"), "bytes");
}

TEST_F(StaticSiteTest, AnUnsatisfiableRangeGets416) {
  const std::string n = std::to_string(index_.size());
  for (const std::string& range :
       std::vector<std::string>{"bytes=" + n + "-", "bytes=" + n + "-" + n, "bytes=999999-", "bytes=-0"}) {
    SCOPED_TRACE(range);
    const Reply r = RangeGet(port_, "/index.json", "Range: " + range + "\r\n");
    EXPECT_EQ(r.status, 416);
    EXPECT_EQ(r.Header("content-range"), "bytes */" + n);
    EXPECT_EQ(r.body.find("election_id"), std::string::npos);
  }
}

TEST_F(StaticSiteTest, RangesNotHonouredGetTheWholeFile) {
  // Several ranges, or an If-Range naming another version: the whole file with 200 (RFC 9110
  // lets a server ignore Range), never a 200 with a part of it.
  for (const std::string headers : {"Range: bytes=0-1,5-6\r\n", "Range: bytes=0-9\r\nIf-Range: \"other\"\r\n",
                                    "Range: bytes=0-9\r\nIf-Range: Tue, 01 Jan 2030 00:00:00 GMT\r\n"}) {
    SCOPED_TRACE(headers);
    const Reply r = RangeGet(port_, "/index.json", headers);
    EXPECT_EQ(r.status, 200);
    ExpectWholeOrExactRange(r, index_);
  }
  // A Range httplib cannot parse is refused with 416 before the handler runs: not the file.
  for (const std::string headers : {"Range: items=0-9\r\n", "Range: bytes=9-2\r\n"}) {
    SCOPED_TRACE(headers);
    const Reply r = RangeGet(port_, "/index.json", headers);
    EXPECT_TRUE(r.status == 416 || r.status == 200) << r.status;
    if (r.status == 200) {
      ExpectWholeOrExactRange(r, index_);
    } else {
      EXPECT_EQ(r.body.find("election_id"), std::string::npos);
    }
  }
  // If-Range naming this version: the range.
  const std::string etag = RangeGet(port_, "/index.json", "").Header("etag");
  const Reply same = RangeGet(port_, "/index.json", "Range: bytes=0-9\r\nIf-Range: " + etag + "\r\n");
  EXPECT_EQ(same.status, 206);
  ExpectWholeOrExactRange(same, index_);
  // The site's own files: the whole file or exactly the range.
  const Reply whole_js = RangeGet(port_, "/app.js", "");
  ASSERT_EQ(whole_js.status, 200);
  ExpectWholeOrExactRange(RangeGet(port_, "/app.js", "Range: bytes=0-9\r\n"), whole_js.body);
  ExpectWholeOrExactRange(RangeGet(port_, "/app.js", "Range: bytes=20-\r\nAccept-Encoding: gzip\r\n"), whole_js.body);
}

TEST_F(StaticSiteTest, ARangeOfAStreamedFile) {
  // Files above 8 MiB are streamed from disk; a range of one reads only those bytes.
  std::string big(9 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  Write(pub_ / "data/big.csv", big);
  for (const std::string range : {"bytes=8388600-8388700", "bytes=-10", "bytes=9437000-"}) {
    SCOPED_TRACE(range);
    const Reply r = RangeGet(port_, "/data/big.csv", "Range: " + range + "\r\nAccept-Encoding: gzip\r\n");
    EXPECT_EQ(r.status, 206);
    ExpectWholeOrExactRange(r, big);
  }
  EXPECT_EQ(RangeGet(port_, "/data/big.csv", "Range: bytes=9437184-\r\n").status, 416);
}

TEST_F(StaticSiteTest, PipelinedRequestsAreAllAnsweredInOrder) {
  // Several requests written at once on one connection: one answer each, in the order asked.
  const std::string requests =
      "GET /index.json HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /log/tree-head.json HTTP/1.1\r\nHost: x\r\n\r\n"
      "HEAD /data/cec.precincts.csv HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /missing.json HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /index.json HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n"
      "GET /log/leaves/0-3.jsonl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::vector<Reply> replies =
      ParseReplies(Raw(port_, requests), {false, false, true, false, false, false});
  ASSERT_EQ(replies.size(), 6u);
  EXPECT_EQ(replies[0].status, 200);
  EXPECT_EQ(replies[0].body, index_);
  EXPECT_EQ(replies[1].status, 200);
  EXPECT_EQ(replies[1].body, "{\"format\":\"ashyq/signed/1\"}\n");
  EXPECT_EQ(replies[2].status, 200);
  EXPECT_EQ(replies[2].Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(replies[3].status, 404);
  EXPECT_EQ(replies[4].status, 206);
  EXPECT_EQ(replies[4].body, index_.substr(0, 10));
  EXPECT_EQ(replies[5].status, 200);
  EXPECT_EQ(replies[5].body, "{}\n{}\n{}\n");

  // Many at once, more than one read's worth, each answered.
  std::string many;
  for (int i = 0; i < 40; ++i) many += "GET /log/tree-heads/3.json HTTP/1.1\r\nHost: x\r\n\r\n";
  many += "GET /index.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::vector<Reply> all = ParseReplies(Raw(port_, many));
  ASSERT_EQ(all.size(), 41u);
  for (size_t i = 0; i < 40; ++i) EXPECT_EQ(all[i].body, "{\"format\":\"ashyq/signed/1\"}\n") << i;
  EXPECT_EQ(all[40].body, index_);
}

// A normal GET on a fresh connection while `count` clients tie up connections: answered in
// well under a second, and Stop() does not wait for the slow clients either.
void ExpectOthersServedPromptly(int port, std::unique_ptr<StaticSite>& site, std::thread& server,
                                const std::string& index, int count, bool idle) {
  SlowClients slow(port, count, idle);
  ASSERT_EQ(slow.connected(), static_cast<size_t>(count));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the server has taken them all
  for (int round = 0; round < 3; ++round) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<Reply> r = ParseReplies(RawGet(port, "/index.json"));
    const double seconds = Seconds(start);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, 200);
    EXPECT_EQ(r[0].body, index);
    EXPECT_LT(seconds, 0.5) << "round " << round;
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  const auto start = std::chrono::steady_clock::now();
  site->Stop();
  server.join();
  EXPECT_LT(Seconds(start), 1.0) << "Stop() waited for the slow clients";
}

TEST_F(StaticSiteTest, EightIdleConnectionsDoNotDelayOthers) {
  ExpectOthersServedPromptly(port_, site_, server_, index_, 8, true);
}
TEST_F(StaticSiteTest, AHundredIdleConnectionsDoNotDelayOthers) {
  ExpectOthersServedPromptly(port_, site_, server_, index_, 100, true);
}
TEST_F(StaticSiteTest, EightSlowLorisConnectionsDoNotDelayOthers) {
  ExpectOthersServedPromptly(port_, site_, server_, index_, 8, false);
}
TEST_F(StaticSiteTest, AHundredSlowLorisConnectionsDoNotDelayOthers) {
  ExpectOthersServedPromptly(port_, site_, server_, index_, 100, false);
}

// Seconds until the server ends the connection `fd` (answers, or closes it), sending one more
// byte every 0.5 s when `dribble`; gives up after 15 s.
double SecondsUntilTheServerEnds(int fd, bool dribble) {
  const auto start = std::chrono::steady_clock::now();
  timeval half{.tv_sec = 0, .tv_usec = 500000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &half, sizeof half);
  char byte;
  while (Seconds(start) < 15) {
    if (recv(fd, &byte, 1, 0) >= 0) break;  // an answer (400), or the end of the connection
    if (dribble) send(fd, "a", 1, MSG_NOSIGNAL);
  }
  return Seconds(start);
}

TEST_F(StaticSiteTest, AnIdleConnectionAndASlowRequestAreCutOff) {
  // An idle connection is closed after 5 s without a request; a request that dribbles in is
  // cut off 5 s after its first byte, however often a byte comes.
  const int idle = Connect(port_);
  const int slow = Connect(port_);
  ASSERT_GE(idle, 0);
  ASSERT_GE(slow, 0);
  const std::string start = "GET /index.json HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  send(slow, start.data(), start.size(), MSG_NOSIGNAL);
  double idle_seconds = 0;
  std::thread idle_waiter([&] { idle_seconds = SecondsUntilTheServerEnds(idle, false); });
  const double slow_seconds = SecondsUntilTheServerEnds(slow, true);
  idle_waiter.join();
  close(idle);
  close(slow);
  EXPECT_GT(idle_seconds, 4.0);
  EXPECT_LT(idle_seconds, 7.0);
  EXPECT_GT(slow_seconds, 4.0);
  EXPECT_LT(slow_seconds, 7.0);
}

TEST(StaticSiteDirTest, ServesTheSiteFromASourceDirectory) {
  const fs::path dir = fs::temp_directory_path() / ("ashyq-static-site-dir-" + std::to_string(getpid()));
  fs::remove_all(dir);
  Write(dir / "site/index.html", "<!doctype html><title>dev</title>");
  Write(dir / "site/app.js", "export const x = 1;");
  Write(dir / "pub/index.json", "{}\n");
  Result<std::unique_ptr<StaticSite>> site = StaticSite::Create(Options((dir / "pub").string(), 0, (dir / "site").string()));
  ASSERT_TRUE(site.ok());
  Result<int> port = (*site)->Bind();
  ASSERT_TRUE(port.ok());
  std::thread server([&] { EXPECT_TRUE((*site)->Run().ok()); });
  httplib::Client client("127.0.0.1", *port);
  auto root = client.Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->body, "<!doctype html><title>dev</title>");
  auto js = client.Get("/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body, "export const x = 1;");
  auto missing = client.Get("/style.css");  // not in the directory, and not in the publication
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  (*site)->Stop();
  server.join();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ashyq::server
