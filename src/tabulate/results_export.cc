#include "tabulate/results_export.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tabulate/figures.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::tabulate {
namespace {

using json::Value;
using protocol::ContestCount;

constexpr size_t kNone = CommissionTree::kNone;

const Contest* FindContest(const ElectionDefinition& def, std::string_view id) {
  for (const Contest& c : def.contests) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const ContestTotals* TotalsOf(const TierProtocol& p, std::string_view contest) {
  for (const ContestTotals& t : p.contests) {
    if (t.contest == contest) return &t;
  }
  return nullptr;
}

const ContestCount* CountOf(const protocol::PrecinctProtocol& p, std::string_view contest) {
  for (const ContestCount& c : p.contests) {
    if (c.contest == contest) return &c;
  }
  return nullptr;
}

// The choice ids of a contest in ballot order: the columns of every export.
const std::vector<std::string>& Columns(const Contest& contest) { return contest.ballot_order.order; }

// The votes of `count` aligned to `columns`; -1 where a choice is missing. Protocols list the
// choices in ballot order (R-D2.choices), so the lookup by id is only a fallback.
void AlignVotes(const ContestCount& count, const std::vector<std::string>& columns,
                std::vector<int64_t>* out) {
  out->assign(columns.size(), -1);
  bool in_order = count.votes.size() == columns.size();
  for (size_t i = 0; in_order && i < columns.size(); ++i) in_order = count.votes[i].first == columns[i];
  if (in_order) {
    for (size_t i = 0; i < columns.size(); ++i) (*out)[i] = count.votes[i].second;
    return;
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    for (const auto& [choice, votes] : count.votes) {
      if (choice == columns[i]) (*out)[i] = votes;
    }
  }
}

// votes * 10000 / total, rounded half up; 0 when total <= 0. For display only.
int64_t BasisPoints(int64_t votes, int64_t total) {
  if (total <= 0 || votes < 0) return 0;
  const Int128 num = static_cast<Int128>(votes) * 20000 + total;
  return static_cast<int64_t>(num / (static_cast<Int128>(total) * 2));
}

const std::string& BestName(const LocalizedName& n, const std::string& fallback) {
  if (!n.en.empty()) return n.en;
  if (!n.ru.empty()) return n.ru;
  if (!n.kk.empty()) return n.kk;
  return fallback;
}

// The first protocol given for each station (by station index); nullptr when none.
std::vector<const CountedPrecinct*> ByStation(const CommissionTree& tree, std::span<const CountedPrecinct> latest) {
  const size_t stations = tree.definition().polling_stations.size();
  std::vector<const CountedPrecinct*> out(stations, nullptr);
  for (const CountedPrecinct& c : latest) {
    if (c.protocol == nullptr) continue;
    const size_t s = tree.FindStation(c.protocol->station);
    if (s < stations && out[s] == nullptr) out[s] = &c;
  }
  return out;
}

// Which stations (by index) lie beneath commission `scope`: those that vote in its contests.
std::vector<char> StationsUnder(const CommissionTree& tree, size_t scope) {
  const size_t stations = tree.definition().polling_stations.size();
  std::vector<char> out(stations, 0);
  if (scope == CommissionTree::kNone) return out;
  for (uint32_t s : tree.StationsUnder(scope)) {
    if (s < stations) out[s] = 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

class CsvWriter {
 public:
  explicit CsvWriter(size_t reserve) { out_.reserve(reserve); }

  void Field(std::string_view s) {
    Separate();
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      out_.append(s);
      return;
    }
    out_ += '"';
    for (char c : s) {
      if (c == '"') out_ += '"';
      out_ += c;
    }
    out_ += '"';
  }
  void Int(int64_t n) {
    Separate();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    out_.append(buf, end);
  }
  void Empty() { Separate(); }
  void EndRow() {
    out_ += "\r\n";
    first_ = true;
  }
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }

  std::string out_;
  bool first_ = true;
};

void FigureHeaders(CsvWriter& csv, const Contest& contest) {
  for (const CountFigure& f : CountFigures()) csv.Field(f.key);
  csv.Field("participants");
  csv.Field("valid_votes");
  for (const std::string& choice : Columns(contest)) csv.Field(choice);
}

void FigureFields(CsvWriter& csv, const Contest& contest, const ContestCount& count,
                  std::vector<int64_t>* votes) {
  for (const CountFigure& f : CountFigures()) csv.Int(count.*f.field);
  csv.Int(count.participants());
  csv.Int(count.valid_votes());
  AlignVotes(count, Columns(contest), votes);
  for (int64_t v : *votes) {
    if (v < 0) csv.Empty(); else csv.Int(v);
  }
}

// ---------------------------------------------------------------------------------------------
// Results JSON

Value NameJson(const LocalizedName& n) {
  Value v = Value::Object();
  v.Set("kk", n.kk);
  v.Set("ru", n.ru);
  v.Set("en", n.en);
  return v;
}

Value StringArray(const std::vector<std::string>& items) {
  Value v = Value::Array();
  for (const std::string& s : items) v.Push(s);
  return v;
}

Value PresidentialJson(const PresidentialOutcome& o) {
  Value v = Value::Object();
  v.Set("kind", "presidential");
  v.Set("result", PresidentialOutcomeKindName(o.kind));
  v.Set("elected", o.elected);
  v.Set("run_off", StringArray(o.run_off));
  v.Set("tied_for_run_off", StringArray(o.tied_for_run_off));
  v.Set("open_places", o.open_places);
  v.Set("ballots_cast", o.ballots_cast);
  v.Set("valid_votes", o.valid_votes);
  v.Set("majority_bp", o.majority_bp);
  v.Set("votes_needed", o.votes_needed);
  Value candidates = Value::Array();
  for (const CandidateResult& c : o.candidates) {
    Value item = Value::Object();
    item.Set("candidate", c.candidate);
    item.Set("votes", c.votes);
    item.Set("share_bp", c.share_bp);
    candidates.Push(std::move(item));
  }
  v.Set("candidates", std::move(candidates));
  v.Set("computation", StringArray(o.computation));
  return v;
}

Value ErrorJson(const Error& e) {
  Value v = Value::Object();
  v.Set("kind", "error");
  v.Set("code", ErrorCodeName(e.code));
  v.Set("rule", e.rule);
  v.Set("where", e.where);
  v.Set("message", e.message);
  return v;
}

// ---------------------------------------------------------------------------------------------
// NIST SP 1500-100

// A kind prefix plus `id`, every byte outside [A-Za-z0-9.-] as _xx: an XML NCName, and distinct
// ids give distinct results (a raw '_' never survives, so "__" can separate two parts).
void AppendEscaped(std::string* out, std::string_view id) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : id) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-') {
      *out += ch;
    } else {
      *out += '_';
      *out += kHex[c >> 4];
      *out += kHex[c & 15];
    }
  }
}

