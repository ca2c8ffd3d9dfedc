/**
 * `mailtrail import` with today's sources: UAL exports and Entra sign-ins go into the same case
 * as an Activities CSV, are stored once however often they are imported, and the case's report
 * equals the report of the same files read directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initCase, importFiles, openCase } from '../../src/case/index.js';
import { runReport } from '../../src/case/report/index.js';
import { tempDir } from '../fetch/_harness.js';

const MIXED = resolve(import.meta.dirname, '../fixtures/mixed');
const UAL = resolve(import.meta.dirname, '../fixtures/ual');
const FILES = [join(MIXED, 'activities.csv'), join(MIXED, 'ual.jsonl'), join(MIXED, 'signins.json')];

test('UAL, Entra and Activities files import into one case, once each, and report as one', async (t) => {
  const dir = await tempDir(t);
  const caseDir = join(dir, 'case');
  const handle = await initCase(caseDir);
  try {
    const first = await importFiles(handle, FILES);
    assert.deepEqual(
      first.units.map((u) => [u.format, u.status, u.inserted]),
      [
        ['crowdstrike-csv', 'imported', 3],
        ['ual-jsonl', 'imported', 11],
        ['entra-signin-json', 'imported', 2],
      ],
    );
    const again = await importFiles(handle, FILES.slice(1));
    assert.deepEqual(
      again.units.map((u) => [u.inserted, u.duplicates]),
      [
        [0, 11],
        [0, 2],
      ],
    );
    const kinds = await handle.store.all(
      'SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY kind',
    );
    assert.ok(kinds.some((k) => k.kind === 'rule.change'));
    assert.ok(kinds.some((k) => k.kind === 'audit.gap'));
  } finally {
    await handle.close();
  }
  const fromCase = await runReport({
    caseDir,
    outDir: join(dir, 'case-report'),
    formats: ['json'],
    noGeo: true,
    now: () => new Date(0),
  });
  const fromFiles = await runReport({
    inputs: FILES,
    outDir: join(dir, 'file-report'),
    formats: ['json'],
    noGeo: true,
    now: () => new Date(0),
  });
  const rules = (p: string) =>
    (JSON.parse(readFileSync(join(p, 'report.json'), 'utf8')) as { findings: { rule: string }[] }).findings
      .map((f) => f.rule)
      .sort();
  assert.deepEqual(rules(join(dir, 'case-report')), rules(join(dir, 'file-report')));
  assert.ok(rules(join(dir, 'case-report')).includes('inbox-rule-suspicious'));
  assert.deepEqual(
    fromCase.summary?.suspects.map((s) => s.sessionId),
    fromFiles.summary?.suspects.map((s) => s.sessionId),
  );
});

test('an audit export with bad rows keeps the good ones and records the bad; --strict refuses it', async (t) => {
  const dir = await tempDir(t);
  const handle = await initCase(join(dir, 'case'));
  try {
    const lenient = await importFiles(handle, [join(UAL, 'bad-rows.csv')]);
    const u = lenient.units[0]!;
    assert.equal(u.status, 'imported');
    assert.ok(u.inserted > 0 && u.issueCount > 0, JSON.stringify(u));
    assert.match(u.firstIssue ?? '', /bad-rows\.csv/);
    const strict = await importFiles(handle, [join(UAL, 'purview-8col.csv'), join(UAL, 'bad-rows.csv')], {
      strict: true,
    });
    assert.deepEqual(
      strict.units.map((x) => x.status),
      ['imported', 'rejected'],
    );
  } finally {
    await handle.close();
  }
  const ro = await openCase(join(dir, 'case'), { readOnly: true });
  try {
    const [row] = await ro.store.all("SELECT count(*) AS n FROM issues WHERE code LIKE 'ual.%'");
    assert.ok(Number(row!.n) > 0);
  } finally {
    await ro.close();
  }
});
