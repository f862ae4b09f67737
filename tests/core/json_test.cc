#include "core/json.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace ashyq::json {
namespace {

ParseOptions Lenient() {
  ParseOptions o;
  o.allow_non_integers = true;
  return o;
}

// Parses text that must fail and returns the error.
Error ParseFailure(std::string_view text, const ParseOptions& options = {}) {
  Result<Value> r = Parse(text, options);
  EXPECT_FALSE(r.ok()) << "accepted: " << text;
  if (r.ok()) return Error{};
  return r.error();
}

std::string CanonicalOf(std::string_view text, const ParseOptions& options = {}) {
  Result<Value> r = Parse(text, options);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? Canonicalize(*r) : std::string();
}

// ---- Values --------------------------------------------------------------------------------

TEST(JsonValue, KindsAndAccessors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_TRUE(Value(nullptr).is_null());
  EXPECT_TRUE(Value(true).as_bool());
  EXPECT_EQ(Value(int64_t{-7}).as_int(), -7);
  EXPECT_EQ(Value(uint32_t{4000000000u}).as_int(), 4000000000);
  EXPECT_EQ(Value("abc").as_string(), "abc");
  EXPECT_EQ(Value(std::string_view("xy")).as_string(), "xy");
  EXPECT_DOUBLE_EQ(Value::Number(2.5).as_number(), 2.5);
  EXPECT_DOUBLE_EQ(Value(3).as_number(), 3.0);
  EXPECT_STREQ(KindName(Kind::kBool), "boolean");
  EXPECT_STREQ(KindName(Kind::kInteger), "integer");
  EXPECT_STREQ(KindName(Kind::kObject), "object");
  EXPECT_EQ(Value(1).size(), 0u);
}

TEST(JsonValue, ObjectSetReplacesAndKeepsInsertionOrder) {
  Value o = Value::Object();
  o.Set("b", 1);
  o.Set("a", 2);
  o.Set("b", 3);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o.members()[0].key, "b");
  EXPECT_EQ(o.members()[0].value.as_int(), 3);
  EXPECT_EQ(o.members()[1].key, "a");
  ASSERT_NE(o.Find("a"), nullptr);
  EXPECT_EQ(o.Find("a")->as_int(), 2);
  EXPECT_EQ(o.Find("c"), nullptr);
  EXPECT_EQ(Value(5).Find("a"), nullptr);
}

TEST(JsonValue, ArrayPush) {
  Value a = Value::Array();
  a.Push(1).as_int();
  a.Push("x");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.items()[1].as_string(), "x");
  EXPECT_EQ(Canonicalize(a), R"([1,"x"])");
}

TEST(JsonValue, EqualityIgnoresMemberOrderButNotValues) {
  Value a = Value::Object();
  a.Set("x", 1);
  a.Set("y", "s");
  Value b = Value::Object();
  b.Set("y", "s");
  b.Set("x", 1);
  EXPECT_EQ(a, b);
  b.Set("x", 2);
  EXPECT_FALSE(a == b);
  EXPECT_FALSE(Value(1) == Value("1"));
  EXPECT_FALSE(Value(true) == Value(1));
  EXPECT_EQ(Value(100), Value::Number(100.0));  // the same JSON number
  EXPECT_FALSE(Value(100) == Value::Number(100.5));

  // Large objects take the sorted path.
  Value big1 = Value::Object(), big2 = Value::Object();
  for (int i = 0; i < 40; ++i) big1.Set("k" + std::to_string(i), i);
  for (int i = 39; i >= 0; --i) big2.Set("k" + std::to_string(i), i);
  EXPECT_EQ(big1, big2);
  big2.Set("k7", 8);
  EXPECT_FALSE(big1 == big2);
}

// ---- Parsing -------------------------------------------------------------------------------

