#include "verify/evote_check.h"

#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/json.h"
#include "core/parallel.h"
#include "crypto/batch_verify.h"
#include "crypto/group_p256.h"
#include "crypto/signed_object.h"
#include "evote/challenged_ballot.h"
#include "evote/encrypted_ballot.h"
#include "evote/evote_setup.h"
#include "evote/tally.h"
#include "evote/tally_json.h"
#include "evote/tracking_code.h"
#include "record/layout.h"

namespace ashyq::verify {
namespace {

using G = crypto::P256;

constexpr const char* kCountRule = "R-C4.evote-count";
constexpr const char* kRecordRule = "R-C4.evote-record";
constexpr const char* kTallyRule = "R-C4.tally";
constexpr size_t kMaxEvoteFileBytes = size_t{1} << 30;

// What the whole check shares.
struct Context {
  const PublishedRecord* record = nullptr;
  std::string cec_id;
  crypto::PublicKey cec_key;
  std::optional<crypto::ElectionKey<G>> key;
  crypto::JointKey<G> joint;
  evote::EvoteSetup<G> setup;
  const Contest* contest = nullptr;
  std::vector<evote::SelectionId> selections;
};

// A station's part: its findings and what the national check sums.
struct StationOutcome {
  Findings findings;
  uint64_t ballots = 0, cast = 0, challenged = 0, bytes = 0;
  bool ballot_file = false, tallied = false;
  std::vector<crypto::Ciphertext<G>> totals;  // of the cast ballots (empty: none)
};

// The payload of a signed object in `text` signed by `signer` with `key`, or a finding.
std::optional<json::Value> SignedPayload(std::string_view text, const std::string& where, const std::string& signer,
                                         const crypto::PublicKey& key, std::string_view format, Findings* findings) {
  crypto::SignedObject::TextReading reading;
  auto object = crypto::SignedObject::FromText(text, json::ParseOptions{}, &reading);
  if (!object.ok()) {
    findings->Fail(object.error().In(where));
    return std::nullopt;
  }
  if (object->payload_format() != format) {
    findings->Fail(where, kRecordRule,
                   "expected a signed \"" + std::string(format) + "\", found \"" + object->payload_format() + "\"");
    return std::nullopt;
  }
  Status signed_by = object->VerifySignedBy(signer, key);
  if (!signed_by.ok()) {
    findings->Fail(signed_by.error().In(where));
    return std::nullopt;
  }
  return object->payload();
}

const Contest* NationalContest(const protocol::ElectionContext& election) {
  const CommissionTree& tree = election.tree();
  const std::string& root = tree.commission(tree.root()).id;
  for (const Contest& c : election.definition().contests) {
    if (c.scope == root) return &c;
  }
  return nullptr;
}

// evote/setup.json: signed by the CEC, this election's, its proofs and key, its style and devices.
bool ReadSetup(const std::string& text, Context* ctx, Findings* findings) {
  const std::string where(record::kEvoteSetupFile);
  auto payload = SignedPayload(text, where, ctx->cec_id, ctx->cec_key, evote::kEvoteSetupFormat, findings);
  if (!payload) return false;
  auto setup = evote::EvoteSetupFromJson<G>(*payload);
  if (!setup.ok()) {
    findings->Fail(setup.error().In(where));
    return false;
  }
  const protocol::ElectionContext& election = *ctx->record->election;
  bool ok = true;
  if (setup->election_id != election.definition().election_id ||
      setup->definition_digest != election.definition_digest()) {
    findings->Fail(where + ":/definition_digest", std::string(evote::kEvoteSetupRule),
                   "the setup is for another election or definition (" + setup->election_id + ", " +
                       setup->definition_digest + ")");
    ok = false;
  }
  auto joint = evote::CheckEvoteSetup<G>(*setup);
  if (!joint.ok()) {
    findings->Fail(joint.error().In(where));
    return false;
  }
  ctx->joint = *joint;
  auto key = crypto::ElectionKey<G>::Make(joint->key);
  if (!key.ok()) {
    findings->Fail(key.error().In(where));
    return false;
  }
  ctx->key.emplace(*std::move(key));
  // The style: the national contest, limit 1, its choices in ballot order.
  ctx->contest = NationalContest(election);
  std::vector<std::string> ids;
  if (ctx->contest != nullptr) {
    for (std::string_view id : BallotOrderOf(*ctx->contest)) ids.emplace_back(id);
  }
  if (ctx->contest == nullptr || setup->style.size() != 1 || setup->style[0].id != ctx->contest->id ||
      setup->style[0].limit != 1 || setup->style[0].selection_ids != ids) {
    findings->Fail(where + ":/contests", std::string(evote::kEvoteSetupRule),
                   "the electronic ballot is not the national contest's: one choice among its choices in "
                   "ballot order");
    ok = false;
  }
  // One device per e-voting station, each station the definition's.
  std::set<std::string> stations, devices;
  for (size_t i = 0; i < setup->devices.size(); ++i) {
    const evote::VotingDevice& d = setup->devices[i];
    const std::string at = where + ":" + json::PointerAppend("/devices", i);
    const size_t s = election.tree().FindStation(d.station);
    if (s == CommissionTree::kNone || !election.definition().polling_stations[s].evoting) {
      findings->Fail(at + "/station", std::string(evote::kEvoteSetupRule),
                     "\"" + d.station + "\" is not an e-voting station of the definition");
      ok = false;
    } else if (!stations.insert(d.station).second || !devices.insert(d.id).second) {
      findings->Fail(at, std::string(evote::kEvoteSetupRule), "a second device for station \"" + d.station +
                                                     "\", or a device id used twice");
      ok = false;
    } else if (!crypto::PublicKey::FromHex(d.public_key).ok()) {
      findings->Fail(at + "/public_key", std::string(evote::kEvoteSetupRule), "not an Ed25519 public key");
      ok = false;
    }
  }
  for (const std::string& id : ids) ctx->selections.push_back({ctx->contest->id, id});
  ctx->setup = *std::move(setup);
  return ok;
}

// The counted protocol's figures of the e-vote contest at `station`, or nullptr.
const protocol::ContestCount* CountedFigures(const Context& ctx, const std::string& station) {
  for (const tabulate::CountedPrecinct& p : ctx.record->tally->counted) {
    if (p.protocol == nullptr || p.protocol->station != station) continue;
    for (const protocol::ContestCount& c : p.protocol->contests) {
      if (ctx.contest != nullptr && c.contest == ctx.contest->id) return &c;
    }
  }
  return nullptr;
}

// Splits a JSON Lines file into its lines (a final newline required, no empty line).
std::vector<std::string_view> Lines(std::string_view text, const std::string& where, Findings* findings) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      findings->Fail(where, kRecordRule, "the last line does not end in a newline");
      end = text.size();
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

struct ReadBallot {
  crypto::SignedObject object;  // as read; its payload is the ballot's
  evote::EncryptedBallot<G> ballot;
  std::string where;
};

// Checks one station's ballots, challenges and tally.
void CheckStation(const Context& ctx, const evote::VotingDevice& device,
                  const protocol::ContestCount* figures, std::unordered_map<std::string, uint64_t>* votes_out,
                  StationOutcome* out) {
  const PublicationDirectory& dir = *ctx.record->dir;
  Findings& findings = out->findings;
  const std::string& election_id = ctx.setup.election_id;
  auto device_key = crypto::PublicKey::FromHex(device.public_key);
  if (!device_key.ok()) return;  // ReadSetup named it
  const std::span<const evote::ContestSpec> style(ctx.setup.style);
  const Digest definition_digest = *Digest::FromHex(ctx.setup.definition_digest);

  // 1. The chain of encrypted ballots.
  const std::string file = record::EvoteBallotsFile(device.station);
  std::vector<ReadBallot> ballots;
  bool chain_readable = true;
  if (dir.Account(file)) {
    out->ballot_file = true;
    auto text = dir.Read(file, kMaxEvoteFileBytes);
    if (!text.ok()) {
      findings.Fail(text.error());
      return;
    }
    out->bytes += text->size();
    const auto lines = Lines(*text, file, &findings);
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string where = file + " line " + std::to_string(i + 1);
      auto object = evote::ReadDeviceBallotLine(lines[i], *device_key, device.id);
      if (!object.ok()) {
        findings.Fail(object.error().In(where));
        chain_readable = false;
        continue;
      }
      auto ballot = evote::ReadBallotOfElection<G>(object->payload(), style, election_id, definition_digest);
      if (!ballot.ok()) {
        findings.Fail(ballot.error().In(where));
        chain_readable = false;
        continue;
      }
      ballots.push_back({*std::move(object), *std::move(ballot), where});
    }
  }
  out->ballots = ballots.size();
  // Every proof of the station's ballots in one batch; a failing batch names each bad ballot.
  std::vector<crypto::ProvenContest<G>> contests;
  std::vector<size_t> owner;
  for (size_t b = 0; b < ballots.size(); ++b) {
    for (auto& c : evote::ProvenContests<G>(ballots[b].ballot)) {
      contests.push_back(std::move(c));
      owner.push_back(b);
    }
  }
  std::set<size_t> bad;
  if (!contests.empty()) {
    for (const crypto::BatchFailure& f :
         crypto::VerifyContestsBatch<G>(*ctx.key, std::span<const crypto::ProvenContest<G>>(contests))) {
      const size_t b = owner[f.index];
      if (!bad.insert(b).second) continue;
      Status each = evote::VerifyBallotProofsEach<G>(*ctx.key, ballots[b].ballot);
      findings.Fail((each.ok() ? f.error : each.error()).In(ballots[b].where));
    }
  }
  // The device's tracking chain, whole and in order.
  std::map<std::string, size_t> by_code;  // tracking code hex -> ballot
  if (chain_readable) {
    std::vector<evote::TrackingLink> links;
    for (size_t b = 0; b < ballots.size(); ++b) {
      links.push_back({ballots[b].where, ballots[b].ballot.header.previous_tracking_code,
                       evote::BallotHash(ballots[b].object.payload()), ballots[b].ballot.tracking_code});
    }
    Status chain = evote::CheckTrackingChain(election_id, device.id, links);
    if (!chain.ok()) findings.Fail(chain.error());
  }
  for (size_t b = 0; b < ballots.size(); ++b) by_code[ballots[b].ballot.tracking_code.Hex()] = b;

