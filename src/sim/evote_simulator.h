// Electronic voting at the e-voting stations of a simulated election (issue 18; the demo's
// "e-voting at 1,512 stations with the real 123,932 e-ballots"), published as the e-vote record
// (record/layout.h "evote/", docs/formats.md "E-vote record", decision 0018):
//
//   the ceremony   n guardians (5) with keys from the simulation's keyring, any k (3) of whom
//                  decrypt; their commitments and proofs and the joint key in evote/setup.json,
//                  signed by the CEC with the devices (one per e-voting station, its key from
//                  the keyring) and the ballot style (the national contest, limit 1)
//   the ballots    at each e-voting station, as many encrypted ballots as its counted
//                  protocol's electronic_votes for the national contest, each signed by the
//                  station's device and chained by tracking code; the choices are drawn without
//                  replacement from the protocol's votes, so no choice gets more e-votes than
//                  its protocol votes; about one ballot in `challenge_every` more is challenged
//                  (published opened, never tallied), at a deterministic place in the chain
//   the tally      per station and nationally, the homomorphic sum of the cast ballots,
//                  decrypted with proofs by the present guardians (all but `absent`), each
//                  result signed by the CEC
//
// Deterministic: the same definition, protocols, keyring and seed give the same files (the
// nonces come from per-device secrets of the keyring; a real device draws them at random).
// Encryption runs on every core (one station at a time per thread).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/election_definition.h"
#include "core/result.h"
#include "crypto/key_file.h"
#include "protocol/precinct_protocol.h"

namespace ashyq::sim {

struct EvoteOptions {
  uint64_t seed = 2007;
  unsigned threads = 0;           // 0: every core
  int64_t challenge_every = 1000;  // one challenged ballot per this many cast (0: none)
  uint32_t guardians = 5;
  uint32_t quorum = 3;
  uint32_t absent = 3;             // the guardian who does not take part in decryption (0: none)
};

struct EvoteRun {
  size_t devices = 0;               // e-voting stations, one device each
  size_t stations_with_ballots = 0; // of them, with at least one cast e-ballot (one tally each)
  int64_t cast = 0;                 // encrypted ballots cast (tallied)
  int64_t challenged = 0;           // challenged ballots (published opened, never tallied)
  std::vector<std::pair<std::string, int64_t>> national;  // e-votes per choice, ballot order
  std::string contest;              // the contest of the electronic ballot
  std::vector<uint32_t> decrypting_guardians;
  double ceremony_seconds = 0, encrypt_seconds = 0, tally_seconds = 0, seconds = 0;
  uint64_t bytes = 0;               // written under evote/
};

// Writes `publication_dir`/evote/ for `definition` (signed digest `definition_digest`) from the
// counted precinct protocols (any order; one per station). kBadInput when the definition has no
// national contest; kCheckFailed if a protocol's e-votes cannot be drawn from its votes.
Result<EvoteRun> SimulateEvoting(const ElectionDefinition& definition, const std::string& definition_digest,
                                 const std::vector<const protocol::PrecinctProtocol*>& protocols,
                                 const crypto::SimulatedKeyring& keyring, const std::string& publication_dir,
                                 const EvoteOptions& options);

}  // namespace ashyq::sim
