/**
 * Entra ID sign-in → {@link MailboxEvent}. Pure. One sign-in yields one event of kind
 * `auth.logon` (`status.errorCode` 0) or `auth.logon_failed` (any other code), whichever form it
 * was read from (Graph JSON, diagnostic record, portal CSV or JSON, SDK output): names are
 * looked up ignoring case and string-typed numbers are coerced for the derived fields only.
 *
 * - identity: family `signin`, part the sign-in `id` (portal CSV: `Request ID`), lower-cased.
 * - `time` ← `createdDateTime` (diagnostic: else the envelope `time`); `mailbox`/`actor` ←
 *   `userPrincipalName` lower-cased; `ip` ← `ipAddress` (diagnostic: else `callerIpAddress`);
 *   `userAgent` ← `userAgent`; `app` ← `clientAppUsed`, else `appDisplayName`; `session` ←
 *   `sessionId`, `uniqueTokenIdentifier`, `correlationId`; `text` ← `appDisplayName`.
 * - `operation`: the diagnostic category verbatim; for other forms the category the sign-in
 *   would have (its first known `signInEventTypes` value, else `isInteractive`, as a boolean or
 *   the text `True`/`False` of a CSV export), else `SignIn`. So an interactive sign-in is
 *   `SignInLogs` and a token refresh `NonInteractiveUserSignInLogs` whatever form it came in,
 *   while `properties` keeps `isInteractive` and `signInEventTypes` as recorded.
 * - `properties`: the sign-in flattened to dotted paths (`status.errorCode`, `location.city`,
 *   `deviceDetail.browser`, `autonomousSystemNumber`), values verbatim; arrays kept whole.
 *
 * @module
 */
import type { JsonValue, MailboxEvent, Normalized, SessionKeys } from '../../model/event.js';
import { eventId, sha256Hex } from '../../model/ids.js';
import { normalizeIp } from '../../model/ip.js';
import type { Issue, Locator } from '../../model/issue.js';
import { fromEpochMs, parseInstant, parseUsDateTime, type Instant } from '../../model/time.js';
import {
  canonicalJson,
  field,
  firstText,
  isObject,
  msDateEpoch,
  path,
  setOwn,
  text,
  toNumber,
  type JsonObject,
} from '../audit/json-fields.js';

/** Family name of sign-in event ids. */
export const SIGNIN_FAMILY = 'signin';

export interface SignInNormalizeContext {
  readonly adapter: string;
  readonly ingestId?: string;
  readonly locator: Locator;
  readonly rawSha256: string;
  /** The record as read (diagnostic envelope, CSV row or the sign-in itself). */
  readonly raw: JsonValue;
  /** Only for sign-ins without an id (content-hash identity); see the UAL context. */
  readonly occurrence?: number;
}

const EVENT_TYPE_CATEGORY: Readonly<Record<string, string>> = {
  interactiveuser: 'SignInLogs',
  noninteractiveuser: 'NonInteractiveUserSignInLogs',
  serviceprincipal: 'ServicePrincipalSignInLogs',
  managedidentity: 'ManagedIdentitySignInLogs',
};

