#include "record/published_shapes.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace ashyq::record {
namespace {

PollingStation Station() {
  PollingStation s;
  s.id = "ps-north-0012";
  s.number = 12;
  s.commission = "pec-north-0012";
  s.region = "north";
  s.address = {"№12 мектеп, Абай көшесі, 45, Алматы", "Школа №12, улица Абая, 45, Алматы",
               "School No. 12, Abai Street 45, Almaty"};
  s.registered_voters = 900;
  return s;
}

// Issue 16: addresses stayed English on kk/ru pages. Every published shape that names a
// station's address gives it in the three languages, as names are.
void ExpectAddress(const json::Value* address, const PollingStation& s, const std::string& where) {
  ASSERT_NE(address, nullptr) << where;
  ASSERT_TRUE(address->is_object()) << where;
  EXPECT_EQ(address->Find("kk")->as_string(), s.address.kk) << where;
  EXPECT_EQ(address->Find("ru")->as_string(), s.address.ru) << where;
  EXPECT_EQ(address->Find("en")->as_string(), s.address.en) << where;
  EXPECT_EQ(*address, NameJson(s.address)) << where;
}

TEST(PublishedShapesTest, StationAddressInThreeLanguages) {
  const PollingStation s = Station();
  ExpectAddress(StationJson(s).Find("address"), s, "station file");
  const json::Value brief = StationBriefJson(s);
  EXPECT_EQ(brief.Find("number")->as_int(), 12);
  ExpectAddress(brief.Find("address"), s, "commission's child");

  ElectionDefinition def;
  def.polling_stations = {s};
  std::map<int64_t, json::Value> buckets = SearchEntries(def, [](const PollingStation&) { return "data/x.json"; });
  ASSERT_EQ(buckets.size(), 1u);
  const json::Value& entries = buckets.begin()->second;
  ASSERT_EQ(entries.items().size(), 1u);
  ExpectAddress(entries.items()[0].Find("address"), s, "search");
}

}  // namespace
}  // namespace ashyq::record
