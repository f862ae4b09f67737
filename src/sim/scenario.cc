#include "sim/scenario.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/grouped_number.h"
#include "core/json_reader.h"

namespace ashyq::sim {
namespace {

using json::ObjectReader;
using json::PointerAppend;
using json::Value;

bool IsId(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Enum values by their published names (election_definition.h).
template <typename E, typename NameFn>
bool EnumFromName(std::string_view text, std::initializer_list<E> values, NameFn name, E* out) {
  for (E v : values) {
    if (name(v) == text) {
      *out = v;
      return true;
    }
  }
  return false;
}

// Reads the fields of one scenario document, collecting every problem.
class Parser {
 public:
  explicit Parser(std::vector<Error>* errors) : errors_(errors) {}

  void Fail(std::string where, std::string message) {
    errors_->push_back(BadInput(std::move(where), std::move(message)));
  }

  LocalizedName Name(ObjectReader& r, std::string_view key) {
    LocalizedName name;
    const Value* v = r.Object(key);
    if (v == nullptr) return name;
    ObjectReader n(*v, r.PathOf(key), errors_);
    name.en = n.NonEmptyString("en");
    name.kk = n.OptionalString("kk").value_or("");
    name.ru = n.OptionalString("ru").value_or("");
    n.RejectUnknown();
    return name;
  }

  // A name needed in all three languages (a town in station addresses).
  LocalizedName FullName(ObjectReader& r, std::string_view key) {
    LocalizedName name;
    const Value* v = r.Object(key);
    if (v == nullptr) return name;
    ObjectReader n(*v, r.PathOf(key), errors_);
    name.kk = n.NonEmptyString("kk");
    name.ru = n.NonEmptyString("ru");
    name.en = n.NonEmptyString("en");
    n.RejectUnknown();
    return name;
  }

  std::string Id(ObjectReader& r, std::string_view key) {
    std::string id = r.String(key);
    if (r.Any(key) != nullptr && r.Any(key)->is_string() && !IsId(id)) {
      r.Fail(key, "id \"" + id + "\" must be lowercase letters, digits and '-'");
    }
    return id;
  }

  template <typename E>
  E Enum(ObjectReader& r, std::string_view key, std::initializer_list<E> values,
         std::string_view (*name)(E), E fallback) {
    const std::string text = r.String(key);
    E out = fallback;
    if (r.Any(key) == nullptr || !r.Any(key)->is_string()) return out;
    if (!EnumFromName(text, values, name, &out)) {
      std::string allowed;
      for (E v : values) allowed += (allowed.empty() ? "" : ", ") + std::string(name(v));
      r.Fail(key, "unknown value \"" + text + "\"; expected one of " + allowed);
    }
    return out;
  }

  // {"id": bp, ...} as ordered pairs.
  std::vector<std::pair<std::string, int64_t>> IntMap(ObjectReader& r, std::string_view key,
                                                      bool required, int64_t min, int64_t max) {
    std::vector<std::pair<std::string, int64_t>> out;
    const Value* v = required ? r.Object(key) : r.OptionalObject(key);
    if (v == nullptr) return out;
    for (const json::Member& m : v->members()) {
      const std::string at = PointerAppend(r.PathOf(key), m.key);
      if (!m.value.is_int()) {
        Fail(at, std::string("expected integer, found ") + json::KindName(m.value.kind()));
      } else if (m.value.as_int() < min || m.value.as_int() > max) {
        Fail(at, "value " + std::to_string(m.value.as_int()) + " is outside " +
                     std::to_string(min) + ".." + std::to_string(max));
      } else {
        out.emplace_back(m.key, m.value.as_int());
      }
    }
    return out;
  }

  std::vector<std::string> Strings(ObjectReader& r, std::string_view key, bool required) {
    std::vector<std::string> out;
    const Value* v = required ? r.Array(key) : r.OptionalArray(key);
    if (v == nullptr) return out;
    for (size_t i = 0; i < v->items().size(); ++i) {
      const Value& item = v->items()[i];
      if (!item.is_string() || item.as_string().empty()) {
        Fail(PointerAppend(r.PathOf(key), i), "expected a non-empty string");
      } else {
        out.push_back(item.as_string());
      }
    }
    return out;
  }

  void Election(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.Object("election");
    if (v == nullptr) return;
    ObjectReader r(*v, top.PathOf("election"), errors_);
    spec->election_name = Name(r, "name");
    spec->election_day = r.NonEmptyString("election_day");
    spec->tiers = r.Int("tiers", 3, 4);
    r.RejectUnknown();
  }

  void Totals(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.Object("totals");
    if (v == nullptr) return;
    ObjectReader r(*v, top.PathOf("totals"), errors_);
    spec->registered_voters = r.Int("registered_voters", 1, 100'000'000);
    spec->polling_stations = r.Int("polling_stations", 1, 1'000'000);
    spec->territorial_commissions = r.Int("territorial_commissions", 1, 100'000);
    spec->regional_commissions = r.Int("regional_commissions", 0, 10'000);
    r.RejectUnknown();
  }

  void StationSizes(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.Object("station_sizes");
    if (v == nullptr) return;
    ObjectReader r(*v, top.PathOf("station_sizes"), errors_);
    StationSizeSpec& s = spec->station_sizes;
    s.urban_min = r.Int("urban_min", 1, 1'000'000);
    s.urban_max = r.Int("urban_max", 1, 1'000'000);
    s.rural_min = r.Int("rural_min", 1, 1'000'000);
    s.rural_max = r.Int("rural_max", 1, 1'000'000);
    if (s.urban_min > s.urban_max) r.Fail("urban_min", "urban_min is above urban_max");
    if (s.rural_min > s.rural_max) r.Fail("rural_min", "rural_min is above rural_max");
    r.RejectUnknown();
  }

  void Evoting(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.OptionalObject("evoting");
    if (v == nullptr) return;
    ObjectReader r(*v, top.PathOf("evoting"), errors_);
    EvotingSpec& e = spec->evoting;
    e.stations = r.Int("stations", 0, 1'000'000);
    e.voter_share_bp = r.Int("voter_share_bp", 0, 10000);
    e.min_voters = r.Int("min_voters", 1, 1'000'000);
    e.max_voters = r.Int("max_voters", 1, 1'000'000);
    if (e.min_voters > e.max_voters) r.Fail("min_voters", "min_voters is above max_voters");
    e.challenge_every = r.OptionalInt("challenge_every", 0, 1'000'000'000).value_or(e.challenge_every);
    r.RejectUnknown();
  }

  void Composition(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.Object("composition");
    if (v == nullptr) return;
    ObjectReader r(*v, top.PathOf("composition"), errors_);
    CompositionSpec& c = spec->composition;
    if (const Value* f = r.Object("female_share_bp")) {
      ObjectReader fr(*f, r.PathOf("female_share_bp"), errors_);
      for (CommissionTier t : {CommissionTier::kCentral, CommissionTier::kRegional,
                               CommissionTier::kTerritorial, CommissionTier::kPrecinct}) {
        c.female_bp[static_cast<size_t>(t)] = fr.Int(TierName(t), 0, 10000);
      }
      fr.RejectUnknown();
    }
    c.kazakh_name_bp = r.Int("kazakh_name_share_bp", 0, 10000);
    if (const Value* n = r.Object("nominations")) {
      ObjectReader nr(*n, r.PathOf("nominations"), errors_);
      c.party_bp = IntMap(nr, "parties", true, 0, 10000);
      c.public_association_bp = nr.Int("public_association_bp", 0, 10000);
      c.higher_commission_bp = nr.Int("higher_commission_bp", 0, 10000);
      c.public_associations = Strings(nr, "public_associations", true);
      int64_t sum = c.public_association_bp + c.higher_commission_bp;
      for (const auto& [party, bp] : c.party_bp) sum += bp;
      if (sum != 10000) {
        nr.Fail("parties", "nomination shares add up to " + std::to_string(sum) +
                               " bp; they must add up to 10000 (100%)");
      }
      if (c.public_associations.empty() && c.public_association_bp > 0) {
        nr.Fail("public_associations", "needs at least one association when public_association_bp > 0");
      }
      nr.RejectUnknown();
    }
    if (const Value* a = r.Array("cec_nominators")) {
      for (size_t i = 0; i < a->items().size(); ++i) {
        ObjectReader nr(a->items()[i], PointerAppend(r.PathOf("cec_nominators"), i), errors_);
        Nominator n;
        n.kind = Enum(nr, "kind", {NominatorKind::kParty, NominatorKind::kPublicAssociation},
                      &NominatorKindName, NominatorKind::kPublicAssociation);
        n.by = nr.NonEmptyString("by");
        nr.RejectUnknown();
        c.cec_nominators.push_back(std::move(n));
      }
    }
    c.dominant_party = r.String("dominant_party");
    c.other_party_nominee_dominant_bp = r.Int("other_party_nominee_dominant_bp", 0, 10000);
    c.non_party_nominee_dominant_bp = r.Int("non_party_nominee_dominant_bp", 0, 10000);
    c.chair_dominant_bp = r.Int("chair_dominant_bp", 0, 10000);
    r.RejectUnknown();
  }

  void Regions(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.Array("regions");
    if (v == nullptr) return;
    for (size_t i = 0; i < v->items().size(); ++i) {
      ObjectReader r(v->items()[i], PointerAppend(top.PathOf("regions"), i), errors_);
      RegionSpec region;
      region.id = Id(r, "id");
      region.name = Name(r, "name");
      region.registered_voters = r.Int("registered_voters", 1, 100'000'000);
      region.polling_stations = r.Int("polling_stations", 1, 1'000'000);
      region.tecs = r.Int("tecs", 1, 100'000);
      region.urban_stations = r.Int("urban_stations", 0, 1'000'000);
      region.urban_share_bp = r.Int("urban_share_bp", 0, 10000);
      if (const Value* u = r.Array("urban_tecs")) {
        for (size_t k = 0; k < u->items().size(); ++k) {
          ObjectReader ur(u->items()[k], PointerAppend(r.PathOf("urban_tecs"), k), errors_);
          UrbanTecSpec tec;
          tec.name = Name(ur, "name");
          tec.town = FullName(ur, "town");
          tec.weight = ur.Int("weight", 1, 1'000'000);
          ur.RejectUnknown();
          region.urban_tecs.push_back(std::move(tec));
        }
      }
      r.RejectUnknown();
      spec->regions.push_back(std::move(region));
    }
  }

  void Parties(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.Array("parties");
    if (v == nullptr) return;
    for (size_t i = 0; i < v->items().size(); ++i) {
      ObjectReader r(v->items()[i], PointerAppend(top.PathOf("parties"), i), errors_);
      Party p;
      p.id = Id(r, "id");
      p.name = Name(r, "name");
      p.abbreviation = r.NonEmptyString("abbreviation");
      p.registration_order = static_cast<int64_t>(i) + 1;
      r.RejectUnknown();
      spec->parties.push_back(std::move(p));
    }
  }

  BallotOrderSpec BallotOrder(ObjectReader& cr) {
    BallotOrderSpec b;
    const Value* v = cr.Object("ballot_order");
    if (v == nullptr) return b;
    ObjectReader r(*v, cr.PathOf("ballot_order"), errors_);
    b.method = Enum(r, "method", {BallotOrderMethod::kLottery, BallotOrderMethod::kAlphabetical},
                    &BallotOrderMethodName, BallotOrderMethod::kLottery);
    if (b.method == BallotOrderMethod::kLottery) {
      b.seed_label = r.NonEmptyString("seed_label");
    } else {
      b.language = r.String("language");
      if (b.language != "kk" && b.language != "ru" && b.language != "en") {
        r.Fail("language", "expected kk, ru or en; found \"" + b.language + "\"");
      }
    }
    b.historical_order = Strings(r, "historical_order", false);
    r.RejectUnknown();
    return b;
  }

  void Contests(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.Array("contests");
    if (v == nullptr) return;
    for (size_t i = 0; i < v->items().size(); ++i) {
      ObjectReader r(v->items()[i], PointerAppend(top.PathOf("contests"), i), errors_);
      ContestSpec c;
      c.id = Id(r, "id");
      c.kind = Enum(r, "kind", {ContestKind::kPartyList, ContestKind::kPresidential},
                    &ContestKindName, ContestKind::kPartyList);
      c.name = Name(r, "name");
      c.scope = r.OptionalString("scope").value_or("cec");
      if (c.kind == ContestKind::kPartyList) {
        c.seats = r.Int("seats", 1, 10'000);
        c.threshold_bp = r.Int("threshold_bp", 1, 10000);
        c.method = Enum(r, "method",
                        {SeatMethod::kHareLargestRemainder, SeatMethod::kDHondt, SeatMethod::kSainteLague},
                        &SeatMethodName, SeatMethod::kHareLargestRemainder);
        c.tie_break = Enum(r, "tie_break", {TieBreak::kRegistrationOrder, TieBreak::kLot},
                           &TieBreakName, TieBreak::kRegistrationOrder);
        c.runner_up_min_seats = r.Int("runner_up_min_seats", 0, 10'000);
        c.list_order = Enum(r, "list_order", {ListOrder::kPreOrdered, ListOrder::kPostElectionChoice},
                            &ListOrderName, ListOrder::kPreOrdered);
        c.candidate_female_bp = r.Int("candidate_female_bp", 0, 10000);
        if (const Value* lists = r.Array("lists")) {
          for (size_t k = 0; k < lists->items().size(); ++k) {
            ObjectReader lr(lists->items()[k], PointerAppend(r.PathOf("lists"), k), errors_);
            ListSpec l;
            l.party = lr.String("party");
            l.candidates = lr.Int("candidates", 1, 10'000);
            lr.RejectUnknown();
            c.lists.push_back(std::move(l));
          }
        }
      } else {
        c.seats = 1;
        c.majority_bp = r.Int("majority_bp", 1, 9999);
        if (const Value* cands = r.Array("candidates")) {
          for (size_t k = 0; k < cands->items().size(); ++k) {
            ObjectReader pr(cands->items()[k], PointerAppend(r.PathOf("candidates"), k), errors_);
            CandidateSpec cand;
            cand.id = Id(pr, "id");
            cand.name = Name(pr, "name");
            cand.party = pr.OptionalString("party").value_or("");
            cand.nominator = pr.NonEmptyString("nominator");
            pr.RejectUnknown();
            c.candidates.push_back(std::move(cand));
          }
        }
      }
      c.ballot_order = BallotOrder(r);
      r.RejectUnknown();
      spec->contests.push_back(std::move(c));
    }
  }

  void LocalCouncils(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.OptionalObject("local_councils");
    if (v == nullptr) return;
    spec->has_local_councils = true;
    ObjectReader r(*v, top.PathOf("local_councils"), errors_);
    LocalCouncilSpec& l = spec->local_councils;
    l.id_prefix = r.NonEmptyString("id_prefix");
    l.name = Name(r, "name");
    l.seats_min = r.Int("seats_min", 1, 10'000);
    l.seats_max = r.Int("seats_max", 1, 10'000);
    if (l.seats_min > l.seats_max) r.Fail("seats_min", "seats_min is above seats_max");
    l.threshold_bp = r.Int("threshold_bp", 0, 10000);
    l.method = Enum(r, "method",
                    {SeatMethod::kHareLargestRemainder, SeatMethod::kDHondt, SeatMethod::kSainteLague},
                    &SeatMethodName, SeatMethod::kHareLargestRemainder);
    l.tie_break = Enum(r, "tie_break", {TieBreak::kRegistrationOrder, TieBreak::kLot},
                       &TieBreakName, TieBreak::kRegistrationOrder);
    l.parties = Strings(r, "parties", true);
    if (l.parties.empty()) r.Fail("parties", "at least one party must run");
    l.party_presence_bp = r.Int("party_presence_bp", 0, 10000);
    l.candidate_female_bp = r.Int("candidate_female_bp", 0, 10000);
    l.seed_label_prefix = r.NonEmptyString("seed_label_prefix");
    r.RejectUnknown();
  }

  void Results(ObjectReader& top, ScenarioSpec* spec) {
    const Value* v = top.OptionalObject("official_results");
    if (v == nullptr) return;
    spec->has_official_results = true;
    ObjectReader r(*v, top.PathOf("official_results"), errors_);
    OfficialResults& o = spec->official_results;
    o.contest = r.String("contest");
    o.participants = r.OptionalInt("participants", 0, 100'000'000).value_or(0);
    o.election_night_turnout = r.OptionalInt("election_night_turnout", 0, 100'000'000).value_or(0);
    o.valid_votes_total = r.OptionalInt("valid_votes_total", 0, 100'000'000).value_or(0);
    o.turnout_bp = r.OptionalInt("turnout_bp", 0, 10000).value_or(0);
    o.evoting_ballots = r.OptionalInt("evoting_ballots", 0, 100'000'000).value_or(0);
    o.valid_votes = IntMap(r, "valid_votes", false, 0, 100'000'000);
    o.shares_bp = IntMap(r, "shares_bp", false, 0, 10000);
    o.seats = IntMap(r, "seats", false, 0, 10'000);
    o.regional_turnout_bp = IntMap(r, "regional_turnout_bp", false, 0, 10000);
    r.RejectUnknown();
  }

 private:
  std::vector<Error>* errors_;
};

// RFC 6901 lookup; nullptr when the pointer names nothing.
const Value* Resolve(const Value& doc, std::string_view pointer) {
  if (pointer.empty()) return &doc;
  if (pointer.front() != '/') return nullptr;
  const Value* at = &doc;
  size_t pos = 1;
  for (;;) {
    const size_t end = std::min(pointer.find('/', pos), pointer.size());
    std::string token;
    for (size_t i = pos; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        token += pointer[i];
      }
    }
    if (at->is_object()) {
      at = at->Find(token);
    } else if (at->is_array()) {
      if (token.empty() || token.size() > 9 ||
          !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return nullptr;
      }
      const size_t index = std::stoul(token);
      at = index < at->items().size() ? &at->items()[index] : nullptr;
    } else {
      return nullptr;
    }
    if (at == nullptr || end == pointer.size()) return at;
    pos = end + 1;
  }
}

// Cross-field rules: totals add up, ids are known, the stations can be sized within limits.
// Every rule runs and reports in document order, so an author sees all the problems at once.
class CrossFieldRules {
 public:
  CrossFieldRules(const ScenarioSpec& s, std::vector<Error>* errors) : s_(s), errors_(errors) {}

  void Check() {
    PartyIds();
    Tree();
    Composition();
    Contests();
    LocalCouncils();
    OfficialResultIds();
  }

 private:
  // What the regions add up to, held against the scenario's totals.
  struct RegionSums {
    int64_t voters = 0, stations = 0, tecs = 0, urban_stations = 0;
  };

  void Fail(std::string where, std::string message) {
    errors_->push_back(BadInput(std::move(where), std::move(message)));
  }

  void KnownParty(std::string where, const std::string& id) {
    if (!parties_.count(id)) Fail(std::move(where), "unknown party \"" + id + "\"");
  }

  // R-A2 sizes: `voters` must fill `stations` stations of min..max voters each.
  void Fills(std::string where, int64_t voters, const char* voters_word, int64_t stations,
             const char* stations_word, int64_t min, int64_t max) {
    if (voters >= stations * min && voters <= stations * max) return;
    Fail(std::move(where), Grouped(voters) + " " + voters_word + " cannot fill " +
                               std::to_string(stations) + " " + stations_word + " of " + Grouped(min) +
                               ".." + Grouped(max) + " voters");
  }

  void PartyIds() {
    for (size_t i = 0; i < s_.parties.size(); ++i) {
      if (!parties_.insert(s_.parties[i].id).second) {
        Fail("/parties/" + std::to_string(i) + "/id", "party id \"" + s_.parties[i].id + "\" appears twice");
      }
    }
    if (s_.parties.empty()) Fail("/parties", "a scenario needs at least one party");
  }

  // The tree and its totals.
  void Tree() {
    const int64_t expected_recs = s_.tiers == 4 ? static_cast<int64_t>(s_.regions.size()) : 0;
    if (s_.regional_commissions != expected_recs) {
      Fail("/totals/regional_commissions",
           std::to_string(s_.regional_commissions) + " RECs, but a " + std::to_string(s_.tiers) +
               "-tier election with " + std::to_string(s_.regions.size()) + " regions has " +
               std::to_string(expected_recs));
    }
    RegionSums sums;
    for (size_t i = 0; i < s_.regions.size(); ++i) {
      const RegionSpec& r = s_.regions[i];
      const std::string at = "/regions/" + std::to_string(i);
      if (!regions_.insert(r.id).second) Fail(at + "/id", "region id \"" + r.id + "\" appears twice");
      sums.voters += r.registered_voters;
      sums.stations += r.polling_stations;
      sums.tecs += r.tecs;
      sums.urban_stations += r.urban_stations;
      RegionStations(r, at);
    }
    if (s_.regions.empty()) Fail("/regions", "a scenario needs at least one region");
    Total("/totals/registered_voters", sums.voters, "registered voters", s_.registered_voters);
    Total("/totals/polling_stations", sums.stations, "polling stations", s_.polling_stations);
    Total("/totals/territorial_commissions", sums.tecs, "TECs", s_.territorial_commissions);
    StationLimits(sums.urban_stations);
  }

  void Total(const char* where, int64_t held, const char* what, int64_t said) {
    if (held == said) return;
    Fail(where, "the regions hold " + Grouped(held) + " " + what + "; the total says " + Grouped(said));
  }

  // A region's TECs and stations split into urban and rural parts that can each be filled.
  void RegionStations(const RegionSpec& r, const std::string& at) {
    const StationSizeSpec& z = s_.station_sizes;
    const auto urban_tecs = static_cast<int64_t>(r.urban_tecs.size());
    const int64_t rural_tecs = r.tecs - urban_tecs;
    const int64_t urban_voters = r.registered_voters * r.urban_share_bp / 10000;
    const int64_t rural_voters = r.registered_voters - urban_voters;
    const int64_t rural_stations = r.polling_stations - r.urban_stations;
    // A negative part would make every later rule of the region misleading: stop at it.
    if (rural_tecs < 0) {
      Fail(at + "/urban_tecs", std::to_string(urban_tecs) + " urban TECs but only " +
                                   std::to_string(r.tecs) + " TECs in " + r.id);
      return;
    }
    if (rural_stations < 0) {
      Fail(at + "/urban_stations", "more urban stations than stations in " + r.id);
      return;
    }
    // Each TEC has at least one station; urban stations belong to urban TECs.
    if ((urban_tecs > 0) != (r.urban_stations > 0) || r.urban_stations < urban_tecs) {
      Fail(at + "/urban_stations", std::to_string(r.urban_stations) + " urban stations for " +
                                       std::to_string(urban_tecs) + " urban TECs in " + r.id);
    }
    if ((rural_tecs > 0) != (rural_stations > 0) || rural_stations < rural_tecs) {
      Fail(at + "/polling_stations", std::to_string(rural_stations) + " rural stations for " +
                                         std::to_string(rural_tecs) + " rural TECs in " + r.id);
    }
    if ((r.urban_stations > 0) != (urban_voters > 0) || (rural_stations > 0) != (rural_voters > 0)) {
      Fail(at + "/urban_share_bp", "urban share " + std::to_string(r.urban_share_bp) +
                                       " bp does not match the urban/rural stations of " + r.id);
      return;
    }
    if (r.urban_stations > 0) {
      Fills(at + "/urban_stations", urban_voters, "urban voters", r.urban_stations, "stations",
            z.urban_min, z.urban_max);
    }
    if (rural_stations > 0) {
      Fills(at + "/polling_stations", rural_voters, "rural voters", rural_stations, "stations",
            z.rural_min, z.rural_max);
    }
  }

  // R-A2's 3,000 voters per station, and e-voting stations that the urban ones can hold.
  void StationLimits(int64_t urban_stations) {
    const StationSizeSpec& z = s_.station_sizes;
    const EvotingSpec& e = s_.evoting;
    if (z.urban_max > 3000 || z.rural_max > 3000 || e.max_voters > 3000) {
      Fail("/station_sizes", "a polling station serves at most 3,000 voters (R-A2)");
    }
    if (e.stations > urban_stations) {
      Fail("/evoting/stations", std::to_string(e.stations) + " e-voting stations but only " +
                                    std::to_string(urban_stations) + " urban stations");
    }
    if (e.stations > 0) {
      Fills("/evoting/voter_share_bp", s_.registered_voters * e.voter_share_bp / 10000, "voters", e.stations,
            "e-voting stations", e.min_voters, e.max_voters);
    }
  }

  void Composition() {
    const CompositionSpec& c = s_.composition;
    for (const auto& [party, bp] : c.party_bp) {
      KnownParty(PointerAppend("/composition/nominations/parties", party), party);
    }
    KnownParty("/composition/dominant_party", c.dominant_party);
    if (c.cec_nominators.size() != 7) {
      Fail("/composition/cec_nominators",
           std::to_string(c.cec_nominators.size()) + " nominators for the 7 CEC seats (R-A2)");
    }
    for (size_t i = 0; i < c.cec_nominators.size(); ++i) {
      if (c.cec_nominators[i].kind == NominatorKind::kParty) {
        KnownParty("/composition/cec_nominators/" + std::to_string(i) + "/by", c.cec_nominators[i].by);
      }
    }
  }

  void Contests() {
    std::set<std::string> contest_ids;
    for (size_t i = 0; i < s_.contests.size(); ++i) {
      const ContestSpec& k = s_.contests[i];
      const std::string at = "/contests/" + std::to_string(i);
      if (!contest_ids.insert(k.id).second) Fail(at + "/id", "contest id \"" + k.id + "\" appears twice");
      if (k.scope != "cec") Fail(at + "/scope", "national contests have scope \"cec\"");
      std::vector<std::string> choices = ContestChoices(k, at);
      std::sort(choices.begin(), choices.end());
      if (std::adjacent_find(choices.begin(), choices.end()) != choices.end()) {
        Fail(at, "contest " + k.id + " lists a choice twice");
      }
      HistoricalOrder(k, at, choices);
    }
    if (s_.contests.empty()) Fail("/contests", "a scenario needs at least one contest");
  }

  // The ids on the contest's ballot (parties of a list contest, else candidates), their
  // parties known.
  std::vector<std::string> ContestChoices(const ContestSpec& k, const std::string& at) {
    std::vector<std::string> choice_ids;
    if (k.kind == ContestKind::kPartyList) {
      for (size_t j = 0; j < k.lists.size(); ++j) {
        KnownParty(at + "/lists/" + std::to_string(j) + "/party", k.lists[j].party);
        choice_ids.push_back(k.lists[j].party);
      }
    } else {
      for (size_t j = 0; j < k.candidates.size(); ++j) {
        if (!k.candidates[j].party.empty()) {
          KnownParty(at + "/candidates/" + std::to_string(j) + "/party", k.candidates[j].party);
        }
        choice_ids.push_back(k.candidates[j].id);
      }
    }
    if (choice_ids.empty()) Fail(at, "contest " + k.id + " has no choices");
    return choice_ids;
  }

  void HistoricalOrder(const ContestSpec& k, const std::string& at, const std::vector<std::string>& sorted_choices) {
    const std::vector<std::string>& h = k.ballot_order.historical_order;
    if (h.empty()) return;
    std::vector<std::string> hs = h;
    std::sort(hs.begin(), hs.end());
    if (hs != sorted_choices) {
      Fail(at + "/ballot_order/historical_order", "is not a permutation of the contest's choices");
    }
    // The seed search tries ~n! seeds; beyond 9 choices it would not finish.
    if (k.ballot_order.method == BallotOrderMethod::kLottery && h.size() > 9) {
      Fail(at + "/ballot_order/historical_order",
           "a lottery seed reproducing a historical order is searched for; " + std::to_string(h.size()) +
               " choices are too many (at most 9)");
    }
  }

  void LocalCouncils() {
    if (!s_.has_local_councils) return;
    if (s_.tiers != 4) Fail("/local_councils", "local councils are scoped to RECs: 4 tiers needed");
    for (size_t j = 0; j < s_.local_councils.parties.size(); ++j) {
      KnownParty("/local_councils/parties/" + std::to_string(j), s_.local_councils.parties[j]);
    }
  }

  // Official results name real choices and regions.
  void OfficialResultIds() {
    if (!s_.has_official_results) return;
    const OfficialResults& o = s_.official_results;
    const ContestSpec* contest = nullptr;
    for (const ContestSpec& k : s_.contests) {
      if (k.id == o.contest) contest = &k;
    }
    if (contest == nullptr) {
      Fail("/official_results/contest", "unknown contest \"" + o.contest + "\"");
    } else {
      OfficialChoices(o, *contest);
    }
    for (const auto& [id, bp] : o.regional_turnout_bp) {
      if (!regions_.count(id)) {
        Fail(PointerAppend("/official_results/regional_turnout_bp", id), "unknown region \"" + id + "\"");
      }
    }
  }

  void OfficialChoices(const OfficialResults& o, const ContestSpec& contest) {
    std::set<std::string> choices;
    for (const ListSpec& l : contest.lists) choices.insert(l.party);
    for (const CandidateSpec& cand : contest.candidates) choices.insert(cand.id);
    for (const auto& [key, list] : {std::pair{"valid_votes", &o.valid_votes}, std::pair{"shares_bp", &o.shares_bp},
                                    std::pair{"seats", &o.seats}}) {
      for (const auto& [id, n] : *list) {
        if (!choices.count(id)) {
          Fail(PointerAppend(std::string("/official_results/") + key, id), "unknown choice \"" + id + "\"");
        }
      }
    }
    int64_t sum = 0;
    for (const auto& [id, n] : o.valid_votes) sum += n;
    if (!o.valid_votes.empty() && o.valid_votes_total != 0 && sum != o.valid_votes_total) {
      Fail("/official_results/valid_votes_total",
           "the votes add up to " + Grouped(sum) + ", not " + Grouped(o.valid_votes_total));
    }
  }

  const ScenarioSpec& s_;
  std::vector<Error>* errors_;
  std::set<std::string> parties_, regions_;
};

}  // namespace

Result<ScenarioSpec> ParseScenario(const json::Value& doc) {
  std::vector<Error> errors;
  ScenarioSpec spec;
  ObjectReader top(doc, "", &errors);
  if (!top.is_object()) return errors.front();
  const std::string format = top.String("format");
  if (top.Any("format") != nullptr && format != kScenarioFormat) {
    return BadInput("/format", "not a scenario: format is \"" + format + "\", expected \"" +
                                   std::string(kScenarioFormat) + "\"");
  }
  Parser p(&errors);
  spec.id = p.Id(top, "id");
  spec.description = top.NonEmptyString("description");
  p.Election(top, &spec);
  p.Totals(top, &spec);
  p.StationSizes(top, &spec);
  p.Evoting(top, &spec);
  p.Composition(top, &spec);
  p.Regions(top, &spec);
  p.Parties(top, &spec);
  p.Contests(top, &spec);
  p.LocalCouncils(top, &spec);
  p.Results(top, &spec);
  if (const Value* sources = top.Object("sources")) {
    for (const json::Member& m : sources->members()) {
      const std::string at = PointerAppend("/sources", m.key);
      if (!m.value.is_string() || m.value.as_string().empty()) {
        p.Fail(at, "a source is a non-empty string");
      } else if (Resolve(doc, m.key) == nullptr || m.key.rfind("/sources", 0) == 0) {
        p.Fail(at, "the source names a field that does not exist: " + m.key);
      }
    }
  }
  top.RejectUnknown();
  if (errors.empty()) CrossFieldRules(spec, &errors).Check();
  if (!errors.empty()) {
    Error first = errors.front();
    if (errors.size() > 1) {
      first.message += " (and " + std::to_string(errors.size() - 1) + " more problems)";
    }
    return first;
  }
  return spec;
}

std::vector<std::string> ScenarioNames() {
  std::vector<std::string> names;
  for (const auto& [name, text] : EmbeddedScenarioFiles()) names.emplace_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

Result<ScenarioSpec> LoadScenario(std::string_view name) {
  for (const auto& [file_name, text] : EmbeddedScenarioFiles()) {
    if (file_name != name) continue;
    const std::string where = "scenarios/" + std::string(name) + ".json";
    Result<json::Value> doc = json::Parse(text);
    if (!doc.ok()) return doc.error().In(where);
    Result<ScenarioSpec> spec = ParseScenario(*doc);
    if (!spec.ok()) return spec.error().In(where);
    return spec;
  }
  std::string names;
  for (const std::string& n : ScenarioNames()) names += (names.empty() ? "" : ", ") + n;
  return Error{ErrorCode::kNotFound, std::string(name), "",
               "no such scenario; the built-in scenarios are: " + names};
}

}  // namespace ashyq::sim
