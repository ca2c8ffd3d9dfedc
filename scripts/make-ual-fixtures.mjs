// Writes the synthetic Unified Audit Log and Entra sign-in fixtures under test/fixtures/ual and
// test/fixtures/entra, deterministically: one fictional tenant (contoso.example, RFC 5737
// addresses, made-up GUIDs), every export form, every mapped operation, and the quirks real
// exports have (doubled quotes, BOMs, UTF-16, PowerShell 5.1's lossy ASCII, #TYPE lines, CRLF,
// ports and brackets in IPs, string-typed numbers, localised folder names). The UTF-16 files are
// binary, hence this script; its output is committed.
// Usage: node scripts/make-ual-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const UAL = join(root, 'test/fixtures/ual');
const ENTRA = join(root, 'test/fixtures/entra');
mkdirSync(UAL, { recursive: true });
mkdirSync(ENTRA, { recursive: true });

const ORG = '7d3c5a1e-0b2f-4c6d-9e8a-1f2b3c4d5e6f';
const CFO = 'cfo@contoso.example';
const SESSION = '5e1c0a2b-7d4f-4e3a-9b8c-0d1e2f3a4b5c';
const ATTACKER_SESSION = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const exchange = (extra) => ({
  OrganizationId: ORG,
  ResultStatus: 'Succeeded',
  UserKey: '10032002A1B2C3D4',
  UserType: 0,
  Version: 1,
  Workload: 'Exchange',
  ...extra,
});

