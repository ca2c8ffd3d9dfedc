/**
 * The rules and analyses for today's sources (UAL, Entra sign-ins): one positive and one
 * negative case per rule, the session join on SessionId / UniqueTokenId, and the exposure's
 * blind intervals and synced folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { investigate } from '../../src/analyses/investigate.js';
import type { PropertyValue, SessionKeys } from '../../src/model/event.js';
import { makeEvent } from '../builders.js';
import { ATK, OWN, ev, geo, run, signIn } from './_source-events.js';

const rule = (
  time: string,
  name: string,
  props: Record<string, PropertyValue>,
  operation = 'New-InboxRule',
) =>
  ev({
    time,
    kind: 'rule.change',
    operation,
    text: name,
    ip: '203.0.113.45',
    session: { sessionId: ATK },
    props,
  });

test('sessions: a sign-in and mailbox records share the SessionId; a token-only record joins through its UniqueTokenId', () => {
  const events = [
    signIn('2026-03-11T09:01', '203.0.113.45', { sessionId: ATK, uniqueTokenId: 'tok-1' }),
    ev({
      time: '2026-03-11T09:03',
      kind: 'mail.read',
      operation: 'MailItemsAccessed',
      ip: '203.0.113.45',
      session: { sessionId: ATK },
      item: { internetMessageId: '<a@x>' },
    }),
    ev({
      time: '2026-03-11T09:04',
      kind: 'mail.read',
      operation: 'MailItemsAccessed',
      ip: '203.0.113.45',
      session: { uniqueTokenId: 'tok-1' },
      item: { internetMessageId: '<b@x>' },
    }),
    ev({
      time: '2026-03-11T09:05',
      kind: 'mail.read',
      operation: 'MailItemsAccessed',
      ip: '203.0.113.45',
      session: { aadSessionId: 'aad-only' },
      item: { internetMessageId: '<c@x>' },
    }),
  ];
  const inv = investigate(events, {}, geo);
  const s = inv.sessions.find((x) => x.sessionId === ATK)!;
  assert.equal(s.events, 3);
  assert.equal(s.attribution.basis, 'own-logon');
  assert.equal(s.userAgent, events[0]!.userAgent);
  assert.deepEqual(
    inv.reads.map((r) => r.sessionId),
    [ATK, ATK, 'aad-only'],
  );
  const row = inv.signIns[0]!;
  assert.deepEqual(
    [row.sessionId, row.ip, row.sessionEvents, row.sessionCounts['mail.read']],
    [ATK, '203.0.113.45', 2, 2],
  );
});

test('Activities sessions keep their ClientSessionId key', () => {
  const e = makeEvent({ time: '2018-06-12T09:00', kind: 'mail.read', session: 'cs-1' });
  const inv = investigate([{ ...e, session: { clientSessionId: 'cs-1', sessionId: 'other' } }]);
  assert.deepEqual(
    inv.sessions.map((s) => s.sessionId),
    ['cs-1'],
  );
  assert.deepEqual(inv.signIns, []);
});

test('inbox-rule-suspicious: forward, hide in RSS Feeds, mark read, punctuation names; not an ordinary rule or a removal', () => {
  const { findings } = run(
    [
      rule('2026-03-11T09:12', '.', { MoveToFolder: 'RSS Feeds', MarkAsRead: 'True' }),
      rule('2026-03-11T09:13', 'Invoices', { ForwardTo: 'x@mail.example' }, 'Set-InboxRule'),
      ev({
        time: '2026-03-11T09:14',
        kind: 'rule.change',
        operation: 'UpdateInboxRules',
        text: null,
        session: { sessionId: ATK },
        props: { RuleActions: [{ ActionType: 'Delete' }] },
      }),
      rule('2026-03-11T09:15', 'ab', {}),
    ],
    'inbox-rule-suspicious',
  );
  assert.equal(findings.length, 4);
  assert.match(findings[0]!.summary, /RSS Feeds.*marks mail as read.*only punctuation/);
  assert.match(findings[1]!.summary, /ForwardTo x@mail\.example/);
  assert.match(findings[2]!.summary, /RuleActions Delete/);
  assert.match(findings[3]!.summary, /very short/);
  const none = run(
    [
      rule('2026-03-11T09:12', 'Newsletters', { MoveToFolder: 'Newsletters', From: 'news@vendor.example' }),
      rule('2026-03-11T09:13', '.', {}, 'Remove-InboxRule'),
    ],
    'inbox-rule-suspicious',
  );
  assert.equal(none.findings.length, 0);
});

test('external-forwarding: Set-Mailbox and rule forwards outside the case domains; not internal ones', () => {
  const setMailbox = (to: string) =>
    ev({
      time: '2026-03-11T09:13',
      kind: 'mailbox.config',
      operation: 'Set-Mailbox',
      text: to,
      session: { sessionId: ATK },
      props: { ForwardingSmtpAddress: to },
    });
  const pos = run(
    [
      setMailbox('smtp:cfo.contoso@mail.example'),
      rule('2026-03-11T09:14', 'x', { RedirectTo: '"Ext" [SMTP:drop@evil.example]' }),
    ],
    'external-forwarding',
  );
  assert.equal(pos.findings.length, 2);
  assert.match(pos.findings[0]!.summary, /ForwardingSmtpAddress cfo\.contoso@mail\.example/);
  assert.match(pos.findings[1]!.summary, /RedirectTo drop@evil\.example/);
  const neg = run(
    [
      setMailbox('smtp:assistant@contoso.example'),
      rule('2026-03-11T09:14', 'to assistant', { ForwardTo: 'assistant@CONTOSO.example' }),
    ],
    'external-forwarding',
  );
  assert.equal(neg.findings.length, 0);
});

test('app-consent and app-consent-mail-access: mail scopes raise the level; other events do not count', () => {
  const consent = (perms: string) =>
    ev({
      time: '2026-03-11T08:05',
      kind: 'app.consent',
      operation: 'Consent to application.',
      text: 'Mail Sync Helper',
      ip: '203.0.113.45',
      session: {},
      props: { 'ModifiedProperties.ConsentAction.Permissions': perms },
    });
  const mail = consent('[[Scope: Mail.Read offline_access]]');
  const plain = consent('[[Scope: User.Read openid profile]]');
  assert.equal(run([mail], 'app-consent-mail-access').findings.length, 1);
  assert.match(run([mail], 'app-consent-mail-access').findings[0]!.summary, /Mail\.Read offline_access/);
  assert.equal(run([mail], 'app-consent').findings.length, 0);
  assert.equal(run([plain], 'app-consent').findings.length, 1);
  assert.equal(run([plain], 'app-consent-mail-access').findings.length, 0);
  assert.equal(run([rule('2026-03-11T09:12', 'Invoices', {})], 'app-consent').findings.length, 0);
});

test('session-ip-change: one SessionId from two networks within minutes; not the same network, not hours apart, not Activities', () => {
  const read = (time: string, ip: string, session: SessionKeys) =>
    ev({ time, kind: 'mail.read', operation: 'MailItemsAccessed', ip, session });
  const pos = run(
    [
      signIn('2026-03-11T09:01', '203.0.113.45', { sessionId: ATK }),
      read('2026-03-11T09:05', '192.0.2.77', { sessionId: ATK }),
    ],
    'session-ip-change',
  );
  assert.equal(pos.findings.length, 1);
  assert.equal(pos.findings[0]!.sessionId, ATK);
  const sameAsn = run(
    [
      read('2026-03-11T09:01', '198.51.100.10', { sessionId: OWN }),
      read('2026-03-11T09:02', '198.51.100.11', { sessionId: OWN }),
    ],
    'session-ip-change',
  );
  const later = run(
    [
      read('2026-03-11T09:01', '203.0.113.45', { sessionId: OWN }),
      read('2026-03-11T13:00', '192.0.2.77', { sessionId: OWN }),
    ],
    'session-ip-change',
  );
  const activities = run(
    [
      read('2026-03-11T09:01', '203.0.113.45', { clientSessionId: 'c' }),
      read('2026-03-11T09:02', '192.0.2.77', { clientSessionId: 'c' }),
    ],
    'session-ip-change',
  );
  assert.deepEqual([sameAsn.findings.length, later.findings.length, activities.findings.length], [0, 0, 0]);
});

test('legacy-protocol-logon: Entra clientAppUsed and UAL ClientInfoString; not a browser', () => {
  const pos = run(
    [
      signIn('2026-03-11T08:00', '192.0.2.77', { sessionId: 's-imap' }, undefined, undefined, 'IMAP4'),
      signIn(
        '2026-03-11T08:01',
        '192.0.2.77',
        { sessionId: 's-eas' },
        undefined,
        undefined,
        'Exchange ActiveSync',
      ),
      signIn(
        '2026-03-11T08:02',
        '192.0.2.77',
        { sessionId: 's-other' },
        undefined,
        undefined,
        'Other clients',
      ),
      ev({
        time: '2026-03-11T08:03',
        kind: 'auth.logon',
        operation: 'MailboxLogin',
        app: 'Client=Microsoft.Exchange.Imap4',
        ip: '192.0.2.77',
        session: { sessionId: 's-mbx' },
      }),
    ],
    'legacy-protocol-logon',
  );
  assert.equal(pos.findings.length, 4);
  const neg = run(
    [signIn('2026-03-11T08:00', '192.0.2.77', { sessionId: 's-web' })],
    'legacy-protocol-logon',
  );
  assert.equal(neg.findings.length, 0);
});

test('bulk-delete: N deletes within M minutes in one session; not spread out', () => {
  const del = (minute: number, session = ATK) =>
    ev({
      time: `2026-03-11T09:${String(minute).padStart(2, '0')}`,
      kind: 'mail.delete',
      operation: 'SoftDelete',
      session: { sessionId: session },
    });
  const opts = { findings: { bulkDeletes: 5, bulkDeleteMinutes: 10 } };
  const pos = run(
    [0, 1, 2, 3, 4, 5].map((m) => del(m)),
    'bulk-delete',
    opts,
  );
  assert.equal(pos.findings.length, 1);
  assert.equal(pos.findings[0]!.evidence.length, 6);
  const spread = run(
    [0, 11, 22, 33, 44, 55].map((m) => del(m)),
    'bulk-delete',
    opts,
  );
  const split = run([0, 1, 2].map((m) => del(m)).concat([3, 4].map((m) => del(m, OWN))), 'bulk-delete', opts);
  assert.deepEqual([spread.findings.length, split.findings.length], [0, 0]);
});

test('mail-items-accessed-throttled: the gap is reported with its interval; an unthrottled read is not', () => {
  const gap = ev({
    time: '2026-03-11T09:08',
    kind: 'audit.gap',
    operation: 'MailItemsAccessed',
    session: { sessionId: ATK },
    props: { gapStart: '2026-03-11T09:08:00.000Z', gapEnd: '2026-03-12T09:08:00.000Z' },
  });
  const pos = run([gap], 'mail-items-accessed-throttled');
  assert.equal(pos.findings.length, 1);
  assert.match(pos.findings[0]!.summary, /unknown from 2026-03-11T09:08:00.000Z to 2026-03-12T09:08:00.000Z/);
  const read = ev({
    time: '2026-03-11T09:08',
    kind: 'mail.read',
    operation: 'MailItemsAccessed',
    session: { sessionId: ATK },
  });
  assert.equal(run([read], 'mail-items-accessed-throttled').findings.length, 0);
});

test('exposure: folders synced, throttling overlapping the suspects, and "no MailItemsAccessed at all"', () => {
  const base = [
    signIn('2026-03-11T09:01', '203.0.113.45', { sessionId: ATK }),
    rule('2026-03-11T09:12', '.', { MoveToFolder: 'RSS Feeds' }),
  ];
  const sync = ev({
    time: '2026-03-11T09:05',
    kind: 'mail.folder_sync',
    operation: 'MailItemsAccessed',
    ip: '192.0.2.77',
    session: { sessionId: ATK },
    item: { folder: '\\Inbox\\Finance' },
  });
  const gap = ev({
    time: '2026-03-11T09:08',
    kind: 'audit.gap',
    operation: 'MailItemsAccessed',
    session: { sessionId: ATK },
    props: { gapStart: '2026-03-11T09:08:00.000Z', gapEnd: '2026-03-12T09:08:00.000Z' },
  });
  const oldGap = ev({
    time: '2026-02-01T09:08',
    kind: 'audit.gap',
    operation: 'MailItemsAccessed',
    session: { sessionId: OWN },
    props: { gapStart: '2026-02-01T09:08:00.000Z', gapEnd: '2026-02-02T09:08:00.000Z' },
  });
  const x = investigate([...base, sync, gap, oldGap], {}, geo).exposure!;
  assert.deepEqual(
    x.foldersSynced.map((f) => [f.folder, f.sessionId]),
    [['\\Inbox\\Finance', ATK]],
  );
  assert.deepEqual(
    x.blindIntervals.map((b) => [b.reason, b.start, b.end]),
    [['mail-items-accessed-throttled', '2026-03-11T09:08:00.000Z', '2026-03-12T09:08:00.000Z']],
  );
  // UAL data (Workload Exchange) but not one MailItemsAccessed record.
  const y = investigate(base, {}, geo).exposure!;
  assert.deepEqual(
    y.blindIntervals.map((b) => b.reason),
    ['no-mail-items-accessed'],
  );
  assert.match(y.blindIntervals[0]!.text, /No MailItemsAccessed records at all/);
});
