import { test } from 'node:test';
import assert from 'node:assert/strict';
import { investigate } from '../../src/analyses/investigate.js';
import { act, UA } from '../builders.js';

const OWNER_IP = '203.0.113.10';
const ATTACKER_IP = '185.220.101.34';

/** The owner's Outlook reads while the attacker's web session searches and reads, interleaved. */
function interleaved() {
  return [
    act.delivered(
      '2018-06-10T08:00:00.000Z',
      'ITEM-A',
      'Invoice 4471 - payment due',
      'billing@vendor.example',
      '<a@vendor>',
    ),
    act.delivered('2018-06-10T08:05:00.000Z', 'ITEM-B', 'Lunch?', 'cfo@contoso.example', '<b@contoso>'),
    act.serverLogon('2018-06-12T09:00:00.000Z', 'Outlook', 'owner-mapi', OWNER_IP, UA.outlook),
    act.serverLogon('2018-06-12T09:20:15.530Z', 'Web', 'atk-server', ATTACKER_IP, UA.firefoxLinux),
    act.owaLogon('2018-06-12T09:20:17.844Z', 'atk-owa', ATTACKER_IP, UA.firefoxLinux),
    act.markAsRead(
      '2018-06-12T09:21:00.000Z',
      'Outlook',
      'owner-mapi',
      'ITEM-B',
      '<b@contoso>',
      'cfo@contoso.example',
    ),
    act.keystroke('2018-06-12T09:21:03.402Z', 'atk-owa', 'i'),
    act.keystroke('2018-06-12T09:21:03.811Z', 'atk-owa', 'inv'),
    act.markAsRead(
      '2018-06-12T09:21:04.000Z',
      'Outlook',
      'owner-mapi',
      'ITEM-A',
      '<a@vendor>',
      'billing@vendor.example',
    ),
    act.keystroke('2018-06-12T09:21:05.000Z', 'atk-owa', 'invoc'),
    act.keystroke('2018-06-12T09:21:05.200Z', 'atk-owa', 'invo'),
    act.keystroke('2018-06-12T09:21:05.266Z', 'atk-owa', 'invoice'),
    act.search('2018-06-12T09:21:06.120Z', 'atk-owa', 'invoice'),
    act.paneStart('2018-06-12T09:21:10.007Z', 'atk-owa', 'ITEM-A'),
    act.paneEnd('2018-06-12T09:21:31.950Z', 'atk-owa', 'ITEM-A'),
    act.attachment('2018-06-12T09:21:35.418Z', 'Web', 'atk-owa', 'ITEM-A'),
  ];
}

test('each event is attributed to its own session, never to the last logon seen', () => {
  const inv = investigate(interleaved(), {}, undefined);
  const owner = inv.sessions.find((s) => s.sessionId === 'owner-mapi')!;
  assert.equal(owner.ip, OWNER_IP);
  assert.equal(owner.attribution.basis, 'own-logon');
  assert.equal(owner.counts['mail.read'], 2);
  // The owner's MarkAsRead at 09:21:04 comes after the attacker's logon but stays the owner's.
  const ownerReads = inv.reads.filter((r) => r.sessionId === 'owner-mapi');
  assert.deepEqual(
    ownerReads.map((r) => r.ip),
    [OWNER_IP, OWNER_IP],
  );
  const pane = inv.reads.find((r) => r.activity === 'ReadingPaneDisplayStart')!;
  assert.equal(pane.ip, ATTACKER_IP);
  assert.equal(pane.durationMs, 21_943);
  assert.equal(pane.subject, 'Invoice 4471 - payment due');
  assert.equal(pane.from, 'billing@vendor.example');
  assert.equal(pane.received, '2018-06-11T15:02:11.000Z');
  assert.equal(pane.resolution, 'item-id');
  assert.equal(pane.evidence.length, 3); // start, delivery, end
  const att = inv.attachments[0]!;
  assert.equal(att.action, 'Download');
  assert.equal(att.ip, ATTACKER_IP);
});

