#include "protocol/reconciliation.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/grouped_number.h"
#include "core/json.h"
#include "protocol/protocol_json.h"
#include "core/shortened.h"

namespace ashyq::protocol {
namespace {

using json::PointerAppend;

// Sums of figures, wide enough that no sum of int64 figures a protocol can hold overflows.
__extension__ using Wide = __int128;

constexpr std::string_view kNotEqual = " \xE2\x89\xA0 ";  // U+2260

// An id from the protocol, shown in a message: cut short, because a hostile document must not
// make messages arbitrarily long.
std::string Id(std::string_view text) { return Shortened(text); }

// Collects the violations of one protocol.
class Reconciler {
 public:
  Reconciler(const PrecinctProtocol& p, const ElectionDefinition& def, const CommissionTree& tree)
      : p_(p), def_(def), tree_(tree) {}

  std::vector<Error> Run();

 private:
  void Fail(std::string where, const char* rule, std::string message) {
    errors_.push_back(CheckFailed(std::move(where), rule, std::move(message)));
  }
  void CheckStation();
  void CheckContestCoverage();
  void CheckCount(size_t index, const ContestCount& c);
  void CheckChoices(const std::string& at, const ContestCount& c, const Contest& contest);

  const Contest* FindContest(std::string_view id) const {
    for (const Contest& c : def_.contests) {
      if (c.id == id) return &c;
    }
    return nullptr;
  }
  // Whether `contest` is on the ballot of the station whose PEC is `pec`.
  bool OnBallot(const Contest& contest, size_t pec) const {
    const size_t scope = tree_.FindCommission(contest.scope);
    return scope != CommissionTree::kNone && (scope == pec || tree_.IsAncestor(scope, pec));
  }

