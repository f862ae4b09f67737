// The encrypted ballot (issue 18 points 2 and 5; R-C4): what a voting device publishes for
// each electronic ballot, as the payload `ashyq/encrypted-ballot/1` of a signed object
// (ashyq/signed/1) signed by the device's key. docs/formats.md "Encrypted ballot" has the
// fields; in short:
//
//   election id, definition digest, group, ballot style, device id, the hour it was cast
//   (to the hour only: nothing finer, and nothing about the voter — R-C3), the previous and
//   this tracking code (evote/tracking_code.h), and per contest: each selection's exponential
//   ElGamal ciphertext with its 0/1 proof, `limit` placeholder selections likewise, and the
//   proof that they all add up to the limit (crypto/chaum_pedersen.h).
//
// Everything is a template over PrimeOrderGroup G; the JSON names its group and a reader for
// one group refuses another's. Elements are written as evote/element_codec.h says (P-256:
// SEC 1 uncompressed).
//
// ## What each proof is bound to (the `context` of crypto/chaum_pedersen.h)
//
// With lp(s) = u32be(|s|) ‖ s:
//   prefix      = lp(election id) ‖ definition digest (32 bytes) ‖ lp(device id) ‖
//                 previous tracking code (32 bytes) ‖ lp(contest id)
//   selection   = prefix ‖ 0x01 ‖ lp(selection id)
//   placeholder = prefix ‖ 0x02 ‖ u32be(k)          k = 0 .. limit−1
//   contest sum = prefix ‖ 0x00
// The previous tracking code makes every ballot's proofs its own: a ciphertext copied from
// another ballot (to learn that voter's choice from the tally) fails its proof.
//
// ## Nonces
// Every random value of a ballot is derived from one 32-byte secret seed (NonceSeed):
//   G::HashToScalar("ashyq/evote/ballot-nonce/v1", seed ‖ purpose ‖ context)
// with purpose one byte — 'r' the encryption nonce, 'u' the proof's commitment nonce, 'c' and
// 'z' the simulated branch's challenge and response — and context the proof's context above.
// So the device keeps one seed per ballot until the voter casts (the seed is then wiped) or
// challenges it (ChallengeBallot, evote/challenged_ballot.h, re-derives and reveals the
// encryption nonces). Seeds and nonces never appear in errors or logs.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "core/json_reader.h"
#include "core/result.h"
#include "crypto/batch_verify.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"
#include "evote/element_codec.h"
#include "evote/tracking_code.h"

