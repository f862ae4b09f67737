// json::IsCanonical must agree exactly with its definition, Canonicalize(Parse(text)) == text:
// a signed object's digest is hashed from its bytes when IsCanonical says they are canonical.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/json.h"

namespace ashyq::json {
namespace {

// The definition IsCanonical must agree with (for text the strict parser accepts).
bool CanonicalByDefinition(const std::string& text) {
  Result<Value> v = Parse(text);
  return v.ok() && Canonicalize(*v) == text;
}

void ExpectAgrees(const std::string& text) {
  if (!Parse(text).ok()) return;  // IsCanonical is only defined on parsed text
  EXPECT_EQ(IsCanonical(text), CanonicalByDefinition(text)) << text;
}

TEST(JsonIsCanonical, AcceptsCanonicalForms) {
  for (const char* text : {R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})", R"([])", R"({})", R"("x")",
                           R"(0)", R"(-12)", R"({"a":"\"\\\b\f\n\r\t\u0000\u001f"})", "\"\x7f\"",
                           "{\"\xC3\xA9\":1,\"\xEF\xBF\xBD\":2}",
                           // U+E000 sorts after U+10000 in UTF-16 code units (RFC 8785 3.2.3)
                           "{\"\xF0\x90\x80\x80\":1,\"\xEE\x80\x80\":2}",
                           // escaped keys sort by what they decode to: '"' (0x22) < '#' (0x23)
                           R"({"a\"":1,"a#":2})"}) {
    EXPECT_TRUE(IsCanonical(text)) << text;
    EXPECT_TRUE(CanonicalByDefinition(text)) << text;
  }
}

TEST(JsonIsCanonical, RefusesEveryOtherSpelling) {
  for (const char* text : {R"({"b":1,"a":2})", R"({ "a":1})", R"({"a":1} )", "{\"a\":1,\n\"b\":2}",
                           R"([1, 2])", R"(-0)", R"("\/")", R"("\u0041")", R"("\u00e9")", R"("\u0008")",
                           R"("\u001F")", R"("\u007f")", R"("\u000a")", R"({"a#":1,"a\"":2})", R"({"\u0041":1})",
                           "{\"\xEE\x80\x80\":1,\"\xF0\x90\x80\x80\":2}"}) {
    EXPECT_FALSE(IsCanonical(text)) << text;
    ExpectAgrees(text);
  }
}

TEST(JsonIsCanonical, TextThatIsNotJsonIsNotCanonical) {
  for (const char* text : {"]", "}}", "\"open", "\"\\", "\"\\u00", "-", "{\"a\":1 "}) {
    EXPECT_FALSE(IsCanonical(text)) << text;
  }
}

// Random values, canonical and then damaged byte by byte: wherever the damage still parses,
// IsCanonical and the definition agree.
TEST(JsonIsCanonical, AgreesWithCanonicalizeOnRandomText) {
  std::mt19937 rng(16);
  const std::vector<std::string> strings = {"a", "b", "ab", "format", "\"", "\\", "/", "\n", "\x01", "\x7f",
                                            "\xC3\xA9", "\xEE\x80\x80", "\xF0\x90\x80\x80", ""};
  std::function<Value(int)> random_value = [&](int depth) -> Value {
    switch (rng() % (depth > 3 ? 4 : 6)) {
      case 0: return Value(static_cast<int64_t>(rng() % 2001) - 1000);
      case 1: return Value(strings[rng() % strings.size()]);
      case 2: return rng() % 2 ? Value(true) : Value(nullptr);
      case 3: return Value(false);
      case 4: {
        Value a = Value::Array();
        for (auto i = rng() % 4; i > 0; --i) a.Push(random_value(depth + 1));
        return a;
      }
      default: {
        Value o = Value::Object();
        for (auto i = rng() % 5; i > 0; --i) o.Set(strings[rng() % strings.size()], random_value(depth + 1));
        return o;
      }
    }
  };
  const std::string alphabet = " \n\"\\/u0aA9{}[],:-.e";
  for (int round = 0; round < 2000; ++round) {
    const std::string canonical = Canonicalize(random_value(0));
    ASSERT_TRUE(IsCanonical(canonical)) << canonical;
    for (int edit = 0; edit < 8; ++edit) {
      std::string text = canonical;
      const size_t at = rng() % (text.size() + 1);
      switch (rng() % 3) {
        case 0: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 1: if (at < text.size()) text.erase(at, 1); break;
        default: if (at < text.size()) text[at] = alphabet[rng() % alphabet.size()]; break;
      }
      ExpectAgrees(text);
    }
  }
}

}  // namespace
}  // namespace ashyq::json
