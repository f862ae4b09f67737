#include "sim/evote_simulator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include "core/file_io.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/parallel.h"
#include "crypto/discrete_log.h"
#include "crypto/group_p256.h"
#include "crypto/guardian_key.h"
#include "crypto/signed_object.h"
#include "evote/challenged_ballot.h"
#include "evote/encrypted_ballot.h"
#include "evote/evote_setup.h"
#include "evote/tally.h"
#include "evote/tally_json.h"
#include "record/layout.h"
#include "sim/definition_generator.h"
#include "sim/random.h"

namespace ashyq::sim {
namespace {

using G = crypto::P256;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A deterministic scalar source for simulated guardian `label`: HashToScalar over its keyring
// seed and a counter (a real guardian uses G::RandomScalar on its own machine).
crypto::ScalarSource<G> SimulatedScalars(const crypto::SimulatedKeyring& keyring, const std::string& label) {
  auto counter = std::make_shared<uint64_t>(0);
  const crypto::KeySeed seed = keyring.SeedFor(SimulatedKeyIndex(label));
  std::vector<uint8_t> base(seed.bytes.begin(), seed.bytes.end());
  return [counter, base]() {
    std::vector<uint8_t> input = base;
    const uint64_t n = (*counter)++;
    for (int i = 0; i < 8; ++i) input.push_back(static_cast<uint8_t>(n >> (8 * i)));
    return G::HashToScalar("ashyq/sim/guardian-scalar/v1", input);
  };
}

// The ballot nonce seed of ballot `index` of a device: secret of the simulation's keyring.
evote::NonceSeed BallotSeed(const crypto::KeySeed& device_seed, uint64_t index) {
  std::string input(reinterpret_cast<const char*>(device_seed.bytes.data()), device_seed.bytes.size());
  for (int i = 0; i < 8; ++i) input.push_back(static_cast<char>(index >> (8 * i)));
  const Digest d = TaggedHash("ashyq/sim/ballot-seed", input);
  evote::NonceSeed seed;
  std::copy(d.bytes.begin(), d.bytes.end(), seed.bytes.begin());
  return seed;
}

const Contest* NationalContest(const ElectionDefinition& def) {
  const std::string root = def.commissions.empty() ? "cec" : def.commissions.front().id;
  for (const Contest& c : def.contests) {
    if (c.scope == root) return &c;
  }
  return nullptr;
}

struct StationWork {
  const PollingStation* station = nullptr;
  const protocol::ContestCount* count = nullptr;  // the national contest's; nullptr: none
  int64_t challenged = 0;
};

struct StationResult {
  std::vector<evote::TallyBallot<G>> cast;
  std::vector<int64_t> votes;  // per selection
  uint64_t bytes = 0;
  std::optional<Error> error;
};

std::string CastHour(const std::string& day, size_t k, size_t n) {
  // 08:00–19:59 local (UTC+6): 02 to 13 UTC, in chain order.
  const size_t hour = 2 + (n == 0 ? 0 : (k * 12) / n);
  return day + "T" + (hour < 10 ? "0" : "") + std::to_string(hour) + ":00:00Z";
}

// Encrypts, signs and writes one station's ballots; returns what its tally needs.
void RunStation(const ElectionDefinition& def, const std::string& digest_hex, const crypto::ElectionKey<G>& key,
                const std::vector<evote::ContestSpec>& style, const StationWork& work,
                const crypto::SimulatedKeyring& keyring, uint64_t seed, const std::string& dir,
                StationResult* out) {
  const std::string device = evote::DeviceIdOf(work.station->id);
  const crypto::SigningKey device_key = SimulatedKeyFor(keyring, device);
  const crypto::KeySeed device_seed = keyring.SeedFor(SimulatedKeyIndex(device + "/ballot-seeds"));
  const evote::ContestSpec& contest = style.front();
  const size_t choices = contest.selection_ids.size();
  out->votes.assign(choices, 0);
  // The pool of the protocol's votes, by selection; e-votes drawn from it without replacement.
  std::vector<int64_t> pool(choices, 0);
  int64_t electronic = 0;
  if (work.count != nullptr) {
    electronic = work.count->electronic_votes;
    for (const auto& [choice, votes] : work.count->votes) {
      for (size_t j = 0; j < choices; ++j) {
        if (contest.selection_ids[j] == choice) pool[j] = votes;
      }
    }
  }
  Random rng = Random::ForStream(seed, "evote", work.station->id);
  const size_t total = static_cast<size_t>(electronic + work.challenged);
  // Where the challenged ballots fall in the chain.
  std::vector<bool> challenged(total, false);
  for (int64_t c = 0; c < work.challenged; ++c) {
    size_t at = static_cast<size_t>(rng.Below(total));
    while (challenged[at]) at = (at + 1) % total;
    challenged[at] = true;
  }
  evote::BallotHeader header;
  header.election_id = def.election_id;
  header.definition_digest = *Digest::FromHex(digest_hex);
  header.ballot_style = "national";
  header.device_id = device;
  header.previous_tracking_code = evote::TrackingSeed(def.election_id, device);
  std::string ballots_text, challenged_text;
  for (size_t k = 0; k < total; ++k) {
    evote::BallotChoices chosen(1, std::vector<uint64_t>(choices, 0));
    if (challenged[k]) {
      chosen[0][rng.Below(choices)] = 1;  // what the device showed a doubting voter
    } else {
      std::vector<int64_t> weights = pool;
      int64_t left = 0;
      for (int64_t w : weights) left += w;
      if (left <= 0) {
        out->error = CheckFailed(work.station->id, "R-D2.evotes-eq-issued",
                                 "more e-votes than the protocol's votes to draw them from");
        return;
      }
      const size_t j = rng.Weighted(weights);
      --pool[j];
      ++out->votes[j];
      chosen[0][j] = 1;
    }
    header.cast_hour = CastHour(def.election_day, k, total);
    const evote::NonceSeed nonce_seed = BallotSeed(device_seed, k);
    json::Value payload;
    auto ballot = evote::EncryptBallot<G>(key, header, style, chosen, nonce_seed, &payload);
    if (!ballot.ok()) {
      out->error = ballot.error().In(work.station->id);
      return;
    }
    auto signed_ballot = evote::SignBallotPayload(payload, device_key);
    if (!signed_ballot.ok()) {
      out->error = signed_ballot.error().In(work.station->id);
      return;
    }
    ballots_text += signed_ballot->ToCanonicalJson();
    ballots_text += '\n';
    if (challenged[k]) {
      auto opened = evote::ChallengeBallot<G>(*ballot, chosen, nonce_seed);
      if (!opened.ok()) {
        out->error = opened.error().In(work.station->id);
        return;
      }
      auto object = crypto::SignedObject::Create(evote::ChallengedBallotToJson<G>(*opened));
      if (!object.ok() || !object->AddSignature(device, device_key).ok()) {
        out->error = CheckFailed(work.station->id, "R-C4.challenge", "could not sign a challenged ballot");
        return;
      }
      challenged_text += object->ToCanonicalJson();
      challenged_text += '\n';
    } else {
      evote::TallyBallot<G> t;
      for (const auto& s : ballot->contests.front().selections) {
        t.selections.push_back({contest.id, s.id, s.ciphertext});
      }
      out->cast.push_back(std::move(t));
    }
    header.previous_tracking_code = ballot->tracking_code;
  }
  if (total == 0) return;
  Status st = WriteFileAtomic(dir + "/" + record::EvoteBallotsFile(work.station->id), ballots_text,
                              Durability::kDeferred);
  if (st.ok() && !challenged_text.empty()) {
    st = WriteFileAtomic(dir + "/" + record::EvoteChallengedFile(work.station->id), challenged_text,
                         Durability::kDeferred);
  }
  if (!st.ok()) out->error = st.error();
  out->bytes = ballots_text.size() + challenged_text.size();
}

Result<std::string> SignedByCec(const ElectionDefinition& def, const crypto::SimulatedKeyring& keyring,
                                json::Value payload) {
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object, crypto::SignedObject::Create(std::move(payload)));
  const std::string cec = def.commissions.front().id;
  ASHYQ_RETURN_IF_ERROR(object.AddSignature(cec, SimulatedKeyFor(keyring, cec)));
  return object.ToCanonicalJson() + "\n";
}

// Decrypts `tally` with the present guardians' key shares and returns the result.
Result<evote::TallyResult<G>> Decrypt(const crypto::JointKey<G>& joint,
                                      const std::vector<crypto::GuardianKeyShare<G>>& present,
                                      const evote::EncryptedTally<G>& tally,
                                      const crypto::DiscreteLogTable<G>& table,
                                      const crypto::SimulatedKeyring& keyring, const std::string& label) {
  std::vector<evote::GuardianTallyShares<G>> shares;
  for (const auto& key_share : present) {
    ASHYQ_ASSIGN_OR_RETURN(
        auto s, evote::DecryptTallyShare<G>(
                    joint, key_share, tally,
                    SimulatedScalars(keyring, "guardian-" + std::to_string(key_share.guardian) + "/" + label)));
    shares.push_back(std::move(s));
  }
  return evote::CombineTally<G>(joint, tally, std::span<const evote::GuardianTallyShares<G>>(shares), table);
}

}  // namespace

