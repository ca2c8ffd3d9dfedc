/**
 * One MailboxEvent → one staged CSV line of the write path (staging-file.ts says why CSV), in
 * the column order of {@link EVENT_CSV_COLUMNS}. The stored values are exactly those of the
 * JSON line of event-row.ts ({@link eventToLine}, still used by the Parquet export): the same
 * text for each string, the JSON columns as the same JSON text, instants as epoch
 * milliseconds, absent values as NULL.
 *
 * @module
 */
import type { MailboxEvent } from '../../model/event.js';
import type { Instant } from '../../model/time.js';
import { EVENT_LINE_COLUMNS, rawJson, replaceLoneSurrogates } from './event-row.js';
import { csvText } from './staging-file.js';

/** Column → `read_csv` type of a staged event line (JSON columns travel as text). */
export const EVENT_CSV_COLUMNS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(EVENT_LINE_COLUMNS).map(([k, t]) => [k, t === 'JSON' ? 'VARCHAR' : t]),
);

const TIME_COLUMNS = new Set(['time', 'received', 'recorded_time']);

/** The SELECT list that turns staged CSV rows (alias `s`) into `event_rows` columns, in table order. */
export const STAGED_CSV_SELECT = Object.keys(EVENT_LINE_COLUMNS)
  .filter((c) => c !== 'seq')
  .map((c) =>
    TIME_COLUMNS.has(c)
      ? `epoch_ms(s.${c}) AS ${c}`
      : EVENT_LINE_COLUMNS[c] === 'JSON'
        ? `s.${c}::JSON AS ${c}`
        : `s.${c}`,
  )
  .join(', ');

/** String methods of ES2024 (Node 20 has them; the project's lib is ES2023). */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

const ms = (t: Instant | null | undefined): string => {
  if (t == null) return '';
  const v = Date.parse(t);
  return Number.isFinite(v) ? String(v) : '';
};
const num = (v: number | null | undefined): string => (v == null || !Number.isFinite(v) ? '' : String(v));
/** A text column: as event-row.ts's `text`, a non-string value is stored as its JSON text. */
const text = (v: unknown): string => {
  if (typeof v === 'string') return csvText(v);
  if (v == null) return '';
  const json = JSON.stringify(v);
  return json === undefined ? '' : csvText(json);
};

/**
 * The staged CSV line of an event; `seq` orders the lines of one run. A string holding a lone
 * UTF-16 surrogate cannot be stored (DuckDB takes UTF-8, and rejects a lone `\uD8xx` escape in
 * JSON): it is replaced by U+FFFD and the caller told (`lossy`), as with {@link eventToLine}.
 */
export function eventToCsvLine(e: MailboxEvent, seq: number): { line: string; lossy: boolean } {
  const s = e.session;
  const i = e.item;
  const propertiesJson = JSON.stringify(e.properties);
  const props = jsonField(propertiesJson);
  const raw = jsonField(rawJson(e.raw, e.properties, propertiesJson));
  const locator = jsonField(JSON.stringify(e.source.locator));
  let line =
    String(seq) +
    ',' +
    text(e.id) +
    ',' +
    ms(e.time) +
    ',' +
    text(e.mailbox) +
    ',' +
    text(e.kind) +
    ',' +
    text(e.operation) +
    ',' +
    text(e.app) +
    ',' +
    text(e.ip) +
    ',' +
    text(e.userAgent) +
    ',' +
    text(e.actor) +
    ',' +
    text(e.result) +
    ',' +
    text(s?.clientSessionId) +
    ',' +
    text(s?.sessionId) +
    ',' +
    text(s?.aadSessionId) +
    ',' +
    text(s?.uniqueTokenId) +
    ',' +
    text(s?.searchSessionId) +
    ',' +
    text(s?.correlationId) +
    ',' +
    text(i?.itemId) +
    ',' +
    text(i?.internetMessageId) +
    ',' +
    text(i?.subject) +
    ',' +
    text(i?.sender) +
    ',' +
    ms(i?.received) +
    ',' +
    text(i?.folder) +
    ',' +
    text(i?.targetFolder) +
    ',' +
    text(i?.conversationId) +
    ',' +
    num(i?.sizeBytes) +
    ',' +
    text(e.text) +
    ',' +
    ms(e.recordedTime) +
    ',' +
    props.field +
    ',' +
    raw.field +
    ',' +
    text(e.source.adapter) +
    ',' +
    text(e.source.ingestId) +
    ',' +
    locator.field +
    ',' +
    text(e.source.rawSha256);
  let lossy = props.lossy || raw.lossy || locator.lossy;
  const w = line as unknown as WellFormed;
  if (!w.isWellFormed()) {
    line = w.toWellFormed();
    lossy = true;
  }
  return { line, lossy };
}

/**
 * A JSON column's field: JSON `null` (or nothing) is SQL NULL, as DuckDB's JSON reader stored
 * it; lone surrogates (escaped by JSON.stringify as `\uD8xx`) become U+FFFD.
 */
export function jsonField(json: string | undefined): { field: string; lossy: boolean } {
  if (json === undefined || json === 'null') return { field: '', lossy: false };
  const { line, lossy } = replaceLoneSurrogates(json);
  return { field: csvText(line), lossy };
}
