// The golden publications (tests/data/golden/<variant>/publication, which the verifier's tests
// read) are exactly what the tiny scenario's publisher and e-vote simulation write today
// (tests/golden/tiny_records.h), byte for byte, the e-vote record under evote/ included: a
// change to a published format cannot leave the verifier's tests reading a stale record. When
// the change is meant, `make golden` regenerates them and the diff shows what changed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "core/file_io.h"
#include "../golden/tiny_records.h"

namespace ashyq::golden {
namespace {

// Every regular file under `root`, by path relative to it, with its bytes.
std::map<std::string, std::string> FilesUnder(const std::string& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    Result<std::string> text = ReadFile(entry.path().string(), size_t{64} << 20);
    EXPECT_TRUE(text.ok()) << entry.path();
    files[std::filesystem::relative(entry.path(), root).string()] = text.ok() ? *text : "";
  }
  return files;
}

TEST(GoldenRecords, AreWhatTheTinyScenarioPublishesTodayEvoteRecordIncluded) {
  for (RecordVariant variant : kVariants) {
    SCOPED_TRACE(VariantName(variant));
    std::string pattern =
        (std::filesystem::temp_directory_path() / ("ashyq-golden-check-" + std::string(VariantName(variant)) + "-XXXXXX"))
            .string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    TinyRecord r;
    Status built = BuildRecord(&r, variant, pattern);
    ASSERT_TRUE(built.ok()) << built.error().ToString();
    const auto made = FilesUnder(r.publication);
    const auto golden = FilesUnder(std::string(ASHYQ_SOURCE_DIR) + "/tests/data/golden/" + VariantName(variant) +
                                   "/publication");
    std::filesystem::remove_all(pattern);
    size_t evote = 0, challenged = 0;
    for (const auto& [path, bytes] : made) {
      evote += path.starts_with("evote/") ? 1 : 0;
      challenged += path.starts_with("evote/challenged/") ? 1 : 0;
      auto it = golden.find(path);
      if (it == golden.end()) {
        ADD_FAILURE() << path << " is published but not golden: run `make golden` if the change is meant";
      } else {
        EXPECT_TRUE(it->second == bytes) << path << " differs from the golden file: run `make golden` if the "
                                                    "change is meant";
      }
    }
    for (const auto& [path, bytes] : golden) {
      EXPECT_TRUE(made.count(path) != 0) << path << " is golden but no longer published";
    }
    // The e-vote record is there, setup, ballots, tallies and challenged ballots.
    EXPECT_GE(evote, 5u);
    EXPECT_GE(challenged, 1u);
  }
}

}  // namespace
}  // namespace ashyq::golden
