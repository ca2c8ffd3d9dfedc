/**
 * `fetch audit` against the emulator's Graph audit log query API over loopback HTTP:
 * completeness and no duplicates under faults, throttling, slow and failing queries; capped
 * queries split until complete; the count comparison; evidence hashes; credential hygiene.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { runFetchAudit, type FetchAuditOptions } from '../../src/case/fetch/audit/index.js';
import { auditRecords, NO_ACTIVITIES } from './_graph-data.js';
import {
  assertEvidenceHashes,
  assertNoToken,
  auditRunOptions,
  keptGraphRecords,
  ledgerOf,
  tenantQueries,
} from './_graph-harness.js';
import { tempDir } from './_harness.js';

const TOKEN = 'graph-SECRET-7c1d02';
const A = 'ap.clerk@contoso.example';
const B = 'cfo@contoso.example';

function auditOptions(url: string, over: Partial<FetchAuditOptions> = {}): FetchAuditOptions {
  return auditRunOptions(url, TOKEN, { users: [A, B], queryRetries: 6, ...over });
}

const idsOf = (records: Record<string, unknown>[]) => records.map((r) => r.id as string);

test('every record of every user exactly once, under 5xx, resets, 429, slow and failing queries', async (t) => {
  const data = [
    ...auditRecords(A, 700, 1),
    ...auditRecords(B, 300, 2),
    ...auditRecords('other@contoso.example', 50, 3),
  ];
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: {
      auditRecords: data,
      recordsPageSize: 50,
      query: { runPolls: 2, failRate: 0.3, longRunRate: 0.4, longRunPolls: 4, countSkew: 0.1, seed: 5 },
    },
    faults: { seed: 11, failRate: 0.15, resetRate: 0.1 },
    throttle: { limit: 25, windowSeconds: 1 },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchAudit(auditOptions(emu.url, { outDir: join(dir, 'acq') }));
  const s = r.summary;
  assert.equal(s.complete, true, s.missingSlices.join('\n'));
  assert.equal(s.source, 'audit');
  const got = idsOf(await keptGraphRecords(r.acquisitionDir));
  const want = data.filter((d) => d.UserId !== 'other@contoso.example').map((d) => d.Id as string);
  assert.equal(new Set(got).size, got.length, 'no record kept twice');
  assert.deepEqual([...got].sort(), [...want].sort(), 'no record missing, none foreign');
  assert.equal(s.uniqueRecords, 1000);
  assert.equal(s.slices.filter((x) => x.status === 'complete').length, 8, '2 users x 4 days');
  // The service's approximate count is recorded next to what was received, slice by slice.
  for (const x of s.slices) {
    assert.equal(typeof x.expected, 'number', x.key);
    assert.equal(x.difference, x.received - x.expected!, x.key);
  }
  assert.ok(
    s.slices.some((x) => x.difference !== 0),
    'the skewed counts show as differences',
  );
  await assertEvidenceHashes(r.acquisitionDir, s);
  // Each finished slice kept its query as created (or as listed, when the answer to its creation
  // was lost) and as finished.
  for (const x of s.slices) {
    const q = s.queries.filter((e) => e.slice === x.key && e.queryId === x.queryId);
    assert.equal(q.length, 2, x.key);
    assert.ok(['created', 'listed'].includes(q.find((e) => e.stage !== 'finished')!.stage), x.key);
  }
  // Injected 5xx and resets hit query creations after the service acted: those queries were
  // found by name and re-attached to, so the tenant holds no query the acquisition does not list.
  const tenant = await tenantQueries(emu.url, TOKEN);
  const listed = new Set(s.queries.map((q) => q.queryId));
  assert.deepEqual(
    tenant.map((q) => q.id).filter((id) => !listed.has(id)),
    [],
    'no orphan query was left running',
  );
  assert.ok(
    s.queries.some((q) => q.stage === 'listed'),
    'some creations were re-attached to',
  );
  const ledger = await ledgerOf(r.acquisitionDir);
  const statuses = new Set(ledger.filter((e) => e.type === 'request').map((e) => e.status));
  assert.ok(statuses.has(500) || statuses.has(503), 'server errors are in the ledger');
  assert.ok(
    ledger.some((e) => e.type === 'request' && e.status === null),
    'resets are in the ledger',
  );
  assert.ok(
    ledger.some((e) => e.type === 'query' && e.event === 'failed'),
    'a failed query was created again',
  );
  assert.ok(ledger.some((e) => e.type === 'slice' && typeof e.expected === 'number' && 'difference' in e));
  await assertNoToken(r.acquisitionDir, TOKEN, JSON.stringify(r));
});

test('a capped query is split in halves until no slice is capped', async (t) => {
  const data = auditRecords(A, 1000, 4);
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: data, recordsPageSize: 100, query: { runPolls: 0, recordCountLimit: 100 } },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchAudit(auditOptions(emu.url, { users: [A], outDir: join(dir, 'acq') }));
  const s = r.summary;
  assert.equal(s.complete, true, s.missingSlices.join('\n'));
  const got = idsOf(await keptGraphRecords(r.acquisitionDir));
  assert.equal(new Set(got).size, 1000);
  assert.deepEqual([...got].sort(), data.map((d) => d.Id as string).sort());
  // 250 records a day: days split into halves (125) and quarters (62-63).
  const split = s.slices.filter((x) => x.status === 'split');
  assert.ok(split.some((x) => x.key === 'u000-w0000'));
  assert.ok(split.some((x) => x.key === 'u000-w0000.0'));
  assert.ok(s.slices.every((x) => x.status !== 'complete' || x.received < 100));
  const ledger = await ledgerOf(r.acquisitionDir);
  assert.ok(ledger.some((e) => e.type === 'split' && /record limit of 100/.test(String(e.reason))));
  // Pages of capped queries are not evidence of the result: none is listed, none is left.
  for (const x of split) assert.ok(!existsSync(join(r.acquisitionDir, 'pages', x.key)), x.key);
});

test('429: every throttled attempt is in the ledger and waits the Retry-After the service asked for', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: auditRecords(A, 80, 6), query: { runPolls: 0 } },
    // Four slices start together: their four POSTs meet a limit of three a second.
    throttle: { limit: 3, windowSeconds: 1 },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchAudit(
    auditOptions(emu.url, { users: [A], outDir: join(dir, 'acq'), backoff: { baseMs: 5, maxMs: 2000 } }),
  );
  assert.equal(r.summary.complete, true, r.summary.missingSlices.join('\n'));
  assert.equal(r.summary.uniqueRecords, 80);
  const throttled = (await ledgerOf(r.acquisitionDir)).filter(
    (e) => e.type === 'request' && e.status === 429,
  );
  assert.ok(throttled.length > 0, 'the burst was throttled');
  for (const e of throttled) {
    assert.match(String(e.error), /HTTP 429/);
    assert.ok(Number(e.waitMs) >= 1000, `waited ${String(e.waitMs)} ms for Retry-After`);
  }
});
