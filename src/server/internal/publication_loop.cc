#include "server/internal/publication_loop.h"

#include <utility>

namespace ashyq::server {

PublicationLoop::PublicationLoop(std::function<Status()> update, std::chrono::milliseconds interval,
                                 std::function<void(const Error&)> report)
    : update_(std::move(update)), interval_(interval), report_(std::move(report)) {
  thread_ = std::thread([this] { Loop(); });
}

PublicationLoop::~PublicationLoop() {
  {
    std::lock_guard<std::mutex> hold(lock_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PublicationLoop::Poke() {
  {
    std::lock_guard<std::mutex> hold(lock_);
    poked_ = true;
  }
  wake_.notify_all();
}

Status PublicationLoop::RunNow() {
  std::unique_lock<std::mutex> hold(lock_);
  poked_ = true;
  // A run already going may have read the log before this call: wait for the one after it.
  const uint64_t wanted = runs_started_ + 1;
  wake_.notify_all();
  finished_.wait(hold, [&] { return runs_finished_ >= wanted; });  // poked: the loop runs it before it stops
  return last_;
}

void PublicationLoop::Loop() {
  std::unique_lock<std::mutex> hold(lock_);
  for (;;) {
    // A tick of the schedule (interval passed without a poke) runs as a poke does.
    if (interval_.count() > 0) {
      wake_.wait_for(hold, interval_, [&] { return poked_ || stopping_; });
    } else {
      wake_.wait(hold, [&] { return poked_ || stopping_; });
    }
    if (stopping_ && !poked_) break;
    poked_ = false;
    ++runs_started_;
    hold.unlock();
    Status result = update_();
    if (!result.ok() && report_) report_(result.error());
    hold.lock();
    last_ = std::move(result);
    ++runs_finished_;
    finished_.notify_all();
  }
}

}  // namespace ashyq::server
