#include "verify/findings.h"

#include <utility>

namespace ashyq::verify {

void Findings::Fail(Error error) {
  switch (error.code) {
    case ErrorCode::kBadSignature:
    case ErrorCode::kCheckFailed:
      break;
    default:
      error.code = ErrorCode::kCheckFailed;
  }
  failures_.push_back(std::move(error));
}

void Findings::Fail(std::string where, std::string rule, std::string message) {
  failures_.push_back(CheckFailed(std::move(where), std::move(rule), std::move(message)));
}

void Findings::Note(Error error) {
  size_t& count = notice_counts_[error.rule];
  if (++count <= kKeptNoticesPerRule) notices_.push_back(std::move(error));
}

void Findings::Merge(Findings&& other) {
  for (Error& e : other.failures_) failures_.push_back(std::move(e));
  for (auto& [rule, count] : other.notice_counts_) notice_counts_[rule] += count;
  // At most kKeptNoticesPerRule per rule overall (notices_ is that small, so a scan is cheap).
  std::map<std::string, size_t> kept;
  for (const Error& e : notices_) ++kept[e.rule];
  for (Error& e : other.notices_) {
    if (kept[e.rule]++ < kKeptNoticesPerRule) notices_.push_back(std::move(e));
  }
  other = Findings();
}

size_t Findings::notice_total() const {
  size_t total = 0;
  for (const auto& [rule, count] : notice_counts_) total += count;
  return total;
}

}  // namespace ashyq::verify
