/**
 * A mixed set — an Activities CSV, a UAL export and Entra sign-ins for the same mailbox
 * (test/fixtures/mixed) — read straight by `report --input`, gives one coherent report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runReport } from '../../src/case/report/index.js';

const DIR = resolve(import.meta.dirname, '../fixtures/mixed');
const ATK = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const OWN = '5e1c0a2b-7d4f-4e3a-9b8c-0d1e2f3a4b5c';
type Row = Record<string, unknown>;

async function report(formats: ('json' | 'html')[] = ['json']) {
  const out = mkdtempSync(join(tmpdir(), 'mt-mixed-'));
  const r = await runReport({
    inputs: [join(DIR, 'ual.jsonl'), join(DIR, 'signins.json'), join(DIR, 'activities.csv')],
    outDir: out,
    formats,
    noGeo: true,
    now: () => new Date('2026-04-01T00:00:00.000Z'),
  });
  return {
    r,
    out,
    doc: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, unknown>,
  };
}

test('mixed sources: every file detected and read; one mailbox', async () => {
  const { doc } = await report();
  const meta = doc.meta as { inputs: Row[]; mailboxes: Row[] };
  assert.deepEqual(
    meta.inputs.map((i) => [String(i.path).split('/').pop(), i.format, i.events]),
    [
      ['activities.csv', 'crowdstrike-csv', 3],
      ['ual.jsonl', 'ual-jsonl', 11],
      ['signins.json', 'entra-signin-json', 2],
    ],
  );
  assert.deepEqual(
    meta.mailboxes.map((m) => m.mailbox),
    ['cfo@contoso.example'],
  );
});

test('mixed sources: the AiTM session is joined to its sign-in; the owner is not suspect', async () => {
  const { doc, r } = await report();
  const sessions = doc.sessions as Row[];
  const atk = sessions.find((s) => s.sessionId === ATK)!;
  assert.equal(atk.ip, '203.0.113.45');
  assert.match(String(atk.userAgent), /Firefox\/124\.0/);
  assert.equal((atk.attribution as Row).basis, 'own-logon');
  assert.equal(atk.suspect, true);
  assert.deepEqual(atk.otherIps, ['192.0.2.77']);
  // The UniqueTokenId-only throttled record joined the attacker's session.
  assert.equal((atk.counts as Row)['audit.gap'], 1);
  for (const s of sessions.filter((x) => x.sessionId !== ATK))
    assert.equal(s.suspect, false, String(s.sessionId));
  assert.deepEqual(
    r.summary!.suspects.map((s) => s.sessionId),
    [ATK],
  );
  const signIns = doc.signIns as Row[];
  assert.deepEqual(
    signIns.map((s) => [s.sessionId, s.ip, s.device]),
    [
      [OWN, '198.51.100.10', 'Windows10 / Chrome 124.0.0'],
      [ATK, '203.0.113.45', 'Linux / Firefox 124.0'],
    ],
  );
  assert.equal(signIns[1]!.sessionEvents, 10);
});

test('mixed sources: the inbox rule, both forwardings, AiTM and travel are found', async () => {
  const { doc } = await report();
  const findings = doc.findings as Row[];
  const by = (rule: string) => findings.filter((f) => f.rule === rule);
  assert.equal(by('inbox-rule-suspicious').length, 1);
  assert.match(String(by('inbox-rule-suspicious')[0]!.summary), /RSS Feeds/);
  assert.deepEqual(
    by('external-forwarding').map((f) => String(f.summary).split(':')[0]),
    [
      'New-InboxRule by cfo@contoso.example from 203.0.113.45',
      'Set-Mailbox by cfo@contoso.example from 203.0.113.45',
    ],
  );
  assert.equal(by('session-ip-change').length, 1);
  assert.equal(by('impossible-travel').length, 1);
  assert.ok(
    findings.every((f) => f.sessionId === ATK),
    'every finding is about the attacker session',
  );
});

test('mixed sources: the exposure names the messages, folders synced, searches and the blind interval', async () => {
  const { doc } = await report();
  const x = doc.exposure as Record<string, Row[]>;
  const messages = x.messages!;
  const wire = messages.find((m) => m.internetMessageId === '<wire-0310@vendor.example>')!;
  // Subject and sender from the Activities delivery, read recorded by MailItemsAccessed.
  assert.deepEqual([wire.subject, wire.from], ['Wire instructions for March', 'treasurer@vendor.example']);
  const sent = messages.find((m) => m.internetMessageId === '<upd-bank@contoso.example>')!;
  assert.equal(sent.subject, 'Updated bank details');
  assert.deepEqual(
    x.foldersSynced!.map((f) => f.folder),
    ['\\Inbox\\Finance'],
  );
  assert.deepEqual(
    x.searches!.map((s) => s.query),
    ['wire transfer'],
  );
  assert.deepEqual(
    x.blindIntervals!.map((b) => [b.reason, b.start, b.end]),
    [['mail-items-accessed-throttled', '2026-03-11T09:08:00.000Z', '2026-03-12T09:08:00.000Z']],
  );
  assert.ok(
    x.actions!.some((a) => a.kind === 'mail.send') && x.actions!.some((a) => a.kind === 'mail.delete'),
  );
});

test('mixed sources: the HTML report states the blind interval and the synced folder, escaped', async () => {
  const { out } = await report(['json', 'html']);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /Blind intervals \(reads unknown\)/);
  assert.match(html, /2026-03-12T09:08:00/);
  assert.match(html, /\\Inbox\\Finance/);
});
