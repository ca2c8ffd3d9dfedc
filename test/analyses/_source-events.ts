/**
 * Events of today's sources (UAL, Entra sign-ins) for the analyses' tests: a mailbox, an owner's
 * and an intruder's session, a GeoIP table, sign-ins with coordinates, and the investigation run
 * with one rule's findings picked out.
 */
import { investigate, type InvestigationOptions } from '../../src/analyses/investigate.js';
import type { GeoInfo } from '../../src/analyses/logons/geo.js';
import type { MailboxEvent, PropertyValue, SessionKeys } from '../../src/model/event.js';
import { makeEvent, type EventSpec } from '../builders.js';

export const MB = 'cfo@contoso.example';
export const OWN = 'own-session-0001';
export const ATK = 'atk-session-0001';

export const geo = new Map<string, GeoInfo>([
  ['198.51.100.10', { country: 'FR', region: null, city: null, asn: 3215, asOrg: 'Orange', range: null }],
  ['198.51.100.11', { country: 'FR', region: null, city: null, asn: 3215, asOrg: 'Orange', range: null }],
  ['203.0.113.45', { country: 'NL', region: null, city: null, asn: 64500, asOrg: 'Proxy', range: null }],
  ['192.0.2.77', { country: 'NG', region: null, city: null, asn: 64501, asOrg: 'Other', range: null }],
]);

/** A today's-source event: session keys instead of a ClientSessionId, Exchange workload. */
export function ev(
  spec: Omit<EventSpec, 'session' | 'mailbox'> & {
    session?: SessionKeys;
    props?: Record<string, PropertyValue>;
    mailbox?: string;
  },
): MailboxEvent {
  const { session, props, ...rest } = spec;
  const e = makeEvent({ mailbox: MB, actor: MB, ...rest });
  return { ...e, session: session ?? {}, properties: { Workload: 'Exchange', ...(props ?? {}) } };
}

export function signIn(
  time: string,
  ip: string,
  session: SessionKeys,
  lat?: number,
  lon?: number,
  app = 'Browser',
) {
  return ev({
    time,
    kind: 'auth.logon',
    operation: 'SignInLogs',
    ip,
    app,
    result: 'success',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
    session,
    props:
      lat === undefined
        ? { Workload: 'AzureActiveDirectory' }
        : {
            Workload: 'AzureActiveDirectory',
            'location.geoCoordinates.latitude': lat,
            'location.geoCoordinates.longitude': lon ?? 0,
          },
  });
}

export function run(events: MailboxEvent[], rule: string, options: InvestigationOptions = {}) {
  const inv = investigate(events, options, geo);
  return { inv, findings: inv.findings.findings.filter((f) => f.rule === rule) };
}
