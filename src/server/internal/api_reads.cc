#include "server/internal/api_reads.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <system_error>
#include <string_view>

#include "core/shortened.h"
#include "protocol/evidence.h"
#include "protocol/precinct_protocol.h"
#include "protocol/turnout_report.h"

namespace ashyq::server {

void AnswerJson(httplib::Response& res, int status, const json::Value& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(json::Canonicalize(body), "application/json");
}

void AnswerProblem(httplib::Response& res, int status, std::string rule, std::string message) {
  json::Value error = json::Value::Object();
  error.Set("rule", json::Value(std::move(rule)));
  error.Set("message", json::Value(std::move(message)));
  json::Value body = json::Value::Object();
  body.Set("error", std::move(error));
  AnswerJson(res, status, body);
}

namespace {

constexpr std::string_view kParameterRule = "R-E2.api";
constexpr std::string_view kHeadRule = "R-E2.tree-head";
constexpr std::string_view kStoreRule = "R-E2.store";
// How many leaves one catch-up of the in-memory tree reads at a time.
constexpr uint64_t kLeafChunk = 4096;

void StoreUnreadable(httplib::Response& res, const Error& error) {
  AnswerProblem(res, 503, std::string(kStoreRule), "the store cannot be read now: " + error.message);
}

// A query parameter that must be a decimal number (digits only, no sign, fits 64 bits).
// nullopt and a 400 answered if it is missing or is not one.
std::optional<uint64_t> Number(const httplib::Request& req, const char* name, httplib::Response& res) {
  if (!req.has_param(name)) {
    AnswerProblem(res, 400, std::string(kParameterRule), std::string("the parameter \"") + name + "\" is missing");
    return std::nullopt;
  }
  const std::string text = req.get_param_value(name);
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const bool digits = !text.empty() && text.size() <= 20 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::from_chars_result read = std::from_chars(text.data(), end, value);
  if (!digits || read.ec != std::errc() || read.ptr != end) {
    AnswerProblem(res, 400, std::string(kParameterRule),
                  std::string("the parameter \"") + name + "\" must be a whole number, not \"" + text.substr(0, 40) + "\"");
    return std::nullopt;
  }
  return value;
}

json::Value HexList(const std::vector<Digest>& digests) {
  json::Value list = json::Value::Array();
  for (const Digest& d : digests) list.Push(json::Value(d.Hex()));
  return list;
}

json::Value Int(uint64_t value) { return json::Value(static_cast<int64_t>(value)); }

}  // namespace

// --- ReadStores

ReadStores::ReadStores(std::string location, size_t max_open)
    : location_(std::move(location)), max_open_(std::max<size_t>(max_open, 1)) {}

ReadStores::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(store_));
}

Result<ReadStores::Lease> ReadStores::Lend() {
  std::unique_lock<std::mutex> lock(mu_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_open_; });
  if (!idle_.empty()) {
    std::unique_ptr<store::Store> store = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(store));
  }
  ++open_;
  lock.unlock();
  // Opened outside the lock: a slow connect (PostgreSQL) holds up no other request.
  Result<std::unique_ptr<store::Store>> opened = store::OpenStore(location_);
  if (!opened.ok()) {
    Return(nullptr);
    return opened.error();
  }
  return Lease(this, std::move(opened).value());
}

void ReadStores::Return(std::unique_ptr<store::Store> store) {
  {
    std::lock_guard<std::mutex> hold(mu_);
    if (store != nullptr) {
      idle_.push_back(std::move(store));
    } else {
      --open_;
    }
  }
  returned_.notify_one();
}

size_t ReadStores::open_count() const {
  std::lock_guard<std::mutex> hold(mu_);
  return open_;
}

// --- ApiReads

ApiReads::ApiReads(const protocol::ElectionContext& election, ReadStores& stores, ApiReadsOptions options)
    : election_(election), stores_(stores), options_(std::move(options)) {}

void ApiReads::AddRoutes(HttpListener& http) {
  http.Get("/api/v1/server-key", [this](const httplib::Request&, httplib::Response& res) { ServerKey(res); });
  http.Get("/api/v1/tree-head", [this](const httplib::Request&, httplib::Response& res) { LatestHead(res); });
  http.Get(R"(/api/v1/tree-heads/([0-9]{1,20}))", [this](const httplib::Request& req, httplib::Response& res) {
    HeadOfSize(req.matches[1].str(), res);
  });
  http.Get("/api/v1/log/entries", [this](const httplib::Request& req, httplib::Response& res) { Entries(req, res); });
  http.Get("/api/v1/log/inclusion", [this](const httplib::Request& req, httplib::Response& res) { Inclusion(req, res); });
  http.Get("/api/v1/log/consistency",
           [this](const httplib::Request& req, httplib::Response& res) { Consistency(req, res); });
  http.Get(R"(/api/v1/stations/([A-Za-z0-9._-]+))", [this](const httplib::Request& req, httplib::Response& res) {
    Station(req.matches[1].str(), res);
  });
}

