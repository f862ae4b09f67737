// The national benchmarks' election: the 2007 Majilis election at full size (9,727 stations),
// generated, counted and signed by its PECs, optionally with turnout through the day; and the
// Ed25519 floor that a figure is measured beside. Header-only: every *_bench.cc is one binary.
#pragma once

#include <sodium.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/parallel.h"
#include "crypto/keys.h"
#include "protocol/election_context.h"
#include "protocol/turnout_report.h"
#include "server/tabulation_run.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"
#include "sim/scenario.h"
#include "sim/turnout_simulator.h"
#include "store/store.h"

namespace ashyq::bench {

struct NationalElection {
  std::string dir;  // a temporary directory for stores and publications, removed at exit
  std::unique_ptr<crypto::SimulatedKeyring> keyring;
  std::unique_ptr<protocol::ElectionContext> election;
  sim::SimulatedCount count;
  std::vector<crypto::SignedObject> protocols;  // signed by each PEC, definition order
  sim::SimulatedTurnout turnout;                // empty unless asked for
  std::vector<crypto::SignedObject> turnout_reports;

  // Every TEC, REC and the CEC signs with its simulated key.
  server::CommissionKeys Keys() const {
    const crypto::SimulatedKeyring* k = keyring.get();
    return [k](const std::string& id) -> Result<crypto::SigningKey> { return sim::SimulatedKeyFor(*k, id); };
  }
  store::StoredObject Definition() const {
    return store::ToStored(election->signed_definition(), election->definition().election_id, 1);
  }
  store::StoredObject Protocol(size_t i) const {
    return store::ToStored(protocols[i], protocols[i].payload().Find("station")->as_string(), 1);
  }
  std::vector<store::StoredObject> TurnoutObjects() const {
    std::vector<store::StoredObject> objects;
    for (size_t i = 0; i < turnout_reports.size(); ++i) {
      objects.push_back(store::ToStored(turnout_reports[i], protocol::TurnoutReportSubject(turnout.reports[i]),
                                        turnout.reports[i].revision));
    }
    return objects;
  }
};

// `prefix` names the temporary directory.
inline Result<std::unique_ptr<NationalElection>> MakeNationalElection(const std::string& prefix, bool with_turnout) {
  ASHYQ_RETURN_IF_ERROR(crypto::Initialize());
  auto n = std::make_unique<NationalElection>();
  std::string dir = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
  if (::mkdtemp(dir.data()) == nullptr) return IoError(dir, "mkdtemp failed");
  n->dir = dir;
  static std::vector<std::string>* made = new std::vector<std::string>;
  if (made->empty()) {
    std::atexit([] {
      std::error_code ignored;
      for (const std::string& d : *made) std::filesystem::remove_all(d, ignored);
    });
  }
  made->push_back(dir);
  ASHYQ_ASSIGN_OR_RETURN(sim::GeneratedElection generated, sim::GenerateElection("kz2007-majilis", 2007));
  n->keyring = std::make_unique<crypto::SimulatedKeyring>(generated.keyring_master);
  ASHYQ_ASSIGN_OR_RETURN(n->election,
                         protocol::ElectionContext::FromSigned(generated.definition, generated.signed_definition));
  ASHYQ_ASSIGN_OR_RETURN(sim::ScenarioSpec spec, sim::LoadScenario("kz2007-majilis"));
  ASHYQ_ASSIGN_OR_RETURN(n->count, sim::SimulateCount(n->election->definition(), n->election->tree(), spec,
                                                      n->election->definition_digest(), 2007, sim::FaultPlan{}));
  ASHYQ_ASSIGN_OR_RETURN(sim::SignedCount signed_count,
                         sim::SignCount(n->count, n->election->protocol_context(), *n->keyring, 2007));
  n->protocols = std::move(signed_count.protocols);
  if (with_turnout) {
    ASHYQ_ASSIGN_OR_RETURN(n->turnout, sim::SimulateTurnout(n->count, 2007, sim::TurnoutFaultPlan{}));
    ASHYQ_ASSIGN_OR_RETURN(n->turnout_reports, sim::SignTurnout(n->turnout, *n->keyring));
  }
  return n;
}

// Seconds libsodium takes to verify `count` Ed25519 signatures (1,024 distinct keys and 32-byte
// messages, reused) on `threads` threads: crypto_sign_verify_detached and nothing else.
inline double Ed25519FloorSeconds(uint64_t count, unsigned threads) {
  constexpr size_t kDistinct = 1024;
  struct Item {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char message[32], signature[crypto_sign_BYTES];
  };
  static std::vector<Item>* items = [] {
    auto* v = new std::vector<Item>(kDistinct);
    for (Item& it : *v) {
      crypto_sign_keypair(it.pk, it.sk);
      randombytes_buf(it.message, sizeof it.message);
      crypto_sign_detached(it.signature, nullptr, it.message, sizeof it.message, it.sk);
    }
    return v;
  }();
  std::atomic<uint64_t> bad{0};
  const auto start = std::chrono::steady_clock::now();
  ParallelFor(static_cast<size_t>(count), threads, [&](size_t i) {
    const Item& it = (*items)[i % kDistinct];
    if (crypto_sign_verify_detached(it.signature, it.message, sizeof it.message, it.pk) != 0) ++bad;
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return bad.load() == 0 ? seconds : 0;
}

}  // namespace ashyq::bench