/** Every AuditData record, in file order. Ids are made up; names are forensic fiction. */
export const RECORDS = [
  // 1. MailItemsAccessed Bind: two folders (one localised), three messages, linkable identifiers.
  exchange({
    CreationTime: '2026-03-11T08:16:53',
    Id: '3F2A9C1E-5B7D-4E8F-A1B2-C3D4E5F60001',
    Operation: 'MailItemsAccessed',
    RecordType: 50,
    UserId: 'CFO@contoso.example',
    AppId: '00000002-0000-0ff1-ce00-000000000000',
    ClientAppId: '',
    ClientIPAddress: '203.0.113.45',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    LogonUserSid: 'S-1-5-21-1111111111-2222222222-3333333333-4001',
    MailboxGuid: '0c9e8d7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f',
    MailboxOwnerSid: 'S-1-5-21-1111111111-2222222222-3333333333-4001',
    MailboxOwnerUPN: CFO,
    OperationProperties: [
      { Name: 'MailAccessType', Value: 'Bind' },
      { Name: 'IsThrottled', Value: 'False' },
    ],
    OrganizationName: 'contoso.example',
    OriginatingServer: 'DB7PR04MB0001 (15.20.7400.012)\r\n',
    SessionId: ATTACKER_SESSION,
    AppAccessContext: {
      AADSessionId: ATTACKER_SESSION,
      CorrelationId: '9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a',
      IssuedAtTime: '2026-03-11T08:02:10',
      UniqueTokenId: 'q7VkQm3xPUa1dZ8sT2wKAA',
    },
    Folders: [
      {
        FolderItems: [
          {
            Id: 'RgAAAAD1',
            ImmutableId: 'LgAAAAD1-immutable',
            InternetMessageId: '<DB7PR04MB0001AAAA1111@DB7PR04MB0001.eurprd04.prod.outlook.example>',
            SizeInBytes: 48213,
          },
          {
            InternetMessageId: '<DB7PR04MB0001BBBB2222@DB7PR04MB0001.eurprd04.prod.outlook.example>',
            SizeInBytes: '3476',
          },
        ],
        Id: 'LgAAAAFolderInbox',
        Path: '\\Boîte de réception',
      },
      {
        FolderItems: [
          {
            Id: 'RgAAAAD3',
            InternetMessageId: '<DB7PR04MB0001CCCC3333@DB7PR04MB0001.eurprd04.prod.outlook.example>',
            SizeInBytes: 1022,
          },
        ],
        Id: 'LgAAAAFolderFinance',
        Path: '\\Boîte de réception\\Finance',
      },
    ],
    OperationCount: '3',
  }),
  // 2. MailItemsAccessed Sync: desktop Outlook synced two folders.
  exchange({
    CreationTime: '2026-03-11T08:15:02',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60002',
    Operation: 'MailItemsAccessed',
    RecordType: 50,
    UserId: CFO,
    ClientIPAddress: '198.51.100.10',
    ClientInfoString: 'Client=MSExchangeRPC',
    LogonType: 0,
    MailboxOwnerUPN: CFO,
    SessionId: SESSION,
    OperationProperties: [
      { Name: 'MailAccessType', Value: 'Sync' },
      { Name: 'IsThrottled', Value: 'False' },
    ],
    Folders: [
      { Id: 'LgAAAAFolderInbox', Path: '\\Inbox' },
      { Id: 'LgAAAAFolderSent', Path: '\\Sent Items' },
    ],
    OperationCount: 1,
  }),
  // 3. MailItemsAccessed Bind, throttled: opens a 24 h blind interval.
  exchange({
    CreationTime: '2026-03-11T09:00:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60003',
    Operation: 'MailItemsAccessed',
    RecordType: 50,
    UserId: CFO,
    ClientIPAddress: '203.0.113.45',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    LogonType: 0,
    MailboxOwnerUPN: CFO,
    SessionId: ATTACKER_SESSION,
    OperationProperties: [
      { Name: 'MailAccessType', Value: 'Bind' },
      { Name: 'IsThrottled', Value: 'True' },
    ],
    Folders: [
      {
        FolderItems: [{ InternetMessageId: '<throttled-1@contoso.example>', SizeInBytes: 2048 }],
        Id: 'LgAAAAFolderInbox',
        Path: '\\Inbox',
      },
    ],
    OperationCount: 1,
  }),
  // 4. MailItemsAccessed by an application (app-only Graph): UserType 5, empty SessionId, IPv6.
  exchange({
    CreationTime: '2026-03-11T10:30:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60004',
    Operation: 'MailItemsAccessed',
    RecordType: 50,
    UserType: 5,
    UserId: 'S-1-5-21-1111111111-2222222222-3333333333-9001',
    AppId: 'b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e',
    ClientAppId: 'b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e',
    ClientIPAddress: '2001:DB8:4A1::17',
    ClientInfoString: 'Client=REST;Client=RESTSystem;;',
    LogonType: 0,
    MailboxOwnerUPN: CFO,
    SessionId: '',
    AppAccessContext: { AADSessionId: '', UniqueTokenId: '' },
    OperationProperties: [
      { Name: 'MailAccessType', Value: 'Bind' },
      { Name: 'IsThrottled', Value: 'False' },
    ],
    Folders: [
      {
        FolderItems: [{ InternetMessageId: '<app-read-1@contoso.example>', SizeInBytes: 777 }],
        Id: 'LgAAAAFolderInbox',
        Path: '\\Inbox',
      },
    ],
    OperationCount: 1,
  }),
  // 5. SearchQueryInitiatedExchange: string-typed RecordType, bracketed IPv6 with a port.
  exchange({
    CreationTime: '2026-03-11T08:20:41',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60005',
    Operation: 'SearchQueryInitiatedExchange',
    RecordType: '101',
    UserId: CFO,
    ClientIPAddress: '[2001:db8::8]:443',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    MailboxOwnerUPN: CFO,
    SessionId: ATTACKER_SESSION,
    QueryText: 'wire transfer OR "bank details"',
    QuerySource: 'OWA',
  }),
  // 6. MailboxLogin over IMAP.
  exchange({
    CreationTime: '2026-03-11T08:14:55',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60006',
    Operation: 'MailboxLogin',
    RecordType: 2,
    UserId: CFO,
    ClientIPAddress: '198.51.100.77',
    ClientInfoString: 'Client=Microsoft.Exchange.Imap4',
    LogonType: 0,
    InternalLogonType: 0,
    MailboxOwnerUPN: CFO,
    ExternalAccess: false,
    SessionId: SESSION,
  }),
  // 7. UserLoggedIn (Entra STS, RecordType 15): ErrorNumber 0, session in DeviceProperties.
  {
    CreationTime: '2026-03-11T08:01:34',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60007',
    Operation: 'UserLoggedIn',
    OrganizationId: ORG,
    RecordType: 15,
    ResultStatus: 'Success',
    UserKey: '0b6f1c9e-2d4a-4e8b-9f3c-5a7d8e1f2b3c',
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ClientIP: '203.0.113.45',
    ObjectId: '00000003-0000-0000-c000-000000000000',
    UserId: 'CFO@Contoso.example',
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'ResultStatusDetail', Value: 'Success' },
      { Name: 'UserAgent', Value: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0' },
      { Name: 'RequestType', Value: 'OAuth2:Authorize' },
    ],
    ModifiedProperties: [],
    Actor: [
      { ID: '0b6f1c9e-2d4a-4e8b-9f3c-5a7d8e1f2b3c', Type: 0 },
      { ID: 'CFO@Contoso.example', Type: 5 },
    ],
    ActorContextId: ORG,
    ActorIpAddress: '203.0.113.45',
    InterSystemsId: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
    IntraSystemId: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60007',
    SupportTicketId: '',
    Target: [{ ID: '00000003-0000-0000-c000-000000000000', Type: 0 }],
    TargetContextId: ORG,
    ApplicationId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    DeviceProperties: [
      { Name: 'OS', Value: 'Linux' },
      { Name: 'BrowserType', Value: 'Firefox' },
      { Name: 'SessionId', Value: ATTACKER_SESSION },
    ],
    ErrorNumber: '0',
  },
  // 8. UserLoginFailed: ResultStatus "Success" but ErrorNumber 50126 (bad password).
  {
    CreationTime: '2026-03-11T08:01:13',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60008',
    Operation: 'UserLoginFailed',
    OrganizationId: ORG,
    RecordType: 15,
    ResultStatus: 'Success',
    UserType: 0,
    Workload: 'AzureActiveDirectory',
    ClientIP: '203.0.113.45',
    UserId: CFO,
    ExtendedProperties: [
      { Name: 'ResultStatusDetail', Value: 'Success' },
      { Name: 'UserAgent', Value: 'python-requests/2.31.0' },
      { Name: 'RequestType', Value: 'Login:login' },
    ],
    ActorIpAddress: '203.0.113.45',
    ApplicationId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    ErrorNumber: '50126',
    LogonError: 'InvalidUserNameOrPassword',
  },
  // 9. Send by the owner.
  exchange({
    CreationTime: '2026-03-11T08:31:09',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60009',
    Operation: 'Send',
    RecordType: 2,
    UserId: CFO,
    LogonType: 0,
    MailboxOwnerUPN: CFO,
    ClientIPAddress: '203.0.113.45',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    SessionId: ATTACKER_SESSION,
    Item: {
      Id: 'RgAAAASent1',
      InternetMessageId: '<DB7PR04MB0001DDDD4444@DB7PR04MB0001.eurprd04.prod.outlook.example>',
      Subject: 'RE: Updated banking details',
      ParentFolder: { Id: 'LgAAAAFolderSent', Path: '\\Sent Items' },
      SizeInBytes: 48213,
      Attachments: 'Invoice_0392.pdf (40211b)',
    },
    SaveToSentItems: true,
  }),
  // 10. SendAs by a delegate.
  exchange({
    CreationTime: '2026-03-11T08:35:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60010',
    Operation: 'SendAs',
    RecordType: 2,
    UserId: 'assistant@contoso.example',
    LogonType: 2,
    MailboxOwnerUPN: CFO,
    ClientIPAddress: '192.0.2.14',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    SendAsUserSmtp: CFO,
    Item: {
      Id: 'RgAAAASent2',
      InternetMessageId: '<sendas-1@contoso.example>',
      Subject: 'Payment today',
      ParentFolder: { Path: '\\Sent Items' },
      SizeInBytes: 9100,
    },
  }),
  // 11. SoftDelete of two messages (non-ASCII subject).
  exchange({
    CreationTime: '2026-03-11T08:40:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60011',
    Operation: 'SoftDelete',
    RecordType: 3,
    UserId: CFO,
    ClientIP: '203.0.113.45',
    ClientIPAddress: '203.0.113.45',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    LogonType: 0,
    MailboxOwnerUPN: CFO,
    SessionId: ATTACKER_SESSION,
    AffectedItems: [
      {
        Id: 'RgAAAADel1',
        InternetMessageId: '<bank-reply-1@fabrikam.example>',
        Subject: 'Facture n° 4471 – échéance',
        ParentFolder: { Id: 'LgAAAAFolderDeleted', Path: '\\Éléments supprimés' },
      },
      {
        Id: 'RgAAAADel2',
        InternetMessageId: '<bank-reply-2@fabrikam.example>',
        Subject: 'Re: wire confirmation',
        ParentFolder: { Id: 'LgAAAAFolderDeleted', Path: '\\Éléments supprimés' },
      },
    ],
    CrossMailboxOperation: false,
    Folder: { Id: 'LgAAAAFolderDeleted', Path: '\\Éléments supprimés' },
  }),
  // 12. MoveToDeletedItems.
  exchange({
    CreationTime: '2026-03-11T08:39:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60012',
    Operation: 'MoveToDeletedItems',
    RecordType: 3,
    UserId: CFO,
    ClientIPAddress: '203.0.113.45',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    MailboxOwnerUPN: CFO,
    SessionId: ATTACKER_SESSION,
    Folder: { Id: 'LgAAAAFolderInbox', Path: '\\Inbox' },
    DestFolder: { Id: 'LgAAAAFolderDeleted', Path: '\\Deleted Items' },
    AffectedItems: [
      {
        Id: 'RgAAAADel3',
        InternetMessageId: '<payment-confirmation@fabrikam.example>',
        Subject: 'Payment confirmation',
        ParentFolder: { Id: 'LgAAAAFolderInbox', Path: '\\Inbox' },
      },
    ],
    CrossMailboxOperation: false,
  }),
  // 13. HardDelete with an empty subject.
  exchange({
    CreationTime: '2026-03-11T08:41:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60013',
    Operation: 'HardDelete',
    RecordType: 3,
    UserId: CFO,
    ClientIPAddress: '203.0.113.45',
    MailboxOwnerUPN: CFO,
    SessionId: ATTACKER_SESSION,
    AffectedItems: [
      {
        Id: 'RgAAAADel4',
        InternetMessageId: '<purged-1@contoso.example>',
        Subject: '',
        ParentFolder: { Id: 'LgAAAAFolderRI', Path: '\\Recoverable Items\\Deletions' },
      },
    ],
    Folder: { Id: 'LgAAAAFolderRI', Path: '\\Recoverable Items\\Deletions' },
  }),
  // 14. Move to an archive folder.
  exchange({
    CreationTime: '2026-03-11T08:42:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60014',
    Operation: 'Move',
    RecordType: 3,
    UserId: CFO,
    ClientIPAddress: '203.0.113.45',
    MailboxOwnerUPN: CFO,
    Folder: { Id: 'LgAAAAFolderInbox', Path: '\\Inbox' },
    DestFolder: { Id: 'LgAAAAFolderRSS', Path: '\\RSS Feeds' },
    AffectedItems: [
      {
        Id: 'RgAAAAMove1',
        InternetMessageId: '<security-alert@contoso.example>',
        Subject: 'Unusual sign-in activity',
        ParentFolder: { Id: 'LgAAAAFolderInbox', Path: '\\Inbox' },
      },
    ],
  }),
  // 15. Update of a draft (ModifiedProperties is a list of names).
  exchange({
    CreationTime: '2026-03-11T08:29:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60015',
    Operation: 'Update',
    RecordType: 2,
    UserId: CFO,
    ClientIPAddress: '203.0.113.45',
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    MailboxOwnerUPN: CFO,
    Item: {
      Id: 'RgAAAADraft1',
      InternetMessageId: '<draft-1@contoso.example>',
      ParentFolder: { Id: 'LgAAAAFolderDrafts', Path: '\\Drafts' },
      SizeInBytes: 70806,
      Subject: 'Updated banking details',
    },
    ModifiedProperties: ['HtmlBody', 'RtfBody', 'MapiSubject', 'RecipientCollection'],
  }),
  // 16. New-InboxRule from the attacker: port in ClientIP, string-typed UserType.
  {
    AppAccessContext: { IssuedAtTime: '2026-03-11T08:02:10', UniqueTokenId: 'q7VkQm3xPUa1dZ8sT2wKAA' },
    CreationTime: '2026-03-11T08:45:15',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60016',
    Operation: 'New-InboxRule',
    OrganizationId: ORG,
    RecordType: 1,
    ResultStatus: 'True',
    UserKey: '10032002A1B2C3D4',
    UserType: '2',
    Version: 1,
    Workload: 'Exchange',
    ClientIP: '203.0.113.45:51022',
    ObjectId:
      'EURPR04A001.PROD.OUTLOOK.EXAMPLE/Microsoft Exchange Hosted Organizations/contoso.example/0b6f1c9e-2d4a-4e8b-9f3c-5a7d8e1f2b3c\\.',
    UserId: CFO,
    AppId: '00000002-0000-0ff1-ce00-000000000000',
    ClientAppId: '',
    ExternalAccess: false,
    OrganizationName: 'contoso.example',
    OriginatingServer: 'DB7PR04MB0001 (15.20.7400.012)',
    Parameters: [
      { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
      { Name: 'Force', Value: 'False' },
      { Name: 'SubjectOrBodyContainsWords', Value: 'invoice;payment;bank' },
      { Name: 'MoveToFolder', Value: 'RSS Feeds' },
      { Name: 'Name', Value: '.' },
      { Name: 'MarkAsRead', Value: 'True' },
      { Name: 'StopProcessingRules', Value: 'True' },
    ],
    SessionId: ATTACKER_SESSION,
  },
  // 17. Set-InboxRule adding a forward.
  {
    CreationTime: '2026-03-11T08:47:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60017',
    Operation: 'Set-InboxRule',
    OrganizationId: ORG,
    RecordType: 1,
    ResultStatus: 'True',
    UserType: 2,
    Workload: 'Exchange',
    ClientIP: '203.0.113.45:51030',
    UserId: CFO,
    Parameters: [
      { Name: 'Identity', Value: 'cfo@contoso.example\\.' },
      { Name: 'ForwardTo', Value: 'cfo.contoso@mail.example' },
    ],
    SessionId: ATTACKER_SESSION,
  },
  // 18. Disable-InboxRule on another mailbox (admin, -Identity mailbox\rule).
  {
    CreationTime: '2026-03-11T12:00:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60018',
    Operation: 'Disable-InboxRule',
    OrganizationId: ORG,
    RecordType: 1,
    ResultStatus: 'True',
    UserType: 2,
    Workload: 'Exchange',
    ClientIP: '192.0.2.200',
    UserId: 'admin@contoso.example',
    Parameters: [{ Name: 'Identity', Value: 'cfo@contoso.example\\.' }],
  },
  // 19. UpdateInboxRules from Outlook: RuleActions is JSON in a string, RuleName has no Value.
  exchange({
    AppAccessContext: {},
    CreationTime: '2026-03-11T08:50:13',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60019',
    Operation: 'UpdateInboxRules',
    RecordType: 2,
    UserId: 'assistant@contoso.example',
    ClientIPAddress: '192.0.2.14',
    ClientInfoString: 'Client=MSExchangeRPC',
    ClientProcessName: 'OUTLOOK.EXE',
    ClientVersion: '16.0.17328.20550',
    LogonType: 2,
    MailboxOwnerUPN: CFO,
    OperationProperties: [
      { Name: 'RuleOperation', Value: 'AddMailboxRule' },
      { Name: 'RuleId', Value: '-123' },
      { Name: 'RuleState', Value: 'Enabled' },
      { Name: 'RuleCondition', Value: '{(Exists(ItemClass))}' },
      { Name: 'RuleName' },
      { Name: 'RuleProvider', Value: 'RuleOrganizer' },
      {
        Name: 'RuleActions',
        Value: '[{"ActionType":"Forward","Recipients":["cfo.contoso@mail.example"],"ForwardFlags":"None"}]',
      },
    ],
    SessionId: SESSION,
    Item: {
      Id: 'RgAAAARule',
      ImmutableId: 'ErrorDuringIdConversion',
      ParentFolder: { Id: 'LgAAAAFolderInbox', Name: 'Boîte de réception', Path: '\\Boîte de réception' },
    },
  }),
  // 20. Set-Mailbox forwarding to an external address.
  {
    CreationTime: '2026-03-11T08:52:12',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60020',
    Operation: 'Set-Mailbox',
    OrganizationId: ORG,
    RecordType: 1,
    ResultStatus: 'True',
    UserType: 2,
    Workload: 'Exchange',
    UserId: CFO,
    ClientIP: '203.0.113.45:51090',
    ObjectId: 'cfo',
    ExternalAccess: false,
    SessionId: ATTACKER_SESSION,
    Parameters: [
      { Name: 'Identity', Value: CFO },
      { Name: 'ForwardingSmtpAddress', Value: 'smtp:cfo.contoso@mail.example' },
      { Name: 'DeliverToMailboxAndForward', Value: 'False' },
    ],
  },
  // 21. Add-MailboxPermission FullAccess for a stranger.
  {
    CreationTime: '2026-03-11T12:10:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60021',
    Operation: 'Add-MailboxPermission',
    OrganizationId: ORG,
    RecordType: 1,
    ResultStatus: 'True',
    UserType: 2,
    Workload: 'Exchange',
    UserId: 'admin@contoso.example',
    ClientIP: '192.0.2.200',
    ObjectId: 'EURPR04A001.PROD.OUTLOOK.EXAMPLE/Microsoft Exchange Hosted Organizations/contoso.example/cfo',
    Parameters: [
      { Name: 'Identity', Value: CFO },
      { Name: 'User', Value: 'helpdesk-temp@contoso.example' },
      { Name: 'AccessRights', Value: 'FullAccess' },
      { Name: 'InheritanceType', Value: 'All' },
    ],
  },
  // 22. Add-RecipientPermission SendAs (Trustee).
  {
    CreationTime: '2026-03-11T12:11:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60022',
    Operation: 'Add-RecipientPermission',
    OrganizationId: ORG,
    RecordType: 1,
    ResultStatus: 'True',
    Workload: 'Exchange',
    UserId: 'admin@contoso.example',
    ClientIP: '192.0.2.200',
    Parameters: [
      { Name: 'Identity', Value: 'CFO@contoso.example' },
      { Name: 'Trustee', Value: 'helpdesk-temp@contoso.example' },
      { Name: 'AccessRights', Value: 'SendAs' },
    ],
  },
  // 23. Add-MailboxFolderPermission on the Inbox.
  {
    CreationTime: '2026-03-11T12:12:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60023',
    Operation: 'Add-MailboxFolderPermission',
    OrganizationId: ORG,
    RecordType: 1,
    ResultStatus: 'True',
    Workload: 'Exchange',
    UserId: 'admin@contoso.example',
    ClientIP: '192.0.2.200',
    Parameters: [
      { Name: 'Identity', Value: 'cfo@contoso.example:\\Inbox' },
      { Name: 'User', Value: 'assistant@contoso.example' },
      { Name: 'AccessRights', Value: 'Reviewer' },
    ],
  },
  // 24. Consent to application. (additionalDetails is JSON in a string)
  {
    CreationTime: '2026-03-11T08:05:44',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60024',
    Operation: 'Consent to application.',
    OrganizationId: ORG,
    RecordType: 8,
    ResultStatus: 'Success',
    UserType: 0,
    Workload: 'AzureActiveDirectory',
    UserId: CFO,
    ClientIP: '203.0.113.45',
    ObjectId: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b',
    ExtendedProperties: [
      {
        Name: 'additionalDetails',
        Value: '{"User-Agent":"EvoSTS","AppId":"e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b"}',
      },
      { Name: 'extendedAuditEventCategory', Value: 'ServicePrincipal' },
    ],
    ModifiedProperties: [
      { Name: 'ConsentContext.IsAdminConsent', NewValue: 'False', OldValue: '' },
      { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'False', OldValue: '' },
      {
        Name: 'ConsentAction.Permissions',
        NewValue:
          '[] => [[ClientId: e1d2c3b4, ConsentType: Principal, Scope: Mail.Read Mail.Send offline_access]]; ',
        OldValue: '',
      },
    ],
    Target: [
      { ID: 'ServicePrincipal_f0e1d2c3-b4a5-4697-8899-aabbccddeeff', Type: 2 },
      { ID: 'Mail Sync Helper', Type: 1 },
      { ID: 'e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b', Type: 4 },
    ],
  },
  // 25. FolderBind: not mapped, kept as other.
  exchange({
    CreationTime: '2026-03-11T12:30:00',
    Id: '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60025',
    Operation: 'FolderBind',
    RecordType: 3,
    UserId: 'assistant@contoso.example',
    LogonType: 2,
    MailboxOwnerUPN: CFO,
    ClientIPAddress: '192.0.2.14',
    ClientInfoString: 'Client=MSExchangeRPC',
    Folders: [{ Id: 'LgAAAAFolderInbox', Path: '\\Inbox' }],
  }),
];

