// Work spread over every core. The national jobs (verifying ~60,000 signatures, writing
// ~20,000 published files) are independent per item, and the reference machine has 2 cores.
#pragma once

#include <cstddef>
#include <functional>

namespace ashyq {

// How many threads "all cores" means: `requested` if not 0, else hardware_concurrency (>= 1).
unsigned ThreadCount(unsigned requested = 0);

// Calls fn(i) for every i in [0, n) on `threads` threads (the caller's included; 0 = all cores),
// items handed out one at a time so a few slow items do not leave cores idle. Returns when all
// are done. `fn` must be safe to call concurrently for different i.
void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn);

}  // namespace ashyq
