// Wall-clock time as published: RFC 3339 in UTC to the second ("2026-11-25T10:00:00Z").
// Only the commission server and the CLI read the clock; tabulation never does (DESIGN.md).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq {

std::string UtcTimestamp(std::chrono::system_clock::time_point at);
inline std::string UtcNow() { return UtcTimestamp(std::chrono::system_clock::now()); }

// Whether `text` has exactly the form "YYYY-MM-DDTHH:MM:SSZ" with a valid date and time.
bool IsUtcTimestamp(std::string_view text);

// The time `text` names, when IsUtcTimestamp(text); nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> ParseUtcTimestamp(std::string_view text);

}  // namespace ashyq
