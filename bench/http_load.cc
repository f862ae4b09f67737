// ashyq_http_load: a small HTTP/1.1 load generator for bench/nginx_reads.sh. Keep-alive
// connections (TLS or plain), one thread each, each asking for the paths of a list in turn
// (every connection starts at another place in it) for a fixed time, and reports requests per
// second and latency percentiles of the answered requests, with the Ed25519 verification rate
// of this machine measured just before (the floor the figures stand beside).
//
//   ashyq_http_load --url https://127.0.0.1:8443 --paths FILE [--connections 32]
//                   [--seconds 10] [--warmup 1] [--label NAME]
//
// Prints one line of JSON: {"label", "requests", "seconds", "requests_per_s", "p50_ms",
// "p90_ms", "p99_ms", "max_ms", "status": {"200": n, ...}, "errors", "ed25519_verify_per_s"}.
// A request counts once its whole body is read; a connection the server closes is opened again
// (the reconnect is counted in that request's latency). Not a test: bench only.
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "80";
  bool tls = false;
  std::string paths_file;
  int connections = 32;
  double seconds = 10;
  double warmup = 1;
  std::string label = "reads";
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "ashyq_http_load: %s\n", message.c_str());
  std::exit(2);
}

// One keep-alive connection; Request() reopens it when the server has closed it.
class Connection {
 public:
  Connection(const Options& o, SSL_CTX* ctx) : o_(o), ctx_(ctx) {}
  ~Connection() { Close(); }

  // The status of one GET, its body read in full; 0 if the connection failed.
  int Request(const std::string& path) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !Open()) return 0;
      const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + o_.host + "\r\nUser-Agent: ashyq-http-load\r\n\r\n";
      int status = 0;
      bool close_after = false;
      if (Write(request) && ReadResponse(&status, &close_after)) {
        if (close_after) Close();
        return status;
      }
      Close();  // the server closed a kept-alive connection: once more on a new one
    }
    return 0;
  }

 private:
  bool Open() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(o_.host.c_str(), o_.port.c_str(), &hints, &found) != 0) return false;
    fd_ = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    const bool connected = fd_ >= 0 && connect(fd_, found->ai_addr, found->ai_addrlen) == 0;
    freeaddrinfo(found);
    if (!connected) {
      Close();
      return false;
    }
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (ctx_ != nullptr) {
      ssl_ = SSL_new(ctx_);
      SSL_set_fd(ssl_, fd_);
      SSL_set_tlsext_host_name(ssl_, o_.host.c_str());
      if (SSL_connect(ssl_) != 1) {
        Close();
        return false;
      }
    }
    buffer_.clear();
    return true;
  }

  void Close() {
    if (ssl_ != nullptr) {
      SSL_free(ssl_);
      ssl_ = nullptr;
    }
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool Write(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      const long n = ssl_ != nullptr ? SSL_write(ssl_, data.data() + sent, static_cast<int>(data.size() - sent))
                                     : ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // Appends what arrives to buffer_; false at end of stream or error.
  bool Fill() {
    char chunk[16384];
    const long n = ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof chunk) : ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  // Makes buffer_ hold at least `n` bytes.
  bool Need(size_t n) {
    while (buffer_.size() < n) {
      if (!Fill()) return false;
    }
    return true;
  }

  // A line ending at "\r\n" from the start of buffer_ (consumed).
  bool Line(std::string* line) {
    size_t end;
    while ((end = buffer_.find("\r\n")) == std::string::npos) {
      if (!Fill()) return false;
    }
    *line = buffer_.substr(0, end);
    buffer_.erase(0, end + 2);
    return true;
  }

  bool ReadResponse(int* status, bool* close_after) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return false;
    }
    const std::string head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    if (head.size() < 12 || head.compare(0, 5, "HTTP/") != 0) return false;
    *status = std::atoi(head.c_str() + 9);
    long long length = -1;
    bool chunked = false;
    size_t at = head.find("\r\n") + 2;
    while (at < head.size()) {
      const size_t eol = head.find("\r\n", at);
      std::string field = head.substr(at, eol - at);
      at = eol + 2;
      std::transform(field.begin(), field.end(), field.begin(), [](unsigned char c) { return std::tolower(c); });
      if (field.starts_with("content-length:")) length = std::atoll(field.c_str() + 15);
      if (field.starts_with("transfer-encoding:") && field.find("chunked") != std::string::npos) chunked = true;
      if (field.starts_with("connection:") && field.find("close") != std::string::npos) *close_after = true;
    }
    if (chunked) {
      for (;;) {
        std::string size_line;
        if (!Line(&size_line)) return false;
        const size_t size = std::strtoul(size_line.c_str(), nullptr, 16);
        if (!Need(size + 2)) return false;
        buffer_.erase(0, size + 2);
        if (size == 0) return true;
      }
    }
    if (length < 0) return false;  // no length: not something this bench asks for
    if (!Need(static_cast<size_t>(length))) return false;
    buffer_.erase(0, static_cast<size_t>(length));
    return true;
  }

  const Options& o_;
  SSL_CTX* ctx_;
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  std::string buffer_;
};

