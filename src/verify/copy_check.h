// Whether the protocol an observer holds on paper is exactly the one published (R-D3, R-F1):
// the copy's reference (protocol/protocol_copy.h: station, version, digest, from its QR code
// or typed by hand) is looked up in the published log. In 2007 the data the CEC posted differed
// from the protocols observers held; here the answer is one of
//
//   published, latest version   that exact signed protocol is a leaf of the log and no later
//                               version of the station's protocol exists
//   superseded by version N     it is in the log, but the PEC signed a later version that holds
//                               (the one counted); each later version is named with its reason
//                               (and the decision that ordered a recount)
//   refused                     it is in the log, but does not verify or breaks the chain of
//                               versions (R-D3, R-E1): the commission does not count it
//   never published             no leaf of the log is that protocol (no protocol of the station,
//                               or the station's version has another digest: the copy and the
//                               published protocol differ)
//
// Which version counts follows the tabulation's rule (tally_check.h): the latest version whose
// chain holds. A later "correction" that does not hold (e.g. signed by a TEC) supersedes nothing:
// it is listed as refused.
//
// The answer rests on the log, not on the station files: every leaf is hashed and the root
// compared with the latest tree head, whose CEC signature is verified with the key of the
// definition (leaf 0). A log that does not match its signed head is refused (run `ashyq verify`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "protocol/protocol_copy.h"

namespace ashyq::verify {

struct CopyCheck {
  enum class Status { kPublishedLatest, kSuperseded, kRefused, kNeverPublished };
  Status status = Status::kNeverPublished;
  protocol::CopyReference reference;
  std::string election_id;  // of the publication

  // Published (latest or superseded): where the copy's protocol is.
  uint64_t leaf = 0;
  std::string digest;            // its whole digest
  std::optional<Error> refusal;  // kRefused: why it does not hold

  int64_t latest_version = 0;   // the station's latest version in the log; 0 when it has none
  int64_t counted_version = 0;  // the latest whose chain holds; 0 when none does
  struct Correction {
    int64_t version = 0;
    uint64_t leaf = 0;
    std::string digest;
    std::string reason;
    std::string decision;          // empty unless a decision ordered it
    std::optional<Error> refusal;  // set when this version does not hold (it supersedes nothing)
  };
  std::vector<Correction> corrections;  // published: every later version in the log, oldest first

  std::string why;  // never published: why not, in words

  // The signed tree head the answer rests on.
  uint64_t tree_size = 0;
  std::string root_hash;
  std::string tree_timestamp;
};

// `path`: a publication directory or an election directory with one. kBadInput when there is
// no publication; kCheckFailed when its log does not match its signed tree head or leaf 0 is
// not a CEC-signed definition.
Result<CopyCheck> CheckCopy(const std::string& path, const protocol::CopyReference& reference);

}  // namespace ashyq::verify
