import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditQueryBody, auditRecordsUrl, isCapped, readAuditQuery } from './audit-query.js';
import { graphError, graphFatalError } from './graph-errors.js';
import { NextLinkGuard } from './next-link.js';
import { signInsFilter, signInsUrl } from './signins-query.js';

const slice = {
  key: 'u000-w0001',
  users: ["o'brien@x"],
  start: '2026-08-01T00:00:00.000Z',
  end: '2026-08-02T00:00:00.000Z',
};

test('the audit query body carries only the filters asked for', () => {
  const body = auditQueryBody(
    slice,
    { operations: ['MailItemsAccessed'], recordTypes: [], ips: ['203.0.113.7'] },
    'acq-1',
  );
  assert.deepEqual(body, {
    '@odata.type': '#microsoft.graph.security.auditLogQuery',
    displayName: 'mailtrail acq-1 u000-w0001',
    filterStartDateTime: slice.start,
    filterEndDateTime: slice.end,
    operationFilters: ['MailItemsAccessed'],
    userPrincipalNameFilters: ["o'brien@x"],
    ipAddressFilters: ['203.0.113.7'],
  });
  assert.equal(
    auditRecordsUrl('https://g.example/', 'v1.0', 'a/b'),
    'https://g.example/v1.0/security/auditLog/queries/a%2Fb/records',
  );
});

test('query objects: status, counts and the record cap', () => {
  const q = readAuditQuery({
    id: 'q1',
    status: 'succeeded',
    approximateReturnedRecordCount: 10,
    recordCountLimit: 10,
  });
  assert.ok(!('invalid' in q));
  assert.equal(q.status, 'succeeded');
  assert.equal(isCapped(q), false);
  assert.equal(isCapped(q, 9), false);
  assert.equal(isCapped(q, 10), true, 'as many records as the limit is a capped result');
  const exceeded = readAuditQuery({ id: 'q2', status: 'succeeded', isRecordCountLimitExceeded: true });
  assert.ok(!('invalid' in exceeded) && isCapped(exceeded));
  const future = readAuditQuery({
    id: 'q3',
    status: 'unknownFutureValue',
    approximateReturnedRecordCount: -1,
  });
  assert.ok(
    !('invalid' in future) &&
      future.status === 'unknown' &&
      future.approximateReturnedRecordCount === undefined,
  );
  assert.ok('invalid' in readAuditQuery({ status: 'running' }));
});

test('sign-in filter: half-open window, quoted user, several users or none', () => {
  assert.equal(
    signInsFilter(slice),
    "createdDateTime ge 2026-08-01T00:00:00.000Z and createdDateTime lt 2026-08-02T00:00:00.000Z and userPrincipalName eq 'o''brien@x'",
  );
  assert.match(
    signInsFilter({ ...slice, users: ['a@x', 'b@x'] }),
    / and \(userPrincipalName eq 'a@x' or userPrincipalName eq 'b@x'\)$/,
  );
  assert.doesNotMatch(signInsFilter({ ...slice, users: [] }), /userPrincipalName/);
  const url = new URL(signInsUrl('https://g.example', 'beta', slice));
  assert.equal(url.pathname, '/beta/auditLogs/signIns');
  assert.equal(url.searchParams.get('$filter'), signInsFilter(slice));
  assert.equal(url.searchParams.get('$top'), '1000');
});

test('next links: same origin only, never twice', () => {
  const g = new NextLinkGuard('https://g.example/v1.0/auditLogs/signIns?$top=1000');
  assert.equal(
    g.check('https://g.example/v1.0/auditLogs/signIns?$skiptoken=1', 'x'),
    'https://g.example/v1.0/auditLogs/signIns?$skiptoken=1',
  );
  assert.throws(
    () => g.check('https://g.example/v1.0/auditLogs/signIns?$skiptoken=1', 'x'),
    /already followed/,
  );
  assert.throws(() => g.check('https://evil.example/steal', 'x'), /refusing to send the token/);
  assert.throws(() => g.check('/relative', 'x'), /not an absolute URL/);
});

test('Graph errors keep the code, message and request id', () => {
  const body = Buffer.from(
    JSON.stringify({
      error: {
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges',
        innerError: { 'request-id': 'r-1' },
      },
    }),
  );
  assert.deepEqual(graphError(body), {
    code: 'Authorization_RequestDenied',
    message: 'Insufficient privileges',
    requestId: 'r-1',
  });
  const e = graphFatalError(
    403,
    body,
    'the audit query of slice u000-w0000',
    '/v1.0/security/auditLog/queries',
  );
  assert.equal(e.status, 403);
  assert.deepEqual(e.graph, {
    code: 'Authorization_RequestDenied',
    message: 'Insufficient privileges',
    requestId: 'r-1',
  });
  assert.match(
    e.message,
    /HTTP 403 .*Insufficient privileges \(Authorization_RequestDenied\) \[request-id r-1\].*AuditLogsQuery/,
  );
  assert.deepEqual(graphError(Buffer.from('<html>')), {});
});
