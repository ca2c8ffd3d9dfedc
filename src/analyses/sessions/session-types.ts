/**
 * The shapes of the sessions analysis: attributions, session summaries, the index and tracker,
 * and their options.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { EventKind } from '../../model/kinds.js';
import type { Instant } from '../../model/time.js';
import { MINUTE_MS, type AnalysisEvent } from '../types.js';

export type AttributionBasis =
  'own-logon' | 'event' | 'active-session' | 'preceding-logon' | 'system' | 'none';

/** Where an event's (or a session's) IP and client come from. */
export interface Attribution {
  readonly sessionId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly app: string | null;
  readonly basis: AttributionBasis;
  /** True when the IP was inferred from another session (`active-session`, `preceding-logon`). */
  readonly inferred: boolean;
  /** The session the IP came from when inferred. */
  readonly fromSession: string | null;
  /** How many sessions qualified when inferred (more than one with different IPs: ambiguous). */
  readonly candidates: number;
  /** The logon (or other) events the attribution rests on. */
  readonly evidence: readonly EventId[];
}

export interface SessionSummary {
  readonly mailbox: string;
  readonly sessionId: string;
  readonly app: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Account named by the session's logon (`UserName`). */
  readonly user: string | null;
  readonly start: Instant;
  readonly end: Instant;
  readonly events: number;
  /** Events per kind. */
  readonly counts: Readonly<Partial<Record<EventKind, number>>>;
  /** Distinct IPs the session's own logons named, when more than one. */
  readonly otherIps: readonly string[];
  readonly attribution: Attribution;
  /** Logon events, then the first and last event of the session. */
  readonly evidence: readonly EventId[];
}

export interface SessionOptions {
  /** An orphan may take the IP of a same-client session active up to this long before it. Default 30 min. */
  readonly activeGapMs?: number;
  /** Else of a same-client logon up to this long before it. Default 8 h. */
  readonly precedingWindowMs?: number;
  /**
   * Lean tracking for streaming reports: only logons and events for which this returns true open
   * a session; other events only extend sessions already open. Default: every event opens one.
   */
  readonly opens?: (e: AnalysisEvent) => boolean;
}

export const SESSION_DEFAULTS = {
  activeGapMs: 30 * MINUTE_MS,
  precedingWindowMs: 8 * 60 * MINUTE_MS,
} as const;

export interface SessionIndex {
  /** Sessions of client applications in start order (server-side `Exchange` sessions are not listed). */
  readonly sessions: readonly SessionSummary[];
  get(sessionId: string): SessionSummary | undefined;
  /** The attribution of an event: its session's, or the event's own IP when it has no session. */
  attributionOf(e: Pick<AnalysisEvent, 'session' | 'ip' | 'userAgent' | 'app' | 'id'>): Attribution;
  /** Events of server-side (`Exchange`) sessions, which are not listed in `sessions`. */
  readonly systemEvents: number;
  /**
   * The session key of an event: `sessionKeyOf(e)`, except that a key that is only a
   * UniqueTokenId or AADSessionId is replaced by the SessionId that another record (a sign-in,
   * an Exchange record) carried together with it.
   */
  keyOf(e: Pick<AnalysisEvent, 'session'>): string | null;
}

export interface SessionTracker {
  add(e: AnalysisEvent): void;
  result(): SessionIndex;
}

/** Event kinds that are logons (they give their session its IP). */
export function isLogon(kind: EventKind): boolean {
  return kind === 'auth.logon';
}
