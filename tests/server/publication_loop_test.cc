#include "server/internal/publication_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace ashyq::server {
namespace {

using std::chrono::milliseconds;

TEST(PublicationLoopTest, PokesDuringARunAreServedByOneMoreRun) {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  {
    PublicationLoop loop(
        [&] {
          ++runs;
          while (!release) std::this_thread::sleep_for(milliseconds(1));
          return Status();
        },
        milliseconds(0), nullptr);
    loop.Poke();
    while (runs == 0) std::this_thread::sleep_for(milliseconds(1));
    for (int i = 0; i < 50; ++i) loop.Poke();  // batches landing during the run
    release = true;
    EXPECT_TRUE(loop.RunNow().ok());
  }
  // The first run, one for the 50 pokes, and RunNow's (which may be the same as the second).
  EXPECT_GE(runs.load(), 2);
  EXPECT_LE(runs.load(), 3);
}

TEST(PublicationLoopTest, RunNowWaitsForARunThatBeganAfterIt) {
  std::atomic<int> runs{0};
  PublicationLoop loop([&] { return ++runs, Status(); }, milliseconds(0), nullptr);
  EXPECT_TRUE(loop.RunNow().ok());
  EXPECT_EQ(runs.load(), 1);
  EXPECT_TRUE(loop.RunNow().ok());
  EXPECT_EQ(runs.load(), 2);
}

TEST(PublicationLoopTest, FailuresAreReportedAndReturned) {
  std::atomic<int> reported{0};
  PublicationLoop loop([] { return Status(Error{ErrorCode::kIo, "pub", "R-E3.publication", "disk full"}); },
                       milliseconds(0), [&](const Error& e) { reported += e.message == "disk full"; });
  Status s = loop.RunNow();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "R-E3.publication");
  EXPECT_EQ(reported.load(), 1);
}

TEST(PublicationLoopTest, TheScheduleRunsWithoutPokes) {
  std::atomic<int> runs{0};
  {
    PublicationLoop loop([&] { return ++runs, Status(); }, milliseconds(20), nullptr);
    std::this_thread::sleep_for(milliseconds(200));
  }
  EXPECT_GE(runs.load(), 3);
}

TEST(PublicationLoopTest, StoppingFinishesWhatWasAskedFor) {
  std::atomic<int> runs{0};
  {
    PublicationLoop loop(
        [&] {
          std::this_thread::sleep_for(milliseconds(30));
          return ++runs, Status();
        },
        milliseconds(0), nullptr);
    loop.Poke();
  }
  EXPECT_EQ(runs.load(), 1);
}

}  // namespace
}  // namespace ashyq::server
