#include "registry/voter_register.h"

#include "registry/internal/string_pool.h"

#include <algorithm>
#include <string>
#include <utility>

namespace ashyq::registry {
namespace {

constexpr char kSep = '\x1f';  // cannot occur in a text field (TextFieldProblem)

std::string AddressKey(const Voter& v) {
  std::string key;
  key.reserve(v.region.size() + v.settlement.size() + v.street.size() + v.house.size() + 3);
  key.append(v.region).push_back(kSep);
  key.append(v.settlement).push_back(kSep);
  key.append(v.street).push_back(kSep);
  key.append(v.house);
  return key;
}

// The four parts of an address key.
void SplitAddress(std::string_view key, Voter* v) {
  std::string_view* parts[] = {&v->region, &v->settlement, &v->street, &v->house};
  for (size_t i = 0; i < 4; ++i) {
    const size_t sep = i < 3 ? key.find(kSep) : std::string_view::npos;
    *parts[i] = key.substr(0, sep);
    key = sep == std::string_view::npos ? std::string_view() : key.substr(sep + 1);
  }
}

// RFC 4180 field: quoted when it holds a comma, a quote or starts with a space-like surprise.
void AppendCsvField(std::string* out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

Error Summary(const ExtractProblems& problems) {
  Error first = problems.kept.front();
  if (problems.total > 1) {
    first.message += " (" + std::to_string(problems.total) + " problems in all; nothing was registered)";
  } else {
    first.message += " (nothing was registered)";
  }
  return first;
}

}  // namespace

struct VoterRegister::Text {
  internal::StringPool names;      // names and apartments
  internal::StringPool addresses;  // region \x1f settlement \x1f street \x1f house
  std::vector<StationIndex> address_station;  // by address id
};

VoterRegister::VoterRegister() : text_(std::make_unique<Text>()) {}
VoterRegister::~VoterRegister() = default;
VoterRegister::VoterRegister(VoterRegister&&) noexcept = default;
VoterRegister& VoterRegister::operator=(VoterRegister&&) noexcept = default;

uint32_t VoterRegister::InternAddress(const Voter& v, const StationMap& map, std::string* why) {
  const std::string key = AddressKey(v);
  uint32_t id = text_->addresses.Find(key);
  if (id == internal::StringPool::kAbsent) {
    id = text_->addresses.Intern(key);
    text_->address_station.resize(text_->addresses.size(), kNoStation);
    text_->address_station[id] = map.Assign({v.region, v.settlement, v.street, v.house}, why);
  } else if (text_->address_station[id] == kNoStation && why != nullptr) {
    map.Assign({v.region, v.settlement, v.street, v.house}, why);
  }
  return id;
}

Result<VoterRegister> VoterRegister::Import(std::string_view extract_csv, const StationMap& map,
                                            const ExtractOptions& options, ExtractProblems* problems) {
  VoterRegister reg;
  reg.station_counts_.assign(map.definition().polling_stations.size(), 0);
  std::string why;
  Status read = ReadCivilExtract(
      extract_csv, options,
      [&](const ExtractRow& row) {
        Voter v;
        v.region = row.region;
        v.settlement = row.settlement;
        v.street = row.street;
        v.house = row.house;
        const uint32_t address = reg.InternAddress(v, map, &why);
        const StationIndex station = reg.text_->address_station[address];
        if (station == kNoStation) {
          problems->Add(CheckFailed(FieldWhere(row.line, "house"), "R-B1.station-by-address", why),
                        options.max_problems);
          return;
        }
        reg.entries_.push_back(Entry{row.national_id, row.birth_date, reg.text_->names.Intern(row.surname),
                                     reg.text_->names.Intern(row.given_name), reg.text_->names.Intern(row.patronymic), address,
                                     reg.text_->names.Intern(row.apartment), station, static_cast<uint32_t>(row.line)});
      },
      problems);
  if (!read.ok()) return read.error();

  std::sort(reg.entries_.begin(), reg.entries_.end(), [](const Entry& a, const Entry& b) {
    return a.national_id != b.national_id ? a.national_id < b.national_id : a.line < b.line;
  });
  // A person twice: every later line names the first; none of them is kept.
  std::vector<std::pair<uint32_t, Error>> duplicates;  // by line
  size_t out = 0;
  for (size_t i = 0; i < reg.entries_.size();) {
    size_t j = i + 1;
    while (j < reg.entries_.size() && reg.entries_[j].national_id == reg.entries_[i].national_id) ++j;
    if (j - i == 1) {
      reg.entries_[out++] = reg.entries_[i];
    } else {
      for (size_t k = i + 1; k < j; ++k) {
        duplicates.emplace_back(reg.entries_[k].line, CheckFailed(
            FieldWhere(reg.entries_[k].line, "national_id"), "R-B2.one-list",
            "the same national id as line " + std::to_string(reg.entries_[i].line) +
                ": one person is registered once, so neither entry was taken; the civil register must say which "
                "is right"));
      }
    }
    i = j;
  }
  reg.entries_.resize(out);
  reg.entries_.shrink_to_fit();
  std::stable_sort(duplicates.begin(), duplicates.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [line, e] : duplicates) problems->Add(std::move(e), options.max_problems);
  if (problems->total > 0) return Summary(*problems);
  for (const Entry& e : reg.entries_) ++reg.station_counts_[e.station];
  return reg;
}

Voter VoterRegister::voter(size_t i) const {
  const Entry& e = entries_[i];
  Voter v;
  v.national_id = e.national_id;
  v.surname = text_->names.Get(e.surname);
  v.given_name = text_->names.Get(e.given_name);
  v.patronymic = text_->names.Get(e.patronymic);
  v.birth_date = e.birth_date;
  SplitAddress(text_->addresses.Get(e.address), &v);
  v.apartment = text_->names.Get(e.apartment);
  v.station = e.station;
  v.line = e.line;
  return v;
}

std::optional<size_t> VoterRegister::Find(NationalId id) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                             [](const Entry& e, NationalId x) { return e.national_id < x; });
  if (it == entries_.end() || it->national_id != id) return std::nullopt;
  return static_cast<size_t>(it - entries_.begin());
}

