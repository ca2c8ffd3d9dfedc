import type { EventId } from '../../../model/ids.js';
import { fromEpochMs, toEpochMs, type Instant } from '../../../model/time.js';
import { defineRule, type FindingDraft } from '../types.js';

export default defineRule({
  id: 'bulk-delete',
  title: 'Many messages deleted in one session',
  level: 'medium',
  status: 'experimental',
  description:
    'One session deleted at least the configured number of messages within the configured number of minutes (20 in 10 by default, counting SoftDelete, HardDelete and MoveToDeletedItems items). Intruders delete the replies and bounces of their fraud, or destroy evidence.',
  evaluate(ctx) {
    const n = ctx.options.bulkDeletes;
    const windowMs = ctx.options.bulkDeleteMinutes * 60_000;
    const bySession = new Map<
      string,
      { mailbox: string; session: string; seen: { t: number; time: Instant; id: EventId }[] }
    >();
    return {
      add(e) {
        if (e.kind !== 'mail.delete') return;
        const session = ctx.sessions.keyOf(e);
        if (session === null) return;
        const key = `${e.mailbox}\u0000${session}`;
        let s = bySession.get(key);
        if (!s) bySession.set(key, (s = { mailbox: e.mailbox, session, seen: [] }));
        s.seen.push({ t: toEpochMs(e.time), time: e.time, id: e.id });
      },
      finish() {
        const out: FindingDraft[] = [];
        for (const { mailbox, session, seen } of bySession.values()) {
          seen.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
          let i = 0;
          while (i < seen.length) {
            // Grow the run while each delete is within the window of the run's first.
            let j = i;
            while (j + 1 < seen.length && seen[j + 1]!.t - seen[i]!.t <= windowMs) j++;
            const run = seen.slice(i, j + 1);
            if (run.length >= n) {
              out.push({
                mailbox,
                sessionId: session,
                time: run[0]!.time,
                summary: `${run.length} messages deleted between ${run[0]!.time} and ${fromEpochMs(run[run.length - 1]!.t)}`,
                evidence: run.map((r) => r.id),
              });
              i = j + 1;
            } else i++;
          }
        }
        return out;
      },
    };
  },
});
