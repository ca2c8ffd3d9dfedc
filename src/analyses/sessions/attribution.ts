/**
 * Attribution of a session's IP and client: its own (logon or event IP), the server itself
 * (`system`), an event without a session, or — for a session without a logon of its own —
 * inferred from a session of the same mailbox and client type (`active-session`,
 * `preceding-logon`, else `none`).
 *
 * @module
 */
import { MINUTE_MS, type AnalysisEvent } from '../types.js';
import type { SessionState } from './session-state.js';
import type { Attribution } from './session-types.js';

/** Attribution of a session whose IP is its own: from its logons, else from one of its events. */
export function ownAttribution(id: string, s: SessionState): Attribution {
  return {
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
}

/** Attribution of an event outside any listed session: its own IP, if it has one. */
export function eventAttribution(
  key: string | null,
  e: Pick<AnalysisEvent, 'ip' | 'userAgent' | 'app' | 'id'>,
): Attribution {
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
}

export function systemAttribution(sessionId: string, app: string | null): Attribution {
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
export function infer(
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
