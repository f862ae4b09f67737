// The files of a key ceremony run on separate machines (`ashyq guardian …`, docs/guardians.md):
// the secret ones each guardian keeps, and the encrypted shares carried from one guardian to
// another. The public files are crypto/guardian_json.h's. docs/formats.md has every field.
//
//   ashyq/guardian-secret/1     guardian i's polynomial (mode 0600, never leaves its machine):
//                               {"format", "group", "election", "guardians", "quorum",
//                                "guardian", "coefficients": [hex a_{i,0}…a_{i,k−1}]}
//   ashyq/guardian-share/1      P_i(j) encrypted to guardian j, carried to j:
//                               {"format", "group", "election", "guardians", "quorum",
//                                "sender", "recipient", "ephemeral": E(R), "masked": hex}
//   ashyq/guardian-key-share/1  guardian j's key share s_j (mode 0600):
//                               {"format", "group", "election", "guardians", "quorum",
//                                "guardian", "secret": hex s_j, "public_share": E(s_j·G)}
//
// ## Encrypting a share to its recipient (hashed ElGamal to the recipient's C_{j,0})
// The recipient's public key is its first Feldman commitment C_{j,0} = a_{j,0}·G (published,
// with its Schnorr proof). The sender draws r, sends R = r·G and
//     masked = P_i(j) + H_mask(context, n, k, i, j, C_{j,0}, R, r·C_{j,0})   (mod the order),
// and the recipient, who alone knows a_{j,0}, computes r·C_{j,0} = a_{j,0}·R and unmasks. The
// mask is a one-time pad (a fresh r per share) under computational Diffie–Hellman; integrity
// comes from Feldman's check of the unmasked share against the sender's commitments
// (VerifyGuardianShare): a file altered on the way fails it, naming its sender, and the
// ceremony stops there. Exact bytes:
//   domain "ashyq/guardian/share-mask/v1", message = u32be(|context|) ‖ context ‖ u32be(n) ‖
//   u32be(k) ‖ u32be(i) ‖ u32be(j) ‖ E(C_{j,0}) ‖ E(R) ‖ E(r·C_{j,0})
//
// ## Secrets
// Secret files are written with mode 0600 and never overwritten; reading refuses a file group
// or others can access. Errors about a secret file name the file and the field, never its
// content (a JSON syntax error is reported without the text around it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.h"
#include "core/json.h"
#include "core/json_reader.h"
#include "core/result.h"
#include "crypto/group.h"
#include "crypto/guardian_json.h"
#include "crypto/guardian_key.h"

