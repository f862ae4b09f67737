#include "sim/definition_generator.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <thread>
#include <utility>

#include "core/grouped_number.h"
#include "core/ballot_order.h"
#include "core/hash.h"
#include "sim/name_lists.h"
#include "sim/random.h"

namespace ashyq::sim {
namespace {

std::string Padded(int64_t n, int width) {
  std::string s = std::to_string(n);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return s;
}

template <typename T>
const T& Pick(Random* rng, std::span<const T> items) {
  return items[static_cast<size_t>(rng->Below(items.size()))];
}

// Replaces every `from` in `text` by `to`.
std::string Fill(std::string_view text, char from, std::string_view to) {
  std::string out;
  for (char c : text) {
    if (c == from) {
      out.append(to);
    } else {
      out += c;
    }
  }
  return out;
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// A Kazakh place name as Russian writes it when it has no Russian name of its own: the letters
// Russian lacks replaced by the nearest it has ("Зеренді" -> "Зеренди").
std::string RussianSpelling(std::string_view kazakh) {
  static constexpr std::pair<std::string_view, std::string_view> kLetters[] = {
      {"ә", "а"}, {"Ә", "А"}, {"ғ", "г"}, {"Ғ", "Г"}, {"қ", "к"}, {"Қ", "К"}, {"ң", "н"},
      {"Ң", "Н"}, {"ө", "о"}, {"Ө", "О"}, {"ұ", "у"}, {"Ұ", "У"}, {"ү", "у"}, {"Ү", "У"},
      {"һ", "х"}, {"Һ", "Х"}, {"і", "и"}, {"І", "И"}};
  std::string out(kazakh);
  for (const auto& [from, to] : kLetters) out = ReplaceAll(std::move(out), from, to);
  return out;
}

LocalizedName InAllThree(const names::Words& w) {
  return {std::string(w.kk), std::string(w.ru), std::string(w.en)};
}

// "%" in each language of a venue replaced by its number.
LocalizedName Numbered(const names::Words& venue, const std::string& number) {
  return {Fill(venue.kk, '%', number), Fill(venue.ru, '%', number), Fill(venue.en, '%', number)};
}

// "Surname First Patronymic", as on Kazakhstan's protocols and voter lists.
std::string PersonName(Random* rng, bool female, bool kazakh) {
  const auto first = kazakh ? (female ? names::KazakhFemaleFirst() : names::KazakhMaleFirst())
                            : (female ? names::RussianFemaleFirst() : names::RussianMaleFirst());
  const names::Gendered& surname = Pick(rng, kazakh ? names::KazakhSurnames() : names::RussianSurnames());
  const names::Gendered& patronymic =
      Pick(rng, kazakh ? names::KazakhPatronymics() : names::RussianPatronymics());
  std::string out(female ? surname.female : surname.male);
  out.append(" ").append(Pick(rng, first)).append(" ");
  out.append(female ? patronymic.female : patronymic.male);
  return out;
}

// One region's shape, fixed before any station is drawn.
struct RegionPlan {
  int64_t urban_voters = 0, rural_voters = 0;
  int64_t urban_stations = 0, rural_stations = 0;
  int64_t evoting_stations = 0, evoting_voters = 0;
};

// Where a commission sits, for names, addresses and employers.
struct Place {
  std::string town;       // "@" in employer templates
  bool urban = true;
};

struct MemberDraft {
  Nomination nomination;
  std::string affiliation;
  std::string name;
  std::string employer;
};

class Generator {
 public:
  Generator(const ScenarioSpec& spec, uint64_t seed) : spec_(spec), seed_(seed) {}

  Result<ElectionDefinition> Run() {
    def_.election_id = spec_.id;
    def_.name = spec_.election_name;
    def_.election_day = spec_.election_day;
    def_.tiers = spec_.tiers;
    for (const RegionSpec& r : spec_.regions) def_.regions.push_back(Region{r.id, r.name});
    def_.parties = spec_.parties;

    ASHYQ_RETURN_IF_ERROR(Plan());
    def_.commissions.push_back(Cec());
    for (size_t r = 0; r < spec_.regions.size(); ++r) ASHYQ_RETURN_IF_ERROR(BuildRegion(r));
    for (auto* tier : {&recs_, &tecs_, &pecs_}) {
      for (Commission& c : *tier) def_.commissions.push_back(std::move(c));
    }
    for (const ContestSpec& c : spec_.contests) {
      ASHYQ_ASSIGN_OR_RETURN(Contest contest, NationalContest(c));
      def_.contests.push_back(std::move(contest));
    }
    if (spec_.has_local_councils) {
      for (size_t r = 0; r < spec_.regions.size(); ++r) def_.contests.push_back(LocalCouncil(r));
    }
    return std::move(def_);
  }

 private:
  Random Stream(std::string_view label) const { return Random::ForStream(seed_, spec_.id, label); }

  // Splits the e-voting stations and their voters among the regions' urban stations so that
  // every station can be sized within its limits.
  Status Plan() {
    const size_t n = spec_.regions.size();
    plans_.resize(n);
    std::vector<int64_t> urban_voters(n), caps(n);
    for (size_t r = 0; r < n; ++r) {
      const RegionSpec& region = spec_.regions[r];
      RegionPlan& p = plans_[r];
      p.urban_voters = region.registered_voters * region.urban_share_bp / 10000;
      p.rural_voters = region.registered_voters - p.urban_voters;
      p.urban_stations = region.urban_stations;
      p.rural_stations = region.polling_stations - region.urban_stations;
      urban_voters[r] = p.urban_voters;
      // Keep a quarter of a region's urban stations paper-only (never fewer than one).
      caps[r] = p.urban_stations * 3 / 4;
    }
    const EvotingSpec& e = spec_.evoting;
    if (e.stations == 0) return Status();
    const int64_t cap_sum = std::accumulate(caps.begin(), caps.end(), int64_t{0});
    if (cap_sum < e.stations) {
      return BadInput("/evoting/stations", std::to_string(e.stations) +
                                               " e-voting stations, but the regions' urban stations "
                                               "leave room for only " + std::to_string(cap_sum));
    }
    const std::vector<int64_t> stations = Apportion(e.stations, urban_voters, &caps);
    // Each region's e-voting voters must fit its e-voting stations and leave its other urban
    // stations within their limits: a window [low, high] per region.
    const StationSizeSpec& z = spec_.station_sizes;
    const int64_t total = spec_.registered_voters * e.voter_share_bp / 10000;
    std::vector<int64_t> low(n), room(n);
    int64_t low_sum = 0;
    for (size_t r = 0; r < n; ++r) {
      RegionPlan& p = plans_[r];
      p.evoting_stations = stations[r];
      const int64_t paper = p.urban_stations - p.evoting_stations;
      const int64_t lo = std::max(p.evoting_stations * e.min_voters, p.urban_voters - paper * z.urban_max);
      const int64_t hi = std::min(p.evoting_stations * e.max_voters, p.urban_voters - paper * z.urban_min);
      if (lo > hi) {
        return BadInput("/regions/" + std::to_string(r),
                        spec_.regions[r].id + ": " + std::to_string(p.evoting_stations) +
                            " e-voting and " + std::to_string(paper) + " paper-only urban stations cannot share " +
                            Grouped(p.urban_voters) + " urban voters within the station size limits");
      }
      low[r] = lo;
      room[r] = hi - lo;
      low_sum += lo;
    }
    const int64_t room_sum = std::accumulate(room.begin(), room.end(), int64_t{0});
    if (total < low_sum || total > low_sum + room_sum) {
      return BadInput("/evoting/voter_share_bp",
                      Grouped(total) + " voters at e-voting stations; the regions can hold " +
                          Grouped(low_sum) + ".." + Grouped(low_sum + room_sum));
    }
    const std::vector<int64_t> extra = Apportion(total - low_sum, stations, &room);
    for (size_t r = 0; r < n; ++r) plans_[r].evoting_voters = low[r] + extra[r];
    return Status();
  }

  Commission Cec() {
    Commission c;
    c.id = "cec";
    c.tier = CommissionTier::kCentral;
    c.name = {"Қазақстан Республикасының Орталық сайлау комиссиясы",
              "Центральная избирательная комиссия Республики Казахстан",
              "Central Election Commission of the Republic of Kazakhstan"};
    Random rng = Stream("members/cec");
    std::vector<MemberDraft> drafts;
    const CompositionSpec& comp = spec_.composition;
    for (const Nominator& n : comp.cec_nominators) {
      MemberDraft d;
      d.nomination = {n.kind, n.by};
      d.affiliation = n.kind == NominatorKind::kParty ? n.by : std::string();
      const bool female = rng.Chance(comp.female_bp[static_cast<size_t>(CommissionTier::kCentral)]);
      d.name = PersonName(&rng, female, rng.Chance(comp.kazakh_name_bp));
      // CEC members serve full time (five-year terms, 2007 report V.A).
      d.employer = "Central Election Commission";
      drafts.push_back(std::move(d));
    }
    AssignRoles(&rng, std::move(drafts), &c);
    return c;
  }

  // Nominations, affiliations, names and employers of one commission below the CEC.
  void FillMembers(Random* rng, Commission* c, int64_t size, const Place& place,
                   std::string_view host_employer) {
    const CompositionSpec& comp = spec_.composition;
    const size_t tier = static_cast<size_t>(c->tier);
    // Each party (and the commission above) nominates one member with probability share x
    // size, so that its share of all seats is its share in the scenario; associations fill
    // the remaining seats. Drawing seat by seat instead would under-represent the large
    // nominators, which run out of second seats.
    std::vector<Nomination> nominations;
    for (const auto& [party, bp] : comp.party_bp) {
      if (rng->Chance(bp * size)) nominations.push_back({NominatorKind::kParty, party});
    }
    if (rng->Chance(comp.higher_commission_bp * size)) {
      nominations.push_back({NominatorKind::kHigherCommission, c->parent});
    }
    rng->Shuffle(&nominations);
    if (static_cast<int64_t>(nominations.size()) > size) nominations.resize(static_cast<size_t>(size));
    std::vector<size_t> associations(comp.public_associations.size());
    std::iota(associations.begin(), associations.end(), size_t{0});
    rng->Shuffle(&associations);
    for (size_t a = 0; static_cast<int64_t>(nominations.size()) < size; ++a) {
      if (associations.empty()) {  // a scenario without associations: the commission above
        nominations.push_back({NominatorKind::kHigherCommission, c->parent});
      } else {
        nominations.push_back(
            {NominatorKind::kPublicAssociation, comp.public_associations[associations[a % associations.size()]]});
      }
    }
    std::vector<MemberDraft> drafts(static_cast<size_t>(size));
    for (size_t i = 0; i < drafts.size(); ++i) {
      MemberDraft& d = drafts[i];
      d.nomination = std::move(nominations[i]);
      if (d.nomination.kind == NominatorKind::kParty) {
        d.affiliation = d.nomination.by == comp.dominant_party || rng->Chance(comp.other_party_nominee_dominant_bp)
                            ? comp.dominant_party
                            : d.nomination.by;
      } else {
        d.affiliation = rng->Chance(comp.non_party_nominee_dominant_bp) ? comp.dominant_party : "";
      }
      // Two draws, one per statement: as arguments of one call their order would be the
      // compiler's (gcc and clang differ), and so would every name after them.
      const bool kazakh = rng->Chance(comp.kazakh_name_bp);
      const bool female = rng->Chance(comp.female_bp[tier]);
      d.name = PersonName(rng, female, kazakh);
    }

    // Employers: up to half work where the commission sits (R-A2 allows no more; the 2007
    // report found whole PECs from one school), the others at distinct employers.
    const int64_t host = rng->Between(1, std::max<int64_t>(1, size / 2));
    std::vector<std::string> used;
    const auto pool = c->tier == CommissionTier::kPrecinct
                          ? (place.urban ? names::UrbanEmployers() : names::RuralEmployers())
                          : names::SeniorEmployers();
    for (size_t i = 0; i < drafts.size(); ++i) {
      if (static_cast<int64_t>(i) < host) {
        drafts[i].employer = std::string(host_employer);
        continue;
      }
      std::string e;
      for (int attempt = 0; attempt < 32; ++attempt) {
        const std::string number = std::to_string(rng->Between(1, 120));  // one draw a statement (above)
        const auto employer = Pick(rng, pool);
        e = Fill(Fill(employer, '%', number), '@', place.town);
        if (e != host_employer && std::find(used.begin(), used.end(), e) == used.end()) break;
        e.clear();
      }
      if (e.empty()) e = "School No. " + std::to_string(200 + i) + ", " + place.town;  // never reached in practice
      used.push_back(e);
      drafts[i].employer = std::move(e);
    }
    rng->Shuffle(&drafts);  // host employees are not always the first members
    AssignRoles(rng, std::move(drafts), c);
  }

  // Chair (most often from the dominant party), deputy chair, secretary, members; ids m1..mN.
  void AssignRoles(Random* rng, std::vector<MemberDraft> drafts, Commission* c) {
    const std::string& dominant = spec_.composition.dominant_party;
    std::vector<size_t> order(drafts.size());
    std::iota(order.begin(), order.end(), size_t{0});
    // The dominant party's own nominee if there is one, else one of its members (2007 report
    // V.A: chairs nominated by others "but affiliated with Nur Otan").
    std::vector<size_t> nominees, members;
    for (size_t i = 0; i < drafts.size(); ++i) {
      if (drafts[i].nomination.kind == NominatorKind::kParty && drafts[i].nomination.by == dominant) {
        nominees.push_back(i);
      }
      if (drafts[i].affiliation == dominant) members.push_back(i);
    }
    size_t chair = static_cast<size_t>(rng->Below(drafts.size()));
    if (rng->Chance(spec_.composition.chair_dominant_bp)) {
      const std::vector<size_t>& pool = nominees.empty() ? members : nominees;
      if (!pool.empty()) chair = pool[static_cast<size_t>(rng->Below(pool.size()))];
    }
    std::swap(order[0], order[chair]);
    for (size_t i = 1; i < std::min<size_t>(3, order.size()); ++i) {  // deputy, secretary
      std::swap(order[i], order[i + static_cast<size_t>(rng->Below(order.size() - i))]);
    }
    c->members.reserve(drafts.size());
    for (size_t i = 0; i < order.size(); ++i) {
      MemberDraft& d = drafts[order[i]];
      CommissionMember m;
      m.id = c->id + ".m" + std::to_string(i + 1);
      m.name = std::move(d.name);
      m.role = i == 0 ? MemberRole::kChair
               : i == 1 ? MemberRole::kDeputyChair
               : i == 2 ? MemberRole::kSecretary
                        : MemberRole::kMember;
      m.nominated_by = std::move(d.nomination);
      m.affiliation = std::move(d.affiliation);
      m.employer = std::move(d.employer);
      c->members.push_back(std::move(m));
    }
  }

  Status BuildRegion(size_t r) {
    const RegionSpec& region = spec_.regions[r];
    const RegionPlan& p = plans_[r];
    const StationSizeSpec& z = spec_.station_sizes;
    Random rng = Stream("region/" + region.id);
    Random members = Stream("members/" + region.id);

    std::string tec_parent = "cec";
    if (spec_.tiers == 4) {
      Commission rec;
      rec.id = "rec-" + region.id;
      rec.tier = CommissionTier::kRegional;
      rec.parent = "cec";
      rec.region = region.id;
      rec.name = {region.name.kk.empty() ? "" : region.name.kk + " сайлау комиссиясы",
                  region.name.ru.empty() ? "" : "Избирательная комиссия: " + region.name.ru,
                  region.name.en + " Election Commission"};
      FillMembers(&members, &rec, def_.rules.commission_size, Place{region.name.en, true},
                  "Akimat of " + region.name.en);
      tec_parent = rec.id;
      recs_.push_back(std::move(rec));
    }

    // TECs: the city TECs of the scenario, then rural districts named from a national pool.
    const auto urban_tecs = static_cast<int64_t>(region.urban_tecs.size());
    const int64_t rural_tecs = region.tecs - urban_tecs;
    const auto districts = names::Districts();
    if (rural_tecs > static_cast<int64_t>(districts.size())) {
      return BadInput("/regions/" + std::to_string(r) + "/tecs",
                      region.id + " has " + std::to_string(rural_tecs) + " rural TECs; the district name list has " +
                          std::to_string(districts.size()));
    }
    std::vector<size_t> district_order(districts.size());
    std::iota(district_order.begin(), district_order.end(), size_t{0});
    rng.Shuffle(&district_order);

    std::vector<int64_t> urban_weights, rural_weights;
    for (const UrbanTecSpec& t : region.urban_tecs) urban_weights.push_back(t.weight);
    for (int64_t t = 0; t < rural_tecs; ++t) rural_weights.push_back(rng.Between(60, 140));
    std::vector<int64_t> per_urban_tec = Apportion(p.urban_stations - urban_tecs, urban_weights);
    std::vector<int64_t> per_rural_tec = Apportion(p.rural_stations - rural_tecs, rural_weights);
    for (int64_t& n : per_urban_tec) ++n;
    for (int64_t& n : per_rural_tec) ++n;

    // Station sizes: e-voting stations are large urban ones, placed among the urban slots.
    std::vector<int64_t> evoting_sizes, paper_sizes, rural_sizes;
    if (p.evoting_stations > 0) {
      evoting_sizes = SampleSizes(&rng, p.evoting_stations, p.evoting_voters, spec_.evoting.min_voters,
                                  spec_.evoting.max_voters);
    }
    if (p.urban_stations > p.evoting_stations) {
      paper_sizes = SampleSizes(&rng, p.urban_stations - p.evoting_stations,
                                p.urban_voters - p.evoting_voters, z.urban_min, z.urban_max);
    }
    if (p.rural_stations > 0) {
      rural_sizes = SampleSizes(&rng, p.rural_stations, p.rural_voters, z.rural_min, z.rural_max);
    }
    std::vector<bool> evoting_slot(static_cast<size_t>(p.urban_stations), false);
    {
      std::vector<size_t> slots(evoting_slot.size());
      std::iota(slots.begin(), slots.end(), size_t{0});
      rng.Shuffle(&slots);
      for (int64_t i = 0; i < p.evoting_stations; ++i) evoting_slot[slots[static_cast<size_t>(i)]] = true;
    }

    int64_t number = 0;  // station numbers 1..n within the region, in TEC order
    size_t urban_slot = 0, next_evoting = 0, next_paper = 0, next_rural = 0;
    for (int64_t t = 0; t < region.tecs; ++t) {
      const bool urban = t < urban_tecs;
      Commission tec;
      tec.id = "tec-" + region.id + "-" + Padded(t + 1, 2);
      tec.tier = CommissionTier::kTerritorial;
      tec.parent = tec_parent;
      tec.region = region.id;
      LocalizedName territory;
      LocalizedName town;  // where addresses are: the city, or the district of the villages
      const names::District* district = nullptr;
      if (urban) {
        const UrbanTecSpec& u = region.urban_tecs[static_cast<size_t>(t)];
        territory = u.name;
        town = u.town;
      } else {
        district = &districts[district_order[static_cast<size_t>(t - urban_tecs)]];
        territory = {std::string(district->kk) + " ауданы", std::string(district->ru) + " район",
                     std::string(district->en) + " District"};
        town = territory;
      }
      tec.name = {territory.kk.empty() ? "" : territory.kk + " аумақтық сайлау комиссиясы",
                  territory.ru.empty() ? "" : "Территориальная избирательная комиссия: " + territory.ru,
                  territory.en + " Territorial Election Commission"};
      FillMembers(&members, &tec, def_.rules.commission_size, Place{town.en, urban}, "Akimat of " + town.en);

      const int64_t count = urban ? per_urban_tec[static_cast<size_t>(t)]
                                  : per_rural_tec[static_cast<size_t>(t - urban_tecs)];
      int64_t venue_number = rng.Between(1, 25);
      for (int64_t s = 0; s < count; ++s) {
        ++number;
        PollingStation ps;
        ps.number = number;
        ps.id = "ps-" + region.id + "-" + Padded(number, 4);
        ps.region = region.id;
        ps.locality = urban ? Locality::kUrban : Locality::kRural;
        LocalizedName venue, place;  // place: the town or village
        if (urban) {
          ps.evoting = evoting_slot[urban_slot++];
          ps.registered_voters = ps.evoting ? evoting_sizes[next_evoting++] : paper_sizes[next_paper++];
          venue_number += rng.Between(1, 3);
          venue = Numbered(Pick(&rng, names::UrbanVenues()), std::to_string(venue_number));
          place = town;
          const names::Words& street = Pick(&rng, names::UrbanStreets());
          const std::string house = std::to_string(rng.Between(1, 180));
          ps.address = {venue.kk + ", " + std::string(street.kk) + ", " + house + ", " + town.kk,
                        venue.ru + ", " + std::string(street.ru) + ", " + house + ", " + town.ru,
                        venue.en + ", " + std::string(street.en) + " " + house + ", " + town.en};
        } else {
          ps.registered_voters = rural_sizes[next_rural++];
          venue = InAllThree(Pick(&rng, names::RuralVenues()));
          place = rng.Chance(2500)  // the district's centre, named after it
                      ? LocalizedName{std::string(district->kk), RussianSpelling(district->kk),
                                      std::string(district->en)}
                      : InAllThree(Pick(&rng, names::Villages()));
          const names::Words& street = Pick(&rng, names::RuralStreets());
          const std::string house = std::to_string(rng.Between(1, 60));
          ps.address = {venue.kk + ", " + std::string(street.kk) + ", " + house + ", " + place.kk + " ауылы, " + town.kk,
                        venue.ru + ", " + std::string(street.ru) + ", " + house + ", село " + place.ru + ", " + town.ru,
                        venue.en + ", " + std::string(street.en) + " " + house + ", " + place.en + " village, " +
                            town.en};
        }
        Commission pec;
        pec.id = "pec-" + region.id + "-" + Padded(number, 4);
        pec.tier = CommissionTier::kPrecinct;
        pec.parent = tec.id;
        pec.region = region.id;
        pec.name = {"№ " + std::to_string(number) + " учаскелік сайлау комиссиясы",
                    "Участковая избирательная комиссия № " + std::to_string(number),
                    "Precinct Election Commission No. " + std::to_string(number) + ", " + region.name.en};
        const int64_t size = RequiredPecSize(def_.rules, ps.registered_voters);
        if (size <= 0) {
          return Error{ErrorCode::kInternal, ps.id, "R-A2.station-size",
                       Grouped(ps.registered_voters) + " voters exceed every PEC size bracket"};
        }
        FillMembers(&members, &pec, size, Place{place.en, urban}, venue.en + ", " + place.en);
        ps.commission = pec.id;
        def_.polling_stations.push_back(std::move(ps));
        pecs_.push_back(std::move(pec));
      }
      tecs_.push_back(std::move(tec));
    }
    return Status();
  }

  // A party's list: generated names, ordered alphabetically when the law lets parties choose
  // their MPs after the vote (2007), else in drawn order.
  std::vector<Candidate> PartyList(Random* rng, const std::string& contest, const std::string& party,
                                   int64_t count, int64_t female_bp, ListOrder order) {
    std::vector<Candidate> list;
    std::vector<Choice> by_name;  // AlphabeticalOrder works on choices
    for (int64_t i = 0; i < count; ++i) {
      Candidate c;
      c.id = contest + "." + party + "." + Padded(i + 1, 3);
      const bool kazakh = rng->Chance(spec_.composition.kazakh_name_bp);  // one draw a statement (above)
      const bool female = rng->Chance(female_bp);
      c.name = PersonName(rng, female, kazakh);
      c.list_position = i + 1;
      Choice key;
      key.id = c.id;
      key.name.ru = c.name;
      key.name.en = c.name;
      by_name.push_back(std::move(key));
      list.push_back(std::move(c));
    }
    if (order == ListOrder::kPostElectionChoice) {
      const std::vector<std::string> sorted = AlphabeticalOrder(by_name, "ru");
      std::vector<Candidate> out;
      out.reserve(list.size());
      for (size_t i = 0; i < sorted.size(); ++i) {
        auto it = std::find_if(list.begin(), list.end(), [&](const Candidate& c) { return c.id == sorted[i]; });
        Candidate c = *it;
        c.list_position = static_cast<int64_t>(i) + 1;
        out.push_back(std::move(c));
      }
      return out;
    }
    return list;
  }

  const Party* FindParty(std::string_view id) const {
    for (const Party& p : spec_.parties) {
      if (p.id == id) return &p;
    }
    return nullptr;
  }

  Status Order(const BallotOrderSpec& spec, Contest* contest, const std::string& at) {
    std::vector<std::string> ids;
    for (const Choice& c : contest->choices) ids.push_back(c.id);
    BallotOrder& bo = contest->ballot_order;
    bo.method = spec.method;
    if (spec.method == BallotOrderMethod::kAlphabetical) {
      bo.language = spec.language;
      bo.order = AlphabeticalOrder(contest->choices, spec.language);
      if (!spec.historical_order.empty() && bo.order != spec.historical_order) {
        std::string got;
        for (const std::string& id : bo.order) got += (got.empty() ? "" : ", ") + id;
        return BadInput(at + "/ballot_order/historical_order",
                        "alphabetical order in " + spec.language + " gives " + got +
                            ", not the historical ballot");
      }
      return Status();
    }
    // The smallest n whose seed draws the historical order (any n = 0 when none is given).
    // 2007's real lottery was drawn by hand; this only finds a published seed that reproduces
    // its outcome, so that the documented procedure recomputes the real ballot.
    constexpr uint64_t kMaxDraws = 20'000'000;
    for (uint64_t n = 0; n < kMaxDraws; ++n) {
      std::string seed = LotterySeed(spec.seed_label, n);
      std::vector<std::string> order = DrawLotteryOrder(seed, contest->id, ids);
      if (spec.historical_order.empty() || order == spec.historical_order) {
        bo.seed = std::move(seed);
        bo.order = std::move(order);
        return Status();
      }
    }
    return BadInput(at + "/ballot_order/historical_order",
                    "no lottery seed among the first " + Grouped(static_cast<int64_t>(kMaxDraws)) +
                        " reproduces the historical order");
  }

  Result<Contest> NationalContest(const ContestSpec& s) {
    size_t index = 0;
    while (&spec_.contests[index] != &s) ++index;
    const std::string at = "/contests/" + std::to_string(index);
    Random rng = Stream("contest/" + s.id);
    Contest c;
    c.id = s.id;
    c.kind = s.kind;
    c.name = s.name;
    c.scope = s.scope;
    c.seats = s.seats;
    c.threshold_bp = s.threshold_bp;
    c.method = s.method;
    c.tie_break = s.tie_break;
    c.runner_up_min_seats = s.runner_up_min_seats;
    c.list_order = s.list_order;
    c.majority_bp = s.majority_bp;
    if (s.kind == ContestKind::kPresidential) {
      for (const CandidateSpec& cand : s.candidates) {
        Choice choice;
        choice.id = cand.id;
        choice.name = cand.name;
        choice.party = cand.party;
        choice.candidates.push_back(
            Candidate{cand.id, cand.name.kk.empty() ? cand.name.en : cand.name.kk, 0});
        c.choices.push_back(std::move(choice));
      }
    } else {
      for (const ListSpec& l : s.lists) {
        const Party* party = FindParty(l.party);
        Choice choice;
        choice.id = party->id;
        choice.name = party->name;
        choice.party = party->id;
        choice.candidates = PartyList(&rng, c.id, party->id, l.candidates, s.candidate_female_bp, s.list_order);
        c.choices.push_back(std::move(choice));
      }
    }
    ASHYQ_RETURN_IF_ERROR(Order(s.ballot_order, &c, at));
    return c;
  }

  Contest LocalCouncil(size_t r) {
    const LocalCouncilSpec& l = spec_.local_councils;
    const RegionSpec& region = spec_.regions[r];
    Random rng = Stream("local-council/" + region.id);
    Contest c;
    c.id = l.id_prefix + region.id;
    c.kind = ContestKind::kLocalCouncil;
    auto named = [](const std::string& pattern, const std::string& name) {
      return pattern.empty() ? std::string() : ReplaceAll(pattern, "{region}", name);
    };
    c.name = {named(l.name.kk, region.name.kk.empty() ? region.name.en : region.name.kk),
              named(l.name.ru, region.name.ru.empty() ? region.name.en : region.name.ru),
              named(l.name.en, region.name.en)};
    c.scope = "rec-" + region.id;
    c.seats = rng.Between(l.seats_min, l.seats_max);
    c.threshold_bp = l.threshold_bp;
    c.method = l.method;
    c.tie_break = l.tie_break;
    c.list_order = ListOrder::kPreOrdered;
    std::vector<std::string> running = {l.parties.front()};
    for (size_t i = 1; i < l.parties.size(); ++i) {
      if (rng.Chance(l.party_presence_bp)) running.push_back(l.parties[i]);
    }
    if (running.size() == 1 && l.parties.size() > 1) {  // a contest, not an appointment
      running.push_back(l.parties[1 + static_cast<size_t>(rng.Below(l.parties.size() - 1))]);
    }
    for (size_t i = 0; i < running.size(); ++i) {
      const Party* party = FindParty(running[i]);
      Choice choice;
      choice.id = party->id;
      choice.name = party->name;
      choice.party = party->id;
      const int64_t count = i == 0 ? rng.Between(std::max<int64_t>(1, c.seats / 2), c.seats)
                                   : rng.Between(1, std::max<int64_t>(1, c.seats / 3));
      choice.candidates = PartyList(&rng, c.id, party->id, count, l.candidate_female_bp, ListOrder::kPreOrdered);
      c.choices.push_back(std::move(choice));
    }
    BallotOrderSpec order;
    order.method = BallotOrderMethod::kLottery;
    order.seed_label = l.seed_label_prefix + region.id;
    Status s = Order(order, &c, "/local_councils");  // without a historical order: draw 0 always fits
    (void)s;
    return c;
  }

  const ScenarioSpec& spec_;
  const uint64_t seed_;
  ElectionDefinition def_;
  std::vector<RegionPlan> plans_;
  std::vector<Commission> recs_, tecs_, pecs_;
};

// Fills every commission's and member's public key; the derivations (one Ed25519 key pair
// each, ~70,000 nationally) are split between two threads.
void AssignKeys(const crypto::SimulatedKeyring& keyring, ElectionDefinition* def) {
  std::vector<std::pair<const std::string*, std::string*>> signers;
  for (Commission& c : def->commissions) {
    signers.emplace_back(&c.id, &c.public_key);
    for (CommissionMember& m : c.members) signers.emplace_back(&m.id, &m.public_key);
  }
  auto derive = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      *signers[i].second = SimulatedKeyFor(keyring, *signers[i].first).public_key().Hex();
    }
  };
  const size_t half = signers.size() / 2;
  std::thread other(derive, half, signers.size());
  derive(0, half);
  other.join();
}

}  // namespace

uint64_t SimulatedKeyIndex(std::string_view signer_id) {
  const Digest d = Sha256(signer_id);
  uint64_t index = 0;
  for (size_t i = 0; i < 8; ++i) index = (index << 8) | d.bytes[i];
  return index;
}

crypto::SigningKey SimulatedKeyFor(const crypto::SimulatedKeyring& keyring, std::string_view signer_id) {
  return keyring.KeyFor(SimulatedKeyIndex(signer_id));
}

std::string LotterySeed(std::string_view label, uint64_t n) {
  std::string text(label);
  text.append("-").append(std::to_string(n));
  return Sha256(text).Hex();
}

Result<ElectionDefinition> GenerateDefinition(const ScenarioSpec& spec, uint64_t seed,
                                              const crypto::SimulatedKeyring& keyring) {
  ASHYQ_RETURN_IF_ERROR(crypto::Initialize());
  ASHYQ_ASSIGN_OR_RETURN(ElectionDefinition def, Generator(spec, seed).Run());
  AssignKeys(keyring, &def);
  return def;
}

}  // namespace ashyq::sim
