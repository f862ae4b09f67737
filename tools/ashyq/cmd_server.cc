// ashyq server run: the commission server's API (docs/api.md) until Ctrl-C.
#include <cstdio>
#include <memory>
#include <string>

#include <httplib.h>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "core/json.h"
#include "core/utc_time.h"
#include "crypto/key_file.h"
#include "protocol/submission.h"
#include "protocol/election_context.h"
#include "server/api_server.h"
#include "store/store.h"

namespace ashyq::cli {
namespace {

struct ServerOptions {
  std::string definition;  // the CEC-signed definition file
  std::string db;          // the store
  std::string key;         // the server's key file (ashyq keys generate)
  std::string bind = "127.0.0.1";
  int port = 8081;
};

int RunServer(const ServerOptions& o) {
  Result<std::unique_ptr<protocol::ElectionContext>> election = protocol::ElectionContext::Load(o.definition);
  if (!election.ok()) return ReportError(election.error());
  Result<crypto::SigningKey> key = crypto::KeyFile::Load(o.key);
  if (!key.ok()) return ReportError(key.error());
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
};

// Submits one signed object and prints the server's receipt (exit 0 logged, 1 refused, 2 bad input).
int Submit(const SubmitOptions& o) {
  Result<std::string> text = ReadFile(o.object, size_t{1} << 20);
  if (!text.ok()) return ReportError(text.error());
  Result<json::Value> doc = json::Parse(*text);
  if (!doc.ok()) return ReportError(doc.error().In(o.object));
  Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
  if (!object.ok()) return ReportError(object.error().In(o.object));
  Result<crypto::SigningKey> key = crypto::KeyFile::Load(o.key);
  if (!key.ok()) return ReportError(key.error());
  protocol::SubmissionRequest request;
  request.election_id = o.election;
  request.submitter = o.as;
  request.nonce = protocol::FreshNonce();
  request.time = UtcNow();
  Result<std::string> body = protocol::MakeSubmission(*object, request, *key);
  if (!body.ok()) return ReportError(body.error());
  httplib::Client client(o.url);
  client.set_connection_timeout(10);
  client.set_read_timeout(30);
  httplib::Result res = client.Post("/api/v1/submissions", *body, "application/json");
  if (!res) {
    return ReportError(IoError(o.url, "no answer from the server (" + httplib::to_string(res.error()) + "); nothing is known to be stored: submit again"));
  }
  // First line in plain words, then the receipt as the server signed it (keep it: it is proof).
  // A receipt that is not for this object, or not signed with the server key given, proves
  // nothing: that is said, and the exit is 1 whatever the status.
  std::string summary = "the answer is not a receipt";
  bool proof = false;
  if (Result<json::Value> answer = json::Parse(res->body); answer.ok()) {
    if (Result<crypto::SignedObject> signed_receipt = crypto::SignedObject::FromJson(*answer); signed_receipt.ok()) {
      if (Result<protocol::Receipt> r = protocol::ReceiptFromJson(signed_receipt->payload()); r.ok()) {
        summary = std::string(protocol::ReceiptOutcomeName(r->outcome));
        if (r->log_index) summary += " at log index " + std::to_string(*r->log_index);
        if (!r->rule.empty()) summary += " (" + r->rule + "): " + r->message;
        proof = r->object_digest == object->digest().Hex() && r->election_id == o.election;
        if (!proof) summary += " — but the receipt is for another object or election";
        if (proof && !o.server_key.empty()) {
          Result<crypto::PublicKey> server_key = crypto::PublicKey::FromHex(o.server_key);
          proof = server_key.ok() && signed_receipt->VerifySignedBy("server", *server_key).ok();
          if (!proof) summary += " — but the receipt is not signed with the server key given";
        }
      }
    }
  }
  std::printf("HTTP %d: %s\n%s\n", res->status, summary.c_str(), res->body.c_str());
  return res->status == 200 && proof ? kExitOk : kExitCheckFailed;
}

}  // namespace

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
  commands->push_back({run, [o] { return RunServer(*o); }});

  auto so = std::make_shared<SubmitOptions>();
  CLI::App* submit = server->add_subcommand(
      "submit", "Submit one signed object as a commission and print the server's signed receipt.\n"
                "Exit 0 when it is logged, 1 when it is refused, 2 on bad input or no answer.");
  submit->add_option("OBJECT", so->object, "File holding the signed object (JSON)")->required();
  submit->add_option("--as", so->as, "The submitting commission's id, e.g. pec-akmola-0175")->required();
  submit->add_option("--key", so->key, "That commission's key file")->required();
  submit->add_option("--election", so->election, "The election id")->required();
  submit->add_option("--url", so->url, "The commission server")->capture_default_str();
  submit->add_option("--server-key", so->server_key,
                     "The server's public key (hex, as GET /api/v1/server-key and the CEC announce it): the "
                     "receipt must be signed with it");
  commands->push_back({submit, [so] { return Submit(*so); }});
}

}  // namespace ashyq::cli
