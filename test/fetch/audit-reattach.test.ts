/**
 * `fetch audit` when the answer to a query creation is lost after the service created the query
 * (the emulator's `dropCreateResponses` fault): the retriever finds the query by its name in the
 * service's list and re-attaches to it — in the same run, and on --resume after a run that gave
 * up — so the tenant never holds a second query for a slice; and it never takes a query of
 * another acquisition, even one kept in an --out directory of the same name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startEmulator } from '../../src/emulator/index.js';
import { runFetchAudit } from '../../src/case/fetch/audit/index.js';
import type { GraphCheckpoint } from '../../src/case/fetch/graph/graph-state.js';
import { AUDIT_END, AUDIT_START, auditRecords, NO_ACTIVITIES } from './_graph-data.js';
import {
  assertEvidenceHashes,
  assertNoToken,
  auditRunOptions,
  faultProxy,
  keptGraphRecords,
  ledgerOf,
  pathOf,
  tenantQueries,
} from './_graph-harness.js';
import { listFiles, tempDir } from './_harness.js';

const TOKEN = 'graph-reattach-SECRET-93';
const A = 'ap.clerk@contoso.example';
const DATA = auditRecords(A, 400, 12);
const ALL_IDS = DATA.map((d) => d.Id as string).sort();

const ledgerPosts = (ledger: Record<string, unknown>[]) =>
  ledger.filter((e) => e.type === 'request' && e.method === 'POST');
const reattachedByName = (ledger: Record<string, unknown>[]) =>
  ledger.filter((e) => e.type === 'query' && /^re-attached \(listed, /.test(String(e.event)));
const readingListed = (ledger: Record<string, unknown>[]) =>
  ledger.filter((e) => e.type === 'query' && e.event === 'listed: reading it');

test('a creation whose answer is lost is found by name and re-attached to: one query per slice', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, recordsPageSize: 40, query: { runPolls: 1, dropCreateResponses: 4 } },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = join(dir, 'acq');
  const r = await runFetchAudit(auditRunOptions(emu.url, TOKEN, { users: [A], outDir: out }));
  const s = r.summary;
  assert.equal(s.complete, true, s.missingSlices.join('\n'));
  assert.deepEqual((await keptGraphRecords(out)).map((x) => x.id as string).sort(), ALL_IDS);

  // Four slices, four creations, every answer dropped: still exactly four queries in the tenant.
  const tenant = await tenantQueries(emu.url, TOKEN);
  assert.equal(tenant.length, 4, JSON.stringify(tenant));
  assert.deepEqual(s.slices.map((x) => x.queryId).sort(), tenant.map((q) => q.id).sort());
  const ledger = await ledgerOf(out);
  const posts = ledgerPosts(ledger);
  assert.equal(posts.length, 4, 'no creation was sent twice');
  assert.ok(
    posts.every((p) => p.status === null && typeof p.error === 'string'),
    'each answer was lost',
  );
  assert.equal(reattachedByName(ledger).length, 4);
  // The names are the acquisition's own: its id, its checkpoint's tag, the slice.
  const cp = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as GraphCheckpoint;
  assert.match(String(cp.queryTag), /^[0-9a-f]{8}$/);
  assert.deepEqual(
    tenant.map((q) => q.displayName).sort(),
    s.slices.map((x) => `mailtrail acq ${cp.queryTag} ${x.key}`).sort(),
  );
  // Each query as read by id once found in the list is evidence, then as it finished; the list
  // pages are not (the ledger has their SHA-256 and size).
  for (const x of s.slices) {
    const kept = s.queries.filter((q) => q.slice === x.key).map((q) => `${q.stage}:${q.file}`);
    assert.deepEqual(
      kept.sort(),
      [`finished:queries/${x.key}/1-finished.json.gz`, `listed:queries/${x.key}/1-listed.json.gz`],
      x.key,
    );
    const listed = JSON.parse(
      gunzipSync(await readFile(join(out, `queries/${x.key}/1-listed.json.gz`))).toString('utf8'),
    ) as Record<string, unknown>;
    assert.equal(listed.id, x.queryId, 'the query object itself');
    assert.equal(listed.value, undefined, 'not a page of the list');
  }
  const reading = readingListed(ledger);
  assert.equal(reading.length, 4, 'each listed query read by id, said before the GET');
  for (const e of reading) {
    const page = e.listPage as { sha256: string; queries: number };
    assert.match(page.sha256, /^[0-9a-f]{64}$/);
    assert.ok(page.queries >= 1);
  }
  await assertEvidenceHashes(out, s);
  await assertNoToken(out, TOKEN, JSON.stringify(r));
});

test('a run that gave up on an unanswered creation lists the queries on --resume before creating', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, query: { runPolls: 1, dropCreateResponses: 4 } },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = join(dir, 'acq');
  // One attempt per request: each lost answer leaves its slice missing, the query created.
  const first = await runFetchAudit(
    auditRunOptions(emu.url, TOKEN, { users: [A], outDir: out, maxAttempts: 1 }),
  );
  assert.equal(first.summary.complete, false);
  assert.equal(first.summary.missingSlices.length, 4);
  const cp = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as GraphCheckpoint;
  assert.ok(
    Object.values(cp.slices).every((x) => x.creationPending === true && x.queryId === undefined),
    'each slice remembers a creation it never heard back from',
  );
  const orphans = (await tenantQueries(emu.url, TOKEN)).map((q) => q.id).sort();
  assert.equal(orphans.length, 4);

  const resumed = await runFetchAudit(
    auditRunOptions(emu.url, TOKEN, { users: [A], outDir: out, resume: true }),
  );
  assert.equal(resumed.summary.complete, true, resumed.summary.missingSlices.join('\n'));
  assert.deepEqual((await tenantQueries(emu.url, TOKEN)).map((q) => q.id).sort(), orphans, 'no new query');
  assert.deepEqual(
    resumed.summary.slices.map((x) => x.queryId).sort(),
    orphans,
    'the first run’s queries used',
  );
  const ledger = await ledgerOf(out);
  assert.equal(ledgerPosts(ledger).length, 4, 'only the first run’s creations');
  assert.equal(reattachedByName(ledger).length, 4);
  assert.deepEqual((await keptGraphRecords(out)).map((x) => x.id as string).sort(), ALL_IDS);
});

test('queries of another acquisition are never taken, even from an --out directory of the same name', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, query: { runPolls: 1, dropCreateResponses: 4 } },
    // Injected 5xx come after a creation is carried out: the second acquisition lists the
    // queries, where the first one's, same slices and filters, are waiting.
    faults: { seed: 3, failRate: 0.5 },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const one = join(dir, 'one', 'acq');
  const two = join(dir, 'two', 'acq');
  const first = await runFetchAudit(
    auditRunOptions(emu.url, TOKEN, { users: [A], outDir: one, maxAttempts: 1 }),
  );
  assert.equal(first.summary.complete, false);
  const firstQueries = new Set((await tenantQueries(emu.url, TOKEN)).map((q) => q.id));
  assert.equal(firstQueries.size, 4);

  const second = await runFetchAudit(auditRunOptions(emu.url, TOKEN, { users: [A], outDir: two }));
  assert.equal(second.summary.complete, true, second.summary.missingSlices.join('\n'));
  const secondLedger = await ledgerOf(two);
  assert.ok(
    secondLedger.some(
      (e) => e.type === 'request' && e.method === 'POST' && (e.status === 500 || e.status === 503),
    ),
    'the second acquisition met a 5xx on a creation',
  );
  assert.ok(
    secondLedger.some(
      (e) => e.type === 'query' && /^(re-attached \(listed|not listed)/.test(String(e.event)),
    ),
    'and looked for its query in the list',
  );
  const taken = second.summary.queries.filter((q) => firstQueries.has(q.queryId));
  assert.deepEqual(taken, [], "the first acquisition's queries are not the second's");

  const resumed = await runFetchAudit(
    auditRunOptions(emu.url, TOKEN, { users: [A], outDir: one, resume: true }),
  );
  assert.equal(resumed.summary.complete, true, resumed.summary.missingSlices.join('\n'));
  assert.deepEqual(
    resumed.summary.slices.map((x) => x.queryId).sort(),
    [...firstQueries].sort(),
    'the first acquisition re-attached to its own queries, not the second one’s',
  );
  // Every query in the tenant belongs to exactly one of the two acquisitions.
  const mine = new Set(
    [...first.summary.queries, ...resumed.summary.queries, ...second.summary.queries].map((q) => q.queryId),
  );
  const tenant = (await tenantQueries(emu.url, TOKEN)).map((q) => q.id);
  assert.deepEqual(
    tenant.filter((id) => !mine.has(id)),
    [],
    'no orphan query',
  );
});

test('a listed query whose GET fails is not taken as known: --resume finds it again, no second query', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    // Two creations answered by a dropped connection: another investigation's, then the slice's.
    graph: { auditRecords: DATA, query: { runPolls: 1, dropCreateResponses: 2 } },
  });
  t.after(() => emu.close());
  const foreign = { name: 'Fabrikam HR review of the CEO mailbox', upn: 'ceo@fabrikam.example' };
  await fetch(`${emu.url}/v1.0/security/auditLog/queries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      displayName: foreign.name,
      filterStartDateTime: AUDIT_START,
      filterEndDateTime: AUDIT_END,
      userPrincipalNameFilters: [foreign.upn],
    }),
  }).catch(() => undefined);
  const foreignId = (await tenantQueries(emu.url, TOKEN)).find((q) => q.displayName === foreign.name)?.id;
  assert.ok(foreignId, 'the other investigation’s query is in the tenant');
  // Reading a query by id fails (503) while `failing`; the list and everything else pass.
  let failing = true;
  const url = await faultProxy(t, emu.url, {
    fault: (req, res) => {
      if (!failing || req.method !== 'GET' || !/\/auditLog\/queries\/[^/]+$/.test(pathOf(req))) return false;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"ServiceUnavailable","message":"try later"}}');
      return true;
    },
  });
  const dir = await tempDir(t);
  const out = join(dir, 'acq');
  const oneDay = { users: [A], outDir: out, start: AUDIT_START, end: '2026-08-02T00:00:00.000Z' };
  const first = await runFetchAudit(auditRunOptions(url, TOKEN, { ...oneDay, maxAttempts: 2 }));
  assert.equal(first.summary.complete, false);
  assert.match(first.summary.missingSlices[0]!, /^u000-w0000 .*HTTP 503/);
  const cp = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as GraphCheckpoint;
  const state = cp.slices['u000-w0000']!;
  assert.equal(state.creationPending, true, 'the creation is still pending');
  assert.equal(state.queryId, undefined);
  assert.deepEqual(state.queries ?? [], [], 'the listed query was never the slice’s');
  const mine = (await tenantQueries(emu.url, TOKEN)).filter((q) => q.id !== foreignId);
  assert.equal(mine.length, 1);
  const reading = readingListed(await ledgerOf(out));
  assert.deepEqual(
    reading.map((e) => e.queryId),
    [mine[0]!.id],
    'the ledger says which query was being read',
  );

  failing = false;
  const resumed = await runFetchAudit(auditRunOptions(url, TOKEN, { ...oneDay, resume: true }));
  assert.equal(resumed.summary.complete, true, resumed.summary.missingSlices.join('\n'));
  assert.deepEqual(
    (await tenantQueries(emu.url, TOKEN)).map((q) => q.id).sort(),
    [foreignId, mine[0]!.id].sort(),
    'one query for the slice',
  );
  assert.equal(resumed.summary.slices[0]!.queryId, mine[0]!.id);
  const ledger = await ledgerOf(out);
  assert.equal(ledgerPosts(ledger).length, 1, 'the creation was sent once');
  assert.equal(reattachedByName(ledger).length, 1);
  // The other investigation's query was in every list page read; it is in no kept file.
  for (const f of await listFiles(out)) {
    let bytes = await readFile(join(out, f));
    if (f.endsWith('.gz')) bytes = gunzipSync(bytes);
    assert.ok(!bytes.includes(foreign.name) && !bytes.includes(foreign.upn) && !bytes.includes(foreignId), f);
  }
  await assertEvidenceHashes(out, resumed.summary);
});
