/**
 * `fetch audit` comparing each slice's records with the service's approximateReturnedRecordCount
 * (the emulator's `countSkew`, seeded so that some queries over-count and some under-count): a
 * slice short of the count by more than max(2, 2 %) is UNVERIFIED — in the summary, in
 * acquisition.json and in the ledger — and the command exits 3 unless --accept-count-shortfall.
 * A slice that received more than the count is never flagged. A shortfall is accepted only when
 * retrieving (the command says so): a complete acquisition is never re-opened to accept it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphAcquisitionSummary } from '../../src/case/fetch/graph/graph-summary.js';
import { startEmulator } from '../../src/emulator/index.js';
import { auditRecords, NO_ACTIVITIES } from './_graph-data.js';
import ExcelJS from 'exceljs';
import { caseInfo } from '../../src/case/case-info.js';
import { runReport } from '../../src/case/report/index.js';
import { fetchAuditCli, keptGraphRecords, ledgerOf } from './_graph-harness.js';
import { tempDir } from './_harness.js';

const TOKEN = 'graph-count-SECRET-2a';
const A = 'ap.clerk@contoso.example';
const DATA = auditRecords(A, 400, 15);

/** One retrieval on a fresh emulator whose counts are off by up to ±50 % (seed 2). */
async function fetchSkewed(where: readonly string[], ...extra: string[]) {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, query: { runPolls: 1, countSkew: 0.5, seed: 2 } },
  });
  try {
    const r = await fetchAuditCli(emu.url, A, TOKEN, [...where, '--json', ...extra]);
    const summary = (JSON.parse(r.out) as { summary: GraphAcquisitionSummary }).summary;
    return { code: r.code, err: r.err, summary };
  } finally {
    await emu.close();
  }
}

/** The documented rule, restated: more than max(2, 2 % of the count) short. */
const isShort = (expected: number, received: number) =>
  expected - received > Math.max(2, Math.ceil(expected * 0.02));

test('slices clearly short of the service count are UNVERIFIED: exit 3, listed, in acquisition.json', async (t) => {
  const dir = await tempDir(t);
  const out = join(dir, 'acq');
  const r = await fetchSkewed(['--out', out]);
  assert.equal(r.code, 3, r.err);
  const s = r.summary;
  assert.equal(s.complete, true, 'every slice was retrieved; the counts are what fails');
  assert.equal(s.countShortfallAccepted, false);
  const short = s.slices.filter((x) => isShort(x.expected!, x.received)).map((x) => x.key);
  assert.ok(short.length > 0 && short.length < 4, `seed 2 gives both kinds: ${JSON.stringify(s.slices)}`);
  assert.ok(
    s.slices.some((x) => x.difference! > 2 && !short.includes(x.key)),
    'a slice over the count by more than the tolerance is also present',
  );
  assert.deepEqual(
    s.slices.filter((x) => x.unverified === true).map((x) => x.key),
    short,
    'exactly the short slices are flagged',
  );
  assert.equal(s.unverifiedSlices.length, short.length);
  for (const [i, key] of short.entries()) {
    const x = s.slices.find((y) => y.key === key)!;
    assert.match(
      s.unverifiedSlices[i]!,
      new RegExp(
        `^${key.replace('.', '\\.')} .*received ${x.received} records, ${-x.difference!} fewer than the service's approximate count of ${x.expected}`,
      ),
    );
  }
  // The summary says so, and how to proceed.
  assert.match(r.err, /^UNVERIFIED: 400 audit records/m);
  assert.equal(r.err.split('\n').filter((l) => l.startsWith('  UNVERIFIED u000-')).length, short.length);
  assert.match(r.err, /--accept-count-shortfall/);
  // acquisition.json on disk says the same; the records themselves are all kept.
  const disk = JSON.parse(await readFile(join(out, 'acquisition.json'), 'utf8')) as GraphAcquisitionSummary;
  assert.deepEqual(disk.unverifiedSlices, s.unverifiedSlices);
  assert.equal((await keptGraphRecords(out)).length, 400);
  const flagged = (await ledgerOf(out)).filter((e) => e.type === 'slice' && e.unverified === true);
  assert.deepEqual(flagged.map((e) => e.slice).sort(), [...short].sort());
});

test('--accept-count-shortfall: the same shortfalls are still listed, the exit code is 0', async (t) => {
  const dir = await tempDir(t);
  const r = await fetchSkewed(['--out', join(dir, 'acq')], '--accept-count-shortfall');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.summary.countShortfallAccepted, true);
  assert.ok(r.summary.unverifiedSlices.length > 0);
  assert.match(r.err, /^Complete: 400 audit records/m);
  assert.equal(
    r.err.split('\n').filter((l) => l.startsWith('  UNVERIFIED u000-')).length,
    r.summary.unverifiedSlices.length,
  );
  assert.match(r.err, /unverified slice\(s\) accepted \(--accept-count-shortfall\)/);
});