RegistrationAnswer VoterRegister::CheckRegistration(NationalId id, std::string_view surname,
                                                    std::string_view given_name) const {
  const std::optional<size_t> i = Find(id);
  if (!i) return {};
  const Entry& e = entries_[*i];
  // The same answer as for an unknown id: the lookup tells no one whether an id is registered.
  if (text_->names.Get(e.surname) != surname || text_->names.Get(e.given_name) != given_name) return {};
  return {true, e.station};
}

Status VoterRegister::Add(const Voter& v, const StationMap& map) {
  if (Find(v.national_id)) {
    return Error{ErrorCode::kAlreadyExists, "national_id", "R-B2.one-list",
                 "this person is already registered (one person, one entry: move them instead)"};
  }
  std::string why;
  const uint32_t address = InternAddress(v, map, &why);
  const StationIndex station = text_->address_station[address];
  if (station == kNoStation) return CheckFailed("house", "R-B1.station-by-address", why);
  const Entry entry{v.national_id, v.birth_date, text_->names.Intern(v.surname), text_->names.Intern(v.given_name),
                    text_->names.Intern(v.patronymic), address, text_->names.Intern(v.apartment), station, 0};
  auto at = std::lower_bound(entries_.begin(), entries_.end(), v.national_id,
                             [](const Entry& e, NationalId x) { return e.national_id < x; });
  entries_.insert(at, entry);
  ++station_counts_[station];
  return Status();
}

