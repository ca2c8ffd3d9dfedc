/**
 * `fetch audit` stopped by an error no slice could avoid (here a 403: the emulator's
 * `denyCreatesAfter` fault, a permission withdrawn mid-run): the command fails, yet
 * acquisition.json describes what was retrieved — the slices complete and missing, the error's
 * status, Graph code, message and request id, `complete: false`, no credential — and `--resume`
 * (which finds the case's unfinished acquisition through that file) finishes the retrieval. And
 * throttling that never stops the run: a 429 that outlasts a slice leaves that slice missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphAcquisitionSummary } from '../../src/case/fetch/graph/graph-summary.js';
import { caseInfo } from '../../src/case/case-info.js';
import { startEmulator } from '../../src/emulator/index.js';
import { auditRecords, NO_ACTIVITIES } from './_graph-data.js';
import {
  assertEvidenceHashes,
  assertNoToken,
  faultProxy,
  fetchAuditCli,
  keptGraphRecords,
  ledgerOf,
  tenantQueries,
} from './_graph-harness.js';
import { tempDir } from './_harness.js';

const TOKEN = 'graph-fatal-SECRET-5e';
const A = 'ap.clerk@contoso.example';
const DATA = auditRecords(A, 400, 14);

const fetchAudit = (url: string, caseDir: string, ...extra: string[]) =>
  fetchAuditCli(url, A, TOKEN, ['--case', caseDir, '--concurrency', '1', ...extra]);

/** The audit acquisition's directory in a case. */
async function auditAcquisitionIn(caseDir: string): Promise<string> {
  const root = join(caseDir, 'evidence', 'acquisitions');
  return join(
    root,
    (await readdir(root)).find((n) => n.endsWith('-audit'))!,
  );
}

const readSummary = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'acquisition.json'), 'utf8')) as GraphAcquisitionSummary;

test('a 403 mid-run still writes acquisition.json (complete: false, the error); --resume finishes', async (t) => {
  const graph = { auditRecords: DATA, recordsPageSize: 60, query: { runPolls: 1 } };
  const denying = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { ...graph, query: { ...graph.query, denyCreatesAfter: 2 } },
  });
  const port = Number(new URL(denying.url).port);
  const dir = await tempDir(t);
  const caseDir = join(dir, 'case');
  const stopped = await fetchAudit(denying.url, caseDir);
  await denying.close();
  assert.equal(stopped.code, 1, stopped.err);
  assert.match(stopped.err, /HTTP 403 .*Insufficient privileges.*\(Authorization_RequestDenied\)/);
  assert.match(stopped.err, /acquisition\.json \(complete: false\).*--resume/s);

  const acq = await auditAcquisitionIn(caseDir);
  const s = await readSummary(acq);
  assert.equal(s.complete, false);
  assert.deepEqual(
    s.slices.map((x) => `${x.key}:${x.status}`),
    ['u000-w0000:complete', 'u000-w0001:complete', 'u000-w0002:missing', 'u000-w0003:missing'],
  );
  assert.equal(s.error?.status, 403);
  assert.equal(s.error?.code, 'Authorization_RequestDenied');
  assert.equal(s.error?.slice, 'u000-w0002');
  assert.equal(s.error?.request, '/v1.0/security/auditLog/queries');
  assert.match(String(s.error?.message), /^Insufficient privileges/);
  assert.match(String(s.error?.requestId), /^[0-9a-f-]{36}$/);
  assert.equal(s.missingSlices.length, 2);
  assert.match(s.missingSlices[0]!, /^u000-w0002 .*HTTP 403/);
  assert.match(
    s.missingSlices[1]!,
    /^u000-w0003 .*not retrieved: the run stopped on the error of slice u000-w0002 \(HTTP 403 Authorization_RequestDenied\)/,
  );
  // What the two complete slices retrieved is described and kept: the first two days.
  const firstDays = DATA.slice(0, 200).map((d) => d.Id as string);
  assert.equal(s.uniqueRecords, 200);
  assert.deepEqual((await keptGraphRecords(acq)).map((r) => r.id as string).sort(), firstDays.sort());
  await assertEvidenceHashes(acq, s);
  const ledger = await ledgerOf(acq);
  assert.ok(ledger.some((e) => e.type === 'error' && e.fatal === true && e.slice === 'u000-w0002'));
  await assertNoToken(acq, TOKEN, stopped.out, stopped.err);

  // The permission is back (the same address, a service without the denial).
  const restored = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph, port });
  t.after(() => restored.close());
  const resumed = await fetchAudit(restored.url, caseDir, '--resume', '--json');
  assert.equal(resumed.code, 0, resumed.err);
  const r = JSON.parse(resumed.out) as {
    acquisitionDir: string;
    summary: GraphAcquisitionSummary;
    imported?: { newEvents: number };
  };
  assert.equal(r.acquisitionDir, acq, 'the stopped acquisition was continued');
  assert.equal(r.summary.complete, true, r.summary.missingSlices.join('\n'));
  assert.equal(r.summary.error, undefined);
  assert.deepEqual(
    r.summary.slices.slice(0, 2).map((x) => x.queryId),
    s.slices.slice(0, 2).map((x) => x.queryId),
    'the complete slices were kept as they were',
  );
  assert.deepEqual(
    (await keptGraphRecords(acq)).map((x) => x.id as string).sort(),
    DATA.map((d) => d.Id as string).sort(),
  );
  assert.ok(r.imported && r.imported.newEvents >= 400, JSON.stringify(r.imported));
  const after = await ledgerOf(acq);
  // The slice whose creation was refused never got a query id: it listed the queries before
  // creating one.
  assert.ok(
    after.some(
      (e) => e.type === 'query' && e.slice === 'u000-w0002' && e.event === 'not listed: creating it',
    ),
  );
  assert.equal(
    after.filter((e) => e.type === 'request' && e.method === 'POST' && e.status === 201).length,
    4,
  );
  await assertNoToken(acq, TOKEN, resumed.out, resumed.err);
});

