import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FormatError } from '../../errors.js';
import type { Issue } from '../../model/issue.js';
import { readActivitiesJson, readActivitiesNdjson, readEmulatorDataset } from './json-readers.js';
import type { ActivityRecord, ReadItem } from './types.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/activities-files');
const activities = JSON.parse(readFileSync(join(FIXTURES, 'activities.json'), 'utf8')) as Record<
  string,
  unknown
>[];
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-json-'));

async function readAll(
  iter: AsyncIterable<ReadItem>,
): Promise<{ records: ActivityRecord[]; issues: Issue[] }> {
  const records: ActivityRecord[] = [];
  const issues: Issue[] = [];
  for await (const item of iter) {
    if (item.type === 'record') records.push(item.record);
    else issues.push(item.issue);
  }
  return { records, issues };
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const page = (value: unknown[]) => ({
  '@odata.context': 'https://outlook.office.com/api/v2.0/$metadata',
  value,
});
const first = activities.slice(0, 6);
const rest = activities.slice(6);

test('every activities-json shape yields the same records', async () => {
  const expected = (await readAll(readActivitiesJson(join(FIXTURES, 'activities.json')))).records.map(
    (r) => r.fields,
  );
  assert.equal(expected.length, activities.length);
  const shapes: Record<string, string | Buffer> = {
    'page.json': JSON.stringify(page(activities)),
    'pages-array.json': JSON.stringify([page(first), page(rest)], null, 2),
    'concatenated.json': JSON.stringify(page(first)) + JSON.stringify(page(rest)),
    'pages-per-line.json': `${JSON.stringify(page(first))}\n${JSON.stringify(page(rest))}\n`,
    'pretty-concatenated.json': `\uFEFF${JSON.stringify(page(first), null, 2)}\n\n${JSON.stringify(page(rest), null, 2)}`,
    'page.json.gz': gzipSync(JSON.stringify(page(activities))),
    'renamed-gzip.json': gzipSync(JSON.stringify(activities)),
  };
  for (const [name, content] of Object.entries(shapes)) {
    const { records, issues } = await readAll(readActivitiesJson(file(name, content)));
    assert.deepEqual(issues, [], name);
    assert.deepEqual(
      records.map((r) => r.fields),
      expected,
      name,
    );
    assert.deepEqual(
      records.map((r) => r.locator.row),
      expected.map((_, i) => i + 1),
      name,
    );
  }
});

test('rawSha256 of whole-file JSON is the SHA-256 of JSON.stringify(record)', async () => {
  const { records } = await readAll(
    readActivitiesJson(file('one.json', JSON.stringify(page([activities[0]])))),
  );
  assert.equal(
    records[0]!.rawSha256,
    createHash('sha256').update(JSON.stringify(activities[0])).digest('hex'),
  );
  assert.deepEqual(records[0]!.raw, activities[0]);
});

test('invalid records and broken documents become issues; the rest is kept', async () => {
  const bad = { TimeStamp: 5, ActivityIdType: 'Logon', CustomProperties: [{ Value: 'x' }] };
  const content = [
    JSON.stringify(page([activities[0], bad, activities[1]])),
    '{"value": [ this is not json ]}',
    'junk line',
    JSON.stringify({ something: 'else' }),
    JSON.stringify(page([activities[2]])),
    '{"value": [',
  ].join('\n');
  const { records, issues } = await readAll(readActivitiesJson(file('bad.json', content)));
  assert.equal(records.length, 3);
  assert.deepEqual(
    issues.map((i) => [i.code, i.locator.line, i.locator.row, i.locator.column]),
    [
      ['activities.json.invalid_record', 1, 2, '$.value[1]'],
      ['activities.json.invalid_json', 2, undefined, undefined],
      ['activities.json.invalid_json', 3, undefined, undefined],
      ['activities.json.shape', 4, undefined, '$'],
      ['activities.json.invalid_json', 6, undefined, undefined],
    ],
  );
  assert.match(
    issues[0]!.message,
    /document 1, \$\.value\[1\]: TimeStamp is missing or not a string; CustomProperties\[0\] has no string Name/,
  );
  assert.equal(issues[0]!.raw, JSON.stringify(bad));
  assert.equal(issues[2]!.raw, 'junk line');
});

test('whole-file JSON beyond the size cap is refused with a hint', async () => {
  const { readWholeText } = await import('./json-documents.js');
  const p = file('big.json', JSON.stringify(page(activities)));
  await assert.rejects(
    readWholeText(p, 'big.json', undefined, 100),
    (e: unknown) => e instanceof FormatError && /activities-ndjson/.test(e.message),
  );
});

test('NDJSON: one activity per line, blank lines skipped, bad lines reported, line bytes hashed', async () => {
  const lines = activities.slice(0, 3).map((a) => JSON.stringify(a));
  const content = `\uFEFF${lines[0]}\r\n\n   \n${lines[1]}\n{"TimeStamp": broken\n{"AppIdType":"Web"}\n${lines[2]}`;
  for (const [name, body] of [
    ['a.ndjson', content],
    ['a.ndjson.gz', gzipSync(content)],
  ] as const) {
    const { records, issues } = await readAll(readActivitiesNdjson(file(name, body)));
    assert.deepEqual(
      records.map((r) => [r.locator.row, r.locator.line]),
      [
        [1, 1],
        [2, 4],
        [5, 7],
      ],
      name,
    );
    assert.equal(records[0]!.rawSha256, createHash('sha256').update(lines[0]!).digest('hex'));
    assert.deepEqual(records[0]!.locator.offset, 3);
    assert.deepEqual(
      issues.map((i) => [i.code, i.locator.row, i.locator.line, i.raw]),
      [
        ['activities.ndjson.invalid_json', 3, 5, '{"TimeStamp": broken'],
        ['activities.ndjson.invalid_record', 4, 6, '{"AppIdType":"Web"}'],
      ],
    );
  }
});

test('NDJSON with invalid UTF-8 keeps the record and warns', async () => {
  const line = Buffer.concat([
    Buffer.from(
      '{"TimeStamp":"2018-01-01T00:00:00Z","ActivityIdType":"Logon","CustomProperties":[{"Name":"x","Value":"',
    ),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('"}]}\n'),
  ]);
  const { records, issues } = await readAll(readActivitiesNdjson(file('bad-utf8.ndjson', line)));
  assert.equal(records.length, 1);
  assert.deepEqual(
    issues.map((i) => i.code),
    ['activities.ndjson.invalid_utf8'],
  );
});

test('emulator data set: records carry the mailbox key', async () => {
  const data = {
    version: 1,
    mailboxes: {
      'ap.clerk@contoso.example': activities.slice(0, 2),
      'cfo@contoso.example': [activities[2], { TimeStamp: '' }],
      'broken@contoso.example': 'nope',
    },
  };
  for (const [name, body] of [
    ['data.json', JSON.stringify(data)],
    ['data.json.gz', gzipSync(JSON.stringify(data))],
  ] as const) {
    const { records, issues } = await readAll(readEmulatorDataset(file(name, body)));
    assert.deepEqual(
      records.map((r) => [r.mailbox, r.locator.row]),
      [
        ['ap.clerk@contoso.example', 1],
        ['ap.clerk@contoso.example', 2],
        ['cfo@contoso.example', 3],
      ],
    );
    assert.deepEqual(
      issues.map((i) => [i.code, i.locator.column]),
      [
        ['activities.dataset.invalid_record', '$.mailboxes["cfo@contoso.example"][1]'],
        ['activities.dataset.shape', '$.mailboxes["broken@contoso.example"]'],
      ],
    );
  }
  await assert.rejects(readAll(readEmulatorDataset(file('not-data.json', '[1,2]'))), FormatError);
  await assert.rejects(readAll(readEmulatorDataset(file('not-json.json', '{"mailboxes": {'))), FormatError);
});
