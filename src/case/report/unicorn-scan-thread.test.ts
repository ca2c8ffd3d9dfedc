/**
 * The `unicorn` fast path with its reading and by-item table in a worker thread
 * (unicorn-scan-source.ts) must write exactly what the inline reading writes — with chunks so
 * small that records straddle them and outgrow the buffers, with scratch files spilling, over
 * several files — and must report the same errors and fall back the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UNICORN_TABLES } from '../../analyses/unicorn/unicorn-tables.js';
import { generateScenarioChunks } from '../../emulator/index.js';
import type { Activity } from '../../sources/activities-api/activity.js';
import { CrowdStrikeCsvWriter } from '../../sources/activities-files/crowdstrike-csv-writer.js';
import { runUnicorn, type UnicornOptions } from './unicorn.js';

const FIXTURE = resolve(import.meta.dirname, '../../../test/fixtures/report/small.csv');
const TABLES = Object.keys(UNICORN_TABLES);

function tables(dir: string): string[] {
  return TABLES.map((t) => readFileSync(join(dir, `x-${t}.tsv`), 'utf8'));
}

/** Runs inline and threaded with each chunk size; every output must equal the inline one. */
async function sameThreaded(inputs: string[], label: string, extra: Partial<UnicornOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-thread-'));
  const inline = await runUnicorn({ inputs, outDir: join(dir, 'inline'), title: 'x', scanThread: false });
  assert.deepEqual(
    inline.modes,
    inputs.map(() => 'fast'),
    `${label}: the fast path was used`,
  );
  const expected = tables(join(dir, 'inline'));
  for (const chunkBytes of [64, 333, 1 << 20]) {
    const out = join(dir, `thread-${chunkBytes}`);
    const r = await runUnicorn({ inputs, outDir: out, title: 'x', scanThread: true, chunkBytes, ...extra });
    assert.deepEqual(r.rows, inline.rows, `${label}, ${chunkBytes}-byte chunks: row counts`);
    assert.equal(r.events, inline.events);
    assert.deepEqual(tables(out), expected, `${label}, ${chunkBytes}-byte chunks: the five tables`);
    assert.deepEqual(
      readdirSync(out).filter((f) => f.startsWith('.')),
      [],
      'no scratch or temporary file is left',
    );
  }
  return expected;
}

async function writeCsv(path: string, activities: readonly Activity[], bom = false): Promise<string> {
  const w = CrowdStrikeCsvWriter.toFile(path, { bom });
  for (const a of activities) await w.write(a);
  await w.end();
  return path;
}

test('threaded = inline on the golden fixture, also with spilled scratch and tiny windows', async () => {
  await sameThreaded([FIXTURE], 'small.csv');
  await sameThreaded([FIXTURE], 'small.csv, tiny scratch', {
    scratchBytes: 64,
    windowBytes: 300,
    bucketBits: 1,
  });
});

test('threaded = inline on emulator data split over two files', async () => {
  const all: Activity[] = [];
  for (const chunk of generateScenarioChunks({ seed: 3, scale: 1 }))
    for (const a of chunk.activities)
      if (a.TimeStamp >= '2018-06-01' && a.TimeStamp < '2018-06-20') all.push(a);
  all.sort((a, b) => (a.TimeStamp < b.TimeStamp ? -1 : a.TimeStamp > b.TimeStamp ? 1 : 0));
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-thread-emu-'));
  const half = Math.floor(all.length / 2);
  const r = await sameThreaded(
    [
      await writeCsv(join(dir, 'a.csv'), all.slice(0, half), true),
      await writeCsv(join(dir, 'b.csv'), all.slice(half)),
    ],
    'two files',
    { scratchBytes: 256, windowBytes: 4096, bucketBits: 2 },
  );
  assert.ok(r[3]!.split('\n').length > 20, 'the emulator data has reads by item');
});

test('threaded = inline with CRLF, blank lines and a record longer than a chunk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-thread-crlf-'));
  const lines = readFileSync(FIXTURE, 'utf8').split(/\r?\n/);
  const long = `'Padding': '${'a long value '.repeat(400)}', `;
  const body = lines
    .map((l) => l.replace("{'Subject': 'Invoice", `{${long}'Subject': 'Invoice`))
    .join('\r\n\r\n');
  assert.ok(body.includes('a long value'));
  const path = join(dir, 'crlf.csv');
  writeFileSync(path, body);
  const t = await sameThreaded([path], 'CRLF');
  assert.ok(t[0]!.length > 0);
});

test('threaded: an input the fast scan cannot read falls back as inline does; a missing file is an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-thread-bad-'));
  const gz = join(dir, 'in.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
  const inline = await runUnicorn({ inputs: [gz], outDir: join(dir, 'i'), title: 'x', scanThread: false });
  const threaded = await runUnicorn({ inputs: [gz], outDir: join(dir, 't'), title: 'x', scanThread: true });
  assert.notDeepEqual(threaded.modes, ['fast']);
  assert.deepEqual(threaded.modes, inline.modes);
  assert.deepEqual(tables(join(dir, 't')), tables(join(dir, 'i')));

  const missing = join(dir, 'nope.csv');
  await assert.rejects(
    runUnicorn({ inputs: [FIXTURE, missing], outDir: join(dir, 'm'), title: 'x', scanThread: true }),
    (err: Error & { code?: string }) => err.code === 'ENOENT' && err.message.includes('nope.csv'),
  );
  assert.equal(existsSync(join(dir, 'm', 'x-logon-activity.tsv')), false, 'no partial report');
});
