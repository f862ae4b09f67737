#include "verify/copy_check.h"

#include <algorithm>
#include <cstdlib>

#include "core/commission_tree.h"
#include "core/json.h"
#include "crypto/signed_definition.h"
#include "crypto/signed_object.h"
#include "ledger/merkle.h"
#include "ledger/tree_head.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "verify/findings.h"
#include "verify/publication_directory.h"
#include "verify/published_index.h"
#include "verify/published_log.h"

namespace ashyq::verify {
namespace {

Error Damaged(const std::string& where, const std::string& message) {
  return CheckFailed(where, "R-E2.log", message + ": the record cannot be trusted; run `ashyq verify` to see why");
}

Result<json::Value> ParseLeaf(std::string_view bytes) {
  json::ParseOptions options;
  options.max_bytes = std::max(bytes.size() + 1, size_t{1});
  return json::Parse(bytes, options);
}

struct Version {
  uint64_t leaf = 0;
  crypto::SignedObject object;
  protocol::PrecinctProtocol protocol;
};

// The published record a copy is checked against: the log, its CEC-signed definition (leaf 0)
// and the latest tree head, whose root the published leaves must give.
struct CheckedLog {
  PublishedLog log;
  crypto::DefinitionDocument definition;
  ledger::TreeHead head;
};

Result<CheckedLog> ReadCheckedLog(const PublicationDirectory& dir, const std::string& root) {
  ASHYQ_ASSIGN_OR_RETURN(std::string index_text, dir.Read("index.json", kMaxIndexBytes));
  Result<PublishedIndex> index = ParsePublishedIndex(index_text);
  if (!index.ok()) return index.error().In(root + "/index.json");
  ASHYQ_RETURN_IF_ERROR(ReadStationMap(dir, &*index));
  CheckedLog out;
  Findings findings;
  out.log = ReadPublishedLog(dir, *index, &findings);
  if (!findings.ok()) return Damaged(findings.failures().front().where, findings.failures().front().message);
  if (out.log.leaves.empty()) return Damaged(root, "the log is empty");

  ASHYQ_ASSIGN_OR_RETURN(json::Value definition_doc, ParseLeaf(out.log.leaves[0]));
  ASHYQ_ASSIGN_OR_RETURN(out.definition, crypto::ReadDefinitionDocument(definition_doc));
  if (!out.definition.envelope || !out.definition.problems.empty()) {
    return Damaged(out.log.Where(0), "leaf 0 is not a CEC-signed election definition");
  }
  const Commission* cec = nullptr;
  for (const Commission& c : out.definition.definition.commissions) {
    if (c.tier == CommissionTier::kCentral) cec = &c;
  }
  if (cec == nullptr) return Damaged(out.log.Where(0), "the definition has no CEC");
  ASHYQ_ASSIGN_OR_RETURN(crypto::PublicKey cec_key, crypto::PublicKey::FromHex(cec->public_key));

  ledger::MerkleTree tree;
  for (std::string_view leaf : out.log.leaves) tree.AppendLeaf(leaf);
  ASHYQ_ASSIGN_OR_RETURN(std::string head_text, dir.Read("log/tree-head.json", kMaxTreeHeadBytes));
  ASHYQ_ASSIGN_OR_RETURN(json::Value head_doc, ParseLeaf(head_text));
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject head_object, crypto::SignedObject::FromJson(head_doc));
  Result<ledger::TreeHead> head = ledger::VerifyTreeHead(head_object, cec->id, cec_key);
  if (!head.ok()) return Damaged("log/tree-head.json", "the tree head is not signed by the CEC: " + head.error().message);
  if (head->size != tree.size() || head->root_hash != tree.Root()) {
    return Damaged("log/tree-head.json", "the published leaves (" + std::to_string(tree.size()) +
                                             ") do not give the root of the signed tree head (size " +
                                             std::to_string(head->size) + ")");
  }
  out.head = *head;
  return out;
}

// Every version of `station`'s protocol in the log, in log order. Leaves are canonical JSON, so
// a protocol of the station contains these bytes exactly.
std::vector<Version> StationVersions(const PublishedLog& log, const std::string& station) {
  const std::string station_field = "\"station\":\"" + station + "\"";
  const std::string format_field = "\"format\":\"" + std::string(protocol::kPrecinctProtocolFormat) + "\"";
  std::vector<Version> versions;
  for (uint64_t i = 1; i < log.leaves.size(); ++i) {
    const std::string_view leaf = log.leaves[i];
    if (leaf.find(station_field) == std::string_view::npos || leaf.find(format_field) == std::string_view::npos) {
      continue;
    }
    Result<json::Value> doc = ParseLeaf(leaf);
    if (!doc.ok()) continue;
    Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
    if (!object.ok() || object->payload_format() != protocol::kPrecinctProtocolFormat) continue;
    std::vector<Error> problems;
    protocol::PrecinctProtocol p = protocol::ProtocolFromJson(object->payload(), &problems);
    if (!problems.empty() || p.station != station) continue;
    versions.push_back({i, std::move(object).value(), std::move(p)});
  }
  return versions;
}

// Why no version matches the copy (versions is not empty).
std::string NoMatch(const std::vector<Version>& versions, const protocol::CopyReference& reference) {
  for (const Version& v : versions) {
    if (v.protocol.version == reference.version) {
      return "the published version " + std::to_string(v.protocol.version) + " of " + reference.station +
             " (log leaf " + std::to_string(v.leaf) + ") has digest " + v.object.digest().Hex() + ", not the copy's " +
             reference.digest + ": the copy differs from the published protocol";
    }
  }
  return "the log holds version" + std::string(versions.size() > 1 ? "s 1 to " : " ") +
         std::to_string(versions.back().protocol.version) + " of " + reference.station +
         "'s protocol, but no version " + std::to_string(reference.version);
}

// Which versions hold, the chain up to the first that does not (tally_check.h's rule), and so
// the status of version `match` and of each correction after it.
Status JudgeVersions(const std::vector<Version>& versions, size_t match, const CheckedLog& checked, CopyCheck* out) {
  const ElectionDefinition& def = checked.definition.definition;
  ASHYQ_ASSIGN_OR_RETURN(CommissionTree commission_tree, CommissionTree::Build(def));
  ASHYQ_ASSIGN_OR_RETURN(protocol::ProtocolContext context,
                         protocol::ProtocolContext::Build(def, commission_tree,
                                                          checked.definition.envelope->digest().Hex()));
  std::vector<crypto::SignedObject> chain;
  for (const Version& v : versions) chain.push_back(v.object);
  size_t held = versions.size();
  std::optional<Error> broken;
  if (Status s = protocol::VerifyVersionChain(chain, context); !s.ok()) {
    broken = s.error();
    held = 0;
    const std::string& where = broken->where;
    if (where.size() > 1 && where[0] == '/') held = std::strtoull(where.c_str() + 1, nullptr, 10);
    held = std::min(held, versions.size() - 1);
  }
  out->counted_version = held > 0 ? versions[held - 1].protocol.version : 0;
  auto refusal_of = [&](size_t k) -> std::optional<Error> {
    if (k < held) return std::nullopt;
    if (k == held && broken) return broken;
    return CheckFailed("", "R-E1.version-chain",
                       "an earlier version (" + std::to_string(held + 1) + ") does not hold, so neither does this one");
  };
  for (size_t k = match + 1; k < versions.size(); ++k) {
    const Version& v = versions[k];
    out->corrections.push_back({v.protocol.version, v.leaf, v.object.digest().Hex(), v.protocol.correction.reason,
                                v.protocol.correction.decision, refusal_of(k)});
  }
  if (match >= held) {
    out->status = CopyCheck::Status::kRefused;
    out->refusal = refusal_of(match);
  } else {
    out->status = match + 1 == held ? CopyCheck::Status::kPublishedLatest : CopyCheck::Status::kSuperseded;
  }
  return Status();
}

}  // namespace

