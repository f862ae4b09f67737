// Shared by the results-site tests: a server for a publication directory, Debian's Chromium
// driven by playwright-core, and the publication read the way the site reads it.
//
// Environment:
//   ASHYQ_BIN            the ashyq binary: tests start `ashyq serve DIR --port 0` (the real server)
//   ASHYQ_ARTIFACTS_DIR  where screenshots go (default: a temp dir)
//   CHROMIUM             the browser (default /usr/bin/chromium)
// Without ASHYQ_BIN a tiny node server stands in for `ashyq serve`, so the site can be worked on
// before the binary is built; the CTest entry (tests/cli/results_site.sh) always sets it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const SITE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));  // web/results
export const ARTIFACTS = process.env.ASHYQ_ARTIFACTS_DIR || mkdtempSync(join(tmpdir(), 'ashyq-site-artifacts-'));
mkdirSync(ARTIFACTS, { recursive: true });

// Serves `dir`; resolves to { url, close() }. `url` ends in '/'.
export async function serve(dir) {
  return process.env.ASHYQ_BIN ? serveWithAshyq(dir) : serveWithNode(dir);
}

async function serveWithAshyq(dir) {
  const child = spawn(process.env.ASHYQ_BIN, ['serve', dir, '--port', '0', '--bind', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ashyq serve printed no URL in 10 s: ${out}${err}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/[^\s]+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`ashyq serve exited ${code}: ${err}`)); });
  });
  return {
    url,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.removeAllListeners('exit');
      child.on('exit', (code, signal) => resolve(code ?? signal));
      child.kill('SIGINT');
    }),
  };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.jsonl': 'application/jsonl',
  '.csv': 'text/csv; charset=utf-8' };
async function serveWithNode(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const rel = path === '/' ? 'index.html' : normalize(path).replace(/^\/+/, '');
    if (rel.split('/').some((s) => s === '..' || s.startsWith('.'))) { res.writeHead(404).end(); return; }
    const site = !rel.includes('/') && /\.(html|js|css)$/.test(rel);
    const file = join(site ? SITE_DIR : dir, rel);
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      const type = TYPES[extname(file)] || 'application/octet-stream';
      const body = readFileSync(file);
      if (/gzip/.test(req.headers['accept-encoding'] || '') && /^(text|application\/json)/.test(type)) {
        res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': 'gzip' }).end(gzipSync(body));
      } else {
        res.writeHead(200, { 'Content-Type': type }).end(body);
      }
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

// Chromium as the machine notes prescribe: headless, no sandbox (root), no background network,
// a fresh profile. Returns { context, close() }.
export async function browser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'ashyq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  return {
    context,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

// A page that records script errors and failed requests, which every test asserts are none.
export async function openPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return { page, problems };
}

export async function getJson(base, path) {
  const r = await fetch(new URL(path, base));
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

// Which station a drill-down test visits (the first with a correction, i.e. more than one
// version, else the first accepted one), with the election and national files it is read with.
export async function pickStation(base) {
  const index = await getJson(base, 'index.json');
  const entries = Object.entries((await getJson(base, index.files.stations)).stations);
  let chosen = null;
  for (const [id, file] of entries) {
    const s = await getJson(base, file);
    if (s.versions.length > 1) { chosen = s; break; }
    if (!chosen && s.accepted) chosen = s;
    if (entries.length > 200 && chosen) break;  // a national publication: do not read them all
  }
  if (!chosen) throw new Error('no station with an accepted protocol in the publication');
  const [election, national] = await Promise.all([getJson(base, index.files.election), getJson(base, index.files.national)]);
  return { index, election, national, station: chosen };
}

export const screenshot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

// axe-core's WCAG 2.0 and 2.1 A and AA rules on the page as it stands: the violations, each as
// "rule: help (first nodes)". The script goes in through the DevTools protocol, which the
// site's Content-Security-Policy does not govern.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export async function accessibilityViolations(page) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
  });
}

// What sticks out sideways: the page wider than the window, or a table of the page whose box
// is not inside the window. [] when everything fits.
export async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out = [];
    const page = document.documentElement.scrollWidth;
    if (page > width) out.push(`the page is ${page} px wide in a ${width} px window`);
    document.querySelectorAll('main table').forEach((t) => {
      const r = t.getBoundingClientRect();
      const name = t.querySelector('caption')?.textContent || t.closest('section')?.querySelector('h2')?.textContent || 'a table';
      if (r.left < -0.5 || r.right > width + 0.5) out.push(`"${name}" spans ${Math.round(r.left)}..${Math.round(r.right)} px of ${width}`);
    });
    return out;
  });
}

// Switches the site's language with its buttons and waits for the page to be drawn again.
const BUTTONS = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
export async function setLanguage(page, lang) {
  await page.getByRole('button', { name: BUTTONS[lang] }).click();
  await page.locator(`html[lang=${lang}]`).waitFor();
  await page.locator('main:not([aria-busy]) h1').waitFor();
}

// The text a reader sees in `locator`, without folded <details>, identifiers (<code>) and text
// marked as written in English (lang="en": a correction's reason, the server's message); `also`
// is a further selector to leave out (', .files').
export const plainText = (locator, also = '') => locator.evaluate((el, more) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll(`details, [lang=en], code${more}`).forEach((x) => x.remove());
  return copy.textContent.replace(/\s+/g, ' ').trim();
}, also);

// Goes to `hash` on the page already open and waits until it has drawn.
export async function visit(page, base, hash) {
  if (!page.url().startsWith(base)) await page.goto(base);
  await page.evaluate((h) => new Promise((done) => {
    if (location.hash === h) { done(); return; }
    window.addEventListener('hashchange', () => done(), { once: true });
    location.hash = h;
  }), hash);
  await page.locator('main:not([aria-busy]) h1').waitFor();
}