  const PrecinctProtocol& p_;
  const ElectionDefinition& def_;
  const CommissionTree& tree_;
  const PollingStation* station_ = nullptr;  // null when the station is unknown
  size_t pec_ = CommissionTree::kNone;       // the station's PEC per the definition
  std::vector<Error> errors_;
};

void Reconciler::CheckStation() {
  if (p_.election_id != def_.election_id) {
    Fail("/election_id", "R-D2.station",
         "election id \"" + Id(p_.election_id) + "\" is not the definition's \"" +
             Id(def_.election_id) + "\"");
  }
  const size_t station = tree_.FindStation(p_.station);
  if (station == CommissionTree::kNone) {
    Fail("/station", "R-D2.station",
         "station \"" + Id(p_.station) + "\" is not in the election definition");
  } else {
    station_ = &tree_.station(station);
    pec_ = tree_.FindCommission(station_->commission);
  }
  const size_t commission = tree_.FindCommission(p_.commission);
  if (commission == CommissionTree::kNone) {
    Fail("/commission", "R-D2.station",
         "commission \"" + Id(p_.commission) + "\" is not in the election definition");
  } else if (station_ != nullptr && station_->commission != p_.commission) {
    Fail("/commission", "R-D2.station",
         "station " + Id(p_.station) + " belongs to " + Id(station_->commission) + ", not to " +
             Id(p_.commission));
  }
}

void Reconciler::CheckContestCoverage() {
  // Contest id -> index of its first occurrence in the protocol.
  std::unordered_map<std::string_view, size_t> seen;
  for (size_t i = 0; i < p_.contests.size(); ++i) {
    const ContestCount& c = p_.contests[i];
    const std::string at = PointerAppend(PointerAppend("/contests", i), "contest");
    auto [it, inserted] = seen.emplace(c.contest, i);
    if (!inserted) {
      Fail(at, "R-D2.contests",
           "contest " + Id(c.contest) + " appears twice (first at " +
               PointerAppend("/contests", it->second) + ")");
      continue;
    }
    const Contest* contest = FindContest(c.contest);
    if (contest == nullptr) {
      Fail(at, "R-D2.contests", "contest \"" + Id(c.contest) + "\" is not in the election definition");
    } else if (pec_ != CommissionTree::kNone && !OnBallot(*contest, pec_)) {
      Fail(at, "R-D2.contests",
           "contest " + Id(c.contest) + " (scope " + Id(contest->scope) +
               ") is not on the ballot at station " + Id(p_.station));
    }
  }
  if (pec_ == CommissionTree::kNone) return;
  for (const Contest& contest : def_.contests) {
    if (OnBallot(contest, pec_) && seen.find(contest.id) == seen.end()) {
      Fail("/contests", "R-D2.contests",
           "contest " + contest.id + " is on the ballot at station " + Id(p_.station) +
               " but missing from the protocol");
    }
  }
}

void Reconciler::CheckChoices(const std::string& at, const ContestCount& c, const Contest& contest) {
  const std::vector<std::string_view> expected = BallotOrderOf(contest);
  std::string list;
  for (std::string_view id : expected) {
    if (!list.empty()) list += ", ";
    list += id;
  }
  const std::string votes_at = PointerAppend(at, "votes");
  const std::string prefix = "contest " + Id(c.contest) + ": votes must list its " +
                             std::to_string(expected.size()) + " choices in ballot order (" + list +
                             ")";
  const size_t common = std::min(expected.size(), c.votes.size());
  for (size_t j = 0; j < common; ++j) {
    if (c.votes[j].first != expected[j]) {
      Fail(PointerAppend(PointerAppend(votes_at, j), "choice"), "R-D2.choices",
           prefix + "; entry " + std::to_string(j) + " is \"" + Id(c.votes[j].first) +
               "\" where " + std::string(expected[j]) + " belongs");
      return;
    }
  }
  if (c.votes.size() != expected.size()) {
    Fail(votes_at, "R-D2.choices",
         prefix + "; the protocol has " + std::to_string(c.votes.size()) + " entries");
  }
}

void Reconciler::CheckCount(size_t index, const ContestCount& c) {
  const std::string at = PointerAppend("/contests", index);
  const std::string contest = "contest " + Id(c.contest) + ": ";
  auto where = [&at](const char* key) { return PointerAppend(at, key); };
  auto n = [](Wide v) { return Grouped(v); };

  // R-D2.non-negative first: a negative figure explains the sums that follow.
  for (const CountFigure& f : CountFigures()) {
    if (f.field == &ContestCount::voters_added_on_day) continue;  // its sign is R-D2.register's
    if (c.*f.field < 0) {
      Fail(PointerAppend(at, f.key), "R-D2.non-negative",
           contest + std::string(f.words) + " " + n(c.*f.field) + " is negative");
    }
  }
  for (size_t j = 0; j < c.votes.size(); ++j) {
    if (c.votes[j].second < 0) {
      Fail(PointerAppend(PointerAppend(PointerAppend(at, "votes"), j), "votes"), "R-D2.non-negative",
           contest + "votes for " + Id(c.votes[j].first) + " " + n(c.votes[j].second) +
               " is negative");
    }
  }

  const Wide received = c.ballots_received;
  const Wide issued = c.ballots_issued;
  const Wide cancelled = c.ballots_cancelled;
  if (received != issued + cancelled) {
    Fail(where("ballots_received"), "R-D2.received-issued-cancelled",
         contest + "ballots received " + n(received) + std::string(kNotEqual) + "issued " +
             n(issued) + " + cancelled " + n(cancelled));
  }

  const Wide mobile = c.ballots_in_mobile_boxes;
  const Wide stationary = c.ballots_in_stationary_boxes;
  const Wide found = mobile + stationary;
  if (found > issued) {
    Fail(where("ballots_in_stationary_boxes"), "R-D2.found-le-issued",
         contest + "ballots found " + n(found) + " (mobile boxes " + n(mobile) +
             " + stationary boxes " + n(stationary) + ") > ballots issued " + n(issued));
  }

  Wide valid = 0;
  for (const auto& vote : c.votes) valid += vote.second;
  const Wide invalid = c.invalid_ballots;
  const Wide evotes = c.electronic_votes;
  if (valid + invalid != found + evotes) {
    Fail(PointerAppend(at, "votes"), "R-D2.valid-invalid-found",
         contest + "valid votes " + n(valid) + " + invalid " + n(invalid) + std::string(kNotEqual) +
             "ballots found " + n(found) + " + electronic votes " + n(evotes));
  }

  if (mobile > c.mobile_requests) {
    Fail(where("ballots_in_mobile_boxes"), "R-D2.mobile-le-requests",
         contest + "ballots in mobile boxes " + n(mobile) + " > homebound requests " +
             n(c.mobile_requests));
  }

  const Wide eissued = c.electronic_ballots_issued;
  const Wide participants = issued + eissued;
  if (participants > c.registered_voters) {
    Fail(where("registered_voters"), "R-D2.participants-le-registered",
         contest + "voters who took part " + n(participants) + " (paper " + n(issued) +
             " + electronic " + n(eissued) + ") > registered voters " + n(c.registered_voters));
  }

  if (evotes != eissued) {
    Fail(where("electronic_votes"), "R-D2.evotes-eq-issued",
         contest + "electronic votes " + n(evotes) + std::string(kNotEqual) +
             "electronic ballots issued " + n(eissued));
  }

  if (station_ != nullptr && !station_->evoting && (eissued != 0 || evotes != 0)) {
    Fail(where(eissued != 0 ? "electronic_ballots_issued" : "electronic_votes"),
         "R-D2.evoting-station",
         contest + "station " + Id(p_.station) +
             " offers no electronic voting, yet the protocol reports " + n(eissued) +
             " electronic ballots issued and " + n(evotes) + " electronic votes");
  }

  if (c.voters_added_on_day < 0) {
    Fail(where("voters_added_on_day"), "R-D2.register",
         contest + "voters added on the day " + n(c.voters_added_on_day) + " is negative");
  }
  if (station_ != nullptr &&
      Wide{c.registered_voters} != Wide{station_->registered_voters} + c.voters_added_on_day) {
    Fail(where("registered_voters"), "R-D2.register",
         contest + "registered voters " + n(c.registered_voters) + std::string(kNotEqual) +
             n(station_->registered_voters) + " on the list before election day + " +
             n(c.voters_added_on_day) + " added on the day");
  }

  if (c.voters_with_avc > participants) {
    Fail(where("voters_with_avc"), "R-D2.avc-le-participants",
         contest + "voters with an absentee certificate " + n(c.voters_with_avc) +
             " > voters who took part " + n(participants));
  }

  if (const Contest* definition = FindContest(c.contest)) CheckChoices(at, c, *definition);
}

std::vector<Error> Reconciler::Run() {
  CheckStation();
  CheckContestCoverage();
  for (size_t i = 0; i < p_.contests.size(); ++i) CheckCount(i, p_.contests[i]);
  return std::move(errors_);
}

// --- R-D4 ---

struct StepWords {
  const char* done;     // "mobile boxes opened"
  const char* missing;  // "the mobile boxes were not opened"
};
constexpr std::array<StepWords, kCountingStepCount> kStepWords = {{
    {"signatures on the voter list counted", "the signatures on the voter list were not counted"},
    {"unused ballots cancelled", "unused ballots were not cancelled"},
    {"mobile boxes opened", "the mobile boxes were not opened"},
    {"stationary boxes opened", "the stationary boxes were not opened"},
    {"ballots sorted", "ballots were not sorted by choice"},
    {"ballots announced one by one", "ballots were not announced one by one"},
    {"votes counted", "votes were not counted"},
    {"protocol filled in", "the protocol was not filled in"},
    {"results announced", "the results were not announced"},
    {"copy posted", "no copy of the protocol was posted at the station"},
}};

const StepWords& Words(CountingStep step) { return kStepWords[static_cast<size_t>(step)]; }

Error Notice(std::string where, const char* rule, std::string message) {
  return CheckFailed(std::move(where), rule, std::move(message));
}

}  // namespace

std::string FormatCount(int64_t n) { return Grouped(n); }

std::vector<Error> Reconcile(const PrecinctProtocol& protocol, const ElectionDefinition& definition,
                             const CommissionTree& tree) {
  return Reconciler(protocol, definition, tree).Run();
}

std::vector<Error> CheckCountingProcedure(const PrecinctProtocol& p) {
  std::vector<Error> notices;
  constexpr size_t kNotSeen = SIZE_MAX;
  constexpr size_t kSteps = kCountingStepCount;
  std::array<size_t, kSteps> first{};  // index in counting_steps of each step
  first.fill(kNotSeen);

  size_t latest = kNotSeen;  // recorded step furthest along the prescribed order so far
  int previous_minutes = -1;
  size_t previous_index = kNotSeen;
  for (size_t i = 0; i < p.counting_steps.size(); ++i) {
    const RecordedStep& s = p.counting_steps[i];
    const size_t order = static_cast<size_t>(s.step);
    const std::string at = PointerAppend("/counting_steps", i);
    if (order >= kSteps) continue;  // not a step at all (cast from a bad integer)

    if (first[order] != kNotSeen) {
      notices.push_back(Notice(PointerAppend(at, "step"), "R-D4.repeated",
                               std::string(Words(s.step).done) + " again (first at " +
                                   PointerAppend("/counting_steps", first[order]) + ")"));
    } else {
      first[order] = i;
      if (latest != kNotSeen && order < static_cast<size_t>(p.counting_steps[latest].step)) {
        const CountingStep later = p.counting_steps[latest].step;
        notices.push_back(Notice(
            PointerAppend(at, "step"), "R-D4.order",
            std::string(Words(s.step).done) + " after " + Words(later).done + " (" +
                std::string(CountingStepName(s.step)) + " comes before " +
                std::string(CountingStepName(later)) + " in the prescribed order)"));
      }
    }
    if (latest == kNotSeen || order > static_cast<size_t>(p.counting_steps[latest].step)) {
      latest = i;
    }

    int minutes = MinutesOfDay(s.at);
    if (minutes < 0) {
      notices.push_back(Notice(PointerAppend(at, "at"), "R-D4.time",
                               "time \"" + Id(s.at) + "\" is not a local time HH:MM"));
      continue;
    }
    if (minutes < 12 * 60) minutes += 24 * 60;  // after midnight on election night
    if (previous_minutes >= 0 && minutes < previous_minutes) {
      const RecordedStep& before = p.counting_steps[previous_index];
      notices.push_back(Notice(PointerAppend(at, "at"), "R-D4.time",
                               std::string(Words(s.step).done) + " at " + s.at +
                                   ", earlier than " + Words(before.step).done + " at " +
                                   before.at + " recorded before it"));
    }
    previous_minutes = minutes;
    previous_index = i;
  }

  bool mobile_voting = false;
  for (const ContestCount& c : p.contests) {
    mobile_voting = mobile_voting || c.mobile_requests > 0 || c.ballots_in_mobile_boxes > 0;
  }
  for (size_t order = 0; order < kSteps; ++order) {
    const auto step = static_cast<CountingStep>(order);
    if (first[order] != kNotSeen) continue;
    if (step == CountingStep::kOpenMobileBoxes && !mobile_voting) continue;
    notices.push_back(Notice("/counting_steps", "R-D4.missing",
                             std::string(Words(step).missing) + " (no " +
                                 std::string(CountingStepName(step)) + " step recorded)"));
  }
  return notices;
}

}  // namespace ashyq::protocol