TEST(JsonParse, ScalarsAndStructure) {
  Result<Value> r = Parse(" \t\r\n{\"a\": [1, -2, true, false, null, \"s\"], \"b\": {}} \n");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const Value& v = *r;
  ASSERT_TRUE(v.is_object());
  ASSERT_EQ(v.size(), 2u);
  const Value* a = v.Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->size(), 6u);
  EXPECT_EQ(a->items()[0].as_int(), 1);
  EXPECT_EQ(a->items()[1].as_int(), -2);
  EXPECT_TRUE(a->items()[2].as_bool());
  EXPECT_FALSE(a->items()[3].as_bool());
  EXPECT_TRUE(a->items()[4].is_null());
  EXPECT_EQ(a->items()[5].as_string(), "s");
  EXPECT_TRUE(v.Find("b")->is_object());
  EXPECT_EQ(v.Find("b")->size(), 0u);

  EXPECT_EQ(Parse("0")->as_int(), 0);
  EXPECT_EQ(Parse("-0")->as_int(), 0);
  EXPECT_EQ(Parse("9007199254740991")->as_int(), kMaxSafeInteger);
  EXPECT_EQ(Parse("-9007199254740991")->as_int(), -kMaxSafeInteger);
  EXPECT_EQ(Parse("[]")->size(), 0u);
  EXPECT_EQ(Parse("\"\"")->as_string(), "");
}

TEST(JsonParse, StringEscapesAndUnicode) {
  Result<Value> r = Parse(R"("\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00\u0000")");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->as_string(), std::string("\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") +
                                std::string(1, '\0'));
  // Raw UTF-8: Cyrillic, Kazakh letters, a 4-byte character, U+FFFF and U+10FFFF.
  std::string raw = "\"\xD0\x90\xD2\x9A\xD3\x98 \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF\"";
  Result<Value> u = Parse(raw);
  ASSERT_TRUE(u.ok()) << u.error().ToString();
  EXPECT_EQ(u->as_string(), raw.substr(1, raw.size() - 2));
  // Upper-case hex in escapes is fine.
  EXPECT_EQ(Parse(R"("\u00C9")")->as_string(), "\xC3\x89");
  // A long string crosses the 8-byte fast path boundary in every alignment.
  for (size_t n = 0; n < 40; ++n) {
    std::string s(n, 'x');
    s += "\\n\xD0\x96";
    Result<Value> lv = Parse("\"" + s + "\"");
    ASSERT_TRUE(lv.ok()) << n;
    EXPECT_EQ(lv->as_string(), std::string(n, 'x') + "\n\xD0\x96");
  }
}

TEST(JsonParse, NonIntegersOnlyWhenAllowed) {
  for (const char* text : {"1.5", "1e2", "1.0", "1E2", "-0.0", "2e-3", "1e+2"}) {
    Error e = ParseFailure(text);
    EXPECT_EQ(e.code, ErrorCode::kBadInput);
    EXPECT_NE(e.message.find("not an integer"), std::string::npos) << e.message;
    Result<Value> r = Parse(text, Lenient());
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_EQ(r->kind(), Kind::kNumber) << text;
  }
  EXPECT_DOUBLE_EQ(Parse("2e-3", Lenient())->as_number(), 0.002);
  EXPECT_EQ(Parse("7", Lenient())->kind(), Kind::kInteger);
  // Beyond 2^53 an integer can only be a double, and only in lenient mode.
  EXPECT_EQ(Parse("9007199254740993", Lenient())->kind(), Kind::kNumber);
  EXPECT_FALSE(Parse("1e400", Lenient()).ok());
}

TEST(JsonParse, IntegersOutsideSafeRangeRejected) {
  for (const char* text : {"9007199254740992", "-9007199254740992", "18446744073709551616",
                           "123456789012345678901234567890", "[1, 99999999999999999999]"}) {
    Error e = ParseFailure(text);
    EXPECT_EQ(e.code, ErrorCode::kBadInput);
    EXPECT_NE(e.message.find("outside the safe range"), std::string::npos) << e.message;
  }
}

struct Rejection {
  std::string text;
  std::string message_part;
};

void ExpectRejections(const std::vector<Rejection>& cases) {
  for (const Rejection& c : cases) {
    Error e = ParseFailure(c.text);
    EXPECT_EQ(e.code, ErrorCode::kBadInput) << c.text;
    EXPECT_NE(e.message.find(c.message_part), std::string::npos)
        << "input: " << c.text << "\nmessage: " << e.message;
    EXPECT_EQ(e.where.rfind("line ", 0), 0u) << e.where;
  }
}

