#include "evote/encrypted_ballot.h"

#include <algorithm>

#include "core/utc_time.h"

namespace ashyq::evote {
namespace {

void AppendU32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void AppendLengthPrefixed(std::vector<uint8_t>& out, std::string_view text) {
  AppendU32(out, static_cast<uint32_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
}

void AppendDigest(std::vector<uint8_t>& out, const Digest& d) {
  out.insert(out.end(), d.bytes.begin(), d.bytes.end());
}

std::vector<uint8_t> ContextPrefix(const BallotHeader& header, std::string_view contest_id) {
  std::vector<uint8_t> out;
  out.reserve(4 * 3 + 2 * Digest::kSize + header.election_id.size() + header.device_id.size() +
              contest_id.size() + 8 + kMaxIdLength);
  AppendLengthPrefixed(out, header.election_id);
  AppendDigest(out, header.definition_digest);
  AppendLengthPrefixed(out, header.device_id);
  AppendDigest(out, header.previous_tracking_code);
  AppendLengthPrefixed(out, contest_id);
  return out;
}

}  // namespace

NonceSeed NonceSeed::Random() {
  NonceSeed seed;
  crypto::RandomBytes(seed.bytes);
  return seed;
}

bool IsCastHour(std::string_view text) {
  return IsUtcTimestamp(text) && text.substr(13) == ":00:00Z";
}

Result<std::string> CastHour(std::string_view utc_timestamp) {
  if (!IsUtcTimestamp(utc_timestamp)) {
    return BadInput("", "expected a UTC time YYYY-MM-DDTHH:MM:SSZ");
  }
  return std::string(utc_timestamp.substr(0, 13)) + ":00:00Z";
}

std::vector<uint8_t> ContestContext(const BallotHeader& header, std::string_view contest_id) {
  auto out = ContextPrefix(header, contest_id);
  out.push_back(0x00);
  return out;
}

std::vector<uint8_t> SelectionContext(const BallotHeader& header, std::string_view contest_id,
                                      std::string_view selection_id) {
  auto out = ContextPrefix(header, contest_id);
  out.push_back(0x01);
  AppendLengthPrefixed(out, selection_id);
  return out;
}

std::vector<uint8_t> PlaceholderContext(const BallotHeader& header, std::string_view contest_id,
                                        uint32_t k) {
  auto out = ContextPrefix(header, contest_id);
  out.push_back(0x02);
  AppendU32(out, k);
  return out;
}

std::vector<uint8_t> NonceInput(const NonceSeed& seed, char purpose,
                                std::span<const uint8_t> context) {
  std::vector<uint8_t> out;
  out.reserve(seed.bytes.size() + 1 + context.size());
  out.insert(out.end(), seed.bytes.begin(), seed.bytes.end());
  out.push_back(static_cast<uint8_t>(purpose));
  out.insert(out.end(), context.begin(), context.end());
  return out;
}

Digest BallotHash(const json::Value& payload) {
  if (!payload.is_object()) return TaggedHash(tag::kBallotHash, json::Canonicalize(payload));
  // RFC 8785 of the payload without "tracking_code", written member by member instead of
  // copying the ~10 KB DOM to drop one member (the copy cost as much as the hash). Keys sort
  // by UTF-16 code units, which for ASCII keys (every ballot's) is byte order; any other key
  // takes the copy.
  std::vector<const json::Member*> members;
  members.reserve(payload.members().size());
  for (const json::Member& m : payload.members()) {
    for (char ch : m.key) {
      if (static_cast<unsigned char>(ch) >= 0x80) {
        json::Value without = json::Value::Object();
        for (const auto& n : payload.members()) {
          if (n.key != "tracking_code") without.Set(n.key, n.value);
        }
        return TaggedHash(tag::kBallotHash, json::Canonicalize(without));
      }
    }
    if (m.key != "tracking_code") members.push_back(&m);
  }
  std::sort(members.begin(), members.end(),
            [](const json::Member* a, const json::Member* b) { return a->key < b->key; });
  std::string canonical;
  canonical.reserve(16 * 1024);
  canonical.push_back('{');
  for (size_t i = 0; i < members.size(); ++i) {
    if (i != 0) canonical.push_back(',');
    json::CanonicalizeTo(json::Value(std::string_view(members[i]->key)), &canonical);
    canonical.push_back(':');
    json::CanonicalizeTo(members[i]->value, &canonical);
  }
  canonical.push_back('}');
  return TaggedHash(tag::kBallotHash, canonical);
}

void WriteBallotHeader(const BallotHeader& header, std::string_view group, json::Value& out) {
  out.Set("election_id", header.election_id);
  out.Set("definition_digest", header.definition_digest.Hex());
  out.Set("group", group);
  out.Set("ballot_style", header.ballot_style);
  out.Set("device_id", header.device_id);
  out.Set("cast_hour", header.cast_hour);
  out.Set("previous_tracking_code", header.previous_tracking_code.Hex());
}

BallotHeader ReadBallotHeader(json::ObjectReader& r, std::vector<Error>* errors) {
  BallotHeader h;
  h.election_id = internal::ReadId(r, "election_id");
  const std::string definition = r.DigestHex("definition_digest");
  if (IsDigestHex(definition)) h.definition_digest = *Digest::FromHex(definition);
  h.ballot_style = internal::ReadId(r, "ballot_style");
  h.device_id = internal::ReadId(r, "device_id");
  h.cast_hour = r.String("cast_hour");
  if (r.is_object() && r.Any("cast_hour") != nullptr && !IsCastHour(h.cast_hour)) {
    errors->push_back(CheckFailed(r.PathOf("cast_hour"), std::string(kBallotTimeRule),
                                  "a ballot states the hour it was cast, YYYY-MM-DDTHH:00:00Z, "
                                  "nothing finer"));
  }
  const std::string previous = r.DigestHex("previous_tracking_code");
  if (IsDigestHex(previous)) h.previous_tracking_code = *Digest::FromHex(previous);
  return h;
}

Result<crypto::SignedObject> SignBallotPayload(const json::Value& payload,
                                               const crypto::SigningKey& device_key) {
  const json::Value* device = payload.is_object() ? payload.Find("device_id") : nullptr;
  if (device == nullptr || !device->is_string() || device->as_string().empty()) {
    return CheckFailed("/device_id", std::string(kBallotSignerRule),
                       "a ballot names the device that signs it");
  }
  ASHYQ_ASSIGN_OR_RETURN(auto signed_ballot, crypto::SignedObject::Create(payload));
  ASHYQ_RETURN_IF_ERROR(signed_ballot.AddSignature(device->as_string(), device_key));
  return signed_ballot;
}

Status CheckSignedBallot(const crypto::SignedObject& signed_ballot, const crypto::PublicKey& device_key) {
  const json::Value& payload = signed_ballot.payload();
  if (signed_ballot.payload_format() != kEncryptedBallotFormat) {
    return CheckFailed("/payload/format", std::string(kBallotFormatRule),
                       "not an encrypted ballot");
  }
  const json::Value* device = payload.Find("device_id");
  if (device == nullptr || !device->is_string()) {
    return CheckFailed("/payload/device_id", std::string(kBallotFormatRule),
                       "a ballot names its device");
  }
  if (signed_ballot.signatures().size() != 1) {
    return CheckFailed("/signatures", std::string(kBallotSignerRule),
                       "a ballot carries exactly one signature, its device's");
  }
  Status s = signed_ballot.VerifySignedBy(device->as_string(), device_key);
  if (!s.ok()) {
    Error e = s.error();
    e.rule = std::string(kBallotSignerRule);
    return e;
  }
  return Status();
}

Result<crypto::SignedObject> ReadDeviceBallotLine(std::string_view line, const crypto::PublicKey& device_key,
                                                  std::string_view device_id) {
  crypto::SignedObject::TextReading reading;
  ASHYQ_ASSIGN_OR_RETURN(crypto::SignedObject object,
                         crypto::SignedObject::FromText(line, json::ParseOptions{}, &reading));
  ASHYQ_RETURN_IF_ERROR(CheckSignedBallot(object, device_key));
  if (object.payload().Find("device_id")->as_string() != device_id) {
    return CheckFailed("/device_id", std::string(kBallotSignerRule),
                       "a ballot of another device in " + std::string(device_id) + "'s chain");
  }
  return object;
}

namespace internal {

Error FirstError(std::vector<Error>& errors, std::string_view rule) {
  Error e = errors.front();
  if (e.rule.empty()) e.rule = std::string(rule);
  return e;
}

}  // namespace internal
}  // namespace ashyq::evote