// --- Writers ---

const crlf = (lines) => lines.join('\r\n') + '\r\n';
const q = (v) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const qa = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`; // PowerShell Export-Csv quotes every field
const json = (r) => JSON.stringify(r);
const usDate = (iso) => {
  const [d, t] = iso.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  let [h, mi, s] = t.split(':').map(Number);
  const ampm = h >= 12 ? 'PM' : 'AM';
  h = h % 12 === 0 ? 12 : h % 12;
  return `${mo}/${da}/${y} ${h}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')} ${ampm}`;
};
const ENUM = {
  1: 'ExchangeAdmin',
  2: 'ExchangeItem',
  3: 'ExchangeItemGroup',
  8: 'AzureActiveDirectory',
  15: 'AzureActiveDirectoryStsLogon',
  50: 'ExchangeItemAggregated',
  101: 'ExchangeSearch',
};
const GRAPH_ENUM = {
  1: 'exchangeAdmin',
  2: 'exchangeItem',
  3: 'exchangeItemGroup',
  8: 'azureActiveDirectory',
  15: 'azureActiveDirectoryStsLogon',
  50: 'exchangeItemAggregated',
  101: 'exchangeSearch',
};
const utf16le = (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};
const bom = (s) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]);
/** PowerShell 5.1's ASCII encoder: every non-ASCII UTF-16 code unit becomes '?'. */
const ascii = (s) => Buffer.from(s.replace(/[^ -~\t\r\n]/g, '?'), 'latin1');
const write = (dir, name, content) => writeFileSync(join(dir, name), content);

