/**
 * Activities API record → {@link MailboxEvent}. Pure: no I/O, no clock. The same record read from
 * a CrowdStrike CSV, a saved JSON page or a live retrieval yields the same event (same id, same
 * fields); only `source` and `raw` differ.
 *
 * @module
 */
import { hash } from 'node:crypto';
import type { ItemRef, JsonValue, MailboxEvent, PropertyValue, SessionKeys } from '../../model/event.js';
import type { EventId } from '../../model/ids.js';
import { normalizeIp } from '../../model/ip.js';
import type { Issue, Locator } from '../../model/issue.js';
import { parseInstant, parseUsDateTime, type Instant } from '../../model/time.js';
import { kindOfActivity, logonResult } from './operations.js';

/** An activity whose CustomProperties have already been collapsed into a name → value map. */
export interface ActivityFields {
  readonly TimeStamp: string;
  readonly AppIdType: string | null;
  readonly ActivityIdType: string;
  readonly ActivityItemId: string | null;
  readonly ActivityCreationTime: string | null;
  readonly ClientSessionId: string | null;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

export interface ActivityContext {
  /** Mailbox UPN the activity belongs to (lower-cased here). */
  readonly mailbox: string;
  readonly adapter: string;
  readonly locator: Locator;
  readonly rawSha256: string;
  readonly raw: JsonValue;
  /** n-th identical copy of this record in the same evidence (see `eventId`). */
  readonly occurrence?: number;
}

/** Family name used for event ids, shared by every Activities adapter. */
export const ACTIVITIES_FAMILY = 'activities';

/**
 * The content identity of an activity: mailbox plus the seven standard properties, with the
 * property map in sorted key order. Empty and null item ids are the same thing on the wire.
 */
export function activityIdentity(mailbox: string, a: ActivityFields): string[] {
  const props = Object.keys(a.properties)
    .sort()
    .map((k) => [k, a.properties[k]]);
  return [
    mailbox.toLowerCase(),
    a.TimeStamp,
    a.AppIdType ?? '',
    a.ActivityIdType,
    a.ActivityItemId ?? '',
    a.ActivityCreationTime ?? '',
    a.ClientSessionId ?? '',
    JSON.stringify(props),
  ];
}

/**
 * `eventId(ACTIVITIES_FAMILY, activityIdentity(mailbox, a), occurrence)`, computed without the
 * intermediate arrays: the hashed text is built in one string and hashed in one call. The bytes
 * are exactly those `eventId` feeds its hash part by part (`\u0002part\u0000` each, then
 * `#occurrence`), and the property map serializes exactly as `JSON.stringify` of the sorted
 * `[key, value]` pairs does; `test/case/import-ids.test.ts` pins ids and checks both paths agree.
 */
function activityEventId(mailboxLower: string, a: ActivityFields, occurrence: number): EventId {
  const text =
    ACTIVITIES_FAMILY +
    '\u0002' +
    // activityIdentity lower-cases the mailbox it is given (again): so does this.
    mailboxLower.toLowerCase() +
    '\u0000\u0002' +
    a.TimeStamp +
    '\u0000\u0002' +
    (a.AppIdType ?? '') +
    '\u0000\u0002' +
    a.ActivityIdType +
    '\u0000\u0002' +
    (a.ActivityItemId ?? '') +
    '\u0000\u0002' +
    (a.ActivityCreationTime ?? '') +
    '\u0000\u0002' +
    (a.ClientSessionId ?? '') +
    '\u0000\u0002' +
    sortedPairsJson(a.properties) +
    '\u0000' +
    (occurrence > 0 ? `#${occurrence}` : '');
  return hash('sha256', text, 'hex').slice(0, 32) as EventId;
}

/** `JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]))`, without the pair arrays. */
function sortedPairsJson(p: Readonly<Record<string, PropertyValue>>): string {
  const keys = Object.keys(p);
  if (keys.length === 0) return '[]';
  keys.sort();
  let out = '[';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = p[k];
    // Inside an array JSON.stringify writes undefined as null.
    out +=
      (i === 0 ? '[' : ',[') + JSON.stringify(k) + ',' + (v === undefined ? 'null' : JSON.stringify(v)) + ']';
  }
  return out + ']';
}

/**
 * {@link parseInstant} with a fast path for the shape every Activities source writes,
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z`: validated field by field and returned as the canonical text
 * (exactly what parseInstant returns for it). Anything else takes parseInstant itself.
 */
function instantOf(t: string): Instant | null {
  const n = t.length;
  if (n < 20 || t.charCodeAt(n - 1) !== 90 /* Z */ || t.charCodeAt(10) !== 84 /* T */) return parseInstant(t);
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58)
    return parseInstant(t);
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = digits(t, 17, 2);
  // Years below 1000 and anything out of range go the slow way (it decides what they mean).
  if (
    y < 1000 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysInMonth(y, mo) ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    s < 0 ||
    s > 59
  )
    return parseInstant(t);
  if (n === 20) return (t.slice(0, 19) + '.000Z') as Instant;
  if (t.charCodeAt(19) !== 46 /* . */ || n === 21) return parseInstant(t);
  for (let i = 20; i < n - 1; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return parseInstant(t);
  }
  if (n === 24) return t as Instant;
  return (t.slice(0, 20) + (t.slice(20, n - 1) + '000').slice(0, 3) + 'Z') as Instant;
}

