// What the server's tests accept of the verifier on a publication the server alone writes
// (not in server_fixture.h, which the station tests share and which links no verifier).
#pragma once

#include <string>

#include "verify/evote_check.h"
#include "verify/record_verifier.h"

namespace ashyq::server::testing {

// The verifier's failures but R-C4.evote-missing, as one text (empty: none). The server
// publishes the count; the e-vote record (evote/) is the e-tally's, written once the guardians
// have decrypted, so a publication the server alone writes lacks it while its protocols count
// electronic votes.
inline std::string FailuresButEvoteRecord(const verify::VerificationReport& report) {
  std::string out;
  for (const Error& e : report.findings.failures()) {
    if (e.rule != verify::kEvoteMissingRule) out += e.ToString() + "\n";
  }
  return out;
}

}  // namespace ashyq::server::testing
