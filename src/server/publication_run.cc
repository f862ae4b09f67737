#include "server/publication_run.h"

#include <map>
#include <memory>

#include "crypto/key_file.h"
#include "ledger/merkle.h"

namespace ashyq::server {
namespace {

std::string Short(const std::string& hex) { return hex.substr(0, 16) + "\xE2\x80\xA6"; }

}  // namespace

// A key the server would sign with as `commission` must be the one the definition lists for it:
// anything else signs protocols that every verifier refuses.
Status CheckCommissionKey(const Commission& commission, const crypto::PublicKey& key, const std::string& where) {
  Result<crypto::PublicKey> listed = crypto::PublicKey::FromHex(commission.public_key);
  if (!listed.ok()) {
    return BadInput(where, "the definition lists no usable public key for commission " + commission.id);
  }
  if (*listed != key) {
    return BadInput(where, "the key given for commission " + commission.id + " has public key " + Short(key.Hex()) +
                               ", but the definition lists " + Short(listed->Hex()) +
                               " for it: not this commission's key (nothing was signed or written)");
  }
  return Status();
}

std::vector<const Commission*> SigningCommissions(const ElectionDefinition& definition) {
  std::vector<const Commission*> out;
  for (const Commission& c : definition.commissions) {
    if (c.tier != CommissionTier::kPrecinct) out.push_back(&c);
  }
  return out;
}

Status CheckCommissionKeys(const protocol::ElectionContext& election, const CommissionKeys& keys,
                           const std::string& where) {
  if (!keys) return BadInput(where, "no commission keys: a publication needs signed tier protocols and tree head");
  for (const Commission* c : SigningCommissions(election.definition())) {
    Result<crypto::SigningKey> key = keys(c->id);
    if (!key.ok()) return key.error();
    ASHYQ_RETURN_IF_ERROR(CheckCommissionKey(*c, key->public_key(), c->id));
  }
  return Status();
}

std::string CommissionKeyFileName(const std::string& commission_id) { return commission_id + ".key"; }

Result<PublicationRun> RunPublication(const protocol::ElectionContext& election, store::Store& store,
                                      const CommissionKeys& keys, const std::string& out, const std::string& now) {
  // Every key first, so that a missing or wrong one stops the run before anything is stored.
  ASHYQ_RETURN_IF_ERROR(CheckCommissionKeys(election, keys, out));
  PublicationRun run;
  ASHYQ_ASSIGN_OR_RETURN(run.tabulation, RunTabulation(election, store, keys));
  const Commission& cec = election.tree().commission(election.tree().root());
  ASHYQ_ASSIGN_OR_RETURN(crypto::SigningKey cec_key, keys(cec.id));
  ledger::MerkleTree tree;
  ASHYQ_ASSIGN_OR_RETURN(run.head,
                         CommitTreeHead(store, &tree, election.definition().election_id, cec.id, cec_key, now));
  ASHYQ_ASSIGN_OR_RETURN(run.publication, Publish(election, store, run.tabulation, out, now));
  return run;
}

Result<crypto::SigningKey> LoadCommissionKeyFile(const protocol::ElectionContext& election,
                                                 const std::string& commission_id, const std::string& path) {
  const size_t c = election.tree().FindCommission(commission_id);
  if (c == CommissionTree::kNone) {
    return BadInput(commission_id, "\"" + commission_id + "\" is no commission of election " +
                                       election.definition().election_id);
  }
  std::string owner;
  ASHYQ_ASSIGN_OR_RETURN(crypto::SigningKey key, crypto::KeyFile::Load(path, &owner));
  if (owner != commission_id) {
    return BadInput(path, "this key file belongs to \"" + owner + "\", not to commission " + commission_id +
                              " (nothing was signed or written)");
  }
  ASHYQ_RETURN_IF_ERROR(CheckCommissionKey(election.tree().commission(c), key.public_key(), path));
  return key;
}

Result<CommissionKeys> LoadCommissionKeyFiles(const protocol::ElectionContext& election, const std::string& dir) {
  auto seeds = std::make_shared<std::map<std::string, crypto::KeySeed>>();
  for (const Commission* c : SigningCommissions(election.definition())) {
    if (c->id.empty() || c->id.front() == '.' || c->id.find('/') != std::string::npos) {
      return BadInput(c->id, "commission id " + c->id + " cannot name a key file");
    }
    const std::string path = dir + "/" + CommissionKeyFileName(c->id);
    std::string owner;
    Result<crypto::KeySeed> seed = crypto::KeyFile::LoadSeed(path, &owner);
    if (!seed.ok()) {
      const Error& e = seed.error();
      if (e.code == ErrorCode::kNotFound) {
        return Error{ErrorCode::kNotFound, path, "",
                     "no key of commission " + c->id + ": the server signs as every TEC, REC and the CEC, so " +
                         dir + " needs " + CommissionKeyFileName(c->id) + " (nothing was signed or written)"};
      }
      return Error{ErrorCode::kBadInput, e.where, e.rule, "key of commission " + c->id + ": " + e.message};
    }
    if (owner != c->id) {
      return BadInput(path, "this key file belongs to \"" + owner + "\", not to commission " + c->id +
                                " (nothing was signed or written)");
    }
    ASHYQ_RETURN_IF_ERROR(CheckCommissionKey(*c, crypto::SigningKey::FromSeed(*seed).public_key(), path));
    seeds->emplace(c->id, *seed);
  }
  return CommissionKeys([seeds](const std::string& id) -> Result<crypto::SigningKey> {
    auto it = seeds->find(id);
    if (it == seeds->end()) {
      return Error{ErrorCode::kNotFound, id, "", "this server holds no key of commission " + id};
    }
    return crypto::SigningKey::FromSeed(it->second);
  });
}

}  // namespace ashyq::server