// ual/records.jsonl: every record, one AuditData per line (SOF-ELK / Extractor-Suite -AuditDataOnly JSONL).
write(UAL, 'records.jsonl', RECORDS.map(json).join('\n') + '\n');

// ual/management-api-blob.json: a content blob, a JSON array of AuditData.
write(UAL, 'management-api-blob.json', JSON.stringify(RECORDS.slice(0, 8)));

// ual/purview-8col.csv: new Purview export, UTF-8 without BOM, CRLF, US dates, empty trailing columns.
write(
  UAL,
  'purview-8col.csv',
  crlf([
    'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
    ...RECORDS.map((r) =>
      [
        r.Id.toLowerCase(),
        usDate(r.CreationTime),
        r.RecordType,
        r.Operation,
        r.UserId,
        q(json(r)),
        '',
        '',
      ].join(','),
    ),
  ]),
);

// ual/purview-4col.csv: classic portal export, UTF-8 with BOM.
write(
  UAL,
  'purview-4col.csv',
  bom(
    crlf([
      'CreationDate,UserIds,Operations,AuditData',
      ...RECORDS.slice(0, 6).map((r) =>
        [q(usDate(r.CreationTime)), q(r.UserId), q(r.Operation), q(json(r))].join(','),
      ),
    ]),
  ),
);

