#include "core/ballot_order.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "core/hash.h"

namespace ashyq {
namespace {

// Lower-case letters of each ballot alphabet, in alphabetical order.
constexpr std::u32string_view kKazakhAlphabet = U"аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";
constexpr std::u32string_view kRussianAlphabet = U"абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
constexpr std::u32string_view kLatinAlphabet = U"abcdefghijklmnopqrstuvwxyz";

// Upper-case Kazakh letters outside the basic Cyrillic block; each lower-case form is +1.
constexpr std::u32string_view kKazakhExtraCapitals = U"ӘҒҚҢӨҰҮҺ";

char32_t FoldCase(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;  // А..Я
  if (c >= 0x0400 && c <= 0x040F) return c + 0x50;  // Ѐ..Џ, incl. Ё and І
  if (kKazakhExtraCapitals.find(c) != std::u32string_view::npos) return c + 1;
  return c;
}

// Decodes UTF-8; a byte that does not start a valid sequence becomes 0x110000 + byte, which
// sorts after every real character.
std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1Fu;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07u;
    }
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (!ok) {
      out.push_back(static_cast<char32_t>(0x110000u + b0));
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Sort key of one character: space first, then the letters of the alphabet, then the rest.
uint32_t Rank(char32_t c, std::u32string_view alphabet) {
  if (c == U' ') return 0;
  const char32_t folded = FoldCase(c);
  const size_t pos = alphabet.find(folded);
  if (pos != std::u32string_view::npos) return static_cast<uint32_t>(pos) + 1;
  return 0x100u + static_cast<uint32_t>(folded);
}

std::u32string_view AlphabetFor(std::string_view language) {
  if (language == "kk") return kKazakhAlphabet;
  if (language == "ru") return kRussianAlphabet;
  if (language == "en") return kLatinAlphabet;
  return {};
}

const std::string& NameIn(const LocalizedName& name, std::string_view language) {
  if (language == "kk" && !name.kk.empty()) return name.kk;
  if (language == "ru" && !name.ru.empty()) return name.ru;
  return name.en;
}

uint64_t FirstEightBytes(const Digest& d) {
  uint64_t r = 0;
  for (size_t i = 0; i < 8; ++i) r = (r << 8) | d.bytes[i];
  return r;
}

}  // namespace

std::vector<std::string> DrawLotteryOrder(std::string_view seed_hex, std::string_view contest_id,
                                          std::vector<std::string> choice_ids) {
  std::sort(choice_ids.begin(), choice_ids.end());  // std::string compares bytes as unsigned
  std::string prefix;
  prefix.reserve(seed_hex.size() + contest_id.size() + 2);
  prefix.append(seed_hex).append("|").append(contest_id).append("|");
  uint64_t counter = 0;
  for (size_t i = choice_ids.size(); i-- > 1;) {
    const uint64_t m = static_cast<uint64_t>(i) + 1;
    // 2^64 mod m, computed without 128-bit arithmetic.
    const uint64_t excess = (std::numeric_limits<uint64_t>::max() % m + 1) % m;
    uint64_t r = 0;
    do {
      r = FirstEightBytes(TaggedHash(tag::kBallotLottery, prefix + std::to_string(counter)));
      ++counter;
    } while (excess != 0 && r >= std::numeric_limits<uint64_t>::max() - excess + 1);
    std::swap(choice_ids[i], choice_ids[static_cast<size_t>(r % m)]);
  }
  return choice_ids;
}

std::vector<std::string> AlphabeticalOrder(const std::vector<Choice>& choices,
                                           std::string_view language) {
  const std::u32string_view alphabet = AlphabetFor(language);
  struct Keyed {
    std::vector<uint32_t> key;
    const std::string* id;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(choices.size());
  for (const Choice& c : choices) {
    Keyed k{{}, &c.id};
    for (char32_t ch : DecodeUtf8(NameIn(c.name, language))) k.key.push_back(Rank(ch, alphabet));
    keyed.push_back(std::move(k));
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.key != b.key) return a.key < b.key;  // lexicographic; a prefix sorts first
    return *a.id < *b.id;
  });
  std::vector<std::string> out;
  out.reserve(keyed.size());
  for (const Keyed& k : keyed) out.push_back(*k.id);
  return out;
}

}  // namespace ashyq
