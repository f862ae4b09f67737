// ashyq guardian …: the guardians' key ceremony and the decryption of the e-voting tally, one
// step per command, so that every guardian runs its steps on its own machine and only files
// are carried between them (docs/guardians.md walks through it; docs/formats.md has the files).
//
//   init       a guardian's secret polynomial (mode 0600) and its public commitments
//   shares     its share for every other guardian, each encrypted to its recipient
//   receive    the shares it received checked against their senders' commitments → its key share
//   joint-key  every guardian's commitments checked and combined → the election key file
//   decrypt    its decryption share of an encrypted tally, with proofs
//   combine    k or more guardians' decryption shares → the tally result (ashyq/evote-tally/1)
//   check      a tally result checked against the joint key (every proof, every count)
//   demo-tally TEST ONLY: an encrypted tally of made-up ballots, for trying the steps out
//
// The work is in crypto/guardian_*.h and evote/tally*.h; each command reads the group from its
// input files (or --group) and runs the same template for every backend.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "cli_output.h"
#include "commands.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/discrete_log.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/guardian_files.h"
#include "crypto/guardian_json.h"
#include "evote/tally.h"
#include "evote/tally_json.h"

namespace ashyq::cli {
namespace {

constexpr size_t kMaxPublicFileBytes = 64 << 20;

// Runs f(std::type_identity<G>{}) for the backend of `id`.
template <typename F>
int WithGroup(crypto::GroupId id, F&& f) {
  switch (id) {
    case crypto::GroupId::kP256:
      return f(std::type_identity<crypto::P256>{});
    case crypto::GroupId::kRistretto255:
      return f(std::type_identity<crypto::Ristretto255>{});
    case crypto::GroupId::kElectionGuard4096:
      return f(std::type_identity<crypto::ElectionGuard4096>{});
  }
  return ReportError(BadInput("group", "unknown group"));
}

Result<json::Value> ReadPublicJson(const std::string& path) {
  auto text = ReadRegularFile(path, kMaxPublicFileBytes, Symlinks::kFollow);
  if (!text.ok()) return text.error().In(path);
  auto doc = json::Parse(*text);
  if (!doc.ok()) return doc.error().In(path);
  return std::move(*doc);
}

Result<crypto::GroupId> GroupOfFile(const std::string& path) {
  ASHYQ_ASSIGN_OR_RETURN(auto doc, ReadPublicJson(path));
  auto group = crypto::GroupOfDocument(doc);
  if (!group.ok()) return group.error().In(path);
  return *group;
}

Status WritePublicJson(const std::string& path, const json::Value& doc) {
  Status written = WriteFileAtomic(path, json::Pretty(doc) + "\n", 0644, /*overwrite=*/false);
  if (!written.ok()) return written.error().In(written.error().where == path ? "" : path);
  return written;
}

// Reads a file with `parse` and prefixes any error with the file's path.
template <typename T, typename Parse>
Result<T> ReadWith(const std::string& path, bool secret, Parse parse) {
  auto doc = secret ? crypto::ReadSecretJsonFile(path) : ReadPublicJson(path);
  if (!doc.ok()) return doc.error();
  auto value = parse(*doc);
  if (!value.ok()) return value.error().In(path);
  return std::move(*value);
}

template <typename G>
Result<std::vector<crypto::GuardianCommitments<G>>> ReadAllCommitments(
    const std::vector<std::string>& paths, const crypto::GuardianFileHeader& h) {
  std::vector<crypto::GuardianCommitments<G>> out;
  const auto context = evote::ElectionContext(h.election);
  for (const auto& path : paths) {
    ASHYQ_ASSIGN_OR_RETURN(auto parsed,
                           ReadWith<crypto::ParsedGuardianCommitments<G>>(
                               path, false, [](const json::Value& d) {
                                 return crypto::GuardianCommitmentsFromJson<G>(d);
                               }));
    if (parsed.ceremony.guardians != h.ceremony.guardians ||
        parsed.ceremony.quorum != h.ceremony.quorum) {
      return CheckFailed(path, "R-C3.guardian-commitment",
                         "the commitments are for a ceremony of " +
                             std::to_string(parsed.ceremony.quorum) + " of " +
                             std::to_string(parsed.ceremony.guardians) + ", not " +
                             std::to_string(h.ceremony.quorum) + " of " +
                             std::to_string(h.ceremony.guardians));
    }
    Status verified = crypto::VerifyGuardianCommitments<G>(h.ceremony, parsed.commitments, context);
    if (!verified.ok()) return verified.error().In(path);
    out.push_back(std::move(parsed.commitments));
  }
  return out;
}

std::string ShortHex(std::string_view hex) { return std::string(hex.substr(0, 16)) + "…"; }

// ---- init

struct InitOptions {
  std::string election;
  std::string group = "p256";
  uint32_t guardians = 0;
  uint32_t quorum = 0;
  uint32_t index = 0;
  std::string secret;
  std::string commitments;
};

template <typename G>
int RunInit(const InitOptions& o) {
  const crypto::GuardianFileHeader h{o.election, {o.guardians, o.quorum}};
  auto poly = crypto::NewGuardianPolynomial<G>(h.ceremony, o.index);
  if (!poly.ok()) return ReportError(poly.error());
  const auto commitments =
      crypto::CommitGuardianPolynomial<G>(h.ceremony, *poly, evote::ElectionContext(o.election));
  struct stat st {};
  if (::lstat(o.commitments.c_str(), &st) == 0) {
    return ReportError(Error{ErrorCode::kAlreadyExists, o.commitments, "",
                             "a file already exists here; nothing was written"});
  }
  Status s = crypto::WriteSecretJsonFile(o.secret, crypto::GuardianSecretToJson<G>(h, *poly));
  if (!s.ok()) return ReportError(s.error());
  s = WritePublicJson(o.commitments, crypto::GuardianCommitmentsToJson<G>(h.ceremony, commitments));
  if (!s.ok()) return ReportError(s.error());
  std::printf("guardian %u of %u (any %u decrypt), election %s, group %s\n"
              "secret       %s (mode 0600: keep it on this machine, never copy it)\n"
              "commitments  %s (public: give it to every other guardian)\n",
              o.index, o.guardians, o.quorum, o.election.c_str(), std::string(G::kName).c_str(),
              o.secret.c_str(), o.commitments.c_str());
  return kExitOk;
}

// ---- shares

struct SharesOptions {
  std::string secret;
  std::vector<std::string> commitments;
  std::string out;
};

template <typename G>
Result<crypto::GuardianSecretFile<G>> ReadSecret(const std::string& path) {
  return ReadWith<crypto::GuardianSecretFile<G>>(
      path, true, [](const json::Value& d) { return crypto::GuardianSecretFromJson<G>(d); });
}

std::string ShareFileName(uint32_t from, uint32_t to) {
  return "share-" + std::to_string(from) + "-to-" + std::to_string(to) + ".json";
}

template <typename G>
int RunShares(const SharesOptions& o) {
  auto secret = ReadSecret<G>(o.secret);
  if (!secret.ok()) return ReportError(secret.error());
  const auto& h = secret->header;
  auto all = ReadAllCommitments<G>(o.commitments, h);
  if (!all.ok()) return ReportError(all.error());
  std::map<uint32_t, const crypto::GuardianCommitments<G>*> by_index;
  for (const auto& c : *all) by_index[c.guardian] = &c;
  const uint32_t me = secret->polynomial.guardian;
  // Our own published commitments must be among them, and be ours.
  const auto own = crypto::CommitGuardianPolynomial<G>(h.ceremony, secret->polynomial,
                                                       evote::ElectionContext(h.election));
  if (by_index.count(me) == 0 || !G::Equal(by_index[me]->coefficients[0], own.coefficients[0])) {
    return ReportError(CheckFailed("--commitments", "R-C3.guardian-commitment",
                                   "guardian " + std::to_string(me) +
                                       "'s own commitments (from this secret) are not among the "
                                       "files given"));
  }
  for (uint32_t j = 1; j <= h.ceremony.guardians; ++j) {
    if (by_index.count(j) == 0) {
      return ReportError(CheckFailed("--commitments", "R-C3.guardian-commitment",
                                     "guardian " + std::to_string(j) +
                                         "'s commitments are missing: every share is encrypted "
                                         "to its recipient's first commitment"));
    }
  }
  Status made = MakeDirectories(o.out, 0700);
  if (!made.ok()) return ReportError(made.error());
  std::vector<std::string> written;
  for (uint32_t j = 1; j <= h.ceremony.guardians; ++j) {
    if (j == me) continue;
    auto share = crypto::ShareForGuardian<G>(h.ceremony, secret->polynomial, j);
    if (!share.ok()) return ReportError(share.error());
    const auto encrypted = crypto::EncryptGuardianShare<G>(h, *share, *by_index[j]);
    const std::string path = o.out + "/" + ShareFileName(me, j);
    Status s = crypto::WriteSecretJsonFile(path, crypto::GuardianShareToJson<G>(h, encrypted));
    if (!s.ok()) return ReportError(s.error());
    written.push_back(path);
  }
  std::printf("%zu shares of guardian %u, each encrypted to its recipient (mode 0600):\n",
              written.size(), me);
  for (const auto& path : written) std::printf("  %s\n", path.c_str());
  std::printf("Carry share-%u-to-J.json to guardian J only.\n", me);
  return kExitOk;
}

// ---- receive

struct ReceiveOptions {
  std::string secret;
  std::vector<std::string> commitments;
  std::vector<std::string> shares;
  std::string out;
};

template <typename G>
int RunReceive(const ReceiveOptions& o) {
  auto secret = ReadSecret<G>(o.secret);
  if (!secret.ok()) return ReportError(secret.error());
  const auto& h = secret->header;
  const uint32_t me = secret->polynomial.guardian;
  auto all = ReadAllCommitments<G>(o.commitments, h);
  if (!all.ok()) return ReportError(all.error());
  std::vector<crypto::GuardianShare<G>> received;
  auto own = crypto::ShareForGuardian<G>(h.ceremony, secret->polynomial, me);
  if (!own.ok()) return ReportError(own.error());
  received.push_back(std::move(*own));
  std::map<uint32_t, std::string> file_of;  // sender → the file its share came in
  for (const auto& path : o.shares) {
    auto file = ReadWith<crypto::GuardianShareFile<G>>(
        path, true, [](const json::Value& d) { return crypto::GuardianShareFromJson<G>(d); });
    if (!file.ok()) return ReportError(file.error());
    if (file->header.election != h.election ||
        file->header.ceremony.guardians != h.ceremony.guardians ||
        file->header.ceremony.quorum != h.ceremony.quorum) {
      return ReportError(CheckFailed(path, "R-C3.guardian-share",
                                     "the share is for another election or ceremony"));
    }
    auto share = crypto::DecryptGuardianShare<G>(h, file->share, secret->polynomial);
    if (!share.ok()) return ReportError(share.error().In(path));
    file_of[share->sender] = path;
    received.push_back(std::move(*share));
  }
  auto key_share = crypto::CombineReceivedShares<G>(
      h.ceremony, me, std::span<const crypto::GuardianShare<G>>(received),
      std::span<const crypto::GuardianCommitments<G>>(*all), evote::ElectionContext(h.election));
  if (!key_share.ok()) {
    // Name the file the bad share came in, when there is one.
    for (const auto& [sender, path] : file_of) {
      if (key_share.error().where.rfind(crypto::GuardianWhere(sender), 0) == 0 &&
          (key_share.error().where.size() == crypto::GuardianWhere(sender).size() ||
           key_share.error().where[crypto::GuardianWhere(sender).size()] == '/')) {
        return ReportError(key_share.error().In(path));
      }
    }
    return ReportError(key_share.error());
  }
  Status s = crypto::WriteSecretJsonFile(o.out, crypto::GuardianKeyShareToJson<G>(h, *key_share));
  if (!s.ok()) return ReportError(s.error());
  std::printf("guardian %u: the %u shares match their senders' commitments\n"
              "key share     %s (mode 0600: keep it for decryption; the secret file may now be\n"
              "              destroyed)\n"
              "public share  %s\n",
              me, h.ceremony.guardians, o.out.c_str(),
              ShortHex(HexEncode(G::Encode(key_share->public_share))).c_str());
  return kExitOk;
}

// ---- joint-key

struct JointKeyOptions {
  std::string election;
  std::vector<std::string> commitments;
  std::string out;
};

template <typename G>
int RunJointKey(const JointKeyOptions& o) {
  // The ceremony is the one the first file names; every file must agree (ReadAllCommitments).
  auto first = ReadWith<crypto::ParsedGuardianCommitments<G>>(
      o.commitments.front(), false,
      [](const json::Value& d) { return crypto::GuardianCommitmentsFromJson<G>(d); });
  if (!first.ok()) return ReportError(first.error());
  const crypto::GuardianFileHeader h{o.election, first->ceremony};
  auto all = ReadAllCommitments<G>(o.commitments, h);
  if (!all.ok()) return ReportError(all.error());
  auto key = crypto::ComputeJointKey<G>(h.ceremony,
                                        std::span<const crypto::GuardianCommitments<G>>(*all),
                                        evote::ElectionContext(o.election));
  if (!key.ok()) return ReportError(key.error());
  Status s = WritePublicJson(o.out, crypto::JointKeyToJson<G>(*key));
  if (!s.ok()) return ReportError(s.error());
  std::printf("election key  %s (group %s, any %u of %u guardians decrypt)\n"
              "written to    %s: the election definition names this key\n",
              HexEncode(G::Encode(key->key)).c_str(), std::string(G::kName).c_str(),
              h.ceremony.quorum, h.ceremony.guardians, o.out.c_str());
  return kExitOk;
}

// ---- decrypt, combine, check

template <typename G>
Result<crypto::JointKey<G>> ReadJointKey(const std::string& path) {
  return ReadWith<crypto::JointKey<G>>(
      path, false, [](const json::Value& d) { return crypto::JointKeyFromJson<G>(d); });
}

template <typename G>
Result<evote::EncryptedTally<G>> ReadEncryptedTally(const std::string& path) {
  return ReadWith<evote::EncryptedTally<G>>(
      path, false, [](const json::Value& d) { return evote::EncryptedTallyFromJson<G>(d); });
}

struct DecryptOptions {
  std::string key_share;
  std::string joint_key;
  std::string tally;
  std::string out;
};

template <typename G>
int RunDecrypt(const DecryptOptions& o) {
  auto key_share = ReadWith<crypto::GuardianKeyShareFile<G>>(
      o.key_share, true,
      [](const json::Value& d) { return crypto::GuardianKeyShareFromJson<G>(d); });
  if (!key_share.ok()) return ReportError(key_share.error());
  auto joint = ReadJointKey<G>(o.joint_key);
  if (!joint.ok()) return ReportError(joint.error());
  auto tally = ReadEncryptedTally<G>(o.tally);
  if (!tally.ok()) return ReportError(tally.error());
  if (key_share->header.election != tally->election) {
    return ReportError(CheckFailed(o.tally, "R-C4.tally",
                                   "the tally is of election \"" + tally->election +
                                       "\", the key share of \"" + key_share->header.election + "\""));
  }
  auto shares = evote::DecryptTallyShare<G>(*joint, key_share->key_share, *tally);
  if (!shares.ok()) return ReportError(shares.error().In(o.key_share));
  Status s = WritePublicJson(o.out, evote::TallySharesToJson<G>(*tally, *shares));
  if (!s.ok()) return ReportError(s.error());
  std::printf("guardian %u's decryption shares of %zu totals (%s ballots), with proofs: %s\n",
              shares->guardian, shares->shares.size(), Grouped(static_cast<int64_t>(tally->ballots)).c_str(),
              o.out.c_str());
  return kExitOk;
}

template <typename G>
void PrintCounts(const evote::TallyResult<G>& result) {
  std::string guardians;
  for (const auto& d : result.decryptions) {
    guardians += (guardians.empty() ? "" : ", ") + std::to_string(d.guardian);
  }
  std::printf("election %s: %s ballots, decrypted by guardians %s (any %u of %u)\n",
              result.tally.election.c_str(),
              Grouped(static_cast<int64_t>(result.tally.ballots)).c_str(), guardians.c_str(),
              result.ceremony.quorum, result.ceremony.guardians);
  for (size_t k = 0; k < result.counts.size(); ++k) {
    std::printf("  %-40s %12s\n",
                (result.tally.selections[k].contest + "/" + result.tally.selections[k].selection).c_str(),
                Grouped(static_cast<int64_t>(result.counts[k])).c_str());
  }
}

struct CombineOptions {
  std::string joint_key;
  std::string tally;
  std::vector<std::string> shares;
  std::string out;
  uint64_t bound = crypto::kNationalDiscreteLogBound;
};

template <typename G>
int RunCombine(const CombineOptions& o) {
  auto joint = ReadJointKey<G>(o.joint_key);
  if (!joint.ok()) return ReportError(joint.error());
  auto tally = ReadEncryptedTally<G>(o.tally);
  if (!tally.ok()) return ReportError(tally.error());
  std::vector<evote::GuardianTallyShares<G>> shares;
  std::map<uint32_t, std::string> file_of;
  for (const auto& path : o.shares) {
    auto read = ReadWith<evote::GuardianTallyShares<G>>(
        path, false, [&](const json::Value& d) { return evote::TallySharesFromJson<G>(d, *tally); });
    if (!read.ok()) return ReportError(read.error());
    file_of[read->guardian] = path;
    shares.push_back(std::move(*read));
  }
  auto table = crypto::DiscreteLogTable<G>::Make(std::min<uint64_t>(o.bound, tally->ballots));
  if (!table.ok()) return ReportError(table.error());
  auto result = evote::CombineTally<G>(*joint, *tally,
                                       std::span<const evote::GuardianTallyShares<G>>(shares), *table);
  if (!result.ok()) {
    for (const auto& [guardian, path] : file_of) {
      const std::string who = crypto::GuardianWhere(guardian) + "/";
      if (result.error().where.find(who) != std::string::npos) {
        return ReportError(result.error().In(path));
      }
    }
    return ReportError(result.error());
  }
  // What is written is what a verifier reads: parse it back and check it, as it will.
  const std::string text = evote::TallyResultText<G>(*result);
  auto parsed = evote::ParseTallyResult<G>(text);
  if (!parsed.ok()) return ReportError(parsed.error().In("(the result, re-read)"));
  Status checked = evote::CheckTallyResult<G>(*joint, *parsed);
  if (!checked.ok()) return ReportError(checked.error().In("(the result, re-checked)"));
  Status s = WriteFileAtomic(o.out, text, 0644, /*overwrite=*/false);
  if (!s.ok()) return ReportError(s.error());
  PrintCounts<G>(*result);
  std::printf("tally result (%s, canonical JSON): %s\n", std::string(evote::kTallyResultFormat).c_str(),
              o.out.c_str());
  return kExitOk;
}

struct CheckOptions {
  std::string joint_key;
  std::string result;
};

template <typename G>
int RunCheck(const CheckOptions& o) {
  auto joint = ReadJointKey<G>(o.joint_key);
  if (!joint.ok()) return ReportError(joint.error());
  auto text = ReadRegularFile(o.result, kMaxPublicFileBytes, Symlinks::kFollow);
  if (!text.ok()) return ReportError(text.error().In(o.result));
  auto result = evote::ParseTallyResult<G>(*text);
  if (!result.ok()) return ReportError(result.error().In(o.result));
  Status checked = evote::CheckTallyResult<G>(*joint, *result);
  if (!checked.ok()) return ReportError(checked.error().In(o.result));
  PrintCounts<G>(*result);
  std::printf("checked: every decryption proof holds and every count is the decrypted total\n");
  return kExitOk;
}

// ---- demo-tally (test only)

struct DemoTallyOptions {
  std::string election;
  std::string joint_key;
  std::string counts;
  std::string out;
};

template <typename G>
int RunDemoTally(const DemoTallyOptions& o) {
  auto joint = ReadJointKey<G>(o.joint_key);
  if (!joint.ok()) return ReportError(joint.error());
  std::vector<uint64_t> counts;
  std::stringstream in(o.counts);
  for (std::string item; std::getline(in, item, ',');) {
    try {
      size_t used = 0;
      const unsigned long long v = std::stoull(item, &used);
      if (used != item.size() || v > 10'000) throw std::invalid_argument(item);
      counts.push_back(v);
    } catch (const std::exception&) {
      return ReportError(BadInput("--counts", "\"" + item + "\" is not a count from 0 to 10000"));
    }
  }
  if (counts.empty() || counts.size() > 100) {
    return ReportError(BadInput("--counts", "give 1 to 100 counts, comma-separated"));
  }
  std::vector<evote::SelectionId> selections;
  for (size_t k = 0; k < counts.size(); ++k) selections.push_back({"demo", "s" + std::to_string(k + 1)});
  auto key = crypto::ElectionKey<G>::Make(joint->key);
  if (!key.ok()) return ReportError(key.error());
  // One ballot per vote: counts[k] ballots choose selection k.
  std::vector<evote::TallyBallot<G>> ballots;
  for (size_t chosen = 0; chosen < counts.size(); ++chosen) {
    for (uint64_t b = 0; b < counts[chosen]; ++b) {
      evote::TallyBallot<G> ballot;
      for (size_t k = 0; k < counts.size(); ++k) {
        auto c = crypto::EncryptElGamal<G>(*key, k == chosen ? 1 : 0);
        if (!c.ok()) return ReportError(c.error());
        ballot.selections.push_back({selections[k].contest, selections[k].selection, *c});
      }
      ballots.push_back(std::move(ballot));
    }
  }
  auto tally = evote::AccumulateTally<G>(o.election, selections, ballots);
  if (!tally.ok()) return ReportError(tally.error());
  Status s = WritePublicJson(o.out, evote::EncryptedTallyToJson<G>(*tally));
  if (!s.ok()) return ReportError(s.error());
  std::printf("TEST ONLY: %zu made-up ballots encrypted and tallied into %s\n", ballots.size(),
              o.out.c_str());
  return kExitOk;
}

}  // namespace

void AddGuardianCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* guardian = app.add_subcommand(
      "guardian",
      "The e-voting guardians: the k-of-n key ceremony and the decryption of the tally, one step\n"
      "per command, each guardian on its own machine with files carried between them\n"
      "(docs/guardians.md). Secret files are written with mode 0600, never overwritten and\n"
      "never printed.");
  guardian->require_subcommand(1);

