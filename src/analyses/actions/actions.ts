/**
 * Attachments opened, links clicked, and mailbox actions — forward, reply, reply all, send,
 * move, delete, mark unread, draft, rule and mailbox changes — each with its message resolved
 * and its session attributed, like reads.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { EventKind } from '../../model/kinds.js';
import type { Instant } from '../../model/time.js';
import type { MessageIndex } from '../messages/message-index.js';
import type { MessageColumns, SessionColumns } from '../reads/reads.js';
import type { SessionIndex } from '../sessions/sessions.js';
import type { AnalysisEvent } from '../types.js';

export interface AttachmentRow extends MessageColumns, SessionColumns {
  readonly time: Instant;
  readonly activity: string;
  /** `AttachmentAction` as recorded (`Download`, `Preview`, `Open`, ...). */
  readonly action: string | null;
  readonly evidence: readonly EventId[];
}

export interface ActionRow extends MessageColumns, SessionColumns {
  readonly time: Instant;
  readonly kind: EventKind;
  readonly activity: string;
  /** What the record says about the action (folders, delete type, rule text), verbatim. */
  readonly details: Readonly<Record<string, string>>;
  readonly evidence: readonly EventId[];
}

/** Event kinds reported as mailbox actions. */
export const ACTION_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
  'mail.forward',
  'mail.reply',
  'mail.send',
  'mail.move',
  'mail.copy',
  'mail.delete',
  'mail.mark_unread',
  'mail.draft',
  'link.click',
  'rule.change',
  'mailbox.config',
  'mailbox.permission',
  'app.consent',
]);

/** Properties copied into `details` when present (everything else stays in the event). */
const DETAIL_KEYS = [
  'SourceFolder',
  'TargetFolder',
  'DestinationFolder',
  'MoveType',
  'DeleteType',
  'SourceDefaultFolderType',
  'SelectedFolderName',
  'DeletedByMultiSelect',
  'ItemSchemaType',
] as const;

export interface ActionCollector {
  add(e: AnalysisEvent): void;
  result(): { attachments: AttachmentRow[]; actions: ActionRow[] };
}

export function createActionCollector(messages: MessageIndex, sessions: SessionIndex): ActionCollector {
  const attachments: AttachmentRow[] = [];
  const actions: ActionRow[] = [];
  return {
    add(e) {
      const attachment = e.kind === 'attachment.open';
      if (!attachment && !ACTION_KINDS.has(e.kind)) return;
      const m = messages.resolve(e.item);
      const a = sessions.attributionOf(e);
      const sessionId = sessions.keyOf(e);
      const evidence = m.evidence.length === 0 ? [e.id] : [e.id, ...m.evidence];
      // Literals in the documented column order (rows are many: a fixed shape keeps them small).
      if (attachment) {
        const action = e.properties.AttachmentAction;
        attachments.push({
          time: e.time,
          activity: e.operation,
          mailbox: e.mailbox,
          sessionId,
          ip: a.ip,
          app: e.app,
          attribution: a.basis,
          itemId: e.item?.itemId ?? null,
          internetMessageId: m.internetMessageId ?? e.item?.internetMessageId ?? null,
          subject: m.subject,
          from: m.from,
          received: m.received,
          folder: e.item?.folder ?? m.deliveredFolder,
          resolution: m.basis,
          resolutionNote: m.note,
          action: typeof action === 'string' ? action : action == null ? null : JSON.stringify(action),
          evidence,
        });
        return;
      }
      const details: Record<string, string> = {};
      for (const k of DETAIL_KEYS) {
        const v = e.properties[k];
        if (v !== undefined && v !== null && v !== '')
          details[k] = typeof v === 'string' ? v : JSON.stringify(v);
      }
      if (e.text !== null) details.text = e.text;
      actions.push({
        time: e.time,
        kind: e.kind,
        activity: e.operation,
        mailbox: e.mailbox,
        sessionId,
        ip: a.ip,
        app: e.app,
        attribution: a.basis,
        itemId: e.item?.itemId ?? null,
        internetMessageId: m.internetMessageId ?? e.item?.internetMessageId ?? null,
        subject: m.subject,
        from: m.from,
        received: m.received,
        folder: e.item?.folder ?? m.deliveredFolder,
        resolution: m.basis,
        resolutionNote: m.note,
        details,
        evidence,
      });
    },
    result: () => ({ attachments, actions }),
  };
}