test('keystrokes collapse into one search joined to its submission, backspaces and edits included', () => {
  const inv = investigate(interleaved());
  assert.equal(inv.searches.length, 1);
  const s = inv.searches[0]!;
  assert.equal(s.query, 'invoice');
  assert.equal(s.typed, 'invoice');
  assert.equal(s.keystrokes, 5);
  assert.equal(s.firstKeystroke, '2018-06-12T09:21:03.402Z');
  assert.equal(s.lastKeystroke, '2018-06-12T09:21:05.266Z');
  assert.deepEqual(s.submitted, { time: '2018-06-12T09:21:06.120Z', query: 'invoice' });
  assert.equal(s.ip, ATTACKER_IP);
  assert.equal(s.evidence.length, 6);
});

test('separate searches, a submission without keystrokes, and a long pause split chains', () => {
  const events = [
    act.owaLogon('2018-06-12T09:00:00.000Z', 'w', '198.51.100.23', UA.chrome),
    act.keystroke('2018-06-12T09:01:00.000Z', 'w', 'w'),
    act.keystroke('2018-06-12T09:01:00.300Z', 'w', 'wi'),
    act.keystroke('2018-06-12T09:01:00.600Z', 'w', 'wire'),
    act.keystroke('2018-06-12T09:01:02.000Z', 'w', 'p'), // another word: new chain
    act.keystroke('2018-06-12T09:01:02.300Z', 'w', 'pay'),
    act.search('2018-06-12T09:01:03.000Z', 'w', 'payment'), // extends the typed text
    act.keystroke('2018-06-12T09:30:00.000Z', 'w', 'pa'), // much later: new chain, never submitted
    act.search('2018-06-12T10:00:00.000Z', 'w', 'bank details'), // no keystrokes
  ];
  const inv = investigate(events);
  assert.deepEqual(
    inv.searches.map((s) => [s.query, s.keystrokes, s.submitted?.query ?? null]),
    [
      ['wire', 3, null],
      ['payment', 2, 'payment'],
      ['pa', 1, null],
      ['bank details', 0, 'bank details'],
    ],
  );
});

test('an item whose id changed in a move still resolves (Move + Delete pair, then IMID alias)', () => {
  const events = [
    act.delivered(
      '2018-06-01T10:00:00.000Z',
      'OLD-ID',
      'Invoice 4502 — wire',
      'billing@vendor.example',
      '<w@v>',
    ),
    // Store-side move to Deleted Items logs the new id on Move and the old id on Delete.
    ...act.moveToTrash('2018-06-02T10:00:00.000Z', 'Outlook', 'cleanup', 'NEW-ID', 'OLD-ID', 'Inbox'),
    act.paneStart('2018-06-03T10:00:00.000Z', 'sess', 'NEW-ID', 'DeletedItems'),
    // A plain move: only the new id is known, but a later MarkAsRead names its InternetMessageId.
    act.delivered('2018-06-01T11:00:00.000Z', 'X-OLD', 'Remittance', 'ap@vendor.example', '<r@v>'),
    act.move('2018-06-02T11:00:00.000Z', 'Outlook', 'filer', 'X-NEW', 'Inbox', 'Archive'),
    act.markAsRead('2018-06-03T11:00:00.000Z', 'Outlook', 'sess2', 'X-NEW', '<r@v>', 'ap@vendor.example'),
    act.paneStart('2018-06-03T11:00:05.000Z', 'sess', 'X-NEW', 'Archive'),
    // A plain move with nothing linking it: unknown, and the report says why.
    act.delivered('2018-06-01T12:00:00.000Z', 'Y-OLD', 'Secret', 'x@y.example', '<y@y>'),
    act.move('2018-06-02T12:00:00.000Z', 'Outlook', 'filer2', 'Y-NEW', 'Inbox', 'Archive'),
    act.paneStart('2018-06-03T12:00:00.000Z', 'sess', 'Y-NEW', 'Archive'),
  ];
  const inv = investigate(events);
  const panes = inv.reads.filter((r) => r.activity === 'ReadingPaneDisplayStart');
  assert.equal(panes[0]!.subject, 'Invoice 4502 — wire');
  assert.equal(panes[0]!.resolution, 'move-chain');
  assert.equal(panes[0]!.folder, 'DeletedItems');
  assert.equal(panes[1]!.subject, 'Remittance');
  assert.equal(panes[1]!.resolution, 'item-id-alias');
  assert.equal(panes[2]!.subject, null);
  assert.equal(panes[2]!.resolution, 'none');
  assert.match(panes[2]!.resolutionNote!, /moved from Inbox to Archive.*does not record/);
});

