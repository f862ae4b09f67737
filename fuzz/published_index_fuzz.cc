// Arbitrary bytes as a publication's index.json (the verifier's entry point, written by
// whoever runs the server). Whatever reads must name only safe paths inside the publication;
// reading any JSON document must not crash, hang or overflow.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "record/layout.h"
#include "verify/published_index.h"

namespace {

void RequireSafe(const std::string& path) {
  if (!path.empty() && !ashyq::record::IsSafePublicationPath(path)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ashyq::Result<ashyq::verify::PublishedIndex> index = ashyq::verify::ParsePublishedIndex(text);
  if (index.ok()) {
    const ashyq::verify::PublishedIndex& i = *index;
    RequireSafe(i.tree_head.file);
    for (const std::string& r : i.ranges) RequireSafe(r);
    for (const std::string* f : {&i.files.election, &i.files.definition, &i.files.national, &i.files.results,
                                 &i.files.nist}) {
      RequireSafe(*f);
    }
    for (const ashyq::verify::PathMap* m : {&i.files.csv, &i.commissions, &i.stations, &i.search}) {
      for (const auto& [name, path] : *m) RequireSafe(path);
    }
    if (i.range_size < 1 || i.tree_head.size < 0) std::abort();
  }
  // Any JSON document through the collecting reader: problems, never a crash.
  ashyq::Result<ashyq::json::Value> doc = ashyq::json::Parse(text);
  if (doc.ok()) {
    std::vector<ashyq::Error> problems;
    ashyq::verify::PublishedIndexFromJson(*doc, &problems);
    for (const ashyq::Error& e : problems) {
      if (e.code != ashyq::ErrorCode::kBadInput) std::abort();
    }
  }
  return 0;
}
