#include "registry/national_id.h"

#include <cstdio>

#include "registry/internal/dates.h"

namespace ashyq::registry {

int IinCheckDigit(std::string_view first_eleven) {
  int sum = 0;
  for (int i = 0; i < 11; ++i) sum += (first_eleven[static_cast<size_t>(i)] - '0') * (i + 1);
  if (sum % 11 != 10) return sum % 11;
  static constexpr int kSecondWeights[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
  sum = 0;
  for (int i = 0; i < 11; ++i) sum += (first_eleven[static_cast<size_t>(i)] - '0') * kSecondWeights[i];
  return sum % 11 == 10 ? -1 : sum % 11;
}

std::string FormatNationalId(NationalId id) {
  char text[24];
  std::snprintf(text, sizeof text, "%012llu", static_cast<unsigned long long>(id));
  return text;
}

int32_t BirthDateOfNationalId(NationalId id) {
  const std::string text = FormatNationalId(id);
  const int yy = (text[0] - '0') * 10 + (text[1] - '0');
  const int century = text[6] - '0';
  const int base = century <= 2 ? 1800 : century <= 4 ? 1900 : 2000;
  const int mmdd = (text[2] - '0') * 1000 + (text[3] - '0') * 100 + (text[4] - '0') * 10 + (text[5] - '0');
  return (base + yy) * 10000 + mmdd;
}

Result<NationalId> ParseNationalId(std::string_view text, const std::string& where) {
  if (text.size() != 12) {
    return BadInput(where, "a national id (IIN) has 12 digits, this one has " + std::to_string(text.size()) +
                               " characters");
  }
  NationalId id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return BadInput(where, "a national id (IIN) has digits only");
    id = id * 10 + static_cast<NationalId>(c - '0');
  }
  if (text[6] < '1' || text[6] > '6') {
    return BadInput(where, "digit 7 of a national id (IIN) is 1 to 6 (century and sex), not " + std::string(1, text[6]));
  }
  if (!internal::IsValidDate(BirthDateOfNationalId(id))) {
    return BadInput(where, "digits 1-6 of this national id (IIN) are no date of birth");
  }
  const int check = IinCheckDigit(text.substr(0, 11));
  if (check != text[11] - '0') {
    return BadInput(where, "the check digit of this national id (IIN) is wrong: a digit is mistyped");
  }
  return id;
}

NationalId MakeNationalId(int32_t birth_date, bool female, uint32_t serial) {
  const int year = birth_date / 10000;
  const int century = year < 1900 ? 1 : year < 2000 ? 3 : 5;
  for (uint32_t s = serial % 10000;; s = (s + 1) % 10000) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d%04d%d%04u", year % 100, birth_date % 10000, century + (female ? 1 : 0), s);
    const int check = IinCheckDigit(std::string_view(text, 11));
    if (check < 0) continue;
    NationalId id = 0;
    for (int i = 0; i < 11; ++i) id = id * 10 + static_cast<NationalId>(text[i] - '0');
    return id * 10 + static_cast<NationalId>(check);
  }
}

}  // namespace ashyq::registry
