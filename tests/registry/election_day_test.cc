#include "registry/election_day.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "register_fixture.h"
#include "registry/avc_ledger.h"

namespace ashyq::registry {
namespace {

using ::testing::HasSubstr;

// Station indices of the small definition.
constexpr StationIndex kAbaiOdd = 0, kAbaiEven = 2, kVillage = 3, kHospital = 4;
constexpr std::string_view kAbaiOddAddress = "almaty-city,Алматы,Абай даңғылы,1,";
constexpr std::string_view kAbaiEvenAddress = "almaty-city,Алматы,Абай даңғылы,2,";
constexpr std::string_view kVillageAddress = "akmola,Қараөзек,,7,";

// A distinct date of birth for each k, so that no two ids can meet.
int32_t BirthOf(int k) { return (1950 + k / 336) * 10000 + (k / 28 % 12 + 1) * 100 + k % 28 + 1; }
NationalId IdOf(int k) { return MakeNationalId(BirthOf(k), k % 2 == 1, 10); }

std::string Line(int k, std::string_view address) {
  return FormatNationalId(IdOf(k)) + ",Сейітов,Асқар,," + testing::Iso(BirthOf(k)) + "," + std::string(address) + "\n";
}

// 300 voters at Абай odd, 50 at Абай even, 200 in the village (k 0..549); the hospital's list
// (ps-akmola-0002) is empty until someone moves there.
class ElectionDayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<StationMap> map = StationMap::Parse(testing::kBoundaries, definition_);
    ASSERT_TRUE(map.ok()) << map.error().ToString();
    map_ = std::make_unique<StationMap>(std::move(*map));
    std::string extract(testing::kExtractHeader);
    for (int k = 0; k < 550; ++k) extract += Line(k, k < 300 ? kAbaiOddAddress : k < 350 ? kAbaiEvenAddress : kVillageAddress);
    ExtractOptions options;
    options.election_day = 20190609;
    ExtractProblems problems;
    Result<VoterRegister> reg = VoterRegister::Import(extract, *map_, options, &problems);
    ASSERT_TRUE(reg.ok()) << reg.error().ToString();
    reg_ = std::make_unique<VoterRegister>(std::move(*reg));
    ASSERT_EQ(reg_->station_counts()[kAbaiOdd], 300u);
    ASSERT_EQ(reg_->station_counts()[kVillage], 200u);
  }

  // An election-day addition at Абай odd of person k (who is not in the extract).
  RegisterEvent Addition(int k, int hour) {
    RegisterEvent e;
    e.election = definition_.election_id;
    e.sequence = 2 + k;
    e.time = "2019-06-09T" + std::string(hour < 10 ? "0" : "") + std::to_string(hour) + ":15:00Z";
    e.kind = RegisterEventKind::kAdd;
    e.election_day = true;
    e.person.national_id = IdOf(k);
    e.person.surname = "Жаңа";
    e.person.given_name = "Дәурен";
    e.person.birth_date = BirthOf(k);
    e.person.region = "almaty-city";
    e.person.settlement = "Алматы";
    e.person.street = "Абай даңғылы";
    e.person.house = "5";
    e.station = "ps-almaty-city-0001";
    e.reason = "moved-in";
    e.proof = "ЦОН №" + std::to_string(k);
    return e;
  }

  ElectionDefinition definition_ = testing::SmallDefinition();
  std::unique_ptr<StationMap> map_;
  std::unique_ptr<VoterRegister> reg_;
  VoterKeyer keyer_{std::array<uint8_t, VoterKeyer::kKeySize>{7}};
};

TEST_F(ElectionDayTest, AdditionsAreCountedByHourAndAStationAboveTenPercentIsFlagged) {
  Result<CheckInIndex> index = reg_->BuildCheckInIndex(keyer_, 100);
  ASSERT_TRUE(index.ok());
  AdditionMonitor monitor(definition_, reg_->station_counts());
  for (int k = 1000; k < 1030; ++k) {
    ASSERT_TRUE(ApplyElectionDayAddition(Addition(k, k < 1020 ? 10 : 11), *map_, keyer_, reg_.get(), &*index, &monitor).ok());
  }
  EXPECT_EQ(monitor.HourlyCounts(kAbaiOdd)[10], 20);
  EXPECT_EQ(monitor.HourlyCounts(kAbaiOdd)[11], 10);
  EXPECT_TRUE(monitor.Flags().empty()) << "30 of 300 is 10%, not above it";
  ASSERT_TRUE(ApplyElectionDayAddition(Addition(1030, 12), *map_, keyer_, reg_.get(), &*index, &monitor).ok());
  const std::vector<Error> flags = monitor.Flags();
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].rule, "R-B2.additions-rate");
  EXPECT_EQ(flags[0].where, "ps-almaty-city-0001");
  EXPECT_THAT(flags[0].message, HasSubstr("31 voters added on election day to a list of 300 (10.3%)"));
  // An added voter is in the register and votes once.
  EXPECT_TRUE(reg_->Find(IdOf(1030)).has_value());
  EXPECT_EQ(index->CheckIn(keyer_.KeyOf(IdOf(1030)), kAbaiOdd), CheckInAnswer::kRecorded);
  EXPECT_EQ(index->CheckIn(keyer_.KeyOf(IdOf(1030)), kVillage), CheckInAnswer::kAlreadyCheckedIn);
}

