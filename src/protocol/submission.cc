#include "protocol/submission.h"

#include <iterator>
#include <utility>
#include <vector>

#include "core/encoding.h"
#include "core/json_reader.h"
#include "core/utc_time.h"
#include "crypto/signature_check.h"
#include "protocol/internal/canonical_cursor.h"
#include "protocol/precinct_protocol.h"
#include "protocol/turnout_report.h"

namespace ashyq::protocol {
namespace {

json::Value RequestPayload(const SubmissionRequest& r) {
  json::Value payload = json::Value::Object();
  payload.Set("format", json::Value(kSubmissionRequestFormat));
  payload.Set("election_id", json::Value(r.election_id));
  payload.Set("submitter", json::Value(r.submitter));
  payload.Set("object_digest", json::Value(r.object_digest.Hex()));
  payload.Set("envelope_digest", json::Value(r.envelope_digest.Hex()));
  payload.Set("nonce", json::Value(r.nonce));
  payload.Set("time", json::Value(r.time));
  return payload;
}

}  // namespace

Digest EnvelopeDigest(const crypto::SignedObject& object) {
  return TaggedHash(tag::kSubmittedEnvelope, object.ToCanonicalJson());
}

std::string FreshNonce() { return crypto::RandomHex(32); }

Result<std::string> MakeSubmission(const crypto::SignedObject& object, SubmissionRequest request,
                                   const crypto::SigningKey& submitter_key) {
  request.object_digest = object.digest();
  request.envelope_digest = EnvelopeDigest(object);
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject envelope, crypto::SignedObject::Create(RequestPayload(request)));
  ASHYQ_RETURN_IF_ERROR(envelope.AddSignature(request.submitter, submitter_key));
  json::Value body = json::Value::Object();
  body.Set("object", object.ToJson());
  body.Set("request", envelope.ToJson());
  return json::Canonicalize(body);
}