// Search-UnifiedAuditLog | Export-Csv (Windows PowerShell 5.1, remote session): #TYPE line, every property.
const psColumns = [
  'PSComputerName',
  'RunspaceId',
  'PSShowComputerName',
  'RecordType',
  'CreationDate',
  'UserIds',
  'Operations',
  'AuditData',
  'ResultIndex',
  'ResultCount',
  'Identity',
  'IsValid',
  'ObjectState',
];
const psRows = (records, total = records.length) =>
  records.map((r, i) =>
    [
      'outlook.office365.com',
      '136b901e-a6bc-4f24-bb58-5c435090df91',
      'False',
      ENUM[Number(r.RecordType)] ?? String(r.RecordType),
      usDate(r.CreationTime),
      r.UserId,
      r.Operation,
      json(r),
      i + 1,
      total,
      r.Id.toLowerCase(),
      'True',
      'Unchanged',
    ]
      .map(qa)
      .join(','),
  );
const psExport = (records, total) =>
  crlf([
    '#TYPE Deserialized.Microsoft.Exchange.Data.ApplicationLogic.UnifiedAuditLogEvent',
    psColumns.map(qa).join(','),
    ...psRows(records, total),
  ]);
write(UAL, 'ps-export-type-utf8bom.csv', bom(psExport(RECORDS.slice(8, 16))));
write(UAL, 'ps-export-utf16le.csv', utf16le(psExport(RECORDS.slice(0, 4))));
write(UAL, 'ps-export-utf16be.csv', utf16be(psExport(RECORDS.slice(0, 4))));
// PowerShell 5.1 default encoding: ASCII, '?' for every non-ASCII character.
write(UAL, 'ps51-ascii.csv', ascii(psExport([RECORDS[0], RECORDS[10], RECORDS[18]])));
// ResultCount says 40 records matched, only 3 rows present.
write(UAL, 'ps-export-missing-pages.csv', Buffer.from(psExport(RECORDS.slice(4, 7), 40), 'utf8'));
// Export-Csv -UseCulture on a French system: ';' as the delimiter, PowerShell 7 (no #TYPE, no BOM).
write(
  UAL,
  'ps-export-semicolon.csv',
  crlf([
    [
      'RecordType',
      'CreationDate',
      'UserIds',
      'Operations',
      'AuditData',
      'ResultIndex',
      'ResultCount',
      'Identity',
    ]
      .map(qa)
      .join(';'),
    ...RECORDS.slice(4, 6).map((r, i) =>
      [
        ENUM[Number(r.RecordType)],
        '11/03/2026 08:20:41',
        r.UserId,
        r.Operation,
        json(r),
        i + 1,
        2,
        r.Id.toLowerCase(),
      ]
        .map(qa)
        .join(';'),
    ),
  ]),
);

