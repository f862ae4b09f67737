#include "evote/tally.h"

#include <set>

namespace ashyq::evote {

std::vector<uint8_t> ElectionContext(std::string_view election) {
  return std::vector<uint8_t>(election.begin(), election.end());
}

Status CheckSelections(std::span<const SelectionId> selections) {
  if (selections.empty()) {
    return CheckFailed("selections", "R-C4.tally", "the election has no selections to tally");
  }
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (size_t k = 0; k < selections.size(); ++k) {
    const auto& s = selections[k];
    const std::string where = "selections/" + std::to_string(k);
    if (s.contest.empty() || s.selection.empty()) {
      return BadInput(where, "a contest or selection id is empty");
    }
    if (!seen.emplace(s.contest, s.selection).second) {
      return CheckFailed(where, "R-C4.tally",
                         "\"" + s.contest + "/" + s.selection + "\" is listed twice");
    }
  }
  return Status();
}

std::pair<size_t, size_t> ChunkRange(size_t count, size_t chunks, size_t chunk) {
  const size_t base = count / chunks;
  const size_t extra = count % chunks;  // the first `extra` chunks take one more
  const size_t begin = chunk * base + std::min(chunk, extra);
  return {begin, begin + base + (chunk < extra ? 1 : 0)};
}

unsigned TallyThreads(unsigned threads, size_t work) {
  size_t useful = std::max<size_t>(1, work);  // never more threads than items
  if (threads == 0) {
    threads = std::max(1u, std::thread::hardware_concurrency());
    // Chosen for the caller: a thread per 1,000 ballots at least, below which starting one
    // costs more than it saves. An explicit count is kept (tests split small tallies).
    useful = std::max<size_t>(1, work / 1000);
  }
  return static_cast<unsigned>(std::min<size_t>(threads, useful));
}

}  // namespace ashyq::evote
