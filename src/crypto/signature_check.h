// Whose signatures a list of signature entries holds, for readers that keep the entries apart
// from a crypto::SignedObject (the DOM-free readers of protocol/). SignedObject::VerifyAll and
// VerifySignedBy answer through these, so every reader words the same failure the same way.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"

namespace ashyq::crypto {

// Every signature must verify: `verifies(k)` says whether entry k does. kBadSignature naming
// the first that does not, or "no signatures" when there are none.
Status CheckAllSignatures(std::span<const SignatureEntry> signatures, const std::function<bool(size_t)>& verifies);

// As CheckAllSignatures, and `signer` must have signed with exactly `expected` key.
Status CheckSignedBy(std::span<const SignatureEntry> signatures, const std::string& signer,
                     const PublicKey& expected, const std::function<bool(size_t)>& verifies);

}  // namespace ashyq::crypto
