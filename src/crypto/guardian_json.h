// JSON forms of the guardians' PUBLIC outputs (crypto/guardian_key.h,
// crypto/guardian_decryption.h), for the files the later `ashyq guardian …` commands carry
// between machines and publish. Canonical JSON is json::Canonicalize of these values (RFC 8785).
// Elements and scalars are lowercase hex of their group encoding (crypto/group.h); the group is
// named so that a file of one group is never read as another's.
//
//   ashyq/guardian-commitments/1  {"format", "group", "guardians", "quorum", "guardian",
//                                  "commitments": [E(C_{i,m})…], "proofs": [{"h", "c", "z"}…]}
//   ashyq/guardian-joint-key/1    {"format", "group", "guardians", "quorum", "key",
//                                  "public_shares": [E(S_1)…E(S_n)]}
//   ashyq/decryption-share/1      {"format", "group", "guardian", "share", "proof": {"a", "b",
//                                  "c", "z"}}
//
// There is deliberately no JSON form here for anything secret (polynomials, shares sent
// between guardians, key shares): those travel encrypted to their one reader, which the CLI
// step decides. Parsing is strict: unknown fields, wrong groups, non-canonical or identity
// elements and scalars ≥ the order are errors naming their JSON Pointer.
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
#include "crypto/guardian_decryption.h"
#include "crypto/guardian_key.h"

