/**
 * Sessions and attribution: which session produced each event, and from which IP and client.
 *
 * A session is the set of events sharing a session key (Activities `ClientSessionId`; for today's
 * sources `SessionId`, else `AppAccessContext.AADSessionId`, else `UniqueTokenId`, with token-only
 * keys merged into the SessionId a sign-in or other record names with them). An Entra sign-in
 * (or UAL `UserLoggedIn`) carrying the same SessionId is a logon *in* that session, so every
 * mailbox action of the session leads back to the authentication, its IP and user agent. Its
 * IP and user agent come from:
 *
 * - `own-logon`: a logon inside the session (an OWA `Logon` gives the IP and browser of every
 *   Web activity of its user context; a `ServerLogon` those of its server session);
 * - `event`: an IP the session's own events carry (UAL records do);
 * - otherwise the session has no logon of its own — store-side clean-up (`Move`/`Delete`),
 *   `MessageSent`, a phone's mail sync — and gets an **inferred** attribution, flagged as such,
 *   from another session of the **same mailbox and the same client type (AppIdType)**:
 *   - `active-session`: a session with its own logon that was active at the orphan's first
 *     event (or at most `activeGapMs` before it); when several are, the most recently started,
 *     and `candidates` says how many there were;
 *   - `preceding-logon`: else the logon of that client type nearest before the orphan's first
 *     event, within `precedingWindowMs`;
 *   - `none`: else nothing; never "whatever logon happened last" across the mailbox.
 * - `system`: AppIdType `Exchange` is the server itself (delivery, assistants): no client, no IP.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { EventKind } from '../../model/kinds.js';
import { toEpochMs, type Instant } from '../../model/time.js';
import { MINUTE_MS, sessionKeyOf, type AnalysisEvent } from '../types.js';

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

export function createSessionTracker(options: SessionOptions = {}): SessionTracker {
  const activeGap = options.activeGapMs ?? SESSION_DEFAULTS.activeGapMs;
  const precedingWindow = options.precedingWindowMs ?? SESSION_DEFAULTS.precedingWindowMs;
  const states = new Map<string, SessionState>();
  /** UniqueTokenId / AADSessionId → the SessionId seen with it (first wins). */
  const aliases = new Map<string, string>();
  let systemEvents = 0;

  return {
    add(e) {
      const key = sessionKeyOf(e);
      if (key === null) return;
      const sid = e.session.clientSessionId === undefined ? e.session.sessionId : undefined;
      if (sid !== undefined) {
        for (const other of [e.session.aadSessionId, e.session.uniqueTokenId])
          if (other !== undefined && other !== sid && !aliases.has(other)) aliases.set(other, sid);
      }
      if (e.app === 'Exchange') {
        // Delivery and other server work: one fresh session per record, no client behind it.
        systemEvents++;
        return;
      }
      let s = states.get(key);
      if (!s) {
        if (options.opens && !isLogon(e.kind) && e.ip === null && !options.opens(e)) return;
        s = new SessionState(e.mailbox, e.app, toEpochMs(e.time), e.time, e.id);
        states.set(key, s);
      }
      s.add(e, toEpochMs(e.time));
    },
    result() {
      // A session keyed only by a token id or AAD session id joins the SessionId named with it.
      const merged = new Map<string, string>();
      for (const [key, s] of [...states]) {
        const target = aliases.get(key);
        if (target === undefined) continue;
        const into = states.get(target);
        if (!into || into.mailbox !== s.mailbox) continue;
        into.merge(s);
        states.delete(key);
        merged.set(key, target);
      }
      const keyOf = (e: Pick<AnalysisEvent, 'session'>): string | null => {
        const k = sessionKeyOf(e);
        return k === null ? null : (merged.get(k) ?? k);
      };
      const summaries = new Map<string, SessionSummary>();
      // Anchors: sessions whose IP is their own, per mailbox and client type, by start.
      const anchors = new Map<string, SessionState[]>();
      for (const s of states.values()) {
        if (s.ip === null) continue;
        const k = `${s.mailbox}\u0000${s.app ?? ''}`;
        const list = anchors.get(k);
        if (list) list.push(s);
        else anchors.set(k, [s]);
      }
      for (const list of anchors.values()) list.sort((a, b) => a.firstMs - b.firstMs);
      const ids = new Map<SessionState, string>();
      for (const [id, s] of states) ids.set(s, id);

      for (const [id, s] of states) {
        let attribution: Attribution;
        if (s.ip !== null) {
          attribution = {
            sessionId: id,
            ip: s.ip,
            userAgent: s.userAgent,
            app: s.app,
            basis: s.logonIds.length > 0 ? 'own-logon' : 'event',
            inferred: false,
            fromSession: null,
            candidates: 1,
            evidence: s.logonIds.length > 0 ? s.logonIds : [s.ipEventId!],
          };
        } else {
          attribution = infer(
            id,
            s,
            anchors.get(`${s.mailbox}\u0000${s.app ?? ''}`) ?? [],
            ids,
            activeGap,
            precedingWindow,
          );
        }
        const evidence = [...s.logonIds];
        if (!evidence.includes(s.firstId)) evidence.push(s.firstId);
        if (!evidence.includes(s.lastId)) evidence.push(s.lastId);
        summaries.set(id, {
          mailbox: s.mailbox,
          sessionId: id,
          app: s.app,
          ip: attribution.ip,
          userAgent: attribution.userAgent,
          user: s.actor,
          start: s.firstTime,
          end: s.lastTime,
          events: s.count,
          counts: s.counts,
          otherIps: s.otherIps,
          attribution,
          evidence,
        });
      }
      const sessions = [...summaries.values()].sort((a, b) =>
        a.start < b.start ? -1 : a.start > b.start ? 1 : a.sessionId < b.sessionId ? -1 : 1,
      );
      return {
        sessions,
        systemEvents,
        keyOf,
        get: (id) => summaries.get(id),
        attributionOf(e) {
          const key = keyOf(e);
          if (key !== null) {
            const s = summaries.get(key);
            if (s) return s.attribution;
            if (e.app === 'Exchange') return systemAttribution(key, e.app);
          }
          return {
            sessionId: key,
            ip: e.ip,
            userAgent: e.userAgent,
            app: e.app,
            basis: e.ip ? 'event' : 'none',
            inferred: false,
            fromSession: null,
            candidates: e.ip ? 1 : 0,
            evidence: e.ip ? [e.id] : [],
          };
        },
      };
    },
  };
}

