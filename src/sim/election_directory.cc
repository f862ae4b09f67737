#include "sim/election_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sodium.h>

#include "core/definition_check.h"
#include "core/file_io.h"
#include "core/json.h"
#include "protocol/turnout_report.h"
#include "crypto/signed_definition.h"
#include "sim/definition_generator.h"
#include "sim/scenario.h"
#include "store/store.h"

namespace ashyq::sim {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// A payload's string or integer field, or the error naming it.
Result<std::string> PayloadString(const crypto::SignedObject& object, std::string_view key, const std::string& where) {
  const json::Value* v = object.payload().Find(key);
  if (v == nullptr || !v->is_string() || v->as_string().empty()) {
    return BadInput(where + "/payload/" + std::string(key), "a " + object.payload_format() + " without its " +
                                                               std::string(key) + " cannot be stored");
  }
  return v->as_string();
}
Result<int64_t> PayloadInt(const crypto::SignedObject& object, std::string_view key, const std::string& where) {
  const json::Value* v = object.payload().Find(key);
  if (v == nullptr || !v->is_int() || v->as_int() < 1) {
    return BadInput(where + "/payload/" + std::string(key), "a " + object.payload_format() + " without a " +
                                                               std::string(key) + " >= 1 cannot be stored");
  }
  return v->as_int();
}

}  // namespace

Result<GeneratedElection> GenerateElection(const std::string& scenario, uint64_t seed) {
  ASHYQ_RETURN_IF_ERROR(crypto::Initialize());
  crypto::KeySeed master;
  randombytes_buf(master.bytes.data(), master.bytes.size());
  return GenerateElection(scenario, seed, master);
}

Result<GeneratedElection> GenerateElection(const std::string& scenario, uint64_t seed,
                                           const crypto::KeySeed& master) {
  ASHYQ_RETURN_IF_ERROR(crypto::Initialize());
  ASHYQ_ASSIGN_OR_RETURN(ScenarioSpec spec, LoadScenario(scenario));
  const crypto::SimulatedKeyring keyring(master);

  auto start = std::chrono::steady_clock::now();
  ASHYQ_ASSIGN_OR_RETURN(ElectionDefinition definition, GenerateDefinition(spec, seed, keyring));
  const double generate_seconds = SecondsSince(start);

  DefinitionReport report = CheckDefinition(definition);
  if (!report.violations.empty()) {
    Error e = report.violations.front();
    e.code = ErrorCode::kInternal;
    e.message = "scenario " + scenario + " generated an invalid definition (" +
                std::to_string(report.violations.size()) + " violations), first: " + e.message;
    return e;
  }

  start = std::chrono::steady_clock::now();
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject signed_definition,
                         crypto::SignDefinition(definition, SimulatedKeyFor(keyring, "cec")));
  const double sign_seconds = SecondsSince(start);

  return GeneratedElection{std::move(definition), std::move(signed_definition), master,
                           generate_seconds, sign_seconds};
}

Status WriteElectionDirectory(const std::string& dir, const GeneratedElection& election, bool replace) {
  const std::string definition_path = dir + "/" + kDefinitionFileName;
  const std::string keyring_path = dir + "/" + kKeyringFileName;
  const std::string store_path = dir + "/" + kStoreFileName;
  if (!replace && (Exists(definition_path) || Exists(keyring_path) || Exists(store_path))) {
    return Error{ErrorCode::kAlreadyExists, dir, "",
                 "an election already exists here; choose another directory (nothing was changed)"};
  }
  ASHYQ_RETURN_IF_ERROR(MakeDirectories(dir + "/keys", 0700));
  if (replace) {
    // The old store belongs to the old definition: a new election starts with an empty one.
    for (const std::string& path : {keyring_path, store_path, store_path + "-wal", store_path + "-shm"}) {
      if (Exists(path) && ::unlink(path.c_str()) != 0) {
        return IoError(path, std::string("cannot replace: ") + std::strerror(errno));
      }
    }
  }
  ASHYQ_RETURN_IF_ERROR(crypto::KeyFile::Write(keyring_path, "simulation-keyring", election.keyring_master));
  return WriteFileAtomic(definition_path, election.signed_definition.ToCanonicalJson() + "\n", 0644, true);
}

Result<size_t> StoreElectionDay(store::Store& store, const crypto::SignedObject& signed_definition,
                                std::span<const crypto::SignedObject> turnout_reports,
                                std::span<const crypto::SignedObject> protocols) {
  std::vector<store::StoredObject> rows;
  rows.reserve(1 + turnout_reports.size() + protocols.size());
  ASHYQ_ASSIGN_OR_RETURN(std::string election_id, PayloadString(signed_definition, "election_id", "definition"));
  rows.push_back(store::ToStored(signed_definition, std::move(election_id), 1));
  for (size_t i = 0; i < turnout_reports.size(); ++i) {
    const crypto::SignedObject& r = turnout_reports[i];
    const std::string where = "turnout_reports/" + std::to_string(i);
    // Through the protocol's own parser and subject: one owner for "<station>@<time>".
    std::vector<Error> problems;
    const protocol::TurnoutReport report = protocol::TurnoutReportFromJson(r.payload(), &problems);
    if (!problems.empty()) return problems.front().In(where);
    rows.push_back(store::ToStored(r, protocol::TurnoutReportSubject(report), report.revision));
  }
  for (size_t i = 0; i < protocols.size(); ++i) {
    const crypto::SignedObject& p = protocols[i];
    const std::string where = "protocols/" + std::to_string(i);
    ASHYQ_ASSIGN_OR_RETURN(std::string station, PayloadString(p, "station", where));
    ASHYQ_ASSIGN_OR_RETURN(int64_t version, PayloadInt(p, "version", where));
    rows.push_back(store::ToStored(p, std::move(station), version));
  }
  return store.PutBatch(rows);
}

}  // namespace ashyq::sim
