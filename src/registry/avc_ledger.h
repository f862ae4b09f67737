// Absentee voting certificates (AVCs, R-B3). A voter who will be away on election day takes a
// certificate at home and votes with it at any station. Observers found them neither kept nor
// recorded; here each is:
//   printed  centrally, in ranges of serials for one administrative unit (a region of the
//            definition), at most 1% of the unit's registered voters (more: refused);
//   issued   to one voter of that unit, the serial written on their entry (one each);
//   used     at a station, once nationwide: a second use is refused naming the first's station.
// Reconcile() gives the published figures per unit: printed, issued, used, unused.
//
// Each step is a register event (register_event.h: avc-print, avc-issue, avc-use). Printing
// and issuing happen before the day, one writer at a time; Use may run on any number of
// threads beside lookups (one compare-and-swap per serial, as the one-vote index does).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/election_definition.h"
#include "core/result.h"
#include "registry/register_event.h"
#include "registry/voter_register.h"

namespace ashyq::registry {

struct AvcReconciliation {
  std::string unit;      // region id
  int64_t voters = 0;    // registered in the unit
  int64_t limit = 0;     // 1% of them, rounded down
  int64_t printed = 0;
  int64_t issued = 0;    // of the printed
  int64_t used = 0;      // of the issued
  int64_t unused = 0;    // printed - used: blanks never issued plus issued and never used
};

class AvcLedger {
 public:
  // The units are the definition's regions, with the voters the register holds in each.
  // `reg` and `definition` must outlive the ledger.
  AvcLedger(const VoterRegister& reg, const ElectionDefinition& definition);

  // Serials first .. first + count - 1 printed for `unit`. Refused: an unknown unit, a serial
  // printed before (R-B3.avc-serial), more than 1% of the unit's voters in all (R-B3.avc-limit).
  Status Print(std::string_view unit, int64_t first, int64_t count);
  // The serial written on a voter's entry. Refused (R-B3.avc-serial): a serial not printed, or
  // printed for another unit than the voter's, or issued before; a voter who holds one already.
  Status Issue(int64_t serial, NationalId voter);
  // The certificate handed in at `station` by `voter`. Refused: a serial not printed or never
  // issued (a blank), issued to someone else (R-B3.avc-serial); used before anywhere
  // (R-B3.avc-once, naming the first use's station). Thread-safe.
  Status Use(int64_t serial, NationalId voter, StationIndex station);
  // The event kinds avc-print, avc-issue, avc-use.
  Status Apply(const RegisterEvent& event, const StationMap& map);

  // The serial on a voter's entry, if any.
  std::optional<int64_t> SerialOf(NationalId voter) const;
  // The station where a serial was used, kNoStation if not (yet).
  StationIndex UsedAt(int64_t serial) const;

  std::vector<AvcReconciliation> Reconcile() const;  // every unit, in definition order
  Result<AvcReconciliation> Reconcile(std::string_view unit) const;

 private:
  struct Certificate {
    uint32_t unit = 0;
    NationalId issued_to = 0;               // 0 = not issued; written before the day
    std::atomic<uint32_t> used_at{0};       // station + 1; 0 = not used
  };
  std::optional<uint32_t> UnitOf(std::string_view region) const;

  const VoterRegister* reg_;
  const ElectionDefinition* definition_;
  std::vector<int64_t> voters_, printed_, issued_;  // per unit
  std::unordered_map<int64_t, std::unique_ptr<Certificate>> serials_;
  std::unordered_map<NationalId, int64_t> issued_to_;  // the serial on each holder's entry
};

}  // namespace ashyq::registry
