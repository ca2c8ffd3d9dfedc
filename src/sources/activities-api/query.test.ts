import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activitiesUrl, collectionUrl, filterText } from './query.js';

test('filter text matches the CrowdStrike retriever clause shapes', () => {
  assert.equal(filterText({}), '');
  assert.equal(
    filterText({
      lower: { op: 'ge', at: '2018-05-01T00:00:00Z' },
      upper: { op: 'le', at: '2018-06-01T00:00:00Z' },
      types: ['ServerLogon', 'Logon'],
    }),
    "(TimeStamp ge 2018-05-01T00:00:00Z) and (TimeStamp le 2018-06-01T00:00:00Z) and (ActivityIdType eq 'ServerLogon' or ActivityIdType eq 'Logon')",
  );
  assert.equal(filterText({ apps: ["O'Brien"] }), "(AppIdType eq 'O''Brien')");
});

test('URLs are form-encoded like python-requests and keep the UPN literal', () => {
  const url = activitiesUrl('http://127.0.0.1:8080', 'victim@contoso.com', {
    lower: { op: 'ge', at: '2018-05-01T00:00:00Z' },
    types: ['ServerLogon'],
    top: 1000,
    skip: 0,
  });
  assert.equal(
    url,
    "http://127.0.0.1:8080/api/v2.0/Users('victim@contoso.com')/Activities?%24filter=%28TimeStamp+ge+2018-05-01T00%3A00%3A00Z%29+and+%28ActivityIdType+eq+%27ServerLogon%27%29&%24top=1000&%24skip=0",
  );
  assert.equal(
    collectionUrl('https://outlook.office365.com/api/v1.0/', 'a@b'),
    "https://outlook.office365.com/api/v1.0/Users('a@b')/Activities",
  );
});
