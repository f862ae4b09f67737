// Published records of the tiny scenario for the verifier's tests, built the way a commission
// server builds them: generated definition, election-night count signed by the PECs, turnout
// reports (one revised), one lawful recount (version 2), one "correction" filed by a TEC
// (refused: R-E1.owning-commission), tabulation with signed tier protocols, a CEC-signed tree
// head, and the Publisher's directory (src/server: the tests may use it; src/verify may not).
//
// Each record is built once per test binary in a temporary directory; a test that tampers
// with one copies it first (CopyRecord).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "ledger/merkle.h"
#include "protocol/election_context.h"
#include "protocol/turnout_report.h"
#include "server/log_head.h"
#include "server/publisher.h"
#include "server/tabulation_run.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"
#include "sim/recount.h"
#include "sim/scenario.h"
#include "sim/tec_alteration.h"
#include "sim/turnout_simulator.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace ashyq::verify::testing {

// Every temporary directory the tests make, removed when the test binary exits.
inline std::vector<std::string>& TempDirs() {
  static std::vector<std::string>* dirs = new std::vector<std::string>;
  return *dirs;
}
inline void RemoveTempDirs() {
  for (const std::string& d : TempDirs()) {
    std::error_code ignored;
    std::filesystem::remove_all(d, ignored);
  }
}
inline std::string TempDir(const std::string& name) {
  static const bool registered = (std::atexit(RemoveTempDirs), true);
  (void)registered;
  std::string pattern = (std::filesystem::temp_directory_path() / ("ashyq-verify-" + name + "-XXXXXX")).string();
  const char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  TempDirs().push_back(pattern);
  return pattern;
}

// What a record was built from, for tests that need to sign more.
struct TinyRecord {
  std::string dir;          // the election directory (definition is not written: only the store)
  std::string publication;  // dir + "/publication"
  std::unique_ptr<sim::GeneratedElection> generated;
  std::unique_ptr<protocol::ElectionContext> election;
  std::unique_ptr<crypto::SimulatedKeyring> keyring;
  std::vector<crypto::SignedObject> protocols;  // version 1 of every station, signed
  std::string recounted_station;                // has a lawful version 2
  std::string altered_station;                  // has a refused version 2 by its TEC
  std::optional<crypto::SignedObject> recount;  // the lawful version 2
  std::optional<crypto::SignedObject> altered;  // the TEC's version 2
  std::string built_error;                      // empty when the record was built
};

enum class RecordVariant {
  kHonest,
  kForgedTierProtocol,  // a TEC signs totals that are not the sum of its precincts
  kStaleTierProtocols,  // a recount logged after the tier protocols, not tabulated again
};

inline server::CommissionKeys KeysOf(const crypto::SimulatedKeyring& keyring) {
  return [&keyring](const std::string& id) -> Result<crypto::SigningKey> { return sim::SimulatedKeyFor(keyring, id); };
}

inline Status Commit(store::Store& db, const TinyRecord& r, const std::string& timestamp) {
  ledger::MerkleTree tree;
  const Commission& cec = r.election->tree().commission(r.election->tree().root());
  return server::CommitTreeHead(db, &tree, r.election->definition().election_id, cec.id,
                                sim::SimulatedKeyFor(*r.keyring, cec.id), timestamp)
      .status();
}

