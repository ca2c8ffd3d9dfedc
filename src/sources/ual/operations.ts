/**
 * UAL `Operation` → {@link EventKind}: the table of docs/event-model.md ("Mapping: Unified Audit
 * Log and sign-ins"), as data. How each operation fills `item`, `text` and the other derived
 * fields is in normalize-operations.ts; every operation not listed here becomes `other`, with all
 * its fields kept.
 *
 * @module
 */
import type { EventKind } from '../../model/kinds.js';

export const UAL_OPERATION_KINDS = {
  MailItemsAccessed: 'mail.read', // Bind: one per item; Sync: mail.folder_sync per folder; IsThrottled: + audit.gap
  SearchQueryInitiatedExchange: 'search.query',
  MailboxLogin: 'auth.logon',
  UserLoggedIn: 'auth.logon',
  UserLoginFailed: 'auth.logon_failed',
  Send: 'mail.send',
  SendAs: 'mail.send',
  SendOnBehalf: 'mail.send',
  MoveToDeletedItems: 'mail.delete',
  SoftDelete: 'mail.delete',
  HardDelete: 'mail.delete',
  Move: 'mail.move',
  Update: 'mail.update',
  'New-InboxRule': 'rule.change',
  'Set-InboxRule': 'rule.change',
  'Remove-InboxRule': 'rule.change',
  'Enable-InboxRule': 'rule.change',
  'Disable-InboxRule': 'rule.change',
  UpdateInboxRules: 'rule.change',
  'Set-Mailbox': 'mailbox.config',
  'Add-MailboxPermission': 'mailbox.permission',
  'Remove-MailboxPermission': 'mailbox.permission',
  'Add-RecipientPermission': 'mailbox.permission',
  'Remove-RecipientPermission': 'mailbox.permission',
  'Add-MailboxFolderPermission': 'mailbox.permission',
  'Set-MailboxFolderPermission': 'mailbox.permission',
  'Remove-MailboxFolderPermission': 'mailbox.permission',
  'Consent to application.': 'app.consent',
} as const satisfies Record<string, EventKind>;

export type KnownUalOperation = keyof typeof UAL_OPERATION_KINDS;

const BY_LOWER = new Map<string, KnownUalOperation>(
  Object.keys(UAL_OPERATION_KINDS).map((k) => [k.toLowerCase(), k as KnownUalOperation]),
);

/** The known operation `op` names (exact, else ignoring case), or undefined. */
export function knownOperation(op: string): KnownUalOperation | undefined {
  return Object.hasOwn(UAL_OPERATION_KINDS, op) ? (op as KnownUalOperation) : BY_LOWER.get(op.toLowerCase());
}

/**
 * AADSTS codes that a *successful* `UserLoggedIn` carries (ual-formats.md §3.2: 50140, the
 * "keep me signed in" interrupt, on a successful login). Any other non-zero `ErrorNumber` on a
 * UserLoggedIn makes the event `auth.logon_failed`: `ResultStatus` ("Success") never decides.
 */
export const SUCCESSFUL_LOGIN_ERROR_NUMBERS: ReadonlySet<string> = new Set(['0', '50140']);

/** Name/Value lists flattened into `properties` (ual-formats.md §3.3). */
export const NAME_VALUE_LISTS: ReadonlySet<string> = new Set([
  'parameters',
  'operationproperties',
  'extendedproperties',
  'deviceproperties',
]);
