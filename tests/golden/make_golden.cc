// make_golden OUT: writes the tiny scenario's published records (tiny_records.h) to
// OUT/<variant>/publication, each with OUT/<variant>/fixture.json naming what the verifier's
// tests look for. Run only by `make golden` (scripts/golden.sh): the golden publication changes
// only when someone means it to, and the diff shows what changed.
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json.h"
#include "tiny_records.h"

namespace ashyq::golden {
namespace {

Status Write(const std::string& out, RecordVariant variant) {
  namespace fs = std::filesystem;
  const std::string work = (fs::temp_directory_path() / ("ashyq-golden-" + std::string(VariantName(variant)))).string();
  fs::remove_all(work);
  fs::create_directories(work);
  TinyRecord r;
  ASHYQ_RETURN_IF_ERROR(BuildRecord(&r, variant, work));
  const std::string target = out + "/" + VariantName(variant);
  fs::remove_all(target);
  fs::create_directories(target);
  fs::copy(r.publication, target + "/publication", fs::copy_options::recursive);
  json::Value fixture = json::Value::Object();
  fixture.Set("format", json::Value("ashyq/golden-fixture/1"));
  fixture.Set("scenario", json::Value("tiny"));
  fixture.Set("seed", json::Value(static_cast<int64_t>(kSeed)));
  fixture.Set("variant", json::Value(VariantName(variant)));
  fixture.Set("recounted_station", json::Value(r.recounted_station));
  fixture.Set("altered_station", json::Value(r.altered_station));
  // A simulated election's keyring (never a real one): the tests sign what they add with it.
  fixture.Set("simulated_keyring_master", json::Value(HexEncode(r.generated->keyring_master.bytes)));
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(target + "/fixture.json", json::Canonicalize(fixture) + "\n"));
  fs::remove_all(work);
  std::printf("wrote %s\n", target.c_str());
  return Status();
}

}  // namespace
}  // namespace ashyq::golden

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_golden OUT_DIR (e.g. tests/data/golden)\n");
    return 2;
  }
  for (ashyq::golden::RecordVariant v : ashyq::golden::kVariants) {
    ashyq::Status s = ashyq::golden::Write(argv[1], v);
    if (!s.ok()) {
      std::fprintf(stderr, "make_golden: %s\n", s.error().ToString().c_str());
      return 1;
    }
  }
  return 0;
}
