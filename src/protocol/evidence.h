// Evidence of an attempted alteration (decision 0015): a precinct protocol "version" that a
// commission above the station signed with its own members' keys and submitted — what 2007's
// territorial commissions did — is refused (R-E1.owning-commission) and never counted, but it is
// kept in the public log, outside the station's version sequence, so that anyone can see who
// tried to change what.
//
// The log leaf is an envelope with no signatures of its own whose payload wraps the object
// exactly as submitted:
//
//   {"format": "ashyq/evidence/1", "election_id", "station", "version", "commission",
//    "rule": "R-E1.owning-commission", "object": <the signed protocol, signatures and all>}
//
// Its store subject is "<station>#<object digest>": its own kind and subject, so it can never
// take a version of the station's protocol, and the same object is the same leaf. The proof is
// the object's own signatures: every one verifies against the definition's key of a member of
// `commission`, a commission above the station's PEC. Nothing else is kept: an object signed by
// anyone else (strangers, members of another commission) is refused and not stored, so no one
// outside a station's line of the tree can add evidence about it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"
#include "crypto/signed_object.h"
#include "protocol/precinct_protocol.h"
#include "protocol/protocol_signing.h"

namespace ashyq::protocol {

inline constexpr std::string_view kEvidenceFormat = "ashyq/evidence/1";
inline constexpr std::string_view kAlterationRule = "R-E1.owning-commission";

struct Evidence {
  std::string election_id;
  std::string station;     // whose protocol the object claims to be
  int64_t version = 0;     // the version it claims to be
  std::string commission;  // whose members signed it (the commission that submitted it)
  std::string rule;        // why it is not counted: kAlterationRule
  crypto::SignedObject object;  // as submitted
};

// "<station>#<object digest hex>": no station id holds '#' next to a digest, and its kind is
// not a protocol's anyway.
std::string EvidenceSubject(const Evidence& evidence);

// Whether `object`, which VerifyProtocol refused with `refusal`, is an attempted alteration by
// `commission` that may be kept: the refusal is R-E1.owning-commission, the payload reads as a
// later version (2 on) of a station of the definition, `commission` is above that station's PEC,
// and every signature verifies against the definition's key of a member of `commission`.
// kCheckFailed (R-E1.evidence) naming what fails. On success fills *evidence.
Status CheckAttemptedAlteration(const crypto::SignedObject& object, const Error& refusal,
                                std::string_view commission, const ProtocolContext& context, Evidence* evidence);

// The log leaf for `evidence` (no signatures: the object inside carries them).
Result<crypto::SignedObject> MakeEvidence(const Evidence& evidence);

// Reads a leaf's payload; verifies nothing. kBadInput naming the field.
Result<Evidence> EvidenceFromJson(const json::Value& payload);

// Reads `leaf` and verifies it as evidence: it carries no signatures of its own, its object is
// refused by VerifyProtocol with R-E1.owning-commission, CheckAttemptedAlteration holds for its
// commission, and election, station, version and rule are the object's. kCheckFailed
// (R-E1.evidence) or kBadInput otherwise.
Result<Evidence> VerifyEvidence(const crypto::SignedObject& leaf, const ProtocolContext& context);

}  // namespace ashyq::protocol
