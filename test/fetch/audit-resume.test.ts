/**
 * `fetch audit` interrupted and resumed: queries that outlast the time limit are re-attached by
 * id (no new query is submitted), a query the service no longer knows is created again, a slice
 * still capped at the minimum window is a named gap with exit 3, and a retrieval killed with
 * SIGKILL continues with --resume to the same records, re-using the queries it had created (also
 * one whose creation was in flight at the kill, found by name), leaving no orphan query.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { runFetchAudit, type FetchAuditOptions } from '../../src/case/fetch/audit/index.js';
import type { GraphCheckpoint } from '../../src/case/fetch/graph/graph-state.js';
import { AUDIT_END, AUDIT_START, auditRecords, NO_ACTIVITIES } from './_graph-data.js';
import {
  assertNoToken,
  auditRunOptions,
  fetchAuditCli,
  keptGraphRecords,
  ledgerOf,
  tenantQueries,
} from './_graph-harness.js';
import { tempDir } from './_harness.js';

const TOKEN = 'graph-resume-SECRET-41';
const A = 'ap.clerk@contoso.example';
const CLI = resolve(import.meta.dirname, '..', '_mailtrail.ts');
const DATA = auditRecords(A, 400, 8);

function auditOptions(url: string, over: Partial<FetchAuditOptions> = {}): FetchAuditOptions {
  return auditRunOptions(url, TOKEN, { users: [A], ...over });
}

const posts = (ledger: Record<string, unknown>[]) =>
  ledger.filter((e) => e.type === 'request' && e.method === 'POST' && e.status === 201).length;

test('queries still running at the time limit are missing slices; --resume re-attaches to them', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, query: { runPolls: 1, longRunRate: 1, longRunPolls: 25 } },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = join(dir, 'acq');
  const first = await runFetchAudit(auditOptions(emu.url, { outDir: out, queryTimeLimitMs: 1 }));
  assert.equal(first.summary.complete, false);
  assert.equal(first.summary.missingSlices.length, 4);
  assert.match(first.summary.missingSlices[0]!, /still (notStarted|running) after .*--resume/);
  const cp = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as GraphCheckpoint;
  const queryIds = Object.values(cp.slices).map((s) => s.queryId);
  assert.ok(
    queryIds.every((id) => typeof id === 'string'),
    'every slice keeps its query id',
  );
  assert.equal(posts(await ledgerOf(out)), 4);

  const resumed = await runFetchAudit(auditOptions(emu.url, { outDir: out, resume: true }));
  assert.equal(resumed.summary.complete, true, resumed.summary.missingSlices.join('\n'));
  const ledger = await ledgerOf(out);
  assert.equal(posts(ledger), 4, 'no new query was submitted');
  assert.equal(ledger.filter((e) => e.type === 'query' && /^re-attached/.test(String(e.event))).length, 4);
  assert.deepEqual(resumed.summary.slices.map((s) => s.queryId).sort(), [...queryIds].sort());
  const got = (await keptGraphRecords(out)).map((r) => r.id as string);
  assert.deepEqual([...got].sort(), DATA.map((d) => d.Id as string).sort());
});

test('a query the service no longer knows is created again on resume', async (t) => {
  const graph = { auditRecords: DATA, query: { runPolls: 1, longRunRate: 1, longRunPolls: 25 } };
  const first = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph });
  const port = Number(new URL(first.url).port);
  const dir = await tempDir(t);
  const out = join(dir, 'acq');
  const r1 = await runFetchAudit(auditOptions(first.url, { outDir: out, queryTimeLimitMs: 1 }));
  assert.equal(r1.summary.complete, false);
  await first.close();
  // The same address, a service that has forgotten every query.
  const second = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph, port });
  t.after(() => second.close());
  const r2 = await runFetchAudit(auditOptions(second.url, { outDir: out, resume: true }));
  assert.equal(r2.summary.complete, true, r2.summary.missingSlices.join('\n'));
  const ledger = await ledgerOf(out);
  assert.equal(
    ledger.filter((e) => e.type === 'query' && /^gone \(HTTP 404\)/.test(String(e.event))).length,
    4,
  );
  assert.equal(posts(ledger), 8);
  // The abandoned queries stay listed as evidence beside the new ones.
  assert.equal(r2.summary.queries.filter((q) => q.stage === 'created').length, 8);
  assert.equal((await keptGraphRecords(out)).length, 400);
});

test('a slice still capped at the minimum window is a gap: exit 3, named, never accepted', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: auditRecords(A, 1000, 9), query: { runPolls: 0, recordCountLimit: 100 } },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const { code, out, err } = await fetchAuditCli(emu.url, A, TOKEN, [
    '--out',
    join(dir, 'acq'),
    '--min-window',
    '12h',
    '--json',
  ]);
  assert.equal(code, 3, err);
  assert.match(err, /INCOMPLETE/);
  // 250 records a day: every half day (125) is still over the cap of 100.
  const missing = err.split('\n').filter((l) => l.includes('MISSING'));
  assert.equal(missing.length, 8, err);
  assert.match(
    missing[0]!,
    /u000-w0000\.0 \[2026-08-01T00:00:00\.000Z, 2026-08-01T12:00:00\.000Z\).*record limit of 100.*cannot be split further/,
  );
  const json = JSON.parse(out) as { summary: { complete: boolean; slices: { status: string }[] } };
  assert.equal(json.summary.complete, false);
  assert.equal(json.summary.slices.filter((s) => s.status === 'gap').length, 8);
  assert.equal(
    (await keptGraphRecords(join(dir, 'acq'))).length,
    0,
    'no capped result is kept as the answer',
  );
  await assertNoToken(join(dir, 'acq'), TOKEN, out, err);
});

test('kill -9 mid-retrieval, then --resume: same records, the created queries re-used', async (t) => {
  const data = auditRecords(A, 3000, 10);
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: data, recordsPageSize: 50, query: { runPolls: 3 } },
    faults: { seed: 4, latencyMs: 15 },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = join(dir, 'killed');
  const args = [
    'fetch',
    'audit',
    '--graph-url',
    emu.url,
    '--user',
    A,
    '--start',
    AUDIT_START,
    '--end',
    AUDIT_END,
    '--window',
    '6h',
    '--out',
    out,
    '--concurrency',
    '2',
    '--poll-interval',
    '0.01',
    '-q',
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, OAUTH_TOKEN: TOKEN },
    stdio: 'ignore',
  });
  const pagesDir = join(out, 'pages');
  const pageCount = () =>
    existsSync(pagesDir)
      ? readdirSync(pagesDir).reduce((n, d) => n + readdirSync(join(pagesDir, d)).length, 0)
      : 0;
  await new Promise<void>((done, fail) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (pageCount() >= 12) {
        clearInterval(poll);
        child.kill('SIGKILL');
        done();
      } else if (Date.now() - started > 90_000) {
        clearInterval(poll);
        child.kill('SIGKILL');
        fail(new Error('the child retrieved nothing within 90 s'));
      }
    }, 5);
  });
  await new Promise((r) => child.once('exit', r));
  assert.ok(!existsSync(join(out, 'acquisition.json')), 'the killed run did not finish');
  const cp = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as GraphCheckpoint;
  const pending = Object.values(cp.slices).filter((s) => s.status === 'pending' && s.queryId);
  assert.ok(pending.length > 0, 'the killed run left slices waiting on their queries');
  const postsBefore = posts(await ledgerOf(out));

  const resumed = await runFetchAudit(
    auditOptions(emu.url, { outDir: out, resume: true, windowMs: 21_600_000, usersPerQuery: 10 }),
  );
  assert.equal(resumed.summary.complete, true, resumed.summary.missingSlices.join('\n'));
  const got = (await keptGraphRecords(out)).map((r) => r.id as string);
  assert.equal(new Set(got).size, 3000);
  assert.deepEqual([...got].sort(), data.map((d) => d.Id as string).sort());
  for (const s of pending) {
    const done = resumed.summary.slices.find((x) => x.key === s.slice.key)!;
    assert.equal(done.queryId, s.queryId, `${s.slice.key} re-used its query`);
  }
  const ledger = await ledgerOf(out);
  const unfinished = Object.values(cp.slices).filter((s) => s.status === 'pending').length;
  // A creation in flight at the kill may have reached the service: it is found by name instead.
  const byName = ledger.filter((e) => e.type === 'query' && /^re-attached \(listed/.test(String(e.event)));
  assert.equal(
    posts(ledger) - postsBefore + byName.length,
    unfinished - pending.length,
    'only slices without a query got one',
  );
  const mine = new Set(resumed.summary.queries.map((q) => q.queryId));
  const tenant = await tenantQueries(emu.url, TOKEN);
  assert.deepEqual(
    tenant.filter((q) => !mine.has(q.id)),
    [],
    'the kill left no query running that the acquisition does not list',
  );
  const listed = new Set(resumed.summary.pages.map((p) => p.file));
  for (const d of readdirSync(pagesDir))
    for (const f of readdirSync(join(pagesDir, d)))
      assert.ok(listed.has(`pages/${d}/${f}`), `leftover ${d}/${f}`);
});
