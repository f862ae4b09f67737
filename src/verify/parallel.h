// Work spread over every core: the verifier's cost is Ed25519 (tens of thousands of
// signatures) and JSON parsing, both independent per leaf or per file.
#pragma once

#include <cstddef>
#include <functional>

namespace ashyq::verify {

// How many threads "all cores" means: `requested` if not 0, else hardware_concurrency (>= 1).
unsigned ThreadCount(unsigned requested);

// Calls fn(i) for every i in [0, n) on `threads` threads (the caller's included), items handed
// out one at a time so a few slow items do not leave cores idle. Returns when all are done. `fn`
// must be safe to call concurrently for different i.
void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn);

}  // namespace ashyq::verify
