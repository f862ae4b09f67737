// The commission server's door for signed objects (issue 17; docs/api.md). A submission
// (protocol/submission.h) is taken only when, in this order:
//
//   1. it reads: JSON within the size limit, both envelopes well-formed         400 R-E2.malformed
//   2. it is for this election                                                  400 R-E2.malformed
//   3. the request is signed by its submitter, a commission of the definition,
//      with the key the definition lists for it                                 401 R-E2.submitter
//   4. it is fresh: its time within [now - max_age, now + max_ahead] and not
//      before the server started; its nonce never seen                          401 R-E2.stale,
//                                                                               409 R-E2.replay
//   5. the submitter may submit this object (from the definition), and it reads:
//        a station's protocol, version 1: its own PEC                            403 R-E2.entitled
//        a correction (version 2 on): its PEC or a commission above it           403 R-E2.entitled
//          and it names the decision that ordered it                             403 R-E1.decision
//        a turnout report: the station's own PEC                                 403 R-E2.entitled
//        a payload that does not read as what its format says                    422 (its rule)
//        anything else: not taken (yet)                                          422 R-E2.kind
//   6. the object verifies as what it is (protocol::VerifyProtocol and the
//      version chain against the versions already logged; VerifyTurnoutReport):
//        a signature that does not verify against the definition's key          401 (its rule)
//        a previous version not yet received                                     409 R-E1.version-chain
//        another object already logged as this version                           409 R-E1.fork
//        any other rule (signers of another commission, reconciliation,
//          quorum, chain...)                                                     422 (its rule)
//   7. stored, durably, and so in the public log                                200 logged
//
// Nothing is stored unless the answer is 200. The same object again (with a fresh request) is
// the same answer: the store keeps it once. Every answer is a receipt signed with the server's
// key; its rule id is for experts, its message in plain words. (Why a correction signed by a
// higher commission is not kept as evidence yet: decision 0012.)
//
// Replays: nonces are remembered in memory for max_age. A request timed before the server
// started (less 1 s) is stale; one timed within max_ahead after a restart but received before it
// could be taken again, harmlessly (the same object is the same answer). Several server
// processes on one database each keep their own nonces (issue 17: nonces in the store).
//
// Not thread-safe (it owns no lock; the store is one connection): the HTTP layer serialises.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/election_context.h"
#include "protocol/submission.h"
#include "store/store.h"

namespace ashyq::server {

struct IntakeOptions {
  std::chrono::seconds max_age{300};   // a request older than this is stale
  std::chrono::seconds max_ahead{60};  // submitters' clocks may run this much ahead
  size_t max_body_bytes = size_t{1} << 20;  // a national protocol is ~3 KB
};

struct IntakeAnswer {
  int status = 500;                 // the HTTP status
  protocol::Receipt receipt;        // what the server did
  crypto::SignedObject signed_receipt;  // receipt, signed by the server's key
};

class Intake {
 public:
  // `started`: requests timed before it are stale (see "Replays" above).
  Intake(const protocol::ElectionContext& election, store::Store& store, crypto::SigningKey server_key,
         std::chrono::system_clock::time_point started, IntakeOptions options = {});

  IntakeAnswer Submit(std::string_view body, std::chrono::system_clock::time_point now);

  const crypto::PublicKey& server_key() const { return server_key_.public_key(); }

  struct Decision;  // what the door does, before it is signed as a receipt (intake.cc)

 private:
  Decision Decide(std::string_view body, std::chrono::system_clock::time_point now);
  Decision CheckRequest(const protocol::Submission& s, std::chrono::system_clock::time_point now);
  Decision TakeProtocol(const protocol::Submission& s);
  Decision TakeTurnout(const protocol::Submission& s);
  Decision Store(const crypto::SignedObject& object, const std::string& subject, int64_t version);
  IntakeAnswer Answer(Decision d);
  void ForgetOldNonces(std::chrono::system_clock::time_point now);

  const protocol::ElectionContext& election_;
  store::Store& store_;
  crypto::SigningKey server_key_;
  std::chrono::system_clock::time_point started_;
  IntakeOptions options_;
  // (submitter, nonce) -> request time, for requests not yet stale.
  std::map<std::pair<std::string, std::string>, std::chrono::system_clock::time_point> nonces_;
};

}  // namespace ashyq::server
