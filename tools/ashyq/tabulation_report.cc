#include "tabulation_report.h"

#include <cstdio>
#include <unordered_map>

#include "cli_output.h"
#include "sim/definition_generator.h"

namespace ashyq::cli {

void PrintNationalResult(const server::TabulationRun& run) {
  std::printf("Tabulation: %s precinct protocols read, %s verified (signatures, quorum, R-D2), %zu rejected\n",
              Grouped(static_cast<int64_t>(run.protocols_read)).c_str(),
              Grouped(static_cast<int64_t>(run.protocols_verified)).c_str(), run.rejected.size());
  for (size_t i = 0; i < run.rejected.size() && i < 10; ++i) {
    std::printf("  rejected: %s\n", run.rejected[i].error.ToString().c_str());
  }
  if (run.rejected.size() > 10) std::printf("  ... and %zu more\n", run.rejected.size() - 10);
  std::printf("  %zu tier protocols (TEC, REC, CEC) signed and stored, %zu unchanged since the last tabulation\n",
              run.tier_protocols_stored, run.tabulation.tiers.size() - run.tier_protocols_signed);

  for (const server::DecidedContest& d : run.contests) {
    if (d.contest->kind == ContestKind::kLocalCouncil) continue;  // summarised below
    const tabulate::ContestTotals& t = *d.totals;
    std::printf("\n%s — %s of %s precincts counted\n", BestName(d.contest->name).c_str(),
                Grouped(t.precincts_counted).c_str(), Grouped(t.precincts_expected).c_str());
    std::printf("  registered voters %s, took part %s (turnout %s of registered voters: paper %s, electronic %s), valid %s, invalid %s\n",
                Grouped(t.registered_voters).c_str(), Grouped(t.participants()).c_str(),
                Percent(t.participants(), t.registered_voters).c_str(), Grouped(t.ballots_issued).c_str(),
                Grouped(t.electronic_ballots_issued).c_str(), Grouped(t.valid_votes()).c_str(),
                Grouped(t.invalid_ballots).c_str());
    std::unordered_map<std::string, const Choice*> choices;
    for (const Choice& c : d.contest->choices) choices[c.id] = &c;
    // Shares of the valid votes, the base a voter expects and the one the results site and the
    // printed protocol copy use; the column says so.
    std::printf("    %s %s %s%s\n", Column("", 46).c_str(), Column("votes", 10, true).c_str(),
                Column("% of valid votes", 16, true).c_str(), d.seats ? "  seats" : "");
    for (const auto& [choice, votes] : t.votes) {
      std::string seats;
      if (d.seats) {
        for (const auto& l : d.seats->lists) if (l.choice == choice) seats = "  " + Column(std::to_string(l.seats), 5, true);
      }
      std::printf("    %s %s %s%s\n", Column(BestName(choices[choice]->name), 46).c_str(),
                  Column(Grouped(votes), 10, true).c_str(), Column(Percent(votes, t.valid_votes()), 16, true).c_str(),
                  seats.c_str());
    }
    if (d.error) std::printf("  outcome: %s\n", d.error->ToString().c_str());
    if (d.seats) {
      std::printf("  seats: threshold %s of participants = %s votes; ", PercentBp(d.seats->threshold_bp).c_str(),
                  Grouped(d.seats->threshold_votes).c_str());
      for (const auto& l : d.seats->lists) {
        if (l.seats > 0) std::printf("%s %lld  ", BestName(choices[l.choice]->name).c_str(), static_cast<long long>(l.seats));
      }
      std::printf("\n");
    }
    if (d.presidential) {
      for (const std::string& line : d.presidential->computation) std::printf("  %s\n", line.c_str());
    }
  }
  size_t councils = 0, decided = 0;
  int64_t seats = 0;
  for (const server::DecidedContest& d : run.contests) {
    if (d.contest->kind != ContestKind::kLocalCouncil) continue;
    ++councils;
    if (d.seats) { ++decided; seats += d.seats->seats; }
  }
  if (councils > 0) {
    std::printf("\nLocal councils: %zu contests, %zu decided, %s seats allocated\n", councils, decided,
                Grouped(seats).c_str());
  }
}

server::CommissionKeys SimulatedCommissionKeys(const crypto::SimulatedKeyring& keyring) {
  return [&keyring](const std::string& id) -> Result<crypto::SigningKey> { return sim::SimulatedKeyFor(keyring, id); };
}

}  // namespace ashyq::cli