namespace {

// A request payload's fields as read, before they are checked.
struct RequestFields {
  std::string format;
  std::string object_digest;
  std::string envelope_digest;
};

// Reads the fields from the request envelope's payload (a DOM), naming what is missing.
Status ReadRequestPayload(const json::Value& payload, Submission& out, RequestFields& fields) {
  std::vector<Error> problems;
  json::ObjectReader r(payload, "/request/payload", &problems);
  fields.format = r.String("format");
  out.request.election_id = r.NonEmptyString("election_id");
  out.request.submitter = r.NonEmptyString("submitter");
  fields.object_digest = r.String("object_digest");
  fields.envelope_digest = r.String("envelope_digest");
  out.request.nonce = r.String("nonce");
  out.request.time = r.String("time");
  r.RejectUnknown();
  if (!problems.empty()) return FirstOfProblems(std::move(problems));
  return Status();
}

// Reads a canonical request envelope without a DOM, as stations send it: the payload's members in
// canonical order, plain strings, one or more signatures by distinct signers. False when the text
// is anything else (the strict reader then reads it and says what is wrong).
bool ReadCanonicalRequest(std::string_view text, Submission& out, RequestFields& fields) {
  // The payload's members in canonical (sorted) order; election_id and submitter non-empty.
  const struct {
    std::string_view key;
    std::string* value;
    bool non_empty;
  } members[] = {{"election_id", &out.request.election_id, true}, {"envelope_digest", &fields.envelope_digest, false},
                 {"format", &fields.format, false},                {"nonce", &out.request.nonce, false},
                 {"object_digest", &fields.object_digest, false},  {"submitter", &out.request.submitter, true},
                 {"time", &out.request.time, false}};
  std::optional<internal::EnvelopeRead> envelope = internal::ReadEnvelope(text, [&](internal::Cursor& c) {
    c.Literal("{");
    for (size_t k = 0; k < std::size(members); ++k) {
      if (k > 0) c.Literal(",");
      c.Key(members[k].key);
      *members[k].value = members[k].non_empty ? c.NonEmptyString() : std::string(c.String());
    }
    c.Literal("}");
  });
  if (!envelope) return false;
  out.request_digest = envelope->digest;
  out.request_signatures = std::move(envelope->signatures);
  return true;
}

// The request's fields checked, and against the object the submission carries (`object_digest`,
// `object_text`: its canonical envelope).
Status CheckRequest(Submission& out, const RequestFields& fields) {
  if (fields.format != kSubmissionRequestFormat) {
    return BadInput("/request/payload/format", "\"" + fields.format + "\" is not " + std::string(kSubmissionRequestFormat));
  }
  if (!IsDigestHex(out.request.nonce)) {
    return BadInput("/request/payload/nonce", "a nonce is 64 lowercase hex digits (32 random bytes)");
  }
  if (!IsUtcTimestamp(out.request.time)) {
    return BadInput("/request/payload/time", "\"" + out.request.time + "\" is not a UTC time like 2007-08-19T01:40:00Z");
  }
  Result<Digest> named = Digest::FromHex(fields.object_digest);
  if (!named.ok()) return BadInput("/request/payload/object_digest", "not a digest (64 lowercase hex digits)");
  if (*named != out.object_digest) {
    return BadInput("/request/payload/object_digest",
                    "the request names object " + fields.object_digest.substr(0, 16) + "…, not the object it carries");
  }
  out.request.object_digest = *named;
  Result<Digest> envelope = Digest::FromHex(fields.envelope_digest);
  if (!envelope.ok()) return BadInput("/request/payload/envelope_digest", "not a digest (64 lowercase hex digits)");
  if (*envelope != TaggedHash(tag::kSubmittedEnvelope, out.object_text)) {
    return BadInput("/request/payload/envelope_digest",
                    "the request was signed for other signatures on this object: they were changed on the way");
  }
  out.request.envelope_digest = *envelope;
  return Status();
}

// Takes the request from its envelope read strictly.
Status TakeRequest(const crypto::SignedObject& envelope, Submission& out, RequestFields& fields) {
  out.request_digest = envelope.digest();
  out.request_signatures = envelope.signatures();
  return ReadRequestPayload(envelope.payload(), out, fields);
}

// The body as MakeSubmission writes it, {"object":<object>,"request":<request>} in canonical
// form, with a plain protocol or turnout report: read without a DOM (the request too, when it is
// canonical). nullopt when the body is not that (the strict reader then reads it, and says what
// is wrong).
std::optional<Submission> ReadCanonicalSubmission(std::string_view body, size_t max_bytes, RequestFields& fields) {
  constexpr std::string_view kHead = "{\"object\":";
  constexpr std::string_view kRequest = ",\"request\":";
  // The last ',"request":' is the body's: a request envelope holds no such member, and its
  // strings cannot hold an unescaped '"'. A wrong split fails a reader below.
  const size_t split = body.rfind(kRequest);
  if (!body.starts_with(kHead) || !body.ends_with("}") || split == std::string_view::npos || split < kHead.size()) {
    return std::nullopt;
  }
  const std::string_view object = body.substr(kHead.size(), split - kHead.size());
  const std::string_view request = body.substr(split + kRequest.size(), body.size() - split - kRequest.size() - 1);
  std::optional<FastLeaf> leaf = ReadLeafFast(object);
  if (!leaf) return std::nullopt;
  Submission out;
  if (!ReadCanonicalRequest(request, out, fields)) {
    out = Submission();
    fields = RequestFields();
    json::ParseOptions options;
    options.max_bytes = max_bytes;
    crypto::SignedObject::TextReading reading;
    Result<crypto::SignedObject> envelope = crypto::SignedObject::FromText(request, options, &reading);
    if (!envelope.ok() || !TakeRequest(*envelope, out, fields).ok()) return std::nullopt;
  }
  out.object_text = std::string(object);
  out.object_format = std::string(leaf->is_protocol() ? kPrecinctProtocolFormat : kTurnoutReportFormat);
  out.object_digest = leaf->digest;
  out.leaf = std::move(leaf);
  return out;
}

}  // namespace

Result<crypto::SignedObject> Submission::Object() const {
  if (parsed) return *parsed;
  json::ParseOptions options;
  options.max_bytes = object_text.size();
  crypto::SignedObject::TextReading reading;
  return crypto::SignedObject::FromText(object_text, options, &reading);
}

Status Submission::VerifyRequestSignedBy(const std::string& submitter, const crypto::PublicKey& expected) const {
  return crypto::CheckSignedBy(request_signatures, submitter, expected, [this](size_t k) {
    const crypto::SignatureEntry& entry = request_signatures[k];
    return crypto::VerifyDigest(entry.public_key, request_digest, entry.signature);
  });
}

