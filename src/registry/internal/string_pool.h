// Interned text: each distinct string stored once, named by a 32-bit id. Names and addresses
// repeat (a few hundred thousand surnames and streets for twelve million voters), so a register
// entry holds ids, not strings (decision 0019: 12 million entries in well under 1 GB).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ashyq::registry::internal {

class StringPool {
 public:
  StringPool() { Intern(""); }  // id 0 is the empty string
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  uint32_t Intern(std::string_view text) {
    auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    const std::string_view stored = Store(text);
    const auto id = static_cast<uint32_t>(strings_.size());
    strings_.push_back(stored);
    ids_.emplace(stored, id);
    return id;
  }
  // The id of `text` if interned, else nullopt-like kAbsent.
  static constexpr uint32_t kAbsent = 0xffffffffu;
  uint32_t Find(std::string_view text) const {
    auto it = ids_.find(text);
    return it == ids_.end() ? kAbsent : it->second;
  }
  std::string_view Get(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  static constexpr size_t kBlock = size_t{1} << 20;
  std::string_view Store(std::string_view text) {
    if (text.empty()) return {};
    if (blocks_.empty() || used_ + text.size() > block_size_) {
      block_size_ = std::max(kBlock, text.size());
      blocks_.push_back(std::make_unique<char[]>(block_size_));
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::memcpy(at, text.data(), text.size());
    used_ += text.size();
    return {at, text.size()};
  }
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_size_ = 0, used_ = 0;
  std::vector<std::string_view> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace ashyq::registry::internal
