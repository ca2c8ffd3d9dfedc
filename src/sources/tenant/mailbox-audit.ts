/**
 * Which forensic operations a mailbox's audit configuration records. Exchange audits *mailbox
 * actions* per logon type (`AuditOwner`, `AuditDelegate`, `AuditAdmin` on `Get-Mailbox`); an
 * attacker who signed in as the user appears as the **owner**, so the owner set decides most of
 * what a BEC investigation can see. Which action exists for which logon type, and which are on by
 * default, is Microsoft's table "Mailbox actions for user mailboxes and shared mailboxes"
 * (Purview, *Manage mailbox auditing*). Admin cmdlets (`New-InboxRule`, `Set-InboxRule`,
 * `Set-Mailbox`) are not mailbox actions: the admin audit log records them tenant-wide.
 *
 * Organization-level facts override the mailbox: with `AuditDisabled` on the organization nothing
 * is audited whatever `AuditEnabled` says; with auditing on by default (`AuditDisabled` false) a
 * mailbox's `AuditEnabled: False` is ignored; an audit bypass association stops every mailbox
 * action of that account from being logged.
 *
 * @module
 */

export type LogonType = 'owner' | 'delegate' | 'admin';
export const LOGON_TYPES: readonly LogonType[] = ['owner', 'delegate', 'admin'];

/** A forensic operation as the Unified Audit Log names it, and how it is configured. */
export interface ForensicOperation {
  /** The UAL `Operation` value. */
  readonly operation: string;
  /** The mailbox action to put in `AuditOwner`/… (differs: SearchQueryInitiated), or null for cmdlets. */
  readonly action: string | null;
  /** Logon types the action can be audited for. */
  readonly logonTypes: readonly LogonType[];
  /** What it tells the investigator. */
  readonly tells: string;
}

export const FORENSIC_OPERATIONS: readonly ForensicOperation[] = [
  {
    operation: 'MailboxLogin',
    action: 'MailboxLogin',
    logonTypes: ['owner'],
    tells: 'sign-ins to the mailbox',
  },
  {
    operation: 'MailItemsAccessed',
    action: 'MailItemsAccessed',
    logonTypes: ['owner', 'delegate', 'admin'],
    tells: 'which messages were read or synced',
  },
  {
    operation: 'SearchQueryInitiatedExchange',
    action: 'SearchQueryInitiated',
    logonTypes: ['owner'],
    tells: 'the text of mailbox searches',
  },
  { operation: 'Send', action: 'Send', logonTypes: ['owner', 'admin'], tells: 'messages sent' },
  {
    operation: 'SendAs',
    action: 'SendAs',
    logonTypes: ['delegate', 'admin'],
    tells: 'messages sent as the user',
  },
  {
    operation: 'SendOnBehalf',
    action: 'SendOnBehalf',
    logonTypes: ['delegate', 'admin'],
    tells: 'messages sent on behalf of the user',
  },
  {
    operation: 'MoveToDeletedItems',
    action: 'MoveToDeletedItems',
    logonTypes: ['owner', 'delegate', 'admin'],
    tells: 'messages deleted to Deleted Items',
  },
  {
    operation: 'SoftDelete',
    action: 'SoftDelete',
    logonTypes: ['owner', 'delegate', 'admin'],
    tells: 'messages deleted from Deleted Items',
  },
  {
    operation: 'HardDelete',
    action: 'HardDelete',
    logonTypes: ['owner', 'delegate', 'admin'],
    tells: 'messages purged',
  },
  {
    operation: 'Update',
    action: 'Update',
    logonTypes: ['owner', 'delegate', 'admin'],
    tells: 'messages changed (e.g. marked read)',
  },
  {
    operation: 'UpdateInboxRules',
    action: 'UpdateInboxRules',
    logonTypes: ['owner', 'delegate', 'admin'],
    tells: 'inbox rules changed from Outlook',
  },
  { operation: 'New-InboxRule', action: null, logonTypes: [], tells: 'inbox rules created (cmdlet, OWA)' },
  { operation: 'Set-InboxRule', action: null, logonTypes: [], tells: 'inbox rules changed (cmdlet, OWA)' },
  {
    operation: 'Set-Mailbox',
    action: null,
    logonTypes: [],
    tells: 'forwarding and mailbox settings changed',
  },
];