void ApiReads::ServerKey(httplib::Response& res) const {
  json::Value body = json::Value::Object();
  body.Set("public_key", json::Value(options_.server_key.Hex()));
  AnswerJson(res, 200, body);
}

Status ApiReads::CatchUpHeads(store::Store& store) {
  uint64_t next = 0;
  {
    std::lock_guard<std::mutex> hold(heads_mu_);
    if (!heads_.empty()) next = heads_.back().size + 1;
  }
  // Read without the lock; two requests catching up at once append each head once.
  ASHYQ_ASSIGN_OR_RETURN(auto fresh, store.TreeHeadsFrom(next));
  if (fresh.empty()) return Status();
  std::lock_guard<std::mutex> hold(heads_mu_);
  for (auto& [size, envelope] : fresh) {
    if (heads_.empty() || size > heads_.back().size) heads_.push_back(Head{size, std::move(envelope)});
  }
  return Status();
}

Result<std::optional<std::string>> ApiReads::SignedHead(store::Store& store, uint64_t size) {
  auto find = [&]() -> std::optional<std::string> {
    std::lock_guard<std::mutex> hold(heads_mu_);
    auto it = std::lower_bound(heads_.begin(), heads_.end(), size,
                               [](const Head& h, uint64_t s) { return h.size < s; });
    if (it == heads_.end() || it->size != size) return std::nullopt;
    return it->envelope;
  };
  if (std::optional<std::string> known = find()) return known;
  ASHYQ_RETURN_IF_ERROR(CatchUpHeads(store));
  return find();
}

Status ApiReads::CatchUpLeaves(store::Store& store, uint64_t size) {
  // Held while reading: a second request for the same leaves waits for them instead of
  // reading them again. Only the first proof after a batch of submissions reads anything.
  while (tree_.size() < size) {
    const uint64_t first = tree_.size();
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> leaves,
                           store.LogRange(first, std::min(kLeafChunk, size - first)));
    if (leaves.empty()) {
      return Error{ErrorCode::kInternal, store.location(), std::string(kStoreRule),
                   "the log has " + std::to_string(first) + " leaves, fewer than a signed tree head covers (" +
                       std::to_string(size) + ")"};
    }
    for (const store::StoredObject& leaf : leaves) tree_.AppendLeaf(leaf.envelope);
  }
  return Status();
}

void ApiReads::LatestHead(httplib::Response& res) {
  Result<ReadStores::Lease> store = stores_.Lend();
  if (!store.ok()) return StoreUnreadable(res, store.error());
  if (Status s = CatchUpHeads(**store); !s.ok()) return StoreUnreadable(res, s.error());
  std::string envelope;
  {
    std::lock_guard<std::mutex> hold(heads_mu_);
    if (heads_.empty()) return AnswerProblem(res, 404, std::string(kHeadRule), "no tree head has been signed yet");
    envelope = heads_.back().envelope;
  }
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(envelope, "application/json");
}

void ApiReads::HeadOfSize(const std::string& size_text, httplib::Response& res) {
  uint64_t size = 0;
  const char* end = size_text.data() + size_text.size();
  const std::from_chars_result read = std::from_chars(size_text.data(), end, size);
  if (read.ec != std::errc() || read.ptr != end) {
    return AnswerProblem(res, 400, std::string(kParameterRule), "the tree size is not a 64-bit number");
  }
  Result<ReadStores::Lease> store = stores_.Lend();
  if (!store.ok()) return StoreUnreadable(res, store.error());
  Result<std::optional<std::string>> head = SignedHead(**store, size);
  if (!head.ok()) return StoreUnreadable(res, head.error());
  if (!head->has_value()) {
    return AnswerProblem(res, 404, std::string(kHeadRule), "no tree head of size " + size_text + " has been signed");
  }
  res.status = 200;
  // A signed head of one size never changes (a second one would be a fork the store refuses).
  res.set_header("Cache-Control", "public, max-age=31536000, immutable");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(**head, "application/json");
}

