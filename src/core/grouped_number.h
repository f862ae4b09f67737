// Whole numbers as people read them in reports and messages: 5247720 -> "5,247,720".
//
// The one digit-grouping formatter of Ashyq: the CLI, the tabulation's published computation
// and the protocol checks all print figures through it, so a figure reads the same everywhere.
// Every value is defined, the minimum of each type included (-2^63 -> "-9,223,372,036,854,775,808").
#pragma once

#include <string>

namespace ashyq {

// -Wpedantic rejects the __int128 keyword itself; __extension__ marks the use as deliberate.
// Wide enough for sums and products of int64 figures (votes × seats near 2^53, say).
__extension__ typedef __int128 Int128;

// Any integer type converts to Int128 without loss, so one overload serves them all.
std::string Grouped(Int128 n);

}  // namespace ashyq
