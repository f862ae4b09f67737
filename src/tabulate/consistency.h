// What a verifier checks on a published tier protocol (R-E1, R-E4): that every total is the
// sum of what it references, that it references every precinct beneath the commission and
// nothing else, that what it references is published, and that the totals are possible.
//
// CheckTierProtocol returns every violation at once, each Error{kCheckFailed, where = JSON
// Pointer into the tier protocol, rule, message with the commission, contest and figures}:
//
//   R-E1.definition    election id or definition digest differs from the definition's, or a
//                      referenced protocol counts under another
//   R-E1.shape         the commission is unknown or its tier differs from the definition's; a
//                      TEC protocol with children, an REC/CEC protocol embedding figures
//   R-E1.contests      the contests totalled are not exactly those whose scope is the
//                      commission or above it, in definition order; votes not listing the
//                      contest's choices in ballot order
//   R-E1.coverage      a precinct or child that is unknown, not beneath the commission, listed
//                      twice or out of the definition's order; precincts_expected not the number
//                      of stations beneath; precincts_counted not the number listed; an REC/CEC
//                      precinct list other than the concatenation of its children's lists
//   R-E1.sum           a total that is not the sum of the figures it references ("TEC
//                      tec-north-01, majilis: Nur Otan (list-nur-otan) 1,380 ≠ 1,480, the sum
//                      of its 2 precincts")
//   R-E1.figures       a TEC's embedded figures differ from the signed precinct protocol, or
//                      are missing
//   R-E1.reference     a referenced digest is not in the published record, or names a protocol
//                      of another station, version or commission
//   R-E1.latest        a precinct protocol is totalled although a later version is published
//   R-E4.valid-le-participants       valid votes > voters who took part (2007: by >200,000)
//   R-E4.participants-le-registered  voters who took part > registered voters
//
// Checks needing the referenced protocols run only when `published` is given; without it,
// what the protocol holds is still checked (a TEC's totals against its embedded figures,
// coverage against the tree, R-E4). One tier protocol at a time: a verifier checks every
// published one. O(size of the protocol and of what it references); thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/commission_tree.h"
#include "core/result.h"
#include "protocol/precinct_protocol.h"
#include "tabulate/tier_protocol.h"

namespace ashyq::tabulate {

// The protocols a verifier has read from the published record, indexed by the digest (hex)
// of the signed object that carries each. Does not own them: they must outlive the index.
class PublishedProtocols {
 public:
  void AddPrecinct(std::string digest, const protocol::PrecinctProtocol* protocol);
  void AddTier(std::string digest, const TierProtocol* protocol);

  // nullptr when no protocol with that digest was added.
  const protocol::PrecinctProtocol* FindPrecinct(std::string_view digest) const;
  const TierProtocol* FindTier(std::string_view digest) const;
  // The highest version added for `station`; 0 if none.
  int64_t LatestVersion(std::string_view station) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  template <typename T>
  using Index = std::unordered_map<std::string, T, Hash, std::equal_to<>>;

  Index<const protocol::PrecinctProtocol*> precincts_;
  Index<const TierProtocol*> tiers_;
  Index<int64_t> latest_version_;
};

std::vector<Error> CheckTierProtocol(const TierProtocol& protocol, const CommissionTree& tree,
                                     std::string_view definition_digest,
                                     const PublishedProtocols* published);

}  // namespace ashyq::tabulate