void ApiReads::Entries(const httplib::Request& req, httplib::Response& res) {
  std::optional<uint64_t> start = Number(req, "start", res);
  if (!start) return;
  std::optional<uint64_t> count = Number(req, "count", res);
  if (!count) return;
  if (*count == 0 || *count > options_.max_log_entries) {
    return AnswerProblem(res, 400, std::string(kParameterRule),
                         "count must be from 1 to " + std::to_string(options_.max_log_entries));
  }
  if (*start > static_cast<uint64_t>(INT64_MAX)) {
    return AnswerProblem(res, 400, std::string(kParameterRule), "start is past any log");
  }
  Result<ReadStores::Lease> store = stores_.Lend();
  if (!store.ok()) return StoreUnreadable(res, store.error());
  Result<std::vector<store::StoredObject>> leaves = (*store)->LogRange(*start, *count);
  if (!leaves.ok()) return StoreUnreadable(res, leaves.error());
  json::Value entries = json::Value::Array();
  uint64_t index = *start;
  size_t bytes = 0;
  for (store::StoredObject& leaf : *leaves) {
    // A page ends once it holds max_log_entry_bytes (the definition alone is megabytes); the
    // reader goes on from the next index.
    if (bytes >= options_.max_log_entry_bytes) break;
    bytes += leaf.envelope.size();
    json::Value entry = json::Value::Object();
    entry.Set("index", Int(index++));
    entry.Set("digest", json::Value(leaf.digest.Hex()));
    entry.Set("envelope", json::Value(std::move(leaf.envelope)));
    entries.Push(std::move(entry));
  }
  json::Value body = json::Value::Object();
  body.Set("start", Int(*start));
  body.Set("entries", std::move(entries));
  AnswerJson(res, 200, body);
}

void ApiReads::Inclusion(const httplib::Request& req, httplib::Response& res) {
  if (!req.has_param("digest")) {
    return AnswerProblem(res, 400, std::string(kParameterRule), "the parameter \"digest\" is missing");
  }
  const std::string digest_text = req.get_param_value("digest");
  Result<Digest> digest = Digest::FromHex(digest_text);
  if (!digest.ok()) {
    return AnswerProblem(res, 400, std::string(kParameterRule), "digest must be 64 hex digits (an object's SHA-256)");
  }
  std::optional<uint64_t> tree_size;
  if (req.has_param("tree_size")) {
    tree_size = Number(req, "tree_size", res);
    if (!tree_size) return;
  }
  Result<ReadStores::Lease> store = stores_.Lend();
  if (!store.ok()) return StoreUnreadable(res, store.error());
  if (!tree_size) {
    if (Status s = CatchUpHeads(**store); !s.ok()) return StoreUnreadable(res, s.error());
    std::lock_guard<std::mutex> hold(heads_mu_);
    if (heads_.empty()) return AnswerProblem(res, 404, std::string(kHeadRule), "no tree head has been signed yet");
    tree_size = heads_.back().size;
  } else {
    Result<std::optional<std::string>> head = SignedHead(**store, *tree_size);
    if (!head.ok()) return StoreUnreadable(res, head.error());
    if (!head->has_value()) {
      return AnswerProblem(res, 404, std::string(kHeadRule),
                           "no tree head of size " + std::to_string(*tree_size) +
                               " has been signed: ask for a signed size (GET /api/v1/tree-head)");
    }
  }
  Result<std::optional<uint64_t>> index = (*store)->LogIndexOf(*digest);
  if (!index.ok()) return StoreUnreadable(res, index.error());
  if (!index->has_value()) {
    return AnswerProblem(res, 404, "R-E2.inclusion", "no object with digest " + digest->Hex() + " is in the log");
  }
  if (**index >= *tree_size) {
    return AnswerProblem(res, 404, "R-E2.inclusion",
                         "the object is leaf " + std::to_string(**index) + ", logged after the tree of size " +
                             std::to_string(*tree_size) + ": ask again once a larger tree head is signed");
  }
  std::vector<Digest> path;
  Digest leaf_hash;
  {
    std::lock_guard<std::mutex> hold(tree_mu_);
    if (Status s = CatchUpLeaves(**store, *tree_size); !s.ok()) return StoreUnreadable(res, s.error());
    Result<std::vector<Digest>> proof = tree_.InclusionProof(**index, *tree_size);
    if (!proof.ok()) return StoreUnreadable(res, proof.error());
    path = std::move(proof).value();
    leaf_hash = tree_.leaf_hashes()[**index];
  }
  json::Value body = json::Value::Object();
  body.Set("digest", json::Value(digest->Hex()));
  body.Set("leaf_index", Int(**index));
  body.Set("tree_size", Int(*tree_size));
  body.Set("leaf_hash", json::Value(leaf_hash.Hex()));
  body.Set("audit_path", HexList(path));
  AnswerJson(res, 200, body);
}

