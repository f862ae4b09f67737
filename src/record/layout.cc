#include "record/layout.h"

#include <charconv>

#include "core/encoding.h"
#include "core/hash.h"

namespace ashyq::record {
namespace {

// Decimal without sign or leading zero, at most 16 digits.
bool ParseDecimal(std::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 16 || (text.size() > 1 && text[0] == '0')) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// `path` is `prefix` + something + `suffix`; the something.
std::optional<std::string_view> Between(std::string_view path, std::string_view prefix, std::string_view suffix) {
  if (path.size() <= prefix.size() + suffix.size() || path.substr(0, prefix.size()) != prefix ||
      path.substr(path.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  return path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
}

bool IsSegmentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

}  // namespace

std::string TreeHeadFile(uint64_t size) { return std::string(kTreeHeadsDir) + "/" + std::to_string(size) + ".json"; }

std::optional<uint64_t> TreeHeadSizeOf(std::string_view path) {
  std::optional<std::string_view> digits = Between(path, std::string(kTreeHeadsDir) + "/", ".json");
  uint64_t size = 0;
  if (!digits || !ParseDecimal(*digits, &size)) return std::nullopt;
  return size;
}

std::string LogRangeFile(uint64_t first, uint64_t end) {
  return std::string(kLeavesDir) + "/" + std::to_string(first) + "-" + std::to_string(end) + ".jsonl";
}

bool ParseLogRangeFile(std::string_view path, uint64_t* first, uint64_t* end) {
  std::optional<std::string_view> stem = Between(path, std::string(kLeavesDir) + "/", ".jsonl");
  if (!stem) return false;
  const size_t dash = stem->find('-');
  if (dash == std::string_view::npos) return false;
  return ParseDecimal(stem->substr(0, dash), first) && ParseDecimal(stem->substr(dash + 1), end) && *first < *end;
}

std::string ContentFile(DataFolder folder, std::string_view stem, std::string_view bytes,
                        std::string_view extension) {
  std::string path = "data/";
  switch (folder) {
    case DataFolder::kTop: break;
    case DataFolder::kStation: path += "station/"; break;
    case DataFolder::kCommission: path += "commission/"; break;
    case DataFolder::kSearch: path += "search/"; break;
  }
  path += stem;
  path += '-';
  path += Sha256(bytes).Hex();
  path += '.';
  path += extension;
  return path;
}

std::optional<std::string> ContentAddressOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view stem = name.substr(0, dot);
  if (stem.size() < 65 || stem[stem.size() - 65] != '-') return std::nullopt;
  std::string_view hex = stem.substr(stem.size() - 64);
  if (!IsDigestHex(hex)) return std::nullopt;
  return std::string(hex);
}

bool IsSafePublicationPath(std::string_view path) {
  if (path.size() > 1024) return false;
  if (path.substr(0, 5) != "data/" && path.substr(0, 4) != "log/" && path.substr(0, 6) != "evote/") return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      if (!IsSegmentChar(c)) return false;
    }
    start = end + 1;
  }
  return true;
}

std::string EvoteBallotsFile(std::string_view station) {
  return std::string(kEvoteBallotsDir) + "/" + std::string(station) + ".jsonl";
}
std::string EvoteChallengedFile(std::string_view station) {
  return std::string(kEvoteChallengedDir) + "/" + std::string(station) + ".jsonl";
}
std::string EvoteTallyFile(std::string_view station) {
  return std::string(kEvoteTallyDir) + "/" + std::string(station) + ".json";
}

int64_t SearchBucketOf(int64_t station_number) { return station_number / kSearchBucketSize; }

}  // namespace ashyq::record