struct Tally {
  std::vector<float> latencies_ms;  // of requests answered during the measured time
  std::map<int, long> statuses;
  long errors = 0;
};

double Ed25519VerifyPerSecond() {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
  crypto_sign_keypair(pk, sk);
  const unsigned char message[64] = {1};
  crypto_sign_detached(sig, nullptr, message, sizeof message, sk);
  long count = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::milliseconds(500)) {
    for (int i = 0; i < 100; ++i) {
      if (crypto_sign_verify_detached(sig, message, sizeof message, pk) != 0) Die("Ed25519 verify failed");
    }
    count += 100;
  }
  return static_cast<double>(count) / std::chrono::duration<double>(Clock::now() - start).count();
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--url") {
      std::string url = value();
      if (url.starts_with("https://")) {
        o.tls = true, o.port = "443", url = url.substr(8);
      } else if (url.starts_with("http://")) {
        url = url.substr(7);
      } else {
        Die("--url must be http://HOST[:PORT] or https://HOST[:PORT]");
      }
      if (const size_t colon = url.rfind(':'); colon != std::string::npos) {
        o.port = url.substr(colon + 1);
        url = url.substr(0, colon);
      }
      while (!url.empty() && url.back() == '/') url.pop_back();
      o.host = url;
    } else if (arg == "--paths") {
      o.paths_file = value();
    } else if (arg == "--connections") {
      o.connections = std::atoi(value().c_str());
    } else if (arg == "--seconds") {
      o.seconds = std::atof(value().c_str());
    } else if (arg == "--warmup") {
      o.warmup = std::atof(value().c_str());
    } else if (arg == "--label") {
      o.label = value();
    } else {
      Die("unknown option " + arg);
    }
  }
  if (o.paths_file.empty()) Die("--paths FILE is required");
  if (o.connections < 1 || o.seconds <= 0) Die("--connections and --seconds must be positive");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  if (sodium_init() < 0) Die("libsodium did not start");
  std::vector<std::string> paths;
  std::ifstream in(o.paths_file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) paths.push_back(line);
  }
  if (paths.empty()) Die("no paths in " + o.paths_file);
  const double ed25519 = Ed25519VerifyPerSecond();

  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(nullptr, SSL_CTX_free);
  if (o.tls) {
    ctx.reset(SSL_CTX_new(TLS_client_method()));
    if (!ctx) Die("no TLS context");
    // A throwaway loopback certificate: the bench measures serving, not trust.
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  }

  const auto start = Clock::now();
  const auto measure_from = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
  const auto stop_at = measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<Tally> tallies(static_cast<size_t>(o.connections));
  std::vector<std::thread> threads;
  for (int c = 0; c < o.connections; ++c) {
    threads.emplace_back([&, c] {
      Tally& t = tallies[static_cast<size_t>(c)];
      t.latencies_ms.reserve(1 << 16);
      Connection conn(o, ctx.get());
      size_t next = static_cast<size_t>(c) * paths.size() / static_cast<size_t>(o.connections);
      for (;;) {
        const auto sent = Clock::now();
        if (sent >= stop_at) break;
        const int status = conn.Request(paths[next++ % paths.size()]);
        const auto done = Clock::now();
        if (sent < measure_from || done > stop_at) continue;
        if (status == 0) {
          ++t.errors;
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
          continue;
        }
        ++t.statuses[status];
        t.latencies_ms.push_back(std::chrono::duration<float, std::milli>(done - sent).count());
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::vector<float> all;
  std::map<int, long> statuses;
  long errors = 0;
  for (const Tally& t : tallies) {
    all.insert(all.end(), t.latencies_ms.begin(), t.latencies_ms.end());
    for (const auto& [s, n] : t.statuses) statuses[s] += n;
    errors += t.errors;
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) -> double {
    if (all.empty()) return 0;
    return all[std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())))];
  };
  std::string status_json;
  for (const auto& [s, n] : statuses) {
    status_json += (status_json.empty() ? "" : ", ") + ("\"" + std::to_string(s) + "\": " + std::to_string(n));
  }
  std::printf(
      "{\"label\": \"%s\", \"connections\": %d, \"requests\": %zu, \"seconds\": %.1f, \"requests_per_s\": %.0f, "
      "\"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f, \"status\": {%s}, \"errors\": %ld, "
      "\"ed25519_verify_per_s\": %.0f}\n",
      o.label.c_str(), o.connections, all.size(), o.seconds, static_cast<double>(all.size()) / o.seconds, pct(0.50),
      pct(0.90), pct(0.99), all.empty() ? 0.0 : all.back(), status_json.c_str(), errors, ed25519);
  return 0;
}
