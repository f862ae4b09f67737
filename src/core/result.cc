#include "core/result.h"

namespace ashyq {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadInput: return "bad input";
    case ErrorCode::kCheckFailed: return "check failed";
    case ErrorCode::kBadSignature: return "bad signature";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kAlreadyExists: return "already exists";
    case ErrorCode::kTooLarge: return "too large";
    case ErrorCode::kIo: return "i/o error";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

std::string Error::ToString() const {
  std::string out;
  if (!where.empty()) out += where + ": ";
  if (!rule.empty()) out += "[" + rule + "] ";
  out += message.empty() ? ErrorCodeName(code) : message;
  return out;
}

Error Error::In(const std::string& outer) const {
  Error e = *this;
  if (outer.empty()) return e;
  if (e.where.empty()) {
    e.where = outer;
  } else if (e.where.front() == '/') {
    e.where = outer + ":" + e.where;  // file.json:/json/pointer
  } else {
    e.where = outer + ": " + e.where;
  }
  return e;
}

Error BadInput(std::string where, std::string message) {
  return Error{ErrorCode::kBadInput, std::move(where), "", std::move(message)};
}
Error CheckFailed(std::string where, std::string rule, std::string message) {
  return Error{ErrorCode::kCheckFailed, std::move(where), std::move(rule), std::move(message)};
}
Error IoError(std::string where, std::string message) {
  return Error{ErrorCode::kIo, std::move(where), "", std::move(message)};
}

Error FirstOfProblems(std::vector<Error> problems) {
  Error e = std::move(problems.front());
  if (problems.size() > 1) e.message += " (" + std::to_string(problems.size()) + " problems in all)";
  return e;
}

}  // namespace ashyq
