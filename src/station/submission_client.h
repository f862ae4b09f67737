// SubmissionClient: how a commission sends its signed objects to the commission server
// (docs/api.md, POST /api/v1/submissions) and makes sure of the answer.
//
// Each Submit builds a fresh request (protocol::MakeSubmission: a new nonce and the current
// time under the commission's key, on every try), posts it on a kept-alive connection and reads
// the server's signed receipt. The receipt is taken only if it is for this object and this
// election, its HTTP status agrees with its outcome, and, when the server's public key was
// given, it is signed with that key: a receipt that fails any of these proves nothing.
//
// Retries: a submission is idempotent at the server (the same object is the same answer, a
// fresh request is never a replay), so it is sent again after a connection failure, a timeout or
// a 502/503/504, waiting a little longer each time (with jitter, so that many stations do not
// come back at once): by default up to 8 tries over about 10 s. A 4xx is an answer, never
// retried: the receipt says what was refused and why.
//
//   SubmissionClient client(url, election_id, "pec-akmola-0175", std::move(key), {.server_key = k});
//   Result<SubmissionAnswer> answer = client.Submit(protocol);
//   if (!answer.ok())  -> no answer that can be trusted (the error names the object and why)
//   else if (answer->receipt.outcome == protocol::ReceiptOutcome::kLogged)  -> in the log
//   else  -> refused: answer->receipt.rule and .message
//
// One client is one connection: use it from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/submission.h"

namespace ashyq::station {

struct SubmissionClientOptions {
  // The server's public key (GET /api/v1/server-key, announced by the CEC). Without it a
  // receipt's signature is not checked.
  std::optional<crypto::PublicKey> server_key;
  int max_tries = 8;  // requests per Submit, the first included (at least 1)
  std::chrono::milliseconds first_backoff{200};  // the wait before the 2nd try; doubles each time
  std::chrono::milliseconds max_backoff{3000};   // ...up to this (each wait is 50-100% of it)
  std::chrono::seconds connect_timeout{3};
  std::chrono::seconds read_timeout{20};  // for the receipt, once the request is sent
  // The request's time, RFC 3339 UTC; tests replace it. Defaults to the system clock.
  std::function<std::string()> clock;
};

struct SubmissionAnswer {
  int http_status = 0;
  protocol::Receipt receipt;             // logged (status 200) or refused (4xx), checked
  crypto::SignedObject signed_receipt;   // as the server signed it: keep it, it is proof
  std::string receipt_json;              // the body exactly as received
  int tries = 1;                         // requests it took (more than 1: retried)
};

class SubmissionClient {
 public:
  // `server_url`: "http://host:port" (a trailing "/" is ignored). `submitter`: the commission id
  // whose `key` signs the requests. A URL the client cannot use is reported by Submit.
  SubmissionClient(std::string server_url, std::string election_id, std::string submitter, crypto::SigningKey key,
                   SubmissionClientOptions options = {});
  ~SubmissionClient();
  SubmissionClient(const SubmissionClient&) = delete;
  SubmissionClient& operator=(const SubmissionClient&) = delete;

  // Submits `object` and returns the server's checked receipt, logged or refused. Errors, each
  // naming the submitter and the object ("pec-x: the protocol of station ps-x, version 1"):
  //   kIo            no usable answer after the tries (nothing is known to be stored: submit
  //                  again later), or a URL the client cannot use
  //   kBadSignature  the receipt is not signed with the server key given
  //   kCheckFailed   the answer is not a receipt, or not one for this object and election, or
  //                  its status and outcome disagree
  //   kBadInput      the request cannot be made (MakeSubmission)
  Result<SubmissionAnswer> Submit(const crypto::SignedObject& object);

  const std::string& submitter() const { return submitter_; }
  const std::string& server_url() const { return url_; }

 private:
  Result<SubmissionAnswer> ReadAnswer(const crypto::SignedObject& object, const std::string& what, int status,
                                      std::string body, int tries) const;
  std::chrono::milliseconds Backoff(int retry);

  struct Connection;
  std::string url_;
  std::string election_id_;
  std::string submitter_;
  crypto::SigningKey key_;
  SubmissionClientOptions options_;
  std::unique_ptr<Connection> connection_;
};

// "the protocol of station ps-x, version 2", "the turnout report of station ps-x at 12:00",
// or the object's format: how errors and reports name what was submitted.
std::string DescribeSubmitted(const crypto::SignedObject& object);

}  // namespace ashyq::station