// --- Internal helpers ---

class SessionState {
  lastMs: number;
  lastTime: Instant;
  lastId: EventId;
  count = 0;
  counts: Partial<Record<EventKind, number>> = {};
  ip: string | null = null;
  userAgent: string | null = null;
  actor: string | null = null;
  ipEventId: EventId | null = null;
  logonIds: EventId[] = [];
  otherIps: string[] = [];

  constructor(
    readonly mailbox: string,
    readonly app: string | null,
    public firstMs: number,
    public firstTime: Instant,
    public firstId: EventId,
  ) {
    this.lastMs = firstMs;
    this.lastTime = firstTime;
    this.lastId = firstId;
  }

  /** Takes in every event of `o` (a session found to be the same one under another key). */
  merge(o: SessionState): void {
    this.count += o.count;
    for (const [k, n] of Object.entries(o.counts) as [EventKind, number][])
      this.counts[k] = (this.counts[k] ?? 0) + n;
    if (o.firstMs < this.firstMs || (o.firstMs === this.firstMs && o.firstId < this.firstId)) {
      this.firstMs = o.firstMs;
      this.firstTime = o.firstTime;
      this.firstId = o.firstId;
    }
    if (o.lastMs > this.lastMs || (o.lastMs === this.lastMs && o.lastId > this.lastId)) {
      this.lastMs = o.lastMs;
      this.lastTime = o.lastTime;
      this.lastId = o.lastId;
    }
    if (this.actor === null) this.actor = o.actor;
    if (this.logonIds.length === 0 && o.logonIds.length > 0) {
      this.ip = o.ip;
      this.userAgent = o.userAgent;
      this.ipEventId = o.ipEventId;
    } else if (this.ip === null && o.ip !== null) {
      this.ip = o.ip;
      this.userAgent = o.userAgent;
      this.ipEventId = o.ipEventId;
    }
    this.logonIds.push(...o.logonIds);
    for (const ip of [o.ip, ...o.otherIps])
      if (ip !== null && ip !== this.ip && !this.otherIps.includes(ip) && this.otherIps.length < 8)
        this.otherIps.push(ip);
  }

