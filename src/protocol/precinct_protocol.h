// The precinct result protocol (R-D1): what a precinct commission counted, per contest, signed
// by the members present (R-D3). Plain data; JSON is in protocol_json.h, the arithmetic rules in
// reconciliation.h, signatures and versions in protocol_signing.h.
//
// A protocol is never edited. A correction (e.g. after a recount) is a new version by the same
// commission that names the digest of the version it replaces, a reason and, for a recount, the
// decision that ordered it (R-E1). Every version is published.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ashyq::protocol {

inline constexpr std::string_view kPrecinctProtocolFormat = "ashyq/precinct-protocol/1";

// R-D1, for one contest at one station. Paper and electronic figures are kept apart (2007: the
// CEC published neither the registered voters nor the paper/electronic split).
struct ContestCount {
  std::string contest;                 // contest id from the definition
  int64_t registered_voters = 0;       // on the list at close, including those added on the day
  int64_t voters_added_on_day = 0;     // R-B2
  int64_t ballots_received = 0;        // paper ballots the PEC received
  int64_t ballots_issued = 0;          // paper ballots issued (signatures on the list), incl. mobile
  int64_t ballots_cancelled = 0;       // unused paper ballots cancelled after the poll
  int64_t electronic_ballots_issued = 0;  // blank electronic-ballot tokens issued (R-C2)
  int64_t electronic_votes = 0;        // electronic ballots cast on the terminals
  int64_t voters_with_avc = 0;         // voted with an absentee voter certificate (R-B3)
  int64_t mobile_requests = 0;         // homebound voting requests recorded (R-B4)
  int64_t ballots_in_mobile_boxes = 0;
  int64_t ballots_in_stationary_boxes = 0;
  int64_t invalid_ballots = 0;         // paper ballots found invalid
  // Valid votes per choice, every choice of the contest exactly once, in ballot order.
  std::vector<std::pair<std::string, int64_t>> votes;

  int64_t ballots_found() const { return ballots_in_mobile_boxes + ballots_in_stationary_boxes; }
  int64_t valid_votes() const;
  // Voters who took part = paper ballots issued + electronic ballots issued (the threshold base
  // of R-A3 and the turnout numerator).
  int64_t participants() const { return ballots_issued + electronic_ballots_issued; }
  friend bool operator==(const ContestCount&, const ContestCount&) = default;
};

// The twelve integer figures of a ContestCount (all but `contest` and `votes`): JSON field name,
// how a message says it, and the member; in the order they are written. Every reader, writer,
// rule and total iterates this one table, so no figure can be forgotten in one of them.
struct CountFigure {
  std::string_view key;
  std::string_view words;
  int64_t ContestCount::*field;
};
std::span<const CountFigure> CountFigures();

// R-D4: the steps of the count, in the order the law prescribes. The protocol records which
// steps were done and when, so observers can see what was skipped or reordered.
enum class CountingStep {
  kCountListSignatures,   // count the signatures on the voter list
  kCancelUnusedBallots,
  kOpenMobileBoxes,       // mobile boxes first
  kOpenStationaryBoxes,
  kSortBallots,
  kAnnounceEachBallot,    // show and announce each ballot (2007: not done in 76% of counts)
  kCountVotes,
  kFillProtocol,
  kAnnounceResults,
  kPostCopy,              // post a copy of the protocol at the station
};
inline constexpr int kCountingStepCount = 10;
std::string_view CountingStepName(CountingStep step);  // "count_list_signatures", ...

struct RecordedStep {
  CountingStep step = CountingStep::kCountListSignatures;
  std::string at;  // local time "HH:MM" on election night (may pass midnight: "00:40")
  friend bool operator==(const RecordedStep&, const RecordedStep&) = default;
};

// Present from version 2 on.
struct Correction {
  std::string previous;  // digest (hex) of the version this one replaces
  std::string reason;    // why, in words; required
  std::string decision;  // id of the decision that ordered a recount; empty otherwise
  friend bool operator==(const Correction&, const Correction&) = default;
};

struct PrecinctProtocol {
  std::string election_id;
  std::string definition_digest;  // hex digest of the signed definition it counts under
  std::string station;            // polling station id
  std::string commission;         // its PEC id
  int64_t version = 1;
  Correction correction;          // empty for version 1
  std::string signed_at;          // local time of signing, "2007-08-19T01:40"
  std::vector<RecordedStep> counting_steps;  // in the order they happened
  std::vector<ContestCount> contests;        // every contest on this station's ballot
  friend bool operator==(const PrecinctProtocol&, const PrecinctProtocol&) = default;
};

}  // namespace ashyq::protocol
