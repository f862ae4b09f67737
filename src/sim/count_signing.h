// Election night, last step at each station: the PEC members present sign the protocol (R-D3).
//
// Usually every member is there; at about one station in eight one or two are absent (never
// the chair, never so many that the commission falls below its quorum of more than half).
// Keys are the simulation's (SimulatedKeyFor(keyring, member id)), so the keyring must be the
// one the definition was generated with.
//
// A protocol that does not reconcile cannot be signed (protocol_signing.h refuses it): such
// protocols are returned as refused, with the refusal, and the rest of the count goes on.
// Any other failure (a key the definition does not list, another definition's digest) means
// the whole count was set up wrongly and fails the call.
//
// The ~60,000 signatures of a national count are made on two threads; the result does not
// depend on the threads (same objects, same order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"
#include "sim/count_simulator.h"

namespace ashyq::sim {

struct RefusedProtocol {
  std::string station;
  Error error;  // SignProtocol's refusal: kCheckFailed, the first R-D2 rule broken
};

struct SignedCount {
  std::vector<crypto::SignedObject> protocols;  // signed, in the order of the count
  std::vector<RefusedProtocol> refused;         // in the order of the count
};

Result<SignedCount> SignCount(const SimulatedCount& count, const protocol::ProtocolContext& context,
                              const crypto::SimulatedKeyring& keyring, uint64_t seed);

}  // namespace ashyq::sim
