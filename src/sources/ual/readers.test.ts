import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { MailboxEvent } from '../../model/event.js';
import { eventId, sha256Hex } from '../../model/ids.js';
import type { Issue } from '../../model/issue.js';
import { readAuditFile } from '../audit/detect.js';
import { normalizeAuditRecord } from '../audit/normalize.js';
import { ADAPTER_OF_AUDIT_FORMAT, type AuditFileFormat, type AuditRecord } from '../audit/types.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/ual');
const fixture = (name: string) => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-ual-'));
function tmp(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function read(path: string, format?: AuditFileFormat) {
  const records: AuditRecord[] = [];
  const issues: Issue[] = [];
  const events: MailboxEvent[] = [];
  const normIssues: Issue[] = [];
  for await (const it of readAuditFile(path, format, { displayName: path.split('/').pop()! })) {
    if (it.type === 'issue') {
      issues.push(it.issue);
      continue;
    }
    records.push(it.record);
    const n = normalizeAuditRecord(it.record, { adapter: ADAPTER_OF_AUDIT_FORMAT[it.record.format] });
    events.push(...n.events);
    normIssues.push(...n.issues);
  }
  return { records, issues, events, normIssues };
}

const ids = (events: MailboxEvent[]) => events.map((e) => e.id);

test('Purview 8-column export: AuditData only, wrapper kept in raw, exact record hash and locator', async () => {
  const { records, issues, events, normIssues } = await read(fixture('purview-8col.csv'));
  assert.deepEqual(issues, []);
  assert.deepEqual(normIssues, []);
  assert.equal(records.length, 25);
  assert.equal(events.length, 30);
  const first = records[0]!;
  assert.equal(first.format, 'ual-csv');
  const bytes = readFileSync(fixture('purview-8col.csv'));
  assert.deepEqual(first.locator, {
    file: 'purview-8col.csv',
    row: 1,
    line: 2,
    offset: bytes.indexOf('\r\n') + 2,
  });
  const raw = first.raw as Record<string, unknown>;
  assert.equal(raw.CreationDate, '3/11/2026 8:16:53 AM');
  assert.equal(raw.AssociatedAdminUnits, '');
  assert.equal(raw.AuditData, first.data);
  const line = readFileSync(fixture('purview-8col.csv'), 'utf8').split('\r\n')[1]!;
  assert.equal(first.rawSha256, sha256Hex(line));
  assert.equal(events[0]!.source.adapter, 'ual-csv');
  assert.equal(events[0]!.time, '2026-03-11T08:16:53.000Z');
});

test('the same records from CSV, JSONL, Management API blob, Graph page and Extractor-Suite forms get the same ids', async () => {
  const jsonl = await read(fixture('records.jsonl'));
  const csv = await read(fixture('purview-8col.csv'));
  const blob = await read(fixture('management-api-blob.json'));
  const graph = await read(fixture('graph-records-page.json'));
  const mesGraphCsv = await read(fixture('mes-ualgraph.csv'));
  const utf16 = await read(fixture('ps-export-utf16le.csv'));
  assert.deepEqual(ids(csv.events), ids(jsonl.events));
  const n = blob.events.length;
  assert.equal(n, 12);
  assert.deepEqual(ids(blob.events), ids(jsonl.events).slice(0, n));
  assert.deepEqual(ids(graph.events), ids(jsonl.events).slice(0, graph.events.length));
  assert.deepEqual(ids(mesGraphCsv.events), ids(jsonl.events).slice(0, mesGraphCsv.events.length));
  assert.deepEqual(ids(utf16.events), ids(jsonl.events).slice(0, utf16.events.length));
  // Same derived content too (only raw/source differ).
  const strip = (e: MailboxEvent) => ({ ...e, raw: null, source: null, properties: null });
  assert.deepEqual(graph.events.map(strip), jsonl.events.slice(0, graph.events.length).map(strip));
  // Graph wrapper's auditData carries @odata.type; the wrapper (camelCase) is raw.
  assert.equal(
    (graph.records[0]!.raw as Record<string, unknown>).auditLogRecordType,
    'exchangeItemAggregated',
  );
});

test('Search-UnifiedAuditLog | Export-Csv: #TYPE line, UTF-8 BOM, extra columns', async () => {
  const { records, issues, events } = await read(fixture('ps-export-type-utf8bom.csv'));
  assert.deepEqual(issues, []);
  assert.equal(records.length, 8);
  const bytes = readFileSync(fixture('ps-export-type-utf8bom.csv'));
  assert.deepEqual(records[0]!.locator, {
    file: 'ps-export-type-utf8bom.csv',
    row: 1,
    line: 3,
    offset: bytes.indexOf('"outlook.office365.com"'),
  });
  const raw = records[0]!.raw as Record<string, unknown>;
  assert.deepEqual(
    [raw.PSComputerName, raw.ResultIndex, raw.ResultCount, raw.IsValid, raw.ObjectState],
    ['outlook.office365.com', '1', '8', 'True', 'Unchanged'],
  );
  assert.equal(events[0]!.operation, 'Send');
});

test('UTF-16 LE and BE exports read like UTF-8 ones (no byte offsets)', async () => {
  const le = await read(fixture('ps-export-utf16le.csv'));
  const be = await read(fixture('ps-export-utf16be.csv'));
  assert.deepEqual(le.issues, []);
  assert.deepEqual(be.issues, []);
  assert.equal(le.records.length, 4);
  assert.deepEqual(le.records[0]!.locator, { file: 'ps-export-utf16le.csv', row: 1, line: 3 });
  assert.equal(le.events[0]!.item?.folder, '\\Boîte de réception');
  assert.deepEqual(ids(be.events), ids(le.events));
  assert.equal(be.records[0]!.rawSha256, le.records[0]!.rawSha256);
});

test('PowerShell 5.1 ASCII export: imported, with a heuristic lossy-encoding warning', async () => {
  const { records, issues, events } = await read(fixture('ps51-ascii.csv'));
  assert.equal(records.length, 3);
  assert.equal(events[0]!.item?.folder, '\\Bo?te de r?ception');
  assert.deepEqual(
    issues.map((i) => [i.code, i.severity]),
    [['audit.encoding.lossy_ascii', 'warning']],
  );
  assert.match(issues[0]!.message, /heuristic/);
  assert.match(issues[0]!.message, /Bo\?te de r\?ception/);
  // Plain ASCII text with genuine question marks and URLs is not flagged.
  const clean = await read(
    tmp(
      'clean-ascii.csv',
      'CreationDate,UserIds,Operations,AuditData\r\n' +
        'x,a@contoso.example,MailboxLogin,"{""Id"":""1"",""CreationTime"":""2026-03-11T08:00:00"",""Operation"":""MailboxLogin"",""Note"":""Paid? See https://contoso.example/a?b=c""}"\r\n',
    ),
  );
  assert.deepEqual(clean.issues, []);
});

test('Purview 4-column export with BOM; Export-Csv -UseCulture with ";"', async () => {
  const four = await read(fixture('purview-4col.csv'));
  assert.deepEqual(four.issues, []);
  assert.equal(four.records.length, 6);
  assert.equal((four.records[0]!.raw as Record<string, unknown>).Operations, 'MailItemsAccessed');
  const semi = await read(fixture('ps-export-semicolon.csv'));
  assert.deepEqual(semi.issues, []);
  assert.deepEqual(
    semi.events.map((e) => e.kind),
    ['search.query', 'auth.logon'],
  );
  assert.equal(semi.records[1]!.locator.line, 3);
});

test('Extractor-Suite outputs: JSON (AuditData object), JSONL (AuditData string, BOM, CRLF), Get-UALGraph CSV (multi-line)', async () => {
  const json = await read(fixture('mes-ual.json'));
  assert.deepEqual(json.issues, []);
  assert.deepEqual(
    json.events.map((e) => e.operation),
    ['New-InboxRule', 'Set-InboxRule', 'Disable-InboxRule', 'UpdateInboxRules', 'Set-Mailbox'],
  );
  assert.equal(
    (json.records[0]!.raw as Record<string, unknown>).Identity,
    '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60016',
  );
  const jsonl = await read(fixture('mes-ual.jsonl'));
  assert.deepEqual(jsonl.issues, []);
  assert.equal(jsonl.records.length, 6);
  assert.equal(typeof (jsonl.records[0]!.raw as Record<string, unknown>).AuditData, 'object');
  assert.deepEqual(jsonl.records[1]!.locator, {
    file: 'mes-ual.jsonl',
    row: 2,
    line: 2,
    offset: jsonl.records[1]!.locator.offset!,
  });
  const graphCsv = await read(fixture('mes-ualgraph.csv'));
  assert.deepEqual(graphCsv.issues, []);
  assert.equal(graphCsv.records.length, 3);
  assert.ok(graphCsv.records[1]!.locator.line! > 10, 'pretty-printed auditData spans several lines');
});

test('Hawk outputs: raw JSON with AuditData strings; flattened CSV warns that nested values are lost', async () => {
  const raw = await read(fixture('hawk-raw-auth.json'));
  assert.deepEqual(raw.issues, []);
  assert.deepEqual(
    raw.events.map((e) => e.kind),
    ['auth.logon', 'auth.logon_failed'],
  );
  const flat = await read(fixture('hawk-flat.csv'));
  assert.equal(flat.records[0]!.format, 'ual-flat-csv');
  assert.deepEqual(
    flat.issues.map((i) => i.code),
    ['ual.flat_csv.nested_values_lost'],
  );
  assert.match(flat.issues[0]!.message, /OperationProperties \(2 rows\)/);
  // Identity still comes from Id (a flattened MailItemsAccessed has no items: one event, bare id).
  assert.equal(flat.events[0]!.id, eventId('ual', ['3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60001']));
});

test('bad rows become issues with file, row, line, column and raw text; good rows still read', async () => {
  const { records, issues, events, normIssues } = await read(fixture('bad-rows.csv'));
  assert.deepEqual(
    issues.map((i) => [i.code, i.severity, i.locator.row, i.locator.line, i.locator.column]),
    [
      ['ual.csv.audit_data_invalid_json', 'error', 2, 3, 'AuditData'],
      ['ual.csv.field_count', 'error', 4, 5, undefined],
      ['ual.csv.audit_data_not_object', 'error', 8, 9, 'AuditData'],
      ['ual.csv.audit_data_empty', 'error', 9, 10, 'AuditData'],
      ['ual.csv.unterminated_quote', 'error', 11, 12, undefined],
    ],
  );
  for (const i of issues) assert.equal(i.locator.file, 'bad-rows.csv');
  assert.match(issues[0]!.raw!, /^bad-json,/);
  assert.match(issues[4]!.raw!, /^unterminated,/);
  assert.deepEqual(
    normIssues.map((i) => [i.code, i.severity, i.locator.row, i.locator.column]),
    [
      ['ual.id.missing', 'warning', 3, 'Id'],
      ['ual.creation_time.invalid', 'error', 5, 'CreationTime'],
      ['ual.operation.missing', 'error', 6, 'Operation'],
      ['ual.creation_time.invalid', 'error', 7, 'CreationTime'],
    ],
  );
  assert.ok(normIssues.every((i) => i.raw !== undefined && i.locator.line !== undefined));
  assert.equal(records.length, 6);
  assert.deepEqual(
    events.map((e) => e.operation),
    ['MailboxLogin', 'Send', 'UserLoggedIn'],
  );
});

test('truncation warnings: exactly 5,000 rows, ResultIndex -1, ResultCount above the rows present', async () => {
  const rec = (i: number) =>
    JSON.stringify({
      Id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      CreationTime: '2026-03-11T08:00:00',
      Operation: 'MailboxLogin',
      UserId: 'a@contoso.example',
    });
  const rows = Array.from(
    { length: 5000 },
    (_, i) => `x,a@contoso.example,MailboxLogin,"${rec(i).replace(/"/g, '""')}"`,
  );
  const five = await read(
    tmp('five-thousand.csv', `CreationDate,UserIds,Operations,AuditData\n${rows.join('\n')}\n`),
  );
  assert.deepEqual(
    five.issues.map((i) => [i.code, i.severity]),
    [['ual.export.possibly_truncated', 'warning']],
  );
  assert.match(five.issues[0]!.message, /exactly 5,000 data rows/);
  const fewer = await read(
    tmp('4999.csv', `CreationDate,UserIds,Operations,AuditData\n${rows.slice(1).join('\n')}\n`),
  );
  assert.deepEqual(fewer.issues, []);
  const jsonl = await read(
    tmp('five-thousand.jsonl', Array.from({ length: 5000 }, (_, i) => rec(i)).join('\n')),
  );
  assert.deepEqual(
    jsonl.issues.map((i) => i.code),
    ['ual.export.possibly_truncated'],
  );

  const missing = await read(fixture('ps-export-missing-pages.csv'));
  assert.deepEqual(
    missing.issues.map((i) => i.code),
    ['ual.export.result_count_exceeds_rows'],
  );
  assert.match(missing.issues[0]!.message, /ResultCount says 40 .* file has 3/);

  const timeout = await read(
    tmp(
      'timeout.csv',
      'RecordType,CreationDate,UserIds,Operations,AuditData,ResultIndex,ResultCount\n' +
        `ExchangeItem,x,a@contoso.example,MailboxLogin,"${rec(1).replace(/"/g, '""')}",-1,1\n`,
    ),
  );
  assert.deepEqual(
    timeout.issues.map((i) => [i.code, i.locator.row]),
    [['ual.export.result_index_timeout', 1]],
  );
});

test('Graph page with @odata.nextLink warns that pages are missing; a last page does not', async () => {
  const { issues } = await read(fixture('graph-records-page.json'));
  assert.deepEqual(
    issues.map((i) => i.code),
    ['ual.graph.more_pages'],
  );
  const page = JSON.parse(readFileSync(fixture('graph-records-page.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  delete page['@odata.nextLink'];
  const last = await read(tmp('last-page.json', JSON.stringify(page)));
  assert.deepEqual(last.issues, []);
  assert.equal(last.records.length, 10);
});

test('JSON forms: gzip, concatenated arrays, bad documents and non-records as issues', async () => {
  const blob = readFileSync(fixture('management-api-blob.json'), 'utf8');
  const gz = await read(tmp('blob.json.gz', gzipSync(blob)));
  assert.equal(gz.records.length, 8);
  const twice = await read(tmp('two-blobs.json', `${blob}\n${blob}\n{"not":"audit"}\n[1, {`), 'ual-json');
  assert.equal(twice.records.length, 16);
  assert.deepEqual(
    twice.issues.map((i) => [i.code, i.locator.line, i.locator.column]),
    [
      ['ual.json.not_audit_record', 3, '$'],
      ['ual.json.invalid_json', 4, undefined],
    ],
  );
  const badLines = await read(
    tmp(
      'bad.jsonl',
      `${readFileSync(fixture('records.jsonl'), 'utf8').split('\n')[0]}\n{oops\n\n"text"\n{"AuditData":"{cut"}\n`,
    ),
    'ual-jsonl',
  );
  assert.deepEqual(
    badLines.issues.map((i) => [i.code, i.locator.row, i.locator.line]),
    [
      ['ual.jsonl.invalid_json', 2, 2],
      ['ual.jsonl.not_object', 3, 4],
      ['ual.jsonl.audit_data_invalid_json', 4, 5],
    ],
  );
  assert.equal(badLines.records.length, 1);
});