TEST_F(ElectionDayTest, OverOneHundredAdditionsAreFlaggedWhateverTheListSize) {
  AdditionMonitor monitor(definition_, {5000, 0, 0, 0, 0});
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(monitor.Record(kAbaiOdd, 9 + i % 10, "moved-in", "ref").ok());
  EXPECT_TRUE(monitor.Flags().empty()) << "100 is not over 100, and 2% of 5000";
  ASSERT_TRUE(monitor.Record(kAbaiOdd, 19, "moved-in", "ref").ok());
  ASSERT_EQ(monitor.Flags().size(), 1u);
  EXPECT_THAT(monitor.Flags()[0].message, HasSubstr("101 voters"));
  AdditionMonitor strict(definition_, {5000, 0, 0, 0, 0}, {0.5, 5});
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(strict.Record(kAbaiOdd, 9, "moved-in", "ref").ok());
  EXPECT_THAT(strict.Flags()[0].message, HasSubstr("or 5 voters"));
}

TEST_F(ElectionDayTest, AnAdditionWithoutProofOrAtAnotherPrecinctsStationIsRefused) {
  Result<CheckInIndex> index = reg_->BuildCheckInIndex(keyer_, 10);
  ASSERT_TRUE(index.ok());
  AdditionMonitor monitor(definition_, reg_->station_counts());
  RegisterEvent no_proof = Addition(1000, 10);
  no_proof.proof.clear();
  Status s = ApplyElectionDayAddition(no_proof, *map_, keyer_, reg_.get(), &*index, &monitor);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-B2.addition-proof");
  EXPECT_THAT(s.error().ToString(), HasSubstr("ps-almaty-city-0001 without a proof reference"));
  EXPECT_EQ(monitor.Record(kAbaiOdd, 10, "", "ref").error().rule, "R-B2.addition-proof");

  RegisterEvent elsewhere = Addition(1001, 10);
  elsewhere.station = "ps-almaty-city-0002";  // a "residence certificate" from another precinct
  s = ApplyElectionDayAddition(elsewhere, *map_, keyer_, reg_.get(), &*index, &monitor);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-B2.addition-station");
  EXPECT_THAT(s.error().ToString(), HasSubstr("this address is ps-almaty-city-0001's"));
  EXPECT_FALSE(reg_->Find(IdOf(1001)).has_value());
  EXPECT_EQ(monitor.Added(kAbaiOdd), 0);

  RegisterEvent twice = Addition(5, 10);  // already on the list
  s = ApplyElectionDayAddition(twice, *map_, keyer_, reg_.get(), &*index, &monitor);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-B2.one-list");
}

TEST_F(ElectionDayTest, AvcsAreLimitedToOnePercentAndUsableOnceNationwide) {
  AvcLedger avc(*reg_, definition_);  // almaty-city: 350 voters (3 AVCs); akmola 200 (2)
  ASSERT_TRUE(avc.Print("almaty-city", 1, 3).ok());
  Status s = avc.Print("almaty-city", 100, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-B3.avc-limit");
  EXPECT_THAT(s.error().ToString(), HasSubstr("AVCs of almaty-city: [R-B3.avc-limit] printing 1 more would make 4, over 1% of the unit's 350 voters (3)"));
  EXPECT_EQ(avc.Print("akmola", 3, 1).error().rule, "R-B3.avc-serial") << "serial 3 printed before";
  ASSERT_TRUE(avc.Print("akmola", 4, 2).ok());

  ASSERT_TRUE(avc.Issue(1, IdOf(0)).ok());
  EXPECT_EQ(avc.SerialOf(IdOf(0)), 1);
  EXPECT_THAT(avc.Issue(2, IdOf(400)).error().message, HasSubstr("printed for almaty-city, but the voter is registered in akmola"));
  EXPECT_EQ(avc.Issue(2, IdOf(0)).error().rule, "R-B3.avc-serial") << "one certificate a voter";
  EXPECT_EQ(avc.Issue(1, IdOf(1)).error().rule, "R-B3.avc-serial") << "issued before";

  EXPECT_THAT(avc.Use(2, IdOf(1), kVillage).error().message, HasSubstr("a blank"));
  EXPECT_THAT(avc.Use(9, IdOf(1), kVillage).error().message, HasSubstr("never printed"));
  EXPECT_THAT(avc.Use(1, IdOf(1), kVillage).error().message, HasSubstr("issued to another voter"));
  ASSERT_TRUE(avc.Use(1, IdOf(0), kAbaiEven).ok());
  s = avc.Use(1, IdOf(0), kVillage);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-B3.avc-once");
  EXPECT_EQ(s.error().where, "AVC 1 at ps-akmola-0001");
  EXPECT_THAT(s.error().message, HasSubstr("already used at ps-almaty-city-0003"));
  EXPECT_EQ(avc.UsedAt(1), kAbaiEven);

  Result<AvcReconciliation> almaty = avc.Reconcile("almaty-city");
  ASSERT_TRUE(almaty.ok());
  EXPECT_EQ(almaty->voters, 350);
  EXPECT_EQ(almaty->limit, 3);
  EXPECT_EQ(almaty->printed, 3);
  EXPECT_EQ(almaty->issued, 1);
  EXPECT_EQ(almaty->used, 1);
  EXPECT_EQ(almaty->unused, 2);
  const std::vector<AvcReconciliation> all = avc.Reconcile();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].unit, "akmola");
  EXPECT_EQ(all[1].printed, 2);
  EXPECT_EQ(all[1].used, 0);
  EXPECT_FALSE(avc.Reconcile("nowhere").ok());
}

