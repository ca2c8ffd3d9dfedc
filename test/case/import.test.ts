import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importFiles, initCase, openCase } from '../../src/case/index.js';
import { CrowdStrikeCsvWriter } from '../../src/sources/activities-files/crowdstrike-csv-writer.js';
import type { Activity } from '../../src/sources/activities-api/activity.js';
import { readFileSync } from 'node:fs';
import { cli, fixture, tempDir } from './_cli.js';

async function counts(dir: string) {
  const h = await openCase(dir, { readOnly: true });
  try {
    const [row] = await h.store.all(
      'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(DISTINCT id) FROM events) AS ids, ' +
        '(SELECT count(*) FROM issues) AS issues, (SELECT count(*) FROM runs) AS runs',
    );
    return row as { events: number; ids: number; issues: number; runs: number };
  } finally {
    await h.close();
  }
}

async function jsonImport(dir: string, ...args: string[]) {
  const r = await cli(['import', '--case', dir, '--json', '-q', ...args]);
  return { ...r, summary: r.stdout ? JSON.parse(r.stdout) : null };
}

test('imports each format: NDJSON, JSON page, bare array, emulator data set, CrowdStrike CSV', async () => {
  const tmp = tempDir();
  const csv = join(tmp, 'export.csv');
  const w = CrowdStrikeCsvWriter.toFile(csv);
  for (const line of readFileSync(fixture('activities.ndjson'), 'utf8').split('\n').slice(0, 7))
    await w.write(JSON.parse(line) as Activity);
  await w.end();
  const expect = {
    'activities.ndjson': ['activities-ndjson', 8],
    'page.json': ['activities-json', 7],
    'bare-array.json': ['activities-json', 5],
    'dataset.json': ['emulator-dataset', 14],
  } as const;
  for (const [name, [format, events]] of Object.entries(expect)) {
    const dir = join(tmp, name);
    const r = await jsonImport(dir, fixture(name));
    assert.equal(r.code, 0, r.stderr);
    const u = r.summary.units[0];
    assert.equal(u.format, format);
    assert.equal(u.inserted, events, name);
    assert.equal((await counts(dir)).events, events);
  }
  const dir = join(tmp, 'csv');
  const r = await jsonImport(dir, csv);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.summary.units[0].format, 'crowdstrike-csv');
  assert.equal(r.summary.units[0].inserted, 7);
  // The same activities from CSV and from the JSON page get the same ids.
  const again = await jsonImport(dir, fixture('page.json'));
  assert.equal(again.summary.units[0].inserted, 0);
  assert.equal(again.summary.units[0].duplicates, 7);
  const h = await openCase(dir, { readOnly: true });
  const adapters = await h.store.all('SELECT DISTINCT adapter FROM events');
  assert.deepEqual(adapters, [{ adapter: 'activities-csv' }]);
  await h.close();
});

test('mailbox: inferred when ServerLogon UserNames agree, refused when they conflict or are absent', async () => {
  const tmp = tempDir();
  let r = await jsonImport(join(tmp, 'a'), fixture('activities.ndjson'));
  assert.deepEqual(r.summary.units[0].mailboxes, ['ap.clerk@contoso.example']);
  r = await jsonImport(join(tmp, 'b'), fixture('conflict.ndjson'));
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /name several accounts \(ap\.clerk@contoso\.example \(3 logons\), attacker@evil\.example \(1 logon\)\).*pass --mailbox UPN/,
  );
  assert.equal((await counts(join(tmp, 'b'))).events, 0);
  r = await jsonImport(join(tmp, 'b'), '--mailbox', 'AP.Clerk@contoso.example', fixture('conflict.ndjson'));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.summary.units[0].mailboxes, ['ap.clerk@contoso.example']);
  r = await jsonImport(join(tmp, 'c'), fixture('no-logon.ndjson'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no ServerLogon record names an account.*pass --mailbox UPN/);
  // The data set's own mailbox names win over --mailbox.
  r = await jsonImport(join(tmp, 'd'), '--mailbox', 'someone@else.example', fixture('dataset.json'));
  assert.deepEqual(r.summary.units[0].mailboxes, ['ap.clerk@contoso.example', 'cfo@contoso.example']);
});

