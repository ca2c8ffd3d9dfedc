/**
 * Scoping: given suspect IPs and/or sessions, everything those sessions did — every search,
 * read, attachment and action, with message details. The breach-notification deliverable.
 *
 * A row belongs to the exposure when its session is a suspect session, or its (own or inferred)
 * IP is a suspect IP. Suspects come from the investigator (`--suspect-ip`, `--suspect-session`)
 * or, when none are given, from the findings (suspect sessions; their IPs are listed but do not
 * widen the scope, so an owner sharing an office IP is not swept in).
 *
 * With today's sources it also lists the folders the suspects synchronised (MailItemsAccessed
 * Sync: every item in them is exposed) and the blind parts of the period: MailItemsAccessed
 * throttling intervals overlapping the suspects' activity, and, for a mailbox with Exchange UAL
 * records but not one MailItemsAccessed record, the whole UAL period ("reads unknown").
 *
 * @module
 */
import type { ActionRow, AttachmentRow } from '../actions/actions.js';
import type { ReadRow } from '../reads/reads.js';
import type { SearchRow } from '../searches/searches.js';
import type { SessionIndex, SessionSummary } from '../sessions/sessions.js';
import type { BlindInterval, Coverage, FolderSyncRow } from './coverage.js';

export interface ExposureInput {
  readonly suspectIps: readonly string[];
  readonly suspectSessions: readonly string[];
  /** Where the suspects came from. */
  readonly basis: 'explicit' | 'findings';
}

export interface MessageExposure {
  readonly internetMessageId: string | null;
  readonly itemId: string | null;
  readonly subject: string | null;
  readonly from: string | null;
  /** Folder it was in when touched (as recorded), else what another record says. */
  readonly folder: string | null;
  /** What the suspects did with it: read, attachment, forward, ... */
  readonly activities: readonly string[];
}

export interface Exposure {
  readonly basis: ExposureInput['basis'];
  readonly suspectIps: readonly string[];
  readonly suspectSessions: readonly SessionSummary[];
  readonly searches: readonly SearchRow[];
  readonly reads: readonly ReadRow[];
  readonly attachments: readonly AttachmentRow[];
  readonly actions: readonly ActionRow[];
  /** Distinct messages touched, for the notification letter. */
  readonly messages: readonly MessageExposure[];
  /** Folders the suspects synchronised: everything in them is exposed. */
  readonly foldersSynced: readonly FolderSyncRow[];
  /** Parts of the suspects' period whose reads are unknown. */
  readonly blindIntervals: readonly BlindInterval[];
}

export function scopeExposure(
  input: ExposureInput,
  sessions: SessionIndex,
  rows: {
    readonly searches: readonly SearchRow[];
    readonly reads: readonly ReadRow[];
    readonly attachments: readonly AttachmentRow[];
    readonly actions: readonly ActionRow[];
  },
  coverage?: Coverage,
): Exposure {
  const ips = new Set(input.suspectIps);
  const ids = new Set(input.suspectSessions);
  const inScope = (r: { sessionId: string | null; ip: string | null }) =>
    (r.sessionId !== null && ids.has(r.sessionId)) ||
    (input.basis === 'explicit' && r.ip !== null && ips.has(r.ip));
  const suspectSessions = sessions.sessions.filter(
    (s) => ids.has(s.sessionId) || (input.basis === 'explicit' && s.ip !== null && ips.has(s.ip)),
  );
  const searches = rows.searches.filter(inScope);
  const reads = rows.reads.filter(inScope);
  const attachments = rows.attachments.filter(inScope);
  const actions = rows.actions.filter(inScope);
  const messages = new Map<string, { m: MessageExposure; activities: Set<string> }>();
  const touch = (r: ReadRow | AttachmentRow | ActionRow, what: string) => {
    if (r.itemId === null && r.internetMessageId === null) return;
    const key = r.internetMessageId ?? `item:${r.itemId}`;
    let e = messages.get(key);
    if (!e) {
      e = {
        m: {
          internetMessageId: r.internetMessageId,
          itemId: r.itemId,
          subject: r.subject,
          from: r.from,
          folder: r.folder,
          activities: [],
        },
        activities: new Set(),
      };
      messages.set(key, e);
    }
    e.activities.add(what);
  };
  for (const r of reads) touch(r, r.activity);
  for (const r of attachments) touch(r, `${r.activity}${r.action ? ` (${r.action})` : ''}`);
  for (const r of actions) touch(r, r.activity);
  const known = coverage?.messages;
  const messageList = [...messages.values()].map(({ m, activities }) => {
    const k = m.internetMessageId === null ? undefined : known?.get(m.internetMessageId);
    return {
      ...m,
      subject: m.subject ?? k?.subject ?? null,
      from: m.from ?? k?.from ?? null,
      folder: m.folder ?? k?.folder ?? null,
      activities: [...activities],
    };
  });
  const foldersSynced = (coverage?.foldersSynced ?? []).filter(inScope);
  // The suspects' activity span per mailbox.
  const spans = new Map<string, { start: string; end: string }>();
  const span = (mailbox: string, start: string, end: string) => {
    const s = spans.get(mailbox);
    if (!s) spans.set(mailbox, { start, end });
    else {
      if (start < s.start) s.start = start;
      if (end > s.end) s.end = end;
    }
  };
  for (const s of suspectSessions) span(s.mailbox, s.start, s.end);
  for (const r of [...reads, ...actions, ...attachments, ...foldersSynced]) span(r.mailbox, r.time, r.time);
  const blindIntervals: BlindInterval[] = [];
  for (const g of coverage?.gaps ?? []) {
    const s = spans.get(g.mailbox);
    if (s && g.start <= s.end && (g.end === null || g.end >= s.start)) blindIntervals.push(g);
  }
  for (const mailbox of spans.keys()) {
    const u = coverage?.ual.get(mailbox);
    if (u && u.mailItemsAccessed === 0)
      blindIntervals.push({
        mailbox,
        start: u.first,
        end: u.last,
        reason: 'no-mail-items-accessed',
        text: `No MailItemsAccessed records at all for ${mailbox} although the mailbox has Exchange audit records from ${u.first} to ${u.last}: which messages were read is unknown (MailItemsAccessed not enabled, not licensed, or not exported)`,
        evidence: [u.firstId],
      });
  }
  blindIntervals.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return {
    basis: input.basis,
    suspectIps: [
      ...new Set([
        ...input.suspectIps,
        ...suspectSessions.map((s) => s.ip).filter((ip): ip is string => ip !== null),
      ]),
    ],
    suspectSessions,
    searches,
    reads,
    attachments,
    actions,
    messages: messageList,
    foldersSynced,
    blindIntervals,
  };
}
