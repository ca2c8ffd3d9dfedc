/**
 * Scoping: given suspect IPs and/or sessions, everything those sessions did — every search,
 * read, attachment and action, with message details. The breach-notification deliverable.
 *
 * A row belongs to the exposure when its session is a suspect session, or its (own or inferred)
 * IP is a suspect IP. Suspects come from the investigator (`--suspect-ip`, `--suspect-session`)
 * or, when none are given, from the findings (suspect sessions; their IPs are listed but do not
 * widen the scope, so an owner sharing an office IP is not swept in).
 *
 * @module
 */
import type { ActionRow, AttachmentRow } from '../actions/actions.js';
import type { ReadRow } from '../reads/reads.js';
import type { SearchRow } from '../searches/searches.js';
import type { SessionIndex, SessionSummary } from '../sessions/sessions.js';

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
    messages: [...messages.values()].map(({ m, activities }) => ({ ...m, activities: [...activities] })),
  };
}
