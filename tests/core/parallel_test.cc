#include "core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ashyq {
namespace {

TEST(ParallelFor, CallsEveryIndexExactlyOnce) {
  for (unsigned threads : {0u, 1u, 2u, 7u}) {
    std::vector<std::atomic<int>> calls(1000);
    ParallelFor(calls.size(), threads, [&](size_t i) { calls[i].fetch_add(1); });
    for (size_t i = 0; i < calls.size(); ++i) ASSERT_EQ(calls[i].load(), 1) << i << " threads " << threads;
  }
  ParallelFor(0, 2, [](size_t) { FAIL() << "called for an empty range"; });
}

TEST(ParallelFor, UsesSeveralThreadsWhenAsked) {
  std::atomic<int> running{0}, most{0};
  ParallelFor(64, 2, [&](size_t) {
    const int now = running.fetch_add(1) + 1;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {}
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    running.fetch_sub(1);
  });
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(ThreadCount(3), 3u);
  EXPECT_GE(ThreadCount(), 1u);
}

}  // namespace
}  // namespace ashyq
