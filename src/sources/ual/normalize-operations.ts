/**
 * Per-operation mapping of AuditData (ual-formats.md §3.2) to event *specs*: the kind, the item,
 * the text and the identity part of each event one record yields. Pure; normalize.ts adds the
 * common fields (time, mailbox, ip, session, properties) and builds the events.
 *
 * @module
 */
import type { ItemRef, JsonValue } from '../../model/event.js';
import type { Issue, Locator } from '../../model/issue.js';
import type { EventKind } from '../../model/kinds.js';
import { fromEpochMs, toEpochMs, type Instant } from '../../model/time.js';
import { field, isObject, path, text, toBoolean, toNumber, type JsonObject } from '../audit/json-fields.js';
import { SUCCESSFUL_LOGIN_ERROR_NUMBERS, UAL_OPERATION_KINDS, type KnownUalOperation } from './operations.js';

/** One event to build from a record. */
export interface EventSpec {
  readonly kind: EventKind;
  /** Identity part after the record id (item index or key); none for a record's only event. */
  readonly part?: string;
  readonly item?: ItemRef | null;
  readonly text?: string | null;
  /** Overrides the record-level result. */
  readonly result?: 'success' | 'failure' | null;
  /** Added to the record's properties (per-item details). */
  readonly extra?: { readonly [key: string]: JsonValue };
}

export interface OperationMapping {
  readonly specs: EventSpec[];
  readonly issues: Issue[];
  /** Top-level AuditData fields left out of `properties` because each event carries its own part. */
  readonly omit: readonly string[];
}

/** The value of entry `name` in the Name/Value list `list` (first occurrence; null when it has no Value). */
export function nameValue(data: JsonObject, list: string, name: string): JsonValue | undefined {
  const arr = field(data, list);
  if (!Array.isArray(arr)) return undefined;
  const want = name.toLowerCase();
  for (const e of arr) {
    if (isObject(e) && text(field(e, 'Name'))?.toLowerCase() === want) return field(e, 'Value') ?? null;
  }
  return undefined;
}

/** MailItemsAccessed throttling blinds the log for 24 h (ual-formats.md §3.2). */
export const THROTTLE_GAP_HOURS = 24;