TEST(JsonParse, RejectsMalformedNumbers) {
  ExpectRejections({
      {"01", "leading zeros"},
      {"-01", "leading zeros"},
      {"00", "leading zeros"},
      {"[007]", "leading zeros"},
      {"-", "truncated"},
      {"-a", "expected a digit after '-'"},
      {"- 1", "expected a digit after '-'"},
      {".5", "expected a value"},
      {"-.5", "expected a digit after '-'"},
      {"1.", "truncated"},
      {"[1.]", "expected a digit after the decimal point"},
      {"1.e5", "expected a digit after the decimal point"},
      {"1e", "truncated"},
      {"[1e]", "expected a digit in the exponent"},
      {"[1e+]", "expected a digit in the exponent"},
      {"+1", "expected a value"},
      {"0x10", "expected end of input"},
      {"NaN", "expected a value"},
      {"Infinity", "expected a value"},
      {"-Infinity", "expected a digit after '-'"},
      {"[nan]", "expected 'null'"},
  });
}

TEST(JsonParse, RejectsBadStructure) {
  ExpectRejections({
      {"", "empty document"},
      {" \n\t ", "empty document"},
      {"[1,]", "trailing comma before ']'"},
      {"{\"a\":1,}", "trailing comma before '}'"},
      {"[,1]", "expected a value"},
      {"[1 2]", "expected ',' or ']'"},
      {"{\"a\" 1}", "expected ':' after the key"},
      {"{\"a\":1 \"b\":2}", "expected ',' or '}'"},
      {"{a:1}", "expected a string key"},
      {"{'a':1}", "expected a string key"},
      {"['a']", "expected a value"},
      {"1 2", "after the JSON value: expected end of input"},
      {"{} x", "after the JSON value"},
      {"[]]", "after the JSON value"},
      {"nulll", "after the JSON value"},
      {"tru", "truncated"},
      {"trUe", "expected 'true'"},
      {"fals", "truncated"},
      {"nul", "truncated"},
      {"[1,2", "truncated"},
      {"{\"a\":", "truncated"},
      {"{\"a\"", "truncated"},
      {"{", "truncated"},
      {"[", "truncated"},
      {"\"abc", "unterminated string"},
      {"/* c */ 1", "expected a value"},
      {"1 // c", "after the JSON value"},
      {"\xEF\xBB\xBF{}", "expected a value"},  // byte order mark
      {std::string("[1]\0", 4), "after the JSON value"},
  });
}

TEST(JsonParse, RejectsBadStrings) {
  ExpectRejections({
      {"\"a\x01\"", "control character U+0001 must be escaped"},
      {"\"a\tb\"", "control character U+0009 must be escaped"},
      {"\"a\nb\"", "control character U+000a must be escaped"},
      {std::string("\"a\0b\"", 5), "control character U+0000"},
      {"\"\\x\"", "invalid escape"},
      {"\"\\'\"", "invalid escape"},
      {"\"\\u12G4\"", "expected 4 hex digits"},
      {"\"\\u12\"", "expected 4 hex digits"},
      {"\"\\u12", "truncated"},
      {"\"\\ud800\"", "lone high surrogate"},
      {"\"\\ud83dx\"", "lone high surrogate"},
      {"\"\\ud83d\\u0041\"", "lone high surrogate"},
      {"\"\\ud83d\\ud83d\"", "lone high surrogate"},
      {"\"\\ud83d\\n\"", "lone high surrogate"},
      {"\"\\udc00\"", "lone low surrogate"},
      {"\"\\ude00\\ud83d\"", "lone low surrogate"},
  });
}

TEST(JsonParse, RejectsInvalidUtf8) {
  ExpectRejections({
      {"\"\xC0\x80\"", "overlong"},                 // NUL, overlong 2-byte
      {"\"\xC1\xBF\"", "overlong"},
      {"\"\xE0\x80\x80\"", "overlong"},             // overlong 3-byte
      {"\"\xE0\x9F\xBF\"", "overlong"},
      {"\"\xF0\x80\x80\x80\"", "overlong"},         // overlong 4-byte
      {"\"\xF0\x8F\xBF\xBF\"", "overlong"},
      {"\"\xED\xA0\x80\"", "surrogate"},            // U+D800 encoded in UTF-8
      {"\"\xED\xBF\xBF\"", "surrogate"},            // U+DFFF
      {"\"\xED\xA0\xBD\xED\xB8\x80\"", "surrogate"},  // CESU-8 pair
      {"\"\xF4\x90\x80\x80\"", "beyond U+10FFFF"},  // U+110000
      {"\"\xF5\x80\x80\x80\"", "beyond U+10FFFF"},
      {"\"\xFF\"", "never appears in UTF-8"},
      {"\"\x80\"", "continuation"},                 // lone continuation byte
      {"\"a\xBF\"", "continuation"},
      {"\"\xD0\"", "expected a continuation byte"},  // truncated 2-byte before quote
      {"\"\xE2\x82\"", "expected a continuation byte"},
      {"\"\xE2\x82", "truncated"},
      {"\"\xD0\x41\"", "expected a continuation byte"},
      {"\"\xF0\x9F\x98\"", "expected a continuation byte"},
      {"{\"\xD0\x41\":1}", "expected a continuation byte"},  // keys are checked too
  });
}

