// The public homomorphic tally of the electronic ballots (issue 18 point 4): the ciphertexts of
// every cast ballot summed per (contest, selection), the totals decrypted by any k of the n
// guardians with proofs (crypto/guardian_decryption.h), each count found by baby-step
// giant-step (crypto/discrete_log.h), and the result as one canonical file that anyone checks
// (CheckTallyResult, which the verifier calls). Formats: evote/tally_json.h, docs/formats.md.
//
// The input is deliberately minimal — per ballot, a list of (contest id, selection id,
// ciphertext) — so that any ballot format can feed it: the encrypted ballots (with their
// proofs, checked before they are cast) reduce to this by dropping everything else.
//
//   AccumulateTally     Σ ciphertexts per selection, on several threads: the ballots are
//                       split into one contiguous chunk per thread, each thread sums its chunk
//                       and the partial sums are added in chunk order. Group addition is
//                       exact, so the totals are the same for any number of threads.
//   DecryptTallyShare   one guardian's decryption share of every total, with proofs (run on
//                       that guardian's machine with its key share)
//   CombineTally        k or more guardians' shares → the counts: every share proof is
//                       checked, a bad one's error names its guardian and the selection
//   CheckTallyResult    what a verifier checks of a published result: every share proof, at
//                       least k distinct guardians, and each count's count·G equal to the
//                       combination (no discrete-log search needed to check)
//
// Every proof's context (Fiat–Shamir, crypto/guardian_key.h) is ElectionContext(election id):
// the same bytes bind the key ceremony and the decryption to one election.
//
// Rule ids: R-C4.tally (the ballots and totals), R-C4.quorum and R-C4.decryption-share
// (crypto/guardian_decryption.h), R-C4.decrypt (a count out of range). No error holds a
// secret: key shares stay inside crypto::ComputeDecryptionShare.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"
#include "crypto/discrete_log.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/guardian_decryption.h"
#include "crypto/guardian_key.h"

namespace ashyq::evote {

// A selection of the election: a choice of a contest (ids as in the election definition).
struct SelectionId {
  std::string contest;
  std::string selection;
  friend bool operator==(const SelectionId&, const SelectionId&) = default;
};

// One ballot's encryption of one selection (0 or 1, proven so on the ballot).
template <crypto::PrimeOrderGroup G>
struct SelectionCiphertext {
  std::string contest;
  std::string selection;
  crypto::Ciphertext<G> ciphertext;
};

// What the tally takes of a cast ballot. A ballot need not hold every selection of the
// election (a ballot style may omit contests) but holds each at most once.
template <crypto::PrimeOrderGroup G>
struct TallyBallot {
  std::vector<SelectionCiphertext<G>> selections;
};

// The encrypted totals: totals[k] encrypts the number of ballots that chose selections[k].
template <crypto::PrimeOrderGroup G>
struct EncryptedTally {
  std::string election;  // the election id: ElectionContext(election) is every proof's context
  uint64_t ballots = 0;  // ballots summed
  std::vector<SelectionId> selections;
  std::vector<crypto::Ciphertext<G>> totals;
};

// One guardian's decryption shares of a tally: shares[k] is of totals[k].
template <crypto::PrimeOrderGroup G>
struct GuardianTallyShares {
  uint32_t guardian = 0;
  std::vector<crypto::DecryptionShare<G>> shares;
};

// The decrypted tally: what `ashyq/evote-tally/1` holds.
template <crypto::PrimeOrderGroup G>
struct TallyResult {
  EncryptedTally<G> tally;
  crypto::GuardianCeremony ceremony;
  typename G::Element key;                          // the joint election key
  std::vector<GuardianTallyShares<G>> decryptions;  // by guardian index, ascending
  std::vector<uint64_t> counts;                     // counts[k] for selections[k]
};

// The Fiat–Shamir context of an election's ceremony and decryption: its id's bytes.
std::vector<uint8_t> ElectionContext(std::string_view election);

// The election's selections are non-empty ids, each (contest, selection) once.
Status CheckSelections(std::span<const SelectionId> selections);

// [begin, end) of chunk `chunk` of `count` items split into `chunks` near-equal parts.
std::pair<size_t, size_t> ChunkRange(size_t count, size_t chunks, size_t chunk);

// The number of threads for `work` items: `threads`, or one per core when 0 (fewer for small
// work), never more than the items.
unsigned TallyThreads(unsigned threads, size_t work);

namespace tally_internal {

// Maps a ballot's selections to the election's: by position first (a ballot lists them in
// the definition's order, so that is almost always a hit), by search otherwise.
class SelectionIndex {
 public:
  explicit SelectionIndex(std::span<const SelectionId> selections) : selections_(selections) {}
  // The index of (contest, selection), or size() when it is no selection of the election.
  size_t Find(size_t position, std::string_view contest, std::string_view selection) const {
    auto is = [&](size_t k) {
      return selections_[k].selection == selection && selections_[k].contest == contest;
    };
    if (position < selections_.size() && is(position)) return position;
    for (size_t k = 0; k < selections_.size(); ++k) {
      if (is(k)) return k;
    }
    return selections_.size();
  }
  size_t size() const { return selections_.size(); }