namespace ashyq::evote {

inline constexpr std::string_view kEncryptedBallotFormat = "ashyq/encrypted-ballot/1";
inline constexpr std::string_view kBallotNonceDomain = "ashyq/evote/ballot-nonce/v1";

// Rules the errors name.
inline constexpr std::string_view kBallotFormatRule = "R-C4.ballot-format";
inline constexpr std::string_view kBallotStyleRule = "R-C4.ballot-style";
inline constexpr std::string_view kBallotTimeRule = "R-C3.ballot-time";
inline constexpr std::string_view kTrackingCodeRule = "R-C4.tracking-code";
inline constexpr std::string_view kBallotSignerRule = "R-C4.ballot-signer";

// Bounds the reader keeps (a ballot larger than any real one is refused before any work).
inline constexpr size_t kMaxContests = 64;
inline constexpr size_t kMaxSelections = 256;  // per contest, placeholders not counted
inline constexpr size_t kMaxIdLength = 128;

// One contest of a ballot style, from the election definition: its id, how many selections
// a voter may make (at most), and the ids of its selections in ballot order.
struct ContestSpec {
  std::string id;
  uint32_t limit = 1;
  std::vector<std::string> selection_ids;
};

// The public fields of a ballot that are not cryptography.
struct BallotHeader {
  std::string election_id;
  Digest definition_digest;     // of the signed election definition
  std::string ballot_style;
  std::string device_id;
  std::string cast_hour;        // "YYYY-MM-DDTHH:00:00Z" (UTC)
  Digest previous_tracking_code;
};

template <crypto::PrimeOrderGroup G>
struct EncryptedSelection {
  std::string id;  // empty for a placeholder
  crypto::Ciphertext<G> ciphertext;
  crypto::SelectionProof<G> proof;
};

template <crypto::PrimeOrderGroup G>
struct EncryptedContest {
  std::string id;
  uint32_t limit = 1;
  std::vector<EncryptedSelection<G>> selections;
  std::vector<EncryptedSelection<G>> placeholders;  // exactly `limit` of them
  crypto::ContestSumProof<G> sum_proof;
};

template <crypto::PrimeOrderGroup G>
struct EncryptedBallot {
  BallotHeader header;
  std::vector<EncryptedContest<G>> contests;
  Digest tracking_code;
};

// The voter's choices: per contest of the style, per selection, 0 or 1.
using BallotChoices = std::vector<std::vector<uint64_t>>;

// The secret from which a ballot's nonces are derived. Wiped when destroyed.
struct NonceSeed {
  std::array<uint8_t, 32> bytes{};
  NonceSeed() = default;
  NonceSeed(const NonceSeed&) = default;
  NonceSeed& operator=(const NonceSeed&) = default;
  ~NonceSeed() { crypto::WipeBytes(bytes.data(), bytes.size()); }
  static NonceSeed Random();
};

// ---- Non-template parts (encrypted_ballot.cc) ----

// "YYYY-MM-DDTHH:00:00Z" for the hour of `utc_timestamp` ("YYYY-MM-DDTHH:MM:SSZ"): how a
// device states the time (minutes and seconds dropped, R-C3). An error for anything else.
Result<std::string> CastHour(std::string_view utc_timestamp);
// Whether `text` is a valid UTC time with minutes and seconds zero.
bool IsCastHour(std::string_view text);

// The proof contexts above.
std::vector<uint8_t> ContestContext(const BallotHeader& header, std::string_view contest_id);
std::vector<uint8_t> SelectionContext(const BallotHeader& header, std::string_view contest_id,
                                      std::string_view selection_id);
std::vector<uint8_t> PlaceholderContext(const BallotHeader& header, std::string_view contest_id,
                                        uint32_t k);
// seed ‖ purpose ‖ context: what HashToScalar hashes for a nonce (the known-answer vectors).
std::vector<uint8_t> NonceInput(const NonceSeed& seed, char purpose,
                                std::span<const uint8_t> context);

// TaggedHash("ashyq/v1/ballot-hash", JCS(payload without "tracking_code")): what the
// tracking code chains. `payload` is an encrypted ballot's JSON object.
Digest BallotHash(const json::Value& payload);

// The header's fields into / out of a ballot object (the reader's errors go to `errors`).
void WriteBallotHeader(const BallotHeader& header, std::string_view group, json::Value& out);
BallotHeader ReadBallotHeader(json::ObjectReader& r, std::vector<Error>* errors);

// Signs a ballot's payload with the device's key: signer = the payload's "device_id".
Result<crypto::SignedObject> SignBallotPayload(const json::Value& payload,
                                               const crypto::SigningKey& device_key);
// Whether a signed ballot's format is right and it is signed by its own device with
// `device_key` (the key the definition or the device register lists for it); its payload is
// then signed_ballot.payload().
Status CheckSignedBallot(const crypto::SignedObject& signed_ballot, const crypto::PublicKey& device_key);
// One line of a device's published ballot file (evote/ballots/<station>.jsonl): the signed
// object, signed by that device (CheckSignedBallot), whose ballot names `device_id`.
Result<crypto::SignedObject> ReadDeviceBallotLine(std::string_view line, const crypto::PublicKey& device_key,
                                                  std::string_view device_id);

namespace internal {

// Gives every error the ballot-format rule unless it has one, and returns the first.
Error FirstError(std::vector<Error>& errors, std::string_view rule);

}  // namespace internal

// ---- Templates ----

namespace internal {

template <crypto::PrimeOrderGroup G>
typename G::Scalar DeriveNonce(const NonceSeed& seed, char purpose,
                               std::span<const uint8_t> context) {
  auto input = NonceInput(seed, purpose, context);
  auto s = G::HashToScalar(kBallotNonceDomain, input);
  crypto::WipeBytes(input.data(), input.size());
  return s;
}

template <crypto::PrimeOrderGroup G>
crypto::SelectionProofNonces<G> DeriveProofNonces(const NonceSeed& seed,
                                                  std::span<const uint8_t> context) {
  return crypto::SelectionProofNonces<G>{DeriveNonce<G>(seed, 'u', context),
                                         DeriveNonce<G>(seed, 'c', context),
                                         DeriveNonce<G>(seed, 'z', context)};
}

// The values of a contest's placeholders for `chosen` real selections: the first
// limit − chosen are 1, the rest 0, so that all add up to the limit.
inline std::vector<uint64_t> PlaceholderValues(uint32_t limit, uint64_t chosen) {
  std::vector<uint64_t> values(limit, 0);
  for (uint64_t k = chosen; k < limit; ++k) values[static_cast<size_t>(k - chosen)] = 1;
  return values;
}

template <crypto::PrimeOrderGroup G>
json::Value SelectionJson(const EncryptedSelection<G>& s, bool placeholder) {
  json::Value v = json::Value::Object();
  if (!placeholder) v.Set("selection_id", s.id);
  v.Set("alpha", ElementHex<G>(s.ciphertext.alpha));
  v.Set("beta", ElementHex<G>(s.ciphertext.beta));
  json::Value p = json::Value::Object();
  p.Set("a0", ElementHex<G>(s.proof.a[0]));
  p.Set("b0", ElementHex<G>(s.proof.b[0]));
  p.Set("a1", ElementHex<G>(s.proof.a[1]));
  p.Set("b1", ElementHex<G>(s.proof.b[1]));
  p.Set("c0", ScalarHex<G>(s.proof.c[0]));
  p.Set("c1", ScalarHex<G>(s.proof.c[1]));
  p.Set("z0", ScalarHex<G>(s.proof.z[0]));
  p.Set("z1", ScalarHex<G>(s.proof.z[1]));
  v.Set("proof", std::move(p));
  return v;
}

template <crypto::PrimeOrderGroup G>
typename G::Element ReadElementField(json::ObjectReader& r, std::string_view key,
                                     std::vector<Error>* errors) {
  const json::Value* v = r.Any(key);
  if (v == nullptr) {
    r.Fail(key, "missing");
    return typename G::Element();
  }
  if (!v->is_string()) {
    r.Fail(key, "expected a string of hex digits (a group element)");
    return typename G::Element();
  }
  auto e = ElementFromHex<G>(v->as_string());
  if (!e.ok()) {
    errors->push_back(e.error().In(r.PathOf(key)));
    return typename G::Element();
  }
  return *std::move(e);
}

template <crypto::PrimeOrderGroup G>
typename G::Scalar ReadScalarField(json::ObjectReader& r, std::string_view key,
                                   std::vector<Error>* errors) {
  const json::Value* v = r.Any(key);
  if (v == nullptr) {
    r.Fail(key, "missing");
    return typename G::Scalar();
  }
  if (!v->is_string()) {
    r.Fail(key, "expected a string of hex digits (a scalar)");
    return typename G::Scalar();
  }
  auto s = ScalarFromHex<G>(v->as_string());
  if (!s.ok()) {
    errors->push_back(s.error().In(r.PathOf(key)));
    return typename G::Scalar();
  }
  return *s;
}

inline std::string ReadId(json::ObjectReader& r, std::string_view key) {
  std::string id = r.NonEmptyString(key);
  if (id.size() > kMaxIdLength) {
    r.Fail(key, "longer than " + std::to_string(kMaxIdLength) + " bytes");
  }
  return id;
}

// A selection proof's fields, each element read straight into its place (a default P-256
// element would allocate a point only to be replaced).
template <crypto::PrimeOrderGroup G>
crypto::SelectionProof<G> ReadSelectionProof(const json::Value& item, const std::string& path,
                                             std::vector<Error>* errors) {
  json::ObjectReader pr(item, path, errors);
  auto a0 = ReadElementField<G>(pr, "a0", errors);
  auto b0 = ReadElementField<G>(pr, "b0", errors);
  auto a1 = ReadElementField<G>(pr, "a1", errors);
  auto b1 = ReadElementField<G>(pr, "b1", errors);
  const auto c0 = ReadScalarField<G>(pr, "c0", errors);
  const auto c1 = ReadScalarField<G>(pr, "c1", errors);
  const auto z0 = ReadScalarField<G>(pr, "z0", errors);
  const auto z1 = ReadScalarField<G>(pr, "z1", errors);
  pr.RejectUnknown();
  return crypto::SelectionProof<G>{{std::move(a0), std::move(a1)},
                                   {std::move(b0), std::move(b1)},
                                   {c0, c1},
                                   {z0, z1}};
}

template <crypto::PrimeOrderGroup G>
EncryptedSelection<G> ReadSelection(const json::Value& item, const std::string& path,
                                    bool placeholder, std::vector<Error>* errors) {
  json::ObjectReader r(item, path, errors);
  if (!r.is_object()) return EncryptedSelection<G>();
  std::string id = placeholder ? std::string() : ReadId(r, "selection_id");
  auto alpha = ReadElementField<G>(r, "alpha", errors);
  auto beta = ReadElementField<G>(r, "beta", errors);
  const json::Value* p = r.Object("proof");
  auto proof = p != nullptr ? ReadSelectionProof<G>(*p, r.PathOf("proof"), errors)
                            : crypto::SelectionProof<G>();
  r.RejectUnknown();
  return EncryptedSelection<G>{std::move(id),
                               crypto::Ciphertext<G>{std::move(alpha), std::move(beta)},
                               std::move(proof)};
}

template <crypto::PrimeOrderGroup G>
EncryptedContest<G> ReadContest(const json::Value& item, const std::string& path,
                                std::vector<Error>* errors) {
  json::ObjectReader r(item, path, errors);
  EncryptedContest<G> c;
  if (!r.is_object()) return c;
  c.id = ReadId(r, "contest_id");
  c.limit = static_cast<uint32_t>(r.Int("limit", 1, static_cast<int64_t>(kMaxSelections)));
  const size_t before = errors->size();
  const json::Value* selections = r.Array("selections");
  const json::Value* placeholders = r.Array("placeholders");
  if (selections != nullptr &&
      (selections->size() == 0 || selections->size() > kMaxSelections)) {
    r.Fail("selections", "a contest has 1 to " + std::to_string(kMaxSelections) +
                             " selections, not " + std::to_string(selections->size()));
  }
  if (placeholders != nullptr && placeholders->size() != c.limit) {
    r.Fail("placeholders", "a contest has as many placeholders as its limit (" +
                               std::to_string(c.limit) + "), not " +
                               std::to_string(placeholders->size()));
  }
  if (errors->size() == before) {
    for (size_t i = 0; i < selections->size(); ++i) {
      c.selections.push_back(ReadSelection<G>(
          selections->items()[i], json::PointerAppend(r.PathOf("selections"), i), false,
          errors));
    }
    for (size_t i = 0; i < placeholders->size(); ++i) {
      c.placeholders.push_back(ReadSelection<G>(
          placeholders->items()[i], json::PointerAppend(r.PathOf("placeholders"), i), true,
          errors));
    }
  }
  if (const json::Value* p = r.Object("sum_proof")) {
    json::ObjectReader pr(*p, r.PathOf("sum_proof"), errors);
    c.sum_proof.a = ReadElementField<G>(pr, "a", errors);
    c.sum_proof.b = ReadElementField<G>(pr, "b", errors);
    c.sum_proof.c = ReadScalarField<G>(pr, "c", errors);
    c.sum_proof.z = ReadScalarField<G>(pr, "z", errors);
    pr.RejectUnknown();
  }
  r.RejectUnknown();
  // Selection ids are distinct within a contest (the proof contexts must be).
  for (size_t i = 0; i < c.selections.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (!c.selections[i].id.empty() && c.selections[i].id == c.selections[j].id) {
        errors->push_back(BadInput(json::PointerAppend(json::PointerAppend(
                                                           r.PathOf("selections"), i),
                                                       "selection_id"),
                                   "the same selection id as selection " + std::to_string(j)));
      }
    }
  }
  return c;
}

// The ciphertexts of a contest, selections then placeholders: what the sum proof covers.
template <crypto::PrimeOrderGroup G>
std::vector<crypto::Ciphertext<G>> ContestCiphertexts(const EncryptedContest<G>& c) {
  std::vector<crypto::Ciphertext<G>> out;
  out.reserve(c.selections.size() + c.placeholders.size());
  for (const auto& s : c.selections) out.push_back(s.ciphertext);
  for (const auto& s : c.placeholders) out.push_back(s.ciphertext);
  return out;
}

}  // namespace internal