namespace ashyq::crypto {

inline constexpr std::string_view kGuardianCommitmentsFormat = "ashyq/guardian-commitments/1";
inline constexpr std::string_view kGuardianJointKeyFormat = "ashyq/guardian-joint-key/1";
inline constexpr std::string_view kDecryptionShareFormat = "ashyq/decryption-share/1";

namespace guardian_internal {

template <PrimeOrderGroup G>
json::Value ElementJson(const typename G::Element& e) {
  return json::Value(HexEncode(G::Encode(e)));
}

template <PrimeOrderGroup G>
json::Value ScalarJson(const typename G::Scalar& s) {
  return json::Value(HexEncode(s.bytes));
}

template <PrimeOrderGroup G>
json::Value Header(std::string_view format) {
  json::Value v = json::Value::Object();
  v.Set("format", format);
  v.Set("group", G::kName);
  return v;
}

// Reads an element or scalar at r[key]; records an error and returns a default on failure.
template <PrimeOrderGroup G>
typename G::Element ReadElement(const json::Value& value, const std::string& path,
                                std::vector<Error>* errors) {
  if (!value.is_string()) {
    errors->push_back(BadInput(path, "expected a hex string (a group element)"));
    return typename G::Element();
  }
  auto bytes = HexDecode(value.as_string());
  if (!bytes.ok()) {
    errors->push_back(BadInput(path, "not hex"));
    return typename G::Element();
  }
  auto e = G::Decode(*bytes, IdentityRule::kReject);
  if (!e.ok()) {
    errors->push_back(e.error().In(path));
    return typename G::Element();
  }
  return *e;
}

template <PrimeOrderGroup G>
typename G::Scalar ReadScalar(const json::Value& value, const std::string& path,
                              std::vector<Error>* errors) {
  if (!value.is_string()) {
    errors->push_back(BadInput(path, "expected a hex string (a scalar)"));
    return typename G::Scalar();
  }
  auto bytes = HexDecode(value.as_string());
  if (!bytes.ok()) {
    errors->push_back(BadInput(path, "not hex"));
    return typename G::Scalar();
  }
  auto s = G::DecodeScalar(*bytes);
  if (!s.ok()) {
    errors->push_back(s.error().In(path));
    return typename G::Scalar();
  }
  return *s;
}

template <PrimeOrderGroup G>
typename G::Element ElementField(json::ObjectReader& r, std::string_view key,
                                 std::vector<Error>* errors) {
  const json::Value* v = r.Any(key);
  if (v == nullptr) {
    r.Fail(key, "missing");
    return typename G::Element();
  }
  return ReadElement<G>(*v, r.PathOf(key), errors);
}

template <PrimeOrderGroup G>
typename G::Scalar ScalarField(json::ObjectReader& r, std::string_view key,
                               std::vector<Error>* errors) {
  const json::Value* v = r.Any(key);
  if (v == nullptr) {
    r.Fail(key, "missing");
    return typename G::Scalar();
  }
  return ReadScalar<G>(*v, r.PathOf(key), errors);
}

// "format" and "group" are the expected ones; false (one error recorded) otherwise.
template <PrimeOrderGroup G>
bool ReadHeader(const json::Value& doc, std::string_view format, std::string_view what,
                json::ObjectReader& r, std::vector<Error>* errors) {
  if (!json::RequireFormat(doc, format, what, errors)) return false;
  r.String("format");
  const std::string group = r.String("group");
  if (group != G::kName) {
    r.Fail("group", "the file is for group \"" + group + "\", not \"" + std::string(G::kName) +
                        "\"");
    return false;
  }
  return true;
}

inline GuardianCeremony ReadCeremony(json::ObjectReader& r) {
  GuardianCeremony c;
  c.guardians = static_cast<uint32_t>(r.Int("guardians", 1, kMaxGuardians));
  c.quorum = static_cast<uint32_t>(r.Int("quorum", 1, kMaxGuardians));
  return c;
}

}  // namespace guardian_internal

template <PrimeOrderGroup G>
json::Value GuardianCommitmentsToJson(const GuardianCeremony& ceremony,
                                      const GuardianCommitments<G>& c) {
  json::Value v = guardian_internal::Header<G>(kGuardianCommitmentsFormat);
  v.Set("guardians", ceremony.guardians);
  v.Set("quorum", ceremony.quorum);
  v.Set("guardian", c.guardian);
  json::Value commitments = json::Value::Array();
  for (const auto& e : c.coefficients) commitments.Push(guardian_internal::ElementJson<G>(e));
  v.Set("commitments", std::move(commitments));
  json::Value proofs = json::Value::Array();
  for (const auto& p : c.proofs) {
    json::Value proof = json::Value::Object();
    proof.Set("h", guardian_internal::ElementJson<G>(p.h));
    proof.Set("c", guardian_internal::ScalarJson<G>(p.c));
    proof.Set("z", guardian_internal::ScalarJson<G>(p.z));
    proofs.Push(std::move(proof));
  }
  v.Set("proofs", std::move(proofs));
  return v;
}

// Parses (does not verify: VerifyGuardianCommitments does) and returns the ceremony it names.
template <PrimeOrderGroup G>
struct ParsedGuardianCommitments {
  GuardianCeremony ceremony;
  GuardianCommitments<G> commitments;
};

template <PrimeOrderGroup G>
Result<ParsedGuardianCommitments<G>> GuardianCommitmentsFromJson(const json::Value& doc) {
  std::vector<Error> errors;
  json::ObjectReader r(doc, "", &errors);
  if (!guardian_internal::ReadHeader<G>(doc, kGuardianCommitmentsFormat, "guardian commitments",
                                        r, &errors)) {
    return errors.front();
  }
  ParsedGuardianCommitments<G> out;
  out.ceremony = guardian_internal::ReadCeremony(r);
  out.commitments.guardian = static_cast<uint32_t>(r.Int("guardian", 1, kMaxGuardians));
  out.commitments.coefficients = r.List<typename G::Element>(
      "commitments", [&](const json::Value& item, const std::string& path) {
        return guardian_internal::ReadElement<G>(item, path, &errors);
      });
  out.commitments.proofs =
      r.List<SchnorrProof<G>>("proofs", [&](const json::Value& item, const std::string& path) {
        json::ObjectReader p(item, path, &errors);
        SchnorrProof<G> proof;
        proof.h = guardian_internal::ElementField<G>(p, "h", &errors);
        proof.c = guardian_internal::ScalarField<G>(p, "c", &errors);
        proof.z = guardian_internal::ScalarField<G>(p, "z", &errors);
        p.RejectUnknown();
        return proof;
      });
  r.RejectUnknown();
  if (!errors.empty()) return errors.front();
  return out;
}

template <PrimeOrderGroup G>
json::Value JointKeyToJson(const JointKey<G>& key) {
  json::Value v = guardian_internal::Header<G>(kGuardianJointKeyFormat);
  v.Set("guardians", key.ceremony.guardians);
  v.Set("quorum", key.ceremony.quorum);
  v.Set("key", guardian_internal::ElementJson<G>(key.key));
  json::Value shares = json::Value::Array();
  for (const auto& e : key.public_shares) shares.Push(guardian_internal::ElementJson<G>(e));
  v.Set("public_shares", std::move(shares));
  return v;
}

// Parses a joint key. A verifier recomputes it from the commitments (ComputeJointKey) and
// compares; this form is for those who only decrypt or encrypt.
template <PrimeOrderGroup G>
Result<JointKey<G>> JointKeyFromJson(const json::Value& doc) {
  std::vector<Error> errors;
  json::ObjectReader r(doc, "", &errors);
  if (!guardian_internal::ReadHeader<G>(doc, kGuardianJointKeyFormat, "a guardians' joint key",
                                        r, &errors)) {
    return errors.front();
  }
  JointKey<G> key;
  key.ceremony = guardian_internal::ReadCeremony(r);
  key.key = guardian_internal::ElementField<G>(r, "key", &errors);
  key.public_shares = r.List<typename G::Element>(
      "public_shares", [&](const json::Value& item, const std::string& path) {
        return guardian_internal::ReadElement<G>(item, path, &errors);
      });
  r.RejectUnknown();
  if (!errors.empty()) return errors.front();
  ASHYQ_RETURN_IF_ERROR(CheckCeremony(key.ceremony));
  if (key.public_shares.size() != key.ceremony.guardians) {
    return BadInput("/public_shares", "expected one public share per guardian (" +
                                          std::to_string(key.ceremony.guardians) + "), got " +
                                          std::to_string(key.public_shares.size()));
  }
  return key;
}

template <PrimeOrderGroup G>
json::Value DecryptionShareToJson(const DecryptionShare<G>& share) {
  json::Value v = guardian_internal::Header<G>(kDecryptionShareFormat);
  v.Set("guardian", share.guardian);
  v.Set("share", guardian_internal::ElementJson<G>(share.share));
  json::Value proof = json::Value::Object();
  proof.Set("a", guardian_internal::ElementJson<G>(share.proof.a));
  proof.Set("b", guardian_internal::ElementJson<G>(share.proof.b));
  proof.Set("c", guardian_internal::ScalarJson<G>(share.proof.c));
  proof.Set("z", guardian_internal::ScalarJson<G>(share.proof.z));
  v.Set("proof", std::move(proof));
  return v;
}

// Parses (does not verify: VerifyDecryptionShare does).
template <PrimeOrderGroup G>
Result<DecryptionShare<G>> DecryptionShareFromJson(const json::Value& doc) {
  std::vector<Error> errors;
  json::ObjectReader r(doc, "", &errors);
  if (!guardian_internal::ReadHeader<G>(doc, kDecryptionShareFormat, "a decryption share", r,
                                        &errors)) {
    return errors.front();
  }
  DecryptionShare<G> share;
  share.guardian = static_cast<uint32_t>(r.Int("guardian", 1, kMaxGuardians));
  share.share = guardian_internal::ElementField<G>(r, "share", &errors);
  if (const json::Value* p = r.Object("proof")) {
    json::ObjectReader pr(*p, r.PathOf("proof"), &errors);
    share.proof.a = guardian_internal::ElementField<G>(pr, "a", &errors);
    share.proof.b = guardian_internal::ElementField<G>(pr, "b", &errors);
    share.proof.c = guardian_internal::ScalarField<G>(pr, "c", &errors);
    share.proof.z = guardian_internal::ScalarField<G>(pr, "z", &errors);
    pr.RejectUnknown();
  }
  r.RejectUnknown();
  if (!errors.empty()) return errors.front();
  return share;
}

}  // namespace ashyq::crypto