 private:
  std::span<const SelectionId> selections_;
};

inline std::string BallotWhere(size_t ballot, size_t position) {
  return "ballots/" + std::to_string(ballot) + "/selections/" + std::to_string(position);
}

inline std::string SelectionName(const SelectionId& s) { return s.contest + "/" + s.selection; }

// Sums ballots[begin, end) into `sums`; the first problem goes to `error` (and stops).
template <crypto::PrimeOrderGroup G>
void SumChunk(const SelectionIndex& index, std::span<const TallyBallot<G>> ballots, size_t begin,
              size_t end, std::vector<crypto::Ciphertext<G>>* sums, std::optional<Error>* error) {
  sums->assign(index.size(), crypto::Ciphertext<G>{});
  // seen[k] == b + 1 when ballot b already gave selection k: no clearing between ballots.
  std::vector<size_t> seen(index.size(), 0);
  for (size_t b = begin; b < end; ++b) {
    const auto& selections = ballots[b].selections;
    for (size_t p = 0; p < selections.size(); ++p) {
      const auto& s = selections[p];
      const size_t k = index.Find(p, s.contest, s.selection);
      if (k == index.size()) {
        *error = CheckFailed(BallotWhere(b, p), "R-C4.tally",
                             "\"" + s.contest + "/" + s.selection +
                                 "\" is no selection of the election");
        return;
      }
      if (seen[k] == b + 1) {
        *error = CheckFailed(BallotWhere(b, p), "R-C4.tally",
                             "the ballot holds \"" + s.contest + "/" + s.selection + "\" twice");
        return;
      }
      seen[k] = b + 1;
      (*sums)[k] = crypto::AddCiphertexts<G>((*sums)[k], s.ciphertext);
    }
  }
}

}  // namespace tally_internal

// Σ of every ballot's ciphertexts per selection, on `threads` threads (0: one per core). An
// unknown or repeated selection is an error naming the ballot (the one with the lowest index,
// whatever the threads), as is a selection no ballot holds (its total would be a zero-nonce
// "encryption" that decryption refuses) and an empty list of ballots.
template <crypto::PrimeOrderGroup G>
Result<EncryptedTally<G>> AccumulateTally(std::string_view election,
                                          std::span<const SelectionId> selections,
                                          std::span<const TallyBallot<G>> ballots,
                                          unsigned threads = 0) {
  ASHYQ_RETURN_IF_ERROR(CheckSelections(selections));
  if (election.empty()) return BadInput("election", "the election id is empty");
  if (ballots.empty()) {
    return CheckFailed("ballots", "R-C4.tally", "there are no ballots to tally");
  }
  const tally_internal::SelectionIndex index(selections);
  const unsigned n = TallyThreads(threads, ballots.size());
  std::vector<std::vector<crypto::Ciphertext<G>>> partial(n);
  std::vector<std::optional<Error>> errors(n);
  auto run = [&](unsigned t) {
    const auto [begin, end] = ChunkRange(ballots.size(), n, t);
    tally_internal::SumChunk<G>(index, ballots, begin, end, &partial[t], &errors[t]);
  };
  if (n == 1) {
    run(0);
  } else {
    std::vector<std::thread> workers;
    workers.reserve(n - 1);
    for (unsigned t = 1; t < n; ++t) workers.emplace_back(run, t);
    run(0);
    for (auto& w : workers) w.join();
  }
  for (const auto& e : errors) {
    if (e) return *e;  // chunks are in ballot order: the first error is the lowest ballot's
  }
  EncryptedTally<G> out;
  out.election = std::string(election);
  out.ballots = ballots.size();
  out.selections.assign(selections.begin(), selections.end());
  out.totals = std::move(partial[0]);
  for (unsigned t = 1; t < n; ++t) {
    for (size_t k = 0; k < out.totals.size(); ++k) {
      out.totals[k] = crypto::AddCiphertexts<G>(out.totals[k], partial[t][k]);
    }
  }
  for (size_t k = 0; k < out.totals.size(); ++k) {
    if (G::IsIdentity(out.totals[k].alpha)) {
      return CheckFailed("totals/" + std::to_string(k), "R-C4.tally",
                         "no ballot holds \"" + tally_internal::SelectionName(selections[k]) +
                             "\": its total cannot be decrypted with a proof");
    }
  }
  return out;
}

// An encrypted tally read from a file is well formed: selections valid, one total each, a
// ballot count, no identity α.
template <crypto::PrimeOrderGroup G>
Status CheckEncryptedTally(const EncryptedTally<G>& tally) {
  ASHYQ_RETURN_IF_ERROR(CheckSelections(tally.selections));
  if (tally.election.empty()) return BadInput("election", "the election id is empty");
  if (tally.totals.size() != tally.selections.size()) {
    return CheckFailed("totals", "R-C4.tally",
                       std::to_string(tally.totals.size()) + " totals for " +
                           std::to_string(tally.selections.size()) + " selections");
  }
  if (tally.ballots == 0) return CheckFailed("ballots", "R-C4.tally", "a tally of no ballots");
  for (size_t k = 0; k < tally.totals.size(); ++k) {
    if (G::IsIdentity(tally.totals[k].alpha)) {
      return CheckFailed("totals/" + std::to_string(k), "R-C4.tally",
                         "the total's alpha is the identity");
    }
  }
  return Status();
}

// Guardian key_share.guardian's decryption share of every total, with its proofs. Refuses a
// key share that does not match the joint key (crypto::ComputeDecryptionShare).
template <crypto::PrimeOrderGroup G>
Result<GuardianTallyShares<G>> DecryptTallyShare(
    const crypto::JointKey<G>& joint_key, const crypto::GuardianKeyShare<G>& key_share,
    const EncryptedTally<G>& tally,
    const crypto::ScalarSource<G>& source = crypto::SystemScalarSource<G>()) {
  ASHYQ_RETURN_IF_ERROR(CheckEncryptedTally<G>(tally));
  const auto context = ElectionContext(tally.election);
  GuardianTallyShares<G> out;
  out.guardian = key_share.guardian;
  out.shares.reserve(tally.totals.size());
  for (const auto& total : tally.totals) {
    ASHYQ_ASSIGN_OR_RETURN(auto share, crypto::ComputeDecryptionShare<G>(joint_key, key_share,
                                                                          total, context, source));
    out.shares.push_back(std::move(share));
  }
  return out;
}

namespace tally_internal {

// The guardians' shares are for this tally (one per total), each guardian once, at least k of
// them; returns them sorted by guardian.
template <crypto::PrimeOrderGroup G>
Result<std::vector<const GuardianTallyShares<G>*>> CheckGuardianSet(
    const crypto::JointKey<G>& joint_key, const EncryptedTally<G>& tally,
    std::span<const GuardianTallyShares<G>> guardians) {
  const auto& ceremony = joint_key.ceremony;
  std::vector<const GuardianTallyShares<G>*> sorted;
  for (const auto& g : guardians) {
    const std::string where = crypto::GuardianWhere(g.guardian) + "/decryption-share";
    ASHYQ_RETURN_IF_ERROR(crypto::CheckGuardianIndex(ceremony, g.guardian, where));
    for (const auto* other : sorted) {
      if (other->guardian == g.guardian) {
        return CheckFailed(where, "R-C4.quorum",
                           "guardian " + std::to_string(g.guardian) +
                               "'s decryption shares appear twice");
      }
    }
    if (g.shares.size() != tally.totals.size()) {
      return CheckFailed(where, "R-C4.decryption-share",
                         "guardian " + std::to_string(g.guardian) + " gave " +
                             std::to_string(g.shares.size()) + " decryption shares for " +
                             std::to_string(tally.totals.size()) + " totals");
    }
    for (const auto& s : g.shares) {
      if (s.guardian != g.guardian) {
        return CheckFailed(where, "R-C4.decryption-share",
                           "a share inside guardian " + std::to_string(g.guardian) +
                               "'s decryption says it is guardian " + std::to_string(s.guardian) +
                               "'s");
      }
    }
    sorted.push_back(&g);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->guardian < b->guardian; });
  if (sorted.size() < ceremony.quorum) {
    std::string present;
    for (const auto* g : sorted) present += (present.empty() ? "" : ", ") + std::to_string(g->guardian);
    return CheckFailed("decryption_shares", "R-C4.quorum",
                       "decrypting the tally needs the shares of " + std::to_string(ceremony.quorum) +
                           " of the " + std::to_string(ceremony.guardians) + " guardians; " +
                           std::to_string(sorted.size()) + " given" +
                           (present.empty() ? "" : " (guardians " + present + ")"));
  }
  return sorted;
}

template <crypto::PrimeOrderGroup G>
std::vector<crypto::DecryptionShare<G>> SharesOf(
    std::span<const GuardianTallyShares<G>* const> guardians, size_t k) {
  std::vector<crypto::DecryptionShare<G>> out;
  out.reserve(guardians.size());
  for (const auto* g : guardians) out.push_back(g->shares[k]);
  return out;
}

}  // namespace tally_internal

