import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importFiles, initCase, openCase } from '../../src/case/index.js';
import { writeBigNdjson } from './_big.js';
import { cli, fixture, tempDir } from './_cli.js';

const N = 40_000;

const VIEWS = [
  'events',
  'logons',
  'sessions',
  'reads',
  'searches',
  'deliveries',
  'actions',
  'issues',
  'runs',
];

/** Rows of every analyst view, and what is physically stored (rows of pending writes included). */
async function snapshot(
  dir: string,
): Promise<{ views: Record<string, number>; rows: number; pending: number }> {
  const h = await openCase(dir, { readOnly: true });
  try {
    const views: Record<string, number> = {};
    for (const v of VIEWS) views[v] = Number((await h.store.all(`SELECT count(*) AS n FROM ${v}`))[0]!.n);
    const [r] = await h.store.all(
      'SELECT (SELECT count(*) FROM event_rows) AS rows, (SELECT count(*) FROM pending_writes) AS pending',
    );
    return { views, rows: Number(r!.rows), pending: Number(r!.pending) };
  } finally {
    await h.close();
  }
}

async function eventCount(dir: string): Promise<number> {
  const h = await openCase(dir, { readOnly: true });
  try {
    const [r] = await h.store.all('SELECT count(*) AS n FROM events');
    return Number(r!.n);
  } finally {
    await h.close();
  }
}

test('an abort (Ctrl-C) mid-import rolls the file back; the case stays as it was and re-import works', async () => {
  const tmp = tempDir();
  const big = join(tmp, 'big.ndjson');
  await writeBigNdjson(big, N);
  const dir = join(tmp, 'case');
  const handle = await initCase(dir);
  await importFiles(handle, [fixture('page.json')]);
  const controller = new AbortController();
  await assert.rejects(
    importFiles(handle, [big], {
      signal: controller.signal,
      onProgress: (p) =>
        p.phase === 'reading' && p.records >= 20_000 && controller.abort(new Error('interrupted')),
    }),
    /interrupted/,
  );
  await handle.close();
  assert.equal(await eventCount(dir), 7);
  assert.equal(
    existsSync(join(dir, 'case.duckdb.staging')) && readdirSync(join(dir, 'case.duckdb.staging')).length,
    0,
  );
  const r = await cli(['import', '--case', dir, '--json', '-q', big]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).units[0].inserted, N);
  assert.equal(await eventCount(dir), N + 7);
  assert.equal((await cli(['case', 'verify', dir])).code, 0);
});

for (const killAt of ['reading', 'committing'] as const) {
  test(`SIGKILL while ${killAt}: the reopened case has none of the file, and re-import works`, async () => {
    const tmp = tempDir();
    const big = join(tmp, 'big.ndjson');
    await writeBigNdjson(big, N);
    const dir = join(tmp, 'case');
    assert.equal((await cli(['import', '--case', dir, '-q', fixture('page.json')])).code, 0);
    const before = await snapshot(dir);
    // Small batches, so that several are stored (hidden) before the kill.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '_import-child.ts'), dir, big],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, MAILTRAIL_IMPORT_BATCH: '5000' },
      },
    );
    const outcome = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        const hit = killAt === 'reading' ? /reading [2-9]\d{4}/.test(text) : text.includes('committing');
        if (hit && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve('killed');
        }
      });
      child.on('exit', () => resolve(text.includes('done') ? 'finished' : 'killed'));
    });
    await new Promise((r) =>
      child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r),
    );
    assert.equal(outcome, 'killed');
    // Read-only opens see the case as before the killed run, whatever it left in event_rows.
    const after = await snapshot(dir);
    assert.deepEqual(after.views, before.views);
    assert.equal(after.views.events, 7);
    if (killAt === 'reading') {
      assert.equal(after.pending, 1);
      assert.ok(after.rows > 7, `batches stored before the kill: ${after.rows - 7}`);
    }
    // The next writable open deletes the killed run's rows.
    await (await openCase(dir)).close();
    assert.deepEqual(await snapshot(dir), { ...before, rows: 7, pending: 0 });
    const r = await cli(['import', '--case', dir, '--json', '-q', big]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).units[0].inserted, N);
    assert.equal(await eventCount(dir), N + 7);
    assert.equal((await snapshot(dir)).rows, N + 7);
    const v = await cli(['case', 'verify', dir]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });
}

test('Ctrl-C during `mailtrail import` exits 130 with a clear message and stores nothing of the file', async () => {
  const tmp = tempDir();
  const big = join(tmp, 'big.ndjson');
  await writeBigNdjson(big, N);
  const dir = join(tmp, 'case');
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('interrupted')), 1500);
  const r = await cli(['import', '--case', dir, '-q', big], { signal: controller.signal });
  assert.equal(r.code, 130);
  assert.match(r.stderr, /\[import\] Interrupted: the file being imported was rolled back/);
  assert.equal(await eventCount(dir), 0);
});
