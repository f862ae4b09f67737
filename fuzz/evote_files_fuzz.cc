// Arbitrary bytes -> JSON -> every reader of the e-vote record's and the guardians' files
// (evote/evote_setup.h, evote/tally_json.h, crypto/guardian_json.h, crypto/guardian_files.h):
// the setup, an encrypted tally, a tally result, guardian commitments, a joint key, a decryption
// share, a guardian share file and key share file. A signed envelope is unwrapped to its payload
// first, as the verifier reads them. Whatever reads cleanly must write out to JSON that reads
// again; a refusal is an error, never a crash, hang or overflow. Seeds:
// fuzz/seeds/evote_files_fuzz (the tiny demo's evote/ files, tests/data/tally and guardians).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.h"
#include "crypto/group_p256.h"
#include "crypto/guardian_files.h"
#include "crypto/guardian_json.h"
#include "crypto/keys.h"
#include "evote/evote_setup.h"
#include "evote/tally_json.h"

namespace {

using ashyq::crypto::P256;
namespace json = ashyq::json;

// Read, write, read again: what a reader accepts, its writer must write so that it reads.
template <typename Read, typename Write>
void RoundTrip(const json::Value& doc, Read read, Write write) {
  auto first = read(doc);
  if (!first.ok()) return;
  if (!read(write(*first)).ok()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = ashyq::crypto::Initialize().ok();
  if (!ready) return 0;
  json::ParseOptions options;
  options.max_bytes = 1 << 20;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = json::Parse(text, options);
  if (!parsed.ok()) return 0;
  const json::Value* payload = parsed->is_object() ? parsed->Find("payload") : nullptr;
  const json::Value& doc = payload != nullptr ? *payload : *parsed;

  using namespace ashyq::evote;
  using namespace ashyq::crypto;
  RoundTrip(doc, [](const json::Value& d) { return EvoteSetupFromJson<P256>(d); },
            [](const auto& s) { return EvoteSetupToJson<P256>(s); });
  RoundTrip(doc, [](const json::Value& d) { return EncryptedTallyFromJson<P256>(d); },
            [](const auto& t) { return EncryptedTallyToJson<P256>(t); });
  // A tally result is read from its canonical text.
  auto result = ParseTallyResult<P256>(json::Canonicalize(doc));
  if (result.ok() && !ParseTallyResult<P256>(TallyResultText<P256>(*result)).ok()) __builtin_trap();
  RoundTrip(doc, [](const json::Value& d) { return JointKeyFromJson<P256>(d); },
            [](const auto& k) { return JointKeyToJson<P256>(k); });
  RoundTrip(doc, [](const json::Value& d) { return DecryptionShareFromJson<P256>(d); },
            [](const auto& s) { return DecryptionShareToJson<P256>(s); });
  RoundTrip(doc, [](const json::Value& d) { return GuardianShareFromJson<P256>(d); },
            [](const auto& f) { return GuardianShareToJson<P256>(f.header, f.share); });
  RoundTrip(doc, [](const json::Value& d) { return GuardianKeyShareFromJson<P256>(d); },
            [](const auto& f) { return GuardianKeyShareToJson<P256>(f.header, f.key_share); });
  (void)GuardianCommitmentsFromJson<P256>(doc);
  return 0;
}