// The canonical payload (json::Canonicalize gives its bytes).
template <crypto::PrimeOrderGroup G>
json::Value EncryptedBallotToJson(const EncryptedBallot<G>& ballot) {
  json::Value v = json::Value::Object();
  v.Set("format", kEncryptedBallotFormat);
  WriteBallotHeader(ballot.header, G::kName, v);
  json::Value contests = json::Value::Array();
  for (const auto& c : ballot.contests) {
    json::Value cv = json::Value::Object();
    cv.Set("contest_id", c.id);
    cv.Set("limit", c.limit);
    json::Value selections = json::Value::Array();
    for (const auto& s : c.selections) selections.Push(internal::SelectionJson<G>(s, false));
    cv.Set("selections", std::move(selections));
    json::Value placeholders = json::Value::Array();
    for (const auto& s : c.placeholders) placeholders.Push(internal::SelectionJson<G>(s, true));
    cv.Set("placeholders", std::move(placeholders));
    json::Value p = json::Value::Object();
    p.Set("a", ElementHex<G>(c.sum_proof.a));
    p.Set("b", ElementHex<G>(c.sum_proof.b));
    p.Set("c", ScalarHex<G>(c.sum_proof.c));
    p.Set("z", ScalarHex<G>(c.sum_proof.z));
    cv.Set("sum_proof", std::move(p));
    contests.Push(std::move(cv));
  }
  v.Set("contests", std::move(contests));
  v.Set("tracking_code", ballot.tracking_code.Hex());
  return v;
}

