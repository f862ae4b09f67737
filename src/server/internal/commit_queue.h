// Group commit for the intake (decision 0013): request threads check their submissions in
// parallel and hand them here; one committer thread takes whatever has queued up — up to
// max_batch — through Intake::Commit in one transaction and one fsync, and wakes each sender
// with its decision. While a batch is being synced the next one gathers, so the fsync is paid
// once per batch, not once per submission, and no one is answered before their object is
// durable.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/intake.h"

namespace ashyq::server {

class CommitQueue {
 public:
  // `after_batch` (may be empty) runs on the committer thread after each batch that stored
  // something, before the next batch: e.g. publishing what changed.
  CommitQueue(Intake& intake, size_t max_batch, std::function<void()> after_batch = {});
  // Commits whatever is queued, then stops the committer.
  ~CommitQueue();
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Blocks until `checked` is committed (or refused) and returns its decision. Thread-safe.
  IntakeDecision Commit(const CheckedSubmission& checked);

 private:
  struct Waiting {
    const CheckedSubmission* checked;
    IntakeDecision decision;
    bool done = false;
    std::condition_variable woken;  // its own: a batch wakes its senders only, not every waiter
  };
  void Run();

  Intake& intake_;
  const size_t max_batch_;
  std::function<void()> after_batch_;
  std::mutex lock_;
  std::condition_variable work_;  // the committer waits for submissions
  std::vector<Waiting*> queue_;
  bool stopping_ = false;
  std::thread committer_;
};

}  // namespace ashyq::server
