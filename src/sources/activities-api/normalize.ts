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
import type { Issue, Locator } from '../../model/issue.js';
import { parseInstant, parseUsDateTime, type Instant } from '../../model/time.js';
import { deriveActivity, deriveItemFields, instantOf, propertyText, type PropertyText } from './derive.js';

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
  const str = propertyText(p);
  const op = a.ActivityIdType;
  const { kind, ip, userAgent, actor, result, text, searchSessionId } = deriveActivity(op, p, str);
  const session: { -readonly [K in keyof SessionKeys]: SessionKeys[K] } = {};
  if (a.ClientSessionId) session.clientSessionId = a.ClientSessionId;
  if (searchSessionId) session.searchSessionId = searchSessionId;

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

function itemOf(a: ActivityFields, str: PropertyText, issues: Issue[], locator: Locator): ItemRef | null {
  const item: { -readonly [K in keyof ItemRef]: ItemRef[K] } = {};
  if (a.ActivityItemId) item.itemId = a.ActivityItemId;
  deriveItemFields(item, str);
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
