// What a verifier found. A *failure* means the published record is wrong (a signature that does
// not verify, a total that is not the sum beneath it, a file that differs from the log): the
// verifier exits 1. A *notice* is worth reading but does not make the record wrong (R-D4
// counting-procedure notices; a protocol the commission refused and published as refused).
//
// Each finding is an Error naming the file and JSON Pointer (`where`, e.g.
// "data/station/ps-akmola-0001-<h>.json:/versions/0/signed_object/payload/contests/0"), the
// rule and the figures. Every failure is kept; notices are counted by rule and the first
// kKeptNoticesPerRule of each rule kept (a national count has thousands of R-D4 notices).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace ashyq::verify {

class Findings {
 public:
  static constexpr size_t kKeptNoticesPerRule = 20;

  // `error.code` kBadInput/kTooLarge/kNotFound/kIo become kCheckFailed: inside a publication a
  // malformed or missing file is the publication's fault, not the verifier's input's.
  void Fail(Error error);
  void Fail(std::string where, std::string rule, std::string message);
  void Note(Error error);

  // Appends `other`'s findings after this one's (callers merge per-item findings in item order,
  // so the report does not depend on thread scheduling).
  void Merge(Findings&& other);

  bool ok() const { return failures_.empty(); }
  const std::vector<Error>& failures() const { return failures_; }
  const std::vector<Error>& notices() const { return notices_; }
  // Every notice counted by rule, including those not kept.
  const std::map<std::string, size_t>& notice_counts() const { return notice_counts_; }
  size_t notice_total() const;

 private:
  std::vector<Error> failures_;
  std::vector<Error> notices_;
  std::map<std::string, size_t> notice_counts_;
};

}  // namespace ashyq::verify
