// The results site on the hand-made fixture publication (test/fixture, testing/make_fixture.mjs):
// the acceptance walk, plus what the fixture is built to show — a correction with its reason
// and changed figures, a protocol without quorum, a station not yet reported, a revised
// turnout report, a search number shared by two regions, unknown pages, and the bytes a phone
// downloads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { STRINGS } from '../i18n.js';
import { SITE_DIR, browser, openPage, pickStation, screenshot, serve } from '../testing/harness.mjs';
import { digits, drillDown } from '../testing/drilldown.mjs';

const EN = STRINGS.en;
let server;
let chrome;
before(async () => {
  server = await serve(join(SITE_DIR, 'test', 'fixture'));
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.close();
});

test('national page, drill-down to a corrected station, languages, search', async () => {
  const { page, problems } = await openPage(chrome.context);
  const pick = await pickStation(server.url);
  assert.equal(pick.station.station.id, 'ps-north-0002', 'the fixture station with a correction');
  await drillDown(page, server.url, pick, 'fixture');
  assert.deepEqual(problems, []);
  await page.close();
});

test('seats, threshold and the computation on the national page', async () => {
  const { page, problems } = await openPage(chrome.context);
  await page.goto(server.url);
  const seats = page.locator('table', { has: page.locator('caption', { hasText: EN.seats }) });
  const unity = seats.locator('tr', { has: page.getByRole('rowheader', { name: 'Unity Party', exact: true }) });
  assert.equal(digits(await unity.locator('td').last().textContent()), '6');
  await page.getByText('A list needs at least 141 votes').waitFor();
  await page.getByText(EN.computation).click();
  await page.getByText('Remaining seat 10 to list-farmers').waitFor();
  await page.getByText('Polling stations counted: 4 of 6').first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a correction lists the figures it changed', async () => {
  const { page, problems } = await openPage(chrome.context);
  await page.goto(`${server.url}#/s/ps-north-0002`);
  const v2 = page.locator('#v2');
  await v2.getByText('10 ballots for the Green Party had been counted for the Unity Party').waitFor();
  await v2.getByText('decision-tec-north-01-2024-03-18-1').waitFor();
  const changed = v2.locator('table', { has: page.locator('caption', { hasText: EN.changed }) });
  const greens = changed.locator('tr', { has: page.getByRole('rowheader', { name: /^Majilis election: Green Party$/ }) });
  const [before, after] = (await greens.locator('td').allTextContents()).map((x) => Number(x.replace(/\D/g, '')));
  assert.equal(after - before, 10);
  assert.match(await page.locator('#v1').textContent(), /superseded by version 2/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a protocol without quorum, a station not reported, a revised turnout report', async () => {
  const { page, problems } = await openPage(chrome.context);
  await page.goto(`${server.url}#/s/ps-north-0003`);
  const refusal = page.locator('section.refusal');
  await refusal.getByText('Only 2 of the 5 members of the precinct commission signed version 1').waitFor();
  await refusal.locator('details code', { hasText: /^R-D3\.quorum$/ }).waitFor({ state: 'attached' });
  assert.equal(await page.getByRole('heading', { name: EN.signatures }).count(), 0, 'no signatures of a counted version');
  await page.goto(`${server.url}#/s/ps-south-0101`);
  await page.getByText(EN.noProtocol).waitFor();
  assert.equal(await page.getByRole('heading', { name: EN.versions }).count(), 0);
  await page.goto(`${server.url}#/s/ps-north-0001`);
  await page.getByText(`${EN.revision} (2)`).waitFor();
  await page.goto(`${server.url}#/c/tec-south-01`);
  const row = page.locator('tr', { has: page.locator('a[href="#/s/ps-south-0101"]') });
  assert.match(await row.textContent(), /not counted/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('search: a number two regions share, a number nobody has, an unknown page', async () => {
  const { page, problems } = await openPage(chrome.context);
  await page.goto(`${server.url}#/search/1`);
  await page.locator('a[href="#/s/ps-north-0001"]').waitFor();
  await page.locator('a[href="#/s/ps-south-0001"]').waitFor();
  assert.equal(await page.locator('ul.found li').count(), 2);
  await page.goto(`${server.url}#/search/101`);
  await page.locator('a[href="#/s/ps-south-0101"]').waitFor();
  await page.goto(`${server.url}#/search/55`);
  await page.getByText('No polling station No. 55').waitFor();
  await page.goto(`${server.url}#/c/no-such-commission`);
  await page.getByRole('heading', { name: EN.notFound }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a phone on a slow connection: few requests, a small shell, readable without scrolling sideways', async () => {
  const phone = await browser({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    const { page, problems } = await openPage(phone.context);
    const cdp = await phone.context.newCDPSession(page);
    await cdp.send('Network.enable');
    // Slow 3G as Chrome's tools define it: 400 ms, 500 kbit/s down.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400,
      downloadThroughput: 500 * 1024 / 8, uploadThroughput: 500 * 1024 / 8 });
    const requests = [];
    page.on('requestfinished', async (r) => {
      const sizes = await r.sizes();
      requests.push({ url: r.url().replace(server.url, ''), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
    });
    const started = Date.now();
    await page.goto(`${server.url}#/s/ps-north-0002`);
    await page.getByRole('heading', { name: EN.versions }).waitFor();
    const ms = Date.now() - started;
    const shell = requests.filter((r) => !r.url.endsWith('.json') && !r.url.includes('/data/'));
    const shellBytes = shell.reduce((a, r) => a + r.bytes, 0);
    console.log(`phone, slow 3G: station page in ${ms} ms, ${requests.length} requests, shell ${shellBytes} bytes on the wire`);
    assert.deepEqual(requests.map((r) => r.url).filter((u) => u.endsWith('.json')).map((u) => u.replace(/-[0-9a-f]{64}/, '')).sort(),
      ['data/election.json', 'data/station/ps-north-0002.json', 'data/stations.json', 'index.json']);
    assert.ok(shellBytes < 30 * 1024, `shell ${shellBytes} bytes`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await screenshot(page, 'fixture-station-phone');
    assert.deepEqual(problems, []);
  } finally {
    await phone.close();
  }
});

test('the station map is read only for a station no page seen has linked, and once', async () => {
  const { page, problems } = await openPage(chrome.context);
  let mapFetched = 0;
  await page.route('**/data/stations-*.json', (route) => { mapFetched++; return route.fallback(); });
  await page.goto(`${server.url}#/c/tec-north-01`);
  await page.locator('a[href="#/s/ps-north-0002"]').click();
  await page.getByRole('heading', { name: EN.versions }).waitFor();
  assert.equal(mapFetched, 0, 'the TEC page told where the station file is');
  await page.goto(`${server.url}#/s/ps-south-0007`);
  await page.getByRole('heading', { name: EN.station.replace('{0}', 7) }).waitFor();
  await page.goto(`${server.url}#/s/ps-south-0001`);
  await page.getByRole('heading', { name: EN.station.replace('{0}', 1) }).waitFor();
  assert.equal(mapFetched, 1, 'a station not linked from a page seen reads the stations file, once');
  assert.deepEqual(problems, []);
  await page.close();
});
