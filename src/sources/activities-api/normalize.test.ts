import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeActivity, type ActivityFields } from './normalize.js';

const base = { adapter: 'test', locator: { file: 'x.csv', row: 1 }, rawSha256: '00', raw: null };

function fields(partial: Partial<ActivityFields> & Pick<ActivityFields, 'ActivityIdType'>): ActivityFields {
  return {
    TimeStamp: '2018-06-12T09:20:15.530Z',
    AppIdType: 'Web',
    ActivityItemId: null,
    ActivityCreationTime: '2018-06-12T09:20:15.530Z',
    ClientSessionId: '9b2d6f3a-1c4e-4f0b-8a57-2e6d5c4b3a21',
    properties: {},
    ...partial,
  };
}

test('ServerLogon: ip, user agent, actor and outcome', () => {
  const { event, issues } = normalizeActivity(
    fields({
      ActivityIdType: 'ServerLogon',
      properties: {
        Result: 'Success',
        ClientIP: '198.51.100.23:5512',
        UserName: 'Victim@Contoso.com',
        UserAgent: 'UA; x',
      },
    }),
    { ...base, mailbox: 'Victim@Contoso.com' },
  );
  assert.deepEqual(issues, []);
  assert.equal(event?.kind, 'auth.logon');
  assert.equal(event?.ip, '198.51.100.23');
  assert.equal(event?.userAgent, 'UA; x');
  assert.equal(event?.actor, 'Victim@Contoso.com');
  assert.equal(event?.mailbox, 'victim@contoso.com');
  assert.equal(event?.result, 'success');
  assert.equal(event?.time, '2018-06-12T09:20:15.530Z');
  const failed = normalizeActivity(
    fields({ ActivityIdType: 'ServerLogon', properties: { Result: 'Failure' } }),
    {
      ...base,
      mailbox: 'a@b',
    },
  );
  assert.equal(failed.event?.kind, 'auth.logon_failed');
});

test('OWA Logon, search keystrokes and results', () => {
  const logon = normalizeActivity(
    fields({ ActivityIdType: 'Logon', properties: { IPAddress: '2001:DB8::1', Browser: 'Mozilla/5.0' } }),
    { ...base, mailbox: 'a@b' },
  ).event!;
  assert.equal(logon.ip, '2001:db8::1');
  assert.equal(logon.userAgent, 'Mozilla/5.0');
  const key = normalizeActivity(
    fields({ ActivityIdType: 'SearchSuggestionsDisplay', properties: { SuggestionStimulus: 'inv' } }),
    {
      ...base,
      mailbox: 'a@b',
    },
  ).event!;
  assert.equal(key.kind, 'search.keystroke');
  assert.equal(key.text, 'inv');
  const res = normalizeActivity(
    fields({ ActivityIdType: 'SearchResult', properties: { Query: 'invoice', Sid: 'S1' } }),
    {
      ...base,
      mailbox: 'a@b',
    },
  ).event!;
  assert.equal(res.kind, 'search.query');
  assert.equal(res.session.searchSessionId, 'S1');
});

test('message references: delivery, MarkAsRead, move', () => {
  const d = normalizeActivity(
    fields({
      ActivityIdType: 'MessageDelivered',
      AppIdType: 'Exchange',
      ActivityItemId: 'AAMk1',
      properties: {
        Subject: 'Invoice "4471", due; now',
        SenderSmtpAddress: 'billing@vendor.example',
        ReceivedTime: '6/11/2018 3:02:11 PM',
        InternetMessageId: '<4471@vendor.example>',
        DeliveredFolderType: 'Inbox',
      },
    }),
    { ...base, mailbox: 'a@b' },
  ).event!;
  assert.equal(d.kind, 'mail.delivery');
  assert.deepEqual(d.item, {
    itemId: 'AAMk1',
    internetMessageId: '<4471@vendor.example>',
    subject: 'Invoice "4471", due; now',
    sender: 'billing@vendor.example',
    folder: 'Inbox',
    received: '2018-06-11T15:02:11.000Z',
  });
  const m = normalizeActivity(
    fields({
      ActivityIdType: 'Move',
      ActivityItemId: 'AAMk2',
      properties: { MoveType: 'Delete', SourceFolder: 'SentItems', TargetFolder: 'DeletedItems' },
    }),
    { ...base, mailbox: 'a@b' },
  ).event!;
  assert.equal(m.kind, 'mail.move');
  assert.equal(m.item?.folder, 'SentItems');
  assert.equal(m.item?.targetFolder, 'DeletedItems');
});

test('identity: same content gives the same id whatever the adapter; occurrences and content differ', () => {
  const f = fields({ ActivityIdType: 'MarkAsRead', properties: { b: '2', a: '1' } });
  const a = normalizeActivity(f, { ...base, mailbox: 'A@B', adapter: 'csv' }).event!;
  const b = normalizeActivity(
    { ...f, properties: { a: '1', b: '2' } },
    { ...base, mailbox: 'a@b', adapter: 'json' },
  ).event!;
  assert.equal(a.id, b.id);
  const c = normalizeActivity(f, { ...base, mailbox: 'a@b', occurrence: 1 }).event!;
  assert.notEqual(a.id, c.id);
  const d = normalizeActivity({ ...f, ActivityItemId: '' }, { ...base, mailbox: 'a@b' }).event!;
  assert.equal(d.id, a.id, 'empty and null item ids are the same on the wire');
  const e = normalizeActivity({ ...f, properties: { a: '1', b: '3' } }, { ...base, mailbox: 'a@b' }).event!;
  assert.notEqual(e.id, a.id);
});

test('a bad TimeStamp is an issue naming the column, not an exception', () => {
  const r = normalizeActivity(fields({ ActivityIdType: 'Logon', TimeStamp: '2018-02-30T00:00:00Z' }), {
    ...base,
    mailbox: 'a@b',
  });
  assert.equal(r.event, null);
  assert.equal(r.issues[0]?.code, 'activities.timestamp.invalid');
  assert.equal(r.issues[0]?.locator.column, 'TimeStamp');
  assert.equal(r.issues[0]?.locator.file, 'x.csv');
});

test('activity types that are names of Object.prototype members map to other', () => {
  for (const t of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    const e = normalizeActivity(fields({ ActivityIdType: t }), { ...base, mailbox: 'a@b' }).event!;
    assert.equal(e.kind, 'other', t);
    assert.equal(e.operation, t);
  }
});