Result<EvoteRun> SimulateEvoting(const ElectionDefinition& def, const std::string& definition_digest,
                                 const std::vector<const protocol::PrecinctProtocol*>& protocols,
                                 const crypto::SimulatedKeyring& keyring, const std::string& publication_dir,
                                 const EvoteOptions& options) {
  const auto start = Clock::now();
  EvoteRun run;
  const Contest* contest = NationalContest(def);
  if (contest == nullptr) return BadInput("/contests", "the definition has no national contest for e-voting");
  if (!IsDigestHex(definition_digest)) return BadInput("definition_digest", "not a digest");
  run.contest = contest->id;
  std::vector<evote::ContestSpec> style(1);
  style[0].id = contest->id;
  style[0].limit = 1;
  for (std::string_view id : BallotOrderOf(*contest)) style[0].selection_ids.emplace_back(id);

  // 1. The guardians' ceremony (every guardian on its own machine in reality).
  crypto::GuardianCeremony ceremony{options.guardians, options.quorum};
  ASHYQ_RETURN_IF_ERROR(crypto::CheckCeremony(ceremony));
  const auto context = evote::SetupContext(def.election_id);
  std::vector<crypto::GuardianPolynomial<G>> polynomials;
  evote::EvoteSetup<G> setup;
  setup.election_id = def.election_id;
  setup.definition_digest = definition_digest;
  setup.ceremony = ceremony;
  setup.style = style;
  for (uint32_t i = 1; i <= ceremony.guardians; ++i) {
    auto source = SimulatedScalars(keyring, "guardian-" + std::to_string(i));
    ASHYQ_ASSIGN_OR_RETURN(auto poly, crypto::NewGuardianPolynomial<G>(ceremony, i, source));
    setup.commitments.push_back(crypto::CommitGuardianPolynomial<G>(ceremony, poly, context, source));
    polynomials.push_back(std::move(poly));
  }
  const std::span<const crypto::GuardianCommitments<G>> all(setup.commitments);
  ASHYQ_ASSIGN_OR_RETURN(const crypto::JointKey<G> joint, crypto::ComputeJointKey<G>(ceremony, all, context));
  setup.key = joint.key;
  std::vector<crypto::GuardianKeyShare<G>> present;
  for (uint32_t j = 1; j <= ceremony.guardians; ++j) {
    if (j == options.absent) continue;
    std::vector<crypto::GuardianShare<G>> received;
    for (const auto& poly : polynomials) {
      ASHYQ_ASSIGN_OR_RETURN(auto share, crypto::ShareForGuardian<G>(ceremony, poly, j));
      received.push_back(std::move(share));
    }
    ASHYQ_ASSIGN_OR_RETURN(auto key_share, crypto::CombineReceivedShares<G>(
                                               ceremony, j, std::span<const crypto::GuardianShare<G>>(received),
                                               all, context));
    present.push_back(std::move(key_share));
    run.decrypting_guardians.push_back(j);
  }
  polynomials.clear();
  ASHYQ_ASSIGN_OR_RETURN(const crypto::ElectionKey<G> key, crypto::ElectionKey<G>::Make(joint.key));

  // 2. The devices, and the work per station (challenged ballots spread one per
  //    `challenge_every` cast, by running total in definition order).
  std::map<std::string, const protocol::ContestCount*> counts;
  for (const protocol::PrecinctProtocol* p : protocols) {
    for (const protocol::ContestCount& c : p->contests) {
      if (c.contest == contest->id) counts[p->station] = &c;
    }
  }
  std::vector<StationWork> work;
  int64_t running = 0;
  for (const PollingStation& s : def.polling_stations) {
    if (!s.evoting) continue;
    StationWork w;
    w.station = &s;
    auto it = counts.find(s.id);
    if (it != counts.end()) w.count = it->second;
    const int64_t e = w.count != nullptr ? w.count->electronic_votes : 0;
    if (options.challenge_every > 0) {
      w.challenged = (running + e) / options.challenge_every - running / options.challenge_every;
    }
    running += e;
    work.push_back(w);
    evote::VotingDevice d;
    d.id = evote::DeviceIdOf(s.id);
    d.station = s.id;
    d.public_key = SimulatedKeyFor(keyring, d.id).public_key().Hex();
    setup.devices.push_back(std::move(d));
  }
  run.devices = work.size();
  std::error_code ec;
  const std::string& dir = publication_dir;
  std::filesystem::remove_all(dir + "/" + std::string(record::kEvoteDir), ec);  // an earlier run's
  for (std::string_view sub : {record::kEvoteBallotsDir, record::kEvoteChallengedDir, record::kEvoteTallyDir}) {
    std::filesystem::create_directories(dir + "/" + std::string(sub), ec);
    if (ec) return Error{ErrorCode::kIo, dir + "/" + std::string(sub), "", ec.message()};
  }
  ASHYQ_ASSIGN_OR_RETURN(std::string setup_text, SignedByCec(def, keyring, evote::EvoteSetupToJson<G>(setup)));
  ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + std::string(record::kEvoteSetupFile), setup_text));
  run.bytes += setup_text.size();
  run.ceremony_seconds = Since(start);

  // 3. The ballots, station by station on every core.
  auto t = Clock::now();
  std::vector<StationResult> results(work.size());
  ParallelFor(work.size(), options.threads, [&](size_t i) {
    RunStation(def, definition_digest, key, style, work[i], keyring, options.seed, dir, &results[i]);
  });
  for (const StationResult& r : results) {
    if (r.error) return *r.error;
  }
  run.encrypt_seconds = Since(t);

  // 4. The tallies: each station's, then the national one as the sum of the stations' totals.
  t = Clock::now();
  ASHYQ_ASSIGN_OR_RETURN(const auto table, crypto::DiscreteLogTable<G>::Make());
  std::vector<evote::SelectionId> selections;
  for (const std::string& id : style[0].selection_ids) selections.push_back({style[0].id, id});
  std::vector<std::optional<evote::EncryptedTally<G>>> station_tallies(work.size());
  std::vector<std::string> tally_texts(work.size());
  std::vector<std::optional<Error>> errors(work.size());
  ParallelFor(work.size(), options.threads, [&](size_t i) {
    if (results[i].cast.empty()) return;
    auto tally = evote::AccumulateTally<G>(def.election_id, selections,
                                           std::span<const evote::TallyBallot<G>>(results[i].cast), 1);
    if (!tally.ok()) {
      errors[i] = tally.error().In(work[i].station->id);
      return;
    }
    auto result = Decrypt(joint, present, *tally, table, keyring, work[i].station->id);
    if (!result.ok()) {
      errors[i] = result.error().In(work[i].station->id);
      return;
    }
    auto text = SignedByCec(def, keyring, evote::TallyResultToJson<G>(*result));
    if (!text.ok()) {
      errors[i] = text.error();
      return;
    }
    tally_texts[i] = std::move(*text);
    station_tallies[i] = std::move(*tally);
  });
  evote::EncryptedTally<G> national;
  national.election = def.election_id;
  national.selections = selections;
  national.totals.assign(selections.size(), crypto::Ciphertext<G>{});
  run.national.assign(selections.size(), {});
  for (size_t k = 0; k < selections.size(); ++k) run.national[k].first = selections[k].selection;
  for (size_t i = 0; i < work.size(); ++i) {
    if (errors[i]) return *errors[i];
    run.cast += static_cast<int64_t>(results[i].cast.size());
    run.challenged += work[i].challenged;
    run.bytes += results[i].bytes;
    for (size_t k = 0; k < selections.size(); ++k) run.national[k].second += results[i].votes[k];
    if (!station_tallies[i]) continue;
    ++run.stations_with_ballots;
    national.ballots += station_tallies[i]->ballots;
    for (size_t k = 0; k < selections.size(); ++k) {
      national.totals[k] = crypto::AddCiphertexts<G>(national.totals[k], station_tallies[i]->totals[k]);
    }
    ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + record::EvoteTallyFile(work[i].station->id), tally_texts[i],
                                          Durability::kDeferred));
    run.bytes += tally_texts[i].size();
  }
  if (national.ballots > 0) {
    ASHYQ_ASSIGN_OR_RETURN(auto result, Decrypt(joint, present, national, table, keyring, "national"));
    for (size_t k = 0; k < selections.size(); ++k) {
      if (static_cast<int64_t>(result.counts[k]) != run.national[k].second) {
        return Error{ErrorCode::kInternal, "national", "R-C4.tally",
                     "the national e-tally does not decrypt to the e-votes cast"};
      }
    }
    ASHYQ_ASSIGN_OR_RETURN(std::string text, SignedByCec(def, keyring, evote::TallyResultToJson<G>(result)));
    ASHYQ_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + std::string(record::kEvoteNationalTallyFile), text));
    run.bytes += text.size();
  }
  ASHYQ_RETURN_IF_ERROR(SyncFileSystem(dir));
  run.tally_seconds = Since(t);
  run.seconds = Since(start);
  return run;
}

}  // namespace ashyq::sim
