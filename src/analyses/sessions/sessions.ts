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
import { toEpochMs } from '../../model/time.js';
import { sessionKeyOf } from '../types.js';
import { eventAttribution, infer, ownAttribution, systemAttribution } from './attribution.js';
import { keyResolver, mergeAliased, recordAliases } from './session-keys.js';
import { SessionState } from './session-state.js';
import {
  SESSION_DEFAULTS,
  isLogon,
  type Attribution,
  type SessionOptions,
  type SessionSummary,
  type SessionTracker,
} from './session-types.js';

export {
  SESSION_DEFAULTS,
  isLogon,
  type Attribution,
  type AttributionBasis,
  type SessionIndex,
  type SessionOptions,
  type SessionSummary,
  type SessionTracker,
} from './session-types.js';

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
      recordAliases(aliases, e);
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
      const keyOf = keyResolver(mergeAliased(states, aliases));
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
        const attribution: Attribution =
          s.ip !== null
            ? ownAttribution(id, s)
            : infer(
                id,
                s,
                anchors.get(`${s.mailbox}\u0000${s.app ?? ''}`) ?? [],
                ids,
                activeGap,
                precedingWindow,
              );
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
          return eventAttribution(key, e);
        },
      };
    },
  };
}
