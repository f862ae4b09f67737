// The site tells the truth plainly (issue 16), on the fixture publication (test/fixture):
//   - a station page leads with the version the results count; a refused version is marked
//     refused and explained in plain words in kk, ru and en (who tried to change what, why it was
//     refused), the rule id only in a fold for experts; refused figures are never the result;
//   - party abbreviations have a legend;
//   - every share names its base (% of valid votes, % of voters on the list);
//   - the header's list of voters is explained against the protocol's (+ added on the day);
//   - addresses are in the page's language; what the data holds in one language only (a
//     correction's reason) is marked so, the rest is translated;
//   - no table sticks out sideways at 1280 px or on a 390 px phone;
//   - axe-core finds no WCAG 2 A/AA violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { LANGUAGES, NUMBER_LOCALES, STRINGS, nameIn, t } from '../i18n.js';
import { SITE_DIR, accessibilityViolations, browser, getJson, openPage, plainText, screenshot, serve, setLanguage,
  sidewaysOverflow, visit } from '../testing/harness.mjs';

const FIXTURE = join(SITE_DIR, 'test', 'fixture');
const LATIN = /[A-Za-z]/;
let server;
let chrome;
let index;
let election;
const stationFile = async (id) => getJson(server.url, (await getJson(server.url, index.files.stations)).stations[id]);

before(async () => {
  server = await serve(FIXTURE);
  chrome = await browser();
  index = JSON.parse(readFileSync(join(FIXTURE, 'index.json'), 'utf8'));
  election = await getJson(server.url, index.files.election);
});
after(async () => {
  await chrome?.close();
  await server?.close();
});

const fmt = (lang, n, options) => new Intl.NumberFormat(NUMBER_LOCALES[lang], options).format(n);

