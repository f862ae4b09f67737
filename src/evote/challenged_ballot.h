// A challenged (spoiled) ballot (issue 18 point 5; R-C4): a voter who doubts the device asks
// it, after it has shown the encrypted ballot's tracking code, to open the ballot instead of
// casting it. The device publishes `ashyq/challenged-ballot/1` — the encrypted ballot, the
// choices it claims it encrypted, and every encryption nonce — and anyone re-encrypts each
// choice with its nonce and compares it with the published ciphertext
// (CheckChallengedBallot). A device that encrypted anything else than what it showed is caught
// with probability 1 on each challenged ballot, and it cannot know which ballots will be.
//
// A challenged ballot is never tallied: its payload says so ("tally": "never", the only value
// the reader accepts), and a tally must leave out every encrypted ballot whose tracking code a
// challenged ballot names. It stays in its device's tracking-code chain (the chain covers every
// ballot the device encrypted), so the voter's next ballot on that device chains after it.
//
// The nonces are secret everywhere else: they appear only in this payload, never in an error,
// a log line or another file. Errors here name the place and never repeat a nonce.
// docs/formats.md "Challenged ballot" has the fields.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/json_reader.h"
#include "core/result.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "evote/encrypted_ballot.h"

namespace ashyq::evote {

inline constexpr std::string_view kChallengedBallotFormat = "ashyq/challenged-ballot/1";
inline constexpr std::string_view kChallengeRule = "R-C4.challenge";

template <crypto::PrimeOrderGroup G>
struct RevealedSelection {
  std::string id;  // empty for a placeholder
  uint64_t value = 0;
  typename G::Scalar nonce;  // wiped when destroyed
};

template <crypto::PrimeOrderGroup G>
struct RevealedContest {
  std::string id;
  std::vector<RevealedSelection<G>> selections;
  std::vector<RevealedSelection<G>> placeholders;
};

template <crypto::PrimeOrderGroup G>
struct ChallengedBallot {
  json::Value ballot_payload;  // the encrypted ballot, exactly as published
  EncryptedBallot<G> ballot;   // the same, read
  std::vector<RevealedContest<G>> contests;
};

// Opens a ballot the device encrypted with EncryptBallot(…, choices, seed): re-derives each
// encryption nonce from the seed (never stored) and pairs it with the choice. The ballot must be
// the one those choices and that seed made; CheckChallengedBallot confirms it.
template <crypto::PrimeOrderGroup G>
Result<ChallengedBallot<G>> ChallengeBallot(const EncryptedBallot<G>& ballot,
                                            const BallotChoices& choices, const NonceSeed& seed) {
  if (choices.size() != ballot.contests.size()) {
    return CheckFailed("choices", std::string(kChallengeRule),
                       "the choices do not have the ballot's contests");
  }
  ChallengedBallot<G> out;
  out.ballot = ballot;
  out.ballot_payload = EncryptedBallotToJson<G>(ballot);
  for (size_t i = 0; i < ballot.contests.size(); ++i) {
    const auto& c = ballot.contests[i];
    if (choices[i].size() != c.selections.size()) {
      return CheckFailed("choices", std::string(kChallengeRule),
                         "the choices do not have contest " + c.id + "'s selections");
    }
    RevealedContest<G> rc;
    rc.id = c.id;
    uint64_t chosen = 0;
    for (size_t j = 0; j < c.selections.size(); ++j) {
      const auto context = SelectionContext(ballot.header, c.id, c.selections[j].id);
      rc.selections.push_back(RevealedSelection<G>{
          c.selections[j].id, choices[i][j], internal::DeriveNonce<G>(seed, 'r', context)});
      chosen += choices[i][j];
    }
    const auto values = internal::PlaceholderValues(c.limit, chosen);
    for (uint32_t k = 0; k < c.placeholders.size(); ++k) {
      const auto context = PlaceholderContext(ballot.header, c.id, k);
      rc.placeholders.push_back(RevealedSelection<G>{
          "", k < values.size() ? values[k] : 0, internal::DeriveNonce<G>(seed, 'r', context)});
    }
    out.contests.push_back(std::move(rc));
  }
  return out;
}

namespace internal {

// An error of the embedded ballot, its JSON Pointer put under `pointer` ("/ballot").
inline Error UnderPointer(Error e, const std::string& pointer) {
  if (e.where.empty()) {
    e.where = pointer;
  } else {
    e.where = e.where.front() == '/' ? pointer + e.where : pointer + ": " + e.where;
  }
  return e;
}

template <crypto::PrimeOrderGroup G>
json::Value RevealedJson(const RevealedSelection<G>& s, bool placeholder) {
  json::Value v = json::Value::Object();
  if (!placeholder) v.Set("selection_id", s.id);
  v.Set("value", static_cast<int64_t>(s.value));
  v.Set("nonce", ScalarHex<G>(s.nonce));
  return v;
}

template <crypto::PrimeOrderGroup G>
RevealedSelection<G> ReadRevealed(const json::Value& item, const std::string& path,
                                  bool placeholder, std::vector<Error>* errors) {
  json::ObjectReader r(item, path, errors);
  RevealedSelection<G> s;
  if (!r.is_object()) return s;
  if (!placeholder) s.id = ReadId(r, "selection_id");
  s.value = static_cast<uint64_t>(r.Int("value", 0, 1));
  s.nonce = ReadScalarField<G>(r, "nonce", errors);
  r.RejectUnknown();
  return s;
}

}  // namespace internal

// The payload `ashyq/challenged-ballot/1` (canonical with json::Canonicalize). It holds the
// nonces: write it only where it is published.
template <crypto::PrimeOrderGroup G>
json::Value ChallengedBallotToJson(const ChallengedBallot<G>& challenged) {
  json::Value v = json::Value::Object();
  v.Set("format", kChallengedBallotFormat);
  v.Set("tally", "never");
  v.Set("ballot", challenged.ballot_payload);
  json::Value contests = json::Value::Array();
  for (const auto& c : challenged.contests) {
    json::Value cv = json::Value::Object();
    cv.Set("contest_id", c.id);
    json::Value selections = json::Value::Array();
    for (const auto& s : c.selections) selections.Push(internal::RevealedJson<G>(s, false));
    cv.Set("selections", std::move(selections));
    json::Value placeholders = json::Value::Array();
    for (const auto& s : c.placeholders) placeholders.Push(internal::RevealedJson<G>(s, true));
    cv.Set("placeholders", std::move(placeholders));
    contests.Push(std::move(cv));
  }
  v.Set("contests", std::move(contests));
  return v;
}

// The strict reader (the encrypted ballot inside with EncryptedBallotFromJson; its errors are
// under "/ballot"). It checks no proof and no nonce: CheckChallengedBallot does.
template <crypto::PrimeOrderGroup G>
Result<ChallengedBallot<G>> ChallengedBallotFromJson(const json::Value& doc) {
  std::vector<Error> errors;
  if (!json::RequireFormat(doc, kChallengedBallotFormat, "a challenged ballot", &errors)) {
    return internal::FirstError(errors, kBallotFormatRule);
  }
  json::ObjectReader r(doc, "", &errors);
  r.String("format");
  if (r.String("tally") != "never" && errors.empty()) {
    errors.push_back(CheckFailed("/tally", std::string(kChallengeRule),
                                 "a challenged ballot is never tallied: \"tally\" must be "
                                 "\"never\""));
  }
  ChallengedBallot<G> out;
  if (const json::Value* b = r.Object("ballot")) {
    auto ballot = EncryptedBallotFromJson<G>(*b);
    if (!ballot.ok()) {
      errors.push_back(internal::UnderPointer(ballot.error(), "/ballot"));
    } else {
      out.ballot = *std::move(ballot);
      out.ballot_payload = *b;
    }
  }
  out.contests = r.List<RevealedContest<G>>(
      "contests", [&](const json::Value& item, const std::string& path) {
        json::ObjectReader cr(item, path, &errors);
        RevealedContest<G> c;
        if (!cr.is_object()) return c;
        c.id = internal::ReadId(cr, "contest_id");
        c.selections = cr.List<RevealedSelection<G>>(
            "selections", [&](const json::Value& s, const std::string& p) {
              return internal::ReadRevealed<G>(s, p, false, &errors);
            });
        c.placeholders = cr.List<RevealedSelection<G>>(
            "placeholders", [&](const json::Value& s, const std::string& p) {
              return internal::ReadRevealed<G>(s, p, true, &errors);
            });
        cr.RejectUnknown();
        return c;
      });
  r.RejectUnknown();
  if (!errors.empty()) return internal::FirstError(errors, kBallotFormatRule);
  return out;
}

// Checks a challenged ballot: the encrypted ballot verifies (VerifyEncryptedBallot: style,
// tracking code, proofs); the reveal has the ballot's contests, selections and placeholders in
// order; every value is 0 or 1 and each contest's values add up to its limit (placeholders
// included) with at most `limit` real choices; and every revealed (value, nonce) encrypts to
// exactly the published ciphertext. The first failure is named by its JSON Pointer (rule
// R-C4.challenge); no error repeats a nonce.
template <crypto::PrimeOrderGroup G>
Status CheckChallengedBallot(const crypto::ElectionKey<G>& key,
                             const ChallengedBallot<G>& challenged,
                             std::span<const ContestSpec> style) {
  const std::string rule(kChallengeRule);
  {
    Status s = VerifyEncryptedBallot<G>(key, challenged.ballot, challenged.ballot_payload, style);
    if (!s.ok()) return internal::UnderPointer(s.error(), "/ballot");
  }
  const auto& ballot = challenged.ballot;
  if (challenged.contests.size() != ballot.contests.size()) {
    return CheckFailed("/contests", rule,
                       "the reveal has " + std::to_string(challenged.contests.size()) +
                           " contests, the ballot " + std::to_string(ballot.contests.size()));
  }
  for (size_t i = 0; i < ballot.contests.size(); ++i) {
    const auto& c = ballot.contests[i];
    const auto& rc = challenged.contests[i];
    const std::string path = json::PointerAppend("/contests", i);
    if (rc.id != c.id) {
      return CheckFailed(path + "/contest_id", rule,
                         "the reveal names another contest than the ballot's \"" + c.id + "\"");
    }
    if (rc.selections.size() != c.selections.size() ||
        rc.placeholders.size() != c.placeholders.size()) {
      return CheckFailed(path, rule,
                         "the reveal does not have one value and nonce for each of the "
                         "contest's selections and placeholders");
    }
    uint64_t total = 0;
    uint64_t chosen = 0;
    const auto check = [&](const RevealedSelection<G>& r, const EncryptedSelection<G>& s,
                           const std::string& where) -> Status {
      if (r.id != s.id) {
        return CheckFailed(where + "/selection_id", rule,
                           "the reveal names another selection than the ballot's \"" + s.id +
                               "\"");
      }
      if (r.value > 1) {
        return CheckFailed(where + "/value", rule, "a revealed value is 0 or 1");
      }
      auto expected = crypto::EncryptWithNonce<G>(key, r.value, r.nonce);
      if (!expected.ok() || !G::Equal(expected->alpha, s.ciphertext.alpha) ||
          !G::Equal(expected->beta, s.ciphertext.beta)) {
        return CheckFailed(where, rule,
                           "the revealed value and nonce do not encrypt to the published "
                           "ciphertext: the ballot does not hold what the reveal claims");
      }
      total += r.value;
      return Status();
    };
    for (size_t j = 0; j < c.selections.size(); ++j) {
      ASHYQ_RETURN_IF_ERROR(
          check(rc.selections[j], c.selections[j], json::PointerAppend(path + "/selections", j)));
      chosen += rc.selections[j].value;
    }
    for (size_t k = 0; k < c.placeholders.size(); ++k) {
      ASHYQ_RETURN_IF_ERROR(check(rc.placeholders[k], c.placeholders[k],
                                  json::PointerAppend(path + "/placeholders", k)));
    }
    if (chosen > c.limit || total != c.limit) {
      return CheckFailed(path, rule,
                         "the revealed values do not add up to the contest's limit of " +
                             std::to_string(c.limit));
    }
  }
  return Status();
}

// The tracking code of the encrypted ballot a challenged ballot opens, read without knowing
// the group: what a tally looks up to leave that ballot out. Refuses anything that is not a
// challenged ballot marked never to be tallied.
Result<Digest> ChallengedTrackingCode(const json::Value& payload);

// What the device showed the voter, as the reveal states it: per contest, the ids of the
// selections marked 1 (for the verifier's page, beside the voter's own memory of the screen).
template <crypto::PrimeOrderGroup G>
std::vector<std::vector<std::string>> ChoicesShown(const ChallengedBallot<G>& challenged) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : challenged.contests) {
    std::vector<std::string> ids;
    for (const auto& s : c.selections) {
      if (s.value == 1) ids.push_back(s.id);
    }
    out.push_back(std::move(ids));
  }
  return out;
}

}  // namespace ashyq::evote
