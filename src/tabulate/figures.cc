#include "tabulate/figures.h"

namespace ashyq::tabulate {

std::string Decimal(Int128 num, int64_t den, int places) {
  if (den <= 0) return "-";
  // Division truncates toward zero and |num % den| < den, so nothing here negates num itself
  // (which would overflow for the minimum value).
  const Int128 whole = num / den;
  Int128 rest = num % den;
  if (rest < 0) rest = -rest;
  std::string out = (num < 0 && whole == 0) ? "-" + Grouped(whole) : Grouped(whole);  // -0.25
  if (places > 0) {
    out += '.';
    for (int p = 0; p < places; ++p) {
      rest *= 10;  // < 10 × 2^63: fits
      out += static_cast<char>('0' + static_cast<int>(rest / den));
      rest %= den;
    }
  }
  return out;
}

}  // namespace ashyq::tabulate