  // 2. The challenged ballots: each opens a ballot of the chain, which is then not tallied.
  std::set<size_t> challenged;
  const std::string challenged_file = record::EvoteChallengedFile(device.station);
  if (dir.Account(challenged_file)) {
    auto text = dir.Read(challenged_file, kMaxEvoteFileBytes);
    if (!text.ok()) {
      findings.Fail(text.error());
    } else {
      out->bytes += text->size();
      const auto lines = Lines(*text, challenged_file, &findings);
      for (size_t i = 0; i < lines.size(); ++i) {
        const std::string where = challenged_file + " line " + std::to_string(i + 1);
        auto payload = SignedPayload(lines[i], where, device.id, *device_key, evote::kChallengedBallotFormat,
                                     &findings);
        if (!payload) continue;
        auto opened = evote::ChallengedBallotFromJson<G>(*payload);
        Status checked = opened.ok() ? evote::CheckChallengedBallot<G>(*ctx.key, *opened, style)
                                     : Status(opened.error());
        if (!checked.ok()) {
          findings.Fail(checked.error().In(where));
          continue;
        }
        auto it = by_code.find(opened->ballot.tracking_code.Hex());
        if (it == by_code.end() || !(ballots[it->second].object.payload() == opened->ballot_payload)) {
          findings.Fail(where + ":/ballot", std::string(evote::kChallengeRule),
                        "the challenged ballot is not one of " + device.id + "'s chain (" + file + ")");
          continue;
        }
        if (!challenged.insert(it->second).second) {
          findings.Fail(where, std::string(evote::kChallengeRule), "the ballot is challenged twice");
        }
      }
    }
  }
  out->challenged = challenged.size();