test('a 429 is never fatal: the throttled slices are missing, the others retrieved, exit 3; --resume gets them', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, query: { runPolls: 1 } },
  });
  t.after(() => emu.close());
  // The first creation is asked to wait 30 minutes (over the 15 waited in place); the next eight,
  // all the attempts of the second slice, are throttled with no wait. Then the service relents.
  let posts = 0;
  const url = await faultProxy(t, emu.url, {
    fault: (req, res) => {
      if (req.method !== 'POST' || ++posts > 9) return false;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': posts === 1 ? '1800' : '0' });
      res.end('{"error":{"code":"TooManyRequests","message":"Too many requests"}}');
      return true;
    },
  });
  const caseDir = join(await tempDir(t), 'case');
  const throttled = await fetchAudit(url, caseDir, '--max-attempts', '8');
  assert.equal(throttled.code, 3, throttled.err);
  assert.match(throttled.err, /^INCOMPLETE: 200 audit records/m);
  assert.match(throttled.err, /MISSING u000-w0000 .*asked to wait 1800 s \(Retry-After\)/);
  assert.match(throttled.err, /MISSING u000-w0001 .*after 8 attempts: HTTP 429: Too many requests/);
  const acq = await auditAcquisitionIn(caseDir);
  const s = await readSummary(acq);
  assert.equal(s.complete, false);
  assert.equal(s.error, undefined, 'no error stopped the run');
  assert.deepEqual(
    s.slices.map((x) => `${x.key}:${x.status}`),
    ['u000-w0000:missing', 'u000-w0001:missing', 'u000-w0002:complete', 'u000-w0003:complete'],
  );
  const ledger = await ledgerOf(acq);
  assert.ok(!ledger.some((e) => e.type === 'error' && e.fatal === true));
  assert.equal(ledger.filter((e) => e.type === 'error').length, 2);

  const resumed = await fetchAudit(url, caseDir, '--resume');
  assert.equal(resumed.code, 0, resumed.err);
  assert.equal((await readSummary(acq)).complete, true);
  assert.deepEqual(
    (await keptGraphRecords(acq)).map((x) => x.id as string).sort(),
    DATA.map((d) => d.Id as string).sort(),
  );
  assert.equal((await tenantQueries(emu.url, TOKEN)).length, 4, 'a throttled creation created nothing');
  await assertNoToken(acq, TOKEN, throttled.out, throttled.err, resumed.out, resumed.err);
  // The case recorded the incomplete import and the one that completed it; the acquisition is
  // complete now, so it is no longer listed as incomplete.
  const info = await caseInfo(caseDir);
  assert.deepEqual(
    info.runs.filter((r) => r.kind === 'acquisition').map((r) => r.complete),
    [false, true],
  );
  assert.deepEqual(info.incompleteAcquisitions, []);
});
