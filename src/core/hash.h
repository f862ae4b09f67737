// SHA-256 digests with domain separation (OpenSSL 3: it uses the CPU's SHA extensions,
// about 7x libsodium's portable SHA-256 on the machines we measured).
//
// Every hash Ashyq publishes is TaggedHash(tag, bytes) = SHA-256(tag || 0x00 || bytes), so a
// digest computed for one purpose can never be replayed as a digest for another. The tags
// are fixed strings listed here; never invent one inline.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

struct evp_md_ctx_st;  // OpenSSL

namespace ashyq {

namespace tag {
inline constexpr std::string_view kObject = "ashyq/v1/object";             // canonical payload
inline constexpr std::string_view kSignature = "ashyq/v1/signature";       // what Ed25519 signs
inline constexpr std::string_view kBallotLottery = "ashyq/v1/ballot-lottery";
inline constexpr std::string_view kSeatLot = "ashyq/v1/seat-lot";  // ties in seat allocation
inline constexpr std::string_view kSubmittedEnvelope = "ashyq/v1/submitted-envelope";  // payload and signatures
}  // namespace tag

struct Digest {
  static constexpr size_t kSize = 32;
  std::array<uint8_t, kSize> bytes{};

  std::string Hex() const;  // 64 lowercase hex digits
  static Result<Digest> FromHex(std::string_view hex);
  friend bool operator==(const Digest&, const Digest&) = default;
  friend auto operator<=>(const Digest&, const Digest&) = default;
};

Digest Sha256(std::span<const uint8_t> data);
Digest Sha256(std::string_view data);
Digest TaggedHash(std::string_view tag, std::string_view data);
Digest TaggedHash(std::string_view tag, std::span<const uint8_t> data);

// Incremental SHA-256, for streaming large files.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void Update(std::string_view data);
  void Update(std::span<const uint8_t> data);
  Digest Finish();  // the stream must not be used afterwards

 private:
  evp_md_ctx_st* ctx_;  // OpenSSL 3 EVP context
};

}  // namespace ashyq
