#include "tabulation_run.h"

#include <chrono>
#include <cstdio>
#include <thread>
#include <unordered_map>

#include "cli_output.h"
#include "protocol/protocol_json.h"
#include "sim/definition_generator.h"
#include "core/file_io.h"
#include "sim/election_directory.h"
#include "tabulate/results_export.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::cli {
namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

struct Verified {
  std::optional<protocol::PrecinctProtocol> protocol;
  std::string digest;
  std::optional<Error> error;
};

// Verifies the stored protocols on every core: Ed25519 verification is most of the cost.
std::vector<Verified> VerifyAll(const std::vector<store::StoredObject>& stored,
                                const protocol::ProtocolContext& context) {
  std::vector<Verified> out(stored.size());
  auto work = [&](size_t begin, size_t step) {
    for (size_t i = begin; i < stored.size(); i += step) {
      json::ParseOptions options;
      options.max_bytes = stored[i].envelope.size() + 1;
      Result<json::Value> doc = json::Parse(stored[i].envelope, options);
      if (!doc.ok()) { out[i].error = doc.error().In(stored[i].subject); continue; }
      Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
      if (!object.ok()) { out[i].error = object.error().In(stored[i].subject); continue; }
      Result<protocol::PrecinctProtocol> p = protocol::VerifyProtocol(*object, context);
      if (!p.ok()) { out[i].error = p.error().In(stored[i].subject); continue; }
      out[i].protocol = std::move(p).value();
      out[i].digest = object->digest().Hex();
    }
  };
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, threads);
  for (std::thread& t : pool) t.join();
  return out;
}

}  // namespace

DecidedContest DecideContest(const ElectionDefinition& definition, const Contest& contest,
                             const tabulate::ContestTotals& totals) {
  DecidedContest out;
  out.contest = &contest;
  out.totals = &totals;
  std::unordered_map<std::string, int64_t> registration;
  for (const Party& p : definition.parties) registration[p.id] = p.registration_order;
  if (contest.kind == ContestKind::kPresidential) {
    Result<tabulate::PresidentialOutcome> outcome = tabulate::DecidePresidential(
        totals.votes, totals.valid_votes() + totals.invalid_ballots, contest.majority_bp);
    if (outcome.ok()) out.presidential = std::move(outcome).value(); else out.error = outcome.error();
    return out;
  }
  std::vector<tabulate::ListVotes> lists;
  for (size_t i = 0; i < totals.votes.size(); ++i) {
    const auto& [choice, votes] = totals.votes[i];
    int64_t order = static_cast<int64_t>(i) + 1;
    for (const Choice& c : contest.choices) {
      if (c.id == choice && registration.count(c.party)) order = registration[c.party];
    }
    lists.push_back({choice, votes, order});
  }
  tabulate::SeatRules rules;
  rules.seats = contest.seats;
  rules.threshold_bp = contest.threshold_bp;
  rules.method = contest.method;
  rules.tie_break = contest.tie_break;
  rules.lot_seed = contest.ballot_order.seed;  // the published lottery seed also settles ties by lot
  rules.runner_up_min_seats = contest.runner_up_min_seats;
  Result<tabulate::SeatAllocation> seats = tabulate::AllocateSeats(lists, totals.participants(), rules);
  if (seats.ok()) out.seats = std::move(seats).value(); else out.error = seats.error();
  return out;
}