// The counts from k or more guardians' shares (every proof checked: an error names the
// guardian and the selection), each found in `table` and at most the number of ballots.
template <crypto::PrimeOrderGroup G>
Result<TallyResult<G>> CombineTally(const crypto::JointKey<G>& joint_key,
                                    const EncryptedTally<G>& tally,
                                    std::span<const GuardianTallyShares<G>> guardians,
                                    const crypto::DiscreteLogTable<G>& table) {
  ASHYQ_RETURN_IF_ERROR(CheckEncryptedTally<G>(tally));
  ASHYQ_ASSIGN_OR_RETURN(auto sorted,
                         tally_internal::CheckGuardianSet<G>(joint_key, tally, guardians));
  const auto context = ElectionContext(tally.election);
  TallyResult<G> out;
  out.tally = tally;
  out.ceremony = joint_key.ceremony;
  out.key = joint_key.key;
  out.counts.reserve(tally.totals.size());
  for (size_t k = 0; k < tally.totals.size(); ++k) {
    const std::string at = "selections/" + std::to_string(k) + " (" +
                           tally_internal::SelectionName(tally.selections[k]) + ")";
    const auto shares = tally_internal::SharesOf<G>(sorted, k);
    auto element = crypto::CombineDecryptionShares<G>(
        joint_key, tally.totals[k], std::span<const crypto::DecryptionShare<G>>(shares), context);
    if (!element.ok()) return element.error().In(at);
    auto count = table.Solve(*element);
    if (!count.ok()) return count.error().In(at);
    if (*count > tally.ballots) {
      return CheckFailed(at, "R-C4.decrypt",
                         "the total decrypts to " + std::to_string(*count) + ", more than the " +
                             std::to_string(tally.ballots) + " ballots");
    }
    out.counts.push_back(*count);
  }
  for (const auto* g : sorted) out.decryptions.push_back(*g);
  return out;
}