  auto init = std::make_shared<InitOptions>();
  CLI::App* init_app = guardian->add_subcommand(
      "init",
      "Step 1, each guardian: draw this guardian's secret polynomial (written to --secret, mode\n"
      "0600) and publish its commitments with Schnorr proofs (--commitments, for the others).");
  init_app->add_option("--election", init->election, "Election id (binds every proof to it)")->required();
  init_app->add_option("--guardians", init->guardians, "Number of guardians n")->required();
  init_app->add_option("--quorum", init->quorum, "Guardians needed to decrypt, k (1..n)")->required();
  init_app->add_option("--index", init->index, "This guardian's index, 1..n")->required();
  init_app->add_option("--group", init->group, "p256 (default), ristretto255 or eg4096");
  init_app->add_option("--secret", init->secret, "Secret file to create (mode 0600)")->required();
  init_app->add_option("--commitments", init->commitments, "Public commitments file to create")
      ->required();
  commands->push_back({init_app, [init] {
                         auto group = crypto::ParseGroupName(init->group);
                         if (!group.ok()) return ReportError(group.error().In("--group"));
                         return WithGroup(*group, [&](auto tag) {
                           return RunInit<typename decltype(tag)::type>(*init);
                         });
                       }});

  auto shares = std::make_shared<SharesOptions>();
  CLI::App* shares_app = guardian->add_subcommand(
      "shares",
      "Step 2, each guardian: check every guardian's commitments and write this guardian's share\n"
      "for each other guardian J, encrypted to J, as OUT/share-I-to-J.json (mode 0600).");
  shares_app->add_option("--secret", shares->secret, "This guardian's secret file")->required();
  shares_app->add_option("--commitments", shares->commitments, "Every guardian's commitments file")
      ->required();
  shares_app->add_option("--out", shares->out, "Directory for the share files (created 0700)")->required();
  commands->push_back({shares_app, [shares] {
                         auto group = GroupOfFile(shares->commitments.front());
                         if (!group.ok()) return ReportError(group.error());
                         return WithGroup(*group, [&](auto tag) {
                           return RunShares<typename decltype(tag)::type>(*shares);
                         });
                       }});

