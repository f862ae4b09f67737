#include "evote/evote_setup.h"

namespace ashyq::evote {

std::vector<uint8_t> SetupContext(std::string_view election_id) {
  return std::vector<uint8_t>(election_id.begin(), election_id.end());
}

std::string DeviceIdOf(std::string_view station_id) { return "dev-" + std::string(station_id); }

json::Value StyleJson(const std::vector<ContestSpec>& style) {
  json::Value contests = json::Value::Array();
  for (const ContestSpec& c : style) {
    json::Value v = json::Value::Object();
    v.Set("contest_id", c.id);
    v.Set("limit", c.limit);
    json::Value ids = json::Value::Array();
    for (const std::string& id : c.selection_ids) ids.Push(json::Value(id));
    v.Set("selection_ids", std::move(ids));
    contests.Push(std::move(v));
  }
  return contests;
}

json::Value DevicesJson(const std::vector<VotingDevice>& devices) {
  json::Value out = json::Value::Array();
  for (const VotingDevice& d : devices) {
    json::Value v = json::Value::Object();
    v.Set("device_id", d.id);
    v.Set("station", d.station);
    v.Set("public_key", d.public_key);
    out.Push(std::move(v));
  }
  return out;
}

std::vector<ContestSpec> ReadStyle(json::ObjectReader& r, std::vector<Error>* errors) {
  const json::Value* contests = r.Any("contests");
  if (contests != nullptr && contests->is_array() &&
      (contests->size() == 0 || contests->size() > kMaxContests)) {
    r.Fail("contests", "a ballot style has 1 to " + std::to_string(kMaxContests) + " contests");
    return {};
  }
  return r.List<ContestSpec>("contests", [&](const json::Value& item, const std::string& path) {
    json::ObjectReader cr(item, path, errors);
    ContestSpec c;
    if (!cr.is_object()) return c;
    c.id = internal::ReadId(cr, "contest_id");
    c.limit = static_cast<uint32_t>(cr.Int("limit", 1, static_cast<int64_t>(kMaxSelections)));
    const json::Value* ids = cr.Any("selection_ids");
    if (ids != nullptr && ids->is_array() && (ids->size() == 0 || ids->size() > kMaxSelections)) {
      cr.Fail("selection_ids", "a contest has 1 to " + std::to_string(kMaxSelections) + " selections");
    } else {
      c.selection_ids = cr.List<std::string>(
          "selection_ids", [&](const json::Value& id, const std::string& id_path) {
            if (!id.is_string() || id.as_string().empty()) {
              errors->push_back(BadInput(id_path, "expected a selection id"));
              return std::string();
            }
            return id.as_string();
          });
    }
    cr.RejectUnknown();
    return c;
  });
}

std::vector<VotingDevice> ReadDevices(json::ObjectReader& r, std::vector<Error>* errors) {
  const json::Value* devices = r.Any("devices");
  if (devices != nullptr && devices->is_array() && devices->size() > kMaxDevices) {
    r.Fail("devices", "more than " + std::to_string(kMaxDevices) + " devices");
    return {};
  }
  return r.List<VotingDevice>("devices", [&](const json::Value& item, const std::string& path) {
    json::ObjectReader dr(item, path, errors);
    VotingDevice d;
    if (!dr.is_object()) return d;
    d.id = internal::ReadId(dr, "device_id");
    d.station = dr.NonEmptyString("station");
    d.public_key = dr.DigestHex("public_key");  // an Ed25519 key: 64 lowercase hex digits too
    dr.RejectUnknown();
    return d;
  });
}

}  // namespace ashyq::evote
