// What `ashyq tabulate` and `ashyq demo` print of a tabulation run: the national result with
// seats and winners, as a commission or an observer reads it.
#pragma once

#include <string>

#include "crypto/key_file.h"
#include "protocol/election_context.h"
#include "server/log_head.h"
#include "server/publisher.h"
#include "server/tabulation_run.h"
#include "store/store.h"
#include "sim/definition_generator.h"

namespace ashyq::cli {

void PrintNationalResult(const server::TabulationRun& run);

// Simulated elections: every commission's key comes from the simulation keyring, which must
// outlive the returned function.
server::CommissionKeys SimulatedCommissionKeys(const crypto::SimulatedKeyring& keyring);

inline constexpr const char* kPublicationDirName = "publication";  // in an election directory

struct PublicationRun {
  server::TabulationRun tabulation;
  server::CommittedHead head;
  server::PublicationSummary publication;
};

// The commission server's step after accepting protocols (simulated keys): tabulate and sign
// tier protocols, sign a tree head over the log as the CEC, write the publication to `out`.
Result<PublicationRun> PublishElection(const protocol::ElectionContext& election, store::Store& store,
                                       const crypto::SimulatedKeyring& keyring, const std::string& out);
void PrintPublication(const PublicationRun& run);

}  // namespace ashyq::cli