test('a refused correction: the counted version leads, the refusal is marked and explained', async () => {
  const s = await stationFile('ps-south-0007');
  assert.equal(s.counted_version, 1);
  assert.equal(s.accepted, false);
  const [v1, v2] = s.versions.map((v) => v.signed_object.payload.contests[0]);
  const unity = (c) => c.votes.find((v) => v.choice === 'list-unity').votes;
  assert.notEqual(unity(v1), unity(v2), 'the refused version changes the Unity figure');

  const { page, problems } = await openPage(chrome.context);
  await visit(page, server.url, '#/s/ps-south-0007');
  const EN = STRINGS.en;
  // The first section is the counted protocol, with version 1's figures.
  assert.equal(await page.locator('main h2').first().textContent(), t('en', 'protocolCounted', 1));
  await page.locator('p.status', { hasText: t('en', 'keptCounted', 2, 1) }).waitFor();
  const counted = page.locator('section', { has: page.getByRole('heading', { name: t('en', 'protocolCounted', 1) }) });
  const unityRow = counted.locator('tr', { has: page.getByRole('rowheader', { name: 'Unity Party', exact: true }) });
  assert.equal((await unityRow.locator('td').first().textContent()).replace(/\D/g, ''), String(unity(v1)));
  assert.equal(await page.getByText(EN.supersededBy.replace('{0}', 2)).count(), 0, 'version 1 is not "superseded" by a refused version');
  assert.match(await page.locator('#v1 .state').textContent(), new RegExp(EN.countedVersion));
  assert.equal(await page.locator('#v2 .state').textContent(), EN.refused);

  // The refusal: who (the TEC, by name), what (the figures it would have changed), why; the
  // raw rule only inside the fold for experts.
  const refusal = page.locator('section.refusal');
  assert.equal(await refusal.locator('h2').textContent(), t('en', 'refusedTitle', 2));
  const tec = s.path.find((p) => p.tier === 'tec');
  await refusal.getByText(t('en', 'why_owning', nameIn('en', tec.name)), { exact: true }).waitFor();
  const would = refusal.locator('table', { has: page.locator('caption', { hasText: t('en', 'wouldChange', 2) }) });
  const wouldUnity = would.locator('tr', { has: page.getByRole('rowheader', { name: /Unity Party$/ }) });
  assert.deepEqual((await wouldUnity.locator('td').allTextContents()).map((x) => x.replace(/\D/g, '')), [String(unity(v1)), String(unity(v2))]);
  const rule = refusal.locator('details code', { hasText: /^R-E1\.owning-commission$/ });
  assert.equal(await rule.isVisible(), false, 'the rule id is folded away');
  assert.ok(!(await plainText(refusal)).includes('R-E1'), 'no rule id in the plain text');
  await refusal.locator('details summary').click();
  assert.equal(await rule.isVisible(), true);
  await screenshot(page, 'fixture-station-refused');

  for (const lang of ['ru', 'kk']) {
    await setLanguage(page, lang);
    assert.equal(await page.locator('main h2').first().textContent(), t(lang, 'protocolCounted', 1));
    const why = t(lang, 'why_owning', nameIn(lang, tec.name));
    await refusal.getByText(why, { exact: true }).waitFor();
    await page.locator('p.status', { hasText: t(lang, 'keptCounted', 2, 1) }).waitFor();
    const text = await plainText(refusal);
    assert.ok(!LATIN.test(text), `${lang}: the refusal is all in ${lang}: ${text}`);
    assert.equal(await page.locator('#v2 .state').textContent(), STRINGS[lang].refused);
    // The reason is quoted as signed (one language in the data) and says so.
    await refusal.getByText(STRINGS[lang].reasonAsWritten).waitFor();
    await screenshot(page, `fixture-station-refused-${lang}`);
  }
  await setLanguage(page, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

test('version 1 refused: nothing is shown as the result, and the page says why', async () => {
  const { page, problems } = await openPage(chrome.context);
  await visit(page, server.url, '#/s/ps-north-0003');
  await page.locator('p.status', { hasText: t('en', 'refusedNoneCounted', 1) }).waitFor();
  assert.equal(await page.getByRole('heading', { name: /^Protocol counted/ }).count(), 0);
  assert.equal(await page.getByRole('rowheader', { name: 'Unity Party', exact: true }).count(), 0, 'no refused figures as a result');
  const refusal = page.locator('section.refusal');
  await refusal.getByText(t('en', 'why_quorum', 2, 5, 1), { exact: true }).waitFor();
  await refusal.getByText(t('en', 'refusedNoneCounted', 1), { exact: true }).waitFor();
  await setLanguage(page, 'ru');
  await refusal.getByText(t('ru', 'why_quorum', 2, 5, 1), { exact: true }).waitFor();
  assert.ok(!LATIN.test(await plainText(refusal)));
  await setLanguage(page, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

test('party abbreviations have a legend with full names, in every language', async () => {
  const { page, problems } = await openPage(chrome.context);
  await visit(page, server.url, '#/');
  for (const lang of LANGUAGES) {
    await setLanguage(page, lang);
    const legend = page.locator('.legend');
    await legend.getByRole('heading', { name: STRINGS[lang].legend }).waitFor();
    const children = page.locator('section', { has: page.getByRole('heading', { name: STRINGS[lang].rec }) }).locator('table');
    const headers = await children.locator('thead th').allTextContents();
    for (const p of election.parties) {
      assert.ok(headers.includes(p.abbreviation), `${p.abbreviation} is a column`);
      const dt = legend.locator('dt', { hasText: p.abbreviation });
      assert.equal(await dt.locator('xpath=following-sibling::dd[1]').textContent(), nameIn(lang, p.name));
    }
  }
  await setLanguage(page, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

test('every share names its base, and the figures agree with it', async () => {
  const national = await getJson(server.url, index.files.national);
  const ct = national.contests[0];
  const valid = ct.votes.reduce((a, v) => a + v.votes, 0);
  const unity = ct.votes.find((v) => v.choice === 'list-unity').votes;
  const { page, problems } = await openPage(chrome.context);
  for (const lang of LANGUAGES) {
    const S = STRINGS[lang];
    await visit(page, server.url, '#/');
    await setLanguage(page, lang);
    for (const hash of ['#/', '#/c/tec-north-01', '#/s/ps-north-0002']) {
      await visit(page, server.url, hash);
      // Every label of a percentage says what it is a percentage of.
      const labels = await page.locator('main thead th, main dt, main tbody th').allTextContents();
      const shareLabels = labels.filter((x) => /%|^(share|доля|үлесі|turnout|явка|қатысу)$/i.test(x.trim()));
      assert.ok(shareLabels.length > 0, `${lang} ${hash}: there are shares`);
      for (const l of shareLabels) assert.ok([S.shareOfValid, S.turnoutOfList].includes(l), `${lang} ${hash}: "${l}" names its base`);
    }
    await visit(page, server.url, '#/');
    const results = page.locator('table', { has: page.locator('caption', { hasText: S.results }) }).first();
    const row = results.locator('tr', { has: page.getByRole('rowheader', { name: nameIn(lang, election.parties[0].name), exact: true }) });
    const share = fmt(lang, Math.round((unity * 10000) / valid) / 10000, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    assert.equal((await row.locator('td').nth(1).textContent()), share, `${lang}: Unity's share of the valid votes`);
    const taking = ct.ballots_issued + ct.electronic_ballots_issued;
    await page.getByText(t(lang, 'thresholdVotes', fmt(lang, ct.outcome.threshold_votes),
      fmt(lang, 0.07, { style: 'percent', maximumFractionDigits: 2 }),
      fmt(lang, taking))).waitFor();
  }
  await setLanguage(page, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the station header explains voters added on the day, under the address in the page language', async () => {
  const s = await stationFile('ps-north-0002');
  const c = s.versions.find((v) => v.version === s.counted_version).signed_object.payload.contests[0];
  assert.equal(c.registered_voters, s.station.registered_voters + c.voters_added_on_day);
  assert.ok(c.voters_added_on_day > 0);
  const { page, problems } = await openPage(chrome.context);
  await visit(page, server.url, '#/s/ps-north-0002');
  for (const lang of LANGUAGES) {
    await setLanguage(page, lang);
    await page.getByText(t(lang, 'listExplained', fmt(lang, s.station.registered_voters), fmt(lang, c.voters_added_on_day),
      fmt(lang, c.registered_voters)), { exact: true }).waitFor();
    await page.locator('dt', { hasText: STRINGS[lang].listedBefore }).waitFor();
    const sub = page.locator('main p.sub');
    assert.equal(await sub.textContent(), s.station.address[lang], `${lang}: the address in the page language`);
    assert.equal(await sub.locator('[lang=en]').count(), 0, `${lang}: the address is not marked as English`);
    if (lang !== 'en') {
      // The counting steps are the site's own words: translated.
      await page.getByText(STRINGS[lang].steps).click();
      const steps = await page.locator('main details ol li').allTextContents();
      assert.ok(steps.length >= 10 && steps.every((x) => !LATIN.test(x)), `${lang}: ${steps}`);
      // (The open-data list names files: data/station/ps-north-0002.json.)
      const text = await plainText(page.locator('main'), ', .files');
      assert.ok(!LATIN.test(text), `${lang}: nothing English left but what is marked: ${text.match(/.{0,40}[A-Za-z].{0,40}/)?.[0]}`);
    }
  }
  await setLanguage(page, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

// The definition gives every address in kk, ru and en: a voter reads it in the page's language
// on the station page, in the territorial commission's table of stations and in the search.
test('addresses are in the page language: station page, territorial table, search', async () => {
  const s = await stationFile('ps-north-0001');
  const address = s.station.address;
  assert.deepEqual(Object.keys(address).sort(), ['en', 'kk', 'ru']);
  assert.ok(new Set([address.kk, address.ru, address.en]).size === 3, 'three different texts');
  const { page, problems } = await openPage(chrome.context);
  await visit(page, server.url, '#/');
  for (const lang of ['kk', 'ru', 'en']) {
    await setLanguage(page, lang);
    const others = LANGUAGES.filter((l) => l !== lang).map((l) => address[l]);

    await visit(page, server.url, '#/s/ps-north-0001');
    const header = page.locator('main p.sub');
    assert.equal(await header.textContent(), address[lang], `${lang}: the station page's address`);
    const main = await page.locator('main').textContent();
    for (const other of others) assert.ok(!main.includes(other), `${lang}: the station page shows "${other}"`);

    await visit(page, server.url, '#/c/tec-north-01');
    const link = page.getByRole('link', { name: `${t(lang, 'number')} 1`, exact: true });
    const row = page.locator('main tr', { has: link });
    assert.equal(await row.count(), 1, `${lang}: station 1 has a row in the territorial table`);
    await row.getByText(address[lang], { exact: true }).waitFor();
    const table = await page.locator('main table', { has: link }).textContent();
    for (const other of others) assert.ok(!table.includes(other), `${lang}: the territorial table shows "${other}"`);
    if (lang === 'kk') await screenshot(page, 'fixture-tec-addresses-kk');

    await visit(page, server.url, '#/search/1');
    const found = page.locator('main ul.found li', { has: page.locator('a[href="#/s/ps-north-0001"]') });
    assert.ok((await found.textContent()).endsWith(address[lang]), `${lang}: the search result's address`);
  }
  await setLanguage(page, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [label, viewport, extra] of [['1280 px', { width: 1280, height: 900 }, {}],
  ['a 390 px phone', { width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }]]) {
  test(`nothing sticks out sideways at ${label}, in any language`, async () => {
    const b = await browser({ viewport, ...extra });
    try {
      const { page, problems } = await openPage(b.context);
      for (const lang of LANGUAGES) {
        await visit(page, server.url, '#/');
        await setLanguage(page, lang);
        for (const hash of ['#/', '#/c/rec-north', '#/c/tec-north-01', '#/s/ps-north-0002', '#/s/ps-south-0007']) {
          await visit(page, server.url, hash);
          assert.deepEqual(await sidewaysOverflow(page), [], `${lang} ${hash} at ${viewport.width} px`);
        }
      }
      await visit(page, server.url, '#/');
      await setLanguage(page, 'en');
      await screenshot(page, `fixture-national-${viewport.width}`);
      await visit(page, server.url, '#/s/ps-south-0007');
      await screenshot(page, `fixture-station-refused-${viewport.width}`);
      assert.deepEqual(problems, []);
    } finally {
      await b.close();
    }
  });
}

test('axe-core: no WCAG 2 A/AA violation on the pages, in Kazakh and English', async () => {
  const { page, problems } = await openPage(chrome.context);
  for (const lang of ['en', 'kk']) {
    await visit(page, server.url, '#/');
    await setLanguage(page, lang);
    for (const hash of ['#/', '#/c/tec-south-01', '#/s/ps-south-0007', '#/s/ps-north-0003', '#/search/1']) {
      await visit(page, server.url, hash);
      await page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
      assert.deepEqual(await accessibilityViolations(page), [], `${lang} ${hash}`);
    }
  }
  await setLanguage(page, 'en');
  assert.deepEqual(problems, []);
  await page.close();
});
