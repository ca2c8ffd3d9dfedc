import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MailboxEvent } from '../../model/event.js';
import { eventId } from '../../model/ids.js';
import type { Issue } from '../../model/issue.js';
import { readAuditFile } from '../audit/detect.js';
import { normalizeAuditRecord } from '../audit/normalize.js';
import { ADAPTER_OF_AUDIT_FORMAT, type AuditRecord } from '../audit/types.js';
import { signInPathOfColumn } from './columns.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/entra');
const fixture = (name: string) => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-entra-'));

async function read(path: string) {
  const records: AuditRecord[] = [];
  const issues: Issue[] = [];
  const events: MailboxEvent[] = [];
  const normIssues: Issue[] = [];
  for await (const it of readAuditFile(path, undefined, { displayName: path.split('/').pop()! })) {
    if (it.type === 'issue') issues.push(it.issue);
    else {
      records.push(it.record);
      const n = normalizeAuditRecord(it.record, {
        adapter: ADAPTER_OF_AUDIT_FORMAT[it.record.format],
        ingestId: 'run-1',
      });
      events.push(...n.events);
      normIssues.push(...n.issues);
    }
  }
  return { records, issues, events, normIssues };
}

const S1 = '66ea54eb-6301-4ee5-be62-ff5a759b0100';
const S3 = '66ea54eb-6301-4ee5-be62-ff5a759b0102';
const ATTACKER_SESSION = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

test('Graph beta signIns: success/failure from status.errorCode, session keys, user agent', async () => {
  const { issues, events, normIssues } = await read(fixture('graph-signins-beta.json'));
  assert.deepEqual(issues, []);
  assert.deepEqual(normIssues, []);
  const { raw: _raw, properties, source, ...first } = events[0]!;
  assert.deepEqual(first, {
    id: eventId('signin', [S1]),
    time: '2026-03-11T08:01:34.000Z',
    mailbox: 'cfo@contoso.example',
    kind: 'auth.logon',
    operation: 'SignInLogs',
    app: 'Browser',
    ip: '203.0.113.45',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
    actor: 'cfo@contoso.example',
    result: 'success',
    session: {
      sessionId: ATTACKER_SESSION,
      uniqueTokenId: 'w9Xk2LpQ0EaT5yHc7nRzAA',
      correlationId: 'c7a1e4d2-0f3b-4a6c-9e8d-1b2a3c4d5e6f',
    },
    item: null,
    text: 'OfficeHome',
    recordedTime: null,
  });
  assert.deepEqual(source, {
    adapter: 'entra-signin-json',
    ingestId: 'run-1',
    locator: { file: 'graph-signins-beta.json', line: 1, row: 1 },
    rawSha256: source.rawSha256,
  });
  assert.equal(properties['location.city'], 'Amsterdam');
  assert.equal(properties['location.countryOrRegion'], 'NL');
  assert.equal(properties.autonomousSystemNumber, 64500);
  assert.equal(properties['deviceDetail.browser'], 'Firefox 124.0');
  assert.equal(properties['status.errorCode'], 0);
  assert.equal(properties.incomingTokenType, 'none');
  const failed = events[1]!;
  assert.deepEqual(
    [failed.kind, failed.result, failed.session, failed.userAgent],
    [
      'auth.logon_failed',
      'failure',
      { correlationId: 'c7a1e4d2-0f3b-4a6c-9e8d-1b2a3c4d5e6f' },
      'python-requests/2.31.0',
    ],
  );
  const refresh = events[2]!;
  assert.deepEqual(
    [refresh.operation, refresh.app, refresh.ip, refresh.properties.incomingTokenType],
    ['NonInteractiveUserSignInLogs', 'Mobile Apps and Desktop clients', '2001:db8:4a1::99', 'refreshToken'],
  );
});

test('Graph v1.0 page with a nextLink: no session fields, a more-pages warning', async () => {
  const { issues, events } = await read(fixture('graph-signins-v1.json'));
  assert.deepEqual(
    issues.map((i) => i.code),
    ['signin.graph.more_pages'],
  );
  assert.deepEqual(
    events.map((e) => [e.kind, e.operation, e.session.sessionId, e.userAgent]),
    [
      ['auth.logon', 'SignInLogs', undefined, null],
      ['auth.logon_failed', 'SignInLogs', undefined, null],
    ],
  );
});

test('diagnostic-settings records: properties are the sign-in, category is the operation, others skipped', async () => {
  const { issues, events, records } = await read(fixture('diagnostic-records.json'));
  assert.deepEqual(
    issues.map((i) => [i.code, i.severity, i.locator.row, i.locator.column]),
    [['signin.json.not_signin', 'warning', 4, '$.records[3]']],
  );
  assert.deepEqual(
    events.map((e) => [e.operation, e.kind]),
    [
      ['SignInLogs', 'auth.logon'],
      ['SignInLogs', 'auth.logon_failed'],
      ['NonInteractiveUserSignInLogs', 'auth.logon'],
    ],
  );
  assert.equal((records[0]!.raw as Record<string, unknown>).category, 'SignInLogs');
  const lines = await read(fixture('diagnostic-lines.json'));
  assert.deepEqual(
    lines.records.map((r) => r.locator.line),
    [1, 2],
  );
});