/** Microsoft's default audited actions per logon type (the `*` entries of the table). */
export const DEFAULT_AUDIT_SETS: Readonly<Record<LogonType, readonly string[]>> = {
  owner: [
    'ApplyRecord',
    'HardDelete',
    'MailItemsAccessed',
    'MoveToDeletedItems',
    'Send',
    'SoftDelete',
    'Update',
    'UpdateCalendarDelegation',
    'UpdateFolderPermissions',
    'UpdateInboxRules',
  ],
  delegate: [
    'ApplyRecord',
    'Create',
    'HardDelete',
    'MailItemsAccessed',
    'MoveToDeletedItems',
    'SendAs',
    'SendOnBehalf',
    'SoftDelete',
    'Update',
    'UpdateFolderPermissions',
    'UpdateInboxRules',
  ],
  admin: [
    'ApplyRecord',
    'Create',
    'HardDelete',
    'MailItemsAccessed',
    'MoveToDeletedItems',
    'Send',
    'SendAs',
    'SendOnBehalf',
    'SoftDelete',
    'Update',
    'UpdateCalendarDelegation',
    'UpdateFolderPermissions',
    'UpdateInboxRules',
  ],
};

/** The audit fields of `Get-Mailbox`. */
export interface MailboxAuditConfig {
  readonly upn: string;
  readonly auditEnabled: boolean | null;
  readonly auditOwner: readonly string[];
  readonly auditDelegate: readonly string[];
  readonly auditAdmin: readonly string[];
  /** Logon types still on Microsoft's managed defaults. */
  readonly defaultAuditSet: readonly string[];
}

/** How one operation is audited on one mailbox. */
export interface OperationCoverage {
  readonly operation: ForensicOperation;
  /** Per applicable logon type: audited or not. Empty for admin cmdlets. */
  readonly byLogonType: Readonly<Partial<Record<LogonType, boolean>>>;
  /** `all` applicable logon types audited, `some`, or `none`; `cmdlet` for admin cmdlets. */
  readonly level: 'all' | 'some' | 'none' | 'cmdlet';
}

const has = (set: readonly string[], action: string) =>
  set.some((a) => a.toLowerCase() === action.toLowerCase());

const setOf = (mb: MailboxAuditConfig, t: LogonType) =>
  t === 'owner' ? mb.auditOwner : t === 'delegate' ? mb.auditDelegate : mb.auditAdmin;

/** What the mailbox's audit sets record for every forensic operation. */
export function operationCoverage(mb: MailboxAuditConfig): OperationCoverage[] {
  return FORENSIC_OPERATIONS.map((op) => {
    if (op.action === null) return { operation: op, byLogonType: {}, level: 'cmdlet' as const };
    const byLogonType: Partial<Record<LogonType, boolean>> = {};
    for (const t of op.logonTypes) byLogonType[t] = has(setOf(mb, t), op.action);
    const values = Object.values(byLogonType);
    const level = values.every(Boolean) ? 'all' : values.some(Boolean) ? 'some' : 'none';
    return { operation: op, byLogonType, level };
  });
}

/** A readable list such as `owner ✓, delegate ✗, admin ✓`. */
export function describeCoverage(c: OperationCoverage): string {
  return LOGON_TYPES.filter((t) => t in c.byLogonType)
    .map((t) => `${t} ${c.byLogonType[t] ? 'yes' : 'no'}`)
    .join(', ');
}

/** The PowerShell line that would turn on an unaudited owner action (advice in the report). */
export function enableCommand(upn: string, c: OperationCoverage): string | null {
  if (c.operation.action === null) return null;
  const missing = LOGON_TYPES.filter((t) => c.byLogonType[t] === false);
  if (missing.length === 0) return null;
  const param = (t: LogonType) => `-Audit${t[0]!.toUpperCase()}${t.slice(1)} @{Add="${c.operation.action}"}`;
  return `Set-Mailbox -Identity ${upn} ${missing.map(param).join(' ')}`;
}