test('re-import and overlapping files store each event once; the summary says new vs present', async () => {
  const dir = join(tempDir(), 'c');
  let r = await jsonImport(dir, fixture('activities.ndjson'));
  assert.deepEqual([r.summary.units[0].inserted, r.summary.units[0].duplicates], [8, 0]);
  r = await jsonImport(dir, fixture('activities.ndjson'), fixture('page.json'), fixture('bare-array.json'));
  assert.deepEqual(
    r.summary.units.map((u: { inserted: number; duplicates: number }) => [u.inserted, u.duplicates]),
    [
      [0, 8],
      [0, 7],
      [2, 3],
    ],
  );
  assert.match(r.stderr, /5 records read, 2 new events, 3 already present/);
  const c = await counts(dir);
  assert.equal(c.events, 10);
  assert.equal(c.ids, 10);
  assert.equal(c.runs, 4);
  // The evidence copy of the re-imported file is stored once.
  const h = await openCase(dir, { readOnly: true });
  assert.equal(h.manifest.evidence.length, 3);
  await h.close();
});

test('identical records in one file are all kept (occurrence 0, 1, …) and stay idempotent', async () => {
  const dir = join(tempDir(), 'c');
  await jsonImport(dir, fixture('activities.ndjson'));
  const h = await openCase(dir, { readOnly: true });
  const reads = await h.store.all(
    "SELECT id, locator->>'row' AS row FROM events WHERE operation = 'ReadingPaneDisplayStart' ORDER BY CAST(locator->>'row' AS INTEGER)",
  );
  await h.close();
  assert.equal(reads.length, 2);
  assert.notEqual(reads[0]!.id, reads[1]!.id);
  assert.deepEqual(
    reads.map((r) => r.row),
    ['4', '8'],
  );
  const again = await jsonImport(dir, fixture('activities.ndjson'));
  assert.equal(again.summary.units[0].inserted, 0);
});

test('malformed rows become issues naming file, row and field; counted in the summary', async () => {
  const dir = join(tempDir(), 'c');
  const r = await jsonImport(dir, fixture('activities.ndjson'));
  assert.equal(r.code, 0);
  assert.deepEqual(r.summary.units[0].issues, {
    'activities.timestamp.invalid': 1,
    'activities.ndjson.invalid_json': 1,
  });
  assert.match(
    r.stderr,
    /first issue: TimeStamp is not an ISO 8601 date-time: "not a time" \(evidence\/imports\/[0-9a-f]{12}-activities\.ndjson row 9 .*column TimeStamp\)/,
  );
  const h = await openCase(dir, { readOnly: true });
  const issues = await h.store.all(
    'SELECT code, file, "row", column_name, run_id FROM issues ORDER BY "row"',
  );
  await h.close();
  assert.equal(issues.length, 2);
  assert.match(String(issues[0]!.file), /^evidence\/imports\/[0-9a-f]{12}-activities\.ndjson$/);
  assert.deepEqual(
    [issues[0]!.code, issues[0]!.row, issues[0]!.column_name],
    ['activities.timestamp.invalid', 9, 'TimeStamp'],
  );
  assert.equal(issues[0]!.run_id, r.summary.units[0].runId);
});

test('--strict: any issue rejects the file, nothing is stored, exit 3', async () => {
  const dir = join(tempDir(), 'c');
  const r = await jsonImport(dir, '--strict', fixture('activities.ndjson'), fixture('bare-array.json'));
  assert.equal(r.code, 3);
  assert.match(r.stderr, /REJECTED \(--strict; nothing stored\)/);
  assert.match(
    r.stderr,
    /--strict: 1 file\(s\) had issues and were not imported: .*activities\.ndjson \(2 issue\(s\); first: TimeStamp is not/,
  );
  assert.deepEqual(
    r.summary.units.map((u: { status: string }) => u.status),
    ['rejected', 'imported'],
  );
  const c = await counts(dir);
  assert.deepEqual([c.events, c.issues, c.runs], [5, 0, 1]);
  const ledger = readFileSync(join(dir, 'ledger.jsonl'), 'utf8');
  assert.match(ledger, /"action":"import.rejected"/);
});

test('events carry the run id as ingestId and the evidence path in their locator', async () => {
  const dir = join(tempDir(), 'c');
  const handle = await initCase(dir);
  const summary = await importFiles(handle, [fixture('page.json')]);
  const events = [];
  for await (const e of handle.store.readEvents({ kinds: ['auth.logon'] })) events.push(e);
  await handle.close();
  assert.equal(events.length, 2);
  assert.equal(events[0]!.source.ingestId, summary.units[0]!.runId);
  assert.equal(events[0]!.source.adapter, 'activities-json');
  assert.match(events[0]!.source.locator.file!, /^evidence\/imports\/[0-9a-f]{12}-page\.json$/);
  assert.equal(events[0]!.ip, '203.0.113.7');
});
