/**
 * Message resolution: what was the message an event is about? Activities records name a message
 * only by its store item id (which changes when the message moves folder) and, sometimes, its
 * InternetMessageId; only `MessageDelivered` carries the subject. The index keeps compact
 * per-message metadata from deliveries and the links other records reveal, then resolves an
 * item reference in this order:
 *
 * 1. the delivery with the same item id (`item-id`);
 * 2. the delivery with the item's InternetMessageId (`internet-message-id`), where the record
 *    itself names one;
 * 3. an InternetMessageId another record gave for the same item id (MarkAsRead, ReplyAll and
 *    MessageSent carry both), then its delivery (`item-id-alias`);
 * 4. the same three steps for the item id the message had before a move (`move-chain`): a store
 *    `Move` to Deleted Items logged together with a `Delete` of one item (same session, same
 *    TimeStamp) reveals old id → new id. A plain `Move` records only the new id, so its history
 *    is not derivable and the resolution says so in `note`;
 * 5. whatever the referring records themselves say (sender, received, folder: `event-properties`,
 *    status `partial`), as Magic Unicorn did with MarkAsRead and ReplyAll;
 * 6. otherwise `unknown`, stated explicitly.
 *
 * Memory: one small record per delivered message (strings that repeat, such as senders and
 * folders, are interned), one per item id seen with an InternetMessageId, one per move.
 *
 * @module
 */
import type { ItemRef } from '../../model/event.js';
import type { EventId } from '../../model/ids.js';
import { toEpochMs, type Instant } from '../../model/time.js';
import { propText, sessionKeyOf, type AnalysisEvent } from '../types.js';
import { Delivered, Hint, MoveNote, readReceived, type PairGroup } from './message-records.js';

export type ResolutionBasis =
  'item-id' | 'internet-message-id' | 'item-id-alias' | 'move-chain' | 'event-properties' | 'none';

/** What is known of a message, and how it was found. */
export interface MessageResolution {
  readonly status: 'resolved' | 'partial' | 'unknown';
  readonly basis: ResolutionBasis;
  /** Item id of the delivery record (the message's first id), when resolved. */
  readonly deliveredItemId: string | null;
  readonly internetMessageId: string | null;
  readonly subject: string | null;
  readonly from: string | null;
  /** Received time as an instant, when the recorded text could be read. */
  readonly received: Instant | null;
  /** Received time exactly as recorded (`6/11/2018 3:02:11 PM`). */
  readonly receivedText: string | null;
  /** Folder the message was delivered to. */
  readonly deliveredFolder: string | null;
  /** The delivery event, when resolved (plus nothing else: the referring event cites itself). */
  readonly evidence: readonly EventId[];
  /** Why a message could not be (fully) resolved, for the report. */
  readonly note: string | null;
}

export interface MessageIndex {
  /** Resolves an item; `parseReceived: false` skips reading the received text into an instant. */
  resolve(item: ItemRef | null, opts?: { readonly parseReceived?: boolean }): MessageResolution;
  /** The item id followed by the ids it had before known moves (newest first). */
  itemIdHistory(itemId: string): string[];
  /** Number of delivered messages indexed. */
  readonly deliveries: number;
}

export interface MessageIndexBuilder {
  add(e: AnalysisEvent): void;
  index(): MessageIndex;
}

/** Upper bound on move-chain steps followed (a cycle guard). */
const MAX_CHAIN = 16;

