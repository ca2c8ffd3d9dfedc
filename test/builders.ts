/**
 * Builders for analysis tests: small, valid MailboxEvents from a few fields, and Activities
 * records normalized the real way.
 */
import type { ItemRef, JsonValue, MailboxEvent, PropertyValue } from '../src/model/event.js';
import { eventId, sha256Hex, type EventId } from '../src/model/ids.js';
import type { EventKind } from '../src/model/kinds.js';
import { parseInstant, type Instant } from '../src/model/time.js';
import { normalizeActivity, type ActivityFields } from '../src/sources/activities-api/normalize.js';

export const MAILBOX = 'ap.clerk@contoso.example';

export interface EventSpec {
  time: string;
  kind: EventKind;
  operation?: string;
  mailbox?: string;
  app?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  actor?: string | null;
  result?: 'success' | 'failure' | null;
  session?: string | null;
  item?: ItemRef | null;
  text?: string | null;
  properties?: Record<string, PropertyValue>;
  id?: string;
}

let counter = 0;

/** A valid MailboxEvent; `time` may omit seconds and zone (`2018-06-12T09:21`). */
export function makeEvent(spec: EventSpec): MailboxEvent {
  const time = parseInstant(spec.time.length === 16 ? `${spec.time}:00Z` : spec.time) as Instant;
  if (!time) throw new Error(`bad time ${spec.time}`);
  const id = (
    spec.id ? eventId('test', [spec.id]) : eventId('test', [String(++counter), spec.time, spec.kind])
  ) as EventId;
  return {
    id,
    time,
    mailbox: spec.mailbox ?? MAILBOX,
    kind: spec.kind,
    operation: spec.operation ?? spec.kind,
    app: spec.app === undefined ? 'Web' : spec.app,
    ip: spec.ip ?? null,
    userAgent: spec.userAgent ?? null,
    actor: spec.actor ?? null,
    result: spec.result ?? null,
    session: spec.session ? { clientSessionId: spec.session } : {},
    item: spec.item ?? null,
    text: spec.text ?? null,
    recordedTime: null,
    properties: spec.properties ?? {},
    raw: null,
    source: { adapter: 'test', locator: {}, rawSha256: sha256Hex(id) },
  };
}

/** An Activities record normalized with the real normalizer. */
export function activityEvent(
  a: {
    ts: string;
    app: string;
    type: string;
    item?: string | null;
    session: string;
    props?: Record<string, string>;
  },
  mailbox = MAILBOX,
): MailboxEvent {
  const fields: ActivityFields = {
    TimeStamp: a.ts,
    AppIdType: a.app,
    ActivityIdType: a.type,
    ActivityItemId: a.item ?? null,
    ActivityCreationTime: a.ts,
    ClientSessionId: a.session,
    properties: a.props ?? {},
  };
  const raw = {
    ...fields,
    CustomProperties: Object.entries(fields.properties).map(([Name, Value]) => ({ Name, Value })),
  } as unknown as JsonValue;
  const { event } = normalizeActivity(fields, {
    mailbox,
    adapter: 'test',
    locator: {},
    rawSha256: sha256Hex(JSON.stringify(raw)),
    raw,
  });
  if (!event) throw new Error(`not normalized: ${JSON.stringify(a)}`);
  return event;
}

/** Shorthands for the Activities records the analyses care about. */
export const act = {
  serverLogon: (ts: string, app: string, session: string, ip: string, ua: string, user = MAILBOX) =>
    activityEvent({
      ts,
      app,
      type: 'ServerLogon',
      session,
      props: { Result: 'Success', ExceptionInfo: '', UserName: user, ClientIP: ip, UserAgent: ua },
    }),
  owaLogon: (ts: string, session: string, ip: string, browser: string) =>
    activityEvent({ ts, app: 'Web', type: 'Logon', session, props: { IPAddress: ip, Browser: browser } }),
  delivered: (
    ts: string,
    item: string,
    subject: string,
    sender: string,
    imid: string,
    received = '6/11/2018 3:02:11 PM',
  ) =>
    activityEvent({
      ts,
      app: 'Exchange',
      type: 'MessageDelivered',
      item,
      session: `deliver-${item}`,
      props: {
        Subject: subject,
        SenderSmtpAddress: sender,
        ReceivedTime: received,
        InternetMessageId: imid,
        DeliveredFolderType: 'Inbox',
      },
    }),
  keystroke: (ts: string, session: string, text: string) =>
    activityEvent({
      ts,
      app: 'Web',
      type: 'SearchSuggestionsDisplay',
      session,
      props: { SuggestionStimulus: text },
    }),
  search: (ts: string, session: string, query: string) =>
    activityEvent({ ts, app: 'Web', type: 'SearchResult', session, props: { Query: query, Sid: 'sid' } }),
  paneStart: (ts: string, session: string, item: string, folder = 'Inbox') =>
    activityEvent({
      ts,
      app: 'Web',
      type: 'ReadingPaneDisplayStart',
      item,
      session,
      props: { IsConversation: '0', SelectedFolderName: folder },
    }),
  paneEnd: (ts: string, session: string, item: string) =>
    activityEvent({
      ts,
      app: 'Web',
      type: 'ReadingPaneDisplayEnd',
      item,
      session,
      props: { IsConversation: '0' },
    }),
  markAsRead: (ts: string, app: string, session: string, item: string, imid: string, sender: string) =>
    activityEvent({
      ts,
      app,
      type: 'MarkAsRead',
      item,
      session,
      props: {
        ReceivedTime: '6/11/2018 3:02:11 PM',
        SenderAddress: sender,
        InternetMessageId: imid,
        SourceFolder: 'Inbox',
      },
    }),
  attachment: (ts: string, app: string, session: string, item: string, action = 'Download') =>
    activityEvent({
      ts,
      app,
      type: 'OpenedAnAttachment',
      item,
      session,
      props: { AttachmentAction: action },
    }),
  forward: (ts: string, session: string, item: string) =>
    activityEvent({ ts, app: 'Web', type: 'Forward', item, session, props: { SelectedFolderName: 'Inbox' } }),
  sent: (ts: string, app: string, session: string, item: string, imid: string) =>
    activityEvent({
      ts,
      app,
      type: 'MessageSent',
      item,
      session,
      props: { ItemSchemaType: 'Message', InternetMessageId: imid },
    }),
  moveToTrash: (
    ts: string,
    app: string,
    session: string,
    newItem: string,
    oldItem: string,
    from = 'SentItems',
  ) => [
    activityEvent({
      ts,
      app,
      type: 'Move',
      item: newItem,
      session,
      props: { MoveType: 'Delete', SourceFolder: from, TargetFolder: 'DeletedItems' },
    }),
    activityEvent({
      ts,
      app,
      type: 'Delete',
      item: oldItem,
      session,
      props: {
        DeleteType: 'MoveToDeletedItems',
        DeletedByEmptyFolder: 'False',
        DeletedByDeleteAllClutter: 'False',
        SourceDefaultFolderType: from,
      },
    }),
  ],
  move: (ts: string, app: string, session: string, newItem: string, from: string, to: string) =>
    activityEvent({
      ts,
      app,
      type: 'Move',
      item: newItem,
      session,
      props: { MoveType: 'Move', SourceFolder: from, TargetFolder: to },
    }),
};

export const UA = {
  outlook: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.9330; Pro)',
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/67.0.3396.87 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Firefox/60.0',
};
