/**
 * AuditData → {@link MailboxEvent}s. Pure: no I/O, no clock. The same record read from a Purview
 * CSV, a Management API blob, JSONL or a Graph records page yields the same events with the same
 * ids (identity is `AuditData.Id`, never where it was read); only `raw` and `source` differ.
 *
 * Common fields (docs/event-model.md, UAL table; ual-formats.md §3.3):
 * - `time` ← `CreationTime` (UTC without zone); the CSV `CreationDate` column is never used.
 * - `mailbox` ← `MailboxOwnerUPN`, else the cmdlet's target mailbox (admin cmdlets), else `UserId`.
 * - `actor` ← `UserId`; `ip` ← `ClientIPAddress` / `ClientIP` / `ActorIpAddress` via normalizeIp.
 * - `app` ← `ClientInfoString`, else `AppAccessContext.ClientAppName` / `AppId` / `ApplicationId`.
 * - `session` ← `SessionId` (or `DeviceProperties.SessionId`), `AppAccessContext.AADSessionId`,
 *   `.UniqueTokenId`, `.CorrelationId`; empty values stay absent.
 * - `properties` ← every top-level field verbatim, with the Name/Value lists (`Parameters`,
 *   `OperationProperties`, `ExtendedProperties`, `DeviceProperties`) flattened by name and
 *   object-shaped `ModifiedProperties` flattened to `ModifiedProperties.<Name>`; JSON nested in
 *   those strings (`RuleActions`, `additionalDetails`) is decoded. A repeated name gets `#2`, `#3`.
 *
 * @module
 */
import type { JsonValue, MailboxEvent, Normalized, SessionKeys } from '../../model/event.js';
import { eventId, sha256Hex } from '../../model/ids.js';
import { normalizeIp } from '../../model/ip.js';
import type { Issue, Locator } from '../../model/issue.js';
import { fromEpochMs, parseInstant, type Instant } from '../../model/time.js';
import {
  canonicalJson,
  decodeNestedJson,
  field,
  firstText,
  isObject,
  msDateEpoch,
  path,
  setOwn,
  text,
  type JsonObject,
} from '../audit/json-fields.js';
import { nameValue, operationSpecs, resultOf, type EventSpec } from './normalize-operations.js';
import { knownOperation, NAME_VALUE_LISTS } from './operations.js';

/** Family name of UAL event ids. */
export const UAL_FAMILY = 'ual';

export interface UalNormalizeContext {
  readonly adapter: string;
  readonly ingestId?: string;
  readonly locator: Locator;
  readonly rawSha256: string;
  /** The record as read (wrapper, CSV row or the AuditData itself); fallbacks come from a wrapper. */
  readonly raw: JsonValue;
  /**
   * Only for records without an `Id` (content-hash identity): the n-th identical copy in one
   * evidence unit. Records with an Id are the same record however often they appear
   * (ReturnLargeSet duplicates, overlapping exports), so pass 0 for them.
   */
  readonly occurrence?: number;
}

