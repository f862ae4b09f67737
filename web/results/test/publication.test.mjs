// The results site on a real publication, as the Publisher wrote it (`ashyq demo --out DIR`
// writes DIR/publication; `ashyq publish`): the acceptance walk from the national page down to a
// station that was corrected, if the election has one.
//
//   ASHYQ_RESULTS_URL  a running `ashyq serve` of the publication (tests/cli/results_site.sh), or
//   ASHYQ_PUBLICATION  a publication directory to serve here (with ASHYQ_BIN, by `ashyq serve`).
// Skipped when neither is set.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { STRINGS } from '../i18n.js';
import { browser, getJson, openPage, pickStation, serve } from '../testing/harness.mjs';
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
