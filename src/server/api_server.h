// ApiServer: the commission server's HTTP API behind `ashyq server run` (docs/api.md).
//
//   POST /api/v1/submissions      a submission (protocol/submission.h); the answer is the
//                                 server-signed receipt (canonical JSON), with the status the
//                                 intake gives (server/intake.h): 200, 400, 401, 403, 409, 413,
//                                 422, 503
//   GET  /api/v1/...              the public reads: server key, tree heads, log entries and
//                                 proofs, one station's status (server/internal/api_reads.h)
//
// Reads are public. Submissions are checked on their request threads, all at once, and
// committed in groups by one committer thread with its own store connection (group commit:
// server/internal/commit_queue.h); reads borrow connections of their own (server/internal/api_reads.h) and never wait for commits.
// Bodies over the intake's limit get 413 before they are read in full.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "crypto/keys.h"
#include "protocol/election_context.h"
#include "server/intake.h"
#include "server/live_publication.h"
#include "server/tabulation_run.h"
#include "store/store.h"

namespace ashyq::server {

struct ApiServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8081;  // 0: any free port (Bind() returns which)
  IntakeOptions intake;
  size_t max_batch = 512;  // submissions per commit (one transaction, one fsync)
  // Runs on the committer thread after each batch that stored something.
  std::function<void()> after_batch;
  // Live publication (server/live_publication.h), when publication_dir is set: the server keeps
  // that directory up to date — a tree head signed as the CEC, every changed file written — on a
  // thread of its own, after every batch it stored (batches that land during an update are
  // published by the next one) and every publish_interval. `on_published` /
  // `on_publication_error` (optional) hear of each update. Exactly one of:
  //   - tree_head_key: the CEC's key, for tree heads only; the server signs no tier protocol and
  //     publishes those the commissions submit (production, decision 0017);
  //   - publication_keys: every TEC's, REC's and the CEC's key; the server signs each changed
  //     tier protocol as its commission (the demo, tests).
  std::string publication_dir;
  std::shared_ptr<const crypto::SigningKey> tree_head_key;
  CommissionKeys publication_keys;
  std::chrono::milliseconds publish_interval{10'000};
  std::function<void(const LiveUpdate&)> on_published;
  std::function<void(const Error&)> on_publication_error;
  size_t read_connections = 8;  // store connections lent to reads, one per request
  // The clock; tests replace it. Defaults to the system clock.
  std::function<std::chrono::system_clock::time_point()> now;
};

class ApiServer {
 public:
  // Opens its own connections to the store at `store_location` (store::OpenStore), which
  // must already hold the election's definition as leaf 0.
  static Result<std::unique_ptr<ApiServer>> Create(const protocol::ElectionContext& election,
                                                   const std::string& store_location, crypto::SigningKey server_key,
                                                   ApiServerOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  Result<int> Bind();
  // Serves until Stop(). Bind() first.
  Status Run();
  // Makes Run() return; safe from any thread (not from a signal handler).
  void Stop();

  // With live publication: brings the publication up to date with everything acknowledged
  // before this call and returns when it is written (or why it could not be). Without: kNotFound.
  // `inspect`, if given, is called on the publication's thread with the tabulation that update
  // published, before PublishNow returns (copy what you need: the run changes with the next
  // update); it may also be called with the update that was already under way.
  Result<LiveUpdate> PublishNow(std::function<void(const TabulationRun&)> inspect = {});

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ashyq::server
