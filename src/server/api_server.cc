#include "server/api_server.h"

#include <mutex>
#include <utility>

#include <httplib.h>

#include "server/internal/commit_queue.h"
#include "server/internal/http_listener.h"

#include "core/json.h"
#include "protocol/precinct_protocol.h"
#include "protocol/turnout_report.h"

namespace ashyq::server {
namespace {

void Json(httplib::Response& res, int status, const json::Value& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(json::Canonicalize(body), "application/json");
}

// An error that is not a receipt (a read that failed): {"error": {"rule", "message"}}.
void Problem(httplib::Response& res, int status, std::string rule, std::string message) {
  json::Value error = json::Value::Object();
  error.Set("rule", json::Value(std::move(rule)));
  error.Set("message", json::Value(std::move(message)));
  json::Value body = json::Value::Object();
  body.Set("error", std::move(error));
  Json(res, status, body);
}

}  // namespace

struct ApiServer::Impl {
  const protocol::ElectionContext& election;
  ApiServerOptions options;
  std::unique_ptr<store::Store> writer;  // the committer thread's
  Intake intake;
  CommitQueue commits;
  std::unique_ptr<store::Store> store;  // for reads
  std::mutex store_lock;
  HttpListener http;

  Impl(const protocol::ElectionContext& e, std::unique_ptr<store::Store> w, std::unique_ptr<store::Store> r,
       crypto::SigningKey key, ApiServerOptions o)
      : election(e),
        options(std::move(o)),
        writer(std::move(w)),
        intake(e, *writer, std::move(key), options.now(), options.intake),
        commits(intake, options.max_batch, options.after_batch),
        store(std::move(r)) {}

  void Submit(const httplib::Request& req, httplib::Response& res) {
    CheckedSubmission checked = intake.Check(req.body, options.now());
    IntakeAnswer answer = intake.Answer(checked.ready() ? commits.Commit(checked) : std::move(checked.refused));
    res.status = answer.status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(answer.signed_receipt.ToCanonicalJson(), "application/json");
  }

  void TreeHead(httplib::Response& res) {
    std::lock_guard<std::mutex> hold(store_lock);
    Result<std::vector<std::pair<uint64_t, std::string>>> heads = store->TreeHeads();
    if (!heads.ok()) return Problem(res, 503, "R-E2.store", "the store cannot be read now: " + heads.error().message);
    if (heads->empty()) return Problem(res, 404, "R-E2.tree-head", "no tree head has been signed yet");
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_content(heads->back().second, "application/json");
  }

  void Station(const std::string& id, httplib::Response& res) {
    if (election.tree().FindStation(id) == CommissionTree::kNone) {
      return Problem(res, 404, "R-D2.station", "the definition has no station \"" + id + "\"");
    }
    std::lock_guard<std::mutex> hold(store_lock);
    json::Value body = json::Value::Object();
    body.Set("station", json::Value(id));
    Result<std::vector<store::StoredObject>> versions = store->Versions(protocol::kPrecinctProtocolFormat, id);
    if (!versions.ok()) return Problem(res, 503, "R-E2.store", "the store cannot be read now: " + versions.error().message);
    body.Set("protocols", Listed(*versions, false));
    // Turnout subjects are "<station>@<time>": every time of this station, in subject order.
    Result<std::vector<store::StoredObject>> turnout = store->Latest(protocol::kTurnoutReportFormat);
    if (!turnout.ok()) return Problem(res, 503, "R-E2.store", "the store cannot be read now: " + turnout.error().message);
    std::vector<store::StoredObject> mine;
    for (store::StoredObject& o : *turnout) {
      if (o.subject.size() > id.size() && o.subject.compare(0, id.size(), id) == 0 && o.subject[id.size()] == '@') {
        mine.push_back(std::move(o));
      }
    }
    body.Set("turnout", Listed(mine, true));
    Json(res, 200, body);
  }

  json::Value Listed(const std::vector<store::StoredObject>& objects, bool with_subject) {
    json::Value list = json::Value::Array();
    for (const store::StoredObject& o : objects) {
      json::Value item = json::Value::Object();
      if (with_subject) item.Set("subject", json::Value(o.subject));
      item.Set(with_subject ? "revision" : "version", json::Value(o.version));
      item.Set("digest", json::Value(o.digest.Hex()));
      Result<std::optional<uint64_t>> index = store->LogIndexOf(o.digest);
      item.Set("log_index", index.ok() && index->has_value() ? json::Value(static_cast<int64_t>(**index)) : json::Value());
      list.Push(std::move(item));
    }
    return list;
  }
};

Result<std::unique_ptr<ApiServer>> ApiServer::Create(const protocol::ElectionContext& election,
                                                     const std::string& store_location, crypto::SigningKey server_key,
                                                     ApiServerOptions options) {
  if (!options.now) options.now = [] { return std::chrono::system_clock::now(); };
  ASHYQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> writer, store::OpenStore(store_location));
  ASHYQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> reader, store::OpenStore(store_location));
  auto impl = std::make_unique<Impl>(election, std::move(writer), std::move(reader), std::move(server_key),
                                     std::move(options));
  if (Status ready = impl->http.Ready(); !ready.ok()) return ready.error();
  Impl* self = impl.get();
  impl->http.set_payload_max_length(self->options.intake.max_body_bytes);
  impl->http.Post("/api/v1/submissions", [self](const httplib::Request& req, httplib::Response& res) {
    self->Submit(req, res);
  });
  impl->http.Get("/api/v1/server-key", [self](const httplib::Request&, httplib::Response& res) {
    json::Value body = json::Value::Object();
    body.Set("public_key", json::Value(self->intake.server_key().Hex()));
    Json(res, 200, body);
  });
  impl->http.Get("/api/v1/tree-head", [self](const httplib::Request&, httplib::Response& res) { self->TreeHead(res); });
  impl->http.Get(R"(/api/v1/stations/([A-Za-z0-9._-]+))", [self](const httplib::Request& req, httplib::Response& res) {
    self->Station(req.matches[1].str(), res);
  });
  impl->http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      return Problem(res, 413, "R-E2.malformed", "the body is larger than the server takes");
    }
    Problem(res, res.status, "R-E2.api", res.status == 404 ? "no such API path" : "the request was not understood");
  });
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() = default;

Result<int> ApiServer::Bind() { return impl_->http.Bind(impl_->options.bind, impl_->options.port); }

Status ApiServer::Run() { return impl_->http.Run(); }

void ApiServer::Stop() { impl_->http.Stop(); }

}  // namespace ashyq::server
