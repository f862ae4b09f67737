// The HTTP server under `ashyq serve` (static_site.h) and `ashyq server run` (api_server.h):
// httplib's request parsing and routing, with Ashyq's own connection handling (below) and one
// lifecycle: routes set on it, then Bind, Run until Stop. Internal to src/server.
//
// How connections are treated. httplib 0.11 gives each connection one thread of a fixed pool
// of 8 for as long as it stays open, and reads a request with a timeout per read; so 8 clients
// that connect and send nothing, or send a header byte a second (slow-loris), held every
// thread and everyone else waited 5–20 s. Here (http_listener.cc):
//   - every connection gets a thread of its own as it is accepted, up to kMaxConnectionThreads
//     (then connections wait their turn, first come first served). `ashyq serve` is for local
//     use; a browser opens at most 6 connections to a host, and a parked thread costs little.
//     In production nginx stands in front (deploy/nginx) and limits clients itself;
//   - an idle connection is closed after kKeepAliveIdle without a request;
//   - a request (line, headers and body: GET and HEAD carry none) must arrive in full within
//     kRequestArrival of its first byte, however it dribbles in: a slow-loris is cut off;
//   - a response that cannot be written on for kWriteStall is abandoned;
//   - at most kKeepAliveRequests requests per connection, then it is closed (a fresh connection
//     is cheap on loopback, and no client keeps a thread forever);
//   - requests written at once (pipelined) are answered one after the other, in order: the
//     bytes read past one request are kept for the next;
//   - Stop() wakes every connection at once, so it never waits for a slow client.
#pragma once

#include <atomic>
#include <string>

#include <httplib.h>

#include "core/result.h"

namespace ashyq::server {

class HttpListener final : public httplib::Server {
 public:
  HttpListener();
  ~HttpListener() override;

  // Whether the listener could be made (an eventfd for Stop); its error if not.
  Status Ready() const;

  // Binds `bind` and `port` (0: any free port) with SO_REUSEADDR only (httplib's default adds
  // SO_REUSEPORT, which would let a second server take half of the connections) and a full
  // backlog; returns the port.
  Result<int> Bind(const std::string& bind, int port);
  // Serves until Stop(). Bind() first.
  Status Run();
  // Makes Run() return and ends every connection at once; safe from any thread (not from a
  // signal handler).
  void Stop();

 private:
  bool process_and_close_socket(socket_t sock) override;

  int wake_fd_;
  std::string bound_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> in_run_{false};  // Run() has started and not yet returned
};

}  // namespace ashyq::server
