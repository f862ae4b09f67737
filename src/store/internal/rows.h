// What every Store backend checks and says the same way: the rule ids of its refusals, the
// row-level checks of PutBatch, and how an object is named in messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace ashyq::store::internal {

inline constexpr std::string_view kIntegrityRule = "R-E2.append-only";
inline constexpr std::string_view kVersionRule = "R-E1.versions";
inline constexpr std::string_view kForkRule = "R-E2.fork";

// "<kind> version <n> of <subject>".
std::string Describe(const StoredObject& object);

// kBadInput naming object `index` of a batch of `count` (at `location`) if it cannot be a row:
// an empty kind, subject or envelope, or a version below 1.
Status ValidateRow(const std::string& location, const StoredObject& object, size_t index,
                   size_t count);

// The refusal of `offered` when `stored` holds the same digest with other content.
Error DigestConflict(const std::string& location, const StoredObject& stored,
                     const StoredObject& offered);

// The refusal of `offered` when `stored` is another object of the same (kind, subject, version).
Error VersionConflict(const std::string& location, const StoredObject& stored,
                      const StoredObject& offered);

// The refusal of a second, different tree head for one size.
Error TreeHeadFork(const std::string& where, uint64_t size, std::string_view stored,
                   std::string_view offered);

}  // namespace ashyq::store::internal