/** Normalizes one sign-in object; never throws. No event when its time is unknown. */
export function normalizeSignIn(data: JsonObject, ctx: SignInNormalizeContext): Normalized {
  const issues: Issue[] = [];
  const loc = ctx.locator;
  const problem = (code: string, severity: Issue['severity'], message: string, column: string) =>
    issues.push({
      code,
      severity,
      message,
      locator: { ...loc, column },
      raw: JSON.stringify(data).slice(0, 64 * 1024),
    });
  const envelope = ctx.raw !== data && isObject(ctx.raw) ? ctx.raw : undefined;

  const timeText = text(field(data, 'createdDateTime')) ?? text(field(envelope, 'time'));
  const time = timeText === undefined ? null : instantOf(timeText);
  if (time === null) {
    problem(
      'signin.time.invalid',
      'error',
      timeText === undefined
        ? 'Sign-in has no createdDateTime; record skipped'
        : `Sign-in createdDateTime ${JSON.stringify(timeText)} is not a date-time; record skipped`,
      'createdDateTime',
    );
    return { events: [], issues };
  }

  let id = text(field(data, 'id'))?.toLowerCase();
  if (id === undefined) {
    id = `sha256:${sha256Hex(canonicalJson(data))}`;
    problem(
      'signin.id.missing',
      'warning',
      'Sign-in has no id (Request ID): the event identity is a hash of its content',
      'id',
    );
  }

  const upn = text(field(data, 'userPrincipalName'));
  if (upn === undefined)
    problem(
      'signin.user.missing',
      'warning',
      'Sign-in names no userPrincipalName; mailbox taken from userId or servicePrincipalName',
      'userPrincipalName',
    );
  const mailbox = (
    upn ??
    firstText(data, 'userId', 'servicePrincipalName', 'servicePrincipalId') ??
    ''
  ).toLowerCase();

  const errorCode = toNumber(path(data, 'status.errorCode')) ?? toNumber(field(envelope, 'resultType'));
  const statusText = text(field(data, 'statusText'))?.toLowerCase();
  let result: 'success' | 'failure' | null;
  if (errorCode !== undefined) result = errorCode === 0 ? 'success' : 'failure';
  else if (statusText === 'success') result = 'success';
  else if (statusText === 'failure' || statusText === 'interrupted') result = 'failure';
  else {
    result = null;
    problem(
      'signin.status.missing',
      'warning',
      'Sign-in has no status.errorCode: outcome unknown (kept as auth.logon with result null)',
      'status.errorCode',
    );
  }

  const session: { -readonly [K in keyof SessionKeys]: SessionKeys[K] } = {};
  const sessionId = text(field(data, 'sessionId'));
  if (sessionId !== undefined) session.sessionId = sessionId;
  const uti = text(field(data, 'uniqueTokenIdentifier'));
  if (uti !== undefined) session.uniqueTokenId = uti;
  const corr = text(field(data, 'correlationId')) ?? text(field(envelope, 'correlationId'));
  if (corr !== undefined) session.correlationId = corr;

  const event: MailboxEvent = {
    id: eventId(SIGNIN_FAMILY, [id], ctx.occurrence ?? 0),
    time,
    mailbox,
    kind: result === 'failure' ? 'auth.logon_failed' : 'auth.logon',
    operation: operationOf(data, envelope),
    app: firstText(data, 'clientAppUsed', 'appDisplayName') ?? null,
    ip: normalizeIp(text(field(data, 'ipAddress')) ?? text(field(envelope, 'callerIpAddress'))),
    userAgent: text(field(data, 'userAgent')) ?? null,
    actor: upn?.toLowerCase() ?? null,
    result,
    session,
    item: null,
    text: text(field(data, 'appDisplayName')) ?? null,
    recordedTime: null,
    properties: flatten(data),
    raw: ctx.raw,
    source: {
      adapter: ctx.adapter,
      ...(ctx.ingestId !== undefined ? { ingestId: ctx.ingestId } : {}),
      locator: loc,
      rawSha256: ctx.rawSha256,
    },
  };
  return { events: [event], issues };
}

// --- Internal helpers ---

function instantOf(t: string): Instant | null {
  const ms = msDateEpoch(t);
  if (ms !== undefined) return fromEpochMs(ms);
  return parseInstant(t) ?? parseUsDateTime(t);
}

function operationOf(data: JsonObject, envelope: JsonObject | undefined): string {
  const category = text(field(envelope, 'category'));
  if (category !== undefined) return category;
  const types = field(data, 'signInEventTypes');
  // A collection in JSON; a CSV export may hold it as text ("nonInteractiveUser", "[…]").
  const names = Array.isArray(types)
    ? types.map((t) => text(t) ?? '')
    : (text(types)?.split(/[^A-Za-z]+/) ?? []);
  for (const name of names) {
    const key = name.toLowerCase();
    if (Object.hasOwn(EVENT_TYPE_CATEGORY, key)) return EVENT_TYPE_CATEGORY[key]!;
  }
  const interactive = field(data, 'isInteractive');
  const flag = typeof interactive === 'string' ? interactive.trim().toLowerCase() : interactive;
  if (flag === true || flag === 'true') return 'SignInLogs';
  if (flag === false || flag === 'false') return 'NonInteractiveUserSignInLogs';
  return 'SignIn';
}

/** Objects flattened to dotted paths; arrays and scalars kept as they are. */
function flatten(data: JsonObject): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  const walk = (obj: JsonObject, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix + k;
      if (isObject(v) && Object.keys(v).length > 0) walk(v, `${key}.`);
      else setOwn(out, key, v);
    }
  };
  walk(data, '');
  return out;
}
