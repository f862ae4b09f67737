#include "registry/station_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "register_fixture.h"

namespace ashyq::registry {
namespace {

using ::testing::HasSubstr;

class StationMapTest : public ::testing::Test {
 protected:
  ElectionDefinition definition_ = testing::SmallDefinition();
  StationMap Map(std::string_view csv) {
    Result<StationMap> map = StationMap::Parse(csv, definition_);
    EXPECT_TRUE(map.ok()) << map.error().ToString();
    return std::move(map).value();
  }
  Error Refused(std::string_view csv) {
    Result<StationMap> map = StationMap::Parse(csv, definition_);
    EXPECT_FALSE(map.ok());
    return map.ok() ? Error{} : map.error();
  }
};

TEST_F(StationMapTest, RangesParityAndTheRestOfTheSettlement) {
  StationMap map = Map(testing::kBoundaries);
  EXPECT_EQ(map.rule_count(), 5u);
  auto at = [&](std::string_view region, std::string_view settlement, std::string_view street, std::string_view house) {
    return map.Assign({region, settlement, street, house});
  };
  EXPECT_EQ(at("almaty-city", "Алматы", "Абай даңғылы", "1"), 0u);
  EXPECT_EQ(at("almaty-city", "Алматы", "Абай даңғылы", "45А"), 0u);
  EXPECT_EQ(at("almaty-city", "Алматы", "Абай даңғылы", "47"), 1u);
  EXPECT_EQ(at("almaty-city", "Алматы", "Абай даңғылы", "1001/2"), 1u);
  EXPECT_EQ(at("almaty-city", "Алматы", "Абай даңғылы", "46"), 2u);
  EXPECT_EQ(at("almaty-city", "Алматы", "Абай даңғылы", "б/н"), 2u);  // the only rule without bounds
  EXPECT_EQ(at("almaty-city", "Алматы", "Сейфуллин", "3"), 2u);       // rest of the city
  EXPECT_EQ(at("akmola", "Қараөзек", "", "7"), 3u);
  std::string why;
  EXPECT_EQ(map.Assign({"akmola", "Қосшы", "Бейбітшілік", "3"}, &why), kNoStation);
  EXPECT_THAT(why, HasSubstr("Қосшы"));
  // Another region's settlement of the same name is another place.
  EXPECT_EQ(at("akmola", "Алматы", "Абай даңғылы", "1"), kNoStation);
}

TEST_F(StationMapTest, OverlappingRulesAreRefusedNamingBothLines) {
  Error e = Refused(std::string(testing::kBoundaries) + "ps-almaty-city-0002,almaty-city,Алматы,Абай даңғылы,41,41,\n");
  EXPECT_EQ(e.where, "line 7, field \"first\"");
  EXPECT_EQ(e.rule, "R-B2.one-list");
  EXPECT_THAT(e.message, HasSubstr("line 2"));
  // Odd against even never overlaps; even 40-50 against odd 1-45 neither.
  Map(std::string(testing::kBoundaries).replace(testing::kBoundaries.find("ps-almaty-city-0003,almaty-city,Алматы,Абай даңғылы,,,even"),
                                                 std::string_view("ps-almaty-city-0003,almaty-city,Алматы,Абай даңғылы,,,even").size(),
                                                 "ps-almaty-city-0003,almaty-city,Алматы,Абай даңғылы,40,50,even"));
  // A second rule for a whole settlement overlaps the first.
  e = Refused(std::string(testing::kBoundaries) + "ps-akmola-0002,akmola,Қараөзек,,,,\n");
  EXPECT_THAT(e.message, HasSubstr("line 6"));
}

TEST_F(StationMapTest, UnknownStationsWrongRegionsAndBadNumbers) {
  const std::string header = "station,region,settlement,street,first,last,parity\n";
  Error e = Refused(header + "ps-nowhere-0001,akmola,Қараөзек,,,,\n");
  EXPECT_EQ(e.where, "line 2, field \"station\"");
  e = Refused(header + "ps-akmola-0001,almaty-city,Қараөзек,,,,\n");
  EXPECT_EQ(e.where, "line 2, field \"region\"");
  e = Refused(header + "ps-akmola-0001,akmola,Қараөзек,Бейбітшілік,5a,,\n");
  EXPECT_EQ(e.where, "line 2, field \"first\"");
  e = Refused(header + "ps-akmola-0001,akmola,Қараөзек,Бейбітшілік,9,3,\n");
  EXPECT_EQ(e.where, "line 2, field \"last\"");
  e = Refused(header + "ps-akmola-0001,akmola,Қараөзек,Бейбітшілік,,,both\n");
  EXPECT_EQ(e.where, "line 2, field \"parity\"");
  e = Refused("station,region,settlement\n");
  EXPECT_EQ(e.where, "line 1");
}

TEST(HouseNumber, TheNumberAtTheStart) {
  EXPECT_EQ(HouseNumber("45"), 45);
  EXPECT_EQ(HouseNumber("45А"), 45);
  EXPECT_EQ(HouseNumber("12/3"), 12);
  EXPECT_EQ(HouseNumber("б/н"), -1);
  EXPECT_EQ(HouseNumber(""), -1);
}

}  // namespace
}  // namespace ashyq::registry