std::string ObjectId(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  AppendEscaped(&out, id);
  return out;
}

std::string ObjectId(std::string_view prefix, std::string_view first, std::string_view second) {
  std::string out = ObjectId(prefix, first);
  out += "__";
  AppendEscaped(&out, second);
  return out;
}

Value Typed(std::string_view type) {
  Value v = Value::Object();
  v.Set("@type", type);
  return v;
}

Value LanguageText(std::string_view language, std::string_view content) {
  Value v = Typed("ElectionResults.LanguageString");
  v.Set("Content", content);
  v.Set("Language", language);
  return v;
}

// InternationalizedText needs at least one string: `fallback` (an id) when every name is empty.
Value IntlText(const LocalizedName& n, std::string_view fallback) {
  Value text = Value::Array();
  if (!n.kk.empty()) text.Push(LanguageText("kk", n.kk));
  if (!n.ru.empty()) text.Push(LanguageText("ru", n.ru));
  if (!n.en.empty()) text.Push(LanguageText("en", n.en));
  if (text.size() == 0) text.Push(LanguageText("en", fallback));
  Value v = Typed("ElectionResults.InternationalizedText");
  v.Set("Text", std::move(text));
  return v;
}

std::string_view ReportingUnitType(CommissionTier tier) {
  switch (tier) {
    case CommissionTier::kCentral: return "country";
    case CommissionTier::kRegional: return "state";
    case CommissionTier::kTerritorial: return "county";
    case CommissionTier::kPrecinct: return "precinct";
  }
  return "other";
}

