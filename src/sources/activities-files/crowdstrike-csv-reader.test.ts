import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FormatError } from '../../errors.js';
import type { Issue } from '../../model/issue.js';
import { readCrowdStrikeCsv } from './crowdstrike-csv-reader.js';
import { csvRecords } from './csv-records.js';
import { readActivitiesJson } from './json-readers.js';
import type { ActivityRecord, ReadItem } from './types.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/activities-files');
const CSV = join(FIXTURES, 'activities.csv');
const JSON_FILE = join(FIXTURES, 'activities.json');
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-csvr-'));
const HEADER =
  'TimeStamp,AppIdType,ActivityIdType,ActivityItemId,ActivityCreationTime,ClientSessionId,CustomProperties';

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

test('a CSV row and the JSON record it was written from give deep-equal fields', async () => {
  const csv = await readAll(readCrowdStrikeCsv(CSV));
  const json = await readAll(readActivitiesJson(JSON_FILE));
  assert.deepEqual(csv.issues, []);
  assert.deepEqual(json.issues, []);
  assert.equal(csv.records.length, 18);
  assert.deepEqual(
    csv.records.map((r) => r.fields),
    json.records.map((r) => r.fields),
  );
  // Duplicate names: last value, first position.
  assert.deepEqual(Object.entries(csv.records[8]!.fields.properties), [
    ['IsConversation', '2'],
    ['SelectedFolderName', 'Inbox'],
  ]);
  assert.deepEqual(csv.records[7]!.fields.properties.Trunc, true);
  assert.equal(csv.records[12]!.fields.properties.Lone, 'hi\ud800there');
});

test('locators, raw and rawSha256 follow the bytes of the file', async () => {
  const bytes = readFileSync(CSV);
  const lines = bytes.subarray(3).toString('utf8').split('\n');
  const { records } = await readAll(readCrowdStrikeCsv(CSV, { displayName: 'evidence/a.csv' }));
  const first = records[0]!;
  assert.deepEqual(first.locator, {
    file: 'evidence/a.csv',
    row: 1,
    line: 2,
    offset: 3 + lines[0]!.length + 1,
  });
  assert.equal(first.rawSha256, createHash('sha256').update(lines[1]!).digest('hex'));
  // Row 16 spans two physical lines ("multi\nline"), so row 17 starts on line 19.
  assert.deepEqual([records[15]!.locator.line, records[16]!.locator.line], [17, 19]);
  assert.equal(
    records[15]!.rawSha256,
    createHash('sha256').update(`${lines[16]}\n${lines[17]}`).digest('hex'),
  );
  assert.equal(records[15]!.fields.ClientSessionId, 'multi\nline');
  assert.deepEqual(Object.keys(first.raw as object), HEADER.split(','));
  assert.equal((first.raw as Record<string, unknown>).ActivityItemId, '');
  assert.equal(first.fields.ActivityItemId, null);
  assert.deepEqual(records[9]!.fields.properties, {});
});

test('no BOM, CRLF, mixed line ends and gzip read the same', async () => {
  const base = (await readAll(readCrowdStrikeCsv(CSV))).records.map((r) => r.fields);
  const text = readFileSync(CSV, 'utf8').slice(1);
  const crlf = await readAll(readCrowdStrikeCsv(file('crlf.csv', text.replace(/\n/g, '\r\n'))));
  assert.deepEqual(crlf.issues, []);
  // Windows text mode also turned the newline inside the quoted field into CRLF.
  assert.equal(crlf.records[15]!.fields.ClientSessionId, 'multi\r\nline');
  assert.deepEqual(
    crlf.records.map((r) => r.fields).filter((_, i) => i !== 15),
    base.filter((_, i) => i !== 15),
  );
  let n = 0;
  const mixed = text.replace(/\n(?=2018)/g, () => (n++ % 2 ? '\r\n' : '\n'));
  const m = await readAll(readCrowdStrikeCsv(file('mixed.csv', mixed)));
  assert.deepEqual(
    m.records.map((r) => r.fields),
    base,
  );
  const gz = await readAll(readCrowdStrikeCsv(file('a.csv.gz', gzipSync(readFileSync(CSV)))));
  assert.deepEqual(
    gz.records.map((r) => r.fields),
    base,
  );
});

test('columns are mapped by name: reversed order and extra columns', async () => {
  const names = [...HEADER.split(',')].reverse();
  const p = file(
    'reversed.csv',
    `Extra,${names.join(',')}\n` +
      `x1,"{'UserName': 'v@contoso.example'}",sess,2018-01-01T00:00:01Z,,ServerLogon,Outlook,2018-01-01T00:00:00Z\n`,
  );
  const { records, issues } = await readAll(readCrowdStrikeCsv(p));
  assert.deepEqual(issues, []);
  assert.deepEqual(records[0]!.fields, {
    TimeStamp: '2018-01-01T00:00:00Z',
    AppIdType: 'Outlook',
    ActivityIdType: 'ServerLogon',
    ActivityItemId: null,
    ActivityCreationTime: '2018-01-01T00:00:01Z',
    ClientSessionId: 'sess',
    properties: { UserName: 'v@contoso.example' },
  });
  assert.equal((records[0]!.raw as Record<string, unknown>).Extra, 'x1');
});

