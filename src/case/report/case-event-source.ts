/**
 * The analyses' events of a case, read light: only the columns an {@link AnalysisEvent} has
 * (no raw record, locator or provenance, whose JSON the investigation never reads but the store's
 * full `readEvents` parses for every event), in the store's order (time, id), with the values
 * that repeat from event to event (mailbox, operation, app, IP, user agent, folders, senders,
 * subjects, session ids) interned, so the tables the analyses keep share one copy of each.
 *
 * On the 793k-event benchmark case this halves the time of each investigation pass and the
 * memory DuckDB needs to sort the events (docs/benchmarks.md, "Full report at scale"). The
 * values are those `eventFromRow` rebuilds, field for field (test/report/case-event-source.test.ts
 * checks they agree); outputs that need whole events (timesketch, ECS, parquet, the Magic
 * Unicorn TSVs) still read them with `readEvents`.
 *
 * @module
 */
import type { AnalysisEvent } from '../../analyses/types.js';
import type { ItemRef, JsonValue, MailboxEvent, SessionKeys } from '../../model/event.js';
import type { EventId } from '../../model/ids.js';
import type { EventKind } from '../../model/kinds.js';
import type { Instant } from '../../model/time.js';
import type { EventStore } from '../../store/index.js';

/** The columns read, in the order {@link lightEvent} takes them. */
const COLUMNS = [
  'id',
  'epoch_ms(time) AS time',
  'mailbox',
  'kind',
  'operation',
  'app',
  'ip',
  'user_agent',
  'actor',
  'result',
  'client_session_id',
  'session_id',
  'aad_session_id',
  'unique_token_id',
  'search_session_id',
  'correlation_id',
  'item_id',
  'internet_message_id',
  'subject',
  'sender',
  'epoch_ms(received) AS received',
  'folder',
  'target_folder',
  'conversation_id',
  'size_bytes',
  'text',
  'properties::VARCHAR AS properties',
];

const SESSION_KEYS: readonly (keyof SessionKeys)[] = [
  'clientSessionId',
  'sessionId',
  'aadSessionId',
  'uniqueTokenId',
  'searchSessionId',
  'correlationId',
];
const ITEM_TEXT_KEYS = ['itemId', 'internetMessageId', 'subject', 'sender'] as const;
const ITEM_FOLDER_KEYS = ['folder', 'targetFolder', 'conversationId'] as const;

/** An SQL string literal. */
const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Events per sorted window. DuckDB sorts a window in memory (with every column read), so the
 * window, not the case, bounds what the read costs: about 40 MB of DuckDB memory at this size.
 */
export const WINDOW_EVENTS = 65_536;

/** The filter of the events read. */
const whereOf = (mailbox: string | undefined): string =>
  mailbox !== undefined ? `mailbox = ${literal(mailbox.toLowerCase())}` : 'true';

/**
 * The SELECT of a case's events for the analyses whose time is in `[from, to)` (epoch ms; either
 * open), in (time, id) order.
 */
export function lightEventsSql(mailbox?: string, from?: number, to?: number): string {
  return (
    `SELECT ${COLUMNS.join(', ')} FROM events WHERE ${whereOf(mailbox)}` +
    (from !== undefined ? ` AND time >= epoch_ms(${Math.trunc(from)}::BIGINT)` : '') +
    (to !== undefined ? ` AND time < epoch_ms(${Math.trunc(to)}::BIGINT)` : '') +
    ' ORDER BY time, id'
  );
}

/**
 * Time boundaries (epoch ms, ascending, distinct) that cut the events into windows of about
 * {@link WINDOW_EVENTS}. Every event is in exactly one window `[b[i-1], b[i])`, and windows
 * follow each other in time, so reading them in turn gives the (time, id) order of one sort.
 */