std::string GeneratedDate(std::string_view date) {
  std::string out(date);
  if (out.size() == 10) out += "T00:00:00Z";  // "YYYY-MM-DD": the schema wants a time and zone
  return out;
}

Value VoteCount(const std::string& gp_unit, int64_t count) {
  Value v = Typed("ElectionResults.VoteCounts");
  v.Set("Count", count);
  v.Set("GpUnitId", gp_unit);
  v.Set("Type", "total");
  return v;
}

Value BallotCount(const std::string& gp_unit, const ContestCount& count) {
  Value v = Typed("ElectionResults.BallotCounts");
  v.Set("BallotsCast", count.valid_votes() + count.invalid_ballots);
  v.Set("BallotsRejected", count.invalid_ballots);
  v.Set("GpUnitId", gp_unit);
  v.Set("Type", "total");
  return v;
}

}  // namespace

json::Value OutcomeJson(const Contest& contest, std::span<const ContestOutcome> outcomes) {
  for (const ContestOutcome& o : outcomes) {
    if (o.contest != contest.id) continue;
    if (o.seats) return SeatAllocationJson(*o.seats);
    if (o.presidential) return PresidentialJson(*o.presidential);
    if (o.error) return ErrorJson(*o.error);
    return Value();
  }
  return Value();
}

json::Value CommissionContestsJson(const ElectionDefinition& def, const TierProtocol& protocol,
                                   std::span<const ContestOutcome> outcomes) {
  Value contests = Value::Array();
  for (const ContestTotals& totals : protocol.contests) {
    Value entry = ContestTotalsToJson(totals);
    Value outcome;
    for (const Contest& c : def.contests) {
      if (c.id == totals.contest && c.scope == protocol.commission) outcome = OutcomeJson(c, outcomes);
    }
    entry.Set("outcome", std::move(outcome));
    contests.Push(std::move(entry));
  }
  return contests;
}

json::Value SeatAllocationJson(const SeatAllocation& a) {
  Value v = Value::Object();
  v.Set("kind", "seats");
  v.Set("method", SeatMethodName(a.method));
  v.Set("tie_break", TieBreakName(a.tie_break));
  v.Set("lot_seed", a.tie_break == TieBreak::kLot ? Value(a.lot_seed) : Value());
  v.Set("runner_up_min_seats", a.runner_up_min_seats);
  v.Set("seats", a.seats);
  v.Set("participants", a.participants);
  v.Set("valid_votes", a.valid_votes);
  v.Set("threshold_bp", a.threshold_bp);
  v.Set("threshold_votes", a.threshold_votes);
  v.Set("passing_votes", a.passing_votes);
  Value quota = Value::Object();
  quota.Set("numerator", a.quota_numerator);
  quota.Set("denominator", a.quota_denominator);
  v.Set("quota", std::move(quota));
  v.Set("runner_up_rule_applied", a.runner_up_rule_applied);
  Value lists = Value::Array();
  for (const ListSeats& l : a.lists) {
    Value item = Value::Object();
    item.Set("choice", l.choice);
    item.Set("votes", l.votes);
    item.Set("registration_order", l.registration_order);
    item.Set("share_bp", l.share_bp);
    item.Set("passed", l.passed);
    item.Set("automatic_seats", l.automatic_seats);
    item.Set("remainder_numerator", l.remainder_numerator);
    item.Set("remainder_seats", l.remainder_seats);
    item.Set("last_divisor", l.last_divisor);
    item.Set("runner_up_transfer", l.runner_up_transfer);
    item.Set("seats", l.seats);
    item.Set("tie_decided", l.tie_decided);
    lists.Push(std::move(item));
  }
  v.Set("lists", std::move(lists));
  Value ties = Value::Array();
  for (const TieDecision& t : a.ties) {
    Value item = Value::Object();
    item.Set("stage", t.stage);
    item.Set("seats_at_stake", t.seats_at_stake);
    item.Set("contenders", StringArray(t.contenders));
    item.Set("winners", StringArray(t.winners));
    item.Set("rule", TieBreakName(t.rule));
    ties.Push(std::move(item));
  }
  v.Set("ties", std::move(ties));
  v.Set("computation", StringArray(a.computation));
  return v;
}

