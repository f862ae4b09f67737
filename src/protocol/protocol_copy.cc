#include "protocol/protocol_copy.h"

#include <string>
#include <utility>
#include <vector>

#include "protocol/precinct_protocol.h"

namespace ashyq::protocol {
namespace {

constexpr std::string_view kCheckAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";
constexpr int kModulus = 37;

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Shows a fragment of untrusted text in a message: printable ASCII as is, anything else as
// "\xNN", at most 40 characters.
std::string Shown(std::string_view text) {
  std::string out = "\"";
  size_t n = 0;
  for (char c : text) {
    if (++n > 40) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out + "\"";
}

Error Bad(std::string part, std::string message) {
  return Error{ErrorCode::kBadInput, std::move(part), "", "copy reference: " + std::move(message)};
}

Status CheckId(std::string_view id, const char* part, const char* what) {
  if (id.empty()) return Bad(part, std::string(what) + " is empty");
  if (id.size() > kMaxCopyReferenceId) {
    return Bad(part, std::string(what) + " is longer than " + std::to_string(kMaxCopyReferenceId) + " characters");
  }
  for (char c : id) {
    if (!IsIdChar(c)) {
      return Bad(part, std::string(what) + " " + Shown(id) + " has a character other than a-z, 0-9 and '-'");
    }
  }
  return {};
}

// A version as written: 1..999999999 in decimal, no sign, no leading zero.
Result<int64_t> ReadVersion(std::string_view text) {
  if (text.empty()) return Bad("version", "the version is missing");
  if (text.size() > 9) return Bad("version", "version " + Shown(text) + " is too large");
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Bad("version", "version " + Shown(text) + " is not a whole number");
    v = v * 10 + (c - '0');
  }
  if (text[0] == '0') {
    return Bad("version", v == 0 ? "version 0 does not exist: versions start at 1"
                                 : "version " + Shown(text) + " has a leading zero");
  }
  return v;
}

// Value of a character of the checked string: 0-9, A-Z (either case) 10-35, '-' 36.
int CheckValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char u = Upper(c);
  if (u >= 'A' && u <= 'Z') return u - 'A' + 10;
  return 36;  // '-'
}

}  // namespace

bool CopyReference::Matches(const Digest& d) const {
  if (digest.empty()) return false;
  const std::string hex = d.Hex();
  return hex.size() >= digest.size() && hex.compare(0, digest.size(), digest) == 0;
}

std::string CopyReference::ToQrText() const {
  return std::string(kCopyReferencePrefix) + ":" + election_id + ":" + station + ":" + std::to_string(version) +
         ":" + digest;
}

std::string CopyReference::ToTypedText() const {
  const std::string_view prefix = std::string_view(digest).substr(0, kTypedDigestDigits);
  std::string out = station + " v" + std::to_string(version);
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (i % 4 == 0) out += ' ';
    out += Upper(prefix[i]);
  }
  out += ' ';
  out += TypedCheckCharacter(station, version, prefix);
  return out;
}

char TypedCheckCharacter(std::string_view station, int64_t version, std::string_view digest_prefix) {
  // ISO/IEC 7064 pure system MOD 37-2: p = (p + v) * 2 mod 37 over the data, and the check
  // value c makes p + c = 1 (mod 37). Weights are powers of 2, non-zero and distinct between
  // neighbours modulo the prime 37, so one changed value or two swapped neighbours always
  // change the sum.
  int p = 0;
  auto add = [&p](char c) { p = (p + CheckValue(c)) * 2 % kModulus; };
  for (char c : station) add(c);
  add('-');
  for (char c : std::to_string(version)) add(c);
  add('-');
  for (char c : digest_prefix) add(c);
  return kCheckAlphabet[static_cast<size_t>((kModulus + 1 - p) % kModulus)];
}

Result<CopyReference> CopyReferenceFor(const crypto::SignedObject& signed_protocol) {
  const json::Value& payload = signed_protocol.payload();
  if (signed_protocol.payload_format() != kPrecinctProtocolFormat) {
    return BadInput("/payload/format", "not a precinct protocol (format " + Shown(signed_protocol.payload_format()) +
                                           "): only a signed precinct protocol has an observer copy");
  }
  CopyReference ref;
  for (const auto& [key, target] : {std::pair<const char*, std::string*>{"election_id", &ref.election_id},
                                    std::pair<const char*, std::string*>{"station", &ref.station}}) {
    const json::Value* v = payload.Find(key);
    if (v == nullptr || !v->is_string()) {
      return BadInput(std::string("/payload/") + key, std::string("the protocol has no string ") + key);
    }
    *target = v->as_string();
    Status ok = CheckId(*target, key, key == std::string_view("station") ? "station id" : "election id");
    if (!ok.ok()) {
      Error e = ok.error();
      e.where = std::string("/payload/") + key;
      e.message += ": this id cannot be printed in a copy reference";
      return e;
    }
  }
  const json::Value* version = payload.Find("version");
  if (version == nullptr || !version->is_int() || version->as_int() < 1 ||
      version->as_int() > kMaxCopyReferenceVersion) {
    return BadInput("/payload/version", "the protocol has no version between 1 and " +
                                            std::to_string(kMaxCopyReferenceVersion));
  }
  ref.version = version->as_int();
  ref.digest = signed_protocol.digest().Hex();
  return ref;
}

