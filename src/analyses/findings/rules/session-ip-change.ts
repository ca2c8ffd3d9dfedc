import type { EventId } from '../../../model/ids.js';
import { toEpochMs, type Instant } from '../../../model/time.js';
import { geoOf } from '../../logons/geo.js';
import { defineRule, type FindingDraft } from '../types.js';

interface Seen {
  readonly t: number;
  readonly time: Instant;
  readonly ip: string;
  readonly asn: number | null;
  readonly id: EventId;
}

export default defineRule({
  id: 'session-ip-change',
  title: 'One session used from several IPs within minutes',
  level: 'high',
  status: 'experimental',
  description:
    "Events of one Entra/Exchange session (same SessionId) came from two IPs within the configured number of minutes (10 by default), on different networks when the ASN is known. A session id belongs to one root authentication, so this is how an adversary-in-the-middle proxy or a replayed token shows: the token is used from the attacker's infrastructure next to the victim's own IP. Activities ClientSessionIds are not checked (they are not tokens).",
  evaluate(ctx) {
    const windowMs = ctx.options.sessionIpMinutes * 60_000;
    const bySession = new Map<string, { mailbox: string; seen: Seen[] }>();
    return {
      add(e) {
        if (e.ip === null || e.session.clientSessionId !== undefined) return;
        const key = ctx.sessions.keyOf(e);
        if (key === null) return;
        let s = bySession.get(key);
        if (!s) bySession.set(key, (s = { mailbox: e.mailbox, seen: [] }));
        if (s.seen.length >= 5000) return;
        s.seen.push({
          t: toEpochMs(e.time),
          time: e.time,
          ip: e.ip,
          asn: geoOf(e.ip, ctx.geo).asn,
          id: e.id,
        });
      },
      finish() {
        const out: FindingDraft[] = [];
        for (const [session, { mailbox, seen }] of bySession) {
          seen.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
          // The first pair of different IPs (different networks when both ASNs are known) within the window.
          let hit: [Seen, Seen] | null = null;
          const ips = new Set<string>();
          for (let i = 0; i < seen.length && hit === null; i++) {
            for (let j = i + 1; j < seen.length && seen[j]!.t - seen[i]!.t <= windowMs; j++) {
              const a = seen[i]!;
              const b = seen[j]!;
              if (a.ip === b.ip) continue;
              if (a.asn !== null && b.asn !== null && a.asn === b.asn) continue;
              hit = [a, b];
              break;
            }
          }
          if (hit === null) continue;
          const [a, b] = hit;
          for (const s of seen) ips.add(s.ip);
          const net = (x: Seen) => (x.asn === null ? '' : ` (AS${x.asn})`);
          out.push({
            mailbox,
            sessionId: session,
            time: a.time,
            summary: `Session ${session} used from ${a.ip}${net(a)} at ${a.time} and ${b.ip}${net(b)} at ${b.time}; IPs in the session: ${[...ips].slice(0, 10).join(', ')}`,
            evidence: [a.id, b.id],
          });
        }
        return out;
      },
    };
  },
});
