/**
 * The report document (docs/report-json.md) as flat tables: the shared view that the HTML,
 * XLSX, CSV and JSONL renderers draw from, so every format lists the same tables, columns and
 * rows. A mapping only — no row is computed here; a nested member is reached by a dotted path
 * (`attribution.basis`), and lists and objects stay whole (each renderer says how it writes them).
 *
 * @module
 */
import type { ReportDocument, ReportRow } from '../types.js';

export type ColumnType = 'text' | 'time' | 'number' | 'boolean' | 'list' | 'object';

export interface Column {
  /** Member name, or a dotted path into a nested object (`attribution.basis`). */
  readonly key: string;
  readonly type: ColumnType;
}

export interface ReportTable {
  /** File-name-safe name: `logons`, `exposure-reads`, … */
  readonly name: string;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly ReportRow[];
}

const TIME_KEYS = new Set([
  'time',
  'start',
  'end',
  'first',
  'last',
  'firstKeystroke',
  'lastKeystroke',
  'submitted',
  'received',
]);
const NUMBER_KEYS = new Set(['events', 'keystrokes', 'durationMs', 'asn', 'hits', 'attribution.candidates']);
const BOOLEAN_KEYS = new Set(['suspect', 'attribution.inferred']);
const LIST_KEYS = new Set([
  'evidence',
  'otherIps',
  'suspectReasons',
  'relatedSessions',
  'activities',
  'attribution.evidence',
]);
const OBJECT_KEYS = new Set(['counts', 'details']);

const MESSAGE = ['itemId', 'internetMessageId', 'subject', 'from', 'received', 'folder'];
const RESOLUTION = ['resolution', 'resolutionNote'];
const SESSION_COLS = ['mailbox', 'sessionId', 'ip', 'app', 'attribution'];

/** Column order per table, as docs/report-json.md lists the members. */
const LAYOUT = {
  mailboxes: ['mailbox', 'first', 'last', 'events'],
  logons: [
    'time',
    'mailbox',
    'activity',
    'app',
    'ip',
    'user',
    'userAgent',
    'sessionId',
    'result',
    'country',
    'region',
    'city',
    'asn',
    'asOrg',
    'ipRange',
    'client',
    'clientVersion',
    'clientCategory',
    'os',
    'osVersion',
    'device',
    'clientRule',
    'evidence',
  ],
  sessions: [
    'mailbox',
    'sessionId',
    'app',
    'ip',
    'userAgent',
    'user',
    'start',
    'end',
    'events',
    'counts',
    'otherIps',
    'attribution.basis',
    'attribution.inferred',
    'attribution.fromSession',
    'attribution.candidates',
    'attribution.evidence',
    'suspect',
    'suspectReasons',
    'evidence',
  ],
  searches: [
    'mailbox',
    'query',
    'typed',
    'firstKeystroke',
    'lastKeystroke',
    'keystrokes',
    'submitted',
    'submittedQuery',
    'sessionId',
    'ip',
    'app',
    'attribution',
    'evidence',
  ],
  reads: ['time', 'activity', ...SESSION_COLS, ...MESSAGE, ...RESOLUTION, 'durationMs', 'evidence'],
  attachments: ['time', 'activity', 'action', ...SESSION_COLS, ...MESSAGE, ...RESOLUTION, 'evidence'],
  actions: ['time', 'kind', 'activity', ...SESSION_COLS, ...MESSAGE, ...RESOLUTION, 'details', 'evidence'],
  findings: [
    'time',
    'level',
    'rule',
    'title',
    'summary',
    'mailbox',
    'sessionId',
    'relatedSessions',
    'status',
    'evidence',
  ],
  ruleSummaries: ['rule', 'title', 'level', 'status', 'events', 'hits', 'text'],
  messages: ['internetMessageId', 'itemId', 'subject', 'from', 'activities'],
} as const satisfies Record<string, readonly string[]>;

function typeOf(key: string, sample: unknown): ColumnType {
  if (TIME_KEYS.has(key)) return 'time';
  if (NUMBER_KEYS.has(key)) return 'number';
  if (BOOLEAN_KEYS.has(key)) return 'boolean';
  if (LIST_KEYS.has(key)) return 'list';
  if (OBJECT_KEYS.has(key)) return 'object';
  if (Array.isArray(sample)) return 'list';
  if (sample !== null && typeof sample === 'object') return 'object';
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  return 'text';
}

/** The columns of a table: the documented ones, then any member a newer document added. */
function columnsFor(layout: readonly string[], rows: readonly ReportRow[]): Column[] {
  const first = rows[0];
  const keys: string[] = [...layout];
  if (first) {
    const known = new Set(layout.map((k) => k.split('.')[0]!));
    for (const k of Object.keys(first)) if (!known.has(k)) keys.push(k);
  }
  return keys.map((key) => ({ key, type: typeOf(key, first ? cellValue(first, key) : undefined) }));
}

/** The value at `key` (a member or a dotted path); `null` when absent. */
export function cellValue(row: ReportRow, key: string): unknown {
  if (!key.includes('.') || key in row) return row[key] ?? null;
  let v: unknown = row;
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[part];
  }
  return v ?? null;
}

function table(name: string, title: string, layout: readonly string[], rows: unknown): ReportTable {
  const list = (Array.isArray(rows) ? rows : []) as readonly ReportRow[];
  return { name, title, columns: columnsFor(layout, list), rows: list };
}

/** Every table of a report document, in reading order; exposure tables only when it has one. */
export function reportTables(doc: ReportDocument): ReportTable[] {
  const tables = [
    table('mailboxes', 'Mailboxes', LAYOUT.mailboxes, doc.meta.mailboxes),
    table('findings', 'Findings', LAYOUT.findings, doc.findings),
    table('rule-summaries', 'Rule summaries', LAYOUT.ruleSummaries, doc.ruleSummaries),
    table('sessions', 'Sessions', LAYOUT.sessions, doc.sessions),
    table('logons', 'Logons', LAYOUT.logons, doc.logons),
    table('searches', 'Searches', LAYOUT.searches, doc.searches),
    table('reads', 'Reads', LAYOUT.reads, doc.reads),
    table('attachments', 'Attachments', LAYOUT.attachments, doc.attachments),
    table('actions', 'Actions', LAYOUT.actions, doc.actions),
  ];
  const x = doc.exposure;
  if (x) {
    const sessionLayout = LAYOUT.sessions.filter((k) => k !== 'suspect' && k !== 'suspectReasons');
    tables.push(
      table('exposure-sessions', 'Exposure: suspect sessions', sessionLayout, x.suspectSessions),
      table('exposure-searches', 'Exposure: searches', LAYOUT.searches, x.searches),
      table('exposure-reads', 'Exposure: reads', LAYOUT.reads, x.reads),
      table('exposure-attachments', 'Exposure: attachments', LAYOUT.attachments, x.attachments),
      table('exposure-actions', 'Exposure: actions', LAYOUT.actions, x.actions),
      table('exposure-messages', 'Exposure: messages', LAYOUT.messages, x.messages),
    );
  }
  return tables;
}

/**
 * A cell as text for the flat formats (CSV, and XLSX for lists and objects): strings exactly as
 * recorded, numbers and booleans in their JSON form, lists and objects as JSON text (lossless),
 * null as the empty string.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
