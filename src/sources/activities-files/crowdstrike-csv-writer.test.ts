import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Activity } from '../activities-api/activity.js';
import { CrowdStrikeCsvWriter, formatCrowdStrikeCsvRow, formatCsvCell } from './crowdstrike-csv-writer.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/activities-files');
const activities = JSON.parse(readFileSync(join(FIXTURES, 'activities.json'), 'utf8')) as Activity[];
const pythonCsv = readFileSync(join(FIXTURES, 'activities.csv'));

/** A Writable that collects bytes and accepts only a few at a time, to exercise backpressure. */
function sink(highWaterMark = 16): { stream: Writable; bytes: () => Buffer; drains: () => number } {
  const parts: Buffer[] = [];
  let drains = 0;
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      parts.push(chunk);
      setImmediate(cb);
    },
  });
  stream.on('drain', () => drains++);
  return { stream, bytes: () => Buffer.concat(parts), drains: () => drains };
}

async function writeAll(out: Writable, opts: ConstructorParameters<typeof CrowdStrikeCsvWriter>[1] = {}) {
  const w = new CrowdStrikeCsvWriter(out, opts);
  for (const a of activities) await w.write(a);
  await w.end();
  return w;
}

test('writes exactly the bytes the Python retriever wrote', async () => {
  const s = sink();
  const w = await writeAll(s.stream);
  assert.equal(w.count, activities.length);
  assert.equal(s.bytes().toString('utf8'), pythonCsv.toString('utf8'));
  assert.ok(s.bytes().equals(pythonCsv));
});

test('LMG fork (no BOM) and Windows text mode (every \\n becomes \\r\\n)', async () => {
  const noBom = sink();
  await writeAll(noBom.stream, { bom: false });
  assert.ok(noBom.bytes().equals(pythonCsv.subarray(3)));
  const crlf = sink();
  await writeAll(crlf.stream, { lineEnding: '\r\n' });
  assert.equal(crlf.bytes().toString('utf8'), pythonCsv.toString('utf8').replace(/\n/g, '\r\n'));
});

test('waits for drain when the destination is full', async () => {
  const s = sink(1);
  const w = new CrowdStrikeCsvWriter(s.stream);
  const big = { ...activities[0]!, CustomProperties: [{ Name: 'UserAgent', Value: 'x'.repeat(70_000) }] };
  for (let i = 0; i < 5; i++) await w.write(big);
  await w.end();
  assert.ok(s.drains() >= 4);
  assert.equal(s.bytes().toString('utf8').split('\n').length, 7);
});

test('writes a file and an empty file has the header only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtrail-csvw-'));
  const w = CrowdStrikeCsvWriter.toFile(join(dir, 'empty.csv'));
  await w.end();
  assert.equal(
    readFileSync(join(dir, 'empty.csv'), 'utf8'),
    '\uFEFFTimeStamp,AppIdType,ActivityIdType,ActivityItemId,ActivityCreationTime,ClientSessionId,CustomProperties\n',
  );
});

test('cells: quoting rules of Python csv QUOTE_MINIMAL with lineterminator \\n', () => {
  assert.equal(formatCsvCell(''), '');
  assert.equal(formatCsvCell(' lead'), ' lead');
  assert.equal(formatCsvCell('a\rb'), 'a\rb');
  assert.equal(formatCsvCell('a\nb'), '"a\nb"');
  assert.equal(formatCsvCell('a,b'), '"a,b"');
  assert.equal(formatCsvCell('a"b'), '"a""b"');
  assert.equal(formatCsvCell('a;b\tc'), 'a;b\tc');
});

test('rows: null/missing standard values, non-string values, CustomProperties forms', () => {
  const base = { TimeStamp: 't', AppIdType: 'Web', ActivityIdType: 'Logon', ClientSessionId: 's' };
  assert.equal(formatCrowdStrikeCsvRow({ ...base, ActivityItemId: null }), 't,Web,Logon,,,s,');
  assert.equal(
    formatCrowdStrikeCsvRow({ ...base, ActivityItemId: true, CustomProperties: [] }),
    't,Web,Logon,True,,s,',
  );
  assert.equal(
    formatCrowdStrikeCsvRow({
      ...base,
      CustomProperties: [
        { Name: 'a', Value: true },
        { Name: 'b', Value: 1 },
        { Name: 'c', Value: null },
        { Name: 'd' },
        { Name: 'a', Value: 'again' },
      ],
    }),
    `t,Web,Logon,,,s,"{'a': 'again', 'b': 1, 'c': None, 'd': None}"`,
  );
  assert.equal(
    formatCrowdStrikeCsvRow({
      ...base,
      CustomProperties: [
        { Name: '2', Value: 'x' },
        { Name: '1', Value: 'y' },
      ],
    }),
    `t,Web,Logon,,,s,"{'2': 'x', '1': 'y'}"`,
  );
});