// Graph audit log query records page (camelCase wrapper, auditData object) with a nextLink.
const graphRecord = (r) => ({
  '@odata.type': '#microsoft.graph.security.auditLogRecord',
  id: r.Id.toLowerCase(),
  createdDateTime: `${r.CreationTime}Z`,
  auditLogRecordType: GRAPH_ENUM[Number(r.RecordType)] ?? 'unknownFutureValue',
  operation: r.Operation,
  organizationId: ORG,
  userType: 'regular',
  userId: r.UserKey ?? '',
  service: r.Workload,
  objectId: r.ObjectId ?? '',
  userPrincipalName: r.UserId.toLowerCase(),
  clientIp: r.ClientIPAddress ?? r.ClientIP ?? '',
  administrativeUnits: [],
  auditData: { '@odata.type': '#microsoft.graph.security.auditData', ...r },
});
write(
  UAL,
  'graph-records-page.json',
  JSON.stringify(
    {
      '@odata.context':
        "https://graph.microsoft.com/v1.0/$metadata#security/auditLog/queries('c0ffee00-1111-4222-8333-944445555666')/records",
      '@odata.nextLink':
        'https://graph.microsoft.com/v1.0/security/auditLog/queries/c0ffee00-1111-4222-8333-944445555666/records?$skiptoken=c2tpcC0xMA',
      value: RECORDS.slice(0, 10).map(graphRecord),
    },
    null,
    2,
  ),
);

// Extractor-Suite Get-UAL -Output JSON: ConvertTo-Json of result objects with AuditData parsed, CRLF.
const mesWrapper = (r, i, n) => ({
  RunspaceId: '6d8e4f2a-1b3c-4d5e-8f9a-0b1c2d3e4f5a',
  RecordType: ENUM[Number(r.RecordType)],
  CreationDate: `${r.CreationTime}`,
  UserIds: r.UserId,
  Operations: r.Operation,
  AuditData: r,
  ResultIndex: i + 1,
  ResultCount: n,
  Identity: r.Id.toLowerCase(),
  IsValid: true,
  ObjectState: 'Unchanged',
});
write(
  UAL,
  'mes-ual.json',
  JSON.stringify(
    RECORDS.slice(15, 20).map((r, i) => mesWrapper(r, i, 5)),
    null,
    2,
  ).replace(/\n/g, '\r\n') + '\r\n\n',
);
// Extractor-Suite -Output JSONL: result objects, compressed, AuditData still a JSON *string*; UTF-8 BOM (5.1 -Encoding UTF8).
write(
  UAL,
  'mes-ual.jsonl',
  bom(
    RECORDS.slice(19, 25)
      .map((r, i) => json({ ...mesWrapper(r, i, 6), AuditData: json(r) }))
      .join('\r\n') + '\r\n',
  ),
);
// Extractor-Suite Get-UALGraph -Output CSV: camelCase columns, auditData pretty-printed over several lines.
write(
  UAL,
  'mes-ualgraph.csv',
  crlf([
    [
      'id',
      'createdDateTime',
      'auditLogRecordType',
      'operation',
      'organizationId',
      'userType',
      'userId',
      'service',
      'objectId',
      'userPrincipalName',
      'clientIp',
      'administrativeUnits',
      'auditData',
    ]
      .map(qa)
      .join(','),
    ...RECORDS.slice(0, 3).map((r) => {
      const g = graphRecord(r);
      return [
        g.id,
        g.createdDateTime,
        g.auditLogRecordType,
        g.operation,
        g.organizationId,
        g.userType,
        g.userId,
        g.service,
        g.objectId,
        g.userPrincipalName,
        g.clientIp,
        '',
        JSON.stringify(g.auditData, null, 4).replace(/\n/g, '\r\n'),
      ]
        .map(qa)
        .join(',');
    }),
  ]),
);
// Hawk's raw JSON (Raw_Authentication_Logs): result objects with AuditData as a string, pretty.
write(
  UAL,
  'hawk-raw-auth.json',
  bom(
    JSON.stringify(
      RECORDS.slice(6, 8).map((r, i) => ({
        ...mesWrapper(r, i, 2),
        CreationDate: '/Date(1773216094000)/',
        AuditData: json(r),
      })),
      null,
      4,
    ),
  ),
);
// Hawk's MailItemsAccessed_<user>.csv / Extractor-Suite -AuditDataOnly CSV: AuditData flattened by Export-Csv.
const flatCols = [
  'CreationTime',
  'Id',
  'Operation',
  'OrganizationId',
  'RecordType',
  'ResultStatus',
  'UserKey',
  'UserType',
  'Version',
  'Workload',
  'UserId',
  'ClientIPAddress',
  'ClientInfoString',
  'MailboxOwnerUPN',
  'OperationProperties',
  'SessionId',
  'Folders',
  'OperationCount',
];
write(
  UAL,
  'hawk-flat.csv',
  bom(
    crlf([
      flatCols.map(qa).join(','),
      ...[RECORDS[0], RECORDS[1]].map((r) =>
        flatCols
          .map((c) => qa(Array.isArray(r[c]) ? 'System.Object[]' : typeof r[c] === 'object' ? '@{}' : r[c]))
          .join(','),
      ),
    ]),
  ),
);

