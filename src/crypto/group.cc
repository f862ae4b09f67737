#include "crypto/group.h"

#include <sodium.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "crypto/internal/group_support.h"
#include "crypto/keys.h"

namespace ashyq::crypto {

std::string_view GroupName(GroupId id) {
  switch (id) {
    case GroupId::kRistretto255: return "ristretto255";
    case GroupId::kP256: return "p256";
    case GroupId::kElectionGuard4096: return "eg4096";
  }
  return "?";
}

Result<GroupId> ParseGroupName(std::string_view name) {
  for (GroupId id : {GroupId::kRistretto255, GroupId::kP256, GroupId::kElectionGuard4096}) {
    if (GroupName(id) == name) return id;
  }
  return Error{ErrorCode::kBadInput, "", "crypto.group",
               "unknown group \"" + std::string(name) +
                   "\" (known: ristretto255, p256, eg4096)"};
}

void WipeBytes(void* data, size_t size) { sodium_memzero(data, size); }

void RandomBytes(std::span<uint8_t> out) {
  internal::EnsureSodium();
  randombytes_buf(out.data(), out.size());
}

bool EqualBytesConstantTime(const uint8_t* a, const uint8_t* b, size_t size) {
  return sodium_memcmp(a, b, size) == 0;
}

bool LessThanBigEndian(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  assert(a.size() == b.size());
  // a < b exactly when a − b borrows: subtract byte by byte from the least significant end,
  // with no branch on the data.
  uint32_t borrow = 0;
  for (size_t i = a.size(); i-- > 0;) {
    const uint32_t difference = uint32_t{a[i]} - uint32_t{b[i]} - borrow;
    borrow = (difference >> 31) & 1;
  }
  return borrow == 1;
}

std::vector<uint8_t> HashToScalarInput(std::string_view group, std::string_view domain,
                                       std::span<const uint8_t> message) {
  // Lengths come first so that ("ab", "c") and ("a", "bc") are different inputs; a domain is a
  // constant of the code, so a wrong one is a programming error.
  assert(!domain.empty() && domain.size() <= 255 && !group.empty() && group.size() <= 255);
  static constexpr std::string_view kPrefix = "ashyq/hash-to-scalar/v1";
  std::vector<uint8_t> input(kPrefix.size() + 3 + group.size() + domain.size() + message.size());
  size_t at = 0;
  auto put = [&input, &at](const void* data, size_t size) {
    if (size > 0) std::memcpy(input.data() + at, data, size);
    at += size;
  };
  const uint8_t zero = 0;
  const auto group_size = static_cast<uint8_t>(group.size());
  const auto domain_size = static_cast<uint8_t>(domain.size());
  put(kPrefix.data(), kPrefix.size());
  put(&zero, 1);
  put(&group_size, 1);
  put(group.data(), group.size());
  put(&domain_size, 1);
  put(domain.data(), domain.size());
  put(message.data(), message.size());
  return input;
}

std::array<uint8_t, 64> HashToScalarWide(std::string_view group, std::string_view domain,
                                         std::span<const uint8_t> message) {
  assert(!domain.empty() && domain.size() <= 255 && !group.empty() && group.size() <= 255);
  // The same bytes as HashToScalarInput, streamed: a Fiat–Shamir statement can be large.
  static constexpr std::string_view kPrefix = "ashyq/hash-to-scalar/v1";
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  auto feed = [&state](const void* data, size_t size) {
    crypto_hash_sha512_update(&state, static_cast<const unsigned char*>(data), size);
  };
  const uint8_t zero = 0;
  const auto group_size = static_cast<uint8_t>(group.size());
  const auto domain_size = static_cast<uint8_t>(domain.size());
  feed(kPrefix.data(), kPrefix.size());
  feed(&zero, 1);
  feed(&group_size, 1);
  feed(group.data(), group.size());
  feed(&domain_size, 1);
  feed(domain.data(), domain.size());
  feed(message.data(), message.size());
  std::array<uint8_t, 64> wide{};
  crypto_hash_sha512_final(&state, wide.data());
  return wide;
}

}  // namespace ashyq::crypto

namespace ashyq::crypto::internal {

void EnsureSodium() {
  if (!Initialize().ok()) {
    std::fputs("ashyq: libsodium failed to initialise\n", stderr);
    std::abort();
  }
}

Error BadElement(std::string_view what, std::string message) {
  return Error{ErrorCode::kBadInput, "", "crypto.group-element",
               std::string(what) + " element: " + message};
}

Error BadScalar(std::string_view what, std::string message) {
  return Error{ErrorCode::kBadInput, "", "crypto.group-scalar",
               std::string(what) + " scalar: " + message};
}

Error WrongSize(std::string_view what, std::string_view kind, size_t want, size_t got) {
  std::string message = "must be " + std::to_string(want) + " bytes, got " + std::to_string(got);
  return kind == "scalar" ? BadScalar(what, std::move(message)) : BadElement(what, std::move(message));
}

Error IdentityNotAllowed(std::string_view what) {
  return BadElement(what, "the identity element is not allowed here");
}

}  // namespace ashyq::crypto::internal
