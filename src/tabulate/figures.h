// Exact integer figures for the tabulation, and how the published computation prints them.
// Internal to src/tabulate.
//
// Products such as votes × seats or votes × divisor exceed 64 bits for national totals near the
// 2^53 limit, so every comparison that decides a seat is made in 128-bit integers.
#pragma once

#include <cstdint>
#include <string>

namespace ashyq::tabulate {

// -Wpedantic rejects the __int128 keyword itself; __extension__ marks the use as deliberate.
__extension__ typedef __int128 Int128;

// 5247720 -> "5,247,720" (n >= 0 expected; a negative n gets a leading '-').
std::string Grouped(Int128 n);

// num / den with `places` decimals, truncated (never rounded up, so a remainder just below a
// whole quota never prints as 1.0000): Decimal(425770100, 1000, 2) = "425,770.10". "-" if den <= 0.
std::string Decimal(Int128 num, int64_t den, int places);

}  // namespace ashyq::tabulate
