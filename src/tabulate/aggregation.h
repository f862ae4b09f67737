// Tier-by-tier tabulation (R-E1): a TEC totals the precinct protocols of its stations, an REC
// the protocols of its TECs, the CEC those of its RECs (or, in a 3-tier tree, of its TECs).
//
// Pure functions of signed protocols: no I/O, no store, no clock. The same inputs give the same
// tier protocols byte for byte, so anyone holding the published precinct protocols can redo the
// tabulation and compare digests.
//
//   std::vector<CountedPrecinct> latest = ...;  // one verified protocol per reported station
//   ASHYQ_ASSIGN_OR_RETURN(NationalTabulation t, Tabulate(tree, definition_digest, latest));
//   const ContestTotals& majilis = t.cec().protocol.contests[0];
//
// The inputs are trusted to be what protocol_signing.h verified (reconciled, signed) and, for
// AggregateCommission, what CheckTierProtocol accepted; what would make a total wrong or
// ambiguous is still refused, with kCheckFailed and one of the rules:
//   R-E1.definition  a protocol of another election or definition digest
//   R-E1.coverage    a station that is unknown, not beneath the commission, or given twice; a
//                    child that is not a child of the commission, or given twice
//   R-E1.contests    a protocol lacks a contest the commission totals, or its votes do not list
//                    the contest's choices in ballot order
//   R-E1.shape       the commission is not a TEC (AggregateTec) or not an REC/CEC
//                    (AggregateCommission), or the tree does not have the shape R-A1 describes
// and kTooLarge when a total would exceed 2^53 - 1 (a JSON integer). An error's `where` is
// "/precincts/<i>" or "/children/<i>" (the index in the input) when an input as a whole is
// refused, "<station or commission id>:<JSON Pointer>" when something inside it is, and
// "/contests/<k>/<figure>" (in the protocol being built) for a total out of range.
// Missing stations or children are not errors: their precincts count as expected, not counted.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/commission_tree.h"
#include "core/hash.h"
#include "core/result.h"
#include "protocol/precinct_protocol.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::tabulate {

// A precinct protocol to total, with the digest of the signed object that carries it.
struct CountedPrecinct {
  const protocol::PrecinctProtocol* protocol = nullptr;  // not owned
  std::string digest;                                    // 64 lowercase hex digits
};

// Whether `commission` totals `contest`: the contest's scope is the commission or above it.
bool TotalsContest(const CommissionTree& tree, size_t commission, const Contest& contest);

// The protocol of TEC `tec` (an index into the definition's commissions) from the precinct
// protocols of its stations, given in any order. `definition_digest` is the hex digest of the
// signed definition the precinct protocols count under.
Result<TierProtocol> AggregateTec(const CommissionTree& tree, std::string_view definition_digest,
                                  size_t tec, std::span<const CountedPrecinct> precincts);

// The protocol of REC or CEC `commission` from the tier protocols of its children, given in
// any order. Children are not re-checked: their totals and precinct lists are taken as they are.
Result<TierProtocol> AggregateCommission(const CommissionTree& tree,
                                         std::string_view definition_digest, size_t commission,
                                         std::span<const TierProtocol> children);

struct TabulatedTier {
  size_t commission = 0;  // index into the definition's commissions
  TierProtocol protocol;
  Digest digest;  // TierProtocolDigest(protocol)
};

struct NationalTabulation {
  // Bottom-up: every TEC, then every REC, then the CEC; each tier in the depth-first order of
  // the commission tree. Children always come before their parent.
  std::vector<TabulatedTier> tiers;
  // Position in `tiers` of each commission's protocol (by commission index); kNotTabulated for
  // PECs.
  static constexpr size_t kNotTabulated = static_cast<size_t>(-1);
  std::vector<size_t> position;

  const TabulatedTier& cec() const { return tiers.back(); }
  // nullptr for a PEC or an index out of range.
  const TabulatedTier* Find(size_t commission) const {
    if (commission >= position.size() || position[commission] == kNotTabulated) return nullptr;
    return &tiers[position[commission]];
  }
};

// The whole tabulation, bottom-up over the tree, from the latest protocol of each station that
// has reported (any order; at most one per station). Every TEC, REC and the CEC gets a
// protocol, even if none of its stations has reported yet. O(stations + commissions + size of
// the protocols). The 2007 national election (9,727 precincts, 222 tier protocols, all
// digests) takes about 65 ms of CPU on a busy 2-core machine (bench/tabulate_bench.cc).
Result<NationalTabulation> Tabulate(const CommissionTree& tree, std::string_view definition_digest,
                                    std::span<const CountedPrecinct> latest);

}  // namespace ashyq::tabulate