export function createMessageIndex(): MessageIndexBuilder {
  const interned = new Map<string, string>();
  const intern = (s: string | undefined): string | null => {
    if (s === undefined) return null;
    if (s.length > 64) return s;
    const hit = interned.get(s);
    if (hit !== undefined) return hit;
    interned.set(s, s);
    return s;
  };
  const byItem = new Map<string, Delivered>();
  const byImid = new Map<string, Delivered>();
  const hints = new Map<string, Hint>();
  const previousId = new Map<string, string>();
  const moves = new Map<string, MoveNote>();
  const pending = new Map<string, PairGroup>();
  let pendingTime = '';

  const flush = () => {
    for (const g of pending.values()) {
      if (g.moves.length === 1 && g.deletes.length === 1 && g.moves[0] !== g.deletes[0])
        previousId.set(g.moves[0]!, g.deletes[0]!);
    }
    pending.clear();
  };

  return {
    add(e) {
      const item = e.item;
      if (!item) return;
      const itemId = item.itemId;
      if (e.kind === 'mail.delivery') {
        const d = new Delivered(
          itemId ?? null,
          item.internetMessageId ?? null,
          item.subject ?? null,
          intern(item.sender),
          propText(e, 'ReceivedTime') ?? item.received ?? null,
          intern(item.folder),
          e.id,
        );
        if (itemId) byItem.set(itemId, d);
        if (d.imid) byImid.set(d.imid, d);
        return;
      }
      if (!itemId) return;
      if (e.kind === 'mail.move' || e.kind === 'mail.delete') {
        if (e.kind === 'mail.move') {
          moves.set(itemId, new MoveNote(e.time, intern(item.folder), intern(item.targetFolder)));
        }
        if (pendingTime !== e.time) {
          flush();
          pendingTime = e.time;
        }
        const groupKey = sessionKeyOf(e) ?? '';
        let g = pending.get(groupKey);
        if (!g) pending.set(groupKey, (g = { moves: [], deletes: [] }));
        if (e.kind === 'mail.move') {
          if (propText(e, 'MoveType') === 'Delete' || item.targetFolder === 'DeletedItems')
            g.moves.push(itemId);
        } else if (propText(e, 'DeleteType') === 'MoveToDeletedItems') g.deletes.push(itemId);
      }
      if (!byItem.has(itemId) && !hints.has(itemId)) {
        const imid = item.internetMessageId ?? null;
        const sender = item.sender;
        const receivedText = propText(e, 'ReceivedTime') ?? item.received;
        if (imid || sender || receivedText) {
          hints.set(
            itemId,
            new Hint(imid, intern(sender), receivedText ?? null, intern(item.folder), item.subject ?? null),
          );
        }
      }
    },
    index() {
      flush();
      let parse = true;
      const fromDelivery = (d: Delivered, basis: ResolutionBasis): MessageResolution => ({
        status: 'resolved',
        basis,
        deliveredItemId: d.itemId,
        internetMessageId: d.imid,
        subject: d.subject,
        from: d.sender,
        received: parse ? d.received() : null,
        receivedText: d.receivedText,
        deliveredFolder: d.folder,
        evidence: [d.eventId],
        note: null,
      });
      return {
        deliveries: byItem.size,
        itemIdHistory(itemId) {
          const chain: string[] = [];
          for (
            let id: string | undefined = itemId;
            id !== undefined && chain.length < MAX_CHAIN;
            id = previousId.get(id)
          ) {
            if (chain.includes(id)) break;
            chain.push(id);
          }
          return chain;
        },
        resolve(item, opts) {
          parse = opts?.parseReceived ?? true;
          if (!item) return UNKNOWN_NO_ITEM;
          const chain: string[] = [];
          for (let id = item.itemId; id !== undefined && chain.length < MAX_CHAIN; id = previousId.get(id)) {
            if (chain.includes(id)) break;
            chain.push(id);
          }
          for (let i = 0; i < chain.length; i++) {
            const id = chain[i]!;
            const d = byItem.get(id);
            if (d) return fromDelivery(d, i === 0 ? 'item-id' : 'move-chain');
            if (i === 0 && item.internetMessageId) {
              const viaImid = byImid.get(item.internetMessageId);
              if (viaImid) return fromDelivery(viaImid, 'internet-message-id');
            }
            const h = hints.get(id);
            if (h?.imid) {
              const viaAlias = byImid.get(h.imid);
              if (viaAlias) return fromDelivery(viaAlias, i === 0 ? 'item-id-alias' : 'move-chain');
            }
          }
          if (chain.length === 0 && item.internetMessageId) {
            const viaImid = byImid.get(item.internetMessageId);
            if (viaImid) return fromDelivery(viaImid, 'internet-message-id');
          }
          const moved = chain.map((id) => moves.get(id)).find((m) => m !== undefined);
          const note = moved
            ? `no delivery record found; the item was moved${moved.from ? ` from ${moved.from}` : ''}` +
              `${moved.to ? ` to ${moved.to}` : ''} at ${moved.time} and a plain Move does not record the item's previous id`
            : 'no delivery record found for this item id or InternetMessageId (delivered before the retrieved period?)';
          const h = chain.map((id) => hints.get(id)).find((x) => x !== undefined);
          const imid = item.internetMessageId ?? h?.imid ?? null;
          const from = item.sender ?? h?.sender ?? null;
          const receivedText = item.received ?? h?.receivedText ?? null;
          const subject = item.subject ?? h?.subject ?? null;
          if (imid || from || receivedText || subject) {
            return {
              status: 'partial',
              basis: 'event-properties',
              deliveredItemId: null,
              internetMessageId: imid,
              subject,
              from,
              received: parse ? readReceived(receivedText) : null,
              receivedText,
              deliveredFolder: null,
              evidence: [],
              note,
            };
          }
          return { ...UNKNOWN_NO_ITEM, note };
        },
      };
    },
  };
}

export { readReceived } from './message-records.js';

/** Milliseconds of an instant (re-exported for analyses that compare times). */
export const ms = (t: Instant): number => toEpochMs(t);

// --- Internal helpers ---

const UNKNOWN_NO_ITEM: MessageResolution = {
  status: 'unknown',
  basis: 'none',
  deliveredItemId: null,
  internetMessageId: null,
  subject: null,
  from: null,
  received: null,
  receivedText: null,
  deliveredFolder: null,
  evidence: [],
  note: 'the record names no message',
};