  auto receive = std::make_shared<ReceiveOptions>();
  CLI::App* receive_app = guardian->add_subcommand(
      "receive",
      "Step 3, each guardian: decrypt the shares the others sent, check each against its\n"
      "sender's commitments (a bad one names its sender) and write this guardian's key share\n"
      "(mode 0600).");
  receive_app->add_option("--secret", receive->secret, "This guardian's secret file")->required();
  receive_app->add_option("--commitments", receive->commitments, "Every guardian's commitments file")
      ->required();
  receive_app->add_option("--shares", receive->shares, "The share files addressed to this guardian")
      ->required();
  receive_app->add_option("--out", receive->out, "Key share file to create (mode 0600)")->required();
  commands->push_back({receive_app, [receive] {
                         auto group = GroupOfFile(receive->commitments.front());
                         if (!group.ok()) return ReportError(group.error());
                         return WithGroup(*group, [&](auto tag) {
                           return RunReceive<typename decltype(tag)::type>(*receive);
                         });
                       }});

  auto joint = std::make_shared<JointKeyOptions>();
  CLI::App* joint_app = guardian->add_subcommand(
      "joint-key",
      "Anyone: check every guardian's commitments and combine them into the election key file\n"
      "(ashyq/guardian-joint-key/1: the key and each guardian's public share), which the\n"
      "election definition names.");
  joint_app->add_option("--election", joint->election, "Election id")->required();
  joint_app->add_option("--commitments", joint->commitments, "Every guardian's commitments file")
      ->required();
  joint_app->add_option("--out", joint->out, "Joint key file to create")->required();
  commands->push_back({joint_app, [joint] {
                         auto group = GroupOfFile(joint->commitments.front());
                         if (!group.ok()) return ReportError(group.error());
                         return WithGroup(*group, [&](auto tag) {
                           return RunJointKey<typename decltype(tag)::type>(*joint);
                         });
                       }});

