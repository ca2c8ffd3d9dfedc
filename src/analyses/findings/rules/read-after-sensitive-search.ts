import type { EventId } from '../../../model/ids.js';
import { toEpochMs, type Instant } from '../../../model/time.js';
import { sessionKeyOf } from '../../types.js';
import { matchingTerms } from '../match-terms.js';
import { defineRule, type FindingDraft } from '../types.js';

const FOLLOW_KINDS = new Set(['mail.read', 'attachment.open', 'mail.forward', 'mail.reply']);

export default defineRule({
  id: 'read-after-sensitive-search',
  title: 'Messages read or forwarded right after a payment/credential search',
  level: 'medium',
  status: 'experimental',
  description:
    'In the same session, within the configured time after a search for a sensitive term, messages were read, their attachments opened, or they were forwarded or answered. The activity log does not say which messages a search returned, so this follows time and session, and the finding lists the messages for review.',
  evaluate(ctx) {
    const windowMs = ctx.options.afterSearchMinutes * 60_000;
    const last = new Map<string, { term: string; t: number; time: Instant; id: EventId }>();
    const open = new Map<
      string,
      {
        mailbox: string;
        session: string | null;
        term: string;
        time: Instant;
        searchId: EventId;
        ids: EventId[];
        forwards: number;
      }
    >();
    const out: FindingDraft[] = [];
    const close = (key: string) => {
      const g = open.get(key);
      if (!g) return;
      open.delete(key);
      if (g.ids.length === 0) return;
      out.push({
        mailbox: g.mailbox,
        sessionId: g.session,
        time: g.time,
        summary: `${g.ids.length} message action${g.ids.length === 1 ? '' : 's'} (${g.forwards} forward/reply) within ${ctx.options.afterSearchMinutes} min after a search for "${g.term}"`,
        evidence: [g.searchId, ...g.ids],
      });
    };
    return {
      add(e) {
        const session = sessionKeyOf(e);
        if (session === null) return;
        const key = `${e.mailbox}\u0000${session}`;
        if (e.kind === 'search.query' && e.text) {
          const terms = matchingTerms(e.text, ctx.options.sensitiveTerms);
          if (terms.length === 0) return;
          close(key);
          last.set(key, { term: terms[0]!, t: toEpochMs(e.time), time: e.time, id: e.id });
          open.set(key, {
            mailbox: e.mailbox,
            session,
            term: terms[0]!,
            time: e.time,
            searchId: e.id,
            ids: [],
            forwards: 0,
          });
          return;
        }
        if (!FOLLOW_KINDS.has(e.kind)) return;
        const s = last.get(key);
        const g = open.get(key);
        if (!s || !g) return;
        const t = toEpochMs(e.time);
        if (t < s.t || t - s.t > windowMs) return;
        g.ids.push(e.id);
        if (e.kind === 'mail.forward' || e.kind === 'mail.reply') g.forwards++;
      },
      finish() {
        for (const key of [...open.keys()]) close(key);
        return out;
      },
    };
  },
});