/** The specs for a known operation (`other` for anything unknown is decided by the caller). */
export function operationSpecs(
  op: KnownUalOperation,
  data: JsonObject,
  time: Instant,
  locator: Locator,
): OperationMapping {
  const issues: Issue[] = [];
  const info = (code: string, message: string, column?: string) =>
    issues.push({ code, severity: 'info', message, locator: column ? { ...locator, column } : locator });
  const kind = UAL_OPERATION_KINDS[op];
  switch (op) {
    case 'MailItemsAccessed':
      return mailItemsAccessed(data, time, locator, issues);
    case 'SearchQueryInitiatedExchange':
      return one(
        { kind, text: firstString(data, 'QueryText', 'SearchQueryText', 'QueryString', 'Query') ?? null },
        issues,
      );
    case 'MailboxLogin':
      return one({ kind: resultOf(data) === 'failure' ? 'auth.logon_failed' : kind }, issues);
    case 'UserLoggedIn':
    case 'UserLoginFailed':
      return one(stsLogon(op, data), issues);
    case 'Send':
    case 'SendAs':
    case 'SendOnBehalf':
    case 'Update':
      return one({ kind, item: itemOf(field(data, 'Item'), undefined, undefined) }, issues);
    case 'MoveToDeletedItems':
    case 'SoftDelete':
    case 'HardDelete':
    case 'Move': {
      const folder = text(path(data, 'Folder.Path'));
      const dest = text(path(data, 'DestFolder.Path'));
      const items = arrayOf(field(data, 'AffectedItems'));
      if (items.length === 0) {
        info(
          'ual.affected_items.missing',
          `${op} record lists no AffectedItems; one event without a message`,
        );
        return one({ kind, item: folder || dest ? compact({ folder, targetFolder: dest }) : null }, issues);
      }
      const specs = items.map((it, k) => ({
        kind,
        part: `item:${k}`,
        item: itemOf(it, folder, dest),
        extra: { AffectedItem: it },
      }));
      return { specs, issues, omit: ['AffectedItems'] };
    }
    case 'New-InboxRule':
    case 'Set-InboxRule':
    case 'Remove-InboxRule':
    case 'Enable-InboxRule':
    case 'Disable-InboxRule': {
      // A rule name may be a single character or a space: take the Name parameter verbatim.
      const name = nameValue(data, 'Parameters', 'Name');
      const identity = text(nameValue(data, 'Parameters', 'Identity'));
      const objectId = text(field(data, 'ObjectId'));
      const afterBackslash = (v: string | undefined) =>
        v?.includes('\\') ? v.slice(v.lastIndexOf('\\') + 1) : v;
      const ruleName =
        typeof name === 'string' && name !== ''
          ? name
          : (afterBackslash(identity) ?? afterBackslash(objectId));
      return one({ kind, text: ruleName ?? null }, issues);
    }
    case 'UpdateInboxRules': {
      const v = nameValue(data, 'OperationProperties', 'RuleName');
      return one({ kind, text: typeof v === 'string' && v !== '' ? v : null }, issues);
    }
    case 'Set-Mailbox':
      return one(
        {
          kind,
          text:
            text(nameValue(data, 'Parameters', 'ForwardingSmtpAddress')) ??
            text(nameValue(data, 'Parameters', 'ForwardingAddress')) ??
            null,
        },
        issues,
      );
    case 'Add-MailboxPermission':
    case 'Remove-MailboxPermission':
    case 'Add-RecipientPermission':
    case 'Remove-RecipientPermission':
    case 'Add-MailboxFolderPermission':
    case 'Set-MailboxFolderPermission':
    case 'Remove-MailboxFolderPermission': {
      const grantee =
        text(nameValue(data, 'Parameters', 'User')) ?? text(nameValue(data, 'Parameters', 'Trustee'));
      const identity = text(nameValue(data, 'Parameters', 'Identity'));
      const sep = identity?.indexOf(':\\') ?? -1;
      const folder =
        op.endsWith('FolderPermission') && identity && sep >= 0 ? identity.slice(sep + 1) : undefined;
      return one({ kind, text: grantee ?? null, item: folder ? { folder } : null }, issues);
    }
    case 'Consent to application.': {
      const target = arrayOf(field(data, 'Target')).find((t) => toNumber(field(t, 'Type')) === 1);
      return one({ kind, text: text(field(target, 'ID')) ?? text(field(data, 'ObjectId')) ?? null }, issues);
    }
  }
}

// --- Internal helpers ---

function one(spec: EventSpec, issues: Issue[]): OperationMapping {
  return { specs: [spec], issues, omit: [] };
}

function arrayOf(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}

