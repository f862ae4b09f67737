// The results site on a real publication, as the Publisher wrote it (`ashyq demo --out DIR`
// writes DIR/publication; `ashyq publish`): the acceptance walk from the national page down to a
// station that was corrected, if the election has one; an attempted alteration (`ashyq demo
// --tec-alters 1`) read in three languages; widths (1280 px, a 390 px phone) and axe-core.
//
//   ASHYQ_RESULTS_URL  a running `ashyq serve` of the publication (tests/cli/results_site.sh), or
//   ASHYQ_PUBLICATION  a publication directory to serve here (with ASHYQ_BIN, by `ashyq serve`).
// Skipped when neither is set.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { STRINGS, nameIn, t as tr } from '../i18n.js';
import { accessibilityViolations, browser, getJson, openPage, pickStation, plainText, screenshot, serve, setLanguage,
  sidewaysOverflow, visit } from '../testing/harness.mjs';
import { drillDown } from '../testing/drilldown.mjs';

const URL_GIVEN = process.env.ASHYQ_RESULTS_URL;
const DIR = process.env.ASHYQ_PUBLICATION;
const skip = !URL_GIVEN && !DIR ? 'set ASHYQ_RESULTS_URL or ASHYQ_PUBLICATION' : false;

let server;
let base;
let chrome;
before(async () => {
  if (skip) return;
  if (URL_GIVEN) base = URL_GIVEN.endsWith('/') ? URL_GIVEN : `${URL_GIVEN}/`;
  else { server = await serve(DIR); base = server.url; }
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.close();
});

test('generated publication: national page, drill-down to a station, languages, search', { skip }, async () => {
  const index = await getJson(base, 'index.json');
  assert.equal(index.format, 'ashyq/publication/1');
  const pick = await pickStation(base);
  const { page, problems } = await openPage(chrome.context);
  await drillDown(page, base, pick, 'publication');
  assert.deepEqual(problems, []);
  await page.close();
});

test('generated publication: every commission and station page renders', { skip }, async () => {
  const index = await getJson(base, 'index.json');
  const stations = (await getJson(base, index.files.stations)).stations;
  const pages = [...Object.keys(index.commissions).map((id) => `#/c/${id}`), ...Object.keys(stations).map((id) => `#/s/${id}`)];
  const { page, problems } = await openPage(chrome.context);
  await page.goto(base);
  for (const hash of pages.slice(0, 60)) {  // all of a small election; a sample of a national one
    await page.evaluate((h) => new Promise((done) => {
      window.addEventListener('hashchange', () => done(), { once: true });
      location.hash = h;
    }), hash);
    await page.locator('main:not([aria-busy]) h1').waitFor();
    const heading = await page.locator('main h1').textContent();
    assert.notEqual(heading, STRINGS.en.notFound, hash);
    assert.equal(await page.getByRole('alert').filter({ hasText: STRINGS.en.loadFailed.split(' ')[0] }).count(), 0, hash);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('generated publication: an attempted alteration is shown beside the counted version, explained in kk and ru', { skip }, async (t) => {
  // `ashyq demo --tec-alters N`: a TEC's "corrections" of its first stations, refused at the
  // server's door and kept as evidence (a station file's "attempts"; decision 0015).
  const index = await getJson(base, 'index.json');
  const files = Object.values((await getJson(base, index.files.stations)).stations);
  let s = null;
  for (const file of files.slice(0, 3000)) {
    const doc = await getJson(base, file);
    if (doc.attempts?.length && doc.counted_version != null) { s = doc; break; }
  }
  if (!s) { t.skip('no attempted alteration in this publication (ashyq demo --tec-alters 1 files one)'); return; }
  const attempt = s.attempts[0];
  assert.equal(s.accepted, true, 'an attempt is not one of the station\'s versions: its own latest version stays accepted');
  assert.ok(!s.versions.some((v) => v.digest === attempt.digest), 'the attempt is not among the versions');
  const tec = s.path.find((p) => p.tier === 'tec');
  assert.equal(attempt.commission, tec.id);
  const { page, problems } = await openPage(chrome.context);
  await visit(page, base, `#/s/${s.station.id}`);
  for (const lang of ['en', 'ru', 'kk']) {
    await setLanguage(page, lang);
    assert.equal(await page.locator('main h2').first().textContent(), tr(lang, 'protocolCounted', s.counted_version));
    await page.locator('p.status', { hasText: tr(lang, 'keptCounted', attempt.version, s.counted_version) }).waitFor();
    const refusal = page.locator(`section.attempt#a${attempt.leaf_index}`);
    assert.equal(await refusal.locator('h2').textContent(), tr(lang, 'refusedTitle', attempt.version));
    await refusal.getByText(tr(lang, 'why_owning', nameIn(lang, tec.name)), { exact: true }).waitFor();
    await refusal.getByText(tr(lang, 'keptCounted', attempt.version, s.counted_version), { exact: true }).waitFor();
    if (lang !== 'en') assert.ok(!/[A-Za-z]/.test(await plainText(refusal)), `${lang}: ${await plainText(refusal)}`);
    assert.equal(await page.locator(`#v${s.counted_version} .state`).textContent(), STRINGS[lang].countedVersion);
    if (lang === 'en') await screenshot(page, 'publication-station-refused');
  }
  await setLanguage(page, 'en');
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('generated publication: nothing sticks out sideways at 1280 px or on a 390 px phone', { skip }, async () => {
  const index = await getJson(base, 'index.json');
  const national = await getJson(base, index.files.national);
  const rec = national.children[0];
  const recDoc = await getJson(base, index.commissions[rec.id]);
  const tec = recDoc.children.find((k) => k.tier === 'tec') || recDoc.children[0];
  const hashes = ['#/', `#/c/${rec.id}`, `#/c/${tec.id}`];
  for (const [viewport, extra] of [[{ width: 1280, height: 900 }, {}],
    [{ width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }]]) {
    const b = await browser({ viewport, ...extra });
    try {
      const { page, problems } = await openPage(b.context);
      for (const lang of ['en', 'kk', 'ru']) {
        await visit(page, base, '#/');
        await setLanguage(page, lang);
        for (const hash of hashes) {
          await visit(page, base, hash);
          assert.deepEqual(await sidewaysOverflow(page), [], `${lang} ${hash} at ${viewport.width} px`);
          if (viewport.width === 1280 && lang !== 'ru') assert.deepEqual(await accessibilityViolations(page), [], `${lang} ${hash}`);
        }
      }
      await visit(page, base, '#/');
      await setLanguage(page, 'en');
      await screenshot(page, `publication-national-${viewport.width}`);
      assert.deepEqual(problems, []);
    } finally {
      await b.close();
    }
  }
});
