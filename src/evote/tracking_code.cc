#include "evote/tracking_code.h"

#include <array>

namespace ashyq::evote {
namespace {

constexpr std::string_view kRule = "R-C4.tracking-chain";
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void AppendLengthPrefixed(std::vector<uint8_t>& out, std::string_view text) {
  const auto n = static_cast<uint32_t>(text.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(n >> shift));
  out.insert(out.end(), text.begin(), text.end());
}

}  // namespace

std::vector<uint8_t> TrackingSeedInput(std::string_view election_id, std::string_view device_id) {
  std::vector<uint8_t> out;
  out.reserve(8 + election_id.size() + device_id.size());
  AppendLengthPrefixed(out, election_id);
  AppendLengthPrefixed(out, device_id);
  return out;
}

Digest TrackingSeed(std::string_view election_id, std::string_view device_id) {
  return TaggedHash(tag::kTrackingSeed, TrackingSeedInput(election_id, device_id));
}

Digest NextTrackingCode(const Digest& previous, const Digest& ballot_hash) {
  std::array<uint8_t, 2 * Digest::kSize> message{};
  std::copy(previous.bytes.begin(), previous.bytes.end(), message.begin());
  std::copy(ballot_hash.bytes.begin(), ballot_hash.bytes.end(), message.begin() + Digest::kSize);
  return TaggedHash(tag::kTrackingCode, message);
}

std::string ShortTrackingCode(const Digest& code) {
  // 80 bits = 16 groups of 5, most significant first.
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    const int bit = 5 * i;
    const unsigned hi = code.bytes[static_cast<size_t>(bit / 8)];
    const unsigned lo = code.bytes[static_cast<size_t>(bit / 8 + 1)];
    const unsigned window = (hi << 8) | lo;  // 16 bits holding the 5 we want
    const unsigned value = (window >> (11 - bit % 8)) & 31u;
    out.push_back(kCrockford[value]);
  }
  return out;
}

Result<std::string> NormalizeShortTrackingCode(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (kCrockford.find(c) == std::string_view::npos) {
      return BadInput("", "a tracking code has only the letters and digits printed on the "
                          "receipt (no U)");
    }
    digits.push_back(c);
  }
  if (digits.size() != 16) {
    return BadInput("", "a tracking code has 16 letters and digits, not " +
                            std::to_string(digits.size()));
  }
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(digits[i]);
  }
  return out;
}

Status CheckTrackingChain(std::string_view election_id, std::string_view device_id,
                          std::span<const TrackingLink> links) {
  Digest expected_previous = TrackingSeed(election_id, device_id);
  for (size_t i = 0; i < links.size(); ++i) {
    const TrackingLink& link = links[i];
    if (!(link.previous == expected_previous)) {
      const std::string before =
          i == 0 ? "the device's first code (code_0 of its election and device id)"
                 : "the tracking code of the ballot before it (" + links[i - 1].where + ")";
      return CheckFailed(link.where, std::string(kRule),
                         "its previous tracking code is not " + before +
                             ": a ballot was dropped, moved or inserted here (link " +
                             std::to_string(i) + ")");
    }
    if (!(NextTrackingCode(link.previous, link.ballot_hash) == link.code)) {
      return CheckFailed(link.where, std::string(kRule),
                         "its tracking code is not the hash of the previous code and the "
                         "ballot: the ballot or its code was changed (link " +
                             std::to_string(i) + ")");
    }
    expected_previous = link.code;
  }
  return Status();
}

}  // namespace ashyq::evote
