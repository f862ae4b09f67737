// ashyq seats: allocate the seats of a party-list contest from a CSV of votes per list, with the
// computation shown (R-A3, R-E5).
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "core/json.h"
#include "tabulate/results_export.h"
#include "tabulate/seat_allocation.h"
#include "tabulate/votes_csv.h"

namespace ashyq::cli {
namespace {

struct SeatsOptions {
  std::string file;
  int64_t seats = 0;
  std::string threshold_percent;
  int64_t participants = 0;
  std::string method = "hare";
  std::string tie_break = "registration-order";
  std::string lot_seed;
  int64_t runner_up_min_seats = 0;
  bool json = false;
};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "7" -> 700, "7.5" -> 750, "0.25" -> 25: exact decimal to basis points, no floating point.
Result<int64_t> ParsePercentBp(std::string_view text) {
  const std::string where = "--threshold-percent";
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (!AllDigits(whole) || (dot != std::string_view::npos && !AllDigits(fraction))) {
    return BadInput(where, "expected a percentage such as 7, 7.5 or 0.25, got \"" + std::string(text) + "\"");
  }
  if (fraction.size() > 2) {
    return BadInput(where, "at most two decimals (the threshold is kept in basis points), got \"" +
                               std::string(text) + "\"");
  }
  if (whole.size() > 3) return BadInput(where, "the threshold must be between 0 and 100%, got " + std::string(text));
  int64_t bp = 0;
  for (char c : whole) bp = bp * 10 + (c - '0');
  bp *= 100;
  if (fraction.size() >= 1) bp += 10 * (fraction[0] - '0');
  if (fraction.size() == 2) bp += fraction[1] - '0';
  if (bp > 10000) return BadInput(where, "the threshold must be between 0 and 100%, got " + std::string(text));
  return bp;
}

Result<tabulate::SeatRules> RulesFrom(const SeatsOptions& o) {
  tabulate::SeatRules rules;
  rules.seats = o.seats;
  ASHYQ_ASSIGN_OR_RETURN(rules.threshold_bp, ParsePercentBp(o.threshold_percent));
  rules.method = o.method == "dhondt"         ? SeatMethod::kDHondt
                 : o.method == "sainte-lague" ? SeatMethod::kSainteLague
                                              : SeatMethod::kHareLargestRemainder;
  rules.tie_break = o.tie_break == "lot" ? TieBreak::kLot : TieBreak::kRegistrationOrder;
  if (rules.tie_break == TieBreak::kLot && o.lot_seed.empty()) {
    return BadInput("--lot-seed", "--tie-break lot needs the published seed: --lot-seed HEX");
  }
  if (rules.tie_break != TieBreak::kLot && !o.lot_seed.empty()) {
    return BadInput("--lot-seed", "a lot seed is only used with --tie-break lot");
  }
  rules.lot_seed = o.lot_seed;
  rules.runner_up_min_seats = o.runner_up_min_seats;
  return rules;
}

std::string MethodText(SeatMethod method) {
  switch (method) {
    case SeatMethod::kHareLargestRemainder: return "Hare quota, largest remainders";
    case SeatMethod::kDHondt: return "D'Hondt";
    case SeatMethod::kSainteLague: return "Sainte-Laguë";
  }
  return "?";
}

void PrintTable(const tabulate::SeatAllocation& a) {
  std::printf("%s seats, %s; threshold %s of the %s voters who took part (at least %s votes)\n\n",
              Grouped(a.seats).c_str(), MethodText(a.method).c_str(), PercentBp(a.threshold_bp).c_str(),
              Grouped(a.participants).c_str(), Grouped(a.threshold_votes).c_str());
  std::printf("  %s %s %s %s %s\n", Column("party", 28).c_str(), Column("votes", 13, true).c_str(),
              Column("% of voters", 12, true).c_str(), Column("passed", 7, true).c_str(),
              Column("seats", 7, true).c_str());
  bool any_tie = false;
  for (const tabulate::ListSeats& l : a.lists) {
    std::string seats = Grouped(l.seats);
    if (l.tie_decided) seats += "*";
    if (l.runner_up_transfer > 0) seats += "†";
    any_tie = any_tie || l.tie_decided;
    std::printf("  %s %s %s %s %s\n", Column(l.choice, 28).c_str(), Column(Grouped(l.votes), 13, true).c_str(),
                Column(PercentBp(l.share_bp), 12, true).c_str(), Column(l.passed ? "yes" : "no", 7, true).c_str(),
                Column(seats, 7, true).c_str());
  }
  std::printf("  %s %s\n", Column("valid votes", 28).c_str(), Column(Grouped(a.valid_votes), 13, true).c_str());
  if (any_tie) std::printf("  * a tie-break decided whether this list won a contested seat\n");
  if (a.runner_up_rule_applied) std::printf("  † seats under the runner-up rule\n");
  std::printf("\nComputation\n");
  for (const std::string& line : a.computation) std::printf("  %s\n", line.c_str());
}

// Names the option behind an allocation error about the rules (by its rule id), else the CSV
// file: the lists and their votes come from the file.
Error WithOption(Error error, const std::string& file) {
  namespace rule = tabulate::seat_rule;
  static constexpr std::pair<std::string_view, const char*> kOptions[] = {
      {rule::kSeats, "--seats"},
      {rule::kThreshold, "--threshold-percent"},
      {rule::kParticipants, "--participants"},
      {rule::kLotSeed, "--lot-seed"},
      {rule::kRunnerUpSeats, "--runner-up-min-seats"}};
  if (error.code == ErrorCode::kBadInput) {
    for (const auto& [rule_id, option] : kOptions) {
      if (error.rule == rule_id) {
        error.where = option;
        return error;
      }
    }
  }
  return error.In(file);
}

int RunSeats(const SeatsOptions& o) {
  Result<tabulate::SeatRules> rules = RulesFrom(o);
  if (!rules.ok()) return ReportError(rules.error());
  // A regular file only: a FIFO or a device would block or never end.
  Result<std::string> text = ReadRegularFile(o.file, tabulate::kMaxVotesCsvBytes, Symlinks::kFollow);
  if (!text.ok()) return ReportError(text.error());
  Result<std::vector<tabulate::ListVotes>> lists = tabulate::ParseVotesCsv(*text);
  if (!lists.ok()) return ReportError(lists.error().In(o.file));
  Result<tabulate::SeatAllocation> allocation = tabulate::AllocateSeats(*lists, o.participants, *rules);
  if (!allocation.ok()) return ReportError(WithOption(allocation.error(), o.file));
  if (o.json) {
    std::printf("%s\n", json::Pretty(tabulate::SeatAllocationJson(*allocation)).c_str());
  } else {
    PrintTable(*allocation);
  }
  return kExitOk;
}

}  // namespace

void AddSeatsCommand(CLI::App& app, std::vector<Command>* commands) {
  auto options = std::make_shared<SeatsOptions>();
  CLI::App* seats = app.add_subcommand(
      "seats",
      "Allocate the seats of a party-list contest and show the computation (R-A3, R-E5).\n"
      "FILE is a CSV with the header \"party,votes\" and one list per row, as a spreadsheet saves\n"
      "it (quoted names, CRLF and a UTF-8 byte-order mark are fine); votes are plain digits\n"
      "(no thousands separators). Row order is the registration order: the first row counts as\n"
      "registered first when equal remainders or quotients are settled by registration order.\n"
      "The threshold is a share of the voters who took part (--participants), not of valid\n"
      "votes; a list passes with at least that share. Exit 0 ok, 1 a check failed (no list\n"
      "passes, more valid votes than participants), 2 bad input.");
  seats->add_option("FILE", options->file, "votes.csv (party,votes)")->required();
  seats->add_option("--seats", options->seats, "Seats to allocate, e.g. 98")->required();
  seats->add_option("--threshold-percent", options->threshold_percent,
                    "Share of voters who took part a list needs, e.g. 7 or 7.5 (at most two decimals)")
      ->required();
  seats->add_option("--participants", options->participants, "Voters who took part (the threshold's base)")
      ->required();
  seats->add_option("--method", options->method, "hare (largest remainders, default), dhondt or sainte-lague")
      ->check(CLI::IsMember({"hare", "dhondt", "sainte-lague"}));
  seats->add_option("--tie-break", options->tie_break,
                    "registration-order (default: the earlier CSV row wins) or lot (needs --lot-seed)")
      ->check(CLI::IsMember({"registration-order", "lot"}));
  seats->add_option("--lot-seed", options->lot_seed, "Published seed of the lot, lowercase hex");
  seats->add_option("--runner-up-min-seats", options->runner_up_min_seats,
                    "Later law: if only one list passes, the runner-up still gets this many seats (default 0: "
                    "rule not in force)");
  seats->add_flag("--json", options->json, "Print the allocation as JSON");
  commands->push_back({seats, [options] { return RunSeats(*options); }});
}

}  // namespace ashyq::cli
