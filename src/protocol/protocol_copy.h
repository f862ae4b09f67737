// The reference printed on an observer's copy of a signed precinct protocol (R-D3): which
// station, which version, and the digest of exactly that signed object, so that anyone holding
// the paper can ask the public log whether that protocol is the one published (R-F1). Format:
// docs/formats.md, "Observer copy reference".
//
// Two forms name the same thing:
//
//   QR text     "ASHYQ1:kz2007-majilis:ps-akmola-0175:2:<64 hex digest>"
//               exact, machine-read; carries the election and the whole digest.
//   typed form  "ps-akmola-0175 v2 8547 0A3F 9B2C 1D4E 77F0 K"
//               for when the QR code cannot be scanned: station, version, the first 20 hex
//               digits of the digest (80 bits) in groups of 4, and a check character
//               (ISO/IEC 7064 MOD 37-2) that catches any single mistyped character and any two
//               adjacent characters swapped, so a typo is reported as a typo and never as "not
//               published". Letters may be typed in either case; spaces and hyphens between
//               the digest groups are optional.
//
//   ASHYQ_ASSIGN_OR_RETURN(CopyReference ref, CopyReferenceFor(signed_protocol));
//   std::string qr = ref.ToQrText();
//   Result<CopyReference> back = ParseCopyReference(qr);        // == ref
//   Result<CopyReference> typed = ParseCopyReference(ref.ToTypedText());
//   typed->Matches(signed_protocol.digest());                   // true
//
// Ids in a reference (election and station) are [a-z0-9-], 1 to 128 characters: the
// election-id grammar of the definition, which every generated station id follows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/hash.h"
#include "core/result.h"
#include "crypto/signed_object.h"

namespace ashyq::protocol {

inline constexpr std::string_view kCopyReferencePrefix = "ASHYQ1";  // QR text: "ASHYQ1:..."
inline constexpr size_t kTypedDigestDigits = 20;                    // digest digits typed by hand
inline constexpr size_t kMaxCopyReferenceId = 128;
inline constexpr int64_t kMaxCopyReferenceVersion = 999999999;

struct CopyReference {
  std::string election_id;  // empty when read from the typed form, which does not carry it
  std::string station;      // polling station id
  int64_t version = 0;      // protocol version, >= 1
  // Lowercase hex: the whole digest (64 digits) from the QR text, or its first
  // kTypedDigestDigits digits from the typed form.
  std::string digest;

  bool has_full_digest() const { return digest.size() == 2 * Digest::kSize; }
  // True when `d` is the digest this reference names (whole, or beginning with the prefix).
  bool Matches(const Digest& d) const;

  // "ASHYQ1:<election id>:<station>:<version>:<64 hex>". Requires a well-formed reference
  // with the election id and the whole digest (as CopyReferenceFor makes).
  std::string ToQrText() const;
  // "<station> v<version> XXXX XXXX XXXX XXXX XXXX C": station lowercase, digest digits and
  // check character uppercase. Requires a well-formed reference (any digest of >= 20 digits).
  std::string ToTypedText() const;

  friend bool operator==(const CopyReference&, const CopyReference&) = default;
};

// The reference of a signed precinct protocol: election id, station and version from its
// payload, its digest. kBadInput when the payload is not a precinct protocol carrying these
// fields (where = "/payload/<field>"), or an id is not of the reference grammar above.
Result<CopyReference> CopyReferenceFor(const crypto::SignedObject& signed_protocol);

// Reads either form; surrounding whitespace (a scanner's newline) is ignored. A text with a
// ':' is read as QR text, strictly: prefix, five fields, ids of the grammar above, a version
// 1..999999999 without leading zeros, 64 lowercase hex digits. Anything else is read as the
// typed form. Every problem is kBadInput whose `where` names the part ("prefix",
// "election_id", "station", "version", "digest", "check") and whose message says what was
// expected; a check character that does not match is rule "R-D3.copy-check" ("a character
// was mistyped or two were swapped").
Result<CopyReference> ParseCopyReference(std::string_view text);

// The check character of the typed form: ISO/IEC 7064 MOD 37-2 over
// "<station>-<version>-<first 20 digest digits>" with letters uppercased, '-' taking the
// value 36; the result is one of 0-9, A-Z, '*'. `station` and `digest_prefix` must already
// be of the grammar above.
char TypedCheckCharacter(std::string_view station, int64_t version, std::string_view digest_prefix);

}  // namespace ashyq::protocol
