import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { investigate, type InvestigationOptions } from '../../src/analyses/investigate.js';
import { lintRules } from '../../src/analyses/findings/lint.js';
import { RULES } from '../../src/analyses/findings/rules/index.js';
import type { GeoInfo } from '../../src/analyses/logons/geo.js';
import type { MailboxEvent } from '../../src/model/event.js';
import { act, makeEvent, UA } from '../builders.js';

const geo = new Map<string, GeoInfo>([
  ['198.51.100.1', { country: 'US', region: null, city: null, asn: 7018, asOrg: 'AT&T', range: null }],
  ['198.51.100.2', { country: 'US', region: null, city: null, asn: 7018, asOrg: 'AT&T', range: null }],
  [
    '185.220.101.34',
    { country: 'DE', region: null, city: 'Berlin', asn: 60729, asOrg: 'Tor exit', range: null },
  ],
]);

function hits(events: MailboxEvent[], rule: string, options: InvestigationOptions = {}) {
  const inv = investigate(events, options, geo);
  const summary = inv.findings.summaries.find((s) => s.rule === rule)!;
  assert.equal(summary.hits, inv.findings.findings.filter((f) => f.rule === rule).length);
  return { inv, findings: inv.findings.findings.filter((f) => f.rule === rule) };
}

const baseline = [
  act.serverLogon('2018-01-02T09:00:00.000Z', 'Outlook', 'b1', '198.51.100.1', UA.outlook),
  act.serverLogon('2018-01-03T09:00:00.000Z', 'Outlook', 'b2', '198.51.100.1', UA.outlook),
];

test('rules are valid data and every rule file is registered', () => {
  assert.deepEqual(lintRules(RULES), []);
  const dir = resolve(import.meta.dirname, '../../src/analyses/findings/rules');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'index.ts' && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''));
  assert.deepEqual(files.sort(), RULES.map((r) => r.id).sort());
  assert.deepEqual(
    lintRules([
      { id: 'Bad Id', title: '', level: 'severe' as never, status: 'stable', description: 'short' },
    ]).map((p) => p.problem),
    [
      'id must be kebab-case',
      'unknown level "severe", must be: critical, high, medium, low, info',
      'title is empty',
      'description is missing or too short',
    ],
  );
});

test('every rule reports a summary, also with no hits', () => {
  const inv = investigate(baseline, {}, geo);
  assert.equal(inv.findings.summaries.length, RULES.length);
  for (const s of inv.findings.summaries) assert.equal(s.text, `rule ${s.rule} ran over 2 events: 0 hits`);
});

test('logon-new-country / -asn / -ip: positive after the baseline, negative inside it or when known', () => {
  const later = [
    act.serverLogon('2018-03-01T09:00:00.000Z', 'Web', 'x', '185.220.101.34', UA.firefoxLinux),
    act.serverLogon('2018-03-02T09:00:00.000Z', 'Outlook', 'y', '198.51.100.2', UA.outlook),
  ];
  const c = hits([...baseline, ...later], 'logon-new-country');
  assert.equal(c.findings.length, 1);
  assert.equal(c.findings[0]!.sessionId, 'x');
  assert.equal(c.findings[0]!.level, 'high');
  assert.equal(hits([...baseline, ...later], 'logon-new-asn').findings.length, 1);
  assert.deepEqual(
    hits([...baseline, ...later], 'logon-new-ip').findings.map((f) => f.sessionId),
    ['x', 'y'],
  );
  // Negative: the same foreign logon inside the baseline period is part of the baseline.
  assert.equal(
    hits([...baseline, ...later], 'logon-new-country', { findings: { baselineDays: 90 } }).findings.length,
    0,
  );
  assert.equal(hits([...baseline, later[1]!], 'logon-new-country').findings.length, 0);
});

test('legacy-protocol-logon: IMAP4/POP3 and BAV2ROPC, not Outlook', () => {
  const pos = [
    act.serverLogon(
      '2018-06-13T02:14:40.000Z',
      'IMAP4',
      'imap',
      '105.112.55.17',
      'Client=IMAP4;Protocol=IMAP4',
    ),
    makeEvent({
      time: '2018-06-13T03:00',
      kind: 'auth.logon',
      operation: 'UserLoggedIn',
      app: 'Browser',
      ip: '105.112.55.17',
      userAgent: 'BAV2ROPC',
      session: 'ropc',
    }),
  ];
  assert.deepEqual(
    hits(pos, 'legacy-protocol-logon').findings.map((f) => f.sessionId),
    ['imap', 'ropc'],
  );
  assert.equal(hits(baseline, 'legacy-protocol-logon').findings.length, 0);
});

test('sensitive-search: configured terms at word starts; not inside other words', () => {
  const ev = (text: string) => [act.keystroke('2018-06-12T09:00:00.000Z', 's', text)];
  assert.deepEqual(
    hits(ev('Wire transfer'), 'sensitive-search').findings.map((f) => f.summary.split('"')[1]),
    ['wire', 'transfer'],
  );
  assert.equal(hits(ev('hardwired'), 'sensitive-search').findings.length, 0);
  assert.equal(hits(ev('lunch'), 'sensitive-search').findings.length, 0);
  assert.equal(
    hits(ev('lunch'), 'sensitive-search', { findings: { sensitiveTerms: ['lunch'] } }).findings.length,
    1,
  );
});

