// The 2007 fault at the territorial level: a TEC that "corrects" the protocols of its
// precincts after they were signed (ODIHR 2007: protocols altered at TECs, unused ballots
// added to the leading party so the figures match). In Ashyq a TEC holds no key that can sign a
// precinct protocol, so every way it can try is caught:
//
//   kEditInPlace        it changes the figures of the signed protocol and keeps the PEC
//                       members' signatures: they no longer verify (kBadSignature).
//   kOwnCorrection      it issues a correction (version 2, previous = the PEC's digest, a
//                       reason) signed by its own members: R-E1.owning-commission.
//
// Either way the altered version moves votes from the station's runner-up to its leader in
// the national contest (at most half the runner-up's votes, at least one), so the figures
// still reconcile: only the signatures give it away. A third attempt, a tier protocol whose
// total differs from its precincts, is caught by tabulate/consistency.h (R-E1.sum) and
// tested there.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "protocol/protocol_signing.h"

namespace ashyq::sim {

enum class TecAlterationKind { kEditInPlace, kOwnCorrection };

struct TecAlteration {
  std::string tec;                               // the altering commission
  std::vector<std::string> stations;             // whose protocols it altered
  std::vector<crypto::SignedObject> altered;     // same order: what it submits as their protocol
  std::vector<int64_t> versions;                 // same order: the version each claims to be
  std::vector<int64_t> votes_moved;              // same order
};

// Alters `count` protocols of the first TEC (definition order) that has at least `count`
// stations with a signed protocol among `signed_protocols`. kBadInput if count < 1 or no TEC
// has that many. Deterministic; the keyring signs as the TEC's members.
Result<TecAlteration> AlterProtocolsAtTec(std::span<const crypto::SignedObject> signed_protocols,
                                          const protocol::ProtocolContext& context,
                                          const crypto::SimulatedKeyring& keyring, int64_t count,
                                          TecAlterationKind kind);

}  // namespace ashyq::sim
