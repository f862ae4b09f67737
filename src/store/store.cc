#include "store/store.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace ashyq::store {

StoredObject ToStored(const crypto::SignedObject& object, std::string subject, int64_t version) {
  StoredObject stored;
  stored.digest = object.digest();
  stored.kind = object.payload_format();
  stored.subject = std::move(subject);
  stored.version = version;
  stored.envelope = object.ToCanonicalJson();
  return stored;
}

Result<std::map<std::string, std::vector<StoredObject>, std::less<>>> Store::VersionsOf(
    std::string_view kind, std::span<const std::string> subjects) {
  std::map<std::string, std::vector<StoredObject>, std::less<>> out;
  for (const std::string& subject : subjects) {
    if (out.count(subject) != 0) continue;
    ASHYQ_ASSIGN_OR_RETURN(std::vector<StoredObject> versions, Versions(kind, subject));
    if (!versions.empty()) out.emplace(subject, std::move(versions));
  }
  return out;
}

Result<std::vector<std::optional<uint64_t>>> Store::LogIndicesOf(std::span<const Digest> digests) {
  std::vector<std::optional<uint64_t>> out;
  out.reserve(digests.size());
  for (const Digest& digest : digests) {
    ASHYQ_ASSIGN_OR_RETURN(std::optional<uint64_t> index, LogIndexOf(digest));
    out.push_back(index);
  }
  return out;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (IsPostgresUrl(location)) return OpenPostgresStore(location);
  return OpenSqliteStore(location);
}

Result<bool> Store::Put(const StoredObject& object) {
  ASHYQ_ASSIGN_OR_RETURN(size_t stored, PutBatch(std::span<const StoredObject>(&object, 1)));
  return stored == 1;
}

namespace {

// The code points of `text` if it is UTF-8 (shortest forms, no surrogates, at most U+10FFFF).
std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 1;
    char32_t c = lead;
    char32_t smallest = 0;
    if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4, c = lead & 0x07u, smallest = 0x10000;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3, c = lead & 0x0Fu, smallest = 0x800;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2, c = lead & 0x1Fu, smallest = 0x80;
    } else if (lead >= 0x80) {
      return std::nullopt;
    }
    if (text.size() - i < length) return std::nullopt;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return std::nullopt;
      c = (c << 6) | (next & 0x3Fu);
    }
    if (c < smallest || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
    out.push_back(c);
    i += length;
  }
  return out;
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

constexpr std::string_view kIntegrityRule = "R-E2.append-only";

// The first problem found in one stored object, or ok.
Status CheckObject(const StoredObject& object) {
  json::ParseOptions options;
  options.max_bytes = object.envelope.size() + 1;  // what was accepted once is never too large
  Result<json::Value> envelope = json::Parse(object.envelope, options);
  if (!envelope.ok()) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "stored envelope is not valid JSON: " + envelope.error().ToString());
  }
  Result<crypto::SignedObject> signed_object = crypto::SignedObject::FromJson(*envelope);
  if (!signed_object.ok()) {
    return CheckFailed(
        "", std::string(kIntegrityRule),
        "stored envelope is not a signed object: " + signed_object.error().ToString());
  }
  if (signed_object->digest() != object.digest) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "stored payload hashes to " + signed_object->digest().Hex() +
                           ", not to the digest it is stored under");
  }
  if (signed_object->payload_format() != object.kind) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "payload format is \"" + signed_object->payload_format() +
                           "\" but the object is stored as kind \"" + object.kind + "\"");
  }
  if (signed_object->ToCanonicalJson() != object.envelope) {
    return CheckFailed("", std::string(kIntegrityRule),
                       "stored envelope is not in canonical (RFC 8785) form");
  }
  return Status();
}

}  // namespace

Result<int64_t> VerifyStoreIntegrity(Store& store) {
  int64_t checked = 0;
  std::vector<Error> problems;
  Status status = store.ForEach([&](const StoredObject& object) -> Status {
    ++checked;
    Status object_status = CheckObject(object);
    if (!object_status.ok()) {
      problems.push_back(object_status.error().In(
          store.location() + ": object " + object.digest.Hex() + " (" + object.kind + " version " +
          std::to_string(object.version) + " of " + object.subject + ")"));
    }
    return Status();
  });
  if (!status.ok()) return status.error();
  if (!problems.empty()) {
    Error first = std::move(problems.front());
    if (problems.size() > 1) {
      first.message += " (and " + std::to_string(problems.size() - 1) + " more bad object" +
                       (problems.size() > 2 ? "s" : "") + ")";
    }
    return first;
  }
  return checked;
}

// UTF-8's byte order is its code points' order, so the strings that begin with a prefix are
// those from the prefix up to (not including) the prefix with its last code point raised by
// one. Raised by code point, not by byte, so that the bound is UTF-8 too (PostgreSQL refuses
// text that is not).
Result<std::vector<StoredObject>> Store::LatestWithPrefix(std::string_view kind,
                                                          std::string_view subject_prefix) {
  if (subject_prefix.empty()) return Latest(kind);
  std::optional<std::vector<char32_t>> points = DecodeUtf8(subject_prefix);
  if (!points) {
    return BadInput(location(), "a subject prefix that is not UTF-8: no subject begins with it");
  }
  while (!points->empty() && points->back() == 0x10FFFF) points->pop_back();
  if (points->empty()) {
    // Only U+10FFFF: no UTF-8 string lies above the range. Rare enough to filter.
    ASHYQ_ASSIGN_OR_RETURN(std::vector<StoredObject> all, Latest(kind));
    std::vector<StoredObject> mine;
    for (StoredObject& o : all) {
      if (o.subject.starts_with(subject_prefix)) mine.push_back(std::move(o));
    }
    return mine;
  }
  char32_t& last = points->back();
  last = last == 0xD7FF ? 0xE000 : last + 1;
  std::string end;
  for (char32_t c : *points) AppendUtf8(c, end);
  return LatestInRange(kind, subject_prefix, end);
}

}  // namespace ashyq::store
