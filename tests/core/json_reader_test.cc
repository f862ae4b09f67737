#include "core/json_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ashyq::json {
namespace {

Value MustParse(std::string_view text) {
  Result<Value> r = Parse(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? std::move(r).value() : Value();
}

TEST(ObjectReader, ReadsTypedFields) {
  Value v = MustParse(R"({"id":"pec-0001","name":"Астана","number":3,"open":true,
                          "members":[1,2],"address":{"city":"Астана"},"note":null})");
  std::vector<Error> errors;
  ObjectReader r(v, "/polling_stations/3", &errors);
  EXPECT_TRUE(r.is_object());
  EXPECT_EQ(r.path(), "/polling_stations/3");
  EXPECT_EQ(r.String("id"), "pec-0001");
  EXPECT_EQ(r.NonEmptyString("name"), "Астана");
  EXPECT_EQ(r.Int("number", 1, 10), 3);
  EXPECT_TRUE(r.Bool("open"));
  const Value* members = r.Array("members");
  ASSERT_NE(members, nullptr);
  EXPECT_EQ(members->size(), 2u);
  const Value* address = r.Object("address");
  ASSERT_NE(address, nullptr);
  EXPECT_EQ(address->Find("city")->as_string(), "Астана");
  EXPECT_TRUE(r.Any("note")->is_null());
  r.RejectUnknown();
  EXPECT_TRUE(errors.empty()) << errors[0].ToString();
}

TEST(ObjectReader, CollectsEveryProblemWithItsPointer) {
  Value v = MustParse(R"({"id":7,"name":"","number":0,"open":"yes","regsitered_voters":10,
                          "a/b":1})");
  std::vector<Error> errors;
  ObjectReader r(v, "/polling_stations/3", &errors);
  EXPECT_EQ(r.String("id"), "");
  EXPECT_EQ(r.NonEmptyString("name"), "");
  EXPECT_EQ(r.Int("number", 1, 100), 0);
  EXPECT_FALSE(r.Bool("open"));
  EXPECT_EQ(r.Int("registered_voters"), 0);
  EXPECT_EQ(r.Array("members"), nullptr);
  r.RejectUnknown();

  ASSERT_EQ(errors.size(), 8u);
  auto expect = [&](size_t i, const std::string& where, const std::string& message) {
    EXPECT_EQ(errors[i].code, ErrorCode::kBadInput);
    EXPECT_EQ(errors[i].where, where);
    EXPECT_EQ(errors[i].message, message);
  };
  expect(0, "/polling_stations/3/id", "expected string, found integer");
  expect(1, "/polling_stations/3/name", "must not be empty");
  expect(2, "/polling_stations/3/number", "value 0 is below the minimum 1");
  expect(3, "/polling_stations/3/open", "expected boolean, found string");
  expect(4, "/polling_stations/3/registered_voters", "missing required field");
  expect(5, "/polling_stations/3/members", "missing required field");
  expect(6, "/polling_stations/3/regsitered_voters", "unknown field \"regsitered_voters\"");
  expect(7, "/polling_stations/3/a~1b", "unknown field \"a/b\"");
  EXPECT_EQ(errors[2].ToString(), "/polling_stations/3/number: value 0 is below the minimum 1");
}

TEST(ObjectReader, RangeChecks) {
  Value v = MustParse(R"({"low":-5,"high":1000001,"ok":1000000})");
  std::vector<Error> errors;
  ObjectReader r(v, "", &errors);
  EXPECT_EQ(r.Int("low", 0), 0);
  EXPECT_EQ(r.Int("high", 0, 1'000'000), 0);
  EXPECT_EQ(r.Int("ok", 0, 1'000'000), 1'000'000);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].where, "/low");
  EXPECT_EQ(errors[0].message, "value -5 is below the minimum 0");
  EXPECT_EQ(errors[1].message, "value 1000001 is above the maximum 1000000");
}

TEST(ObjectReader, OptionalFields) {
  Value v = MustParse(R"({"s":"x","i":5,"b":false,"n":null,"a":[],"o":{},"bad":"7","big":50})");
  std::vector<Error> errors;
  ObjectReader r(v, "/x", &errors);
  EXPECT_EQ(r.OptionalString("s"), "x");
  EXPECT_EQ(r.OptionalString("absent"), std::nullopt);
  EXPECT_EQ(r.OptionalString("n"), std::nullopt);  // null reads as absent
  EXPECT_EQ(r.OptionalInt("i"), 5);
  EXPECT_EQ(r.OptionalInt("n"), std::nullopt);
  EXPECT_EQ(r.OptionalBool("b"), false);
  EXPECT_EQ(r.OptionalBool("absent2"), std::nullopt);
  EXPECT_NE(r.OptionalArray("a"), nullptr);
  EXPECT_EQ(r.OptionalArray("absent3"), nullptr);
  EXPECT_NE(r.OptionalObject("o"), nullptr);
  EXPECT_EQ(r.OptionalObject("a"), nullptr);   // wrong kind
  EXPECT_EQ(r.OptionalInt("bad"), std::nullopt);  // wrong kind
  EXPECT_EQ(r.OptionalInt("big", 0, 10), std::nullopt);  // out of range
  r.RejectUnknown();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].where, "/x/a");
  EXPECT_EQ(errors[0].message, "expected object, found array");
  EXPECT_EQ(errors[1].where, "/x/bad");
  EXPECT_EQ(errors[1].message, "expected integer, found string");
  EXPECT_EQ(errors[2].where, "/x/big");
  EXPECT_EQ(errors[2].message, "value 50 is above the maximum 10");
}

TEST(ObjectReader, RequiredNullIsWrongKind) {
  Value v = MustParse(R"({"id":null})");
  std::vector<Error> errors;
  ObjectReader r(v, "", &errors);
  EXPECT_EQ(r.String("id"), "");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "expected string, found null");
  EXPECT_EQ(r.Any("missing"), nullptr);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].message, "missing required field");
}

TEST(ObjectReader, NotAnObjectRecordsOneError) {
  Value v = MustParse(R"([1,2])");
  std::vector<Error> errors;
  ObjectReader r(v, "/commissions/2", &errors);
  EXPECT_FALSE(r.is_object());
  EXPECT_EQ(r.String("id"), "");
  EXPECT_EQ(r.Int("n"), 0);
  EXPECT_EQ(r.OptionalString("x"), std::nullopt);
  r.RejectUnknown();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where, "/commissions/2");
  EXPECT_EQ(errors[0].message, "expected object, found array");
}

TEST(ObjectReader, FailAndPathOf) {
  Value v = Value::Object();
  std::vector<Error> errors;
  ObjectReader r(v, "/a", &errors);
  EXPECT_EQ(r.PathOf("m~n"), "/a/m~0n");
  r.Fail("seats", "7 seats for 6 candidates");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where, "/a/seats");
  EXPECT_EQ(errors[0].message, "7 seats for 6 candidates");
}

}  // namespace
}  // namespace ashyq::json
