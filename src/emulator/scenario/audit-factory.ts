/**
 * Builds Unified Audit Log `AuditData` objects with the field sets of ual-formats.md §3 (common
 * fields, Exchange mailbox fields, Exchange admin `Parameters`); the Entra records and sign-ins
 * are in audit-entra.ts. One method per operation, so the day and plot mappers read like the
 * story they tell. Ids come from the factory's seeded stream; records collect in `records`, the
 * sign-ins in `signIns`.
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';
import type { Rng } from '../prng.js';
import { APP, ORGANIZATION_NAME, TENANT_ID, directoryUser } from './audit-vocabulary.js';
import { tokenIssuedAt, uniqueTokenId, type AuditSession } from './audit-session.js';

export type AuditData = { [key: string]: JsonValue };

/** A message as an audit record names it. */
export interface AuditItem {
  readonly id: string;
  readonly internetMessageId?: string | undefined;
  readonly subject?: string | undefined;
  readonly folder: string;
  readonly sizeBytes?: number | undefined;
}

/** `CreationTime`: UTC without zone and without fraction, as the UAL writes it (§3.1). */
export function creationTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

const nv = (pairs: readonly (readonly [string, string])[]) => pairs.map(([Name, Value]) => ({ Name, Value }));

export class AuditFactory {
  readonly records: AuditData[] = [];
  readonly signIns: AuditData[] = [];
  constructor(readonly rng: Rng) {}

  /** Common fields plus the Exchange mailbox fields of a record done in `s` on `mailbox`. */
  private mailboxRecord(
    ts: number,
    op: string,
    recordType: number,
    s: AuditSession,
    mailbox: string,
  ): AuditData {
    const owner = directoryUser(mailbox);
    const actor = directoryUser(s.upn);
    return {
      CreationTime: creationTime(ts),
      Id: this.rng.guid(),
      Operation: op,
      OrganizationId: TENANT_ID,
      RecordType: recordType,
      ResultStatus: 'Succeeded',
      UserKey: actor.puid,
      UserType: 0,
      Version: 1,
      Workload: 'Exchange',
      ClientIP: s.ip,
      UserId: s.upn,
      AppId: s.client.appId,
      AppAccessContext: {
        AADSessionId: s.sessionId,
        ClientAppId: s.client.appId,
        IssuedAtTime: creationTime(tokenIssuedAt(s, ts)),
        UniqueTokenId: uniqueTokenId(s, ts),
      },
      ClientAppId: '',
      ClientIPAddress: s.ip,
      ClientInfoString: s.client.clientInfoString,
      ExternalAccess: false,
      InternalLogonType: 0,
      LogonType: 0,
      LogonUserSid: actor.sid,
      MailboxGuid: owner.mailboxGuid,
      MailboxOwnerSid: owner.sid,
      MailboxOwnerUPN: mailbox,
      OrganizationName: ORGANIZATION_NAME,
      OriginatingServer: 'BN6PR11MB1873 (15.20.0841.000)\r\n',
      SessionId: s.sessionId,
    };
  }

  /** Appends a record built elsewhere (the Entra records of audit-entra.ts). */
  push(r: AuditData): AuditData {
    this.records.push(r);
    return r;
  }

  mailboxLogin(ts: number, s: AuditSession, mailbox: string): AuditData {
    return this.push(this.mailboxRecord(ts, 'MailboxLogin', 2, s, mailbox));
  }

  /** MailItemsAccessed Bind: the messages opened in one aggregation window (§3.2). */
  bind(ts: number, s: AuditSession, mailbox: string, items: readonly AuditItem[]): AuditData {
    const byFolder = new Map<string, AuditItem[]>();
    for (const it of items) byFolder.set(it.folder, [...(byFolder.get(it.folder) ?? []), it]);
    return this.push({
      ...this.mailboxRecord(ts, 'MailItemsAccessed', 50, s, mailbox),
      OperationProperties: nv([
        ['MailAccessType', 'Bind'],
        ['IsThrottled', 'False'],
      ]),
      Folders: [...byFolder].map(([path, list]) => ({
        Id: `LgAAAAA${this.rng.base64(20)}AAAB`,
        Path: path,
        FolderItems: list.map((it) => ({
          Id: it.id,
          ...(it.internetMessageId !== undefined ? { InternetMessageId: it.internetMessageId } : {}),
          SizeInBytes: it.sizeBytes ?? this.rng.int(4_000, 90_000),
        })),
      })),
      OperationCount: items.length,
    });
  }

  /** MailItemsAccessed Sync: desktop Outlook synchronised a whole folder (§3.2). */
  sync(ts: number, s: AuditSession, mailbox: string, folder: string): AuditData {
    return this.push({
      ...this.mailboxRecord(ts, 'MailItemsAccessed', 50, s, mailbox),
      OperationProperties: nv([
        ['MailAccessType', 'Sync'],
        ['IsThrottled', 'False'],
      ]),
      Folders: [{ Id: `LgAAAAA${this.rng.base64(20)}AAAB`, Path: folder }],
      OperationCount: 1,
    });
  }

