// ashyq demo: the product's spine on a simulated national election, end to end.
// Today: scenario -> definition -> CEC signature -> election directory -> read back, verify,
// check every rule -> count and sign every precinct protocol -> store -> verify, tabulate tier by
// tier, sign tier protocols -> seats and winners -> result exports. Each issue extends it (protocols, tabulation, log, publication,
// verifier).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "cli_output.h"
#include "commands.h"
#include "core/json.h"
#include "definition_report.h"
#include "protocol/election_context.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/election_directory.h"
#include "sim/recount.h"
#include "sim/scenario.h"
#include "sim/tec_alteration.h"
#include "sim/turnout_simulator.h"
#include "store/sqlite_store.h"
#include "tabulation_report.h"

namespace ashyq::cli {
namespace {

struct DemoOptions {
  std::string scenario = "kz2007-majilis";
  uint64_t seed = 2007;
  std::string out = "demo-out";
  bool no_serve = false;
  int port = 8080;
  int64_t stuffed_stations = 0;
  int64_t inconsistent_protocols = 0;
  int64_t tec_alters = 0;
  int64_t recounts = 3;
  int64_t revised_turnout = 0;
};

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int RunDemo(const DemoOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  std::printf("Ashyq demo: scenario %s, seed %llu, election directory %s\n\n", o.scenario.c_str(),
              static_cast<unsigned long long>(o.seed), o.out.c_str());

  // 1. Before election day: the definition, signed by the CEC and published.
  sim::GeneratedElection election;
  int code = GenerateInto(o.scenario, o.seed, o.out, /*replace=*/true, &election);
  if (code != kExitOk) return code;
  // What was published for a previous election here belongs to it: start afresh.
  std::error_code removed;
  std::filesystem::remove_all(o.out + "/" + kPublicationDirName, removed);
  std::filesystem::remove_all(o.out + "/" + sim::kResultsDirName, removed);

  // Read back what was published and check it as an observer would: from the file alone.
  auto t = std::chrono::steady_clock::now();
  const std::string path = o.out + "/" + sim::kDefinitionFileName;
  Result<std::unique_ptr<protocol::ElectionContext>> loaded = protocol::ElectionContext::Load(path);
  if (!loaded.ok()) return ReportError(loaded.error());
  const protocol::ElectionContext& context = **loaded;
  const double read_seconds = Since(t);
  PrintDefinitionReport(context.definition(), &context.signed_definition());

  // 2. Election night: every PEC counts, reconciles and signs its protocol (R-D1..R-D4).
  std::printf("\nElection night\n");
  Result<sim::ScenarioSpec> spec = sim::LoadScenario(o.scenario);
  if (!spec.ok()) return ReportError(spec.error());
  t = std::chrono::steady_clock::now();
  sim::FaultPlan faults;
  faults.stuffed_stations = o.stuffed_stations;
  faults.inconsistent_protocols = o.inconsistent_protocols;
  Result<sim::SimulatedCount> count = sim::SimulateCount(context.definition(), context.tree(), *spec,
                                                         context.definition_digest(), o.seed, faults);
  if (!count.ok()) return ReportError(count.error());
  const double count_seconds = Since(t);
  t = std::chrono::steady_clock::now();
  const crypto::SimulatedKeyring keyring(election.keyring_master);
  Result<sim::SignedCount> signed_count = sim::SignCount(*count, context.protocol_context(), keyring, o.seed);
  if (!signed_count.ok()) return ReportError(signed_count.error());
  size_t signatures = 0;
  for (const crypto::SignedObject& p : signed_count->protocols) signatures += p.signatures().size();
  const double sign_seconds = Since(t);
  std::printf("  %s precinct protocols counted and signed by the members present (%s member signatures)\n",
              Grouped(static_cast<int64_t>(signed_count->protocols.size())).c_str(),
              Grouped(static_cast<int64_t>(signatures)).c_str());
  for (const sim::RefusedProtocol& r : signed_count->refused) {
    std::printf("  refused to sign %s: %s\n", r.station.c_str(), r.error.ToString().c_str());
  }

  // Through the day every PEC reported turnout (R-C5), signed with the commission's key.
  t = std::chrono::steady_clock::now();
  sim::TurnoutFaultPlan turnout_faults;
  turnout_faults.revised_turnout = o.revised_turnout;
  Result<sim::SimulatedTurnout> turnout = sim::SimulateTurnout(*count, o.seed, turnout_faults);
  if (!turnout.ok()) return ReportError(turnout.error());
  Result<std::vector<crypto::SignedObject>> reports = sim::SignTurnout(*turnout, keyring);
  if (!reports.ok()) return ReportError(reports.error());
  const double turnout_seconds = Since(t);
  std::printf("  %s turnout reports through the day (10:00 to 18:00), signed by each PEC\n",
              Grouped(static_cast<int64_t>(reports->size())).c_str());

  // 3. Every signed report and protocol reaches the commission server and is stored durably,
  //    in the order of the day: the definition, turnout, then the protocols.
  t = std::chrono::steady_clock::now();
  Result<std::unique_ptr<store::Store>> db = store::OpenSqliteStore(o.out + "/" + sim::kStoreFileName);
  if (!db.ok()) return ReportError(db.error());
  Result<size_t> stored_day =
      sim::StoreElectionDay(**db, context.signed_definition(), *reports, signed_count->protocols);
  if (!stored_day.ok()) return ReportError(stored_day.error());
  std::vector<store::StoredObject> objects;
  // The morning after: recounts ordered by TECs; each PEC signs version 2 of its own protocol.
  Result<std::vector<sim::Recount>> recounts =
      sim::SimulateRecounts(signed_count->protocols, context.protocol_context(), keyring, o.recounts, o.seed);
  if (!recounts.ok()) return ReportError(recounts.error());
  for (const sim::Recount& r : *recounts) {
    objects.push_back(store::ToStored(r.corrected, r.station, 2));
    std::printf("  recount at %s (decision %s): version 2 signed by its PEC\n", r.station.c_str(), r.decision.c_str());
  }
  if (o.tec_alters > 0) {
    // The 2007 fault: a TEC "corrects" protocols of its precincts. It can only sign as itself.
    Result<sim::TecAlteration> altered =
        sim::AlterProtocolsAtTec(signed_count->protocols, context.protocol_context(), keyring, o.tec_alters,
                                 sim::TecAlterationKind::kOwnCorrection);
    if (!altered.ok()) return ReportError(altered.error());
    int64_t moved = 0;
    for (size_t i = 0; i < altered->altered.size(); ++i) {
      objects.push_back(store::ToStored(altered->altered[i], altered->stations[i], altered->versions[i]));
      moved += altered->votes_moved[i];
    }
    std::printf("  fault: %s files %zu \"corrections\" of its precincts' protocols signed by its own members "
                "(%s votes moved to each station's leader)\n",
                altered->tec.c_str(), altered->altered.size(), Grouped(moved).c_str());
  }
  Result<size_t> stored = (*db)->PutBatch(objects);
  if (!stored.ok()) return ReportError(stored.error());
  const double store_seconds = Since(t);

  // 4. Tabulation tier by tier from signed protocols only; seats and winners; the log's tree
  //    head signed by the CEC; every result and signed object published at once (R-E2, R-E3).
  const std::string publication_dir = o.out + "/" + kPublicationDirName;
  Result<PublicationRun> published = PublishElection(context, **db, keyring, publication_dir);
  if (!published.ok()) return ReportError(published.error());
  const server::TabulationRun* run = &published->tabulation;
  std::printf("\n");
  PrintNationalResult(*run);
  std::printf("\n");
  PrintPublication(*published);

  const double total = Since(start);
  std::printf("\nTimings: generate %.2f s, sign definition %.2f s, read back + verify + check %.2f s,\n"
              "         count %.2f s, sign protocols %.2f s, turnout %.2f s, store %.2f s,\n"
              "         read %.2f s + verify %.2f s + tabulate and decide %.2f s + sign and store tiers %.2f s,\n"
              "         publish %.2f s; total %.2f s\n",
              election.generate_seconds, election.sign_seconds, read_seconds, count_seconds, sign_seconds,
              turnout_seconds, store_seconds, run->read_seconds, run->verify_seconds, run->aggregate_seconds, run->sign_store_seconds,
              published->publication.seconds, total);
  std::printf("Election directory: %s (check it yourself: ashyq definition check %s; ashyq tabulate %s)\n",
              o.out.c_str(), path.c_str(), o.out.c_str());
  // 5. Anyone can check it: the independent verifier reads only the publication.
  std::printf("\nThe independent verifier, on the publication alone (ashyq verify %s):\n", publication_dir.c_str());
  std::fflush(stdout);
  t = std::chrono::steady_clock::now();
  const int verified = VerifyAndReport(publication_dir);
  std::printf("Verification took %.2f s; the demo took %.2f s in all.\n", Since(t), Since(start));
  if (verified != kExitOk) return verified;
  if (o.no_serve) {
    std::printf("Publication: %s (serve it: ashyq serve %s)\n", publication_dir.c_str(), publication_dir.c_str());
    return kExitOk;
  }
  std::printf("\nThe results site, as the public sees it:\n");
  std::fflush(stdout);
  ServeOptions serve;
  serve.publication = publication_dir;
  serve.port = o.port;
  return ServePublication(serve);
}

}  // namespace

void AddDemoCommand(CLI::App& app, std::vector<Command>* commands) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Run a simulated national election end to end (default: the 2007 Majilis election at full\n"
      "size) and print what a commission and an observer would see. Replaces its own output\n"
      "directory.");
  demo->add_option("--scenario", options->scenario, "Scenario (see `scenario list`)")->capture_default_str();
  demo->add_option("--seed", options->seed, "Random seed of the simulation")->capture_default_str();
  demo->add_option("--out", options->out, "Where the election directory is written")->capture_default_str();
  demo->add_flag("--no-serve", options->no_serve, "Do not serve the results site afterwards");
  demo->add_option("--port", options->port, "Port of the results site on 127.0.0.1 (0: any free port)")
      ->capture_default_str();
  demo->add_option("--stuff-stations", options->stuffed_stations,
                    "Fault injection: stations whose ballot boxes are stuffed (the protocols still reconcile)");
  demo->add_option("--inconsistent-protocols", options->inconsistent_protocols,
                   "Fault injection: PECs whose figures do not add up (signing is refused, rule named)");
  demo->add_option("--recounts", options->recounts,
                   "Recounts ordered by TECs: each PEC signs a corrected version 2 of its protocol")
      ->capture_default_str();
  demo->add_option("--revised-turnout", options->revised_turnout,
                   "Stations that revise their 18:00 turnout report (both revisions are published, R-C5)");
  demo->add_option("--tec-alters", options->tec_alters,
                   "Fault injection: a TEC files this many corrections of its precincts' protocols, signed by its\n"
                   "own members (each is rejected, R-E1.owning-commission; the PEC's version stays counted)");
  commands->push_back({demo, [options] { return RunDemo(*options); }});
}

}  // namespace ashyq::cli
