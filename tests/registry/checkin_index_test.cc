#include "registry/checkin_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ashyq::registry {
namespace {

const VoterKeyer kKeyer(std::array<uint8_t, 16>{7, 7, 7});

TEST(VoterKeyer, TheKeyDecidesTheHash) {
  const VoterKeyer other(std::array<uint8_t, 16>{7, 7, 8});
  EXPECT_EQ(kKeyer.KeyOf(870214350017), kKeyer.KeyOf(870214350017));
  EXPECT_NE(kKeyer.KeyOf(870214350017), kKeyer.KeyOf(870214350018));
  EXPECT_NE(kKeyer.KeyOf(870214350017), other.KeyOf(870214350017));
  EXPECT_NE(VoterKeyer::Generate().KeyOf(1), VoterKeyer::Generate().KeyOf(1));
}

TEST(CheckInIndex, YesOnceThenNoNationwide) {
  CheckInIndex index(100);
  for (NationalId id = 1; id <= 50; ++id) ASSERT_TRUE(index.Register(kKeyer.KeyOf(id), static_cast<StationIndex>(id % 5)).ok());
  EXPECT_EQ(index.Register(kKeyer.KeyOf(7), 0).error().code, ErrorCode::kAlreadyExists);
  const VoterKey v = kKeyer.KeyOf(7);
  EXPECT_FALSE(index.HasCheckedIn(v));
  EXPECT_EQ(index.CheckIn(v, 2), CheckInAnswer::kRecorded);
  EXPECT_TRUE(index.HasCheckedIn(v));
  EXPECT_EQ(index.CheckIn(v, 2), CheckInAnswer::kAlreadyCheckedIn);
  EXPECT_EQ(index.CheckIn(v, 4), CheckInAnswer::kAlreadyCheckedIn);  // at another station: still no
  EXPECT_EQ(index.CheckedInAt(v), 2u);
  EXPECT_EQ(index.CheckIn(kKeyer.KeyOf(51), 2), CheckInAnswer::kNotRegistered);
  EXPECT_FALSE(index.HasCheckedIn(kKeyer.KeyOf(51)));
  EXPECT_EQ(index.checked_in(), 1u);
  EXPECT_EQ(index.voters(), 50u);
}

TEST(CheckInIndex, AnOfflineStationsDuplicatesAreFlaggedWithBothStations) {
  CheckInIndex index(10);
  for (NationalId id = 1; id <= 6; ++id) ASSERT_TRUE(index.Register(kKeyer.KeyOf(id), 0).ok());
  ASSERT_EQ(index.CheckIn(kKeyer.KeyOf(1), 3), CheckInAnswer::kRecorded);  // online at station 3
  const std::vector<VoterKey> offline = {kKeyer.KeyOf(2), kKeyer.KeyOf(1), kKeyer.KeyOf(99), kKeyer.KeyOf(2),
                                         kKeyer.KeyOf(4)};
  const OfflineMerge merge = index.MergeOffline(5, offline);
  EXPECT_EQ(merge.recorded, 2u);
  ASSERT_EQ(merge.duplicates.size(), 2u);
  EXPECT_EQ(merge.duplicates[0].voter, kKeyer.KeyOf(1));
  EXPECT_EQ(merge.duplicates[0].first, 3u);
  EXPECT_EQ(merge.duplicates[0].second, 5u);
  EXPECT_EQ(merge.duplicates[1].voter, kKeyer.KeyOf(2));  // twice in its own list
  EXPECT_EQ(merge.duplicates[1].first, 5u);
  ASSERT_EQ(merge.not_registered.size(), 1u);
  EXPECT_EQ(merge.not_registered[0], kKeyer.KeyOf(99));
  // Later online check-ins of the merged voters are refused.
  EXPECT_EQ(index.CheckIn(kKeyer.KeyOf(4), 0), CheckInAnswer::kAlreadyCheckedIn);
  EXPECT_EQ(index.checked_in(), 3u);
}

TEST(CheckInIndex, TwoThreadsRacingForTheSameVotersRecordEachOnce) {
  constexpr NationalId kVoters = 20000;
  CheckInIndex index(kVoters);
  for (NationalId id = 1; id <= kVoters; ++id) ASSERT_TRUE(index.Register(kKeyer.KeyOf(id), 0).ok());
  std::atomic<size_t> recorded{0};
  auto run = [&](StationIndex station) {
    for (NationalId id = 1; id <= kVoters; ++id) {
      if (index.CheckIn(kKeyer.KeyOf(id), station) == CheckInAnswer::kRecorded) recorded.fetch_add(1);
    }
  };
  std::thread a(run, 1), b(run, 2);
  a.join();
  b.join();
  EXPECT_EQ(recorded.load(), kVoters);
  EXPECT_EQ(index.checked_in(), kVoters);
}

TEST(CheckInIndex, AFullIndexRefusesMore) {
  CheckInIndex index(10);  // 16 slots at least, refused past 90 %
  Status last;
  NationalId id = 1;
  for (; id < 100 && last.ok(); ++id) last = index.Register(kKeyer.KeyOf(id), 0);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().code, ErrorCode::kTooLarge);
  EXPECT_GE(index.voters(), 10u);
}

}  // namespace
}  // namespace ashyq::registry