  // 3. The cast ballots' count against the protocol, and their homomorphic sum.
  std::vector<evote::TallyBallot<G>> cast;
  for (size_t b = 0; b < ballots.size(); ++b) {
    if (challenged.count(b) != 0) continue;
    evote::TallyBallot<G> t;
    for (const auto& c : ballots[b].ballot.contests) {
      for (const auto& s : c.selections) t.selections.push_back({c.id, s.id, s.ciphertext});
    }
    cast.push_back(std::move(t));
  }
  out->cast = cast.size();
  const int64_t reported = figures != nullptr ? figures->electronic_votes : 0;
  if (chain_readable && static_cast<int64_t>(cast.size()) != reported) {
    findings.Fail(file, kCountRule,
                  "station " + device.station + ": " + std::to_string(cast.size()) +
                      " e-ballots cast (the " + std::to_string(challenged.size()) + " that " + challenged_file +
                      " opens left out), but its counted protocol reports " + std::to_string(reported) +
                      " electronic votes");
  }
  const std::string tally_file = record::EvoteTallyFile(device.station);
  const bool has_tally = dir.Account(tally_file);
  if (cast.empty()) {
    if (has_tally) findings.Fail(tally_file, kTallyRule, "a tally of a station with no cast e-ballot");
    return;
  }
  auto sum = evote::AccumulateTally<G>(election_id, ctx.selections,
                                       std::span<const evote::TallyBallot<G>>(cast), 1);
  if (!sum.ok()) {
    findings.Fail(sum.error().In(file));
    return;
  }
  out->totals = sum->totals;
  if (!has_tally) {
    findings.Fail(tally_file, kTallyRule, "station " + device.station + " has cast e-ballots and no published tally");
    return;
  }
  auto text = dir.Read(tally_file, kMaxEvoteFileBytes);
  if (!text.ok()) {
    findings.Fail(text.error());
    return;
  }
  out->bytes += text->size();
  auto payload = SignedPayload(*text, tally_file, ctx.cec_id, ctx.cec_key, evote::kTallyResultFormat, &findings);
  if (!payload) return;
  auto result = evote::TallyResultFromJson<G>(*payload);
  if (!result.ok()) {
    findings.Fail(result.error().In(tally_file));
    return;
  }
  out->tallied = true;
  bool same = result->tally.election == election_id && result->tally.ballots == cast.size() &&
              result->tally.selections == ctx.selections;
  for (size_t k = 0; same && k < sum->totals.size(); ++k) {
    same = G::Equal(sum->totals[k].alpha, result->tally.totals[k].alpha) &&
           G::Equal(sum->totals[k].beta, result->tally.totals[k].beta);
  }
  if (!same) {
    findings.Fail(tally_file + ":/selections", kTallyRule,
                  "the tally is not the homomorphic sum of the station's " + std::to_string(cast.size()) +
                      " cast e-ballots (" + file + ")");
    return;
  }
  Status decrypted = evote::CheckTallyResult<G>(ctx.joint, *result);
  if (!decrypted.ok()) {
    findings.Fail(decrypted.error().In(tally_file));
    return;
  }
  // The e-votes cannot exceed the protocol's votes for any choice.
  for (size_t k = 0; k < ctx.selections.size(); ++k) {
    const std::string& choice = ctx.selections[k].selection;
    (*votes_out)[choice] = result->counts[k];
    int64_t protocol_votes = 0;
    if (figures != nullptr) {
      for (const auto& [id, v] : figures->votes) {
        if (id == choice) protocol_votes = v;
      }
    }
    if (static_cast<int64_t>(result->counts[k]) > protocol_votes) {
      findings.Fail(tally_file + ":" + json::PointerAppend("/selections", k), kCountRule,
                    "station " + device.station + ": " + std::to_string(result->counts[k]) + " e-votes for \"" +
                        choice + "\", more than the " + std::to_string(protocol_votes) +
                        " votes its counted protocol gives it");
    }
  }
}

}  // namespace

