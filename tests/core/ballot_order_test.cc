#include "core/ballot_order.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace ashyq {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

const std::vector<std::string> kParties2007 = {
    "list-nur-otan", "list-ansdp",      "list-ak-zhol",  "list-auyl",
    "list-patriots", "list-rukhaniyat", "list-communist"};

TEST(Lottery, KnownOrderComputedIndependently) {
  // Expected values computed once with a 20-line python3 script (hashlib.sha256 over
  // b"ashyq/v1/ballot-lottery" + b"\x00" + f"{seed}|{contest}|{counter}", first 8 bytes
  // big-endian, rejection sampling, Fisher–Yates from the end) following ballot_order.h.
  EXPECT_THAT(DrawLotteryOrder("9f2c4e1a", "majilis-2007", kParties2007),
              ElementsAre("list-ak-zhol", "list-nur-otan", "list-auyl", "list-ansdp",
                          "list-communist", "list-patriots", "list-rukhaniyat"));
  EXPECT_THAT(DrawLotteryOrder("5eed", "majilis", {"list-nur-otan", "list-ansdp", "list-ak-zhol"}),
              ElementsAre("list-ansdp", "list-ak-zhol", "list-nur-otan"));
}

TEST(Lottery, DeterministicAndAPermutation) {
  std::vector<std::string> first = DrawLotteryOrder("00ff", "c", kParties2007);
  EXPECT_EQ(first, DrawLotteryOrder("00ff", "c", kParties2007));
  EXPECT_THAT(first, UnorderedElementsAreArray(kParties2007));
}

TEST(Lottery, SameResultWhateverTheInputOrder) {
  std::vector<std::string> ids = kParties2007;
  const std::vector<std::string> expected = DrawLotteryOrder("abc123", "majilis", ids);
  std::sort(ids.begin(), ids.end());
  do {
    ASSERT_EQ(DrawLotteryOrder("abc123", "majilis", ids), expected);
  } while (std::next_permutation(ids.begin(), ids.begin() + 4));  // 24 input orders
  std::reverse(ids.begin(), ids.end());
  EXPECT_EQ(DrawLotteryOrder("abc123", "majilis", ids), expected);
}

TEST(Lottery, SeedAndContestSensitive) {
  std::set<std::vector<std::string>> orders;
  for (const char* seed : {"01", "02", "03", "04", "05", "06", "07", "08"}) {
    orders.insert(DrawLotteryOrder(seed, "majilis", kParties2007));
  }
  // 8 draws out of 5,040 orders: identical results would mean the seed is ignored.
  EXPECT_GE(orders.size(), 6u);
  std::set<std::vector<std::string>> by_contest;
  for (const char* contest : {"a", "b", "c", "d", "e", "f"}) {
    by_contest.insert(DrawLotteryOrder("01", contest, kParties2007));
  }
  EXPECT_GE(by_contest.size(), 4u);
}

TEST(Lottery, EveryPositionIsReachable) {
  // Over many seeds each choice should appear first at least once (a biased or stuck shuffle
  // would not put them all there).
  std::set<std::string> first;
  for (int i = 0; i < 200; ++i) {
    first.insert(DrawLotteryOrder(std::to_string(i), "x", kParties2007).front());
  }
  EXPECT_EQ(first.size(), kParties2007.size());
}

TEST(Lottery, SmallInputs) {
  EXPECT_THAT(DrawLotteryOrder("aa", "x", {}), IsEmpty());
  EXPECT_THAT(DrawLotteryOrder("aa", "x", {"only"}), ElementsAre("only"));
}

Choice Named(std::string id, std::string kk, std::string ru, std::string en) {
  Choice c;
  c.id = std::move(id);
  c.name = {std::move(kk), std::move(ru), std::move(en)};
  return c;
}

std::vector<std::string> KazakhOrder(const std::vector<std::string>& names) {
  std::vector<Choice> choices;
  for (size_t i = 0; i < names.size(); ++i) {
    choices.push_back(Named(names[i], names[i], "", "x"));
  }
  return AlphabeticalOrder(choices, "kk");
}

