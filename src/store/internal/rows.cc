#include "store/internal/rows.h"

#include "core/hash.h"

namespace ashyq::store::internal {

std::string Describe(const StoredObject& object) {
  return object.kind + " version " + std::to_string(object.version) + " of " + object.subject;
}

Status ValidateRow(const std::string& location, const StoredObject& object, size_t index,
                   size_t count) {
  auto bad = [&](const std::string& what) -> Error {
    std::string which = count == 1 ? std::string("object ")
                                   : "object " + std::to_string(index + 1) + " of " +
                                         std::to_string(count) + " in the batch ";
    return BadInput(location, which + object.digest.Hex() + ": " + what + "; nothing was stored");
  };
  if (object.kind.empty()) return bad("kind is empty");
  if (object.subject.empty()) return bad("subject is empty");
  if (object.version < 1) {
    return bad("version must be at least 1, got " + std::to_string(object.version));
  }
  if (object.envelope.empty()) return bad("envelope is empty");
  return Status();
}

Error DigestConflict(const std::string& location, const StoredObject& stored,
                     const StoredObject& offered) {
  return Error{ErrorCode::kAlreadyExists, location + ": object " + offered.digest.Hex(),
               std::string(kVersionRule),
               "already stored as " + Describe(stored) + " with different content; offered as " +
                   Describe(offered)};
}

Error VersionConflict(const std::string& location, const StoredObject& stored,
                      const StoredObject& offered) {
  return Error{ErrorCode::kAlreadyExists, location, std::string(kVersionRule),
               "conflicting version " + std::to_string(offered.version) + " of " +
                   offered.subject + " (" + offered.kind + "): " + stored.digest.Hex() +
                   " is stored, " + offered.digest.Hex() +
                   " was offered; a fork is never stored silently"};
}

Error TreeHeadFork(const std::string& where, uint64_t size, std::string_view stored,
                   std::string_view offered) {
  return Error{ErrorCode::kAlreadyExists, where, std::string(kForkRule),
               "a different tree head for size " + std::to_string(size) +
                   " is already stored (envelope sha256 " + Sha256(stored).Hex().substr(0, 16) +
                   "..., offered " + Sha256(offered).Hex().substr(0, 16) +
                   "...); two heads for one size are a fork and the first is kept"};
}

}  // namespace ashyq::store::internal