// The strict reader: every field present, of its kind and form (ids non-empty, digests 64
// lowercase hex, the cast hour to the hour, elements valid and never the identity, scalars
// below the order, as many placeholders as the limit), no other field, the group G's. It
// checks no proof and no tracking code: VerifyEncryptedBallot does. The error names its JSON
// Pointer and its rule.
template <crypto::PrimeOrderGroup G>
Result<EncryptedBallot<G>> EncryptedBallotFromJson(const json::Value& doc) {
  std::vector<Error> errors;
  if (!json::RequireFormat(doc, kEncryptedBallotFormat, "an encrypted ballot", &errors)) {
    return internal::FirstError(errors, kBallotFormatRule);
  }
  json::ObjectReader r(doc, "", &errors);
  r.String("format");
  const std::string group = r.String("group");
  if (errors.empty() && group != G::kName) {
    r.Fail("group", "the ballot is for group \"" + group + "\", not \"" +
                        std::string(G::kName) + "\"");
    return internal::FirstError(errors, kBallotFormatRule);
  }
  EncryptedBallot<G> ballot;
  ballot.header = ReadBallotHeader(r, &errors);
  const std::string code = r.DigestHex("tracking_code");
  if (IsDigestHex(code)) ballot.tracking_code = *Digest::FromHex(code);
  if (const json::Value* contests = r.Array("contests")) {
    if (contests->size() == 0 || contests->size() > kMaxContests) {
      r.Fail("contests", "a ballot has 1 to " + std::to_string(kMaxContests) +
                             " contests, not " + std::to_string(contests->size()));
    } else {
      for (size_t i = 0; i < contests->size(); ++i) {
        ballot.contests.push_back(internal::ReadContest<G>(
            contests->items()[i], json::PointerAppend("/contests", i), &errors));
      }
    }
  }
  r.RejectUnknown();
  if (!errors.empty()) return internal::FirstError(errors, kBallotFormatRule);
  return ballot;
}