std::string PrecinctResultsCsv(const ElectionDefinition& def, const CommissionTree& tree,
                               std::span<const CountedPrecinct> latest, std::string_view contest_id) {
  const Contest* contest = FindContest(def, contest_id);
  if (contest == nullptr) return "";
  const size_t stations = def.polling_stations.size();
  const std::vector<char> votes_here = StationsUnder(tree, tree.FindCommission(contest->scope));
  const std::vector<const CountedPrecinct*> by_station = ByStation(tree, latest);

  CsvWriter csv(256 + stations * (160 + 12 * Columns(*contest).size()));
  for (const char* h : {"station", "number", "region", "tec", "pec", "status", "protocol_version",
                        "protocol_digest"}) {
    csv.Field(h);
  }
  FigureHeaders(csv, *contest);
  csv.EndRow();

  std::vector<int64_t> votes;
  const size_t empty_fields = CountFigures().size() + 2 + Columns(*contest).size();
  for (size_t s = 0; s < stations; ++s) {
    if (!votes_here[s]) continue;
    const PollingStation& station = def.polling_stations[s];
    csv.Field(station.id);
    csv.Int(station.number);
    csv.Field(station.region);
    const size_t pec = tree.FindCommission(station.commission);
    const size_t tec = pec == CommissionTree::kNone ? CommissionTree::kNone : tree.parent(pec);
    if (tec == CommissionTree::kNone) csv.Empty(); else csv.Field(def.commissions[tec].id);
    csv.Field(station.commission);
    const ContestCount* count =
        by_station[s] == nullptr ? nullptr : CountOf(*by_station[s]->protocol, contest->id);
    if (count == nullptr) {
      csv.Field("not reported");
      csv.Empty();
      csv.Empty();
      for (size_t i = 0; i < empty_fields; ++i) csv.Empty();
    } else {
      csv.Field("reported");
      csv.Int(by_station[s]->protocol->version);
      csv.Field(by_station[s]->digest);
      FigureFields(csv, *contest, *count, &votes);
    }
    csv.EndRow();
  }
  return csv.Take();
}

std::string TierResultsCsv(const ElectionDefinition& def, const NationalTabulation& tabulation,
                           std::string_view contest_id) {
  const Contest* contest = FindContest(def, contest_id);
  if (contest == nullptr) return "";
  CsvWriter csv(256 + tabulation.tiers.size() * (200 + 12 * Columns(*contest).size()));
  for (const char* h : {"commission", "tier", "parent", "precincts_expected", "precincts_counted"}) {
    csv.Field(h);
  }
  FigureHeaders(csv, *contest);
  csv.EndRow();
  std::vector<int64_t> votes;
  for (size_t c = 0; c < def.commissions.size(); ++c) {
    const TabulatedTier* tier = tabulation.Find(c);
    if (tier == nullptr) continue;
    const ContestTotals* totals = TotalsOf(tier->protocol, contest->id);
    if (totals == nullptr) continue;
    const Commission& commission = def.commissions[c];
    csv.Field(commission.id);
    csv.Field(TierName(commission.tier));
    csv.Field(commission.parent);
    csv.Int(totals->precincts_expected);
    csv.Int(totals->precincts_counted);
    FigureFields(csv, *contest, *totals, &votes);
    csv.EndRow();
  }
  return csv.Take();
}

