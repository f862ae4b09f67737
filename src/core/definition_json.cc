#include "core/definition_json.h"

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "core/json_reader.h"

namespace ashyq {
namespace {

using json::ObjectReader;
using json::PointerAppend;
using json::Value;

// Every value of an enum, so a string can be matched against the names the header defines.
constexpr std::array kTiers = {CommissionTier::kCentral, CommissionTier::kRegional,
                               CommissionTier::kTerritorial, CommissionTier::kPrecinct};
constexpr std::array kRoles = {MemberRole::kChair, MemberRole::kDeputyChair, MemberRole::kSecretary,
                               MemberRole::kMember};
constexpr std::array kNominators = {NominatorKind::kParty, NominatorKind::kPublicAssociation,
                                    NominatorKind::kHigherCommission};
constexpr std::array kLocalities = {Locality::kUrban, Locality::kRural};
constexpr std::array kContestKinds = {ContestKind::kPartyList, ContestKind::kPresidential,
                                      ContestKind::kLocalCouncil};
constexpr std::array kSeatMethods = {SeatMethod::kHareLargestRemainder, SeatMethod::kDHondt,
                                     SeatMethod::kSainteLague};
constexpr std::array kTieBreaks = {TieBreak::kRegistrationOrder, TieBreak::kLot};
constexpr std::array kListOrders = {ListOrder::kPreOrdered, ListOrder::kPostElectionChoice};
constexpr std::array kOrderMethods = {BallotOrderMethod::kLottery, BallotOrderMethod::kAlphabetical};

std::string_view NameOf(CommissionTier v) { return TierName(v); }
std::string_view NameOf(MemberRole v) { return RoleName(v); }
std::string_view NameOf(NominatorKind v) { return NominatorKindName(v); }
std::string_view NameOf(Locality v) { return LocalityName(v); }
std::string_view NameOf(ContestKind v) { return ContestKindName(v); }
std::string_view NameOf(SeatMethod v) { return SeatMethodName(v); }
std::string_view NameOf(TieBreak v) { return TieBreakName(v); }
std::string_view NameOf(ListOrder v) { return ListOrderName(v); }
std::string_view NameOf(BallotOrderMethod v) { return BallotOrderMethodName(v); }

// Reads one definition document. Holds the problem list so the per-object readers stay short.
class DefinitionReader {
 public:
  explicit DefinitionReader(std::vector<Error>* problems) : problems_(problems) {}

  ElectionDefinition Read(const Value& doc);

 private:
  template <typename E, size_t N>
  E Enum(ObjectReader& r, std::string_view key, const std::array<E, N>& values);

  LocalizedName Name(ObjectReader& r, std::string_view key);
  LocalizedName Address(ObjectReader& r, const std::string& station);
  std::string OptionalString(ObjectReader& r, std::string_view key) {
    return r.OptionalString(key).value_or(std::string());
  }
  void Rules(const Value* v, const std::string& path, ElectionRules* rules);
  Region ReadRegion(const Value& v, std::string path);
  Party ReadParty(const Value& v, std::string path);
  Commission ReadCommission(const Value& v, std::string path);
  CommissionMember ReadMember(const Value& v, std::string path);
  PollingStation ReadStation(const Value& v, std::string path);
  Contest ReadContest(const Value& v, std::string path);
  Choice ReadChoice(const Value& v, std::string path);
  Candidate ReadCandidate(const Value& v, std::string path);
  void ReadBallotOrder(const Value* v, const std::string& path, BallotOrder* order);