/** The value of `len` ASCII digits at `at`, or -1 when one is not a digit. */
function digits(t: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

export interface NormalizedActivity {
  readonly event: MailboxEvent | null;
  readonly issues: Issue[];
}

export function normalizeActivity(a: ActivityFields, ctx: ActivityContext): NormalizedActivity {
  const issues: Issue[] = [];
  const time = instantOf(a.TimeStamp);
  if (!time) {
    issues.push({
      code: 'activities.timestamp.invalid',
      severity: 'error',
      message: `TimeStamp is not an ISO 8601 date-time: ${JSON.stringify(a.TimeStamp)}`,
      locator: { ...ctx.locator, column: 'TimeStamp' },
      raw: a.TimeStamp,
    });
    return { event: null, issues };
  }
  let recordedTime: Instant | null = null;
  if (a.ActivityCreationTime) {
    recordedTime = instantOf(a.ActivityCreationTime);
    if (!recordedTime) {
      issues.push({
        code: 'activities.creation_time.invalid',
        severity: 'warning',
        message: `ActivityCreationTime is not an ISO 8601 date-time: ${JSON.stringify(a.ActivityCreationTime)}`,
        locator: { ...ctx.locator, column: 'ActivityCreationTime' },
        raw: a.ActivityCreationTime,
      });
    }
  }
  const p = a.properties;
  const str = (name: string): string | undefined => {
    const v = p[name];
    if (v === undefined || v === null) return undefined;
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s === '' ? undefined : s;
  };
  const op = a.ActivityIdType;
  let kind = kindOfActivity(op);
  let result: MailboxEvent['result'] = null;
  let ip: string | null = null;
  let userAgent: string | null = null;
  let actor: string | null = null;
  let text: string | null = null;
  const session: { -readonly [K in keyof SessionKeys]: SessionKeys[K] } = {};
  if (a.ClientSessionId) session.clientSessionId = a.ClientSessionId;

  if (op === 'ServerLogon') {
    ip = normalizeIp(str('ClientIP'));
    userAgent = str('UserAgent') ?? null;
    actor = str('UserName') ?? null;
    result = logonResult(p.Result);
    if (result === 'failure') kind = 'auth.logon_failed';
  } else if (op === 'Logon') {
    ip = normalizeIp(str('IPAddress'));
    userAgent = str('Browser') ?? null;
  } else if (op === 'SearchSuggestionsDisplay') {
    text = str('SuggestionStimulus') ?? null;
  } else if (op === 'SearchResult') {
    text = str('Query') ?? null;
    const sid = str('Sid');
    if (sid) session.searchSessionId = sid;
  } else if (op === 'SearchQueryExecute' || op === 'SearchSessionStart' || op === 'SearchRequestEnd') {
    const sid = str('SearchSessionId');
    if (sid) session.searchSessionId = sid;
  }

  const item = itemOf(a, str, issues, ctx.locator);
  const mailbox = ctx.mailbox.toLowerCase();
  const event: MailboxEvent = {
    id: activityEventId(mailbox, a, ctx.occurrence ?? 0),
    time,
    mailbox,
    kind,
    operation: op,
    app: a.AppIdType || null,
    ip,
    userAgent,
    actor,
    result,
    session,
    item,
    text,
    recordedTime,
    properties: p,
    raw: ctx.raw,
    source: { adapter: ctx.adapter, locator: ctx.locator, rawSha256: ctx.rawSha256 },
  };
  return { event, issues };
}

// --- Internal helpers ---

function itemOf(
  a: ActivityFields,
  str: (name: string) => string | undefined,
  issues: Issue[],
  locator: Locator,
): ItemRef | null {
  const item: { -readonly [K in keyof ItemRef]: ItemRef[K] } = {};
  if (a.ActivityItemId) item.itemId = a.ActivityItemId;
  const set = <K extends keyof ItemRef>(key: K, value: ItemRef[K] | undefined) => {
    if (value !== undefined) item[key] = value;
  };
  set('internetMessageId', str('InternetMessageId'));
  set('subject', str('Subject'));
  set('sender', str('SenderSmtpAddress') ?? str('SenderAddress') ?? str('From'));
  set('conversationId', str('ConversationId'));
  set(
    'folder',
    str('DeliveredFolderType') ??
      str('SourceFolder') ??
      str('SelectedFolderName') ??
      str('SourceDefaultFolderType') ??
      str('CreationFolder'),
  );
  set('targetFolder', str('TargetFolder') ?? str('DestinationFolder'));
  const receivedText = str('ReceivedTime');
  if (receivedText) {
    const received = parseUsDateTime(receivedText) ?? parseInstant(receivedText);
    if (received) item.received = received;
    else
      issues.push({
        code: 'activities.received_time.unparsed',
        severity: 'info',
        message: `ReceivedTime has an unrecognised format; kept verbatim in properties: ${JSON.stringify(receivedText)}`,
        locator: { ...locator, column: 'CustomProperties.ReceivedTime' },
        raw: receivedText,
      });
  }
  return Object.keys(item).length > 0 ? item : null;
}
