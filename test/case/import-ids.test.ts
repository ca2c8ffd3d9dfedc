/**
 * Event ids are the case's identity: an optimisation of the import must never change them. These
 * ids were computed by the original normalizer (eventId over activityIdentity, part by part) and
 * are pinned here; the fast path of normalize.ts must agree with that definition on any input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventId } from '../../src/model/ids.js';
import { parseInstant } from '../../src/model/time.js';
import {
  ACTIVITIES_FAMILY,
  activityIdentity,
  normalizeActivity,
  type ActivityFields,
} from '../../src/sources/activities-api/normalize.js';

const ctx = { adapter: 'test', locator: { file: 'x', row: 1 }, rawSha256: '00', raw: null };

const delivered: ActivityFields = {
  TimeStamp: '2018-06-12T09:20:15.1234567Z',
  AppIdType: null,
  ActivityIdType: 'MessageDelivered',
  ActivityItemId: 'AAMkADY0=',
  ActivityCreationTime: null,
  ClientSessionId: null,
  properties: {
    Subject: 'Rechnung – "dringend" 請求書 😀',
    Zeta: 1.5,
    alpha: true,
    Nul: null,
    __proto__x: 'p',
    ReceivedTime: '6/12/2018 9:22:00 AM',
  },
};

const PINNED: [string, ActivityFields, number, string][] = [
  [
    'victim@contoso.example',
    {
      TimeStamp: '2018-05-01T00:00:00.000Z',
      AppIdType: 'Outlook',
      ActivityIdType: 'ServerLogon',
      ActivityItemId: null,
      ActivityCreationTime: '2018-05-01T00:00:00.000Z',
      ClientSessionId: '00000000-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
      properties: {
        Result: 'Success',
        UserName: 'victim@contoso.example',
        ClientIP: '203.0.113.0',
        UserAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/67.0.3396.87 Safari/537.36',
        ExceptionInfo: '',
      },
    },
    0,
    '3269ab942898a99b17cb48ab34618170',
  ],
  ['AP.Clerk@Contoso.example', delivered, 0, '4909ca5e3cd2821aa9bbd5ece4cb1bbf'],
  ['AP.Clerk@Contoso.example', delivered, 2, 'e3b6599bef55091a29d68ead827ec78e'],
  [
    'a@b.example',
    {
      TimeStamp: '2018-06-12T09:20:15+02:00',
      AppIdType: 'Web',
      ActivityIdType: 'SearchResult',
      ActivityItemId: null,
      ActivityCreationTime: '2018-06-12T09:20:15.530Z',
      ClientSessionId: 's1',
      properties: {},
    },
    0,
    '84f6f7c44ce6227be9fc6f55803efc0a',
  ],
  [
    'a@b.example',
    {
      TimeStamp: '2018-06-12T09:20:15.530Z',
      AppIdType: 'Web',
      ActivityIdType: 'Move',
      ActivityItemId: null,
      ActivityCreationTime: '2018-06-12T09:20:15.530Z',
      ClientSessionId: 's1',
      properties: { lone: 'x\ud800y', ctl: 'a\u0001\nb' },
    },
    0,
    '33ac900d17290e1fea4b6f96e6d955c6',
  ],
];

test('event ids are pinned: the same inputs give the same ids as the original definition', () => {
  for (const [mailbox, fields, occurrence, id] of PINNED) {
    const event = normalizeActivity(fields, { ...ctx, mailbox, occurrence }).event;
    assert.equal(event?.id, id, `${fields.ActivityIdType} #${occurrence}`);
    assert.equal(eventId(ACTIVITIES_FAMILY, activityIdentity(mailbox, fields), occurrence), id);
  }
});

test('the fast id path agrees with eventId(activityIdentity) on awkward property maps', () => {
  const values = [
    '',
    'plain',
    'quote " backslash \\ slash /',
    '\u0000\u0001\u001f\u007f\u2028\u2029',
    'ë — 日本語 😀',
    '\udc00 lone low',
    'lone high \ud83d',
    0,
    -0,
    1e21,
    0.1,
    -1.5e-7,
    true,
    false,
    null,
  ];
  const names = ['a', 'B', 'b', 'Ä', '__proto__', 'constructor', '10', '2', '', 'z z', '😀'];
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let round = 0; round < 400; round++) {
    const properties: Record<string, unknown> = {};
    for (let k = rnd(8); k > 0; k--) {
      Object.defineProperty(properties, names[rnd(names.length)]!, {
        value: values[rnd(values.length)],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    const fields: ActivityFields = {
      TimeStamp: '2018-06-12T09:20:15.530Z',
      AppIdType: rnd(3) ? 'Web' : null,
      ActivityIdType: 'ReadingPaneDisplayStart',
      ActivityItemId: rnd(2) ? `item ${values[rnd(5)]}` : null,
      ActivityCreationTime: rnd(2) ? '2018-06-12T09:20:16Z' : null,
      ClientSessionId: rnd(2) ? 's' : null,
      properties: properties as ActivityFields['properties'],
    };
    const mailbox = rnd(2) ? 'Victim@Contoso.example' : 'İnstanbul@example.com';
    const occurrence = rnd(3);
    assert.equal(
      normalizeActivity(fields, { ...ctx, mailbox, occurrence }).event?.id,
      eventId(ACTIVITIES_FAMILY, activityIdentity(mailbox, fields), occurrence),
      JSON.stringify(fields),
    );
  }
});

test('the fast timestamp path reads every TimeStamp exactly as parseInstant does', () => {
  const samples = [
    '2018-06-12T09:20:15.530Z',
    '2018-06-12T09:20:15Z',
    '2018-06-12T09:20:15.5Z',
    '2018-06-12T09:20:15.1234567Z',
    '2018-06-12T09:20:15.Z',
    '2018-06-12T09:20:15.530+02:00',
    '2018-06-12 09:20:15.530Z',
    '2018-06-12t09:20:15.530z',
    ' 2018-06-12T09:20:15.530Z',
    '2018-02-29T00:00:00.000Z',
    '2016-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2018-04-31T00:00:00.000Z',
    '2018-12-31T23:59:59.999Z',
    '2018-13-01T00:00:00.000Z',
    '2018-00-01T00:00:00.000Z',
    '2018-01-00T00:00:00.000Z',
    '2018-06-12T24:00:00.000Z',
    '2018-06-12T23:60:00.000Z',
    '2018-06-12T23:59:60.000Z',
    '0099-06-12T09:20:15.530Z',
    '0999-06-12T09:20:15.530Z',
    '1000-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '2018-06-1aT09:20:15.530Z',
    '2018-06-12T09:2a:15.530Z',
    '2018-06-12T09:20:15.53aZ',
    '2018-06-12T09:20:15.530ZZ',
    '2018/06/12T09:20:15.530Z',
    'not a time',
  ];
  for (let d = 0; d < 4000; d++) {
    const t = new Date(Date.UTC(1999, 0, 1) + d * 86_400_000 * 3.7 + d * 1234);
    samples.push(
      t.toISOString(),
      t
        .toISOString()
        .replace('.', '.0')
        .replace(/\.\d+Z/, 'Z'),
    );
  }
  for (const s of samples) {
    const event = normalizeActivity(
      {
        TimeStamp: s,
        AppIdType: null,
        ActivityIdType: 'Move',
        ActivityItemId: null,
        ActivityCreationTime: s,
        ClientSessionId: null,
        properties: {},
      },
      { ...ctx, mailbox: 'a@b' },
    ).event;
    assert.equal(event?.time ?? null, parseInstant(s), s);
    if (event) assert.equal(event.recordedTime, parseInstant(s), s);
  }
});
