import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ActivityFields } from '../activities-api/normalize.js';
import { readCrowdStrikeCsv } from './crowdstrike-csv-reader.js';
import { inferMailbox, MailboxTally } from './infer-mailbox.js';

const logon = (UserName: unknown, ActivityIdType = 'ServerLogon'): ActivityFields => ({
  TimeStamp: '2018-01-01T00:00:00Z',
  AppIdType: 'Outlook',
  ActivityIdType,
  ActivityItemId: null,
  ActivityCreationTime: null,
  ClientSessionId: null,
  properties: UserName === undefined ? {} : { UserName: UserName as string },
});

test('agreeing ServerLogon names, case-insensitively', () => {
  assert.deepEqual(
    inferMailbox([logon('Victim@Contoso.example'), logon('victim@contoso.example'), logon('x', 'Logon')]),
    {
      mailbox: 'victim@contoso.example',
    },
  );
});

test('conflicting names are listed with counts, most frequent first', () => {
  assert.deepEqual(inferMailbox([logon('b@x'), logon('a@x'), logon('B@x'), logon('c@x')]), {
    conflict: [
      { name: 'b@x', count: 2 },
      { name: 'a@x', count: 1 },
      { name: 'c@x', count: 1 },
    ],
  });
});

test('no usable ServerLogon UserName', () => {
  assert.deepEqual(inferMailbox([logon(undefined), logon(''), logon(5), logon('v@x', 'Logon')]), {
    none: true,
  });
});

test('tallies the fixture CSV while streaming: two spellings of one mailbox', async () => {
  const tally = new MailboxTally();
  const csv = resolve(import.meta.dirname, '../../../test/fixtures/activities-files/activities.csv');
  for await (const item of readCrowdStrikeCsv(csv)) if (item.type === 'record') tally.add(item.record.fields);
  assert.deepEqual(tally.result(), { mailbox: 'victim@contoso.example' });
});
