/**
 * One MailboxEvent ↔ one `events` row. {@link eventToLine} writes an event as a JSON line (the
 * Parquet export stages events this way; the store's own writes stage the same values as CSV,
 * event-csv.ts); reading selects {@link EVENT_SELECT} and rebuilds the event so that it
 * deep-equals what was written: absent optional fields stay absent, nulls stay null, the
 * property bag, raw record and locator come back from their JSON text.
 *
 * @module
 */
import type { ItemRef, JsonValue, MailboxEvent, SessionKeys } from '../../model/event.js';
import type { EventId } from '../../model/ids.js';
import type { Locator } from '../../model/issue.js';
import type { EventKind } from '../../model/kinds.js';
import type { SourceRef } from '../../model/provenance.js';
import type { Instant } from '../../model/time.js';

/** Column → type of the staged JSON lines (instants as epoch milliseconds). */
export const EVENT_LINE_COLUMNS: Readonly<Record<string, string>> = {
  seq: 'BIGINT',
  id: 'VARCHAR',
  time: 'BIGINT',
  mailbox: 'VARCHAR',
  kind: 'VARCHAR',
  operation: 'VARCHAR',
  app: 'VARCHAR',
  ip: 'VARCHAR',
  user_agent: 'VARCHAR',
  actor: 'VARCHAR',
  result: 'VARCHAR',
  client_session_id: 'VARCHAR',
  session_id: 'VARCHAR',
  aad_session_id: 'VARCHAR',
  unique_token_id: 'VARCHAR',
  search_session_id: 'VARCHAR',
  correlation_id: 'VARCHAR',
  item_id: 'VARCHAR',
  internet_message_id: 'VARCHAR',
  subject: 'VARCHAR',
  sender: 'VARCHAR',
  received: 'BIGINT',
  folder: 'VARCHAR',
  target_folder: 'VARCHAR',
  conversation_id: 'VARCHAR',
  size_bytes: 'BIGINT',
  text: 'VARCHAR',
  recorded_time: 'BIGINT',
  properties: 'JSON',
  raw: 'JSON',
  adapter: 'VARCHAR',
  ingest_id: 'VARCHAR',
  locator: 'JSON',
  raw_sha256: 'VARCHAR',
};

const TIME_COLUMNS = new Set(['time', 'received', 'recorded_time']);

/** The SELECT list that turns staged lines (alias `s`) into `events` columns, in table order. */
export const STAGED_EVENT_SELECT = Object.keys(EVENT_LINE_COLUMNS)
  .filter((c) => c !== 'seq')
  .map((c) => (TIME_COLUMNS.has(c) ? `epoch_ms(s.${c}) AS ${c}` : `s.${c}`))
  .join(', ');

/** The SELECT list {@link eventFromRow} expects, in this order. */
export const EVENT_SELECT = Object.keys(EVENT_LINE_COLUMNS)
  .filter((c) => c !== 'seq')
  .map((c) =>
    TIME_COLUMNS.has(c)
      ? `epoch_ms(${c}) AS ${c}`
      : EVENT_LINE_COLUMNS[c] === 'JSON'
        ? `${c}::VARCHAR AS ${c}`
        : c,
  )
  .join(', ');

const ms = (t: Instant | null | undefined): number | null => (t == null ? null : Date.parse(t));

/** Text members of one object, in column order: the `,"column":` prefix and the key it holds. */
type Members<K extends string> = readonly (readonly [prefix: string, key: K])[];
const members =
  <T>() =>
  <K extends keyof T & string>(pairs: readonly (readonly [column: string, key: K])[]): Members<K> =>
    pairs.map(([column, key]) => [`,"${column}":`, key] as const);

const SESSION_MEMBERS = members<SessionKeys>()([
  ['client_session_id', 'clientSessionId'],
  ['session_id', 'sessionId'],
  ['aad_session_id', 'aadSessionId'],
  ['unique_token_id', 'uniqueTokenId'],
  ['search_session_id', 'searchSessionId'],
  ['correlation_id', 'correlationId'],
]);
const ITEM_TEXT_MEMBERS = members<ItemRef>()([
  ['item_id', 'itemId'],
  ['internet_message_id', 'internetMessageId'],
  ['subject', 'subject'],
  ['sender', 'sender'],
]);
const ITEM_FOLDER_MEMBERS = members<ItemRef>()([
  ['folder', 'folder'],
  ['target_folder', 'targetFolder'],
  ['conversation_id', 'conversationId'],
]);

/** `,"column":value` for each member, values as {@link text}. */
function textMembers<K extends string>(
  o: Partial<Record<K, unknown>> | null | undefined,
  list: Members<K>,
): string {
  let out = '';
  for (const [prefix, key] of list) out += prefix + text(o?.[key]);
  return out;
}

/**
 * The staged JSON line of an event. `seq` orders lines of one run. Strings holding lone UTF-16
 * surrogates cannot be stored as JSON by DuckDB; they are replaced by U+FFFD and the caller is
 * told (`lossy`), so it can record an issue; the evidence file keeps the original bytes.
 */