void ApiReads::Consistency(const httplib::Request& req, httplib::Response& res) {
  std::optional<uint64_t> first = Number(req, "first", res);
  if (!first) return;
  std::optional<uint64_t> second = Number(req, "second", res);
  if (!second) return;
  if (*first > *second) {
    return AnswerProblem(res, 400, std::string(kParameterRule), "first must not be larger than second");
  }
  Result<ReadStores::Lease> store = stores_.Lend();
  if (!store.ok()) return StoreUnreadable(res, store.error());
  for (uint64_t size : {*first, *second}) {
    // Every tree extends the empty one: size 0 needs no head.
    if (size == 0) continue;
    Result<std::optional<std::string>> head = SignedHead(**store, size);
    if (!head.ok()) return StoreUnreadable(res, head.error());
    if (!head->has_value()) {
      return AnswerProblem(res, 404, std::string(kHeadRule),
                           "no tree head of size " + std::to_string(size) + " has been signed");
    }
  }
  std::vector<Digest> proof;
  if (*first != 0 && *first != *second) {
    std::lock_guard<std::mutex> hold(tree_mu_);
    if (Status s = CatchUpLeaves(**store, *second); !s.ok()) return StoreUnreadable(res, s.error());
    Result<std::vector<Digest>> made = tree_.ConsistencyProof(*first, *second);
    if (!made.ok()) return StoreUnreadable(res, made.error());
    proof = std::move(made).value();
  }
  json::Value body = json::Value::Object();
  body.Set("first", Int(*first));
  body.Set("second", Int(*second));
  body.Set("proof", HexList(proof));
  AnswerJson(res, 200, body);
}

void ApiReads::Station(const std::string& id, httplib::Response& res) {
  if (election_.tree().FindStation(id) == CommissionTree::kNone) {
    return AnswerProblem(res, 404, "R-D2.station", "the definition has no station \"" + Shortened(id) + "\"");
  }
  Result<ReadStores::Lease> store = stores_.Lend();
  if (!store.ok()) return StoreUnreadable(res, store.error());
  json::Value body = json::Value::Object();
  body.Set("station", json::Value(id));
  Result<std::vector<store::StoredObject>> versions = (*store)->Versions(protocol::kPrecinctProtocolFormat, id);
  if (!versions.ok()) return StoreUnreadable(res, versions.error());
  body.Set("protocols", Listed(**store, *versions, false));
  // Turnout subjects are "<station>@<time>" (TurnoutReportSubject): every time of this station.
  Result<std::vector<store::StoredObject>> turnout =
      (*store)->LatestWithPrefix(protocol::kTurnoutReportFormat, id + "@");
  if (!turnout.ok()) return StoreUnreadable(res, turnout.error());
  body.Set("turnout", Listed(**store, *turnout, true));
  // Attempts by a commission above the station to replace its protocol, kept as evidence
  // (decision 0015): subjects "<station>#<object digest>" (EvidenceSubject).
  Result<std::vector<store::StoredObject>> attempts =
      (*store)->LatestWithPrefix(protocol::kEvidenceFormat, id + "#");
  if (!attempts.ok()) return StoreUnreadable(res, attempts.error());
  body.Set("attempts", Listed(**store, *attempts, true));
  AnswerJson(res, 200, body);
}

json::Value ApiReads::Listed(store::Store& store, const std::vector<store::StoredObject>& objects,
                             bool with_subject) const {
  json::Value list = json::Value::Array();
  for (const store::StoredObject& o : objects) {
    json::Value item = json::Value::Object();
    if (with_subject) item.Set("subject", json::Value(o.subject));
    item.Set(with_subject ? "revision" : "version", json::Value(o.version));
    item.Set("digest", json::Value(o.digest.Hex()));
    Result<std::optional<uint64_t>> index = store.LogIndexOf(o.digest);
    item.Set("log_index", index.ok() && index->has_value() ? Int(**index) : json::Value());
    list.Push(std::move(item));
  }
  return list;
}

}  // namespace ashyq::server