  auto decrypt = std::make_shared<DecryptOptions>();
  CLI::App* decrypt_app = guardian->add_subcommand(
      "decrypt",
      "After the vote, each guardian present: this guardian's decryption share of every total\n"
      "of an encrypted tally (ashyq/evote-encrypted-tally/1), with Chaum-Pedersen proofs.");
  decrypt_app->add_option("--key-share", decrypt->key_share, "This guardian's key share file")->required();
  decrypt_app->add_option("--joint-key", decrypt->joint_key, "The election's joint key file")->required();
  decrypt_app->add_option("--tally", decrypt->tally, "The encrypted tally")->required();
  decrypt_app->add_option("--out", decrypt->out, "Decryption shares file to create (public)")->required();
  commands->push_back({decrypt_app, [decrypt] {
                         auto group = GroupOfFile(decrypt->tally);
                         if (!group.ok()) return ReportError(group.error());
                         return WithGroup(*group, [&](auto tag) {
                           return RunDecrypt<typename decltype(tag)::type>(*decrypt);
                         });
                       }});

  auto combine = std::make_shared<CombineOptions>();
  CLI::App* combine_app = guardian->add_subcommand(
      "combine",
      "Anyone: check the decryption shares of k or more guardians (a bad one names its guardian\n"
      "and file), combine them, find each count and write the tally result\n"
      "(ashyq/evote-tally/1, canonical JSON). Fewer than k guardians is an error, never a result.");
  combine_app->add_option("--joint-key", combine->joint_key, "The election's joint key file")->required();
  combine_app->add_option("--tally", combine->tally, "The encrypted tally")->required();
  combine_app->add_option("--shares", combine->shares, "Decryption shares files, one per guardian")
      ->required();
  combine_app->add_option("--out", combine->out, "Tally result file to create")->required();
  combine_app->add_option("--bound", combine->bound,
                          "Largest count searched (default 20,000,000; never more than the ballots)");
  commands->push_back({combine_app, [combine] {
                         auto group = GroupOfFile(combine->tally);
                         if (!group.ok()) return ReportError(group.error());
                         return WithGroup(*group, [&](auto tag) {
                           return RunCombine<typename decltype(tag)::type>(*combine);
                         });
                       }});

