// How a signed object travels to the commission server, and the server's answer (docs/api.md).
//
// A submission is the object and a request signed by the commission that submits it:
//
//   {"object": <signed object>, "request": <signed object>}
//   request payload: {"format": "ashyq/submission-request/1", "election_id", "submitter",
//                     "object_digest", "envelope_digest", "nonce", "time"}
//
// The request binds the object — its payload (object_digest) and its signatures too
// (envelope_digest = TaggedHash(kSubmittedEnvelope, canonical envelope)), so no one on the way can
// swap the signatures under a commission's request — to a fresh random nonce and the submitter's
// clock, under the submitter's commission key: a request seen once is not taken again (a
// replay), and one too old is refused (stale). Who may submit what: server/intake.h.
//
// Every answer is a receipt signed by the server's key. A logged object's receipt depends only on
// the object and where it is in the log, so the same object submitted twice gets the same
// receipt, byte for byte (a refusal's message may name the request, e.g. its time):
//
//   {"format": "ashyq/receipt/1", "election_id", "object_digest",
//    "outcome": "logged" | "logged_refused" | "refused", "log_index": n | null,
//    "rule": "" | "<rule id>", "message": "" | "<why, in words>"}
//
//   logged          in the public log at log_index
//   logged_refused  refused and never counted, but kept in the public log as evidence at
//                   log_index (protocol/evidence.h; decisions 0012, 0015)
//   refused         not stored: rule and message say why
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "protocol/leaf_reader.h"

namespace ashyq::protocol {

inline constexpr std::string_view kSubmissionRequestFormat = "ashyq/submission-request/1";
inline constexpr std::string_view kReceiptFormat = "ashyq/receipt/1";

struct SubmissionRequest {
  std::string election_id;
  std::string submitter;  // a commission id of the definition
  Digest object_digest;    // the object's payload digest (SignedObject::digest)
  Digest envelope_digest;  // EnvelopeDigest(object): its signatures too
  std::string nonce;  // 64 lowercase hex digits (32 random bytes)
  std::string time;   // RFC 3339 UTC, "2007-08-19T01:40:00Z", the submitter's clock
};

// TaggedHash(kSubmittedEnvelope, object.ToCanonicalJson()): the payload and every signature.
Digest EnvelopeDigest(const crypto::SignedObject& object);

// 32 random bytes from the OS, in hex: a nonce no one can predict or repeat by chance.
std::string FreshNonce();

// The body that submits `object` as `request.submitter`, signed with that commission's key.
// request.object_digest and request.envelope_digest are set from `object`.
Result<std::string> MakeSubmission(const crypto::SignedObject& object, SubmissionRequest request,
                                   const crypto::SigningKey& submitter_key);

struct Submission {
  // The object as the log keeps it: its canonical envelope (crypto::SignedObject::
  // ToCanonicalJson), payload format and digest.
  std::string object_text;
  std::string object_format;
  Digest object_digest;
  // The object read: `leaf` when it is a plain precinct protocol or turnout report in canonical
  // form (leaf_reader.h, no DOM: what stations send), else `parsed`. Exactly one is set.
  std::optional<FastLeaf> leaf;
  std::optional<crypto::SignedObject> parsed;
  // The request envelope, read: the digest of its payload and its signatures, not yet verified.
  // (A canonical request is read without a DOM, like the object.)
  Digest request_digest;
  std::vector<crypto::SignatureEntry> request_signatures;
  SubmissionRequest request;

  // The object as a SignedObject: `parsed`, or read again from object_text.
  Result<crypto::SignedObject> Object() const;
  // Whether `submitter` signed the request with `expected` and every signature on it verifies
  // (crypto::CheckSignedBy: kBadSignature saying which does not).
  Status VerifyRequestSignedBy(const std::string& submitter, const crypto::PublicKey& expected) const;
};

// Reads a body: JSON of at most `max_bytes`, both envelopes well-formed, every request field
// present and well-formed, the request naming this object's payload and envelope digests.
// kBadInput with `where` the JSON Pointer of what is wrong. Verifies no signature. A canonical
// body (as MakeSubmission writes) carrying a plain protocol or turnout report is read without a
// DOM; any other body is read strictly, to the same Submission (but for `leaf` and `parsed`).
Result<Submission> ReadSubmission(std::string_view body, size_t max_bytes);

enum class ReceiptOutcome { kLogged, kLoggedRefused, kRefused };
std::string_view ReceiptOutcomeName(ReceiptOutcome outcome);  // "logged", "logged_refused", "refused"

struct Receipt {
  std::string election_id;
  std::string object_digest;  // hex; empty when the body named no object
  ReceiptOutcome outcome = ReceiptOutcome::kRefused;
  std::optional<uint64_t> log_index;
  std::string rule;
  std::string message;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

json::Value ReceiptToJson(const Receipt& receipt);
// kBadInput naming the field.
Result<Receipt> ReceiptFromJson(const json::Value& payload);

}  // namespace ashyq::protocol
