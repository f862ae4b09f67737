// Tracking codes (issue 18 point 5; R-C2, R-C4): each voting device chains the encrypted
// ballots it makes, and the voter takes the code of theirs away on the receipt. With the
// published ballots anyone can check that a device's chain is whole — no ballot dropped,
// moved or slipped in — and a voter can find their code in the record. The code is derived
// from the encrypted ballot only: it says nothing about the vote or the voter (R-C3).
//
// The exact bytes (docs/formats.md "Tracking codes"), with TaggedHash(tag, m) =
// SHA-256(tag ‖ 0x00 ‖ m) (core/hash.h) and u32be a big-endian 32-bit length:
//
//   code_0 = TaggedHash("ashyq/v1/tracking-seed",
//                       u32be(|election id|) ‖ election id ‖ u32be(|device id|) ‖ device id)
//   code_i = TaggedHash("ashyq/v1/tracking-code", code_{i-1} (32 bytes) ‖ ballot hash (32 bytes))
//
// where the ballot hash is BallotHash (evote/encrypted_ballot.h): TaggedHash of the ballot's
// canonical payload without its own "tracking_code" (the payload names code_{i-1} as
// "previous_tracking_code", so each code covers the whole chain before it).
//
// The voter sees a short form: the first 80 bits of the code in Crockford's base32 (no I, L,
// O or U), four groups of four, e.g. "7KQ2-M9XD-3FHT-A0WZ". Finding another ballot with the
// same short form takes about 2^80 work; the verifier matches it against the full codes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/result.h"

namespace ashyq::evote {

// The hash tags of the ballot layer (core/hash.h lists the core ones; these are evote's).
namespace tag {
inline constexpr std::string_view kTrackingSeed = "ashyq/v1/tracking-seed";
inline constexpr std::string_view kTrackingCode = "ashyq/v1/tracking-code";
inline constexpr std::string_view kBallotHash = "ashyq/v1/ballot-hash";
}  // namespace tag

// The message hashed for code_0 (exposed for the known-answer vectors).
std::vector<uint8_t> TrackingSeedInput(std::string_view election_id, std::string_view device_id);
// code_0 of a device in an election.
Digest TrackingSeed(std::string_view election_id, std::string_view device_id);
// code_i from code_{i-1} and the ballot hash of ballot i.
Digest NextTrackingCode(const Digest& previous, const Digest& ballot_hash);

// "XXXX-XXXX-XXXX-XXXX": the receipt's form of a code.
std::string ShortTrackingCode(const Digest& code);
// A short form as a voter may type it — either case, with or without dashes and spaces, O for
// 0 and I or L for 1 — in ShortTrackingCode's form; an error for anything else.
Result<std::string> NormalizeShortTrackingCode(std::string_view text);

// One ballot in a device's chain, as the published ballot states it.
struct TrackingLink {
  std::string where;     // how errors name the ballot, e.g. "ballot 3" or a file name
  Digest previous;       // its "previous_tracking_code"
  Digest ballot_hash;    // BallotHash of its payload
  Digest code;           // its "tracking_code"
};

// Checks a device's ballots in chain order: the first names code_0, each next one names the
// code before it, and every code is NextTrackingCode(previous, ballot hash). The error
// (rule R-C4.tracking-chain) names the first link that breaks, at its `where`, and says how:
// a ballot dropped, moved or inserted breaks the link after the gap.
Status CheckTrackingChain(std::string_view election_id, std::string_view device_id,
                          std::span<const TrackingLink> links);

}  // namespace ashyq::evote
