// The tally's files (evote/tally.h), as canonical JSON (json::Canonicalize, RFC 8785).
// Elements and scalars are lowercase hex of their group encoding (crypto/group.h), as in
// crypto/guardian_json.h; the group is named so that one group's file is never read as
// another's. docs/formats.md has every field.
//
//   ashyq/evote-encrypted-tally/1  {"format", "group", "election", "ballots",
//                                   "selections": [{"contest", "selection", "alpha", "beta"}…]}
//   ashyq/evote-tally-shares/1     one guardian's decryption of it: {"format", "group",
//                                   "election", "guardian", "shares": [{"contest", "selection",
//                                   "share", "proof": {"a", "b", "c", "z"}}…]}
//   ashyq/evote-tally/1            the result: {"format", "group", "election", "ballots",
//                                   "guardians", "quorum", "key",
//                                   "selections": [{"contest", "selection", "alpha", "beta",
//                                   "count"}…], "decryptions": [{"guardian", "shares":
//                                   [{"share", "proof"}…]}…]}
//
// Readers are strict: unknown or missing fields, the wrong group, non-canonical or identity
// elements, scalars ≥ the order are errors naming their JSON Pointer; a tally result must be
// canonical JSON byte for byte (it is published and hashed). Reading does not verify proofs:
// evote::CombineTally and evote::CheckTallyResult do.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/json_reader.h"
#include "core/result.h"
#include "crypto/guardian_json.h"
#include "evote/tally.h"

