#include "tabulate/tier_protocol.h"

#include <array>
#include <string>
#include <utility>

#include "core/json_reader.h"

namespace ashyq::tabulate {
namespace {

using json::ObjectReader;
using json::PointerAppend;
using json::Value;
using protocol::ContestCount;

constexpr CountFigure kCountFigures[] = {
    {"registered_voters", "registered voters", &ContestCount::registered_voters},
    {"voters_added_on_day", "voters added on the day", &ContestCount::voters_added_on_day},
    {"ballots_received", "ballots received", &ContestCount::ballots_received},
    {"ballots_issued", "ballots issued", &ContestCount::ballots_issued},
    {"ballots_cancelled", "ballots cancelled", &ContestCount::ballots_cancelled},
    {"electronic_ballots_issued", "electronic ballots issued",
     &ContestCount::electronic_ballots_issued},
    {"electronic_votes", "electronic votes", &ContestCount::electronic_votes},
    {"voters_with_avc", "voters with an absentee certificate", &ContestCount::voters_with_avc},
    {"mobile_requests", "homebound requests", &ContestCount::mobile_requests},
    {"ballots_in_mobile_boxes", "ballots in mobile boxes", &ContestCount::ballots_in_mobile_boxes},
    {"ballots_in_stationary_boxes", "ballots in stationary boxes",
     &ContestCount::ballots_in_stationary_boxes},
    {"invalid_ballots", "invalid ballots", &ContestCount::invalid_ballots},
};

constexpr std::array kTiers = {CommissionTier::kCentral, CommissionTier::kRegional,
                               CommissionTier::kTerritorial};

bool IsLowerHexDigest(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Reads one tier protocol. Holds the problem list so the per-object readers stay short.
class TierReader {
 public:
  explicit TierReader(std::vector<Error>* problems) : problems_(problems) {}

  TierProtocol Read(const Value& doc);

 private:
  // A digest field: 64 lowercase hex digits.
  std::string Digest(ObjectReader& r, std::string_view key) {
    const size_t before = problems_->size();
    std::string digest = r.String(key);
    if (problems_->size() == before && r.is_object() && !IsLowerHexDigest(digest)) {
      r.Fail(key, "expected a digest: 64 lowercase hex digits");
    }
    return digest;
  }
  // Marks a field as read without reading it, so RejectUnknown does not call it unknown.
  static void SkipIfPresent(ObjectReader& r, const Value& object, std::string_view key) {
    if (r.is_object() && object.Find(key) != nullptr) r.Any(key);
  }
  void ReadCount(ObjectReader& r, ContestCount* c);
  ContestCount ReadContestCount(const Value& v, const std::string& path);
  ContestTotals ReadTotals(const Value& v, const std::string& path);
  ChildEntry ReadChild(const Value& v, const std::string& path);
  PrecinctEntry ReadPrecinct(const Value& v, const std::string& path, bool tec);

  template <typename T, typename F>
  std::vector<T> List(const Value* array, const std::string& base, F read) {
    std::vector<T> out;
    if (array == nullptr) return out;
    out.reserve(array->items().size());
    for (size_t i = 0; i < array->items().size(); ++i) {
      out.push_back(read(array->items()[i], PointerAppend(base, i)));
    }
    return out;
  }

  std::vector<Error>* problems_;
};

void TierReader::ReadCount(ObjectReader& r, ContestCount* c) {
  c->contest = r.NonEmptyString("contest");
  for (const CountFigure& f : kCountFigures) c->*f.field = r.Int(f.key);
  const Value* votes = r.Array("votes");
  c->votes = List<std::pair<std::string, int64_t>>(
      votes, r.PathOf("votes"), [this](const Value& item, const std::string& at) {
        ObjectReader vr(item, at, problems_);
        std::pair<std::string, int64_t> vote;
        vote.first = vr.NonEmptyString("choice");
        vote.second = vr.Int("votes");
        vr.RejectUnknown();
        return vote;
      });
}

ContestCount TierReader::ReadContestCount(const Value& v, const std::string& path) {
  ObjectReader r(v, path, problems_);
  ContestCount c;
  ReadCount(r, &c);
  r.RejectUnknown();
  return c;
}

ContestTotals TierReader::ReadTotals(const Value& v, const std::string& path) {
  ObjectReader r(v, path, problems_);
  ContestTotals t;
  ReadCount(r, &t);
  t.precincts_expected = r.Int("precincts_expected", 0, json::kMaxSafeInteger);
  t.precincts_counted = r.Int("precincts_counted", 0, json::kMaxSafeInteger);
  r.RejectUnknown();
  return t;
}

ChildEntry TierReader::ReadChild(const Value& v, const std::string& path) {
  ObjectReader r(v, path, problems_);
  ChildEntry c;
  c.commission = r.NonEmptyString("commission");
  c.protocol_digest = Digest(r, "protocol_digest");
  r.RejectUnknown();
  return c;
}

PrecinctEntry TierReader::ReadPrecinct(const Value& v, const std::string& path, bool tec) {
  ObjectReader r(v, path, problems_);
  PrecinctEntry p;
  p.station = r.NonEmptyString("station");
  p.version = r.Int("version", 1, json::kMaxSafeInteger);
  p.protocol_digest = Digest(r, "protocol_digest");
  if (tec) {
    p.contests = List<ContestCount>(r.Array("contests"), r.PathOf("contests"),
                                    [this](const Value& item, const std::string& at) {
                                      return ReadContestCount(item, at);
                                    });
  } else if (r.is_object() && v.Find("contests") != nullptr) {
    r.Any("contests");
    r.Fail("contests", "only a TEC protocol embeds precinct figures; an REC or CEC protocol "
                       "references them through its children");
  }
  r.RejectUnknown();
  return p;
}

TierProtocol TierReader::Read(const Value& doc) {
  TierProtocol p;
  const Value* format = doc.is_object() ? doc.Find("format") : nullptr;
  if (format == nullptr || !format->is_string() || format->as_string() != kTierProtocolFormat) {
    problems_->push_back(BadInput(format == nullptr ? "" : "/format",
                                  "not a tier protocol: \"format\" must be \"" +
                                      std::string(kTierProtocolFormat) + "\""));
    return p;
  }
  ObjectReader r(doc, "", problems_);
  r.String("format");
  p.election_id = r.NonEmptyString("election_id");
  p.definition_digest = Digest(r, "definition_digest");
  p.commission = r.NonEmptyString("commission");

  const size_t before_tier = problems_->size();
  const std::string tier = r.String("tier");
  bool tier_known = false;
  if (problems_->size() == before_tier) {
    for (CommissionTier t : kTiers) {
      if (TierName(t) == tier) {
        p.tier = t;
        tier_known = true;
      }
    }
    if (!tier_known) {
      r.Fail("tier", "unknown tier \"" + tier.substr(0, 16) +
                         "\"; a tier protocol is that of a \"tec\", \"rec\" or \"cec\"");
    }
  }
  const bool tec = tier_known && p.tier == CommissionTier::kTerritorial;

  p.contests = List<ContestTotals>(
      r.Array("contests"), r.PathOf("contests"),
      [this](const Value& item, const std::string& at) { return ReadTotals(item, at); });

  if (tec) {
    if (doc.Find("children") != nullptr) {
      r.Any("children");
      r.Fail("children", "a TEC protocol totals precinct protocols and has no children");
    }
  } else if (tier_known) {
    p.children = List<ChildEntry>(
        r.Array("children"), r.PathOf("children"),
        [this](const Value& item, const std::string& at) { return ReadChild(item, at); });
  } else {
    SkipIfPresent(r, doc, "children");  // the tier is already reported
  }

  if (tier_known) {
    p.precincts = List<PrecinctEntry>(r.Array("precincts"), r.PathOf("precincts"),
                                      [this, tec](const Value& item, const std::string& at) {
                                        return ReadPrecinct(item, at, tec);
                                      });
  } else {
    SkipIfPresent(r, doc, "precincts");
  }
  r.RejectUnknown();
  return p;
}

void WriteCount(const ContestCount& c, Value* out) {
  out->Set("contest", Value(c.contest));
  for (const CountFigure& f : kCountFigures) out->Set(std::string(f.key), Value(c.*f.field));
  Value votes = Value::Array();
  votes.items().reserve(c.votes.size());
  for (const auto& [choice, n] : c.votes) {
    Value vote = Value::Object();
    vote.Set("choice", Value(choice));
    vote.Set("votes", Value(n));
    votes.Push(std::move(vote));
  }
  out->Set("votes", std::move(votes));
}

}  // namespace

std::span<const CountFigure> CountFigures() { return kCountFigures; }

TierProtocol TierProtocolFromJson(const json::Value& doc, std::vector<Error>* problems) {
  return TierReader(problems).Read(doc);
}

json::Value TierProtocolToJson(const TierProtocol& p) {
  const bool tec = p.tier == CommissionTier::kTerritorial;
  Value v = Value::Object();
  v.Set("format", Value(kTierProtocolFormat));
  v.Set("election_id", Value(p.election_id));
  v.Set("definition_digest", Value(p.definition_digest));
  v.Set("commission", Value(p.commission));
  v.Set("tier", Value(TierName(p.tier)));

  Value contests = Value::Array();
  contests.items().reserve(p.contests.size());
  for (const ContestTotals& t : p.contests) {
    Value tv = Value::Object();
    WriteCount(t, &tv);
    tv.Set("precincts_expected", Value(t.precincts_expected));
    tv.Set("precincts_counted", Value(t.precincts_counted));
    contests.Push(std::move(tv));
  }
  v.Set("contests", std::move(contests));

  if (!tec) {
    Value children = Value::Array();
    children.items().reserve(p.children.size());
    for (const ChildEntry& c : p.children) {
      Value cv = Value::Object();
      cv.Set("commission", Value(c.commission));
      cv.Set("protocol_digest", Value(c.protocol_digest));
      children.Push(std::move(cv));
    }
    v.Set("children", std::move(children));
  }

  Value precincts = Value::Array();
  precincts.items().reserve(p.precincts.size());
  for (const PrecinctEntry& e : p.precincts) {
    Value ev = Value::Object();
    ev.Set("station", Value(e.station));
    ev.Set("version", Value(e.version));
    ev.Set("protocol_digest", Value(e.protocol_digest));
    if (tec) {
      Value figures = Value::Array();
      figures.items().reserve(e.contests.size());
      for (const ContestCount& c : e.contests) {
        Value cv = Value::Object();
        WriteCount(c, &cv);
        figures.Push(std::move(cv));
      }
      ev.Set("contests", std::move(figures));
    }
    precincts.Push(std::move(ev));
  }
  v.Set("precincts", std::move(precincts));
  return v;
}

Digest TierProtocolDigest(const TierProtocol& p) {
  return TaggedHash(tag::kObject, json::Canonicalize(TierProtocolToJson(p)));
}

}  // namespace ashyq::tabulate