void CheckEvoteRecord(const PublishedRecord& record, EvoteSummary* summary, Findings* findings) {
  const PublicationDirectory& dir = *record.dir;
  const protocol::ElectionContext& election = *record.election;
  Context ctx;
  ctx.record = &record;
  const Commission& cec = election.tree().commission(election.tree().root());
  ctx.cec_id = cec.id;
  auto cec_key = crypto::PublicKey::FromHex(cec.public_key);
  if (!cec_key.ok()) return;  // the definition check named it
  ctx.cec_key = *cec_key;
  ctx.contest = NationalContest(election);

  const std::string setup_file(record::kEvoteSetupFile);
  if (!dir.Account(setup_file)) {
    int64_t reported = 0;
    for (const tabulate::CountedPrecinct& p : record.tally->counted) {
      for (const protocol::ContestCount& c : p.protocol->contests) {
        if (ctx.contest != nullptr && c.contest == ctx.contest->id) reported += c.electronic_votes;
      }
    }
    // Electronic votes counted with no e-vote record: nobody could check that a single one was
    // cast as its voter chose. A failure (decision 0018); `tier sign` treats it as pending, as
    // the e-vote record comes after the guardians decrypt.
    if (reported > 0) {
      findings->Fail(setup_file, std::string(kEvoteMissingRule),
                     "the counted protocols report " + std::to_string(reported) +
                         " electronic votes, but no e-vote record is published (" + setup_file +
                         " is missing): nobody can check that those votes were cast and counted as the voters "
                         "chose");
    }
    return;
  }
  summary->published = true;
  auto text = dir.Read(setup_file, kMaxEvoteFileBytes);
  if (!text.ok()) return findings->Fail(text.error());
  summary->bytes_read += text->size();
  if (!ReadSetup(*text, &ctx, findings) || !ctx.key) return;
  summary->devices = ctx.setup.devices.size();

  // Every e-voting station has a device.
  std::set<std::string> with_device;
  for (const auto& d : ctx.setup.devices) with_device.insert(d.station);
  for (const PollingStation& s : election.definition().polling_stations) {
    if (s.evoting && with_device.count(s.id) == 0) {
      findings->Fail(setup_file + ":/devices", std::string(evote::kEvoteSetupRule),
                     "e-voting station " + s.id + " has no voting device in the setup");
    }
  }
  // Files under evote/ballots and evote/challenged that no device explains.
  for (std::string_view sub : {record::kEvoteBallotsDir, record::kEvoteChallengedDir, record::kEvoteTallyDir}) {
    for (const std::string& name : dir.List(sub)) {
      const std::string path = std::string(sub) + "/" + name;
      const size_t dot = name.rfind('.');
      const std::string station = dot == std::string::npos ? name : name.substr(0, dot);
      const bool named = sub == record::kEvoteTallyDir ? path == record::EvoteTallyFile(station)
                         : sub == record::kEvoteBallotsDir ? path == record::EvoteBallotsFile(station)
                                                           : path == record::EvoteChallengedFile(station);
      if (!named || with_device.count(station) == 0) {
        dir.Account(path);
        findings->Fail(path, kRecordRule, "a file of no voting device of the setup");
      }
    }
  }

  // Each station on every core; findings merged in device order.
  const auto& devices = ctx.setup.devices;
  std::vector<StationOutcome> outcomes(devices.size());
  std::vector<std::unordered_map<std::string, uint64_t>> votes(devices.size());
  std::vector<const protocol::ContestCount*> figures(devices.size());
  for (size_t i = 0; i < devices.size(); ++i) figures[i] = CountedFigures(ctx, devices[i].station);
  ParallelFor(devices.size(), record.threads,
              [&](size_t i) { CheckStation(ctx, devices[i], figures[i], &votes[i], &outcomes[i]); });
  std::vector<crypto::Ciphertext<G>> national(ctx.selections.size());
  uint64_t cast = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    StationOutcome& o = outcomes[i];
    findings->Merge(std::move(o.findings));
    summary->ballots += o.ballots;
    summary->cast += o.cast;
    summary->challenged += o.challenged;
    summary->bytes_read += o.bytes;
    summary->ballot_files += o.ballot_file ? 1 : 0;
    summary->tallies += o.tallied ? 1 : 0;
    cast += o.totals.empty() ? 0 : o.cast;
    for (size_t k = 0; k < o.totals.size() && k < national.size(); ++k) {
      national[k] = crypto::AddCiphertexts<G>(national[k], o.totals[k]);
    }
  }

  // The national tally: the sum of every station's cast ballots, decrypted with proofs.
  const std::string national_file(record::kEvoteNationalTallyFile);
  const bool has_national = dir.Account(national_file);
  if (cast == 0) {
    if (has_national) findings->Fail(national_file, kTallyRule, "a national e-tally with no cast e-ballot");
    return;
  }
  if (!has_national) {
    findings->Fail(national_file, kTallyRule, "e-ballots were cast and no national e-tally is published");
    return;
  }
  auto national_text = dir.Read(national_file, kMaxEvoteFileBytes);
  if (!national_text.ok()) return findings->Fail(national_text.error());
  summary->bytes_read += national_text->size();
  auto payload = SignedPayload(*national_text, national_file, ctx.cec_id, ctx.cec_key, evote::kTallyResultFormat,
                               findings);
  if (!payload) return;
  auto result = evote::TallyResultFromJson<G>(*payload);
  if (!result.ok()) return findings->Fail(result.error().In(national_file));
  bool same = result->tally.election == ctx.setup.election_id && result->tally.ballots == cast &&
              result->tally.selections == ctx.selections;
  for (size_t k = 0; same && k < national.size(); ++k) {
    same = G::Equal(national[k].alpha, result->tally.totals[k].alpha) &&
           G::Equal(national[k].beta, result->tally.totals[k].beta);
  }
  if (!same) {
    return findings->Fail(national_file + ":/selections", kTallyRule,
                          "the national e-tally is not the sum of the stations' " + std::to_string(cast) +
                              " cast e-ballots");
  }
  Status decrypted = evote::CheckTallyResult<G>(ctx.joint, *result);
  if (!decrypted.ok()) return findings->Fail(decrypted.error().In(national_file));
  for (size_t k = 0; k < ctx.selections.size(); ++k) {
    summary->national.emplace_back(ctx.selections[k].selection, result->counts[k]);
  }
}

}  // namespace ashyq::verify