  add(e: AnalysisEvent, t: number): void {
    this.count++;
    this.counts[e.kind] = (this.counts[e.kind] ?? 0) + 1;
    if (t < this.firstMs || (t === this.firstMs && e.id < this.firstId)) {
      this.firstMs = t;
      this.firstTime = e.time;
      this.firstId = e.id;
    }
    if (t > this.lastMs || (t === this.lastMs && e.id > this.lastId)) {
      this.lastMs = t;
      this.lastTime = e.time;
      this.lastId = e.id;
    }
    if (e.actor && this.actor === null && isLogon(e.kind)) this.actor = e.actor;
    if (e.ip === null) return;
    if (isLogon(e.kind)) {
      if (this.logonIds.length === 0) {
        this.ip = e.ip;
        this.userAgent = e.userAgent;
        this.ipEventId = e.id;
      } else if (e.ip !== this.ip && !this.otherIps.includes(e.ip) && this.otherIps.length < 8) {
        this.otherIps.push(e.ip);
      }
      this.logonIds.push(e.id);
    } else if (this.ip === null) {
      this.ip = e.ip;
      this.userAgent = e.userAgent;
      this.ipEventId = e.id;
    }
  }
}

function systemAttribution(sessionId: string, app: string | null): Attribution {
  return {
    sessionId,
    ip: null,
    userAgent: null,
    app,
    basis: 'system',
    inferred: false,
    fromSession: null,
    candidates: 0,
    evidence: [],
  };
}

/** Attribution of a session without a logon of its own, from the same mailbox and client type. */
function infer(
  id: string,
  s: SessionState,
  anchors: readonly SessionState[],
  ids: ReadonlyMap<SessionState, string>,
  activeGap: number,
  precedingWindow: number,
): Attribution {
  const t0 = s.firstMs;
  // Last anchor that started at or before t0.
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (anchors[mid]!.firstMs <= t0) lo = mid + 1;
    else hi = mid;
  }
  let active: SessionState | null = null;
  let activeIps = new Set<string>();
  let activeCount = 0;
  let preceding: SessionState | null = null;
  const lookback = t0 - 24 * 60 * MINUTE_MS;
  for (let i = lo - 1, steps = 0; i >= 0 && steps < 5000; i--, steps++) {
    const a = anchors[i]!;
    if (a.firstMs < lookback) break;
    if (a.lastMs >= t0 - activeGap) {
      activeCount++;
      activeIps.add(a.ip!);
      // Most recently started wins (anchors are visited latest start first).
      if (active === null) active = a;
    }
    if (preceding === null && a.firstMs >= t0 - precedingWindow) preceding = a;
  }
  const chosen = active ?? preceding;
  if (chosen === null) {
    return {
      sessionId: id,
      ip: null,
      userAgent: null,
      app: s.app,
      basis: 'none',
      inferred: false,
      fromSession: null,
      candidates: 0,
      evidence: [],
    };
  }
  if (active === null) {
    activeIps = new Set([chosen.ip!]);
    activeCount = 1;
  }
  return {
    sessionId: id,
    ip: chosen.ip,
    userAgent: chosen.userAgent,
    app: s.app,
    basis: active ? 'active-session' : 'preceding-logon',
    inferred: true,
    fromSession: ids.get(chosen) ?? null,
    candidates: activeIps.size > 1 ? activeCount : 1,
    evidence: chosen.logonIds.length > 0 ? chosen.logonIds : chosen.ipEventId ? [chosen.ipEventId] : [],
  };
}
