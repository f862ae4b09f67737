// Formatting shared by the ashyq subcommands: percentages, errors, exit codes (grouped numbers
// come from core/grouped_number.h, as everywhere else).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/election_definition.h"
#include "core/grouped_number.h"  // Grouped(): 8870146 -> "8,870,146"
#include "core/result.h"

namespace ashyq::cli {

// Exit codes of every ashyq command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;  // a check or verification found a problem
inline constexpr int kExitBadInput = 2;     // unusable input, usage error, I/O failure

int ExitCodeFor(const Error& error);

// num/den as a percentage with two decimals ("33.12%"); "-" when den is 0.
std::string Percent(int64_t num, int64_t den);
std::string PercentBp(int64_t basis_points);  // 700 -> "7.00%"

// The name to print in an English-language report: English, else Russian.
inline const std::string& BestName(const LocalizedName& name) { return name.en.empty() ? name.ru : name.en; }

// Prints "ashyq: error: <error>" to stderr and returns ExitCodeFor(error).
int ReportError(const Error& error);

// Pads or truncates to a column width, counting UTF-8 code points (names are Cyrillic).
std::string Column(const std::string& text, size_t width, bool right_align = false);

}  // namespace ashyq::cli
