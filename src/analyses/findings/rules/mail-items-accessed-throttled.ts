import { propText } from '../../types.js';
import { defineRule, type FindingDraft } from '../types.js';

export default defineRule({
  id: 'mail-items-accessed-throttled',
  title: 'MailItemsAccessed throttled: reads unknown for 24 hours',
  level: 'medium',
  status: 'stable',
  description:
    'A MailItemsAccessed record says IsThrottled=True: after more than 1,000 records in 24 hours Exchange stops logging Bind access for that mailbox for 24 hours. Which messages were read in that interval is unknown, and Microsoft advises assuming every item may have been accessed.',
  evaluate(ctx) {
    const out: FindingDraft[] = [];
    return {
      add(e) {
        if (e.kind !== 'audit.gap') return;
        const start = propText(e, 'gapStart') ?? e.time;
        const end = propText(e, 'gapEnd') ?? 'unknown';
        out.push({
          mailbox: e.mailbox,
          sessionId: ctx.sessions.keyOf(e),
          time: e.time,
          summary: `Reads of ${e.mailbox} are unknown from ${start} to ${end}: ${e.operation} throttled (from ${e.ip ?? 'an unknown IP'})`,
          evidence: [e.id],
        });
      },
      finish: () => out,
    };
  },
});
