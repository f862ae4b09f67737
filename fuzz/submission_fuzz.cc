// Untrusted submissions and receipts, as the commission server and a station read them.
//
// ReadSubmission must never crash and, when it accepts a body, the request must name the digest
// of the object it carries (the check the server relies on before anything else). ReceiptFromJson
// must never crash, and what it accepts must survive a round trip through ReceiptToJson.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "protocol/submission.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ashyq::Result<ashyq::protocol::Submission> submission = ashyq::protocol::ReadSubmission(text, size_t{1} << 20);
  if (submission.ok() && (submission->request.object_digest != submission->object.digest() ||
                          submission->request.envelope_digest != ashyq::protocol::EnvelopeDigest(submission->object))) {
    std::abort();
  }

  ashyq::Result<ashyq::json::Value> doc = ashyq::json::Parse(text);
  if (!doc.ok()) return 0;
  ashyq::Result<ashyq::protocol::Receipt> receipt = ashyq::protocol::ReceiptFromJson(*doc);
  if (!receipt.ok()) return 0;
  ashyq::Result<ashyq::protocol::Receipt> again = ashyq::protocol::ReceiptFromJson(ashyq::protocol::ReceiptToJson(*receipt));
  if (!again.ok() || !(*again == *receipt)) std::abort();
  return 0;
}