TEST(JsonParse, RejectsDuplicateKeysAfterUnescaping) {
  Error e = ParseFailure(R"({"id": 1, "name": "x", "id": 2})");
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_EQ(e.message, "duplicate key \"id\"");
  EXPECT_EQ(e.where, "line 1, column 24");

  EXPECT_EQ(ParseFailure(R"({"a":1,"\u0061":2})").message, "duplicate key \"a\"");
  EXPECT_EQ(ParseFailure(R"({"\u20ac":1,"€":2})").message, "duplicate key \"€\"");
  // Same key in different objects is fine.
  EXPECT_TRUE(Parse(R"({"a":{"a":1},"b":{"a":2}})").ok());

  // Large objects use the hash set; check both a duplicate and many distinct keys.
  std::string big = "{";
  for (int i = 0; i < 1000; ++i) {
    big += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  }
  Result<Value> ok = Parse(big + "}");
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(ok->size(), 1000u);
  EXPECT_EQ(ok->Find("k999")->as_int(), 999);
  for (int dup : {0, 15, 16, 17, 500, 999}) {
    Error de = ParseFailure(big + ",\"k" + std::to_string(dup) + "\":0}");
    EXPECT_EQ(de.message, "duplicate key \"k" + std::to_string(dup) + "\"");
  }
  Error de17 = ParseFailure(R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,)"
                            R"("k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"a":17})");
  EXPECT_EQ(de17.message, "duplicate key \"a\"");
}

TEST(JsonParse, DepthLimit) {
  auto nested = [](int depth) {
    auto n = static_cast<size_t>(depth);
    return std::string(n, '[') + std::string(n, ']');
  };
  EXPECT_TRUE(Parse(nested(64)).ok());
  Error e = ParseFailure(nested(65));
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_NE(e.message.find("deeper than the limit of 64"), std::string::npos) << e.message;
  EXPECT_EQ(e.where, "line 1, column 65");

  ParseOptions shallow;
  shallow.max_depth = 2;
  EXPECT_TRUE(Parse(R"({"a":[1]})", shallow).ok());
  EXPECT_FALSE(Parse(R"({"a":[{}]})", shallow).ok());
  EXPECT_FALSE(Parse(R"([[[1]]])", shallow).ok());
  // A very deep document fails cleanly rather than exhausting the stack.
  EXPECT_FALSE(Parse(nested(100000)).ok());
}

TEST(JsonParse, SizeLimitCheckedFirst) {
  ParseOptions small;
  small.max_bytes = 10;
  EXPECT_TRUE(Parse("[1,2,3,4]", small).ok());  // 9 bytes
  EXPECT_TRUE(Parse("[1,2,3,40]", small).ok());  // exactly 10
  Result<Value> r = Parse("[1,2,3,400]", small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.error().message.find("11 bytes"), std::string::npos) << r.error().message;
  // Even garbage is reported as too large: nothing is parsed.
  Result<Value> g = Parse("garbage garbage", small);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::kTooLarge);
}

TEST(JsonParse, ErrorPositionsCountLinesAndCharacters) {
  // Column counts characters, so Cyrillic letters (2 bytes each) count once.
  Error e = ParseFailure("{\n  \"name\": \"Астана\",\n  \"id\": 01\n}");
  EXPECT_EQ(e.where, "line 3, column 9");
  Error c = ParseFailure("[\"Алматы\" 1]");
  EXPECT_EQ(c.where, "line 1, column 11");
  Error t = ParseFailure("{\n\"a\": [1,\n");
  EXPECT_EQ(t.where, "line 3, column 1");
  EXPECT_EQ(t.message, "unexpected end of input: the document is truncated");
  EXPECT_EQ(t.ToString(), "line 3, column 1: unexpected end of input: the document is truncated");
}

