// The tiny scenario's published records, built the way a commission server builds them:
// generated definition (seed 11), election-night count signed by the PECs, turnout reports (one
// revised), one lawful recount (version 2), one "correction" filed by a TEC (refused:
// R-E1.owning-commission), tabulation with signed tier protocols, CEC-signed tree heads at fixed
// times, the Publisher's directory, and the e-vote record under evote/ (sim/evote_simulator.h:
// the counted protocols' 60 e-ballots, a few challenged, decrypted tallies).
//
// Used by tests/golden/make_golden.cc (`make golden`), which writes them to tests/data/golden/
// for the verifier's tests, and by the server's tests, which check that the publisher still
// writes exactly the golden bytes. The verifier's tests never build a record with the
// publisher: a publisher bug cannot hide a verifier bug.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.h"
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
#include "sim/evote_simulator.h"
#include "sim/recount.h"
#include "sim/scenario.h"
#include "sim/tec_alteration.h"
#include "sim/turnout_simulator.h"
#include "store/sqlite_store.h"
#include "store/store.h"
#include "variants.h"

namespace ashyq::golden {

// What a record was built from.
struct TinyRecord {
  std::string dir;          // the election directory (only the store is written there)
  std::string publication;  // dir + "/publication"
  std::unique_ptr<sim::GeneratedElection> generated;
  std::unique_ptr<protocol::ElectionContext> election;
  std::unique_ptr<crypto::SimulatedKeyring> keyring;
  std::vector<crypto::SignedObject> protocols;  // version 1 of every station, signed
  std::string recounted_station;                // has a lawful version 2
  std::string altered_station;                  // has a refused version 2 by its TEC
  std::optional<crypto::SignedObject> recount;  // the lawful version 2
  std::optional<crypto::SignedObject> altered;  // the TEC's version 2
};

inline constexpr uint64_t kSeed = 11;
// The simulated keyring's master (a simulation's, never a real one): fixed, so that `make
// golden` writes the same bytes every run and a test can compare them.
inline constexpr const char* kKeyringMaster = "ed46323c787d25e4834760c52b6fc6fd24bf7701b765c238e92db573d5b2d169";

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

// Builds `variant` in directory `dir` (which must exist and be empty).
inline Status BuildRecord(TinyRecord* r, RecordVariant variant, const std::string& dir) {
  r->dir = dir;
  r->publication = r->dir + "/publication";
  ASHYQ_ASSIGN_OR_RETURN(std::vector<uint8_t> master_bytes, HexDecode(kKeyringMaster));
  crypto::KeySeed master;
  std::copy(master_bytes.begin(), master_bytes.end(), master.bytes.begin());
  ASHYQ_ASSIGN_OR_RETURN(sim::GeneratedElection generated, sim::GenerateElection("tiny", kSeed, master));
  r->generated = std::make_unique<sim::GeneratedElection>(std::move(generated));
  r->keyring = std::make_unique<crypto::SimulatedKeyring>(r->generated->keyring_master);
  ASHYQ_ASSIGN_OR_RETURN(r->election, protocol::ElectionContext::FromSigned(r->generated->definition,
                                                                            r->generated->signed_definition));
  const protocol::ElectionContext& election = *r->election;
  ASHYQ_ASSIGN_OR_RETURN(sim::ScenarioSpec spec, sim::LoadScenario("tiny"));
  ASHYQ_ASSIGN_OR_RETURN(sim::SimulatedCount count,
                         sim::SimulateCount(election.definition(), election.tree(), spec, election.definition_digest(),
                                            kSeed, sim::FaultPlan{}));
  ASHYQ_ASSIGN_OR_RETURN(sim::SignedCount signed_count,
                         sim::SignCount(count, election.protocol_context(), *r->keyring, kSeed));
  r->protocols = signed_count.protocols;
  sim::TurnoutFaultPlan turnout_faults;
  turnout_faults.revised_turnout = 1;
  ASHYQ_ASSIGN_OR_RETURN(sim::SimulatedTurnout turnout, sim::SimulateTurnout(count, kSeed, turnout_faults));
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
                         sim::SimulateRecounts(signed_count.protocols, election.protocol_context(), *r->keyring, 1, kSeed));
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
  ASHYQ_RETURN_IF_ERROR(server::Publish(election, *db, run, r->publication, "2024-03-18T00:00:00Z").status());
  // The e-vote record of the counted protocols, as the demo writes it: the scenario's challenge
  // rate (tiny's: one in 25, so that some of its 60 e-ballots are challenged), fixed seed.
  std::vector<const protocol::PrecinctProtocol*> counted;
  for (const protocol::PrecinctProtocol& p : run.verified) counted.push_back(&p);
  sim::EvoteOptions evote;
  evote.seed = kSeed;
  evote.threads = 2;
  evote.challenge_every = spec.evoting.challenge_every;
  return sim::SimulateEvoting(election.definition(), election.definition_digest(), counted, *r->keyring,
                              r->publication, evote)
      .status();
}

}  // namespace ashyq::golden
