#include "tabulate/consistency.h"

#include <optional>
#include <span>
#include <string>
#include <utility>

#include "core/json.h"
#include "tabulate/aggregation.h"
#include "tabulate/figures.h"

namespace ashyq::tabulate {
namespace {

using json::PointerAppend;
using protocol::ContestCount;
using protocol::PrecinctProtocol;

constexpr std::string_view kNotEqual = " \xE2\x89\xA0 ";  // U+2260

std::string Id(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

std::string ShortDigest(std::string_view digest) {
  return digest.size() > 16 ? std::string(digest.substr(0, 16)) + "\xE2\x80\xA6" : Id(digest);
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool SameChoices(const ContestCount& count, const std::vector<std::string_view>& choices) {
  if (count.votes.size() != choices.size()) return false;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (count.votes[i].first != choices[i]) return false;
  }
  return true;
}

template <typename T>
const T* FindContest(const std::vector<T>& counts, std::string_view contest) {
  for (const T& c : counts) {
    if (c.contest == contest) return &c;
  }
  return nullptr;
}

// One contest the commission totals, and where the protocol holds it.
struct Expected {
  const Contest* contest = nullptr;
  std::vector<std::string_view> choices;
  const ContestTotals* totals = nullptr;  // nullptr: missing, or its choices are wrong
  size_t index = 0;                       // in protocol.contests
  bool listed = false;
};

// A sum the protocol's totals must equal.
struct Sum {
  Int128 figures[12] = {};
  std::vector<Int128> votes;

  // Adds one count whose votes list the contest's choices in ballot order.
  void Add(const ContestCount& count) {
    const std::span<const CountFigure> all = CountFigures();
    for (size_t f = 0; f < all.size(); ++f) figures[f] += count.*all[f].field;
    for (size_t v = 0; v < votes.size(); ++v) votes[v] += count.votes[v].second;
  }
};

class Checker {
 public:
  Checker(const TierProtocol& p, const CommissionTree& tree, std::string_view definition_digest,
          const PublishedProtocols* published)
      : p_(p), tree_(tree), definition_digest_(definition_digest), published_(published) {}

  std::vector<Error> Run();

 private:
  void Fail(std::string where, const char* rule, std::string message) {
    errors_.push_back(CheckFailed(std::move(where), rule, std::move(message)));
  }
  void CheckHeader();
  void CheckPossible();  // R-E4
  void CheckContests();
  void CheckPrecinctCoverage();
  void CheckTec();
  void CheckChildren();
  // The listed children are the commission's, once each in order, their protocols published;
  // nullopt when one is missing or not what it claims, so nothing can be summed.
  std::optional<std::vector<const TierProtocol*>> CheckChildList();
  void CompareChildSums(const std::vector<const TierProtocol*>& found);
  void CheckChildPrecincts(const std::vector<const TierProtocol*>& found);
  void CheckPrecinctReferences();
  // R-E1.sum of every expected contest against `sums` (parallel to expected_).
  void CompareSums(const std::vector<Sum>& sums, const std::string& beneath);
  std::string ChoiceName(const Contest& contest, std::string_view id) const {
    for (const Choice& c : contest.choices) {
      if (c.id == id) return c.name.en.empty() ? std::string(id) : c.name.en + " (" + std::string(id) + ")";
    }
    return Id(id);
  }
  std::string Label() const { return Upper(TierName(tier_)) + " " + Id(p_.commission); }
  bool SameDefinition(std::string_view election_id, std::string_view definition_digest) const {
    return election_id == tree_.definition().election_id && definition_digest == definition_digest_;
  }

  const TierProtocol& p_;
  const CommissionTree& tree_;
  std::string_view definition_digest_;
  const PublishedProtocols* published_;
  size_t commission_ = CommissionTree::kNone;
  CommissionTier tier_ = CommissionTier::kTerritorial;  // the definition's
  std::vector<Expected> expected_;
  std::vector<Error> errors_;
};

void Checker::CheckHeader() {
  const ElectionDefinition& def = tree_.definition();
  if (p_.election_id != def.election_id) {
    Fail("/election_id", "R-E1.definition",
         "election id \"" + Id(p_.election_id) + "\" is not the definition's \"" +
             def.election_id + "\"");
  }
  if (p_.definition_digest != definition_digest_) {
    Fail("/definition_digest", "R-E1.definition",
         "the protocol counts under definition " + ShortDigest(p_.definition_digest) +
             ", not the published " + ShortDigest(definition_digest_));
  }
  tier_ = p_.tier;
  commission_ = tree_.FindCommission(p_.commission);
  if (commission_ == CommissionTree::kNone) {
    Fail("/commission", "R-E1.shape",
         "commission \"" + Id(p_.commission) + "\" is not in the election definition");
    return;
  }
  tier_ = tree_.commission(commission_).tier;
  if (tier_ == CommissionTier::kPrecinct) {
    Fail("/commission", "R-E1.shape",
         Id(p_.commission) + " is a PEC: its result is a precinct protocol, not a tier protocol");
    commission_ = CommissionTree::kNone;
    return;
  }
  if (p_.tier != tier_) {
    Fail("/tier", "R-E1.shape",
         "the protocol says " + Id(p_.commission) + " is a " + std::string(TierName(p_.tier)) +
             ", the definition has a " + std::string(TierName(tier_)));
  }
  if (tier_ == CommissionTier::kTerritorial) {
    if (!p_.children.empty()) {
      Fail("/children", "R-E1.shape", "a TEC totals precinct protocols and has no children");
    }
  } else {
    for (size_t i = 0; i < p_.precincts.size(); ++i) {
      if (!p_.precincts[i].contests.empty()) {
        Fail(PointerAppend(PointerAppend("/precincts", i), "contests"), "R-E1.shape",
             "only a TEC protocol embeds precinct figures");
      }
    }
  }
}

void Checker::CheckPossible() {
  for (size_t i = 0; i < p_.contests.size(); ++i) {
    const ContestTotals& t = p_.contests[i];
    const std::string at = PointerAppend("/contests", i);
    Int128 valid = 0;
    for (const auto& vote : t.votes) valid += vote.second;
    const Int128 participants = Int128{t.ballots_issued} + t.electronic_ballots_issued;
    if (valid > participants) {
      Fail(at, "R-E4.valid-le-participants",
           Label() + ", " + Id(t.contest) + ": valid votes " + Grouped(valid) +
               " exceed the voters who took part, " + Grouped(participants) + " (" +
               Grouped(t.ballots_issued) + " paper + " + Grouped(t.electronic_ballots_issued) +
               " electronic ballots issued)");
    }
    if (participants > t.registered_voters) {
      Fail(at, "R-E4.participants-le-registered",
           Label() + ", " + Id(t.contest) + ": voters who took part " + Grouped(participants) +
               " exceed the registered voters " + Grouped(t.registered_voters));
    }
  }
}

void Checker::CheckContests() {
  const ElectionDefinition& def = tree_.definition();
  for (const Contest& contest : def.contests) {
    if (!TotalsContest(tree_, commission_, contest)) continue;
    Expected e;
    e.contest = &contest;
    e.choices = BallotOrderOf(contest);
    expected_.push_back(std::move(e));
  }
  // Each listed contest against the definition, in order.
  size_t next = 0;  // the expected contest the next listed one should be
  for (size_t i = 0; i < p_.contests.size(); ++i) {
    const ContestTotals& t = p_.contests[i];
    const std::string at = PointerAppend("/contests", i);
    size_t k = 0;
    while (k < expected_.size() && expected_[k].contest->id != t.contest) ++k;
    if (k == expected_.size()) {
      const Contest* contest = nullptr;
      for (const Contest& c : def.contests) {
        if (c.id == t.contest) contest = &c;
      }
      Fail(PointerAppend(at, "contest"), "R-E1.contests",
           contest == nullptr
               ? "contest \"" + Id(t.contest) + "\" is not in the election definition"
               : Label() + " does not total " + t.contest + ": its scope is " + contest->scope +
                     ", not " + Id(p_.commission) + " or a commission above it");
      continue;
    }
    Expected& e = expected_[k];
    if (e.listed) {
      Fail(PointerAppend(at, "contest"), "R-E1.contests",
           Id(t.contest) + " is totalled twice (also at /contests/" + std::to_string(e.index) + ")");
      continue;
    }
    if (k < next) {
      Fail(PointerAppend(at, "contest"), "R-E1.contests",
           Id(t.contest) + " is out of the definition's order of contests");
    }
    next = k + 1;
    e.listed = true;
    e.index = i;
    if (!SameChoices(t, e.choices)) {
      std::string listed;
      for (std::string_view c : e.choices) listed += (listed.empty() ? "" : ", ") + std::string(c);
      Fail(PointerAppend(at, "votes"), "R-E1.contests",
           Id(t.contest) + ": votes must list the ballot's choices in ballot order: " + listed);
      continue;
    }
    e.totals = &t;
  }
  for (const Expected& e : expected_) {
    if (!e.listed) {
      Fail("/contests", "R-E1.contests",
           Label() + " has no totals for " + e.contest->id + ", whose scope is " +
               e.contest->scope);
    }
  }
  // Coverage of the contests the commission totals (others are already reported).
  const int64_t expected_count = static_cast<int64_t>(tree_.StationsUnder(commission_).size());
  const int64_t listed = static_cast<int64_t>(p_.precincts.size());
  for (const Expected& e : expected_) {
    if (!e.listed) continue;
    const ContestTotals& t = p_.contests[e.index];
    const std::string at = PointerAppend("/contests", e.index);
    if (t.precincts_expected != expected_count) {
      Fail(PointerAppend(at, "precincts_expected"), "R-E1.coverage",
           Label() + ", " + Id(t.contest) + ": precincts_expected is " +
               Grouped(t.precincts_expected) + ", but " + Grouped(expected_count) +
               " polling stations lie beneath it");
    }
    if (t.precincts_counted != listed) {
      Fail(PointerAppend(at, "precincts_counted"), "R-E1.coverage",
           Label() + ", " + Id(t.contest) + ": precincts_counted is " +
               Grouped(t.precincts_counted) + ", but the protocol lists " + Grouped(listed) +
               " precincts");
    }
  }
}

void Checker::CheckPrecinctCoverage() {
  const std::span<const uint32_t> stations = tree_.StationsUnder(commission_);
  std::unordered_map<uint32_t, uint32_t> position;
  position.reserve(stations.size());
  for (size_t k = 0; k < stations.size(); ++k) {
    position.emplace(stations[k], static_cast<uint32_t>(k));
  }
  std::vector<bool> seen(stations.size(), false);
  int64_t last = -1;
  for (size_t i = 0; i < p_.precincts.size(); ++i) {
    const PrecinctEntry& e = p_.precincts[i];
    const std::string at = PointerAppend(PointerAppend("/precincts", i), "station");
    const size_t station = tree_.FindStation(e.station);
    if (station == CommissionTree::kNone) {
      Fail(at, "R-E1.coverage", "station \"" + Id(e.station) + "\" is not in the election definition");
      continue;
    }
    auto it = position.find(static_cast<uint32_t>(station));
    if (it == position.end()) {
      Fail(at, "R-E1.coverage", "station " + Id(e.station) + " is not beneath " + Id(p_.commission));
      continue;
    }
    if (seen[it->second]) {
      Fail(at, "R-E1.coverage", "station " + Id(e.station) + " is listed twice");
      continue;
    }
    seen[it->second] = true;
    if (static_cast<int64_t>(it->second) < last) {
      Fail(at, "R-E1.coverage",
           "station " + Id(e.station) + " is out of the definition's order of stations");
    }
    last = it->second;
  }
}

void Checker::CompareSums(const std::vector<Sum>& sums, const std::string& beneath) {
  const std::span<const CountFigure> figures = CountFigures();
  for (size_t k = 0; k < expected_.size(); ++k) {
    const Expected& e = expected_[k];
    if (e.totals == nullptr) continue;
    const std::string at = PointerAppend("/contests", e.index);
    const std::string label = Label() + ", " + e.contest->id + ": ";
    for (size_t f = 0; f < figures.size(); ++f) {
      const int64_t total = e.totals->*figures[f].field;
      if (total != sums[k].figures[f]) {
        Fail(PointerAppend(at, figures[f].key), "R-E1.sum",
             label + std::string(figures[f].words) + " " + Grouped(total) + std::string(kNotEqual) +
                 Grouped(sums[k].figures[f]) + ", the sum of " + beneath);
      }
    }
    for (size_t v = 0; v < e.choices.size(); ++v) {
      const int64_t total = e.totals->votes[v].second;
      if (total != sums[k].votes[v]) {
        Fail(PointerAppend(PointerAppend(PointerAppend(at, "votes"), v), "votes"), "R-E1.sum",
             label + ChoiceName(*e.contest, e.choices[v]) + " " + Grouped(total) +
                 std::string(kNotEqual) + Grouped(sums[k].votes[v]) + ", the sum of " + beneath);
      }
    }
  }
}

void Checker::CheckTec() {
  std::vector<Sum> sums(expected_.size());
  for (size_t k = 0; k < expected_.size(); ++k) sums[k].votes.assign(expected_[k].choices.size(), 0);
  for (size_t i = 0; i < p_.precincts.size(); ++i) {
    const PrecinctEntry& entry = p_.precincts[i];
    const std::string at = PointerAppend(PointerAppend("/precincts", i), "contests");
    for (size_t k = 0; k < expected_.size(); ++k) {
      const Expected& e = expected_[k];
      const ContestCount* count = FindContest(entry.contests, e.contest->id);
      if (count == nullptr) {
        Fail(at, "R-E1.figures",
             "the figures of station " + Id(entry.station) + " lack " + e.contest->id);
        continue;
      }
      if (!SameChoices(*count, e.choices)) {
        Fail(at, "R-E1.contests",
             "station " + Id(entry.station) + ", " + e.contest->id +
                 ": votes must list the ballot's choices in ballot order");
        continue;
      }
      sums[k].Add(*count);
    }
  }
  const size_t n = p_.precincts.size();
  CompareSums(sums, "its " + Grouped(static_cast<int64_t>(n)) + (n == 1 ? " precinct" : " precincts"));
}

void Checker::CheckChildren() {
  std::optional<std::vector<const TierProtocol*>> found = CheckChildList();
  if (published_ == nullptr || !found) return;
  CompareChildSums(*found);
  CheckChildPrecincts(*found);
}

std::optional<std::vector<const TierProtocol*>> Checker::CheckChildList() {
  const std::span<const uint32_t> kids = tree_.children(commission_);
  std::vector<bool> seen(kids.size(), false);
  std::vector<const TierProtocol*> found;
  bool all_found = true;
  int64_t last = -1;
  for (size_t i = 0; i < p_.children.size(); ++i) {
    const ChildEntry& c = p_.children[i];
    const std::string at = PointerAppend("/children", i);
    const size_t child = tree_.FindCommission(c.commission);
    size_t k = 0;
    while (k < kids.size() && kids[k] != child) ++k;
    if (k == kids.size()) {
      Fail(PointerAppend(at, "commission"), "R-E1.coverage",
           "\"" + Id(c.commission) + "\" is not a child commission of " + Id(p_.commission));
      all_found = false;
      continue;
    }
    if (seen[k]) {
      Fail(PointerAppend(at, "commission"), "R-E1.coverage", Id(c.commission) + " is listed twice");
      all_found = false;
      continue;
    }
    seen[k] = true;
    if (static_cast<int64_t>(k) < last) {
      Fail(PointerAppend(at, "commission"), "R-E1.coverage",
           Id(c.commission) + " is out of the definition's order of commissions");
    }
    last = static_cast<int64_t>(k);
    if (published_ == nullptr) continue;
    const TierProtocol* protocol = published_->FindTier(c.protocol_digest);
    if (protocol == nullptr) {
      Fail(PointerAppend(at, "protocol_digest"), "R-E1.reference",
           "the protocol " + ShortDigest(c.protocol_digest) + " of " + Id(c.commission) +
               " is not in the published record");
      all_found = false;
      continue;
    }
    if (protocol->commission != c.commission) {
      Fail(PointerAppend(at, "protocol_digest"), "R-E1.reference",
           "the protocol " + ShortDigest(c.protocol_digest) + " is that of " +
               Id(protocol->commission) + ", not of " + Id(c.commission));
      all_found = false;
      continue;
    }
    if (!SameDefinition(protocol->election_id, protocol->definition_digest)) {
      Fail(PointerAppend(at, "protocol_digest"), "R-E1.definition",
           "the protocol of " + Id(c.commission) + " counts under another election or definition");
    }
    found.push_back(protocol);
  }
  if (!all_found) return std::nullopt;
  return found;
}

// The totals are the sums of the children's totals.
void Checker::CompareChildSums(const std::vector<const TierProtocol*>& found) {
  std::vector<Sum> sums(expected_.size());
  bool summable = true;
  for (size_t k = 0; k < expected_.size(); ++k) {
    const Expected& e = expected_[k];
    sums[k].votes.assign(e.choices.size(), 0);
    for (const TierProtocol* child : found) {
      const ContestTotals* t = FindContest(child->contests, e.contest->id);
      if (t == nullptr || !SameChoices(*t, e.choices)) {
        Fail("/children", "R-E1.contests",
             "the protocol of " + Id(child->commission) + " has no well-formed totals for " +
                 e.contest->id);
        summable = false;
        continue;
      }
      sums[k].Add(*t);
    }
  }
  if (!summable) return;
  const std::string kind = found.empty() ? "child" : Upper(TierName(found.front()->tier));
  const size_t n = found.size();
  CompareSums(sums, "its " + std::to_string(n) + " " + kind + (n == 1 ? " protocol" : " protocols"));
}

// The precincts are exactly those of the children, in order. Only the first difference is
// reported: after it, every later entry would be out of step too.
void Checker::CheckChildPrecincts(const std::vector<const TierProtocol*>& found) {
  size_t i = 0;
  for (const TierProtocol* child : found) {
    for (const PrecinctEntry& theirs : child->precincts) {
      if (i >= p_.precincts.size()) {
        Fail("/precincts", "R-E1.coverage",
             Id(p_.commission) + " lacks station " + Id(theirs.station) + ", which the protocol of " +
                 Id(child->commission) + " totals");
        return;
      }
      const PrecinctEntry& ours = p_.precincts[i];
      if (ours.station != theirs.station || ours.version != theirs.version ||
          ours.protocol_digest != theirs.protocol_digest) {
        Fail(PointerAppend("/precincts", i), "R-E1.coverage",
             "lists station " + Id(ours.station) + " version " + std::to_string(ours.version) +
                 " (" + ShortDigest(ours.protocol_digest) + ") where the protocol of " +
                 Id(child->commission) + " has station " + Id(theirs.station) + " version " +
                 std::to_string(theirs.version) + " (" + ShortDigest(theirs.protocol_digest) + ")");
        return;
      }
      ++i;
    }
  }
  if (i < p_.precincts.size()) {
    Fail(PointerAppend("/precincts", i), "R-E1.coverage",
         "station " + Id(p_.precincts[i].station) + " is not totalled by any child protocol listed");
  }
}

void Checker::CheckPrecinctReferences() {
  if (published_ == nullptr) return;
  const bool tec = tier_ == CommissionTier::kTerritorial;
  for (size_t i = 0; i < p_.precincts.size(); ++i) {
    const PrecinctEntry& e = p_.precincts[i];
    const std::string at = PointerAppend("/precincts", i);
    const PrecinctProtocol* signed_protocol = published_->FindPrecinct(e.protocol_digest);
    if (signed_protocol == nullptr) {
      Fail(PointerAppend(at, "protocol_digest"), "R-E1.reference",
           "the precinct protocol " + ShortDigest(e.protocol_digest) + " of station " +
               Id(e.station) + " is not in the published record");
      continue;
    }
    if (signed_protocol->station != e.station || signed_protocol->version != e.version) {
      Fail(PointerAppend(at, "protocol_digest"), "R-E1.reference",
           "the precinct protocol " + ShortDigest(e.protocol_digest) + " is version " +
               std::to_string(signed_protocol->version) + " of station " +
               Id(signed_protocol->station) + ", not version " + std::to_string(e.version) +
               " of " + Id(e.station));
      continue;
    }
    if (!SameDefinition(signed_protocol->election_id, signed_protocol->definition_digest)) {
      Fail(PointerAppend(at, "protocol_digest"), "R-E1.definition",
           "the precinct protocol of station " + Id(e.station) +
               " counts under another election or definition");
    }
    const int64_t latest = published_->LatestVersion(e.station);
    if (latest > e.version) {
      Fail(PointerAppend(at, "version"), "R-E1.latest",
           Label() + " totals version " + std::to_string(e.version) + " of station " +
               Id(e.station) + ", but version " + std::to_string(latest) + " is published");
    }
    if (tec && e.contests != signed_protocol->contests) {
      std::string what = "differ from the signed precinct protocol";
      for (size_t c = 0; c < e.contests.size() && c < signed_protocol->contests.size(); ++c) {
        if (!(e.contests[c] == signed_protocol->contests[c])) {
          what += " in contest " + Id(e.contests[c].contest);
          break;
        }
      }
      if (e.contests.size() != signed_protocol->contests.size()) {
        what += " (" + std::to_string(e.contests.size()) + " contests embedded, " +
                std::to_string(signed_protocol->contests.size()) + " signed)";
      }
      Fail(PointerAppend(at, "contests"), "R-E1.figures",
           "the embedded figures of station " + Id(e.station) + " " + what);
    }
  }
}

std::vector<Error> Checker::Run() {
  CheckHeader();
  CheckPossible();
  if (commission_ == CommissionTree::kNone) return std::move(errors_);
  CheckContests();
  CheckPrecinctCoverage();
  if (tier_ == CommissionTier::kTerritorial) {
    CheckTec();
  } else {
    CheckChildren();
  }
  CheckPrecinctReferences();
  return std::move(errors_);
}

}  // namespace

void PublishedProtocols::AddPrecinct(std::string digest, const protocol::PrecinctProtocol* protocol) {
  auto [it, inserted] = latest_version_.try_emplace(protocol->station, protocol->version);
  if (!inserted && it->second < protocol->version) it->second = protocol->version;
  precincts_.insert_or_assign(std::move(digest), protocol);
}

void PublishedProtocols::AddTier(std::string digest, const TierProtocol* protocol) {
  tiers_.insert_or_assign(std::move(digest), protocol);
}

const protocol::PrecinctProtocol* PublishedProtocols::FindPrecinct(std::string_view digest) const {
  auto it = precincts_.find(digest);
  return it == precincts_.end() ? nullptr : it->second;
}

const TierProtocol* PublishedProtocols::FindTier(std::string_view digest) const {
  auto it = tiers_.find(digest);
  return it == tiers_.end() ? nullptr : it->second;
}

int64_t PublishedProtocols::LatestVersion(std::string_view station) const {
  auto it = latest_version_.find(station);
  return it == latest_version_.end() ? 0 : it->second;
}

std::vector<Error> CheckTierProtocol(const TierProtocol& protocol, const CommissionTree& tree,
                                     std::string_view definition_digest,
                                     const PublishedProtocols* published) {
  return Checker(protocol, tree, definition_digest, published).Run();
}

}  // namespace ashyq::tabulate
