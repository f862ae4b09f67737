// Raw TCP clients for the HTTP servers' tests: connections that misbehave as real ones do.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace ashyq::server::testing {

// A TCP connection to 127.0.0.1:port whose reads give up after 5 s; -1 if refused.
inline int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  timeval timeout{.tv_sec = 5, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

// Clients that tie up connections: `idle` ones connect and send nothing; the others send the
// start of a request and then one more byte a second (slow-loris), until destroyed.
class SlowClients {
 public:
  // `start`: what a slow client sends at once before dribbling (the start of a request).
  SlowClients(int port, int count, bool idle,
              std::string start = "GET /index.json HTTP/1.1\r\nHost: localhost\r\nX-Slow: ") {
    for (int i = 0; i < count; ++i) {
      const int fd = Connect(port);
      if (fd < 0) continue;
      if (!idle) {
        send(fd, start.data(), start.size(), MSG_NOSIGNAL);
      }
      fds_.push_back(fd);
    }
    if (!idle) {
      dribbler_ = std::thread([this] {
        while (!stop_) {
          for (int fd : fds_) send(fd, "a", 1, MSG_NOSIGNAL);
          for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      });
    }
  }
  ~SlowClients() {
    stop_ = true;
    if (dribbler_.joinable()) dribbler_.join();
    for (int fd : fds_) close(fd);
  }
  size_t connected() const { return fds_.size(); }

  // Stops dribbling and waits up to `limit` for the server to end each connection (an answer,
  // or the connection closed); how many it ended.
  size_t EndedByServerWithin(std::chrono::seconds limit) {
    stop_ = true;
    if (dribbler_.joinable()) dribbler_.join();
    const auto deadline = std::chrono::steady_clock::now() + limit;
    size_t ended = 0;
    for (int fd : fds_) {
      for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
        if (poll(&p, 1, static_cast<int>(left.count())) > 0) {
          ++ended;
          break;
        }
      }
    }
    return ended;
  }

 private:
  std::vector<int> fds_;
  std::atomic<bool> stop_{false};
  std::thread dribbler_;
};

}  // namespace ashyq::server::testing
