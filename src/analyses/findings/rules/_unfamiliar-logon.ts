/**
 * Shared evaluator of the three "logon from something the mailbox had not used" rules: the
 * baseline is every successful logon of the mailbox's first `baselineDays` days; each later logon
 * whose IP / ASN / country is not in that baseline is a finding, one per session and value.
 *
 * @module
 */
import type { EventId } from '../../../model/ids.js';
import { toEpochMs, type Instant } from '../../../model/time.js';
import { geoOf } from '../../logons/geo.js';
import { sessionKeyOf } from '../../types.js';
import type { FindingDraft, RuleContext, RuleEvaluator } from '../types.js';

export type LogonDimension = 'ip' | 'asn' | 'country';

interface Seen {
  readonly mailbox: string;
  /** Null when the databases say nothing (documentation or private ranges, no GeoIP). */
  readonly value: string | null;
  readonly ip: string;
  readonly label: string;
  readonly time: Instant;
  readonly t: number;
  readonly session: string | null;
  readonly id: EventId;
}

export function unfamiliarLogon(dim: LogonDimension, ctx: RuleContext): RuleEvaluator {
  const logons: Seen[] = [];
  return {
    add(e) {
      if (e.kind !== 'auth.logon' || e.ip === null) return;
      const g = geoOf(e.ip, ctx.geo);
      const value = dim === 'ip' ? e.ip : dim === 'asn' ? (g.asn === null ? null : `AS${g.asn}`) : g.country;
      const label =
        dim === 'asn'
          ? `${value}${g.asOrg ? ` (${g.asOrg})` : ''}`
          : dim === 'country'
            ? (value ?? '')
            : e.ip;
      logons.push({
        mailbox: e.mailbox,
        value,
        ip: e.ip,
        label,
        time: e.time,
        t: toEpochMs(e.time),
        session: sessionKeyOf(e),
        id: e.id,
      });
    },
    finish() {
      const baseline = new Map<string, Set<string>>();
      const ends = new Map<string, number>();
      for (const [mailbox, start] of ctx.mailboxStart)
        ends.set(mailbox, toEpochMs(start) + ctx.options.baselineDays * 86_400_000);
      const later: Seen[] = [];
      for (const l of logons) {
        const end = ends.get(l.mailbox) ?? Number.NEGATIVE_INFINITY;
        if (l.t < end) {
          // Every baseline logon counts as a baseline, even one whose value is unknown.
          let set = baseline.get(l.mailbox);
          if (!set) baseline.set(l.mailbox, (set = new Set()));
          if (l.value !== null) set.add(l.value);
        } else later.push(l);
      }
      const groups = new Map<string, { first: Seen; ids: EventId[] }>();
      for (const l of later) {
        if (!baseline.has(l.mailbox)) continue; // no logon in the baseline: nothing to compare with
        if (l.value === null || baseline.get(l.mailbox)!.has(l.value)) continue;
        const k = `${l.mailbox}\u0000${l.session ?? l.id}\u0000${l.value}`;
        const g = groups.get(k);
        if (g) g.ids.push(l.id);
        else groups.set(k, { first: l, ids: [l.id] });
      }
      const out: FindingDraft[] = [];
      for (const { first, ids } of groups.values()) {
        const known = [...baseline.get(first.mailbox)!].slice(0, 10).join(', ');
        const what =
          dim === 'ip'
            ? `IP ${first.ip}`
            : dim === 'asn'
              ? `network ${first.label} (IP ${first.ip})`
              : `country ${first.label} (IP ${first.ip})`;
        out.push({
          mailbox: first.mailbox,
          sessionId: first.session,
          time: first.time,
          summary: `Logon from ${what}, not seen in the first ${ctx.options.baselineDays} days (baseline: ${known || 'none'})`,
          evidence: ids,
        });
      }
      return out;
    },
  };
}
