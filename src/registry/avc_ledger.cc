#include "registry/avc_ledger.h"

#include <utility>

namespace ashyq::registry {

AvcLedger::AvcLedger(const VoterRegister& reg, const ElectionDefinition& definition)
    : reg_(&reg), definition_(&definition), voters_(definition.regions.size(), 0),
      printed_(definition.regions.size(), 0), issued_(definition.regions.size(), 0) {
  for (StationIndex s = 0; s < definition.polling_stations.size() && s < reg.station_count(); ++s) {
    if (std::optional<uint32_t> u = UnitOf(definition.polling_stations[s].region)) {
      voters_[*u] += reg.station_counts()[s];
    }
  }
}

std::optional<uint32_t> AvcLedger::UnitOf(std::string_view region) const {
  for (size_t u = 0; u < definition_->regions.size(); ++u) {
    if (definition_->regions[u].id == region) return static_cast<uint32_t>(u);
  }
  return std::nullopt;
}

Status AvcLedger::Print(std::string_view unit, int64_t first, int64_t count) {
  const std::optional<uint32_t> u = UnitOf(unit);
  if (!u) return BadInput("unit", "\"" + std::string(unit) + "\" is no region of the definition");
  const std::string where = "AVCs of " + std::string(unit);
  if (first < 1 || count < 1) return BadInput(where, "serials start at 1 and a print run holds at least one");
  const int64_t limit = voters_[*u] / 100;
  if (printed_[*u] + count > limit) {
    return CheckFailed(where, "R-B3.avc-limit",
                       "printing " + std::to_string(count) + " more would make " +
                           std::to_string(printed_[*u] + count) + ", over 1% of the unit's " +
                           std::to_string(voters_[*u]) + " voters (" + std::to_string(limit) + ")");
  }
  for (int64_t s = first; s < first + count; ++s) {
    if (serials_.count(s) != 0) {
      return CheckFailed(where, "R-B3.avc-serial", "serial " + std::to_string(s) + " was printed before");
    }
  }
  for (int64_t s = first; s < first + count; ++s) {
    auto c = std::make_unique<Certificate>();
    c->unit = *u;
    serials_.emplace(s, std::move(c));
  }
  printed_[*u] += count;
  return Status();
}

Status AvcLedger::Issue(int64_t serial, NationalId voter) {
  const std::string where = "AVC " + std::to_string(serial);
  auto it = serials_.find(serial);
  if (it == serials_.end()) return CheckFailed(where, "R-B3.avc-serial", "this serial was never printed");
  Certificate& c = *it->second;
  const std::optional<size_t> i = reg_->Find(voter);
  if (!i) return CheckFailed(where, "R-B3.avc-serial", "the voter is not on the register");
  const std::string& region = definition_->polling_stations[reg_->voter(*i).station].region;
  if (region != definition_->regions[c.unit].id) {
    return CheckFailed(where, "R-B3.avc-serial",
                       "printed for " + definition_->regions[c.unit].id + ", but the voter is registered in " + region);
  }
  if (c.issued_to != 0) return CheckFailed(where, "R-B3.avc-serial", "this certificate was issued before to another voter");
  if (auto held = issued_to_.find(voter); held != issued_to_.end()) {
    return CheckFailed(where, "R-B3.avc-serial",
                       "the voter already holds AVC " + std::to_string(held->second) + ": one certificate a voter");
  }
  c.issued_to = voter;
  issued_to_.emplace(voter, serial);
  ++issued_[c.unit];
  return Status();
}

Status AvcLedger::Use(int64_t serial, NationalId voter, StationIndex station) {
  const std::string where = "AVC " + std::to_string(serial);
  if (station >= definition_->polling_stations.size()) return BadInput(where, "not a polling station of the definition");
  auto it = serials_.find(serial);
  if (it == serials_.end()) return CheckFailed(where, "R-B3.avc-serial", "this serial was never printed: a forged certificate");
  Certificate& c = *it->second;
  if (c.issued_to == 0) return CheckFailed(where, "R-B3.avc-serial", "this certificate was never issued to anyone: a blank");
  if (c.issued_to != voter) return CheckFailed(where, "R-B3.avc-serial", "this certificate was issued to another voter");
  uint32_t expected = 0;
  if (!c.used_at.compare_exchange_strong(expected, station + 1, std::memory_order_acq_rel)) {
    return CheckFailed(where + " at " + definition_->polling_stations[station].id, "R-B3.avc-once",
                       "this certificate was already used at " + definition_->polling_stations[expected - 1].id +
                           ": each serial is usable once nationwide");
  }
  return Status();
}

Status AvcLedger::Apply(const RegisterEvent& e, const StationMap& map) {
  const std::string where = "event " + std::to_string(e.sequence);
  Status s;
  switch (e.kind) {
    case RegisterEventKind::kAvcPrint: s = Print(e.unit, e.first_serial, e.count); break;
    case RegisterEventKind::kAvcIssue: s = Issue(e.serial, e.person.national_id); break;
    case RegisterEventKind::kAvcUse: {
      const StationIndex station = map.FindStation(e.station);
      if (station == kNoStation) return BadInput(where + ":/station", "\"" + e.station + "\" is no station of the definition");
      s = Use(e.serial, e.person.national_id, station);
      break;
    }
    default: return BadInput(where, "not an AVC event");
  }
  if (!s.ok()) return s.error().In(where);
  return Status();
}

std::optional<int64_t> AvcLedger::SerialOf(NationalId voter) const {
  auto it = issued_to_.find(voter);
  if (it == issued_to_.end()) return std::nullopt;
  return it->second;
}

StationIndex AvcLedger::UsedAt(int64_t serial) const {
  auto it = serials_.find(serial);
  if (it == serials_.end()) return kNoStation;
  const uint32_t at = it->second->used_at.load(std::memory_order_acquire);
  return at == 0 ? kNoStation : at - 1;
}

std::vector<AvcReconciliation> AvcLedger::Reconcile() const {
  std::vector<AvcReconciliation> out;
  for (size_t u = 0; u < definition_->regions.size(); ++u) {
    AvcReconciliation r;
    r.unit = definition_->regions[u].id;
    r.voters = voters_[u];
    r.limit = voters_[u] / 100;
    r.printed = printed_[u];
    r.issued = issued_[u];
    out.push_back(std::move(r));
  }
  for (const auto& [serial, c] : serials_) {
    if (c->used_at.load(std::memory_order_acquire) != 0) ++out[c->unit].used;
  }
  for (AvcReconciliation& r : out) r.unused = r.printed - r.used;
  return out;
}

Result<AvcReconciliation> AvcLedger::Reconcile(std::string_view unit) const {
  const std::optional<uint32_t> u = UnitOf(unit);
  if (!u) return BadInput("unit", "\"" + std::string(unit) + "\" is no region of the definition");
  return Reconcile()[*u];
}

}  // namespace ashyq::registry
