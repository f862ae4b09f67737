// The e-vote setup (issue 18 points 3 and 5; decision 0018): what a verifier needs, beside the
// election definition, to check every electronic ballot and tally of an election. Published as
// the payload `ashyq/evote-setup/1` of a signed object (ashyq/signed/1) signed by the CEC with
// the key the definition lists for it. docs/formats.md "E-vote setup" has the fields:
//
//   election id, definition digest, group, the guardians' ceremony (n, k) and every guardian's
//   Feldman commitments with their Schnorr proofs (crypto/guardian_json.h), the joint election
//   key they give (a verifier recomputes it: crypto::ComputeJointKey), the ballot style (the
//   contests of an electronic ballot, each with its limit and selection ids in ballot order),
//   and the voting devices: per device its id, its polling station and its Ed25519 public key
//   (each ballot is signed by its device).
//
// The ceremony's proofs and the tally's decryption proofs are bound to the election by
// SetupContext(election id): the id's bytes (as evote/tally.h's ElectionContext).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/json_reader.h"
#include "core/result.h"
#include "crypto/group.h"
#include "crypto/guardian_json.h"
#include "crypto/guardian_key.h"
#include "evote/element_codec.h"
#include "evote/challenged_ballot.h"
#include "evote/encrypted_ballot.h"

namespace ashyq::evote {

inline constexpr std::string_view kEvoteSetupFormat = "ashyq/evote-setup/1";
inline constexpr std::string_view kEvoteSetupRule = "R-C4.evote-setup";
inline constexpr size_t kMaxDevices = 1'000'000;

// One voting device: its id (the signer of its ballots), its station, its public key (hex).
struct VotingDevice {
  std::string id;
  std::string station;
  std::string public_key;
};

template <crypto::PrimeOrderGroup G>
struct EvoteSetup {
  std::string election_id;
  std::string definition_digest;  // 64 hex: of the signed definition
  crypto::GuardianCeremony ceremony;
  std::vector<crypto::GuardianCommitments<G>> commitments;  // guardian 1..n, in order
  typename G::Element key;                                  // the joint election key
  std::vector<ContestSpec> style;                           // the electronic ballot's contests
  std::vector<VotingDevice> devices;
};

// The Fiat–Shamir context of the ceremony and the decryption: the election id's bytes.
std::vector<uint8_t> SetupContext(std::string_view election_id);

// The device id of a station's voting device: "dev-<station id>" (one device per station).
std::string DeviceIdOf(std::string_view station_id);

// ---- Non-template parts (evote_setup.cc) ----
json::Value StyleJson(const std::vector<ContestSpec>& style);
json::Value DevicesJson(const std::vector<VotingDevice>& devices);
std::vector<ContestSpec> ReadStyle(json::ObjectReader& r, std::vector<Error>* errors);
std::vector<VotingDevice> ReadDevices(json::ObjectReader& r, std::vector<Error>* errors);

template <crypto::PrimeOrderGroup G>
json::Value EvoteSetupToJson(const EvoteSetup<G>& setup) {
  json::Value v = json::Value::Object();
  v.Set("format", kEvoteSetupFormat);
  v.Set("election_id", setup.election_id);
  v.Set("definition_digest", setup.definition_digest);
  v.Set("group", G::kName);
  v.Set("guardians", setup.ceremony.guardians);
  v.Set("quorum", setup.ceremony.quorum);
  json::Value commitments = json::Value::Array();
  for (const auto& c : setup.commitments) {
    commitments.Push(crypto::GuardianCommitmentsToJson<G>(setup.ceremony, c));
  }
  v.Set("commitments", std::move(commitments));
  v.Set("key", ElementHex<G>(setup.key));
  v.Set("contests", StyleJson(setup.style));
  v.Set("devices", DevicesJson(setup.devices));
  return v;
}

// The strict reader: every field present and of its form, the group G's, one commitments
// object per guardian in index order, each naming the setup's ceremony. It verifies no proof:
// CheckEvoteSetup does.
template <crypto::PrimeOrderGroup G>
Result<EvoteSetup<G>> EvoteSetupFromJson(const json::Value& doc) {
  std::vector<Error> errors;
  if (!json::RequireFormat(doc, kEvoteSetupFormat, "an e-vote setup", &errors)) {
    return internal::FirstError(errors, kEvoteSetupRule);
  }
  json::ObjectReader r(doc, "", &errors);
  r.String("format");
  EvoteSetup<G> setup;
  setup.election_id = r.NonEmptyString("election_id");
  setup.definition_digest = r.DigestHex("definition_digest");
  const std::string group = r.String("group");
  if (errors.empty() && group != G::kName) {
    r.Fail("group", "the setup is for group \"" + group + "\", not \"" + std::string(G::kName) + "\"");
  }
  setup.ceremony.guardians = static_cast<uint32_t>(r.Int("guardians", 1, crypto::kMaxGuardians));
  setup.ceremony.quorum = static_cast<uint32_t>(r.Int("quorum", 1, crypto::kMaxGuardians));
  const json::Value* commitments = r.Array("commitments");
  if (commitments != nullptr) {
    for (size_t i = 0; i < commitments->size(); ++i) {
      const std::string path = json::PointerAppend("/commitments", i);
      auto parsed = crypto::GuardianCommitmentsFromJson<G>(commitments->items()[i]);
      if (!parsed.ok()) {
        errors.push_back(internal::UnderPointer(parsed.error(), path));
        continue;
      }
      if (parsed->ceremony.guardians != setup.ceremony.guardians ||
          parsed->ceremony.quorum != setup.ceremony.quorum ||
          parsed->commitments.guardian != i + 1) {
        errors.push_back(CheckFailed(path, std::string(kEvoteSetupRule),
                                     "expected guardian " + std::to_string(i + 1) +
                                         "'s commitments for the setup's ceremony here"));
        continue;
      }
      setup.commitments.push_back(std::move(parsed->commitments));
    }
    if (errors.empty() && setup.commitments.size() != setup.ceremony.guardians) {
      r.Fail("commitments", "one commitments object per guardian (" +
                                std::to_string(setup.ceremony.guardians) + "), not " +
                                std::to_string(setup.commitments.size()));
    }
  }
  setup.key = internal::ReadElementField<G>(r, "key", &errors);
  setup.style = ReadStyle(r, &errors);
  setup.devices = ReadDevices(r, &errors);
  r.RejectUnknown();
  if (!errors.empty()) return internal::FirstError(errors, kEvoteSetupRule);
  return setup;
}

// The setup holds: every guardian's commitment proofs verify, the joint key they give is the
// key stated, the ceremony is k of n with k ≤ n. Returns the joint key (public shares
// included) a tally's decryption shares are checked against.
template <crypto::PrimeOrderGroup G>
Result<crypto::JointKey<G>> CheckEvoteSetup(const EvoteSetup<G>& setup) {
  const auto context = SetupContext(setup.election_id);
  auto joint = crypto::ComputeJointKey<G>(
      setup.ceremony, std::span<const crypto::GuardianCommitments<G>>(setup.commitments),
      std::span<const uint8_t>(context));
  if (!joint.ok()) return internal::UnderPointer(joint.error(), "/commitments");
  if (!G::Equal(joint->key, setup.key)) {
    return CheckFailed("/key", std::string(kEvoteSetupRule),
                       "the election key stated is not the one the guardians' commitments give");
  }
  return joint;
}

}  // namespace ashyq::evote
