import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FormatError } from '../../errors.js';
import { detectActivityFileFormat, readActivityFile } from './detect.js';
import type { ActivityFileFormat } from './types.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/activities-files');
const csv = readFileSync(join(FIXTURES, 'activities.csv'));
const activities = JSON.parse(readFileSync(join(FIXTURES, 'activities.json'), 'utf8')) as unknown[];
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-detect-'));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const ndjson = activities.map((a) => JSON.stringify(a)).join('\n');
const page = JSON.stringify({ value: activities });
const dataset = JSON.stringify({ mailboxes: { 'a@contoso.example': activities } }, null, 2);

const cases: [string, string | Buffer, ActivityFileFormat | null][] = [
  ['bom.csv', csv, 'crowdstrike-csv'],
  ['nobom.csv', csv.subarray(3), 'crowdstrike-csv'],
  ['crlf.csv', csv.toString('utf8').replace(/\n/g, '\r\n'), 'crowdstrike-csv'],
  ['csv.gz', gzipSync(csv), 'crowdstrike-csv'],
  ['reordered.csv', 'CustomProperties,ActivityIdType,TimeStamp\n', 'crowdstrike-csv'],
  ['page.json', page, 'activities-json'],
  [
    'page-pretty.json',
    JSON.stringify({ '@odata.context': 'x', value: activities }, null, 2),
    'activities-json',
  ],
  ['array.json', JSON.stringify(activities, null, 1), 'activities-json'],
  ['pages.json', `${page}\n${page}`, 'activities-json'],
  ['page.json.gz', gzipSync(page), 'activities-json'],
  ['pretty-activity.json', JSON.stringify(activities[0], null, 2), 'activities-json'],
  ['a.ndjson', ndjson, 'activities-ndjson'],
  ['a.ndjson.gz', gzipSync(`\uFEFF${ndjson}`), 'activities-ndjson'],
  ['dataset.json', dataset, 'emulator-dataset'],
  ['dataset-line.json', JSON.stringify({ mailboxes: {} }), 'emulator-dataset'],
  ['dataset.json.gz', gzipSync(dataset), 'emulator-dataset'],
  ['empty', '', null],
  ['junk.bin', Buffer.from([0, 1, 2, 3, 255, 254, 0x1f]), null],
  ['text.txt', 'hello world\nnot a csv\n', null],
  ['other.csv', 'CreationDate,UserIds,Operations,AuditData\n', null],
  ['other.json', '{"foo": {"value": []}, "bar": 1}', null],
  ['truncated.gz', gzipSync(page).subarray(0, 5), null],
];

for (const [name, content, want] of cases) {
  test(`detects ${name} as ${want}`, async () => {
    const p = file(name, content);
    if (name === 'truncated.gz') {
      await assert.rejects(detectActivityFileFormat(p), FormatError);
      return;
    }
    assert.equal(await detectActivityFileFormat(p), want);
  });
}

test('readActivityFile dispatches on the detected format and honours an explicit one', async () => {
  let records = 0;
  for await (const item of readActivityFile(file('d.ndjson', ndjson), undefined))
    if (item.type === 'record') records++;
  assert.equal(records, activities.length);
  records = 0;
  for await (const item of readActivityFile(file('d.csv', csv), 'crowdstrike-csv'))
    if (item.type === 'record') records++;
  assert.equal(records, activities.length);
});

test('an undetectable file is a FormatError that names the file, the formats and --format', async () => {
  const p = file('junk.txt', 'nothing to see\n');
  await assert.rejects(
    async () => {
      for await (const _ of readActivityFile(p, undefined)) void _;
    },
    (e: unknown) =>
      e instanceof FormatError &&
      e.message.includes(p) &&
      e.message.includes('--format crowdstrike-csv|activities-json|activities-ndjson|emulator-dataset'),
  );
});
