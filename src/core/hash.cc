#include "core/hash.h"

#include <sodium.h>

#include "core/encoding.h"

namespace ashyq {

namespace {

crypto_hash_sha256_state* State(unsigned char* storage) {
  static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256Stream::state_ is too small");
  static_assert(alignof(crypto_hash_sha256_state) <= 64, "Sha256Stream::state_ is misaligned");
  return reinterpret_cast<crypto_hash_sha256_state*>(storage);
}

const unsigned char* Bytes(std::string_view data) {
  return reinterpret_cast<const unsigned char*>(data.data());
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
  Digest d;
  crypto_hash_sha256(d.bytes.data(), data.data(), data.size());
  return d;
}

Digest Sha256(std::string_view data) {
  Digest d;
  crypto_hash_sha256(d.bytes.data(), Bytes(data), data.size());
  return d;
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

Sha256Stream::Sha256Stream() : state_() { crypto_hash_sha256_init(State(state_)); }

void Sha256Stream::Update(std::string_view data) {
  crypto_hash_sha256_update(State(state_), Bytes(data), data.size());
}

void Sha256Stream::Update(std::span<const uint8_t> data) {
  crypto_hash_sha256_update(State(state_), data.data(), data.size());
}

Digest Sha256Stream::Finish() {
  Digest d;
  crypto_hash_sha256_final(State(state_), d.bytes.data());
  return d;
}

}  // namespace ashyq
