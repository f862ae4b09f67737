// The acceptance walk through the site, shared by the fixture test and the test of a real
// generated publication: national page with seats -> REC -> TEC -> station, its figures,
// signatures and version history; Russian and Kazakh; search by station number; screenshots.
import assert from 'node:assert/strict';
import { STRINGS, nameIn } from '../i18n.js';
import { screenshot } from './harness.mjs';

const EN = STRINGS.en;
const headingNamed = (page, text) => page.getByRole('heading', { name: text, exact: true });

// `pick`: { index, election, station } from harness.pickStation. `tag` prefixes screenshots.
export async function drillDown(page, base, pick, tag) {
  const { election, station: s } = pick;
  const nameOf = (n) => nameIn('en', n);

  // National page: the election's name, the seats table, the turnout by hour.
  await page.goto(base);
  await headingNamed(page, nameOf(election.name)).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  const seatsTable = page.locator('table', { has: page.locator('caption', { hasText: EN.seats }) });
  await seatsTable.waitFor();
  assert.ok(await seatsTable.locator('tbody tr').count() >= 2, 'the seats table lists the lists');
  if (pick.national.turnout?.length) await headingNamed(page, EN.turnoutByHour).waitFor();
  const childTable = page.locator('table').filter({ has: page.getByRole('link', { name: nameOf(s.path[1]?.name), exact: true }) });
  await childTable.waitFor();
  await screenshot(page, `${tag}-national`);

  // Down the path the station file names: REC (or TEC), TEC, then the station's number.
  for (const step of s.path.slice(1)) {
    await page.getByRole('link', { name: nameOf(step.name), exact: true }).first().click();
    await headingNamed(page, nameOf(step.name)).waitFor();
  }
  await page.getByRole('link', { name: `${EN.number} ${s.station.number}`, exact: true }).click();
  const title = EN.station.replace('{0}', s.station.number);
  await headingNamed(page, title).waitFor();
  assert.equal(new URL(page.url()).hash, `#/s/${s.station.id}`);

  // The page leads with the counted version: every figure of it, with its value.
  const counted = s.versions.find((v) => v.version === s.counted_version);
  assert.ok(counted, 'the station picked has a counted version');
  assert.equal(await page.locator('main h2').first().textContent(), EN.protocolCounted.replace('{0}', counted.version));
  const count = counted.signed_object.payload.contests[0];
  const figures = page.locator('table').filter({ has: page.locator('th', { hasText: EN.ballots_issued }) }).first();
  const issuedRow = figures.locator('tr', { has: page.getByRole('rowheader', { name: EN.ballots_issued, exact: true }) });
  assert.equal(digits(await issuedRow.locator('td').first().textContent()), String(count.ballots_issued));
  for (const f of ['registered_voters', 'ballots_received', 'ballots_cancelled', 'invalid_ballots']) {
    await figures.getByRole('rowheader', { name: EN[f], exact: true }).waitFor();
  }

  // Signatures: each signer's id and the short form of its key.
  await headingNamed(page, EN.signatures).waitFor();
  for (const sig of counted.signed_object.signatures) {
    const row = page.locator('tr', { has: page.locator('code', { hasText: sig.signer }) }).first();
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`${sig.public_key.slice(0, 8)}…${sig.public_key.slice(-8)}`));
  }

  // Version history: every version marked counted, refused or superseded; each correction's reason.
  await headingNamed(page, EN.versions).waitFor();
  const items = page.locator('ol.versions > li');
  assert.equal(await items.count(), s.versions.length);
  for (const v of s.versions) {
    const item = page.locator(`#v${v.version}`);
    const text = await item.textContent();
    const state = v.version === s.counted_version ? EN.countedVersion
      : v.version > s.counted_version ? EN.refused : EN.supersededBy.replace('{0}', v.superseded_by);
    assert.equal(await item.locator('.state').textContent(), state, text);
    const fix = v.signed_object.payload.correction;
    if (fix) {
      assert.ok(text.includes(fix.reason), `version ${v.version} shows its reason`);
      assert.ok(text.includes(fix.previous.slice(0, 8)), 'and the digest it replaces');
    }
  }
  await screenshot(page, `${tag}-station`);

  // Russian, then Kazakh: translated headings, remembered across a reload.
  await page.getByRole('button', { name: 'Русский' }).click();
  await headingNamed(page, STRINGS.ru.versions).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(STRINGS.ru.versions, 'История версий');
  await page.getByRole('button', { name: 'Қазақша' }).click();
  await headingNamed(page, STRINGS.kk.versions).waitFor();
  await headingNamed(page, STRINGS.kk.signatures).waitFor();
  assert.equal(STRINGS.kk.versions, 'Нұсқалар тарихы');
  await page.reload();
  await headingNamed(page, STRINGS.kk.station.replace('{0}', s.station.number)).waitFor();
  assert.equal(await page.locator('#langs button[aria-pressed=true]').textContent(), 'Қазақша');
  await screenshot(page, `${tag}-station-kk`);
  await page.getByRole('button', { name: 'English' }).click();
  await headingNamed(page, EN.versions).waitFor();

  // Search by the station's number finds it.
  await page.getByLabel(EN.searchLabel).fill(String(s.station.number));
  await page.getByRole('button', { name: EN.find }).click();
  await headingNamed(page, EN.searchResults.replace('{0}', s.station.number)).waitFor();
  await page.locator(`a[href="#/s/${s.station.id}"]`).click();
  await headingNamed(page, title).waitFor();
}

export const digits = (text) => text.replace(/\D/g, '');