// ual/bad-rows.csv: every kind of row-level problem, between two good rows.
const good = RECORDS[5];
const noId = { ...RECORDS[8] };
delete noId.Id;
const noTime = { ...RECORDS[9] };
delete noTime.CreationTime;
const noOp = { ...RECORDS[12] };
delete noOp.Operation;
const badTime = { ...RECORDS[13], CreationTime: '2026-02-30T25:00:00' };
write(
  UAL,
  'bad-rows.csv',
  crlf([
    'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
    `${good.Id},3/11/2026 8:14:55 AM,2,MailboxLogin,${CFO},${q(json(good))},,`,
    `bad-json,3/11/2026 8:15:00 AM,2,Send,${CFO},"{""CreationTime"":""2026-03-11T08:15:00"",""Id"":""cut-off",,`,
    `,3/11/2026 8:31:09 AM,2,Send,${CFO},${q(json(noId))},,`,
    `short-row,3/11/2026 8:31:09 AM,2`,
    `no-time,3/11/2026 8:35:00 AM,2,SendAs,${CFO},${q(json(noTime))},,`,
    `no-op,3/11/2026 8:41:00 AM,3,,${CFO},${q(json(noOp))},,`,
    `bad-time,3/11/2026 8:42:00 AM,3,Move,${CFO},${q(json(badTime))},,`,
    `not-object,3/11/2026 8:42:00 AM,3,Move,${CFO},"[1,2]",,`,
    `empty,3/11/2026 8:42:00 AM,3,Move,${CFO},,,`,
    `${RECORDS[6].Id},3/11/2026 8:01:34 AM,15,UserLoggedIn,${RECORDS[6].UserId},${q(json(RECORDS[6]))},,`,
    `unterminated,3/11/2026 8:50:00 AM,1,New-InboxRule,${CFO},"{""CreationTime"":""2026-03-11T08:50:00""`,
  ]),
);

// --- Entra sign-ins ---

