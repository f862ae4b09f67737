#include "sim/election_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <sodium.h>

#include "core/definition_check.h"
#include "core/file_io.h"
#include "crypto/signed_definition.h"
#include "sim/definition_generator.h"
#include "sim/scenario.h"

namespace ashyq::sim {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

Result<GeneratedElection> GenerateElection(const std::string& scenario, uint64_t seed) {
  ASHYQ_RETURN_IF_ERROR(crypto::Initialize());
  ASHYQ_ASSIGN_OR_RETURN(ScenarioSpec spec, LoadScenario(scenario));

  crypto::KeySeed master;
  randombytes_buf(master.bytes.data(), master.bytes.size());
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

}  // namespace ashyq::sim
