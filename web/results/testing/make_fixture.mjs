// Writes test/fixture/: a small publication directory (ashyq/publication/1, docs/formats.md)
// for the results-site tests, independent of the C++ Publisher. Deterministic: the same bytes
// every run. Every digest, signature, file hash and the log's Merkle root are real (Ed25519
// keys derived from fixed seeds), so the fixture is a faithful, if tiny, election record:
//   2 regions, 2 RECs, 3 TECs, 6 polling stations; a national party-list contest of 7 lists
//   (10 seats, 7 % threshold) and a regional council in the north; station north №2 has a corrected
//   version 2 with its reason and decision; north №3's protocol lacks a quorum (not accepted,
//   nothing counted); south №7 has a "correction" signed by its territorial commission, which
//   is refused (R-E1.owning-commission), so version 1 stays counted; south №101 has not
//   reported; north №1 revised its 12:00 turnout report. A refusal is published as the
//   publisher writes it: `refused: {version, rule}` (docs/formats.md), no free text.
// Left out (the site does not read them): the NIST report and the CSV exports of index.files.
// No per-station or per-commission CSV: the publisher writes none (decision 0009).
//
//   node testing/make_fixture.mjs [OUT_DIR]     (default: web/results/test/fixture)
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = process.argv[2] || join(dirname(dirname(fileURLToPath(import.meta.url))), 'test', 'fixture');
const ELECTION = 'fixture-2024';

// ---------- canonical JSON, hashes, keys ----------