Result<TabulationRun> RunTabulation(const protocol::ElectionContext& election, store::Store& store,
                                    const crypto::SimulatedKeyring* keyring) {
  TabulationRun run;
  auto t = std::chrono::steady_clock::now();
  ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> stored, store.Latest(protocol::kPrecinctProtocolFormat));
  run.protocols_read = stored.size();
  run.read_seconds = Since(t);

  t = std::chrono::steady_clock::now();
  std::vector<Verified> verified = VerifyAll(stored, election.protocol_context());
  for (size_t i = 0; i < stored.size(); ++i) {
    if (verified[i].error) { run.rejected.push_back(*verified[i].error); continue; }
    // A corrected protocol counts only if its whole chain of versions holds (R-E1).
    if (stored[i].version > 1) {
      Result<std::vector<store::StoredObject>> versions = store.Versions(stored[i].kind, stored[i].subject);
      if (!versions.ok()) return versions.error();
      std::vector<crypto::SignedObject> chain;
      for (const store::StoredObject& v : *versions) {
        Result<json::Value> doc = json::Parse(v.envelope, json::ParseOptions{v.envelope.size() + 1, 64, false});
        if (!doc.ok()) return doc.error().In(v.subject);
        ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, crypto::SignedObject::FromJson(*doc));
        chain.push_back(std::move(object));
      }
      Status chain_ok = protocol::VerifyVersionChain(chain, election.protocol_context());
      if (!chain_ok.ok()) { run.rejected.push_back(chain_ok.error().In(stored[i].subject)); continue; }
    }
    run.verified.push_back(std::move(*verified[i].protocol));
    run.verified_digests.push_back(std::move(verified[i].digest));
  }
  run.protocols_verified = run.verified.size();
  run.verify_seconds = Since(t);

  t = std::chrono::steady_clock::now();
  std::vector<tabulate::CountedPrecinct> counted;
  counted.reserve(run.verified.size());
  for (size_t i = 0; i < run.verified.size(); ++i) counted.push_back({&run.verified[i], run.verified_digests[i]});
  ASHYQ_ASSIGN_OR_RETURN(run.tabulation,
                         tabulate::Tabulate(election.tree(), election.definition_digest(), counted));
  const ElectionDefinition& def = election.definition();
  for (const Contest& contest : def.contests) {
    const size_t scope = election.tree().FindCommission(contest.scope);
    const tabulate::TabulatedTier* tier = run.tabulation.Find(scope);
    if (tier == nullptr) continue;
    for (const tabulate::ContestTotals& totals : tier->protocol.contests) {
      if (totals.contest == contest.id) run.contests.push_back(DecideContest(def, contest, totals));
    }
  }
  run.aggregate_seconds = Since(t);

  if (keyring == nullptr) return run;
  t = std::chrono::steady_clock::now();
  std::vector<store::StoredObject> to_store;
  for (const tabulate::TabulatedTier& tier : run.tabulation.tiers) {
    const Commission& commission = election.tree().commission(tier.commission);
    ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object,
                           crypto::SignedObject::Create(tabulate::TierProtocolToJson(tier.protocol)));
    ASHYQ_RETURN_IF_ERROR(object.AddSignature(commission.id, sim::SimulatedKeyFor(*keyring, commission.id)));
    ++run.tier_protocols_signed;
    // A new tabulation (after corrections or late protocols) is the next version of the tier's protocol.
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> previous,
                           store.Versions(tabulate::kTierProtocolFormat, commission.id));
    if (!previous.empty() && previous.back().digest == object.digest()) continue;
    const int64_t version = previous.empty() ? 1 : previous.back().version + 1;
    to_store.push_back(store::ToStored(object, commission.id, version));
  }
  ASHYQ_ASSIGN_OR_RETURN(run.tier_protocols_stored, store.PutBatch(to_store));
  run.sign_store_seconds = Since(t);
  return run;
}

