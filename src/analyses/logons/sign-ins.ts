/**
 * Sign-ins joined to the mailbox sessions they created: every Entra sign-in and UAL
 * `UserLoggedIn`/`UserLoginFailed` / `MailboxLogin` that carries a SessionId, AADSessionId or
 * UniqueTokenId, with the session key it shares with mailbox records and what that session did
 * (events per kind), so a mailbox action leads back to the authentication, its IP, device and
 * user agent. A shared SessionId proves the same root authentication, not the same person
 * (device-code phishing and stolen tokens inherit the victim's SessionId): see docs/analyses.md.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { EventKind } from '../../model/kinds.js';
import type { Instant } from '../../model/time.js';
import type { SessionIndex } from '../sessions/sessions.js';
import { propText, type AnalysisEvent } from '../types.js';
import { coordinatesOf, geoOf, type GeoLookup } from './geo.js';
import { classifyUserAgent } from './user-agent.js';

export interface SignInRow {
  readonly time: Instant;
  readonly mailbox: string;
  readonly activity: string;
  readonly result: 'success' | 'failure' | null;
  readonly user: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly client: string | null;
  readonly app: string | null;
  /** Device as the record names it (Entra deviceDetail / UAL DeviceProperties). */
  readonly device: string | null;
  /** The session key shared with mailbox records (SessionId, else AADSessionId, else UniqueTokenId). */
  readonly sessionId: string | null;
  readonly uniqueTokenId: string | null;
  readonly correlationId: string | null;
  readonly country: string | null;
  readonly asn: number | null;
  readonly asOrg: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** Events of the joined session other than sign-ins/logons (0: no mailbox activity joined). */
  readonly sessionEvents: number;
  readonly sessionCounts: Readonly<Partial<Record<EventKind, number>>>;
  readonly evidence: readonly EventId[];
}

export function createSignInCollector(
  sessions: SessionIndex,
  geo: GeoLookup | undefined,
): { add(e: AnalysisEvent): void; result(): SignInRow[] } {
  const rows: SignInRow[] = [];
  return {
    add(e) {
      if (e.kind !== 'auth.logon' && e.kind !== 'auth.logon_failed') return;
      const s = e.session;
      if (s.clientSessionId !== undefined) return; // Activities logons: in `logons`
      if (s.sessionId === undefined && s.aadSessionId === undefined && s.uniqueTokenId === undefined) return;
      const key = sessions.keyOf(e);
      const summary = key === null ? undefined : sessions.get(key);
      const counts: Partial<Record<EventKind, number>> = { ...(summary?.counts ?? {}) };
      const logons = (counts['auth.logon'] ?? 0) + (counts['auth.logon_failed'] ?? 0);
      delete counts['auth.logon'];
      delete counts['auth.logon_failed'];
      const g = geoOf(e.ip, geo);
      const c = coordinatesOf(e, geo);
      const device =
        [
          propText(e, 'deviceDetail.displayName'),
          propText(e, 'deviceDetail.operatingSystem'),
          propText(e, 'deviceDetail.browser'),
        ]
          .filter((x) => x !== undefined)
          .join(' / ') ||
        [propText(e, 'DisplayName'), propText(e, 'OS'), propText(e, 'BrowserType')]
          .filter((x) => x !== undefined)
          .join(' / ') ||
        null;
      rows.push({
        time: e.time,
        mailbox: e.mailbox,
        activity: e.operation,
        result: e.result,
        user: e.actor,
        ip: e.ip,
        userAgent: e.userAgent,
        client: classifyUserAgent(e.userAgent).client,
        app: e.app,
        device,
        sessionId: key,
        uniqueTokenId: s.uniqueTokenId ?? null,
        correlationId: s.correlationId ?? null,
        country: g.country ?? propText(e, 'location.countryOrRegion') ?? null,
        asn: g.asn,
        asOrg: g.asOrg,
        latitude: c?.lat ?? null,
        longitude: c?.lon ?? null,
        sessionEvents: summary ? summary.events - logons : 0,
        sessionCounts: counts,
        evidence: [e.id],
      });
    },
    result: () => rows,
  };
}
