/**
 * Token refreshes of the scenario's Entra sessions (ual-formats.md §4.2). A modern client —
 * desktop Outlook, the phone, Outlook on the web — keeps its session by redeeming its refresh
 * token every hour, from the interactive sign-in that opened the session until its last use
 * (and, for a client left open, some hours more). Each redemption is a non-interactive sign-in
 * with the session's `sessionId` and the UTI of the token it issued, which is the
 * `UniqueTokenId` of the audit records of that hour. Legacy protocols (IMAP4, POP3) present a
 * password at every logon and refresh nothing.
 *
 * @module
 */
import { nonInteractiveSignIn } from './audit-entra.js';
import type { AuditFactory } from './audit-factory.js';
import { tokenGeneration, type AuditSession } from './audit-session.js';

/** How long one session was used. */
export interface SessionUse {
  /** The session as it was at time `t` (with the IP it had then). */
  readonly at: (t: number) => AuditSession;
  /** Epoch ms of its last use. */
  readonly lastUse: number;
  /** Hours the client went on refreshing after its last use. */
  readonly keepAliveHours: number;
}

const HOUR = 3_600_000;
const REFRESHING_CLIENTS: ReadonlySet<string> = new Set(['Outlook', 'Mobile', 'Web']);

/**
 * Appends the non-interactive sign-ins of every hourly refresh of `uses` to `f`. Their ids come
 * from a stream forked off the chunk's, so every other id of the chunk stays what it was.
 */
export function refreshTokens(f: AuditFactory, uses: readonly SessionUse[]): void {
  const rng = f.rng.fork('token-refresh');
  for (const u of uses) {
    const s = u.at(u.lastUse);
    if (!REFRESHING_CLIENTS.has(s.client.app)) continue;
    const last = tokenGeneration(s, u.lastUse) + u.keepAliveHours;
    for (let gen = 1; gen <= last; gen++) {
      const t = s.started + gen * HOUR;
      nonInteractiveSignIn(f, rng, t, u.at(t));
    }
  }
}
