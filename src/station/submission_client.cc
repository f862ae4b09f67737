#include "station/submission_client.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>
#include <utility>

#include <httplib.h>

#include "core/json.h"
#include "core/utc_time.h"
#include "protocol/precinct_protocol.h"
#include "protocol/turnout_report.h"

namespace ashyq::station {

namespace {

std::string PayloadText(const crypto::SignedObject& object, std::string_view field) {
  const json::Value* v = object.payload().Find(field);
  if (v == nullptr) return "";
  if (v->is_string()) return v->as_string();
  if (v->is_int()) return std::to_string(v->as_int());
  return "";
}

// Statuses a proxy or the server give when it may work a moment later.
bool Transient(int status) { return status == 502 || status == 503 || status == 504; }

std::string Seconds(std::chrono::steady_clock::duration d) {
  const double s = std::chrono::duration<double>(d).count();
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

}  // namespace

std::string DescribeSubmitted(const crypto::SignedObject& object) {
  const std::string& format = object.payload_format();
  const std::string station = PayloadText(object, "station");
  if (format == protocol::kPrecinctProtocolFormat && !station.empty()) {
    return "the protocol of station " + station + ", version " + PayloadText(object, "version");
  }
  if (format == protocol::kTurnoutReportFormat && !station.empty()) {
    std::string what = "the turnout report of station " + station + " at " + PayloadText(object, "time");
    const std::string revision = PayloadText(object, "revision");
    if (!revision.empty() && revision != "1") what += ", revision " + revision;
    return what;
  }
  return "an object of format \"" + format + "\" (" + object.digest().Hex().substr(0, 16) + ")";
}

struct SubmissionClient::Connection {
  explicit Connection(const std::string& url) : http(url) {}
  httplib::Client http;
  std::minstd_rand jitter{std::random_device{}()};
};

SubmissionClient::SubmissionClient(std::string server_url, std::string election_id, std::string submitter,
                                   crypto::SigningKey key, SubmissionClientOptions options)
    : url_(std::move(server_url)),
      election_id_(std::move(election_id)),
      submitter_(std::move(submitter)),
      key_(std::move(key)),
      options_(std::move(options)) {
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
  if (!options_.clock) options_.clock = [] { return UtcNow(); };
  options_.max_tries = std::max(options_.max_tries, 1);
  connection_ = std::make_unique<Connection>(url_);
  httplib::Client& http = connection_->http;
  http.set_keep_alive(true);
  http.set_tcp_nodelay(true);  // a request is sent in pieces: Nagle would hold the last for an ACK
  http.set_connection_timeout(options_.connect_timeout);
  http.set_read_timeout(options_.read_timeout);
  http.set_write_timeout(options_.read_timeout);
}

SubmissionClient::~SubmissionClient() = default;

std::chrono::milliseconds SubmissionClient::Backoff(int retry) {
  // retry 1 waits first_backoff, then twice as long each time, up to max_backoff; each wait is
  // drawn between half and all of that, so that stations cut off together do not return together.
  std::chrono::milliseconds wait = options_.first_backoff;
  for (int k = 1; k < retry && wait < options_.max_backoff; ++k) wait *= 2;
  wait = std::min(wait, options_.max_backoff);
  std::uniform_int_distribution<int64_t> share(wait.count() / 2, std::max<int64_t>(wait.count(), 0));
  return std::chrono::milliseconds(share(connection_->jitter));
}

Result<SubmissionAnswer> SubmissionClient::Submit(const crypto::SignedObject& object) {
  const std::string what = submitter_ + " submitting " + DescribeSubmitted(object);
  if (!connection_->http.is_valid()) {
    return IoError(url_, what + ": \"" + url_ + "\" is not a server address this client can use (http://host:port)");
  }
  const auto start = std::chrono::steady_clock::now();
  std::string last;  // what went wrong on the last try
  for (int attempt = 1; attempt <= options_.max_tries; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(Backoff(attempt - 1));
    protocol::SubmissionRequest request;
    request.election_id = election_id_;
    request.submitter = submitter_;
    request.nonce = protocol::FreshNonce();
    request.time = options_.clock();
    Result<std::string> body = protocol::MakeSubmission(object, std::move(request), key_);
    if (!body.ok()) return body.error().In(what);
    httplib::Result res = connection_->http.Post("/api/v1/submissions", *body, "application/json");
    if (!res) {
      last = "no answer (" + httplib::to_string(res.error()) + ")";
      continue;
    }
    if (Transient(res->status)) {
      last = "HTTP " + std::to_string(res->status) + ", the server is busy or unavailable";
      continue;
    }
    return ReadAnswer(object, what, res->status, std::move(res->body), attempt);
  }
  return IoError(url_, what + ": " + last + " after " + std::to_string(options_.max_tries) + " tries over " +
                           Seconds(std::chrono::steady_clock::now() - start) +
                           "; nothing is known to be stored: submit again");
}

Result<SubmissionAnswer> SubmissionClient::ReadAnswer(const crypto::SignedObject& object, const std::string& what,
                                                      int status, std::string body, int tries) const {
  const std::string answered = what + ": the server's answer (HTTP " + std::to_string(status) + ")";
  Result<json::Value> doc = json::Parse(body);
  Result<crypto::SignedObject> signed_receipt =
      doc.ok() ? crypto::SignedObject::FromJson(*doc) : Result<crypto::SignedObject>(doc.error());
  if (!signed_receipt.ok()) {
    return CheckFailed(url_, "R-E2.receipt", answered + " is not a receipt: " + signed_receipt.error().message);
  }
  Result<protocol::Receipt> receipt = protocol::ReceiptFromJson(signed_receipt->payload());
  if (!receipt.ok()) {
    return CheckFailed(url_, "R-E2.receipt", answered + " is not a receipt: " + receipt.error().ToString());
  }
  if (options_.server_key) {
    if (Status by_server = signed_receipt->VerifySignedBy("server", *options_.server_key); !by_server.ok()) {
      return Error{ErrorCode::kBadSignature, url_, "R-E2.receipt",
                   answered + " is not signed with the server key given (" + options_.server_key->Hex() +
                       "): it proves nothing; " + by_server.error().message};
    }
  }
  if (receipt->object_digest != object.digest().Hex() || receipt->election_id != election_id_) {
    return CheckFailed(url_, "R-E2.receipt",
                       answered + " is a receipt for another object or election (" + receipt->object_digest +
                           " of " + receipt->election_id + "): it proves nothing for this one");
  }
  const bool logged = receipt->outcome == protocol::ReceiptOutcome::kLogged;
  if ((status == 200) != logged || (logged && !receipt->log_index)) {
    return CheckFailed(url_, "R-E2.receipt",
                       answered + " says \"" + std::string(protocol::ReceiptOutcomeName(receipt->outcome)) +
                           "\"" + (logged && !receipt->log_index ? " with no log index" : "") +
                           ": the status and the receipt disagree");
  }
  SubmissionAnswer answer;
  answer.http_status = status;
  answer.receipt = std::move(receipt).value();
  answer.signed_receipt = std::move(signed_receipt).value();
  answer.receipt_json = std::move(body);
  answer.tries = tries;
  return answer;
}

}  // namespace ashyq::station
