// R-A4: the order of choices on the ballot, recomputable by anyone from published data.
//
// Lottery (2007). Reproducible with sha256sum and a pencil:
//   1. Sort the choice ids bytewise (so the order they were typed in does not matter):
//      ids[0] < ids[1] < ... < ids[n-1].
//   2. Fisher–Yates from the end: for i = n-1 down to 1, let m = i + 1 and draw j in [0, m):
//        r = the first 8 bytes, read big-endian, of
//            SHA-256("ashyq/v1/ballot-lottery" || 0x00 || seed_hex "|" contest_id "|" counter)
//        where counter is the decimal number of draws made so far (0, 1, 2, ... — rejected
//        draws count too) and seed_hex is the published seed text exactly as written;
//        if r >= 2^64 - (2^64 mod m), reject r and draw again (this keeps every j equally likely);
//        otherwise j = r mod m; swap ids[i] and ids[j].
//   3. The ballot lists ids[0] first.
//
// Alphabetical (2019). Choices sorted by their name in one ballot language (kk, ru or en; an
// empty kk/ru name falls back to en), case-insensitively, letter by letter in the alphabet
// of that language:
//   kk: А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я
//   ru: А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я
//   en: A B C ... Z
// A space sorts before every letter (so names compare word by word); any other character
// sorts after the letters, by its (lower-cased) code point. A name that is a prefix of another
// sorts first; equal names are ordered by choice id.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/election_definition.h"

namespace ashyq {

// The lottery order of `choice_ids` (any order in, the documented order out).
std::vector<std::string> DrawLotteryOrder(std::string_view seed_hex, std::string_view contest_id,
                                          std::vector<std::string> choice_ids);

// The alphabetical order of `choices` (their ids) by name in `language` ("kk", "ru", "en"; any
// other value compares by code point only).
std::vector<std::string> AlphabeticalOrder(const std::vector<Choice>& choices,
                                           std::string_view language);

}  // namespace ashyq