// ---- Canonicalisation (RFC 8785) ------------------------------------------------------------

TEST(JsonCanonical, Rfc8785Section322Sample) {
  const char* input = R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})";
  EXPECT_EQ(CanonicalOf(input, Lenient()),
            "{\"literals\":[null,true,false],"
            "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST(JsonCanonical, Rfc8785Section323KeySorting) {
  const char* input = R"({
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
})";
  Result<Value> v = Parse(input);
  ASSERT_TRUE(v.ok()) << v.error().ToString();
  std::string canonical = Canonicalize(*v);
  Result<Value> back = Parse(canonical);
  ASSERT_TRUE(back.ok());
  std::vector<std::string> values;
  for (const Member& m : back->members()) values.push_back(m.value.as_string());
  EXPECT_EQ(values, (std::vector<std::string>{
                        "Carriage Return", "One", "Control",
                        "Latin Small Letter O With Diaeresis", "Euro Sign",
                        "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"}));
  EXPECT_EQ(canonical,
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
            "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
            "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
            "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

TEST(JsonCanonical, Utf16OrderDiffersFromUtf8ByteOrder) {
  // U+FFFF is EF BF BF and U+10000 is F0 90 80 80: byte order puts U+FFFF first, UTF-16 order
  // (FFFF vs D800 DC00) puts U+10000 first.
  Value o = Value::Object();
  o.Set("\xEF\xBF\xBF", 1);
  o.Set("\xF0\x90\x80\x80", 2);
  o.Set("\xED\x9F\xBF", 3);  // U+D7FF sorts before both
  o.Set("a\xEE\x80\x80", 4);  // U+E000 after a shared prefix
  o.Set("a\xF4\x8F\xBF\xBF", 5);  // U+10FFFF after the same prefix: before U+E000
  o.Set("a", 6);
  EXPECT_EQ(Canonicalize(o), "{\"a\":6,\"a\xF4\x8F\xBF\xBF\":5,\"a\xEE\x80\x80\":4,"
                             "\"\xED\x9F\xBF\":3,\"\xF0\x90\x80\x80\":2,\"\xEF\xBF\xBF\":1}");
}

TEST(JsonCanonical, CyberphoneWeirdSample) {
  const char* input = R"({
  "\u20ac": "Euro Sign",
  "1": "One",
  "\u0080": "Control\u007f",
  "\ud83d\ude02": "Smiley",
  "\u00f6": "Latin Small Letter O With Diaeresis",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "</script>": "Browser Challenge"
})";
  EXPECT_EQ(CanonicalOf(input),
            "{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\xC2\x80\":\"Control\x7F\","
            "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
            "\"\xF0\x9F\x98\x82\":\"Smiley\",\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

TEST(JsonCanonical, StringEscaping) {
  std::string all;
  for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
  all += "\"\\/\x7F\xE2\x80\xA8<>&'";
  std::string expected =
      "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
      "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
      "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/\x7F\xE2\x80\xA8<>&'\"";
  EXPECT_EQ(Canonicalize(Value(all)), expected);
  Result<Value> back = Parse(expected);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->as_string(), all);
  // Escapes at every offset around the 8-byte fast path.
  for (size_t n = 0; n < 20; ++n) {
    std::string s = std::string(n, 'a') + "\"" + std::string(n, 'b') + "\n";
    EXPECT_EQ(Canonicalize(Value(s)),
              "\"" + std::string(n, 'a') + "\\\"" + std::string(n, 'b') + "\\n\"");
  }
}

TEST(JsonCanonical, Rfc8785AppendixBNumbers) {
  struct Sample {
    uint64_t bits;
    const char* text;
  };
  const Sample samples[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const Sample& s : samples) {
    double d = std::bit_cast<double>(s.bits);
    EXPECT_EQ(Canonicalize(Value::Number(d)), s.text) << std::hex << s.bits;
    // The canonical text reads back as the same double.
    Result<Value> back = Parse(s.text, Lenient());
    ASSERT_TRUE(back.ok()) << s.text;
    EXPECT_EQ(back->as_number(), d) << s.text;
  }
}

