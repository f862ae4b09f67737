// The published election definition: a SignedObject whose payload is the definition and whose
// one signature is the CEC's, made with the key the definition itself lists for the CEC.
// That key is the election's trust anchor: observers compare its fingerprint with the one the
// CEC announces publicly.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/election_definition.h"
#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"

namespace ashyq::crypto {

// Signs `definition` as the CEC. Fails if `cec_key` is not the key the definition lists for
// its CEC (a definition signed by anyone else would not verify).
Result<SignedObject> SignDefinition(const ElectionDefinition& definition, const SigningKey& cec_key);

struct DefinitionDocument {
  ElectionDefinition definition;
  std::optional<SignedObject> envelope;  // absent for a bare, unsigned definition
  // Structural problems and signature failures, each naming its JSON pointer. A document
  // with problems must not be used for anything but reporting them.
  std::vector<Error> problems;
};

// Reads a parsed document that is either a signed envelope or a bare definition. Fails (kBadInput)
// only when it is neither; everything else is reported in `problems`.
Result<DefinitionDocument> ReadDefinitionDocument(const json::Value& document);

// As ReadDefinitionDocument(json::Parse(text)) (a text that is not JSON fails, "not JSON: ..."),
// and faster for a canonical signed envelope, as every published definition is: its payload is
// hashed as it stands, neither copied nor written again.
Result<DefinitionDocument> ReadDefinitionText(std::string_view text);

// Reads a definition file (size-limited), then as ReadDefinitionText.
Result<DefinitionDocument> LoadDefinitionFile(const std::string& path);

// The largest definition file Ashyq reads (a national definition is ~25 MB).
inline constexpr size_t kMaxDefinitionBytes = size_t{512} << 20;

}  // namespace ashyq::crypto
