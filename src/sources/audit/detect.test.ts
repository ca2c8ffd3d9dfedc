import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FormatError } from '../../errors.js';
import { detectAuditFileFormat, inspectAuditFile, readAuditFile } from './detect.js';
import { sniffEncoding } from './text-input.js';
import type { AuditFileFormat } from './types.js';

const ROOT = resolve(import.meta.dirname, '../../../test/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-audit-detect-'));
function tmp(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const FIXTURE_FORMATS: [string, AuditFileFormat][] = [
  ['ual/purview-8col.csv', 'ual-csv'],
  ['ual/purview-4col.csv', 'ual-csv'],
  ['ual/ps-export-type-utf8bom.csv', 'ual-csv'],
  ['ual/ps-export-utf16le.csv', 'ual-csv'],
  ['ual/ps-export-utf16be.csv', 'ual-csv'],
  ['ual/ps51-ascii.csv', 'ual-csv'],
  ['ual/ps-export-semicolon.csv', 'ual-csv'],
  ['ual/ps-export-missing-pages.csv', 'ual-csv'],
  ['ual/mes-ualgraph.csv', 'ual-csv'],
  ['ual/bad-rows.csv', 'ual-csv'],
  ['ual/hawk-flat.csv', 'ual-flat-csv'],
  ['ual/management-api-blob.json', 'ual-json'],
  ['ual/mes-ual.json', 'ual-json'],
  ['ual/hawk-raw-auth.json', 'ual-json'],
  ['ual/graph-records-page.json', 'ual-graph-json'],
  ['ual/records.jsonl', 'ual-jsonl'],
  ['ual/mes-ual.jsonl', 'ual-jsonl'],
  ['entra/graph-signins-v1.json', 'entra-signin-json'],
  ['entra/graph-signins-beta.json', 'entra-signin-json'],
  ['entra/portal-signins.json', 'entra-signin-json'],
  ['entra/diagnostic-records.json', 'entra-signin-json'],
  ['entra/diagnostic-lines.json', 'entra-signin-json'],
  ['entra/hawk-signins.json', 'entra-signin-json'],
  ['entra/portal-signins.csv', 'entra-signin-csv'],
];

test('every fixture format is detected from content', async () => {
  for (const [name, format] of FIXTURE_FORMATS) {
    assert.equal(await detectAuditFileFormat(join(ROOT, name)), format, name);
  }
  const semi = await inspectAuditFile(join(ROOT, 'ual/ps-export-semicolon.csv'));
  assert.deepEqual(semi, { format: 'ual-csv', delimiter: ';', encoding: 'utf-8', bomBytes: 0 });
  const le = await inspectAuditFile(join(ROOT, 'ual/ps-export-utf16le.csv'));
  assert.deepEqual([le?.encoding, le?.bomBytes], ['utf-16le', 2]);
});

test('detection survives gzip, cut heads, empty Graph pages and UTF-16 without BOM', async () => {
  const blob = readFileSync(join(ROOT, 'ual/management-api-blob.json'));
  assert.equal(await detectAuditFileFormat(tmp('blob.gz', gzipSync(blob))), 'ual-json');
  // A pretty array far longer than the 64 KiB head.
  const records = readFileSync(join(ROOT, 'ual/records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
  const big = JSON.stringify(Array.from({ length: 40 }, () => records).flat(), null, 2);
  assert.ok(big.length > 70_000);
  assert.equal(await detectAuditFileFormat(tmp('big.json', big)), 'ual-json');
  const graph = JSON.parse(readFileSync(join(ROOT, 'ual/graph-records-page.json'), 'utf8')) as {
    value: unknown[];
  };
  const bigGraph = JSON.stringify(
    { ...graph, value: Array.from({ length: 10 }, () => graph.value).flat() },
    null,
    2,
  );
  assert.equal(await detectAuditFileFormat(tmp('big-graph.json', bigGraph)), 'ual-graph-json');
  assert.equal(
    await detectAuditFileFormat(
      tmp(
        'empty-graph.json',
        '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/auditLog/queries(\'x\')/records","value":[]}',
      ),
    ),
    'ual-graph-json',
  );
  assert.equal(
    await detectAuditFileFormat(
      tmp(
        'empty-signins.json',
        '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[]}',
      ),
    ),
    'entra-signin-json',
  );
  const csv = readFileSync(join(ROOT, 'ual/purview-8col.csv'), 'utf8');
  assert.equal(await detectAuditFileFormat(tmp('nobom-le.csv', Buffer.from(csv, 'utf16le'))), 'ual-csv');
  assert.deepEqual(sniffEncoding(Buffer.from('ab', 'utf16le')), { encoding: 'utf-16le', bomBytes: 0 });
  assert.deepEqual(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), { encoding: 'utf-8', bomBytes: 3 });
});

test('junk and other formats are refused with a clear message', async () => {
  const junk: [string, string | Buffer][] = [
    ['empty', ''],
    ['binary.bin', Buffer.from([0, 1, 2, 3, 255, 254, 0x1f, 0])],
    ['text.txt', 'hello world\nnot a csv\n'],
    [
      'activities.csv',
      'TimeStamp,AppIdType,ActivityIdType,ActivityItemId,ActivityCreationTime,ClientSessionId,CustomProperties\n',
    ],
    ['other.json', '{"hello": "world"}'],
    ['activities.json', '{"value":[{"TimeStamp":"2018-06-12T09:21:03Z","ActivityIdType":"ServerLogon"}]}'],
    ['numbers.json', '[1, 2, 3]'],
  ];
  for (const [name, content] of junk) {
    const p = tmp(name, content);
    assert.equal(await detectAuditFileFormat(p), null, name);
    await assert.rejects(
      async () => {
        for await (const _ of readAuditFile(p, undefined)) void _;
      },
      (e: unknown) =>
        e instanceof FormatError &&
        e.message.startsWith(`[audit] Cannot tell the format of ${p}`) &&
        e.message.includes('AuditData') &&
        e.message.includes('--format ual-csv|'),
      name,
    );
  }
});

test('a forced format that does not fit the file fails as a whole with a FormatError', async () => {
  await assert.rejects(async () => {
    for await (const _ of readAuditFile(join(ROOT, 'entra/portal-signins.csv'), 'ual-csv')) void _;
  }, /no AuditData column/);
  await assert.rejects(async () => {
    for await (const _ of readAuditFile(join(ROOT, 'ual/purview-8col.csv'), 'entra-signin-csv')) void _;
  }, /not a sign-in CSV/);
  // Forcing a JSON format on a JSON file of the wrong kind yields issues, not events.
  const items = [];
  for await (const it of readAuditFile(join(ROOT, 'entra/portal-signins.json'), 'ual-json')) items.push(it);
  assert.ok(
    items.length > 0 &&
      items.every((i) => i.type === 'issue' && i.issue.code === 'ual.json.not_audit_record'),
  );
});
