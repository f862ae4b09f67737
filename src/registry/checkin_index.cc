#include "registry/checkin_index.h"

#include <sodium.h>

#include <cstring>

namespace ashyq::registry {

VoterKeyer VoterKeyer::Generate() {
  std::array<uint8_t, kKeySize> key;
  randombytes_buf(key.data(), key.size());
  VoterKeyer keyer(key);
  sodium_memzero(key.data(), key.size());
  return keyer;
}

VoterKeyer::~VoterKeyer() { sodium_memzero(key_.data(), key_.size()); }

VoterKey VoterKeyer::KeyOf(NationalId id) const {
  static_assert(crypto_shorthash_KEYBYTES == kKeySize && crypto_shorthash_BYTES == 8);
  uint8_t in[8];
  for (int i = 0; i < 8; ++i) in[i] = static_cast<uint8_t>(id >> (8 * i));  // little-endian, fixed
  uint8_t out[8];
  crypto_shorthash(out, in, sizeof in, key_.data());
  VoterKey key = 0;
  for (int i = 7; i >= 0; --i) key = key << 8 | out[i];
  return key == 0 ? 1 : key;  // 0 marks an empty slot; the merge with 1 is one more collision
}

CheckInIndex::CheckInIndex(size_t capacity_voters)
    : capacity_(std::max<size_t>(16, capacity_voters + capacity_voters * 2 / 5)),
      checked_in_(std::make_unique<std::atomic<size_t>>(0)) {
  // Zeroed slots are empty: an atomic of all-zero bytes is the value 0.
  slots_ = std::make_unique<Slot[]>(capacity_);
}

Status CheckInIndex::Register(VoterKey voter, StationIndex home) {
  if (voter == 0) return BadInput("voter", "a voter key is never 0");
  if (voters_ + 1 > capacity_ * 9 / 10) {
    return Error{ErrorCode::kTooLarge, "check-in index", "",
                 "the index is full (" + std::to_string(voters_) + " voters); build it with more headroom"};
  }
  for (size_t i = SlotOf(voter);; i = i + 1 == capacity_ ? 0 : i + 1) {
    Slot& slot = slots_[i];
    const uint64_t k = slot.key.load(std::memory_order_acquire);
    if (k == voter) return Error{ErrorCode::kAlreadyExists, "check-in index", "R-B2.one-list", "this voter is in the index"};
    if (k == 0) {
      slot.home = home;
      slot.key.store(voter, std::memory_order_release);
      ++voters_;
      return Status();
    }
  }
}

const CheckInIndex::Slot* CheckInIndex::Lookup(VoterKey voter) const {
  for (size_t i = SlotOf(voter);; i = i + 1 == capacity_ ? 0 : i + 1) {
    const Slot& slot = slots_[i];
    const uint64_t k = slot.key.load(std::memory_order_acquire);
    if (k == voter) return &slot;
    if (k == 0) return nullptr;
  }
}

CheckInAnswer CheckInIndex::CheckIn(VoterKey voter, StationIndex station) {
  const Slot* found = Lookup(voter);
  if (found == nullptr) return CheckInAnswer::kNotRegistered;
  Slot& slot = const_cast<Slot&>(*found);
  uint32_t expected = 0;
  if (!slot.checked_in_at.compare_exchange_strong(expected, station + 1, std::memory_order_acq_rel)) {
    return CheckInAnswer::kAlreadyCheckedIn;
  }
  checked_in_->fetch_add(1, std::memory_order_relaxed);
  return CheckInAnswer::kRecorded;
}

bool CheckInIndex::HasCheckedIn(VoterKey voter) const {
  const Slot* slot = Lookup(voter);
  return slot != nullptr && slot->checked_in_at.load(std::memory_order_acquire) != 0;
}

StationIndex CheckInIndex::CheckedInAt(VoterKey voter) const {
  const Slot* slot = Lookup(voter);
  if (slot == nullptr) return kNoStation;
  const uint32_t at = slot->checked_in_at.load(std::memory_order_acquire);
  return at == 0 ? kNoStation : at - 1;
}

StationIndex CheckInIndex::HomeOf(VoterKey voter) const {
  const Slot* slot = Lookup(voter);
  return slot == nullptr ? kNoStation : slot->home;
}

OfflineMerge CheckInIndex::MergeOffline(StationIndex station, std::span<const VoterKey> voters) {
  OfflineMerge merge;
  for (VoterKey voter : voters) {
    const Slot* found = Lookup(voter);
    if (found == nullptr) {
      merge.not_registered.push_back(voter);
      continue;
    }
    Slot& slot = const_cast<Slot&>(*found);
    uint32_t expected = 0;
    if (slot.checked_in_at.compare_exchange_strong(expected, station + 1, std::memory_order_acq_rel)) {
      checked_in_->fetch_add(1, std::memory_order_relaxed);
      ++merge.recorded;
    } else {
      merge.duplicates.push_back({voter, expected - 1, station});
    }
  }
  return merge;
}

}  // namespace ashyq::registry