namespace {

Result<CopyReference> ParseQrText(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ':') {
      fields.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (fields[0] != kCopyReferencePrefix) {
    return Bad("prefix", "QR text must start with \"" + std::string(kCopyReferencePrefix) + ":\", found " +
                             Shown(fields[0]) + ": not an Ashyq protocol copy");
  }
  if (fields.size() != 5) {
    return Bad("prefix", "QR text must have 5 fields separated by ':' (ASHYQ1:election:station:version:digest), found " +
                             std::to_string(fields.size()));
  }
  CopyReference ref;
  ASHYQ_RETURN_IF_ERROR(CheckId(fields[1], "election_id", "election id"));
  ASHYQ_RETURN_IF_ERROR(CheckId(fields[2], "station", "station id"));
  ref.election_id = std::string(fields[1]);
  ref.station = std::string(fields[2]);
  ASHYQ_ASSIGN_OR_RETURN(ref.version, ReadVersion(fields[3]));
  const std::string_view digest = fields[4];
  if (digest.size() != 2 * Digest::kSize) {
    return Bad("digest", "the digest must be 64 hex digits, found " + std::to_string(digest.size()) + " characters");
  }
  for (char c : digest) {
    if (!IsLowerHex(c)) return Bad("digest", "the digest must be lowercase hex digits (0-9, a-f), found " + Shown(digest));
  }
  ref.digest = std::string(digest);
  return ref;
}

// "<station> v<version> <20 hex digits in any grouping> <check>"; letters in either case.
Result<CopyReference> ParseTypedForm(std::string_view text) {
  std::vector<std::string_view> tokens;
  for (size_t i = 0; i < text.size();) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && !IsSpace(text[j])) ++j;
    tokens.push_back(text.substr(i, j - i));
    i = j;
  }
  if (tokens.empty()) return Bad("station", "the text is empty; expected a QR text or \"<station> v<version> <digest digits> <check>\"");
  if (tokens.size() < 3) {
    return Bad("station", "expected \"<station> v<version> <20 digest digits> <check character>\" separated by "
                          "spaces, found " + std::to_string(tokens.size()) + " part(s)");
  }
  CopyReference ref;
  ref.station.reserve(tokens[0].size());
  for (char c : tokens[0]) ref.station += Lower(c);
  ASHYQ_RETURN_IF_ERROR(CheckId(ref.station, "station", "station id"));

  std::string_view version = tokens[1];
  if (version[0] != 'v' && version[0] != 'V') {
    return Bad("version", "the version must follow the station as v<number> (e.g. v1), found " + Shown(version));
  }
  ASHYQ_ASSIGN_OR_RETURN(ref.version, ReadVersion(version.substr(1)));

  // The rest: digest digits then the check character, spaces and hyphens between them optional.
  std::string rest;
  for (size_t t = 2; t < tokens.size(); ++t) {
    for (char c : tokens[t]) {
      if (c == '-') continue;
      rest += Upper(c);
      if (rest.size() > kTypedDigestDigits + 1) {
        return Bad("digest", "too many characters after the version: expected " +
                                 std::to_string(kTypedDigestDigits) + " digest digits and one check character");
      }
    }
  }
  if (rest.size() == kTypedDigestDigits) {
    return Bad("check", "the check character after the " + std::to_string(kTypedDigestDigits) +
                            " digest digits is missing");
  }
  if (rest.size() < kTypedDigestDigits + 1) {
    return Bad("digest", "expected " + std::to_string(kTypedDigestDigits) +
                             " digest digits and one check character after the version, found " +
                             std::to_string(rest.size()) + " character(s): a group is incomplete");
  }
  for (size_t i = 0; i < kTypedDigestDigits; ++i) {
    const char c = Lower(rest[i]);
    if (!IsLowerHex(c)) {
      return Bad("digest", "digest digit " + std::to_string(i + 1) + " is " + Shown(std::string_view(&rest[i], 1)) +
                               "; the digest has only 0-9 and A-F");
    }
    ref.digest += c;
  }
  const char check = rest[kTypedDigestDigits];
  if (kCheckAlphabet.find(check) == std::string_view::npos) {
    return Bad("check", "the check character " + Shown(std::string_view(&check, 1)) + " is not one of 0-9, A-Z, *");
  }
  if (check != TypedCheckCharacter(ref.station, ref.version, ref.digest)) {
    return Error{ErrorCode::kBadInput, "check", "R-D3.copy-check",
                 "copy reference: the check character does not match: a character was mistyped or two were "
                 "swapped; compare every character with the printed copy"};
  }
  return ref;
}

}  // namespace

Result<CopyReference> ParseCopyReference(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && IsSpace(text[b])) ++b;
  while (e > b && IsSpace(text[e - 1])) --e;
  text = text.substr(b, e - b);
  if (text.size() > 1024) return Bad("prefix", "the text is too long for a copy reference");
  if (text.find(':') != std::string_view::npos) return ParseQrText(text);
  return ParseTypedForm(text);
}

}  // namespace ashyq::protocol
