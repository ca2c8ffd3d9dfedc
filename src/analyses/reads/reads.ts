/**
 * Reads: `ReadingPaneDisplayStart` (with its duration, from the `ReadingPaneDisplayEnd` of the
 * same item in the same session), `MarkAsRead`, and `mail.read` from any source, each resolved
 * to its message (subject, sender, received time, folder) through the message index.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import { toEpochMs, type Instant } from '../../model/time.js';
import type { MessageIndex, MessageResolution } from '../messages/message-index.js';
import type { Attribution, SessionIndex } from '../sessions/sessions.js';
import { sessionKeyOf, type AnalysisEvent } from '../types.js';

/** The message columns every item row carries. */
export interface MessageColumns {
  readonly itemId: string | null;
  readonly internetMessageId: string | null;
  readonly subject: string | null;
  readonly from: string | null;
  readonly received: Instant | null;
  /** Folder the item was in at the time of the event, else the folder it was delivered to. */
  readonly folder: string | null;
  /** How the message was found (`item-id`, `internet-message-id`, `move-chain`, ...) or `none`. */
  readonly resolution: MessageResolution['basis'];
  /** Why the message is not (fully) known; null when resolved. */
  readonly resolutionNote: string | null;
}

/** Columns that say which session did it. */
export interface SessionColumns {
  readonly mailbox: string;
  readonly sessionId: string | null;
  readonly ip: string | null;
  readonly app: string | null;
  /** How the IP was attributed (`own-logon`, `active-session`, ...). */
  readonly attribution: Attribution['basis'];
}

export interface ReadRow extends MessageColumns, SessionColumns {
  readonly time: Instant;
  readonly activity: string;
  /** Time in the reading pane, from the matching ReadingPaneDisplayEnd; null when not logged. */
  readonly durationMs: number | null;
  readonly evidence: readonly EventId[];
}

export interface ReadCollector {
  add(e: AnalysisEvent): void;
  /** Reads in event order. */
  result(): ReadRow[];
}

export function createReadCollector(messages: MessageIndex, sessions: SessionIndex): ReadCollector {
  const rows: MutableRead[] = [];
  /** Open pane reads by session + item, waiting for their end, with their start time (ms). */
  const openStarts = new Map<string, { row: MutableRead; t: number }>();
  /** Ends seen before their start (descending input). */
  const earlyEnds = new Map<string, { t: number; id: EventId }>();
  return {
    add(e) {
      if (e.kind !== 'mail.read' && e.kind !== 'mail.read_end') return;
      const itemId = e.item?.itemId;
      const key = itemId ? `${e.mailbox}\u0000${sessionKeyOf(e) ?? ''}\u0000${itemId}` : null;
      const t = toEpochMs(e.time);
      if (e.kind === 'mail.read_end') {
        if (key === null) return;
        const start = openStarts.get(key);
        if (start && t >= start.t) {
          start.row.durationMs = t - start.t;
          start.row.evidence.push(e.id);
          openStarts.delete(key);
        } else earlyEnds.set(key, { t, id: e.id });
        return;
      }
      const m = messages.resolve(e.item);
      const a = sessions.attributionOf(e);
      // One literal in the documented column order (rows are many: a fixed shape keeps them small).
      const row: MutableRead = {
        time: e.time,
        activity: e.operation,
        mailbox: e.mailbox,
        sessionId: sessions.keyOf(e),
        ip: a.ip,
        app: e.app,
        attribution: a.basis,
        itemId: e.item?.itemId ?? null,
        internetMessageId: m.internetMessageId ?? e.item?.internetMessageId ?? null,
        subject: m.subject,
        from: m.from,
        received: m.received,
        folder: e.item?.folder ?? m.deliveredFolder,
        resolution: m.basis,
        resolutionNote: m.note,
        durationMs: null,
        evidence: m.evidence.length === 0 ? [e.id] : [e.id, ...m.evidence],
      };
      rows.push(row);
      if (key !== null && e.operation === 'ReadingPaneDisplayStart') {
        const end = earlyEnds.get(key);
        if (end && end.t >= t) {
          row.durationMs = end.t - t;
          row.evidence.push(end.id);
          earlyEnds.delete(key);
        } else openStarts.set(key, { row, t });
      }
    },
    result: () => rows,
  };
}

// --- Internal helpers ---

type MutableRead = { -readonly [K in keyof ReadRow]: ReadRow[K] } & { evidence: EventId[] };