TEST(JsonCanonical, MoreNumberLayouts) {
  EXPECT_EQ(Canonicalize(Value::Number(1.5)), "1.5");
  EXPECT_EQ(Canonicalize(Value::Number(-0.1)), "-0.1");
  EXPECT_EQ(Canonicalize(Value::Number(100)), "100");
  EXPECT_EQ(Canonicalize(Value::Number(123.456)), "123.456");
  EXPECT_EQ(Canonicalize(Value::Number(1e20)), "100000000000000000000");
  EXPECT_EQ(Canonicalize(Value::Number(1e21)), "1e+21");
  EXPECT_EQ(Canonicalize(Value::Number(1.5e21)), "1.5e+21");
  EXPECT_EQ(Canonicalize(Value::Number(1e-6)), "0.000001");
  EXPECT_EQ(Canonicalize(Value::Number(1e-7)), "1e-7");
  EXPECT_EQ(Canonicalize(Value::Number(-1.25e-7)), "-1.25e-7");
  EXPECT_EQ(Canonicalize(Value::Number(0.5)), "0.5");
  EXPECT_EQ(Canonicalize(Value(int64_t{-kMaxSafeInteger})), "-9007199254740991");
  EXPECT_EQ(Canonicalize(Value(0)), "0");
}

TEST(JsonCanonical, NoWhitespaceAndNestedSorting) {
  EXPECT_EQ(CanonicalOf(R"( { "b" : [ 1 , { "z" : null , "y" : [ ] } ] , "a" : { } } )"),
            R"({"a":{},"b":[1,{"y":[],"z":null}]})");
}

TEST(JsonCanonical, CanonicalizeToAppends) {
  std::string out = "prefix:";
  out.reserve(64);
  CanonicalizeTo(Parse(R"({"b":1,"a":2})").value(), &out);
  EXPECT_EQ(out, R"(prefix:{"a":2,"b":1})");
}

TEST(JsonCanonical, RoundTripIsStable) {
  const char* docs[] = {
      R"({"polling_stations":[{"number":1,"name":"Избирательный участок №1","address":"ул. Абая, 10","registered_voters":1520},{"number":2,"name":"Сайлау учаскесі","registered_voters":0}],"key":"00ff"})",
      R"(["\u0000\u001f\"\\", "\ud83d\ude00", "\u2028", [], {}, [[[]]], -1, 0, true, null])",
      R"({"\u00e9":1,"e\u0301":2,"\ufb33":{"\ud800\udc00":3}})",
  };
  for (const char* doc : docs) {
    Result<Value> first = Parse(doc);
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    std::string canonical = Canonicalize(*first);
    Result<Value> second = Parse(canonical);
    ASSERT_TRUE(second.ok()) << second.error().ToString();
    EXPECT_EQ(*first, *second);
    EXPECT_EQ(Canonicalize(*second), canonical);
    // Pretty output parses back to the same value too.
    Result<Value> pretty = Parse(Pretty(*first));
    ASSERT_TRUE(pretty.ok()) << pretty.error().ToString();
    EXPECT_EQ(*pretty, *first);
  }
}

// ---- Pretty and pointers --------------------------------------------------------------------

TEST(JsonPretty, IndentsAndKeepsInsertionOrder) {
  Value v = Parse(R"({"b":[1,{"x":"y"}],"a":{},"c":[]})").value();
  EXPECT_EQ(Pretty(v),
            "{\n"
            "  \"b\": [\n"
            "    1,\n"
            "    {\n"
            "      \"x\": \"y\"\n"
            "    }\n"
            "  ],\n"
            "  \"a\": {},\n"
            "  \"c\": []\n"
            "}");
  EXPECT_EQ(Pretty(Value(5)), "5");
}

TEST(JsonPointer, EscapesTokens) {
  EXPECT_EQ(PointerAppend("", "polling_stations"), "/polling_stations");
  EXPECT_EQ(PointerAppend("/polling_stations", size_t{3}), "/polling_stations/3");
  EXPECT_EQ(PointerAppend("/a", "b/c~d"), "/a/b~1c~0d");
  EXPECT_EQ(PointerAppend("/a", ""), "/a/");
}

}  // namespace
}  // namespace ashyq::json