test('in a case, an acquisition with unverified slices counts as incomplete unless the shortfall was accepted', async (t) => {
  const dir = await tempDir(t);
  const short = await fetchSkewed(['--case', join(dir, 'case')]);
  assert.equal(short.code, 3, short.err);
  const info = await caseInfo(join(dir, 'case'));
  assert.equal(info.events, 400, 'the records are imported all the same');
  assert.equal(info.incompleteAcquisitions.length, 1);
  const input = info.incompleteAcquisitions[0]!.inputs[0] as {
    complete: boolean;
    unverifiedSlices: string[];
  };
  assert.equal(input.complete, true, 'every slice was retrieved');
  assert.deepEqual(input.unverifiedSlices, short.summary.unverifiedSlices);
  // A report of the case says so, first thing: report.json's meta and the page's overview.
  const rep = join(dir, 'report');
  await runReport({
    caseDir: join(dir, 'case'),
    outDir: rep,
    formats: ['json', 'html', 'xlsx'],
    noGeo: true,
  });
  const doc = JSON.parse(await readFile(join(rep, 'report.json'), 'utf8')) as {
    meta: { incompleteEvidence?: { acquisition: string; missing: string[]; unverified: string[] }[] };
  };
  assert.equal(doc.meta.incompleteEvidence?.length, 1);
  assert.deepEqual(doc.meta.incompleteEvidence[0]!.unverified, short.summary.unverifiedSlices);
  assert.deepEqual(doc.meta.incompleteEvidence[0]!.missing, []);
  assert.match(doc.meta.incompleteEvidence[0]!.acquisition, /^evidence\/acquisitions\/.*-audit$/);
  const page = await readFile(join(rep, 'report.html'), 'utf8');
  assert.match(
    page,
    /id="incomplete-evidence"[\s\S]*Incomplete evidence \(1 acquisition\)[\s\S]*unverified: u000-/,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(rep, 'report.xlsx'));
  const about: string[] = [];
  wb.getWorksheet('About')!.eachRow((row) => about.push(JSON.stringify(row.values)));
  assert.ok(
    about.some((r) => r.includes('INCOMPLETE evidence') && r.includes('unverified u000-')),
    about.join('\n'),
  );

  const accepted = await fetchSkewed(['--case', join(dir, 'case2')], '--accept-count-shortfall');
  assert.equal(accepted.code, 0, accepted.err);
  assert.deepEqual((await caseInfo(join(dir, 'case2'))).incompleteAcquisitions, []);
  await runReport({
    caseDir: join(dir, 'case2'),
    outDir: join(dir, 'report2'),
    formats: ['json'],
    noGeo: true,
  });
  const accepted2 = JSON.parse(await readFile(join(dir, 'report2', 'report.json'), 'utf8')) as {
    meta: Record<string, unknown>;
  };
  assert.equal(accepted2.meta.incompleteEvidence, undefined, 'nothing to say when nothing is missing');
});

test('a shortfall is accepted only by retrieving again, as the summary says; --resume cannot accept it', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, query: { runPolls: 1, countSkew: 0.5, seed: 2 } },
  });
  t.after(() => emu.close());
  const caseDir = join(await tempDir(t), 'case');
  const first = await fetchAuditCli(emu.url, A, TOKEN, ['--case', caseDir]);
  assert.equal(first.code, 3, first.err);
  assert.match(
    first.err,
    /accepted only when retrieving: retrieve the UNVERIFIED windows again, with --accept-count-shortfall .*--resume cannot accept it/,
  );
  assert.doesNotMatch(first.err, /or accept (them|with) --accept-count-shortfall/);
  assert.match(first.err, /retrieve them again \(a new acquisition\), with --accept-count-shortfall/);

  // What the summary rules out is refused, and changes nothing.
  const resumed = await fetchAuditCli(emu.url, A, TOKEN, [
    '--case',
    caseDir,
    '--resume',
    '--accept-count-shortfall',
  ]);
  assert.equal(resumed.code, 2, resumed.err);
  assert.match(resumed.err, /no unfinished acquisition/);
  // What it says to do is accepted: a new acquisition, complete in the case.
  const again = await fetchAuditCli(emu.url, A, TOKEN, [
    '--case',
    caseDir,
    '--accept-count-shortfall',
    '--json',
  ]);
  assert.equal(again.code, 0, again.err);
  const dir = (JSON.parse(again.out) as { acquisitionDir: string }).acquisitionDir;
  const info = await caseInfo(caseDir);
  assert.equal(info.events, 400, 'each record stored once');
  const incomplete = info.incompleteAcquisitions.map(
    (r) => (r.inputs[0] as { acquisition: string }).acquisition,
  );
  assert.equal(incomplete.length, 1, 'the first acquisition stays recorded as unverified');
  assert.ok(!dir.endsWith(incomplete[0]!), 'the new one is complete');
});
