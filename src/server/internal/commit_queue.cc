#include "server/internal/commit_queue.h"

#include <algorithm>
#include <utility>

namespace ashyq::server {

CommitQueue::CommitQueue(Intake& intake, size_t max_batch, std::function<void()> after_batch)
    : intake_(intake), max_batch_(std::max<size_t>(max_batch, 1)), after_batch_(std::move(after_batch)) {
  committer_ = std::thread([this] { Run(); });
}

CommitQueue::~CommitQueue() {
  {
    std::lock_guard<std::mutex> hold(lock_);
    stopping_ = true;
  }
  work_.notify_all();
  committer_.join();
}

IntakeDecision CommitQueue::Commit(const CheckedSubmission& checked) {
  Waiting me{&checked, {}, false, {}};
  std::unique_lock<std::mutex> hold(lock_);
  queue_.push_back(&me);
  work_.notify_one();
  me.woken.wait(hold, [&] { return me.done; });
  return std::move(me.decision);
}

void CommitQueue::Run() {
  std::vector<Waiting*> batch;
  std::vector<const CheckedSubmission*> items;
  for (;;) {
    {
      std::unique_lock<std::mutex> hold(lock_);
      work_.wait(hold, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is answered
      const size_t n = std::min(queue_.size(), max_batch_);
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    items.clear();
    for (Waiting* w : batch) items.push_back(w->checked);
    std::vector<IntakeDecision> decisions = intake_.Commit(items);
    bool stored = false;
    {
      std::lock_guard<std::mutex> hold(lock_);
      for (size_t i = 0; i < batch.size(); ++i) {
        stored = stored || decisions[i].status == 200;
        batch[i]->decision = std::move(decisions[i]);
        batch[i]->done = true;
        batch[i]->woken.notify_one();  // under the lock: `me` lives until its sender sees done
      }
    }
    if (stored && after_batch_) after_batch_();
  }
}

}  // namespace ashyq::server
