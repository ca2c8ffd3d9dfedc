import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCommand } from '../../src/cli/run.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/report/small.csv');
const GOLDEN = resolve(import.meta.dirname, '../fixtures/report/golden');

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, env: {} }, out: () => out, err: () => err };
}

test('mailtrail unicorn -i CSV -o DIR -t TITLE is a drop-in (DIR joined, no trailing separator needed)', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mt-cli-')), 'new', 'out');
  const c = io();
  const code = await runCommand(['unicorn', '-i', FIXTURE, '-t', 'small', '-o', dir], c.io);
  assert.equal(code, 0, c.err());
  assert.equal(readdirSync(dir).length, 5);
  for (const f of readdirSync(dir))
    assert.equal(readFileSync(join(dir, f), 'utf8'), readFileSync(join(GOLDEN, f), 'utf8'), f);
  assert.match(c.out(), /small-logon-activity\.tsv\n/);
  assert.match(c.err(), /31 activities: 7 logons, 5 searches, 6 reads, 2 attachments/);
});

test('mailtrail report --input writes report.json and the TSVs and prints the suspects', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mt-cli-'));
  const c = io();
  const code = await runCommand(['report', '--input', FIXTURE, '--out', dir, '--title', 'small'], c.io);
  assert.equal(code, 0, c.err());
  assert.deepEqual(
    readdirSync(dir).filter((f) => !f.startsWith('small-')),
    ['report.json'],
  );
  assert.match(c.err(), /suspect sessions: 6/);
  assert.match(c.err(), /exposure: 2 searches/);
  const bad = io();
  assert.equal(await runCommand(['report', '--out', dir], bad.io), 2);
  assert.match(bad.err(), /either --case DIR or --input FILE/);
});
