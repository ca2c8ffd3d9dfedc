/**
 * Shared types of the analyses. Analyses are pure: they take events, keep compact state, and
 * return typed results whose every row cites the event ids it rests on (`evidence`). They never
 * read files, the network or the clock, and never change an event.
 *
 * Each analysis is a reducer — `createX(options)` returning `{ add(event), result() }` — so one
 * implementation serves both the case path (events streamed from the store) and the streaming
 * `unicorn` path (events built from a CSV on the fly, never all in memory).
 *
 * @module
 */
import type { MailboxEvent } from '../model/event.js';
import type { EventId } from '../model/ids.js';

/**
 * The part of a {@link MailboxEvent} the analyses read. A full MailboxEvent satisfies it; the
 * streaming paths build lighter objects (no `raw`, no `source`) that satisfy it too.
 */
export type AnalysisEvent = Pick<
  MailboxEvent,
  | 'id'
  | 'time'
  | 'mailbox'
  | 'kind'
  | 'operation'
  | 'app'
  | 'ip'
  | 'userAgent'
  | 'actor'
  | 'result'
  | 'session'
  | 'item'
  | 'text'
  | 'properties'
>;

/** Event ids a claim rests on, in time order. */
export type Evidence = readonly EventId[];

/**
 * The session key the analyses group by, in this order of preference: the Activities
 * ClientSessionId; else the Exchange/Entra `SessionId` (sign-in `sessionId`, UAL `SessionId` or
 * `DeviceProperties.SessionId`); else `AppAccessContext.AADSessionId`; else the token's
 * `UniqueTokenId`. (The session tracker further merges a UniqueTokenId-only or
 * AADSessionId-only key into the SessionId another record names for the same token or session:
 * see `SessionIndex.keyOf`.) `correlationId` is per request, never a session.
 */
export function sessionKeyOf(e: Pick<MailboxEvent, 'session'>): string | null {
  const s = e.session;
  return s.clientSessionId ?? s.sessionId ?? s.aadSessionId ?? s.uniqueTokenId ?? null;
}

/** A property value as text, or undefined when absent, null or empty. */
export function propText(e: Pick<MailboxEvent, 'properties'>, name: string): string | undefined {
  const v = e.properties[name];
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === '' ? undefined : s;
}

export const MINUTE_MS = 60_000;
