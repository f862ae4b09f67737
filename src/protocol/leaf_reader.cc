#include "protocol/leaf_reader.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/encoding.h"
#include "core/json.h"
#include "protocol/internal/canonical_cursor.h"
#include "protocol/protocol_json.h"

namespace ashyq::protocol {
namespace {

using internal::Cursor;

// A contest's members in canonical order: the figures, "contest" and "votes", sorted (byte order
// is RFC 8785's UTF-16 order for these ASCII names).
struct ContestKey {
  std::string_view key;
  int64_t ContestCount::*field = nullptr;  // null: "contest" or "votes"
};

const std::vector<ContestKey>& ContestKeys() {
  static const std::vector<ContestKey> keys = [] {
    std::vector<ContestKey> out;
    for (const CountFigure& f : CountFigures()) out.push_back({f.key, f.field});
    out.push_back({"contest", nullptr});
    out.push_back({"votes", nullptr});
    std::sort(out.begin(), out.end(), [](const ContestKey& a, const ContestKey& b) { return a.key < b.key; });
    return out;
  }();
  return keys;
}

ContestCount ReadContest(Cursor& c) {
  ContestCount count;
  c.Literal("{");
  bool first = true;
  for (const ContestKey& k : ContestKeys()) {
    if (!first) c.Literal(",");
    first = false;
    c.Key(k.key);
    if (k.field != nullptr) {
      count.*k.field = c.Int();
    } else if (k.key == "contest") {
      count.contest = c.NonEmptyString();
    } else {
      c.Array([&] {
        std::pair<std::string, int64_t> vote;
        c.Literal("{");
        c.Key("choice");
        vote.first = c.NonEmptyString();
        c.Literal(",");
        c.Key("votes");
        vote.second = c.Int();
        c.Literal("}");
        count.votes.push_back(std::move(vote));
      });
    }
  }
  c.Literal("}");
  return count;
}

RecordedStep ReadStep(Cursor& c) {
  RecordedStep step;
  c.Literal("{");
  c.Key("at");
  step.at = std::string(c.String());
  if (MinutesOfDay(step.at) < 0) c.Fail();
  c.Literal(",");
  c.Key("step");
  const std::string_view name = c.String();
  bool known = false;
  for (int s = 0; s < protocol::kCountingStepCount; ++s) {
    const auto candidate = static_cast<CountingStep>(s);
    if (CountingStepName(candidate) == name) {
      step.step = candidate;
      known = true;
    }
  }
  if (!known) c.Fail();
  c.Literal("}");
  return step;
}

// {"commission":..,"contests":[..],"correction":{..}?,"counting_steps":[..],"definition_digest":..,
//  "election_id":..,"format":..,"signed_at":..,"station":..,"version":..}, after "commission".
PrecinctProtocol ReadProtocolRest(Cursor& c, std::string commission) {
  PrecinctProtocol p;
  p.commission = std::move(commission);
  c.Literal(",");
  c.Key("contests");
  c.Array([&] { p.contests.push_back(ReadContest(c)); });
  c.Literal(",");
  const bool corrected = c.Peek("\"correction\":");
  if (corrected) {
    c.Key("correction");
    c.Literal("{");
    if (c.Peek("\"decision\":")) {
      c.Key("decision");
      p.correction.decision = c.NonEmptyString();
      c.Literal(",");
    }
    c.Key("previous");
    p.correction.previous = std::string(c.String());
    if (!IsDigestHex(p.correction.previous)) c.Fail();
    c.Literal(",");
    c.Key("reason");
    p.correction.reason = c.NonEmptyString();
    c.Literal("},");
  }
  c.Key("counting_steps");
  c.Array([&] { p.counting_steps.push_back(ReadStep(c)); });
  c.Literal(",");
  c.Key("definition_digest");
  p.definition_digest = std::string(c.String());
  if (!IsDigestHex(p.definition_digest)) c.Fail();
  c.Literal(",");
  c.Key("election_id");
  p.election_id = c.NonEmptyString();
  c.Literal(",");
  c.Key("format");
  c.Literal("\"");
  c.Literal(protocol::kPrecinctProtocolFormat);
  c.Literal("\",");
  c.Key("signed_at");
  p.signed_at = std::string(c.String());
  if (!IsLocalDateTime(p.signed_at)) c.Fail();
  c.Literal(",");
  c.Key("station");
  p.station = c.NonEmptyString();
  c.Literal(",");
  c.Key("version");
  p.version = c.Int();
  // Version 1 is the original and has no correction; every later version says what it corrects.
  if (p.version < 1 || corrected != (p.version > 1)) c.Fail();
  c.Literal("}");
  return p;
}

// {"commission":..,"definition_digest":..,"election_id":..,"format":..,"registered_voters":..,
//  "revision":..,"station":..,"time":..,"voters":..}, after "commission".
TurnoutReport ReadTurnoutRest(Cursor& c, std::string commission) {
  TurnoutReport r;
  r.commission = std::move(commission);
  c.Literal(",");
  c.Key("definition_digest");
  r.definition_digest = std::string(c.String());
  if (!IsDigestHex(r.definition_digest)) c.Fail();
  c.Literal(",");
  c.Key("election_id");
  r.election_id = c.NonEmptyString();
  c.Literal(",");
  c.Key("format");
  c.Literal("\"");
  c.Literal(protocol::kTurnoutReportFormat);
  c.Literal("\",");
  c.Key("registered_voters");
  r.registered_voters = c.Int();
  c.Literal(",");
  c.Key("revision");
  r.revision = c.Int();
  if (r.revision < 1) c.Fail();
  c.Literal(",");
  c.Key("station");
  r.station = c.NonEmptyString();
  c.Literal(",");
  c.Key("time");
  r.time = std::string(c.String());
  if (MinutesOfDay(r.time) < 0) c.Fail();
  c.Literal(",");
  c.Key("voters");
  r.voters = c.Int();
  c.Literal("}");
  return r;
}

}  // namespace

bool FastLeaf::SignatureVerifies(size_t k) const {
  if (k < checked_.size() && checked_[k] != 0) return checked_[k] == 1;
  const crypto::SignatureEntry& entry = signatures.at(k);
  return crypto::VerifyDigest(entry.public_key, digest, entry.signature);
}

void FastLeaf::CheckSignatures() {
  checked_.resize(signatures.size());
  for (size_t k = 0; k < signatures.size(); ++k) {
    const crypto::SignatureEntry& entry = signatures[k];
    checked_[k] = crypto::VerifyDigest(entry.public_key, digest, entry.signature) ? 1 : 2;
  }
}

std::optional<FastLeaf> ReadLeafFast(std::string_view text) {
  FastLeaf leaf;
  std::optional<internal::EnvelopeRead> envelope = internal::ReadEnvelope(text, [&](Cursor& c) {
    c.Literal("{");
    c.Key("commission");
    std::string commission = c.NonEmptyString();
    if (!c.ok()) return;
    // The member after "commission" says which: "contests" (a protocol) or "definition_digest".
    if (c.Peek(",\"contests\":")) {
      leaf.payload = ReadProtocolRest(c, std::move(commission));
    } else {
      leaf.payload = ReadTurnoutRest(c, std::move(commission));
    }
  });
  if (!envelope) return std::nullopt;
  leaf.digest = envelope->digest;
  leaf.signatures = std::move(envelope->signatures);
  return leaf;
}

}  // namespace ashyq::protocol