json::Value ResultsJson(const CommissionTree& tree, const NationalTabulation& tabulation,
                        std::span<const ContestOutcome> outcomes) {
  const ElectionDefinition& def = tree.definition();
  Value doc = Value::Object();
  doc.Set("format", kResultsFormat);
  doc.Set("election_id", def.election_id);
  doc.Set("election_day", def.election_day);
  const TabulatedTier* cec = tabulation.tiers.empty() ? nullptr : &tabulation.cec();
  doc.Set("definition_digest", cec == nullptr ? std::string() : cec->protocol.definition_digest);
  doc.Set("cec_protocol_digest", cec == nullptr ? std::string() : cec->digest.Hex());

  Value contests = Value::Array();
  std::vector<int64_t> votes;
  for (const Contest& contest : def.contests) {
    const size_t scope = tree.FindCommission(contest.scope);
    const TabulatedTier* tier = scope == kNone ? nullptr : tabulation.Find(scope);
    const ContestTotals* totals = tier == nullptr ? nullptr : TotalsOf(tier->protocol, contest.id);

    Value c = Value::Object();
    c.Set("contest", contest.id);
    c.Set("kind", ContestKindName(contest.kind));
    c.Set("name", NameJson(contest.name));
    c.Set("scope", contest.scope);
    c.Set("seats", contest.seats);
    c.Set("tier_protocol_digest", totals == nullptr ? std::string() : tier->digest.Hex());
    c.Set("precincts_expected", totals == nullptr ? int64_t{0} : totals->precincts_expected);
    c.Set("precincts_counted", totals == nullptr ? int64_t{0} : totals->precincts_counted);
    c.Set("complete", totals != nullptr && totals->precincts_counted == totals->precincts_expected);
    if (totals == nullptr) {
      c.Set("figures", Value());
      c.Set("turnout", Value());
    } else {
      Value figures = Value::Object();
      for (const CountFigure& f : CountFigures()) figures.Set(std::string(f.key), (*totals).*f.field);
      figures.Set("participants", totals->participants());
      figures.Set("valid_votes", totals->valid_votes());
      figures.Set("ballots_cast", totals->valid_votes() + totals->invalid_ballots);
      c.Set("figures", std::move(figures));
      Value turnout = Value::Object();
      turnout.Set("participants", totals->participants());
      turnout.Set("registered_voters", totals->registered_voters);
      turnout.Set("bp", BasisPoints(totals->participants(), totals->registered_voters));
      c.Set("turnout", std::move(turnout));
      AlignVotes(*totals, Columns(contest), &votes);
    }

    Value choices = Value::Array();
    const std::vector<std::string>& columns = Columns(contest);
    for (size_t i = 0; i < columns.size(); ++i) {
      Value item = Value::Object();
      item.Set("choice", columns[i]);
      item.Set("position", static_cast<int64_t>(i) + 1);
      for (const Choice& choice : contest.choices) {
        if (choice.id != columns[i]) continue;
        item.Set("name", NameJson(choice.name));
        item.Set("party", choice.party);
      }
      if (totals != nullptr && votes[i] >= 0) item.Set("votes", votes[i]); else item.Set("votes", Value());
      choices.Push(std::move(item));
    }
    c.Set("choices", std::move(choices));
    c.Set("outcome", OutcomeJson(contest, outcomes));
    contests.Push(std::move(c));
  }
  doc.Set("contests", std::move(contests));
  return doc;
}

namespace {

// The NIST SP 1500-100 election report, part by part. The parts refer to one another by the ids
// given here to commissions, stations and parties.
class NistReport {
 public:
  NistReport(const CommissionTree& tree, const NationalTabulation& tabulation, std::span<const CountedPrecinct> latest)
      : tree_(tree), def_(tree.definition()), tabulation_(tabulation), by_station_(ByStation(tree, latest)) {
    const size_t stations = def_.polling_stations.size();
    commission_ids_.resize(def_.commissions.size());
    for (size_t c = 0; c < def_.commissions.size(); ++c) commission_ids_[c] = ObjectId("c-", def_.commissions[c].id);
    station_ids_.resize(stations);
    for (size_t s = 0; s < stations; ++s) station_ids_[s] = ObjectId("s-", def_.polling_stations[s].id);
    pec_of_.resize(stations);
    for (size_t s = 0; s < stations; ++s) pec_of_[s] = tree.FindCommission(def_.polling_stations[s].commission);
  }

  Value Build(std::string_view generated_date) {
    Value gp_units = GpUnits();
    AddDefinitionParties();
    Value elections = Value::Array();
    for (size_t k = 0; k < def_.contests.size(); ++k) {
      const size_t scope = tree_.FindCommission(def_.contests[k].scope);
      if (scope == kNone) continue;  // not a contest of this definition's tree: nothing to place it in
      elections.Push(Election(k, scope));
    }
    return Report(std::move(gp_units), std::move(elections), generated_date);
  }

