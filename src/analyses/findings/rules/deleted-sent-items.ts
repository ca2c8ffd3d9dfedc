import type { EventId } from '../../../model/ids.js';
import { toEpochMs, type Instant } from '../../../model/time.js';
import { sessionKeyOf, type AnalysisEvent } from '../../types.js';
import { defineRule, type FindingDraft, type RuleContext } from '../types.js';

export default defineRule({
  id: 'deleted-sent-items',
  title: 'A session deleted what it had sent',
  level: 'high',
  status: 'stable',
  description:
    'A message sent by a session (a forward, reply or new message, logged as MessageSent) was then deleted — moved to Deleted Items or deleted — by the same session or by server-side clean-up attributed to it. Intruders delete their sent fraud mail so the owner does not notice it.',
  evaluate(ctx) {
    const sendWindow = ctx.options.sendAfterActionMinutes * 60_000;
    /** Last forward/reply per effective session, to cite with the send. */
    const lastAction = new Map<string, { t: number; id: EventId }>();
    /** Sent copies by item id and InternetMessageId. */
    const sent = new Map<
      string,
      { owner: string; mailbox: string; time: Instant; ids: EventId[]; label: string }
    >();
    const found = new Map<object, { deleter: string; ids: EventId[] }>();
    return {
      add(e) {
        const owner = effectiveSession(e, ctx);
        if (owner === null) return;
        if (e.kind === 'mail.forward' || e.kind === 'mail.reply') {
          lastAction.set(`${e.mailbox}\u0000${owner}`, { t: toEpochMs(e.time), id: e.id });
          return;
        }
        if (e.kind === 'mail.send') {
          const ids: EventId[] = [];
          const a = lastAction.get(`${e.mailbox}\u0000${owner}`);
          if (a && toEpochMs(e.time) - a.t <= sendWindow && toEpochMs(e.time) >= a.t) ids.push(a.id);
          ids.push(e.id);
          const label = e.item?.internetMessageId ?? e.item?.itemId ?? 'a message';
          const rec = { owner, mailbox: e.mailbox, time: e.time, ids, label };
          if (e.item?.itemId) sent.set(`${e.mailbox}\u0000i:${e.item.itemId}`, rec);
          if (e.item?.internetMessageId) sent.set(`${e.mailbox}\u0000m:${e.item.internetMessageId}`, rec);
          return;
        }
        if (e.kind !== 'mail.delete' && !(e.kind === 'mail.move' && isToDeleted(e))) return;
        const ids = e.item?.itemId ? ctx.messages.itemIdHistory(e.item.itemId) : [];
        const rec =
          ids.map((id) => sent.get(`${e.mailbox}\u0000i:${id}`)).find((r) => r !== undefined) ||
          (e.item?.internetMessageId && sent.get(`${e.mailbox}\u0000m:${e.item.internetMessageId}`)) ||
          undefined;
        if (!rec || rec.owner !== owner) return;
        const f = found.get(rec);
        if (f) f.ids.push(e.id);
        else found.set(rec, { deleter: sessionKeyOf(e) ?? owner, ids: [e.id] });
        // A Move to Deleted Items gives the sent copy a new id: follow it.
        if (e.kind === 'mail.move' && e.item?.itemId) sent.set(`${e.mailbox}\u0000i:${e.item.itemId}`, rec);
      },
      finish() {
        const out: FindingDraft[] = [];
        for (const [recObj, f] of found) {
          const rec = recObj as {
            owner: string;
            mailbox: string;
            time: Instant;
            ids: EventId[];
            label: string;
          };
          out.push({
            mailbox: rec.mailbox,
            sessionId: rec.owner,
            relatedSessions: f.deleter !== rec.owner ? [f.deleter] : [],
            time: rec.time,
            summary: `Sent ${rec.label} at ${rec.time}, then deleted it (${f.ids.length} delete/move record${f.ids.length === 1 ? '' : 's'})`,
            evidence: [...rec.ids, ...f.ids],
          });
        }
        return out;
      },
    };
  },
});

/** The session an event belongs to for this rule: its own, or the one its IP was inferred from. */
function effectiveSession(e: AnalysisEvent, ctx: RuleContext): string | null {
  const a = ctx.sessions.attributionOf(e);
  return a.fromSession ?? sessionKeyOf(e);
}

function isToDeleted(e: AnalysisEvent): boolean {
  const t = e.item?.targetFolder;
  return e.properties.MoveType === 'Delete' || t === 'DeletedItems' || t === 'RecoverableItemsDeletions';
}
