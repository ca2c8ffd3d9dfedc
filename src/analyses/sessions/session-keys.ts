/**
 * Session keys: a record's SessionId names the UniqueTokenId and AADSessionId it was seen with,
 * so a session keyed only by one of those joins the SessionId session (same mailbox only).
 *
 * @module
 */
import { sessionKeyOf, type AnalysisEvent } from '../types.js';
import type { SessionState } from './session-state.js';

/** UniqueTokenId / AADSessionId → the SessionId seen with it (first wins). */
export type SessionAliases = Map<string, string>;

/** Notes the token and AAD session ids an event's SessionId was seen with. */
export function recordAliases(aliases: SessionAliases, e: Pick<AnalysisEvent, 'session'>): void {
  const sid = e.session.clientSessionId === undefined ? e.session.sessionId : undefined;
  if (sid !== undefined) {
    for (const other of [e.session.aadSessionId, e.session.uniqueTokenId])
      if (other !== undefined && other !== sid && !aliases.has(other)) aliases.set(other, sid);
  }
}

/**
 * Merges every session keyed by an alias into the SessionId session named with it (when that
 * exists for the same mailbox), removing it from `states`; returns merged key → SessionId.
 */
export function mergeAliased(
  states: Map<string, SessionState>,
  aliases: ReadonlyMap<string, string>,
): Map<string, string> {
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
  return merged;
}

/** The session key of an event, with merged alias keys replaced by their SessionId. */
export function keyResolver(
  merged: ReadonlyMap<string, string>,
): (e: Pick<AnalysisEvent, 'session'>) => string | null {
  return (e) => {
    const k = sessionKeyOf(e);
    return k === null ? null : (merged.get(k) ?? k);
  };
}
