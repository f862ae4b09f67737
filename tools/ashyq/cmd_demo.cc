// ashyq demo: the product's spine on a simulated national election, end to end.
// Today: scenario -> definition -> CEC signature -> election directory -> read back, verify,
// check every rule -> count and sign every precinct protocol and turnout report -> PECs submit them
// to the commission server over HTTP -> verify, tabulate tier by tier, sign tier protocols ->
// seats and winners -> result exports. Each issue extends it (protocols, tabulation, log, publication,
// verifier).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "core/json.h"
#include "core/parallel.h"
#include "core/utc_time.h"
#include "definition_report.h"
#include "protocol/election_context.h"
#include "server/api_server.h"
#include "server/publication_run.h"
#include "server/tabulation_run.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"
#include "sim/evote_simulator.h"
#include "sim/election_directory.h"
#include "sim/recount.h"
#include "sim/scenario.h"
#include "sim/tec_alteration.h"
#include "sim/turnout_simulator.h"
#include "station/submission_client.h"
#include "verify/evote_check.h"
#include "store_option.h"
#include "tabulation_report.h"

namespace ashyq::cli {
namespace {

struct DemoOptions {
  std::string scenario = "kz2007-majilis";
  uint64_t seed = 2007;
  std::string out;  // empty: DefaultOutDir()
  std::string db;   // --db; empty: OUT/election.db
  bool replace = false;
  bool no_serve = false;
  bool no_evoting = false;  // --no-evoting: skip the encrypted ballots (about two minutes nationally)
  int port = 8080;
  int64_t stuffed_stations = 0;
  int64_t inconsistent_protocols = 0;
  int64_t tec_alters = 0;
  int64_t recounts = 3;
  int64_t revised_turnout = 0;
};

constexpr const char* kDemoRunFileName = "demo.json";  // which demo made an election directory
constexpr const char* kDemoRunFormat = "ashyq/demo-run/1";

// The options that make one demo's election differ from another's, as a command line: the
// defaults are left out, so the national demo is plain "ashyq demo".
std::vector<std::pair<std::string, std::string>> Configuration(const DemoOptions& o) {
  const DemoOptions defaults;
  std::vector<std::pair<std::string, std::string>> options;
  if (o.scenario != defaults.scenario) options.emplace_back("scenario", o.scenario);
  if (o.seed != defaults.seed) options.emplace_back("seed", std::to_string(o.seed));
  auto count = [&](const char* name, int64_t value, int64_t default_value) {
    if (value != default_value) options.emplace_back(name, std::to_string(value));
  };
  count("stuff-stations", o.stuffed_stations, defaults.stuffed_stations);
  count("inconsistent-protocols", o.inconsistent_protocols, defaults.inconsistent_protocols);
  count("tec-alters", o.tec_alters, defaults.tec_alters);
  count("recounts", o.recounts, defaults.recounts);
  count("revised-turnout", o.revised_turnout, defaults.revised_turnout);
  return options;
}

std::string CommandLine(const DemoOptions& o) {
  std::string line = "ashyq demo";
  for (const auto& [name, value] : Configuration(o)) line += " --" + name + " " + value;
  return line;
}

// Each configuration has its own default directory ("demo-out", "demo-out-tiny",
// "demo-out-tec-alters-5"), so that running one demo never replaces another's election.
std::string DefaultOutDir(const DemoOptions& o) {
  std::string dir = "demo-out";
  for (const auto& [name, value] : Configuration(o)) dir += (name == "scenario" ? "-" : "-" + name + "-") + value;
  return dir;
}

std::string DemoRunRecord(const DemoOptions& o) {
  json::Value doc = json::Value::Object();
  doc.Set("format", json::Value(kDemoRunFormat));
  doc.Set("command", json::Value(CommandLine(o)));
  return json::Canonicalize(doc) + "\n";
}

bool Exists(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::symlink_status(path, ignored).type() != std::filesystem::file_type::not_found;
}

// A demo replaces only its own earlier run of the same configuration. Another demo's election,
// or one it did not make, stays unless --replace is given; nothing is changed when refused.
Status CheckOutDir(const DemoOptions& o) {
  const std::string record_path = o.out + "/" + kDemoRunFileName;
  bool occupied = false;  // holds something a demo writes
  for (const char* name : {sim::kDefinitionFileName, sim::kKeyringFileName, sim::kStoreFileName,
                           kPublicationDirName, sim::kResultsDirName, kDemoRunFileName}) {
    if (Exists(o.out + "/" + name)) occupied = true;
  }
  if (!occupied || o.replace) return Status();
  std::string held = "an election that no demo made";
  if (Exists(record_path)) {
    Result<std::string> text = ReadRegularFile(record_path, 4096, Symlinks::kRefuse);
    if (text.ok() && *text == DemoRunRecord(o)) return Status();  // a rerun of the same demo
    Result<json::Value> doc = text.ok() ? json::Parse(*text) : Result<json::Value>(text.error());
    const json::Value* command = doc.ok() && doc->is_object() ? doc->Find("command") : nullptr;
    held = command != nullptr && command->is_string() ? "the election of `" + command->as_string() + "`"
                                                      : "an election of another demo";
  }
  return Error{ErrorCode::kAlreadyExists, o.out, "",
               "this directory holds " + held + ", not of `" + CommandLine(o) +
                   "`; nothing was changed. Choose another directory with --out DIR, or add --replace "
                   "to overwrite it"};
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// How long each step took, for the closing line.
struct DemoTimings {
  double read = 0, count = 0, sign = 0, turnout = 0, submit = 0;
  double submissions_per_second = 0;  // election day's, over HTTP
};

// What the PECs sent on election night.
struct ElectionNight {
  sim::SignedCount count;
  std::vector<crypto::SignedObject> turnout_reports;
};

// 1. Before election day: the definition, signed by the CEC and published.
int PublishDefinition(const DemoOptions& o, sim::GeneratedElection* election) {
  int code = GenerateInto(o.scenario, o.seed, o.out, /*replace=*/true, election);
  if (code != kExitOk) return code;
  Status recorded = WriteFileAtomic(o.out + "/" + kDemoRunFileName, DemoRunRecord(o));
  if (!recorded.ok()) return ReportError(recorded.error());
  // What was published for a previous election here belongs to it: start afresh.
  std::error_code removed;
  std::filesystem::remove_all(o.out + "/" + kPublicationDirName, removed);
  std::filesystem::remove_all(o.out + "/" + sim::kResultsDirName, removed);
  return kExitOk;
}

// Read back what was published and check it as an observer would: from the file alone.
Result<std::unique_ptr<protocol::ElectionContext>> ReadBack(const std::string& path, DemoTimings* timings) {
  const auto t = std::chrono::steady_clock::now();
  Result<std::unique_ptr<protocol::ElectionContext>> loaded = protocol::ElectionContext::Load(path);
  if (!loaded.ok()) return loaded;
  timings->read = Since(t);
  PrintDefinitionReport((*loaded)->definition(), &(*loaded)->signed_definition());
  return loaded;
}

// 2. Election night: every PEC counts, reconciles and signs its protocol (R-D1..R-D4); through
//    the day every PEC reported turnout (R-C5), signed with the commission's key.
Result<ElectionNight> CountElectionNight(const DemoOptions& o, const protocol::ElectionContext& context,
                                         const crypto::SimulatedKeyring& keyring, DemoTimings* timings) {
  std::printf("\nElection night\n");
  ASHYQ_ASSIGN_OR_RETURN(const sim::ScenarioSpec spec, sim::LoadScenario(o.scenario));
  auto t = std::chrono::steady_clock::now();
  sim::FaultPlan faults;
  faults.stuffed_stations = o.stuffed_stations;
  faults.inconsistent_protocols = o.inconsistent_protocols;
  ASHYQ_ASSIGN_OR_RETURN(const sim::SimulatedCount count,
                         sim::SimulateCount(context.definition(), context.tree(), spec,
                                            context.definition_digest(), o.seed, faults));
  timings->count = Since(t);
  t = std::chrono::steady_clock::now();
  ElectionNight night;
  ASHYQ_ASSIGN_OR_RETURN(night.count, sim::SignCount(count, context.protocol_context(), keyring, o.seed));
  size_t signatures = 0;
  for (const crypto::SignedObject& p : night.count.protocols) signatures += p.signatures().size();
  timings->sign = Since(t);
  std::printf("  %s precinct protocols counted and signed by the members present (%s member signatures)\n",
              Grouped(static_cast<int64_t>(night.count.protocols.size())).c_str(),
              Grouped(static_cast<int64_t>(signatures)).c_str());
  for (const sim::RefusedProtocol& r : night.count.refused) {
    std::printf("  refused to sign %s: %s\n", r.station.c_str(), r.error.ToString().c_str());
  }

  t = std::chrono::steady_clock::now();
  sim::TurnoutFaultPlan turnout_faults;
  turnout_faults.revised_turnout = o.revised_turnout;
  ASHYQ_ASSIGN_OR_RETURN(const sim::SimulatedTurnout turnout, sim::SimulateTurnout(count, o.seed, turnout_faults));
  ASHYQ_ASSIGN_OR_RETURN(night.turnout_reports, sim::SignTurnout(turnout, keyring));
  timings->turnout = Since(t);
  std::printf("  %s turnout reports through the day (10:00 to 18:00), signed by each PEC\n",
              Grouped(static_cast<int64_t>(night.turnout_reports.size())).c_str());
  return night;
}

// The morning after: recounts ordered by TECs, each PEC signing version 2 of its own protocol;
// with --tec-alters, the 2007 fault as well.
struct MorningAfter {
  std::vector<crypto::SignedObject> recounts;  // version 2, signed by each station's PEC
  std::string tec;                               // the fault: this TEC submits...
  std::vector<crypto::SignedObject> tec_altered;  // ...these "corrections", signed by its members
  std::string tec_fault;  // what the fault did, in words
};

Result<MorningAfter> TheMorningAfter(const DemoOptions& o, const protocol::ElectionContext& context,
                                     const std::vector<crypto::SignedObject>& protocols,
                                     const crypto::SimulatedKeyring& keyring) {
  MorningAfter morning;
  ASHYQ_ASSIGN_OR_RETURN(const std::vector<sim::Recount> recounts,
                         sim::SimulateRecounts(protocols, context.protocol_context(), keyring, o.recounts, o.seed));
  for (const sim::Recount& r : recounts) {
    morning.recounts.push_back(r.corrected);
    std::printf("  recount at %s (decision %s): version 2 signed by its PEC\n", r.station.c_str(), r.decision.c_str());
  }
  if (o.tec_alters == 0) return morning;
  // The 2007 fault: a TEC "corrects" protocols of its precincts. It can only sign as itself.
  ASHYQ_ASSIGN_OR_RETURN(const sim::TecAlteration altered,
                         sim::AlterProtocolsAtTec(protocols, context.protocol_context(), keyring, o.tec_alters,
                                                  sim::TecAlterationKind::kOwnCorrection));
  int64_t moved = 0;
  for (int64_t votes : altered.votes_moved) moved += votes;
  morning.tec = altered.tec;
  morning.tec_altered = altered.altered;
  morning.tec_fault = "fault: " + altered.tec + " files " + std::to_string(altered.altered.size()) +
                      " \"corrections\" of its precincts' protocols signed by its own members (" + Grouped(moved) +
                      " votes moved to each station's leader), each naming a decision of its own, and submits them "
                      "to the server with its key";
  return morning;
}

// The commission server on 127.0.0.1, any free port, serving on a thread of its own until
// stopped (destroyed).
class CommissionServer {
 public:
  // `store_location` as store::OpenStore takes it; the store holds the definition as leaf 0.
  // The server keeps `publication_dir` up to date as it logs (live publication: tier protocols
  // signed with `keys`, a tree head signed as the CEC), as `ashyq server run --publish` does.
  static Result<std::unique_ptr<CommissionServer>> Start(const protocol::ElectionContext& context,
                                                         const std::string& store_location, crypto::SigningKey key,
                                                         const std::string& publication_dir,
                                                         server::CommissionKeys keys) {
    server::ApiServerOptions options;
    options.bind = "127.0.0.1";
    options.port = 0;
    options.publication_dir = publication_dir;
    options.publication_keys = std::move(keys);
    auto published = std::make_shared<Published>();
    options.on_published = [published](const server::LiveUpdate& update) {
      std::lock_guard<std::mutex> hold(published->lock);
      ++published->updates;
      published->last = update;
    };
    ASHYQ_ASSIGN_OR_RETURN(std::unique_ptr<server::ApiServer> api,
                           server::ApiServer::Create(context, store_location, std::move(key), options));
    ASHYQ_ASSIGN_OR_RETURN(const int port, api->Bind());
    auto started = std::unique_ptr<CommissionServer>(new CommissionServer(std::move(api), port));
    started->published_ = std::move(published);
    CommissionServer* self = started.get();
    started->runner_ = std::thread([self] { self->served_ = self->api_->Run(); });
    return started;
  }
  ~CommissionServer() { (void)Stop(); }
  // Stops serving; the error Run() ended with, if any.
  Status Stop() {
    if (runner_.joinable()) {
      api_->Stop();
      runner_.join();
    }
    return served_;
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  server::ApiServer& api() { return *api_; }
  // Publication updates written so far, and the last one (nullopt before the first).
  int64_t updates() const {
    std::lock_guard<std::mutex> hold(published_->lock);
    return published_->updates;
  }
  std::optional<server::LiveUpdate> last_published() const {
    std::lock_guard<std::mutex> hold(published_->lock);
    return published_->last;
  }

 private:
  CommissionServer(std::unique_ptr<server::ApiServer> api, int port) : api_(std::move(api)), port_(port) {}
  std::unique_ptr<server::ApiServer> api_;
  int port_;
  std::thread runner_;
  Status served_;
  struct Published {
    mutable std::mutex lock;
    int64_t updates = 0;
    std::optional<server::LiveUpdate> last;
  };
  std::shared_ptr<Published> published_;
};

// What the stations' submissions came to.
struct WireTally {
  std::atomic<int64_t> logged{0}, refused{0}, kept{0}, retried{0}, retries{0};  // kept: of refused, as evidence
  std::mutex lock;  // guards the three below
  std::vector<std::string> refusals;  // the first few, in words
  std::optional<Error> failure;       // the first submission that got no usable answer
  std::optional<std::chrono::steady_clock::time_point> last_logged;  // when the last 200 receipt came

  void Count(const station::SubmissionAnswer& a) {
    if (a.receipt.outcome == protocol::ReceiptOutcome::kLogged) {
      const auto now = std::chrono::steady_clock::now();
      std::lock_guard<std::mutex> hold(lock);
      if (!last_logged || *last_logged < now) last_logged = now;
    }
    (a.receipt.outcome == protocol::ReceiptOutcome::kLogged ? logged : refused)++;
    if (a.receipt.outcome == protocol::ReceiptOutcome::kLoggedRefused) kept++;
    if (a.tries > 1) {
      retried++;
      retries += a.tries - 1;
    }
    if (a.receipt.outcome != protocol::ReceiptOutcome::kLogged) {
      std::lock_guard<std::mutex> hold(lock);
      if (refusals.size() < 5) {
        refusals.push_back(std::string(protocol::ReceiptOutcomeName(a.receipt.outcome)) + " (HTTP " +
                           std::to_string(a.http_status) + ", " + a.receipt.rule + "): " + a.receipt.message);
      }
    }
  }
  void Fail(Error e) {
    std::lock_guard<std::mutex> hold(lock);
    if (!failure) failure = std::move(e);
  }
  bool failed() {
    std::lock_guard<std::mutex> hold(lock);
    return failure.has_value();
  }
};

// PECs submitting at the same moment, each on its own connection. The server commits what has
// arrived together in one transaction and one fsync (group commit), so the more stations at once,
// the fewer fsyncs per object: on election night there are thousands. Below the server's limit
// of 256 connection threads (src/server/internal/http_listener.h).
constexpr int kStationThreads = 192;

// Every PEC, on its own connection, submits what it signed in the order it signed it (each
// `batches` entry: one PEC's objects), kStationThreads PECs at a time.
void SubmitAsStations(const std::string& url, const std::string& election_id, const crypto::PublicKey& server_key,
                      const crypto::SimulatedKeyring& keyring,
                      const std::vector<std::pair<std::string, std::vector<const crypto::SignedObject*>>>& batches,
                      WireTally* tally) {
  std::atomic<size_t> next{0};
  auto station = [&] {
    for (size_t i = next++; i < batches.size() && !tally->failed(); i = next++) {
      const auto& [pec, objects] = batches[i];
      station::SubmissionClientOptions options;
      options.server_key = server_key;
      station::SubmissionClient client(url, election_id, pec, sim::SimulatedKeyFor(keyring, pec), options);
      for (const crypto::SignedObject* object : objects) {
        Result<station::SubmissionAnswer> answer = client.Submit(*object);
        if (!answer.ok()) return tally->Fail(answer.error());
        tally->Count(*answer);
      }
    }
  };
  std::vector<std::thread> threads;
  const size_t n = std::min(batches.size(), static_cast<size_t>(kStationThreads));
  for (size_t t = 0; t < n; ++t) threads.emplace_back(station);
  for (std::thread& t : threads) t.join();
}

// Each PEC's objects in the order given (the order of the day), PECs in order of first appearance.
std::vector<std::pair<std::string, std::vector<const crypto::SignedObject*>>> ByCommission(
    std::initializer_list<const std::vector<crypto::SignedObject>*> lists) {
  std::vector<std::pair<std::string, std::vector<const crypto::SignedObject*>>> batches;
  std::unordered_map<std::string, size_t> index;
  for (const std::vector<crypto::SignedObject>* list : lists) {
    for (const crypto::SignedObject& object : *list) {
      const json::Value* commission = object.payload().Find("commission");
      const std::string pec = commission != nullptr && commission->is_string() ? commission->as_string() : "";
      auto [at, fresh] = index.emplace(pec, batches.size());
      if (fresh) batches.emplace_back(pec, std::vector<const crypto::SignedObject*>{});
      batches[at->second].second.push_back(&object);
    }
  }
  return batches;
}

void PrintTally(const char* what, const WireTally& tally, size_t pecs, double seconds, const char* who = "PECs") {
  const int64_t submitted = tally.logged + tally.refused;
  std::printf("  %s: %s objects submitted by %s %s, %d at a time, in %.2f s (%s submissions per second):\n"
              "    %s logged, %s refused; %s needed more than one try (%s retries)\n",
              what, Grouped(submitted).c_str(), Grouped(static_cast<int64_t>(pecs)).c_str(), who,
              std::min(static_cast<int>(pecs), kStationThreads), seconds,
              Grouped(static_cast<int64_t>(seconds > 0 ? static_cast<double>(submitted) / seconds : 0)).c_str(),
              Grouped(tally.logged).c_str(), Grouped(tally.refused).c_str(), Grouped(tally.retried).c_str(),
              Grouped(tally.retries).c_str());
  if (tally.kept > 0) {
    std::printf("    %s of the refused kept in the public log as evidence of an attempted alteration, never counted\n",
                Grouped(tally.kept).c_str());
  }
  for (const std::string& r : tally.refusals) std::printf("    %s\n", r.c_str());
}

// What the day came to: the store, and the publication the server wrote as it logged.
struct PublishedDay {
  std::unique_ptr<store::Store> db;
  server::PublicationRun published;  // the tabulation published last, its tree head, the last update
  double seconds_after_last_ack = 0;  // from the last 200 receipt to PublishNow returning with the head
  int64_t updates = 0;                // publication updates the server wrote
};

// 3. Every signed report and protocol reaches the commission server over HTTP, as on election
//    day: the server (on 127.0.0.1) takes the definition as leaf 0, then each PEC submits its
//    turnout reports in time order and its protocol, many PECs at once, each object verified on
//    arrival and acknowledged with a signed receipt; in the morning the recounts' version 2.
//    The server publishes as it logs (tier protocols, tree head, publication directory: live
//    publication); after the last acknowledgement the demo asks it to publish now and measures
//    how long the result took to be public.
//    The TEC's "corrections" of --tec-alters come through the door too, submitted by the TEC with
//    its key: refused (R-E1.owning-commission) and kept in the log as evidence, outside the
//    stations' versions, never counted (decision 0015).
Result<PublishedDay> SubmitTheDay(const DemoOptions& o, const protocol::ElectionContext& context,
                                  const ElectionNight& night, const crypto::SimulatedKeyring& keyring,
                                  const std::string& publication_dir, DemoTimings* timings) {
  auto t = std::chrono::steady_clock::now();
  PublishedDay out;
  const std::string location = StoreLocation(o.db, o.out);
  ASHYQ_ASSIGN_OR_RETURN(out.db, store::OpenStore(location));
  store::Store& db = *out.db;
  const std::string& election_id = context.definition().election_id;
  ASHYQ_RETURN_IF_ERROR(db.Put(store::ToStored(context.signed_definition(), election_id, 1)).status());
  // The server's key, derived from the simulation's keyring like every other key of the demo.
  crypto::SigningKey server_key = sim::SimulatedKeyFor(keyring, "commission-server");
  const crypto::PublicKey server_public_key = server_key.public_key();
  ASHYQ_ASSIGN_OR_RETURN(std::unique_ptr<CommissionServer> server,
                         CommissionServer::Start(context, location, std::move(server_key), publication_dir,
                                                 SimulatedCommissionKeys(keyring)));
  std::printf("\nElection day over the wire\n  commission server at %s/api/v1/, receipts signed with key %s;\n"
              "  it publishes into %s as it logs\n",
              server->url().c_str(), server_public_key.Hex().c_str(), publication_dir.c_str());
  std::fflush(stdout);

  WireTally day;
  const auto batches = ByCommission({&night.turnout_reports, &night.count.protocols});
  auto sent = std::chrono::steady_clock::now();
  SubmitAsStations(server->url(), election_id, server_public_key, keyring, batches, &day);
  const double day_seconds = Since(sent);
  if (day.failure) return *day.failure;
  PrintTally("turnout and protocols", day, batches.size(), day_seconds);
  std::optional<std::chrono::steady_clock::time_point> last_ack = day.last_logged;

  std::printf("\nThe morning after\n");
  ASHYQ_ASSIGN_OR_RETURN(const MorningAfter morning, TheMorningAfter(o, context, night.count.protocols, keyring));
  if (!morning.recounts.empty()) {
    WireTally corrections;
    const auto by_pec = ByCommission({&morning.recounts});
    sent = std::chrono::steady_clock::now();
    SubmitAsStations(server->url(), election_id, server_public_key, keyring, by_pec, &corrections);
    if (corrections.failure) return *corrections.failure;
    PrintTally("recounts", corrections, by_pec.size(), Since(sent));
    if (corrections.last_logged && (!last_ack || *last_ack < *corrections.last_logged)) {
      last_ack = corrections.last_logged;
    }
  }
  if (!morning.tec_altered.empty()) {
    std::printf("  %s\n", morning.tec_fault.c_str());
    WireTally attempts;
    std::vector<std::pair<std::string, std::vector<const crypto::SignedObject*>>> by_tec(1);
    by_tec[0].first = morning.tec;
    for (const crypto::SignedObject& a : morning.tec_altered) by_tec[0].second.push_back(&a);
    sent = std::chrono::steady_clock::now();
    SubmitAsStations(server->url(), election_id, server_public_key, keyring, by_tec, &attempts);
    if (attempts.failure) return *attempts.failure;
    PrintTally("the TEC's \"corrections\"", attempts, by_tec.size(), Since(sent), "TEC");
  }

  // 4. The result public: everything acknowledged is tabulated tier by tier from signed
  //    protocols only, each tier's protocol signed, the log's tree head signed by the CEC and
  //    every changed file written (R-E2, R-E3); most of it was done while the stations submitted.
  const auto asked = std::chrono::steady_clock::now();
  server::TabulationRun tabulation;
  ASHYQ_ASSIGN_OR_RETURN(server::LiveUpdate update,
                         server->api().PublishNow([&tabulation](const server::TabulationRun& run) { tabulation = run; }));
  const auto published = std::chrono::steady_clock::now();
  // Nothing new since the server's last update (it had published everything already): that
  // update's head and files are the publication.
  if (!update.published) {
    if (std::optional<server::LiveUpdate> last = server->last_published()) update = std::move(*last);
  }
  if (!update.head) {
    return Error{ErrorCode::kInternal, publication_dir, "R-E3.publication", "the server published no tree head"};
  }
  out.seconds_after_last_ack = std::chrono::duration<double>(published - last_ack.value_or(asked)).count();
  out.updates = server->updates();
  ASHYQ_RETURN_IF_ERROR(server->Stop());
  server.reset();
  // The copy's contests point into the server's tabulation: decide them again on the copy's own
  // (a pure function of the counted protocols, so the same result).
  ASHYQ_RETURN_IF_ERROR(server::TallyAndDecide(context, &tabulation));
  out.published.tabulation = std::move(tabulation);
  out.published.head = std::move(*update.head);
  out.published.publication = update.publication;
  std::printf("\nPublished %.2f s after the last protocol was acknowledged: the national result, every tier's\n"
              "protocol and the log's tree head, signed (the server published %s times as the stations submitted)\n",
              out.seconds_after_last_ack, Grouped(out.updates).c_str());
  timings->submit = Since(t);
  timings->submissions_per_second = day_seconds > 0 ? static_cast<double>(day.logged + day.refused) / day_seconds : 0;
  return out;
}

void PrintTimings(const sim::GeneratedElection& election, const DemoTimings& d, const PublishedDay& day,
                  double total) {
  std::printf("\nTimings: generate %.2f s, sign definition %.2f s, read back + verify + check %.2f s,\n"
              "         count %.2f s, sign protocols %.2f s, turnout %.2f s, submit over HTTP and publish %.2f s (%.0f/s),\n"
              "         published %.2f s after the last acknowledgement (last update %.2f s); total %.2f s\n",
              election.generate_seconds, election.sign_seconds, d.read, d.count, d.sign, d.turnout, d.submit,
              d.submissions_per_second, day.seconds_after_last_ack, day.published.publication.seconds, total);
}

// 4b. Electronic voting (issue 18): the guardians' ceremony, an encrypted ballot per e-vote of
//     each e-voting station's counted protocol, signed by the station's device and chained by
//     tracking code, a few challenged, and the tallies decrypted by the guardians present; all
//     published under evote/ (sim/evote_simulator.h).
Status RunEvoting(const protocol::ElectionContext& context, const server::TabulationRun& tabulation,
                  const crypto::SimulatedKeyring& keyring, const std::string& publication_dir, uint64_t seed,
                  int64_t challenge_every) {
  std::vector<const protocol::PrecinctProtocol*> counted;
  for (const protocol::PrecinctProtocol& p : tabulation.verified) counted.push_back(&p);
  std::printf("\nE-voting\n");
  std::fflush(stdout);
  sim::EvoteOptions options;
  options.seed = seed;
  options.challenge_every = challenge_every;  // the scenario's (tiny's is low, so that some are)
  ASHYQ_ASSIGN_OR_RETURN(const sim::EvoteRun run,
                         sim::SimulateEvoting(context.definition(), context.definition_digest(), counted, keyring,
                                              publication_dir, options));
  std::string present;
  for (uint32_t g : run.decrypting_guardians) present += (present.empty() ? "" : ", ") + std::to_string(g);
  std::printf("  guardians' key ceremony: %u guardians, any %u decrypt (commitments and proofs published, %.2f s)\n",
              options.guardians, options.quorum, run.ceremony_seconds);
  std::printf("  %s e-voting stations, one device each: %s ballots encrypted with proofs, signed and chained in %.2f s\n"
              "    on %u cores (%.2f ms per ballot per core); %s challenged by voters (opened, never tallied)\n",
              Grouped(static_cast<int64_t>(run.devices)).c_str(), Grouped(run.cast + run.challenged).c_str(),
              run.encrypt_seconds, ThreadCount(0),
              run.cast + run.challenged > 0 ? run.encrypt_seconds * 1000 * ThreadCount(0) /
                                                  static_cast<double>(run.cast + run.challenged)
                                            : 0.0,
              Grouped(run.challenged).c_str());
  std::printf("  %s station tallies and the national one summed homomorphically and decrypted with proofs by\n"
              "    guardians %s (guardian %u absent) in %.2f s; %.1f MB published under evote/\n",
              Grouped(static_cast<int64_t>(run.stations_with_ballots)).c_str(), present.c_str(), options.absent,
              run.tally_seconds, static_cast<double>(run.bytes) / 1e6);
  const Contest* contest = nullptr;
  for (const Contest& c : context.definition().contests) {
    if (c.id == run.contest) contest = &c;
  }
  std::printf("  national e-tally, %s e-ballots (%s):\n", Grouped(run.cast).c_str(), run.contest.c_str());
  for (const auto& [choice, votes] : run.national) {
    std::string name = choice;
    if (contest != nullptr) {
      for (const Choice& c : contest->choices) {
        if (c.id == choice && !c.name.en.empty()) name = c.name.en;
      }
    }
    std::printf("    %-44s %10s\n", name.c_str(), Grouped(votes).c_str());
  }
  std::printf("  e-voting took %.2f s in all\n", run.seconds);
  return Status();
}

// 5. Anyone can check it: the independent verifier reads only the publication; then, unless
//    --no-serve, the results site serves it.
int VerifyThenServe(const DemoOptions& o, const std::string& publication_dir,
                    std::chrono::steady_clock::time_point start) {
  std::printf("\nThe independent verifier, on the publication alone (ashyq verify %s):\n", publication_dir.c_str());
  std::fflush(stdout);
  const auto t = std::chrono::steady_clock::now();
  // Without e-voting the protocols' electronic votes have no e-vote record: the verifier says so
  // (R-C4.evote-missing), and that alone is what the demo expects.
  const int verified =
      VerifyAndReport(publication_dir, o.no_evoting ? verify::kEvoteMissingRule : std::string_view());
  if (o.no_evoting) {
    std::printf("(--no-evoting: no e-vote record was published, so the verifier cannot check the electronic "
                "votes: %s is expected here.)\n",
                std::string(verify::kEvoteMissingRule).c_str());
  }
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

int RunDemo(DemoOptions o) {
  const auto start = std::chrono::steady_clock::now();
  if (o.out.empty()) o.out = DefaultOutDir(o);
  Status usable = CheckOutDir(o);
  if (!usable.ok()) return ReportError(usable.error());
  std::printf("Ashyq demo: scenario %s, seed %llu, election directory %s\n\n", o.scenario.c_str(),
              static_cast<unsigned long long>(o.seed), o.out.c_str());

  sim::GeneratedElection election;
  const int code = PublishDefinition(o, &election);
  if (code != kExitOk) return code;
  DemoTimings timings;
  const std::string path = o.out + "/" + sim::kDefinitionFileName;
  Result<std::unique_ptr<protocol::ElectionContext>> loaded = ReadBack(path, &timings);
  if (!loaded.ok()) return ReportError(loaded.error());
  const protocol::ElectionContext& context = **loaded;
  const crypto::SimulatedKeyring keyring(election.keyring_master);
  Result<ElectionNight> night = CountElectionNight(o, context, keyring, &timings);
  if (!night.ok()) return ReportError(night.error());
  const std::string publication_dir = o.out + "/" + kPublicationDirName;
  Result<PublishedDay> day = SubmitTheDay(o, context, *night, keyring, publication_dir, &timings);
  if (!day.ok()) return ReportError(day.error());
  std::printf("\n");
  PrintNationalResult(day->published.tabulation);
  std::printf("\n");
  PrintPublicationRun(day->published);
  if (o.no_evoting) {
    std::error_code ignored;
    std::filesystem::remove_all(publication_dir + "/evote", ignored);  // an earlier run's e-vote record
  } else {
    Result<sim::ScenarioSpec> spec = sim::LoadScenario(o.scenario);
    if (!spec.ok()) return ReportError(spec.error());
    Status evoted = RunEvoting(context, day->published.tabulation, keyring, publication_dir, o.seed,
                               spec->evoting.challenge_every);
    if (!evoted.ok()) return ReportError(evoted.error());
  }

  PrintTimings(election, timings, *day, Since(start));
  const std::string tabulate = o.db.empty() ? o.out : o.out + " --db " + day->db->location();
  std::printf("Election directory: %s (check it yourself: ashyq definition check %s; ashyq tabulate %s)\n",
              o.out.c_str(), path.c_str(), tabulate.c_str());
  return VerifyThenServe(o, publication_dir, start);
}

}  // namespace

void AddDemoCommand(CLI::App& app, std::vector<Command>* commands) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Run a simulated national election end to end (default: the 2007 Majilis election at full\n"
      "size) and print what a commission and an observer would see. Each configuration (scenario,\n"
      "seed, faults) has its own default directory: demo-out for the national demo, e.g.\n"
      "demo-out-tiny or demo-out-tec-alters-5 for others. A rerun of the same demo replaces its\n"
      "earlier run; any other election there is kept unless --replace is given.");
  demo->add_option("--scenario", options->scenario, "Scenario (see `scenario list`)")->capture_default_str();
  demo->add_option("--seed", options->seed, "Random seed of the simulation")->capture_default_str();
  demo->add_option("--out", options->out,
                   "Where the election directory is written (default: demo-out, or demo-out-<scenario and faults>)");
  demo->add_option("--db", options->db,
                   "The commission's store: an SQLite file (default: OUT/election.db), or a PostgreSQL database,\n"
                   "postgresql://user@host:port/dbname, empty or holding this same demo");
  demo->add_flag("--replace", options->replace,
                 "Overwrite the election in --out even if another demo (or no demo) made it");
  demo->add_flag("--no-serve", options->no_serve, "Do not serve the results site afterwards");
  demo->add_flag("--no-evoting", options->no_evoting,
                 "Skip electronic voting (the encrypted ballots, guardians and e-tallies under evote/)");
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
                   "own members (each is refused at the server, R-E1.owning-commission, and kept in the log as\n"
                   "evidence of an attempted alteration; the PEC's version stays counted)");
  commands->push_back({demo, [options] { return RunDemo(*options); }});
}

}  // namespace ashyq::cli
