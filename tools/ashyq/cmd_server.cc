// ashyq server run: the commission server's API (docs/api.md) until Ctrl-C.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "protocol/submission.h"
#include "protocol/election_context.h"
#include "server/api_server.h"
#include "server/publication_run.h"
#include "station/submission_client.h"
#include "store/store.h"

namespace ashyq::cli {
namespace {

struct ServerOptions {
  std::string definition;  // the CEC-signed definition file
  std::string db;          // the store
  std::string key;         // the server's key file (ashyq keys generate)
  std::string bind = "127.0.0.1";
  int port = 8081;
  std::string tree_head_key;  // the CEC's key file: tree heads only (production, decision 0017)
  std::string keys;     // every commission's key (TECs, RECs, CEC): the demo and tests
  std::string publish;  // the publication directory kept up to date
  double publish_interval = 10;  // seconds between scheduled updates
};

int RunServer(const ServerOptions& o) {
  // Live publication: the directory, and whose keys sign in it (decision 0017). Checked before
  // anything is read or written.
  if (!o.tree_head_key.empty() && !o.keys.empty()) {
    return ReportError(BadInput("--tree-head-key",
                                "give --tree-head-key (the CEC's key: the commissions sign their own tier protocols) "
                                "or --keys (every commission's key: the server signs for them, a demo), not both"));
  }
  if (o.publish.empty() && !(o.tree_head_key.empty() && o.keys.empty())) {
    return ReportError(BadInput(o.keys.empty() ? "--tree-head-key" : "--keys",
                                "keys for a live publication, but no --publish directory to publish into"));
  }
  if (!o.publish.empty() && o.tree_head_key.empty() && o.keys.empty()) {
    return ReportError(BadInput("--publish",
                                "live publication needs --tree-head-key (the CEC's key file, for tree heads; the "
                                "commissions submit their own tier protocols) or, for a demo, --keys (the directory "
                                "of every commission's key)"));
  }
  Result<std::unique_ptr<protocol::ElectionContext>> election = protocol::ElectionContext::Load(o.definition);
  if (!election.ok()) return ReportError(election.error());
  Result<crypto::SigningKey> key = crypto::KeyFile::Load(o.key);
  if (!key.ok()) return ReportError(key.error());
  // The publication's keys, each checked against the definition before the store is touched.
  std::shared_ptr<const crypto::SigningKey> tree_head_key;
  server::CommissionKeys commission_keys;
  if (!o.tree_head_key.empty()) {
    const std::string& cec = (*election)->tree().commission((*election)->tree().root()).id;
    Result<crypto::SigningKey> cec_key = server::LoadCommissionKeyFile(**election, cec, o.tree_head_key);
    if (!cec_key.ok()) return ReportError(cec_key.error());
    tree_head_key = std::make_shared<const crypto::SigningKey>(std::move(cec_key).value());
  } else if (!o.keys.empty()) {
    Result<server::CommissionKeys> keys = server::LoadCommissionKeyFiles(**election, o.keys);
    if (!keys.ok()) return ReportError(keys.error());
    commission_keys = std::move(keys).value();
  }
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(o.db);
  if (!store.ok()) return ReportError(store.error());
  // A store holds one election: its definition is leaf 0. A store of another election is refused.
  const std::string& election_id = (*election)->definition().election_id;
  Result<std::vector<store::StoredObject>> first = (*store)->LogRange(0, 1);
  if (!first.ok()) return ReportError(first.error());
  if (first->empty()) {
    Result<bool> definition = (*store)->Put(store::ToStored((*election)->signed_definition(), election_id, 1));
    if (!definition.ok()) return ReportError(definition.error());
  } else if (first->front().digest != (*election)->signed_definition().digest()) {
    return ReportError(Error{ErrorCode::kBadInput, (*store)->location(), "R-E2.definition",
                             "this store's log starts with another definition (" + first->front().subject +
                                 "): it belongs to another election; nothing was written"});
  }

  server::ApiServerOptions options;
  options.bind = o.bind;
  options.port = o.port;
  if (!o.publish.empty()) {
    options.tree_head_key = std::move(tree_head_key);
    options.publication_keys = std::move(commission_keys);
    options.publication_dir = o.publish;
    options.publish_interval = std::chrono::milliseconds(static_cast<int64_t>(o.publish_interval * 1000));
    options.on_published = [](const server::LiveUpdate& u) {
      std::printf("Published: %llu log leaves, tree head of size %llu, %zu files written (%.2f s)\n",
                  static_cast<unsigned long long>(u.publication.log_size),
                  static_cast<unsigned long long>(u.head ? u.head->head.size : u.publication.log_size),
                  u.publication.files_written, u.seconds);
      std::fflush(stdout);
    };
    options.on_publication_error = [](const Error& e) {
      std::fprintf(stderr, "publication not updated (tried again after the next batch): %s\n", e.ToString().c_str());
    };
  }
  Result<std::unique_ptr<server::ApiServer>> api =
      server::ApiServer::Create(**election, o.db, std::move(key).value(), options);
  if (!api.ok()) return ReportError(api.error());

  BlockStopSignals();
  Result<int> port = (*api)->Bind();
  if (!port.ok()) return ReportError(port.error());
  std::printf("Commission server for %s at http://%s:%d/api/v1/ (Ctrl-C stops)\n", election_id.c_str(),
              o.bind.c_str(), *port);
  std::fflush(stdout);
  const Status served = ServeUntilStopSignal([&] { return (*api)->Run(); }, [&] { (*api)->Stop(); });
  if (!served.ok()) return ReportError(served.error());
  std::printf("Stopped.\n");
  return kExitOk;
}

struct SubmitOptions {
  std::string url = "http://127.0.0.1:8081";  // the server
  std::string object;     // a file holding one signed object
  std::string as;         // the submitting commission's id
  std::string key;        // its key file
  std::string election;   // the election id
  std::string server_key;  // hex; when given, the receipt must be signed with it
  int tries = 8;           // requests at most (retried on no answer, timeouts and 503)
};

// Submits one signed object and prints the server's receipt (exit 0 logged, 1 refused or a
// receipt that proves nothing, 2 bad input or no answer).
int Submit(const SubmitOptions& o) {
  Result<std::string> text = ReadFile(o.object, server::IntakeOptions{}.max_body_bytes);
  if (!text.ok()) return ReportError(text.error());
  Result<json::Value> doc = json::Parse(*text);
  if (!doc.ok()) return ReportError(doc.error().In(o.object));
  Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
  if (!object.ok()) return ReportError(object.error().In(o.object));
  Result<crypto::SigningKey> key = crypto::KeyFile::Load(o.key);
  if (!key.ok()) return ReportError(key.error());
  station::SubmissionClientOptions options;
  options.max_tries = o.tries;
  if (!o.server_key.empty()) {
    Result<crypto::PublicKey> server_key = crypto::PublicKey::FromHex(o.server_key);
    if (!server_key.ok()) return ReportError(server_key.error().In("--server-key"));
    options.server_key = *server_key;
  }
  station::SubmissionClient client(o.url, o.election, o.as, std::move(key).value(), std::move(options));
  // A receipt that is not for this object, or not signed with the server key given, proves
  // nothing: the client says so (exit 1); no answer at all is exit 2.
  Result<station::SubmissionAnswer> answer = client.Submit(*object);
  if (!answer.ok()) return ReportError(answer.error());
  return PrintSubmissionAnswer(*answer);
}

}  // namespace

int PrintSubmissionAnswer(const station::SubmissionAnswer& answer) {
  // First line in plain words, then the receipt as the server signed it (keep it: it is proof).
  const protocol::Receipt& r = answer.receipt;
  std::string summary(protocol::ReceiptOutcomeName(r.outcome));
  if (r.log_index) summary += " at log index " + std::to_string(*r.log_index);
  if (!r.rule.empty()) summary += " (" + r.rule + "): " + r.message;
  if (answer.tries > 1) summary += " [answered at try " + std::to_string(answer.tries) + "]";
  std::printf("HTTP %d: %s\n%s\n", answer.http_status, summary.c_str(), answer.receipt_json.c_str());
  return r.outcome == protocol::ReceiptOutcome::kLogged ? kExitOk : kExitCheckFailed;
}

void AddServerCommand(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* server = app.add_subcommand("server", "The commission server: stations submit signed objects over HTTP");
  server->require_subcommand(1);
  auto o = std::make_shared<ServerOptions>();
  CLI::App* run = server->add_subcommand(
      "run",
      "Take submissions (POST /api/v1/submissions) until Ctrl-C. Each is verified on arrival against\n"
      "the definition, stored durably and answered with a receipt signed by the server's key.");
  run->add_option("--definition", o->definition, "The CEC-signed election definition")->required();
  run->add_option("--db", o->db, "The store: an SQLite file (created if absent) or postgresql://user@host:port/dbname")->required();
  run->add_option("--key", o->key, "The server's key file, for receipts (ashyq keys generate)")->required();
  run->add_option("--port", o->port, "TCP port; 0 picks a free one")->capture_default_str();
  run->add_option("--bind", o->bind, "Address to listen on")->capture_default_str();
  run->add_option("--publish", o->publish,
                  "Live publication: the publication directory, brought up to date after every batch of submissions "
                  "(a tree head signed, changed files written); with --tree-head-key or --keys");
  run->add_option("--tree-head-key", o->tree_head_key,
                  "Live publication: the CEC's key file, which signs the log's tree heads and nothing else. The "
                  "server holds no other commission's key: each TEC, REC and the CEC signs its own tier protocol "
                  "(`ashyq tier sign`) and submits it");
  run->add_option("--keys", o->keys,
                  "Live publication for a demo or test: the directory of every TEC's, REC's and the CEC's key file "
                  "(<commission-id>.key, as `ashyq keys export` writes them); the server signs each changed tier "
                  "protocol as its commission. Not with --tree-head-key");
  run->add_option("--publish-interval", o->publish_interval, "Seconds between scheduled publication updates")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  commands->push_back({run, [o] { return RunServer(*o); }});

  auto so = std::make_shared<SubmitOptions>();
  CLI::App* submit = server->add_subcommand(
      "submit", "Submit one signed object as a commission and print the server's signed receipt.\n"
                "Exit 0 when it is logged, 1 when it is refused, 2 on bad input or no answer (after --tries).");
  submit->add_option("OBJECT", so->object, "File holding the signed object (JSON)")->required();
  submit->add_option("--as", so->as, "The submitting commission's id, e.g. pec-akmola-0175")->required();
  submit->add_option("--key", so->key, "That commission's key file")->required();
  submit->add_option("--election", so->election, "The election id")->required();
  submit->add_option("--url", so->url, "The commission server")->capture_default_str();
  submit->add_option("--server-key", so->server_key,
                     "The server's public key (hex, as GET /api/v1/server-key and the CEC announce it): the "
                     "receipt must be signed with it");
  submit->add_option("--tries", so->tries,
                     "Requests at most: with no answer, a timeout or 503 it is sent again, waiting longer each time")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  commands->push_back({submit, [so] { return Submit(*so); }});
}

}  // namespace ashyq::cli
