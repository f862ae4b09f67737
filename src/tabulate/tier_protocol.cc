#include "tabulate/tier_protocol.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string>
#include <utility>

#include "core/json_reader.h"
#include "core/shortened.h"
#include "core/encoding.h"
#include "protocol/protocol_json.h"

namespace ashyq::tabulate {
namespace {

using json::ObjectReader;
using json::PointerAppend;
using json::Value;
using protocol::ContestCount;

constexpr std::array kTiers = {CommissionTier::kCentral, CommissionTier::kRegional,
                               CommissionTier::kTerritorial};

// Reads one tier protocol. Holds the problem list so the per-object readers stay short.
class TierReader {
 public:
  explicit TierReader(std::vector<Error>* problems) : problems_(problems) {}

  TierProtocol Read(const Value& doc);

 private:
  // Marks a field as read without reading it, so RejectUnknown does not call it unknown.
  static void SkipIfPresent(ObjectReader& r, const Value& object, std::string_view key) {
    if (r.is_object() && object.Find(key) != nullptr) r.Any(key);
  }
  void ReadCount(ObjectReader& r, ContestCount* c);
  ContestCount ReadContestCount(const Value& v, const std::string& path);
  ContestTotals ReadTotals(const Value& v, const std::string& path);
  ChildEntry ReadChild(const Value& v, const std::string& path);
  PrecinctEntry ReadPrecinct(const Value& v, const std::string& path, bool tec);

