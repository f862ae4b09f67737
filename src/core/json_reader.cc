#include "core/json_reader.h"

#include "core/encoding.h"

#include <algorithm>
#include <string>

namespace ashyq::json {

namespace {

std::string WrongKind(Kind expected, const Value& found) {
  return std::string("expected ") + KindName(expected) + ", found " + KindName(found.kind());
}

// A required field: missing or of the wrong kind records an error and gives nullptr. (When the
// reader is not over an object, the constructor has already recorded that.)
const Value* Required(ObjectReader* r, std::string_view key, const Value* v, Kind kind) {
  if (v == nullptr) {
    if (r->is_object()) r->Fail(key, "missing required field");
    return nullptr;
  }
  if (v->kind() != kind) {
    r->Fail(key, WrongKind(kind, *v));
    return nullptr;
  }
  return v;
}

// An optional field: absent or null gives nullptr; a wrong kind records an error.
const Value* Optional(ObjectReader* r, std::string_view key, const Value* v, Kind kind) {
  if (v == nullptr || v->is_null()) return nullptr;
  if (v->kind() != kind) {
    r->Fail(key, WrongKind(kind, *v));
    return nullptr;
  }
  return v;
}

// Empty when `v` lies in [min, max]; otherwise the message naming the broken bound.
std::string RangeProblem(int64_t v, int64_t min, int64_t max) {
  if (v < min) return "value " + std::to_string(v) + " is below the minimum " + std::to_string(min);
  if (v > max) return "value " + std::to_string(v) + " is above the maximum " + std::to_string(max);
  return std::string();
}

}  // namespace

ObjectReader::ObjectReader(const Value& value, std::string path, std::vector<Error>* errors)
    : object_(value.is_object() ? &value : nullptr), path_(std::move(path)), errors_(errors) {
  if (object_ == nullptr) {
    errors_->push_back(BadInput(path_, WrongKind(Kind::kObject, value)));
  }
}

void ObjectReader::Fail(std::string_view key, std::string message) {
  errors_->push_back(BadInput(PathOf(key), std::move(message)));
}

const Value* ObjectReader::Lookup(std::string_view key) {
  if (object_ == nullptr) return nullptr;
  if (std::find(read_.begin(), read_.end(), key) == read_.end()) read_.emplace_back(key);
  return object_->Find(key);
}

std::string ObjectReader::String(std::string_view key) {
  const Value* v = Required(this, key, Lookup(key), Kind::kString);
  return v != nullptr ? v->as_string() : std::string();
}

std::string ObjectReader::NonEmptyString(std::string_view key) {
  const Value* v = Required(this, key, Lookup(key), Kind::kString);
  if (v == nullptr) return std::string();
  if (v->as_string().empty()) Fail(key, "must not be empty");
  return v->as_string();
}

int64_t ObjectReader::Int(std::string_view key, int64_t min, int64_t max) {
  const Value* v = Required(this, key, Lookup(key), Kind::kInteger);
  if (v == nullptr) return 0;
  std::string problem = RangeProblem(v->as_int(), min, max);
  if (!problem.empty()) {
    Fail(key, std::move(problem));
    return 0;
  }
  return v->as_int();
}

bool ObjectReader::Bool(std::string_view key) {
  const Value* v = Required(this, key, Lookup(key), Kind::kBool);
  return v != nullptr && v->as_bool();
}

const Value* ObjectReader::Array(std::string_view key) {
  const Value* v = Required(this, key, Lookup(key), Kind::kArray);
  return v;
}

const Value* ObjectReader::Object(std::string_view key) {
  const Value* v = Required(this, key, Lookup(key), Kind::kObject);
  return v;
}

const Value* ObjectReader::Any(std::string_view key) {
  const Value* v = Lookup(key);
  if (v == nullptr && object_ != nullptr) Fail(key, "missing required field");
  return v;
}

std::optional<std::string> ObjectReader::OptionalString(std::string_view key) {
  const Value* v = Optional(this, key, Lookup(key), Kind::kString);
  if (v == nullptr) return std::nullopt;
  return v->as_string();
}

std::optional<int64_t> ObjectReader::OptionalInt(std::string_view key, int64_t min,
                                                 int64_t max) {
  const Value* v = Optional(this, key, Lookup(key), Kind::kInteger);
  if (v == nullptr) return std::nullopt;
  std::string problem = RangeProblem(v->as_int(), min, max);
  if (!problem.empty()) {
    Fail(key, std::move(problem));
    return std::nullopt;
  }
  return v->as_int();
}

std::optional<bool> ObjectReader::OptionalBool(std::string_view key) {
  const Value* v = Optional(this, key, Lookup(key), Kind::kBool);
  if (v == nullptr) return std::nullopt;
  return v->as_bool();
}

const Value* ObjectReader::OptionalArray(std::string_view key) {
  const Value* v = Optional(this, key, Lookup(key), Kind::kArray);
  return v;
}

const Value* ObjectReader::OptionalObject(std::string_view key) {
  const Value* v = Optional(this, key, Lookup(key), Kind::kObject);
  return v;
}

std::string ObjectReader::DigestHex(std::string_view key) {
  const size_t before = errors_->size();
  std::string digest = String(key);
  if (errors_->size() == before && is_object() && !IsDigestHex(digest)) {
    Fail(key, "expected a digest: 64 lowercase hex digits");
  }
  return digest;
}

void ObjectReader::RejectUnknown() {
  if (object_ == nullptr) return;
  for (const Member& m : object_->members()) {
    if (std::find(read_.begin(), read_.end(), m.key) == read_.end()) {
      Fail(m.key, "unknown field \"" + m.key + "\"");
    }
  }
}

bool RequireFormat(const Value& doc, std::string_view format, std::string_view what,
                   std::vector<Error>* problems) {
  const Value* found = doc.is_object() ? doc.Find("format") : nullptr;
  if (found != nullptr && found->is_string() && found->as_string() == format) return true;
  problems->push_back(BadInput(found == nullptr ? "" : "/format",
                               "not " + std::string(what) + ": \"format\" must be \"" +
                                   std::string(format) + "\""));
  return false;
}

}  // namespace ashyq::json
