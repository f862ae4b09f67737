#include "registry/voter_register.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "register_fixture.h"

namespace ashyq::registry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Person;

class VoterRegisterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<StationMap> map = StationMap::Parse(testing::kBoundaries, definition_);
    ASSERT_TRUE(map.ok()) << map.error().ToString();
    map_ = std::make_unique<StationMap>(std::move(*map));
  }
  Result<VoterRegister> Import(const std::string& rows) {
    problems_ = {};
    ExtractOptions options;
    options.election_day = 20190609;
    extract_ = std::string(testing::kExtractHeader) + rows;
    return VoterRegister::Import(extract_, *map_, options, &problems_);
  }
  NationalId Id(uint32_t serial, int32_t birth) { return MakeNationalId(birth, serial % 2 == 1, serial); }

  ElectionDefinition definition_ = testing::SmallDefinition();
  std::unique_ptr<StationMap> map_;
  ExtractProblems problems_;
  std::string extract_;
};

const std::string kFour = Person(1, 19870214, "Ахметова", "Айгүл", "almaty-city,Алматы,Абай даңғылы,45,12") + "\n" +
                          Person(2, 19600101, "Бекұлы", "Ерлан", "almaty-city,Алматы,Абай даңғылы,46,") + "\n" +
                          Person(3, 19751231, "Ким", "Ли", "akmola,Қараөзек,,7,") + "\n" +
                          Person(4, 19990101, "Ахметов", "\"Нұр, Сұлтан\"", "almaty-city,Алматы,Абай даңғылы,3,") +
                          "\n";

TEST_F(VoterRegisterTest, EveryVoterGetsTheStationOfTheirAddress) {
  Result<VoterRegister> reg = Import(kFour);
  ASSERT_TRUE(reg.ok()) << reg.error().ToString();
  EXPECT_EQ(reg->size(), 4u);
  EXPECT_EQ(reg->station_counts(), (std::vector<uint32_t>{2, 0, 1, 1, 0}));
  const std::optional<size_t> i = reg->Find(Id(1, 19870214));
  ASSERT_TRUE(i.has_value());
  const Voter v = reg->voter(*i);
  EXPECT_EQ(v.surname, "Ахметова");
  EXPECT_EQ(v.street, "Абай даңғылы");
  EXPECT_EQ(v.house, "45");
  EXPECT_EQ(v.apartment, "12");
  EXPECT_EQ(v.station, 0u);
  EXPECT_EQ(v.line, 2u);
}

TEST_F(VoterRegisterTest, APersonTwiceIsReportedWithBothLinesAndNeitherIsEntered) {
  const std::string rows = kFour + Person(1, 19870214, "Ахметова", "Айгүл", "akmola,Қараөзек,,9,") + "\n";
  Result<VoterRegister> reg = Import(rows);
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(reg.error().rule, "R-B2.one-list");
  EXPECT_EQ(reg.error().where, "line 6, field \"national_id\"");
  EXPECT_THAT(reg.error().message, HasSubstr("line 2"));
  EXPECT_THAT(reg.error().message, HasSubstr("nothing was registered"));
  ASSERT_EQ(problems_.total, 1u);
}

TEST_F(VoterRegisterTest, AnAddressNoStationServesIsAProblemOfItsLine) {
  Result<VoterRegister> reg = Import(kFour + Person(5, 19800101, "A", "B", "akmola,Қосшы,Бейбітшілік,3,") + "\n");
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.error().where, "line 6, field \"house\"");
  EXPECT_EQ(reg.error().rule, "R-B1.station-by-address");
  EXPECT_THAT(reg.error().message, HasSubstr("Қосшы"));
}

