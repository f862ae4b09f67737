#include "server/api_server.h"

#include <utility>

#include <httplib.h>

#include "server/internal/api_reads.h"
#include "server/internal/commit_queue.h"
#include "server/internal/http_listener.h"
#include "server/internal/publication_loop.h"

#include <algorithm>
#include <mutex>
#include <semaphore>
#include <thread>

#include "core/utc_time.h"

namespace ashyq::server {

struct ApiServer::Impl {
  ApiServerOptions options;
  std::unique_ptr<store::Store> writer;  // the committer thread's
  Intake intake;
  // Live publication (optional), on its own connection and thread; poked by the committer.
  std::unique_ptr<store::Store> publication_store;
  std::unique_ptr<LivePublication> publication;
  std::mutex last_update_lock;
  LiveUpdate last_update;
  std::function<void(const TabulationRun&)> inspect;  // PublishNow's, while it waits; guarded by last_update_lock
  std::unique_ptr<PublicationLoop> publication_loop;
  CommitQueue commits;
  ReadStores read_stores;  // reads never use the committer's connection
  ApiReads reads;
  HttpListener http;  // last: its routes point into the members above

  Impl(const protocol::ElectionContext& e, std::unique_ptr<store::Store> w, std::unique_ptr<store::Store> p,
       std::unique_ptr<LivePublication> live, const std::string& location, crypto::SigningKey key, ApiServerOptions o)
      : options(std::move(o)),
        writer(std::move(w)),
        intake(e, *writer, std::move(key), options.now(), options.intake),
        publication_store(std::move(p)),
        publication(std::move(live)),
        publication_loop(publication == nullptr ? nullptr
                                                : std::make_unique<PublicationLoop>(
                                                      [this] { return UpdatePublication(); }, options.publish_interval,
                                                      options.on_publication_error)),
        commits(intake, options.max_batch, [this] { AfterBatch(); }),
        read_stores(location, options.read_connections),
        reads(e, read_stores, ApiReadsOptions{.server_key = intake.server_key()}) {}

  void AfterBatch() {
    if (publication_loop != nullptr) publication_loop->Poke();
    if (options.after_batch) options.after_batch();
  }

  // On the publication loop's thread only.
  Status UpdatePublication() {
    Result<LiveUpdate> update = publication->Update(UtcTimestamp(options.now()));
    if (!update.ok()) return update.error();
    if (update->published && options.on_published) options.on_published(*update);
    // Tier protocols one round behind a log that kept growing: sign them at once, not at the
    // next batch or tick.
    if (update->behind) publication_loop->Poke();
    std::lock_guard<std::mutex> hold(last_update_lock);
    last_update = std::move(update).value();
    if (inspect) inspect(publication->tabulation());
    return Status();
  }

  // Checking is CPU work (the signatures): as many at once as there are cores. More only
  // time-slices the same cores among dozens of connection threads, each evicting the others'
  // caches; the rest wait their turn here, not on the run queue.
  std::counting_semaphore<1024> checking{std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 1, 1024)};

  void Submit(const httplib::Request& req, httplib::Response& res) {
    checking.acquire();
    CheckedSubmission checked = intake.Check(req.body, options.now());
    checking.release();
    IntakeAnswer answer = intake.Answer(checked.ready() ? commits.Commit(checked) : std::move(checked.decision));
    res.status = answer.status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(answer.signed_receipt.ToCanonicalJson(), "application/json");
  }
};

Result<std::unique_ptr<ApiServer>> ApiServer::Create(const protocol::ElectionContext& election,
                                                     const std::string& store_location, crypto::SigningKey server_key,
                                                     ApiServerOptions options) {
  if (!options.now) options.now = [] { return std::chrono::system_clock::now(); };
  ASHYQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> writer, store::OpenStore(store_location));
  std::unique_ptr<store::Store> publication_store;
  std::unique_ptr<LivePublication> publication;
  if (!options.publication_dir.empty()) {
    if ((options.tree_head_key != nullptr) == static_cast<bool>(options.publication_keys)) {
      return BadInput(options.publication_dir,
                      "live publication needs either the CEC's tree-head key (the commissions sign their own tier "
                      "protocols) or every commission's key, not " +
                          std::string(options.tree_head_key != nullptr ? "both" : "neither"));
    }
    ASHYQ_ASSIGN_OR_RETURN(publication_store, store::OpenStore(store_location));
    if (options.tree_head_key != nullptr) {
      ASHYQ_ASSIGN_OR_RETURN(publication,
                             LivePublication::OpenWithTreeHeadKey(election, *publication_store, options.tree_head_key,
                                                                  options.publication_dir));
    } else {
      ASHYQ_ASSIGN_OR_RETURN(publication, LivePublication::Open(election, *publication_store,
                                                                options.publication_keys, options.publication_dir));
    }
  } else if (options.tree_head_key != nullptr || options.publication_keys) {
    return BadInput("publication_dir", "keys for a live publication, but no publication directory");
  }
  auto impl = std::make_unique<Impl>(election, std::move(writer), std::move(publication_store), std::move(publication),
                                     store_location, std::move(server_key), std::move(options));
  // Whatever the store already holds is published at once, in the background.
  if (impl->publication_loop != nullptr) impl->publication_loop->Poke();
  if (Status ready = impl->http.Ready(); !ready.ok()) return ready.error();
  Impl* self = impl.get();
  impl->http.set_payload_max_length(self->options.intake.max_body_bytes);
  impl->http.Post("/api/v1/submissions", [self](const httplib::Request& req, httplib::Response& res) {
    self->Submit(req, res);
  });
  self->reads.AddRoutes(impl->http);
  impl->http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      return AnswerProblem(res, 413, "R-E2.malformed", "the body is larger than the server takes");
    }
    AnswerProblem(res, res.status, "R-E2.api", res.status == 404 ? "no such API path" : "the request was not understood");
  });
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() = default;

Result<int> ApiServer::Bind() { return impl_->http.Bind(impl_->options.bind, impl_->options.port); }

Status ApiServer::Run() { return impl_->http.Run(); }

void ApiServer::Stop() { impl_->http.Stop(); }

Result<LiveUpdate> ApiServer::PublishNow(std::function<void(const TabulationRun&)> inspect) {
  if (impl_->publication_loop == nullptr) {
    return Error{ErrorCode::kNotFound, "publication", "R-E3.publication", "this server publishes nothing"};
  }
  {
    std::lock_guard<std::mutex> hold(impl_->last_update_lock);
    impl_->inspect = std::move(inspect);
  }
  Status ran = impl_->publication_loop->RunNow();
  std::lock_guard<std::mutex> hold(impl_->last_update_lock);
  impl_->inspect = nullptr;
  if (!ran.ok()) return ran.error();
  return impl_->last_update;
}

}  // namespace ashyq::server
