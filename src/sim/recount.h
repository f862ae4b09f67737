// Lawful corrections (R-E1): after a complaint the TEC orders a recount at a few stations; the
// PEC recounts and signs version 2 of its own protocol, naming the version it replaces, the
// reason and the TEC's decision. Ashyq publishes both versions; the totals count version 2.
//
// The recount finds a few ballots (1–5, never more than the list had) that had been counted
// for the station's leading list to be invalid: the figures still reconcile.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"

namespace ashyq::sim {

struct Recount {
  std::string station;
  std::string decision;             // the TEC's decision id, e.g. "tec-akmola-03/recount/1"
  crypto::SignedObject corrected;   // version 2, signed by every member of the PEC
};

// Recounts at `count` stations spread over the list (every n-th signed protocol). kBadInput if
// count is negative or larger than the number of protocols. Deterministic in `seed`.
Result<std::vector<Recount>> SimulateRecounts(std::span<const crypto::SignedObject> signed_protocols,
                                              const protocol::ProtocolContext& context,
                                              const crypto::SimulatedKeyring& keyring, int64_t count,
                                              uint64_t seed);

}  // namespace ashyq::sim
