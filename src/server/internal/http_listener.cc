#include "server/internal/http_listener.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace ashyq::server {
namespace {

constexpr size_t kMaxConnectionThreads = 256;
constexpr std::chrono::milliseconds kKeepAliveIdle{5000};
constexpr std::chrono::milliseconds kRequestArrival{5000};
constexpr std::chrono::milliseconds kWriteStall{5000};
constexpr size_t kKeepAliveRequests = 100;
constexpr size_t kReadBlock = 16 << 10;


// One client connection as httplib's Stream: reads are buffered across requests (so the bytes
// of a pipelined request read with the one before are kept), every wait also watches `wake_fd`
// (StaticSite::Stop), and a request has a deadline for all of its reads, not one per read.
class Connection final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  Connection(int sock, int wake_fd) : sock_(sock), wake_fd_(wake_fd) {}

  // Waits up to `idle` for the next request to begin: at once when its bytes are already read.
  // False when the client closed, stayed idle, or the server is stopping.
  bool AwaitRequest(std::chrono::milliseconds idle) {
    if (begin_ < buffer_.size()) return true;
    return Wait(POLLIN, Clock::now() + idle);
  }
  // The request now being read must arrive in full by `deadline`.
  void SetReadDeadline(Clock::time_point deadline) { read_deadline_ = deadline; }

  bool is_readable() const override { return begin_ < buffer_.size() || Wait(POLLIN, read_deadline_); }
  bool is_writable() const override { return Wait(POLLOUT, Clock::now() + kWriteStall); }

  ssize_t read(char* ptr, size_t size) override {
    if (begin_ == buffer_.size()) {
      buffer_.resize(kReadBlock);
      begin_ = 0;
      ssize_t n = -1;
      while (Wait(POLLIN, read_deadline_)) {
        n = recv(sock_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
        if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) break;
      }
      buffer_.resize(n > 0 ? static_cast<size_t>(n) : 0);
      if (n <= 0) return n < 0 ? -1 : 0;
    }
    const size_t n = std::min(size, buffer_.size() - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    size_t sent = 0;
    while (sent < size) {
      if (!Wait(POLLOUT, Clock::now() + kWriteStall)) return -1;
      const ssize_t n = send(sock_, ptr + sent, size - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      if (n <= 0) return -1;
      sent += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(sent);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { Address(getpeername, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { Address(getsockname, ip, port); }
  int socket() const override { return sock_; }

 private:
  // Until the socket is ready for `events`, the deadline passes (false), or Stop() (false).
  bool Wait(short events, Clock::time_point deadline) const {
    while (true) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return false;
      pollfd fds[2] = {{.fd = sock_, .events = events, .revents = 0}, {.fd = wake_fd_, .events = POLLIN, .revents = 0}};
      const int n = poll(fds, 2, static_cast<int>(std::min<long long>(left, INT_MAX)));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 || (fds[1].revents & POLLIN) != 0) return false;
      if (n > 0) return (fds[0].revents & (events | POLLHUP | POLLERR)) != 0;
    }
  }

  void Address(int (*name_of)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ip.clear();
    port = -1;
    if (name_of(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
    char text[INET6_ADDRSTRLEN] = "";
    if (addr.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
      inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
      port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
      inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
      port = ntohs(a->sin6_port);
    }
    ip = text;
  }

  int sock_;
  int wake_fd_;
  std::string buffer_;  // bytes received; those from begin_ on are not yet read
  size_t begin_ = 0;
  Clock::time_point read_deadline_ = Clock::now();
};

// httplib's TaskQueue with a thread for every connection: a new thread whenever every thread
// is busy, up to `max_threads`; beyond that connections wait in order. Threads stay parked
// for the next connection until shutdown().
class ConnectionThreads final : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(size_t max_threads) : max_threads_(max_threads) {}
  ~ConnectionThreads() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < max_threads_) {
      threads_.emplace_back([this] { Work(); });
    } else {
      ready_.notify_one();
    }
  }

  // Runs what is queued, then joins every thread.
  void shutdown() override {
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      threads.swap(threads_);
    }
    ready_.notify_all();
    for (std::thread& t : threads) t.join();
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      ++idle_;
      ready_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
      --idle_;
      if (jobs_.empty()) return;  // stopping, and nothing left to do
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  const size_t max_threads_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;  // threads waiting for a job
  bool stopping_ = false;
};

}  // namespace

HttpListener::HttpListener() : wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  new_task_queue = [] { return new ConnectionThreads(kMaxConnectionThreads); };
  // What the Keep-Alive response header announces.
  set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(kKeepAliveIdle).count());
  set_keep_alive_max_count(kKeepAliveRequests);
  set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
}

HttpListener::~HttpListener() {
  if (wake_fd_ >= 0) close(wake_fd_);
}

Status HttpListener::Ready() const {
  if (wake_fd_ < 0) return IoError("eventfd", "cannot make the server's wake-up descriptor");
  return Status();
}

Result<int> HttpListener::Bind(const std::string& bind, int port) {
  bound_ = bind;
  if (port == 0) {
    port = bind_to_any_port(bind);
    if (port <= 0) return IoError(bind, "cannot listen on " + bind + " (any port)");
  } else if (!bind_to_port(bind, port)) {
    return IoError(bind + ":" + std::to_string(port),
                   "cannot listen on " + bind + " port " + std::to_string(port) + " (in use, or not an address here)");
  }
  // httplib listens with a backlog of 5: a burst of connections (a page's parallel requests,
  // a test's hundred slow clients) would have SYNs dropped and retried a second later. Linux
  // takes a new backlog from a second listen() on the bound socket.
  ::listen(svr_sock_, SOMAXCONN);
  return port;
}

Status HttpListener::Run() {
  in_run_ = true;
  // Stop() and Run() each publish their flag, then read the other's (sequentially consistent):
  // either Run() sees the stop and never listens, or Stop() sees Run() and waits for it to listen.
  const bool ok = stopping_ || listen_after_bind();
  const bool stopped = stopping_;
  in_run_ = false;
  if (!ok && !stopped) return IoError(bound_, "the server stopped accepting connections");
  return Status();
}

void HttpListener::Stop() {
  stopping_ = true;
  // httplib's stop() only stops a server that is already accepting.
  while (in_run_ && !is_running()) std::this_thread::yield();
  stop();
  // Every connection waiting on a slow or idle client ends now, and every later one at once.
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

bool HttpListener::process_and_close_socket(socket_t sock) {
  // httplib writes an answer's header and body in separate writes. With Nagle's algorithm the
  // body waits for the ACK of the header, which the client delays (40 ms on Linux) while it
  // waits for the rest: every answer on a kept-alive connection took 40 ms, whatever it cost.
  int yes = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  Connection connection(sock, wake_fd_);
  bool ok = true;
  for (size_t left = kKeepAliveRequests; left > 0 && connection.AwaitRequest(kKeepAliveIdle); --left) {
    connection.SetReadDeadline(Connection::Clock::now() + kRequestArrival);
    bool closed = false;
    // Handlers answer Range themselves (StaticSite's ServeRange): httplib 0.11 would otherwise
    // cut the body to the range after the handler and keep its 200, and count past the end.
    ok = process_request(connection, left == 1, closed, [](httplib::Request& req) { req.ranges.clear(); });
    if (!ok || closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace ashyq::server
