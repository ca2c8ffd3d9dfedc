/**
 * Activities API record → {@link MailboxEvent}. Pure: no I/O, no clock. The same record read from
 * a CrowdStrike CSV, a saved JSON page or a live retrieval yields the same event (same id, same
 * fields); only `source` and `raw` differ.
 *
 * @module
 */
import type { ItemRef, JsonValue, MailboxEvent, PropertyValue, SessionKeys } from '../../model/event.js';
import { eventId } from '../../model/ids.js';
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

export interface NormalizedActivity {
  readonly event: MailboxEvent | null;
  readonly issues: Issue[];
}

export function normalizeActivity(a: ActivityFields, ctx: ActivityContext): NormalizedActivity {
  const issues: Issue[] = [];
  const time = parseInstant(a.TimeStamp);
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
    recordedTime = parseInstant(a.ActivityCreationTime);
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
    id: eventId(ACTIVITIES_FAMILY, activityIdentity(mailbox, a), ctx.occurrence ?? 0),
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
