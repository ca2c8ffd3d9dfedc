/**
 * `fetch audit --case` and `fetch signins --case` keep their evidence in the case and import it:
 * MailItemsAccessed, Send and sign-in events in one case, every kept file registered, and a
 * second retrieval (or a second import of an `--out` acquisition) adds nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { runFetchAudit, type FetchAuditOptions } from '../../src/case/fetch/audit/index.js';
import { runFetchSignIns } from '../../src/case/fetch/signins/index.js';
import { importAcquisition } from '../../src/case/import-acquisition.js';
import { openCase } from '../../src/case/open-case.js';
import { auditRecords, NO_ACTIVITIES, signIns } from './_graph-data.js';
import { assertNoToken, auditRunOptions, graphOptions } from './_graph-harness.js';
import { tempDir } from './_harness.js';

const TOKEN = 'case-SECRET-0b3e';
const A = 'ap.clerk@contoso.example';

function auditOptions(url: string, over: Partial<FetchAuditOptions>): FetchAuditOptions {
  return auditRunOptions(url, TOKEN, { users: [A], ...over });
}

test('audit records and sign-ins go into one case, once', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: auditRecords(A, 200, 1), signIns: signIns(A, 50, 1) },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const caseDir = join(dir, 'case');
  const audit = await runFetchAudit(auditOptions(emu.url, { caseDir }));
  assert.equal(audit.summary.complete, true);
  assert.ok(audit.acquisitionDir.startsWith(join(caseDir, 'evidence', 'acquisitions')));
  assert.match(audit.acquisitionDir, /-audit$/);
  assert.ok(audit.imported && audit.imported.newEvents >= 200, JSON.stringify(audit.imported));
  const signins = await runFetchSignIns({
    ...graphOptions(emu.url, TOKEN),
    users: [A],
    apiVersion: 'beta',
    caseDir,
  });
  assert.equal(signins.summary.complete, true);
  assert.ok(signins.imported && signins.imported.newEvents === 50, JSON.stringify(signins.imported));

  const again = await runFetchAudit(auditOptions(emu.url, { caseDir }));
  assert.equal(again.imported?.newEvents, 0, 'a second retrieval stores nothing new');
  assert.equal(again.imported?.duplicates, audit.imported.newEvents);

  const handle = await openCase(caseDir, { readOnly: true });
  try {
    const rows = (await handle.store.all(
      'SELECT operation, count(*) AS n FROM events GROUP BY operation ORDER BY operation',
    )) as { operation: string; n: number }[];
    const by = Object.fromEntries(rows.map((r) => [r.operation, Number(r.n)]));
    assert.equal(by.MailItemsAccessed, 160, JSON.stringify(rows));
    assert.equal(by.Send, 40, JSON.stringify(rows));
    const signInEvents = (await handle.store.all(
      "SELECT count(*) AS n, count(session_id) + count(unique_token_id) AS sessions FROM events WHERE adapter LIKE 'entra%'",
    )) as { n: number; sessions: number }[];
    assert.equal(Number(signInEvents[0]!.n), 50);
    assert.equal(Number(signInEvents[0]!.sessions), 100, 'the beta sessionId reaches the events');
    const listed = new Set(handle.manifest.evidence.map((e) => e.path));
    for (const r of [audit, signins])
      for (const f of [...r.summary.pages, ...r.summary.queries])
        assert.ok(listed.has(`evidence/acquisitions/${r.summary.id}/${f.file}`), f.file);
  } finally {
    await handle.close();
  }
  await assertNoToken(caseDir, TOKEN);
});

test('an --out acquisition imports into a case once, however often it is imported', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: auditRecords(A, 120, 2) },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchAudit(auditOptions(emu.url, { outDir: join(dir, 'acq') }));
  const { initCase } = await import('../../src/case/open-case.js');
  const handle = await initCase(join(dir, 'case'), {}, { command: [] });
  try {
    const first = await importAcquisition(handle, r.acquisitionDir);
    assert.equal(first.status, 'imported', first.error?.message);
    assert.equal(first.format, 'ual-graph-json');
    assert.equal(first.inserted, 120);
    assert.equal(first.complete, true);
    const second = await importAcquisition(handle, r.acquisitionDir);
    assert.equal(second.status, 'imported');
    assert.equal(second.inserted, 0);
    assert.equal(second.duplicates, 120);
  } finally {
    await handle.close();
  }
});
