// Untrusted submissions and receipts, as the commission server and a station read them.
//
// ReadSubmission must never crash and, when it accepts a body, the request must name the digest
// of the object it carries (the check the server relies on before anything else), and the object
// read must be that text: its digest, its canonical envelope. A body it reads without a DOM (the
// canonical case) must read to the same submission strictly: a trailing space sends the same
// body down the strict path, which must agree on acceptance and result. ReceiptFromJson
// must never crash, and what it accepts must survive a round trip through ReceiptToJson.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <string>

#include "core/json.h"
#include "crypto/keys.h"
#include "protocol/submission.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!ashyq::crypto::Initialize().ok()) __builtin_trap();
  constexpr size_t kMax = size_t{1} << 20;
  ashyq::Result<ashyq::protocol::Submission> submission = ashyq::protocol::ReadSubmission(text, kMax);
  if (submission.ok()) {
    const ashyq::protocol::Submission& s = *submission;
    if (s.leaf.has_value() == s.parsed.has_value()) std::abort();
    if (s.request.object_digest != s.object_digest ||
        s.request.envelope_digest != ashyq::TaggedHash(ashyq::tag::kSubmittedEnvelope, s.object_text)) {
      std::abort();
    }
    ashyq::Result<ashyq::crypto::SignedObject> object = s.Object();
    if (!object.ok() || object->digest() != s.object_digest || object->ToCanonicalJson() != s.object_text ||
        object->payload_format() != s.object_format) {
      std::abort();
    }
  }
  if (size < kMax) {
    ashyq::Result<ashyq::protocol::Submission> strict = ashyq::protocol::ReadSubmission(std::string(text) + " ", kMax);
    if (strict.ok() != submission.ok()) std::abort();
    if (strict.ok()) {
      if (strict->leaf.has_value() || strict->object_text != submission->object_text ||
          strict->object_digest != submission->object_digest || strict->request.nonce != submission->request.nonce ||
          strict->request.time != submission->request.time ||
          strict->request.submitter != submission->request.submitter ||
          strict->request_digest != submission->request_digest ||
          strict->request_signatures.size() != submission->request_signatures.size()) {
        std::abort();
      }
    }
    // Refusals are not compared: the space itself can change a parse error ("-" and "- "); a
    // body the fast path refuses is read again strictly, so its error is the strict reader's.
  }

  ashyq::Result<ashyq::json::Value> doc = ashyq::json::Parse(text);
  if (!doc.ok()) return 0;
  ashyq::Result<ashyq::protocol::Receipt> receipt = ashyq::protocol::ReceiptFromJson(*doc);
  if (!receipt.ok()) return 0;
  ashyq::Result<ashyq::protocol::Receipt> again = ashyq::protocol::ReceiptFromJson(ashyq::protocol::ReceiptToJson(*receipt));
  if (!again.ok() || !(*again == *receipt)) std::abort();
  return 0;
}
