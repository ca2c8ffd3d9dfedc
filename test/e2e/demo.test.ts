/**
 * The README's first command, end to end: emulator → retrieval into a case → import → report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../src/cli/run.js';
import * as mailtrail from '../../src/index.js';
import { collector, tempDir } from '../fetch/_harness.js';

test('mailtrail demo runs a complete investigation and prints where its results are', async (t) => {
  const dir = await tempDir(t);
  const out = collector();
  const err = collector();
  const code = await runCommand(['demo', '--out', dir, '--scale', '0.3', '--seed', '4', '-q'], {
    stdout: out.stream,
    stderr: err.stream,
    env: {},
  });
  assert.equal(code, 0, err.text());
  const resultDir = out.text().trim();
  assert.ok(resultDir.startsWith(dir), `stdout names the result folder: ${out.text()}`);
  assert.ok(existsSync(join(resultDir, 'case', 'manifest.json')));
  assert.ok(existsSync(join(resultDir, 'report', 'report.json')));
  assert.ok(existsSync(join(resultDir, 'ap.clerk@contoso.example.csv')));
  const truth = mailtrail.scenarioTruth({ seed: 4, scale: 0.3 });
  const report = JSON.parse(readFileSync(join(resultDir, 'report', 'report.json'), 'utf8')) as {
    sessions: { ip: string | null; suspect: boolean }[];
  };
  const suspectIps = new Set(report.sessions.filter((s) => s.suspect).map((s) => s.ip));
  for (const ip of truth.attacker.ips)
    assert.ok(suspectIps.has(ip), `attacker IP ${ip} is in a suspect session`);
  assert.match(err.text(), /suspect sessions: \d+/);
  assert.match(err.text(), /exposure: \d+ searches/);
});

test('the library entry point exposes the documented API', () => {
  for (const name of [
    'startEmulator',
    'generateScenario',
    'normalizeActivity',
    'readActivityFile',
    'CrowdStrikeCsvWriter',
    'initCase',
    'openCase',
    'importFiles',
    'runFetchActivities',
    'runReport',
    'investigate',
    'parseInstant',
    'eventId',
    'isMailtrailError',
  ]) {
    assert.equal(typeof (mailtrail as Record<string, unknown>)[name], 'function', name);
  }
  assert.ok(Object.keys(mailtrail.EVENT_KINDS).includes('mail.read'));
});