// Encrypts the voter's choices: for each contest of `style`, one ciphertext and 0/1 proof per
// selection, `limit` placeholders that bring the total to the limit, and the sum proof; then
// the tracking code (from header.previous_tracking_code). Every random value comes from
// `seed` (see the top), so the same inputs give the same bytes. Refused, with no ballot:
// choices not matching the style's shape, a value other than 0 or 1, more selections made
// than a contest's limit. `header.cast_hour` must be an hour (CastHour). `payload`, when
// given, receives EncryptedBallotToJson of the ballot, made once (the tracking code hashes it;
// every element's encoding costs a field inversion): what the device signs and publishes.
template <crypto::PrimeOrderGroup G>
Result<EncryptedBallot<G>> EncryptBallot(const crypto::ElectionKey<G>& key,
                                         const BallotHeader& header,
                                         std::span<const ContestSpec> style,
                                         const BallotChoices& choices, const NonceSeed& seed,
                                         json::Value* payload = nullptr) {
  if (!IsCastHour(header.cast_hour)) {
    return CheckFailed("cast_hour", std::string(kBallotTimeRule),
                       "a ballot states the hour it was cast, YYYY-MM-DDTHH:00:00Z, nothing finer");
  }
  if (choices.size() != style.size()) {
    return CheckFailed("choices", std::string(kBallotStyleRule),
                       "the ballot style has " + std::to_string(style.size()) +
                           " contests, the choices " + std::to_string(choices.size()));
  }
  EncryptedBallot<G> ballot;
  ballot.header = header;
  for (size_t i = 0; i < style.size(); ++i) {
    const ContestSpec& spec = style[i];
    const std::string where = "contest " + spec.id;
    if (choices[i].size() != spec.selection_ids.size()) {
      return CheckFailed(where, std::string(kBallotStyleRule),
                         "the contest has " + std::to_string(spec.selection_ids.size()) +
                             " selections, the choices " + std::to_string(choices[i].size()));
    }
    if (spec.limit == 0) {
      return CheckFailed(where, std::string(kBallotStyleRule), "a contest's limit is at least 1");
    }
    uint64_t chosen = 0;
    for (uint64_t v : choices[i]) {
      if (v > 1) return crypto::internal::SelectionNotZeroOrOne().In(where);
      chosen += v;
    }
    if (chosen > spec.limit) {
      return CheckFailed(where, "R-C4.contest-sum",
                         "more selections made than the contest's limit of " +
                             std::to_string(spec.limit));
    }
    EncryptedContest<G> contest;
    contest.id = spec.id;
    contest.limit = spec.limit;
    std::vector<typename G::Scalar> nonces;
    const auto encrypt = [&](std::string_view id, uint64_t value,
                             const std::vector<uint8_t>& context) -> Status {
      const auto r = internal::DeriveNonce<G>(seed, 'r', context);
      ASHYQ_ASSIGN_OR_RETURN(
          auto proven, crypto::EncryptSelectionWithNonces<G>(
                           key, value, r, internal::DeriveProofNonces<G>(seed, context), context));
      EncryptedSelection<G> s{std::string(id), proven.ciphertext, proven.proof};
      (id.empty() ? contest.placeholders : contest.selections).push_back(std::move(s));
      nonces.push_back(r);
      return Status();
    };
    for (size_t j = 0; j < spec.selection_ids.size(); ++j) {
      ASHYQ_RETURN_IF_ERROR(encrypt(spec.selection_ids[j], choices[i][j],
                                    SelectionContext(header, spec.id, spec.selection_ids[j])));
    }
    const auto placeholder_values = internal::PlaceholderValues(spec.limit, chosen);
    for (uint32_t k = 0; k < spec.limit; ++k) {
      ASHYQ_RETURN_IF_ERROR(
          encrypt("", placeholder_values[k], PlaceholderContext(header, spec.id, k)));
    }
    const auto context = ContestContext(header, spec.id);
    const auto ciphertexts = internal::ContestCiphertexts<G>(contest);
    ASHYQ_ASSIGN_OR_RETURN(contest.sum_proof,
                           crypto::ProveContestSumWithNonce<G>(
                               key, ciphertexts, nonces, spec.limit,
                               internal::DeriveNonce<G>(seed, 'u', context), context));
    ballot.contests.push_back(std::move(contest));
  }
  json::Value written = EncryptedBallotToJson<G>(ballot);  // every element encoded once
  ballot.tracking_code = NextTrackingCode(header.previous_tracking_code, BallotHash(written));
  if (payload != nullptr) {
    written.Set("tracking_code", ballot.tracking_code.Hex());
    *payload = std::move(written);
  }
  return ballot;
}