test('read-after-sensitive-search: same session after the search; not another session, not before', () => {
  const search = act.search('2018-06-12T09:00:00.000Z', 'atk', 'invoice');
  const pos = [
    search,
    act.paneStart('2018-06-12T09:01:00.000Z', 'atk', 'I1'),
    act.forward('2018-06-12T09:02:00.000Z', 'atk', 'I1'),
  ];
  const f = hits(pos, 'read-after-sensitive-search').findings;
  assert.equal(f.length, 1);
  assert.equal(f[0]!.evidence.length, 3);
  const neg = [
    act.paneStart('2018-06-12T08:59:00.000Z', 'atk', 'I1'),
    search,
    act.paneStart('2018-06-12T09:01:00.000Z', 'owner', 'I1'),
  ];
  assert.equal(hits(neg, 'read-after-sensitive-search').findings.length, 0);
});

test('deleted-sent-items: a session deleting what it sent (through inferred clean-up sessions); not other sessions', () => {
  const base = [
    act.owaLogon('2018-06-12T09:00:00.000Z', 'atk', '185.220.101.34', UA.firefoxLinux),
    act.forward('2018-06-12T09:10:00.000Z', 'atk', 'ITEM-A'),
    act.sent('2018-06-12T09:11:00.000Z', 'Web', 'fresh', 'SENT-1', '<s1@c>'),
  ];
  const pos = [
    ...base,
    ...act.moveToTrash('2018-06-12T09:13:00.000Z', 'Web', 'cleanup', 'SENT-1b', 'SENT-1'),
  ];
  const f = hits(pos, 'deleted-sent-items');
  assert.equal(f.findings.length, 1);
  assert.equal(f.findings[0]!.sessionId, 'atk');
  assert.deepEqual(f.findings[0]!.relatedSessions, ['cleanup']);
  assert.equal(f.findings[0]!.evidence.length, 4);
  assert.ok(f.inv.sessions.find((s) => s.sessionId === 'cleanup')!.suspect);
  // Negative: the owner's Outlook deletes the attacker's sent copy: a different session.
  const neg = [
    ...base,
    act.serverLogon('2018-06-12T12:00:00.000Z', 'Outlook', 'owner', '203.0.113.10', UA.outlook),
    ...act.moveToTrash('2018-06-12T12:05:00.000Z', 'Outlook', 'owner', 'SENT-1b', 'SENT-1'),
  ];
  assert.equal(hits(neg, 'deleted-sent-items').findings.length, 0);
});

test('read-burst: N reads within M minutes in one session; not when spread out', () => {
  const reads = (gapSeconds: number) =>
    Array.from({ length: 6 }, (_, i) =>
      act.paneStart(new Date(Date.UTC(2018, 5, 12, 9) + i * gapSeconds * 1000).toISOString(), 's', `I${i}`),
    );
  const opts = { findings: { burstReads: 5, burstMinutes: 1 } };
  const f = hits(reads(5), 'read-burst', opts).findings;
  assert.equal(f.length, 1);
  assert.equal(f[0]!.evidence.length, 6);
  assert.equal(hits(reads(30), 'read-burst', opts).findings.length, 0);
});

test('suspects and exposure: findings-derived and explicit', () => {
  const events = [
    ...baseline,
    act.delivered('2018-01-05T08:00:00.000Z', 'I1', 'Invoice 1', 'v@v', '<i1@v>'),
    act.owaLogon('2018-06-12T09:00:00.000Z', 'atk', '185.220.101.34', UA.firefoxLinux),
    act.search('2018-06-12T09:01:00.000Z', 'atk', 'invoice'),
    act.paneStart('2018-06-12T09:02:00.000Z', 'atk', 'I1'),
    act.paneStart('2018-06-12T09:03:00.000Z', 'b2', 'I1'),
  ];
  const inv = investigate(events, {}, geo);
  assert.deepEqual(
    inv.sessions.filter((s) => s.suspect).map((s) => s.sessionId),
    ['atk'],
  );
  assert.equal(inv.exposure!.basis, 'findings');
  assert.deepEqual(
    inv.exposure!.searches.map((s) => s.query),
    ['invoice'],
  );
  assert.deepEqual(
    inv.exposure!.reads.map((r) => r.sessionId),
    ['atk'],
  );
  assert.deepEqual(
    inv.exposure!.messages.map((m) => m.subject),
    ['Invoice 1'],
  );
  const explicit = investigate(events, { suspectIps: ['198.51.100.1'] }, geo);
  assert.equal(explicit.exposure!.basis, 'explicit');
  assert.deepEqual(
    explicit.exposure!.reads.map((r) => r.sessionId),
    ['b2'],
  );
});
