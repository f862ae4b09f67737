#include "sim/count_simulator.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <utility>

#include "sim/random.h"

namespace ashyq::sim {
namespace {

using protocol::ContestCount;
using protocol::CountingStep;
using protocol::PrecinctProtocol;
using protocol::RecordedStep;

constexpr int64_t kBp = 10'000;
constexpr int64_t kPpm = 1'000'000;  // vote shares are kept in parts per million
constexpr int64_t kDefaultTurnoutBp = 6'500;
constexpr int64_t kDefaultEvotingShareBp = 600;  // 2007: ~6 % of those offered e-voting used it
constexpr int64_t kRuralAboveUrbanBp = 1'200;
constexpr int64_t kMaxRegionTurnoutBp = 9'800;
constexpr int64_t kSkipAnnounceBp = 3'000;       // 2007: ballots not shown in 76 % of observed counts
constexpr int64_t kStationaryFirstBp = 300;
constexpr int64_t kStuffedSkipAnnounceBp = 8'000;

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t RoundUp50(int64_t n) { return CeilDiv(n, 50) * 50; }

int64_t ISqrt(int64_t n) {
  if (n <= 0) return 0;
  int64_t x = n, y = (x + 1) / 2;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2;
  }
  return x;
}

// About Binomial(n, num/den) with integers only: exactly Binomial(64, mean/64) for a small
// mean (so a 0.4 % party gets 0 at some small stations and 1 or 2 at others), otherwise the
// mean plus an Irwin–Hall (4 uniforms) approximation of the normal with the binomial's spread.
int64_t SampleCount(Random* rng, int64_t n, int64_t num, int64_t den) {
  if (n <= 0 || num <= 0 || den <= 0) return 0;
  if (num >= den) return n;
  const int64_t mean_num = n * num;  // mean = mean_num / den
  if (mean_num < 20 * den) {
    constexpr int64_t kTrials = 64;
    int64_t count = 0;
    const uint64_t range = static_cast<uint64_t>(kTrials * den);
    for (int64_t i = 0; i < kTrials; ++i) {
      count += rng->Below(range) < static_cast<uint64_t>(mean_num) ? 1 : 0;
    }
    return std::min(count, n);
  }
  const int64_t mean = (mean_num + den / 2) / den;  // rounded: truncation would favour the leader
  const int64_t sd = ISqrt(mean * (den - num) / den);
  const int64_t a = sd * 866 / 1000;  // 4 x U(-a, a) has standard deviation sd
  int64_t noise = 0;
  for (int i = 0; i < 4; ++i) noise += rng->Between(-a, a);
  return std::clamp<int64_t>(mean + noise, 0, n);
}

// "2007-08-18" -> "2007-08-19"; empty if malformed.
std::string NextDay(std::string_view date) {
  int y = 0, m = 0, d = 0;
  if (date.size() != 10 || std::sscanf(std::string(date).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
    return std::string();
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::string();
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int days = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > days) return std::string();
  if (++d > days) {
    d = 1;
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
  return out;
}

std::string Clock(int64_t minutes) {
  const int64_t m = ((minutes % 1440) + 1440) % 1440;
  char out[16];
  std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return out;
}

// How one contest's votes fall: base shares and the regional swing of each choice.
struct ContestPlan {
  const Contest* contest = nullptr;
  size_t scope = CommissionTree::kNone;
  std::vector<const std::string*> order;  // choice ids, ballot order
  std::vector<int64_t> base_ppm;          // per ballot position
  size_t leader = 0;                      // position with the largest base share
  std::vector<std::vector<int64_t>> region_permille;  // [region][position]
};

// What the stations share before their own draws: regional turnout and the e-ballot total.
struct StationDraw {
  explicit StationDraw(Random r) : rng(r) {}
  Random rng;  // the station's own stream
  size_t region = 0;
  int64_t added = 0;
  int64_t noise_bp = 0;
  int64_t evote_factor = 0;
  int64_t participants = 0;
  int64_t electronic = 0;
};

class CountSimulation {
 public:
  CountSimulation(const ElectionDefinition& def, const CommissionTree& tree, const ScenarioSpec& spec,
                  std::string digest, uint64_t seed)
      : def_(def), tree_(tree), spec_(spec), digest_(std::move(digest)), seed_(seed) {}

  Result<SimulatedCount> Run(const FaultPlan& faults);

 private:
  Random Stream(const std::string& label) const { return Random::ForStream(seed_, def_.election_id, label); }
  Status PlanContests();
  std::vector<int64_t> OfficialPpm(const Contest& contest) const;
  void DrawStations();
  void PlanTurnout();
  void CentreSwings();
  void ApportionElectronic();
  PrecinctProtocol Count(size_t s);
  void SplitVotes(Random* rng, const ContestPlan& plan, size_t region, int64_t valid,
                  ContestCount* count) const;
  Status ApplyFaults(const FaultPlan& faults, SimulatedCount* out);

  const ElectionDefinition& def_;
  const CommissionTree& tree_;
  const ScenarioSpec& spec_;
  const std::string digest_;
  const uint64_t seed_;
  std::string next_day_;
  std::vector<ContestPlan> contests_;
  std::vector<std::vector<size_t>> ballot_;  // per station: indexes into contests_
  std::vector<StationDraw> draws_;
  std::vector<std::vector<size_t>> region_stations_;  // last bucket: stations of unknown regions
};

std::vector<int64_t> CountSimulation::OfficialPpm(const Contest& contest) const {
  std::vector<int64_t> ppm;
  if (!spec_.has_official_results || spec_.official_results.contest != contest.id) return ppm;
  const OfficialResults& o = spec_.official_results;
  std::unordered_map<std::string_view, int64_t> by_choice;
  int64_t total = 0;
  for (const auto& [id, votes] : o.valid_votes) total += votes;
  if (total > 0) {
    for (const auto& [id, votes] : o.valid_votes) by_choice[id] = votes * kPpm / total;
  } else {
    for (const auto& [id, bp] : o.shares_bp) by_choice[id] = bp * (kPpm / kBp);
  }
  if (by_choice.empty()) return ppm;
  for (const Choice& c : contest.choices) {
    auto it = by_choice.find(c.id);
    ppm.push_back(it == by_choice.end() ? 0 : it->second);
  }
  return ppm;
}

Status CountSimulation::PlanContests() {
  // Party shares of the contest with official results, for local councils.
  std::unordered_map<std::string_view, int64_t> party_ppm;
  for (const Contest& c : def_.contests) {
    const std::vector<int64_t> ppm = OfficialPpm(c);
    for (size_t i = 0; i < ppm.size(); ++i) {
      if (!c.choices[i].party.empty()) party_ppm[c.choices[i].party] += ppm[i];
    }
  }
  const size_t regions = def_.regions.size() + 1;
  for (size_t k = 0; k < def_.contests.size(); ++k) {
    const Contest& c = def_.contests[k];
    ContestPlan plan;
    plan.contest = &c;
    plan.scope = tree_.FindCommission(c.scope);
    if (plan.scope == CommissionTree::kNone) continue;  // on nobody's ballot
    if (c.choices.empty()) {
      return BadInput("/contests/" + std::to_string(k) + "/choices",
                      "contest " + c.id + " has no choices to count votes for");
    }
    // Base share of each choice in definition order.
    std::vector<int64_t> ppm = OfficialPpm(c);
    Random rng = Stream("votes/" + c.id);
    if (ppm.empty()) {
      for (const Choice& choice : c.choices) {
        auto it = party_ppm.find(choice.party);
        if (it != party_ppm.end()) {
          ppm.push_back(it->second);
        } else {  // no official figure: a drawn share
          ppm.push_back(rng.Between(20'000, 300'000));
        }
      }
      if (!spec_.has_official_results || party_ppm.empty()) {
        ppm[static_cast<size_t>(rng.Below(ppm.size()))] += 400'000;  // someone leads
      }
    }
    for (int64_t& p : ppm) p = std::max<int64_t>(p, 500);
    std::unordered_map<std::string_view, size_t> index;
    for (size_t i = 0; i < c.choices.size(); ++i) index.emplace(c.choices[i].id, i);
    if (!c.ballot_order.order.empty()) {
      for (const std::string& id : c.ballot_order.order) {
        auto it = index.find(id);
        if (it == index.end()) {
          return BadInput("/contests/" + std::to_string(k) + "/ballot_order/order",
                          "contest " + c.id + ": ballot order names unknown choice \"" + id + "\"");
        }
        plan.order.push_back(&c.choices[it->second].id);
        plan.base_ppm.push_back(ppm[it->second]);
      }
    } else {
      for (size_t i = 0; i < c.choices.size(); ++i) {
        plan.order.push_back(&c.choices[i].id);
        plan.base_ppm.push_back(ppm[i]);
      }
    }
    plan.leader = static_cast<size_t>(
        std::max_element(plan.base_ppm.begin(), plan.base_ppm.end()) - plan.base_ppm.begin());
    // Local councils swing more between regions than the national contest.
    const bool local = c.kind == ContestKind::kLocalCouncil;
    plan.region_permille.assign(regions, std::vector<int64_t>(plan.order.size(), 1000));
    for (size_t r = 0; r < regions; ++r) {
      const std::string region = r < def_.regions.size() ? def_.regions[r].id : "?";
      Random swing = Stream("votes/" + c.id + "/" + region);
      for (size_t i = 0; i < plan.order.size(); ++i) {
        plan.region_permille[r][i] = i == plan.leader ? swing.Between(950, 1050)
                                     : local          ? swing.Between(400, 1800)
                                                      : swing.Between(500, 1500);
      }
    }
    contests_.push_back(std::move(plan));
  }
  // Which contests each station votes in: the scope is its PEC or an ancestor.
  ballot_.resize(def_.polling_stations.size());
  for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
    const size_t pec = tree_.FindCommission(def_.polling_stations[s].commission);
    if (pec == CommissionTree::kNone) continue;
    for (size_t k = 0; k < contests_.size(); ++k) {
      const size_t scope = contests_[k].scope;
      if (scope == pec || tree_.IsAncestor(scope, pec)) ballot_[s].push_back(k);
    }
  }
  return Status();
}

void CountSimulation::DrawStations() {
  std::unordered_map<std::string_view, size_t> region_index;
  for (size_t r = 0; r < def_.regions.size(); ++r) region_index.emplace(def_.regions[r].id, r);
  region_stations_.assign(def_.regions.size() + 1, {});
  draws_.reserve(def_.polling_stations.size());
  for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
    const PollingStation& ps = def_.polling_stations[s];
    StationDraw& d = draws_.emplace_back(Stream("count/" + ps.id));
    auto it = region_index.find(ps.region);
    d.region = it == region_index.end() ? def_.regions.size() : it->second;
    region_stations_[d.region].push_back(s);
    // R-B2: a few voters added at most stations (2007: ~32,000 nationally), a hundred or so at
    // a few (2007 report: "more than 100 people were added" at Kyzylorda PS 248).
    d.added = d.rng.Chance(50) ? d.rng.Between(40, 150)
                               : d.rng.Between(0, std::max<int64_t>(1, ps.registered_voters * 6 / 1000));
    d.noise_bp = d.rng.Between(-700, 700) + d.rng.Between(-700, 700);
    if (d.rng.Chance(300)) d.noise_bp += d.rng.Between(-2'500, 1'500);
    d.evote_factor = d.rng.Between(50, 150);
  }
}

void CountSimulation::PlanTurnout() {
  const size_t regions = region_stations_.size();
  std::vector<int64_t> reg(regions, 0), urban(regions, 0);
  int64_t national = 0;
  for (size_t s = 0; s < draws_.size(); ++s) {
    const PollingStation& ps = def_.polling_stations[s];
    const int64_t r = ps.registered_voters + draws_[s].added;
    reg[draws_[s].region] += r;
    if (ps.locality == Locality::kUrban) urban[draws_[s].region] += r;
    national += r;
  }
  // The national target: official participants, else official turnout, else a default.
  int64_t target = national * kDefaultTurnoutBp / kBp;
  std::unordered_map<std::string_view, int64_t> hints;
  if (spec_.has_official_results) {
    const OfficialResults& o = spec_.official_results;
    if (o.participants > 0) {
      target = o.participants;
    } else if (o.turnout_bp > 0) {
      target = national * o.turnout_bp / kBp;
    }
    for (const auto& [id, bp] : o.regional_turnout_bp) hints.emplace(id, bp);
  }
  // Hinted regions keep their turnout; the others share what remains, each with its own swing.
  std::vector<int64_t> mean(regions, 0), swing(regions, 0);
  std::vector<bool> hinted(regions, false);
  int64_t rest = target, other_reg = 0, other_swing = 0;
  for (size_t r = 0; r < regions; ++r) {
    const std::string id = r < def_.regions.size() ? def_.regions[r].id : "?";
    auto it = hints.find(id);
    if (it != hints.end()) {
      hinted[r] = true;
      mean[r] = it->second;
      rest -= reg[r] * it->second / kBp;
    } else {
      swing[r] = Stream("turnout/" + id).Between(-600, 600);
      other_reg += reg[r];
      other_swing += reg[r] * swing[r];
    }
  }
  const int64_t base = other_reg > 0 ? (rest * kBp - other_swing) / other_reg : 0;
  for (size_t r = 0; r < regions; ++r) {
    if (!hinted[r]) mean[r] = base + swing[r];
    mean[r] = std::clamp<int64_t>(mean[r], 1'000, kMaxRegionTurnoutBp);
  }
  // Within a region, rural stations above urban ones with the same regional mean.
  for (size_t r = 0; r < regions; ++r) {
    if (reg[r] == 0) continue;
    const std::vector<size_t>& stations = region_stations_[r];
    const int64_t rural = reg[r] - urban[r];
    int64_t gap = kRuralAboveUrbanBp;
    if (urban[r] > 0) gap = std::min(gap, (kMaxRegionTurnoutBp - mean[r]) * reg[r] / urban[r]);
    if (rural > 0) gap = std::min(gap, (mean[r] - 500) * reg[r] / rural);
    gap = std::max<int64_t>(gap, 0);
    const int64_t urban_mean = mean[r] - gap * rural / reg[r];
    const int64_t rural_mean = mean[r] + gap * urban[r] / reg[r];
    std::vector<int64_t> raw, caps;
    raw.reserve(stations.size());
    caps.reserve(stations.size());
    int64_t cap_sum = 0;
    for (size_t s : stations) {
      const PollingStation& ps = def_.polling_stations[s];
      const int64_t voters = ps.registered_voters + draws_[s].added;
      const int64_t local = ps.locality == Locality::kUrban ? urban_mean : rural_mean;
      // Near the ceiling stations spread less: a 94 % region is not full of 100 % stations.
      const int64_t room = std::min<int64_t>(2'500, kBp - local);
      const int64_t t = std::clamp<int64_t>(local + draws_[s].noise_bp * room / 2'500, 300, kBp);
      raw.push_back(voters * t / kBp);
      // Someone is always away: at most 99 % of a list of 100 or more votes honestly.
      caps.push_back(voters - voters / 100);
      cap_sum += caps.back();
    }
    // Scale the draws to the region's total.
    const int64_t region_target = std::min(cap_sum, reg[r] * mean[r] / kBp);
    const std::vector<int64_t> participants = Apportion(region_target, raw, &caps);
    for (size_t i = 0; i < stations.size(); ++i) draws_[stations[i]].participants = participants[i];
  }
}

// A handful of regional swings does not average out: scale each choice's swings so that their
// mean, weighted by the region's voters who took part, is exactly 1 and the national shares
// land on the official ones. Local councils keep their swing (one region each).
void CountSimulation::CentreSwings() {
  std::vector<int64_t> region_participants(region_stations_.size(), 0);
  for (const StationDraw& d : draws_) region_participants[d.region] += d.participants;
  for (ContestPlan& plan : contests_) {
    if (plan.contest->kind == ContestKind::kLocalCouncil) continue;
    for (size_t i = 0; i < plan.order.size(); ++i) {
      int64_t weighted = 0, total = 0;
      for (size_t r = 0; r < region_participants.size(); ++r) {
        weighted += region_participants[r] * plan.region_permille[r][i];
        total += region_participants[r];
      }
      if (weighted <= 0) continue;
      for (size_t r = 0; r < region_participants.size(); ++r) {
        plan.region_permille[r][i] = plan.region_permille[r][i] * total * 1000 / weighted;
      }
    }
  }
}

void CountSimulation::ApportionElectronic() {
  std::vector<size_t> stations;
  std::vector<int64_t> weights, caps;
  int64_t participants = 0, cap_sum = 0;
  for (size_t s = 0; s < draws_.size(); ++s) {
    if (!def_.polling_stations[s].evoting) continue;
    const StationDraw& d = draws_[s];
    stations.push_back(s);
    weights.push_back(d.participants * d.evote_factor);
    caps.push_back(d.participants * 4 / 10);  // paper stays the choice of most voters
    participants += d.participants;
    cap_sum += caps.back();
  }
  if (stations.empty()) return;
  int64_t total = participants * kDefaultEvotingShareBp / kBp;
  if (spec_.has_official_results && spec_.official_results.evoting_ballots > 0) {
    total = spec_.official_results.evoting_ballots;
  }
  total = std::min(total, cap_sum);
  const std::vector<int64_t> e = Apportion(total, weights, &caps);
  for (size_t i = 0; i < stations.size(); ++i) draws_[stations[i]].electronic = e[i];
}

void CountSimulation::SplitVotes(Random* rng, const ContestPlan& plan, size_t region, int64_t valid,
                                 ContestCount* count) const {
  const size_t n = plan.order.size();
  std::vector<int64_t> weight(n);
  int64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const int64_t station = i == plan.leader ? 1000 : rng->Between(600, 1400);
    weight[i] = plan.base_ppm[i] * plan.region_permille[region][i] * station;
    total += weight[i];
  }
  count->votes.resize(n);
  int64_t given = 0;
  for (size_t i = 0; i < n; ++i) {
    count->votes[i].first = *plan.order[i];
    if (i == plan.leader) continue;
    const int64_t v = std::min(SampleCount(rng, valid, weight[i], total), valid - given);
    count->votes[i].second = v;
    given += v;
  }
  count->votes[plan.leader].second = valid - given;
}

PrecinctProtocol CountSimulation::Count(size_t s) {
  const PollingStation& ps = def_.polling_stations[s];
  StationDraw& d = draws_[s];
  Random& rng = d.rng;
  PrecinctProtocol p;
  p.election_id = def_.election_id;
  p.definition_digest = digest_;
  p.station = ps.id;
  p.commission = ps.commission;
  p.version = 1;

  const int64_t registered = ps.registered_voters + d.added;
  const int64_t electronic = d.electronic;
  const int64_t paper = d.participants - electronic;
  const int64_t avc = paper > 0 ? rng.Between(0, std::min(paper, 1 + ps.registered_voters / 400)) : 0;
  const int64_t request_bp = rng.Between(80, 300) + (ps.locality == Locality::kRural ? 100 : 0);
  const int64_t requests = std::min(paper, d.participants * request_bp / kBp);
  const int64_t mobile = requests - rng.Between(0, requests / 8);
  int64_t paper_found_total = 0;

  for (size_t k : ballot_[s]) {
    const ContestPlan& plan = contests_[k];
    ContestCount c;
    c.contest = plan.contest->id;
    c.registered_voters = registered;
    c.voters_added_on_day = d.added;
    c.ballots_received =
        std::max(RoundUp50(ps.registered_voters + ps.registered_voters * rng.Between(50, 200) / kBp + 1),
                 RoundUp50(paper));
    c.ballots_issued = paper;
    c.ballots_cancelled = c.ballots_received - paper;
    c.electronic_ballots_issued = electronic;
    c.electronic_votes = electronic;
    c.voters_with_avc = avc;
    c.mobile_requests = requests;
    c.ballots_in_mobile_boxes = mobile;
    // A few voters leave with their ballot: found <= issued.
    const int64_t taken = rng.Between(0, std::min(paper - mobile, paper / 400));
    const int64_t found = paper - taken;
    c.ballots_in_stationary_boxes = found - mobile;
    c.invalid_ballots = std::min(found, SampleCount(&rng, found, rng.Between(60, 260), kBp));
    SplitVotes(&rng, plan, d.region, found - c.invalid_ballots + electronic, &c);
    paper_found_total += found;
    p.contests.push_back(std::move(c));
  }

  // R-D4: the count, with the deviations observers report.
  const int64_t contests = static_cast<int64_t>(p.contests.size());
  auto record = [&p](CountingStep step, int64_t at) { p.counting_steps.push_back({step, Clock(at)}); };
  int64_t t = 20 * 60 + rng.Between(1, 10);
  record(CountingStep::kCountListSignatures, t);
  t += rng.Between(5, 15) + 3 * contests;
  record(CountingStep::kCancelUnusedBallots, t);
  const bool stationary_first = requests > 0 && rng.Chance(kStationaryFirstBp);
  if (requests > 0 && !stationary_first) {
    t += rng.Between(3, 10);
    record(CountingStep::kOpenMobileBoxes, t);
  }
  t += rng.Between(3, 10);
  record(CountingStep::kOpenStationaryBoxes, t);
  if (stationary_first) {
    t += rng.Between(3, 10);
    record(CountingStep::kOpenMobileBoxes, t);
  }
  t += 5 + paper_found_total / 100 + rng.Between(0, 10);
  record(CountingStep::kSortBallots, t);
  if (!rng.Chance(kSkipAnnounceBp)) {
    t += paper_found_total / 30 + rng.Between(2, 10);
    record(CountingStep::kAnnounceEachBallot, t);
  }
  t += 5 + paper_found_total / 80 + rng.Between(0, 15);
  record(CountingStep::kCountVotes, t);
  t += rng.Between(15, 75) + 10 * contests;
  record(CountingStep::kFillProtocol, t);
  const int64_t signed_at = t + rng.Between(2, 10);
  t = signed_at + rng.Between(2, 8);
  record(CountingStep::kAnnounceResults, t);
  t += rng.Between(2, 10);
  record(CountingStep::kPostCopy, t);
  p.signed_at = (signed_at >= 24 * 60 ? next_day_ : def_.election_day) + "T" + Clock(signed_at);
  return p;
}

size_t LeaderOf(const ContestCount& c) {
  size_t best = 0;
  for (size_t i = 1; i < c.votes.size(); ++i) {
    if (c.votes[i].second > c.votes[best].second) best = i;
  }
  return best;
}

// Stuffing: marked ballots for the leader in every contest, signatures added to match.
int64_t Stuff(Random* rng, PrecinctProtocol* p) {
  const ContestCount& first = p->contests.front();
  const int64_t registered = first.registered_voters;
  const int64_t participants = first.participants();
  const int64_t target = rng->Between(CeilDiv(registered * 9'500, kBp), registered);
  const int64_t extra = target - participants;
  for (ContestCount& c : p->contests) {
    c.ballots_issued += extra;
    c.ballots_in_stationary_boxes += extra;
    c.votes[LeaderOf(c)].second += extra;
    if (c.ballots_received < c.ballots_issued) c.ballots_received = RoundUp50(c.ballots_issued);
    c.ballots_cancelled = c.ballots_received - c.ballots_issued;
  }
  if (rng->Chance(kStuffedSkipAnnounceBp)) {  // stuffed boxes are not counted in the open
    std::erase_if(p->counting_steps,
                  [](const RecordedStep& s) { return s.step == CountingStep::kAnnounceEachBallot; });
  }
  return extra;
}

// Stuffing worth the name: a list of 200 or more (as the 2007 report counts them) and room
// for at least a twentieth of it.
bool CanStuff(const PrecinctProtocol& p) {
  if (p.contests.empty()) return false;
  const ContestCount& c = p.contests.front();
  return c.registered_voters >= 200 && c.participants() * 10 <= c.registered_voters * 9;
}

bool CanBreak(const PrecinctProtocol& p) {
  return !p.contests.empty() && p.contests.front().ballots_found() >= 20;
}

// Breaks exactly `rule` in the first (national) contest, the others untouched.
void Break(std::string_view rule, Random* rng, ContestCount* c) {
  int64_t& leader = c->votes[LeaderOf(*c)].second;
  if (rule == "R-D2.received-issued-cancelled") {
    c->ballots_cancelled += rng->Between(1, 25);
  } else if (rule == "R-D2.found-le-issued") {
    const int64_t d = c->ballots_issued - c->ballots_found() + rng->Between(1, 30);
    c->ballots_in_stationary_boxes += d;
    leader += d;
  } else if (rule == "R-D2.valid-invalid-found") {
    leader += rng->Between(5, 200);
  } else if (rule == "R-D2.mobile-le-requests") {
    if (c->ballots_in_mobile_boxes > 0) {
      c->mobile_requests = rng->Between(0, c->ballots_in_mobile_boxes - 1);
    } else {  // ballots moved from the stationary box (found >= 20, requests <= 3 %)
      const int64_t d = std::min(c->ballots_in_stationary_boxes, c->mobile_requests + rng->Between(1, 10));
      c->ballots_in_stationary_boxes -= d;
      c->ballots_in_mobile_boxes += d;
    }
  } else if (rule == "R-D2.participants-le-registered") {
    const int64_t issued = c->registered_voters - c->electronic_ballots_issued + rng->Between(1, 30);
    c->ballots_cancelled = std::max<int64_t>(0, c->ballots_cancelled - (issued - c->ballots_issued));
    c->ballots_issued = issued;
    c->ballots_received = issued + c->ballots_cancelled;
  } else {  // R-D2.evotes-eq-issued
    const int64_t d = rng->Between(1, 20);
    c->electronic_votes += d;
    leader += d;
  }
}

Status CountSimulation::ApplyFaults(const FaultPlan& faults, SimulatedCount* out) {
  const size_t n = out->protocols.size();
  if (faults.stuffed_stations == 0 && faults.inconsistent_protocols == 0) return Status();
  // Round-robin over regions, each region's stations in a drawn order: faults spread out.
  Random rng = Stream("faults");
  std::vector<std::vector<size_t>> queues = region_stations_;
  for (std::vector<size_t>& q : queues) rng.Shuffle(&q);
  std::vector<size_t> order;
  order.reserve(n);
  for (size_t round = 0; order.size() < n; ++round) {
    for (const std::vector<size_t>& q : queues) {
      if (round < q.size()) order.push_back(q[round]);
    }
  }
  std::vector<bool> taken(n, false);
  int64_t stuffed = 0;
  for (size_t s : order) {
    if (stuffed == faults.stuffed_stations) break;
    if (!CanStuff(out->protocols[s])) continue;
    taken[s] = true;
    SimulatedStationTruth& truth = out->truth[s];
    truth.stuffed = true;
    truth.stuffed_ballots = Stuff(&rng, &out->protocols[s]);
    ++stuffed;
  }
  if (stuffed < faults.stuffed_stations) {
    return BadInput("/fault_plan/stuffed_stations",
                    std::to_string(faults.stuffed_stations) + " stuffed stations requested; only " +
                        std::to_string(stuffed) +
                        " stations have 200 or more voters and a turnout of at most 90 %");
  }
  // The rules are dealt in turn; the e-votes rule waits for the next e-voting station.
  constexpr size_t kEvotes = kInconsistencyRules.size() - 1;
  static_assert(kInconsistencyRules[kEvotes] == "R-D2.evotes-eq-issued");
  size_t next = 0;
  bool evotes_pending = false;
  int64_t broken = 0;
  for (size_t s : order) {
    if (broken == faults.inconsistent_protocols) break;
    if (taken[s] || !CanBreak(out->protocols[s])) continue;
    const bool evoting = def_.polling_stations[s].evoting;
    size_t rule = 0;
    if (evotes_pending && evoting) {
      rule = kEvotes;
      evotes_pending = false;
    } else {
      rule = next;
      next = (next + 1) % kInconsistencyRules.size();
      if (rule == kEvotes && !evoting) {
        evotes_pending = true;
        rule = next;
        next = (next + 1) % kInconsistencyRules.size();
      }
    }
    Break(kInconsistencyRules[rule], &rng, &out->protocols[s].contests.front());
    out->truth[s].inconsistent = true;
    out->truth[s].broken_rule = std::string(kInconsistencyRules[rule]);
    ++broken;
  }
  if (broken < faults.inconsistent_protocols) {
    return BadInput("/fault_plan/inconsistent_protocols",
                    std::to_string(faults.inconsistent_protocols) +
                        " inconsistent protocols requested; only " + std::to_string(broken) +
                        " stations are left with at least 20 ballots found");
  }
  return Status();
}

Result<SimulatedCount> CountSimulation::Run(const FaultPlan& faults) {
  if (&tree_.definition() != &def_) {
    return Error{ErrorCode::kInternal, "", "", "the commission tree is not built over this definition"};
  }
  if (faults.stuffed_stations < 0) {
    return BadInput("/fault_plan/stuffed_stations",
                    "stuffed stations " + std::to_string(faults.stuffed_stations) + " is negative");
  }
  if (faults.inconsistent_protocols < 0) {
    return BadInput("/fault_plan/inconsistent_protocols",
                    "inconsistent protocols " + std::to_string(faults.inconsistent_protocols) +
                        " is negative");
  }
  next_day_ = NextDay(def_.election_day);
  if (next_day_.empty()) {
    return BadInput("/election_day", "election day \"" + def_.election_day + "\" is not a date YYYY-MM-DD");
  }
  ASHYQ_RETURN_IF_ERROR(PlanContests());
  DrawStations();
  PlanTurnout();
  CentreSwings();
  ApportionElectronic();
  SimulatedCount out;
  out.protocols.reserve(def_.polling_stations.size());
  out.truth.resize(def_.polling_stations.size());
  for (size_t s = 0; s < def_.polling_stations.size(); ++s) {
    out.protocols.push_back(Count(s));
    out.truth[s].station = def_.polling_stations[s].id;
  }
  ASHYQ_RETURN_IF_ERROR(ApplyFaults(faults, &out));
  return out;
}

}  // namespace

Result<SimulatedCount> SimulateCount(const ElectionDefinition& definition, const CommissionTree& tree,
                                     const ScenarioSpec& spec, std::string definition_digest,
                                     uint64_t seed, const FaultPlan& faults) {
  return CountSimulation(definition, tree, spec, std::move(definition_digest), seed).Run(faults);
}

}  // namespace ashyq::sim
