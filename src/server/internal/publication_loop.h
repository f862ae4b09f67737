// Keeps the publication up to date without holding up commits: the committer pokes it after each
// batch it stored, and this thread runs `update` (tabulate what changed, sign a tree head,
// publish) whenever it was poked since its last run began — several batches that land during one
// run are published by the next run together. It also runs every `interval` (the schedule).
// A failed run is reported to `report` and tried again on the next poke or tick.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/result.h"

namespace ashyq::server {

class PublicationLoop {
 public:
  PublicationLoop(std::function<Status()> update, std::chrono::milliseconds interval,
                  std::function<void(const Error&)> report);
  // Finishes the run in progress and, if poked since it began, one more; then stops.
  ~PublicationLoop();
  PublicationLoop(const PublicationLoop&) = delete;
  PublicationLoop& operator=(const PublicationLoop&) = delete;

  // Asks for a run soon. Never blocks. Thread-safe.
  void Poke();

  // Blocks until a run that began after this call has finished; its result. Thread-safe.
  Status RunNow();

 private:
  void Loop();

  std::function<Status()> update_;
  const std::chrono::milliseconds interval_;
  std::function<void(const Error&)> report_;
  std::mutex lock_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  bool poked_ = false;
  bool stopping_ = false;
  uint64_t runs_started_ = 0, runs_finished_ = 0;
  Status last_;
  std::thread thread_;
};

}  // namespace ashyq::server
