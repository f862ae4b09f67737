// Untrusted group elements and scalars (crypto/group.h): the first byte picks the group, the
// rest is the encoding. Decoding must never crash, and whatever it accepts must be canonical —
// re-encoding gives back the very bytes — and usable.
#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/group.h"
#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/group_ristretto255_decaf.h"
#include "crypto/keys.h"

namespace {

template <typename G>
void Check(std::span<const uint8_t> bytes) {
  using ashyq::crypto::IdentityRule;
  auto allowed = G::Decode(bytes, IdentityRule::kAllow);
  auto refused = G::Decode(bytes, IdentityRule::kReject);
  if (refused.ok() && !allowed.ok()) __builtin_trap();
  if (allowed.ok()) {
    const auto encoded = G::Encode(*allowed);
    if (bytes.size() != encoded.size()) __builtin_trap();
    for (size_t i = 0; i < encoded.size(); ++i) {
      if (encoded[i] != bytes[i]) __builtin_trap();  // two encodings of one element
    }
    if (refused.ok() == G::IsIdentity(*allowed)) __builtin_trap();
    // A decoded element is a group element: e − e is the identity, e + G decodes again.
    if (!G::IsIdentity(G::Subtract(*allowed, *allowed))) __builtin_trap();
    if (!G::Decode(G::Encode(G::Add(*allowed, G::Generator())), IdentityRule::kAllow).ok()) {
      __builtin_trap();
    }
  }
  auto scalar = G::DecodeScalar(bytes);
  if (scalar.ok()) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (scalar->bytes[i] != bytes[i]) __builtin_trap();
    }
    // Canonical: s + 0 is s itself.
    if (!(G::ScalarAdd(*scalar, typename G::Scalar()) == *scalar)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = ashyq::crypto::Initialize().ok();
  if (!ready || size == 0) return 0;
  const std::span<const uint8_t> bytes(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0: Check<ashyq::crypto::Ristretto255>(bytes); break;
    case 1: Check<ashyq::crypto::P256>(bytes); break;
    case 2: Check<ashyq::crypto::ElectionGuard4096>(bytes); break;
    default: {
      // The two ristretto255 implementations must agree on what is an element.
      const bool sodium = ashyq::crypto::Ristretto255::Decode(bytes, ashyq::crypto::IdentityRule::kAllow).ok();
      const bool decaf = ashyq::crypto::Ristretto255Decaf::Decode(bytes, ashyq::crypto::IdentityRule::kAllow).ok();
      if (sodium != decaf) __builtin_trap();
      Check<ashyq::crypto::Ristretto255Decaf>(bytes);
      break;
    }
  }
  return 0;
}