test('a session without a logon is inferred from the same client type, flagged with its basis', () => {
  const events = [
    act.serverLogon('2018-06-12T09:00:00.000Z', 'Web', 'atk-server', '185.220.101.34', UA.firefoxLinux),
    act.owaLogon('2018-06-12T09:00:02.000Z', 'atk-owa', '185.220.101.34', UA.firefoxLinux),
    act.forward('2018-06-12T09:10:00.000Z', 'atk-owa', 'ITEM-A'),
    act.sent('2018-06-12T09:11:00.000Z', 'Web', 'fresh-1', 'SENT-1', '<s1@contoso>'),
    // The owner's Outlook is on, but a Web orphan must not take its IP.
    act.serverLogon('2018-06-12T09:12:00.000Z', 'Outlook', 'owner', '203.0.113.10', UA.outlook),
    ...act.moveToTrash('2018-06-12T09:13:00.000Z', 'Web', 'cleanup', 'SENT-1b', 'SENT-1'),
    // A Mobile orphan with no Mobile logon within the window: no attribution at all.
    act.markAsRead('2018-06-12T09:14:00.000Z', 'Mobile', 'phone-sync', 'ITEM-A', '<a@v>', 'x@y'),
  ];
  const inv = investigate(events);
  const get = (id: string) => inv.sessions.find((s) => s.sessionId === id)!;
  assert.equal(get('fresh-1').ip, '185.220.101.34');
  assert.equal(get('fresh-1').attribution.basis, 'active-session');
  assert.equal(get('fresh-1').attribution.inferred, true);
  assert.equal(get('fresh-1').attribution.fromSession, 'atk-owa');
  assert.equal(get('cleanup').ip, '185.220.101.34');
  assert.equal(get('phone-sync').ip, null);
  assert.equal(get('phone-sync').attribution.basis, 'none');
  // The delivery sessions (AppIdType Exchange) are server work, not listed.
  assert.ok(!inv.sessions.some((s) => s.app === 'Exchange'));
});

test('values with every kind of quote, separator and script pass through exactly', () => {
  const subject = 'Re: "Urgent"\tvendor\nstatement; it\'s 📎 請求書 שלום, done\\r';
  const events = [
    act.delivered('2018-06-10T08:00:00.000Z', 'I1', subject, "o'brien@vendor.example", '<q"1@v>'),
    act.owaLogon('2018-06-12T09:00:00.000Z', 'w', '198.51.100.23', 'Mozilla/5.0 (X11; "quoted"; \\ tab\t)'),
    act.paneStart('2018-06-12T09:01:00.000Z', 'w', 'I1'),
    act.keystroke('2018-06-12T09:02:00.000Z', 'w', 'שלום "x";\t'),
  ];
  const inv = investigate(events);
  assert.equal(inv.reads[0]!.subject, subject);
  assert.equal(inv.reads[0]!.from, "o'brien@vendor.example");
  assert.equal(inv.reads[0]!.internetMessageId, '<q"1@v>');
  assert.equal(inv.searches[0]!.query, 'שלום "x";\t');
  assert.equal(inv.logons[0]!.userAgent, 'Mozilla/5.0 (X11; "quoted"; \\ tab\t)');
});
