// What `ashyq tabulate` and `ashyq demo` print of a tabulation run: the national result with
// seats and winners, as a commission or an observer reads it.
#pragma once

#include <string>

#include "crypto/key_file.h"
#include "protocol/election_context.h"
#include "server/tabulation_run.h"

namespace ashyq::cli {

void PrintNationalResult(const server::TabulationRun& run);

// Simulated elections: every commission's key comes from the simulation keyring, which must
// outlive the returned function.
server::CommissionKeys SimulatedCommissionKeys(const crypto::SimulatedKeyring& keyring);

inline constexpr const char* kPublicationDirName = "publication";  // in an election directory

}  // namespace ashyq::cli