inline Status BuildRecord(TinyRecord* r, RecordVariant variant) {
  r->dir = TempDir("record");
  r->publication = r->dir + "/publication";
  ASHYQ_ASSIGN_OR_RETURN(sim::GeneratedElection generated, sim::GenerateElection("tiny", 11));
  r->generated = std::make_unique<sim::GeneratedElection>(std::move(generated));
  r->keyring = std::make_unique<crypto::SimulatedKeyring>(r->generated->keyring_master);
  ASHYQ_ASSIGN_OR_RETURN(r->election, protocol::ElectionContext::FromSigned(r->generated->definition,
                                                                            r->generated->signed_definition));
  const protocol::ElectionContext& election = *r->election;
  ASHYQ_ASSIGN_OR_RETURN(sim::ScenarioSpec spec, sim::LoadScenario("tiny"));
  ASHYQ_ASSIGN_OR_RETURN(sim::SimulatedCount count,
                         sim::SimulateCount(election.definition(), election.tree(), spec, election.definition_digest(),
                                            11, sim::FaultPlan{}));
  ASHYQ_ASSIGN_OR_RETURN(sim::SignedCount signed_count,
                         sim::SignCount(count, election.protocol_context(), *r->keyring, 11));
  r->protocols = signed_count.protocols;
  sim::TurnoutFaultPlan turnout_faults;
  turnout_faults.revised_turnout = 1;
  ASHYQ_ASSIGN_OR_RETURN(sim::SimulatedTurnout turnout, sim::SimulateTurnout(count, 11, turnout_faults));
  ASHYQ_ASSIGN_OR_RETURN(std::vector<crypto::SignedObject> reports, sim::SignTurnout(turnout, *r->keyring));

  ASHYQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, store::OpenSqliteStore(r->dir + "/election.db"));
  std::vector<store::StoredObject> objects;
  objects.push_back(store::ToStored(election.signed_definition(), election.definition().election_id, 1));
  for (size_t i = 0; i < turnout.reports.size(); ++i) {
    objects.push_back(store::ToStored(reports[i], protocol::TurnoutReportSubject(turnout.reports[i]),
                                      turnout.reports[i].revision));
  }
  for (const crypto::SignedObject& p : signed_count.protocols) {
    objects.push_back(store::ToStored(p, p.payload().Find("station")->as_string(), 1));
  }
  ASHYQ_ASSIGN_OR_RETURN(std::vector<sim::Recount> recounts,
                         sim::SimulateRecounts(signed_count.protocols, election.protocol_context(), *r->keyring, 1, 11));
  r->recounted_station = recounts.at(0).station;
  ASHYQ_ASSIGN_OR_RETURN(sim::TecAlteration altered,
                         sim::AlterProtocolsAtTec(signed_count.protocols, election.protocol_context(), *r->keyring, 1,
                                                  sim::TecAlterationKind::kOwnCorrection));
  r->altered_station = altered.stations.at(0);
  r->recount = recounts[0].corrected;
  r->altered = altered.altered[0];
  if (r->altered_station == r->recounted_station) return BadInput("", "the fixture needs two different stations");
  objects.push_back(store::ToStored(altered.altered[0], altered.stations[0], altered.versions[0]));
  if (variant != RecordVariant::kStaleTierProtocols) {
    objects.push_back(store::ToStored(recounts[0].corrected, recounts[0].station, 2));
  }
  ASHYQ_RETURN_IF_ERROR(db->PutBatch(objects).status());
  ASHYQ_RETURN_IF_ERROR(Commit(*db, *r, "2024-03-17T21:00:00Z"));  // an earlier head, before the tiers

  ASHYQ_ASSIGN_OR_RETURN(server::TabulationRun run, server::RunTabulation(election, *db, KeysOf(*r->keyring)));
  if (variant == RecordVariant::kForgedTierProtocol) {
    // The first TEC signs totals with one more vote for its first list than its precincts have.
    const tabulate::TabulatedTier& tec = run.tabulation.tiers.front();
    tabulate::TierProtocol forged = tec.protocol;
    forged.contests.at(0).votes.at(0).second += 1;
    ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object,
                           crypto::SignedObject::Create(tabulate::TierProtocolToJson(forged)));
    ASHYQ_RETURN_IF_ERROR(object.AddSignature(forged.commission, sim::SimulatedKeyFor(*r->keyring, forged.commission)));
    ASHYQ_RETURN_IF_ERROR(db->PutBatch(std::vector<store::StoredObject>{store::ToStored(object, forged.commission, 2)}).status());
  }
  if (variant == RecordVariant::kStaleTierProtocols) {
    ASHYQ_RETURN_IF_ERROR(db->PutBatch(std::vector<store::StoredObject>{store::ToStored(recounts[0].corrected, recounts[0].station, 2)}).status());
    // Published from a tabulation that totals the correction, but no commission signed again.
    ASHYQ_ASSIGN_OR_RETURN(run, server::RunTabulation(election, *db, server::CommissionKeys()));
  }
  ASHYQ_RETURN_IF_ERROR(Commit(*db, *r, "2024-03-17T23:30:00Z"));
  return server::Publish(election, *db, run, r->publication, "2024-03-18T00:00:00Z").status();
}

inline const TinyRecord& Record(RecordVariant variant) {
  // Never destroyed: the records stay reachable (and unreported by LeakSanitizer) until exit.
  static auto* built = new std::map<RecordVariant, TinyRecord*>;
  auto it = built->find(variant);
  if (it != built->end()) return *it->second;
  auto* r = new TinyRecord;
  Status s = BuildRecord(r, variant);
  if (!s.ok()) r->built_error = s.error().ToString();
  (*built)[variant] = r;
  return *r;
}
inline const TinyRecord& Honest() { return Record(RecordVariant::kHonest); }

// A copy of a record's publication directory to tamper with.
inline std::string CopyPublication(const TinyRecord& r) {
  const std::string to = TempDir("copy") + "/publication";
  std::filesystem::copy(r.publication, to, std::filesystem::copy_options::recursive);
  return to;
}

}  // namespace ashyq::verify::testing
