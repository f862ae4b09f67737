// The signed-object envelope: how every artifact that crosses a trust boundary travels.
//
//   {"format": "ashyq/signed/1",
//    "payload": { "format": "ashyq/<kind>/<version>", ... },
//    "signatures": [ {"signer": "<id>", "public_key": "<hex>", "signature": "<hex>"}, ... ]}
//
// digest = TaggedHash(tag::kObject, Canonicalize(payload)); each signature is over that
// digest. A protocol carries the signatures of the commission members present; a
// definition carries the CEC's. Changing one byte of the payload changes the digest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "core/result.h"
#include "crypto/keys.h"

namespace ashyq::crypto {

inline constexpr std::string_view kSignedFormat = "ashyq/signed/1";

struct SignatureEntry {
  std::string signer;  // id of the commission or member, as in the election definition
  PublicKey public_key;
  Signature signature;
};

class SignedObject {
 public:
  // Wraps a payload (which must be an object with a string "format" field).
  static Result<SignedObject> Create(json::Value payload);
  // Parses and structurally validates an envelope (does not verify signatures).
  static Result<SignedObject> FromJson(const json::Value& envelope);

  // How FromText read its text.
  struct TextReading {
    bool json = false;       // the text is JSON (else the error is json::Parse's)
    bool canonical = false;  // the text is exactly ToCanonicalJson() of the object
  };
  // As FromJson(json::Parse(text, options)), saying in `reading` how the text read. Faster
  // than that when the text is canonical (RFC 8785), as every logged object must be: the digest
  // is then the hash of the payload's bytes as they stand, and the payload is neither
  // canonicalised nor copied.
  static Result<SignedObject> FromText(std::string_view text, const json::ParseOptions& options,
                                       TextReading* reading);

  const json::Value& payload() const { return payload_; }
  const std::string& payload_format() const;
  const Digest& digest() const { return digest_; }
  const std::vector<SignatureEntry>& signatures() const { return signatures_; }

  // Adds a signature by `signer` with `key`. A signer may sign once.
  Status AddSignature(const std::string& signer, const SigningKey& key);

  // Whether signature `k` (< signatures().size()) verifies against the key it names; whether
  // that key is the right one for its signer is the caller's question. Answered by libsodium,
  // or from CheckSignatures() when that ran.
  bool SignatureVerifies(size_t k) const;
  // Checks every signature now and keeps the answers: a verifier can check them on one thread
  // while the definition that says whose keys they must be is still being read on another.
  void CheckSignatures();

  // Every signature must verify against the key it names. kBadSignature names the signer.
  Status VerifyAll() const;
  // As VerifyAll, and `signer` must have signed with exactly `expected` key.
  Status VerifySignedBy(const std::string& signer, const PublicKey& expected) const;

  json::Value ToJson() const;
  std::string ToCanonicalJson() const;

 private:
  json::Value payload_;
  Digest digest_;
  std::vector<SignatureEntry> signatures_;
  // By signature, what CheckSignatures() found: kUnchecked, or libsodium's answer. Sound because
  // digest_ and signatures_ never change once read (AddSignature appends kUnchecked).
  enum class Checked : uint8_t { kUnchecked, kVerifies, kFails };
  std::vector<Checked> checked_;
};

}  // namespace ashyq::crypto
