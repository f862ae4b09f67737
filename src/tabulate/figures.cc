#include "tabulate/figures.h"

namespace ashyq::tabulate {

std::string Grouped(Int128 n) {
  const bool negative = n < 0;
  if (negative) n = -n;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(n % 10)));
    n /= 10;
  } while (n > 0);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string Decimal(Int128 num, int64_t den, int places) {
  if (den <= 0) return "-";
  const bool negative = num < 0;
  if (negative) num = -num;
  std::string out = Grouped(num / den);
  if (places > 0) {
    Int128 rest = num % den;
    out += '.';
    for (int p = 0; p < places; ++p) {
      rest *= 10;
      out += static_cast<char>('0' + static_cast<int>(rest / den));
      rest %= den;
    }
  }
  return negative ? "-" + out : out;
}

}  // namespace ashyq::tabulate
