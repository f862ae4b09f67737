#include "registry/election_day.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace ashyq::registry {
namespace {

std::string Percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", share * 100.0);
  return text;
}

const Commission* CommissionOf(const ElectionDefinition& d, const PollingStation& station) {
  for (const Commission& c : d.commissions) {
    if (c.id == station.commission) return &c;
  }
  return nullptr;
}

}  // namespace

int HourOf(std::string_view t) {
  if (t.size() < 13 || t[10] != 'T' || t[11] < '0' || t[11] > '9' || t[12] < '0' || t[12] > '9') return -1;
  const int hour = (t[11] - '0') * 10 + (t[12] - '0');
  return hour < 24 ? hour : -1;
}

AdditionMonitor::AdditionMonitor(const ElectionDefinition& definition, std::vector<uint32_t> list_sizes,
                                 AdditionThreshold threshold)
    : definition_(&definition), list_sizes_(std::move(list_sizes)), threshold_(threshold),
      hourly_(definition.polling_stations.size(), std::array<int64_t, 24>{}) {
  list_sizes_.resize(hourly_.size(), 0);
}

Status AdditionMonitor::Record(StationIndex station, int hour, std::string_view reason, std::string_view proof) {
  if (station >= hourly_.size()) return BadInput("station", "not a polling station of the definition");
  const std::string where = definition_->polling_stations[station].id;
  if (reason.empty() || proof.empty()) {
    return CheckFailed(where, "R-B2.addition-proof",
                       std::string("an election-day addition without ") + (reason.empty() ? "a reason" : "a proof reference") +
                           " is refused: each is recorded with both");
  }
  if (hour < 0 || hour > 23) return BadInput(where, "hour " + std::to_string(hour) + " is not 0-23");
  ++hourly_[station][static_cast<size_t>(hour)];
  return Status();
}

int64_t AdditionMonitor::Added(StationIndex station) const {
  int64_t sum = 0;
  for (int64_t n : hourly_[station]) sum += n;
  return sum;
}

std::vector<Error> AdditionMonitor::Flags() const {
  std::vector<Error> flags;
  for (StationIndex s = 0; s < hourly_.size(); ++s) {
    const int64_t added = Added(s);
    const auto listed = static_cast<double>(list_sizes_[s]);
    const bool over_share = static_cast<double>(added) > threshold_.share_of_list * listed;
    const bool over_number = added > threshold_.absolute;
    if (added == 0 || (!over_share && !over_number)) continue;
    std::string message = std::to_string(added) + " voters added on election day to a list of " +
                          std::to_string(list_sizes_[s]);
    if (list_sizes_[s] > 0) message += " (" + Percent(static_cast<double>(added) / listed) + ")";
    message += ", above the threshold of " + Percent(threshold_.share_of_list) + " of the list or " +
               std::to_string(threshold_.absolute) + " voters";
    flags.push_back(CheckFailed(definition_->polling_stations[s].id, "R-B2.additions-rate", std::move(message)));
  }
  return flags;
}

Result<StationIndex> CheckElectionDayAddition(const RegisterEvent& add, const StationMap& map) {
  const std::string where = "event " + std::to_string(add.sequence);
  if (add.kind != RegisterEventKind::kAdd || !add.election_day) {
    return BadInput(where, "not an election-day add event");
  }
  const StationIndex station = map.FindStation(add.station);
  if (station == kNoStation) return BadInput(where + ":/station", "\"" + add.station + "\" is no station of the definition");
  if (add.reason.empty() || add.proof.empty()) {
    return CheckFailed(where, "R-B2.addition-proof",
                       std::string("an election-day addition at ") + add.station + " without " +
                           (add.reason.empty() ? "a reason" : "a proof reference") + " is refused");
  }
  const Voter voter = add.person.AsVoter();
  std::string why;
  const StationIndex home = map.Assign({voter.region, voter.settlement, voter.street, voter.house}, &why);
  if (home == kNoStation) return CheckFailed(where + ":/voter/house", "R-B1.station-by-address", why);
  if (home != station) {
    return CheckFailed(where + ":/station", "R-B2.addition-station",
                       "station " + add.station + " may add only residents of its precinct; this address is " +
                           map.definition().polling_stations[home].id + "'s");
  }
  if (HourOf(add.time) < 0) return BadInput(where + ":/time", "no hour in \"" + add.time + "\"");
  return station;
}

Status ApplyElectionDayAddition(const RegisterEvent& add, const StationMap& map, const VoterKeyer& keyer,
                                VoterRegister* reg, CheckInIndex* index, AdditionMonitor* monitor) {
  ASHYQ_ASSIGN_OR_RETURN(const StationIndex station, CheckElectionDayAddition(add, map));
  const std::string where = "event " + std::to_string(add.sequence);
  const Voter voter = add.person.AsVoter();
  if (Status s = reg->Add(voter, map); !s.ok()) return s.error().In(where);
  if (Status s = index->Register(keyer.KeyOf(voter.national_id), station); !s.ok()) {
    (void)reg->Remove(voter.national_id);  // the register and the index stay alike
    return s.error().In(where);
  }
  return monitor->Record(station, HourOf(add.time), add.reason, add.proof);
}

