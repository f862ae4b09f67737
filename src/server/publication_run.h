// The commission server's step after every batch of accepted protocols (R-E2, R-E3): tabulate
// and sign each tier's protocol (tabulation_run.h), sign a tree head over the whole log as the
// CEC (log_head.h), and write the publication directory (publisher.h). A real commission and
// the simulation run the same function; they differ only in where the keys come from.
//
//   ASHYQ_ASSIGN_OR_RETURN(CommissionKeys keys, LoadCommissionKeyFiles(election, "/secure/keys"));
//   ASHYQ_ASSIGN_OR_RETURN(PublicationRun run, RunPublication(election, store, keys, "pub", UtcNow()));
#pragma once

#include <string>
#include <vector>

#include "core/election_definition.h"
#include "core/result.h"
#include "protocol/election_context.h"
#include "server/log_head.h"
#include "server/publisher.h"
#include "server/tabulation_run.h"
#include "store/store.h"

namespace ashyq::server {

struct PublicationRun {
  TabulationRun tabulation;
  CommittedHead head;
  PublicationSummary publication;
};

// Tabulates `store` (tier protocols signed with `keys`), signs a tree head over its log with the
// CEC's key from `keys` at `now` (RFC 3339 UTC; also the publication's time) and publishes into
// `out`. `keys` must hold the key of every commission in SigningCommissions(); a key it lacks is
// an error before anything is stored or written. Refused protocol versions are not an error:
// they are in the result's tabulation.rejected and are published as refused.
Result<PublicationRun> RunPublication(const protocol::ElectionContext& election, store::Store& store,
                                      const CommissionKeys& keys, const std::string& out, const std::string& now);

// The commissions whose keys the server signs with: every TEC, REC and the CEC (tier protocols;
// the CEC's key also signs tree heads), in the definition's order. Precinct commissions sign
// their own protocols at the station and never hand their keys to the server.
std::vector<const Commission*> SigningCommissions(const ElectionDefinition& definition);

// Checks that `keys` holds the key of every commission in SigningCommissions(), each the one the
// definition lists for it: the first missing or wrong one is the error (kBadInput `where` when
// there are no keys at all). Signs nothing.
Status CheckCommissionKeys(const protocol::ElectionContext& election, const CommissionKeys& keys,
                           const std::string& where);

// Checks that `key` is the public key the definition lists for `commission`: anything else signs
// objects every verifier refuses. kBadInput at `where` otherwise, naming both keys' first digits.
Status CheckCommissionKey(const Commission& commission, const crypto::PublicKey& key, const std::string& where);

// Reads one commission's key file (crypto/key_file.h) at `path` and checks that its owner is
// `commission_id`, a commission of the definition, and that its public key is the one the
// definition lists for it (the CEC's, for a tree-head key; a TEC's for `ashyq tier sign`).
// Errors name the commission and the file, never the secret.
Result<crypto::SigningKey> LoadCommissionKeyFile(const protocol::ElectionContext& election,
                                                 const std::string& commission_id, const std::string& path);

// The file name of a commission's key in a key directory: "<commission id>.key".
std::string CommissionKeyFileName(const std::string& commission_id);

// Reads the key file (crypto/key_file.h) of every commission in SigningCommissions() from `dir`,
// and checks that its owner is that commission and that its public key is the one the definition
// lists for it. The first missing, unreadable, foreign or mismatched key is an error (kNotFound
// or kBadInput) that names the commission and the file and never the secret; other files in
// `dir` are ignored. Reads only: nothing is written. The returned function holds the secrets
// (wiped when it is destroyed) and is safe to call from several threads.
Result<CommissionKeys> LoadCommissionKeyFiles(const protocol::ElectionContext& election, const std::string& dir);

}  // namespace ashyq::server