  auto check = std::make_shared<CheckOptions>();
  CLI::App* check_app = guardian->add_subcommand(
      "check",
      "Anyone: check a tally result against the joint key: every decryption proof, at least k\n"
      "guardians, every count the decrypted total. Exit 0 checked, 1 a check failed.");
  check_app->add_option("--joint-key", check->joint_key, "The election's joint key file")->required();
  check_app->add_option("--result", check->result, "The tally result (ashyq/evote-tally/1)")->required();
  commands->push_back({check_app, [check] {
                         auto group = GroupOfFile(check->joint_key);
                         if (!group.ok()) return ReportError(group.error());
                         return WithGroup(*group, [&](auto tag) {
                           return RunCheck<typename decltype(tag)::type>(*check);
                         });
                       }});

  auto demo = std::make_shared<DemoTallyOptions>();
  CLI::App* demo_app = guardian->add_subcommand(
      "demo-tally",
      "TEST ONLY: encrypt made-up ballots under a joint key (one contest \"demo\", selections\n"
      "s1..sN; COUNTS[k] ballots choose sK) and write their encrypted tally, to try decrypt and\n"
      "combine. Real tallies come from the cast ballots.");
  demo_app->add_option("--election", demo->election, "Election id")->required();
  demo_app->add_option("--joint-key", demo->joint_key, "The joint key file")->required();
  demo_app->add_option("--counts", demo->counts, "Votes per selection, e.g. 3,0,5")->required();
  demo_app->add_option("--out", demo->out, "Encrypted tally file to create")->required();
  commands->push_back({demo_app, [demo] {
                         auto group = GroupOfFile(demo->joint_key);
                         if (!group.ok()) return ReportError(group.error());
                         return WithGroup(*group, [&](auto tag) {
                           return RunDemoTally<typename decltype(tag)::type>(*demo);
                         });
                       }});
}

}  // namespace ashyq::cli
