// The election definition as JSON ("ashyq/election-definition/1", documented field by field
// in docs/formats.md). Reading collects every structural problem with its JSON Pointer so a
// clerk fixes a file in one pass; the semantic rules are in definition_check.h.
//
//   std::vector<Error> problems;
//   ElectionDefinition def = DefinitionFromJson(doc, &problems);
//   if (problems.empty()) { DefinitionReport report = CheckDefinition(def); ... }
#pragma once

#include <vector>

#include "core/election_definition.h"
#include "core/json.h"
#include "core/result.h"

namespace ashyq {

// Reads a definition payload. Appends to `problems` every missing or unknown field, wrong
// kind, unknown enum string and out-of-range integer (kBadInput, `where` = JSON Pointer), and
// returns what could be read. If doc["format"] is absent or not kDefinitionFormat, appends one
// problem and returns an empty definition: the document is not a definition at all.
ElectionDefinition DefinitionFromJson(const json::Value& doc, std::vector<Error>* problems);

// The inverse: DefinitionFromJson(DefinitionToJson(d)) == d for every d. Empty optional
// strings (kk/ru names, parent/region of the CEC, affiliation, choice party, lottery seed,
// alphabetical language) are left out.
json::Value DefinitionToJson(const ElectionDefinition& def);

}  // namespace ashyq
