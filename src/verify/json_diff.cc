#include "verify/json_diff.h"

#include "core/grouped_number.h"

namespace ashyq::verify {
namespace {

constexpr std::string_view kAbsent = "absent";

class Differ {
 public:
  Differ(size_t max, std::vector<JsonDifference>* out) : max_(max), out_(out) {}

  void Diff(const json::Value& expected, const json::Value& found, const std::string& at) {
    if (full()) return;
    if (expected.kind() != found.kind()) {
      Add(at, ShortJson(expected), ShortJson(found));
      return;
    }
    switch (expected.kind()) {
      case json::Kind::kObject: {
        for (const json::Member& m : expected.members()) {
          const json::Value* f = found.Find(m.key);
          const std::string next = json::PointerAppend(at, m.key);
          if (f == nullptr) {
            Add(next, ShortJson(m.value), std::string(kAbsent));
          } else {
            Diff(m.value, *f, next);
          }
          if (full()) return;
        }
        for (const json::Member& m : found.members()) {
          if (expected.Find(m.key) == nullptr) Add(json::PointerAppend(at, m.key), "no such field", ShortJson(m.value));
          if (full()) return;
        }
        return;
      }
      case json::Kind::kArray: {
        const auto& e = expected.items();
        const auto& f = found.items();
        const size_t common = std::min(e.size(), f.size());
        for (size_t i = 0; i < common && !full(); ++i) Diff(e[i], f[i], json::PointerAppend(at, i));
        for (size_t i = common; i < e.size() && !full(); ++i) {
          Add(json::PointerAppend(at, i), ShortJson(e[i]), std::string(kAbsent));
        }
        for (size_t i = common; i < f.size() && !full(); ++i) {
          Add(json::PointerAppend(at, i), "no such element", ShortJson(f[i]));
        }
        return;
      }
      default:
        if (!(expected == found)) Add(at, ShortJson(expected), ShortJson(found));
    }
  }

 private:
  bool full() const { return out_->size() >= max_; }
  void Add(const std::string& at, std::string expected, std::string found) {
    if (!full()) out_->push_back({at, std::move(expected), std::move(found)});
  }
  size_t max_;
  std::vector<JsonDifference>* out_;
};

}  // namespace

std::string JsonDifference::Describe() const { return found + " found, " + expected + " expected"; }

std::string ShortJson(const json::Value& value) {
  switch (value.kind()) {
    case json::Kind::kNull: return "null";
    case json::Kind::kBool: return value.as_bool() ? "true" : "false";
    case json::Kind::kInteger: return Grouped(value.as_int());
    case json::Kind::kNumber: return json::Canonicalize(value);
    case json::Kind::kString: {
      std::string s = value.as_string();
      if (s.size() > 80) {
        size_t cut = 80;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s = s.substr(0, cut) + "\xE2\x80\xA6";
      }
      return "\"" + s + "\"";
    }
    case json::Kind::kArray: return "an array of " + std::to_string(value.items().size());
    case json::Kind::kObject: return "an object";
  }
  return "?";
}

std::vector<JsonDifference> DiffJson(const json::Value& expected, const json::Value& found,
                                     std::string_view base, size_t max) {
  std::vector<JsonDifference> out;
  Differ(max, &out).Diff(expected, found, std::string(base));
  return out;
}

}  // namespace ashyq::verify