test('a missing standard column is a FormatError naming the file and the column', async () => {
  const p = file('missing.csv', 'TimeStamp,AppIdType,ActivityIdType,ActivityItemId,CustomProperties\n');
  await assert.rejects(
    readAll(readCrowdStrikeCsv(p)),
    (e: unknown) =>
      e instanceof FormatError &&
      e.message.includes(p) &&
      /ActivityCreationTime, ClientSessionId/.test(e.message),
  );
  await assert.rejects(readAll(readCrowdStrikeCsv(file('empty.csv', ''))), FormatError);
});

test('malformed rows become issues with row, line and column; good rows are kept', async () => {
  const good = (ts: string) => `${ts},Web,Logon,,,s1,{'IPAddress': '198.51.100.1'}`;
  const content = Buffer.concat([
    Buffer.from(
      [
        `\uFEFF${HEADER}`,
        good('2018-01-01T00:00:01Z'), // row 1, line 2
        '2018-01-01T00:00:02Z,Web,Logon,,,s1', // row 2: too few fields
        `${good('2018-01-01T00:00:03Z')},extra`, // row 3: too many
        `2018-01-01T00:00:04Z,Web,Logon,,,s1,"{'Subject': Don't pay}"`, // row 4: bad literal
        '2018-01-01T00:00:05Z,Web,Logon,,,s1,"[1, 2]"', // row 5: not a dict
        ',Web,Logon,,,s1,', // row 6: empty TimeStamp
        '', // blank line 8, skipped
        `2018-01-01T00:00:07Z,Web,Lo"gon,,,s1,`, // row 7: stray quote (kept, warning)
        `2018-01-01T00:00:08Z,Web,Logon,,,"open quote,`, // row 8: never closes; line 10 skipped
        good('2018-01-01T00:00:09Z'), // row 9, line 11
        '',
      ].join('\n'),
    ),
    Buffer.from('2018-01-01T00:00:10Z,Web,Logon,,,s\xff\xfe1,\n', 'latin1'), // row 10: invalid UTF-8 (kept)
    Buffer.from(good('2018-01-01T00:00:11Z')), // row 11, no final newline
  ]);
  const { records, issues } = await readAll(readCrowdStrikeCsv(file('bad.csv', content)));
  assert.deepEqual(
    records.map((r) => [r.locator.row, r.locator.line, r.fields.TimeStamp]),
    [
      [1, 2, '2018-01-01T00:00:01Z'],
      [7, 9, '2018-01-01T00:00:07Z'],
      [9, 11, '2018-01-01T00:00:09Z'],
      [10, 12, '2018-01-01T00:00:10Z'],
      [11, 13, '2018-01-01T00:00:11Z'],
    ],
  );
  assert.deepEqual(
    issues.map((i) => [i.code, i.severity, i.locator.row, i.locator.line, i.locator.column]),
    [
      ['activities.csv.field_count', 'error', 2, 3, undefined],
      ['activities.csv.field_count', 'error', 3, 4, undefined],
      ['activities.csv.custom_properties', 'error', 4, 5, 'CustomProperties'],
      ['activities.csv.custom_properties', 'error', 5, 6, 'CustomProperties'],
      ['activities.csv.required_field', 'error', 6, 7, 'TimeStamp'],
      ['activities.csv.stray_quote', 'warning', 7, 9, undefined],
      ['activities.csv.unterminated_quote', 'error', 8, 10, undefined],
      ['activities.csv.invalid_utf8', 'warning', 10, 12, undefined],
    ],
  );
  const cp = issues[2]!;
  assert.equal(cp.raw, `2018-01-01T00:00:04Z,Web,Logon,,,s1,"{'Subject': Don't pay}"`);
  assert.match(cp.message, /at offset 12/);
  assert.equal(issues[6]!.raw, '2018-01-01T00:00:08Z,Web,Logon,,,"open quote,');
  assert.match(issues[7]!.message, /bytes ff fe 31 2c at byte 34/);
  assert.equal(records[3]!.fields.ClientSessionId, 's\ufffd\ufffd1');
});

test('the record splitter gives the same records for any chunking', async () => {
  const bytes = readFileSync(CSV);
  const collect = async (size: number) => {
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    const out: unknown[] = [];
    for await (const r of csvRecords(chunks(), { skip: 3 }))
      out.push(r.type === 'record' ? [r.fields, r.line, r.offset, r.text, r.sha256, r.strayQuote] : r);
    return out;
  };
  const whole = await collect(bytes.length);
  for (const size of [1, 2, 3, 7, 64]) assert.deepEqual(await collect(size), whole, `chunk size ${size}`);
});

test('misplaced quotes are read the way Python csv reads them, and flagged', async () => {
  async function* chunks() {
    yield Buffer.from('"a""b",x"y,"q"z,"",\r\nplain,"multi\nline ""q""",é\n');
  }
  const out = [];
  for await (const r of csvRecords(chunks()))
    out.push(r.type === 'record' ? [r.fields, r.strayQuote, r.line] : r);
  assert.deepEqual(out, [
    [['a"b', 'x"y', 'qz', '', ''], true, 1],
    [['plain', 'multi\nline "q"', 'é'], false, 2],
  ]);
});