test('one sign-in has one id across Graph JSON, portal JSON, portal CSV, diagnostic records and SDK output', async () => {
  const graph = await read(fixture('graph-signins-beta.json'));
  const portalJson = await read(fixture('portal-signins.json'));
  const csv = await read(fixture('portal-signins.csv'));
  const diag = await read(fixture('diagnostic-records.json'));
  const hawk = await read(fixture('hawk-signins.json'));
  const idOf = (r: { events: MailboxEvent[] }) => r.events.map((e) => e.id);
  assert.deepEqual(idOf(csv), idOf(graph));
  assert.deepEqual(idOf(diag), idOf(graph));
  assert.deepEqual(idOf(portalJson), [eventId('signin', [S1]), eventId('signin', [S3])]);
  assert.deepEqual(idOf(hawk), [eventId('signin', [S1])]);
  // The same derived fields from the CSV as from Graph.
  const pick = (e: MailboxEvent) => [
    e.time,
    e.mailbox,
    e.kind,
    e.result,
    e.ip,
    e.userAgent,
    e.app,
    e.session.sessionId,
    e.session.uniqueTokenId,
  ];
  assert.deepEqual(
    csv.events.map(pick),
    graph.events.map(pick).map((p, i) => (i === 1 ? [...p.slice(0, 7), undefined, undefined] : p)),
  );
  // SDK output (PascalCase, /Date()/ time from Windows PowerShell 5.1).
  const h = hawk.events[0]!;
  assert.deepEqual(
    [h.time, h.ip, h.kind, h.mailbox],
    ['2026-03-11T08:01:34.000Z', '203.0.113.45', 'auth.logon', 'cfo@contoso.example'],
  );
});

test('portal CSV: columns mapped by the data-driven table, every column kept in raw', async () => {
  const { records, issues, events } = await read(fixture('portal-signins.csv'));
  assert.deepEqual(issues, []);
  const data = records[0]!.data as Record<string, unknown>;
  assert.deepEqual(data.status, { errorCode: '0', failureReason: 'Other.' });
  assert.deepEqual(data.deviceDetail, { browser: 'Firefox 124.0', operatingSystem: 'Linux' });
  assert.equal(data.location, 'Amsterdam, Noord-Holland, NL');
  assert.equal(data.tokenIssuerType, 'AzureAD');
  assert.equal((records[0]!.raw as Record<string, unknown>)['Multifactor authentication result'], '');
  assert.equal(events[0]!.properties.location, 'Amsterdam, Noord-Holland, NL');
  assert.equal(events[0]!.operation, 'SignIn');
  assert.deepEqual(
    records.map((r) => r.locator.line),
    [2, 3, 4],
  );
  assert.equal(signInPathOfColumn('Some New Column'), 'someNewColumn');
  assert.equal(signInPathOfColumn('IPAddress'), 'ipAddress');
  assert.equal(signInPathOfColumn(' Date (UTC) '), 'createdDateTime');
});

test('bad sign-ins are issues: no time, no id, bad JSON, short CSV rows', async () => {
  const p = join(dir, 'bad.json');
  writeFileSync(
    p,
    JSON.stringify({
      value: [
        { createdDateTime: 'yesterday', userPrincipalName: 'a@contoso.example', status: { errorCode: 0 } },
        {
          createdDateTime: '2026-03-11T08:00:00Z',
          userPrincipalName: 'A@contoso.example',
          ipAddress: '192.0.2.1',
        },
        { hello: 'world' },
      ],
    }) + '\n{broken',
  );
  const r = await read(p);
  assert.deepEqual(
    r.issues.map((i) => [i.code, i.locator.row ?? null]),
    [
      ['signin.json.not_signin', 3],
      ['signin.json.invalid_json', null],
    ],
  );
  assert.deepEqual(
    r.normIssues.map((i) => [i.code, i.severity, i.locator.row]),
    [
      ['signin.time.invalid', 'error', 1],
      ['signin.id.missing', 'warning', 2],
      ['signin.status.missing', 'warning', 2],
    ],
  );
  assert.deepEqual(
    r.events.map((e) => [e.kind, e.result, e.mailbox]),
    [['auth.logon', null, 'a@contoso.example']],
  );

  const csv = join(dir, 'bad.csv');
  writeFileSync(
    csv,
    'Date (UTC),Request ID,Username,IP address,Sign-in error code\n2026-03-11T08:00:00Z,abc,a@contoso.example\n',
  );
  const c = await read(csv);
  assert.deepEqual(
    c.issues.map((i) => [i.code, i.locator.row, i.locator.line]),
    [['signin.csv.field_count', 1, 2]],
  );
});
