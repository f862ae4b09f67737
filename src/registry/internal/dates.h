// Calendar dates as YYYYMMDD integers (signed data holds integers only, decision 0003).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ashyq::registry::internal {

inline bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

inline bool IsValidDate(int32_t yyyymmdd) {
  const int year = yyyymmdd / 10000, month = yyyymmdd / 100 % 100, day = yyyymmdd % 100;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1800 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
}

// "YYYY-MM-DD" -> YYYYMMDD when it is a real date; nullopt otherwise.
inline std::optional<int32_t> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int32_t value = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  if (!IsValidDate(value)) return std::nullopt;
  return value;
}

}  // namespace ashyq::registry::internal