  search(ts: number, s: AuditSession, mailbox: string, query: string): AuditData {
    return this.push({
      ...this.mailboxRecord(ts, 'SearchQueryInitiatedExchange', 101, s, mailbox),
      QueryText: query,
      QuerySource: s.client.app === 'Web' ? 'OWA' : s.client.app === 'Mobile' ? 'Mobile' : 'Outlook',
    });
  }

  send(
    ts: number,
    s: AuditSession,
    mailbox: string,
    item: AuditItem,
    recipients: readonly string[],
  ): AuditData {
    return this.push({
      ...this.mailboxRecord(ts, 'Send', 2, s, mailbox),
      Item: {
        Id: item.id,
        InternetMessageId: item.internetMessageId ?? '',
        Subject: item.subject ?? '',
        ParentFolder: { Id: `LgAAAAA${this.rng.base64(20)}AAAB`, Path: '\\Sent Items' },
        SizeInBytes: item.sizeBytes ?? this.rng.int(3_000, 60_000),
        Attachments: '',
      },
      SaveToSentItems: true,
      ...(recipients.length > 0
        ? {
            recipientCount: recipients.length,
            recipientList: recipients.map((Address) => ({ Address, Name: Address })),
          }
        : {}),
    });
  }

  /** MoveToDeletedItems, SoftDelete, HardDelete or Move of `items` (one record, §3.2). */
  itemGroup(
    ts: number,
    op: 'MoveToDeletedItems' | 'SoftDelete' | 'HardDelete' | 'Move',
    s: AuditSession,
    mailbox: string,
    items: readonly AuditItem[],
    from: string,
    to: string | null,
  ): AuditData {
    const folderId = () => `LgAAAAA${this.rng.base64(20)}AAAB`;
    return this.push({
      ...this.mailboxRecord(ts, op, 3, s, mailbox),
      Folder: { Id: folderId(), Path: from },
      ...(to !== null ? { DestFolder: { Id: folderId(), Path: to } } : {}),
      AffectedItems: items.map((it) => ({
        Id: it.id,
        ...(it.internetMessageId !== undefined ? { InternetMessageId: it.internetMessageId } : {}),
        Subject: it.subject ?? '',
        ParentFolder: { Id: folderId(), Path: it.folder },
      })),
      CrossMailboxOperation: false,
    });
  }

  /** UpdateInboxRules from a MAPI client: the rule in `OperationProperties` (§3.2). */
  updateInboxRules(
    ts: number,
    s: AuditSession,
    mailbox: string,
    ruleName: string,
    actions: JsonValue,
  ): AuditData {
    return this.push({
      ...this.mailboxRecord(ts, 'UpdateInboxRules', 2, s, mailbox),
      ClientProcessName: 'OUTLOOK.EXE',
      ClientVersion: '16.0.9330.2087',
      OperationProperties: nv([
        ['RuleOperation', 'AddMailboxRule'],
        ['RuleId', String(this.rng.int(100_000, 999_999))],
        ['RuleState', 'Enabled'],
        ['RuleName', ruleName],
        ['RuleProvider', 'RuleOrganizer'],
        ['RuleCondition', '{(&((SenderSearchKey Equal SMTP:NEWSLETTER@WIDEWORLDIMPORTERS.EXAMPLE)))}'],
        ['RuleActions', JSON.stringify(actions)],
      ]),
    });
  }

  /** An Exchange admin cmdlet record (RecordType 1): `New-InboxRule`, `Set-Mailbox` (§3.2). */
  cmdlet(
    ts: number,
    op: string,
    s: AuditSession,
    objectId: string,
    params: readonly (readonly [string, string])[],
  ): AuditData {
    const actor = directoryUser(s.upn);
    return this.push({
      AppAccessContext: {
        AADSessionId: s.sessionId,
        IssuedAtTime: creationTime(tokenIssuedAt(s, ts)),
        UniqueTokenId: uniqueTokenId(s, ts),
      },
      CreationTime: creationTime(ts),
      Id: this.rng.guid(),
      Operation: op,
      OrganizationId: TENANT_ID,
      RecordType: 1,
      ResultStatus: 'True',
      UserKey: actor.puid,
      UserType: 2,
      Version: 1,
      Workload: 'Exchange',
      ClientIP: `${s.ip}:${this.rng.int(1025, 65535)}`,
      ObjectId: objectId,
      UserId: s.upn,
      AppId: APP.exchangeOnline,
      ClientAppId: '',
      ExternalAccess: false,
      OrganizationName: ORGANIZATION_NAME,
      OriginatingServer: 'BN6PR11MB1873 (15.20.0841.000)',
      Parameters: nv(params),
      SessionId: s.sessionId,
    });
  }
}