// The ballot's contests as crypto/batch_verify.h takes them (a verifier batches many
// ballots' contests in one VerifyContestsBatch).
template <crypto::PrimeOrderGroup G>
std::vector<crypto::ProvenContest<G>> ProvenContests(const EncryptedBallot<G>& ballot) {
  std::vector<crypto::ProvenContest<G>> out;
  for (const auto& c : ballot.contests) {
    crypto::ProvenContest<G> p;
    p.ciphertexts = internal::ContestCiphertexts<G>(c);
    for (const auto& s : c.selections) {
      p.proofs.push_back(s.proof);
      p.selection_contexts.push_back(SelectionContext(ballot.header, c.id, s.id));
    }
    for (uint32_t k = 0; k < c.placeholders.size(); ++k) {
      p.proofs.push_back(c.placeholders[k].proof);
      p.selection_contexts.push_back(PlaceholderContext(ballot.header, c.id, k));
    }
    p.limit = c.limit;
    p.sum = c.sum_proof;
    p.sum_context = ContestContext(ballot.header, c.id);
    out.push_back(std::move(p));
  }
  return out;
}

// Checks that the ballot has the shape of `style` (the same contests in order, each with its
// selection ids in order and its limit) — a ballot of the wrong style is refused naming the
// first difference.
template <crypto::PrimeOrderGroup G>
Status CheckBallotStyle(const EncryptedBallot<G>& ballot, std::span<const ContestSpec> style) {
  const std::string rule(kBallotStyleRule);
  if (ballot.contests.size() != style.size()) {
    return CheckFailed("/contests", rule,
                       "the ballot style has " + std::to_string(style.size()) +
                           " contests, the ballot " + std::to_string(ballot.contests.size()));
  }
  for (size_t i = 0; i < style.size(); ++i) {
    const auto& c = ballot.contests[i];
    const std::string path = json::PointerAppend("/contests", i);
    if (c.id != style[i].id) {
      return CheckFailed(path + "/contest_id", rule,
                         "expected contest \"" + style[i].id + "\" here, found \"" + c.id + "\"");
    }
    if (c.limit != style[i].limit) {
      return CheckFailed(path + "/limit", rule,
                         "the contest's limit is " + std::to_string(style[i].limit));
    }
    if (c.selections.size() != style[i].selection_ids.size()) {
      return CheckFailed(path + "/selections", rule,
                         "the contest has " + std::to_string(style[i].selection_ids.size()) +
                             " selections, the ballot " + std::to_string(c.selections.size()));
    }
    for (size_t j = 0; j < c.selections.size(); ++j) {
      if (c.selections[j].id != style[i].selection_ids[j]) {
        return CheckFailed(json::PointerAppend(path + "/selections", j) + "/selection_id", rule,
                           "expected selection \"" + style[i].selection_ids[j] + "\" here");
      }
    }
  }
  return Status();
}