TEST_F(ElectionDayTest, TwoStationsRacingOnOneSerialGetOneUse) {
  AvcLedger avc(*reg_, definition_);
  ASSERT_TRUE(avc.Print("akmola", 1, 1).ok());
  ASSERT_TRUE(avc.Issue(1, IdOf(400)).ok());
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (StationIndex s : {kAbaiOdd, kAbaiEven, kVillage, kHospital}) {
    threads.emplace_back([&, s] { accepted += avc.Use(1, IdOf(400), s).ok() ? 1 : 0; });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_NE(avc.UsedAt(1), kNoStation);
}

TEST_F(ElectionDayTest, AvcEventsApplyInOrder) {
  AvcLedger avc(*reg_, definition_);
  RegisterEvent print;
  print.kind = RegisterEventKind::kAvcPrint;
  print.sequence = 2;
  print.unit = "akmola";
  print.first_serial = 10;
  print.count = 3;  // 200 voters: 2 at most
  Status s = avc.Apply(print, *map_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "event 2: AVCs of akmola");
  print.count = 2;
  ASSERT_TRUE(avc.Apply(print, *map_).ok());
  RegisterEvent issue;
  issue.kind = RegisterEventKind::kAvcIssue;
  issue.sequence = 3;
  issue.serial = 11;
  issue.person.national_id = IdOf(401);
  ASSERT_TRUE(avc.Apply(issue, *map_).ok());
  RegisterEvent use = issue;
  use.kind = RegisterEventKind::kAvcUse;
  use.sequence = 4;
  use.station = "ps-almaty-city-0001";
  ASSERT_TRUE(avc.Apply(use, *map_).ok());
  use.sequence = 5;
  use.station = "ps-almaty-city-0002";
  s = avc.Apply(use, *map_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-B3.avc-once");
  EXPECT_THAT(s.error().ToString(), HasSubstr("event 5: AVC 11 at ps-almaty-city-0002: [R-B3.avc-once] this certificate was already used at ps-almaty-city-0001"));
}

TEST_F(ElectionDayTest, AVoterOnTwoListsIsReportedAndCannotCheckInTwice) {
  // The hospital hands in its list: person 0 (still on Абай odd) and person 1, moved there.
  ASSERT_TRUE(reg_->Move(IdOf(1), kHospital).ok());
  EXPECT_EQ(reg_->station_counts()[kAbaiOdd], 299u);
  EXPECT_EQ(reg_->station_counts()[kHospital], 1u);
  EXPECT_EQ(reg_->Move(IdOf(1), kHospital).error().rule, "R-B2.one-list");
  const std::vector<SpecialListEntry> hospital = {{IdOf(0), kHospital, 2}, {IdOf(1), kHospital, 3},
                                                  {IdOf(1), kHospital, 4}, {IdOf(9999), kHospital, 5}};
  const std::vector<Error> report = FindVotersOnTwoLists(*reg_, hospital, definition_);
  ASSERT_EQ(report.size(), 3u);
  for (const Error& e : report) EXPECT_EQ(e.rule, "R-B2.one-list");
  EXPECT_EQ(report[0].where, "special list of ps-akmola-0002, line 2");
  EXPECT_THAT(report[0].message, HasSubstr("still on the list of ps-almaty-city-0001: on two lists"));
  EXPECT_THAT(report[1].message, HasSubstr("also on the special list of ps-akmola-0002, line 3"));
  EXPECT_THAT(report[2].message, HasSubstr("not on the register"));

  // Moved properly: nothing to report.
  const std::vector<SpecialListEntry> clean = {{IdOf(1), kHospital, 2}};
  EXPECT_TRUE(FindVotersOnTwoLists(*reg_, clean, definition_).empty());

  // Whatever the lists say, the one-vote index lets person 0 in once.
  Result<CheckInIndex> index = reg_->BuildCheckInIndex(keyer_, 0);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->HomeOf(keyer_.KeyOf(IdOf(1))), kHospital);
  EXPECT_EQ(index->CheckIn(keyer_.KeyOf(IdOf(0)), kAbaiOdd), CheckInAnswer::kRecorded);
  EXPECT_EQ(index->CheckIn(keyer_.KeyOf(IdOf(0)), kHospital), CheckInAnswer::kAlreadyCheckedIn);
}

TEST_F(ElectionDayTest, MobileBallotsMayNotExceedTheRequestsRecordedBeforeTheBoxLeft) {
  MobileBoxes boxes(*reg_, definition_);
  const std::vector<std::string> two = {"pec-akmola-0001.m1", "pec-akmola-0001.m2"};
  const std::vector<std::string> one = {"pec-akmola-0001.m1"};
  const std::vector<std::string> same = {"pec-akmola-0001.m1", "pec-akmola-0001.m1"};
  EXPECT_EQ(boxes.Request(IdOf(400), kVillage, one).error().rule, "R-B4.mobile-escort");
  EXPECT_EQ(boxes.Request(IdOf(400), kVillage, same).error().rule, "R-B4.mobile-escort");
  EXPECT_THAT(boxes.Request(IdOf(0), kVillage, two).error().message, HasSubstr("not on this station's list"));
  ASSERT_TRUE(boxes.Request(IdOf(400), kVillage, two).ok());
  EXPECT_EQ(boxes.Request(IdOf(400), kVillage, two).error().rule, "R-B4.mobile-request");
  boxes.Depart(kVillage);
  Status late = boxes.Request(IdOf(401), kVillage, two);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().rule, "R-B4.mobile-request-late");
  EXPECT_EQ(boxes.Requests(kVillage), 1);

  EXPECT_TRUE(boxes.CheckBallots(kVillage, 1).ok());
  Status over = boxes.CheckBallots(kVillage, 2);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().rule, "R-D2.mobile-ballots");
  EXPECT_EQ(over.error().ToString(),
            "mobile box of ps-akmola-0001: [R-D2.mobile-ballots] 2 ballots found in the mobile box, but only 1 "
            "requests were recorded before it left: the protocol cannot be signed");
  EXPECT_EQ(boxes.CheckBallots(kAbaiOdd, 1).error().rule, "R-D2.mobile-ballots") << "no requests at all";
}

