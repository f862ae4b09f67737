#include "crypto/signed_object.h"

#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/json_reader.h"
#include "crypto/signature_check.h"

namespace ashyq::crypto {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, after a shortened value

// A value shown in an error message, cut short so that a hostile document cannot make the
// message arbitrarily long.
std::string Shorten(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  // Back up to a UTF-8 character boundary so the message stays valid UTF-8.
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

std::string Quote(std::string_view text) { return "\"" + Shorten(text) + "\""; }

std::string ShortKey(const PublicKey& key) {
  return key.Hex().substr(0, 16) + std::string(kEllipsis);
}

Status CheckPayloadFormat(const json::Value& payload) {
  constexpr std::string_view kWhere = "/payload";
  if (!payload.is_object()) {
    return BadInput(std::string(kWhere), std::string("payload must be an object, not ") +
                                             json::KindName(payload.kind()));
  }
  const json::Value* format = payload.Find("format");
  if (format == nullptr) {
    return BadInput(json::PointerAppend(kWhere, "format"),
                    "payload has no \"format\" field naming its kind and version");
  }
  if (!format->is_string() || format->as_string().empty()) {
    return BadInput(json::PointerAppend(kWhere, "format"),
                    std::string("payload \"format\" must be a non-empty string, not ") +
                        (format->is_string() ? "an empty string" : json::KindName(format->kind())));
  }
  return Status();
}

Digest PayloadDigest(const json::Value& payload) {
  // The one canonicalisation per object: definitions run to tens of megabytes.
  return TaggedHash(tag::kObject, json::Canonicalize(payload));
}

// Returns the first problem and says how many more there were.
Error FirstOf(std::vector<Error> errors) {
  Error first = std::move(errors.front());
  if (errors.size() > 1) {
    first.message += " (and " + std::to_string(errors.size() - 1) + " more problem" +
                     (errors.size() > 2 ? "s" : "") + ")";
  }
  return first;
}

}  // namespace

Result<SignedObject> SignedObject::Create(json::Value payload) {
  ASHYQ_RETURN_IF_ERROR(CheckPayloadFormat(payload));
  SignedObject object;
  object.digest_ = PayloadDigest(payload);
  object.payload_ = std::move(payload);
  return object;
}

namespace {

// FromJson's checks: the envelope's shape and its signature entries, read.
Result<std::vector<SignatureEntry>> ReadEnvelope(const json::Value& envelope) {
  if (!envelope.is_object()) {
    return BadInput("", std::string("a signed envelope must be a JSON object, not ") +
                            json::KindName(envelope.kind()));
  }
  std::vector<Error> errors;
  json::ObjectReader reader(envelope, "", &errors);

  const std::string format = reader.String("format");
  if (errors.empty() && format != kSignedFormat) {
    reader.Fail("format", "envelope format must be " + Quote(kSignedFormat) + ", got " +
                              Quote(format));
  }

  const json::Value* payload = reader.Object("payload");
  if (payload != nullptr) {
    Status status = CheckPayloadFormat(*payload);
    if (!status.ok()) errors.push_back(status.error());
  }

  std::vector<SignatureEntry> entries;
  if (const json::Value* list = reader.Array("signatures")) {
    entries.reserve(list->size());
    std::unordered_map<std::string, size_t> first_index;  // signer -> index of its entry
    for (size_t i = 0; i < list->items().size(); ++i) {
      const size_t errors_before = errors.size();
      json::ObjectReader item(list->items()[i], json::PointerAppend("/signatures", i), &errors);
      if (!item.is_object()) continue;
      SignatureEntry entry;
      entry.signer = item.NonEmptyString("signer");
      const std::string key_hex = item.String("public_key");
      const std::string signature_hex = item.String("signature");
      item.RejectUnknown();
      if (errors.size() != errors_before) continue;

      Result<PublicKey> key = PublicKey::FromHex(key_hex);
      if (key.ok()) {
        entry.public_key = *key;
      } else {
        errors.push_back(BadInput(item.PathOf("public_key"), key.error().message));
      }
      Result<Signature> signature = Signature::FromHex(signature_hex);
      if (signature.ok()) {
        entry.signature = *signature;
      } else {
        errors.push_back(BadInput(item.PathOf("signature"), signature.error().message));
      }
      auto [it, inserted] = first_index.emplace(entry.signer, i);
      if (!inserted) {
        errors.push_back(BadInput(item.PathOf("signer"),
                                  "signer " + Quote(entry.signer) + " already signed at " +
                                      json::PointerAppend("/signatures", it->second) +
                                      "; a signer may sign once"));
      }
      entries.push_back(std::move(entry));
    }
  }
  reader.RejectUnknown();
  if (!errors.empty()) return FirstOf(std::move(errors));
  return entries;
}

// The payload's bytes in the canonical text of a signed object that FromJson accepts:
//   {"format":"ashyq/signed/1","payload":<P>,"signatures":[<entries>]}
// The last ',"signatures":[' is the envelope's: an entry holds only the keys public_key,
// signature and signer, and its strings cannot hold an unescaped '"'.
std::string_view CanonicalPayloadText(std::string_view text) {
  constexpr std::string_view kHead = "{\"format\":\"ashyq/signed/1\",\"payload\":";
  constexpr std::string_view kSignatures = ",\"signatures\":[";
  const size_t split = text.rfind(kSignatures);
  if (text.substr(0, kHead.size()) != kHead || split == std::string_view::npos || split < kHead.size()) {
    return {};  // not reached for canonical text of an accepted envelope
  }
  return text.substr(kHead.size(), split - kHead.size());
}

}  // namespace

Result<SignedObject> SignedObject::FromJson(const json::Value& envelope) {
  ASHYQ_ASSIGN_OR_RETURN(std::vector<SignatureEntry> entries, ReadEnvelope(envelope));
  SignedObject object;
  object.payload_ = *envelope.Find("payload");
  object.digest_ = PayloadDigest(object.payload_);
  object.signatures_ = std::move(entries);
  return object;
}

Result<SignedObject> SignedObject::FromText(std::string_view text, const json::ParseOptions& options,
                                            TextReading* reading) {
  *reading = TextReading{};
  ASHYQ_ASSIGN_OR_RETURN(json::Value envelope, json::Parse(text, options));
  reading->json = true;
  ASHYQ_ASSIGN_OR_RETURN(std::vector<SignatureEntry> entries, ReadEnvelope(envelope));
  SignedObject object;
  object.payload_ = std::move(*envelope.Find("payload"));
  object.signatures_ = std::move(entries);
  // Canonical text is ToCanonicalJson() of the object (ReadEnvelope admits no other member),
  // so its payload bytes are Canonicalize(payload) and hashing them is PayloadDigest.
  const std::string_view payload = json::IsCanonical(text) ? CanonicalPayloadText(text) : std::string_view();
  if (!payload.empty()) {
    object.digest_ = TaggedHash(tag::kObject, payload);
    reading->canonical = true;
  } else {
    // Not canonical, or not decided cheaply (fractions, only where options allow them): the
    // slow way, exact either way.
    object.digest_ = PayloadDigest(object.payload_);
    reading->canonical = object.ToCanonicalJson() == text;
  }
  return object;
}

const std::string& SignedObject::payload_format() const {
  static const std::string kNone;
  const json::Value* format = payload_.is_object() ? payload_.Find("format") : nullptr;
  return format != nullptr && format->is_string() ? format->as_string() : kNone;
}

Status SignedObject::AddSignature(const std::string& signer, const SigningKey& key) {
  if (signer.empty()) {
    return BadInput(json::PointerAppend("/signatures", signatures_.size()) + "/signer",
                    "signer id must not be empty");
  }
  for (size_t i = 0; i < signatures_.size(); ++i) {
    if (signatures_[i].signer == signer) {
      return Error{ErrorCode::kAlreadyExists, json::PointerAppend("/signatures", i), "",
                   "signer " + Quote(signer) + " has already signed this object"};
    }
  }
  signatures_.push_back(SignatureEntry{signer, key.public_key(), key.SignDigest(digest_)});
  if (!checked_.empty()) checked_.push_back(Checked::kUnchecked);
  return Status();
}

bool SignedObject::SignatureVerifies(size_t k) const {
  if (k < checked_.size() && checked_[k] != Checked::kUnchecked) return checked_[k] == Checked::kVerifies;
  const SignatureEntry& entry = signatures_.at(k);
  return VerifyDigest(entry.public_key, digest_, entry.signature);
}

void SignedObject::CheckSignatures() {
  checked_.resize(signatures_.size());
  for (size_t k = 0; k < signatures_.size(); ++k) {
    const SignatureEntry& entry = signatures_[k];
    checked_[k] = VerifyDigest(entry.public_key, digest_, entry.signature) ? Checked::kVerifies : Checked::kFails;
  }
}

Status CheckAllSignatures(std::span<const SignatureEntry> signatures, const std::function<bool(size_t)>& verifies) {
  if (signatures.empty()) {
    return Error{ErrorCode::kBadSignature, "/signatures", "",
                 "the object carries no signatures; at least one is required"};
  }
  for (size_t i = 0; i < signatures.size(); ++i) {
    const SignatureEntry& entry = signatures[i];
    if (!verifies(i)) {
      return Error{ErrorCode::kBadSignature, json::PointerAppend("/signatures", i), "",
                   "signature of " + Shorten(entry.signer) + " does not verify against key " +
                       ShortKey(entry.public_key)};
    }
  }
  return Status();
}

Status CheckSignedBy(std::span<const SignatureEntry> signatures, const std::string& signer,
                     const PublicKey& expected, const std::function<bool(size_t)>& verifies) {
  // Cheap checks first, so a missing or substituted signer is reported as such.
  size_t index = signatures.size();
  for (size_t i = 0; i < signatures.size(); ++i) {
    if (signatures[i].signer == signer) {
      index = i;
      break;
    }
  }
  if (index == signatures.size()) {
    return Error{ErrorCode::kBadSignature, "/signatures", "",
                 "no signature by " + Shorten(signer) + " (the object has " +
                     std::to_string(signatures.size()) + ")"};
  }
  if (signatures[index].public_key != expected) {
    return Error{ErrorCode::kBadSignature, json::PointerAppend("/signatures", index), "",
                 Shorten(signer) + " signed with key " + ShortKey(signatures[index].public_key) +
                     " but the expected key is " + ShortKey(expected)};
  }
  return CheckAllSignatures(signatures, verifies);
}

Status SignedObject::VerifyAll() const {
  return CheckAllSignatures(signatures_, [this](size_t k) { return SignatureVerifies(k); });
}

Status SignedObject::VerifySignedBy(const std::string& signer, const PublicKey& expected) const {
  return CheckSignedBy(signatures_, signer, expected, [this](size_t k) { return SignatureVerifies(k); });
}

json::Value SignedObject::ToJson() const {
  json::Value envelope = json::Value::Object();
  envelope.Set("format", json::Value(kSignedFormat));
  envelope.Set("payload", payload_);
  json::Value list = json::Value::Array();
  for (const SignatureEntry& entry : signatures_) {
    json::Value item = json::Value::Object();
    item.Set("signer", json::Value(entry.signer));
    item.Set("public_key", json::Value(entry.public_key.Hex()));
    item.Set("signature", json::Value(entry.signature.Hex()));
    list.Push(std::move(item));
  }
  envelope.Set("signatures", std::move(list));
  return envelope;
}

std::string SignedObject::ToCanonicalJson() const {
  // Equal to Canonicalize(ToJson()) without copying the payload. RFC 8785 key order:
  // format < payload < signatures, and public_key < signature < signer.
  std::string out = "{\"format\":";
  json::CanonicalizeTo(json::Value(kSignedFormat), &out);
  out += ",\"payload\":";
  json::CanonicalizeTo(payload_, &out);
  out += ",\"signatures\":[";
  for (size_t i = 0; i < signatures_.size(); ++i) {
    const SignatureEntry& entry = signatures_[i];
    if (i > 0) out += ',';
    out += "{\"public_key\":\"";
    out += entry.public_key.Hex();
    out += "\",\"signature\":\"";
    out += entry.signature.Hex();
    out += "\",\"signer\":";
    json::CanonicalizeTo(json::Value(entry.signer), &out);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace ashyq::crypto