void PrintNationalResult(const TabulationRun& run) {
  std::printf("Tabulation: %s precinct protocols read, %s verified (signatures, quorum, R-D2), %zu rejected\n",
              Grouped(static_cast<int64_t>(run.protocols_read)).c_str(),
              Grouped(static_cast<int64_t>(run.protocols_verified)).c_str(), run.rejected.size());
  for (size_t i = 0; i < run.rejected.size() && i < 10; ++i) {
    std::printf("  rejected: %s\n", run.rejected[i].ToString().c_str());
  }
  if (run.rejected.size() > 10) std::printf("  ... and %zu more\n", run.rejected.size() - 10);
  std::printf("  %zu tier protocols (TEC, REC, CEC) signed, %zu new in the store\n", run.tier_protocols_signed,
              run.tier_protocols_stored);

  for (const DecidedContest& d : run.contests) {
    if (d.contest->kind == ContestKind::kLocalCouncil) continue;  // summarised below
    const tabulate::ContestTotals& t = *d.totals;
    std::printf("\n%s — %s of %s precincts counted\n", BestName(d.contest->name).c_str(),
                Grouped(t.precincts_counted).c_str(), Grouped(t.precincts_expected).c_str());
    std::printf("  registered voters %s, took part %s (turnout %s: paper %s, electronic %s), valid %s, invalid %s\n",
                Grouped(t.registered_voters).c_str(), Grouped(t.participants()).c_str(),
                Percent(t.participants(), t.registered_voters).c_str(), Grouped(t.ballots_issued).c_str(),
                Grouped(t.electronic_ballots_issued).c_str(), Grouped(t.valid_votes()).c_str(),
                Grouped(t.invalid_ballots).c_str());
    std::unordered_map<std::string, const Choice*> choices;
    for (const Choice& c : d.contest->choices) choices[c.id] = &c;
    for (const auto& [choice, votes] : t.votes) {
      int64_t seats = -1;
      if (d.seats) {
        for (const auto& l : d.seats->lists) if (l.choice == choice) seats = l.seats;
      }
      std::printf("    %s %s %s of valid  %s of participants%s\n", Column(BestName(choices[choice]->name), 46).c_str(),
                  Column(Grouped(votes), 10, true).c_str(), Column(Percent(votes, t.valid_votes()), 7, true).c_str(),
                  Column(Percent(votes, t.participants()), 7, true).c_str(),
                  seats >= 0 ? ("   " + std::to_string(seats) + " seats").c_str() : "");
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
  for (const DecidedContest& d : run.contests) {
    if (d.contest->kind != ContestKind::kLocalCouncil) continue;
    ++councils;
    if (d.seats) { ++decided; seats += d.seats->seats; }
  }
  if (councils > 0) {
    std::printf("\nLocal councils: %zu contests, %zu decided, %s seats allocated\n", councils, decided,
                Grouped(seats).c_str());
  }
}

}  // namespace ashyq::cli

namespace ashyq::cli {

Status WriteResultExports(const protocol::ElectionContext& election, const TabulationRun& run,
                          const std::string& election_dir) {
  const std::string dir = election_dir + "/" + sim::kResultsDirName;
  ASHYQ_RETURN_IF_ERROR(MakeDirectories(dir, 0755));
  const ElectionDefinition& def = election.definition();
  std::vector<tabulate::CountedPrecinct> counted;
  counted.reserve(run.verified.size());
  for (size_t i = 0; i < run.verified.size(); ++i) counted.push_back({&run.verified[i], run.verified_digests[i]});

  std::vector<tabulate::ContestOutcome> outcomes;
  for (const DecidedContest& d : run.contests) {
    tabulate::ContestOutcome o;
    o.contest = d.contest->id;
    o.seats = d.seats;
    o.presidential = d.presidential;
    o.error = d.error;
    outcomes.push_back(std::move(o));
  }
  for (const Contest& contest : def.contests) {
    ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + contest.id + ".precincts.csv",
                                          tabulate::PrecinctResultsCsv(def, election.tree(), counted, contest.id)));
    ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + contest.id + ".tiers.csv",
                                          tabulate::TierResultsCsv(def, run.tabulation, contest.id)));
  }
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(
      dir + "/results.json", json::Pretty(tabulate::ResultsJson(def, run.tabulation, outcomes)) + "\n"));
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(
      dir + "/nist-sp-1500-100.json",
      json::Canonicalize(tabulate::NistElectionReport(def, run.tabulation, counted, def.election_day)) + "\n"));
  return Status();
}

}  // namespace ashyq::cli
