#include "core/utc_time.h"

#include <cstdio>
#include <ctime>

namespace ashyq {

std::string UtcTimestamp(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

bool IsUtcTimestamp(std::string_view text) {
  if (text.size() != 20) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool want_digit = !(i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19);
    if (want_digit != (c >= '0' && c <= '9')) return false;
  }
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return false;
  }
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; ++i) v = v * 10 + (text[at + i] - '0');
    return v;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return false;
  return number(11, 2) <= 23 && number(14, 2) <= 59 && number(17, 2) <= 59;
}

std::optional<std::chrono::system_clock::time_point> ParseUtcTimestamp(std::string_view text) {
  if (!IsUtcTimestamp(text)) return std::nullopt;
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; ++i) v = v * 10 + (text[at + i] - '0');
    return v;
  };
  std::tm utc{};
  utc.tm_year = number(0, 4) - 1900;
  utc.tm_mon = number(5, 2) - 1;
  utc.tm_mday = number(8, 2);
  utc.tm_hour = number(11, 2);
  utc.tm_min = number(14, 2);
  utc.tm_sec = number(17, 2);
  return std::chrono::system_clock::from_time_t(timegm(&utc));
}

}  // namespace ashyq
