// The Ashyq results site: plain DOM, no framework, no build step. Every page reads index.json
// (the entry point of the publication directory, ashyq/publication/1) and then only the files
// it shows: the election's labels and one commission, station or search bucket. Data files are
// immutable (their names end in their SHA-256), so the browser caches them for good.
//
// Routes: #/ national result, #/c/<commission id>, #/s/<station id>, #/search/<number>.
// Text from the publication is always set as text, never parsed as HTML.
import { LANGUAGES, LANGUAGE_LABELS, NUMBER_LOCALES, FIGURES, t, nameIn } from './i18n.js';

const publication = new URL(document.querySelector('meta[name=ashyq-publication]')?.content || './',
  location.href);
const main = document.getElementById('main');
const INDEX = 'index.json';
const INDEX_MAX_AGE_MS = 60000;  // results change on election night: re-read the index after a minute

let lang = chooseLanguage();
let rendered = 0;    // render generation: a slow page never replaces a newer one
let lastRoute = '';  // focus moves to the heading on a new page, not on a language switch
let indexReadAt = 0;

// ---------- data ----------

const files = new Map();  // path -> Promise of parsed JSON
function load(path) {
  if (path === INDEX && Date.now() - indexReadAt > INDEX_MAX_AGE_MS) {
    files.delete(INDEX);
    indexReadAt = Date.now();
  }
  let p = files.get(path);
  if (!p) {
    p = fetch(new URL(path, publication)).then((r) => {
      if (!r.ok) throw new LoadError(path, `HTTP ${r.status}`);
      return r.json();
    }, (e) => { throw new LoadError(path, e.message); });
    p.catch(() => files.delete(path));
    files.set(path, p);
  }
  return p;
}
class LoadError extends Error {
  constructor(path, why) { super(why); this.path = path; }
}

const stationFiles = new Map();  // station id -> file, from the commission pages and searches seen

// Labels of one election: contests, choices, parties and regions by id.
const labelsOf = new WeakMap();
function labels(election) {
  let l = labelsOf.get(election);
  if (l) return l;
  const parties = new Map((election.parties || []).map((p) => [p.id, p]));
  const contests = new Map();
  for (const c of election.contests || []) {
    contests.set(c.id, { ...c, byChoice: new Map((c.choices || []).map((ch) => [ch.id, ch])) });
  }
  l = { parties, contests, regions: new Map((election.regions || []).map((r) => [r.id, r])) };
  labelsOf.set(election, l);
  return l;
}

// ---------- formatting ----------

const locale = () => NUMBER_LOCALES[lang] || 'en-GB';
const num = (n) => (n == null ? '–' : new Intl.NumberFormat(locale()).format(n));
function pct(part, whole) {
  if (!whole) return '–';
  return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: 2,
    maximumFractionDigits: 2 }).format(Math.round((part * 10000) / whole) / 10000);
}
// RFC 3339 UTC as "2024-03-18 06:00 UTC": the same in every language.
const when = (iso) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso);
const short = (hex) => (hex && hex.length > 20 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex || '');
const pctBp = (bp) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10000);
const participants = (c) => (c.ballots_issued || 0) + (c.electronic_ballots_issued || 0);
const validVotes = (c) => (c.votes || []).reduce((s, v) => s + v.votes, 0);

// Text the publication holds in one language only (a correction's reason, a commission's free
// text): shown as written, marked English when it plainly is, so that a screen reader reads it
// right. Addresses, like names, are in all three languages (nameIn).
const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;
const plainlyEnglish = (text) => LATIN.test(text || '') && !CYRILLIC.test(text || '');
const asWritten = (text, tag = 'span', attrs = {}) => h(tag, { ...attrs, lang: plainlyEnglish(text) ? 'en' : null }, text || '');

// ---------- DOM ----------

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid != null && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
}
// A bar as wide as `percent` of its cell; set through CSSOM, which the CSP allows (a style
// attribute it would block).
function bar(percent) {
  const el = h('span', { class: 'bar', 'aria-hidden': 'true' });
  el.style.width = `${percent.toFixed(1)}%`;
  return el;
}
const code = (hex) => h('code', { title: hex }, short(hex));
const link = (href, text) => h('a', { href }, text);
const dataLink = (path) => h('a', { href: new URL(path, publication).href }, path.replace(/-[0-9a-f]{64}(?=\.)/, ''));
const section = (title, ...kids) => h('section', null, h('h2', null, title), ...kids);

