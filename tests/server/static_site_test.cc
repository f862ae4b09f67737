// StaticSite (`ashyq serve`) over real HTTP on loopback: content types, cache headers, the
// embedded site, 404/405, HEAD, ETag revalidation, compression, and every way out of the
// publication directory refused.
#include "server/static_site.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

namespace ashyq::server {
namespace {

namespace fs = std::filesystem;

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

// Sends `request` as it is (no client-side normalisation of the path) and returns the reply.
std::string Raw(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
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