async function windowBounds(
  store: EventStore,
  mailbox: string | undefined,
  windowEvents: number,
): Promise<number[]> {
  const [count] = await store.all(`SELECT count(*) AS n FROM events WHERE ${whereOf(mailbox)}`);
  const windows = Math.ceil(Number(count?.n ?? 0) / Math.max(1, windowEvents));
  if (windows <= 1) return [];
  const qs = Array.from({ length: windows - 1 }, (_, i) => ((i + 1) / windows).toFixed(6));
  const [row] = await store.all(
    `SELECT quantile_disc(epoch_ms(time), [${qs.join(', ')}]) AS b FROM events WHERE ${whereOf(mailbox)}`,
  );
  const b = Array.isArray(row?.b) ? row.b.map(Number) : [];
  return [...new Set(b)].filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
}

/**
 * Interns strings: a value seen recently is returned as the copy kept, so equal values held by
 * many rows are stored once. Two generations of at most `limit` entries each keep it bounded
 * (values that stop recurring, such as the session id of a single delivery, age out).
 */
export class StringInterner {
  private current = new Map<string, string>();
  private previous = new Map<string, string>();

  constructor(private readonly limit = 65_536) {}

  intern(s: string): string {
    const hit = this.current.get(s);
    if (hit !== undefined) return hit;
    const old = this.previous.get(s);
    const kept = old ?? s;
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(kept, kept);
    return kept;
  }
}

/**
 * The analysis events of a case (every mailbox, or one), in (time, id) order: the case is read
 * in time windows of about {@link WINDOW_EVENTS} events, each sorted by DuckDB and streamed in
 * batches, so neither side ever holds more than a window.
 */
export async function* readLightEvents(
  store: EventStore,
  options: {
    readonly mailbox?: string;
    /** Shared by the passes of one report, so the tables of both share their strings. */
    readonly interner?: StringInterner;
    /** Default {@link WINDOW_EVENTS}. */
    readonly windowEvents?: number;
  } = {},
): AsyncIterable<AnalysisEvent> {
  const pool = options.interner ?? new StringInterner();
  const bounds = await windowBounds(store, options.mailbox, options.windowEvents ?? WINDOW_EVENTS);
  for (let i = 0; i <= bounds.length; i++) {
    const result = await store.stream(lightEventsSql(options.mailbox, bounds[i - 1], bounds[i]));
    for await (const batch of result.batches) for (const row of batch) yield lightEvent(row, pool);
  }
}

/** One event from a row of {@link lightEventsSql}: the fields `eventFromRow` gives, nothing else. */
export function lightEvent(r: readonly unknown[], pool: StringInterner): AnalysisEvent {
  let k = 0;
  const next = () => r[k++];
  const shared = (): string | null => {
    const v = r[k++];
    return v === null || v === undefined ? null : pool.intern(String(v));
  };
  const id = String(next()) as EventId;
  const time = instant(next())!;
  const mailbox = shared()!;
  const kind = shared() as EventKind;
  const operation = shared()!;
  const app = shared();
  const ip = shared();
  const userAgent = shared();
  const actor = shared();
  const result = shared() as MailboxEvent['result'];
  const session: { -readonly [K in keyof SessionKeys]: string } = {};
  for (const key of SESSION_KEYS) {
    // Correlation ids are per request: no point keeping them for reuse.
    const v = key === 'correlationId' ? str(next()) : shared();
    if (v !== null) session[key] = v;
  }
  const item: { -readonly [K in keyof ItemRef]: ItemRef[K] } = {};
  for (const key of ITEM_TEXT_KEYS) {
    const v = key === 'subject' || key === 'sender' ? shared() : str(next());
    if (v !== null) item[key] = v;
  }
  const received = instant(next());
  if (received !== null) item.received = received;
  for (const key of ITEM_FOLDER_KEYS) {
    const v = key === 'conversationId' ? str(next()) : shared();
    if (v !== null) item[key] = v;
  }
  const size = next();
  if (size !== null && size !== undefined) item.sizeBytes = Number(size);
  const text = str(next());
  const properties = JSON.parse(String(next())) as Record<string, JsonValue>;
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
    properties,
  };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const instant = (v: unknown): Instant | null =>
  v === null || v === undefined ? null : (new Date(Number(v)).toISOString() as Instant);
