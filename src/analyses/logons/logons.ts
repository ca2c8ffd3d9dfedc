/**
 * Logons: every logon of every client type — `ServerLogon` (ClientIP, UserName, UserAgent), OWA
 * `Logon` (IPAddress, Browser), and `auth.logon` / `auth.logon_failed` from any later source —
 * with the parsed client and the offline IP enrichment.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { Instant } from '../../model/time.js';
import { sessionKeyOf, type AnalysisEvent } from '../types.js';
import { geoOf, type GeoInfo, type GeoLookup } from './geo.js';
import { classifyUserAgent, type ClientInfo } from './user-agent.js';

export interface LogonRow {
  readonly time: Instant;
  readonly mailbox: string;
  /** The source's operation name: `ServerLogon`, `Logon`, `UserLoggedIn`, ... */
  readonly activity: string;
  readonly app: string | null;
  readonly ip: string | null;
  readonly user: string | null;
  readonly userAgent: string | null;
  readonly sessionId: string | null;
  readonly result: 'success' | 'failure' | null;
  readonly client: ClientInfo;
  readonly geo: GeoInfo;
  readonly evidence: readonly EventId[];
}

export interface LogonCollector {
  add(e: AnalysisEvent): void;
  result(): LogonRow[];
}

export function isLogonEvent(e: Pick<AnalysisEvent, 'kind'>): boolean {
  return e.kind === 'auth.logon' || e.kind === 'auth.logon_failed';
}

/** The logon row of one event (or null when the event is not a logon). */
export function logonRow(e: AnalysisEvent, geo?: GeoLookup): LogonRow | null {
  if (!isLogonEvent(e)) return null;
  return {
    time: e.time,
    mailbox: e.mailbox,
    activity: e.operation,
    app: e.app,
    ip: e.ip,
    user: e.actor,
    userAgent: e.userAgent,
    sessionId: sessionKeyOf(e),
    result: e.result,
    client: classifyUserAgent(e.userAgent),
    geo: geoOf(e.ip, geo),
    evidence: [e.id],
  };
}

export function createLogonCollector(geo?: GeoLookup): LogonCollector {
  const rows: LogonRow[] = [];
  return {
    add(e) {
      const row = logonRow(e, geo);
      if (row) rows.push(row);
    },
    result: () => rows,
  };
}
