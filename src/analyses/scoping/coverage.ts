/**
 * What the audit data can and cannot tell, per mailbox, for the exposure: the MailItemsAccessed
 * throttling intervals (`audit.gap`: Bind access not logged for 24 h), whether a mailbox with
 * Exchange UAL records has any MailItemsAccessed record at all, the folders synchronised
 * (MailItemsAccessed Sync: everything in them is exposed), and what any source says about a
 * message by InternetMessageId (subject, sender, folder), so reads known only by their
 * InternetMessageId can be named.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { Instant } from '../../model/time.js';
import type { SessionIndex } from '../sessions/sessions.js';
import { propText, type AnalysisEvent } from '../types.js';

/** A part of the period whose mail reads are unknown. */
export interface BlindInterval {
  readonly mailbox: string;
  readonly start: Instant;
  /** Null when open-ended. */
  readonly end: Instant | null;
  /** `mail-items-accessed-throttled` (IsThrottled=True) or `no-mail-items-accessed` (none recorded at all). */
  readonly reason: 'mail-items-accessed-throttled' | 'no-mail-items-accessed';
  readonly text: string;
  readonly evidence: readonly EventId[];
}

export interface FolderSyncRow {
  readonly time: Instant;
  readonly mailbox: string;
  readonly sessionId: string | null;
  readonly ip: string | null;
  readonly app: string | null;
  /** Folder path as recorded (may be localised). */
  readonly folder: string | null;
  readonly folderId: string | null;
  readonly evidence: readonly EventId[];
}

export interface KnownMessage {
  readonly subject: string | null;
  readonly from: string | null;
  readonly folder: string | null;
  readonly evidence: readonly EventId[];
}

export interface Coverage {
  /** Every MailItemsAccessed throttling interval. */
  readonly gaps: readonly BlindInterval[];
  /** Per mailbox with Exchange UAL records: their period, and how many were MailItemsAccessed. */
  readonly ual: ReadonlyMap<
    string,
    {
      readonly first: Instant;
      readonly last: Instant;
      readonly mailItemsAccessed: number;
      readonly firstId: EventId;
    }
  >;
  readonly foldersSynced: readonly FolderSyncRow[];
  /** InternetMessageId → what some record said about the message. */
  readonly messages: ReadonlyMap<string, KnownMessage>;
}

export function createCoverageCollector(sessions: SessionIndex): {
  add(e: AnalysisEvent): void;
  result(): Coverage;
} {
  const gaps: BlindInterval[] = [];
  const ual = new Map<
    string,
    { first: Instant; last: Instant; mailItemsAccessed: number; firstId: EventId }
  >();
  const foldersSynced: FolderSyncRow[] = [];
  const messages = new Map<
    string,
    { subject: string | null; from: string | null; folder: string | null; evidence: EventId[] }
  >();
  return {
    add(e) {
      if (e.properties.Workload === 'Exchange') {
        const u = ual.get(e.mailbox);
        if (!u) ual.set(e.mailbox, { first: e.time, last: e.time, mailItemsAccessed: 0, firstId: e.id });
        else {
          if (e.time < u.first) {
            u.first = e.time;
            u.firstId = e.id;
          }
          if (e.time > u.last) u.last = e.time;
        }
        if (e.operation === 'MailItemsAccessed') ual.get(e.mailbox)!.mailItemsAccessed++;
      }
      if (e.kind === 'audit.gap') {
        gaps.push({
          mailbox: e.mailbox,
          start: (propText(e, 'gapStart') as Instant | undefined) ?? e.time,
          end: (propText(e, 'gapEnd') as Instant | undefined) ?? null,
          reason: 'mail-items-accessed-throttled',
          text: e.text ?? `${e.operation} throttled: reads in this interval were not logged`,
          evidence: [e.id],
        });
      } else if (e.kind === 'mail.folder_sync') {
        const a = sessions.attributionOf(e);
        foldersSynced.push({
          time: e.time,
          mailbox: e.mailbox,
          sessionId: sessions.keyOf(e),
          ip: a.ip,
          app: e.app,
          folder: e.item?.folder ?? null,
          folderId: propText(e, 'FolderId') ?? null,
          evidence: [e.id],
        });
      }
      const imid = e.item?.internetMessageId;
      if (imid !== undefined && e.kind !== 'audit.gap') {
        const subject = e.item?.subject ?? null;
        const from = e.item?.sender ?? null;
        const folder = e.item?.folder ?? null;
        if (subject === null && from === null && folder === null) return;
        const m = messages.get(imid);
        if (!m) messages.set(imid, { subject, from, folder, evidence: [e.id] });
        else {
          let used = false;
          if (m.subject === null && subject !== null) {
            m.subject = subject;
            used = true;
          }
          if (m.from === null && from !== null) {
            m.from = from;
            used = true;
          }
          if (m.folder === null && folder !== null) {
            m.folder = folder;
            used = true;
          }
          if (used && m.evidence.length < 4) m.evidence.push(e.id);
        }
      }
    },
    result: () => ({ gaps, ual, foldersSynced, messages }),
  };
}