/** Normalizes one AuditData object; never throws. No event when time or operation is unknown. */
export function normalizeUalRecord(data: JsonObject, ctx: UalNormalizeContext): Normalized {
  const issues: Issue[] = [];
  const loc = ctx.locator;
  const problem = (code: string, severity: Issue['severity'], message: string, column?: string) =>
    issues.push({
      code,
      severity,
      message,
      locator: column ? { ...loc, column } : loc,
      raw: JSON.stringify(data).slice(0, 64 * 1024),
    });
  const envelope = ctx.raw !== data && isObject(ctx.raw) ? ctx.raw : undefined;

  // Operation
  let operation = text(field(data, 'Operation'));
  if (operation === undefined) {
    operation = firstText(envelope, 'Operation', 'Operations');
    if (operation === undefined) {
      problem('ual.operation.missing', 'error', 'AuditData has no Operation; record skipped', 'Operation');
      return { events: [], issues };
    }
    problem(
      'ual.operation.from_wrapper',
      'warning',
      `AuditData has no Operation; took ${JSON.stringify(operation)} from the wrapper`,
      'Operation',
    );
  }

  // Time
  const creation = field(data, 'CreationTime');
  let time = typeof creation === 'string' ? instantOf(creation) : null;
  if (time === null) {
    const graphTime = text(field(envelope, 'createdDateTime'));
    const fallback = graphTime ? parseInstant(graphTime, { zoneless: 'reject' }) : null;
    const what =
      creation === undefined || creation === null
        ? 'has no CreationTime'
        : `has an invalid CreationTime ${JSON.stringify(creation)}`;
    if (fallback === null) {
      problem('ual.creation_time.invalid', 'error', `AuditData ${what}; record skipped`, 'CreationTime');
      return { events: [], issues };
    }
    time = fallback;
    problem(
      'ual.creation_time.from_wrapper',
      'warning',
      `AuditData ${what}; took createdDateTime ${graphTime} from the Graph record`,
      'CreationTime',
    );
  }

  // Identity
  let recordId = text(field(data, 'Id'))?.toLowerCase();
  if (recordId === undefined) {
    const wrapperId = firstText(envelope, 'RecordId', 'Identity', 'id')?.toLowerCase();
    if (wrapperId !== undefined) {
      recordId = wrapperId;
      problem(
        'ual.id.from_wrapper',
        'warning',
        `AuditData has no Id; took ${wrapperId} from the wrapper (RecordId/Identity/id)`,
        'Id',
      );
    } else {
      recordId = `sha256:${sha256Hex(canonicalJson(data))}`;
      problem(
        'ual.id.missing',
        'warning',
        'AuditData has no Id: the event identity is a hash of the record content, so the same record from ' +
          'another export de-duplicates only if its AuditData is identical',
        'Id',
      );
    }
  }

  // Per-operation specs
  const known = knownOperation(operation);
  const mapping = known
    ? operationSpecs(known, data, time, loc)
    : { specs: [{ kind: 'other' } as EventSpec], issues: [], omit: [] };
  issues.push(...mapping.issues);

  const mailbox = mailboxOf(data, operation, envelope);
  if (mailbox === undefined)
    problem(
      'ual.mailbox.missing',
      'warning',
      'Record names no mailbox (MailboxOwnerUPN, UserId); mailbox left empty',
      'UserId',
    );
  const actorText =
    text(field(data, 'UserId')) ?? firstText(envelope, 'userPrincipalName', 'UserId', 'UserIds');
  const common = {
    time,
    mailbox: mailbox ?? '',
    operation,
    app: appOf(data),
    ip: normalizeIp(
      firstText(data, 'ClientIPAddress', 'ClientIP', 'ActorIpAddress') ?? firstText(envelope, 'clientIp'),
    ),
    userAgent:
      text(nameValue(data, 'ExtendedProperties', 'UserAgent')) ?? text(field(data, 'UserAgent')) ?? null,
    actor: actorText === undefined ? null : actorText.includes('@') ? actorText.toLowerCase() : actorText,
    session: sessionOf(data),
    source: {
      adapter: ctx.adapter,
      ...(ctx.ingestId !== undefined ? { ingestId: ctx.ingestId } : {}),
      locator: loc,
      rawSha256: ctx.rawSha256,
    },
  } as const;
  const baseResult = known === 'UserLoggedIn' || known === 'UserLoginFailed' ? null : resultOf(data);
  const props = propertiesOf(data, mapping.omit);
  const events: MailboxEvent[] = mapping.specs.map((s) => ({
    id: eventId(UAL_FAMILY, s.part === undefined ? [recordId] : [recordId, s.part], ctx.occurrence ?? 0),
    time: common.time,
    mailbox: common.mailbox,
    kind: s.kind,
    operation: common.operation,
    app: common.app,
    ip: common.ip,
    userAgent: common.userAgent,
    actor: common.actor,
    result: s.result !== undefined ? s.result : baseResult,
    session: common.session,
    item: s.item ?? null,
    text: s.text ?? null,
    recordedTime: null,
    properties: s.extra ? { ...props, ...s.extra } : props,
    raw: ctx.raw,
    source: common.source,
  }));
  return { events, issues };
}

// --- Internal helpers ---

function instantOf(t: string): Instant | null {
  const i = parseInstant(t);
  if (i !== null) return i;
  const ms = msDateEpoch(t);
  return ms === undefined ? null : fromEpochMs(ms);
}

const EMAIL = /^[^\s@/\\]+@[^\s@/\\]+$/;

/** A mailbox from a cmdlet `Identity`: the address, else the last path segment, lower-cased. */
function identityMailbox(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const folderSep = v.indexOf(':\\');
  const s = folderSep >= 0 ? v.slice(0, folderSep) : v;
  if (EMAIL.test(s)) return s.toLowerCase();
  if (s.includes('/')) return s.slice(s.lastIndexOf('/') + 1).toLowerCase() || undefined;
  return s.toLowerCase();
}

