/**
 * Golden files for the Magic Unicorn TSVs and report.json on test/fixtures/report/small.csv.
 * Regenerate with UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/report/golden
 * (after node --import tsx test/fixtures/report/make-small-csv.ts if the fixture changes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runReport, runUnicorn } from '../../src/case/report/index.js';
import { UNICORN_TABLES } from '../../src/analyses/unicorn/unicorn-tables.js';
import { parseTsvLine } from '../../src/report/tsv.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/report/small.csv');
const GOLDEN = join(ROOT, 'test/fixtures/report/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const TABLES = Object.keys(UNICORN_TABLES) as (keyof typeof UNICORN_TABLES)[];

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`,
  );
}

test('unicorn TSVs match their golden files', async () => {
  const out = mkdtempSync(join(tmpdir(), 'mt-unicorn-'));
  const r = await runUnicorn({ inputs: [FIXTURE], outDir: out, title: 'small' });
  assert.deepEqual(r.modes, ['fast']);
  for (const t of TABLES) golden(`small-${t}.tsv`, readFileSync(join(out, `small-${t}.tsv`), 'utf8'));
  // Only the five reports are left: temporary files were renamed.
  assert.deepEqual(readdirSync(out).sort(), TABLES.map((t) => `small-${t}.tsv`).sort());
});

test('unicorn TSVs: fixed headers with newline, every logon type, own-session IPs, exact values', async () => {
  const out = mkdtempSync(join(tmpdir(), 'mt-unicorn-'));
  await runUnicorn({ inputs: [FIXTURE], outDir: out, title: 't' });
  const read = (t: string) => readFileSync(join(out, `t-${t}.tsv`), 'utf8');
  const logons = read('logon-activity').split('\n');
  assert.equal(logons[0], 'Date\tTime\tSource IP\tLogon Type\tApp Type\tUser\tClient');
  assert.deepEqual(
    logons.slice(1, -1).map((l) => parseTsvLine(l)[4]),
    ['Outlook', 'Outlook', 'Web', 'Web', 'IMAP4', 'POP3', 'MacOutlook'],
  );
  assert.ok(logons[1]!.includes('(Windows NT 10.0; Microsoft Outlook 16.0.9330; Pro)'), 'semicolons kept');
  const search = read('search-activity').split('\n').slice(1, -1).map(parseTsvLine);
  assert.equal(read('search-activity').split('\n')[0], 'Date\tTime\tPlatform\tQuery\tLast Login ip');
  assert.deepEqual(
    search.map((r) => r[3]),
    ['i', 'inv', 'invoice', 'invoice', 'wire "now"; don\'t\ttab'],
  );
  assert.ok(search.every((r) => r[4] === '185.220.101.34'));
  const reads = read('read-activity-by-time').split('\n').slice(1, -1).map(parseTsvLine);
  // The owner read ITEM-Q from the office at 09:21:04, between the attacker's logon and reads:
  // the attacker's reads still carry the attacker's IP.
  assert.ok(reads.every((r) => r[7] === '185.220.101.34'));
  assert.equal(reads[0]![4], 'Invoice 4471 - payment due', 'resolved through the moved item id');
  assert.equal(reads[2]![4], 'Re: "Urgent"\tvendor statement, March; it\'s due\nnow');
  assert.equal(reads[2]![5], "o'brien@vendor.example");
  assert.equal(reads[4]![4], '📎 請求書 שלום עולם \\ backslash');
  assert.equal(reads[5]![4], 'No Data');
  const att = read('attachments-activity').split('\n').slice(1, -1).map(parseTsvLine);
  assert.deepEqual(
    att.map((r) => [r[2], r[6], r[7]]),
    [
      ['Web', 'Download', '185.220.101.34'],
      ['Outlook', 'Open', '203.0.113.10'],
    ],
  );
  const byItem = read('read-activity-by-item').split('\n');
  assert.equal(byItem[0], 'ITEM-INV-2');
  assert.equal(byItem[1], UNICORN_TABLES['read-activity-by-item'].join('\t'));
});

test('the fast CSV scan and the full reader give identical reports; spilling keeps by-item order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-'));
  const gz = join(dir, 'small.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
  const fast = join(dir, 'fast');
  const full = join(dir, 'full');
  const spill = join(dir, 'spill');
  await runUnicorn({ inputs: [FIXTURE], outDir: fast, title: 'x' });
  const r = await runUnicorn({ inputs: [gz], outDir: full, title: 'x' });
  assert.deepEqual(r.modes, ['full']);
  await runUnicorn({ inputs: [FIXTURE], outDir: spill, title: 'x', spillChars: 50 });
  for (const t of TABLES) {
    const a = readFileSync(join(fast, `x-${t}.tsv`), 'utf8');
    assert.equal(readFileSync(join(full, `x-${t}.tsv`), 'utf8'), a, t);
    assert.equal(readFileSync(join(spill, `x-${t}.tsv`), 'utf8'), a, t);
  }
});

test('report.json matches its golden file', async () => {
  const out = mkdtempSync(join(tmpdir(), 'mt-report-'));
  const r = await runReport({
    inputs: [FIXTURE],
    outDir: out,
    formats: ['json'],
    title: 'small',
    now: () => new Date('2026-01-01T00:00:00.000Z'),
  });
  const text = readFileSync(join(out, 'report.json'), 'utf8').split(ROOT).join('<root>');
  golden('report.json', text);
  const doc = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(doc), [
    'meta',
    'logons',
    'sessions',
    'searches',
    'reads',
    'attachments',
    'actions',
    'findings',
    'ruleSummaries',
    'signIns',
    'exposure',
  ]);
  const s = r.summary!;
  assert.deepEqual(s.suspects.map((x) => x.sessionId).sort(), [
    'atk-owa',
    'atk-srv',
    'clean-1',
    'imap-1',
    'pop-1',
    'sent-1',
  ]);
  assert.deepEqual(s.exposure!.searches, ['invoice', 'wire "now"; don\'t\ttab']);
  assert.match(JSON.stringify(doc.meta), /IP Geolocation by DB-IP/);
});
