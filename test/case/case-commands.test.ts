import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { openCase, initCase } from '../../src/case/index.js';
import { readManifest, writeManifest } from '../../src/case/manifest.js';
import { cli, fixture, tempDir } from './_cli.js';

test('case init writes the layout and a complete manifest; a second init is refused', async () => {
  const dir = join(tempDir(), 'bec-2026');
  const r = await cli([
    'case',
    'init',
    dir,
    '--name',
    'BEC 2026-114',
    '--examiner',
    'A. Analyst',
    '--purpose',
    'ticket 114',
    '--time-zone',
    'Europe/Paris',
  ]);
  assert.equal(r.code, 0, r.stderr);
  for (const p of [
    'case.duckdb',
    'manifest.json',
    'ledger.jsonl',
    'evidence/imports',
    'evidence/acquisitions',
  ])
    assert.ok(existsSync(join(dir, p)), p);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.equal(m.format, 'mailtrail-case');
  assert.equal(m.version, 1);
  assert.deepEqual(
    [m.name, m.examiner, m.purpose, m.timeZone],
    ['BEC 2026-114', 'A. Analyst', 'ticket 114', 'Europe/Paris'],
  );
  assert.deepEqual(m.tool, { name: 'mailtrail', version: '0.1.0' });
  assert.deepEqual([m.evidence, m.runs], [[], []]);
  assert.match(m.createdAt, /^\d{4}-\d\d-\d\dT.*Z$/);
  const again = await cli(['case', 'init', dir]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already a mailtrail case/);
  const other = tempDir();
  writeFileSync(join(other, 'notes.txt'), 'x');
  assert.match((await cli(['case', 'init', other])).stderr, /exists and is not empty/);
});

test('case info reports sources, mailboxes, period, kinds, runs and issues', async () => {
  const dir = join(tempDir(), 'c');
  assert.equal(
    (await cli(['import', '--case', dir, fixture('activities.ndjson'), fixture('dataset.json')])).code,
    0,
  );
  const r = await cli(['case', 'info', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  assert.equal(info.events, 22);
  assert.deepEqual(info.period, { from: '2018-06-12T09:00:00.000Z', to: '2018-06-12T09:05:09.000Z' });
  assert.deepEqual(info.adapters, [
    { adapter: 'activities-ndjson', events: 8 },
    { adapter: 'emulator-dataset', events: 14 },
  ]);
  assert.deepEqual(
    info.mailboxes.map((m: { mailbox: string }) => m.mailbox),
    ['ap.clerk@contoso.example', 'cfo@contoso.example'],
  );
  assert.equal(info.runs.length, 2);
  assert.deepEqual(info.issues.map((i: { code: string }) => i.code).sort(), [
    'activities.ndjson.invalid_json',
    'activities.timestamp.invalid',
  ]);
  assert.equal(info.evidence.files, 2);
  const text = await cli(['case', 'info', dir]);
  assert.match(text.stdout, /Events: {4}22 from 2018-06-12T09:00:00.000Z/);
  assert.match(text.stdout, /activities.timestamp.invalid \(error\): 1/);
});

test('case verify: all verified, then a changed, a missing and an unlisted file → exit 4 naming them', async () => {
  const dir = join(tempDir(), 'c');
  await cli([
    'import',
    '--case',
    dir,
    fixture('activities.ndjson'),
    fixture('page.json'),
    fixture('bare-array.json'),
  ]);
  let r = await cli(['case', 'verify', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'all 3 evidence files verified\n');
  const m = await readManifest(dir);
  const [a, b] = [m.evidence[0]!.path, m.evidence[1]!.path];
  chmodSync(join(dir, a), 0o644);
  appendFileSync(join(dir, a), ' ');
  r = await cli(['case', 'verify', dir]);
  assert.equal(r.code, 4);
  assert.match(r.stdout, new RegExp(`CHANGED {3}${a} `));
  assert.match(r.stderr, new RegExp(`1 changed \\(first: ${a}\\)`));
  rmSync(join(dir, b), { force: true });
  writeFileSync(join(dir, 'evidence/imports/planted.csv'), 'x');
  r = await cli(['case', 'verify', dir, '--json']);
  assert.equal(r.code, 4);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.missing, [b]);
  assert.deepEqual(
    report.changed.map((c: { path: string }) => c.path),
    [a],
  );
  assert.deepEqual(report.unlisted, ['evidence/imports/planted.csv']);
  assert.equal(report.verified, 1);
});

test('the manifest is replaced atomically: readers never see a partial file, no temp files remain', async () => {
  const dir = join(tempDir(), 'c');
  const handle = await initCase(dir, { name: 'atomic' });
  await handle.close();
  const m = await readManifest(dir);
  let reads = 0;
  let writing = true;
  const reader = (async () => {
    while (writing) {
      JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      reads++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  for (let i = 0; i < 100; i++) {
    await writeManifest(dir, { ...m, purpose: 'x'.repeat(i * 500) });
  }
  writing = false;
  await reader;
  assert.ok(reads > 0);
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
  );
  assert.equal((await readManifest(dir)).purpose.length, 99 * 500);
});

test('a second writer is refused with a clear message while another process has the case open', async () => {
  const dir = join(tempDir(), 'c');
  await (await initCase(dir)).close();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('${join(import.meta.dirname, '../../src/case/index.ts')}').then(async (c) => { await c.openCase(${JSON.stringify(dir)}); console.log('open'); setTimeout(() => {}, 60000); })`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
      child.on('exit', () => reject(new Error('child exited early')));
    });
    await assert.rejects(openCase(dir), {
      name: 'StoreError',
      message: /case is open in another mailtrail process/,
    });
    const r = await cli(['import', '--case', dir, fixture('page.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /open in another mailtrail process/);
  } finally {
    child.kill('SIGKILL');
  }
});
