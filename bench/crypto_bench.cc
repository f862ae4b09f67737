// Ed25519 and signed-object throughput. The national scenario signs ~9,727 precinct
// protocols with ~70,000 member keys, and the verifier checks every one of those signatures.
#include <benchmark/benchmark.h>

#include <string>

#include "core/hash.h"
#include "core/json.h"
#include "crypto/key_file.h"
#include "crypto/keys.h"
#include "crypto/signed_object.h"

namespace ashyq::crypto {
namespace {

KeySeed MasterSeed() {
  KeySeed master;
  for (size_t i = 0; i < master.bytes.size(); ++i) master.bytes[i] = static_cast<uint8_t>(i * 7);
  return master;
}

// A precinct-protocol-shaped payload of about 1 KB.
json::Value ProtocolPayload(int64_t serial) {
  json::Value payload = json::Value::Object();
  payload.Set("format", "ashyq/protocol/1");
  payload.Set("election", "kz-2007-mazhilis");
  payload.Set("commission", "pec-75-123-0456");
  payload.Set("version", serial);
  json::Value counts = json::Value::Object();
  const char* lines[] = {"voters_on_list", "ballots_received", "ballots_issued_in_station",
                         "ballots_issued_early", "ballots_issued_mobile", "ballots_cancelled",
                         "ballots_in_mobile_boxes", "ballots_in_stationary_boxes",
                         "ballots_invalid", "ballots_valid"};
  int64_t value = 1843;
  for (const char* line : lines) counts.Set(line, value -= 97);
  payload.Set("counts", std::move(counts));
  json::Value parties = json::Value::Array();
  const char* names[] = {"nur-otan", "ndp-ak-zhol", "ospdp", "auyl", "ppk", "rpp-adilet",
                         "ksdp", "party-of-patriots"};
  int64_t votes = 811;
  for (const char* name : names) {
    json::Value row = json::Value::Object();
    row.Set("party", name);
    row.Set("votes", votes);
    votes = votes / 2 + 3;
    parties.Push(std::move(row));
  }
  payload.Set("votes", std::move(parties));
  json::Value present = json::Value::Array();
  for (int i = 0; i < 9; ++i) present.Push("pec-75-123-0456/member-" + std::to_string(i + 1));
  payload.Set("members_present", std::move(present));
  payload.Set("closed_at", "2007-08-18T20:00:00+06:00");
  return payload;
}

void BM_SignDigest(benchmark::State& state) {
  const SigningKey key = SimulatedKeyring(MasterSeed()).KeyFor(1);
  Digest digest = Sha256("protocol");
  for (auto _ : state) {
    Signature signature = key.SignDigest(digest);
    benchmark::DoNotOptimize(signature);
    digest.bytes[0]++;
  }
  state.counters["sign/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SignDigest);

void BM_VerifyDigest(benchmark::State& state) {
  const SigningKey key = SimulatedKeyring(MasterSeed()).KeyFor(1);
  const Digest digest = Sha256("protocol");
  const Signature signature = key.SignDigest(digest);
  for (auto _ : state) {
    bool ok = VerifyDigest(key.public_key(), digest, signature);
    if (!ok) state.SkipWithError("signature did not verify");
    benchmark::DoNotOptimize(ok);
  }
  state.counters["verify/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VerifyDigest);

void BM_KeyringKeyFor(benchmark::State& state) {
  const SimulatedKeyring keyring(MasterSeed());
  uint64_t index = 0;
  for (auto _ : state) {
    SigningKey key = keyring.KeyFor(index++);
    benchmark::DoNotOptimize(key.public_key());
  }
  state.counters["keys/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KeyringKeyFor);

void BM_SignedObjectCreate(benchmark::State& state) {
  const json::Value payload = ProtocolPayload(1);
  state.SetLabel(std::to_string(json::Canonicalize(payload).size()) + " canonical bytes");
  for (auto _ : state) {
    Result<SignedObject> object = SignedObject::Create(payload);
    if (!object.ok()) state.SkipWithError(object.error().ToString().c_str());
    benchmark::DoNotOptimize(object);
  }
  state.counters["digest/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SignedObjectCreate);

// The whole precinct round: digest, nine member signatures, and the verifier's VerifyAll.
void BM_ProtocolSignAndVerify(benchmark::State& state) {
  const SimulatedKeyring keyring(MasterSeed());
  std::vector<SigningKey> members;
  for (uint64_t i = 0; i < 9; ++i) members.push_back(keyring.KeyFor(i));
  const json::Value payload = ProtocolPayload(1);
  for (auto _ : state) {
    Result<SignedObject> object = SignedObject::Create(payload);
    for (size_t i = 0; i < members.size(); ++i) {
      Status added = object->AddSignature("member-" + std::to_string(i), members[i]);
      benchmark::DoNotOptimize(added);
    }
    Status verified = object->VerifyAll();
    if (!verified.ok()) state.SkipWithError(verified.error().ToString().c_str());
  }
  state.counters["protocols/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ProtocolSignAndVerify);

// A definition-sized payload: 9,727 polling stations with 15 keyed members each (~25 MB of
// canonical JSON). Create and FromJson canonicalise it exactly once.
const json::Value& DefinitionPayload() {
  static const json::Value payload = [] {
    const SimulatedKeyring keyring(MasterSeed());
    const std::string key_hex = keyring.KeyFor(0).public_key().Hex();
    json::Value root = json::Value::Object();
    root.Set("format", "ashyq/definition/1");
    json::Value stations = json::Value::Array();
    for (int i = 0; i < 9727; ++i) {
      json::Value station = json::Value::Object();
      const std::string id = "pec-" + std::to_string(i);
      station.Set("id", id);
      station.Set("address", "Almaty, Abai avenue " + std::to_string(i % 300));
      station.Set("registered_voters", 900 + i % 1000);
      json::Value members = json::Value::Array();
      for (int m = 0; m < 15; ++m) {
        json::Value member = json::Value::Object();
        member.Set("id", id + "/member-" + std::to_string(m));
        member.Set("name", "Member " + std::to_string(m) + " of " + id);
        member.Set("public_key", key_hex);
        members.Push(std::move(member));
      }
      station.Set("members", std::move(members));
      stations.Push(std::move(station));
    }
    root.Set("polling_stations", std::move(stations));
    return root;
  }();
  return payload;
}

void BM_SignedObjectCreateDefinition(benchmark::State& state) {
  const json::Value& payload = DefinitionPayload();
  const size_t bytes = json::Canonicalize(payload).size();
  state.SetLabel(std::to_string(bytes / 1000000) + " MB canonical");
  for (auto _ : state) {
    state.PauseTiming();
    json::Value copy = payload;  // Create consumes its payload
    state.ResumeTiming();
    Result<SignedObject> object = SignedObject::Create(std::move(copy));
    benchmark::DoNotOptimize(object);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_SignedObjectCreateDefinition)->Unit(benchmark::kMillisecond);

void BM_SignedObjectFromJsonDefinition(benchmark::State& state) {
  Result<SignedObject> object = SignedObject::Create(DefinitionPayload());
  Status signed_ok = object->AddSignature("cec", SimulatedKeyring(MasterSeed()).KeyFor(0));
  benchmark::DoNotOptimize(signed_ok);
  const json::Value envelope = object->ToJson();
  for (auto _ : state) {
    Result<SignedObject> read = SignedObject::FromJson(envelope);
    if (!read.ok() || !read->VerifyAll().ok()) state.SkipWithError("did not verify");
  }
}
BENCHMARK(BM_SignedObjectFromJsonDefinition)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ashyq::crypto
