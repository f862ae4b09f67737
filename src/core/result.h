// Result<T> and Status: how every fallible Ashyq function reports failure.
//
// An Error names what is at fault so that a commission clerk or an observer can act on it:
//   where   - the file and/or JSON Pointer (RFC 6901) of the offending value, e.g.
//             "definition.json:/commissions/12/members"
//   rule    - the named rule that was broken, e.g. "R-A2.pec-size" (empty for plain I/O errors)
//   message - one sentence, with the figures involved.
// Errors never carry secret material.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ashyq {

enum class ErrorCode {
  kBadInput,      // malformed or unparseable input (exit code 2)
  kCheckFailed,   // well-formed input that breaks a rule (exit code 1)
  kBadSignature,  // a signature does not verify (exit code 1)
  kNotFound,
  kAlreadyExists,
  kTooLarge,      // a size limit was exceeded (exit code 2)
  kIo,
  kInternal,
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string where;
  std::string rule;
  std::string message;

  // "where: [rule] message" with empty parts left out.
  std::string ToString() const;

  // Returns a copy whose `where` is prefixed, e.g. with a file name: "file.json:/a/b".
  Error In(const std::string& outer) const;
};

Error BadInput(std::string where, std::string message);
Error CheckFailed(std::string where, std::string rule, std::string message);
Error IoError(std::string where, std::string message);
// The first of `problems` (not empty), its message saying how many there were in all.
Error FirstOfProblems(std::vector<Error> problems);

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit on purpose

  bool ok() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}    // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return v_.index() == 0; }
  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Status status() const { return ok() ? Status() : Status(error()); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace ashyq

#define ASHYQ_CONCAT_INNER_(a, b) a##b
#define ASHYQ_CONCAT_(a, b) ASHYQ_CONCAT_INNER_(a, b)

// Returns the error of a Status or Result expression from the enclosing function.
#define ASHYQ_RETURN_IF_ERROR(expr)                      \
  do {                                                   \
    auto&& ashyq_status_ = (expr);                       \
    if (!ashyq_status_.ok()) return ashyq_status_.error(); \
  } while (0)

// ASHYQ_ASSIGN_OR_RETURN(auto x, Parse(...)); declares x or returns the error.
#define ASHYQ_ASSIGN_OR_RETURN(lhs, expr) \
  ASHYQ_ASSIGN_OR_RETURN_IMPL_(ASHYQ_CONCAT_(ashyq_result_, __LINE__), lhs, expr)
#define ASHYQ_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.error();                 \
  lhs = std::move(tmp).value()