Result<Submission> ReadSubmission(std::string_view body, size_t max_bytes) {
  if (body.size() > max_bytes) {
    return BadInput("", "the submission is " + std::to_string(body.size()) + " bytes; at most " +
                            std::to_string(max_bytes) + " are taken");
  }
  RequestFields fields;
  if (std::optional<Submission> fast = ReadCanonicalSubmission(body, max_bytes, fields)) {
    ASHYQ_RETURN_IF_ERROR(CheckRequest(*fast, fields));
    return std::move(fast).value();
  }
  fields = RequestFields();
  json::ParseOptions options;
  options.max_bytes = max_bytes;
  Result<json::Value> doc = json::Parse(body, options);
  if (!doc.ok()) return BadInput(doc.error().where, "not JSON: " + doc.error().message);
  std::vector<Error> problems;
  json::ObjectReader top(*doc, "", &problems);
  const json::Value* object = top.Object("object");
  const json::Value* request = top.Object("request");
  top.RejectUnknown();
  if (!problems.empty()) return FirstOfProblems(std::move(problems));

  Result<crypto::SignedObject> read_object = crypto::SignedObject::FromJson(*object);
  if (!read_object.ok()) return read_object.error().In("/object");
  Result<crypto::SignedObject> read_request = crypto::SignedObject::FromJson(*request);
  if (!read_request.ok()) return read_request.error().In("/request");
  Submission out;
  out.object_text = read_object->ToCanonicalJson();
  out.object_format = read_object->payload_format();
  out.object_digest = read_object->digest();
  out.parsed = std::move(read_object).value();
  ASHYQ_RETURN_IF_ERROR(TakeRequest(*read_request, out, fields));
  ASHYQ_RETURN_IF_ERROR(CheckRequest(out, fields));
  return out;
}

std::string_view ReceiptOutcomeName(ReceiptOutcome outcome) {
  switch (outcome) {
    case ReceiptOutcome::kLogged: return "logged";
    case ReceiptOutcome::kLoggedRefused: return "logged_refused";
    case ReceiptOutcome::kRefused: return "refused";
  }
  return "refused";
}

json::Value ReceiptToJson(const Receipt& receipt) {
  json::Value v = json::Value::Object();
  v.Set("format", json::Value(kReceiptFormat));
  v.Set("election_id", json::Value(receipt.election_id));
  v.Set("object_digest", json::Value(receipt.object_digest));
  v.Set("outcome", json::Value(ReceiptOutcomeName(receipt.outcome)));
  v.Set("log_index", receipt.log_index ? json::Value(static_cast<int64_t>(*receipt.log_index)) : json::Value());
  v.Set("rule", json::Value(receipt.rule));
  v.Set("message", json::Value(receipt.message));
  return v;
}

Result<Receipt> ReceiptFromJson(const json::Value& payload) {
  std::vector<Error> problems;
  json::ObjectReader r(payload, "", &problems);
  Receipt out;
  const std::string format = r.String("format");
  out.election_id = r.String("election_id");
  out.object_digest = r.String("object_digest");
  const std::string outcome = r.String("outcome");
  const std::optional<int64_t> index = r.OptionalInt("log_index", 0);
  out.rule = r.String("rule");
  out.message = r.String("message");
  r.RejectUnknown();
  if (!problems.empty()) return FirstOfProblems(std::move(problems));
  if (format != kReceiptFormat) return BadInput("/format", "\"" + format + "\" is not " + std::string(kReceiptFormat));
  bool known = false;
  for (ReceiptOutcome o : {ReceiptOutcome::kLogged, ReceiptOutcome::kLoggedRefused, ReceiptOutcome::kRefused}) {
    if (outcome == ReceiptOutcomeName(o)) {
      out.outcome = o;
      known = true;
    }
  }
  if (!known) return BadInput("/outcome", "\"" + outcome + "\" is not logged, logged_refused or refused");
  if (index) out.log_index = static_cast<uint64_t>(*index);
  if ((out.outcome == ReceiptOutcome::kRefused) == out.log_index.has_value()) {
    return BadInput("/log_index", "a log index is given exactly when the object is logged");
  }
  return out;
}

}  // namespace ashyq::protocol
