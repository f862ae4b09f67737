#include "server/tabulation_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "core/parallel.h"
#include "protocol/protocol_json.h"
#include "tabulate/contest_outcome.h"
#include "core/file_io.h"
#include "tabulate/results_export.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::server {
namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Result<crypto::SignedObject> ParseEnvelope(const store::StoredObject& stored) {
  json::ParseOptions options;
  options.max_bytes = stored.envelope.size() + 1;
  Result<json::Value> doc = json::Parse(stored.envelope, options);
  if (!doc.ok()) return doc.error().In(stored.subject);
  Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
  if (!object.ok()) return object.error().In(stored.subject);
  return object;
}

// Every version of every station's protocol, grouped by station (in subject order).
Result<std::vector<std::vector<store::StoredObject>>> ReadStations(store::Store& store) {
  ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> latest, store.Latest(protocol::kPrecinctProtocolFormat));
  std::vector<std::vector<store::StoredObject>> stations;
  stations.reserve(latest.size());
  for (store::StoredObject& object : latest) {
    if (object.version == 1) {
      stations.push_back({std::move(object)});
      continue;
    }
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> versions,
                           store.Versions(object.kind, object.subject));
    stations.push_back(std::move(versions));
  }
  return stations;
}

}  // namespace

// A correction that does not verify (e.g. signed by a higher commission) is refused and the
// version before it stands, so nobody can knock a station out of the count by filing a bad
// "correction".
StationVerdict VerifyStation(std::span<const store::StoredObject* const> versions,
                             const protocol::ProtocolContext& context) {
  StationVerdict out;
  std::vector<crypto::SignedObject> chain;
  chain.reserve(versions.size());
  for (const store::StoredObject* v : versions) {
    Result<crypto::SignedObject> object = ParseEnvelope(*v);
    if (!object.ok()) {
      out.error = object.error();
      out.rejected_version = v->version;
      break;
    }
    chain.push_back(std::move(object).value());
  }
  while (!chain.empty()) {
    Status held;
    if (chain.size() > 1) held = protocol::VerifyVersionChain(chain, context);
    Result<protocol::PrecinctProtocol> p = held.ok() ? protocol::VerifyProtocol(chain.back(), context)
                                                     : Result<protocol::PrecinctProtocol>(held.error());
    if (p.ok()) {
      out.protocol = std::move(p).value();
      out.digest = chain.back().digest().Hex();
      break;
    }
    if (!out.error) out.error = p.error().In(versions[chain.size() - 1]->subject);
    chain.pop_back();
  }
  // The refused version is the first one not counted: every version from it on is left out.
  if (out.error && chain.size() < versions.size()) out.rejected_version = versions[chain.size()]->version;
  return out;
}

void ApplyVerdict(const std::string& station, StationVerdict verdict, TabulationRun* run) {
  auto counted = std::lower_bound(run->verified.begin(), run->verified.end(), station,
                                  [](const protocol::PrecinctProtocol& p, const std::string& s) { return p.station < s; });
  const auto at = counted - run->verified.begin();
  const bool was_counted = counted != run->verified.end() && counted->station == station;
  if (verdict.protocol && was_counted) {
    *counted = std::move(*verdict.protocol);
    run->verified_digests[static_cast<size_t>(at)] = std::move(verdict.digest);
  } else if (verdict.protocol) {
    run->verified.insert(counted, std::move(*verdict.protocol));
    run->verified_digests.insert(run->verified_digests.begin() + at, std::move(verdict.digest));
  } else if (was_counted) {
    run->verified.erase(counted);
    run->verified_digests.erase(run->verified_digests.begin() + at);
  }
  run->protocols_verified = run->verified.size();

  auto refused = std::lower_bound(run->rejected.begin(), run->rejected.end(), station,
                                  [](const RejectedProtocol& r, const std::string& s) { return r.station < s; });
  const bool was_refused = refused != run->rejected.end() && refused->station == station;
  if (verdict.error && was_refused) {
    *refused = RejectedProtocol{station, verdict.rejected_version, std::move(*verdict.error)};
  } else if (verdict.error) {
    run->rejected.insert(refused, RejectedProtocol{station, verdict.rejected_version, std::move(*verdict.error)});
  } else if (was_refused) {
    run->rejected.erase(refused);
  }
}

