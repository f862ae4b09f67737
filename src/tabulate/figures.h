// Exact integer figures for the tabulation, and how the published computation prints them.
// Internal to src/tabulate.
//
// Products such as votes × seats or votes × divisor exceed 64 bits for national totals near the
// 2^53 limit, so every comparison that decides a seat is made in 128-bit integers (Int128, with
// the digit grouping Grouped(), from core/grouped_number.h).
#pragma once

#include <cstdint>
#include <string>

#include "core/grouped_number.h"

namespace ashyq::tabulate {

// num / den with `places` decimals, truncated (never rounded up, so a remainder just below a
// whole quota never prints as 1.0000): Decimal(425770100, 1000, 2) = "425,770.10". "-" if den <= 0.
std::string Decimal(Int128 num, int64_t den, int places);

}  // namespace ashyq::tabulate