std::vector<Error> FindVotersOnTwoLists(const VoterRegister& reg, std::span<const SpecialListEntry> special,
                                        const ElectionDefinition& definition) {
  std::vector<Error> problems;
  auto id_of = [&](StationIndex s) { return definition.polling_stations[s].id; };
  std::unordered_map<NationalId, const SpecialListEntry*> seen;
  for (const SpecialListEntry& e : special) {
    const std::string where = "special list of " + id_of(e.station) + ", line " + std::to_string(e.line);
    auto [at, fresh] = seen.emplace(e.national_id, &e);
    if (!fresh) {
      problems.push_back(CheckFailed(where, "R-B2.one-list",
                                     "this person is also on the special list of " + id_of(at->second->station) +
                                         ", line " + std::to_string(at->second->line)));
      continue;
    }
    const std::optional<size_t> i = reg.Find(e.national_id);
    if (!i) {
      problems.push_back(CheckFailed(where, "R-B2.one-list",
                                     "this person is not on the register: a special list adds no one (an add event does)"));
      continue;
    }
    const StationIndex home = reg.voter(*i).station;
    if (home != e.station) {
      problems.push_back(CheckFailed(where, "R-B2.one-list",
                                     "this person is still on the list of " + id_of(home) +
                                         ": on two lists (a move event takes them off the first)"));
    }
  }
  return problems;
}

MobileBoxes::MobileBoxes(const VoterRegister& reg, const ElectionDefinition& definition)
    : reg_(&reg), definition_(&definition), requests_(definition.polling_stations.size(), 0),
      departed_(definition.polling_stations.size(), false) {}

Status MobileBoxes::Request(NationalId voter, StationIndex station, std::span<const std::string> members) {
  if (station >= requests_.size()) return BadInput("station", "not a polling station of the definition");
  const PollingStation& ps = definition_->polling_stations[station];
  const std::string where = "mobile box of " + ps.id;
  if (departed_[station]) {
    return CheckFailed(where, "R-B4.mobile-request-late",
                       "the box has left: a request is recorded before it leaves, never after");
  }
  const std::optional<size_t> i = reg_->Find(voter);
  if (!i || reg_->voter(*i).station != station) {
    return CheckFailed(where, "R-B4.mobile-request", "the voter is not on this station's list");
  }
  if (members.size() != 2 || members[0].empty() || members[1].empty() || members[0] == members[1]) {
    return CheckFailed(where, "R-B4.mobile-escort", "two different PEC members must be named to take the box");
  }
  if (const Commission* c = CommissionOf(*definition_, ps); c != nullptr && !c->members.empty()) {
    for (const std::string& m : members) {
      const bool found = std::any_of(c->members.begin(), c->members.end(),
                                     [&](const CommissionMember& cm) { return cm.id == m; });
      if (!found) return CheckFailed(where, "R-B4.mobile-escort", "\"" + m + "\" is not a member of " + c->id);
    }
  }
  if (auto [at, fresh] = requested_.emplace(voter, station); !fresh) {
    return CheckFailed(where, "R-B4.mobile-request", "this voter's request is already recorded");
  }
  ++requests_[station];
  return Status();
}

Status MobileBoxes::Apply(const RegisterEvent& request, const StationMap& map) {
  const std::string where = "event " + std::to_string(request.sequence);
  if (request.kind != RegisterEventKind::kMobileRequest && request.kind != RegisterEventKind::kMobileDepart) {
    return BadInput(where, "not a mobile-request or mobile-depart event");
  }
  const StationIndex station = map.FindStation(request.station);
  if (station == kNoStation) return BadInput(where + ":/station", "\"" + request.station + "\" is no station of the definition");
  if (request.kind == RegisterEventKind::kMobileDepart) {
    if (departed_[station]) {
      return CheckFailed(where, "R-B4.mobile-request-late", "the mobile box of " + request.station + " has left before");
    }
    Depart(station);
    return Status();
  }
  if (Status s = Request(request.person.national_id, station, request.members); !s.ok()) return s.error().In(where);
  return Status();
}

Status MobileBoxes::CheckBallots(StationIndex station, int64_t ballots_found) const {
  if (station >= requests_.size()) return BadInput("station", "not a polling station of the definition");
  if (ballots_found > requests_[station]) {
    return CheckFailed("mobile box of " + definition_->polling_stations[station].id, "R-D2.mobile-ballots",
                       std::to_string(ballots_found) + " ballots found in the mobile box, but only " +
                           std::to_string(requests_[station]) +
                           " requests were recorded before it left: the protocol cannot be signed");
  }
  return Status();
}

}  // namespace ashyq::registry