Status VoterRegister::Remove(NationalId id) {
  const std::optional<size_t> i = Find(id);
  if (!i) return Error{ErrorCode::kNotFound, "national_id", "", "no voter with this national id is registered"};
  --station_counts_[entries_[*i].station];
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(*i));
  return Status();
}

Status VoterRegister::Move(NationalId id, StationIndex station) {
  const std::optional<size_t> i = Find(id);
  if (!i) return Error{ErrorCode::kNotFound, "national_id", "", "no voter with this national id is registered"};
  if (station >= station_counts_.size()) {
    return BadInput("station", "station index " + std::to_string(station) + " is not in the definition");
  }
  Entry& e = entries_[*i];
  if (e.station == station) {
    return CheckFailed("station", "R-B2.one-list", "the voter is already on this station's list");
  }
  --station_counts_[e.station];
  e.station = station;
  ++station_counts_[station];
  return Status();
}

VoterRegister::PublicLists VoterRegister::MakePublicLists() const {
  PublicLists lists;
  const size_t stations = station_counts_.size();
  lists.offsets_.assign(stations + 1, 0);
  for (size_t s = 0; s < stations; ++s) lists.offsets_[s + 1] = lists.offsets_[s] + station_counts_[s];
  lists.order_.resize(entries_.size());
  std::vector<size_t> next(lists.offsets_.begin(), lists.offsets_.end() - 1);
  for (size_t i = 0; i < entries_.size(); ++i) lists.order_[next[entries_[i].station]++] = static_cast<uint32_t>(i);
  auto before = [this](uint32_t a, uint32_t b) {
    const Entry& x = entries_[a];
    const Entry& y = entries_[b];
    for (auto field : {&Entry::surname, &Entry::given_name, &Entry::patronymic}) {
      if (x.*field == y.*field) continue;
      return text_->names.Get(x.*field) < text_->names.Get(y.*field);
    }
    if (x.birth_date != y.birth_date) return x.birth_date < y.birth_date;
    return x.address != y.address ? text_->addresses.Get(x.address) < text_->addresses.Get(y.address) : a < b;
  };
  for (size_t s = 0; s < stations; ++s) {
    std::sort(lists.order_.begin() + static_cast<std::ptrdiff_t>(lists.offsets_[s]),
              lists.order_.begin() + static_cast<std::ptrdiff_t>(lists.offsets_[s + 1]), before);
  }
  return lists;
}

std::string VoterRegister::PublicListCsv(const PublicLists& lists, StationIndex station) const {
  std::string out = "number,surname,given_name,patronymic,birth_year,settlement,street,house,apartment\r\n";
  size_t number = 0;
  for (size_t k = lists.offsets_[station]; k < lists.offsets_[station + 1]; ++k) {
    const Voter v = voter(lists.order_[k]);
    out += std::to_string(++number);
    for (std::string_view f : {v.surname, v.given_name, v.patronymic}) {
      out.push_back(',');
      AppendCsvField(&out, f);
    }
    out += ',' + std::to_string(v.birth_date / 10000);
    for (std::string_view f : {v.settlement, v.street, v.house, v.apartment}) {
      out.push_back(',');
      AppendCsvField(&out, f);
    }
    out += "\r\n";
  }
  return out;
}

Result<CheckInIndex> VoterRegister::BuildCheckInIndex(const VoterKeyer& keyer, size_t headroom) const {
  CheckInIndex index(entries_.size() + headroom);
  for (const Entry& e : entries_) {
    Status added = index.Register(keyer.KeyOf(e.national_id), e.station);
    if (!added.ok()) {
      return Error{ErrorCode::kInternal, "check-in index", "",
                   "two voters' keys collide (it happens about once in 250,000 national registers): make a new "
                   "index key and build the index again"};
    }
  }
  return index;
}

size_t VoterRegister::MemoryBytes() const {
  return entries_.capacity() * sizeof(Entry) + text_->address_station.capacity() * sizeof(StationIndex);
}

}  // namespace ashyq::registry
