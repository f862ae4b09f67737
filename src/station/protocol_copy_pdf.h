// The observer's copy of a signed precinct protocol (R-D3): an A4 PDF that a PEC prints for
// every observer and posts at the station, with everything the protocol says and a QR code
// naming exactly that signed object, so that the paper can later be checked against the
// public log (`ashyq protocol check-copy`, protocol/protocol_copy.h).
//
// One page (two when a long ballot needs it), drawn with cairo; text in DejaVu Sans through
// cairo's font API (Cyrillic, Kazakh and Latin letters), the digest in DejaVu Sans Mono:
//   - the election, the station (number, id, address), its commission and region;
//   - version and time of signing; for a correction, the version it replaces (digest), the
//     reason and the decision;
//   - per contest every R-D1 figure, voters who took part and valid votes, and the votes per
//     choice with the choice's name and its share of the valid votes, the column headed so
//     ("% of valid votes"; the base the results site and `ashyq tabulate` use too);
//   - the counting steps with their times (R-D4);
//   - every signer: member name, role, id and the first 16 hex digits of their key;
//   - the digest of the signed object in full;
//   - the QR code (libqrencode, error correction M; CopyReference::ToQrText) with the typed
//     form printed under it for when it cannot be scanned.
//
// The renderer trusts its caller to have verified the protocol (protocol_signing.h): it draws
// what the envelope holds. Names come from the definition, in the language asked for; a name
// missing in that language falls back to English, then Russian, then Kazakh.
//
//   ASHYQ_ASSIGN_OR_RETURN(std::string pdf, RenderProtocolCopy(signed_protocol, definition, {}));
#pragma once

#include <string>
#include <string_view>

#include "core/election_definition.h"
#include "core/result.h"
#include "crypto/signed_object.h"

namespace ashyq::station {

enum class CopyLanguage { kKazakh, kRussian, kEnglish };

struct CopyOptions {
  CopyLanguage language = CopyLanguage::kRussian;  // labels and names
};

// Parses "kk", "ru" or "en"; kBadInput otherwise.
Result<CopyLanguage> ParseCopyLanguage(std::string_view code);

// The PDF bytes. kBadInput when the payload is not a readable precinct protocol, or its
// reference cannot be printed (CopyReferenceFor); kNotFound when the station or commission is
// not in `definition`; kInternal when cairo or libqrencode fail.
Result<std::string> RenderProtocolCopy(const crypto::SignedObject& signed_protocol,
                                       const ElectionDefinition& definition, const CopyOptions& options);

}  // namespace ashyq::station
