// ApiServer: the commission server's HTTP API behind `ashyq server run` (docs/api.md).
//
//   POST /api/v1/submissions      a submission (protocol/submission.h); the answer is the
//                                 server-signed receipt (canonical JSON), with the status the
//                                 intake gives (server/intake.h): 200, 400, 401, 403, 409, 413,
//                                 422, 503
//   GET  /api/v1/...              the public reads: server key, tree heads, log entries and
//                                 proofs, one station's status (server/internal/api_reads.h)
//
// Reads are public. Submissions are taken one at a time (the intake and its store connection
// are not shared between threads). Reads never use that connection: each borrows one of its
// own (up to read_connections, opened at read_location), so they never wait for a submission.
// Bodies over the intake's limit get 413 before they are read in full.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "crypto/keys.h"
#include "protocol/election_context.h"
#include "server/intake.h"
#include "store/store.h"

namespace ashyq::server {

struct ApiServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8081;  // 0: any free port (Bind() returns which)
  IntakeOptions intake;
  // Where reads open their own store connections (store::OpenStore): the location the store
  // was opened at (a PostgreSQL URL with its password: store.location() never shows one).
  // Empty: store.location(), which is enough for an SQLite file.
  std::string read_location;
  size_t read_connections = 8;
  // The clock; tests replace it. Defaults to the system clock.
  std::function<std::chrono::system_clock::time_point()> now;
};

class ApiServer {
 public:
  static Result<std::unique_ptr<ApiServer>> Create(const protocol::ElectionContext& election, store::Store& store,
                                                   crypto::SigningKey server_key, ApiServerOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  Result<int> Bind();
  // Serves until Stop(). Bind() first.
  Status Run();
  // Makes Run() return; safe from any thread (not from a signal handler).
  void Stop();

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ashyq::server