TEST_F(VoterRegisterTest, PublishedListsHoldNameYearAndAddressNeverTheNationalId) {
  Result<VoterRegister> reg = Import(kFour);
  ASSERT_TRUE(reg.ok());
  const VoterRegister::PublicLists lists = reg->MakePublicLists();
  EXPECT_EQ(lists.size(0), 2u);
  const std::string csv = reg->PublicListCsv(lists, 0);
  EXPECT_EQ(csv,
            "number,surname,given_name,patronymic,birth_year,settlement,street,house,apartment\r\n"
            "1,Ахметов,\"Нұр, Сұлтан\",,1999,Алматы,Абай даңғылы,3,\r\n"
            "2,Ахметова,Айгүл,,1987,Алматы,Абай даңғылы,45,12\r\n");
  for (size_t s = 0; s < reg->station_count(); ++s) {
    const std::string list = reg->PublicListCsv(lists, static_cast<StationIndex>(s));
    for (size_t i = 0; i < reg->size(); ++i) {
      EXPECT_THAT(list, Not(HasSubstr(FormatNationalId(reg->voter(i).national_id))));
      EXPECT_THAT(list, Not(HasSubstr("-02-14")));  // no full date of birth
    }
  }
  EXPECT_EQ(reg->PublicListCsv(lists, 4), "number,surname,given_name,patronymic,birth_year,settlement,street,house,apartment\r\n");
}

TEST_F(VoterRegisterTest, CheckMyRegistrationAnswersOnlyForTheRightPerson) {
  Result<VoterRegister> reg = Import(kFour);
  ASSERT_TRUE(reg.ok());
  RegistrationAnswer a = reg->CheckRegistration(Id(3, 19751231), "Ким", "Ли");
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.station, 3u);
  // A known id with another name answers exactly as an unknown id.
  const RegistrationAnswer wrong_name = reg->CheckRegistration(Id(3, 19751231), "Ким", "Лия");
  const RegistrationAnswer unknown = reg->CheckRegistration(Id(9, 19751231), "Ким", "Ли");
  EXPECT_FALSE(wrong_name.found);
  EXPECT_FALSE(unknown.found);
  EXPECT_EQ(wrong_name.station, unknown.station);
}

TEST_F(VoterRegisterTest, AddAndRemoveKeepOnePersonOneEntry) {
  Result<VoterRegister> reg = Import(kFour);
  ASSERT_TRUE(reg.ok());
  Voter v;
  v.national_id = Id(5, 19800101);
  v.surname = "Жаңа";
  v.given_name = "Адам";
  v.birth_date = 19800101;
  v.region = "almaty-city";
  v.settlement = "Алматы";
  v.street = "Абай даңғылы";
  v.house = "51";
  ASSERT_TRUE(reg->Add(v, *map_).ok());
  EXPECT_EQ(reg->station_counts()[1], 1u);
  EXPECT_TRUE(reg->CheckRegistration(v.national_id, "Жаңа", "Адам").found);
  Status again = reg->Add(v, *map_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().rule, "R-B2.one-list");
  v.national_id = Id(6, 19800101);
  v.settlement = "Қосшы";
  EXPECT_EQ(reg->Add(v, *map_).error().rule, "R-B1.station-by-address");
  ASSERT_TRUE(reg->Remove(Id(1, 19870214)).ok());
  EXPECT_EQ(reg->size(), 4u);
  EXPECT_EQ(reg->station_counts()[0], 1u);
  EXPECT_EQ(reg->Remove(Id(1, 19870214)).error().code, ErrorCode::kNotFound);
}

TEST_F(VoterRegisterTest, TheIndexHoldsEveryVoterAtHomeByKeyedHash) {
  Result<VoterRegister> reg = Import(kFour);
  ASSERT_TRUE(reg.ok());
  const VoterKeyer keyer(std::array<uint8_t, 16>{1, 2, 3});
  Result<CheckInIndex> index = reg->BuildCheckInIndex(keyer, 10);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->voters(), 4u);
  EXPECT_EQ(index->HomeOf(keyer.KeyOf(Id(3, 19751231))), 3u);
  EXPECT_EQ(index->HomeOf(keyer.KeyOf(Id(9, 19751231))), kNoStation);
}

}  // namespace
}  // namespace ashyq::registry