// A table with a caption, column headers and row headers (the first cell of each row).
// Columns whose header starts with '#' are numeric (right-aligned; the '#' is not shown).
// Each cell carries its column's name (data-label), which the card layout shows (fitTables).
function table(caption, headers, rows) {
  const label = (x) => (x.startsWith?.('#') ? x.slice(1) : x);
  return h('div', { class: 'scroll' }, h('table', null,
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col', class: x.startsWith?.('#') ? 'n' : null },
      label(x))))),
    h('tbody', null, rows.map((r) => h('tr', { class: r.cls || null }, r.map((cell, i) => {
      const numeric = headers[i].startsWith?.('#');
      return i === 0 ? h('th', { scope: 'row' }, cell)
        : h('td', { class: numeric ? 'n' : null, 'data-label': label(headers[i]).trim() || null }, cell);
    }))))));
}

// A table wider than the page becomes a list of cards, one per row, each value beside its
// column's name (style.css, table.cards): nothing is cut off, on a phone or a 1280 px screen.
function fitTables() {
  for (const el of main.querySelectorAll('.scroll > table')) {
    el.classList.remove('cards');
    if (el.getBoundingClientRect().width > el.parentElement.clientWidth + 1) el.classList.add('cards');
  }
}
let fitTimer = 0;
window.addEventListener('resize', () => { clearTimeout(fitTimer); fitTimer = setTimeout(fitTables, 100); });
const dl = (pairs) => h('dl', null, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));

function crumbs(path, here) {
  const items = (path || []).map((p) => h('li', null, link(p.tier === 'cec' ? '#/' : `#/c/${p.id}`, nameIn(lang, p.name))));
  items.push(h('li', null, h('span', { 'aria-current': 'page' }, here)));
  return h('nav', { 'aria-label': t(lang, 'commission'), class: 'crumbs' }, h('ol', null, items));
}

