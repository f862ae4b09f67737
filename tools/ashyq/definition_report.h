// Human-readable description of an election definition, shared by `definition show` and `demo`.
#pragma once

#include "core/election_definition.h"
#include "crypto/signed_object.h"

namespace ashyq::cli {

// Prints the commission tree per tier, voters, per-region table, contests with ballot order,
// notices and commission composition. `signed_definition` may be null (unsigned definition).
void PrintDefinitionReport(const ElectionDefinition& definition,
                           const crypto::SignedObject* signed_definition);

}  // namespace ashyq::cli
