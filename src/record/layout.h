// The layout of a publication directory (docs/formats.md, "Publication directory"): which file
// holds what, and how its name is made. The commission server's publisher writes by these
// names and the independent verifier reads by them; neither spells a path of its own.
//
//   index.json                          the entry point, replaced on each publication
//   log/tree-head.json                  the latest signed tree head, replaced
//   log/tree-heads/<size>.json          every signed tree head, by tree size
//   log/leaves/<first>-<end>.jsonl      leaves first … end−1, kLogRangeSize per file
//   data/[<folder>/]<stem>-<h>.<ext>    everything else, named by the SHA-256 <h> of its bytes
//   evote/setup.json                    the CEC-signed e-vote setup (evote/evote_setup.h)
//   evote/ballots/<station>.jsonl       a station's device-signed encrypted ballots, chain order
//   evote/challenged/<station>.jsonl    its device-signed challenged ballots, chain order
//   evote/tally/<station>.json          its CEC-signed decrypted e-tally (ashyq/evote-tally/1)
//   evote/tally.json                    the national one, of every cast e-ballot
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::record {

inline constexpr std::string_view kPublicationFormat = "ashyq/publication/1";
inline constexpr std::string_view kElectionFileFormat = "ashyq/published-election/1";
inline constexpr std::string_view kStationFileFormat = "ashyq/published-station/1";
inline constexpr std::string_view kCommissionFileFormat = "ashyq/published-commission/1";
inline constexpr std::string_view kStationMapFormat = "ashyq/published-stations/1";
inline constexpr std::string_view kSearchBucketFormat = "ashyq/published-search/1";

inline constexpr std::string_view kIndexFile = "index.json";
inline constexpr std::string_view kLatestTreeHeadFile = "log/tree-head.json";
inline constexpr std::string_view kTreeHeadsDir = "log/tree-heads";
inline constexpr std::string_view kLeavesDir = "log/leaves";

inline constexpr uint64_t kLogRangeSize = 1024;  // leaves per log/leaves file
inline constexpr int64_t kSearchBucketSize = 10;  // stations per search bucket (~10 KB nationally)

// The e-vote record (docs/formats.md "E-vote record", decision 0018).
inline constexpr std::string_view kEvoteDir = "evote";
inline constexpr std::string_view kEvoteSetupFile = "evote/setup.json";
inline constexpr std::string_view kEvoteBallotsDir = "evote/ballots";
inline constexpr std::string_view kEvoteChallengedDir = "evote/challenged";
inline constexpr std::string_view kEvoteTallyDir = "evote/tally";
inline constexpr std::string_view kEvoteNationalTallyFile = "evote/tally.json";
std::string EvoteBallotsFile(std::string_view station);     // "evote/ballots/<station>.jsonl"
std::string EvoteChallengedFile(std::string_view station);  // "evote/challenged/<station>.jsonl"
std::string EvoteTallyFile(std::string_view station);       // "evote/tally/<station>.json"

// "log/tree-heads/<size>.json", and back (nullopt for any other name, leading zeros included).
std::string TreeHeadFile(uint64_t size);
std::optional<uint64_t> TreeHeadSizeOf(std::string_view path);

// "log/leaves/<first>-<end>.jsonl", and back (false for any other name or first >= end).
std::string LogRangeFile(uint64_t first, uint64_t end);
bool ParseLogRangeFile(std::string_view path, uint64_t* first, uint64_t* end);

// The folders under data/ and the file a content-addressed document gets:
// "data/<folder>/<stem>-<SHA-256 of bytes>.<extension>" ("data/<stem>-…" for kTop).
enum class DataFolder { kTop, kStation, kCommission, kSearch };
std::string ContentFile(DataFolder folder, std::string_view stem, std::string_view bytes,
                        std::string_view extension);
// "data/station/ps-1-<64 hex>.json" -> the 64 hex digits; nullopt when the name does not end in
// "-<64 lowercase hex>.<extension>".
std::optional<std::string> ContentAddressOf(std::string_view path);

// A path an index may name: relative, under "data/", "log/" or "evote/", of [A-Za-z0-9._-] segments, no
// "." or ".." segment, at most 1,024 bytes (a hostile index cannot make a reader leave the
// directory).
bool IsSafePublicationPath(std::string_view path);

// The search bucket of a station number (number / kSearchBucketSize).
int64_t SearchBucketOf(int64_t station_number);

}  // namespace ashyq::record
