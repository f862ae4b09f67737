// A voter's national id: the Kazakh individual identification number (IIN, ЖСН/ИИН), twelve
// digits printed on every identity card, the key of the civil register and of the voter register.
//
//   digits 1-6   date of birth, YYMMDD
//   digit  7     century and sex: 1/2 born 1800-1899, 3/4 1900-1999, 5/6 2000-2099 (odd = male)
//   digits 8-11  serial
//   digit  12    check digit: sum(d_i * i, i = 1..11) mod 11; when that is 10, the sum with the
//                weights 3,4,...,11,1,2 mod 11; an IIN whose second sum is 10 too is never issued.
//                (Digit 11's first weight is 11, 0 mod 11: the scheme catches a mistyped digit 11
//                only through the second weighting. The date check below covers digits 1-7.)
//
// Checked on import so that a mistyped id is refused at its line instead of becoming a second
// person (a duplicate check is only as good as the ids it compares). The id is secret-ish
// personal data: it is never published (docs/decisions/0019).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ashyq::registry {

// The twelve digits as a number (leading zeros kept by FormatNationalId). 0 is no valid IIN.
using NationalId = uint64_t;

// Parses twelve digits and checks the check digit and that digits 1-7 form a real date of birth.
// kBadInput with `where` as given, saying which part is wrong.
Result<NationalId> ParseNationalId(std::string_view text, const std::string& where);

std::string FormatNationalId(NationalId id);  // twelve digits

// The date of birth the id encodes, as YYYYMMDD (e.g. 19870214).
int32_t BirthDateOfNationalId(NationalId id);

// The check digit for the first eleven digits (0..9), or -1 when no IIN has them (both sums 10).
int IinCheckDigit(std::string_view first_eleven);

// Builds a valid id from a date of birth (YYYYMMDD, years 1800-2099), sex and serial
// (0..9999), trying the next serials when a check digit is impossible; for tests, benchmarks and
// simulations only.
NationalId MakeNationalId(int32_t birth_date, bool female, uint32_t serial);

}  // namespace ashyq::registry