  std::vector<Error>* problems_;
};

template <typename E, size_t N>
E DefinitionReader::Enum(ObjectReader& r, std::string_view key, const std::array<E, N>& values) {
  const size_t before = problems_->size();
  const std::string text = r.String(key);
  if (problems_->size() != before) return values[0];  // missing or not a string: recorded
  for (E v : values) {
    if (NameOf(v) == text) return v;
  }
  std::string expected;
  for (E v : values) {
    if (!expected.empty()) expected += ", ";
    expected += NameOf(v);
  }
  r.Fail(key, "unknown value \"" + text + "\"; expected one of " + expected);
  return values[0];
}

LocalizedName DefinitionReader::Name(ObjectReader& r, std::string_view key) {
  LocalizedName name;
  const Value* v = r.Object(key);
  if (v == nullptr) return name;
  ObjectReader n(*v, r.PathOf(key), problems_);
  name.kk = OptionalString(n, "kk");
  name.ru = OptionalString(n, "ru");
  name.en = n.String("en");
  n.RejectUnknown();
  return name;
}

// All three languages must be there (CheckDefinition reports an empty one): a voter reads the
// address on a page in their language.
LocalizedName DefinitionReader::Address(ObjectReader& r, const std::string& station) {
  LocalizedName address;
  const Value* v = r.Object("address");
  if (v == nullptr) return address;
  ObjectReader a(*v, r.PathOf("address"), problems_);
  auto read = [&](std::string_view language, std::string_view in) {
    if (v->Find(language) == nullptr) {
      a.Fail(language, "polling station " + station + " has no address in " + std::string(in) + " (\"" +
                           std::string(language) + "\")");
      return std::string();
    }
    return a.String(language);
  };
  address.kk = read("kk", "Kazakh");
  address.ru = read("ru", "Russian");
  address.en = read("en", "English");
  a.RejectUnknown();
  return address;
}

void DefinitionReader::Rules(const Value* v, const std::string& path, ElectionRules* rules) {
  if (v == nullptr) return;
  ObjectReader r(*v, path, problems_);
  rules->max_station_voters = r.Int("max_station_voters", 1, json::kMaxSafeInteger);
  rules->pec_size_by_voters.clear();
  if (const Value* brackets = r.Array("pec_size_by_voters"); brackets != nullptr) {
    const std::string base = r.PathOf("pec_size_by_voters");
    for (size_t i = 0; i < brackets->items().size(); ++i) {
      const Value& b = brackets->items()[i];
      const std::string at = PointerAppend(base, i);
      if (!b.is_array() || b.items().size() != 2 || !b.items()[0].is_int() ||
          !b.items()[1].is_int()) {
        problems_->push_back(BadInput(at, "expected [max_voters, members], two integers"));
        continue;
      }
      const int64_t max_voters = b.items()[0].as_int();
      const int64_t size = b.items()[1].as_int();
      if (max_voters < 0) {
        problems_->push_back(BadInput(PointerAppend(at, size_t{0}),
                                      "max_voters " + std::to_string(max_voters) + " is negative"));
      }
      if (size < 1) {
        problems_->push_back(BadInput(PointerAppend(at, size_t{1}),
                                      "a PEC of " + std::to_string(size) + " members is impossible"));
      }
      rules->pec_size_by_voters.emplace_back(max_voters, size);
    }
  }
  rules->commission_size = r.Int("commission_size", 1, json::kMaxSafeInteger);
  rules->max_shared_employer_bp = r.Int("max_shared_employer_bp", 0, 10000);
  r.RejectUnknown();
}

Region DefinitionReader::ReadRegion(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  Region region;
  region.id = r.NonEmptyString("id");
  region.name = Name(r, "name");
  r.RejectUnknown();
  return region;
}

Party DefinitionReader::ReadParty(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  Party party;
  party.id = r.NonEmptyString("id");
  party.name = Name(r, "name");
  party.abbreviation = r.String("abbreviation");
  party.registration_order = r.Int("registration_order", 1, json::kMaxSafeInteger);
  r.RejectUnknown();
  return party;
}

CommissionMember DefinitionReader::ReadMember(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  CommissionMember m;
  m.id = r.NonEmptyString("id");
  m.name = r.String("name");
  m.role = Enum(r, "role", kRoles);
  if (const Value* nom = r.Object("nominated_by"); nom != nullptr) {
    ObjectReader n(*nom, r.PathOf("nominated_by"), problems_);
    m.nominated_by.kind = Enum(n, "kind", kNominators);
    m.nominated_by.by = n.NonEmptyString("by");
    n.RejectUnknown();
  }
  m.affiliation = OptionalString(r, "affiliation");
  m.employer = r.String("employer");
  m.public_key = r.String("public_key");
  r.RejectUnknown();
  return m;
}

Commission DefinitionReader::ReadCommission(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  Commission c;
  c.id = r.NonEmptyString("id");
  c.tier = Enum(r, "tier", kTiers);
  c.parent = OptionalString(r, "parent");
  c.region = OptionalString(r, "region");
  c.name = Name(r, "name");
  c.public_key = r.String("public_key");
  c.members = r.List<CommissionMember>(
      "members", [this](const Value& m, std::string at) { return ReadMember(m, std::move(at)); });
  r.RejectUnknown();
  return c;
}

PollingStation DefinitionReader::ReadStation(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  PollingStation s;
  s.id = r.NonEmptyString("id");
  s.number = r.Int("number");
  s.commission = r.NonEmptyString("commission");
  s.region = r.NonEmptyString("region");
  s.address = Address(r, s.id.empty() ? r.path() : s.id);
  s.locality = Enum(r, "locality", kLocalities);
  s.registered_voters = r.Int("registered_voters");
  s.evoting = r.Bool("evoting");
  r.RejectUnknown();
  return s;
}

Candidate DefinitionReader::ReadCandidate(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  Candidate c;
  c.id = r.NonEmptyString("id");
  c.name = r.String("name");
  c.list_position = r.Int("list_position", 0, json::kMaxSafeInteger);
  r.RejectUnknown();
  return c;
}

Choice DefinitionReader::ReadChoice(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  Choice c;
  c.id = r.NonEmptyString("id");
  c.name = Name(r, "name");
  c.party = OptionalString(r, "party");
  c.candidates = r.List<Candidate>(
      "candidates", [this](const Value& m, std::string at) { return ReadCandidate(m, std::move(at)); });
  r.RejectUnknown();
  return c;
}

void DefinitionReader::ReadBallotOrder(const Value* v, const std::string& path, BallotOrder* order) {
  if (v == nullptr) return;
  ObjectReader r(*v, path, problems_);
  order->method = Enum(r, "method", kOrderMethods);
  order->seed = OptionalString(r, "seed");
  order->language = OptionalString(r, "language");
  if (const Value* ids = r.Array("order"); ids != nullptr) {
    const std::string base = r.PathOf("order");
    order->order.reserve(ids->items().size());
    for (size_t i = 0; i < ids->items().size(); ++i) {
      const Value& id = ids->items()[i];
      if (!id.is_string()) {
        problems_->push_back(BadInput(PointerAppend(base, i),
                                      std::string("expected a choice id (string), found ") +
                                          json::KindName(id.kind())));
        continue;
      }
      order->order.push_back(id.as_string());
    }
  }
  r.RejectUnknown();
}

Contest DefinitionReader::ReadContest(const Value& v, std::string path) {
  ObjectReader r(v, std::move(path), problems_);
  Contest c;
  c.id = r.NonEmptyString("id");
  c.kind = Enum(r, "kind", kContestKinds);
  c.name = Name(r, "name");
  c.scope = r.NonEmptyString("scope");
  c.seats = r.Int("seats");
  c.threshold_bp = r.Int("threshold_bp");
  c.method = Enum(r, "method", kSeatMethods);
  c.tie_break = Enum(r, "tie_break", kTieBreaks);
  c.runner_up_min_seats = r.Int("runner_up_min_seats");
  c.list_order = Enum(r, "list_order", kListOrders);
  c.majority_bp = r.Int("majority_bp");
  c.choices = r.List<Choice>(
      "choices", [this](const Value& m, std::string at) { return ReadChoice(m, std::move(at)); });
  ReadBallotOrder(r.Object("ballot_order"), r.PathOf("ballot_order"), &c.ballot_order);
  r.RejectUnknown();
  return c;
}

ElectionDefinition DefinitionReader::Read(const Value& doc) {
  ElectionDefinition def;
  if (!json::RequireFormat(doc, kDefinitionFormat, "an election definition", problems_)) return def;
  ObjectReader r(doc, "", problems_);
  r.String("format");
  def.election_id = r.NonEmptyString("election_id");
  def.name = Name(r, "name");
  def.election_day = r.String("election_day");
  def.tiers = r.Int("tiers");
  Rules(r.Object("rules"), r.PathOf("rules"), &def.rules);
  def.regions = r.List<Region>(
      "regions", [this](const Value& v, std::string at) { return ReadRegion(v, std::move(at)); });
  def.parties = r.List<Party>(
      "parties", [this](const Value& v, std::string at) { return ReadParty(v, std::move(at)); });
  def.commissions = r.List<Commission>(
      "commissions", [this](const Value& v, std::string at) { return ReadCommission(v, std::move(at)); });
  def.polling_stations = r.List<PollingStation>(
      "polling_stations", [this](const Value& v, std::string at) { return ReadStation(v, std::move(at)); });
  def.contests = r.List<Contest>(
      "contests", [this](const Value& v, std::string at) { return ReadContest(v, std::move(at)); });
  r.RejectUnknown();
  return def;
}

// --- writing ---

void SetIfNotEmpty(Value* object, const char* key, const std::string& text) {
  if (!text.empty()) object->Set(key, Value(text));
}

Value NameToJson(const LocalizedName& name) {
  Value v = Value::Object();
  SetIfNotEmpty(&v, "kk", name.kk);
  SetIfNotEmpty(&v, "ru", name.ru);
  v.Set("en", Value(name.en));
  return v;
}

Value MemberToJson(const CommissionMember& m) {
  Value v = Value::Object();
  v.Set("id", Value(m.id));
  v.Set("name", Value(m.name));
  v.Set("role", Value(RoleName(m.role)));
  Value nom = Value::Object();
  nom.Set("kind", Value(NominatorKindName(m.nominated_by.kind)));
  nom.Set("by", Value(m.nominated_by.by));
  v.Set("nominated_by", std::move(nom));
  SetIfNotEmpty(&v, "affiliation", m.affiliation);
  v.Set("employer", Value(m.employer));
  v.Set("public_key", Value(m.public_key));
  return v;
}

Value CommissionToJson(const Commission& c) {
  Value v = Value::Object();
  v.Set("id", Value(c.id));
  v.Set("tier", Value(TierName(c.tier)));
  SetIfNotEmpty(&v, "parent", c.parent);
  SetIfNotEmpty(&v, "region", c.region);
  v.Set("name", NameToJson(c.name));
  v.Set("public_key", Value(c.public_key));
  Value members = Value::Array();
  members.items().reserve(c.members.size());
  for (const CommissionMember& m : c.members) members.Push(MemberToJson(m));
  v.Set("members", std::move(members));
  return v;
}

Value StationToJson(const PollingStation& s) {
  Value v = Value::Object();
  v.Set("id", Value(s.id));
  v.Set("number", Value(s.number));
  v.Set("commission", Value(s.commission));
  v.Set("region", Value(s.region));
  Value address = Value::Object();  // all three, even when one is (wrongly) empty
  address.Set("kk", Value(s.address.kk));
  address.Set("ru", Value(s.address.ru));
  address.Set("en", Value(s.address.en));
  v.Set("address", std::move(address));
  v.Set("locality", Value(LocalityName(s.locality)));
  v.Set("registered_voters", Value(s.registered_voters));
  v.Set("evoting", Value(s.evoting));
  return v;
}

Value ChoiceToJson(const Choice& c) {
  Value v = Value::Object();
  v.Set("id", Value(c.id));
  v.Set("name", NameToJson(c.name));
  SetIfNotEmpty(&v, "party", c.party);
  Value candidates = Value::Array();
  for (const Candidate& k : c.candidates) {
    Value cv = Value::Object();
    cv.Set("id", Value(k.id));
    cv.Set("name", Value(k.name));
    cv.Set("list_position", Value(k.list_position));
    candidates.Push(std::move(cv));
  }
  v.Set("candidates", std::move(candidates));
  return v;
}

Value ContestToJson(const Contest& c) {
  Value v = Value::Object();
  v.Set("id", Value(c.id));
  v.Set("kind", Value(ContestKindName(c.kind)));
  v.Set("name", NameToJson(c.name));
  v.Set("scope", Value(c.scope));
  v.Set("seats", Value(c.seats));
  v.Set("threshold_bp", Value(c.threshold_bp));
  v.Set("method", Value(SeatMethodName(c.method)));
  v.Set("tie_break", Value(TieBreakName(c.tie_break)));
  v.Set("runner_up_min_seats", Value(c.runner_up_min_seats));
  v.Set("list_order", Value(ListOrderName(c.list_order)));
  v.Set("majority_bp", Value(c.majority_bp));
  Value choices = Value::Array();
  for (const Choice& choice : c.choices) choices.Push(ChoiceToJson(choice));
  v.Set("choices", std::move(choices));
  Value order = Value::Object();
  order.Set("method", Value(BallotOrderMethodName(c.ballot_order.method)));
  SetIfNotEmpty(&order, "seed", c.ballot_order.seed);
  SetIfNotEmpty(&order, "language", c.ballot_order.language);
  Value ids = Value::Array();
  for (const std::string& id : c.ballot_order.order) ids.Push(Value(id));
  order.Set("order", std::move(ids));
  v.Set("ballot_order", std::move(order));
  return v;
}

}  // namespace

ElectionDefinition DefinitionFromJson(const json::Value& doc, std::vector<Error>* problems) {
  return DefinitionReader(problems).Read(doc);
}

json::Value DefinitionToJson(const ElectionDefinition& def) {
  Value v = Value::Object();
  v.Set("format", Value(kDefinitionFormat));
  v.Set("election_id", Value(def.election_id));
  v.Set("name", NameToJson(def.name));
  v.Set("election_day", Value(def.election_day));
  v.Set("tiers", Value(def.tiers));

  Value rules = Value::Object();
  rules.Set("max_station_voters", Value(def.rules.max_station_voters));
  Value brackets = Value::Array();
  for (const auto& [max_voters, size] : def.rules.pec_size_by_voters) {
    Value b = Value::Array();
    b.Push(Value(max_voters));
    b.Push(Value(size));
    brackets.Push(std::move(b));
  }
  rules.Set("pec_size_by_voters", std::move(brackets));
  rules.Set("commission_size", Value(def.rules.commission_size));
  rules.Set("max_shared_employer_bp", Value(def.rules.max_shared_employer_bp));
  v.Set("rules", std::move(rules));

  Value regions = Value::Array();
  for (const Region& r : def.regions) {
    Value rv = Value::Object();
    rv.Set("id", Value(r.id));
    rv.Set("name", NameToJson(r.name));
    regions.Push(std::move(rv));
  }
  v.Set("regions", std::move(regions));

  Value parties = Value::Array();
  for (const Party& p : def.parties) {
    Value pv = Value::Object();
    pv.Set("id", Value(p.id));
    pv.Set("name", NameToJson(p.name));
    pv.Set("abbreviation", Value(p.abbreviation));
    pv.Set("registration_order", Value(p.registration_order));
    parties.Push(std::move(pv));
  }
  v.Set("parties", std::move(parties));

  Value commissions = Value::Array();
  commissions.items().reserve(def.commissions.size());
  for (const Commission& c : def.commissions) commissions.Push(CommissionToJson(c));
  v.Set("commissions", std::move(commissions));

  Value stations = Value::Array();
  stations.items().reserve(def.polling_stations.size());
  for (const PollingStation& s : def.polling_stations) stations.Push(StationToJson(s));
  v.Set("polling_stations", std::move(stations));

  Value contests = Value::Array();
  for (const Contest& c : def.contests) contests.Push(ContestToJson(c));
  v.Set("contests", std::move(contests));
  return v;
}

}  // namespace ashyq
