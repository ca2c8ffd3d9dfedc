/**
 * The five reports of LMG's Magic Unicorn (activities-api.md §6.2), with its headers and row
 * selection kept so analysts' spreadsheets keep working, and its bugs fixed:
 *
 * - every logon of every client type (IMAP4, POP3, MacOutlook, Lync, Other, ...), not only Web,
 *   Exchange, Outlook and Mobile rows;
 * - no search row dropped, whatever its properties look like;
 * - values exactly as recorded (no `"` or `;` stripped; escaping is the renderer's job);
 * - "Last Login IP" is the IP of the event's own session (or the session it was attributed to,
 *   see sessions.ts), not the last new IP seen anywhere in the file;
 * - subject, sender and received time resolved through the message index (moves followed).
 *
 * Rows are produced one event at a time so the streaming path never holds them.
 *
 * @module
 */
import type { MessageIndex } from '../messages/message-index.js';
import type { SessionIndex } from '../sessions/sessions.js';
import type { AnalysisEvent } from '../types.js';

export const UNICORN_TABLES = {
  'logon-activity': ['Date', 'Time', 'Source IP', 'Logon Type', 'App Type', 'User', 'Client'],
  'search-activity': ['Date', 'Time', 'Platform', 'Query', 'Last Login ip'],
  'read-activity-by-time': [
    'Date',
    'Time',
    'Type',
    'Platform',
    'Subject',
    'From',
    'Received Date',
    'Last Login IP',
  ],
  'read-activity-by-item': [
    'Date',
    'Time',
    'Type',
    'Platform',
    'Subject',
    'From',
    'Received Date',
    'Last Login IP',
  ],
  'attachments-activity': [
    'Date',
    'Time',
    'Platform',
    'Subject',
    'From',
    'Received Date',
    'Action',
    'Last Login IP',
    'Activity Item ID',
  ],
} as const satisfies Record<string, readonly string[]>;

export type UnicornTable = keyof typeof UNICORN_TABLES;

/** Magic Unicorn's placeholder for unknown values, kept for its users. */
export const NO_DATA = 'No Data';

export interface UnicornSink {
  /** One row of a flat table. */
  row(table: Exclude<UnicornTable, 'read-activity-by-item'>, values: string[]): void;
  /** One row of the by-item table, grouped under its ActivityItemId (groups in first-read order). */
  groupedRow(table: 'read-activity-by-item', group: string, values: string[]): void;
}

/**
 * Emits the Magic Unicorn rows of one event into `sink`. `timeText` is the TimeStamp as
 * recorded (Date is the part before `T`, Time the rest, as Magic Unicorn printed them); it
 * defaults to the normalized instant.
 */
export function emitUnicornRows(
  e: AnalysisEvent,
  index: { readonly messages: MessageIndex; readonly sessions: SessionIndex },
  sink: UnicornSink,
  timeText: string = e.time,
): void {
  const op = e.operation;
  const isLogon =
    op === 'ServerLogon' || op === 'Logon' || e.kind === 'auth.logon' || e.kind === 'auth.logon_failed';
  const isRead = op.includes('ReadingPane');
  const isSearch = op === 'SearchResult' || op === 'SearchSuggestionsDisplay';
  const isAttachment = op === 'OpenedAnAttachment';
  if (!isLogon && !isRead && !isSearch && !isAttachment) return;
  const t = timeText.indexOf('T');
  const date = t < 0 ? timeText : timeText.slice(0, t);
  const time = t < 0 ? '' : timeText.slice(t + 1);
  const app = e.app ?? '';
  if (isLogon) {
    sink.row('logon-activity', [date, time, e.ip ?? '', op, app, e.actor ?? '', e.userAgent ?? '']);
    return;
  }
  const ip = index.sessions.attributionOf(e).ip ?? NO_DATA;
  if (isSearch) {
    sink.row('search-activity', [date, time, app, e.text ?? '', ip]);
    return;
  }
  const m = index.messages.resolve(e.item, { parseReceived: false });
  const subject = m.subject ?? NO_DATA;
  const from = m.from ?? NO_DATA;
  const received = m.receivedText ?? NO_DATA;
  if (isRead) {
    const values = [date, time, op, app, subject, from, received, ip];
    sink.row('read-activity-by-time', values);
    sink.groupedRow('read-activity-by-item', e.item?.itemId ?? '', values);
    return;
  }
  const action = e.properties.AttachmentAction;
  sink.row('attachments-activity', [
    date,
    time,
    app,
    subject,
    from,
    received,
    typeof action === 'string' ? action : action == null ? '' : JSON.stringify(action),
    ip,
    e.item?.itemId ?? '',
  ]);
}

/** Kinds/operations the Magic Unicorn reports read in their second pass (for streaming filters). */
export const UNICORN_OPERATIONS: ReadonlySet<string> = new Set([
  'ServerLogon',
  'Logon',
  'ReadingPaneDisplayStart',
  'ReadingPaneDisplayEnd',
  'SearchResult',
  'SearchSuggestionsDisplay',
  'OpenedAnAttachment',
]);