Result<CopyCheck> CheckCopy(const std::string& path, const protocol::CopyReference& reference) {
  ASHYQ_ASSIGN_OR_RETURN(std::string root, FindPublication(path));
  const PublicationDirectory dir(root);
  ASHYQ_ASSIGN_OR_RETURN(CheckedLog checked, ReadCheckedLog(dir, root));
  const ElectionDefinition& def = checked.definition.definition;

  CopyCheck out;
  out.reference = reference;
  out.election_id = def.election_id;
  out.tree_size = checked.head.size;
  out.root_hash = checked.head.root_hash.Hex();
  out.tree_timestamp = checked.head.timestamp;
  if (!reference.election_id.empty() && reference.election_id != def.election_id) {
    out.why = "the copy is of election \"" + reference.election_id + "\"; this publication is of \"" +
              def.election_id + "\"";
    return out;
  }
  const std::vector<Version> versions = StationVersions(checked.log, reference.station);
  if (versions.empty()) {
    out.why = "no protocol of station " + reference.station + " is in the log";
    return out;
  }
  out.latest_version = versions.back().protocol.version;
  size_t match = versions.size();
  for (size_t k = 0; k < versions.size(); ++k) {
    if (versions[k].protocol.version == reference.version && reference.Matches(versions[k].object.digest())) match = k;
  }
  if (match == versions.size()) {
    out.why = NoMatch(versions, reference);
    return out;
  }
  out.leaf = versions[match].leaf;
  out.digest = versions[match].object.digest().Hex();
  ASHYQ_RETURN_IF_ERROR(JudgeVersions(versions, match, checked, &out));
  return out;
}

}  // namespace ashyq::verify
