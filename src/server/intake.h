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
//        a tier protocol: the commission it names, itself (decision 0014)        403 R-E2.entitled
//        a payload that does not read as what its format says                    422 (its rule)
//        anything else: not taken (yet)                                          422 R-E2.kind
//   6. the object verifies as what it is (protocol::VerifyProtocol, VerifyTurnoutReport):
//        a signature that does not verify against the definition's key          401 (its rule)
//        a correction signed by members of the submitting commission, which is
//          above the station (2007's territorial "corrections"): kept in the log
//          as evidence (protocol/evidence.h), outside the station's versions,
//          never counted                                                         422 R-E1.owning-commission,
//                                                                                    logged_refused
//        any other rule (signers of another commission, reconciliation,
//          quorum...)                                                            422 (its rule)
//      a tier protocol (tabulate::VerifyTierProtocolSigner, CheckTierProtocol
//      on what it holds itself):
//        not exactly one signature, its commission's with the definition's key   401 R-E1.signer
//        its totals not the sums of its own figures, coverage, contests...       422 (its rule)
//   7. it fits the log (a protocol's versions already logged, or earlier in its batch):
//        a previous version not yet received                                     409 R-E1.version-chain
//        another object already logged as this version                           409 R-E1.fork
//        the chain from the version before it does not hold                      422 (its rule)
//      a tier protocol (tabulate::CheckTierProtocol against the log), unless it is
//      logged already (then it is the same answer):
//        a precinct protocol or child tier protocol it references not logged     422 R-E1.reference
//        a precinct version totalled although a later one is logged              422 R-E1.latest
//        a total not the sum of what it references, or any other rule            422 (its rule)
//      and it takes its commission's next tier-protocol version (subject: the
//      commission; the server's own, when it holds the keys, are the same sequence)
//   8. stored, durably, and so in the public log                                200 logged
//      (the store cannot be read or written now: 503 R-E2.store, try again)
//
// Nothing is stored unless the answer is 200, or 422 logged_refused for evidence (decisions 0012,
// 0015). The same object again (with a fresh request) is the same answer: the store keeps it once.
// Every answer is a receipt signed with the server's key; its rule id is for experts, its message
// in plain words.
//
// Two halves, for group commit (decision 0013): Check() does steps 1-6, which need no store —
// reading, the request's signature, freshness, entitlement and the object's own signatures, the
// costly part — on the caller's thread, any number at once. Commit() takes a batch of checked
// submissions through steps 7-8: the version slot, fork and chain checks against what is logged
// and what is earlier in the batch, then the write, one transaction and one fsync per batch. Only a
// committed answer is 200, and only after the batch is durable.
//
// Replays: nonces are remembered in memory for max_age. A request timed before the server
// started (less 1 s) is stale; one timed within max_ahead after a restart but received before it
// could be taken again, harmlessly (the same object is the same answer). Several server
// processes on one database each keep their own nonces (issue 17: nonces in the store).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/election_context.h"
#include "protocol/submission.h"
#include "store/store.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::server {

struct IntakeOptions {
  std::chrono::seconds max_age{300};   // a request older than this is stale
  std::chrono::seconds max_ahead{60};  // submitters' clocks may run this much ahead
  // A precinct protocol is ~3 KB; a national CEC tier protocol names every precinct's digest,
  // over 1 MB (deploy/nginx allows the same 4 MiB on /api/).
  size_t max_body_bytes = size_t{4} << 20;
};

// What the door does with one submission, before it is signed as a receipt.
struct IntakeDecision {
  int status = 400;
  protocol::ReceiptOutcome outcome = protocol::ReceiptOutcome::kRefused;
  std::optional<uint64_t> log_index;
  std::string object_digest;
  std::string rule;
  std::string message;
};

// A submission after Check(): refused already, or to be committed.
struct CheckedSubmission {
  IntakeDecision decision;  // status != 200: the answer (a refusal); 200: commit it. Names the object.
  // What Commit stores: the object's canonical envelope, kind, digest; subject (station id, or
  // "<station>@<time>" for turnout) and version (protocol version or turnout revision).
  store::StoredObject row;
  bool versioned = false;  // a protocol version: slot, fork and chain are checked at commit
  // A tier protocol, as read: its version, and whether what it references is logged, are
  // settled at commit.
  std::shared_ptr<const tabulate::TierProtocol> tier;
  // Refused but kept as evidence (protocol/evidence.h): `row` is the evidence leaf, stored as an
  // object taken is, and the answer is this refusal with its log index.
  std::optional<IntakeDecision> evidence;

  bool ready() const { return decision.status == 200; }
};

struct IntakeAnswer {
  int status = 500;                 // the HTTP status
  protocol::Receipt receipt;        // what the server did
  crypto::SignedObject signed_receipt;  // receipt, signed by the server's key
};

class Intake {
 public:
  // `store` is what Commit() writes to. `started`: requests timed before it are stale (see
  // "Replays" above).
  Intake(const protocol::ElectionContext& election, store::Store& store, crypto::SigningKey server_key,
         std::chrono::system_clock::time_point started, IntakeOptions options = {});

  // Steps 1-6, without the store. Thread-safe.
  CheckedSubmission Check(std::string_view body, std::chrono::system_clock::time_point now);

  // Steps 7-8 for a batch, in order: one decision per submission. Items
  // not ready() are answered as they are. One thread at a time (it uses the store).
  std::vector<IntakeDecision> Commit(std::span<const CheckedSubmission* const> batch);

  // The decision signed as a receipt. Thread-safe.
  IntakeAnswer Answer(IntakeDecision d) const;

  // Check, Commit a batch of one, Answer: one submission at a time.
  IntakeAnswer Submit(std::string_view body, std::chrono::system_clock::time_point now);

  const crypto::PublicKey& server_key() const { return server_key_.public_key(); }
  const IntakeOptions& options() const { return options_; }

 private:
  IntakeDecision CheckRequest(const protocol::Submission& s, std::chrono::system_clock::time_point now);
  CheckedSubmission CheckProtocol(protocol::Submission& s);
  CheckedSubmission CheckTurnout(protocol::Submission& s);
  CheckedSubmission CheckTier(protocol::Submission& s);
  struct StationVersions;  // one station's versions as a batch sees them (intake.cc)
  IntakeDecision CheckChain(const CheckedSubmission& c, StationVersions& v) const;
  struct TierBatch;  // tier protocols as a batch sees them (intake.cc)
  IntakeDecision CommitTier(const CheckedSubmission& c, std::map<std::string, StationVersions>& stations,
                            TierBatch& tiers, int64_t* version);
  IntakeDecision CheckTierReferences(const tabulate::TierProtocol& p,
                                     std::map<std::string, StationVersions>& stations, const TierBatch& tiers);
  bool RememberNonce(const std::string& submitter, const std::string& nonce,
                     std::chrono::system_clock::time_point at, std::chrono::system_clock::time_point now);

  const protocol::ElectionContext& election_;
  store::Store& store_;
  crypto::SigningKey server_key_;
  std::chrono::system_clock::time_point started_;
  IntakeOptions options_;
  // (submitter, nonce) for requests not yet stale, and the same keyed by request time for
  // forgetting them in order.
  std::mutex nonces_lock_;
  std::set<std::pair<std::string, std::string>> nonces_;
  std::multimap<std::chrono::system_clock::time_point, std::pair<std::string, std::string>> nonces_by_time_;
};

}  // namespace ashyq::server
