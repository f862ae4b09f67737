// ashyq tier sign: a TEC, REC or the CEC totals the protocols beneath it from the public record,
// checks them, and signs its own tier protocol with its own key (decision 0017): the commission
// server holds no commission's key. src/verify reads and recomputes; this prints, signs, writes
// and (with --server) submits.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "cli_output.h"
#include "commands.h"
#include "core/file_io.h"
#include "crypto/signed_object.h"
#include "protocol/election_context.h"
#include "server/publication_run.h"
#include "station/submission_client.h"
#include "tabulate/tier_protocol.h"
#include "verify/commission_tally.h"
#include "verify/evote_check.h"
#include "verify/publication_directory.h"
#include "verify/record_verifier.h"

namespace ashyq::cli {
namespace {

struct TierSignOptions {
  std::string definition;   // the commission's own copy of the CEC-signed definition
  std::string publication;  // the public record: a publication directory (or a copy of one)
  std::string as;           // the commission signing
  std::string key;          // its key file
  std::string out;          // where the signed tier protocol goes
  std::string server;       // submit it there (optional)
  std::string server_key;   // hex; the receipt must be signed with it
  int tries = 8;
};

// Reads of a live publication that changed underneath, at most; index.json's size limit.
constexpr int kReadAttempts = 5;
constexpr size_t kMaxIndexRead = size_t{64} << 20;

// Failures of the record that only say that tier protocols are not signed, or not signed again,
// yet: what a commission meets before it signs (decision 0017). Any other failure means the
// record itself is wrong, and no commission should sign totals read from it.
// What a live record lacks for a while and does not make its totals wrong: tier protocols not
// signed yet, and the e-vote record, published once the guardians have decrypted the e-tally.
bool PendingSignature(const Error& e) {
  return e.rule == "R-E1.missing" || e.rule == "R-E1.stale" || e.rule == verify::kEvoteMissingRule;
}

std::string Label(const Commission& c) {
  std::string tier(TierName(c.tier));
  for (char& ch : tier) ch = static_cast<char>(ch - 'a' + 'A');
  return tier + " " + c.id;
}

void PrintTally(const protocol::ElectionContext& election, const verify::CommissionTally& t) {
  const CommissionTree& tree = election.tree();
  const Commission& c = tree.commission(t.commission);
  std::printf("%s (%s): %s of %s precinct protocols beneath it counted.\n", Label(c).c_str(),
              BestName(c.name).c_str(), Grouped(static_cast<int64_t>(t.precincts_counted)).c_str(),
              Grouped(static_cast<int64_t>(t.precincts_expected)).c_str());
  constexpr size_t kListed = 20;
  for (size_t i = 0; i < t.stations_missing.size() && i < kListed; ++i) {
    std::printf("  not counted: %s: %s\n", t.stations_missing[i].first.c_str(), t.stations_missing[i].second.c_str());
  }
  if (t.stations_missing.size() > kListed) {
    std::printf("  ... and %zu more not counted\n", t.stations_missing.size() - kListed);
  }
  if (c.tier != CommissionTier::kTerritorial) {
    std::printf("Totalled from the tier protocols of %zu of %zu commissions beneath it.\n",
                tree.children(t.commission).size() - t.children_missing.size(), tree.children(t.commission).size());
    for (const std::string& id : t.children_missing) {
      std::printf("  %s has published no tier protocol yet: its precincts are not in these totals.\n",
                  Label(tree.commission(tree.FindCommission(id))).c_str());
    }
    for (const std::string& id : t.children_behind) {
      std::printf("  %s: its latest tier protocol does not count everything published beneath it; it should "
                  "sign again first.\n",
                  Label(tree.commission(tree.FindCommission(id))).c_str());
    }
  }
  if (t.complete) {
    std::printf("These totals are those of everything published beneath it: once logged, they are its up-to-date "
                "result.\n");
  } else {
    std::printf("Preliminary: not everything published beneath it is in these totals; until it signs again, the "
                "verifier reports its result as out of date (R-E1.stale).\n");
  }
  if (t.already_published_leaf) {
    std::printf("This tier protocol is already published (log leaf %zu): submitting it again is the same log "
                "entry.\n",
                *t.already_published_leaf);
  }
}

int RunTierSign(const TierSignOptions& o) {
  if (o.out.empty() && o.server.empty()) {
    return ReportError(BadInput("--out", "say where the signed tier protocol goes: --out FILE, --server URL, or both"));
  }
  Result<std::unique_ptr<protocol::ElectionContext>> election = protocol::ElectionContext::Load(o.definition);
  if (!election.ok()) return ReportError(election.error());
  const CommissionTree& tree = (*election)->tree();
  const size_t c = tree.FindCommission(o.as);
  if (c == CommissionTree::kNone) {
    return ReportError(BadInput("--as", "\"" + o.as + "\" is no commission of election " +
                                            (*election)->definition().election_id));
  }
  if (tree.commission(c).tier == CommissionTier::kPrecinct) {
    return ReportError(BadInput("--as", o.as + " is a precinct commission: it signs its precinct protocol "
                                               "(`ashyq protocol sign`), not a tier protocol"));
  }
  // The key first: a key that is not this commission's stops everything before the record is read.
  Result<crypto::SigningKey> key = server::LoadCommissionKeyFile(**election, o.as, o.key);
  if (!key.ok()) return ReportError(key.error());

  // The record, verified as anyone verifies it, pinned to this definition's CEC key. A live
  // publication may be rewritten while it is read (a submission lands, the server publishes new
  // files, then index.json, then removes the old ones): when index.json differs afterwards, or
  // anything failed, the record is read again, a few times.
  Result<std::string> root = verify::FindPublication(o.publication);
  if (!root.ok()) return ReportError(root.error());
  std::optional<Result<verify::CommissionTally>> tally;
  verify::VerifyOptions options;
  options.expected_cec_key = tree.commission(tree.root()).public_key;
  options.inspect = [&](const verify::PublishedRecord& record) { tally = verify::TallyCommission(record, o.as); };
  Result<verify::VerificationReport> report = Error{};
  for (int attempt = 1;; ++attempt) {
    Result<std::string> before = ReadFile(*root + "/index.json", kMaxIndexRead);
    tally.reset();
    report = verify::VerifyPublication(*root, options);
    Result<std::string> after = ReadFile(*root + "/index.json", kMaxIndexRead);
    const bool changed = !before.ok() || !after.ok() || *before != *after;
    bool failed = false;
    if (report.ok()) {
      for (const Error& e : report->findings.failures()) failed = failed || !PendingSignature(e);
    }
    if ((!changed && !failed) || attempt == kReadAttempts) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
  }
  if (!report.ok()) return ReportError(report.error());
  if (report->definition_digest != (*election)->definition_digest()) {
    return ReportError(CheckFailed(o.publication, "R-E2.definition",
                                   "this publication is of another definition (" + report->definition_digest +
                                       ") than " + o.definition + ": nothing was signed"));
  }
  std::printf("Read the public record at %s: %s log leaves under a tree head signed by the CEC.\n",
              report->publication.c_str(), Grouped(static_cast<int64_t>(report->log.leaves)).c_str());
  size_t pending = 0, files = 0;
  bool evote_pending = false;
  std::vector<const Error*> wrong;
  for (const Error& e : report->findings.failures()) {
    if (e.rule == verify::kEvoteMissingRule) {
      evote_pending = true;
    } else if (PendingSignature(e)) {
      ++pending;
    } else if (e.rule.starts_with("R-F1.")) {
      ++files;  // a published file a reader sees, not the log the totals come from
    } else {
      wrong.push_back(&e);
    }
  }
  if (files > 0) {
    std::fprintf(stderr, "Warning: %zu published file(s) disagree with the log (R-F1; `ashyq verify %s` lists "
                         "them). The totals come from the log alone, which holds.\n",
                 files, o.publication.c_str());
  }
  if (pending > 0) {
    std::printf("%zu commission(s) have not signed their latest tier protocol yet (R-E1.missing, R-E1.stale).\n",
                pending);
  }
  if (evote_pending) {
    std::printf("The e-vote record is not published yet (%s): the electronic votes are counted as the protocols "
                "report them.\n",
                std::string(verify::kEvoteMissingRule).c_str());
  }
  if (!wrong.empty()) {
    std::fprintf(stderr, "The public log fails %zu check(s) other than unsigned tier protocols; nothing was "
                         "signed (`ashyq verify %s` lists them). The first:\n",
                 wrong.size(), o.publication.c_str());
    for (size_t i = 0; i < wrong.size() && i < 5; ++i) std::fprintf(stderr, "  %s\n", wrong[i]->ToString().c_str());
    return kExitCheckFailed;
  }
  if (!tally) {
    return ReportError(CheckFailed(o.publication, "R-E1.tabulation",
                                   "the record could not be read far enough to total it: nothing was signed"));
  }
  if (!tally->ok()) return ReportError(tally->error());
  const verify::CommissionTally& t = tally->value();
  PrintTally(**election, t);
  if (!t.problems.empty()) {
    std::fprintf(stderr, "These totals do not check against the published record; nothing was signed:\n");
    for (const Error& e : t.problems) std::fprintf(stderr, "  %s\n", e.ToString().c_str());
    return kExitCheckFailed;
  }

  Result<crypto::SignedObject> object = crypto::SignedObject::Create(tabulate::TierProtocolToJson(t.protocol));
  if (!object.ok()) return ReportError(object.error());
  if (Status signed_ok = object->AddSignature(o.as, *key); !signed_ok.ok()) return ReportError(signed_ok.error());
  if (!o.out.empty()) {
    Status written = WriteFileAtomic(o.out, object->ToCanonicalJson() + "\n", 0644, /*overwrite=*/true);
    if (!written.ok()) return ReportError(written.error());
    std::printf("Signed as %s and written to %s (digest %s).\n", o.as.c_str(), o.out.c_str(),
                object->digest().Hex().c_str());
  }
  if (o.server.empty()) {
    std::printf("Submit it with: ashyq server submit %s --as %s --key %s --election %s --url <server>\n",
                o.out.c_str(), o.as.c_str(), o.key.c_str(), (*election)->definition().election_id.c_str());
    return kExitOk;
  }
  station::SubmissionClientOptions client_options;
  client_options.max_tries = o.tries;
  if (!o.server_key.empty()) {
    Result<crypto::PublicKey> server_key = crypto::PublicKey::FromHex(o.server_key);
    if (!server_key.ok()) return ReportError(server_key.error().In("--server-key"));
    client_options.server_key = *server_key;
  }
  station::SubmissionClient client(o.server, (*election)->definition().election_id, o.as, std::move(key).value(),
                                   std::move(client_options));
  Result<station::SubmissionAnswer> answer = client.Submit(*object);
  if (!answer.ok()) return ReportError(answer.error());
  return PrintSubmissionAnswer(*answer);
}

}  // namespace

void AddTierCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* tier = app.add_subcommand("tier", "Tier protocols of TECs, RECs and the CEC (R-E1)");
  tier->require_subcommand(1);
  auto o = std::make_shared<TierSignOptions>();
  CLI::App* sign = tier->add_subcommand(
      "sign",
      "As one TEC, REC or the CEC: read the public record (a publication directory), verify it, total\n"
      "the protocols beneath the commission (a TEC its stations' precinct protocols, an REC or the CEC\n"
      "its children's published tier protocols), check the totals, sign them with the commission's own\n"
      "key and write them (--out) or submit them to the commission server (--server), or both.\n"
      "Exit 0 signed (and logged), 1 a check failed or the server refused it, 2 bad input.");
  sign->add_option("--definition", o->definition, "The CEC-signed election definition (your own copy)")->required();
  sign->add_option("--publication", o->publication,
                   "The public record: the publication directory the commission server keeps (or a copy)")
      ->required();
  sign->add_option("--as", o->as, "The signing commission's id (a TEC, REC or the CEC)")->required();
  sign->add_option("--key", o->key, "That commission's key file")->required();
  sign->add_option("--out", o->out, "Write the signed tier protocol here");
  sign->add_option("--server", o->server, "Submit it to this commission server, e.g. http://127.0.0.1:8081");
  sign->add_option("--server-key", o->server_key, "The server's public key (hex): the receipt must be signed with it");
  sign->add_option("--tries", o->tries, "Requests at most (with --server)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  commands->push_back({sign, [o] { return RunTierSign(*o); }});
}

}  // namespace ashyq::cli
