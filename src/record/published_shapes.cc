#include "record/published_shapes.h"

#include <algorithm>
#include <vector>

#include "record/layout.h"

namespace ashyq::record {

json::Value NameJson(const LocalizedName& name) {
  json::Value v = json::Value::Object();
  v.Set("en", json::Value(name.en));
  v.Set("kk", json::Value(name.kk));
  v.Set("ru", json::Value(name.ru));
  return v;
}

json::Value PathJson(const CommissionTree& tree, size_t commission) {
  json::Value path = json::Value::Array();
  std::vector<size_t> chain = tree.Ancestors(commission);
  std::reverse(chain.begin(), chain.end());
  for (size_t c : chain) {
    json::Value entry = json::Value::Object();
    entry.Set("id", json::Value(tree.commission(c).id));
    entry.Set("tier", json::Value(TierName(tree.commission(c).tier)));
    entry.Set("name", NameJson(tree.commission(c).name));
    path.Push(std::move(entry));
  }
  return path;
}

json::Value CountSummaryJson(const protocol::ContestCount& count, bool counted) {
  json::Value s = json::Value::Object();
  s.Set("contest", json::Value(count.contest));
  s.Set("registered_voters", json::Value(count.registered_voters));
  s.Set("participants", json::Value(count.participants()));
  s.Set("valid_votes", json::Value(count.valid_votes()));
  s.Set("invalid_ballots", json::Value(count.invalid_ballots));
  json::Value votes = json::Value::Array();
  for (const auto& [choice, n] : count.votes) {
    json::Value v = json::Value::Object();
    v.Set("choice", json::Value(choice));
    v.Set("votes", json::Value(n));
    votes.Push(std::move(v));
  }
  s.Set("votes", std::move(votes));
  s.Set("counted", json::Value(counted));
  return s;
}


json::Value StationJson(const PollingStation& s) {
  json::Value v = json::Value::Object();
  v.Set("id", json::Value(s.id));
  v.Set("number", json::Value(s.number));
  v.Set("address", NameJson(s.address));
  v.Set("locality", json::Value(LocalityName(s.locality)));
  v.Set("region", json::Value(s.region));
  v.Set("commission", json::Value(s.commission));
  v.Set("evoting", json::Value(s.evoting));
  v.Set("registered_voters", json::Value(s.registered_voters));
  return v;
}

json::Value StationBriefJson(const PollingStation& s) {
  json::Value v = json::Value::Object();
  v.Set("number", json::Value(s.number));
  v.Set("address", NameJson(s.address));
  return v;
}

json::Value MembersJson(const Commission& commission) {
  json::Value members = json::Value::Array();
  for (const CommissionMember& m : commission.members) {
    json::Value member = json::Value::Object();
    member.Set("id", json::Value(m.id));
    member.Set("name", json::Value(m.name));
    member.Set("role", json::Value(RoleName(m.role)));
    members.Push(std::move(member));
  }
  return members;
}

json::Value AttemptJson(const protocol::Evidence& evidence, int64_t leaf_index) {
  json::Value a = json::Value::Object();
  a.Set("leaf_index", json::Value(leaf_index));
  a.Set("digest", json::Value(evidence.object.digest().Hex()));
  a.Set("version", json::Value(evidence.version));
  a.Set("commission", json::Value(evidence.commission));
  a.Set("rule", json::Value(evidence.rule));
  a.Set("signed_object", evidence.object.ToJson());
  return a;
}

json::Value ElectionJson(const ElectionDefinition& def, const std::string& definition_digest) {
  json::Value election = json::Value::Object();
  election.Set("format", json::Value("ashyq/published-election/1"));
  election.Set("election_id", json::Value(def.election_id));
  election.Set("name", NameJson(def.name));
  election.Set("election_day", json::Value(def.election_day));
  election.Set("definition_digest", json::Value(definition_digest));
  json::Value parties = json::Value::Array();
  for (const Party& p : def.parties) {
    json::Value party = json::Value::Object();
    party.Set("id", json::Value(p.id));
    party.Set("abbreviation", json::Value(p.abbreviation));
    party.Set("name", NameJson(p.name));
    parties.Push(std::move(party));
  }
  election.Set("parties", std::move(parties));
  json::Value contests = json::Value::Array();
  for (const Contest& k : def.contests) {
    json::Value contest = json::Value::Object();
    contest.Set("id", json::Value(k.id));
    contest.Set("kind", json::Value(ContestKindName(k.kind)));
    contest.Set("scope", json::Value(k.scope));
    contest.Set("name", NameJson(k.name));
    contest.Set("seats", json::Value(k.seats));
    contest.Set("threshold_bp", json::Value(k.threshold_bp));
    json::Value choices = json::Value::Array();
    for (std::string_view id : BallotOrderOf(k)) {
      for (const Choice& ch : k.choices) {
        if (ch.id != id) continue;
        json::Value choice = json::Value::Object();
        choice.Set("id", json::Value(ch.id));
        choice.Set("name", NameJson(ch.name));
        choice.Set("party", ch.party.empty() ? json::Value() : json::Value(ch.party));
        choices.Push(std::move(choice));
      }
    }
    contest.Set("choices", std::move(choices));
    contests.Push(std::move(contest));
  }
  election.Set("contests", std::move(contests));
  json::Value regions = json::Value::Array();
  for (const Region& reg : def.regions) {
    json::Value region = json::Value::Object();
    region.Set("id", json::Value(reg.id));
    region.Set("name", NameJson(reg.name));
    regions.Push(std::move(region));
  }
  election.Set("regions", std::move(regions));
  return election;
}

void AddTurnout(const TurnoutByTime& station, TurnoutByTime* sum) {
  for (const auto& [time, point] : station) {
    TurnoutPoint& p = (*sum)[time];
    p.registered += point.registered;
    p.voters += point.voters;
    p.stations += point.stations;
  }
}

json::Value TurnoutJson(const TurnoutByTime& turnout, int64_t stations_expected) {
  json::Value out = json::Value::Array();
  for (const auto& [time, point] : turnout) {
    json::Value p = json::Value::Object();
    p.Set("time", json::Value(time));
    p.Set("registered_voters", json::Value(point.registered));
    p.Set("voters", json::Value(point.voters));
    p.Set("stations_reporting", json::Value(point.stations));
    p.Set("stations_expected", json::Value(stations_expected));
    out.Push(std::move(p));
  }
  return out;
}

std::map<int64_t, json::Value> SearchEntries(const ElectionDefinition& def,
                                             const std::function<std::string(const PollingStation&)>& file_of) {
  std::map<int64_t, json::Value> buckets;
  for (const PollingStation& s : def.polling_stations) {
    json::Value entry = json::Value::Object();
    entry.Set("id", json::Value(s.id));
    entry.Set("number", json::Value(s.number));
    entry.Set("region", json::Value(s.region));
    entry.Set("address", NameJson(s.address));
    entry.Set("file", json::Value(file_of(s)));
    json::Value& bucket = buckets[SearchBucketOf(s.number)];
    if (bucket.is_null()) bucket = json::Value::Array();
    bucket.Push(std::move(entry));
  }
  return buckets;
}

json::Value SearchBucketJson(int64_t bucket, json::Value entries) {
  json::Value doc = json::Value::Object();
  doc.Set("format", json::Value(kSearchBucketFormat));
  doc.Set("bucket", json::Value(bucket));
  doc.Set("stations", std::move(entries));
  return doc;
}

}  // namespace ashyq::record