/** The first of `names` that is a non-empty string, verbatim (not trimmed: it is free text). */
function firstString(data: JsonObject, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = field(data, n);
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function compact(item: { [K in keyof ItemRef]: ItemRef[K] | undefined }): ItemRef | null {
  const out: { -readonly [K in keyof ItemRef]: ItemRef[K] } = {};
  for (const [k, v] of Object.entries(item)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return Object.keys(out).length > 0 ? out : null;
}

/** An ItemRef from an `Item`, `AffectedItems[]` or `FolderItems[]` object. */
function itemOf(
  it: JsonValue | undefined,
  folder: string | undefined,
  dest: string | undefined,
): ItemRef | null {
  if (!isObject(it)) return compact({ folder, targetFolder: dest });
  const subject = field(it, 'Subject');
  return compact({
    itemId: text(field(it, 'Id')) ?? text(field(it, 'ImmutableId')),
    internetMessageId: text(field(it, 'InternetMessageId')),
    subject: typeof subject === 'string' && subject !== '' ? subject : undefined,
    folder: text(path(it, 'ParentFolder.Path')) ?? folder,
    targetFolder: dest,
    sizeBytes: toNumber(field(it, 'SizeInBytes')),
  });
}

/** `ResultStatus` as an outcome: Succeeded/True/Success → success, Failed/False/Failure → failure. */
export function resultOf(data: JsonObject): 'success' | 'failure' | null {
  const s = text(field(data, 'ResultStatus'))?.toLowerCase();
  if (s === 'succeeded' || s === 'true' || s === 'success') return 'success';
  if (s === 'failed' || s === 'false' || s === 'failure') return 'failure';
  return null;
}

/** UserLoggedIn / UserLoginFailed: `ErrorNumber` decides, never `ResultStatus` (always "Success"). */
function stsLogon(op: 'UserLoggedIn' | 'UserLoginFailed', data: JsonObject): EventSpec {
  if (op === 'UserLoginFailed') return { kind: 'auth.logon_failed', result: 'failure' };
  const n = toNumber(field(data, 'ErrorNumber'));
  if (n === undefined || SUCCESSFUL_LOGIN_ERROR_NUMBERS.has(String(n)))
    return { kind: 'auth.logon', result: 'success' };
  return { kind: 'auth.logon_failed', result: 'failure' };
}

function mailItemsAccessed(
  data: JsonObject,
  time: Instant,
  locator: Locator,
  issues: Issue[],
): OperationMapping {
  const access = text(
    nameValue(data, 'OperationProperties', 'MailAccessType') ?? field(data, 'MailAccessType'),
  );
  const throttled = toBoolean(
    nameValue(data, 'OperationProperties', 'IsThrottled') ?? field(data, 'IsThrottled'),
  );
  const folders = arrayOf(field(data, 'Folders'));
  const specs: EventSpec[] = [];
  const info = (code: string, message: string) => issues.push({ code, severity: 'info', message, locator });
  const hasItems = folders.some((f) => arrayOf(field(f, 'FolderItems')).length > 0);
  const mode = access?.toLowerCase() ?? (hasItems ? 'bind' : folders.length > 0 ? 'sync' : undefined);
  if (mode === 'bind') {
    folders.forEach((f, i) => {
      const folderPath = text(field(f, 'Path'));
      arrayOf(field(f, 'FolderItems')).forEach((it, j) => {
        specs.push({
          kind: 'mail.read',
          part: `bind:${i}:${j}`,
          item: itemOf(it, folderPath, undefined),
          extra: { FolderId: field(f, 'Id') ?? null, FolderPath: field(f, 'Path') ?? null, FolderItem: it },
        });
      });
    });
    if (specs.length === 0) {
      info(
        'ual.mail_items_accessed.no_items',
        'MailItemsAccessed Bind record lists no FolderItems; one mail.read without a message',
      );
      const only = folders.length === 1 ? text(field(folders[0], 'Path')) : undefined;
      specs.push({ kind: 'mail.read', item: only ? { folder: only } : null });
    }
  } else if (mode === 'sync') {
    folders.forEach((f, i) => {
      specs.push({
        kind: 'mail.folder_sync',
        part: `sync:${i}`,
        item: compact({ folder: text(field(f, 'Path')) }),
        extra: { FolderId: field(f, 'Id') ?? null, FolderPath: field(f, 'Path') ?? null },
      });
    });
    if (specs.length === 0) {
      info(
        'ual.mail_items_accessed.no_folders',
        'MailItemsAccessed Sync record lists no Folders; one mail.folder_sync without a folder',
      );
      specs.push({ kind: 'mail.folder_sync', item: null });
    }
  } else {
    issues.push({
      code: 'ual.mail_items_accessed.access_type',
      severity: 'warning',
      message: `MailItemsAccessed with MailAccessType ${JSON.stringify(access ?? null)} (expected Bind or Sync); kept as other`,
      locator: { ...locator, column: 'OperationProperties.MailAccessType' },
    });
    specs.push({ kind: 'other' });
  }
  if (throttled === true) {
    const end = fromEpochMs(toEpochMs(time) + THROTTLE_GAP_HOURS * 3_600_000);
    specs.push({
      kind: 'audit.gap',
      part: 'gap',
      item: null,
      result: null,
      text:
        `MailItemsAccessed throttled (IsThrottled=True): Bind operations on this mailbox were not logged for ` +
        `${THROTTLE_GAP_HOURS} h from ${time} to ${end}; assume any item may have been accessed in that interval`,
      extra: { gapStart: time, gapEnd: end, gapHours: THROTTLE_GAP_HOURS },
    });
  }
  return { specs, issues, omit: ['Folders'] };
}
