// The voter register (R-B1, R-B2): who may vote, and at which polling station.
//
// Compiled from a civil-register extract (civil_extract.h), each voter assigned to a station by
// address (station_map.h). The full register - national ids, dates of birth, apartments - stays
// with the commission; what leaves it is
//   - each station's list for public inspection: name, year of birth, address, never the
//     national id (PublicListCsv);
//   - the answer to "check my registration" for one person who gives their national id and
//     name: their station, or "not found" - the same answer for an unknown id and for a known id
//     with another name, so the lookup cannot be used to learn whether someone is registered;
//   - the nationwide check-in index (checkin_index.h), which holds keyed hashes, not ids.
// Every change is a signed event (register_event.h). Design: docs/decisions/0019.
//
// Memory: about 40 bytes a voter plus each distinct name and address once (12 million voters:
// docs/performance.md). Not thread-safe for changes; const methods may run concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/result.h"
#include "registry/checkin_index.h"
#include "registry/civil_extract.h"
#include "registry/national_id.h"
#include "registry/station_map.h"

namespace ashyq::registry {

// A person's entry, for adding one voter or reading one back. The views of a Voter read back
// from the register stay valid while the register lives.
struct Voter {
  NationalId national_id = 0;
  std::string_view surname, given_name, patronymic;
  int32_t birth_date = 0;  // YYYYMMDD
  std::string_view region, settlement, street, house, apartment;
  StationIndex station = kNoStation;  // read back: where they vote
  size_t line = 0;                    // read back: line in the extract; 0 when added later
};

struct RegistrationAnswer {
  bool found = false;
  StationIndex station = kNoStation;  // when found
};

class VoterRegister {
 public:
  ~VoterRegister();
  VoterRegister(VoterRegister&&) noexcept;
  VoterRegister& operator=(VoterRegister&&) noexcept;

  // Compiles the register. Every malformed row, every address no station serves
  // (R-B1.station-by-address) and every person found twice (R-B2.one-list: both lines named,
  // neither entered - the civil register must say which is right) goes to `problems`; then the
  // result is the first problem, saying how many there were. A CSV syntax error stops at once.
  static Result<VoterRegister> Import(std::string_view extract_csv, const StationMap& map,
                                      const ExtractOptions& options, ExtractProblems* problems);

  size_t size() const { return entries_.size(); }
  Voter voter(size_t i) const;  // 0 <= i < size(), in national-id order
  std::optional<size_t> Find(NationalId id) const;

  // Registered voters per station (index as in the definition).
  const std::vector<uint32_t>& station_counts() const { return station_counts_; }
  size_t station_count() const { return station_counts_.size(); }

  // "Check my registration": exact names, as on the identity card.
  RegistrationAnswer CheckRegistration(NationalId id, std::string_view surname, std::string_view given_name) const;

  // Changes up to the legal deadline; each is recorded as a signed event by the caller
  // (register_event.h). Add: kAlreadyExists (R-B2.one-list) when the id is registered, a check
  // failure when no station serves the address. Remove: kNotFound when absent.
  Status Add(const Voter& voter, const StationMap& map);
  Status Remove(NationalId id);
  // A move to a special station (hospital, military unit, abroad) or a temporary registration:
  // the voter leaves their list and goes onto `station`'s, so they stay on one list by
  // construction. kNotFound when absent; a check failure (R-B2.one-list) when already there.
  Status Move(NationalId id, StationIndex station);

  // The published lists: for each station, its voters by surname, given name, patronymic, year.
  // Columns: number,surname,given_name,patronymic,birth_year,settlement,street,house,apartment
  // (apartment is part of the address on the paper list the law displays; the national id and
  // the full date of birth are not).
  class PublicLists {
   public:
    size_t size(StationIndex station) const { return offsets_[station + 1] - offsets_[station]; }

   private:
    friend class VoterRegister;
    std::vector<uint32_t> order_;    // entry indices, grouped by station
    std::vector<size_t> offsets_;    // station s: order_[offsets_[s] .. offsets_[s + 1])
  };
  PublicLists MakePublicLists() const;
  std::string PublicListCsv(const PublicLists& lists, StationIndex station) const;

  // The nationwide index of check-ins, keyed by VoterKeyer(national id). kInternal when two
  // voters' keys collide (about 1 in 250,000 elections of 12 million voters; make a new key).
  // `headroom` voters can be added later (election-day additions).
  Result<CheckInIndex> BuildCheckInIndex(const VoterKeyer& keyer, size_t headroom) const;

  // Bytes held (entries, interned text), for the benchmark.
  size_t MemoryBytes() const;

 private:
  struct Entry {
    NationalId national_id;
    int32_t birth_date;
    uint32_t surname, given_name, patronymic;
    uint32_t address;  // region \x1f settlement \x1f street \x1f house
    uint32_t apartment;
    StationIndex station;
    uint32_t line;
  };
  struct Text;  // interned names and addresses (internal/string_pool.h)
  VoterRegister();
  uint32_t InternAddress(const Voter& v, const StationMap& map, std::string* why);

  std::vector<Entry> entries_;  // sorted by national_id, no two alike
  std::unique_ptr<Text> text_;
  std::vector<uint32_t> station_counts_;
};

}  // namespace ashyq::registry
