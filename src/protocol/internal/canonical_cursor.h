// Reading canonical JSON (RFC 8785) in one pass, without a DOM: the cursor the DOM-free readers
// share (leaf_reader.cc for logged leaves, submission.cc for a submission's request). Each takes
// only the plain case and leaves anything else to the strict readers, which say what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.h"
#include "core/hash.h"
#include "core/json.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"

namespace ashyq::protocol::internal {

// A cursor over canonical text. Every read either matches or clears ok(); once cleared, every
// later read fails too, so a reader checks ok() once, at the end.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == text_.size(); }
  size_t pos() const { return pos_; }
  std::string_view Between(size_t from, size_t to) const { return text_.substr(from, to - from); }

  void Literal(std::string_view s) {
    if (ok_ && text_.substr(pos_, s.size()) == s) {
      pos_ += s.size();
    } else {
      ok_ = false;
    }
  }
  bool Peek(std::string_view s) const { return ok_ && text_.substr(pos_, s.size()) == s; }
  bool Next(char c) {  // consumes c when it comes next
    if (ok_ && pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // "key": as canonical JSON writes a member's name (the keys here are plain ASCII).
  void Key(std::string_view key) {
    Literal("\"");
    Literal(key);
    Literal("\":");
  }
  // A string of printable ASCII other than '"' and '\': its canonical JSON is its bytes in quotes.
  std::string_view String() {
    Literal("\"");
    const size_t start = pos_;
    while (ok_ && pos_ < text_.size()) {
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return text_.substr(start, pos_ - 1 - start);
      }
      if (c < 0x20 || c > 0x7E || c == '\\') break;
      ++pos_;
    }
    ok_ = false;
    return {};
  }
  std::string NonEmptyString() {
    const std::string_view s = String();
    if (s.empty()) ok_ = false;
    return std::string(s);
  }
  // A non-negative integer as canonical JSON writes it, at most 2^53 - 1.
  int64_t Int() {
    const size_t start = pos_;
    int64_t value = 0;
    while (ok_ && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && pos_ - start < 16) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    const size_t digits = pos_ - start;
    const bool more = pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9';
    if (digits == 0 || more || (digits > 1 && text_[start] == '0') || value > json::kMaxSafeInteger) ok_ = false;
    return ok_ ? value : 0;
  }
  // The elements of an array, each read by `item`.
  template <typename F>
  void Array(F item) {
    Literal("[");
    if (Next(']')) return;
    do {
      item();
    } while (ok_ && Next(','));
    Literal("]");
  }
  void Fail() { ok_ = false; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// {"public_key":"<64 hex>","signature":"<128 hex>","signer":".."}, lowercase hex as logged.
inline crypto::SignatureEntry ReadSignature(Cursor& c) {
  crypto::SignatureEntry entry;
  c.Literal("{");
  c.Key("public_key");
  const std::string_view key = c.String();
  c.Literal(",");
  c.Key("signature");
  const std::string_view signature = c.String();
  c.Literal(",");
  c.Key("signer");
  entry.signer = c.NonEmptyString();
  c.Literal("}");
  if (!c.ok() || !IsLowerHex(key) || !IsLowerHex(signature)) {
    c.Fail();
    return entry;
  }
  Result<crypto::PublicKey> k = crypto::PublicKey::FromHex(key);
  Result<crypto::Signature> s = crypto::Signature::FromHex(signature);
  if (!k.ok() || !s.ok()) {
    c.Fail();
    return entry;
  }
  entry.public_key = *k;
  entry.signature = *s;
  return entry;
}

// A signed envelope in canonical form, {"format":"ashyq/signed/1","payload":{…},"signatures":[…]}:
// `payload(c)` reads the payload, the cursor standing at its '{'. The payload's digest (the hash
// of its bytes as they stand) and the signatures, non-empty and by distinct signers; nullopt when
// the text is anything else.
struct EnvelopeRead {
  Digest digest;
  std::vector<crypto::SignatureEntry> signatures;
};
template <typename ReadPayload>
std::optional<EnvelopeRead> ReadEnvelope(std::string_view text, ReadPayload payload) {
  Cursor c(text);
  c.Literal("{\"format\":\"");
  c.Literal(crypto::kSignedFormat);
  c.Literal("\",\"payload\":");
  const size_t payload_start = c.pos();
  payload(c);
  const size_t payload_end = c.pos();
  EnvelopeRead out;
  c.Literal(",\"signatures\":");
  c.Array([&] { out.signatures.push_back(ReadSignature(c)); });
  c.Literal("}");
  if (!c.ok() || !c.at_end() || out.signatures.empty()) return std::nullopt;
  for (size_t i = 0; i < out.signatures.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (out.signatures[i].signer == out.signatures[j].signer) return std::nullopt;  // a signer signs once
    }
  }
  out.digest = TaggedHash(tag::kObject, c.Between(payload_start, payload_end));
  return out;
}

}  // namespace ashyq::protocol::internal