namespace ashyq::crypto {

inline constexpr std::string_view kGuardianSecretFormat = "ashyq/guardian-secret/1";
inline constexpr std::string_view kGuardianShareFormat = "ashyq/guardian-share/1";
inline constexpr std::string_view kGuardianKeyShareFormat = "ashyq/guardian-key-share/1";
inline constexpr std::string_view kGuardianShareMaskDomain = "ashyq/guardian/share-mask/v1";

// Reads a secret file: a regular file of at most 1 MiB that only its owner can access (mode
// 0600 or stricter), else an error naming the path and the rule. Parses it as JSON; a syntax
// error is reported without quoting the file.
Result<json::Value> ReadSecretJsonFile(const std::string& path);
// Writes `doc` (pretty JSON) to a new file with mode 0600; never overwrites (kAlreadyExists).
// The text is wiped from memory afterwards.
Status WriteSecretJsonFile(const std::string& path, const json::Value& doc);

// A file's "group" (any of the ashyq files here and in guardian_json.h, evote/tally_json.h).
Result<GroupId> GroupOfDocument(const json::Value& doc);

// The election and ceremony a guardian's files belong to.
struct GuardianFileHeader {
  std::string election;
  GuardianCeremony ceremony;
};

namespace guardian_internal {

template <PrimeOrderGroup G>
json::Value FileHeader(std::string_view format, const GuardianFileHeader& h) {
  json::Value v = Header<G>(format);
  v.Set("election", h.election);
  v.Set("guardians", h.ceremony.guardians);
  v.Set("quorum", h.ceremony.quorum);
  return v;
}

template <PrimeOrderGroup G>
bool ReadFileHeader(const json::Value& doc, std::string_view format, std::string_view what,
                    json::ObjectReader& r, GuardianFileHeader* h, std::vector<Error>* errors) {
  if (!ReadHeader<G>(doc, format, what, r, errors)) return false;
  h->election = r.NonEmptyString("election");
  h->ceremony = ReadCeremony(r);
  return true;
}

// A guardian's file of `format`: the header, then what `body(r, &file, &errors)` reads; any other
// field is refused. The first problem found is the error.
template <PrimeOrderGroup G, typename File, typename Body>
Result<File> ReadGuardianFile(const json::Value& doc, std::string_view format, std::string_view what,
                              Body body) {
  std::vector<Error> errors;
  json::ObjectReader r(doc, "", &errors);
  File out;
  if (!ReadFileHeader<G>(doc, format, what, r, &out.header, &errors)) return errors.front();
  body(r, &out, &errors);
  r.RejectUnknown();
  if (!errors.empty()) return errors.front();
  return out;
}

template <PrimeOrderGroup G>
typename G::Scalar ShareMask(const GuardianFileHeader& h, uint32_t sender, uint32_t recipient,
                             const typename G::Element& recipient_key,
                             const typename G::Element& ephemeral,
                             const typename G::Element& shared) {
  std::vector<uint8_t> m;
  AppendU32(m, static_cast<uint32_t>(h.election.size()));
  m.insert(m.end(), h.election.begin(), h.election.end());
  AppendU32(m, h.ceremony.guardians);
  AppendU32(m, h.ceremony.quorum);
  AppendU32(m, sender);
  AppendU32(m, recipient);
  AppendElement<G>(m, recipient_key);
  AppendElement<G>(m, ephemeral);
  AppendElement<G>(m, shared);
  return G::HashToScalar(kGuardianShareMaskDomain, m);
}

}  // namespace guardian_internal

// ---- ashyq/guardian-secret/1

template <PrimeOrderGroup G>
json::Value GuardianSecretToJson(const GuardianFileHeader& h, const GuardianPolynomial<G>& poly) {
  json::Value v = guardian_internal::FileHeader<G>(kGuardianSecretFormat, h);
  v.Set("guardian", poly.guardian);
  json::Value coefficients = json::Value::Array();
  for (const auto& a : poly.coefficients) coefficients.Push(guardian_internal::ScalarJson<G>(a));
  v.Set("coefficients", std::move(coefficients));
  return v;
}

template <PrimeOrderGroup G>
struct GuardianSecretFile {
  GuardianFileHeader header;
  GuardianPolynomial<G> polynomial;
};

template <PrimeOrderGroup G>
Result<GuardianSecretFile<G>> GuardianSecretFromJson(const json::Value& doc) {
  ASHYQ_ASSIGN_OR_RETURN(
      GuardianSecretFile<G> out,
      (guardian_internal::ReadGuardianFile<G, GuardianSecretFile<G>>(
          doc, kGuardianSecretFormat, "a guardian's secret",
          [](json::ObjectReader& r, GuardianSecretFile<G>* f, std::vector<Error>* errors) {
            f->polynomial.guardian = static_cast<uint32_t>(r.Int("guardian", 1, kMaxGuardians));
            f->polynomial.coefficients = r.List<typename G::Scalar>(
                "coefficients", [&](const json::Value& item, const std::string& path) {
                  return guardian_internal::ReadScalar<G>(item, path, errors);
                });
          })));
  ASHYQ_RETURN_IF_ERROR(CheckCeremony(out.header.ceremony));
  ASHYQ_RETURN_IF_ERROR(CheckGuardianIndex(out.header.ceremony, out.polynomial.guardian, "/guardian"));
  if (out.polynomial.coefficients.size() != out.header.ceremony.quorum) {
    return BadInput("/coefficients", "expected one coefficient per quorum member (" +
                                         std::to_string(out.header.ceremony.quorum) + ")");
  }
  for (const auto& a : out.polynomial.coefficients) {
    if (G::ScalarIsZero(a)) return BadInput("/coefficients", "a coefficient is zero");
  }
  return out;
}

// ---- ashyq/guardian-share/1

template <PrimeOrderGroup G>
struct EncryptedGuardianShare {
  uint32_t sender = 0;
  uint32_t recipient = 0;
  typename G::Element ephemeral;  // R
  typename G::Scalar masked;
};

// P_i(j) encrypted to guardian j, whose verified commitments are `recipient`, with the
// ephemeral scalar r given: for the known-answer vectors (tests/data/guardians) only — r must
// be fresh and secret for every share, as EncryptGuardianShare draws it.
template <PrimeOrderGroup G>
EncryptedGuardianShare<G> EncryptGuardianShareWithNonce(const GuardianFileHeader& h,
                                                        const GuardianShare<G>& share,
                                                        const GuardianCommitments<G>& recipient,
                                                        const typename G::Scalar& r) {
  EncryptedGuardianShare<G> out;
  out.sender = share.sender;
  out.recipient = share.recipient;
  out.ephemeral = G::BaseMul(r);
  const auto& key = recipient.coefficients[0];
  const auto mask = guardian_internal::ShareMask<G>(h, share.sender, share.recipient, key,
                                                    out.ephemeral, G::Mul(key, r));
  out.masked = G::ScalarAdd(share.value, mask);
  return out;
}

// P_i(j) encrypted to guardian j, whose verified commitments are `recipient`.
template <PrimeOrderGroup G>
EncryptedGuardianShare<G> EncryptGuardianShare(const GuardianFileHeader& h,
                                               const GuardianShare<G>& share,
                                               const GuardianCommitments<G>& recipient) {
  return EncryptGuardianShareWithNonce<G>(h, share, recipient, G::RandomScalar());
}

// The share, unmasked by its recipient with its own polynomial (a_{j,0}). Not verified here:
// VerifyGuardianShare / CombineReceivedShares check it against the sender's commitments.
template <PrimeOrderGroup G>
Result<GuardianShare<G>> DecryptGuardianShare(const GuardianFileHeader& h,
                                              const EncryptedGuardianShare<G>& encrypted,
                                              const GuardianPolynomial<G>& own) {
  if (encrypted.recipient != own.guardian) {
    return CheckFailed(GuardianWhere(encrypted.sender), "R-C3.guardian-share",
                       "this share is addressed to guardian " +
                           std::to_string(encrypted.recipient) + ", not " +
                           std::to_string(own.guardian));
  }
  const auto& a0 = own.coefficients.at(0);
  const auto key = G::BaseMul(a0);
  const auto mask = guardian_internal::ShareMask<G>(h, encrypted.sender, encrypted.recipient, key,
                                                    encrypted.ephemeral,
                                                    G::Mul(encrypted.ephemeral, a0));
  GuardianShare<G> share;
  share.sender = encrypted.sender;
  share.recipient = encrypted.recipient;
  share.value = G::ScalarSubtract(encrypted.masked, mask);
  return share;
}

template <PrimeOrderGroup G>
json::Value GuardianShareToJson(const GuardianFileHeader& h, const EncryptedGuardianShare<G>& s) {
  json::Value v = guardian_internal::FileHeader<G>(kGuardianShareFormat, h);
  v.Set("sender", s.sender);
  v.Set("recipient", s.recipient);
  v.Set("ephemeral", guardian_internal::ElementJson<G>(s.ephemeral));
  v.Set("masked", guardian_internal::ScalarJson<G>(s.masked));
  return v;
}

template <PrimeOrderGroup G>
struct GuardianShareFile {
  GuardianFileHeader header;
  EncryptedGuardianShare<G> share;
};

template <PrimeOrderGroup G>
Result<GuardianShareFile<G>> GuardianShareFromJson(const json::Value& doc) {
  return guardian_internal::ReadGuardianFile<G, GuardianShareFile<G>>(
      doc, kGuardianShareFormat, "a guardian's share",
      [](json::ObjectReader& r, GuardianShareFile<G>* f, std::vector<Error>* errors) {
        f->share.sender = static_cast<uint32_t>(r.Int("sender", 1, kMaxGuardians));
        f->share.recipient = static_cast<uint32_t>(r.Int("recipient", 1, kMaxGuardians));
        f->share.ephemeral = guardian_internal::ElementField<G>(r, "ephemeral", errors);
        f->share.masked = guardian_internal::ScalarField<G>(r, "masked", errors);
      });
}

// ---- ashyq/guardian-key-share/1

template <PrimeOrderGroup G>
json::Value GuardianKeyShareToJson(const GuardianFileHeader& h, const GuardianKeyShare<G>& k) {
  json::Value v = guardian_internal::FileHeader<G>(kGuardianKeyShareFormat, h);
  v.Set("guardian", k.guardian);
  v.Set("secret", guardian_internal::ScalarJson<G>(k.secret));
  v.Set("public_share", guardian_internal::ElementJson<G>(k.public_share));
  return v;
}

template <PrimeOrderGroup G>
struct GuardianKeyShareFile {
  GuardianFileHeader header;
  GuardianKeyShare<G> key_share;
};

// Parses and checks that public_share is secret·G.
template <PrimeOrderGroup G>
Result<GuardianKeyShareFile<G>> GuardianKeyShareFromJson(const json::Value& doc) {
  ASHYQ_ASSIGN_OR_RETURN(
      GuardianKeyShareFile<G> out,
      (guardian_internal::ReadGuardianFile<G, GuardianKeyShareFile<G>>(
          doc, kGuardianKeyShareFormat, "a guardian's key share",
          [](json::ObjectReader& r, GuardianKeyShareFile<G>* f, std::vector<Error>* errors) {
            f->key_share.guardian = static_cast<uint32_t>(r.Int("guardian", 1, kMaxGuardians));
            f->key_share.secret = guardian_internal::ScalarField<G>(r, "secret", errors);
            f->key_share.public_share = guardian_internal::ElementField<G>(r, "public_share", errors);
          })));
  if (!G::Equal(G::BaseMul(out.key_share.secret), out.key_share.public_share)) {
    return CheckFailed("/public_share", "R-C3.key",
                       "the public share is not the secret's: the file is damaged");
  }
  return out;
}

}  // namespace ashyq::crypto