TEST(Alphabetical, KazakhLettersHaveTheirPlace) {
  EXPECT_THAT(KazakhOrder({"Бекова", "Әлиев", "Абаев"}), ElementsAre("Абаев", "Әлиев", "Бекова"));
  EXPECT_THAT(KazakhOrder({"Қасымов", "Кузнецов", "Лебедев"}),
              ElementsAre("Кузнецов", "Қасымов", "Лебедев"));
  EXPECT_THAT(KazakhOrder({"Іс", "Ыс", "Ьс"}), ElementsAre("Ыс", "Іс", "Ьс"));
  EXPECT_THAT(KazakhOrder({"Һа", "Ұа", "Үа", "Уа", "Ха"}), ElementsAre("Уа", "Ұа", "Үа", "Ха", "Һа"));
  EXPECT_THAT(KazakhOrder({"Ңа", "На", "Өа", "Оа", "Ға", "Га"}),
              ElementsAre("Га", "Ға", "На", "Ңа", "Оа", "Өа"));
}

TEST(Alphabetical, CaseInsensitiveWithTiesById) {
  EXPECT_THAT(KazakhOrder({"әлиев", "АБАЕВ", "бекова"}), ElementsAre("АБАЕВ", "әлиев", "бекова"));
  std::vector<Choice> tie = {Named("b", "", "", "Smith"), Named("a", "", "", "SMITH")};
  EXPECT_THAT(AlphabeticalOrder(tie, "en"), ElementsAre("a", "b"));
}

TEST(Alphabetical, RussianAndEnglish) {
  std::vector<Choice> choices = {Named("c1", "", "Ёлкин", "Yolkin"), Named("c2", "", "Жуков", "Zhukov"),
                                 Named("c3", "", "Егоров", "Egorov"), Named("c4", "", "ёжиков", "ezhikov")};
  EXPECT_THAT(AlphabeticalOrder(choices, "ru"), ElementsAre("c3", "c4", "c1", "c2"));
  EXPECT_THAT(AlphabeticalOrder(choices, "en"), ElementsAre("c3", "c4", "c1", "c2"));
  std::vector<Choice> latin = {Named("x", "", "", "banana"), Named("y", "", "", "Apple"),
                               Named("z", "", "", "cherry")};
  EXPECT_THAT(AlphabeticalOrder(latin, "en"), ElementsAre("y", "x", "z"));
}

TEST(Alphabetical, SpacesFirstUnknownCharactersAfterLetters) {
  std::vector<Choice> choices = {Named("nurlan", "", "", "Nurlan"), Named("nur-otan", "", "", "Nur Otan"),
                                 Named("nur", "", "", "Nur"), Named("nur9", "", "", "Nur9"),
                                 Named("nurz", "", "", "Nurz")};
  // "Nur" is a prefix of the rest; space before letters; a digit after every letter.
  EXPECT_THAT(AlphabeticalOrder(choices, "en"), ElementsAre("nur", "nur-otan", "nurlan", "nurz", "nur9"));
  // A Latin letter in a Kazakh name sorts after the Kazakh alphabet.
  EXPECT_THAT(KazakhOrder({"Ya", "Яа"}), ElementsAre("Яа", "Ya"));
}

TEST(Alphabetical, MissingLocalNameFallsBackToEnglish) {
  std::vector<Choice> choices = {Named("b", "Бекова", "", "Bekova"), Named("a", "", "", "Aliev")};
  // "Aliev" (Latin, unknown in kk) sorts after the Cyrillic "Бекова".
  EXPECT_THAT(AlphabeticalOrder(choices, "kk"), ElementsAre("b", "a"));
  EXPECT_THAT(AlphabeticalOrder(choices, "en"), ElementsAre("a", "b"));
}

TEST(Alphabetical, InvalidUtf8DoesNotCrash) {
  std::vector<Choice> choices = {Named("a", "\xff\xfe", "", "x"), Named("b", "А", "", "x"),
                                 Named("c", "\xd0", "", "x")};
  EXPECT_THAT(AlphabeticalOrder(choices, "kk"), ElementsAre("b", "c", "a"));
}

}  // namespace
}  // namespace ashyq
