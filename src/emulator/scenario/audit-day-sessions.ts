/**
 * The Entra sessions behind one chunk of scenario activities (see audit-day.ts): which client
 * session each activity belongs to, when each session was first used and from which IPs, and
 * the interactive sign-in that opens each, in first-use order so that ids are deterministic.
 *
 * @module
 */
import type { Activity } from '../../sources/activities-api/activity.js';
import { clientProfile } from './audit-clients.js';
import type { AuditDayOptions } from './audit-day.js';
import { signIn } from './audit-entra.js';
import type { AuditFactory } from './audit-factory.js';
import type { AuditSession } from './audit-session.js';

/** A custom property of an activity, as text. */
export const prop = (a: Activity, name: string): string | undefined => {
  const v = a.CustomProperties.find((p) => p.Name === name)?.Value;
  return v === undefined || v === null ? undefined : String(v);
};

interface SessionDraft {
  key: string;
  app: string;
  firstTs: number;
  /** (ts, ip) of the logons seen, for clients whose IP changes (the phone). */
  ips: { ts: number; ip: string }[];
  userAgent: string;
}

export interface DaySessions {
  /** The session key of an activity (`null`: store-side records with no client session). */
  readonly keyOf: (a: Activity) => string | null;
  /** The session of `key` at time `t`, with the IP it had then. */
  readonly sessionAt: (key: string, t: number) => AuditSession;
  /** Every session, in first-use order. */
  readonly sessions: AuditSession[];
}

/** Plans the chunk's sessions; their sign-ins are appended to `f`. */
export function planDaySessions(
  f: AuditFactory,
  activities: readonly Activity[],
  o: AuditDayOptions,
): DaySessions {
  const ts = (a: Activity) => Date.parse(a.TimeStamp);
  // Pass 1: OWA contexts, and the ServerLogon that opened each.
  const drafts = new Map<string, SessionDraft>();
  const alias = new Map<string, string>();
  const webLogons = activities.filter((a) => a.AppIdType === 'Web' && a.ActivityIdType === 'Logon');
  const webServerLogons = activities.filter(
    (a) => a.AppIdType === 'Web' && a.ActivityIdType === 'ServerLogon',
  );
  for (const l of webLogons) {
    const key = `web:${l.ClientSessionId}`;
    const ip = prop(l, 'IPAddress') ?? o.officeIp;
    const opener = webServerLogons.find(
      (s) =>
        prop(s, 'ClientIP') === ip &&
        ts(s) <= ts(l) &&
        ts(l) - ts(s) < 10_000 &&
        !alias.has(s.ClientSessionId),
    );
    if (opener) alias.set(opener.ClientSessionId, key);
    drafts.set(key, {
      key,
      app: 'Web',
      firstTs: opener ? ts(opener) : ts(l),
      ips: [{ ts: ts(l), ip }],
      userAgent: prop(l, 'Browser') ?? '',
    });
  }
  const webStarts = [...drafts.values()].sort((a, b) => a.firstTs - b.firstTs);
  const keyOf = (a: Activity): string | null => {
    switch (a.AppIdType) {
      case 'Exchange':
        return null;
      case 'Outlook':
        return 'desktop';
      case 'Mobile':
        return 'mobile';
      case 'Web': {
        const direct = drafts.has(`web:${a.ClientSessionId}`)
          ? `web:${a.ClientSessionId}`
          : alias.get(a.ClientSessionId);
        if (direct) return direct;
        // Store-side records (deletes, sends) carry their own ids: the OWA session in use then.
        const t = ts(a);
        const before = webStarts.filter((w) => w.firstTs <= t);
        return (before[before.length - 1] ?? webStarts[0])?.key ?? 'desktop';
      }
      default:
        return `legacy:${a.ClientSessionId}`;
    }
  };
  // Pass 2: every other session, its first use and its IPs.
  for (const a of activities) {
    const key = keyOf(a);
    if (key === null) continue;
    let d = drafts.get(key);
    if (!d) {
      d = { key, app: a.AppIdType, firstTs: ts(a), ips: [], userAgent: '' };
      drafts.set(key, d);
    }
    d.firstTs = Math.min(d.firstTs, ts(a));
    if (a.ActivityIdType === 'ServerLogon') {
      const ip = prop(a, 'ClientIP');
      if (ip !== undefined && !key.startsWith('web:')) d.ips.push({ ts: ts(a), ip });
      if (!d.userAgent) d.userAgent = prop(a, 'UserAgent') ?? '';
    }
  }
  // Sessions in first-use order (deterministic ids), each opened by a sign-in.
  const sessions = new Map<string, AuditSession>();
  for (const d of [...drafts.values()].sort((a, b) => a.firstTs - b.firstTs || (a.key < b.key ? -1 : 1))) {
    d.ips.sort((a, b) => a.ts - b.ts);
    const ip = d.ips[0]?.ip ?? o.officeIp;
    const started = d.firstTs - f.rng.int(4_000, 40_000);
    const s: AuditSession = {
      sessionId: f.rng.guid(),
      upn: o.mailbox,
      ip,
      client: clientProfile(d.app, d.userAgent),
      started,
      attacker: o.attackerIps.has(ip),
    };
    sessions.set(d.key, s);
    signIn(f, started, s);
  }
  const sessionAt = (key: string, t: number): AuditSession => {
    const s = sessions.get(key) as AuditSession;
    const ips = (drafts.get(key) as SessionDraft).ips;
    let ip = s.ip;
    for (const e of ips) if (e.ts <= t) ip = e.ip;
    return ip === s.ip ? s : { ...s, ip };
  };

  return { keyOf, sessionAt, sessions: [...sessions.values()] };
}