const signIn = (over) => ({
  id: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
  createdDateTime: '2026-03-11T08:01:34Z',
  userDisplayName: 'Chief Financial Officer',
  userPrincipalName: 'CFO@contoso.example',
  userId: '0b6f1c9e-2d4a-4e8b-9f3c-5a7d8e1f2b3c',
  appId: '4765445b-32c6-49b0-83e6-1d93765276ca',
  appDisplayName: 'OfficeHome',
  ipAddress: '203.0.113.45',
  clientAppUsed: 'Browser',
  correlationId: 'c7a1e4d2-0f3b-4a6c-9e8d-1b2a3c4d5e6f',
  conditionalAccessStatus: 'notApplied',
  isInteractive: true,
  riskDetail: 'none',
  riskLevelAggregated: 'none',
  riskLevelDuringSignIn: 'none',
  riskState: 'none',
  riskEventTypes_v2: [],
  resourceDisplayName: 'OfficeHome',
  resourceId: '4765445b-32c6-49b0-83e6-1d93765276ca',
  status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
  deviceDetail: {
    deviceId: '',
    displayName: '',
    operatingSystem: 'Linux',
    browser: 'Firefox 124.0',
    isCompliant: false,
    isManaged: false,
    trustType: '',
  },
  location: {
    city: 'Amsterdam',
    state: 'Noord-Holland',
    countryOrRegion: 'NL',
    geoCoordinates: { altitude: null, latitude: 52.37, longitude: 4.89 },
  },
  appliedConditionalAccessPolicies: [],
  ...over,
});
const beta = {
  sessionId: ATTACKER_SESSION,
  uniqueTokenIdentifier: 'w9Xk2LpQ0EaT5yHc7nRzAA',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
  incomingTokenType: 'none',
  authenticationRequirement: 'singleFactorAuthentication',
  signInEventTypes: ['interactiveUser'],
  autonomousSystemNumber: 64500,
  originalRequestId: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
};
const S1 = signIn(beta);
const S2 = signIn({
  ...beta,
  id: '66ea54eb-6301-4ee5-be62-ff5a759b0101',
  createdDateTime: '2026-03-11T08:01:13Z',
  status: {
    errorCode: 50126,
    failureReason: 'Error validating credentials due to invalid username or password.',
    additionalDetails: "The user didn't enter the right credentials.",
  },
  userAgent: 'python-requests/2.31.0',
  sessionId: '',
  uniqueTokenIdentifier: '',
});
const S3 = signIn({
  ...beta,
  id: '66ea54eb-6301-4ee5-be62-ff5a759b0102',
  createdDateTime: '2026-03-11T09:15:00Z',
  isInteractive: false,
  signInEventTypes: ['nonInteractiveUser'],
  incomingTokenType: 'refreshToken',
  appDisplayName: 'Microsoft Office',
  clientAppUsed: 'Mobile Apps and Desktop clients',
  ipAddress: '2001:db8:4a1::99',
  uniqueTokenIdentifier: 'Zz9Yy8Xx7Ww6Vv5Uu4TtAA',
});
const v1 = (s) => {
  const {
    sessionId,
    uniqueTokenIdentifier,
    userAgent,
    incomingTokenType,
    authenticationRequirement,
    signInEventTypes,
    autonomousSystemNumber,
    originalRequestId,
    ...rest
  } = s;
  void [
    sessionId,
    uniqueTokenIdentifier,
    userAgent,
    incomingTokenType,
    authenticationRequirement,
    signInEventTypes,
    autonomousSystemNumber,
    originalRequestId,
  ];
  return rest;
};
write(
  ENTRA,
  'graph-signins-v1.json',
  JSON.stringify(
    {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
      '@odata.nextLink': 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=2&$skiptoken=9a8b7c6d',
      value: [v1(S1), v1(S2)],
    },
    null,
    2,
  ),
);
write(
  ENTRA,
  'graph-signins-beta.json',
  JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns',
    value: [S1, S2, S3],
  }),
);
// Portal JSON download: a bare array, pretty.
write(ENTRA, 'portal-signins.json', bom(JSON.stringify([S1, S3], null, 2)));
// Diagnostic settings (Event Hub / storage): records envelopes.
const diag = (s, category) => ({
  time: s.createdDateTime.replace('Z', '.1234567Z'),
  resourceId: `/tenants/${ORG}/providers/Microsoft.aadiam`,
  operationName: 'Sign-in activity',
  operationVersion: '1.0',
  category,
  tenantId: ORG,
  resultType: String(s.status.errorCode),
  resultSignature: 'None',
  resultDescription: s.status.failureReason,
  durationMs: 0,
  callerIpAddress: s.ipAddress,
  correlationId: s.correlationId,
  identity: s.userDisplayName,
  Level: 4,
  location: s.location.countryOrRegion,
  properties: s,
});
const auditLog = {
  time: '2026-03-11T08:06:00.0000000Z',
  category: 'AuditLogs',
  operationName: 'Consent to application',
  properties: { id: 'Directory_abc', activityDisplayName: 'Consent to application' },
};
write(
  ENTRA,
  'diagnostic-records.json',
  JSON.stringify(
    {
      records: [
        diag(S1, 'SignInLogs'),
        diag(S2, 'SignInLogs'),
        diag(S3, 'NonInteractiveUserSignInLogs'),
        auditLog,
      ],
    },
    null,
    1,
  ),
);
write(
  ENTRA,
  'diagnostic-lines.json',
  [diag(S1, 'SignInLogs'), diag(S3, 'NonInteractiveUserSignInLogs')].map(json).join('\n') + '\n',
);
// Hawk: Get-MgAuditLogSignIn | ConvertTo-Json (SDK objects: PascalCase, IPAddress, /Date()/ in 5.1).
write(
  ENTRA,
  'hawk-signins.json',
  JSON.stringify(
    [
      {
        AppDisplayName: 'OfficeHome',
        AppId: S1.appId,
        ClientAppUsed: 'Browser',
        CorrelationId: S1.correlationId,
        CreatedDateTime: '/Date(1773216094000)/',
        Id: S1.id,
        IPAddress: S1.ipAddress,
        Status: { ErrorCode: 0, FailureReason: 'Other.', AdditionalDetails: null },
        UserPrincipalName: S1.userPrincipalName,
        AdditionalProperties: {},
      },
    ],
    null,
    4,
  ),
);
// Portal CSV download (UTF-8 BOM, every field quoted only when needed).
const portalCols = [
  ['Date (UTC)', (s) => s.createdDateTime],
  ['Request ID', (s) => s.id],
  ['User agent', (s) => s.userAgent],
  ['Correlation ID', (s) => s.correlationId],
  ['User ID', (s) => s.userId],
  ['User', (s) => s.userDisplayName],
  ['Username', (s) => s.userPrincipalName],
  ['User type', () => 'Member'],
  ['Incoming token type', (s) => s.incomingTokenType],
  ['Unique token identifier', (s) => s.uniqueTokenIdentifier],
  ['Application', (s) => s.appDisplayName],
  ['Application ID', (s) => s.appId],
  ['Resource', (s) => s.resourceDisplayName],
  ['IP address', (s) => s.ipAddress],
  ['Location', (s) => `${s.location.city}, ${s.location.state}, ${s.location.countryOrRegion}`],
  ['Status', (s) => (s.status.errorCode === 0 ? 'Success' : 'Failure')],
  ['Sign-in error code', (s) => s.status.errorCode],
  ['Failure reason', (s) => s.status.failureReason],
  ['Client app', (s) => s.clientAppUsed],
  ['Browser', (s) => s.deviceDetail.browser],
  ['Operating System', (s) => s.deviceDetail.operatingSystem],
  ['Multifactor authentication result', () => ''],
  ['Session ID', (s) => s.sessionId],
  ['Autonomous system number', (s) => s.autonomousSystemNumber],
  ['Token issuer type', () => 'AzureAD'],
];
write(
  ENTRA,
  'portal-signins.csv',
  bom(
    crlf([
      portalCols.map(([h]) => q(h)).join(','),
      ...[S1, S2, S3].map((s) => portalCols.map(([, f]) => q(f(s))).join(',')),
    ]),
  ),
);
console.log(`wrote ${RECORDS.length} UAL records into ${UAL} and the sign-in fixtures into ${ENTRA}`);
