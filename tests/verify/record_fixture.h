// The published records the verifier's tests read: the golden publications of the tiny scenario
// in tests/data/golden/<variant>/ (tests/golden/tiny_records.h says how they were built; `make
// golden` regenerates them). The tests never run the commission server's publisher, so a bug
// in it cannot hide a bug here. Signed objects a test needs (a protocol, the recount, the TEC's
// refused "correction") are read back from the golden log; the simulated keyring the record was
// signed with (its master is in fixture.json) signs anything a test adds.
//
// A test that tampers with a record copies it first (CopyPublication).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "protocol/election_context.h"
#include "protocol/precinct_protocol.h"
#include "sim/definition_generator.h"
#include "verify/record_verifier.h"
#include "../golden/variants.h"

namespace ashyq::verify::testing {

using golden::RecordVariant;

// Every temporary directory the tests make, removed when the test binary exits.
inline std::vector<std::string>& TempDirs() {
  static std::vector<std::string>* dirs = new std::vector<std::string>;
  return *dirs;
}
inline void RemoveTempDirs() {
  for (const std::string& d : TempDirs()) {
    std::error_code ignored;
    std::filesystem::remove_all(d, ignored);
  }
}
inline std::string TempDir(const std::string& name) {
  static const bool registered = (std::atexit(RemoveTempDirs), true);
  (void)registered;
  std::string pattern = (std::filesystem::temp_directory_path() / ("ashyq-verify-" + name + "-XXXXXX")).string();
  const char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  TempDirs().push_back(pattern);
  return pattern;
}

struct TinyRecord {
  std::string dir;          // tests/data/golden/<variant>
  std::string publication;  // dir + "/publication" (read-only: copy before changing)
  std::unique_ptr<protocol::ElectionContext> election;
  std::unique_ptr<crypto::SimulatedKeyring> keyring;
  std::vector<crypto::SignedObject> protocols;  // version 1 of every station, as logged
  std::string recounted_station;                // has a lawful version 2
  std::string altered_station;                  // has a refused version 2 by its TEC
  std::optional<crypto::SignedObject> recount;  // the lawful version 2
  std::optional<crypto::SignedObject> altered;  // the TEC's version 2
  std::string built_error;                      // empty when the record was read
};

inline Result<json::Value> ReadJsonFile(const std::string& path) {
  ASHYQ_ASSIGN_OR_RETURN(std::string text, ReadFile(path, size_t{64} << 20));
  json::ParseOptions options;
  options.max_bytes = text.size() + 1;
  return json::Parse(text, options);
}

inline Status LoadRecord(TinyRecord* r, RecordVariant variant) {
  r->dir = std::string(ASHYQ_SOURCE_DIR) + "/tests/data/golden/" + golden::VariantName(variant);
  r->publication = r->dir + "/publication";
  ASHYQ_ASSIGN_OR_RETURN(json::Value fixture, ReadJsonFile(r->dir + "/fixture.json"));
  r->recounted_station = fixture.Find("recounted_station")->as_string();
  r->altered_station = fixture.Find("altered_station")->as_string();
  ASHYQ_ASSIGN_OR_RETURN(json::Value index, ReadJsonFile(r->publication + "/index.json"));
  const std::string definition = index.Find("files")->Find("definition")->as_string();
  ASHYQ_ASSIGN_OR_RETURN(r->election, protocol::ElectionContext::Load(r->publication + "/" + definition));
  ASHYQ_ASSIGN_OR_RETURN(std::vector<uint8_t> master, HexDecode(fixture.Find("simulated_keyring_master")->as_string()));
  crypto::KeySeed seed;
  if (master.size() != seed.bytes.size()) return BadInput(r->dir, "fixture.json: a keyring master is 32 bytes");
  std::copy(master.begin(), master.end(), seed.bytes.begin());
  r->keyring = std::make_unique<crypto::SimulatedKeyring>(seed);
  for (const json::Value& range : index.Find("log")->Find("ranges")->items()) {
    ASHYQ_ASSIGN_OR_RETURN(std::string text, ReadFile(r->publication + "/" + range.as_string(), size_t{64} << 20));
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t nl = text.find('\n', pos);
      ASHYQ_ASSIGN_OR_RETURN(json::Value leaf, json::Parse(std::string_view(text).substr(pos, nl - pos)));
      pos = nl + 1;
      ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, crypto::SignedObject::FromJson(leaf));
      const json::Value* format = object.payload().Find("format");
      if (format == nullptr || format->as_string() != protocol::kPrecinctProtocolFormat) continue;
      const std::string station = object.payload().Find("station")->as_string();
      const int64_t version = object.payload().Find("version")->as_int();
      if (version == 1) r->protocols.push_back(object);
      if (version == 2 && station == r->recounted_station) r->recount = object;
      if (version == 2 && station == r->altered_station) r->altered = object;
    }
  }
  if (r->protocols.empty() || !r->recount || !r->altered) {
    return BadInput(r->dir, "the golden log lacks the protocols the tests need: run `make golden`");
  }
  return Status();
}

inline const TinyRecord& Record(RecordVariant variant) {
  // Never destroyed: the records stay reachable (and unreported by LeakSanitizer) until exit.
  static auto* loaded = new std::map<RecordVariant, TinyRecord*>;
  auto it = loaded->find(variant);
  if (it != loaded->end()) return *it->second;
  auto* r = new TinyRecord;
  Status s = LoadRecord(r, variant);
  if (!s.ok()) r->built_error = s.error().ToString();
  (*loaded)[variant] = r;
  return *r;
}
inline const TinyRecord& Honest() { return Record(RecordVariant::kHonest); }

// A copy of a record's publication directory to tamper with.
inline std::string CopyPublication(const TinyRecord& r) {
  const std::string to = TempDir("copy") + "/publication";
  std::filesystem::copy(r.publication, to, std::filesystem::copy_options::recursive);
  return to;
}

// The whole verifier over a publication, on two threads (a test fails if it cannot run).
inline VerificationReport Verify(const std::string& path) {
  VerifyOptions options;
  options.threads = 2;
  Result<VerificationReport> report = VerifyPublication(path, options);
  EXPECT_TRUE(report.ok()) << report.error().ToString();
  return report.ok() ? std::move(report).value() : VerificationReport();
}

// A report's failures, one per line: what a test prints when it expected none.
inline std::string Failures(const VerificationReport& report) {
  std::string out;
  for (const Error& e : report.findings.failures()) out += e.ToString() + "\n";
  return out;
}

}  // namespace ashyq::verify::testing
