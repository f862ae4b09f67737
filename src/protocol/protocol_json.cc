#include "protocol/protocol_json.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/json_reader.h"
#include "core/encoding.h"

namespace ashyq::protocol {
namespace {

using json::ObjectReader;
using json::PointerAppend;
using json::Value;

constexpr std::array kSteps = {
    CountingStep::kCountListSignatures, CountingStep::kCancelUnusedBallots,
    CountingStep::kOpenMobileBoxes,     CountingStep::kOpenStationaryBoxes,
    CountingStep::kSortBallots,         CountingStep::kAnnounceEachBallot,
    CountingStep::kCountVotes,          CountingStep::kFillProtocol,
    CountingStep::kAnnounceResults,     CountingStep::kPostCopy};
static_assert(kSteps.size() == kCountingStepCount);

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int TwoDigits(std::string_view s, size_t at) {
  if (!IsDigit(s[at]) || !IsDigit(s[at + 1])) return -1;
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

// Reads one protocol. Holds the problem list so the per-object readers stay short.
class ProtocolReader {
 public:
  explicit ProtocolReader(std::vector<Error>* problems) : problems_(problems) {}

  PrecinctProtocol Read(const Value& doc);

 private:
  // An optional field may be absent, but not null: null would read as absent and write back
  // as nothing, giving one protocol two documents.
  void RejectNull(ObjectReader& r, const Value& object, std::string_view key) {
    const Value* v = object.Find(key);
    if (v != nullptr && v->is_null()) r.Fail(key, "null is not allowed; leave the field out");
  }
  Correction ReadCorrection(const Value& v, const std::string& path);
  RecordedStep ReadStep(const Value& v, const std::string& path);
  ContestCount ReadContest(const Value& v, const std::string& path);

  std::vector<Error>* problems_;
};

}  // namespace

void ReadContestCountFields(ObjectReader& r, ContestCount* count, std::vector<Error>* problems) {
  count->contest = r.NonEmptyString("contest");
  for (const CountFigure& f : CountFigures()) count->*f.field = r.Int(f.key);
  count->votes = r.List<std::pair<std::string, int64_t>>("votes", [problems](const Value& item, const std::string& at) {
    ObjectReader vr(item, at, problems);
    std::pair<std::string, int64_t> vote;
    vote.first = vr.NonEmptyString("choice");
    vote.second = vr.Int("votes");
    vr.RejectUnknown();
    return vote;
  });
}

namespace {

Correction ProtocolReader::ReadCorrection(const Value& v, const std::string& path) {
  ObjectReader r(v, path, problems_);
  Correction c;
  const size_t before = problems_->size();
  c.previous = r.String("previous");
  if (problems_->size() == before && r.is_object() && !IsDigestHex(c.previous)) {
    r.Fail("previous", "expected the digest of the replaced version: 64 lowercase hex digits");
  }
  c.reason = r.NonEmptyString("reason");
  if (r.is_object()) RejectNull(r, v, "decision");
  if (std::optional<std::string> decision = r.OptionalString("decision")) {
    if (decision->empty()) {
      r.Fail("decision", "must not be empty; leave it out when no decision ordered the correction");
    }
    c.decision = std::move(*decision);
  }
  r.RejectUnknown();
  return c;
}

RecordedStep ProtocolReader::ReadStep(const Value& v, const std::string& path) {
  ObjectReader r(v, path, problems_);
  RecordedStep step;
  const size_t before = problems_->size();
  const std::string name = r.String("step");
  if (problems_->size() == before && r.is_object()) {
    bool known = false;
    for (CountingStep s : kSteps) {
      if (CountingStepName(s) == name) {
        step.step = s;
        known = true;
      }
    }
    if (!known) {
      std::string expected;
      for (CountingStep s : kSteps) {
        if (!expected.empty()) expected += ", ";
        expected += CountingStepName(s);
      }
      r.Fail("step", "unknown counting step \"" + name + "\"; expected one of " + expected);
    }
  }
  const size_t before_at = problems_->size();
  step.at = r.String("at");
  if (problems_->size() == before_at && r.is_object() && MinutesOfDay(step.at) < 0) {
    r.Fail("at", "expected a local time \"HH:MM\" (00:00 to 23:59)");
  }
  r.RejectUnknown();
  return step;
}

ContestCount ProtocolReader::ReadContest(const Value& v, const std::string& path) {
  ObjectReader r(v, path, problems_);
  ContestCount c;
  ReadContestCountFields(r, &c, problems_);
  r.RejectUnknown();
  return c;
}

PrecinctProtocol ProtocolReader::Read(const Value& doc) {
  PrecinctProtocol p;
  if (!json::RequireFormat(doc, kPrecinctProtocolFormat, "a precinct protocol", problems_)) return p;
  ObjectReader r(doc, "", problems_);
  r.String("format");
  p.election_id = r.NonEmptyString("election_id");

  const size_t before_digest = problems_->size();
  p.definition_digest = r.String("definition_digest");
  if (problems_->size() == before_digest && !IsDigestHex(p.definition_digest)) {
    r.Fail("definition_digest", "expected the definition's digest: 64 lowercase hex digits");
  }
  p.station = r.NonEmptyString("station");
  p.commission = r.NonEmptyString("commission");
  p.version = r.Int("version", 1, json::kMaxSafeInteger);

  RejectNull(r, doc, "correction");
  const Value* correction = r.OptionalObject("correction");
  if (correction != nullptr && p.version == 1) {
    r.Fail("correction", "version 1 is the original protocol and has no correction");
  } else if (correction != nullptr) {
    p.correction = ReadCorrection(*correction, r.PathOf("correction"));
  } else if (p.version > 1 && doc.Find("correction") == nullptr) {
    r.Fail("correction", "missing: version " + std::to_string(p.version) +
                             " corrects an earlier version and must say which and why");
  }

  const size_t before_signed = problems_->size();
  p.signed_at = r.String("signed_at");
  if (problems_->size() == before_signed && !IsLocalDateTime(p.signed_at)) {
    r.Fail("signed_at", "expected a local date and time \"YYYY-MM-DDTHH:MM\"");
  }
  p.counting_steps = r.List<RecordedStep>(
      "counting_steps", [this](const Value& v, const std::string& at) { return ReadStep(v, at); });
  p.contests = r.List<ContestCount>(
      "contests", [this](const Value& v, const std::string& at) { return ReadContest(v, at); });
  r.RejectUnknown();
  return p;
}

}  // namespace

bool IsLocalDateTime(std::string_view s) {
  if (s.size() != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T') return false;
  for (size_t i = 0; i < 4; ++i) {
    if (!IsDigit(s[i])) return false;
  }
  const int month = TwoDigits(s, 5);
  const int day = TwoDigits(s, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && MinutesOfDay(s.substr(11)) >= 0;
}

int MinutesOfDay(std::string_view hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return -1;
  const int hours = TwoDigits(hh_mm, 0);
  const int minutes = TwoDigits(hh_mm, 3);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return -1;
  return hours * 60 + minutes;
}

PrecinctProtocol ProtocolFromJson(const json::Value& doc, std::vector<Error>* problems) {
  return ProtocolReader(problems).Read(doc);
}

json::Value ProtocolToJson(const PrecinctProtocol& p) {
  Value v = Value::Object();
  v.Set("format", Value(kPrecinctProtocolFormat));
  v.Set("election_id", Value(p.election_id));
  v.Set("definition_digest", Value(p.definition_digest));
  v.Set("station", Value(p.station));
  v.Set("commission", Value(p.commission));
  v.Set("version", Value(p.version));
  if (p.version != 1 || !(p.correction == Correction{})) {
    Value c = Value::Object();
    c.Set("previous", Value(p.correction.previous));
    c.Set("reason", Value(p.correction.reason));
    if (!p.correction.decision.empty()) c.Set("decision", Value(p.correction.decision));
    v.Set("correction", std::move(c));
  }
  v.Set("signed_at", Value(p.signed_at));

  Value steps = Value::Array();
  steps.items().reserve(p.counting_steps.size());
  for (const RecordedStep& s : p.counting_steps) {
    Value sv = Value::Object();
    sv.Set("step", Value(CountingStepName(s.step)));
    sv.Set("at", Value(s.at));
    steps.Push(std::move(sv));
  }
  v.Set("counting_steps", std::move(steps));

  Value contests = Value::Array();
  contests.items().reserve(p.contests.size());
  for (const ContestCount& c : p.contests) {
    Value cv = Value::Object();
    cv.Set("contest", Value(c.contest));
    for (const CountFigure& f : CountFigures()) cv.Set(std::string(f.key), Value(c.*f.field));
    Value votes = Value::Array();
    votes.items().reserve(c.votes.size());
    for (const auto& [choice, n] : c.votes) {
      Value vote = Value::Object();
      vote.Set("choice", Value(choice));
      vote.Set("votes", Value(n));
      votes.Push(std::move(vote));
    }
    cv.Set("votes", std::move(votes));
    contests.Push(std::move(cv));
  }
  v.Set("contests", std::move(contests));
  return v;
}

}  // namespace ashyq::protocol
