// What the group backends (group_*.cc) share and nobody else needs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ashyq::crypto::internal {

// Aborts if libsodium cannot initialise: an unseeded CSPRNG must never produce a scalar.
void EnsureSodium();

// The errors Decode and DecodeScalar return; `what` names the group, e.g. "P-256".
Error BadElement(std::string_view what, std::string message);   // rule crypto.group-element
Error BadScalar(std::string_view what, std::string message);    // rule crypto.group-scalar
Error WrongSize(std::string_view what, std::string_view kind, size_t want, size_t got);
Error IdentityNotAllowed(std::string_view what);

}  // namespace ashyq::crypto::internal