// Every proof of the ballot, one by one; the first failure names its place, e.g.
// "/contests/0/selections/3/proof: [R-C4.selection-proof] z0·G - c0·alpha ...".
template <crypto::PrimeOrderGroup G>
Status VerifyBallotProofsEach(const crypto::ElectionKey<G>& key,
                              const EncryptedBallot<G>& ballot) {
  for (size_t i = 0; i < ballot.contests.size(); ++i) {
    const auto& c = ballot.contests[i];
    const std::string path = json::PointerAppend("/contests", i);
    for (size_t j = 0; j < c.selections.size(); ++j) {
      const auto& s = c.selections[j];
      Status st = crypto::VerifySelection<G>(key, s.ciphertext, s.proof,
                                             SelectionContext(ballot.header, c.id, s.id));
      if (!st.ok()) return st.error().In(json::PointerAppend(path + "/selections", j));
    }
    for (uint32_t k = 0; k < c.placeholders.size(); ++k) {
      const auto& s = c.placeholders[k];
      Status st = crypto::VerifySelection<G>(key, s.ciphertext, s.proof,
                                             PlaceholderContext(ballot.header, c.id, k));
      if (!st.ok()) return st.error().In(json::PointerAppend(path + "/placeholders", k));
    }
    const auto ciphertexts = internal::ContestCiphertexts<G>(c);
    Status st = crypto::VerifyContestSum<G>(key, ciphertexts, c.limit, c.sum_proof,
                                            ContestContext(ballot.header, c.id));
    if (!st.ok()) return st.error().In(path + "/sum_proof");
  }
  return Status();
}