TEST_F(ElectionDayTest, MobileEscortsMustBeMembersOfTheStationsCommission) {
  Commission pec;
  pec.id = "pec-akmola-0001";
  for (const char* id : {"pec-akmola-0001.m1", "pec-akmola-0001.m2"}) {
    CommissionMember m;
    m.id = id;
    pec.members.push_back(m);
  }
  definition_.commissions.push_back(pec);
  MobileBoxes boxes(*reg_, definition_);
  const std::vector<std::string> outsider = {"pec-akmola-0001.m1", "tec-akmola.m1"};
  Status s = boxes.Request(IdOf(400), kVillage, outsider);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().ToString(), HasSubstr("[R-B4.mobile-escort] \"tec-akmola.m1\" is not a member of pec-akmola-0001"));
  RegisterEvent request;
  request.kind = RegisterEventKind::kMobileRequest;
  request.sequence = 9;
  request.person.national_id = IdOf(400);
  request.station = "ps-akmola-0001";
  request.reason = "homebound";
  request.members = {"pec-akmola-0001.m1", "pec-akmola-0001.m2"};
  ASSERT_TRUE(boxes.Apply(request, *map_).ok());
  EXPECT_EQ(boxes.Requests(kVillage), 1);
  RegisterEvent depart;
  depart.kind = RegisterEventKind::kMobileDepart;
  depart.sequence = 10;
  depart.station = "ps-akmola-0001";
  ASSERT_TRUE(boxes.Apply(depart, *map_).ok());
  EXPECT_TRUE(boxes.Departed(kVillage));
  EXPECT_EQ(boxes.Apply(depart, *map_).error().rule, "R-B4.mobile-request-late") << "a box leaves once";
  request.sequence = 11;
  request.person.national_id = IdOf(401);
  s = boxes.Apply(request, *map_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-B4.mobile-request-late");
  EXPECT_THAT(s.error().where, HasSubstr("event 11"));
}

}  // namespace
}  // namespace ashyq::registry