const TARGETED_CMDLETS =
  /^(?:set-mailbox|(?:add|remove)-(?:mailbox|recipient)permission|(?:add|set|remove)-mailboxfolderpermission)$/i;
const RULE_CMDLETS = /^(?:new|set|remove|enable|disable)-inboxrule$/i;

function mailboxOf(
  data: JsonObject,
  operation: string,
  envelope: JsonObject | undefined,
): string | undefined {
  const owner = text(field(data, 'MailboxOwnerUPN'));
  if (owner !== undefined) return owner.toLowerCase();
  if (TARGETED_CMDLETS.test(operation)) {
    const target =
      identityMailbox(text(nameValue(data, 'Parameters', 'Identity'))) ??
      identityMailbox(text(field(data, 'ObjectId')));
    if (target !== undefined) return target;
  }
  if (RULE_CMDLETS.test(operation)) {
    const mbx = text(nameValue(data, 'Parameters', 'Mailbox'));
    if (mbx !== undefined) return identityMailbox(mbx);
    const identity = text(nameValue(data, 'Parameters', 'Identity'));
    const owner2 = identity?.includes('\\') ? identity.slice(0, identity.indexOf('\\')) : undefined;
    if (owner2 !== undefined && EMAIL.test(owner2)) return owner2.toLowerCase();
  }
  const user = text(field(data, 'UserId')) ?? firstText(envelope, 'userPrincipalName', 'UserId', 'UserIds');
  return user?.toLowerCase();
}

function appOf(data: JsonObject): string | null {
  return (
    text(field(data, 'ClientInfoString')) ??
    text(path(data, 'AppAccessContext.ClientAppName')) ??
    firstText(data, 'ClientAppName', 'AppId', 'ApplicationId', 'ClientAppId') ??
    null
  );
}

function sessionOf(data: JsonObject): SessionKeys {
  const s: { -readonly [K in keyof SessionKeys]: SessionKeys[K] } = {};
  const sessionId = text(field(data, 'SessionId')) ?? text(nameValue(data, 'DeviceProperties', 'SessionId'));
  if (sessionId !== undefined) s.sessionId = sessionId;
  const aad = text(path(data, 'AppAccessContext.AADSessionId'));
  if (aad !== undefined) s.aadSessionId = aad;
  const uti = text(path(data, 'AppAccessContext.UniqueTokenId'));
  if (uti !== undefined) s.uniqueTokenId = uti;
  const corr = text(path(data, 'AppAccessContext.CorrelationId'));
  if (corr !== undefined) s.correlationId = corr;
  return s;
}

/** The property bag: see the module comment. */
export function propertiesOf(data: JsonObject, omit: readonly string[] = []): { [key: string]: JsonValue } {
  const props: { [key: string]: JsonValue } = {};
  const put = (k: string, v: JsonValue) => {
    if (!Object.hasOwn(props, k)) return setOwn(props, k, v);
    let n = 2;
    while (Object.hasOwn(props, `${k}#${n}`)) n++;
    setOwn(props, `${k}#${n}`, v);
  };
  const skip = new Set(omit.map((o) => o.toLowerCase()));
  for (const [k, v] of Object.entries(data)) {
    const lower = k.toLowerCase();
    if (skip.has(lower)) continue;
    if (NAME_VALUE_LISTS.has(lower) && Array.isArray(v)) {
      for (const e of v) {
        const name = isObject(e) ? text(field(e, 'Name')) : undefined;
        if (name === undefined) put(k, e);
        else put(name, decodeNestedJson(field(e, 'Value')) ?? null);
      }
    } else if (lower === 'modifiedproperties' && Array.isArray(v) && v.some(isObject)) {
      for (const e of v) {
        const name = isObject(e) ? text(field(e, 'Name')) : undefined;
        if (name === undefined) {
          put(k, e);
          continue;
        }
        put(`${k}.${name}`, decodeNestedJson(field(e, 'NewValue')) ?? null);
        const old = field(e, 'OldValue');
        if (old !== undefined && old !== null && old !== '')
          put(`${k}.${name}.OldValue`, decodeNestedJson(old) ?? null);
      }
    } else put(k, v);
  }
  return props;
}