  std::vector<Error>* problems_;
};

void TierReader::ReadCount(ObjectReader& r, ContestCount* c) {
  protocol::ReadContestCountFields(r, c, problems_);
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
  c.protocol_digest = r.DigestHex("protocol_digest");
  r.RejectUnknown();
  return c;
}

PrecinctEntry TierReader::ReadPrecinct(const Value& v, const std::string& path, bool tec) {
  ObjectReader r(v, path, problems_);
  PrecinctEntry p;
  p.station = r.NonEmptyString("station");
  p.version = r.Int("version", 1, json::kMaxSafeInteger);
  p.protocol_digest = r.DigestHex("protocol_digest");
  if (tec) {
    p.contests = r.List<ContestCount>("contests",
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
  if (!json::RequireFormat(doc, kTierProtocolFormat, "a tier protocol", problems_)) return p;
  ObjectReader r(doc, "", problems_);
  r.String("format");
  p.election_id = r.NonEmptyString("election_id");
  p.definition_digest = r.DigestHex("definition_digest");
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

  p.contests = r.List<ContestTotals>("contests",
      [this](const Value& item, const std::string& at) { return ReadTotals(item, at); });

  if (tec) {
    if (doc.Find("children") != nullptr) {
      r.Any("children");
      r.Fail("children", "a TEC protocol totals precinct protocols and has no children");
    }
  } else if (tier_known) {
    p.children = r.List<ChildEntry>("children",
        [this](const Value& item, const std::string& at) { return ReadChild(item, at); });
  } else {
    SkipIfPresent(r, doc, "children");  // the tier is already reported
  }

  if (tier_known) {
    p.precincts = r.List<PrecinctEntry>("precincts",
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
  for (const CountFigure& f : CountFigures()) out->Set(std::string(f.key), Value(c.*f.field));
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

// RFC 8785 output written straight from the protocol, without building a json::Value: the
// CEC protocol of 2007 references 9,727 precincts and the TEC protocols embed every figure, so
// building and sorting a tree first costs several times the hashing. Keys are ASCII, so their
// UTF-16 order is their byte order, and they are written in that order.
// Whether any of the 8 bytes at p is '"', '\\' or below 0x20. (A borrow can flag a later byte
// spuriously only when an earlier byte really matches, so the answer is exact.)
bool NeedsEscape(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  uint64_t w;
  std::memcpy(&w, p, 8);
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  return (has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\')) |
          ((w - kOnes * 0x20) & ~w & kHighs)) != 0;
}

class CanonicalWriter {
 public:
  std::string& out() { return out_; }

  void Key(std::string_view key, bool first) {
    if (!first) out_ += ',';
    out_ += '"';
    out_.append(key);
    out_ += "\":";
  }
  void String(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      // Ids and digests rarely need escaping: skip eight plain bytes at a time.
      while (i + 8 <= s.size() && !NeedsEscape(s.data() + i)) i += 8;
      if (i == s.size()) break;
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.substr(run, i - run));
      run = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\t': out_ += "\\t"; break;
        case '\n': out_ += "\\n"; break;
        case '\f': out_ += "\\f"; break;
        case '\r': out_ += "\\r"; break;
        default: {
          const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out_.append(u, 6);
        }
      }
    }
    out_.append(s.substr(run));
    out_ += '"';
  }
  void Int(int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, static_cast<size_t>(r.ptr - buf));
  }

  // A ContestCount, or the ContestTotals around it (`totals` not null).
  void Count(const ContestCount& c, const ContestTotals* totals) {
    out_ += '{';
    bool first = true;
    for (const Slot& slot : Slots()) {
      if (slot.kind >= Slot::kExpected && totals == nullptr) continue;
      out_.append(slot.member, first ? 1 : 0, std::string::npos);  // skip the comma if first
      first = false;
      switch (slot.kind) {
        case Slot::kFigure: Int(c.*slot.field); break;
        case Slot::kContest: String(c.contest); break;
        case Slot::kVotes: Votes(c.votes); break;
        case Slot::kExpected: Int(totals->precincts_expected); break;
        case Slot::kCounted: Int(totals->precincts_counted); break;
      }
    }
    out_ += '}';
  }

 private:
  struct Slot {
    enum Kind { kFigure, kContest, kVotes, kExpected, kCounted };
    std::string_view key;
    Kind kind;
    int64_t ContestCount::*field;
    std::string member;  // ,"key":
  };
  // The members of a (totals) contest object in canonical order.
  static const std::vector<Slot>& Slots() {
    static const std::vector<Slot> slots = [] {
      std::vector<Slot> v;
      for (const CountFigure& f : CountFigures()) v.push_back({f.key, Slot::kFigure, f.field, {}});
      v.push_back({"contest", Slot::kContest, nullptr, {}});
      v.push_back({"votes", Slot::kVotes, nullptr, {}});
      v.push_back({"precincts_expected", Slot::kExpected, nullptr, {}});
      v.push_back({"precincts_counted", Slot::kCounted, nullptr, {}});
      std::sort(v.begin(), v.end(), [](const Slot& a, const Slot& b) { return a.key < b.key; });
      for (Slot& slot : v) slot.member = ",\"" + std::string(slot.key) + "\":";
      return v;
    }();
    return slots;
  }
  void Votes(const std::vector<std::pair<std::string, int64_t>>& votes) {
    out_ += '[';
    for (size_t i = 0; i < votes.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += "{\"choice\":";
      String(votes[i].first);
      out_ += ",\"votes\":";
      Int(votes[i].second);
      out_ += '}';
    }
    out_ += ']';
  }

  std::string out_;
};

}  // namespace


std::string TierProtocolCanonical(const TierProtocol& p) {
  const bool tec = p.tier == CommissionTier::kTerritorial;
  CanonicalWriter w;
  w.out().reserve(512 + p.contests.size() * 600 + p.children.size() * 120 +
                  p.precincts.size() * (tec ? 160 + 600 * p.contests.size() : 140));
  w.out() += '{';
  bool first = true;
  if (!tec) {
    w.Key("children", first);
    first = false;
    w.out() += '[';
    for (size_t i = 0; i < p.children.size(); ++i) {
      if (i > 0) w.out() += ',';
      w.out() += '{';
      w.Key("commission", true);
      w.String(p.children[i].commission);
      w.Key("protocol_digest", false);
      w.String(p.children[i].protocol_digest);
      w.out() += '}';
    }
    w.out() += ']';
  }
  w.Key("commission", first);
  w.String(p.commission);
  w.Key("contests", false);
  w.out() += '[';
  for (size_t i = 0; i < p.contests.size(); ++i) {
    if (i > 0) w.out() += ',';
    w.Count(p.contests[i], &p.contests[i]);
  }
  w.out() += ']';
  w.Key("definition_digest", false);
  w.String(p.definition_digest);
  w.Key("election_id", false);
  w.String(p.election_id);
  w.Key("format", false);
  w.String(kTierProtocolFormat);
  w.Key("precincts", false);
  w.out() += '[';
  for (size_t i = 0; i < p.precincts.size(); ++i) {
    const PrecinctEntry& e = p.precincts[i];
    if (i > 0) w.out() += ',';
    w.out() += '{';
    bool first_member = true;
    if (tec) {
      w.Key("contests", true);
      first_member = false;
      w.out() += '[';
      for (size_t c = 0; c < e.contests.size(); ++c) {
        if (c > 0) w.out() += ',';
        w.Count(e.contests[c], nullptr);
      }
      w.out() += ']';
    }
    w.Key("protocol_digest", first_member);
    w.String(e.protocol_digest);
    w.Key("station", false);
    w.String(e.station);
    w.Key("version", false);
    w.Int(e.version);
    w.out() += '}';
  }
  w.out() += ']';
  w.Key("tier", false);
  w.String(TierName(p.tier));
  w.out() += '}';
  return std::move(w.out());
}

TierProtocol TierProtocolFromJson(const json::Value& doc, std::vector<Error>* problems) {
  return TierReader(problems).Read(doc);
}

json::Value ContestTotalsToJson(const ContestTotals& t) {
  Value tv = Value::Object();
  WriteCount(t, &tv);
  tv.Set("precincts_expected", Value(t.precincts_expected));
  tv.Set("precincts_counted", Value(t.precincts_counted));
  return tv;
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
  for (const ContestTotals& t : p.contests) contests.Push(ContestTotalsToJson(t));
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
  return TaggedHash(tag::kObject, TierProtocolCanonical(p));
}

Status VerifyTierProtocolSigner(const crypto::SignedObject& object, const std::string& commission,
                                const crypto::PublicKey& key) {
  const std::vector<crypto::SignatureEntry>& signatures = object.signatures();
  // A second signature would let one protocol stand for two signers: one, and the commission's.
  if (signatures.size() != 1 || signatures[0].signer != commission) {
    return Error{ErrorCode::kBadSignature, "/signatures", "R-E1.signer",
                 "must carry exactly one signature, its commission's; it has " + std::to_string(signatures.size()) +
                     " (first by \"" + (signatures.empty() ? "" : Shortened(signatures[0].signer)) + "\")"};
  }
  if (Status s = object.VerifySignedBy(commission, key); !s.ok()) {
    Error e = s.error();
    e.rule = "R-E1.signer";
    return e;
  }
  return Status();
}

}  // namespace ashyq::tabulate
