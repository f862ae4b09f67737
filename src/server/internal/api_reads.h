// The public reads of the commission server's API (docs/api.md), apart from submissions: reads
// never wait for a submission, and a submission never waits for a read.
//
//   GET /api/v1/server-key                  {"public_key": "<hex>"}: what receipts are signed with
//   GET /api/v1/tree-head                   the latest signed tree head (404 before the first)
//   GET /api/v1/tree-heads/<size>           the signed tree head of that size (404 if none)
//   GET /api/v1/log/entries?start=&count=   leaves from start on, at most count (<= 1000) and
//                                           about 1 MiB of them (at least one): {"start",
//                                           "entries": [{"index", "digest", "envelope"}]}, each
//                                           envelope the signed object's exact bytes (a string)
//   GET /api/v1/log/inclusion?digest=<hex>[&tree_size=<n>]
//                                           {"digest", "leaf_index", "tree_size", "leaf_hash",
//                                            "audit_path": ["<hex>", ...]} (RFC 9162)
//   GET /api/v1/log/consistency?first=<m>&second=<n>
//                                           {"first", "second", "proof": ["<hex>", ...]}
//   GET /api/v1/stations/<id>               one station's protocol versions and turnout reports
//
// Proofs are only given for tree sizes that have a signed tree head (tree_size defaults to the
// latest one): a proof is worth something only against a root the log operator has signed, and
// a client that holds such a head can check the answer at once. Any other size is 404.
//
// Each request borrows its own store connection from ReadStores (never the connection that
// submissions write through: a Store is not thread-safe). The log's leaf hashes and the signed
// heads are kept in memory, appended to as the log grows (both are append-only), so a proof
// reads only what was added since the last one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "ledger/merkle.h"
#include "protocol/election_context.h"
#include "server/internal/http_listener.h"
#include "store/store.h"

namespace ashyq::server {

// Answers a JSON body with the API's headers (no-store, nosniff).
void AnswerJson(httplib::Response& res, int status, const json::Value& body);
// An error that is not a receipt: {"error": {"rule", "message"}}.
void AnswerProblem(httplib::Response& res, int status, std::string rule, std::string message);

// A bounded pool of store connections for reads, opened on demand by location
// (store::OpenStore) and lent one per request. When all `max_open` are lent, a request waits
// for one to come back. Thread-safe.
class ReadStores {
 public:
  // A connection on loan; returned to the pool when the Lease goes.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), store_(std::move(other.store_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    store::Store* operator->() const { return store_.get(); }
    store::Store& operator*() const { return *store_; }

   private:
    friend class ReadStores;
    Lease(ReadStores* pool, std::unique_ptr<store::Store> store) : pool_(pool), store_(std::move(store)) {}
    ReadStores* pool_;
    std::unique_ptr<store::Store> store_;
  };

  // `location` as store::OpenStore takes it (a PostgreSQL URL with its password, or a path).
  ReadStores(std::string location, size_t max_open);
  ReadStores(const ReadStores&) = delete;
  ReadStores& operator=(const ReadStores&) = delete;

  // A connection: an idle one, a new one while fewer than max_open are open, or the next one
  // returned. Fails only if a new connection cannot be opened.
  Result<Lease> Lend();

  size_t open_count() const;  // connections open now (lent or idle)

 private:
  void Return(std::unique_ptr<store::Store> store);

  const std::string location_;
  const size_t max_open_;
  mutable std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<store::Store>> idle_;
  size_t open_ = 0;
};

struct ApiReadsOptions {
  crypto::PublicKey server_key;  // what receipts are signed with (GET /server-key)
  size_t max_log_entries = 1000;  // the largest count of /log/entries
  // /log/entries stops adding entries once their envelopes reach this many bytes (it always
  // gives at least one: leaf 0, the national definition, is tens of megabytes by itself).
  size_t max_log_entry_bytes = size_t{1} << 20;
};

// The read endpoints and what they keep in memory; routes registered by AddRoutes point into
// this object, which must outlive the listener's Run().
class ApiReads {
 public:
  ApiReads(const protocol::ElectionContext& election, ReadStores& stores, ApiReadsOptions options);
  ApiReads(const ApiReads&) = delete;
  ApiReads& operator=(const ApiReads&) = delete;

  // Registers every GET above on `http`.
  void AddRoutes(HttpListener& http);

 private:
  struct Head {
    uint64_t size;
    std::string envelope;  // canonical JSON of the signed tree head, as stored
  };

  void ServerKey(httplib::Response& res) const;
  void LatestHead(httplib::Response& res);
  void HeadOfSize(const std::string& size, httplib::Response& res);
  void Entries(const httplib::Request& req, httplib::Response& res);
  void Inclusion(const httplib::Request& req, httplib::Response& res);
  void Consistency(const httplib::Request& req, httplib::Response& res);
  void Station(const std::string& id, httplib::Response& res);

  // The signed heads as far as the store has them: reads only heads newer than those known.
  Status CatchUpHeads(store::Store& store);
  // The stored head of `size`, or nullopt (after catching up once if it is not known yet).
  Result<std::optional<std::string>> SignedHead(store::Store& store, uint64_t size);
  // Makes tree_ hold the first `size` leaves (reads only the missing ones). tree_mu_ held.
  Status CatchUpLeaves(store::Store& store, uint64_t size);
  json::Value Listed(store::Store& store, const std::vector<store::StoredObject>& objects, bool with_subject) const;

  const protocol::ElectionContext& election_;
  ReadStores& stores_;
  const ApiReadsOptions options_;

  std::mutex heads_mu_;
  std::vector<Head> heads_;  // in size order

  std::mutex tree_mu_;
  ledger::MerkleTree tree_;  // the log's first tree_.size() leaves
};

}  // namespace ashyq::server
