#include "core/grouped_number.h"

#include <cstdint>

namespace ashyq {
namespace {

__extension__ typedef unsigned __int128 UInt128;

}  // namespace

std::string Grouped(Int128 n) {
  const bool negative = n < 0;
  // Negate in unsigned arithmetic: -n overflows for the minimum value, 0 - u does not.
  UInt128 magnitude = negative ? UInt128{0} - static_cast<UInt128>(n) : static_cast<UInt128>(n);
  char buf[64];  // 39 digits, 12 commas and a sign at most
  char* end = buf + sizeof buf;
  char* p = end;
  int digits = 0;
  do {
    if (digits > 0 && digits % 3 == 0) *--p = ',';
    // 64-bit division once the value fits: 128-bit division is a library call.
    const int digit = magnitude <= UINT64_MAX ? static_cast<int>(static_cast<uint64_t>(magnitude) % 10)
                                              : static_cast<int>(magnitude % 10);
    *--p = static_cast<char>('0' + digit);
    magnitude = magnitude <= UINT64_MAX ? UInt128{static_cast<uint64_t>(magnitude) / 10} : magnitude / 10;
    ++digits;
  } while (magnitude != 0);
  if (negative) *--p = '-';
  return std::string(p, end);
}

}  // namespace ashyq
