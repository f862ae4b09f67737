// The register on election day (R-B2, R-B4, R-B5): additions made at the stations, voters on
// two lists, and the mobile box.
//
//   - Election-day additions: each is an `add` event made at the station (register_event.h,
//     "election_day": true) with a reason and a proof reference; it enters the register and the
//     one-vote index at once. AdditionMonitor counts them per station and hour (the hour of the
//     event's time, never finer near the ballot box) and flags a station whose additions exceed
//     a share of its list or a number (default 10% or over 100), as observers asked after 2007
//     (+32,000 in ten hours) and 2019 (some stations over 100).
//   - Special stations (hospitals, military units, abroad) and temporary registration go through
//     a `move` event (VoterRegister::Move): one list per voter by construction. The lists the
//     heads of such institutions hand in are compared with the register before the election;
//     anyone found on two lists is reported (FindVotersOnTwoLists), and the one-vote index
//     refuses their second check-in on the day whatever the lists say.
//   - Mobile voting: requests are recorded on the voter's entry before the box leaves, with the
//     two PEC members who take it; ballots found in the box may not exceed them (R-D2).
//
// Absentee certificates: avc_ledger.h. Design: docs/decisions/0019, docs/register.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/election_definition.h"
#include "core/result.h"
#include "registry/checkin_index.h"
#include "registry/register_event.h"
#include "registry/voter_register.h"

namespace ashyq::registry {

// A station is flagged when its additions are above `share_of_list` of its list (before the
// day) or above `absolute`, whichever is reached first.
struct AdditionThreshold {
  double share_of_list = 0.10;
  int64_t absolute = 100;
};

// The hour (0-23) of a "YYYY-MM-DDTHH:MM:SSZ" time, or -1.
int HourOf(std::string_view utc_time);

class AdditionMonitor {
 public:
  // `definition` must outlive the monitor; `list_sizes` are the voters per station before the
  // day (VoterRegister::station_counts() when the lists were closed).
  AdditionMonitor(const ElectionDefinition& definition, std::vector<uint32_t> list_sizes,
                  AdditionThreshold threshold = {});

  // Counts one addition. Refused: no reason or no proof (R-B2.addition-proof), an hour outside
  // 0-23, an unknown station.
  Status Record(StationIndex station, int hour, std::string_view reason, std::string_view proof);

  // Additions at `station` in each hour of the day (published as they are).
  const std::array<int64_t, 24>& HourlyCounts(StationIndex station) const { return hourly_[station]; }
  int64_t Added(StationIndex station) const;

  // The stations above the threshold, in definition order; each an error with rule
  // R-B2.additions-rate, `where` the station id and the message the figures.
  std::vector<Error> Flags() const;

 private:
  const ElectionDefinition* definition_;
  std::vector<uint32_t> list_sizes_;
  AdditionThreshold threshold_;
  std::vector<std::array<int64_t, 24>> hourly_;
};

// An election-day addition as a station makes it: `add` must be an add event with
// election_day set, a reason and a proof, and the station it names must be the one the
// person's address gives (R-B2.addition-station: a station adds only its own residents - the
// "residence certificates printed on demand" of 2019). Then the person enters the register and
// the one-vote index (they can be checked in once, anywhere), and the monitor counts them.
// The checks alone, without changing anything: the station the addition is made at.
Result<StationIndex> CheckElectionDayAddition(const RegisterEvent& add, const StationMap& map);
Status ApplyElectionDayAddition(const RegisterEvent& add, const StationMap& map, const VoterKeyer& keyer,
                                VoterRegister* reg, CheckInIndex* index, AdditionMonitor* monitor);

// A person on a list an institution handed in for a special station (a hospital's patients, a
// military unit, an embassy's voters), with its line in that list.
struct SpecialListEntry {
  NationalId national_id = 0;
  StationIndex station = kNoStation;
  size_t line = 0;
};

// Before the election: every person of the special lists who is on the register at another
// station (they were never moved: on two lists), who is on two special lists (or twice on
// one), or who is not registered at all. Each is an error with rule R-B2.one-list naming the
// list line and both stations; an empty result means one list per voter.
std::vector<Error> FindVotersOnTwoLists(const VoterRegister& reg, std::span<const SpecialListEntry> special,
                                        const ElectionDefinition& definition);

// Mobile (homebound) voting at each station (R-B4, R-D2).
class MobileBoxes {
 public:
  // Both must outlive the object.
  MobileBoxes(const VoterRegister& reg, const ElectionDefinition& definition);

  // Records a request (a `mobile-request` event on the voter's entry). Refused: the voter is
  // not on `station`'s list or already asked (R-B4.mobile-request), the box has left
  // (R-B4.mobile-request-late), not two different members, or members not of the station's
  // commission when the definition lists them (R-B4.mobile-escort).
  Status Request(NationalId voter, StationIndex station, std::span<const std::string> members);
  // A kMobileRequest or kMobileDepart event.
  Status Apply(const RegisterEvent& event, const StationMap& map);

  // The box leaves the station: no more requests for it.
  void Depart(StationIndex station) { departed_[station] = true; }
  bool Departed(StationIndex station) const { return departed_[station]; }
  int64_t Requests(StationIndex station) const { return requests_[station]; }

  // R-D2.mobile-ballots: the ballots found in the mobile box do not exceed the requests
  // recorded before it left. The error names the station and both figures.
  Status CheckBallots(StationIndex station, int64_t ballots_found) const;

 private:
  const VoterRegister* reg_;
  const ElectionDefinition* definition_;
  std::vector<int64_t> requests_;
  std::vector<bool> departed_;
  std::unordered_map<NationalId, StationIndex> requested_;
};

}  // namespace ashyq::registry
