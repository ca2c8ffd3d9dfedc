import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countShortfall } from './audit-query.js';
import { filtersNotListed, isSameAuditQuery, readAuditQueryListPage } from './audit-query-list.js';
import { redactTokens } from './graph-errors.js';

const body = {
  '@odata.type': '#microsoft.graph.security.auditLogQuery',
  displayName: 'mailtrail acq 1a2b3c4d u000-w0001',
  filterStartDateTime: '2026-08-01T00:00:00.000Z',
  filterEndDateTime: '2026-08-02T00:00:00.000Z',
  operationFilters: ['MailItemsAccessed', 'Send'],
  userPrincipalNameFilters: ['CFO@contoso.example'],
};

test('a listed query is the slice’s when name, window and filters match, as the service echoes them', () => {
  const echoed = {
    id: 'q1',
    displayName: body.displayName,
    filterStartDateTime: '2026-08-01T00:00:00Z',
    filterEndDateTime: '2026-08-02T00:00:00Z',
    operationFilters: ['send', 'MailItemsAccessed'],
    userPrincipalNameFilters: ['cfo@contoso.example'],
    recordTypeFilters: [],
    ipAddressFilters: null,
    keywordFilter: '',
    status: 'running',
  };
  assert.equal(isSameAuditQuery(echoed, body), true);
  const differs: [string, unknown][] = [
    ['displayName', 'mailtrail acq 99999999 u000-w0001'],
    ['filterEndDateTime', '2026-08-02T00:00:01Z'],
    ['userPrincipalNameFilters', ['cfo@contoso.example', 'ceo@contoso.example']],
    ['operationFilters', ['MailItemsAccessed']],
    ['recordTypeFilters', ['exchangeAdmin']],
    ['ipAddressFilters', ['203.0.113.7']],
  ];
  for (const [name, value] of differs)
    assert.equal(isSameAuditQuery({ ...echoed, [name]: value }, body), false, name);
  assert.equal(isSameAuditQuery(echoed, { ...body, displayName: undefined }), false);
});

test('filters a listing leaves out (absent or null) are not compared, and are named; the window always is', () => {
  const summary = {
    id: 'q1',
    displayName: body.displayName,
    filterStartDateTime: '2026-08-01T00:00:00Z',
    filterEndDateTime: '2026-08-02T00:00:00Z',
    status: 'running',
  };
  assert.equal(isSameAuditQuery(summary, body), true, 'no filter listed: name and window decide');
  assert.deepEqual(filtersNotListed(summary).sort(), [
    'ipAddressFilters',
    'operationFilters',
    'recordTypeFilters',
    'userPrincipalNameFilters',
  ]);
  const nulls = { ...summary, operationFilters: null, userPrincipalNameFilters: null };
  assert.equal(isSameAuditQuery(nulls, body), true, 'null is not listed either');
  // A filter the listing does carry is compared, an empty one included.
  assert.equal(isSameAuditQuery({ ...summary, operationFilters: ['Send'] }, body), false);
  assert.equal(isSameAuditQuery({ ...summary, userPrincipalNameFilters: [] }, body), false);
  assert.deepEqual(filtersNotListed({ ...summary, operationFilters: [], recordTypeFilters: [] }).sort(), [
    'ipAddressFilters',
    'userPrincipalNameFilters',
  ]);
  // The window is never taken on trust.
  const { filterEndDateTime: _end, ...noEnd } = summary;
  assert.equal(isSameAuditQuery(noEnd, body), false);
  assert.equal(isSameAuditQuery({ ...summary, filterStartDateTime: null }, body), false);
});

test('query list pages: the queries and the next link, or why the page is unusable', () => {
  const page = readAuditQueryListPage(
    Buffer.from(
      JSON.stringify({ value: [{ id: 'a' }, 7, null], '@odata.nextLink': 'https://g/x?$skiptoken=1' }),
    ),
  );
  assert.deepEqual(page, { queries: [{ id: 'a' }], nextLink: 'https://g/x?$skiptoken=1' });
  assert.deepEqual(readAuditQueryListPage(Buffer.from('{"value":[]}')), { queries: [], nextLink: null });
  assert.ok('invalid' in readAuditQueryListPage(Buffer.from('{"value":[{"id":')));
  assert.ok('invalid' in readAuditQueryListPage(Buffer.from('{"error":{}}')));
});

test('count shortfall: more than max(2, 2 %) below the approximate count', () => {
  assert.equal(countShortfall(undefined, 0), null, 'no count, nothing to compare');
  assert.equal(countShortfall(10, 8), null, '2 short is within 2 records');
  assert.deepEqual(countShortfall(10, 7), { shortfall: 3, tolerance: 2 });
  assert.equal(countShortfall(1000, 980), null, '20 short is within 2 %');
  assert.deepEqual(countShortfall(1000, 979), { shortfall: 21, tolerance: 20 });
  assert.deepEqual(countShortfall(101, 97), { shortfall: 4, tolerance: 3 }, '2 % rounds up');
  assert.equal(countShortfall(100, 150), null, 'more than counted is no shortfall');
  assert.deepEqual(countShortfall(3, 0), { shortfall: 3, tolerance: 2 });
});

test('bearer tokens and JWTs are blanked from service messages', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  const text = redactTokens(`header was Authorization: Bearer abcdefgh12345678, token ${jwt}.`);
  assert.ok(!text.includes('abcdefgh12345678') && !text.includes(jwt), text);
  assert.match(text, /Bearer \[redacted\].*\[redacted token\]/);
  assert.equal(
    redactTokens('Insufficient privileges (Bearer token)'),
    'Insufficient privileges (Bearer token)',
  );
});