 private:
  // One contest's figures: its scope's totals and each counted station's, votes in ballot order.
  struct ContestFigures {
    const Contest* contest = nullptr;
    const std::string* scope_id = nullptr;
    const ContestTotals* totals = nullptr;  // nullptr: the scope has not tabulated it
    std::vector<int64_t> total_votes;
    std::vector<std::pair<size_t, const ContestCount*>> counted;  // station index, its count
    std::vector<int64_t> station_votes;  // a row of the ballot's columns per counted station
    int64_t expected = 0;                // stations voting in the contest
  };

  // GpUnits: the commissions that total (not PECs) in definition order, then the stations. A
  // commission is composed of its child commissions, or of the stations of its child PECs.
  Value GpUnits() const {
    const size_t commissions = def_.commissions.size();
    std::vector<std::vector<const std::string*>> composing(commissions);
    std::vector<int64_t> registered(commissions, 0);
    for (size_t c = 0; c < commissions; ++c) {
      const size_t parent = tree_.parent(c);
      if (parent != kNone && def_.commissions[c].tier != CommissionTier::kPrecinct) {
        composing[parent].push_back(&commission_ids_[c]);
      }
    }
    for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
      const size_t pec = pec_of_[s];
      if (pec == kNone) continue;
      if (tree_.parent(pec) != kNone) composing[tree_.parent(pec)].push_back(&station_ids_[s]);
      for (size_t at = tree_.parent(pec); at != kNone; at = tree_.parent(at)) {  // the tree has no cycle
        registered[at] += def_.polling_stations[s].registered_voters;
      }
    }
    Value gp_units = Value::Array();
    for (size_t c = 0; c < commissions; ++c) {
      const Commission& commission = def_.commissions[c];
      if (commission.tier == CommissionTier::kPrecinct) continue;
      Value unit = Typed("ElectionResults.ReportingUnit");
      unit.Set("@id", commission_ids_[c]);
      Value parts = Value::Array();
      for (const std::string* id : composing[c]) parts.Push(*id);
      unit.Set("ComposingGpUnitIds", std::move(parts));
      unit.Set("Name", IntlText(commission.name, commission.id));
      unit.Set("Type", ReportingUnitType(commission.tier));
      unit.Set("VotersRegistered", registered[c]);
      gp_units.Push(std::move(unit));
    }
    for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
      const PollingStation& station = def_.polling_stations[s];
      const size_t pec = pec_of_[s];
      Value unit = Typed("ElectionResults.ReportingUnit");
      unit.Set("@id", station_ids_[s]);
      unit.Set("Name", pec == kNone ? IntlText({}, station.id)
                                    : IntlText(def_.commissions[pec].name, station.commission));
      unit.Set("Number", std::to_string(station.number));
      unit.Set("Type", "precinct");
      unit.Set("VotersRegistered", station.registered_voters);
      gp_units.Push(std::move(unit));
    }
    return gp_units;
  }

  // Parties: the definition's here; a party-list choice that names none adds its own later.
  void AddDefinitionParties() {
    for (const Party& party : def_.parties) {
      std::string id = ObjectId("p-", party.id);
      Value p = Typed("ElectionResults.Party");
      p.Set("@id", id);
      if (!party.abbreviation.empty()) {
        Value abbreviation = Typed("ElectionResults.InternationalizedText");
        Value text = Value::Array();
        text.Push(LanguageText("und", party.abbreviation));  // as on the ballot, in any script
        abbreviation.Set("Text", std::move(text));
        p.Set("Abbreviation", std::move(abbreviation));
      }
      p.Set("Name", IntlText(party.name, party.id));
      parties_.Push(std::move(p));
      party_ids_.emplace(party.id, std::move(id));
    }
  }

  ContestFigures FiguresOf(const Contest& contest, size_t scope) {
    ContestFigures f;
    f.contest = &contest;
    f.scope_id = &commission_ids_[scope];
    const TabulatedTier* tier = tabulation_.Find(scope);
    f.totals = tier == nullptr ? nullptr : TotalsOf(tier->protocol, contest.id);
    if (f.totals != nullptr) AlignVotes(*f.totals, Columns(contest), &f.total_votes);
    std::vector<int64_t> votes;
    const std::vector<char> votes_here = StationsUnder(tree_, scope);
    for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
      if (!votes_here[s]) continue;
      ++f.expected;
      const ContestCount* count =
          by_station_[s] == nullptr ? nullptr : CountOf(*by_station_[s]->protocol, contest.id);
      if (count == nullptr) continue;
      f.counted.emplace_back(s, count);
      AlignVotes(*count, Columns(contest), &votes);
      f.station_votes.insert(f.station_votes.end(), votes.begin(), votes.end());
    }
    if (static_cast<int64_t>(f.counted.size()) < f.expected) complete_ = false;
    return f;
  }

  // The contest `k` of the definition as a NIST Election of its own, scoped to `scope`.
  Value Election(size_t k, size_t scope) {
    const Contest& contest = def_.contests[k];
    const ContestFigures f = FiguresOf(contest, scope);
    const bool presidential = contest.kind == ContestKind::kPresidential;
    Value ballot_counts = Value::Array();
    if (f.totals != nullptr) ballot_counts.Push(BallotCount(*f.scope_id, *f.totals));
    for (const auto& [s, count] : f.counted) ballot_counts.Push(BallotCount(station_ids_[s], *count));
    Value candidates = Value::Array();
    Value selections = Value::Array();
    for (size_t i = 0; i < Columns(contest).size(); ++i) selections.Push(Selection(f, i, &candidates));

    Value election = Typed("ElectionResults.Election");
    election.Set("BallotCounts", std::move(ballot_counts));
    if (presidential) election.Set("Candidate", std::move(candidates));
    Value contest_list = Value::Array();
    contest_list.Push(NistContest(f, k, std::move(selections)));
    election.Set("Contest", std::move(contest_list));
    election.Set("ElectionScopeId", *f.scope_id);
    election.Set("EndDate", def_.election_day);
    election.Set("Name", IntlText(contest.name, contest.id));
    election.Set("StartDate", def_.election_day);
    election.Set("Type", "general");
    return election;
  }

  // The ballot's column `i`: a candidate (added to `candidates`) or a party list, with its votes
  // in the scope and at each counted station.
  Value Selection(const ContestFigures& f, size_t i, Value* candidates) {
    const Contest& contest = *f.contest;
    const std::vector<std::string>& columns = Columns(contest);
    const bool presidential = contest.kind == ContestKind::kPresidential;
    const Choice* choice = nullptr;
    for (const Choice& ch : contest.choices) {
      if (ch.id == columns[i]) choice = &ch;
    }
    const std::string party = choice == nullptr ? std::string() : choice->party;
    auto known_party = party_ids_.find(party);
    Value selection = Typed(presidential ? "ElectionResults.CandidateSelection"
                                         : "ElectionResults.PartySelection");
    selection.Set("@id", ObjectId("sel-", contest.id, columns[i]));
    if (presidential) {
      const std::string candidate_id = ObjectId("cand-", contest.id, columns[i]);
      Value candidate = Typed("ElectionResults.Candidate");
      candidate.Set("@id", candidate_id);
      candidate.Set("BallotName",
                    IntlText(choice == nullptr ? LocalizedName{} : choice->name, columns[i]));
      if (known_party != party_ids_.end()) candidate.Set("PartyId", known_party->second);
      candidates->Push(std::move(candidate));
      Value ids = Value::Array();
      ids.Push(candidate_id);
      selection.Set("CandidateIds", std::move(ids));
    } else {
      Value ids = Value::Array();
      if (known_party != party_ids_.end()) {
        ids.Push(known_party->second);
      } else {
        // A list that names no party (e.g. a bloc) is its own Party for NIST.
        const std::string id = ObjectId("pl-", contest.id, columns[i]);
        Value p = Typed("ElectionResults.Party");
        p.Set("@id", id);
        p.Set("Name", IntlText(choice == nullptr ? LocalizedName{} : choice->name, columns[i]));
        parties_.Push(std::move(p));
        ids.Push(id);
      }
      selection.Set("PartyIds", std::move(ids));
    }
    selection.Set("SequenceOrder", static_cast<int64_t>(i) + 1);
    Value vote_counts = Value::Array();
    if (f.totals != nullptr && f.total_votes[i] >= 0) vote_counts.Push(VoteCount(*f.scope_id, f.total_votes[i]));
    for (size_t n = 0; n < f.counted.size(); ++n) {
      const int64_t v = f.station_votes[n * columns.size() + i];
      if (v >= 0) vote_counts.Push(VoteCount(station_ids_[f.counted[n].first], v));
    }
    selection.Set("VoteCounts", std::move(vote_counts));
    return selection;
  }

  Value NistContest(const ContestFigures& f, size_t k, Value selections) const {
    const Contest& contest = *f.contest;
    const bool presidential = contest.kind == ContestKind::kPresidential;
    Value nist_contest = Typed(presidential ? "ElectionResults.CandidateContest"
                                            : "ElectionResults.PartyContest");
    nist_contest.Set("@id", ObjectId("contest-", contest.id));
    nist_contest.Set("BallotTitle", IntlText(contest.name, contest.id));
    nist_contest.Set("ContestSelection", std::move(selections));
    nist_contest.Set("ElectionDistrictId", *f.scope_id);
    nist_contest.Set("Name", BestName(contest.name, contest.id));
    if (presidential) {
      nist_contest.Set("NumberElected", contest.seats);
      nist_contest.Set("NumberRunoff", 2);
    }
    nist_contest.Set("SequenceOrder", static_cast<int64_t>(k) + 1);
    nist_contest.Set("SubUnitsReported", static_cast<int64_t>(f.counted.size()));
    nist_contest.Set("TotalSubUnits", f.expected);
    nist_contest.Set("VoteVariation", presidential ? "majority" : "proportional");
    if (presidential) nist_contest.Set("VotesAllowed", 1);
    return nist_contest;
  }

  Value Report(Value gp_units, Value elections, std::string_view generated_date) {
    size_t root = kNone;  // the CEC: the commission without a parent
    for (size_t c = 0; c < def_.commissions.size() && root == kNone; ++c) {
      if (def_.commissions[c].parent.empty()) root = c;
    }
    Value report = Typed("ElectionResults.ElectionReport");
    report.Set("Election", std::move(elections));
    report.Set("Format", "precinct-level");
    report.Set("GeneratedDate", GeneratedDate(generated_date));
    report.Set("GpUnit", std::move(gp_units));
    report.Set("Issuer", root == kNone ? def_.election_id
                                       : BestName(def_.commissions[root].name, def_.commissions[root].id));
    report.Set("IssuerAbbreviation", root == kNone ? def_.election_id : def_.commissions[root].id);
    std::string notes = "Ashyq results of " + def_.election_id;
    if (!tabulation_.tiers.empty()) {
      notes += " under definition " + tabulation_.cec().protocol.definition_digest +
               "; CEC tier protocol " + tabulation_.cec().digest.Hex();
    }
    report.Set("Notes", notes);
    report.Set("Party", std::move(parties_));
    report.Set("SequenceEnd", 1);
    report.Set("SequenceStart", 1);
    report.Set("Status", complete_ ? "unofficial-complete" : "unofficial-partial");
    report.Set("VendorApplicationId", "Ashyq");
    return report;
  }

  const CommissionTree& tree_;
  const ElectionDefinition& def_;
  const NationalTabulation& tabulation_;
  const std::vector<const CountedPrecinct*> by_station_;
  std::vector<std::string> commission_ids_;
  std::vector<std::string> station_ids_;
  std::vector<size_t> pec_of_;  // each station's PEC
  std::unordered_map<std::string_view, std::string> party_ids_;
  Value parties_ = Value::Array();
  bool complete_ = true;  // every station voting in every contest is counted
};

}  // namespace

json::Value NistElectionReport(const CommissionTree& tree, const NationalTabulation& tabulation,
                               std::span<const CountedPrecinct> latest, std::string_view generated_date) {
  return NistReport(tree, tabulation, latest).Build(generated_date);
}

}  // namespace ashyq::tabulate