DecidedContest DecideContest(const ElectionDefinition& definition, const Contest& contest,
                             const tabulate::ContestTotals& totals) {
  tabulate::ContestOutcome outcome = tabulate::DecideContest(definition, contest, totals);
  return DecidedContest{&contest, &totals, std::move(outcome.seats), std::move(outcome.presidential),
                        std::move(outcome.error)};
}

Status TallyAndDecide(const protocol::ElectionContext& election, TabulationRun* run) {
  const std::vector<tabulate::CountedPrecinct> counted = CountedPrecincts(*run);
  ASHYQ_ASSIGN_OR_RETURN(run->tabulation, tabulate::Tabulate(election.tree(), election.definition_digest(), counted));
  run->contests.clear();
  const ElectionDefinition& def = election.definition();
  for (const Contest& contest : def.contests) {
    const size_t scope = election.tree().FindCommission(contest.scope);
    const tabulate::TabulatedTier* tier = run->tabulation.Find(scope);
    if (tier == nullptr) continue;
    for (const tabulate::ContestTotals& totals : tier->protocol.contests) {
      if (totals.contest == contest.id) run->contests.push_back(server::DecideContest(def, contest, totals));
    }
  }
  return Status();
}

// A new tabulation (after corrections or late protocols) is the next version of a tier's
// protocol; an unchanged one (same digest) is not signed again.
Status SignChangedTierProtocols(const protocol::ElectionContext& election, store::Store& store,
                                const CommissionKeys& keys, const LatestTierProtocol& latest, TabulationRun* run) {
  struct Pending {
    const tabulate::TabulatedTier* tier;
    int64_t version;
    std::optional<Result<crypto::SignedObject>> signed_object;
  };
  std::vector<Pending> pending;
  for (const tabulate::TabulatedTier& tier : run->tabulation.tiers) {
    const Commission& commission = election.tree().commission(tier.commission);
    ASHYQ_ASSIGN_OR_RETURN(std::optional<StoredTierProtocol> previous, latest(commission.id));
    if (previous && previous->digest == tier.digest) continue;
    pending.push_back({&tier, previous ? previous->version + 1 : 1, std::nullopt});
  }
  auto sign = [&](Pending& p) -> Result<crypto::SignedObject> {
    const std::string& id = election.tree().commission(p.tier->commission).id;
    ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object,
                           crypto::SignedObject::Create(tabulate::TierProtocolToJson(p.tier->protocol)));
    ASHYQ_ASSIGN_OR_RETURN(crypto::SigningKey key, keys(id));
    ASHYQ_RETURN_IF_ERROR(object.AddSignature(id, key));
    return object;
  };
  ParallelFor(pending.size(), 0, [&](size_t i) { pending[i].signed_object = sign(pending[i]); });
  std::vector<store::StoredObject> to_store;
  for (Pending& p : pending) {
    if (!p.signed_object->ok()) return p.signed_object->error();
    const std::string& id = election.tree().commission(p.tier->commission).id;
    to_store.push_back(store::ToStored(p.signed_object->value(), id, p.version));
  }
  run->tier_protocols_signed = pending.size();
  run->tier_protocols_stored = 0;
  if (to_store.empty()) return Status();
  ASHYQ_ASSIGN_OR_RETURN(run->tier_protocols_stored, store.PutBatch(to_store));
  return Status();
}