export function eventToLine(e: MailboxEvent, seq: number): { line: string; lossy: boolean } {
  // Written out field by field rather than through JSON.stringify of a 34-key object (about
  // twice as fast); the text is what JSON.stringify would produce for that object.
  const s = e.session;
  const i = e.item;
  const propertiesJson = JSON.stringify(e.properties);
  const line =
    '{"seq":' +
    num(seq) +
    ',"id":' +
    text(e.id) +
    ',"time":' +
    num(ms(e.time)) +
    ',"mailbox":' +
    text(e.mailbox) +
    ',"kind":' +
    text(e.kind) +
    ',"operation":' +
    text(e.operation) +
    ',"app":' +
    text(e.app) +
    ',"ip":' +
    text(e.ip) +
    ',"user_agent":' +
    text(e.userAgent) +
    ',"actor":' +
    text(e.actor) +
    ',"result":' +
    text(e.result) +
    textMembers(s, SESSION_MEMBERS) +
    textMembers(i, ITEM_TEXT_MEMBERS) +
    ',"received":' +
    num(ms(i?.received)) +
    textMembers(i, ITEM_FOLDER_MEMBERS) +
    ',"size_bytes":' +
    num(i?.sizeBytes) +
    ',"text":' +
    text(e.text) +
    ',"recorded_time":' +
    num(ms(e.recordedTime)) +
    ',"properties":' +
    (propertiesJson ?? 'null') +
    ',"raw":' +
    rawJson(e.raw, e.properties, propertiesJson) +
    ',"adapter":' +
    text(e.source.adapter) +
    ',"ingest_id":' +
    text(e.source.ingestId) +
    ',"locator":' +
    (JSON.stringify(e.source.locator) ?? 'null') +
    ',"raw_sha256":' +
    text(e.source.rawSha256) +
    '}';
  return replaceLoneSurrogates(line);
}

/** A nullable text value as JSON (as JSON.stringify writes a member of an object: undefined as null). */
const text = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : v == null ? 'null' : (JSON.stringify(v) ?? 'null');
const num = (v: number | null | undefined): string => (v == null || !Number.isFinite(v) ? 'null' : String(v));

/**
 * `JSON.stringify(raw)`. A CSV record's raw object holds the event's property map itself as its
 * `CustomProperties`, already serialized for the `properties` column: that text is reused.
 */
export function rawJson(raw: JsonValue, properties: unknown, propertiesJson: string): string {
  if (
    raw === null ||
    typeof raw !== 'object' ||
    Array.isArray(raw) ||
    (raw as Record<string, JsonValue>).CustomProperties !== properties ||
    Object.getPrototypeOf(raw) !== Object.prototype
  ) {
    return JSON.stringify(raw) ?? 'null';
  }
  let out = '{';
  for (const k of Object.keys(raw)) {
    const v = (raw as Record<string, JsonValue>)[k];
    const json = v === properties ? propertiesJson : JSON.stringify(v);
    if (json === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(k) + ':' + json;
  }
  return out + '}';
}

/**
 * JSON.stringify writes a lone surrogate as a `\udXXX` escape (and escapes a literal backslash
 * as `\\`), so scanning escapes left to right finds exactly the lone ones.
 */
export function replaceLoneSurrogates(json: string): { line: string; lossy: boolean } {
  if (!json.includes('\\ud') && !json.includes('\\uD')) return { line: json, lossy: false };
  let lossy = false;
  const line = json.replace(/\\\\|\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g, (m) => {
    if (m === '\\\\') return m;
    lossy = true;
    return '\\ufffd';
  });
  return { line, lossy };
}

type Cell = unknown;

const str = (v: Cell): string | null => (v === null || v === undefined ? null : String(v));
const instant = (v: Cell): Instant | null =>
  v === null || v === undefined ? null : (new Date(Number(v)).toISOString() as Instant);

/** Rebuilds an event from a row selected with {@link EVENT_SELECT}. */
export function eventFromRow(r: readonly Cell[]): MailboxEvent {
  let k = 0;
  const next = () => r[k++];
  const id = String(next()) as EventId;
  const time = instant(next())!;
  const mailbox = String(next());
  const kind = String(next()) as EventKind;
  const operation = String(next());
  const app = str(next());
  const ip = str(next());
  const userAgent = str(next());
  const actor = str(next());
  const result = str(next()) as MailboxEvent['result'];
  const session: { -readonly [K in keyof SessionKeys]: string } = {};
  for (const [, key] of SESSION_MEMBERS) {
    const v = str(next());
    if (v !== null) session[key] = v;
  }
  const item: { -readonly [K in keyof ItemRef]: ItemRef[K] } = {};
  for (const [, key] of ITEM_TEXT_MEMBERS) {
    const v = str(next());
    if (v !== null) item[key] = v;
  }
  const received = instant(next());
  if (received !== null) item.received = received;
  for (const [, key] of ITEM_FOLDER_MEMBERS) {
    const v = str(next());
    if (v !== null) item[key] = v;
  }
  const size = next();
  if (size !== null && size !== undefined) item.sizeBytes = Number(size);
  const text = str(next());
  const recordedTime = instant(next());
  const properties = JSON.parse(String(next())) as Record<string, JsonValue>;
  const rawText = next();
  const raw = rawText === null || rawText === undefined ? null : (JSON.parse(String(rawText)) as JsonValue);
  const adapter = String(next());
  const ingestId = str(next());
  const locator = JSON.parse(String(next())) as Locator;
  const rawSha256 = String(next());
  const source: SourceRef =
    ingestId === null ? { adapter, locator, rawSha256 } : { adapter, ingestId, locator, rawSha256 };
  return {
    id,
    time,
    mailbox,
    kind,
    operation,
    app,
    ip,
    userAgent,
    actor,
    result,
    session,
    item: Object.keys(item).length > 0 ? item : null,
    text,
    recordedTime,
    properties,
    raw,
    source,
  };
}
