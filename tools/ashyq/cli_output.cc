#include "cli_output.h"

#include <cstdio>

namespace ashyq::cli {

int ExitCodeFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::kCheckFailed:
    case ErrorCode::kBadSignature:
      return kExitCheckFailed;
    default:
      return kExitBadInput;
  }
}

std::string Percent(int64_t num, int64_t den) {
  if (den == 0) return "-";
  // Round half up to two decimals in integer arithmetic (election counts are far below the
  // 4.6e14 where num * 20000 would overflow).
  const int64_t v = (num * 20000 + den) / (2 * den);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%02lld%%", static_cast<long long>(v / 100),
                static_cast<long long>(v % 100));
  return buf;
}

std::string PercentBp(int64_t basis_points) { return Percent(basis_points, 10000); }

int ReportError(const Error& error) {
  std::fprintf(stderr, "ashyq: error: %s\n", error.ToString().c_str());
  return ExitCodeFor(error);
}

std::string Column(const std::string& text, size_t width, bool right_align) {
  size_t points = 0;
  size_t cut = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (points == width) { cut = i; break; }
      ++points;
    }
  }
  std::string body = text.substr(0, cut);
  std::string pad(width > points ? width - points : 0, ' ');
  return right_align ? pad + body : body + pad;
}

}  // namespace ashyq::cli