namespace ashyq::evote {

inline constexpr std::string_view kEncryptedTallyFormat = "ashyq/evote-encrypted-tally/1";
inline constexpr std::string_view kTallySharesFormat = "ashyq/evote-tally-shares/1";
inline constexpr std::string_view kTallyResultFormat = "ashyq/evote-tally/1";

// The most selections a tally file may list (far more than any ballot).
inline constexpr int64_t kMaxTallySelections = 100'000;

namespace tally_internal {

namespace gi = crypto::guardian_internal;

template <crypto::PrimeOrderGroup G>
json::Value ProofJson(const crypto::DecryptionShareProof<G>& p) {
  json::Value v = json::Value::Object();
  v.Set("a", gi::ElementJson<G>(p.a));
  v.Set("b", gi::ElementJson<G>(p.b));
  v.Set("c", gi::ScalarJson<G>(p.c));
  v.Set("z", gi::ScalarJson<G>(p.z));
  return v;
}

template <crypto::PrimeOrderGroup G>
crypto::DecryptionShareProof<G> ReadProof(json::ObjectReader& r, std::vector<Error>* errors) {
  crypto::DecryptionShareProof<G> proof;
  if (const json::Value* p = r.Object("proof")) {
    json::ObjectReader pr(*p, r.PathOf("proof"), errors);
    proof.a = gi::ElementField<G>(pr, "a", errors);
    proof.b = gi::ElementField<G>(pr, "b", errors);
    proof.c = gi::ScalarField<G>(pr, "c", errors);
    proof.z = gi::ScalarField<G>(pr, "z", errors);
    pr.RejectUnknown();
  }
  return proof;
}

template <crypto::PrimeOrderGroup G>
void SetSelection(json::Value& v, const SelectionId& id, const crypto::Ciphertext<G>& total) {
  v.Set("contest", id.contest);
  v.Set("selection", id.selection);
  v.Set("alpha", gi::ElementJson<G>(total.alpha));
  v.Set("beta", gi::ElementJson<G>(total.beta));
}

template <crypto::PrimeOrderGroup G>
void ReadSelection(json::ObjectReader& r, EncryptedTally<G>* tally, std::vector<Error>* errors) {
  SelectionId id;
  id.contest = r.NonEmptyString("contest");
  id.selection = r.NonEmptyString("selection");
  crypto::Ciphertext<G> total;
  total.alpha = gi::ElementField<G>(r, "alpha", errors);
  total.beta = gi::ElementField<G>(r, "beta", errors);
  tally->selections.push_back(std::move(id));
  tally->totals.push_back(std::move(total));
}

// The array `key` (read next with List) is not absurdly long.
inline bool SelectionCountOk(json::ObjectReader& r, std::string_view key = "selections") {
  const json::Value* v = r.Any(key);
  if (v != nullptr && v->is_array() &&
      static_cast<int64_t>(v->items().size()) > kMaxTallySelections) {
    r.Fail(key, "more than " + std::to_string(kMaxTallySelections) + " selections");
    return false;
  }
  return true;
}

}  // namespace tally_internal

template <crypto::PrimeOrderGroup G>
json::Value EncryptedTallyToJson(const EncryptedTally<G>& tally) {
  json::Value v = crypto::guardian_internal::Header<G>(kEncryptedTallyFormat);
  v.Set("election", tally.election);
  v.Set("ballots", static_cast<int64_t>(tally.ballots));
  json::Value selections = json::Value::Array();
  for (size_t k = 0; k < tally.totals.size(); ++k) {
    json::Value s = json::Value::Object();
    tally_internal::SetSelection<G>(s, tally.selections[k], tally.totals[k]);
    selections.Push(std::move(s));
  }
  v.Set("selections", std::move(selections));
  return v;
}

// Parses and checks the form (CheckEncryptedTally).
template <crypto::PrimeOrderGroup G>
Result<EncryptedTally<G>> EncryptedTallyFromJson(const json::Value& doc) {
  std::vector<Error> errors;
  json::ObjectReader r(doc, "", &errors);
  if (!crypto::guardian_internal::ReadHeader<G>(doc, kEncryptedTallyFormat, "an encrypted tally",
                                                r, &errors)) {
    return errors.front();
  }
  EncryptedTally<G> tally;
  tally.election = r.NonEmptyString("election");
  tally.ballots = static_cast<uint64_t>(r.Int("ballots", 1, crypto::kMaxDiscreteLogBound));
  if (tally_internal::SelectionCountOk(r)) {
    r.List<int>("selections", [&](const json::Value& item, const std::string& path) {
      json::ObjectReader s(item, path, &errors);
      tally_internal::ReadSelection<G>(s, &tally, &errors);
      s.RejectUnknown();
      return 0;
    });
  }
  r.RejectUnknown();
  if (!errors.empty()) return errors.front();
  ASHYQ_RETURN_IF_ERROR(CheckEncryptedTally<G>(tally));
  return tally;
}

template <crypto::PrimeOrderGroup G>
json::Value TallySharesToJson(const EncryptedTally<G>& tally, const GuardianTallyShares<G>& g) {
  namespace gi = crypto::guardian_internal;
  json::Value v = gi::Header<G>(kTallySharesFormat);
  v.Set("election", tally.election);
  v.Set("guardian", g.guardian);
  json::Value shares = json::Value::Array();
  for (size_t k = 0; k < g.shares.size(); ++k) {
    json::Value s = json::Value::Object();
    s.Set("contest", tally.selections[k].contest);
    s.Set("selection", tally.selections[k].selection);
    s.Set("share", gi::ElementJson<G>(g.shares[k].share));
    s.Set("proof", tally_internal::ProofJson<G>(g.shares[k].proof));
    shares.Push(std::move(s));
  }
  v.Set("shares", std::move(shares));
  return v;
}

// Parses one guardian's shares of `tally`: the election and the selections, in order, must be
// the tally's (the proofs are checked later, by CombineTally).
template <crypto::PrimeOrderGroup G>
Result<GuardianTallyShares<G>> TallySharesFromJson(const json::Value& doc,
                                                   const EncryptedTally<G>& tally) {
  namespace gi = crypto::guardian_internal;
  std::vector<Error> errors;
  json::ObjectReader r(doc, "", &errors);
  if (!gi::ReadHeader<G>(doc, kTallySharesFormat, "a guardian's decryption of a tally", r,
                         &errors)) {
    return errors.front();
  }
  GuardianTallyShares<G> out;
  const std::string election = r.NonEmptyString("election");
  out.guardian = static_cast<uint32_t>(r.Int("guardian", 1, crypto::kMaxGuardians));
  if (errors.empty() && election != tally.election) {
    r.Fail("election", "the shares are for election \"" + election + "\", the tally is \"" +
                           tally.election + "\"");
  }
  size_t k = 0;
  if (tally_internal::SelectionCountOk(r, "shares")) {
    r.List<int>("shares", [&](const json::Value& item, const std::string& path) {
      json::ObjectReader s(item, path, &errors);
      const std::string contest = s.NonEmptyString("contest");
      const std::string selection = s.NonEmptyString("selection");
      if (k >= tally.selections.size() || tally.selections[k].contest != contest ||
          tally.selections[k].selection != selection) {
        s.Fail("selection", "\"" + contest + "/" + selection + "\" is not the tally's selection " +
                                std::to_string(k));
      }
      crypto::DecryptionShare<G> share;
      share.guardian = out.guardian;
      share.share = gi::ElementField<G>(s, "share", &errors);
      share.proof = tally_internal::ReadProof<G>(s, &errors);
      s.RejectUnknown();
      out.shares.push_back(std::move(share));
      ++k;
      return 0;
    });
  }
  r.RejectUnknown();
  if (!errors.empty()) return errors.front();
  if (out.shares.size() != tally.selections.size()) {
    return BadInput("/shares", std::to_string(out.shares.size()) + " shares for a tally of " +
                                   std::to_string(tally.selections.size()) + " selections");
  }
  return out;
}

template <crypto::PrimeOrderGroup G>
json::Value TallyResultToJson(const TallyResult<G>& result) {
  namespace gi = crypto::guardian_internal;
  const auto& tally = result.tally;
  json::Value v = gi::Header<G>(kTallyResultFormat);
  v.Set("election", tally.election);
  v.Set("ballots", static_cast<int64_t>(tally.ballots));
  v.Set("guardians", result.ceremony.guardians);
  v.Set("quorum", result.ceremony.quorum);
  v.Set("key", gi::ElementJson<G>(result.key));
  json::Value selections = json::Value::Array();
  for (size_t k = 0; k < tally.totals.size(); ++k) {
    json::Value s = json::Value::Object();
    tally_internal::SetSelection<G>(s, tally.selections[k], tally.totals[k]);
    s.Set("count", static_cast<int64_t>(result.counts[k]));
    selections.Push(std::move(s));
  }
  v.Set("selections", std::move(selections));
  json::Value decryptions = json::Value::Array();
  for (const auto& g : result.decryptions) {
    json::Value d = json::Value::Object();
    d.Set("guardian", g.guardian);
    json::Value shares = json::Value::Array();
    for (const auto& share : g.shares) {
      json::Value s = json::Value::Object();
      s.Set("share", gi::ElementJson<G>(share.share));
      s.Set("proof", tally_internal::ProofJson<G>(share.proof));
      shares.Push(std::move(s));
    }
    d.Set("shares", std::move(shares));
    decryptions.Push(std::move(d));
  }
  v.Set("decryptions", std::move(decryptions));
  return v;
}

// The canonical text of a tally result (what is published).
template <crypto::PrimeOrderGroup G>
std::string TallyResultText(const TallyResult<G>& result) {
  return json::Canonicalize(TallyResultToJson<G>(result));
}

// Reads a tally result already parsed (the payload of a signed object, whose digest is over its
// canonical form): every field, nothing else. Proofs and counts are checked by CheckTallyResult.
template <crypto::PrimeOrderGroup G>
Result<TallyResult<G>> TallyResultFromJson(const json::Value& doc) {
  namespace gi = crypto::guardian_internal;
  std::vector<Error> errors;
  json::ObjectReader r(doc, "", &errors);
  if (!gi::ReadHeader<G>(doc, kTallyResultFormat, "a tally result", r, &errors)) {
    return errors.front();
  }
  TallyResult<G> out;
  out.tally.election = r.NonEmptyString("election");
  out.tally.ballots = static_cast<uint64_t>(r.Int("ballots", 1, crypto::kMaxDiscreteLogBound));
  out.ceremony = gi::ReadCeremony(r);
  out.key = gi::ElementField<G>(r, "key", &errors);
  if (tally_internal::SelectionCountOk(r)) {
    r.List<int>("selections", [&](const json::Value& item, const std::string& path) {
      json::ObjectReader s(item, path, &errors);
      tally_internal::ReadSelection<G>(s, &out.tally, &errors);
      out.counts.push_back(static_cast<uint64_t>(s.Int("count", 0, crypto::kMaxDiscreteLogBound)));
      s.RejectUnknown();
      return 0;
    });
  }
  const json::Value* decryptions = r.Any("decryptions");
  if (decryptions != nullptr && decryptions->is_array() &&
      decryptions->items().size() > crypto::kMaxGuardians) {
    r.Fail("decryptions", "more decryptions than guardians can be");
  } else {
    out.decryptions = r.List<GuardianTallyShares<G>>(
        "decryptions", [&](const json::Value& item, const std::string& path) {
          json::ObjectReader d(item, path, &errors);
          GuardianTallyShares<G> g;
          g.guardian = static_cast<uint32_t>(d.Int("guardian", 1, crypto::kMaxGuardians));
          const json::Value* shares = d.Any("shares");
          if (shares != nullptr && shares->is_array() &&
              shares->items().size() > out.tally.selections.size()) {
            d.Fail("shares", "more shares than selections");
            return g;
          }
          g.shares = d.List<crypto::DecryptionShare<G>>(
              "shares", [&](const json::Value& share_item, const std::string& share_path) {
                json::ObjectReader s(share_item, share_path, &errors);
                crypto::DecryptionShare<G> share;
                share.guardian = g.guardian;
                share.share = gi::ElementField<G>(s, "share", &errors);
                share.proof = tally_internal::ReadProof<G>(s, &errors);
                s.RejectUnknown();
                return share;
              });
          d.RejectUnknown();
          return g;
        });
  }
  r.RejectUnknown();
  if (!errors.empty()) return errors.front();
  ASHYQ_RETURN_IF_ERROR(CheckEncryptedTally<G>(out.tally));
  ASHYQ_RETURN_IF_ERROR(crypto::CheckCeremony(out.ceremony));
  return out;
}

// Parses a tally result file: canonical JSON (RFC 8785) byte for byte, then TallyResultFromJson.
template <crypto::PrimeOrderGroup G>
Result<TallyResult<G>> ParseTallyResult(std::string_view text) {
  if (!json::IsCanonical(text)) {
    return BadInput("", "a tally result must be canonical JSON (RFC 8785), byte for byte");
  }
  ASHYQ_ASSIGN_OR_RETURN(json::Value doc, json::Parse(text));
  return TallyResultFromJson<G>(doc);
}

}  // namespace ashyq::evote
