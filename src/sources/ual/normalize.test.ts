import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JsonValue, MailboxEvent } from '../../model/event.js';
import { eventId } from '../../model/ids.js';
import type { JsonObject } from '../audit/json-fields.js';
import { normalizeUalRecord } from './normalize.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/ual');
const RECORDS = readFileSync(resolve(FIXTURES, 'records.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as JsonObject);

function byOp(op: string, n = 0): JsonObject {
  const r = RECORDS.filter((x) => x.Operation === op)[n];
  assert.ok(r, `fixture record ${op} #${n}`);
  return r;
}

function norm(data: JsonObject, raw: JsonValue = data) {
  return normalizeUalRecord(data, {
    adapter: 'ual-jsonl',
    locator: { file: 'records.jsonl', row: 1 },
    rawSha256: 'ab'.repeat(32),
    raw,
  });
}

/** The derived fields of an event (no raw, source, properties). */
function derived(e: MailboxEvent) {
  const { raw: _raw, source: _source, properties: _p, id: _id, ...rest } = e;
  return rest;
}

const ATTACKER_SESSION = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

test('MailItemsAccessed Bind: one mail.read per FolderItem, localised folders, linkable ids', () => {
  const { events, issues } = norm(byOp('MailItemsAccessed', 0));
  assert.deepEqual(issues, []);
  assert.equal(events.length, 3);
  assert.deepEqual(derived(events[0]!), {
    time: '2026-03-11T08:16:53.000Z',
    mailbox: 'cfo@contoso.example',
    kind: 'mail.read',
    operation: 'MailItemsAccessed',
    app: 'Client=OWA;Action=ViaProxy',
    ip: '203.0.113.45',
    userAgent: null,
    actor: 'cfo@contoso.example',
    result: 'success',
    session: {
      sessionId: ATTACKER_SESSION,
      aadSessionId: ATTACKER_SESSION,
      uniqueTokenId: 'q7VkQm3xPUa1dZ8sT2wKAA',
      correlationId: '9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a',
    },
    item: {
      itemId: 'RgAAAAD1',
      internetMessageId: '<DB7PR04MB0001AAAA1111@DB7PR04MB0001.eurprd04.prod.outlook.example>',
      folder: '\\Boîte de réception',
      sizeBytes: 48213,
    },
    text: null,
    recordedTime: null,
  });
  // String-typed SizeInBytes is coerced in item, kept verbatim in properties.
  assert.equal(events[1]!.item!.sizeBytes, 3476);
  assert.deepEqual(events[1]!.properties.FolderItem, {
    InternetMessageId: '<DB7PR04MB0001BBBB2222@DB7PR04MB0001.eurprd04.prod.outlook.example>',
    SizeInBytes: '3476',
  });
  assert.equal(events[2]!.item!.folder, '\\Boîte de réception\\Finance');
  assert.equal(events[2]!.properties.FolderId, 'LgAAAAFolderFinance');
  // Properties: Name/Value lists flattened, verbatim values, OriginatingServer untouched, no Folders copy.
  const p = events[0]!.properties;
  assert.equal(p.MailAccessType, 'Bind');
  assert.equal(p.IsThrottled, 'False');
  assert.equal(p.OperationCount, '3');
  assert.equal(p.OriginatingServer, 'DB7PR04MB0001 (15.20.7400.012)\r\n');
  assert.equal(p.Folders, undefined);
  // Identity: the lower-cased AuditData.Id plus the item's position.
  assert.equal(events[0]!.id, eventId('ual', ['3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60001', 'bind:0:0']));
  assert.equal(events[2]!.id, eventId('ual', ['3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60001', 'bind:1:0']));
  assert.equal(new Set(events.map((e) => e.id)).size, 3);
});

test('MailItemsAccessed Sync: one mail.folder_sync per folder', () => {
  const { events, issues } = norm(byOp('MailItemsAccessed', 1));
  assert.deepEqual(issues, []);
  assert.deepEqual(
    events.map((e) => [e.kind, e.item, e.app, e.ip, e.session]),
    [
      [
        'mail.folder_sync',
        { folder: '\\Inbox' },
        'Client=MSExchangeRPC',
        '198.51.100.10',
        { sessionId: '5e1c0a2b-7d4f-4e3a-9b8c-0d1e2f3a4b5c' },
      ],
      [
        'mail.folder_sync',
        { folder: '\\Sent Items' },
        'Client=MSExchangeRPC',
        '198.51.100.10',
        { sessionId: '5e1c0a2b-7d4f-4e3a-9b8c-0d1e2f3a4b5c' },
      ],
    ],
  );
  assert.equal(events[1]!.id, eventId('ual', ['3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60002', 'sync:1']));
});

test('MailItemsAccessed IsThrottled=True adds an audit.gap event for the next 24 h', () => {
  const { events } = norm(byOp('MailItemsAccessed', 2));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['mail.read', 'audit.gap'],
  );
  const gap = events[1]!;
  assert.equal(gap.time, '2026-03-11T09:00:00.000Z');
  assert.equal(gap.result, null);
  assert.equal(gap.item, null);
  assert.match(gap.text!, /not logged for 24 h from 2026-03-11T09:00:00.000Z to 2026-03-12T09:00:00.000Z/);
  assert.equal(gap.properties.gapEnd, '2026-03-12T09:00:00.000Z');
  assert.equal(gap.properties.gapStart, '2026-03-11T09:00:00.000Z');
  assert.equal(gap.id, eventId('ual', ['3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60003', 'gap']));
});

test('MailItemsAccessed by an application: empty SessionId stays absent, IPv6 lower-cased', () => {
  const { events } = norm(byOp('MailItemsAccessed', 3));
  assert.equal(events.length, 1);
  assert.deepEqual(events[0]!.session, {});
  assert.equal(events[0]!.ip, '2001:db8:4a1::17');
  assert.equal(events[0]!.app, 'Client=REST;Client=RESTSystem;;');
  assert.equal(events[0]!.actor, 'S-1-5-21-1111111111-2222222222-3333333333-9001');
  assert.equal(events[0]!.mailbox, 'cfo@contoso.example');
  assert.equal(events[0]!.properties.SessionId, '');
});

test('SearchQueryInitiatedExchange → search.query with the query text; bracketed IPv6 with port', () => {
  const { events, issues } = norm(byOp('SearchQueryInitiatedExchange'));
  assert.deepEqual(issues, []);
  const [e] = events;
  assert.equal(e!.kind, 'search.query');
  assert.equal(e!.text, 'wire transfer OR "bank details"');
  assert.equal(e!.ip, '2001:db8::8');
  assert.equal(e!.properties.QuerySource, 'OWA');
  assert.equal(e!.properties.RecordType, '101');
  assert.equal(e!.id, eventId('ual', ['3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60005']));
});

test('MailboxLogin → auth.logon', () => {
  const [e] = norm(byOp('MailboxLogin')).events;
  assert.deepEqual(
    [e!.kind, e!.result, e!.app, e!.ip, e!.session.sessionId],
    [
      'auth.logon',
      'success',
      'Client=Microsoft.Exchange.Imap4',
      '198.51.100.77',
      '5e1c0a2b-7d4f-4e3a-9b8c-0d1e2f3a4b5c',
    ],
  );
});

test('UserLoggedIn / UserLoginFailed: ErrorNumber decides, not ResultStatus', () => {
  const ok = norm(byOp('UserLoggedIn')).events[0]!;
  assert.deepEqual(derived(ok), {
    time: '2026-03-11T08:01:34.000Z',
    mailbox: 'cfo@contoso.example',
    kind: 'auth.logon',
    operation: 'UserLoggedIn',
    app: '4765445b-32c6-49b0-83e6-1d93765276ca',
    ip: '203.0.113.45',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
    actor: 'cfo@contoso.example',
    result: 'success',
    session: { sessionId: ATTACKER_SESSION },
    item: null,
    text: null,
    recordedTime: null,
  });
  assert.equal(ok.properties.RequestType, 'OAuth2:Authorize');
  assert.equal(ok.properties.ErrorNumber, '0');
  assert.equal(ok.properties.BrowserType, 'Firefox');

  const failed = norm(byOp('UserLoginFailed')).events[0]!;
  assert.deepEqual(
    [
      failed.kind,
      failed.result,
      failed.userAgent,
      failed.properties.ErrorNumber,
      failed.properties.LogonError,
      failed.properties.ResultStatus,
    ],
    [
      'auth.logon_failed',
      'failure',
      'python-requests/2.31.0',
      '50126',
      'InvalidUserNameOrPassword',
      'Success',
    ],
  );

  // A UserLoggedIn carrying a failure code is a failed logon; 50140 (KMSI interrupt) is not.
  const bad = norm({ ...byOp('UserLoggedIn'), ErrorNumber: '50074' }).events[0]!;
  assert.deepEqual([bad.kind, bad.result], ['auth.logon_failed', 'failure']);
  const kmsi = norm({ ...byOp('UserLoggedIn'), ErrorNumber: '50140' }).events[0]!;
  assert.deepEqual([kmsi.kind, kmsi.result], ['auth.logon', 'success']);
});

test('Send / SendAs → mail.send with the item', () => {
  const send = norm(byOp('Send')).events[0]!;
  assert.equal(send.kind, 'mail.send');
  assert.deepEqual(send.item, {
    itemId: 'RgAAAASent1',
    internetMessageId: '<DB7PR04MB0001DDDD4444@DB7PR04MB0001.eurprd04.prod.outlook.example>',
    subject: 'RE: Updated banking details',
    folder: '\\Sent Items',
    sizeBytes: 48213,
  });
  const sendAs = norm(byOp('SendAs')).events[0]!;
  assert.deepEqual(
    [sendAs.kind, sendAs.mailbox, sendAs.actor, sendAs.properties.SendAsUserSmtp],
    ['mail.send', 'cfo@contoso.example', 'assistant@contoso.example', 'cfo@contoso.example'],
  );
});

test('SoftDelete / MoveToDeletedItems / HardDelete → mail.delete per affected item; Move → mail.move', () => {
  const soft = norm(byOp('SoftDelete')).events;
  assert.deepEqual(
    soft.map((e) => [e.kind, e.item]),
    [
      [
        'mail.delete',
        {
          itemId: 'RgAAAADel1',
          internetMessageId: '<bank-reply-1@fabrikam.example>',
          subject: 'Facture n° 4471 – échéance',
          folder: '\\Éléments supprimés',
        },
      ],
      [
        'mail.delete',
        {
          itemId: 'RgAAAADel2',
          internetMessageId: '<bank-reply-2@fabrikam.example>',
          subject: 'Re: wire confirmation',
          folder: '\\Éléments supprimés',
        },
      ],
    ],
  );
  assert.equal(soft[1]!.id, eventId('ual', ['3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60011', 'item:1']));
  assert.equal(soft[0]!.properties.AffectedItems, undefined);
  assert.equal((soft[0]!.properties.AffectedItem as JsonObject).Id, 'RgAAAADel1');

  const mtdi = norm(byOp('MoveToDeletedItems')).events[0]!;
  assert.deepEqual(mtdi.item, {
    itemId: 'RgAAAADel3',
    internetMessageId: '<payment-confirmation@fabrikam.example>',
    subject: 'Payment confirmation',
    folder: '\\Inbox',
    targetFolder: '\\Deleted Items',
  });
  const hard = norm(byOp('HardDelete')).events[0]!;
  assert.deepEqual(hard.item, {
    itemId: 'RgAAAADel4',
    internetMessageId: '<purged-1@contoso.example>',
    folder: '\\Recoverable Items\\Deletions',
  });
  const move = norm(byOp('Move')).events[0]!;
  assert.deepEqual(
    [move.kind, move.item?.folder, move.item?.targetFolder],
    ['mail.move', '\\Inbox', '\\RSS Feeds'],
  );
});

test('Update → mail.update, ModifiedProperties names kept', () => {
  const e = norm(byOp('Update')).events[0]!;
  assert.equal(e.kind, 'mail.update');
  assert.equal(e.item?.subject, 'Updated banking details');
  assert.deepEqual(e.properties.ModifiedProperties, [
    'HtmlBody',
    'RtfBody',
    'MapiSubject',
    'RecipientCollection',
  ]);
});

test('inbox rule cmdlets and UpdateInboxRules → rule.change with the rule name; nested JSON decoded', () => {
  const created = norm(byOp('New-InboxRule')).events[0]!;
  assert.deepEqual(
    [created.kind, created.text, created.ip, created.mailbox, created.session],
    [
      'rule.change',
      '.',
      '203.0.113.45',
      'cfo@contoso.example',
      { sessionId: ATTACKER_SESSION, uniqueTokenId: 'q7VkQm3xPUa1dZ8sT2wKAA' },
    ],
  );
  assert.equal(created.properties.MoveToFolder, 'RSS Feeds');
  assert.equal(created.properties.SubjectOrBodyContainsWords, 'invoice;payment;bank');
  assert.equal(created.properties.UserType, '2');
  assert.equal(created.result, 'success'); // ResultStatus "True"

  const changed = norm(byOp('Set-InboxRule')).events[0]!;
  assert.deepEqual([changed.text, changed.properties.ForwardTo], ['.', 'cfo.contoso@mail.example']);
  const disabled = norm(byOp('Disable-InboxRule')).events[0]!;
  // An admin acting on another mailbox: mailbox from -Identity mailbox\rule, actor the admin.
  assert.deepEqual(
    [disabled.mailbox, disabled.actor, disabled.text],
    ['cfo@contoso.example', 'admin@contoso.example', '.'],
  );

  const client = norm(byOp('UpdateInboxRules')).events[0]!;
  assert.equal(client.kind, 'rule.change');
  assert.equal(client.text, null); // RuleName has no Value
  assert.equal(client.properties.RuleName, null);
  assert.deepEqual(client.properties.RuleActions, [
    { ActionType: 'Forward', Recipients: ['cfo.contoso@mail.example'], ForwardFlags: 'None' },
  ]);
  assert.equal(client.properties.RuleCondition, '{(Exists(ItemClass))}');
  assert.deepEqual([client.mailbox, client.actor], ['cfo@contoso.example', 'assistant@contoso.example']);
});

test('Set-Mailbox → mailbox.config with the forwarding address', () => {
  const e = norm(byOp('Set-Mailbox')).events[0]!;
  assert.deepEqual(
    [e.kind, e.text, e.mailbox, e.ip, e.properties.DeliverToMailboxAndForward],
    ['mailbox.config', 'smtp:cfo.contoso@mail.example', 'cfo@contoso.example', '203.0.113.45', 'False'],
  );
});

test('mailbox and folder permission cmdlets → mailbox.permission on the target mailbox', () => {
  const full = norm(byOp('Add-MailboxPermission')).events[0]!;
  assert.deepEqual(
    [full.kind, full.mailbox, full.actor, full.text, full.properties.AccessRights],
    [
      'mailbox.permission',
      'cfo@contoso.example',
      'admin@contoso.example',
      'helpdesk-temp@contoso.example',
      'FullAccess',
    ],
  );
  const sendAs = norm(byOp('Add-RecipientPermission')).events[0]!;
  assert.deepEqual([sendAs.mailbox, sendAs.text], ['cfo@contoso.example', 'helpdesk-temp@contoso.example']);
  const folder = norm(byOp('Add-MailboxFolderPermission')).events[0]!;
  assert.deepEqual(
    [folder.mailbox, folder.text, folder.item],
    ['cfo@contoso.example', 'assistant@contoso.example', { folder: '\\Inbox' }],
  );
});

test('Consent to application. → app.consent; ModifiedProperties and additionalDetails flattened', () => {
  const e = norm(byOp('Consent to application.')).events[0]!;
  assert.deepEqual(
    [e.kind, e.text, e.mailbox, e.ip],
    ['app.consent', 'Mail Sync Helper', 'cfo@contoso.example', '203.0.113.45'],
  );
  assert.equal(e.properties['ModifiedProperties.ConsentContext.IsAdminConsent'], 'False');
  assert.match(String(e.properties['ModifiedProperties.ConsentAction.Permissions']), /Mail\.Read Mail\.Send/);
  assert.deepEqual(e.properties.additionalDetails, {
    'User-Agent': 'EvoSTS',
    AppId: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b',
  });
});

test('anything else → other with every field', () => {
  const { events, issues } = norm(byOp('FolderBind'));
  assert.deepEqual(issues, []);
  const e = events[0]!;
  assert.equal(e.kind, 'other');
  assert.deepEqual(e.properties.Folders, [{ Id: 'LgAAAAFolderInbox', Path: '\\Inbox' }]);
  assert.equal(e.properties.LogonType, 2);
});

test('PascalCase and camelCase field names are reconciled', () => {
  const camel: JsonObject = {
    creationTime: '2026-03-11T08:20:41',
    id: '3F2A9C1E-5B7D-4E8F-A1B2-C3D4E5F60005',
    operation: 'SearchQueryInitiatedExchange',
    userId: 'CFO@contoso.example',
    clientIPAddress: '[2001:db8::8]:443',
    queryText: 'wire transfer',
    operationProperties: [{ name: 'X', value: '1' }],
  };
  const e = norm(camel).events[0]!;
  assert.deepEqual(
    [e.kind, e.text, e.ip, e.mailbox, e.properties.X],
    ['search.query', 'wire transfer', '2001:db8::8', 'cfo@contoso.example', '1'],
  );
  assert.equal(e.id, norm(byOp('SearchQueryInitiatedExchange')).events[0]!.id);
});

test('record-level problems are issues, never exceptions', () => {
  const noTime = norm({ Id: 'x', Operation: 'Send' });
  assert.deepEqual(
    [noTime.events.length, noTime.issues.map((i) => [i.code, i.severity, i.locator.column])],
    [0, [['ual.creation_time.invalid', 'error', 'CreationTime']]],
  );
  const badTime = norm({ Id: 'x', Operation: 'Send', CreationTime: '11/03/2026 08:00' });
  assert.equal(badTime.issues[0]!.code, 'ual.creation_time.invalid');
  const noOp = norm({ Id: 'x', CreationTime: '2026-03-11T08:00:00' });
  assert.deepEqual(
    noOp.issues.map((i) => i.code),
    ['ual.operation.missing'],
  );
  assert.equal(noOp.issues[0]!.locator.file, 'records.jsonl');
  assert.equal(noOp.issues[0]!.locator.row, 1);

  // No Id: an issue and a content-hash identity that does not depend on key order.
  const a = norm({
    CreationTime: '2026-03-11T08:00:00',
    Operation: 'MailboxLogin',
    UserId: 'a@contoso.example',
  });
  const b = norm({
    UserId: 'a@contoso.example',
    Operation: 'MailboxLogin',
    CreationTime: '2026-03-11T08:00:00',
  });
  assert.deepEqual(
    a.issues.map((i) => i.code),
    ['ual.id.missing'],
  );
  assert.equal(a.events.length, 1);
  assert.equal(a.events[0]!.id, b.events[0]!.id);

  // Graph wrapper fallbacks: createdDateTime (with Z) and id, with warnings.
  const wrapped = norm(
    { Operation: 'MailboxLogin', UserId: 'a@contoso.example' },
    {
      id: 'ABC',
      createdDateTime: '2026-03-11T08:00:00Z',
      auditData: {},
    },
  );
  assert.deepEqual(
    wrapped.issues.map((i) => i.code),
    ['ual.creation_time.from_wrapper', 'ual.id.from_wrapper'],
  );
  assert.equal(wrapped.events[0]!.id, eventId('ual', ['abc']));

  // Garbage inside known operations does not throw.
  const weird = norm({
    Id: 'y',
    CreationTime: '2026-03-11T08:00:00',
    Operation: 'MailItemsAccessed',
    Folders: 'System.Object[]',
  });
  assert.deepEqual(
    weird.events.map((e) => e.kind),
    ['other'],
  );
  assert.equal(weird.issues[0]!.code, 'ual.mail_items_accessed.access_type');
  const noItems = norm({
    Id: 'z',
    CreationTime: '2026-03-11T08:00:00',
    Operation: 'SoftDelete',
    MailboxOwnerUPN: 'A@contoso.example',
  });
  assert.deepEqual(
    [noItems.events.length, noItems.events[0]!.item, noItems.issues[0]!.code],
    [1, null, 'ual.affected_items.missing'],
  );
});
