/**
 * The Activities retriever against the emulator over loopback HTTP: completeness, no duplicates,
 * fault tolerance, evidence and ledger, errors, and credential hygiene.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runFetchActivities, type FetchActivitiesRunOptions } from '../../src/case/fetch/index.js';
import { runCommand } from '../../src/cli/run.js';
import { openCase } from '../../src/case/open-case.js';
import { HttpClient } from '../../src/sources/_http/client.js';
import { bearerToken } from '../../src/sources/_http/credentials.js';
import { requestPage, type AttemptRecord } from '../../src/sources/activities-api/request.js';
import type { SourceError } from '../../src/errors.js';
import { makeActivities } from './_dataset.js';
import { collector, keptRecords, listFiles, tempDir } from './_harness.js';

const TOKEN = 'tok-SECRET-3b9f1c';
const A = 'a.user@contoso.example';
const B = 'b.user@contoso.example';
const DATA = { mailboxes: { [A]: makeActivities(4321, 1), [B]: makeActivities(1500, 2) } };
const FAST = { baseMs: 5, maxMs: 50 };

function options(
  emu: RunningEmulator,
  dir: string,
  over: Partial<FetchActivitiesRunOptions> = {},
): FetchActivitiesRunOptions {
  return {
    mailboxes: [A],
    start: undefined,
    end: undefined,
    types: [],
    caseDir: undefined,
    outDir: join(dir, 'acq'),
    csv: undefined,
    baseUrl: emu.url,
    concurrency: 6,
    slices: 12,
    timeoutMs: 10_000,
    maxAttempts: 30,
    resume: false,
    token: TOKEN,
    basicUser: undefined,
    env: {},
    argv: ['fetch', 'activities', '--token', TOKEN],
    backoff: FAST,
    ...over,
  };
}

const ids = (recs: { record: Record<string, unknown> }[]) => recs.map((r) => r.record.Id as string);

test('retrieves every record of a mailbox exactly once, in time order, keeping every page as evidence', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchActivities(options(emu, dir));
  assert.equal(r.summary.complete, true);
  const kept = await keptRecords(r.acquisitionDir);
  const got = ids(kept);
  assert.equal(new Set(got).size, got.length, 'no duplicates');
  assert.deepEqual([...got].sort(), DATA.mailboxes[A].map((a) => a.Id!).sort(), 'no gaps');
  const times = kept.map((k) => k.record.TimeStamp as string);
  assert.deepEqual(times, [...times].sort(), 'ascending time');
  assert.equal(r.summary.mailboxes[0]!.records, 4321);
  // Every page file's hashes in the summary match the bytes on disk.
  for (const p of r.summary.pages) {
    const gz = await readFile(join(r.acquisitionDir, p.file));
    assert.equal(createHash('sha256').update(gz).digest('hex'), p.sha256);
    assert.equal(createHash('sha256').update(gunzipSync(gz)).digest('hex'), p.bodySha256);
  }
  const ledger = (await readFile(join(r.acquisitionDir, 'ledger.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const requests = ledger.filter((e) => e.type === 'request');
  assert.equal(requests.length, r.summary.requests);
  assert.ok(requests.every((e) => e.status === 200 && typeof e.durationMs === 'number' && e.attempt === 1));
  const slices = ledger.filter((e) => e.type === 'slice');
  assert.equal(
    slices.reduce((n, s) => n + s.received, 0),
    4321,
  );
});

test('filters by start, end and types exactly as the CrowdStrike retriever did', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const start = '2018-02-01T00:00:00.000Z';
  const end = '2018-04-15T12:00:00.000Z';
  const types = ['Delete', 'ServerLogon'];
  const r = await runFetchActivities(options(emu, dir, { start, end, types }));
  const expected = DATA.mailboxes[A].filter(
    (a) => a.TimeStamp >= start && a.TimeStamp <= end && types.includes(a.ActivityIdType),
  );
  assert.deepEqual(ids(await keptRecords(r.acquisitionDir)).sort(), expected.map((a) => a.Id!).sort());
});

test('under every fault mode at once the result is complete, duplicate-free and identical to a clean run', async (t) => {
  const clean = await startEmulator({ data: DATA, token: TOKEN });
  t.after(() => clean.close());
  const faulty = await startEmulator({
    data: DATA,
    token: TOKEN,
    faults: { seed: 11, latencyMs: 2, latencyJitterMs: 3, failRate: 0.2, resetRate: 0.15 },
    throttle: { limit: 15, windowSeconds: 1 },
  });
  t.after(() => faulty.close());
  const dir = await tempDir(t);
  const a = await runFetchActivities(options(clean, dir, { mailboxes: [A, B], outDir: join(dir, 'clean') }));
  const b = await runFetchActivities(
    options(faulty, dir, { mailboxes: [A, B], outDir: join(dir, 'faulty') }),
  );
  assert.equal(b.summary.complete, true);
  assert.ok(b.summary.retries > 0, 'faults happened and were retried');
  const stats = faulty.stats();
  // Whether 15 requests a second are reached depends on the machine's speed; the 429 path has
  // its own test below.
  assert.ok(stats.faults.failed > 0 && stats.faults.reset > 0, JSON.stringify(stats.faults));
  const got = await keptRecords(b.acquisitionDir);
  assert.equal(new Set(ids(got)).size, got.length);
  assert.deepEqual(ids(got), ids(await keptRecords(a.acquisitionDir)), 'same records in the same order');
  assert.deepEqual(
    b.summary.pages.map((p) => p.bodySha256),
    a.summary.pages.map((p) => p.bodySha256),
    'byte-identical pages',
  );
  const ledger = (await readFile(join(b.acquisitionDir, 'ledger.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const statuses = new Set(ledger.filter((e) => e.type === 'request').map((e) => e.status));
  assert.ok(statuses.has(429) && (statuses.has(500) || statuses.has(503)), [...statuses].join(','));
  assert.ok(ledger.some((e) => e.type === 'request' && e.waitMs !== undefined && e.attempt >= 1));
});

test('429: every throttled attempt is in the ledger and waits the Retry-After the server asked for', async (t) => {
  // Six parallel slices against a limit of two requests a second: the burst is throttled however
  // fast or slow the machine is.
  const emu = await startEmulator({ data: DATA, token: TOKEN, throttle: { limit: 2, windowSeconds: 1 } });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchActivities(options(emu, dir, { slices: 6, backoff: { baseMs: 5, maxMs: 5_000 } }));
  assert.equal(r.summary.complete, true);
  assert.deepEqual(
    ids(await keptRecords(r.acquisitionDir)).sort(),
    DATA.mailboxes[A].map((a) => a.Id!).sort(),
  );
  const ledger = (await readFile(join(r.acquisitionDir, 'ledger.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; status?: number; waitMs?: number });
  const throttled = ledger.filter((e) => e.type === 'request' && e.status === 429);
  assert.ok(throttled.length > 0, 'the burst was throttled');
  assert.equal(throttled.length, emu.stats().faults.throttled, 'every 429 is in the ledger');
  for (const e of throttled) assert.ok((e.waitMs ?? 0) >= 1000, `waited ${e.waitMs} ms, Retry-After is 1 s`);
});

test('a retrieval that cannot complete says which slices are missing, writes no CSV and exits 3', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN, faults: { seed: 3, failRate: 1 } });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = collector();
  const err = collector();
  const code = await runCommand(
    [
      'fetch',
      'activities',
      '--base-url',
      emu.url,
      '--user',
      A,
      '--out',
      join(dir, 'acq'),
      '--csv',
      join(dir, 'a.csv'),
      '--max-attempts',
      '2',
      '--timeout',
      '5',
    ],
    { stdout: out.stream, stderr: err.stream, env: { OAUTH_TOKEN: TOKEN } },
  );
  assert.equal(code, 3, err.text());
  assert.match(err.text(), /INCOMPLETE/);
  assert.match(err.text(), /MISSING|could not be probed/);
  assert.ok(!existsSync(join(dir, 'a.csv')));
  const summary = JSON.parse(await readFile(join(dir, 'acq', 'acquisition.json'), 'utf8'));
  assert.equal(summary.complete, false);
  assert.ok(summary.mailboxes[0].missingSlices.length > 0);
});

test('401 reports the x-ms-diagnostics reason; 403 names the refused mailbox and the others still complete', async (t) => {
  const emu = await startEmulator({
    data: DATA,
    credentials: { tokens: { [TOKEN]: { user: A, mailboxes: [A] } } },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  await assert.rejects(runFetchActivities(options(emu, dir, { token: 'wrong-token' })), (e: Error) => {
    assert.match(e.message, /401 Unauthorized: .+/);
    assert.ok(!e.message.includes('wrong-token'));
    return true;
  });
  const r = await runFetchActivities(options(emu, dir, { mailboxes: [A, B], outDir: join(dir, 'acq2') }));
  assert.equal(r.summary.complete, false);
  const a = r.summary.mailboxes.find((m) => m.mailbox === A)!;
  const b = r.summary.mailboxes.find((m) => m.mailbox === B)!;
  assert.equal(a.complete, true);
  assert.equal(a.records, 4321);
  assert.equal(b.complete, false);
  assert.match(
    b.error ?? '',
    new RegExp(`403 Forbidden: access to mailbox ${B.replace('.', '\\.')} was refused`),
  );
});

test('no credential appears in any file the acquisition writes, nor in its output', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN, faults: { seed: 5, failRate: 0.1 } });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = collector();
  const err = collector();
  const code = await runCommand(
    [
      'fetch',
      'activities',
      '--base-url',
      emu.url,
      '--user',
      A,
      '--out',
      join(dir, 'acq'),
      '--csv',
      join(dir, 'a.csv'),
      '--token',
      TOKEN,
      '--json',
    ],
    { stdout: out.stream, stderr: err.stream, env: {} },
  );
  assert.equal(code, 0, err.text());
  const basic = Buffer.from(`x:${TOKEN}`).toString('base64');
  for (const f of await listFiles(dir)) {
    const bytes = await readFile(join(dir, f));
    const text = f.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    assert.ok(!text.includes(TOKEN) && !text.includes(basic), `${f} contains the token`);
  }
  assert.ok(!out.text().includes(TOKEN) && !err.text().includes(TOKEN));
  assert.match(out.text(), /"<redacted>"/, 'the recorded command line is redacted');
});

test('basic authentication with the password from MAILTRAIL_PASSWORD', async (t) => {
  const emu = await startEmulator({
    data: DATA,
    credentials: { basic: { [A]: { password: 'pw;"x', mailboxes: [A] } } },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchActivities(
    options(emu, dir, { token: undefined, basicUser: A, env: { MAILTRAIL_PASSWORD: 'pw;"x' } }),
  );
  assert.equal(r.summary.complete, true);
  await assert.rejects(
    runFetchActivities(
      options(emu, dir, { token: undefined, basicUser: A, env: {}, outDir: join(dir, 'x') }),
    ),
    /MAILTRAIL_PASSWORD/,
  );
});

test('--csv writes the CrowdStrike format, one file per mailbox', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchActivities(options(emu, dir, { mailboxes: [A, B], csv: join(dir, '{user}.csv') }));
  assert.deepEqual(r.csv, [join(dir, `${A}.csv`), join(dir, `${B}.csv`)]);
  const text = await readFile(join(dir, `${B}.csv`), 'utf8');
  assert.ok(
    text.startsWith(
      '\uFEFFTimeStamp,AppIdType,ActivityIdType,ActivityItemId,ActivityCreationTime,ClientSessionId,CustomProperties\n',
    ),
  );
  // Python's repr escapes the single quote when both kinds occur; the CSV layer doubles the double quotes.
  assert.match(text, /"\{'Subject': 'Don\\'t pay, wire ""now""', 'ClientIP': '198\.51\.100\.\d+'\}"/);
  await assert.rejects(
    runFetchActivities(options(emu, dir, { mailboxes: [A, B], csv: join(dir, 'one.csv') })),
    /\{user\}/,
  );
});

test('resume refuses a different request, and a finished --out is not overwritten', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  await runFetchActivities(options(emu, dir));
  await assert.rejects(runFetchActivities(options(emu, dir)), /already holds an acquisition/);
  await assert.rejects(
    runFetchActivities(options(emu, dir, { resume: true, types: ['Move'] })),
    /differs from the checkpoint/,
  );
});

test('--case keeps the evidence in the case, imports the events, and a second retrieval adds nothing new', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const caseDir = join(dir, 'case');
  const first = await runFetchActivities(
    options(emu, dir, { mailboxes: [A, B], outDir: undefined, caseDir }),
  );
  assert.ok(first.acquisitionDir.startsWith(join(caseDir, 'evidence', 'acquisitions')));
  assert.deepEqual(
    first.imported && { newEvents: first.imported.newEvents, duplicates: first.imported.duplicates },
    {
      newEvents: 4321 + 1500,
      duplicates: 0,
    },
  );
  const second = await runFetchActivities(options(emu, dir, { mailboxes: [A], outDir: undefined, caseDir }));
  assert.equal(second.imported?.newEvents, 0);
  assert.equal(second.imported?.duplicates, 4321);
  const handle = await openCase(caseDir, { readOnly: true });
  try {
    const rows = await handle.store.all(
      'SELECT mailbox, count(*) AS n FROM events GROUP BY mailbox ORDER BY mailbox',
    );
    assert.deepEqual(rows, [
      { mailbox: A, n: 4321 },
      { mailbox: B, n: 1500 },
    ]);
    const listed = new Set(handle.manifest.evidence.map((e) => e.path));
    for (const p of first.summary.pages) {
      assert.ok(
        listed.has(`evidence/acquisitions/${first.summary.id}/${p.file}`),
        `${p.file} is listed in the case manifest`,
      );
    }
  } finally {
    await handle.close();
  }
  // A directory with other files in it is never turned into a case.
  const notACase = join(dir, 'not-a-case');
  await mkdir(notACase);
  await writeFile(join(notACase, 'notes.txt'), 'mine');
  await assert.rejects(
    runFetchActivities(options(emu, dir, { caseDir: notACase, outDir: undefined })),
    /exists and is not empty/,
  );
});

test('a 400 shows the server message at once, without retrying', async (t) => {
  const emu = await startEmulator({ data: DATA, token: TOKEN });
  t.after(() => emu.close());
  const client = new HttpClient({ connections: 1, timeoutMs: 5000 });
  t.after(() => client.close());
  const attempts: AttemptRecord[] = [];
  const bad = `${emu.url}/api/v2.0/Users('${A}')/Activities?%24filter=TimeStamp+ge+yesterday&%24top=10`;
  await assert.rejects(
    requestPage(
      {
        client,
        credentials: bearerToken(TOKEN, 'test'),
        maxAttempts: 5,
        backoff: FAST,
        onAttempt: (a) => attempts.push(a),
      },
      A,
      bad,
    ),
    (e: SourceError) => {
      assert.equal(e.status, 400);
      assert.match(e.message, /HTTP 400 for mailbox a\.user@contoso\.example: .*yesterday/i);
      return true;
    },
  );
  assert.equal(attempts.length, 1, 'not retried');
});
