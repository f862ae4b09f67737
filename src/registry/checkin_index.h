// One vote per voter, nationwide (R-B5, R-B2): the commission server's index of who has been
// checked in at any polling station. A station asks it when a voter comes in; it answers
// "recorded" or "already checked in" (or "not registered") and nothing else - not where, not
// when. A station that was offline hands over its check-ins when it reconnects; any voter
// checked in twice is then flagged with both stations, for the commissions to act on.
//
// Keyed by VoterKey = SipHash-2-4(index key, national id): the index, the stations' check-in
// messages and the flags hold no national id, and without the index key (the commission's,
// never published, never shared with the ballot side) a key names no one. The register gives
// each station its voters' keys with its (non-public) list, so a station never holds the
// index key. The index knows who voted, never how: src/registry and src/evote never include
// each other (cmake/modules.cmake, tests/walls).
//
// Memory: 16 bytes a slot, 1.4 slots a voter (12 million voters: 269 MB). Check-ins and lookups
// are lock-free and may run on any number of threads; Register is for one thread at a time, and
// may run beside them (an election-day addition).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"
#include "registry/national_id.h"
#include "registry/station_map.h"

namespace ashyq::registry {

using VoterKey = uint64_t;  // never 0

class VoterKeyer {
 public:
  static constexpr size_t kKeySize = 16;
  static VoterKeyer Generate();  // a fresh index key from the OS
  explicit VoterKeyer(const std::array<uint8_t, kKeySize>& key) : key_(key) {}
  ~VoterKeyer();  // wipes the key
  VoterKeyer(const VoterKeyer&) = default;
  VoterKeyer& operator=(const VoterKeyer&) = default;

  VoterKey KeyOf(NationalId id) const;

 private:
  std::array<uint8_t, kKeySize> key_{};
};

enum class CheckInAnswer {
  kRecorded,          // first check-in: the voter may vote
  kAlreadyCheckedIn,  // refused: checked in before (here or elsewhere)
  kNotRegistered,     // no such voter in the register
};

// A voter checked in at two stations (or twice at one), found when an offline station's
// check-ins arrived.
struct DuplicateCheckIn {
  VoterKey voter = 0;
  StationIndex first = kNoStation;   // where the voter was checked in before
  StationIndex second = kNoStation;  // the station whose check-in arrived later
};

struct OfflineMerge {
  size_t recorded = 0;
  std::vector<DuplicateCheckIn> duplicates;
  std::vector<VoterKey> not_registered;
};

class CheckInIndex {
 public:
  // Room for `capacity_voters` voters in all (registered now and added later).
  explicit CheckInIndex(size_t capacity_voters);
  CheckInIndex(CheckInIndex&&) noexcept = default;
  CheckInIndex& operator=(CheckInIndex&&) noexcept = default;

  // Adds a registered voter voting at `home`. kAlreadyExists when the key is there (the same
  // person, or - for different national ids - a key collision); kTooLarge when full.
  Status Register(VoterKey voter, StationIndex home);

  // The station's question when a voter comes in; records the check-in when it is the first.
  CheckInAnswer CheckIn(VoterKey voter, StationIndex station);
  // Only asks: has this voter been checked in? (false for an unknown voter too)
  bool HasCheckedIn(VoterKey voter) const;
  // Where the voter was checked in, kNoStation if not (for the commission's flags, not for
  // stations). `home` likewise.
  StationIndex CheckedInAt(VoterKey voter) const;
  StationIndex HomeOf(VoterKey voter) const;

  // The check-ins `station` recorded while offline, in its order. Each that is not the voter's
  // first is a duplicate (with both stations); unknown voters are listed apart.
  OfflineMerge MergeOffline(StationIndex station, std::span<const VoterKey> voters);

  size_t voters() const { return voters_; }
  size_t checked_in() const { return checked_in_->load(std::memory_order_relaxed); }
  size_t MemoryBytes() const { return capacity_ * sizeof(Slot); }

 private:
  struct Slot {
    std::atomic<uint64_t> key;           // 0 = empty; published last (release)
    uint32_t home;                       // written before the key
    std::atomic<uint32_t> checked_in_at; // station + 1; 0 = not yet
  };
  static_assert(sizeof(Slot) == 16);
  const Slot* Lookup(VoterKey voter) const;
  size_t SlotOf(VoterKey voter) const {
    // Lemire's multiply-shift: a capacity that is no power of two, without a division.
    __extension__ using Wide = unsigned __int128;
    return static_cast<size_t>((static_cast<Wide>(voter) * capacity_) >> 64);
  }

  std::unique_ptr<Slot[]> slots_;
  size_t capacity_ = 0;
  size_t voters_ = 0;
  std::unique_ptr<std::atomic<size_t>> checked_in_;  // a pointer, so that the index can move
};

}  // namespace ashyq::registry