// What a verifier checks of a published result against the joint key (which it recomputes
// from the ceremony's commitments): the same key and ceremony, at least k distinct guardians,
// every share proof, and count·G == β − Σ λ_i·M_i for every selection. The totals themselves
// are checked against the ballots by whoever holds them (AccumulateTally and compare).
template <crypto::PrimeOrderGroup G>
Status CheckTallyResult(const crypto::JointKey<G>& joint_key, const TallyResult<G>& result) {
  constexpr const char* kRule = "R-C4.tally";
  if (!G::Equal(result.key, joint_key.key)) {
    return CheckFailed("key", kRule, "the tally was decrypted under another election key");
  }
  if (result.ceremony.guardians != joint_key.ceremony.guardians ||
      result.ceremony.quorum != joint_key.ceremony.quorum) {
    return CheckFailed("quorum", kRule, "the tally names another ceremony (guardians, quorum)");
  }
  ASHYQ_RETURN_IF_ERROR(CheckEncryptedTally<G>(result.tally));
  const auto& tally = result.tally;
  if (result.counts.size() != tally.totals.size()) {
    return CheckFailed("counts", kRule, "not one count per selection");
  }
  ASHYQ_ASSIGN_OR_RETURN(auto sorted, tally_internal::CheckGuardianSet<G>(
                                          joint_key, tally,
                                          std::span<const GuardianTallyShares<G>>(result.decryptions)));
  const auto context = ElectionContext(tally.election);
  for (size_t k = 0; k < tally.totals.size(); ++k) {
    const std::string at = "selections/" + std::to_string(k) + " (" +
                           tally_internal::SelectionName(tally.selections[k]) + ")";
    const auto shares = tally_internal::SharesOf<G>(sorted, k);
    auto element = crypto::CombineDecryptionShares<G>(
        joint_key, tally.totals[k], std::span<const crypto::DecryptionShare<G>>(shares), context);
    if (!element.ok()) return element.error().In(at);
    if (result.counts[k] > tally.ballots) {
      return CheckFailed(at, "R-C4.decrypt",
                         "the count " + std::to_string(result.counts[k]) + " is more than the " +
                             std::to_string(tally.ballots) + " ballots");
    }
    if (!G::Equal(G::BaseMul(G::ScalarFromUint64(result.counts[k])), *element)) {
      return CheckFailed(at, "R-C4.decrypt",
                         "the count " + std::to_string(result.counts[k]) +
                             " is not what the guardians' shares decrypt the total to");
    }
  }
  return Status();
}

}  // namespace ashyq::evote