function show(title, ...nodes) {
  main.replaceChildren(...nodes.flat(Infinity).filter(Boolean));
  fitTables();
  document.title = `${title} · ${t(lang, 'site')}`;
  const route = location.hash;
  if (route !== lastRoute) {
    lastRoute = route;
    main.querySelector('h1')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

// ---------- pieces ----------

function choiceLabel(contest, id, abbreviate) {
  const ch = contest?.byChoice.get(id);
  if (!ch) return id;
  const party = ch.party && abbreviate ? labelsOf.get(currentElection)?.parties.get(ch.party) : null;
  return party?.abbreviation || nameIn(lang, ch.name) || id;
}
let currentElection = null;

// Totals of one contest: summary, votes per choice with their share of the valid votes (the
// base a voter expects, and the one the printed copy and `ashyq tabulate` use too).
function contestTotals(ct, contest) {
  const taking = participants(ct);
  const valid = validVotes(ct);
  const top = Math.max(1, ...(ct.votes || []).map((v) => v.votes));
  return [
    dl([
      [t(lang, 'registered_voters'), num(ct.registered_voters)],
      [t(lang, 'participants'), num(taking)],
      [t(lang, 'turnoutOfList'), pct(taking, ct.registered_voters)],
      [t(lang, 'valid_votes'), num(valid)],
      [t(lang, 'invalid_ballots'), num(ct.invalid_ballots)],
    ]),
    table(t(lang, 'results'), [t(lang, 'choice'), `#${t(lang, 'votes')}`, `#${t(lang, 'shareOfValid')}`, ' '],
      (ct.votes || []).map((v) => [choiceLabel(contest, v.choice), num(v.votes), pct(v.votes, valid),
        bar((100 * v.votes) / top)])),
  ];
}

// The full names behind the abbreviations a table's columns use.
function partyLegend(contest, choiceIds) {
  const rows = [];
  for (const id of choiceIds) {
    const ch = contest?.byChoice.get(id);
    const party = ch?.party ? labelsOf.get(currentElection)?.parties.get(ch.party) : null;
    if (party?.abbreviation) rows.push([party.abbreviation, nameIn(lang, party.name) || nameIn(lang, ch.name)]);
  }
  if (!rows.length) return null;
  return h('div', { class: 'legend' }, h('h3', null, t(lang, 'legend')),
    h('dl', null, rows.map(([abbr, name]) => [h('dt', null, abbr), h('dd', null, name)])));
}

// The declared result: seats (with the threshold and the computation) or the winner.
function outcome(o, contest, ct) {
  if (!o) return null;
  const err = o.error || (o.kind === 'error' ? o : null);
  if (err) {
    return [h('p', { class: 'warn' }, t(lang, 'outcomeError')), expert(null,
      typeof err === 'string' ? err : [err.rule, err.message].filter(Boolean).join(': '))];
  }
  const out = [];
  const lists = Array.isArray(o.seats) ? o.seats : Array.isArray(o.lists) ? o.lists : null;
  if (lists) {
    const rows = [...lists].sort((a, b) => b.seats - a.seats || b.votes - a.votes).map((l) => [
      choiceLabel(contest, l.choice), num(l.votes),
      l.passed == null ? (l.seats > 0 ? t(lang, 'yes') : '–') : t(lang, l.passed ? 'yes' : 'no'), num(l.seats)]);
    out.push(table(t(lang, 'seats'), [t(lang, 'choice'), `#${t(lang, 'votes')}`, t(lang, 'passed'), `#${t(lang, 'seats')}`], rows));
    if (o.threshold_votes != null) {
      out.push(h('p', null, contest?.threshold_bp != null
        ? t(lang, 'thresholdVotes', num(o.threshold_votes), pctBp(contest.threshold_bp), num(participants(ct)))
        : t(lang, 'thresholdVotes', num(o.threshold_votes), '–', num(participants(ct)))));
    }
  }
  const elected = o.winner || o.elected;
  if (elected) out.push(h('p', { class: 'win' }, t(lang, 'winner', choiceLabel(contest, elected))));
  if (o.run_off?.length) out.push(h('p', null, t(lang, 'runOff', o.run_off.map((c) => choiceLabel(contest, c)).join(', '))));
  if (o.computation?.length) {
    out.push(h('details', null, h('summary', null, t(lang, 'computation')),
      lang === 'en' ? null : h('p', null, t(lang, 'computedInEnglish')),
      h('pre', { lang: 'en' }, o.computation.join('\n'))));
  }
  return out;
}

function turnoutTable(rows, forStation) {
  if (!rows?.length) return null;
  const sorted = [...rows].sort((a, b) => a.time.localeCompare(b.time) || (a.revision || 0) - (b.revision || 0));
  const headers = [t(lang, 'time'), `#${t(lang, 'voters')}`, `#${t(lang, 'registered_voters')}`, `#${t(lang, 'turnoutOfList')}`,
    forStation ? t(lang, 'revision') : `#${t(lang, 'reporting')}`];
  return section(t(lang, 'turnoutByHour'), table(null, headers, sorted.map((r) => [
    r.time, num(r.voters), num(r.registered_voters), pct(r.voters, r.registered_voters),
    forStation ? (r.revision > 1 ? `${t(lang, 'revision')} (${r.revision})` : '')
      : `${num(r.stations_reporting)} / ${num(r.stations_expected)}`])));
}

// ---------- pages ----------

async function nationalOrCommission(id) {
  const index = await load(INDEX);
  const path = id ? index.commissions?.[id] : index.files?.national;
  if (!path) return notFound();
  const [election, c] = await Promise.all([load(index.files.election), load(path)]);
  return () => {
    currentElection = election;
    const L = labels(election);
    const me = c.commission;
    const isCec = me.tier === 'cec';
    const title = isCec ? nameIn(lang, election.name) : nameIn(lang, me.name);
    const tp = c.tier_protocol;
    const contests = c.contests || [];
    const main0 = contests[0];
    const mainContest = main0 && L.contests.get(main0.contest);
    const kids = c.children || [];
    const childTier = kids[0]?.tier;
    const choiceIds = (main0?.votes || []).map((v) => v.choice);
    const childRows = kids.map((k) => {
      if (k.tier === 'pec' && k.file) stationFiles.set(k.id, k.file);
      const kc = (k.contests || []).find((x) => x.contest === main0?.contest) || (k.contests || [])[0];
      const name = k.tier === 'pec'
        ? link(`#/s/${k.id}`, `${t(lang, 'number')} ${k.station?.number ?? ''}`)
        : link(`#/c/${k.id}`, nameIn(lang, k.name));
      const cells = [name];
      if (k.tier === 'pec') cells.push(nameIn(lang, k.station?.address));
      if (!kc || kc.counted === false) {
        const row = [...cells, num(kc?.registered_voters), t(lang, 'notReported'), '', ...choiceIds.map(() => '')];
        row.cls = 'muted';
        return row;
      }
      const taking = kc.participants ?? participants(kc);
      const byChoice = new Map((kc.votes || []).map((v) => [v.choice, v.votes]));
      return [...cells, num(kc.registered_voters), num(taking), pct(taking, kc.registered_voters),
        ...choiceIds.map((ch) => num(byChoice.get(ch)))];
    });
    const childHeaders = [childTier === 'pec' ? t(lang, 'number') : t(lang, 'commission'),
      ...(childTier === 'pec' ? [t(lang, 'address')] : []),
      `#${t(lang, 'registered_voters')}`, `#${t(lang, 'participants')}`, `#${t(lang, 'turnoutOfList')}`,
      ...choiceIds.map((ch) => `#${choiceLabel(mainContest, ch, true)}`)];
    const open = [dataLink(path)];
    if (isCec) {
      const f = index.files || {};
      for (const k of ['results', 'nist', 'election', 'definition']) if (f[k]) open.push(dataLink(f[k]));
      for (const v of Object.values(f.csv || {})) open.push(dataLink(v));
    }
    show(title,
      isCec ? null : crumbs(c.path, nameIn(lang, me.name)),
      h('h1', { tabindex: -1 }, title),
      isCec ? h('p', { class: 'sub' }, nameIn(lang, me.name)) : null,
      h('p', { class: 'meta' }, tp ? [t(lang, 'tierProtocol', tp.version, tp.leaf_index), ' ', code(tp.digest),
        (tp.signatures || tp.signed_object?.signatures || []).map((g) => [`; ${t(lang, 'signer')}: `, h('code', null, g.signer), ' ', code(g.public_key)])]
        : t(lang, 'noTierProtocol')),
      contests.map((ct) => {
        const contest = L.contests.get(ct.contest);
        return section(contest ? nameIn(lang, contest.name) : ct.contest,
          h('p', { class: 'meta' }, t(lang, 'counted', num(ct.precincts_counted), num(ct.precincts_expected))),
          contestTotals(ct, contest), outcome(ct.outcome, contest, ct));
      }),
      turnoutTable(c.turnout, false),
      kids.length ? section(t(lang, childTier || 'pec'), table(null, childHeaders, childRows),
        partyLegend(mainContest, choiceIds))
        : null,
      section(t(lang, 'openData'), h('ul', { class: 'files' }, open.map((a) => h('li', null, a)))));
  };
}

// What changed from one version of a protocol to another: [label, before, after] rows.
function changes(before, after, L) {
  const rows = [];
  for (const ca of after.contests || []) {
    const cb = (before.contests || []).find((x) => x.contest === ca.contest);
    if (!cb) continue;
    const contest = L.contests.get(ca.contest);
    const prefix = (before.contests.length > 1 && contest) ? `${nameIn(lang, contest.name)}: ` : '';
    for (const f of FIGURES) if (cb[f] !== ca[f]) rows.push([prefix + t(lang, f), num(cb[f]), num(ca[f])]);
    const old = new Map((cb.votes || []).map((v) => [v.choice, v.votes]));
    for (const v of ca.votes || []) {
      if (old.get(v.choice) !== v.votes) rows.push([prefix + choiceLabel(contest, v.choice), num(old.get(v.choice)), num(v.votes)]);
    }
  }
  return rows;
}

// Raw text for experts (a rule id, a program's message in English), folded away.
function expert(rule, message, ...more) {
  return h('details', { class: 'expert' }, h('summary', null, t(lang, message ? 'forExpertsMessage' : 'forExperts')),
    dl([rule && [t(lang, 'rule'), h('code', null, rule)],
      message && [t(lang, 'serverMessage'), h('code', { lang: 'en' }, message)], ...more]));
}

// Which version of a station's protocol counts, and what each version is: 'counted', 'refused'
// (published, not counted) or 'superseded' (by a later version that counts).
function protocolStates(s) {
  const versions = s.versions || [];
  const latest = s.latest ?? versions[versions.length - 1]?.version ?? null;
  const counted = s.counted_version !== undefined ? s.counted_version : (s.accepted ? latest : null);
  const state = (v) => (v.version === counted ? 'counted' : counted == null || v.version > counted ? 'refused' : 'superseded');
  return { versions, latest, counted, state, byVersion: new Map(versions.map((v) => [v.version, v])) };
}

// Why a version was refused, in plain words: from the rule the record names and from the
// refused version's own signatures (who signed it, which commission they belong to).
function refusalWhy(s, refused, rule) {
  const sigs = refused?.signed_object?.signatures || [];
  const members = new Set((s.members || []).map((m) => m.id));
  if (rule === 'R-E1.owning-commission' || (rule === 'R-D3.signer' && refused?.version > 1 && sigs.some((g) => !members.has(g.signer)))) {
    const foreign = sigs.filter((g) => !members.has(g.signer)).map((g) => g.signer);
    const owners = [];
    for (const id of foreign) {
      const c = (s.path || []).filter((p) => id.startsWith(`${p.id}.`)).sort((a, b) => b.id.length - a.id.length)[0];
      if (!c) { owners.length = 0; break; }
      if (!owners.includes(c)) owners.push(c);
    }
    if (owners.length && foreign.length) return t(lang, 'why_owning', owners.map((c) => nameIn(lang, c.name)).join(', '));
    return t(lang, 'why_owning_unknown', foreign.join(', ') || '–');
  }
  if (rule === 'R-D3.quorum') {
    return t(lang, 'why_quorum', num(sigs.filter((g) => members.has(g.signer)).length), num(members.size), refused?.version ?? '–');
  }
  if (rule === 'R-D3.signer') return t(lang, 'why_signer');
  if (rule === 'R-D3.signature') return t(lang, 'why_signature');
  if (rule.startsWith('R-D2.')) return t(lang, 'why_figures');
  if (/\.definition$/.test(rule)) return t(lang, 'why_definition');
  if (rule === 'R-E1.correction') return t(lang, 'why_correction');
  if (rule === 'R-E1.version-chain') return t(lang, 'why_chain');
  return t(lang, 'why_other');
}

// The refusal, plainly: who tried to change what, why it was refused, what stays counted; the
// rule id and the signers' ids for experts. `s.refused` ({version, rule}, formats.md) names the
// first version that does not hold; the words are the site's, never the commission's.
function refusalSection(s, ps, L) {
  if (s.accepted !== false || !ps.versions.length) return null;
  const refused = ps.byVersion.get(s.refused?.version ?? (ps.counted ?? 0) + 1) || ps.byVersion.get(ps.latest);
  const rule = s.refused?.rule || '';
  const payload = refused?.signed_object?.payload || {};
  const fix = payload.correction;
  const counted = ps.counted != null ? ps.byVersion.get(ps.counted) : null;
  const diff = counted && fix ? changes(counted.signed_object?.payload || {}, payload, L) : null;
  return h('section', { class: 'refusal', 'aria-labelledby': 'refused-title' },
    h('h2', { id: 'refused-title' }, t(lang, 'refusedTitle', refused?.version ?? ps.latest)),
    h('p', null, refusalWhy(s, refused, rule)),
    h('p', { class: 'warn' }, ps.counted != null ? t(lang, 'keptCounted', refused?.version ?? ps.latest, ps.counted)
      : t(lang, 'refusedNoneCounted', refused?.version ?? ps.latest)),
    fix?.reason ? dl([[t(lang, 'reasonAsWritten'), asWritten(fix.reason, 'q')]]) : null,
    diff?.length ? table(t(lang, 'wouldChange', refused.version),
      [t(lang, 'figure'), `#${t(lang, 'colCounted', ps.counted)}`, `#${t(lang, 'colRefused', refused.version)}`], diff) : null,
    expert(rule, null,
      [t(lang, 'signedByIds'), (refused?.signed_object?.signatures || []).map((g, i) => [i ? ', ' : '', h('code', null, g.signer)])]));
}

// Attempted alterations (formats.md, a station file's "attempts"; decision 0015): a "version" of
// this station's protocol that a commission above it signed with its own members' keys. The
// server refused it and kept it as evidence; it is never one of the station's versions and never
// counted. Each is shown as a refusal is: who tried, what it would have changed, what stays counted.
function attemptSections(s, ps, L) {
  const counted = ps.counted != null ? ps.byVersion.get(ps.counted) : null;
  return (s.attempts || []).map((a) => {
    const payload = a.signed_object?.payload || {};
    const fix = payload.correction;
    const diff = counted ? changes(counted.signed_object?.payload || {}, payload, L) : null;
    const id = `a${a.leaf_index}`;
    return h('section', { class: 'refusal attempt', id, 'aria-labelledby': `${id}-title` },
      h('h2', { id: `${id}-title` }, t(lang, 'refusedTitle', a.version)),
      h('p', null, refusalWhy(s, a, a.rule || '')),
      h('p', { class: 'warn' }, ps.counted != null ? t(lang, 'keptCounted', a.version, ps.counted)
        : t(lang, 'refusedNoneCounted', a.version)),
      fix?.reason ? dl([[t(lang, 'reasonAsWritten'), asWritten(fix.reason, 'q')]]) : null,
      diff?.length ? table(t(lang, 'wouldChange', a.version),
        [t(lang, 'figure'), `#${t(lang, 'colCounted', ps.counted)}`, `#${t(lang, 'colRefused', a.version)}`], diff) : null,
      expert(a.rule, null,
        [t(lang, 'signedByIds'), (a.signed_object?.signatures || []).map((g, i) => [i ? ', ' : '', h('code', null, g.signer)])],
        [t(lang, 'digest'), code(a.digest)], [t(lang, 'leaf'), num(a.leaf_index)]));
  });
}

// The station header's list of voters against the counted protocol's (R-D2.register:
// the protocol's list = the list before the day + voters added on the day).
function listNote(st, payload) {
  const c = payload?.contests?.[0];
  if (!c || c.registered_voters == null) return null;
  const added = c.voters_added_on_day || 0;
  if (added === 0 && c.registered_voters === st.registered_voters) return null;
  return h('p', { class: 'meta' }, c.registered_voters === st.registered_voters + added
    ? t(lang, 'listExplained', num(st.registered_voters), num(added), num(c.registered_voters))
    : t(lang, 'listExplainedOther', num(c.registered_voters), num(added)));
}

async function station(id) {
  const index = await load(INDEX);
  // Every station's file is in the station map that index.files.stations names
  // ({"format": "ashyq/published-stations/1", "stations": {id: file}}), a file of its own so the
  // index stays small. Known already from a commission page or a search? Then it is not needed.
  const path = stationFiles.get(id) ||
    (index.files?.stations ? (await load(index.files.stations)).stations?.[id] : undefined);
  if (!path) return notFound();
  const [election, s] = await Promise.all([load(index.files.election), load(path)]);
  return () => {
    currentElection = election;
    const L = labels(election);
    const st = s.station;
    const title = t(lang, 'station', st.number);
    const ps = protocolStates(s);
    // The page leads with the version the results count; a refused one is never shown as the result.
    const counted = ps.counted != null ? ps.byVersion.get(ps.counted) : null;
    const members = new Map((s.members || []).map((m) => [m.id, m]));
    const region = L.regions.get(st.region);
    const payload = counted?.signed_object?.payload;
    const sigs = counted?.signed_object?.signatures || [];
    const firstRefused = ps.versions.find((v) => ps.state(v) === 'refused');

    const refusedFirst = firstRefused || s.attempts?.[0];
    const status = refusedFirst ? h('p', { class: 'warn status' }, ps.counted != null
      ? t(lang, 'keptCounted', refusedFirst.version, ps.counted) : t(lang, 'refusedNoneCounted', refusedFirst.version)) : null;

    const protocol = payload ? section(t(lang, 'protocolCounted', counted.version),
      dl([[t(lang, 'signedAt'), payload.signed_at?.replace('T', ' ')], [t(lang, 'digest'), code(counted.digest)],
        [t(lang, 'leaf'), num(counted.leaf_index)]]),
      (payload.contests || []).map((ct) => {
        const contest = L.contests.get(ct.contest);
        const taking = participants(ct);
        const valid = validVotes(ct);
        return h('div', { class: 'contest' }, h('h3', null, contest ? nameIn(lang, contest.name) : ct.contest),
          table(null, [t(lang, 'figure'), `#${t(lang, 'value')}`], [
            ...FIGURES.map((f) => [t(lang, f), num(ct[f])]),
            [t(lang, 'participants'), num(taking)], [t(lang, 'valid_votes'), num(valid)],
            [t(lang, 'turnoutOfList'), pct(taking, ct.registered_voters)]]),
          table(null, [t(lang, 'choice'), `#${t(lang, 'votes')}`, `#${t(lang, 'shareOfValid')}`],
            (ct.votes || []).map((v) => [choiceLabel(contest, v.choice), num(v.votes), pct(v.votes, valid)])));
      }),
      payload.counting_steps?.length ? h('details', null, h('summary', null, t(lang, 'steps')),
        h('ol', null, payload.counting_steps.map((x) => h('li', null, `${x.at} `, t(lang, `step_${x.step}`))))) : null)
      : firstRefused ? null : h('p', { class: 'warn' }, t(lang, ps.versions.length ? 'noneCounted' : 'noProtocol'));

    const signatures = counted ? section(t(lang, 'signatures'),
      h('p', null, t(lang, 'signedBy', num(sigs.filter((g) => members.has(g.signer)).length), num(members.size))),
      table(null, [t(lang, 'signer'), t(lang, 'name'), t(lang, 'role'), t(lang, 'publicKey')], sigs.map((g) => {
        const m = members.get(g.signer);
        return [h('code', null, g.signer), m ? m.name : h('em', null, t(lang, 'notMember')), m ? t(lang, m.role) : '', code(g.public_key)];
      }))) : null;

    const stateText = (v) => ({ counted: t(lang, 'countedVersion'), refused: t(lang, 'refused'),
      superseded: t(lang, 'supersededBy', v.superseded_by) })[ps.state(v)];
    const history = ps.versions.length ? section(t(lang, 'versions'), h('ol', { class: 'versions' }, ps.versions.map((v, i) => {
      const p = v.signed_object?.payload || {};
      const fix = p.correction;
      const diff = fix && i > 0 ? changes(ps.versions[i - 1].signed_object?.payload || {}, p, L) : null;
      return h('li', { id: `v${v.version}`, class: ps.state(v), 'data-state': ps.state(v) },
        h('h3', null, t(lang, 'version', v.version), ' — ', h('span', { class: 'state' }, stateText(v))),
        dl([[t(lang, 'signedAt'), p.signed_at?.replace('T', ' ') || ''], [t(lang, 'digest'), code(v.digest)],
          [t(lang, 'signatures'), num(v.signed_object?.signatures?.length || 0)],
          [t(lang, 'leaf'), num(v.leaf_index)],
          fix && [t(lang, 'reasonAsWritten'), asWritten(fix.reason, 'strong', { class: 'reason' })],
          fix?.decision && [t(lang, 'decision'), h('code', null, fix.decision)],
          fix && [t(lang, 'replaces'), code(fix.previous)]].filter((x) => x && x[1] !== '')),
        diff ? (diff.length ? table(ps.state(v) === 'refused' ? t(lang, 'wouldChange', v.version) : t(lang, 'changed'),
          [t(lang, 'figure'), `#${t(lang, 'before')}`, `#${t(lang, 'after')}`], diff)
          : h('p', null, t(lang, 'noChange'))) : null);
    }))) : null;

    show(title,
      crumbs(s.path, title),
      h('h1', { tabindex: -1 }, title),
      h('p', { class: 'sub' }, nameIn(lang, st.address)),
      dl([[t(lang, 'region'), region ? nameIn(lang, region.name) : st.region],
        [t(lang, 'locality'), t(lang, st.locality)], [t(lang, 'evoting'), t(lang, st.evoting ? 'yes' : 'no')],
        [t(lang, 'listedBefore'), num(st.registered_voters)], [t(lang, 'pecId'), h('code', null, st.commission)]]),
      listNote(st, payload),
      status,
      protocol, refusalSection(s, ps, L), ...attemptSections(s, ps, L), signatures, history, turnoutTable(s.turnout, true),
      section(t(lang, 'openData'), h('ul', { class: 'files' }, h('li', null, dataLink(path)))));
  };
}

async function search(text) {
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  const index = await load(INDEX);
  const per = index.search_bucket_size;  // formats.md: bucket = number / search_bucket_size
  const path = Number.isInteger(n) ? index.search?.[String(Math.floor(n / per))] : null;
  const [election, bucket] = await Promise.all([load(index.files.election), path ? load(path) : { stations: [] }]);
  return () => {
    const L = labels(election);
    const found = (bucket.stations || []).filter((s) => s.number === n);
    for (const s of found) if (s.file) stationFiles.set(s.id, s.file);
    const title = t(lang, 'searchResults', text);
    show(title, h('h1', { tabindex: -1 }, title),
      found.length ? h('ul', { class: 'found' }, found.map((s) => h('li', null,
        link(`#/s/${s.id}`, t(lang, 'station', s.number)), ' — ',
        nameIn(lang, L.regions.get(s.region)?.name) || s.region, ', ', nameIn(lang, s.address))))
        : h('p', null, t(lang, 'noStation', text)));
  };
}

function notFound() {
  return () => show(t(lang, 'notFound'), h('h1', { tabindex: -1 }, t(lang, 'notFound')), h('p', null, link('#/', t(lang, 'national'))));
}

// ---------- shell ----------

function chooseLanguage() {
  let saved = null;
  try { saved = localStorage.getItem('ashyq.lang'); } catch { /* storage may be off */ }
  if (LANGUAGES.includes(saved)) return saved;
  for (const l of navigator.languages || []) {
    const two = l.slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(two)) return two;
  }
  return 'kk';
}

function shell() {
  document.documentElement.lang = lang;
  const nav = document.getElementById('langs');
  nav.setAttribute('aria-label', t(lang, 'language'));
  nav.replaceChildren(...LANGUAGES.map((l) => h('button', {
    type: 'button', lang: l, 'aria-pressed': String(l === lang), onclick: () => setLanguage(l),
  }, LANGUAGE_LABELS[l])));
  document.getElementById('home').textContent = t(lang, 'national');
  document.querySelector('#search label').textContent = t(lang, 'searchLabel');
  document.querySelector('#search button').textContent = t(lang, 'find');
}

function setLanguage(l) {
  lang = l;
  try { localStorage.setItem('ashyq.lang', l); } catch { /* storage may be off */ }
  shell();
  render();
}

async function footer() {
  const index = await load(INDEX);
  const th = index.tree_head;
  document.getElementById('published').replaceChildren(h('span', null,
    index.published_at ? `${t(lang, 'published', when(index.published_at))}. ` : '',
    th ? [t(lang, 'log', num(th.size), ''), code(th.root_hash), '. '] : ''));
}

async function render() {
  const mine = ++rendered;
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const m = hash.match(/^\/(?:(c|s|search)\/([^/]+))?\/?$/);
  if (!main.querySelector('h1')) main.replaceChildren(h('p', { class: 'loading' }, t(lang, 'loading')));
  main.setAttribute('aria-busy', 'true');
  try {
    const draw = !m ? notFound() : !m[1] ? await nationalOrCommission(null)
      : m[1] === 'c' ? await nationalOrCommission(m[2]) : m[1] === 's' ? await station(m[2]) : await search(m[2]);
    if (mine !== rendered) return;
    draw();
    footer().catch(() => {});
  } catch (e) {
    if (mine !== rendered) return;
    const what = e instanceof LoadError ? e.path : '';
    show(t(lang, 'site'), h('p', { class: 'warn', role: 'alert' }, t(lang, 'loadFailed', what, e.message)),
      h('button', { type: 'button', onclick: render }, t(lang, 'retry')));
  } finally {
    if (mine === rendered) main.removeAttribute('aria-busy');
  }
}

document.getElementById('search').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = document.getElementById('q').value.trim();
  if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
});
window.addEventListener('hashchange', render);
shell();
render();