function jcs(v) {  // RFC 8785 for integers, strings, booleans, null, arrays and objects
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort()
      .map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
const sha256 = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
const tagged = (tag, bytes) => sha256(Buffer.from(tag), Buffer.from([0]), bytes);

const keys = new Map();
function keyOf(owner) {
  let k = keys.get(owner);
  if (!k) {
    const seed = sha256(Buffer.from(`ashyq results-site fixture|${owner}`));
    const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der', type: 'pkcs8' });
    const pub = createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    k = { priv, pub };
    keys.set(owner, k);
  }
  return k;
}
// An ashyq/signed/1 envelope and its digest.
function signed(payload, signers) {
  const digest = tagged('ashyq/v1/object', Buffer.from(jcs(payload)));
  const toSign = tagged('ashyq/v1/signature', digest);
  const signatures = signers.map((s) => ({ signer: s, public_key: keyOf(s).pub,
    signature: sign(null, toSign, keyOf(s).priv).toString('hex') }));
  return { object: { format: 'ashyq/signed/1', payload, signatures }, digest: digest.toString('hex') };
}

// ---------- the election ----------

const nm = (kk, ru, en) => ({ kk, ru, en });
const regions = [
  { id: 'north', name: nm('Солтүстік облысы', 'Северная область', 'North Region') },
  { id: 'south', name: nm('Оңтүстік облысы', 'Южная область', 'South Region') },
];
const parties = [
  { id: 'unity', name: nm('«Бірлік» партиясы', 'Партия «Единство»', 'Unity Party'), abbreviation: 'Unity', registration_order: 1 },
  { id: 'greens', name: nm('«Жасылдар» партиясы', 'Партия «Зелёные»', 'Green Party'), abbreviation: 'Greens', registration_order: 2 },
  { id: 'farmers', name: nm('«Диқандар» партиясы', 'Партия «Земледельцы»', 'Farmers\u2019 Party'), abbreviation: 'Farmers', registration_order: 3 },
  // Four small lists below the threshold: a national table as wide as a real one (7 lists).
  { id: 'democrats', name: nm('«Демократтар» партиясы', 'Демократическая партия', 'Democratic Party'), abbreviation: 'Democrats', registration_order: 4 },
  { id: 'patriots', name: nm('«Отаншылдар» партиясы', 'Партия патриотов', 'Patriots\u2019 Party'), abbreviation: 'Patriots', registration_order: 5 },
  { id: 'labour', name: nm('«Еңбек» партиясы', 'Партия «Труд»', 'Labour Party'), abbreviation: 'Labour', registration_order: 6 },
  { id: 'youth', name: nm('«Жастар» партиясы', 'Молодёжная партия', 'Youth Party'), abbreviation: 'Youth', registration_order: 7 },
];
const listChoice = (p) => ({ id: `list-${p.id}`, name: p.name, party: p.id,
  candidates: [{ id: `${p.id}-1`, name: nm('', '', `${p.abbreviation} candidate 1`), list_position: 1 }] });
const ballotOrder = (choices) => ({ method: 'alphabetical', language: 'en',
  order: [...choices].sort((a, b) => a.name.en.toLowerCase().localeCompare(b.name.en.toLowerCase()) || (a.id < b.id ? -1 : 1)).map((c) => c.id) });
const majilisChoices = parties.map(listChoice);
const councilChoices = parties.slice(0, 2).map(listChoice);
const contests = [
  { id: 'majilis-2024', kind: 'party_list', name: nm('Мәжіліс депутаттарын сайлау', 'Выборы депутатов Мажилиса', 'Majilis election'),
    scope: 'cec', seats: 10, threshold_bp: 700, method: 'hare_largest_remainder', tie_break: 'registration_order',
    runner_up_min_seats: 0, list_order: 'pre_ordered', majority_bp: 5000, choices: majilisChoices, ballot_order: ballotOrder(majilisChoices) },
  { id: 'maslikhat-north', kind: 'local_council', name: nm('Солтүстік облыстық мәслихаты', 'Северный областной маслихат', 'North Regional Council'),
    scope: 'rec-north', seats: 5, threshold_bp: 0, method: 'hare_largest_remainder', tie_break: 'registration_order',
    runner_up_min_seats: 0, list_order: 'pre_ordered', majority_bp: 5000, choices: councilChoices, ballot_order: ballotOrder(councilChoices) },
];
const inBallotOrder = (c) => c.ballot_order.order;

const people = ['Айгүл Сәрсенова', 'Нұрлан Ахметов', 'Елена Ковалёва', 'Ерлан Жұмабаев', 'Гүлнар Омарова',
  'Сергей Петров', 'Дина Қасымова', 'Асқар Байжанов', 'Мария Иванова', 'Бауыржан Тоқтаров', 'Жанар Исаева'];
const ROLES = ['chair', 'deputy_chair', 'secretary'];
let personCounter = 0;
function members(commissionId, count) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${commissionId}.m${i + 1}`, name: people[(personCounter++) % people.length], role: ROLES[i] || 'member',
    nominated_by: i === 0 ? { kind: 'higher_commission', by: 'cec' } : { kind: 'party', by: parties[i % 3].id },
    affiliation: i === 0 ? undefined : parties[i % 3].id, employer: '', public_key: keyOf(`${commissionId}.m${i + 1}`).pub,
  }));
}
const commission = (id, tier, parent, region, name, size) =>
  ({ id, tier, parent, region, name, public_key: keyOf(id).pub, members: members(id, size) });

const tecs = [
  { id: 'tec-north-01', region: 'north', name: nm('Солтүстік №1 аумақтық сайлау комиссиясы', 'Северная территориальная избирательная комиссия №1', 'North Territorial Commission 1') },
  { id: 'tec-north-02', region: 'north', name: nm('Солтүстік №2 аумақтық сайлау комиссиясы', 'Северная территориальная избирательная комиссия №2', 'North Territorial Commission 2') },
  { id: 'tec-south-01', region: 'south', name: nm('Оңтүстік №1 аумақтық сайлау комиссиясы', 'Южная территориальная избирательная комиссия №1', 'South Territorial Commission 1') },
];
// Stations: [region, number, tec, voters, locality, evoting, address in kk, ru, en]
const stationRows = [
  ['north', 1, 'tec-north-01', 812, 'urban', true,
    nm('№4 мектеп, Абай даңғылы, 12', 'Школа №4, проспект Абая, 12', 'School No. 4, Abai Avenue 12')],
  ['north', 2, 'tec-north-01', 640, 'urban', false,
    nm('Мәдениет үйі, Ленин көшесі, 3', 'Дом культуры, улица Ленина, 3', 'House of Culture, Lenin Street 3')],
  ['north', 3, 'tec-north-02', 305, 'rural', false, nm('Клуб, Кеңес ауылы', 'Клуб, село Кенес', 'Club, Kenes village')],
  ['south', 1, 'tec-south-01', 920, 'urban', false,
    nm('№2 лицей, Төле би көшесі, 45', 'Лицей №2, улица Толе би, 45', 'Lyceum No. 2, Tole Bi Street 45')],
  ['south', 7, 'tec-south-01', 455, 'rural', false, nm('Мектеп, Жаңатұрмыс ауылы', 'Школа, село Жанатурмыс', 'School, Zhanaturmys village')],
  ['south', 101, 'tec-south-01', 230, 'rural', false, nm('Әкімдік, Көкбұлақ ауылы', 'Акимат, село Кокбулак', 'Akimat, Kokbulak village')],
];
const pad = (n) => String(n).padStart(4, '0');
const SEARCH_BUCKET_SIZE = 10;  // formats.md: bucket = number / search_bucket_size
const stations = stationRows.map(([region, number, tec, voters, locality, evoting, address]) => ({
  id: `ps-${region}-${pad(number)}`, number, commission: `pec-${region}-${pad(number)}`, region, address,
  locality, registered_voters: voters, evoting, tec,
}));
const commissions = [
  commission('cec', 'cec', undefined, undefined, nm('Қазақстан Республикасының Орталық сайлау комиссиясы', 'Центральная избирательная комиссия Республики Казахстан', 'Central Election Commission of the Republic of Kazakhstan'), 7),
  ...regions.map((r) => commission(`rec-${r.id}`, 'rec', 'cec', r.id,
    nm(`${r.name.kk} сайлау комиссиясы`, `Избирательная комиссия: ${r.name.ru}`, `${r.name.en} Election Commission`), 7)),
  ...tecs.map((t) => commission(t.id, 'tec', `rec-${t.region}`, t.region, t.name, 7)),
  ...stations.map((s) => commission(s.commission, 'pec', s.tec, s.region,
    nm(`№${s.number} учаскелік сайлау комиссиясы`, `Участковая избирательная комиссия №${s.number}`, `Precinct Commission No. ${s.number}`), 5)),
];
const byId = new Map(commissions.map((c) => [c.id, c]));
const definition = {
  format: 'ashyq/election-definition/1', election_id: ELECTION,
  name: nm('Сынақ сайлауы 2024', 'Тестовые выборы 2024', 'Test election 2024'), election_day: '2024-03-17', tiers: 4,
  rules: { max_station_voters: 3000, pec_size_by_voters: [[1000, 5], [2000, 7], [2500, 9], [3000, 11]], commission_size: 7, max_shared_employer_bp: 5000 },
  regions, parties, commissions,
  polling_stations: stations.map(({ tec, ...s }) => s),
  contests,
};

// ---------- the log ----------

const leaves = [];
function log(entry) { leaves.push(entry.object); return leaves.length - 1; }
const def = signed(definition, ['cec']);
const defLeaf = log(def);

const contestsOf = (s) => contests.filter((c) => c.scope === 'cec' || c.scope === `rec-${s.region}`);
// Figures of one station's contest: deterministic, reconciled (R-D2).
function count(s, contest, shift) {
  const voters = s.registered_voters;
  const added = s.number % 5;
  const registered = voters + added;
  const issued = Math.floor(registered * (contest.scope === 'cec' ? 0.71 : 0.69)) - (s.number % 7);
  const electronic = s.evoting ? Math.floor(issued * 0.2) : 0;
  const paper = issued - electronic;
  const received = Math.ceil(registered / 50) * 50 + 50;
  const mobile = 6 + (s.number % 4);
  const inMobile = mobile - 1;
  const found = paper - 2;  // two ballots taken away
  const invalid = 4 + (s.number % 3);
  const valid = found + electronic - invalid;
  const order = inBallotOrder(contest);
  const weights = order.map((id) => ({ 'list-unity': 56, 'list-greens': 22, 'list-farmers': 14, 'list-democrats': 4,
    'list-patriots': 2, 'list-labour': 1, 'list-youth': 1 })[id]);
  const total = weights.reduce((a, b) => a + b, 0);
  const votes = order.map((id, i) => ({ choice: id, votes: Math.floor((valid * weights[i]) / total) }));
  votes[0].votes += valid - votes.reduce((a, v) => a + v.votes, 0);
  for (const [from, to, n] of shift || []) {
    votes.find((v) => v.choice === from).votes -= n;
    votes.find((v) => v.choice === to).votes += n;
  }
  return { contest: contest.id, registered_voters: registered, voters_added_on_day: added, ballots_received: received,
    ballots_issued: paper, ballots_cancelled: received - paper, electronic_ballots_issued: electronic,
    electronic_votes: electronic, voters_with_avc: s.number % 6, mobile_requests: mobile,
    ballots_in_mobile_boxes: inMobile, ballots_in_stationary_boxes: found - inMobile, invalid_ballots: invalid, votes };
}
const STEPS = [['count_list_signatures', '20:05'], ['cancel_unused_ballots', '20:20'], ['open_mobile_boxes', '20:35'],
  ['open_stationary_boxes', '20:50'], ['sort_ballots', '21:30'], ['announce_each_ballot', '22:10'], ['count_votes', '23:05'],
  ['fill_protocol', '23:40'], ['announce_results', '00:05'], ['post_copy', '00:15']];
function protocol(s, version, extra) {
  return { format: 'ashyq/precinct-protocol/1', election_id: ELECTION, definition_digest: def.digest, station: s.id,
    commission: s.commission, version, correction: extra.correction, signed_at: extra.signed_at,
    counting_steps: STEPS.map(([step, at]) => ({ step, at })),
    contests: contestsOf(s).map((c) => count(s, c, extra.shift)) };
}
const pecMembers = (s) => byId.get(s.commission).members.map((m) => m.id);

// Turnout reports at each hour; north №1 revised its 12:00 report.
const TIMES = ['10:00', '12:00', '14:00', '16:00', '18:00'];
const turnoutOf = new Map();
for (const s of stations) {
  if (s.number === 101) continue;  // has reported nothing
  const rows = [];
  TIMES.forEach((time, i) => {
    const revisions = s.id === 'ps-north-0001' && time === '12:00' ? [1, 2] : [1];
    for (const revision of revisions) {
      const voters = Math.floor((s.registered_voters * 0.7 * (i + 1)) / TIMES.length) - (revision === 1 && revisions.length > 1 ? 40 : 0);
      const e = signed({ format: 'ashyq/turnout-report/1', election_id: ELECTION, definition_digest: def.digest, station: s.id,
        commission: s.commission, time, revision, registered_voters: s.registered_voters, voters }, [s.commission]);
      rows.push({ time, registered_voters: s.registered_voters, voters, revision, digest: e.digest, leaf_index: log(e) });
    }
  });
  turnoutOf.set(s.id, rows);
}

// Precinct protocols: version 1 everywhere but south №101; north №2 corrected; north №3 no
// quorum; south №7 "corrected" by its TEC (refused). `rejected`: station -> {version, rule}.
const versionsOf = new Map();
const rejected = new Map();
for (const s of stations) {
  if (s.number === 101) { versionsOf.set(s.id, []); continue; }
  const all = pecMembers(s);
  const signers = s.id === 'ps-north-0003' ? all.slice(0, 2) : all.slice(0, all.length - (s.number % 2));
  const v1 = signed(protocol(s, 1, { signed_at: '2024-03-18T00:20' }), signers);
  versionsOf.set(s.id, [{ version: 1, digest: v1.digest, leaf_index: log(v1), superseded_by: null, signed_object: v1.object }]);
  rejected.set(s.id, s.id === 'ps-north-0003' ? { version: 1, rule: 'R-D3.quorum' } : null);
}
{
  const s = stations.find((x) => x.id === 'ps-north-0002');
  const list = versionsOf.get(s.id);
  const v2 = signed(protocol(s, 2, {
    signed_at: '2024-03-18T11:30',
    correction: { previous: list[0].digest,
      reason: 'Recount ordered by the territorial commission: 10 ballots for the Green Party had been counted for the Unity Party',
      decision: 'decision-tec-north-01-2024-03-18-1' },
    shift: [['list-unity', 'list-greens', 10]],
  }), pecMembers(s));
  list[0].superseded_by = 2;
  list.push({ version: 2, digest: v2.digest, leaf_index: log(v2), superseded_by: null, signed_object: v2.object });
}
{
  // The 2007 fault: the TEC signs a "correction" of a precinct's protocol as itself.
  const s = stations.find((x) => x.id === 'ps-south-0007');
  const list = versionsOf.get(s.id);
  const tecMembers = byId.get(s.tec).members.map((m) => m.id);
  const v2 = signed(protocol(s, 2, {
    signed_at: '2024-03-18T14:05',
    correction: { previous: list[0].digest, reason: 'recount at the territorial commission', decision: '' },
    shift: [['list-farmers', 'list-unity', 20]],
  }), tecMembers);
  list[0].superseded_by = 2;
  list.push({ version: 2, digest: v2.digest, leaf_index: log(v2), superseded_by: null, signed_object: v2.object });
  rejected.set(s.id, { version: 2, rule: 'R-E1.owning-commission' });
}
const latestOf = (s) => { const v = versionsOf.get(s.id); return v.length ? v[v.length - 1] : null; };
// The version the totals count: the latest, unless it was refused; then the one before it (a
// refused correction leaves version 1 counted); none when version 1 itself was refused.
const countedOf = (s) => {
  const v = versionsOf.get(s.id);
  if (!v.length) return null;
  if (rejected.get(s.id) === null) return v[v.length - 1];
  return v.length > 1 ? v[v.length - 2] : null;
};

// Tier protocols, bottom up.
const FIG = ['registered_voters', 'voters_added_on_day', 'ballots_received', 'ballots_issued', 'ballots_cancelled',
  'electronic_ballots_issued', 'electronic_votes', 'voters_with_avc', 'mobile_requests', 'ballots_in_mobile_boxes',
  'ballots_in_stationary_boxes', 'invalid_ballots'];
const stationsUnder = (id) => stations.filter((s) => s.tec === id || `rec-${s.region}` === id || id === 'cec');
const tierContests = (c) => contests.filter((x) => x.scope === 'cec' || x.scope === c.id || (c.tier === 'tec' && x.scope === c.parent));
function totals(c) {
  return tierContests(c).map((contest) => {
    const counted = stationsUnder(c.id).map(countedOf).filter(Boolean)
      .map((v) => v.signed_object.payload.contests.find((x) => x.contest === contest.id));
    const t = { contest: contest.id, precincts_expected: stationsUnder(c.id).length, precincts_counted: counted.length };
    for (const f of FIG) t[f] = counted.reduce((a, x) => a + x[f], 0);
    t.votes = inBallotOrder(contest).map((choice) => ({ choice, votes: counted.reduce((a, x) => a + x.votes.find((v) => v.choice === choice).votes, 0) }));
    return t;
  });
}
const tierOf = new Map();
for (const c of [...commissions].reverse()) {
  if (c.tier === 'pec') continue;
  const precincts = stationsUnder(c.id).filter(countedOf).map((s) => {
    const v = countedOf(s);
    return { station: s.id, version: v.version, protocol_digest: v.digest,
      contests: c.tier === 'tec' ? v.signed_object.payload.contests : undefined };
  });
  const children = c.tier === 'tec' ? undefined : commissions.filter((k) => k.parent === c.id && tierOf.has(k.id))
    .map((k) => ({ commission: k.id, protocol_digest: tierOf.get(k.id).digest }));
  const e = signed({ format: 'ashyq/tier-protocol/1', election_id: ELECTION, definition_digest: def.digest, commission: c.id,
    tier: c.tier, contests: totals(c), children, precincts }, [c.id]);
  tierOf.set(c.id, { version: 1, digest: e.digest, leaf_index: log(e), signed_object: e.object });
}

// Seats by the Hare quota and largest remainders among lists that pass the threshold.
function seats(t, contest) {
  const taking = t.ballots_issued + t.electronic_ballots_issued;
  const thresholdVotes = Math.ceil((contest.threshold_bp * taking) / 10000);
  const passing = t.votes.filter((v) => v.votes >= thresholdVotes && v.votes > 0);
  const T = passing.reduce((a, v) => a + v.votes, 0);
  const rows = t.votes.map((v) => ({ choice: v.choice, votes: v.votes, seats: 0, rem: 0 }));
  const lines = [`Voters who took part: ${taking}; threshold ${contest.threshold_bp / 100}% = ${thresholdVotes} votes`,
    `Votes of the lists that passed: ${T}; quota = ${T} / ${contest.seats}`];
  let given = 0;
  for (const r of rows) {
    if (!passing.some((p) => p.choice === r.choice)) continue;
    r.seats = Math.floor((r.votes * contest.seats) / T); r.rem = (r.votes * contest.seats) % T; given += r.seats;
    lines.push(`${r.choice}: ${r.votes} × ${contest.seats} / ${T} = ${r.seats} full quotas, remainder ${r.rem}/${T}`);
  }
  const order = rows.filter((r) => passing.some((p) => p.choice === r.choice)).sort((a, b) => b.rem - a.rem);
  for (let i = 0; given < contest.seats; i++, given++) {
    order[i].seats++; lines.push(`Remaining seat ${given + 1} to ${order[i].choice} (remainder ${order[i].rem})`);
  }
  return { seats: rows.map(({ choice, votes, seats: n }) => ({ choice, votes, seats: n })), threshold_votes: thresholdVotes, computation: lines };
}

// ---------- the publication ----------

rmSync(OUT, { recursive: true, force: true });
const write = (path, text) => { mkdirSync(dirname(join(OUT, path)), { recursive: true }); writeFileSync(join(OUT, path), text); return path; };
const json = (obj) => `${jcs(obj)}\n`;
const hashed = (stem, ext, text) => write(`${stem}-${sha256(Buffer.from(text)).toString('hex')}.${ext}`, text);
const pathOf = (c) => c.tier === 'cec' ? [] : [...pathOf(byId.get(c.parent)), byId.get(c.parent)];
const ref = (c) => ({ id: c.id, tier: c.tier, name: c.name });
const participants = (x) => x.ballots_issued + x.electronic_ballots_issued;
const summary = (contestsCounted, isCounted) => contestsCounted.map((x) => ({ contest: x.contest,
  registered_voters: x.registered_voters, participants: participants(x), valid_votes: x.votes.reduce((a, v) => a + v.votes, 0),
  invalid_ballots: x.invalid_ballots, votes: x.votes, counted: isCounted }));
function turnoutTotals(list) {
  return TIMES.map((time) => {
    const rows = list.map((s) => (turnoutOf.get(s.id) || []).filter((r) => r.time === time).pop()).filter(Boolean);
    return { time, registered_voters: rows.reduce((a, r) => a + r.registered_voters, 0), voters: rows.reduce((a, r) => a + r.voters, 0),
      stations_reporting: rows.length, stations_expected: list.length };
  });
}

const stationFiles = {};
const search = new Map();
for (const s of stations) {
  const c = byId.get(s.commission);
  const versions = versionsOf.get(s.id);
  const doc = { format: 'ashyq/published-station/1',
    station: { id: s.id, number: s.number, address: s.address, locality: s.locality, region: s.region, commission: s.commission,
      evoting: s.evoting, registered_voters: s.registered_voters },
    path: pathOf(c).map(ref), members: c.members.map(({ id, name, role }) => ({ id, name, role })), versions,
    latest: versions.length ? versions[versions.length - 1].version : null,
    accepted: versions.length > 0 && rejected.get(s.id) === null, counted_version: countedOf(s)?.version ?? null,
    refused: rejected.get(s.id) ?? null,
    turnout: turnoutOf.get(s.id) || [] };
  stationFiles[s.id] = hashed(`data/station/${s.id}`, 'json', json(doc));
  const b = Math.floor(s.number / SEARCH_BUCKET_SIZE);
  if (!search.has(b)) search.set(b, []);
  search.get(b).push({ id: s.id, number: s.number, region: s.region, address: s.address, file: stationFiles[s.id] });
}

const commissionFiles = {};
for (const c of [...commissions].reverse()) {
  if (c.tier === 'pec') continue;
  const tp = tierOf.get(c.id);
  const tpContests = tp.signed_object.payload.contests;
  const kids = c.tier === 'tec'
    ? stations.filter((s) => s.tec === c.id).map((s) => {
      // As the publisher writes it: the counted version's figures; none when nothing counts.
      const v = countedOf(s);
      return { id: s.id, tier: 'pec', name: byId.get(s.commission).name, file: stationFiles[s.id],
        station: { number: s.number, address: s.address }, contests: v ? summary(v.signed_object.payload.contests, true) : [] };
    })
    : commissions.filter((k) => k.parent === c.id).map((k) => ({ id: k.id, tier: k.tier, name: k.name,
      file: commissionFiles[k.id], contests: summary(tierOf.get(k.id).signed_object.payload.contests
        .filter((x) => tpContests.some((y) => y.contest === x.contest)), true) }));
  const doc = { format: 'ashyq/published-commission/1',
    commission: { id: c.id, tier: c.tier, name: c.name, parent: c.parent, region: c.region },
    path: pathOf(c).map(ref), tier_protocol: tp,
    contests: tpContests.map((x) => {
      const contest = contests.find((y) => y.id === x.contest);
      return contest.scope === c.id ? { ...x, outcome: seats(x, contest) } : x;
    }),
    turnout: turnoutTotals(stationsUnder(c.id)), children: kids };
  commissionFiles[c.id] = hashed(`data/commission/${c.id}`, 'json', json(doc));
}

const electionFile = hashed('data/election', 'json', json({ format: 'ashyq/published-election/1', election_id: ELECTION,
  name: definition.name, election_day: definition.election_day, definition_digest: def.digest,
  parties: parties.map(({ id, abbreviation, name }) => ({ id, abbreviation, name })),
  contests: contests.map((c) => ({ id: c.id, kind: c.kind, scope: c.scope, name: c.name, seats: c.seats, threshold_bp: c.threshold_bp,
    choices: inBallotOrder(c).map((id) => c.choices.find((x) => x.id === id)).map(({ id, name, party }) => ({ id, name, party })) })),
  regions }));
const definitionFile = hashed('data/definition', 'json', json(def.object));
const cecTp = tierOf.get('cec').signed_object.payload;
const resultsFile = hashed('data/results', 'json', json({ format: 'ashyq/results/1', election_id: ELECTION, election_day: definition.election_day,
  definition_digest: def.digest, cec_protocol_digest: tierOf.get('cec').digest,
  contests: cecTp.contests.map((x) => ({ contest: x.contest, precincts_expected: x.precincts_expected, precincts_counted: x.precincts_counted,
    choices: x.votes })) }));
const searchFiles = {};
for (const [b, list] of [...search].sort((a, b) => a[0] - b[0])) {
  searchFiles[String(b)] = hashed(`data/search/${b}`, 'json', json({ format: 'ashyq/published-search/1', bucket: b,
    stations: list.sort((x, y) => x.number - y.number || (x.id < y.id ? -1 : 1)) }));
}

// RFC 9162 Merkle tree hash of the leaves, and the CEC-signed tree head.
const leafBytes = leaves.map((l) => Buffer.from(jcs(l)));
function mth(list) {
  if (list.length === 1) return sha256(Buffer.from([0]), list[0]);
  let k = 1; while (k * 2 < list.length) k *= 2;
  return sha256(Buffer.from([1]), mth(list.slice(0, k)), mth(list.slice(k)));
}
const size = leaves.length;
const root = mth(leafBytes).toString('hex');
const PUBLISHED_AT = '2024-03-18T06:00:00Z';
const head = signed({ format: 'ashyq/tree-head/1', log_id: ELECTION, size, root_hash: root, timestamp: PUBLISHED_AT }, ['cec']);
write(`log/tree-heads/${size}.json`, json(head.object));
write('log/tree-head.json', json(head.object));
const ranges = [];
for (let first = 0; first < size; first += 1024) {
  const end = Math.min(size, first + 1024);
  ranges.push(write(`log/leaves/${first}-${end}.jsonl`, leafBytes.slice(first, end).map((b) => `${b}\n`).join('')));
}

const stationMapFile = hashed('data/stations', 'json', json({ format: 'ashyq/published-stations/1', stations: stationFiles }));
write('index.json', json({ format: 'ashyq/publication/1', election_id: ELECTION, name: definition.name,
  election_day: definition.election_day, published_at: PUBLISHED_AT, definition_digest: def.digest,
  tree_head: { size, root_hash: root, file: `log/tree-heads/${size}.json` },
  log: { range_size: 1024, ranges },
  files: { election: electionFile, definition: definitionFile, national: commissionFiles.cec, results: resultsFile,
    stations: stationMapFile, csv: {} },
  commissions: commissionFiles, search_bucket_size: SEARCH_BUCKET_SIZE, search: searchFiles }));
console.log(`fixture: ${OUT}: ${size} log leaves (definition leaf ${defLeaf}), ${stations.length} stations`);
