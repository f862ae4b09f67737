#include "core/hash.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "core/encoding.h"

namespace ashyq {

namespace {

// Fetched once: looking the algorithm up on every call costs more than hashing a protocol.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) std::abort();  // OpenSSL without SHA-256: nothing can be verified
  return md;
}

}  // namespace

std::string Digest::Hex() const { return HexEncode(bytes); }

Result<Digest> Digest::FromHex(std::string_view hex) {
  Digest d;
  Status s = HexDecodeInto(hex, d.bytes);
  if (!s.ok()) return s.error();
  return d;
}

Digest Sha256(std::span<const uint8_t> data) {
  Sha256Stream stream;
  stream.Update(data);
  return stream.Finish();
}

Digest Sha256(std::string_view data) {
  Sha256Stream stream;
  stream.Update(data);
  return stream.Finish();
}

Digest TaggedHash(std::string_view tag, std::string_view data) {
  Sha256Stream stream;
  stream.Update(tag);
  stream.Update(std::string_view("\0", 1));  // the tag never runs into the data
  stream.Update(data);
  return stream.Finish();
}

Digest TaggedHash(std::string_view tag, std::span<const uint8_t> data) {
  return TaggedHash(tag, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex2(ctx_, Sha256Md(), nullptr) != 1) std::abort();
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(ctx_); }

void Sha256Stream::Update(std::string_view data) {
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) std::abort();
}

void Sha256Stream::Update(std::span<const uint8_t> data) {
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) std::abort();
}

Digest Sha256Stream::Finish() {
  Digest d;
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx_, d.bytes.data(), &size) != 1 || size != Digest::kSize) std::abort();
  return d;
}

}  // namespace ashyq