Result<TabulationRun> RunTabulation(const protocol::ElectionContext& election, store::Store& store,
                                    const CommissionKeys& keys) {
  TabulationRun run;
  auto t = std::chrono::steady_clock::now();
  ASHYQ_ASSIGN_OR_RETURN(std::vector<std::vector<store::StoredObject>> stations, ReadStations(store));
  run.protocols_read = stations.size();
  run.read_seconds = Since(t);

  t = std::chrono::steady_clock::now();
  // Every station on every core.
  std::vector<StationVerdict> verdicts(stations.size());
  ParallelFor(stations.size(), 0, [&](size_t i) {
    std::vector<const store::StoredObject*> versions;
    for (const store::StoredObject& v : stations[i]) versions.push_back(&v);
    verdicts[i] = VerifyStation(versions, election.protocol_context());
  });
  run.verified.reserve(stations.size());
  run.verified_digests.reserve(stations.size());
  for (size_t i = 0; i < stations.size(); ++i) ApplyVerdict(stations[i].back().subject, std::move(verdicts[i]), &run);
  run.verify_seconds = Since(t);

  t = std::chrono::steady_clock::now();
  ASHYQ_RETURN_IF_ERROR(TallyAndDecide(election, &run));
  run.aggregate_seconds = Since(t);

  if (!keys) return run;
  t = std::chrono::steady_clock::now();
  const LatestTierProtocol stored = [&store](const std::string& id) -> Result<std::optional<StoredTierProtocol>> {
    ASHYQ_ASSIGN_OR_RETURN(std::vector<store::StoredObject> versions, store.Versions(tabulate::kTierProtocolFormat, id));
    if (versions.empty()) return std::optional<StoredTierProtocol>();
    return std::optional<StoredTierProtocol>(StoredTierProtocol{versions.back().digest, versions.back().version});
  };
  ASHYQ_RETURN_IF_ERROR(SignChangedTierProtocols(election, store, keys, stored, &run));
  run.sign_store_seconds = Since(t);
  return run;
}

std::vector<tabulate::CountedPrecinct> CountedPrecincts(const TabulationRun& run) {
  std::vector<tabulate::CountedPrecinct> counted;
  counted.reserve(run.verified.size());
  for (size_t i = 0; i < run.verified.size(); ++i) counted.push_back({&run.verified[i], run.verified_digests[i]});
  return counted;
}

std::vector<tabulate::ContestOutcome> ContestOutcomes(const TabulationRun& run) {
  std::vector<tabulate::ContestOutcome> outcomes;
  for (const DecidedContest& d : run.contests) {
    tabulate::ContestOutcome o;
    o.contest = d.contest->id;
    o.seats = d.seats;
    o.presidential = d.presidential;
    o.error = d.error;
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

Status WriteResultExports(const protocol::ElectionContext& election, const TabulationRun& run,
                          const std::string& dir, const std::string& generated_at) {
  ASHYQ_RETURN_IF_ERROR(MakeDirectories(dir, 0755));
  const ElectionDefinition& def = election.definition();
  const std::vector<tabulate::CountedPrecinct> counted = CountedPrecincts(run);
  const std::vector<tabulate::ContestOutcome> outcomes = ContestOutcomes(run);
  for (const Contest& contest : def.contests) {
    ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + contest.id + ".precincts.csv",
                                          tabulate::PrecinctResultsCsv(def, election.tree(), counted, contest.id),
                                          Durability::kDeferred));
    ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + contest.id + ".tiers.csv",
                                          tabulate::TierResultsCsv(def, run.tabulation, contest.id),
                                          Durability::kDeferred));
  }
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(
      dir + "/results.json", json::Pretty(tabulate::ResultsJson(election.tree(), run.tabulation, outcomes)) + "\n",
      Durability::kDeferred));
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(
      dir + "/nist-sp-1500-100.json",
      json::Canonicalize(tabulate::NistElectionReport(election.tree(), run.tabulation, counted, generated_at)) + "\n",
      Durability::kDeferred));
  return SyncFileSystem(dir);  // one flush for all the files
}

}  // namespace ashyq::server
