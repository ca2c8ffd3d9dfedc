import { sessionKeyOf } from '../../types.js';
import type { EventId } from '../../../model/ids.js';
import type { Instant } from '../../../model/time.js';
import { matchingTerms } from '../match-terms.js';
import { defineRule, type FindingDraft } from '../types.js';

export default defineRule({
  id: 'sensitive-search',
  title: 'Search for payment or credential terms',
  level: 'medium',
  status: 'stable',
  description:
    'Someone searched the mailbox (typed or submitted) for a payment or credential term from the configured list: invoice, payment, wire, bank, W-9, password and so on. Intruders planning invoice fraud search for exactly these; the mailbox owner may too, so the level is medium.',
  evaluate(ctx) {
    const groups = new Map<
      string,
      { mailbox: string; session: string | null; term: string; time: Instant; ids: EventId[] }
    >();
    return {
      add(e) {
        if ((e.kind !== 'search.query' && e.kind !== 'search.keystroke') || !e.text) return;
        for (const term of matchingTerms(e.text, ctx.options.sensitiveTerms)) {
          const session = sessionKeyOf(e);
          const key = `${e.mailbox}\u0000${session ?? e.id}\u0000${term}`;
          const g = groups.get(key);
          if (g) g.ids.push(e.id);
          else groups.set(key, { mailbox: e.mailbox, session, term, time: e.time, ids: [e.id] });
        }
      },
      finish: () =>
        [...groups.values()].map((g): FindingDraft => ({
          mailbox: g.mailbox,
          sessionId: g.session,
          time: g.time,
          summary: `Search for "${g.term}" (${g.ids.length} keystroke/query record${g.ids.length === 1 ? '' : 's'})`,
          evidence: g.ids,
        })),
    };
  },
});
