/**
 * A retrieval killed with SIGKILL in the middle continues with --resume, and the result equals an
 * uninterrupted run: same pages, same records, same order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { runFetchActivities } from '../../src/case/fetch/index.js';
import { makeActivities } from './_dataset.js';
import { keptRecords, listFiles, tempDir } from './_harness.js';

const TOKEN = 'resume-token-77';
const A = 'a.user@contoso.example';
const CLI = resolve(import.meta.dirname, '..', '_mailtrail.ts');

test('kill -9 mid-retrieval, then --resume, equals an uninterrupted run', async (t) => {
  const data = { mailboxes: { [A]: makeActivities(6000, 9) } };
  const emu = await startEmulator({ data, token: TOKEN, faults: { seed: 2, latencyMs: 40 } });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = join(dir, 'killed');
  const args = [
    'fetch',
    'activities',
    '--base-url',
    emu.url,
    '--user',
    A,
    '--out',
    out,
    '--concurrency',
    '2',
    '--slices',
    '10',
    '-q',
  ];

  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, OAUTH_TOKEN: TOKEN },
    stdio: 'ignore',
  });
  const pagesDir = join(out, 'pages', A);
  // Wait until some but not all pages are on disk, then kill without warning.
  await new Promise<void>((done, fail) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const n = existsSync(pagesDir) ? readdirSync(pagesDir).length : 0;
      if (n >= 4) {
        clearInterval(poll);
        child.kill('SIGKILL');
        done();
      } else if (Date.now() - started > 60_000) {
        clearInterval(poll);
        child.kill('SIGKILL');
        fail(new Error('the child retrieved nothing within 60 s'));
      }
    }, 5);
  });
  await new Promise((r) => child.once('exit', r));
  assert.ok(!existsSync(join(out, 'acquisition.json')), 'the killed run did not finish');

  const resumed = await runFetchActivities({
    mailboxes: [A],
    start: undefined,
    end: undefined,
    types: [],
    caseDir: undefined,
    outDir: out,
    csv: undefined,
    baseUrl: emu.url,
    concurrency: 4,
    slices: 10,
    timeoutMs: 10_000,
    maxAttempts: 5,
    resume: true,
    token: TOKEN,
    basicUser: undefined,
    env: {},
    argv: [],
  });
  assert.equal(resumed.summary.complete, true);

  const clean = await runFetchActivities({
    ...{ mailboxes: [A], start: undefined, end: undefined, types: [], caseDir: undefined, csv: undefined },
    outDir: join(dir, 'clean'),
    baseUrl: emu.url,
    concurrency: 4,
    slices: 10,
    timeoutMs: 10_000,
    maxAttempts: 5,
    resume: false,
    token: TOKEN,
    basicUser: undefined,
    env: {},
    argv: [],
  });
  const a = await keptRecords(out);
  const b = await keptRecords(clean.acquisitionDir);
  assert.equal(a.length, 6000);
  assert.deepEqual(
    a.map((r) => r.record.Id),
    b.map((r) => r.record.Id),
  );
  assert.deepEqual(
    resumed.summary.pages.map((p) => [p.file, p.bodySha256]),
    clean.summary.pages.map((p) => [p.file, p.bodySha256]),
  );
  const files = (await listFiles(out)).filter((f) => f.startsWith('pages/'));
  assert.deepEqual(
    files.sort(),
    resumed.summary.pages.map((p) => p.file).sort(),
    'no leftover or temporary page files',
  );
});