// Verifies a ballot read with EncryptedBallotFromJson: its style, its tracking code (from its
// previous code and its payload), and every proof — all of a ballot's equations in one random
// linear combination (crypto/batch_verify.h); when that fails, one by one, so that the error
// names the place. `payload` is the JSON the ballot was read from (its hash is the tracking
// code's input; it is not re-made from `ballot`, so a verifier hashes what was published).
template <crypto::PrimeOrderGroup G>
Status VerifyEncryptedBallot(const crypto::ElectionKey<G>& key, const EncryptedBallot<G>& ballot,
                             const json::Value& payload, std::span<const ContestSpec> style) {
  ASHYQ_RETURN_IF_ERROR(CheckBallotStyle<G>(ballot, style));
  if (!(NextTrackingCode(ballot.header.previous_tracking_code, BallotHash(payload)) ==
        ballot.tracking_code)) {
    return CheckFailed("/tracking_code", std::string(kTrackingCodeRule),
                       "the tracking code is not the hash of the previous tracking code and "
                       "this ballot");
  }
  const auto contests = ProvenContests<G>(ballot);
  if (crypto::VerifyContestsBatch<G>(key, std::span<const crypto::ProvenContest<G>>(contests))
          .empty()) {
    return Status();
  }
  Status each = VerifyBallotProofsEach<G>(key, ballot);
  if (!each.ok()) return each;
  return CheckFailed("/contests", "R-C4.selection-proof",
                     "the ballot's proofs fail together");  // not reached: the batch is exact on failure
}

// Reads and verifies in one step: the payload of a signed ballot (signed by `device_key`).
template <crypto::PrimeOrderGroup G>
Result<EncryptedBallot<G>> ReadVerifiedBallot(const crypto::ElectionKey<G>& key,
                                              const crypto::SignedObject& signed_ballot,
                                              const crypto::PublicKey& device_key,
                                              std::span<const ContestSpec> style) {
  ASHYQ_RETURN_IF_ERROR(CheckSignedBallot(signed_ballot, device_key));
  const json::Value& payload = signed_ballot.payload();
  ASHYQ_ASSIGN_OR_RETURN(auto ballot, EncryptedBallotFromJson<G>(payload));
  ASHYQ_RETURN_IF_ERROR(VerifyEncryptedBallot<G>(key, ballot, payload, style));
  return ballot;
}

// The ballot of a device-signed object read from the record (ReadDeviceBallotLine): well formed,
// of `style`, for this election and definition. Its proofs are left to the caller, which checks
// them in batches (crypto/batch_verify.h).
template <crypto::PrimeOrderGroup G>
Result<EncryptedBallot<G>> ReadBallotOfElection(const json::Value& payload, std::span<const ContestSpec> style,
                                                std::string_view election_id, const Digest& definition_digest) {
  ASHYQ_ASSIGN_OR_RETURN(auto ballot, EncryptedBallotFromJson<G>(payload));
  ASHYQ_RETURN_IF_ERROR(CheckBallotStyle<G>(ballot, style));
  if (ballot.header.election_id != election_id || !(ballot.header.definition_digest == definition_digest)) {
    return CheckFailed("/definition_digest", std::string(kBallotFormatRule),
                       "the ballot is for another election or definition");
  }
  return ballot;
}

}  // namespace ashyq::evote
