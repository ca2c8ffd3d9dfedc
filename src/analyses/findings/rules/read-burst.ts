import type { EventId } from '../../../model/ids.js';
import { fromEpochMs, toEpochMs, type Instant } from '../../../model/time.js';
import { sessionKeyOf } from '../../types.js';
import { defineRule, type FindingDraft } from '../types.js';

export default defineRule({
  id: 'read-burst',
  title: 'Burst of reads',
  level: 'medium',
  status: 'experimental',
  description:
    'One session read at least the configured number of messages within the configured number of minutes (20 in 5 by default): faster than a person reads, as when an intruder skims a mailbox or a client downloads it.',
  evaluate(ctx) {
    const n = ctx.options.burstReads;
    const windowMs = ctx.options.burstMinutes * 60_000;
    const recent = new Map<string, { t: number; id: EventId; time: Instant }[]>();
    const bursts = new Map<
      string,
      { mailbox: string; session: string; time: Instant; ids: EventId[]; lastT: number }
    >();
    const out: FindingDraft[] = [];
    const flush = (key: string) => {
      const b = bursts.get(key);
      if (!b) return;
      bursts.delete(key);
      out.push({
        mailbox: b.mailbox,
        sessionId: b.session,
        time: b.time,
        summary: `${b.ids.length} reads between ${b.time} and ${fromEpochMs(b.lastT)}`,
        evidence: b.ids,
      });
    };
    return {
      add(e) {
        if (e.kind !== 'mail.read') return;
        const session = sessionKeyOf(e);
        if (session === null) return;
        const key = `${e.mailbox}\u0000${session}`;
        const t = toEpochMs(e.time);
        let q = recent.get(key);
        if (!q) recent.set(key, (q = []));
        q.push({ t, id: e.id, time: e.time });
        while (q.length > 0 && t - q[0]!.t > windowMs) q.shift();
        const b = bursts.get(key);
        if (b && t - b.lastT <= windowMs) {
          b.ids.push(e.id);
          b.lastT = t;
        } else {
          if (b) flush(key);
          if (q.length >= n)
            bursts.set(key, {
              mailbox: e.mailbox,
              session,
              time: q[0]!.time,
              ids: q.map((x) => x.id),
              lastT: t,
            });
        }
        if (q.length > n) q.shift();
      },
      finish() {
        for (const key of [...bursts.keys()]) flush(key);
        return out;
      },
    };
  },
});
