/**
 * `mailtrail report --case DIR`: a case built from the golden fixture (initCase + importFiles)
 * gives the same Magic Unicorn TSVs and the same report.json (apart from meta.inputs) as
 * `--input` on the same file. One known difference is normalized away: the case store returns
 * events in (time, event id) order, the files in file order, so events of the same instant (the
 * fixture's Move + Delete at 09:24:05.300) come out in a different order in report.json's
 * action lists and evidence arrays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { importFiles, initCase } from '../../src/case/index.js';
import { runCommand } from '../../src/cli/run.js';
import { UNICORN_TABLES } from '../../src/analyses/unicorn/unicorn-tables.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/report/small.csv');
const MAILBOX = 'victim@contoso.example';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stdout.resume();
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, env: {} }, err: () => err };
}

test('mailtrail report --case DIR = mailtrail report --input on the same data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mt-report-case-'));
  const caseDir = join(dir, 'case');
  const kase = await initCase(caseDir);
  try {
    await importFiles(kase, [FIXTURE], { mailbox: MAILBOX });
  } finally {
    await kase.close();
  }
  const run = async (source: string[], out: string) => {
    const c = io();
    const code = await runCommand(
      ['report', ...source, '--out', out, '--title', 'small', '--mailbox', MAILBOX],
      c.io,
    );
    assert.equal(code, 0, c.err());
    return c.err();
  };
  const fromCase = await run(['--case', caseDir], join(dir, 'case-out'));
  const fromInput = await run(['--input', FIXTURE], join(dir, 'input-out'));
  assert.match(fromCase, /suspect sessions: 6/);
  assert.equal(fromCase, fromInput, 'same summary on stderr');
  for (const t of Object.keys(UNICORN_TABLES)) {
    const name = `small-${t}.tsv`;
    assert.equal(
      readFileSync(join(dir, 'case-out', name), 'utf8'),
      readFileSync(join(dir, 'input-out', name), 'utf8'),
      name,
    );
  }
  type Doc = Record<string, unknown> & {
    meta: Record<string, unknown>;
    actions: { time: string; evidence: string[] }[];
    findings: { evidence: string[] }[];
    exposure: { actions: { time: string; evidence: string[] }[]; messages: { activities: string[] }[] };
  };
  const byTimeThenId = (a: { time: string; evidence: string[] }, b: { time: string; evidence: string[] }) =>
    a.time.localeCompare(b.time) || a.evidence[0]!.localeCompare(b.evidence[0]!);
  const doc = (out: string) => {
    const d = JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8')) as Doc;
    d.actions.sort(byTimeThenId);
    d.exposure.actions.sort(byTimeThenId);
    for (const f of d.findings) f.evidence.sort();
    for (const m of d.exposure.messages) m.activities.sort();
    return { ...d, meta: { ...d.meta, inputs: undefined, generatedAt: undefined } };
  };
  assert.deepEqual(doc('case-out'), doc('input-out'));
});
