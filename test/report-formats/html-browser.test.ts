/**
 * The HTML report of the BEC scenario, opened in headless Chromium (one launch for the file):
 * the overview matches report.json, tables sort, filter and search, evidence links reach their
 * rows, injected markup in a subject and a search stays text and runs nothing, the
 * Content-Security-Policy holds, and the page loads nothing but itself. Saves the README's
 * screenshot (docs/img/report-overview.png) when it is missing or with UPDATE_SCREENSHOTS=1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runReport } from '../../src/case/report/index.js';
import { formatInstant } from '../../src/report/tables/time-zone.js';
import type { ReportDocument } from '../../src/report/types.js';
import { buildCase, FIXED_NOW, XSS_QUERY, XSS_SUBJECT, type Fixture } from './_fixture.js';

// The callbacks given to page.evaluate run in the page; the test's tsconfig has no DOM types.
declare const document: {
  addEventListener(type: string, listener: (e: { violatedDirective: string }) => void): void;
  querySelectorAll(selector: string): { length: number };
  body: { insertAdjacentHTML(where: string, markup: string): void };
};
declare const window: { __csp: string[]; __pwned?: number };

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOT = join(ROOT, 'docs/img/report-overview.png');
const TZ = 'Europe/Paris';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('HTML report in Chromium', () => {
  let fx: Fixture;
  let doc: ReportDocument;
  let url: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const failed: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    fx = await buildCase();
    const outDir = join(fx.dir, 'out');
    await runReport({
      caseDir: fx.caseDir,
      outDir,
      formats: ['html', 'json'],
      timeZone: TZ,
      title: 'BEC scenario',
      now: FIXED_NOW,
    });
    doc = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as ReportDocument;
    url = pathToFileURL(join(outDir, 'report.html')).href;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.violatedDirective));
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the overview figures of report.json, in the chosen zone', async () => {
    for (const [k, v] of Object.entries(doc.meta.counts)) {
      const shown = await page.getAttribute(`[data-count="${k}"]`, 'data-value');
      assert.equal(Number(shown), v, k);
      const text = await page.textContent(`[data-count="${k}"] .n`);
      assert.equal(Number(text!.replace(/,/g, '')), v, `${k} as shown`);
    }
    assert.equal(await page.textContent('#period-start'), formatInstant(doc.meta.period.start!, TZ));
    assert.equal(await page.textContent('#period-end'), formatInstant(doc.meta.period.end!, TZ));
    assert.match((await page.textContent('#tz'))!, /Europe\/Paris \(UTC\+01:00, UTC\+02:00\)/);
    const suspects = doc.sessions.filter((s) => s.suspect === true).length;
    assert.ok(suspects > 0);
    assert.equal(await page.locator('#suspects tbody tr').count(), suspects);
    assert.ok(await page.locator('#chart canvas').count(), 'the timeline is drawn');
  });

  it('sorts and filters a table client-side', async () => {
    const logons = page.locator('section[data-table="logons"]');
    const ipCells = () =>
      logons.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[4]!.textContent));
    await logons.locator('th[data-key="ip"]').click();
    const expected = doc.logons
      .map((l) => (l.ip as string | null) ?? '')
      .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0))
      .slice(0, 100);
    assert.deepEqual(await ipCells(), expected);
    await logons.locator('th[data-key="ip"]').click(); // descending
    const desc = await ipCells();
    assert.ok(desc[0]! >= desc[desc.length - 1]!, 'descending');

    const ip = fx.attackerIps[0]!;
    await logons.locator('input[data-key="ip"]').fill(ip);
    const rows = await ipCells();
    const want = doc.logons.filter((l) => l.ip === ip).length;
    assert.ok(want > 0);
    assert.equal(rows.length, want);
    assert.ok(rows.every((r) => r === ip));
    assert.match((await logons.locator('.status').textContent())!, new RegExp(`of ${want} \\(filtered from`));
    // Rows of suspect sessions are marked.
    assert.equal(await logons.locator('tbody tr.suspect').count(), want);
    await logons.locator('input[data-key="ip"]').fill('');
  });

  it('keeps injected markup as text: nothing runs, nothing loads', async () => {
    const reads = page.locator('section[data-table="reads"]');
    await reads.locator('input.search').fill('onerror');
    const cells = await reads.locator('tbody td').allTextContents();
    assert.ok(cells.includes(XSS_SUBJECT), 'the subject is shown as text');
    const searches = page.locator('section[data-table="searches"]');
    await searches.locator('input.search').fill('<script>');
    assert.ok((await searches.locator('tbody td').allTextContents()).some((c) => c.includes(XSS_QUERY)));
    // The overview and exposure rows are static HTML and the tables are DOM text: no element was
    // made from the data.
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 2, 'the data block and the report script only');
    assert.equal(await page.evaluate(() => document.querySelectorAll('[onerror], [onload]').length), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual([...new Set(requests)], [url], 'no request but the file itself');
  });

  it('links findings to their evidence rows', async () => {
    const link = page.locator('ol.findings a.ev').first();
    const id = (await link.getAttribute('data-ev'))!;
    await link.click();
    const hit = page.locator('tr.hit');
    await hit.waitFor();
    assert.equal(await hit.count(), 1);
    assert.ok((await hit.textContent())!.includes(id), 'the highlighted row cites the event');
    assert.ok(await hit.isVisible());
  });

  it('has a strict Content-Security-Policy that blocks injected handlers', async () => {
    const csp = (await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'))!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    // Positive control: markup added behind the report's back cannot run or load anything.
    await page.evaluate(() =>
      document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__pwned = 1">'),
    );
    await page.waitForFunction(() => window.__csp.length > 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    const violated = await page.evaluate(() => window.__csp);
    assert.ok(violated.includes('img-src'), `img-src enforced (${violated.join(', ')})`);
    assert.deepEqual(dialogs, []);
    // Chromium reports the blocked attempt as a request that failed.
    assert.deepEqual(
      requests.filter((r) => r !== url),
      failed,
    );
  });

  it('saves the overview screenshot', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
    try {
      await fresh.goto(url);
      await fresh.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      const path =
        process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(SCREENSHOT)
          ? SCREENSHOT
          : join(fx.dir, 'report-overview.png');
      mkdirSync(resolve(path, '..'), { recursive: true });
      await fresh.screenshot({ path });
      assert.ok(existsSync(path));
    } finally {
      await fresh.close();
    }
  });
});
