#include "verify/published_index.h"

#include <cctype>

#include "core/json_reader.h"
#include "core/utc_time.h"

namespace ashyq::verify {
namespace {

using json::ObjectReader;
using json::PointerAppend;
using json::Value;

LocalizedName ReadName(const Value& v, const std::string& path, std::vector<Error>* problems) {
  ObjectReader r(v, path, problems);
  LocalizedName name;
  name.kk = r.OptionalString("kk").value_or("");
  name.ru = r.OptionalString("ru").value_or("");
  name.en = r.String("en");
  r.RejectUnknown();
  return name;
}

std::string ReadPath(ObjectReader& r, std::string_view key) {
  std::string path = r.String(key);
  if (!path.empty() && !record::IsSafePublicationPath(path)) {
    r.Fail(key, "\"" + path + "\" is not a path inside the publication (data/... or log/...)");
  } else if (path.empty() && r.is_object() && r.Any(key) != nullptr && r.Any(key)->is_string()) {
    r.Fail(key, "must not be empty");
  }
  return path;
}

// An object of name -> path, in document order.
PathMap ReadPathMap(const Value* v, const std::string& path, std::vector<Error>* problems) {
  PathMap out;
  if (v == nullptr) return out;
  out.reserve(v->members().size());
  for (const json::Member& m : v->members()) {
    const std::string at = PointerAppend(path, m.key);
    if (m.key.empty()) problems->push_back(BadInput(at, "empty name"));
    if (!m.value.is_string()) {
      problems->push_back(BadInput(at, std::string("expected string, found ") + json::KindName(m.value.kind())));
      continue;
    }
    if (!record::IsSafePublicationPath(m.value.as_string())) {
      problems->push_back(BadInput(at, "\"" + m.value.as_string() + "\" is not a path inside the publication"));
      continue;
    }
    out.emplace_back(m.key, m.value.as_string());
  }
  return out;
}

}  // namespace

PublishedIndex PublishedIndexFromJson(const Value& doc, std::vector<Error>* problems) {
  PublishedIndex index;
  if (!json::RequireFormat(doc, kPublicationFormat, "a publication index", problems)) return index;
  ObjectReader r(doc, "", problems);
  r.String("format");
  index.election_id = r.NonEmptyString("election_id");
  if (const Value* name = r.Object("name")) index.name = ReadName(*name, r.PathOf("name"), problems);
  index.election_day = r.NonEmptyString("election_day");
  index.published_at = r.String("published_at");
  if (r.Any("published_at") != nullptr && !IsUtcTimestamp(index.published_at)) {
    r.Fail("published_at", "not a time YYYY-MM-DDTHH:MM:SSZ");
  }
  index.definition_digest = r.DigestHex("definition_digest");

  if (const Value* head = r.Object("tree_head")) {
    ObjectReader h(*head, r.PathOf("tree_head"), problems);
    index.tree_head.size = h.Int("size", 0, json::kMaxSafeInteger);
    index.tree_head.root_hash = h.DigestHex("root_hash");
    index.tree_head.file = ReadPath(h, "file");
    h.RejectUnknown();
  }
  if (const Value* log = r.Object("log")) {
    ObjectReader l(*log, r.PathOf("log"), problems);
    index.range_size = l.Int("range_size", 1, int64_t{1} << 20);
    index.ranges = l.List<std::string>("ranges", [&](const Value& v, const std::string& at) {
      if (!v.is_string()) {
        problems->push_back(BadInput(at, std::string("expected string, found ") + json::KindName(v.kind())));
        return std::string();
      }
      if (!record::IsSafePublicationPath(v.as_string())) {
        problems->push_back(BadInput(at, "\"" + v.as_string() + "\" is not a path inside the publication"));
      }
      return v.as_string();
    });
    l.RejectUnknown();
  }
  if (const Value* files = r.Object("files")) {
    ObjectReader f(*files, r.PathOf("files"), problems);
    index.files.election = ReadPath(f, "election");
    index.files.definition = ReadPath(f, "definition");
    index.files.national = ReadPath(f, "national");
    index.files.results = ReadPath(f, "results");
    index.files.nist = ReadPath(f, "nist");
    index.files.stations = ReadPath(f, "stations");
    index.files.csv = ReadPathMap(f.Object("csv"), f.PathOf("csv"), problems);
    f.RejectUnknown();
  }
  index.commissions = ReadPathMap(r.Object("commissions"), r.PathOf("commissions"), problems);
  index.search = ReadPathMap(r.Object("search"), r.PathOf("search"), problems);
  index.search_bucket_size = r.Int("search_bucket_size", 1, 1000000);
  r.RejectUnknown();
  return index;
}

Status ReadStationMap(const PublicationDirectory& dir, PublishedIndex* index) {
  const std::string& file = index->files.stations;
  ASHYQ_ASSIGN_OR_RETURN(std::string text, dir.Read(file, kMaxIndexBytes));
  json::ParseOptions options;
  options.max_bytes = kMaxIndexBytes;
  Result<Value> doc = json::Parse(text, options);
  if (!doc.ok()) return doc.error().In(file);
  std::vector<Error> problems;
  if (!json::RequireFormat(*doc, "ashyq/published-stations/1", "a station map", &problems)) {
    return problems.front().In(file);
  }
  ObjectReader r(*doc, "", &problems);
  r.String("format");
  index->stations = ReadPathMap(r.Object("stations"), r.PathOf("stations"), &problems);
  r.RejectUnknown();
  if (!problems.empty()) return problems.front().In(file);
  return Status();
}

Result<PublishedIndex> ParsePublishedIndex(std::string_view text) {
  json::ParseOptions options;
  options.max_bytes = kMaxIndexBytes;
  ASHYQ_ASSIGN_OR_RETURN(Value doc, json::Parse(text, options));
  std::vector<Error> problems;
  PublishedIndex index = PublishedIndexFromJson(doc, &problems);
  if (!problems.empty()) {
    Error first = problems.front();
    if (problems.size() > 1) {
      first.message += " (" + std::to_string(problems.size()) + " problems in all)";
    }
    return first;
  }
  return index;
}

}  // namespace ashyq::verify
